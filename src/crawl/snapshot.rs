//! What a crawl leaves behind: the snapshot of one unit's site (pages, documents, external
//! links, errors, what was skipped and why) and what a later scan reuses of it. Detection and
//! reports read only this; it is saved as `<id>.snapshot.json.zst` so detection can run again
//! without the network.

use super::fetch::ErrorKind;
use crate::extract::{self, PageModel};
use crate::units::Unit;
use serde::{Deserialize, Serialize};
use url::Url;

/// How a unit's crawl ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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

/// The outcome as machines and logs read it, whatever the report language: "complete",
/// "partial: why", "failed: why" (the summary CSV, JUnit, the progress line).
impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Complete => f.write_str("complete"),
            Outcome::Partial { reason } => write!(f, "partial: {reason}"),
            Outcome::Failed { reason } => write!(f, "failed: {reason}"),
        }
    }
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
    /// Milliseconds to the end of the body.
    pub elapsed_ms: u64,
    /// Bytes downloaded (decompressed).
    #[serde(default)]
    pub size: u64,
    /// What the page says.
    pub model: PageModel,
    /// Validators and content hash, for conditional re-fetches in the next scan.
    #[serde(default, flatten)]
    pub cache: CacheInfo,
}

/// What a later scan needs to ask "has this changed?", and whether this scan asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheInfo {
    /// ETag the server sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// Last-Modified the server sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// FNV-1a 64 hash of the body, hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
    /// The server answered 304 Not Modified and the stored record was reused.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub revalidated: bool,
}

/// FNV-1a, 64 bits: stable across machines and versions (unlike std's hasher), for content
/// hashes and shard assignment. Not cryptographic.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The hash stored with each resource: it tells changed from unchanged.
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", fnv1a(bytes))
}

/// A resource fetched in an earlier scan: its validators and the record made from it then.
#[derive(Debug, Clone)]
pub struct CachedResource {
    /// Sent back as If-None-Match / If-Modified-Since.
    pub validators: super::fetch::Validators,
    /// Bytes its full download cost.
    pub bytes: u64,
    /// The record to reuse when the server answers 304.
    pub record: StoredRecord,
}

/// A page or document record as stored between scans.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum StoredRecord {
    /// An HTML page.
    Page(PageRecord),
    /// A document.
    Document(DocumentRecord),
}

/// Per unit: URL → what an earlier scan stored about it.
pub type UnitCache = std::collections::HashMap<String, CachedResource>;

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
    /// Content type (after sniffing the first bytes).
    pub content_type: String,
    /// Bytes read.
    pub size: u64,
    /// The body was cut at the size cap.
    #[serde(default)]
    pub truncated: bool,
    /// Why the request failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The document's text (PDF first pages, XLSX, DOCX), or why it could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<extract::DocText>,
    /// Validators and content hash, for conditional re-fetches in the next scan.
    #[serde(default, flatten)]
    pub cache: CacheInfo,
}

/// A link that leaves the site: recorded with its text, not crawled.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExternalLink {
    /// Target.
    pub url: String,
    /// Anchor text (or its row's text when the anchor says only "คลิก").
    pub text: String,
    /// The page it is on.
    pub found_on: String,
    /// For off-site documents checked for liveness: the HTTP status (0: the request failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Why the liveness check failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A problem met while crawling.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CrawlError {
    /// The URL concerned.
    pub url: String,
    /// Its kind.
    pub kind: ErrorKind,
    /// What happened, in words a site owner can act on.
    pub message: String,
}

/// A URL found but deliberately not fetched.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Skipped {
    /// The URL.
    pub url: String,
    /// Why.
    pub reason: String,
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
    /// URLs not fetched on purpose (robots.txt, traps, budgets).
    #[serde(default)]
    pub skipped: Vec<Skipped>,
    /// Facts about the site worth telling its owner (robots.txt, crawl-delay, TLS, traps).
    #[serde(default)]
    pub findings: Vec<String>,
    /// HTTP requests sent (robots.txt, sitemaps and retries included).
    pub requests: usize,
    /// Body bytes read.
    pub bytes: u64,
    /// Wall time, milliseconds.
    pub elapsed_ms: u64,
    /// Requests answered 304 Not Modified (their stored records were reused).
    #[serde(default)]
    pub revalidated: usize,
    /// Bytes those 304 answers saved, from the stored sizes.
    #[serde(default)]
    pub bytes_saved: u64,
}

impl SiteSnapshot {
    pub(crate) fn new(unit: &Unit, start: &Url) -> SiteSnapshot {
        SiteSnapshot {
            unit_id: unit.id.clone(),
            start_url: start.to_string(),
            outcome: Outcome::Complete,
            pages: Vec::new(),
            documents: Vec::new(),
            external_links: Vec::new(),
            errors: Vec::new(),
            skipped: Vec::new(),
            findings: Vec::new(),
            requests: 0,
            bytes: 0,
            elapsed_ms: 0,
            revalidated: 0,
            bytes_saved: 0,
        }
    }

    /// Counts a resource's bytes as downloaded, or as saved when a 304 let the stored record
    /// stand.
    pub(crate) fn count_bytes(&mut self, cache: &CacheInfo, size: u64) {
        if cache.revalidated {
            self.revalidated += 1;
            self.bytes_saved += size;
        } else {
            self.bytes += size;
        }
    }

    /// Records an error answer (HTTP 400 and up) as one of the crawl's errors.
    pub(crate) fn http_status(&mut self, url: &str, status: u16) {
        if status >= 400 {
            self.errors.push(CrawlError {
                url: url.to_string(),
                kind: ErrorKind::Other,
                message: format!("HTTP {status}"),
            });
        }
    }

    pub(crate) fn finding(&mut self, f: impl Into<String>) {
        let f = f.into();
        if !self.findings.contains(&f) {
            self.findings.push(f);
        }
    }

    /// Roughly how many bytes of memory a unit like this takes while it is crawled and
    /// finished: the texts of its pages, links and documents, times what the allocator, the
    /// parse and detection add (measured: the 200-unit province bench peaked at 2.7 times the
    /// texts). A run uses it to judge how many units it can crawl at once.
    pub fn retained_bytes(&self) -> u64 {
        let link = |l: &crate::extract::Link| {
            l.url.len() + l.text.len() + l.title.len() + l.context.len() + l.section.len() + 64
        };
        let pages: usize = self
            .pages
            .iter()
            .map(|p| {
                let m = &p.model;
                p.url.len()
                    + p.final_url.len()
                    + m.title.len()
                    + m.text.len()
                    + m.headings.iter().map(String::len).sum::<usize>()
                    + m.links.iter().map(link).sum::<usize>()
                    + m.images.iter().map(String::len).sum::<usize>()
                    + 256
            })
            .sum();
        let docs: usize = self
            .documents
            .iter()
            .map(|d| d.url.len() + d.text.as_ref().map_or(0, |t| t.text.len()) + 256)
            .sum();
        (pages + docs) as u64 * 27 / 10
    }

    /// A snapshot for a unit that was never crawled (the run was stopped first).
    pub fn not_started(unit: &Unit, reason: &str) -> SiteSnapshot {
        let mut s = SiteSnapshot::new(unit, &unit.url);
        s.outcome = Outcome::Failed {
            reason: reason.to_string(),
        };
        s
    }
}

/// The file suffix of a saved snapshot.
pub const SNAPSHOT_SUFFIX: &str = ".snapshot.json.zst";

/// Writes a snapshot as zstd-compressed JSON, as it is serialised: a site's snapshot is
/// mostly the same menus page after page, which zstd's long window finds across pages (a
/// small site's snapshot is a quarter of its gzip size, at gzip's speed), and it is never
/// held in memory as text.
pub fn write_snapshot(snap: &SiteSnapshot, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut z = zstd::Encoder::new(w, 3)?;
    serde_json::to_writer(&mut z, snap)?;
    z.finish()?;
    Ok(())
}

/// Reads a snapshot saved by a run: zstd (`<id>.snapshot.json.zst`), or the gzip and plain
/// JSON that earlier versions wrote, told apart by their first bytes.
pub fn read_snapshot(path: &std::path::Path) -> std::io::Result<SiteSnapshot> {
    use std::io::BufRead;
    let mut file = std::io::BufReader::new(std::fs::File::open(path)?);
    let snap = match file.fill_buf()? {
        [0x28, 0xb5, 0x2f, 0xfd, ..] => serde_json::from_reader(zstd::Decoder::with_buffer(file)?),
        [0x1f, 0x8b, ..] => serde_json::from_reader(flate2::read::GzDecoder::new(file)),
        _ => serde_json::from_reader(file),
    };
    snap.map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{}: {e}", path.display()),
        )
    })
}
