//! Weekly scans through the real binary against sites served on 127.0.0.1: the history and
//! its diffs after a site changes, conditional re-fetches, a run killed with SIGKILL and
//! resumed, and a registry split into shards and merged back.

mod local;

use assert_cmd::Command;
use local::{bundled, serve};
use oitscan::demo::{self, Served};
use oitscan::results::RunResults;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering::Relaxed;
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::cargo_bin("oitscan").unwrap()
}

/// `oitscan scan` with fast local settings; returns the exit code and stderr.
async fn scan(dir: &Path, out: &str, extra: &[&str]) -> (i32, String) {
    let r = local::scan(dir, out, extra).await;
    (r.code, r.stderr)
}

fn results(dir: &Path) -> RunResults {
    serde_json::from_slice(&std::fs::read(dir.join("results.json")).unwrap()).unwrap()
}

/// One unit's id, its (item code, verdict) pairs and its score.
type UnitVerdictRow = (String, Vec<(String, String)>, Option<String>);

/// Unit id → (item code → verdict), the part of a run two runs must agree on.
fn verdicts(run: &RunResults) -> Vec<UnitVerdictRow> {
    run.units
        .iter()
        .map(|u| {
            (
                u.unit.id.clone(),
                u.verdicts
                    .items
                    .iter()
                    .map(|v| (v.code.clone(), v.verdict.slug().to_string()))
                    .collect(),
                u.verdicts
                    .score
                    .as_ref()
                    .map(|s| format!("{:.2}", s.percent)),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_site_shows_in_the_diff_and_an_unchanged_one_costs_304s() {
    let dir = tempfile::tempdir().unwrap();
    let served = serve(
        vec![bundled("wp-tessaban"), bundled("legacy-tis620")],
        dir.path(),
    )
    .await;
    let (code, err) = scan(dir.path(), "week1", &["--fail-on", "none"]).await;
    assert_eq!(code, 0, "{err}");
    let first_bytes: u64 = served.iter().map(|s| s.stats.bytes.load(Relaxed)).sum();

    // During the week wp-tessaban moved its executives page and lost its ethics page.
    let mut site = bundled("wp-tessaban");
    let hub = String::from_utf8(site.files["ita/2568/index.html"].clone()).unwrap();
    assert!(hub.contains("href=\"/executives/\""));
    site.files.insert(
        "ita/2568/index.html".into(),
        hub.replace("href=\"/executives/\"", "href=\"/executives-2568/\"")
            .into_bytes(),
    );
    let exec = site.files["executives/index.html"].clone();
    site.files.insert("executives-2568/index.html".into(), exec);
    assert!(site.files.remove("ethics/index.html").is_some());
    served[0].replace(site);
    for s in &served {
        s.stats.bytes.store(0, Relaxed);
        s.stats.not_modified.store(0, Relaxed);
    }

    let (code, err) = scan(dir.path(), "week2", &["--fail-on", "regression"]).await;
    assert_eq!(code, 1, "O16 broke: a regression; {err}");
    assert!(err.contains("304 Not Modified"), "{err}");
    let second_bytes: u64 = served.iter().map(|s| s.stats.bytes.load(Relaxed)).sum();
    let not_modified: u64 = served
        .iter()
        .map(|s| s.stats.not_modified.load(Relaxed))
        .sum();
    assert!(
        not_modified > 20,
        "unchanged resources are revalidated, not downloaded ({not_modified})"
    );
    assert!(
        second_bytes * 4 < first_bytes,
        "the re-scan downloads far less: {second_bytes} vs {first_bytes} bytes"
    );
    let week2 = results(&dir.path().join("week2"));
    let legacy = week2
        .units
        .iter()
        .find(|u| u.unit.id == "legacy-tis620")
        .unwrap();
    assert!(legacy.revalidated > 0 && legacy.bytes_saved > 0);
    let week1 = results(&dir.path().join("week1"));
    let l1 = week1
        .units
        .iter()
        .find(|u| u.unit.id == "legacy-tis620")
        .unwrap();
    assert_eq!(
        verdicts(&RunResults {
            units: vec![l1.clone()],
            ..week1.clone()
        }),
        verdicts(&RunResults {
            units: vec![legacy.clone()],
            ..week2.clone()
        }),
        "reused records give the same verdicts"
    );
    println!(
        "re-scan savings: {not_modified} requests answered 304; {second_bytes} bytes sent vs {first_bytes} the first time"
    );

    // The reports say what changed since last week.
    let wp = week2
        .units
        .iter()
        .find(|u| u.unit.id == "wp-tessaban")
        .unwrap();
    let since = wp.since.as_ref().expect("compared with week 1");
    assert!(
        oitscan::report::since_short(since, oitscan::report::Lang::En).contains("O16"),
        "{since:?}"
    );
    let index = std::fs::read_to_string(dir.path().join("week2/index.html")).unwrap();
    assert!(index.contains("O16"), "since-last-scan column");

    // `oitscan diff` and `oitscan history` read the database.
    let db = dir.path().join("history.sqlite");
    let out = bin()
        .args(["diff", "--lang", "en", "--history"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    let diff = String::from_utf8(out.stdout).unwrap();
    println!("{diff}");
    assert!(diff.contains("wp-tessaban"), "{diff}");
    assert!(diff.contains("O16"), "the broken ethics page: {diff}");
    assert!(
        diff.contains("O2") && diff.contains("/executives-2568/"),
        "the executives page moved: {diff}"
    );
    assert!(
        !diff.contains("legacy-tis620"),
        "nothing changed there: {diff}"
    );
    let out = bin()
        .arg("history")
        .arg("--history")
        .arg(&db)
        .output()
        .unwrap();
    let list = String::from_utf8(out.stdout).unwrap();
    assert_eq!(list.lines().count(), 3, "a header and two runs: {list}");
    let out = bin()
        .args(["history", "--unit", "wp-tessaban", "--history"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_run_resumes_without_redoing_or_losing_units() {
    let dir = tempfile::tempdir().unwrap();
    let served = serve(
        vec![
            bundled("legacy-tis620"),
            bundled("moit-hospital"),
            bundled("wp-tessaban"),
            bundled("joomla-tambon"),
        ],
        dir.path(),
    )
    .await;
    let out = dir.path().join("run");
    // Slow and one unit at a time, so the kill lands mid-run.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("oitscan"))
        .arg("scan")
        .arg("--units")
        .arg(dir.path().join("units.csv"))
        .arg("--out")
        .arg(&out)
        .args(["--year", "2568", "--allow-private", "--rate", "8"])
        .args(["--rate-per-ip", "0", "--concurrency", "1", "--quiet"])
        .arg("--history")
        .arg(dir.path().join("history.sqlite"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let unit_files = |out: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(out.join("units"))
            .map(|d| {
                d.flatten()
                    .map(|e| e.path())
                    .filter(|p| {
                        p.extension().is_some_and(|e| e == "json")
                            && !p.to_string_lossy().ends_with(".snapshot.json")
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let t0 = Instant::now();
    while unit_files(&out).is_empty() {
        assert!(t0.elapsed() < Duration::from_secs(120), "no unit finished");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let kept = unit_files(&out);
    assert!(
        !kept.is_empty() && kept.len() < 4,
        "killed mid-run: {kept:?}"
    );
    assert!(!out.join("results.json").exists(), "the run never finished");
    let mtimes: Vec<_> = kept
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().modified().unwrap())
        .collect();
    let first_site_requests = served[0].stats.requests.load(Relaxed);

    let (code, err) = scan(dir.path(), "run", &["--resume", "--fail-on", "none"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("already done"), "{err}");
    let run = results(&out);
    let mut ids: Vec<_> = run.units.iter().map(|u| u.unit.id.as_str()).collect();
    assert_eq!(ids.len(), 4, "every unit once");
    ids.dedup();
    assert_eq!(ids.len(), 4, "no unit twice");
    for (p, t) in kept.iter().zip(&mtimes) {
        assert_eq!(
            std::fs::metadata(p).unwrap().modified().unwrap(),
            *t,
            "{} was not redone",
            p.display()
        );
    }
    assert_eq!(
        served[0].stats.requests.load(Relaxed),
        first_site_requests,
        "the finished unit's site got no new request"
    );
    // One run in the history, holding the four units once each.
    let out = bin()
        .arg("history")
        .arg("--history")
        .arg(dir.path().join("history.sqlite"))
        .output()
        .unwrap();
    let list = String::from_utf8(out.stdout).unwrap();
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(list.contains("complete") && list.contains(" 4 "), "{list}");

    // A kill between a unit's files (its report gone, a half-written file left): --resume
    // does that unit again, so index.html never links a missing report and no *.tmp~ stays.
    let out = dir.path().join("run");
    let victim = &run.units[3].unit.id;
    std::fs::remove_file(out.join(format!("units/{victim}.html"))).unwrap();
    std::fs::write(out.join(format!("units/{victim}.html.tmp~")), "half").unwrap();
    let (code, err) = scan(dir.path(), "run", &["--resume", "--fail-on", "none"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("3 of 4 unit(s) already done"), "{err}");
    assert!(out.join(format!("units/{victim}.html")).is_file());
    let leftovers: Vec<_> = std::fs::read_dir(out.join("units"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp~"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(results(&out).units.len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_shards_merged_equal_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let _served = serve(
        [
            "wp-tessaban",
            "legacy-tis620",
            "moit-hospital",
            "ci-vendor-sao",
            "obec-school",
        ]
        .into_iter()
        .map(bundled)
        .collect(),
        dir.path(),
    )
    .await;
    let (code, err) = scan(dir.path(), "single", &["--fail-on", "none", "--no-history"]).await;
    assert_eq!(code, 0, "{err}");
    let mut shard_dirs = Vec::new();
    let mut total = 0;
    for k in 1..=3 {
        let name = format!("shard{k}");
        let spec = format!("{k}/3");
        let (code, err) = scan(
            dir.path(),
            &name,
            &[
                "--fail-on",
                "none",
                "--no-history",
                "--shard",
                &spec,
                "--shard-by",
                "host",
            ],
        )
        .await;
        assert_eq!(code, 0, "{err}");
        total += results(&dir.path().join(&name)).units.len();
        shard_dirs.push(dir.path().join(&name));
    }
    assert_eq!(total, 5, "every unit in exactly one shard");
    let merged = dir.path().join("merged");
    let o = bin()
        .arg("merge")
        .arg("--out")
        .arg(&merged)
        .args(&shard_dirs)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let single = results(&dir.path().join("single"));
    let merged_run = results(&merged);
    assert_eq!(verdicts(&merged_run), verdicts(&single));
    for f in ["index.html", "summary.csv", "oitscan.xlsx", "junit.xml"] {
        assert!(merged.join(f).is_file(), "{f}");
    }
    for u in &single.units {
        assert!(
            merged.join(format!("units/{}.html", u.unit.id)).is_file(),
            "{} report carried over",
            u.unit.id
        );
    }

    // Two of three shards: refused (exit 2, naming the missing one) unless --allow-partial,
    // which merges, exits 3 and says so at the top of the roll-up.
    let partial = dir.path().join("partial");
    let o = bin()
        .arg("merge")
        .arg("--out")
        .arg(&partial)
        .args(&shard_dirs[..2])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("3/3"), "{err}");
    let o = bin()
        .args(["merge", "--allow-partial", "--out"])
        .arg(&partial)
        .args(&shard_dirs[..2])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let index = std::fs::read_to_string(partial.join("index.html")).unwrap();
    // (minijinja writes "/" as "&#x2f;")
    let warn = index
        .find("ขาดผลของส่วนที่ 3&#x2f;3")
        .expect("the roll-up says it is partial");
    assert!(warn < index.find("<table").unwrap_or(index.len()));
    // A shard of another registry is refused too.
    let mut state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(shard_dirs[2].join("run-state.json")).unwrap())
            .unwrap();
    state["registry"] = "0000000000000000".into();
    std::fs::write(
        shard_dirs[2].join("run-state.json"),
        serde_json::to_vec(&state).unwrap(),
    )
    .unwrap();
    let o = bin()
        .arg("merge")
        .arg("--out")
        .arg(dir.path().join("mixed"))
        .args(&shard_dirs)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("different registries"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_history_costs_the_comparison_not_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let _served = serve(vec![bundled("legacy-tis620")], dir.path()).await;
    let db = dir.path().join("history.sqlite");
    let damaged = |dir: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().contains(".damaged-"))
            .collect()
    };
    // Not a database at all.
    std::fs::write(&db, b"this is not a database").unwrap();
    let (code, err) = scan(dir.path(), "out", &["--fail-on", "none"]).await;
    assert_eq!(code, 0, "{err}");
    let run = results(&dir.path().join("out"));
    assert_eq!(run.units.len(), 1);
    assert!(
        run.notes.iter().any(|n| n.to_string().contains("moved to")),
        "{:?}",
        run.notes
    );
    assert_eq!(damaged(dir.path()).len(), 1);
    // A database damaged inside ("database disk image is malformed"): the scan goes on, the
    // file is moved aside for a person, and a fresh history records this run as complete.
    let mut bytes = std::fs::read(&db).unwrap();
    assert!(bytes.len() > 8192, "{} bytes", bytes.len());
    // Every page after the first (the header and the schema): whichever pages the tables
    // landed on, they are damaged.
    for b in &mut bytes[4096..] {
        *b = 0xA5;
    }
    std::fs::write(&db, bytes).unwrap();
    for side in ["history.sqlite-wal", "history.sqlite-shm"] {
        let _ = std::fs::remove_file(dir.path().join(side));
    }
    let (code, err) = scan(dir.path(), "out2", &["--fail-on", "none"]).await;
    assert_eq!(code, 0, "{err}");
    let run = results(&dir.path().join("out2"));
    assert_eq!(run.units.len(), 1);
    assert!(
        run.notes
            .iter()
            .map(|n| n.to_string())
            .any(|n| n.contains("malformed") && n.contains("moved to")),
        "{:?}",
        run.notes
    );
    assert_eq!(damaged(dir.path()).len(), 2);
    let list = bin()
        .args(["history", "--history"])
        .arg(&db)
        .output()
        .unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(list.contains("complete"), "{list}");

    // Locked by another writer past the wait: the scan goes on unrecorded and says why; the
    // history is left as it was.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let (code, err) = scan(dir.path(), "out3", &["--fail-on", "none"]).await;
    assert_eq!(code, 0, "{err}");
    let run = results(&dir.path().join("out3"));
    assert_eq!(run.units.len(), 1);
    assert!(
        run.notes
            .iter()
            .map(|n| n.to_string())
            .any(|n| n.contains("another oitscan is writing it") && n.contains("not recorded")),
        "{:?}",
        run.notes
    );
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(
        damaged(dir.path()).len(),
        2,
        "a locked history is not damaged"
    );
    let list = bin()
        .args(["history", "--history"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(list.stdout).unwrap().lines().count(), 2);
}

/// The whole fixture province scanned twice: the second scan asks before downloading, and an
/// unchanged province costs almost no bytes. Prints the figures (`-- --nocapture`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unchanged_province_rescans_for_almost_no_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (served, registry) = demo::serve_bundled().await.unwrap();
    oitscan::units::write_csv(&dir.path().join("units.csv"), &registry.units).unwrap();
    let (code, err) = scan(dir.path(), "first", &["--fail-on", "none"]).await;
    assert_eq!(code, 0, "{err}");
    let sum = |f: &dyn Fn(&Served) -> u64| served.iter().map(f).sum::<u64>();
    let (r1, b1) = (
        sum(&|s| s.stats.requests.load(Relaxed)),
        sum(&|s| s.stats.bytes.load(Relaxed)),
    );
    let (code, err) = scan(dir.path(), "second", &["--fail-on", "none"]).await;
    assert_eq!(code, 0, "{err}");
    let r2 = sum(&|s| s.stats.requests.load(Relaxed)) - r1;
    let b2 = sum(&|s| s.stats.bytes.load(Relaxed)) - b1;
    let not_modified = sum(&|s| s.stats.not_modified.load(Relaxed));
    println!(
        "fixture province: first scan {r1} requests, {b1} body bytes; second scan {r2} requests, {not_modified} answered 304, {b2} body bytes"
    );
    assert!(not_modified * 10 >= r2 * 9, "most requests revalidated");
    assert!(
        b2 * 100 < b1,
        "the second scan downloads under 1 % of the bytes"
    );
    assert_eq!(
        verdicts(&results(&dir.path().join("first"))),
        verdicts(&results(&dir.path().join("second"))),
        "and reaches the same verdicts"
    );
}

/// A run over another registry is not last week's: "since last scan" and `oitscan diff` skip
/// it, and an explicit diff between the two says they scanned different registries.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_of_different_registries_are_not_compared() {
    let dir = tempfile::tempdir().unwrap();
    let _served = serve(
        vec![bundled("legacy-tis620"), bundled("wp-tessaban")],
        dir.path(),
    )
    .await;
    let (code, err) = scan(dir.path(), "a", &["--fail-on", "none"]).await;
    assert_eq!(code, 0, "{err}");
    // Another registry (one unit of the two) in the same history.
    let csv = std::fs::read_to_string(dir.path().join("units.csv")).unwrap();
    let one: String = csv.lines().take(2).map(|l| format!("{l}\n")).collect();
    std::fs::write(dir.path().join("units.csv"), one).unwrap();
    let (code, err) = scan(dir.path(), "b", &["--fail-on", "none"]).await;
    assert_eq!(code, 0, "{err}");
    let b = results(&dir.path().join("b"));
    assert!(
        b.units[0].since.is_none(),
        "compared with another registry's run"
    );
    let history = dir.path().join("history.sqlite");
    let o = bin()
        .args(["diff", "--history"])
        .arg(&history)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = bin()
        .args(["diff", "1", "2", "--history"])
        .arg(&history)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("different registries"), "{err}");
}
