//! Crawling one unit's site into a [`SiteSnapshot`]: every page fetched with its click path
//! from the homepage, the links on it with their context, the documents it links, and every
//! error met. The snapshot is plain data, saved to the run folder, so detection can be re-run
//! on it without crawling again.
//!
//! Politeness lives in [`gate`] (per host, per IP, global), safety in [`guard`], URL hygiene
//! and traps in [`frontier`]; this module runs the per-site loop: robots.txt, sitemaps, then
//! best-first fetching within the page, depth and time budgets, until the frontier is empty,
//! a budget is spent, the host's circuit breaker opens, or the run is stopped.

pub mod fetch;

pub mod frontier;

pub mod gate;

pub mod guard;

pub mod robots;

mod options;
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

    /// Crawls one unit's site within the limits. Never fails: what went wrong is in the
    /// snapshot.
    pub async fn crawl_unit(&self, unit: &Unit, ctl: &RunControl) -> SiteSnapshot {
        self.crawl_unit_cached(unit, ctl, &UnitCache::new()).await
    }

    /// Crawls one unit, asking the server "has this changed?" for every resource an earlier
    /// scan stored, and reusing the stored record when it has not.
    pub async fn crawl_unit_cached(
        &self,
        unit: &Unit,
        ctl: &RunControl,
        cache: &UnitCache,
    ) -> SiteSnapshot {
        let started = Instant::now();
        let start = normalize_url(&unit.url);
        let mut snap = SiteSnapshot::new(unit, &start);
        self.crawl_into(unit, &start, ctl, started, &mut snap, cache)
            .await;
        snap.elapsed_ms = started.elapsed().as_millis() as u64;
        self.stats
            .errors
            .fetch_add(snap.errors.len() as u64, Ordering::Relaxed);
        snap
    }

    async fn crawl_into(
        &self,
        unit: &Unit,
        start: &Url,
        ctl: &RunControl,
        started: Instant,
        snap: &mut SiteSnapshot,
        cache: &UnitCache,
    ) {
        let hosts = unit.hosts();
        let start_port = start.port_or_known_default();
        let in_scope = |u: &Url| {
            let Some(h) = u.host_str().map(str::to_ascii_lowercase) else {
                return false;
            };
            if unit.extra_hosts.contains(&h) {
                return true;
            }
            hosts.contains(&h)
                && u.port_or_known_default() == start_port
                && matches!(u.scheme(), "http" | "https")
        };
        let tld = start
            .domain()
            .and_then(|d| d.rsplit('.').next())
            .map(str::to_string);

        // The address guard first: a refused or unresolvable homepage ends the unit here.
        let ip = match self.check_address(start).await {
            Ok(addrs) => addrs.first().copied(),
            Err(e) => {
                let kind = if e.starts_with("DNS") {
                    ErrorKind::Dns
                } else {
                    ErrorKind::Refused
                };
                snap.errors.push(CrawlError {
                    url: start.to_string(),
                    kind,
                    message: e.clone(),
                });
                snap.outcome = Outcome::Failed { reason: e };
                return;
            }
        };
        let mut ips: std::collections::HashMap<String, Option<IpAddr>> =
            std::collections::HashMap::new();
        ips.insert(start.host_str().unwrap_or("").to_string(), ip);

        // TLS: try with checks; on a certificate error, say so, and go on without checks only
        // when the operator opted in.
        let robots = self.robots(start, ip, snap).await;
        let mut skip_tls = self
            .insecure_hosts
            .lock()
            .expect("lock")
            .contains(&host_key(start));
        if !robots.allowed(start) {
            let reason = robots
                .note
                .clone()
                .unwrap_or_else(|| "robots.txt disallows the homepage for oitscan".into());
            snap.skipped.push(Skipped {
                url: start.to_string(),
                reason: reason.clone(),
            });
            snap.outcome = Outcome::Failed { reason };
            return;
        }

        let mut frontier = Frontier::new(self.opts.traps);
        frontier.push(start.clone(), 0, Vec::new(), i32::MAX);
        if self.opts.use_sitemaps {
            self.seed_sitemaps(start, ip, &robots, &in_scope, &mut frontier, snap)
                .await;
        }

        let site_deadline = started + self.opts.site_budget;
        let per_site = self.gate.politeness().per_host_concurrency.max(1);
        let mut inflight = FuturesUnordered::new();
        let mut external_seen: HashSet<String> = HashSet::new();
        let mut external_checked = 0usize;
        let mut pages_started = 0usize;
        let mut docs_started = 0usize;
        let mut stop: Option<String> = None;
        let mut budget_hit = false;
        let mut cancel = ctl.cancel.clone();
        // One closure makes every in-flight future the same type.
        let run = |entry: Entry, ip: Option<IpAddr>, skip: bool, tld: Option<String>| async move {
            let cached = cache.get(entry.url.as_str());
            let r = self.process(&entry, ip, skip, tld.as_deref(), cached).await;
            (entry, r)
        };
        loop {
            if stop.is_none() {
                if let Some(r) = ctl.stop_reason() {
                    stop = Some(r.to_string());
                } else if Instant::now() >= site_deadline {
                    stop = Some(format!(
                        "the site's time budget of {} s was used up",
                        self.opts.site_budget.as_secs()
                    ));
                } else if self.gate.breaker_open(&self.gate.host(&host_key(start))) {
                    let last = snap
                        .errors
                        .last()
                        .map(|e| e.message.clone())
                        .unwrap_or_default();
                    stop = Some(format!(
                        "stopped after {} failed requests in a row (circuit breaker); last: {last}",
                        self.gate.failures(&self.gate.host(&host_key(start)))
                    ));
                }
            }
            while stop.is_none() && inflight.len() < per_site {
                let Some(entry) = frontier.pop(inflight.is_empty()) else {
                    break;
                };
                let is_doc = looks_like_document(&entry.url);
                if (is_doc && docs_started >= self.opts.max_documents)
                    || (!is_doc && pages_started >= self.opts.max_pages)
                {
                    budget_hit = true;
                    snap.skipped.push(Skipped {
                        url: entry.url.to_string(),
                        reason: "over the site's page or document budget".into(),
                    });
                    continue;
                }
                let host_name = entry.url.host_str().unwrap_or("").to_string();
                if !ips.contains_key(&host_name) {
                    match self.check_address(&entry.url).await {
                        Ok(a) => {
                            ips.insert(host_name.clone(), a.first().copied());
                        }
                        Err(e) => {
                            snap.errors.push(CrawlError {
                                url: entry.url.to_string(),
                                kind: ErrorKind::Refused,
                                message: e,
                            });
                            continue;
                        }
                    }
                }
                let entry_ip = ips.get(&host_name).copied().flatten();
                let host_robots = if host_name == start.host_str().unwrap_or("") {
                    robots.clone()
                } else {
                    self.robots(&entry.url, entry_ip, snap).await
                };
                if !host_robots.allowed(&entry.url) {
                    snap.skipped.push(Skipped {
                        url: entry.url.to_string(),
                        reason: "disallowed by robots.txt".into(),
                    });
                    continue;
                }
                if is_doc {
                    docs_started += 1
                } else {
                    pages_started += 1
                }
                inflight.push(run(entry, entry_ip, skip_tls, tld.clone()));
            }
            if inflight.is_empty() {
                break;
            }
            let next = tokio::select! {
                r = inflight.next() => r,
                _ = tokio::time::sleep_until(site_deadline.into()), if stop.is_none() => continue,
                _ = cancel.changed(), if stop.is_none() => continue,
                _ = async { match ctl.deadline { Some(d) => tokio::time::sleep_until(d.into()).await, None => std::future::pending().await } }, if stop.is_none() => continue,
            };
            // A stop abandons what is in flight: its results would arrive after the deadline.
            if stop.is_some() {
                break;
            }
            let Some((entry, (processed, notes, requests))) = next else {
                break;
            };
            snap.requests += requests;
            for n in notes {
                snap.finding(n);
            }
            match processed {
                Processed::Failed(e) => {
                    if e.kind == ErrorKind::Tls
                        && snap.pages.is_empty()
                        && self.fetcher.can_skip_tls_checks()
                        && !skip_tls
                    {
                        snap.finding(format!("TLS certificate problem ({}); crawled without certificate checks because --insecure-tls was given", e.message));
                        skip_tls = true;
                        frontier.mark_seen(&entry.url);
                        inflight.push(run(entry, ip, true, tld.clone()));
                        continue;
                    }
                    if e.kind == ErrorKind::Tls {
                        snap.finding(format!("TLS certificate problem: {}. Browsers may hide this (they fetch missing intermediate certificates); fix the server's certificate chain, or rerun with --insecure-tls to check the content anyway", e.message));
                    }
                    if looks_like_document(&entry.url) {
                        snap.documents.push(DocumentRecord {
                            url: entry.url.to_string(),
                            final_url: entry.url.to_string(),
                            status: 0,
                            depth: entry.depth,
                            click_path: entry.click_path.clone(),
                            content_type: String::new(),
                            size: 0,
                            truncated: false,
                            error: Some(e.message.clone()),
                            text: None,
                            cache: CacheInfo::default(),
                        });
                    }
                    snap.errors.push(CrawlError {
                        url: entry.url.to_string(),
                        kind: e.kind,
                        message: e.message,
                    });
                }
                Processed::Document(d) => {
                    snap.count_bytes(&d.cache, d.size);
                    if d.status >= 400 {
                        snap.errors.push(CrawlError {
                            url: d.url.clone(),
                            kind: ErrorKind::Other,
                            message: format!("HTTP {}", d.status),
                        });
                    }
                    snap.documents.push(d);
                }
                Processed::Page(p) => {
                    snap.count_bytes(&p.cache, p.size);
                    if p.status >= 400 {
                        snap.errors.push(CrawlError {
                            url: p.url.clone(),
                            kind: ErrorKind::Other,
                            message: format!("HTTP {}", p.status),
                        });
                    }
                    if let Ok(final_url) = Url::parse(&p.final_url) {
                        frontier.mark_seen(&final_url);
                    }
                    if p.status < 400 {
                        self.harvest_links(&p, &in_scope, &mut frontier, &mut external_seen, snap);
                        if external_checked < self.opts.external_checks {
                            external_checked += self
                                .check_external(snap, self.opts.external_checks - external_checked)
                                .await;
                        }
                    }
                    if snap.pages.is_empty() && p.status >= 400 {
                        snap.outcome = Outcome::Failed {
                            reason: format!("the homepage answered HTTP {}", p.status),
                        };
                    }
                    snap.pages.push(p);
                }
            }
        }
        for t in std::mem::take(&mut frontier.traps) {
            snap.finding(t);
        }
        let left = frontier.len();
        let ok_pages = snap.pages.iter().filter(|p| p.status < 400).count();
        if matches!(snap.outcome, Outcome::Failed { .. }) {
            return;
        }
        snap.outcome = if ok_pages == 0 {
            let reason = stop
                .or_else(|| snap.errors.first().map(|e| e.message.clone()))
                .unwrap_or_else(|| "no page could be fetched".into());
            Outcome::Failed { reason }
        } else if let Some(reason) = stop {
            Outcome::Partial {
                reason: format!(
                    "{reason}; {} pages fetched, {left} URLs not reached",
                    snap.pages.len()
                ),
            }
        } else if budget_hit || left > 0 {
            Outcome::Partial {
                reason: format!(
                    "page budget of {} pages reached; {} more URLs found but not fetched",
                    self.opts.max_pages,
                    left + snap
                        .skipped
                        .iter()
                        .filter(|s| s.reason.contains("budget"))
                        .count()
                ),
            }
        } else {
            Outcome::Complete
        };
    }

    /// Adds a page's links to the frontier (in scope) or the external list (out of scope).
    fn harvest_links(
        &self,
        p: &PageRecord,
        in_scope: &(dyn Fn(&Url) -> bool + Sync),
        frontier: &mut Frontier,
        external_seen: &mut HashSet<String>,
        snap: &mut SiteSnapshot,
    ) {
        let can_go_deeper = p.depth < self.opts.max_depth;
        for link in &p.model.links {
            let Ok(target) = Url::parse(&link.url) else {
                continue;
            };
            let target = normalize_url(&target);
            if !in_scope(&target) {
                if external_seen.insert(target.to_string()) {
                    snap.external_links.push(ExternalLink {
                        url: target.to_string(),
                        text: path_label(link),
                        found_on: p.final_url.clone(),
                        status: None,
                        error: None,
                    });
                }
                continue;
            }
            if !can_go_deeper && !looks_like_document(&target) {
                continue;
            }
            let mut path = p.click_path.clone();
            path.push(path_label(link));
            let priority = self.scorer.as_ref().map_or(0, |s| s(link));
            frontier.push(target, p.depth + 1, path, priority);
        }
    }

    /// Checks off-site documents found so far for liveness (a bounded GET through the gate),
    /// at most `budget` of them; returns how many were checked.
    async fn check_external(&self, snap: &mut SiteSnapshot, budget: usize) -> usize {
        let mut checked = 0;
        for i in 0..snap.external_links.len() {
            if checked >= budget {
                break;
            }
            let link = &snap.external_links[i];
            if link.status.is_some() {
                continue;
            }
            let Ok(url) = Url::parse(&link.url) else {
                continue;
            };
            if !external_document(&url) {
                continue;
            }
            checked += 1;
            let (status, error) = match self.check_address(&url).await {
                Err(e) => (0, Some(e)),
                Ok(addrs) => {
                    let host = self.gate.host(&host_key(&url));
                    let pass = self.gate.acquire(&host, addrs.first().copied()).await;
                    snap.requests += 1;
                    self.stats.requests.fetch_add(1, Ordering::Relaxed);
                    let r = self
                        .fetcher
                        .get(&url, 64 * 1024, 64 * 1024, false, None)
                        .await;
                    drop(pass);
                    match r {
                        Ok(f) => (f.status, None),
                        Err(e) => (0, Some(e.message)),
                    }
                }
            };
            snap.external_links[i].status = Some(status);
            snap.external_links[i].error = error;
        }
        checked
    }

    /// Seeds the frontier's reserve from the site's sitemaps (robots.txt's, else /sitemap.xml).
    async fn seed_sitemaps(
        &self,
        start: &Url,
        ip: Option<IpAddr>,
        robots: &Robots,
        in_scope: &(dyn Fn(&Url) -> bool + Sync),
        frontier: &mut Frontier,
        snap: &mut SiteSnapshot,
    ) {
        let mut queue: Vec<Url> = robots
            .sitemaps
            .iter()
            .filter_map(|s| start.join(s).ok())
            .filter(|u| in_scope(u))
            .take(3)
            .collect();
        if queue.is_empty()
            && let Ok(u) = start.join("/sitemap.xml")
        {
            queue.push(u);
        }
        let host = self.gate.host(&host_key(start));
        let mut files = 0;
        let limit = self.opts.max_pages * 2;
        let mut added = 0;
        while let Some(u) = queue.pop() {
            if files >= 5 || !robots.allowed(&u) {
                continue;
            }
            files += 1;
            let a = self.fetch(&host, ip, &u, false, None).await;
            snap.requests += a.requests;
            let Ok(f) = a.result else { continue };
            if f.status >= 400 {
                continue;
            }
            let map = sitemap::parse(&f.body);
            for child in map
                .children
                .iter()
                .filter_map(|c| start.join(c).ok())
                .filter(|c| in_scope(c))
                .take(5)
            {
                queue.push(child);
            }
            for page in map.urls.iter().filter_map(|p| start.join(p).ok()) {
                if added >= limit {
                    break;
                }
                if in_scope(&page) && frontier.push_reserve(page, "(sitemap.xml)") {
                    added += 1;
                }
            }
        }
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
