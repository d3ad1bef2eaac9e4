//! Detection quality on the fixture corpus: every bundled site with an `_expected.toml` is
//! served, scanned and compared. The targets are the product's promise to provincial staff.

use oitscan::checklist::Checklist;
use oitscan::units::Family;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn precision_and_recall_on_the_fixture_corpus() {
    let corpus = oitscan::eval::corpus(oitscan::demo::bundled_sites().unwrap()).unwrap();
    assert!(corpus.len() >= 3, "the corpus has expected verdicts");
    let nacc_sites = corpus.iter().filter(|(_, e)| e.family == "nacc").count();
    let checklist = Checklist::builtin(Family::Nacc, 2568).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let report = oitscan::eval::evaluate(corpus, &checklist, dir.path(), None)
        .await
        .unwrap();
    println!("{}", report.render());
    let o = report.overall;
    assert_eq!(
        o.tp + o.fp + o.fn_ + o.tn,
        26 * nacc_sites,
        "every item of every NACC site is judged"
    );
    assert!(o.precision() >= 0.95, "precision {:.3}", o.precision());
    assert!(o.recall() >= 0.95, "recall {:.3}", o.recall());
    assert_eq!(
        report.wrong_year_accepted, 0,
        "no wrong-year evidence accepted"
    );
    assert_eq!(report.family_errors, 0, "every site's family is recognised");
}

/// A crawl cut short by its page budget has not opened every page a link points at: those
/// links confirm nothing, so a short crawl may miss items but never calls one found wrongly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_crawl_never_finds_wrongly() {
    let corpus = oitscan::eval::corpus(oitscan::demo::bundled_sites().unwrap()).unwrap();
    let checklist = Checklist::builtin(Family::Nacc, 2568).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let report = oitscan::eval::evaluate(corpus, &checklist, dir.path(), Some(30))
        .await
        .unwrap();
    let o = report.overall;
    assert!(o.tp > 0, "a 30-page crawl still finds items");
    assert_eq!(o.fp, 0, "found wrongly:\n{}", report.render());
    assert_eq!(report.wrong_year_accepted, 0);
}
