//! Crawl benchmark: a synthetic province of N virtual hosts × M pages, served from 127.0.0.1
//! by a separate server process (Host-header routing; the crawler maps every host name to the
//! server with its DNS override), crawled by the real engine in a third process so that CPU
//! time and peak memory are the crawler's alone.
//!
//! `cargo bench --bench crawl` runs three scenarios:
//! - throughput: politeness off (a target of ≥ 1,000 pages/s fetched, parsed, link-extracted);
//! - polite: 200 hosts × 100 pages at 5 requests/s per host (wall ≤ 1.15 × the politeness bound);
//! - memory: 2,000 hosts × 20 pages (peak RSS < 300 MB).
//!
//! One scenario with your own numbers: `BENCH=custom HOSTS=50 PAGES=40 RATE=2 LATENCY_MS=50
//! CONCURRENCY=64 cargo bench --bench crawl` (RATE=0 turns politeness off).

use oitscan::crawl::gate::Politeness;
use oitscan::crawl::{CrawlOptions, Crawler, PrivateAccess, RunControl};
use oitscan::units::{Family, Unit, UnitType};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn env_num(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn host_name(i: usize) -> String {
    format!("u{i:05}.bench.test")
}

// ---------------------------------------------------------------- server process

fn page_html(unit: usize, page: usize, pages: usize) -> String {
    let mut links = String::new();
    for k in 1..=5 {
        let target = (page + k) % pages;
        links.push_str(&format!(
            "<li><a href=\"/p/{target}.html\">หน้า {target} ข่าวประชาสัมพันธ์</a></li>"
        ));
    }
    let para = "องค์การบริหารส่วนตำบลมีหน้าที่ให้บริการประชาชน ประกาศ ณ วันที่ 15 ตุลาคม 2567 ประจำปีงบประมาณ พ.ศ. 2568 ";
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>อบต.ทดสอบ {unit} หน้า {page}</title></head><body>\
         <nav><a href=\"/\">หน้าแรก</a> <a href=\"/ita/\">ITA 2568</a></nav><h1>หน้า {page}</h1><p>{}</p><ul>{links}</ul></body></html>",
        para.repeat(12)
    )
}

async fn serve(latency: Duration, pages: usize) {
    use axum::http::{HeaderMap, StatusCode, Uri, header};
    let app = axum::Router::new().fallback(move |headers: HeaderMap, uri: Uri| async move {
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let unit: usize = host
            .trim_start_matches('u')
            .split('.')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let path = uri.path();
        let page = if path == "/" || path == "/ita/" {
            Some(0)
        } else {
            path.strip_prefix("/p/")
                .and_then(|p| p.strip_suffix(".html"))
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| *n < pages)
        };
        match page {
            Some(p) => (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                page_html(unit, p, pages),
            ),
            None => (
                StatusCode::NOT_FOUND,
                [(header::CONTENT_TYPE, "text/plain")],
                String::new(),
            ),
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    println!("READY {}", listener.local_addr().unwrap().port());
    use std::io::Write;
    std::io::stdout().flush().unwrap();
    axum::serve(listener, app).await.unwrap();
}

// ---------------------------------------------------------------- client process

fn proc_status(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0.0)
}

fn cpu_seconds() -> f64 {
    // utime and stime, fields 14 and 15 of /proc/self/stat, in clock ticks (100 per second
    // on Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

async fn client(port: u16, hosts: usize, pages: usize, rate: f64, concurrency: usize) {
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let polite = rate > 0.0;
    let opts = CrawlOptions {
        max_pages: pages + 5,
        traps: oitscan::crawl::frontier::TrapLimits {
            per_shape: usize::MAX,
            ..Default::default()
        },
        max_depth: 10_000,
        access: PrivateAccess::AllowAll,
        use_sitemaps: false,
        external_checks: 0,
        resolve: (0..hosts).map(|i| (host_name(i), addr)).collect(),
        request_timeout: Duration::from_secs(30),
        politeness: Politeness {
            rate_per_host: if polite { rate } else { 100_000.0 },
            per_host_concurrency: if polite { 2 } else { 4 },
            rate_per_ip: None,
            per_ip_concurrency: 100_000,
            global_concurrency: 512,
            ..Politeness::default()
        },
        ..CrawlOptions::default()
    };
    let crawler = std::sync::Arc::new(Crawler::new(opts, None).unwrap());
    let (ctl, _cancel) = RunControl::new(None);
    let units: Vec<Unit> = (0..hosts)
        .map(|i| Unit {
            id: format!("u{i}"),
            name_th: format!("อบต.ทดสอบ {i}"),
            name_en: None,
            unit_type: UnitType::Sao,
            province: "ทดสอบ".into(),
            district: String::new(),
            url: format!("http://{}:{port}/", host_name(i)).parse().unwrap(),
            extra_hosts: vec![],
            family: Family::Nacc,
            line: i + 2,
        })
        .collect();
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    let limit = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency));
    let mut set = tokio::task::JoinSet::new();
    for u in units {
        let (crawler, ctl, limit) = (crawler.clone(), ctl.clone(), limit.clone());
        set.spawn(async move {
            let _p = limit.acquire_owned().await.unwrap();
            let snap = crawler.crawl_unit(&u, &ctl).await;
            // Keep only the counts, as a scan keeps only what it wrote out.
            (
                snap.pages.len(),
                snap.requests,
                matches!(snap.outcome, oitscan::crawl::Outcome::Complete),
            )
        });
    }
    let (mut total_pages, mut total_requests, mut complete) = (0usize, 0usize, 0usize);
    while let Some(r) = set.join_next().await {
        let (p, q, c) = r.unwrap();
        total_pages += p;
        total_requests += q;
        complete += usize::from(c);
    }
    let wall = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    // Every request to a host (robots.txt included) waits its turn at `rate`, and burst 1
    // lets the first through at once: n requests need (n − 1) / rate seconds at least.
    let per_host = total_requests as f64 / hosts.max(1) as f64;
    let bound = if polite {
        (per_host - 1.0).max(0.0) / rate
    } else {
        0.0
    };
    println!(
        "RESULT hosts={hosts} pages_per_host={pages} rate={rate} pages={total_pages} requests={total_requests} complete={complete} wall_s={wall:.2} pages_per_s={:.0} cpu_s_per_1000_pages={:.3} peak_rss_mb={:.1} bound_s={bound:.1} wall_over_bound={}",
        total_pages as f64 / wall,
        cpu * 1000.0 / total_pages.max(1) as f64,
        proc_status("VmHWM:") / 1024.0,
        if polite {
            format!("{:.3}", wall / bound)
        } else {
            "n/a".into()
        }
    );
}

// ---------------------------------------------------------------- driver

struct Scenario {
    name: &'static str,
    hosts: usize,
    pages: usize,
    rate: f64,
    latency_ms: u64,
    concurrency: usize,
}

fn run(exe: &std::path::Path, s: &Scenario) {
    let mut server = Command::new(exe)
        .env("OITSCAN_BENCH_ROLE", "server")
        .env("PAGES", s.pages.to_string())
        .env("LATENCY_MS", s.latency_ms.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the bench server");
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .trim()
        .strip_prefix("READY ")
        .expect("server ready line")
        .parse()
        .unwrap();
    let out = Command::new(exe)
        .env("OITSCAN_BENCH_ROLE", "client")
        .env("PORT", port.to_string())
        .env("HOSTS", s.hosts.to_string())
        .env("PAGES", s.pages.to_string())
        .env("RATE", s.rate.to_string())
        .env("CONCURRENCY", s.concurrency.to_string())
        .output()
        .expect("run the bench client");
    let _ = server.kill();
    let _ = server.wait();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let result = stdout
        .lines()
        .find(|l| l.starts_with("RESULT"))
        .unwrap_or("RESULT missing");
    println!(
        "{:<11} latency={}ms concurrency={} {}",
        s.name,
        s.latency_ms,
        s.concurrency,
        &result[7.min(result.len())..]
    );
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    }
}

fn main() {
    let role = std::env::var("OITSCAN_BENCH_ROLE").unwrap_or_default();
    let rt = || {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap()
    };
    match role.as_str() {
        "server" => {
            let pages = env_num("PAGES", 100.0) as usize;
            let latency = Duration::from_millis(env_num("LATENCY_MS", 0.0) as u64);
            rt().block_on(serve(latency, pages));
        }
        "client" => {
            let port = env_num("PORT", 0.0) as u16;
            rt().block_on(client(
                port,
                env_num("HOSTS", 10.0) as usize,
                env_num("PAGES", 100.0) as usize,
                env_num("RATE", 0.0),
                env_num("CONCURRENCY", 64.0) as usize,
            ));
        }
        _ => {
            let exe = std::env::current_exe().unwrap();
            let which = std::env::var("BENCH").unwrap_or_else(|_| "all".into());
            let mut scenarios = vec![
                Scenario {
                    name: "throughput",
                    hosts: 50,
                    pages: 400,
                    rate: 0.0,
                    latency_ms: 0,
                    concurrency: 50,
                },
                Scenario {
                    name: "polite",
                    hosts: 200,
                    pages: 100,
                    rate: 5.0,
                    latency_ms: 20,
                    concurrency: 200,
                },
                Scenario {
                    name: "memory",
                    hosts: 2000,
                    pages: 20,
                    rate: 0.0,
                    latency_ms: 5,
                    concurrency: 500,
                },
            ];
            if which == "custom" {
                scenarios = vec![Scenario {
                    name: "custom",
                    hosts: env_num("HOSTS", 50.0) as usize,
                    pages: env_num("PAGES", 40.0) as usize,
                    rate: env_num("RATE", 2.0),
                    latency_ms: env_num("LATENCY_MS", 50.0) as u64,
                    concurrency: env_num("CONCURRENCY", 64.0) as usize,
                }];
            } else if which != "all" {
                scenarios.retain(|s| s.name == which);
            }
            for s in &scenarios {
                run(&exe, s);
            }
        }
    }
}
