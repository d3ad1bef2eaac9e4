//! The real binary against fixture sites served on 127.0.0.1: serve sites, write their
//! registry, run `oitscan scan` with fast local settings.

#![allow(dead_code)]

use oitscan::demo::{self, Served, Site};
use std::path::Path;

/// A bundled fixture site by folder name.
pub fn bundled(slug: &str) -> Site {
    demo::bundled_sites()
        .unwrap()
        .into_iter()
        .find(|s| s.slug == slug)
        .unwrap_or_else(|| panic!("no bundled site {slug}"))
}

/// Serves the sites (in this order) and writes their registry to `dir/units.csv`.
pub async fn serve(sites: Vec<Site>, dir: &Path) -> Vec<Served> {
    let mut served = Vec::new();
    for s in sites {
        served.push(demo::serve(s).await.unwrap());
    }
    let units: Vec<_> = served
        .iter()
        .enumerate()
        .map(|(i, s)| s.unit(i + 2).unwrap())
        .collect();
    oitscan::units::write_csv(&dir.join("units.csv"), &units).unwrap();
    served
}

/// What a scan run left: its exit code, its stderr, and the job summary it appended to
/// `dir/step-summary.md` (as in GitHub Actions).
pub struct Scan {
    /// Exit code.
    pub code: i32,
    /// Everything it wrote to stderr.
    pub stderr: String,
    /// `$GITHUB_STEP_SUMMARY` after the run.
    pub summary: String,
}

/// `oitscan scan` on the registry in `dir`, writing to `dir/out`, with its history in
/// `dir/history.sqlite`, fast local settings and the extra arguments.
pub async fn scan(dir: &Path, out: &str, extra: &[&str]) -> Scan {
    let (dir, out) = (dir.to_path_buf(), dir.join(out));
    let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let summary = dir.join("step-summary.md");
        let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("oitscan"))
            .arg("scan")
            .arg("--units")
            .arg(dir.join("units.csv"))
            .arg("--out")
            .arg(&out)
            .args(["--year", "2568", "--allow-private", "--rate", "200"])
            .args(["--rate-per-ip", "0", "--host-concurrency", "8"])
            .arg("--history")
            .arg(dir.join("history.sqlite"))
            .args(&extra)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap();
        Scan {
            code: o.status.code().unwrap_or(-1),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            summary: std::fs::read_to_string(summary).unwrap_or_default(),
        }
    })
    .await
    .unwrap()
}
