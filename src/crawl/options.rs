//! How a crawl is asked to behave (limits, politeness, safety) and controlled while it runs
//! (the run's deadline, Ctrl-C, the counters a progress line shows).

use super::frontier::TrapLimits;
use super::gate::Politeness;
use super::guard::PrivateAccess;
use crate::extract::Link;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};
use url::Url;

/// Limits and manners of a crawl.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    /// Most HTML pages fetched per site.
    pub max_pages: usize,
    /// Most documents (PDF, XLSX, DOCX, …) fetched per site.
    pub max_documents: usize,
    /// Deepest click distance from the homepage followed.
    pub max_depth: usize,
    /// Time one request may take, body included.
    pub request_timeout: Duration,
    /// Time to connect.
    pub connect_timeout: Duration,
    /// Time one site may take in all.
    pub site_budget: Duration,
    /// Largest HTML page read, in bytes.
    pub max_page_bytes: usize,
    /// Largest document read, in bytes.
    pub max_document_bytes: usize,
    /// Retries after a timeout, a 5xx or a dropped body.
    pub max_retries: u32,
    /// Most redirects followed per request.
    pub max_redirects: usize,
    /// Tries at a site's first request when it refuses the connection or times out:
    /// government servers are often briefly down, and one failed connection must not fail
    /// the unit for the whole run (1: no second try).
    pub first_contact_tries: u32,
    /// The wait before the second try at first contact; doubled before each further one.
    pub first_contact_wait: Duration,
    /// The program that reads documents in a separate process (`oitscan` itself; see
    /// [`crate::extract::worker`]); none: read them on a thread of this process.
    pub extract_worker: Option<std::path::PathBuf>,
    /// Address space a document-reading process may use.
    pub extract_memory: u64,
    /// Which non-public addresses may be reached (tests and the demo only).
    pub access: PrivateAccess,
    /// The proxy to send requests through (`--proxy`); none by default, whatever the
    /// environment says.
    pub proxy: Option<Url>,
    /// Crawl on without certificate checks when a site's TLS is broken (still reported).
    pub insecure_tls: bool,
    /// Off-site documents checked for liveness per site (0: none).
    pub external_checks: usize,
    /// Read robots.txt sitemaps (or /sitemap.xml) for extra seeds.
    pub use_sitemaps: bool,
    /// The User-Agent header.
    pub user_agent: String,
    /// Politeness: rates, concurrency, backoff, circuit breaker.
    pub politeness: Politeness,
    /// URL-trap limits.
    pub traps: TrapLimits,
    /// Fixed name → address mappings (benchmarks with virtual hosts on 127.0.0.1).
    pub resolve: Vec<(String, std::net::SocketAddr)>,
}

impl Default for CrawlOptions {
    fn default() -> Self {
        CrawlOptions {
            max_pages: 150,
            max_documents: 150,
            max_depth: 5,
            request_timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(10),
            site_budget: Duration::from_secs(900),
            max_page_bytes: 5 * 1024 * 1024,
            max_document_bytes: 20 * 1024 * 1024,
            max_retries: 2,
            max_redirects: 10,
            first_contact_tries: 4,
            first_contact_wait: Duration::from_secs(3),
            extract_worker: None,
            extract_memory: 1024 * 1024 * 1024,
            access: PrivateAccess::Deny,
            proxy: None,
            insecure_tls: false,
            external_checks: 40,
            use_sitemaps: true,
            user_agent: user_agent(None),
            politeness: Politeness::default(),
            traps: TrapLimits::default(),
            resolve: Vec::new(),
        }
    }
}

impl CrawlOptions {
    /// Options for fixture sites on this machine: everything on 127.0.0.1 allowed, fast.
    pub fn local_fixtures() -> CrawlOptions {
        CrawlOptions {
            access: PrivateAccess::AllowAll,
            // A fixture server is either up or not.
            first_contact_tries: 1,
            politeness: Politeness {
                rate_per_host: 200.0,
                rate_per_ip: None,
                per_host_concurrency: 4,
                ..Politeness::default()
            },
            ..CrawlOptions::default()
        }
    }
}

/// The User-Agent oitscan sends: its name, version, and where a site owner can reach the
/// operator.
pub fn user_agent(contact: Option<&str>) -> String {
    let contact = contact.unwrap_or("https://github.com/oitscan/oitscan");
    format!(
        "oitscan/{} (+{contact}; ITA/OIT disclosure audit)",
        env!("CARGO_PKG_VERSION")
    )
}

/// Counters shared by every unit of a run, for progress display.
#[derive(Debug, Default)]
pub struct RunStats {
    /// Requests sent.
    pub requests: AtomicU64,
    /// HTML pages fetched.
    pub pages: AtomicU64,
    /// Errors met.
    pub errors: AtomicU64,
    /// Body bytes read.
    pub bytes: AtomicU64,
}

/// When the whole run must stop: a deadline, or a cancel signal (Ctrl-C).
#[derive(Debug, Clone)]
pub struct RunControl {
    /// The run's global deadline.
    pub deadline: Option<Instant>,
    /// Becomes true when the run is cancelled.
    pub cancel: tokio::sync::watch::Receiver<bool>,
}

impl RunControl {
    /// A control that never stops the run, and the sender that can.
    pub fn new(deadline: Option<Instant>) -> (RunControl, tokio::sync::watch::Sender<bool>) {
        let (tx, rx) = tokio::sync::watch::channel(false);
        (
            RunControl {
                deadline,
                cancel: rx,
            },
            tx,
        )
    }

    /// Why the run must stop now, if it must.
    pub fn stop_reason(&self) -> Option<&'static str> {
        if *self.cancel.borrow() {
            Some("the run was interrupted")
        } else if self.deadline.is_some_and(|d| Instant::now() >= d) {
            Some("the run's deadline was reached")
        } else {
            None
        }
    }
}

/// Scores a link for the best-first frontier (higher first); the checklist provides it, so
/// the crawler fetches what looks like the ITA hub and its items before anything else.
pub type LinkScorer = Arc<dyn Fn(&Link) -> i32 + Send + Sync>;
