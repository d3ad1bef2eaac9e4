//! Crawl snapshots built in memory, for tests of the pure stages (detection, reports): no
//! server, no clock.

#![allow(dead_code)]

use oitscan::crawl::{DocumentRecord, Outcome, PageRecord, SiteSnapshot};
use oitscan::extract::{DocText, parse_html};
use url::Url;

/// An HTML page at `base` + `path`, parsed as the crawler would.
pub fn page(base: &str, path: &str, html: &str, depth: usize, click_path: &[&str]) -> PageRecord {
    let url = format!("{base}{path}");
    PageRecord {
        url: url.clone(),
        final_url: url.clone(),
        status: 200,
        depth,
        click_path: click_path.iter().map(|s| s.to_string()).collect(),
        encoding: "UTF-8".into(),
        charset_note: None,
        elapsed_ms: 1,
        size: html.len() as u64,
        model: parse_html(html, &Url::parse(&url).unwrap()),
        cache: Default::default(),
    }
}

/// A PDF linked from the ITA page, with the text its extraction gave (if any).
pub fn doc(base: &str, path: &str, status: u16, text: Option<DocText>) -> DocumentRecord {
    DocumentRecord {
        url: format!("{base}{path}"),
        final_url: format!("{base}{path}"),
        status,
        depth: 2,
        click_path: vec!["ITA 2568".into()],
        content_type: "application/pdf".into(),
        size: 100,
        truncated: false,
        error: None,
        text,
        cache: Default::default(),
    }
}

/// A PDF's text layer.
pub fn pdf_text(t: &str) -> Option<DocText> {
    Some(DocText {
        kind: "pdf".into(),
        text: t.into(),
        ..DocText::default()
    })
}

/// A complete crawl of one unit's site.
pub fn snapshot(
    unit_id: &str,
    base: &str,
    pages: Vec<PageRecord>,
    documents: Vec<DocumentRecord>,
) -> SiteSnapshot {
    SiteSnapshot {
        unit_id: unit_id.into(),
        start_url: format!("{base}/"),
        outcome: Outcome::Complete,
        pages,
        documents,
        external_links: vec![],
        errors: vec![],
        skipped: vec![],
        findings: vec![],
        requests: 0,
        bytes: 0,
        elapsed_ms: 0,
        revalidated: 0,
        bytes_saved: 0,
    }
}
