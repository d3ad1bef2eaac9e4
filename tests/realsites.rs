//! Detection on real markup: the development corpus of real unit websites beside the
//! repository (`../shared/realsites`, labelled by an assessor who never saw the detector) is
//! scored with its own `score.py`, through the release-shaped binary, for FY2568 and FY2569.
//! The pages are third-party material and stay out of the repository; when the corpus is not
//! there, the test says so and passes.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The corpus folder: `$OITSCAN_REALSITES`, else `../shared/realsites` beside the checkout.
fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("OITSCAN_REALSITES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/realsites"));
    dir.join("score.py").is_file().then_some(dir)
}

/// What the scorer printed, as numbers.
struct Figures {
    precision: f64,
    recall: f64,
    families: (usize, usize),
    needs_human: (usize, usize),
}

fn score(dir: &Path, year: i32) -> (Figures, String) {
    let out = Command::new("python3")
        .arg(dir.join("score.py"))
        .arg(env!("CARGO_BIN_EXE_oitscan"))
        .args(["--year", &year.to_string(), "-v"])
        .output()
        .expect("python3 runs the corpus scorer (install CPython 3)");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let line = |prefix: &str| -> &str {
        text.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("the scorer printed no \"{prefix}\" line:\n{text}"))
    };
    let number_after = |l: &str, word: &str| -> f64 {
        l.split(word)
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no number after \"{word}\" in {l:?}"))
    };
    let fraction = |l: &str, word: &str| -> (usize, usize) {
        let r = l.split(word).nth(1).unwrap_or("").split_whitespace().next();
        let (a, b) = r.and_then(|r| r.split_once('/')).unwrap_or(("0", "0"));
        (a.parse().unwrap_or(0), b.parse().unwrap_or(0))
    };
    let fy = line(&format!("FY{year}:"));
    let figures = Figures {
        precision: number_after(fy, "precision"),
        recall: number_after(fy, "recall"),
        families: fraction(line("families recognised"), "recognised"),
        needs_human: fraction(line("needs-human"), "needs-human"),
    };
    (figures, text)
}

#[test]
fn real_markup_corpus_holds_precision_and_recall() {
    let Some(dir) = corpus() else {
        println!(
            "skipped: no real-markup corpus at ../shared/realsites (set OITSCAN_REALSITES to score one)"
        );
        return;
    };
    for year in [2568, 2569] {
        let (f, text) = score(&dir, year);
        println!("{text}");
        assert!(
            f.precision >= 0.95,
            "FY{year}: precision {:.3} under 0.95\n{text}",
            f.precision
        );
        assert!(
            f.recall >= 0.85,
            "FY{year}: recall {:.3} under 0.85\n{text}",
            f.recall
        );
        assert_eq!(
            f.families.0, f.families.1,
            "FY{year}: every other-family site is recognised\n{text}"
        );
        assert!(
            f.needs_human.0 * 100 < f.needs_human.1.max(1) * 15,
            "FY{year}: needs-human on {} of {} NACC items (15 % at most)\n{text}",
            f.needs_human.0,
            f.needs_human.1
        );
    }
}
