//! The address guard through the real binary: a proxy set in the environment (as on many
//! government networks) must not become a way around it, redirects into wrapped loopback
//! addresses (IPv4-compatible, NAT64) are refused, and `--allow-private` can be narrowed to
//! the one test host.

mod support;

use assert_cmd::Command;
use support::{html, not_found, redirect};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn environment_proxies_are_ignored_and_wrapped_loopback_is_refused() {
    // A "proxy" that would answer everything: it must never be asked.
    let proxy =
        support::start(|_| html("<title>proxied</title><p>secret from the proxy</p>")).await;
    let site = support::start(|r| match r.path.as_str() {
        "/" => html(
            r#"<title>อบต.ทดสอบ</title><a href="/r1">ข้อมูลผู้บริหาร</a> <a href="/r2">โครงสร้างองค์กร</a>
               <a href="/r3">ติดต่อเรา</a> <a href="/ok">ประวัติ</a>"#,
        ),
        "/r1" => redirect("http://[::7f00:1]:9/secret"),
        "/r2" => redirect("http://[64:ff9b::7f00:1]:9/secret"),
        "/r3" => redirect("http://10.0.0.1:9/secret"),
        "/ok" => html("<title>ประวัติ</title><p>ประวัติความเป็นมาของตำบล</p>"),
        _ => not_found(),
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let units = dir.path().join("u.csv");
    std::fs::write(
        &units,
        format!(
            "id,name_th,type,province,district,url\nt,อบต.ทดสอบ,อบต.,ขอนแก่น,เมือง,{}\n",
            site.url()
        ),
    )
    .unwrap();
    let proxy_url = format!("http://{}", proxy.addr);
    let out = dir.path().join("out");
    let run = tokio::task::spawn_blocking(move || {
        Command::cargo_bin("oitscan")
            .unwrap()
            .args(["scan", "--units"])
            .arg(&units)
            .arg("--out")
            .arg(&out)
            .args([
                "--allow-private",
                "127.0.0.1",
                "--no-history",
                "--quiet",
                "--fail-on",
                "none",
                "--rate",
                "50",
                "--no-sitemaps",
            ])
            .env("HTTP_PROXY", &proxy_url)
            .env("http_proxy", &proxy_url)
            .env("HTTPS_PROXY", &proxy_url)
            .env("ALL_PROXY", &proxy_url)
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        proxy.paths().is_empty(),
        "the proxy was asked: {:?}",
        proxy.paths()
    );
    let paths = site.paths();
    assert!(paths.contains(&"/ok".to_string()), "{paths:?}");
    let snap = serde_json::to_string(
        &oitscan::crawl::read_snapshot(&dir.path().join("out/units/t.snapshot.json.zst")).unwrap(),
    )
    .unwrap();
    assert!(!snap.contains("secret from"), "a refused target was stored");
    // Each redirect is refused by name, not by a failed connection.
    let refused = snap.matches("non-public").count();
    assert!(refused >= 3, "{refused} refusals in {snap}");
}
