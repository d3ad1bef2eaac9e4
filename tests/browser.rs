//! The reports as a person sees them: headless Chromium (Debian's `chromium`, installed by
//! `.ci/run`) opens `index.html` and a unit report from `file://`, the rendered DOM must hold
//! the Thai text, the matrix and the links, the console must show no script error, and a PNG
//! screenshot of each is kept under `target/screenshots/` for people to look at.
//!
//! Without a browser the test says so and passes on a developer machine, but fails in CI
//! (`CI` set), where `.ci/run` must have installed one. `OITSCAN_CHROMIUM` names another binary.

use oitscan::checklist::Checklist;
use oitscan::report::Lang;
use oitscan::scan::{self, ScanOptions};
use oitscan::units::{Family, Registry};
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("OITSCAN_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
    .find(|p| p.is_file())
}

/// Runs headless Chromium on a file with extra flags; returns stdout and stderr.
fn run_browser(bin: &Path, profile: &Path, url: &str, extra: &[String]) -> (String, String) {
    let out = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("chromium runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Console errors Chromium logged for the page.
fn script_errors(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE") && (l.contains("Uncaught") || l.contains("Error")))
        .collect()
}

/// Loads the page, checks its rendered DOM, and keeps a screenshot.
fn look_at(bin: &Path, file: &Path, shot: &Path, size: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", file.display());
    let (dom, stderr) = run_browser(bin, profile.path(), &url, &["--dump-dom".to_string()]);
    let errors = script_errors(&stderr);
    assert!(
        errors.is_empty(),
        "{}: script errors: {errors:#?}",
        file.display()
    );
    let (_, _) = run_browser(
        bin,
        profile.path(),
        &url,
        &[
            format!("--screenshot={}", shot.display()),
            format!("--window-size={size}"),
        ],
    );
    let png = std::fs::read(shot).expect("a screenshot was written");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "{}",
        shot.display()
    );
    println!("screenshot: {}", shot.display());
    dom
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_render_in_a_real_browser() {
    let Some(bin) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (see .ci/run)"
        );
        eprintln!("no chromium on this machine: the browser check is skipped");
        return;
    };
    let mut served = Vec::new();
    for site in oitscan::demo::bundled_sites().unwrap() {
        if ["wp-tessaban", "legacy-tis620", "moit-hospital"].contains(&site.slug.as_str()) {
            served.push(oitscan::demo::serve(site).await.unwrap());
        }
    }
    let registry = Registry {
        units: served
            .iter()
            .enumerate()
            .map(|(i, s)| s.unit(i + 2).unwrap())
            .collect(),
        ..Registry::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let checklist = Checklist::builtin(Family::Nacc, 2568).unwrap();
    let mut opts = ScanOptions::new(
        oitscan::crawl::CrawlOptions::local_fixtures(),
        dir.path().to_path_buf(),
    );
    opts.lang = Lang::Th;
    scan::run(&registry, &checklist, &opts).await.unwrap();

    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let index = tokio::task::spawn_blocking({
        let (bin, file, shot) = (
            bin.clone(),
            dir.path().join("index.html"),
            shots.join("index.png"),
        );
        move || look_at(&bin, &file, &shot, "1280,1800")
    })
    .await
    .unwrap();
    assert!(index.contains("สรุปผลการตรวจ OIT ระดับจังหวัด"), "Thai title");
    assert!(index.contains("id=\"matrix\""), "the units × items matrix");
    assert!(
        index.matches("class=\"c v-").count() >= 3 * 26,
        "one matrix cell per unit and item"
    );
    for id in ["wp-tessaban", "legacy-tis620", "moit-hospital"] {
        assert!(
            index.contains(&format!("href=\"units/{id}.html\"")),
            "{id} is linked"
        );
    }
    assert!(index.contains("<svg"), "the chart");
    assert!(
        !index.contains("style=\"display: none"),
        "the filters start with every unit shown"
    );

    let unit = tokio::task::spawn_blocking({
        let (bin, file, shot) = (
            bin.clone(),
            dir.path().join("units/legacy-tis620.html"),
            shots.join("unit-legacy-tis620.png"),
        );
        move || look_at(&bin, &file, &shot, "1100,2400")
    })
    .await
    .unwrap();
    assert!(
        unit.contains("องค์การบริหารส่วนตำบลหนองตะเคียนงาม"),
        "the unit's Thai name"
    );
    assert!(unit.contains("id=\"item-O26\""), "every item has a row");
    assert!(unit.contains("คะแนน OIT โดยประมาณ"), "the score");
    assert!(unit.contains("href=\"http://127.0.0.1"), "evidence links");

    // It prints on A4: Chromium's own print path, as a person pressing Ctrl-P would.
    let pdf = shots.join("unit-legacy-tis620.pdf");
    let profile = tempfile::tempdir().unwrap();
    run_browser(
        &bin,
        profile.path(),
        &format!(
            "file://{}",
            dir.path().join("units/legacy-tis620.html").display()
        ),
        &[
            "--no-pdf-header-footer".to_string(),
            format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let bytes = std::fs::read(&pdf).expect("a PDF was printed");
    assert!(bytes.starts_with(b"%PDF"));
    let text = String::from_utf8_lossy(&bytes);
    let pages = text.matches("/MediaBox [0 0 594.9").count();
    assert!(
        (2..=20).contains(&pages),
        "A4 pages (595 × 842 pt): {pages}"
    );
    assert_eq!(pages, text.matches("/MediaBox").count(), "every page is A4");
    println!("printed: {} ({pages} A4 pages)", pdf.display());
}
