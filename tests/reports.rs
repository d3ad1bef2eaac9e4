//! The outputs people act on, produced by the real binary against sites served on 127.0.0.1:
//! the files of a scan folder, CI exit codes and job summary, and hostile site content kept
//! inert in every format.

mod local;

use oitscan::demo::{Served, Site, SiteMeta};
use oitscan::results::RunResults;
use std::collections::HashMap;
use std::path::Path;

/// A site whose every string tries something: script in the title, a `javascript:` link
/// named like an item, a spreadsheet formula as a link text.
fn hostile_site() -> Site {
    let index = r#"<!DOCTYPE html><html><head><meta charset="utf-8">
        <title>อบต.ทดสอบ<script>alert("title")</script></title></head><body>
        <h1>อบต.ทดสอบ <img src=x onerror=alert(1)></h1>
        <a href="/ita/">ITA 2568</a></body></html>"#;
    let ita = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>ITA 2568</title></head><body>
        <h1>ITA 2568</h1><table>
        <tr><td>O1</td><td>โครงสร้างและอำนาจหน้าที่</td><td><a href="javascript:alert('o1')">คลิก</a></td></tr>
        <tr><td>O2</td><td>ข้อมูลผู้บริหาร</td><td><a href="/exec/">=HYPERLINK("http://evil.example/","คลิก")</a></td></tr>
        </table></body></html>"#;
    let exec = r#"<!DOCTYPE html><html><head><meta charset="utf-8">
        <title>ข้อมูลผู้บริหาร <script>alert("exec")</script></title></head><body>
        <h1>ข้อมูลผู้บริหาร</h1><p>นายก นายสมมุติ ใจดี โทร 0-4300-0000</p></body></html>"#;
    let files: HashMap<String, Vec<u8>> = [
        ("index.html", index),
        ("ita/index.html", ita),
        ("exec/index.html", exec),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
    .collect();
    Site {
        slug: "hostile".into(),
        meta: toml::from_str::<SiteMeta>(
            r#"name_th = "อบต.ทดสอบ<b>ตัวหนา</b>"
               type = "sao"
               province = "ขอนแก่น"
               district = "=1+1""#,
        )
        .unwrap(),
        files,
    }
}

/// Serves the given bundled sites (by slug) and the hostile site; writes their registry.
async fn serve(slugs: &[&str], dir: &Path) -> Vec<Served> {
    let mut sites: Vec<Site> = slugs.iter().map(|s| local::bundled(s)).collect();
    sites.push(hostile_site());
    local::serve(sites, dir).await
}

/// `oitscan scan` with fast local settings: its exit code and the job summary.
async fn scan(dir: &Path, out: &str, extra: &[&str]) -> (i32, String) {
    let r = local::scan(dir, out, extra).await;
    (r.code, r.summary)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scan_folder_holds_every_report_and_ci_exit_codes_follow_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let _served = serve(&["wp-tessaban", "legacy-tis620"], dir.path()).await;

    // Gaps exist (the legacy site publishes half the items): policy "missing" fails.
    let (code, summary) = scan(dir.path(), "a", &["--fail-on", "missing"]).await;
    assert_eq!(code, 1, "gaps found: {summary}");
    assert!(summary.contains("legacy-tis620"), "{summary}");
    assert!(summary.contains("❌"), "{summary}");
    let out = dir.path().join("a");
    for f in [
        "index.html",
        "results.json",
        "summary.md",
        "summary.csv",
        "oitscan.xlsx",
        "junit.xml",
    ] {
        assert!(out.join(f).is_file(), "{f} written");
    }
    for id in ["wp-tessaban", "legacy-tis620", "hostile"] {
        for ext in ["html", "md", "json", "itas.txt", "itas.csv"] {
            assert!(
                out.join(format!("units/{id}.{ext}")).is_file(),
                "{id}.{ext}"
            );
        }
    }
    let run: RunResults =
        serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    assert_eq!(run.units.len(), 3);

    // Report-only policy: exit 0. A score threshold nobody misses: exit 0.
    let (code, _) = scan(dir.path(), "b", &["--fail-on", "none"]).await;
    assert_eq!(code, 0);
    // Against itself as the baseline nothing regressed.
    let baseline = out.join("results.json");
    let (code, summary) = scan(
        dir.path(),
        "c",
        &[
            "--fail-on",
            "regression",
            "--baseline",
            baseline.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(code, 0, "{summary}");
    // A baseline of another checklist year, results format or registry is refused before
    // anything is crawled (exit 2), saying why: codes are renumbered between years.
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&baseline).unwrap()).unwrap();
    for (field, value, why) in [
        ("checklist", serde_json::json!("nacc-2567"), "renumbered"),
        ("results_version", serde_json::json!(99), "results format"),
    ] {
        let mut other = run.clone();
        other[field] = value;
        let path = dir.path().join(format!("other-{field}.json"));
        std::fs::write(&path, serde_json::to_vec(&other).unwrap()).unwrap();
        let r = local::scan(
            dir.path(),
            "d",
            &[
                "--fail-on",
                "regression",
                "--baseline",
                path.to_str().unwrap(),
            ],
        )
        .await;
        assert_eq!(r.code, 2, "{field}: {}", r.stderr);
        assert!(r.stderr.contains(why), "{field}: {}", r.stderr);
    }
    let mut other = run.clone();
    for u in other["units"].as_array_mut().unwrap() {
        u["unit"]["id"] = serde_json::json!(format!("x-{}", u["unit"]["id"].as_str().unwrap()));
    }
    let path = dir.path().join("other-registry.json");
    std::fs::write(&path, serde_json::to_vec(&other).unwrap()).unwrap();
    let r = local::scan(
        dir.path(),
        "d",
        &[
            "--fail-on",
            "regression",
            "--baseline",
            path.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("shares no unit"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_exit_2_and_unscannable_units_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let _served = serve(&[], dir.path()).await;
    let (code, _) = scan(dir.path(), "x", &["--fail-on", "sometimes"]).await;
    assert_eq!(code, 2, "an unknown policy is a usage error");
    let (code, _) = scan(
        dir.path(),
        "x",
        &["--fail-on", "regression", "--no-history"],
    )
    .await;
    assert_eq!(code, 2, "regression needs a baseline or the history");

    // A unit whose server is gone: the run is incomplete, whatever the policy says.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = dead.local_addr().unwrap().port();
    drop(dead);
    let mut csv = std::fs::read_to_string(dir.path().join("units.csv")).unwrap();
    csv.push_str(&format!(
        "dead,อบต.ปิดปรับปรุง,,sao,ขอนแก่น,เมือง,http://127.0.0.1:{port}/,,\n"
    ));
    std::fs::write(dir.path().join("units.csv"), csv).unwrap();
    let (code, summary) = scan(
        dir.path(),
        "y",
        &["--fail-on", "none", "--connect-tries", "1"],
    )
    .await;
    assert_eq!(code, 3, "{summary}");
    assert!(summary.contains("dead"), "{summary}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_site_content_stays_inert() {
    let dir = tempfile::tempdir().unwrap();
    let _served = serve(&[], dir.path()).await;
    let (code, _) = scan(dir.path(), "h", &["--fail-on", "none"]).await;
    assert_eq!(code, 0);
    let out = dir.path().join("h");
    for f in ["index.html", "units/hostile.html"] {
        let html = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(!html.contains("<script>alert"), "{f}: script escaped");
        assert!(!html.contains("<b>ตัวหนา"), "{f}: registry markup escaped");
        assert!(html.contains("&lt;b&gt;ตัวหนา"), "{f}: and still shown");
        assert!(
            !html.contains("href=\"javascript:"),
            "{f}: no javascript: links"
        );
        assert!(!html.contains("onerror=alert"), "{f}");
    }
    let csv = std::fs::read(out.join("summary.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM for Excel");
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.contains("'=1+1"),
        "a formula from the registry is neutralised"
    );
    assert!(!csv.contains(",=1+1"), "and never written raw");
    let junit = std::fs::read_to_string(out.join("junit.xml")).unwrap();
    assert!(junit.contains("<testsuite") && junit.contains("hostile"));
    let itas = std::fs::read_to_string(out.join("units/hostile.itas.txt")).unwrap();
    assert!(itas.contains("O2"), "{itas}");
    assert!(!itas.contains("javascript:"), "{itas}");
    let md = std::fs::read_to_string(out.join("units/hostile.md")).unwrap();
    assert!(!md.contains("<script>"), "Markdown escapes HTML");
    assert!(
        !md.contains("](javascript:"),
        "no javascript: links in Markdown"
    );
}

/// Text as a reader sees it, for the few escapes reports use in these messages.
fn html_text(s: &str) -> String {
    s.replace("&#x2f;", "/").replace("&quot;", "\"")
}

/// Registry warnings and bad rows are made before the report language is known; each report
/// words them in its own language: a Thai roll-up has no English sentence about them, and an
/// English one the same remarks in English. results.json keeps the keys, so a merge re-words
/// the Thai run in English.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registry_problems_read_in_the_report_language() {
    let dir = tempfile::tempdir().unwrap();
    let _served = serve(&[], dir.path()).await;
    // An unused column (a warning) and a row whose URL lacks its scheme (a bad row).
    let path = dir.path().join("units.csv");
    let csv: String = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .enumerate()
        .map(|(i, l)| format!("{l},{}\n", if i == 0 { "remark" } else { "" }))
        .collect();
    let csv = csv + "bad1,อบต.ผิดแถว,,อบต.,ขอนแก่น,เมือง,www.bad.go.th,,,\n";
    std::fs::write(&path, csv).unwrap();

    let english = [
        "is not used",
        "known:",
        "has no scheme",
        "line 3",
        "(id bad1)",
    ];
    let r = local::scan(dir.path(), "th", &["--fail-on", "none"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The terminal stays English.
    assert!(
        r.stderr.contains("column \"remark\" is not used"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("has no scheme"), "{}", r.stderr);
    let th = dir.path().join("th");
    for f in ["index.html", "summary.md"] {
        let text = html_text(&std::fs::read_to_string(th.join(f)).unwrap());
        assert!(
            text.contains("ไม่ได้ใช้คอลัมน์"),
            "{f}: the warning in Thai\n{text}"
        );
        assert!(
            text.contains("บรรทัด 3 (รหัส bad1)") && text.contains("ไม่มี https:// นำหน้า"),
            "{f}: the bad row in Thai\n{text}"
        );
        assert!(text.contains("https://www.bad.go.th"), "{f}: with its fix");
        for e in english {
            assert!(!text.contains(e), "{f}: {e:?} in a Thai report\n{text}");
        }
    }
    let results = std::fs::read_to_string(th.join("results.json")).unwrap();
    assert!(results.contains("\"registry-unused-column\""), "{results}");
    assert!(results.contains("\"registry-url-no-scheme\""), "{results}");

    let check_english = |out: &Path| {
        for f in ["index.html", "summary.md"] {
            let text = html_text(&std::fs::read_to_string(out.join(f)).unwrap());
            assert!(text.contains("is not used (known:"), "{f}\n{text}");
            assert!(
                text.contains("line 3 (id bad1)") && text.contains("has no scheme"),
                "{f}\n{text}"
            );
            assert!(!text.contains("ไม่ได้ใช้คอลัมน์"), "{f}\n{text}");
            assert!(!text.contains("บรรทัด"), "{f}\n{text}");
        }
    };
    let r = local::scan(dir.path(), "en", &["--fail-on", "none", "--lang", "en"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    check_english(&dir.path().join("en"));

    let merged = dir.path().join("merged");
    let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("oitscan"))
        .arg("merge")
        .arg("--out")
        .arg(&merged)
        .args(["--lang", "en"])
        .arg(&th)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    check_english(&merged);
}
