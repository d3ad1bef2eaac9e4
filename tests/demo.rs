//! End to end on the bundled fixture sites: real HTTP servers on 127.0.0.1, the real crawler,
//! detection and reports, as the demo runs them.

use assert_cmd::Command;
use oitscan::checklist::Checklist;
use oitscan::crawl::{CrawlOptions, Outcome, PrivateAccess};
use oitscan::detect::Verdict;
use oitscan::results::{RunResults, UnitResult};
use oitscan::scan::{self, ScanOptions};
use oitscan::units::{Family, Registry};

fn options(out: &std::path::Path, allow_private: bool) -> ScanOptions {
    let mut crawl = CrawlOptions::local_fixtures();
    if !allow_private {
        crawl.access = PrivateAccess::Deny;
    }
    ScanOptions::new(crawl, out.to_path_buf())
}

fn unit<'a>(run: &'a RunResults, id: &str) -> &'a UnitResult {
    run.units
        .iter()
        .find(|u| u.unit.id == id)
        .unwrap_or_else(|| panic!("no unit {id}"))
}

fn count(u: &UnitResult, v: Verdict) -> usize {
    u.verdicts.items.iter().filter(|i| i.verdict == v).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bundled_sites_scan_end_to_end() {
    let (_servers, mut registry) = oitscan::demo::serve_bundled().await.unwrap();
    assert!(registry.units.len() >= 3, "at least three bundled sites");
    // Registered as NACC by mistake: the MOIT list on its site must give it away.
    registry
        .units
        .iter_mut()
        .find(|u| u.id == "moit-hospital")
        .unwrap()
        .family = Family::Nacc;
    let dir = tempfile::tempdir().unwrap();
    let checklist = Checklist::builtin(Family::Nacc, 2568).unwrap();
    let run = scan::run(&registry, &checklist, &options(dir.path(), true))
        .await
        .unwrap();
    let run = oitscan::report::into_whole(run);
    assert_eq!(run.units.len(), registry.units.len());
    for u in &run.units {
        assert_eq!(
            u.outcome,
            Outcome::Complete,
            "{}: {:?}",
            u.unit.id,
            u.crawl_errors
        );
        assert!(dir.path().join(format!("units/{}.md", u.unit.id)).is_file());
        assert!(
            dir.path()
                .join(format!("units/{}.snapshot.json.zst", u.unit.id))
                .is_file()
        );
    }

    let wp = unit(&run, "wp-tessaban");
    assert!(
        count(wp, Verdict::Found) >= 20,
        "wp-tessaban publishes the whole 2568 list: {:#?}",
        wp.verdicts.items
    );
    let o1 = wp.verdicts.items.iter().find(|i| i.code == "O1").unwrap();
    assert_eq!(o1.verdict, Verdict::Found);
    assert!(
        !o1.evidence[0].click_path.is_empty(),
        "evidence has a click path from the homepage"
    );
    assert!(wp.verdicts.score.as_ref().unwrap().percent > 80.0);

    // The legacy site is TIS-620 served with a UTF-8 header: its Thai must be read anyway.
    let legacy = unit(&run, "legacy-tis620");
    let snap = serde_json::to_value(
        oitscan::crawl::read_snapshot(&dir.path().join("units/legacy-tis620.snapshot.json.zst"))
            .unwrap(),
    )
    .unwrap();
    let pages = snap["pages"].as_array().unwrap();
    assert!(
        pages.iter().all(|p| p["encoding"] == "windows-874"),
        "every legacy page decoded as windows-874"
    );
    assert!(pages.iter().any(|p| {
        p["charset_note"]
            .as_str()
            .is_some_and(|n| n.contains("windows-874"))
    }));
    assert!(
        pages[0]["model"]["title"]
            .as_str()
            .unwrap()
            .contains("องค์การบริหารส่วนตำบล")
    );
    let found = count(legacy, Verdict::Found);
    assert!(
        (6..=18).contains(&found),
        "the legacy site publishes about half the items, found {found}"
    );
    assert!(count(legacy, Verdict::Missing) >= 5);
    assert!(
        !legacy.verdicts.score.as_ref().unwrap().passes,
        "half the items cannot pass"
    );

    // The hospital publishes the MOPH MOIT list: recognised, not scored as 26 gaps.
    let hospital = unit(&run, "moit-hospital");
    assert_eq!(hospital.verdicts.family, Family::MophMoit);
    assert!(
        hospital
            .verdicts
            .family_note
            .as_deref()
            .unwrap()
            .contains("MOIT")
    );
    assert!(hospital.verdicts.score.is_none());
    assert_eq!(count(hospital, Verdict::NotChecked), 26);

    let results: RunResults =
        serde_json::from_slice(&std::fs::read(dir.path().join("results.json")).unwrap()).unwrap();
    assert_eq!(results.units.len(), run.units.len());
    // The run keeps summaries in memory; results.json streams every unit back whole from
    // its file: evidence, reasons and all.
    assert_eq!(
        serde_json::to_value(&results.units).unwrap(),
        serde_json::to_value(&run.units).unwrap()
    );
    assert!(
        results.units[0]
            .verdicts
            .items
            .iter()
            .any(|i| !i.evidence.is_empty() && !i.reason.is_empty())
    );
    let summary = std::fs::read_to_string(dir.path().join("summary.md")).unwrap();
    assert!(summary.contains("สรุปผลการตรวจ OIT ปีงบประมาณ 2568"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_scan_refuses_loopback_addresses() {
    let (_servers, registry) = oitscan::demo::serve_bundled().await.unwrap();
    let one = Registry {
        units: registry.units[..1].to_vec(),
        ..Registry::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let checklist = Checklist::builtin(Family::Nacc, 2568).unwrap();
    let run = scan::run(&one, &checklist, &options(dir.path(), false))
        .await
        .unwrap();
    let run = oitscan::report::into_whole(run);
    let u = &run.units[0];
    match &u.outcome {
        Outcome::Failed { reason } => {
            assert!(reason.contains("non-public address 127.0.0.1"), "{reason}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(u.requests, 0, "nothing was sent");
    assert!(
        u.verdicts
            .items
            .iter()
            .all(|i| i.verdict == Verdict::NotChecked)
    );
}

#[test]
fn the_demo_command_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    Command::cargo_bin("oitscan")
        .unwrap()
        .args(["demo", "--year", "2568", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("demo output written to"));
    assert!(out.join("summary.md").is_file());
    assert!(out.join("units.csv").is_file());
    let reg = oitscan::units::load(&out.join("units.csv")).unwrap();
    assert!(
        reg.errors.is_empty() && reg.units.len() >= 3,
        "the demo's registry is a valid registry: {:?}",
        reg.errors
    );
}
