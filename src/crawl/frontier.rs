//! The frontier of one site: which URLs to fetch next, which are the same page written
//! differently, and which are traps.
//!
//! Government CMSs produce endless URLs: calendars that link to next month forever, session
//! ids in every link, the same Thai path percent-encoded in upper and lower case, `?page_id=`
//! with a trailing slash or not. The dedup key folds those; the trap guards cap the variants a
//! single path may produce, so a trap spends a few requests, never the whole budget.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};
use url::Url;

/// Query parameters that identify a session or a campaign, never a page.
const VOLATILE_PARAMS: &[&str] = &[
    "phpsessid",
    "jsessionid",
    "sid",
    "sessionid",
    "session_id",
    "session",
    "cfid",
    "cftoken",
    "aspsessionid",
    "fbclid",
    "gclid",
    "msclkid",
    "_ga",
    "ref",
    "replytocom",
];

/// Query keys that calendars and archives page through.
const CALENDAR_KEYS: &[&str] = &[
    "month",
    "year",
    "date",
    "day",
    "week",
    "cal",
    "calendar",
    "m",
    "y",
    "d",
    "mon",
    "yr",
    "time",
    "ym",
    "tribe-bar-date",
];

/// Longest URL crawled; longer ones are almost always generated.
pub const MAX_URL_LEN: usize = 1024;

fn is_volatile(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    VOLATILE_PARAMS.contains(&k.as_str()) || k.starts_with("utm_") || k.starts_with("aspsessionid")
}

/// Upper-cases percent escapes so `%e0%b8` and `%E0%B8` are one path.
fn upper_escapes(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && b[i + 1].is_ascii_hexdigit()
            && b[i + 2].is_ascii_hexdigit()
        {
            out.push('%');
            out.push(b[i + 1].to_ascii_uppercase() as char);
            out.push(b[i + 2].to_ascii_uppercase() as char);
            i += 3;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

/// Removes session ids (in the query and as `;jsessionid=` path parameters) and the
/// fragment; the URL still works and no longer changes per visit.
pub fn strip_volatile(u: &Url) -> Url {
    let mut u = u.clone();
    u.set_fragment(None);
    if let Some(pos) = u.path().to_ascii_lowercase().find(";jsessionid=") {
        let path = u.path()[..pos].to_string();
        u.set_path(&path);
    }
    if u.query().is_some() {
        let kept: Vec<(String, String)> = u
            .query_pairs()
            .filter(|(k, _)| !is_volatile(k))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            u.set_query(None);
        } else if kept.len() != u.query_pairs().count() {
            u.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    u
}

/// The key under which two URLs are the same page: no session ids, sorted query, upper-case
/// escapes, no trailing slash or `index.html` on the path.
pub fn dedup_key(u: &Url) -> String {
    let u = strip_volatile(u);
    let mut path = upper_escapes(u.path());
    for suffix in ["/index.html", "/index.htm"] {
        if path.ends_with(suffix) && u.query().is_none() {
            path.truncate(path.len() - suffix.len() + 1);
        }
    }
    if path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    let mut pairs: Vec<(String, String)> = u
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.sort();
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
    format!(
        "{}://{}{port}{path}{}{}",
        u.scheme(),
        u.host_str().unwrap_or(""),
        if query.is_empty() { "" } else { "?" },
        query.join("&")
    )
}

/// The path with every run of digits replaced by `#`: `/events/2025/01/` and
/// `/events/2025/02/` share a shape.
fn shape(u: &Url) -> String {
    let mut out = String::new();
    let mut in_digits = false;
    for c in u.path().chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    out
}

/// Why a URL is not crawled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Seen already (under its dedup key).
    Seen,
    /// Longer than [`MAX_URL_LEN`].
    TooLong,
    /// A calendar or archive paging through dates.
    Calendar(String),
    /// Too many query-string variants of one path.
    QueryVariants(String),
    /// Too many URLs of one digit shape (`/news/#/#/`).
    Shape(String),
    /// A path segment repeats (`/a/b/a/b/a/b`), a relative-link loop.
    RepeatingPath,
}

impl Refusal {
    /// The trap's description for the unit's report, or `None` when the URL was simply seen.
    pub fn trap(&self) -> Option<String> {
        match self {
            Refusal::Seen => None,
            Refusal::TooLong => Some(format!("URL longer than {MAX_URL_LEN} characters skipped")),
            Refusal::Calendar(p) => Some(format!(
                "calendar trap: stopped following date pages of {p}"
            )),
            Refusal::QueryVariants(p) => {
                Some(format!("URL trap: too many query-string variants of {p}"))
            }
            Refusal::Shape(p) => Some(format!("URL trap: too many pages shaped like {p}")),
            Refusal::RepeatingPath => {
                Some("URL trap: a path whose segments repeat (relative-link loop)".into())
            }
        }
    }
}

/// Limits of the trap guards.
#[derive(Debug, Clone, Copy)]
pub struct TrapLimits {
    /// Query-string variants of one path.
    pub per_path_queries: usize,
    /// Date-paging variants of one path.
    pub per_path_calendar: usize,
    /// URLs of one digit shape.
    pub per_shape: usize,
}

impl Default for TrapLimits {
    fn default() -> Self {
        TrapLimits {
            per_path_queries: 200,
            per_path_calendar: 6,
            per_shape: 60,
        }
    }
}

/// One URL waiting to be fetched.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The URL to fetch (session ids removed).
    pub url: Url,
    /// Clicks from the homepage.
    pub depth: usize,
    /// Link texts from the homepage.
    pub click_path: Vec<String>,
    /// Higher is fetched first.
    pub priority: i32,
    seq: u64,
}

impl PartialEq for Entry {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Entry {
    /// Highest priority first, then shallowest, then first discovered.
    fn cmp(&self, o: &Self) -> Ordering {
        self.priority
            .cmp(&o.priority)
            .then(o.depth.cmp(&self.depth))
            .then(o.seq.cmp(&self.seq))
    }
}

/// The frontier of one site.
#[derive(Debug, Default)]
pub struct Frontier {
    heap: BinaryHeap<Entry>,
    /// Sitemap URLs, fetched only when nothing found by clicking is left: a page found by
    /// clicking has a click path an assessor can follow.
    reserve: VecDeque<Entry>,
    seen: HashSet<String>,
    per_path: HashMap<String, (usize, usize)>,
    per_shape: HashMap<String, usize>,
    seq: u64,
    limits: TrapLimits,
    /// Traps met, each once.
    pub traps: Vec<String>,
}

impl Frontier {
    /// An empty frontier with these trap limits.
    pub fn new(limits: TrapLimits) -> Frontier {
        Frontier {
            limits,
            ..Frontier::default()
        }
    }

    fn admit(&mut self, url: &Url) -> Result<(), Refusal> {
        if url.as_str().len() > MAX_URL_LEN {
            return Err(Refusal::TooLong);
        }
        let key = dedup_key(url);
        if self.seen.contains(&key) {
            return Err(Refusal::Seen);
        }
        let segs: Vec<&str> = url.path().split('/').filter(|s| !s.is_empty()).collect();
        if segs.len() >= 6 {
            let counts = segs.iter().fold(HashMap::new(), |mut m, s| {
                *m.entry(*s).or_insert(0) += 1;
                m
            });
            if counts.values().any(|&c| c >= 3) {
                return Err(Refusal::RepeatingPath);
            }
        }
        let path_key = format!("{}{}", url.host_str().unwrap_or(""), url.path());
        if url.query().is_some() {
            let calendarish = url.query_pairs().any(|(k, v)| {
                CALENDAR_KEYS.contains(&k.to_ascii_lowercase().as_str())
                    && v.chars().any(|c| c.is_ascii_digit())
            });
            let (queries, calendars) = self.per_path.get(&path_key).copied().unwrap_or((0, 0));
            if calendarish && calendars >= self.limits.per_path_calendar {
                return Err(Refusal::Calendar(url.path().to_string()));
            }
            if queries >= self.limits.per_path_queries {
                return Err(Refusal::QueryVariants(url.path().to_string()));
            }
            self.per_path.insert(
                path_key,
                (queries + 1, calendars + usize::from(calendarish)),
            );
        }
        let sh = shape(url);
        if sh.contains('#') {
            let n = self
                .per_shape
                .entry(format!("{}{sh}", url.host_str().unwrap_or("")))
                .or_insert(0);
            if *n >= self.limits.per_shape {
                return Err(Refusal::Shape(sh));
            }
            *n += 1;
        }
        self.seen.insert(key);
        Ok(())
    }

    fn note(&mut self, r: &Refusal) {
        if let Some(t) = r.trap()
            && !self.traps.contains(&t)
        {
            self.traps.push(t);
        }
    }

    /// Offers a URL found by clicking; returns whether it was queued.
    pub fn push(&mut self, url: Url, depth: usize, click_path: Vec<String>, priority: i32) -> bool {
        let url = strip_volatile(&url);
        match self.admit(&url) {
            Ok(()) => {
                self.seq += 1;
                self.heap.push(Entry {
                    url,
                    depth,
                    click_path,
                    priority,
                    seq: self.seq,
                });
                true
            }
            Err(r) => {
                self.note(&r);
                false
            }
        }
    }

    /// Offers a URL from a sitemap: fetched only after everything found by clicking.
    pub fn push_reserve(&mut self, url: Url, label: &str) -> bool {
        let url = strip_volatile(&url);
        match self.admit(&url) {
            Ok(()) => {
                self.seq += 1;
                self.reserve.push_back(Entry {
                    url,
                    depth: 1,
                    click_path: vec![label.to_string()],
                    priority: i32::MIN,
                    seq: self.seq,
                });
                true
            }
            Err(r) => {
                self.note(&r);
                false
            }
        }
    }

    /// Marks a URL as seen without queueing it (the homepage after a redirect, say).
    pub fn mark_seen(&mut self, url: &Url) {
        self.seen.insert(dedup_key(url));
    }

    /// The next URL to fetch. Sitemap URLs come only when `reserve_too` (the caller passes
    /// "nothing in flight", since a page in flight may still add clicked links).
    pub fn pop(&mut self, reserve_too: bool) -> Option<Entry> {
        self.heap.pop().or_else(|| {
            if reserve_too {
                self.reserve.pop_front()
            } else {
                None
            }
        })
    }

    /// URLs waiting.
    pub fn len(&self) -> usize {
        self.heap.len() + self.reserve.len()
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn same_page_written_differently() {
        let k = |s| dedup_key(&u(s));
        assert_eq!(k("http://x.go.th/a/"), k("http://x.go.th/a"));
        assert_eq!(k("http://x.go.th/a/index.html"), k("http://x.go.th/a/"));
        assert_eq!(k("http://x.go.th/%e0%b8%81/"), k("http://x.go.th/ก"));
        assert_eq!(
            k("http://x.go.th/p?b=2&a=1"),
            k("http://x.go.th/p?a=1&b=2&PHPSESSID=abc")
        );
        assert_eq!(k("http://X.go.th:80/p#top"), k("http://x.go.th/p"));
        assert_eq!(
            k("http://x.go.th/p;jsessionid=ABC?utm_source=fb"),
            k("http://x.go.th/p")
        );
        assert_ne!(k("http://x.go.th/p?id=1"), k("http://x.go.th/p?id=2"));
        assert_ne!(k("http://x.go.th/"), k("https://x.go.th/"));
    }

    #[test]
    fn session_ids_are_stripped_from_what_is_fetched() {
        assert_eq!(
            strip_volatile(&u("http://x/a.php?id=3&PHPSESSID=zz#f")).as_str(),
            "http://x/a.php?id=3"
        );
        assert_eq!(
            strip_volatile(&u("http://x/a.php?sid=1")).as_str(),
            "http://x/a.php"
        );
    }

    #[test]
    fn calendar_trap_is_capped() {
        let mut f = Frontier::new(TrapLimits::default());
        let queued = (1..=100)
            .filter(|m| {
                f.push(
                    u(&format!("http://x/calendar.php?month={m}&year=2568")),
                    1,
                    vec![],
                    0,
                )
            })
            .count();
        assert_eq!(queued, 6);
        assert!(f.traps[0].contains("calendar trap"), "{:?}", f.traps);
        // Other paths are unaffected.
        assert!(f.push(u("http://x/ita.php?y=2568"), 1, vec![], 0));
    }

    #[test]
    fn shapes_and_loops_are_capped() {
        let mut f = Frontier::new(TrapLimits {
            per_shape: 5,
            ..TrapLimits::default()
        });
        let queued = (1..=20)
            .filter(|d| f.push(u(&format!("http://x/events/2025/01/{d}/")), 1, vec![], 0))
            .count();
        assert_eq!(queued, 5);
        assert!(!f.push(u("http://x/a/b/a/b/a/b/"), 1, vec![], 0));
        assert!(f.traps.iter().any(|t| t.contains("repeat")));
    }

    #[test]
    fn best_first_then_shallow_then_reserve() {
        let mut f = Frontier::new(TrapLimits::default());
        f.push_reserve(u("http://x/from-sitemap"), "sitemap.xml");
        f.push(u("http://x/deep"), 3, vec![], 0);
        f.push(u("http://x/shallow"), 1, vec![], 0);
        f.push(u("http://x/ita"), 2, vec![], 10);
        let order: Vec<String> = std::iter::from_fn(|| f.pop(true))
            .map(|e| e.url.path().to_string())
            .collect();
        assert_eq!(order, vec!["/ita", "/shallow", "/deep", "/from-sitemap"]);
    }
}
