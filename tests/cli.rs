//! The command line as a user meets it: help texts, exit codes, messages that say what to fix.

mod support;

use assert_cmd::Command;
use predicates::prelude::*;

fn oitscan() -> Command {
    Command::cargo_bin("oitscan").unwrap()
}

fn fixture(name: &str) -> String {
    format!("{}/fixtures/units/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_help_is_clear() {
    oitscan()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("OIT").and(predicate::str::contains("scan")));
    for sub in [
        vec!["scan"],
        vec!["demo"],
        vec!["checklist", "list"],
        vec!["checklist", "show"],
        vec!["checklist", "validate"],
        vec!["units", "validate"],
    ] {
        let mut args = sub.clone();
        args.push("--help");
        oitscan()
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: oitscan"));
    }
    oitscan()
        .args(["scan", "--help"])
        .assert()
        .stdout(predicate::str::contains("--year").and(predicate::str::contains("--checklist")));
}

#[test]
fn usage_errors_exit_2() {
    oitscan().arg("scna").assert().code(2);
    oitscan()
        .arg("scan")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--units"));
    oitscan()
        .args([
            "scan",
            "--units",
            "x.csv",
            "--year",
            "2568",
            "--checklist",
            "c.toml",
        ])
        .assert()
        .code(2);
}

#[test]
fn units_validate_reports_every_bad_row() {
    oitscan()
        .args(["units", "validate", &fixture("bad.csv")])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("bad.csv:3: (id u2) url \"www.noscheme.go.th\" has no scheme; write \"https://www.noscheme.go.th\"")
                .and(predicate::str::contains("bad.csv:4: (id u1) duplicate id"))
                .and(predicate::str::contains("bad.csv:5: (id u4) unknown unit type \"หมู่บ้าน\""))
                .and(predicate::str::contains("bad.csv:6: (id u5) empty name_th"))
                .and(predicate::str::contains("bad.csv:7: (id u6) missing url")),
        )
        .stdout(predicate::str::contains("2 usable unit(s), 5 bad row(s)"));
    oitscan()
        .args(["units", "validate", &fixture("example.csv")])
        .assert()
        .success()
        .stdout(predicate::str::contains("7 usable unit(s), 0 bad row(s)"));
    oitscan()
        .args(["units", "validate", "no-such-file.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read the unit registry no-such-file.csv",
        ));
}

#[test]
fn checklist_commands() {
    oitscan()
        .args(["checklist", "list"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("nacc-2567.toml")
                .and(predicate::str::contains("43"))
                .and(predicate::str::contains("nacc-2569.toml")),
        );
    oitscan()
        .args(["checklist", "validate"])
        .assert()
        .success()
        .stdout(predicate::str::contains("nacc 2568 (26 items)"));
    oitscan()
        .args(["checklist", "show", "--year", "2568", "--item", "o12"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("O12 รายการการจัดซื้อจัดจ้าง")
                .and(predicate::str::contains("how to fix")),
        );
    oitscan()
        .args(["checklist", "show", "--year", "2500"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("shipped years: 2567, 2568, 2569"));

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "schema_version = 1\nfamily = \"nacc\"\nyear = 2568\ntitle_th = \"x\"\ntitle_en = \"x\"\ncolour = \"red\"\n").unwrap();
    oitscan()
        .args(["checklist", "validate", bad.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.toml:6: unknown field `colour`",
        ));
}

#[test]
fn scan_refuses_an_unusable_registry() {
    let dir = tempfile::tempdir().unwrap();
    let reg = dir.path().join("units.csv");
    std::fs::write(
        &reg,
        "id,name_th,type,province,district,url\n1,อบต.ก,อบต.,ขอนแก่น,เมือง,www.a.go.th\n",
    )
    .unwrap();
    oitscan()
        .args([
            "scan",
            "--units",
            reg.to_str().unwrap(),
            "--year",
            "2568",
            "--out",
        ])
        .arg(dir.path().join("out"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("units.csv:2: (id 1) url \"www.a.go.th\" has no scheme")
                .and(predicate::str::contains("no usable unit rows")),
        );
}

#[test]
fn ctrl_c_keeps_what_was_done_and_exits_3() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let slow = rt.block_on(support::start(|r| match r.path.as_str() {
        "/" => support::html(
            &(1..=40)
                .map(|i| format!("<a href=\"/p{i}.html\">ข่าว {i}</a>"))
                .collect::<String>(),
        ),
        _ => support::Reply::Delay(
            std::time::Duration::from_millis(300),
            Box::new(support::html("<title>ข่าว</title>")),
        ),
    }));
    let dir = tempfile::tempdir().unwrap();
    let reg = dir.path().join("units.csv");
    std::fs::write(
        &reg,
        format!(
            "id,name_th,type,province,district,url\nslow,อบต.ช้า,อบต.,ขอนแก่น,เมือง,{}\n",
            slow.url()
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("oitscan"))
        .args([
            "scan",
            "--allow-private",
            "--rate",
            "20",
            "--year",
            "2568",
            "--progress-every",
            "1",
            "--units",
        ])
        .arg(&reg)
        .arg("--out")
        .arg(&out)
        // The default history database goes into the working folder: keep it in the test's.
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the crawl is under way, then interrupt it like a user pressing Ctrl-C.
    let started = std::time::Instant::now();
    while slow.paths().len() < 5 && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(
        stderr.contains("0/1 units done;") || stderr.contains("1/1 units done;"),
        "plain progress lines off a terminal: {stderr}"
    );
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    let outcome = &results["units"][0]["outcome"];
    assert_eq!(outcome["status"], "partial", "{outcome}");
    assert!(outcome["reason"].as_str().unwrap().contains("interrupted"));
    assert!(out.join("units/slow.snapshot.json.zst").is_file());
    assert!(slow.paths().len() < 42, "the crawl stopped early");
}

/// `oitscan … | head` must end quietly when the reader goes away, not with a broken-pipe
/// panic (exit 101); and log lines to a file or pipe carry no colour codes.
#[test]
fn a_closed_stdout_ends_quietly_and_logs_to_pipes_are_plain() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("oitscan"))
        .args(["checklist", "show", "--year", "2568"])
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    // A dead site logs warnings; through a pipe they are plain text.
    let dir = tempfile::tempdir().unwrap();
    let units = dir.path().join("u.csv");
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = dead.local_addr().unwrap().port();
    drop(dead);
    std::fs::write(
        &units,
        format!("id,name_th,type,province,district,url\nd,อบต.ปิด,อบต.,ขอนแก่น,เมือง,http://127.0.0.1:{port}/\n"),
    )
    .unwrap();
    let out = oitscan()
        .args(["-v", "scan", "--units"])
        .arg(&units)
        .arg("--out")
        .arg(dir.path().join("out"))
        .args([
            "--allow-private",
            "--no-history",
            "--fail-on",
            "none",
            "--retries",
            "0",
            "--connect-tries",
            "1",
        ])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("INFO") || stderr.contains("WARN"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}'),
        "colour codes in a pipe: {stderr:?}"
    );
}

/// An output folder that cannot be made is not "gaps found" (1): exit 3, naming the path.
#[test]
fn an_unwritable_output_folder_exits_3_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let units = dir.path().join("u.csv");
    std::fs::write(
        &units,
        "id,name_th,type,province,district,url\nd,อบต.ทดสอบ,อบต.,ขอนแก่น,เมือง,http://127.0.0.1:9/\n",
    )
    .unwrap();
    let blocked = dir.path().join("a-file");
    std::fs::write(&blocked, "not a folder").unwrap();
    oitscan()
        .args([
            "scan",
            "--quiet",
            "--no-history",
            "--allow-private",
            "--units",
        ])
        .arg(&units)
        .arg("--out")
        .arg(&blocked)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("a-file"));
}

/// Unit ids that differ only in characters a file name cannot hold ("a b", "a_b", "a:b"), in
/// case, or by a suffix the unit files use ("x" and "x.snapshot") write distinct files.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unit_ids_never_share_report_files() {
    let site = support::control_site().await;
    let dir = tempfile::tempdir().unwrap();
    let units = dir.path().join("u.csv");
    let ids = ["a b", "a_b", "a:b", "x", "x.snapshot", "X"];
    let mut csv = String::from("id,name_th,type,province,district,url\n");
    for id in ids {
        csv.push_str(&format!(
            "{id},เทศบาลตำบลควบคุม,เทศบาลตำบล,ขอนแก่น,เมือง,{}\n",
            site.url()
        ));
    }
    std::fs::write(&units, csv).unwrap();
    let out = dir.path().join("out");
    let o = out.clone();
    let status = tokio::task::spawn_blocking(move || {
        Command::cargo_bin("oitscan")
            .unwrap()
            .args([
                "scan",
                "--quiet",
                "--no-history",
                "--allow-private",
                "--fail-on",
                "none",
            ])
            .args(["--rate", "50", "--rate-per-ip", "0", "--units"])
            .arg(&units)
            .arg("--out")
            .arg(&o)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let html: Vec<_> = std::fs::read_dir(out.join("units"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_lowercase())
        .filter(|n| n.ends_with(".html"))
        .collect();
    assert_eq!(html.len(), ids.len(), "{html:?}");
    let snapshots = html.iter().filter(|n| n.contains("snapshot")).count();
    assert_eq!(snapshots, 1, "only unit x.snapshot's own report: {html:?}");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for name in &html {
        let stem = name.trim_end_matches(".html");
        assert!(index.contains(stem), "index links {name}");
    }
}

/// A unit whose files cannot be written (a full disk, a read-only folder; here a folder in the
/// way of its report) stops the run at once with exit 3, naming the file, instead of crawling
/// on and losing every unit after it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_failure_stops_the_run_and_names_the_file() {
    let site = support::control_site().await;
    let dir = tempfile::tempdir().unwrap();
    let units = dir.path().join("u.csv");
    std::fs::write(
        &units,
        format!(
            "id,name_th,type,province,district,url\na,เทศบาลตำบลควบคุม,เทศบาลตำบล,ขอนแก่น,เมือง,{}\n",
            site.url()
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("units/a.html")).unwrap();
    let o = out.clone();
    let r = tokio::task::spawn_blocking(move || {
        Command::cargo_bin("oitscan")
            .unwrap()
            .args([
                "scan",
                "--quiet",
                "--allow-private",
                "--fail-on",
                "none",
                "--units",
            ])
            .arg(&units)
            .arg("--out")
            .arg(&o)
            .arg("--history")
            .arg(o.join("h.sqlite"))
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(3), "{err}");
    assert!(err.contains("a.html") && err.contains("--resume"), "{err}");
    assert!(
        !out.join("units/a.json").exists(),
        "the unit is not counted as done"
    );
    // The history does not call the run complete.
    let list = Command::cargo_bin("oitscan")
        .unwrap()
        .args(["history", "--history"])
        .arg(out.join("h.sqlite"))
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(!list.contains("complete"), "{list}");
}
