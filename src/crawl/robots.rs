//! robots.txt, read once per host and obeyed as RFC 9309 says: a missing file (4xx) allows
//! everything, an unreachable one (5xx, network error) disallows everything for this run.

use url::Url;

/// The product token oitscan matches in robots.txt groups.
pub const AGENT: &str = "oitscan";
/// Largest robots.txt read (RFC 9309 asks crawlers to read at least 500 KiB).
pub const MAX_BYTES: usize = 512 * 1024;

enum Rules {
    AllowAll,
    DisallowAll,
    Parsed(Box<texting_robots::Robot>),
}

/// A host's robots.txt rules.
pub struct Robots {
    rules: Rules,
    /// Crawl-delay in seconds, as written (before any cap).
    pub crawl_delay: Option<f64>,
    /// Sitemaps it names.
    pub sitemaps: Vec<String>,
    /// What happened when fetching it, when worth reporting.
    pub note: Option<String>,
}

impl Robots {
    /// Rules that allow everything (no robots.txt, or not fetched).
    pub fn allow_all(note: Option<String>) -> Robots {
        Robots {
            rules: Rules::AllowAll,
            crawl_delay: None,
            sitemaps: vec![],
            note,
        }
    }

    /// Rules from a fetch result: `Ok((status, body))` or the error met.
    pub fn from_fetch(result: Result<(u16, &[u8]), &str>) -> Robots {
        match result {
            Ok((status, body)) if (200..300).contains(&status) => {
                match texting_robots::Robot::new(AGENT, &body[..body.len().min(MAX_BYTES)]) {
                    Ok(r) => Robots {
                        crawl_delay: r.delay.map(f64::from).filter(|d| d.is_finite() && *d > 0.0),
                        sitemaps: r.sitemaps.clone(),
                        rules: Rules::Parsed(Box::new(r)),
                        note: None,
                    },
                    Err(e) => Robots::allow_all(Some(format!(
                        "robots.txt could not be parsed ({e}); crawled as if allowed"
                    ))),
                }
            }
            Ok((status, _)) if (400..500).contains(&status) => Robots::allow_all(None),
            Ok((status, _)) => Robots {
                rules: Rules::DisallowAll,
                crawl_delay: None,
                sitemaps: vec![],
                note: Some(format!(
                    "robots.txt answered HTTP {status}; RFC 9309 treats the site as disallowed, so it was not crawled"
                )),
            },
            Err(e) => Robots {
                rules: Rules::DisallowAll,
                crawl_delay: None,
                sitemaps: vec![],
                note: Some(format!(
                    "robots.txt could not be fetched ({e}); RFC 9309 treats the site as disallowed, so it was not crawled"
                )),
            },
        }
    }

    /// Whether oitscan may fetch this URL.
    pub fn allowed(&self, url: &Url) -> bool {
        match &self.rules {
            Rules::AllowAll => true,
            Rules::DisallowAll => url.path() == "/robots.txt",
            Rules::Parsed(r) => r.allowed(url.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_delay_and_sitemaps() {
        let txt = b"User-agent: *\nDisallow: /private/\nCrawl-delay: 3\nSitemap: https://x.go.th/sitemap.xml\n";
        let r = Robots::from_fetch(Ok((200, txt)));
        assert!(!r.allowed(&Url::parse("https://x.go.th/private/ita.html").unwrap()));
        assert!(r.allowed(&Url::parse("https://x.go.th/ita.html").unwrap()));
        assert_eq!(r.crawl_delay, Some(3.0));
        assert_eq!(r.sitemaps, vec!["https://x.go.th/sitemap.xml"]);
    }

    #[test]
    fn agent_group_wins() {
        let txt = b"User-agent: *\nDisallow: /\n\nUser-agent: oitscan\nAllow: /\n";
        assert!(Robots::from_fetch(Ok((200, txt))).allowed(&Url::parse("https://x/a").unwrap()));
    }

    #[test]
    fn rfc9309_statuses() {
        let u = Url::parse("https://x.go.th/a").unwrap();
        assert!(Robots::from_fetch(Ok((404, b""))).allowed(&u));
        let r = Robots::from_fetch(Ok((503, b"")));
        assert!(!r.allowed(&u));
        assert!(r.note.unwrap().contains("HTTP 503"));
        assert!(!Robots::from_fetch(Err("timed out")).allowed(&u));
    }
}
