//! Crawling one unit's site into a [`SiteSnapshot`]: every page fetched with its click path
//! from the homepage, the links on it with their context, the documents it links, and every
//! error met. The snapshot is plain data, saved to the run folder, so detection can be re-run
//! on it without crawling again.
//!
//! Politeness lives in [`gate`] (per host, per IP, global), safety in [`guard`], URL hygiene
//! and traps in [`frontier`], the per-site loop in `site`; this module holds the crawler and
//! its page-level work: checking an address, fetching with retries, robots.txt, and turning
//! one response into a page or document record.

pub mod fetch;

pub mod frontier;

pub mod gate;

pub mod guard;

pub mod robots;

mod options;
mod site;
pub mod sitemap;
mod snapshot;

pub use options::*;
pub use snapshot::*;

use crate::extract::{self, Link};

use crate::thai;

use crate::units::Unit;

use fetch::{ClientConfig, ErrorKind, FetchError, Fetched, Fetcher};

use frontier::{Entry, Frontier};

use futures_util::StreamExt;

use futures_util::stream::FuturesUnordered;

use gate::{HostGate, HostState, Signal};

pub use guard::PrivateAccess;

use robots::Robots;

use std::collections::HashSet;

use std::net::IpAddr;

use std::sync::Arc;

use std::sync::atomic::Ordering;

use std::time::{Duration, Instant};

use url::Url;

/// What kind of resource a response is, from its header, its first bytes and its name.
pub fn sniff_kind(content_type: &str, url: &Url, head: &[u8]) -> &'static str {
    let ct = content_type.to_ascii_lowercase();
    let path = url.path().to_ascii_lowercase();
    if head.starts_with(b"%PDF") {
        return "application/pdf";
    }
    if head.starts_with(b"PK\x03\x04") {
        if path.ends_with(".xlsx") || ct.contains("spreadsheet") {
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        }
        if path.ends_with(".docx") || ct.contains("wordprocessing") {
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        }
        return "application/zip";
    }
    let lead = String::from_utf8_lossy(&head[..head.len().min(1024)]).to_ascii_lowercase();
    let lead = lead.trim_start_matches('\u{feff}').trim_start();
    let html_lead = lead.starts_with("<!doctype html")
        || lead.starts_with("<html")
        || lead.contains("<head")
        || lead.contains("<body");
    if ct.contains("html") || ct.contains("xhtml") {
        // A PDF or image served as text/html is caught above; anything else labelled HTML is.
        return "text/html";
    }
    if (ct.is_empty() || ct.contains("octet-stream") || ct.contains("text/plain")) && html_lead {
        return "text/html";
    }
    if ct.is_empty()
        && (path.ends_with(".html")
            || path.ends_with(".htm")
            || path.ends_with(".php")
            || path.ends_with('/'))
    {
        return "text/html";
    }
    "other"
}

/// Whether a link target looks like a document rather than a page, by its name.
pub fn looks_like_document(url: &Url) -> bool {
    let p = url.path().to_ascii_lowercase();
    [
        ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".jpg", ".jpeg",
        ".png", ".gif", ".csv", ".odt", ".ods",
    ]
    .iter()
    .any(|e| p.ends_with(e))
}

/// Whether an off-site link is a document worth a liveness check (a file, or a Google Drive
/// or Docs file).
fn external_document(url: &Url) -> bool {
    let host = url.host_str().unwrap_or("");
    looks_like_document(url)
        || (host == "drive.google.com"
            && (url.path().starts_with("/file/") || url.path().starts_with("/open")))
        || host == "docs.google.com"
}

/// Drops what makes one page look like several in what is fetched: the fragment, session ids
/// and an empty query (the url crate already lower-cases hosts and drops default ports).
pub fn normalize_url(u: &Url) -> Url {
    let mut u = frontier::strip_volatile(u);
    if u.query() == Some("") {
        u.set_query(None);
    }
    u
}

/// The part of a link that names it in a click path: its text, else its title, else its
/// row's text (also when the text is only "คลิก").
fn path_label(link: &Link) -> String {
    let text = if extract::is_generic_anchor(&link.text) {
        ""
    } else {
        link.text.as_str()
    };
    [text, &link.title, &link.context, &link.text]
        .into_iter()
        .find(|s| !s.trim().is_empty())
        .map(|s| s.chars().take(80).collect())
        .unwrap_or_else(|| link.url.clone())
}

/// The crawler shared by every unit of a run.
pub struct Crawler {
    fetcher: Fetcher,
    /// Hosts whose certificates failed and that are crawled without checks (opt-in).
    insecure_hosts: std::sync::Mutex<HashSet<String>>,
    gate: HostGate,
    opts: CrawlOptions,
    scorer: Option<LinkScorer>,
    /// Counters for progress display.
    pub stats: Arc<RunStats>,
}

/// The result of fetching one frontier entry.
enum Processed {
    Page(PageRecord),
    Document(DocumentRecord),
    Failed(FetchError),
}

struct Attempt {
    result: Result<Fetched, FetchError>,
    notes: Vec<String>,
    requests: usize,
}

impl Crawler {
    /// Builds the HTTP clients and the host gate.
    pub fn new(opts: CrawlOptions, scorer: Option<LinkScorer>) -> anyhow::Result<Crawler> {
        let fetcher = Fetcher::new(&ClientConfig {
            user_agent: opts.user_agent.clone(),
            timeout: opts.request_timeout,
            connect_timeout: opts.connect_timeout.min(opts.request_timeout),
            access: opts.access.clone(),
            insecure_tls: opts.insecure_tls,
            resolve: opts.resolve.clone(),
            max_redirects: opts.max_redirects,
            proxy: opts.proxy.clone(),
        })?;
        let gate = HostGate::new(opts.politeness.clone());
        Ok(Crawler {
            fetcher,
            insecure_hosts: Default::default(),
            gate,
            opts,
            scorer,
            stats: Arc::default(),
        })
    }

    /// The options in force.
    pub fn options(&self) -> &CrawlOptions {
        &self.opts
    }

    /// The address guard, with the fixed name → address mappings taken into account.
    async fn check_address(&self, url: &Url) -> Result<Vec<IpAddr>, String> {
        let fixed = url.host_str().and_then(|h| {
            self.opts
                .resolve
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(h))
        });
        match fixed {
            Some((name, addr)) => {
                let ip = addr.ip();
                let port = url.port_or_known_default().unwrap_or(80);
                let access = self.fetcher.access();
                let allowed = access.allows(std::net::SocketAddr::new(ip, port));
                if guard::is_non_public(ip) && !allowed {
                    return Err(format!(
                        "refused {url}: {name} is mapped to the non-public address {ip}"
                    ));
                }
                Ok(vec![ip])
            }
            None => guard::check(url, self.fetcher.access()).await,
        }
    }

    /// Fetches with politeness and retries: waits at the gate, retries timeouts, dropped
    /// bodies and 5xx with backoff, honours 429/503 Retry-After (pausing the whole host), and
    /// never retries DNS, TLS, refusals or redirect problems.
    async fn fetch(
        &self,
        host: &HostState,
        ip: Option<IpAddr>,
        url: &Url,
        skip_tls: bool,
        validators: Option<&fetch::Validators>,
    ) -> Attempt {
        let mut notes = Vec::new();
        let mut requests = 0;
        let mut retries = 0;
        let mut throttles = 0;
        loop {
            if self.gate.breaker_open(host) {
                return Attempt {
                    result: Err(FetchError::new(
                        ErrorKind::Breaker,
                        "not fetched: the site's circuit breaker is open",
                    )),
                    notes,
                    requests,
                };
            }
            let pass = self.gate.acquire(host, ip).await;
            requests += 1;
            self.stats.requests.fetch_add(1, Ordering::Relaxed);
            let r = self
                .fetcher
                .get(
                    url,
                    self.opts.max_page_bytes,
                    self.opts.max_document_bytes,
                    skip_tls,
                    validators,
                )
                .await;
            drop(pass);
            match r {
                Ok(f) if f.status == 429 || f.status == 503 => {
                    let asked = f.retry_after.as_deref().and_then(gate::parse_retry_after);
                    if let Some(a) = asked
                        && a > self.gate.politeness().max_retry_after
                    {
                        self.gate.signal(
                            host,
                            Signal::Throttled(Some(self.gate.politeness().max_retry_after)),
                        );
                        return Attempt {
                            result: Err(FetchError::new(
                                ErrorKind::Throttled,
                                format!(
                                    "HTTP {} asking to wait {} s, longer than the {} s allowed; gave up on this URL",
                                    f.status,
                                    a.as_secs(),
                                    self.gate.politeness().max_retry_after.as_secs()
                                ),
                            )),
                            notes,
                            requests,
                        };
                    }
                    let pause = self.gate.signal(host, Signal::Throttled(asked));
                    notes.push(format!(
                        "HTTP {} from {} (Retry-After: {}); slowed the site down for {:.1} s",
                        f.status,
                        url,
                        f.retry_after.as_deref().unwrap_or("none"),
                        pause.as_secs_f64()
                    ));
                    throttles += 1;
                    if throttles > self.opts.max_retries + 2 {
                        return Attempt {
                            result: Err(FetchError::new(
                                ErrorKind::Throttled,
                                format!(
                                    "HTTP {} after {throttles} tries; the server keeps refusing",
                                    f.status
                                ),
                            )),
                            notes,
                            requests,
                        };
                    }
                }
                Ok(f) if f.status >= 500 => {
                    self.gate.signal(host, Signal::Failure);
                    if retries >= self.opts.max_retries {
                        return Attempt {
                            result: Ok(f),
                            notes,
                            requests,
                        };
                    }
                    retries += 1;
                    tokio::time::sleep(backoff(retries)).await;
                }
                Ok(f) if f.incomplete.is_some() && retries < self.opts.max_retries => {
                    self.gate.signal(host, Signal::Failure);
                    retries += 1;
                    tokio::time::sleep(backoff(retries)).await;
                }
                Ok(f) => {
                    self.gate.signal(host, Signal::Success);
                    return Attempt {
                        result: Ok(f),
                        notes,
                        requests,
                    };
                }
                Err(e) => {
                    if matches!(
                        e.kind,
                        ErrorKind::Timeout | ErrorKind::Connect | ErrorKind::Body
                    ) {
                        self.gate.signal(host, Signal::Failure);
                    }
                    if e.retryable() && retries < self.opts.max_retries {
                        retries += 1;
                        tokio::time::sleep(backoff(retries)).await;
                        continue;
                    }
                    return Attempt {
                        result: Err(e),
                        notes,
                        requests,
                    };
                }
            }
        }
    }

    /// The robots.txt of a host, fetched once per run (and its pace set from Crawl-delay).
    async fn robots(&self, url: &Url, ip: Option<IpAddr>, snap: &mut SiteSnapshot) -> Arc<Robots> {
        let host_name = url.host_str().unwrap_or("").to_string();
        let state = self.gate.host(&host_key(url));
        let mut fetched_now = None;
        let mut insecure_now = false;
        let robots = state
            .robots
            .get_or_init(|| async {
                let mut robots_url = url.clone();
                robots_url.set_path("/robots.txt");
                robots_url.set_query(None);
                let mut attempt = self.fetch(&state, ip, &robots_url, false, None).await;
                // First contact: a server that is briefly down (refusing, or not answering)
                // gets a few more tries, waiting longer each time, before the unit fails.
                let mut tries = 1;
                let mut wait = self.opts.first_contact_wait;
                while tries < self.opts.first_contact_tries
                    && matches!(&attempt.result, Err(e) if matches!(e.kind, ErrorKind::Connect | ErrorKind::Timeout))
                {
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                    tries += 1;
                    let again = self.fetch(&state, ip, &robots_url, false, None).await;
                    attempt = Attempt { requests: attempt.requests + again.requests, ..again };
                }
                let tls_failed = matches!(&attempt.result, Err(e) if e.kind == ErrorKind::Tls);
                if tls_failed && self.fetcher.can_skip_tls_checks() {
                    let again = self.fetch(&state, ip, &robots_url, true, None).await;
                    attempt = Attempt { requests: attempt.requests + again.requests, ..again };
                }
                let robots = match &attempt.result {
                    Ok(f) => Robots::from_fetch(Ok((f.status, &f.body))),
                    Err(e) if matches!(e.kind, ErrorKind::Connect | ErrorKind::Dns | ErrorKind::Timeout | ErrorKind::Tls | ErrorKind::Refused) => {
                        let mut r = Robots::from_fetch(Err(&e.message));
                        let hint = if e.kind == ErrorKind::Tls {
                            ". Browsers may hide this (they fetch missing intermediate certificates); fix the server's certificate chain, or rerun with --insecure-tls to check the content anyway"
                        } else {
                            ""
                        };
                        let tried = if tries > 1 {
                            format!(" ({tries} tries over {:.1} s)", (self.opts.first_contact_wait * (2u32.pow(tries - 1) - 1)).as_secs_f64())
                        } else {
                            String::new()
                        };
                        r.note = Some(format!("the site could not be reached{tried}: {}{hint}", e.message));
                        r
                    }
                    Err(e) => Robots::from_fetch(Err(&e.message)),
                };
                if tls_failed && self.fetcher.can_skip_tls_checks() {
                    insecure_now = true;
                }
                fetched_now = Some(attempt.requests);
                let (period, capped) = self.gate.host_period(robots.crawl_delay);
                self.gate.set_pace(&state, period);
                let mut robots = robots;
                if capped && let Some(d) = robots.crawl_delay {
                    let note = format!(
                        "robots.txt asks a Crawl-delay of {d} s; capped at {} s",
                        self.gate.politeness().max_crawl_delay.as_secs_f64()
                    );
                    robots.note =
                        Some(robots.note.map_or(note.clone(), |n| format!("{n}; {note}")));
                } else if let Some(d) = robots.crawl_delay {
                    let note = format!("robots.txt Crawl-delay of {d} s honoured");
                    robots.note =
                        Some(robots.note.map_or(note.clone(), |n| format!("{n}; {note}")));
                }
                Arc::new(robots)
            })
            .await
            .clone();
        if let Some(n) = fetched_now {
            snap.requests += n;
        }
        if insecure_now {
            snap.finding(format!(
                "{host_name}: TLS certificate problem; crawled without certificate checks because --insecure-tls was given"
            ));
            self.insecure_hosts
                .lock()
                .expect("lock")
                .insert(host_key(url));
        }
        if let Some(note) = &robots.note {
            snap.finding(format!("{host_name}: {note}"));
        }
        robots
    }

    /// Fetches one frontier entry and turns it into a page or document record.
    async fn process(
        &self,
        entry: &Entry,
        ip: Option<IpAddr>,
        skip_tls: bool,
        tld: Option<&str>,
        cached: Option<&CachedResource>,
    ) -> (Processed, Vec<String>, usize) {
        let host = self.gate.host(&host_key(&entry.url));
        let attempt = self
            .fetch(
                &host,
                ip,
                &entry.url,
                skip_tls,
                cached.map(|c| &c.validators),
            )
            .await;
        let mut f = match attempt.result {
            Ok(f) => f,
            Err(e) => return (Processed::Failed(e), attempt.notes, attempt.requests),
        };
        // Unchanged since the last scan: the stored record stands, reached by today's path.
        if f.status == 304
            && let Some(c) = cached
        {
            let processed = match c.record.clone() {
                StoredRecord::Page(mut p) => {
                    self.stats.pages.fetch_add(1, Ordering::Relaxed);
                    p.depth = entry.depth;
                    p.click_path = entry.click_path.clone();
                    p.cache.revalidated = true;
                    Processed::Page(p)
                }
                StoredRecord::Document(mut d) => {
                    d.depth = entry.depth;
                    d.click_path = entry.click_path.clone();
                    d.cache.revalidated = true;
                    Processed::Document(d)
                }
            };
            return (processed, attempt.notes, attempt.requests);
        }
        let cache_info = CacheInfo {
            etag: f.etag.clone(),
            last_modified: f.last_modified.clone(),
            content_hash: Some(content_hash(&f.body)),
            revalidated: false,
        };
        self.stats
            .bytes
            .fetch_add(f.body.len() as u64, Ordering::Relaxed);
        let kind = sniff_kind(&f.content_type, &f.final_url, &f.body);
        let processed = if kind == "text/html" {
            self.stats.pages.fetch_add(1, Ordering::Relaxed);
            // Decoding and parsing are CPU work on hostile bytes: off the async workers, so a
            // heavy page never stalls the other units' crawls.
            let body = std::mem::take(&mut f.body);
            let content_type = f.content_type.clone();
            let page_url = f.final_url.clone();
            let tld = tld.map(str::to_string);
            let parsed = tokio::task::spawn_blocking(move || {
                let decoded = thai::decode_html(&body, Some(&content_type), tld.as_deref());
                let model = extract::parse_html(&decoded.text, &page_url);
                (decoded, model, body)
            })
            .await;
            let (decoded, model) = match parsed {
                Ok((decoded, model, body)) => {
                    f.body = body;
                    (decoded, model)
                }
                // The parser panicked: the page counts as read with nothing on it.
                Err(_) => (
                    thai::Decoded {
                        text: String::new(),
                        encoding: "unknown".into(),
                        source: thai::CharsetSource::Sniffed,
                        note: Some("the page could not be parsed".into()),
                        had_errors: true,
                    },
                    extract::PageModel::default(),
                ),
            };
            Processed::Page(PageRecord {
                url: entry.url.to_string(),
                final_url: f.final_url.to_string(),
                status: f.status,
                depth: entry.depth,
                click_path: entry.click_path.clone(),
                encoding: decoded.encoding,
                charset_note: decoded.note,
                elapsed_ms: f.elapsed.as_millis() as u64,
                size: f.body.len() as u64,
                model,
                cache: cache_info,
            })
        } else {
            let path = f.final_url.path().to_string();
            let text = if f.status < 400 && extract::document::kind_of(kind, &path) != "other" {
                Some(match &self.opts.extract_worker {
                    Some(exe) => {
                        extract::worker::extract_in_worker(
                            exe,
                            f.body.clone(),
                            kind.to_string(),
                            path,
                            Duration::from_secs(20),
                            self.opts.extract_memory,
                        )
                        .await
                    }
                    None => {
                        extract::extract_isolated(
                            f.body.clone(),
                            kind.to_string(),
                            path,
                            Duration::from_secs(20),
                        )
                        .await
                    }
                })
            } else {
                None
            };
            Processed::Document(DocumentRecord {
                url: entry.url.to_string(),
                final_url: f.final_url.to_string(),
                status: f.status,
                depth: entry.depth,
                click_path: entry.click_path.clone(),
                content_type: if kind == "other" {
                    f.content_type.clone()
                } else {
                    kind.to_string()
                },
                size: f.body.len() as u64,
                truncated: f.truncated,
                error: None,
                text,
                cache: cache_info,
            })
        };
        let mut notes = attempt.notes;
        if f.truncated {
            notes.push(format!(
                "{}: body larger than the cap; only the first {} bytes were read",
                entry.url,
                f.body.len()
            ));
        }
        if let Some(why) = &f.incomplete {
            notes.push(format!("{}: {why}", entry.url));
        }
        (processed, notes, attempt.requests)
    }
}

/// The gate's key for a URL's server: host and port (two sites on one host name but different
/// ports are different servers, as the fixture sites on 127.0.0.1 are).
fn host_key(u: &Url) -> String {
    format!(
        "{}:{}",
        u.host_str().unwrap_or(""),
        u.port_or_known_default().unwrap_or(0)
    )
}

/// Backoff before retry `n` (1-based): 0.5 s, 1 s, 2 s … with ±25 % jitter, at most 8 s.
fn backoff(n: u32) -> Duration {
    let base = Duration::from_millis(250u64 << n.min(5)).min(Duration::from_secs(8));
    base.mul_f64(0.75 + fastrand::f64() * 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_normalisation() {
        let u = Url::parse("HTTP://Example.go.th:80/a/?#frag").unwrap();
        assert_eq!(normalize_url(&u).as_str(), "http://example.go.th/a/");
        let u = Url::parse("http://127.0.0.1:42961/x?PHPSESSID=1#y").unwrap();
        assert_eq!(normalize_url(&u).as_str(), "http://127.0.0.1:42961/x");
        let u = Url::parse("https://x.go.th/%E0%B8%81?a=1#x").unwrap();
        assert_eq!(normalize_url(&u).as_str(), "https://x.go.th/%E0%B8%81?a=1");
    }

    #[test]
    fn sniffing() {
        let u = Url::parse("http://x/a").unwrap();
        assert_eq!(
            sniff_kind("application/octet-stream", &u, b"%PDF-1.4"),
            "application/pdf"
        );
        assert_eq!(sniff_kind("text/html", &u, b"%PDF-1.4"), "application/pdf");
        assert_eq!(sniff_kind("", &u, b"<!DOCTYPE html><html>"), "text/html");
        assert_eq!(
            sniff_kind("application/octet-stream", &u, b"\n <html><head>"),
            "text/html"
        );
        assert_eq!(
            sniff_kind("text/html; charset=tis-620", &u, b""),
            "text/html"
        );
        assert_eq!(sniff_kind("image/png", &u, b"\x89PNG"), "other");
        let x = Url::parse("http://x/a.xlsx").unwrap();
        assert!(sniff_kind("application/octet-stream", &x, b"PK\x03\x04").contains("spreadsheet"));
    }

    #[test]
    fn external_documents() {
        for u in [
            "https://drive.google.com/file/d/abc/view",
            "https://drive.google.com/open?id=x",
            "https://other.go.th/a.pdf",
        ] {
            assert!(external_document(&Url::parse(u).unwrap()), "{u}");
        }
        assert!(!external_document(
            &Url::parse("https://www.facebook.com/x").unwrap()
        ));
    }
}
