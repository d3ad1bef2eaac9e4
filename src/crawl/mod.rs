//! Crawling one unit's site into a [`SiteSnapshot`]: every page fetched with its click path
//! from the homepage, the links on it with their context, the documents it links, and every
//! error met. The snapshot is plain data, saved to the run folder, so detection can be re-run
//! on it without crawling again.

pub mod guard;

use crate::extract::{self, PageModel};
use crate::thai;
use crate::units::Unit;
use futures_util::StreamExt;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use serde::{Deserialize, Serialize};
use std::collections::{HashSet, VecDeque};
use std::num::NonZeroU32;
use std::time::{Duration, Instant};
use url::Url;

/// Limits and manners of a crawl.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    /// Most HTML pages fetched per site.
    pub max_pages: usize,
    /// Most documents (PDF, XLSX, DOCX, …) checked per site.
    pub max_documents: usize,
    /// Deepest click distance from the homepage followed.
    pub max_depth: usize,
    /// Time one request may take, connection included.
    pub request_timeout: Duration,
    /// Time one site may take in all.
    pub site_budget: Duration,
    /// Largest body read, in bytes; larger bodies are cut and flagged.
    pub max_body: usize,
    /// Requests per second to one site.
    pub rate_per_second: f64,
    /// Lets the crawler reach loopback and private addresses (tests and the demo only).
    pub allow_private: bool,
    /// The User-Agent header.
    pub user_agent: String,
}

impl Default for CrawlOptions {
    fn default() -> Self {
        CrawlOptions {
            max_pages: 150,
            max_documents: 150,
            max_depth: 5,
            request_timeout: Duration::from_secs(20),
            site_budget: Duration::from_secs(600),
            max_body: 15 * 1024 * 1024,
            rate_per_second: 1.0,
            allow_private: false,
            user_agent: user_agent(None),
        }
    }
}

/// The User-Agent oitscan sends: its name, version, and where a site owner can learn more.
pub fn user_agent(contact: Option<&str>) -> String {
    let contact = contact.unwrap_or("https://github.com/oitscan/oitscan");
    format!(
        "oitscan/{} (+{contact}; ITA/OIT disclosure audit)",
        env!("CARGO_PKG_VERSION")
    )
}

/// How a unit's crawl ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Outcome {
    /// Everything in reach was crawled within the limits.
    Complete,
    /// The crawl stopped early; what was gathered is kept.
    Partial {
        /// Why it stopped.
        reason: String,
    },
    /// Nothing useful could be fetched.
    Failed {
        /// Why.
        reason: String,
    },
}

/// An HTML page fetched.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageRecord {
    /// The URL asked for.
    pub url: String,
    /// The URL after redirects.
    pub final_url: String,
    /// HTTP status.
    pub status: u16,
    /// Clicks from the homepage.
    pub depth: usize,
    /// The link texts clicked from the homepage to reach it.
    pub click_path: Vec<String>,
    /// The encoding used to decode it.
    pub encoding: String,
    /// A charset contradiction found while decoding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset_note: Option<String>,
    /// What the page says.
    pub model: PageModel,
}

/// A linked document (or any non-HTML resource on the site).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// The URL asked for.
    pub url: String,
    /// The URL after redirects.
    pub final_url: String,
    /// HTTP status (0 when the request failed).
    pub status: u16,
    /// Clicks from the homepage.
    pub depth: usize,
    /// The link texts clicked from the homepage to reach it.
    pub click_path: Vec<String>,
    /// Content type as served (after sniffing).
    pub content_type: String,
    /// Bytes read.
    pub size: u64,
    /// Why the request failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A link that leaves the site: recorded with its text, not crawled.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExternalLink {
    /// Target.
    pub url: String,
    /// Anchor text.
    pub text: String,
    /// The page it is on.
    pub found_on: String,
}

/// A problem met while crawling.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CrawlError {
    /// The URL concerned.
    pub url: String,
    /// What happened, in words a site owner can act on.
    pub message: String,
}

/// Everything the crawler learned about one unit's site.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SiteSnapshot {
    /// The unit's registry id.
    pub unit_id: String,
    /// The homepage crawled from.
    pub start_url: String,
    /// How it ended.
    pub outcome: Outcome,
    /// HTML pages in fetch order; the first is the homepage.
    pub pages: Vec<PageRecord>,
    /// Documents and other resources on the site.
    pub documents: Vec<DocumentRecord>,
    /// Links leaving the site.
    pub external_links: Vec<ExternalLink>,
    /// Problems met.
    pub errors: Vec<CrawlError>,
    /// HTTP requests sent.
    pub requests: usize,
    /// Body bytes read.
    pub bytes: u64,
    /// Wall time, milliseconds.
    pub elapsed_ms: u64,
}

/// What kind of resource a response is, from its header, its first bytes and its name.
fn sniff_kind(content_type: &str, url: &Url, head: &[u8]) -> &'static str {
    let ct = content_type.to_ascii_lowercase();
    let path = url.path().to_ascii_lowercase();
    if head.starts_with(b"%PDF") {
        return "application/pdf";
    }
    if head.starts_with(b"PK\x03\x04") {
        if path.ends_with(".xlsx") {
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        }
        if path.ends_with(".docx") {
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        }
        return "application/zip";
    }
    if ct.contains("html") || ct.contains("xhtml") {
        return "text/html";
    }
    let lead = String::from_utf8_lossy(&head[..head.len().min(512)]).to_ascii_lowercase();
    let lead = lead.trim_start_matches('\u{feff}').trim_start();
    if (ct.is_empty() || ct.contains("octet-stream") || ct.contains("text/plain"))
        && (lead.starts_with("<!doctype html")
            || lead.starts_with("<html")
            || lead.contains("<head"))
    {
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

/// Whether a link target looks like a document rather than a page, so it is recorded as one
/// even when it cannot be fetched.
fn looks_like_document(url: &Url) -> bool {
    let p = url.path().to_ascii_lowercase();
    [
        ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".jpg", ".jpeg",
        ".png", ".gif", ".csv", ".odt", ".ods",
    ]
    .iter()
    .any(|e| p.ends_with(e))
}

/// Drops what makes one page look like several: the fragment and an empty query (the url
/// crate already lower-cases hosts and drops default ports).
pub fn normalize_url(u: &Url) -> Url {
    let mut u = u.clone();
    u.set_fragment(None);
    if u.query() == Some("") {
        u.set_query(None);
    }
    u
}

/// The part of a link that names it in a click path: its text, else its title, else its
/// row's text (also when the text is only "คลิก").
fn path_label(link: &extract::Link) -> String {
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

/// A crawler shared by every unit of a run.
pub struct Crawler {
    client: reqwest::Client,
    opts: CrawlOptions,
}

struct Body {
    status: u16,
    final_url: Url,
    content_type: String,
    bytes: Vec<u8>,
    truncated: bool,
}

impl Crawler {
    /// Builds the HTTP client: compression, timeouts, and a redirect policy that re-checks
    /// every hop against the address guard.
    pub fn new(opts: CrawlOptions) -> anyhow::Result<Crawler> {
        let allow_private = opts.allow_private;
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= 10 {
                return attempt.error("more than 10 redirects");
            }
            if attempt.previous().contains(attempt.url()) {
                return attempt.error("redirect loop");
            }
            match guard::check_literal(attempt.url(), allow_private) {
                Ok(()) => attempt.follow(),
                Err(e) => attempt.error(e),
            }
        });
        let client = reqwest::Client::builder()
            .user_agent(&opts.user_agent)
            .redirect(policy)
            .connect_timeout(opts.request_timeout.min(Duration::from_secs(10)))
            .timeout(opts.request_timeout)
            .build()?;
        Ok(Crawler { client, opts })
    }

    /// The options in force.
    pub fn options(&self) -> &CrawlOptions {
        &self.opts
    }

    async fn fetch(&self, url: &Url, stats: &mut (usize, u64)) -> Result<Body, String> {
        guard::check(url, self.opts.allow_private).await?;
        stats.0 += 1;
        let resp = self
            .client
            .get(url.clone())
            .send()
            .await
            .map_err(describe_error)?;
        let status = resp.status().as_u16();
        let final_url = resp.url().clone();
        let content_type = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let mut bytes = Vec::new();
        let mut truncated = false;
        let mut stream = resp.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(describe_error)?;
            let room = self.opts.max_body - bytes.len();
            if chunk.len() > room {
                bytes.extend_from_slice(&chunk[..room]);
                truncated = true;
                break;
            }
            bytes.extend_from_slice(&chunk);
        }
        stats.1 += bytes.len() as u64;
        Ok(Body {
            status,
            final_url,
            content_type,
            bytes,
            truncated,
        })
    }

    /// Crawls one unit's site, breadth first from its homepage, within the limits. Never
    /// fails: what went wrong is in the snapshot.
    pub async fn crawl_unit(&self, unit: &Unit) -> SiteSnapshot {
        let started = Instant::now();
        let start = normalize_url(&unit.url);
        let hosts = unit.hosts();
        let start_port = start.port_or_known_default();
        let in_scope = |u: &Url| {
            let Some(h) = u.host_str().map(str::to_ascii_lowercase) else {
                return false;
            };
            if unit.extra_hosts.contains(&h) {
                return true;
            }
            hosts.contains(&h) && u.port_or_known_default() == start_port
        };
        let tld = start
            .domain()
            .and_then(|d| d.rsplit('.').next())
            .map(str::to_string);
        // Burst 1: governor's default burst equals the rate, which would let the first
        // requests through at once.
        let period = Duration::from_secs_f64(1.0 / self.opts.rate_per_second.clamp(0.01, 1000.0));
        let quota = Quota::with_period(period)
            .expect("period is positive")
            .allow_burst(NonZeroU32::MIN);
        let limiter: DefaultDirectRateLimiter = RateLimiter::direct(quota);

        let mut snap = SiteSnapshot {
            unit_id: unit.id.clone(),
            start_url: start.to_string(),
            outcome: Outcome::Complete,
            pages: Vec::new(),
            documents: Vec::new(),
            external_links: Vec::new(),
            errors: Vec::new(),
            requests: 0,
            bytes: 0,
            elapsed_ms: 0,
        };
        let mut stats = (0usize, 0u64);
        let mut seen: HashSet<String> = HashSet::from([start.to_string()]);
        let mut queue: VecDeque<(Url, usize, Vec<String>)> =
            VecDeque::from([(start.clone(), 0, Vec::new())]);
        let mut external_seen: HashSet<String> = HashSet::new();
        while let Some((url, depth, path)) = queue.pop_front() {
            if started.elapsed() > self.opts.site_budget {
                snap.outcome = Outcome::Partial {
                    reason: format!("time budget of {:?} used up", self.opts.site_budget),
                };
                break;
            }
            let is_doc = looks_like_document(&url);
            if is_doc && snap.documents.len() >= self.opts.max_documents {
                continue;
            }
            if !is_doc && snap.pages.len() >= self.opts.max_pages {
                snap.outcome = Outcome::Partial {
                    reason: format!("page budget of {} pages reached", self.opts.max_pages),
                };
                continue;
            }
            limiter.until_ready().await;
            let body = match self.fetch(&url, &mut stats).await {
                Ok(b) => b,
                Err(message) => {
                    if is_doc {
                        snap.documents.push(DocumentRecord {
                            url: url.to_string(),
                            final_url: url.to_string(),
                            status: 0,
                            depth,
                            click_path: path.clone(),
                            content_type: String::new(),
                            size: 0,
                            error: Some(message.clone()),
                        });
                    }
                    snap.errors.push(CrawlError {
                        url: url.to_string(),
                        message,
                    });
                    continue;
                }
            };
            if body.truncated {
                snap.errors.push(CrawlError {
                    url: url.to_string(),
                    message: format!(
                        "body larger than {} bytes; only the first part was read",
                        self.opts.max_body
                    ),
                });
            }
            if body.status >= 400 {
                snap.errors.push(CrawlError {
                    url: url.to_string(),
                    message: format!("HTTP {}", body.status),
                });
            }
            let kind = sniff_kind(&body.content_type, &body.final_url, &body.bytes);
            if kind != "text/html" || body.status >= 400 && is_doc {
                snap.documents.push(DocumentRecord {
                    url: url.to_string(),
                    final_url: body.final_url.to_string(),
                    status: body.status,
                    depth,
                    click_path: path,
                    content_type: if kind == "other" {
                        body.content_type.clone()
                    } else {
                        kind.to_string()
                    },
                    size: body.bytes.len() as u64,
                    error: None,
                });
                continue;
            }
            let decoded = thai::decode_html(&body.bytes, Some(&body.content_type), tld.as_deref());
            let model = extract::parse_html(&decoded.text, &body.final_url);
            if body.status < 400 && depth < self.opts.max_depth {
                for link in &model.links {
                    let Ok(target) = Url::parse(&link.url) else {
                        continue;
                    };
                    let target = normalize_url(&target);
                    if !in_scope(&target) {
                        if external_seen.insert(target.to_string()) {
                            snap.external_links.push(ExternalLink {
                                url: target.to_string(),
                                text: path_label(link),
                                found_on: body.final_url.to_string(),
                            });
                        }
                        continue;
                    }
                    if seen.insert(target.to_string()) {
                        let mut p = path.clone();
                        p.push(path_label(link));
                        queue.push_back((target, depth + 1, p));
                    }
                }
            }
            if snap.pages.is_empty() && body.status >= 400 {
                snap.outcome = Outcome::Failed {
                    reason: format!("the homepage answered HTTP {}", body.status),
                };
            }
            snap.pages.push(PageRecord {
                url: url.to_string(),
                final_url: body.final_url.to_string(),
                status: body.status,
                depth,
                click_path: path,
                encoding: decoded.encoding,
                charset_note: decoded.note,
                model,
            });
        }
        if snap.pages.is_empty() && matches!(snap.outcome, Outcome::Complete) {
            let reason = snap.errors.first().map_or_else(
                || "no page could be fetched".to_string(),
                |e| e.message.clone(),
            );
            snap.outcome = Outcome::Failed { reason };
        }
        snap.requests = stats.0;
        snap.bytes = stats.1;
        snap.elapsed_ms = started.elapsed().as_millis() as u64;
        snap
    }
}

/// Turns a reqwest error into words a site owner can act on.
fn describe_error(e: reqwest::Error) -> String {
    let mut chain = String::new();
    let mut src: Option<&dyn std::error::Error> = Some(&e);
    while let Some(s) = src {
        if !chain.is_empty() {
            chain.push_str(": ");
        }
        chain.push_str(&s.to_string());
        src = s.source();
    }
    let lower = chain.to_ascii_lowercase();
    let kind = if e.is_timeout() {
        "timed out"
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake")
    {
        "TLS/certificate error"
    } else if lower.contains("dns") || lower.contains("failed to lookup") {
        "DNS error"
    } else if e.is_redirect() {
        "redirect refused"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    format!("{kind}: {chain}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_normalisation() {
        let u = Url::parse("HTTP://Example.go.th:80/a/?#frag").unwrap();
        assert_eq!(normalize_url(&u).as_str(), "http://example.go.th/a/");
        let u = Url::parse("http://127.0.0.1:42961/x#y").unwrap();
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
        assert_eq!(sniff_kind("", &u, b"<!DOCTYPE html><html>"), "text/html");
        assert_eq!(
            sniff_kind("text/html; charset=tis-620", &u, b""),
            "text/html"
        );
        assert_eq!(sniff_kind("image/png", &u, b"\x89PNG"), "other");
    }
}
