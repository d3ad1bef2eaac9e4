//! The command line as a user meets it: help texts, exit codes, messages that say what to fix.

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
