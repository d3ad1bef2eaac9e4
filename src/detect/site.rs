//! The site as detection sees it: pages and documents indexed by URL, which pages are ITA/OIT
//! hubs and for which year, the homepage and its copies, placeholder and empty pages, the
//! shortest click path to every URL, and what a link leads to. Built once per unit; the
//! evidence search (`evidence`) asks it questions.

use super::Hub;
use super::evidence::*;
use super::target::*;
use super::year::*;
use crate::crawl::frontier::dedup_key;
use crate::crawl::{DocumentRecord, ExternalLink, PageRecord, SiteSnapshot};
use crate::extract::{Link, is_generic_anchor};
use crate::thai::{self, FiscalYear};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use url::Url;

/// A crawled site, indexed for evidence lookups.
pub(super) struct Site<'a> {
    pub(super) snap: &'a SiteSnapshot,
    pub(super) fy: FiscalYear,
    pub(super) docs: HashMap<String, &'a DocumentRecord>,
    pub(super) external: HashMap<String, &'a ExternalLink>,
    /// Per page: whether it is an ITA/OIT hub, and the assessment year it is for.
    pub(super) page_hub: Vec<(bool, Option<i32>)>,
    /// The homepage (the first page fetched).
    pub(super) home: Option<&'a PageRecord>,
    /// Per page URL key (asked for and final): its index in the snapshot.
    pub(super) page_index: HashMap<String, usize>,
    /// Per page: it is the homepage, or the homepage served again under another name
    /// (`Default.aspx` beside `/`).
    pub(super) home_copy: Vec<bool>,
    /// Per page: it only says its content is being prepared.
    pub(super) placeholder: Vec<bool>,
    /// What the pages share (menus, footers, generic lists), and each page's own text.
    pub(super) tpl: Template,
    /// Per page: it shows nothing of its own beyond its heading (see
    /// [`Template::substantive`]).
    pub(super) empty: Vec<bool>,
    /// Per page: it lists the items (an ITA/OIT page, or part of one), so it is no item's
    /// evidence.
    pub(super) lists_items: Vec<bool>,
    /// URL key → the shortest click path from the homepage, over every link the crawl saw.
    /// The crawler fetches hub-looking links first, so the path it happened to take to a
    /// page can be longer than the one a person (and an ITAS explanation) would take.
    pub(super) paths: HashMap<String, Vec<String>>,
    /// Normalised texts of pages and documents by the address of what they were made from:
    /// many candidate links point at one page, and normalising a whole page is the costliest
    /// step of detection, so each is made once.
    pub(super) texts: RefCell<HashMap<(usize, u8), Arc<str>>>,
}

/// The words a link offers for matching: its anchor text and title, or only the title for
/// "คลิก"-style anchors (the row around them names the item).
pub(super) fn link_anchor(link: &Link) -> String {
    if is_generic_anchor(&link.text) {
        link.title.clone()
    } else {
        format!("{} {}", link.text, link.title)
    }
}

/// What a person clicks, as a click path reads best: the anchor, or the row that names the
/// item when the anchor says nothing.
pub(super) fn link_label(link: &Link) -> String {
    let anchor = link_anchor(link);
    let anchor = anchor.trim();
    if anchor.is_empty() {
        link.context.clone()
    } else {
        anchor.to_string()
    }
}

/// Shortest click paths from the homepage (breadth-first over the crawled pages' links).
pub(super) fn shortest_paths(
    snap: &SiteSnapshot,
    page_index: &HashMap<String, usize>,
) -> HashMap<String, Vec<String>> {
    let mut paths: HashMap<String, Vec<String>> = HashMap::new();
    let Some(home) = snap.pages.first() else {
        return paths;
    };
    let mut queue = std::collections::VecDeque::new();
    for k in [key(&home.url), key(&home.final_url)] {
        paths.insert(k, Vec::new());
    }
    queue.push_back(home);
    while let Some(p) = queue.pop_front() {
        let base = paths.get(&key(&p.final_url)).cloned().unwrap_or_default();
        for l in &p.model.links {
            let k = key(&l.url);
            if paths.contains_key(&k) {
                continue;
            }
            let mut path = base.clone();
            path.push(link_label(l).chars().take(80).collect());
            paths.insert(k.clone(), path.clone());
            if let Some(&i) = page_index.get(&k) {
                let t = &snap.pages[i];
                paths.entry(key(&t.final_url)).or_insert(path);
                queue.push_back(t);
            }
        }
    }
    paths
}

pub(crate) fn key(u: &str) -> String {
    Url::parse(u)
        .map(|u| dedup_key(&u))
        .unwrap_or_else(|_| u.to_string())
}

impl<'a> Site<'a> {
    pub(super) fn new(snap: &'a SiteSnapshot, fy: FiscalYear) -> Site<'a> {
        let mut docs = HashMap::new();
        for d in &snap.documents {
            docs.insert(key(&d.url), d);
            docs.insert(key(&d.final_url), d);
        }
        let external = snap
            .external_links
            .iter()
            .map(|e| (key(&e.url), e))
            .collect();
        let page_hub = snap
            .pages
            .iter()
            .map(|p| {
                let title = thai::normalize(&p.model.title);
                let h1 = p
                    .model
                    .headings
                    .first()
                    .map(|h| thai::normalize(h))
                    .unwrap_or_default();
                let last_click = p
                    .click_path
                    .last()
                    .map(|c| thai::normalize(c))
                    .unwrap_or_default();
                let coded_rows = p
                    .model
                    .links
                    .iter()
                    .filter(|l| thai::leading_item_code(&l.context).is_some())
                    .count();
                let hub = is_hub_text(&title) || is_hub_text(&h1) || coded_rows >= 5;
                // A page that lists items: many coded rows, or titled as the ITA/OIT page
                // itself ("ป้องกันการทุจริต" alone also names item pages).
                let lists = coded_rows >= 3
                    || [&title, &h1].iter().any(|t| {
                        is_hub_text(t)
                            && (has_word(t, "ita")
                                || has_word(t, "oit")
                                || t.contains("การประเมินคุณธรรมและความโปร่งใส")
                                || t.contains("เปิดเผยข้อมูลสาธารณะ"))
                    });
                // The title, or the one year the page's dated hub headings share; a page with
                // several years' sections side by side has no single year (its sections do).
                let mut heading_years: Vec<i32> = p
                    .model
                    .headings
                    .iter()
                    .map(|h| thai::normalize(h))
                    .filter(|h| is_hub_text(h))
                    .filter_map(|h| single_year(&h))
                    .collect();
                heading_years.sort();
                heading_years.dedup();
                let year = [&title, &last_click]
                    .into_iter()
                    .filter(|t| is_hub_text(t))
                    .find_map(|t| single_year(t))
                    .or(if heading_years.len() == 1 {
                        Some(heading_years[0])
                    } else {
                        None
                    });
                ((hub, if hub { year } else { None }), lists)
            })
            .collect::<Vec<_>>();
        let (page_hub, lists_items): (Vec<_>, Vec<_>) = page_hub.into_iter().unzip();
        let page_index: HashMap<String, usize> = snap
            .pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| [(key(&p.url), i), (key(&p.final_url), i)])
            .collect();
        let tpl = Template::new(snap);
        let home = snap.pages.first();
        let home_copy = snap
            .pages
            .iter()
            .map(|p| {
                home.is_some_and(|h| {
                    key(&h.final_url) == key(&p.final_url)
                        || (h.model.title == p.model.title && h.model.text == p.model.text)
                })
            })
            .collect();
        let placeholder = snap
            .pages
            .iter()
            .zip(&tpl.own)
            .map(|(p, own)| is_placeholder(p, own))
            .collect();
        let empty = snap
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| !tpl.substantive(i, p, &docs))
            .collect();
        let paths = shortest_paths(snap, &page_index);
        let mut site = Site {
            snap,
            fy,
            docs,
            external,
            page_hub,
            home,
            page_index,
            home_copy,
            placeholder,
            tpl,
            empty,
            lists_items,
            paths,
            texts: RefCell::default(),
        };
        site.inherit_hub_years();
        site
    }

    /// Hubs split over several pages (one per sub-indicator, as on Google Sites or vendor
    /// templates) name the year only on the top page: a page that a year's hub links as
    /// "ตัวชี้วัดย่อยที่ 9.1 …" or as a code range ("O1–O10") is part of that year's hub.
    pub(super) fn inherit_hub_years(&mut self) {
        for _ in 0..2 {
            let mut found: HashMap<usize, Option<i32>> = HashMap::new();
            for (pi, p) in self.snap.pages.iter().enumerate() {
                if !self.page_hub[pi].0 {
                    continue;
                }
                for l in &p.model.links {
                    let Some(y) = self.link_year(pi, l) else {
                        continue;
                    };
                    let Some(&ti) = self.page_index.get(&key(&l.url)) else {
                        continue;
                    };
                    if ti == pi || self.page_hub[ti].1.is_some() {
                        continue;
                    }
                    let t = &self.snap.pages[ti];
                    let h1 = t.model.headings.first().map(String::as_str).unwrap_or("");
                    let sub = [l.text.as_str(), t.model.title.as_str(), h1]
                        .iter()
                        .any(|s| thai::normalize(s).contains("ตัวชี้วัด"))
                        || thai::find_item_codes(&l.text).len() >= 2;
                    if sub {
                        let e = found.entry(ti).or_insert(Some(y));
                        if *e != Some(y) {
                            *e = None;
                        }
                    }
                }
            }
            if found.is_empty() {
                break;
            }
            for (ti, y) in found {
                if let Some(y) = y {
                    self.page_hub[ti] = (true, Some(y));
                    self.lists_items[ti] = true;
                }
            }
        }
    }

    /// What a page shows for the component checks: its text and the names of its own images
    /// (a photo is a `.jpg` on the page whatever the text says; the logo and banners every
    /// page shares with the homepage do not count), normalised.
    pub(super) fn component_text(&self, p: &PageRecord) -> Arc<str> {
        self.normalised((std::ptr::from_ref(p) as usize, 0), || {
            let shared = |img: &&String| {
                self.home
                    .is_some_and(|h| !std::ptr::eq(h, p) && h.model.images.contains(img))
            };
            let own: Vec<&String> = p.model.images.iter().filter(|i| !shared(i)).collect();
            let text = self.page_text(p);
            // Most pages have no images of their own: their page text is shared, not copied.
            if own.is_empty() {
                return text;
            }
            let mut t = text.to_string();
            for img in own {
                t.push(' ');
                t.push_str(&img.to_lowercase());
            }
            t.into()
        })
    }

    /// A page's own text, normalised (once).
    pub(super) fn page_text(&self, p: &PageRecord) -> Arc<str> {
        self.normalised((std::ptr::from_ref(p) as usize, 1), || {
            thai::normalize(&p.model.text).into()
        })
    }

    /// A document's text, normalised (once).
    pub(super) fn doc_text(&self, t: &crate::extract::DocText) -> Arc<str> {
        self.normalised((std::ptr::from_ref(t) as usize, 2), || {
            thai::normalize(&t.text).into()
        })
    }

    /// A text made once per key and shared after. The borrow is released while `make` runs,
    /// which may itself ask for another text (a component text asks for its page text).
    pub(super) fn normalised(&self, key: (usize, u8), make: impl FnOnce() -> Arc<str>) -> Arc<str> {
        if let Some(t) = self.texts.borrow().get(&key) {
            return t.clone();
        }
        let t = make();
        self.texts.borrow_mut().insert(key, t.clone());
        t
    }

    /// The shortest known click path to a URL, else the crawler's.
    pub(super) fn path_to(&self, url: &str, crawled: &[String]) -> Vec<String> {
        match self.paths.get(&key(url)) {
            Some(p) if p.len() <= crawled.len() => p.clone(),
            _ => crawled.to_vec(),
        }
    }

    /// Dates in a page's own content (not its template) or a document's first pages, for
    /// evidence whose title, link and row show no year.
    pub(super) fn body_text(&self, page: Option<usize>, doc: Option<&DocumentRecord>) -> String {
        if let Some(i) = page {
            return self.tpl.own[i].clone();
        }
        doc.and_then(|d| d.text.as_ref())
            .map(|t| t.text.chars().take(3000).collect())
            .unwrap_or_default()
    }

    /// The hub pages, the checked year's first.
    pub(super) fn hubs(&self) -> Vec<Hub> {
        let mut hubs: Vec<Hub> = self
            .snap
            .pages
            .iter()
            .zip(&self.page_hub)
            .filter(|(p, (hub, _))| *hub && p.status < 400)
            .map(|(p, (_, year))| Hub {
                url: p.final_url.clone(),
                year: *year,
                click_path: self.path_to(&p.final_url, &p.click_path),
            })
            .collect();
        hubs.sort_by_key(|h| (h.year != Some(self.fy.0), h.click_path.len()));
        hubs
    }

    /// The assessment year a link on page `pi` belongs to.
    pub(super) fn link_year(&self, pi: usize, link: &Link) -> Option<i32> {
        let (hub, page_year) = self.page_hub[pi];
        let sec = section_year(&link.section);
        match (hub, sec) {
            (true, Some(y)) => Some(y),
            _ => page_year,
        }
    }

    /// What a URL leads to, and the page (its index) or document it is.
    pub(super) fn target(&self, url: &str) -> (Target, Option<usize>, Option<&'a DocumentRecord>) {
        let k = key(url);
        if let Some(&i) = self.page_index.get(&k) {
            let p = &self.snap.pages[i];
            let t = if p.status == 401 || p.status == 403 {
                Target::Hidden(format!(
                    "the page answers HTTP {} (login required)",
                    p.status
                ))
            } else if p.status >= 400 {
                Target::Broken(format!("HTTP {}", p.status))
            } else if p.model.login_form {
                Target::Hidden("the page asks for a password".into())
            } else if p.model.js_shell {
                Target::Hidden(
                    "the page is drawn by JavaScript and shows nothing without it".into(),
                )
            } else if self.placeholder[i] {
                Target::Placeholder
            } else if self.empty[i] {
                Target::Empty
            } else {
                Target::Ok
            };
            return (t, Some(i), None);
        }
        if let Some(d) = self.docs.get(&k) {
            let t = match (&d.error, d.status, &d.text) {
                (Some(e), _, _) => Target::Broken(e.clone()),
                (None, s, _) if s >= 400 || s == 0 => Target::Broken(format!("HTTP {s}")),
                (None, _, Some(t)) if t.scanned => Target::Scanned,
                (None, _, Some(t)) if t.error.is_some() => {
                    Target::Unreadable(t.error.clone().unwrap_or_default())
                }
                _ => Target::Ok,
            };
            return (t, None, Some(d));
        }
        if let Some(e) = self.external.get(&k) {
            return match e.status {
                Some(s) if s >= 400 => (Target::Broken(format!("HTTP {s}")), None, None),
                _ => (Target::External, None, None),
            };
        }
        // A short crawl leaves pages unread that a full one would have judged: a link to one
        // is not evidence of anything yet.
        if self.snap.outcome == crate::crawl::Outcome::Complete {
            (Target::Unknown, None, None)
        } else {
            (Target::NotReached, None, None)
        }
    }
}
