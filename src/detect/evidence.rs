//! Evidence: which links and pages on a site stand for which checklist item, for which
//! assessment year, and in what state (fetched, broken, a scan).
//!
//! Real ITA pages name the item in the table row beside a link that says only "คลิก", list
//! several years' sections on one page, and number items differently every year. So a link's
//! item comes from its anchor, its row, the page it leads to and that page's or document's own
//! title; its year from the dates it and its target show, falling back to the year of the hub
//! section it sits in; and an item code in a row counts only inside the checked year's hub.

use super::{Evidence, HUB_LABELS, Hub, ItemVerdict, Matcher, Verdict};
use crate::checklist::{Checklist, Component, Item, YearScope};
use crate::crawl::frontier::dedup_key;
use crate::crawl::{DocumentRecord, ExternalLink, PageRecord, SiteSnapshot};
use crate::extract::{Link, is_generic_anchor};
use crate::thai::{self, FiscalYear};
use crate::units::UnitType;
use std::collections::HashMap;
use url::Url;

/// What became of the evidence target.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    /// Fetched and fine, or an off-site link not known to be dead.
    Ok,
    /// Not fetched (budget, robots.txt, off-site page): nothing known against it.
    Unknown,
    /// Answered an error, or could not be fetched.
    Broken(String),
    /// A PDF with no text layer.
    Scanned,
    /// A file whose text could not be read.
    Unreadable(String),
    /// A page that only says its content is being prepared.
    Placeholder,
    /// A page that shows nothing of its own beyond its heading, or only what many other
    /// pages show too (a menu entry over a generic list).
    Empty,
    /// A page that a link names as the item but that does not itself show the item.
    Unconfirmed,
    /// A document whose own text is about another item than the entry that lists it: the
    /// other item's name (Thai).
    Contradicted(String),
    /// Off-site (Google Drive, another host): checked for liveness at most.
    External,
    /// Behind a login (HTTP 401/403 or a password form) or drawn by JavaScript.
    Hidden(String),
}

/// What a page says when its content is not there yet.
const PLACEHOLDER_PHRASES: &[&str] = &[
    "อยู่ระหว่างจัดทำข้อมูล",
    "อยู่ระหว่างการจัดทำข้อมูล",
    "อยู่ระหว่างจัดทำ",
    "ยังไม่มีข้อมูล",
    "อยู่ระหว่างปรับปรุงข้อมูล",
    "อยู่ระหว่างดำเนินการ",
    "coming soon",
    "under construction",
];

/// A news listing or a news post: its title, first heading or the link that led to it says
/// ข่าว (news).
fn is_news_page(p: &PageRecord) -> bool {
    let h1 = p.model.headings.first().map(String::as_str).unwrap_or("");
    let last = p.click_path.last().map(String::as_str).unwrap_or("");
    let url = p.final_url.to_ascii_lowercase();
    url.contains("/news")
        || url.contains("news.")
        || url.contains("news_")
        || [p.model.title.as_str(), h1, last]
            .iter()
            .any(|t| thai::normalize(t).contains("ข่าว"))
}

/// Most letters a page's own content (without its template, title and headings) may hold
/// and still count as a placeholder: "อยู่ระหว่างดำเนินการ" is also a status in real tables.
const PLACEHOLDER_MAX_LETTERS: usize = 80;

/// Words per shingle when finding the template: three whitespace-separated words (Thai
/// phrases are separated by spaces) are rare enough to be a page's own and common enough to
/// catch a menu.
const SHINGLE: usize = 3;

/// Least letters of a page's own content (without template, title, headings and titles whose
/// download leads nowhere) that count as content; fewer, and the page needs its own
/// documents, images or a form to carry an item.
const SUBSTANCE_MIN_LETTERS: usize = 40;

/// On how many pages a block of text, a link, an image, a heading or a form must appear to be
/// the site's template rather than a page's own: menus, footers, and the generic document
/// list that every category page of a vendor template shows.
fn template_threshold(pages: usize) -> usize {
    if pages >= 4 { 3 } else { pages.max(2) }
}

/// What the pages of a site share: the parts every page (or many pages) show are the
/// template, not the content of any one of them.
struct Template {
    /// Per page: its own text, without the template.
    own: Vec<String>,
    /// Per page: its own text without the rows whose download leads nowhere, normalised.
    live: Vec<String>,
    /// URL keys of links that appear on many pages (menus, footers).
    links: std::collections::HashSet<String>,
    /// Image names that appear on many pages (logos, banners).
    images: std::collections::HashSet<String>,
    /// Normalised headings that appear on many pages ("ลิงก์ด่วน").
    headings: std::collections::HashSet<String>,
    /// Normalised form captions that appear on many pages (a search or newsletter box).
    forms: std::collections::HashSet<String>,
    /// Link contexts (rows) that appear on many pages: menu entries and their sub-menus.
    rows: std::collections::HashSet<String>,
}

/// A text without the words of rows whose link leads nowhere (a title over a dead download
/// button), normalised. Words, not whole rows, because the template may have taken part of
/// a row already.
fn live_text(text: &str, dead: &[String]) -> String {
    let dead: std::collections::HashSet<&str> =
        dead.iter().flat_map(|d| d.split_whitespace()).collect();
    let kept: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !dead.contains(w))
        .collect();
    thai::normalize(&kept.join(" "))
}

fn shingle_hash(words: &[&str]) -> u64 {
    crate::crawl::fnv1a(words.join(" ").as_bytes())
}

impl Template {
    fn new(snap: &SiteSnapshot) -> Template {
        // Each distinct page once (a page fetched under two URLs must not count twice), and
        // only pages that answered.
        // (nor the same page served under several query strings: one path, one text, one
        // page; while category pages under their own paths that all show one list count
        // each, so that list is found to be shared).
        let mut seen = std::collections::HashSet::new();
        let mut seen_text = std::collections::HashSet::new();
        let distinct: Vec<usize> = snap
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                let path = Url::parse(&p.final_url)
                    .map(|u| u.path().to_string())
                    .unwrap_or_default();
                p.status < 400
                    && seen.insert(key(&p.final_url))
                    && seen_text.insert((path, crate::crawl::fnv1a(p.model.text.as_bytes())))
            })
            .map(|(i, _)| i)
            .collect();
        let t = template_threshold(distinct.len());
        let mut shingles: HashMap<u64, usize> = HashMap::new();
        let mut links: HashMap<String, usize> = HashMap::new();
        let mut images: HashMap<String, usize> = HashMap::new();
        let mut headings: HashMap<String, usize> = HashMap::new();
        let mut forms: HashMap<String, usize> = HashMap::new();
        let mut rows: HashMap<String, usize> = HashMap::new();
        fn count<K: std::hash::Hash + Eq>(m: &mut HashMap<K, usize>, ks: impl Iterator<Item = K>) {
            let set: std::collections::HashSet<K> = ks.collect();
            for k in set {
                *m.entry(k).or_default() += 1;
            }
        }
        for &i in &distinct {
            let p = &snap.pages[i].model;
            let words: Vec<&str> = p.text.split_whitespace().collect();
            count(&mut shingles, words.windows(SHINGLE).map(shingle_hash));
            count(&mut links, p.links.iter().map(|l| key(&l.url)));
            count(&mut images, p.images.iter().cloned());
            count(&mut headings, p.headings.iter().map(|h| thai::normalize(h)));
            count(&mut forms, p.forms.iter().map(|f| thai::normalize(f)));
            count(&mut rows, p.links.iter().map(|l| l.context.clone()));
        }
        let many = |m: HashMap<String, usize>| {
            if distinct.len() < 2 {
                return std::collections::HashSet::new();
            }
            m.into_iter()
                .filter(|(_, n)| *n >= t)
                .map(|(k, _)| k)
                .collect()
        };
        let own: Vec<String> = snap
            .pages
            .iter()
            .map(|p| {
                let words: Vec<&str> = p.model.text.split_whitespace().collect();
                if distinct.len() < 2 || words.len() < SHINGLE {
                    return p.model.text.clone();
                }
                let mut shared = vec![false; words.len()];
                for (j, w) in words.windows(SHINGLE).enumerate() {
                    if shingles.get(&shingle_hash(w)).is_some_and(|n| *n >= t) {
                        shared[j..j + SHINGLE].iter_mut().for_each(|s| *s = true);
                    }
                }
                words
                    .iter()
                    .zip(&shared)
                    .filter(|(_, s)| !**s)
                    .map(|(w, _)| *w)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let live = own
            .iter()
            .zip(&snap.pages)
            .map(|(o, p)| live_text(o, &p.model.dead_links))
            .collect();
        Template {
            own,
            live,
            links: many(links),
            images: many(images),
            headings: many(headings),
            forms: many(forms),
            rows: many(rows),
        }
    }

    /// Whether a page carries something of its own beyond its heading: text, or documents,
    /// images or a form the template does not share. A menu entry leading to a page that
    /// shows only its heading, or only the list every sibling page shows, is no evidence.
    fn substantive(
        &self,
        i: usize,
        p: &PageRecord,
        docs: &HashMap<String, &DocumentRecord>,
    ) -> bool {
        let mut own = self.live[i].clone();
        for t in std::iter::once(&p.model.title)
            .chain(&p.model.headings)
            .map(|t| thai::normalize(t))
        {
            if !t.is_empty() {
                own = own.replace(&t, " ");
            }
        }
        let letters = own.chars().filter(|c| c.is_alphanumeric()).count();
        if letters >= SUBSTANCE_MIN_LETTERS {
            return true;
        }
        let own_doc = p.model.links.iter().any(|l| {
            let k = key(&l.url);
            !self.links.contains(&k) && docs.contains_key(&k)
        });
        let own_image = p.model.images.iter().any(|im| !self.images.contains(im));
        own_doc || own_image || self.own_form(p) || self.own_embed(p)
    }

    /// Whether a page offers a form of its own (not one every page has): a form is the
    /// channel itself, whatever its caption says.
    fn own_form(&self, p: &PageRecord) -> bool {
        p.model
            .forms
            .iter()
            .any(|f| !self.forms.contains(&thai::normalize(f)))
    }

    /// Whether a page embeds a document of its own (an `<iframe>` or `<embed>` the template
    /// does not share): such a page is a viewer, and the link that names it names what it
    /// shows.
    fn own_embed(&self, p: &PageRecord) -> bool {
        p.model
            .links
            .iter()
            .any(|l| l.kind != "a" && !self.links.contains(&key(&l.url)))
    }
}

/// Whether a page only says its content is being prepared, judged on its own text (without
/// the template it shares with other pages), its title and headings taken out.
fn is_placeholder(p: &PageRecord, own: &str) -> bool {
    let mut own = thai::normalize(own);
    if !PLACEHOLDER_PHRASES.iter().any(|ph| own.contains(ph)) {
        return false;
    }
    for t in std::iter::once(&p.model.title)
        .chain(&p.model.headings)
        .map(|t| thai::normalize(t))
        .chain(PLACEHOLDER_PHRASES.iter().map(|s| s.to_string()))
    {
        if !t.is_empty() {
            own = own.replace(&t, " ");
        }
    }
    own.chars().filter(|c| c.is_alphanumeric()).count() <= PLACEHOLDER_MAX_LETTERS
}

/// One way an item could be evidenced.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    evidence: Evidence,
    /// 3: the link's own text or its target's title names the item; 2: its row, a hub
    /// page's title, or the document's text does.
    strength: u8,
    /// Some(true): shows an accepted year; Some(false): only other years; None: no year.
    year_ok: Option<bool>,
    target: Target,
    /// Sits in the checked year's hub section.
    in_year_hub: bool,
    depth: usize,
    /// Normalised text of the target, for component checks.
    target_text: Option<String>,
    /// Something the reason must say about how the evidence was judged.
    note: Option<Note>,
}

/// How a piece of evidence was judged, when the reason must say so.
#[derive(Debug, Clone, PartialEq)]
enum Note {
    /// Found in the part every page shares (the footer), shown on the homepage.
    SiteWide,
    /// The heading above it names another item; the code the document carries was trusted.
    CodeOverHeading(String),
}

/// Notes that a text names an item, keeping the strongest way it did.
fn hit(hits: &mut HashMap<usize, (String, u8)>, idx: usize, kw: String, strength: u8) {
    let e = hits.entry(idx).or_insert((kw.clone(), 0));
    if strength > e.1 {
        *e = (kw, strength);
    }
}

/// Whether a normalised text shows a component (one of its keywords).
fn component_shown(c: &Component, text: &str) -> bool {
    c.keywords_th.iter().chain(&c.keywords_en).any(|k| {
        let k = thai::normalize(k);
        !k.is_empty() && text.contains(&k)
    })
}

/// How many of an item's components (any unit type) a normalised text shows.
fn components_shown(item: &Item, text: &str) -> usize {
    item.components
        .iter()
        .filter(|c| component_shown(c, text))
        .count()
}

/// Whether a normalised text names an ITA/OIT hub.
fn is_hub_text(n: &str) -> bool {
    HUB_LABELS.iter().any(|h| {
        // "ita"/"oit" only as words, so "capital" or "moit" do not count.
        if h.is_ascii() {
            has_word(n, h)
        } else {
            n.contains(h)
        }
    })
}

/// Whether a normalised text holds a Latin word on its own ("ita 2568", "ita2568", not
/// "capital", nor the item code "oit11").
fn has_word(n: &str, w: &str) -> bool {
    n.match_indices(w).any(|(i, _)| {
        let after = &n[i + w.len()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        !n[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && !after
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            && !(1..=3).contains(&digits)
    })
}

/// The one fiscal year a text names, if it names exactly one.
fn single_year(text: &str) -> Option<i32> {
    let mut years: Vec<i32> = thai::find_dates(text)
        .iter()
        .filter(|m| !m.is_range())
        .map(|m| m.start.fiscal_year().0)
        .collect();
    years.dedup();
    (years.len() == 1).then(|| years[0])
}

/// The year of the innermost heading of a section trail ("ITA 2568 › ตัวชี้วัดย่อยที่ 9.1").
fn section_year(section: &str) -> Option<i32> {
    section.rsplit(" › ").find_map(single_year)
}

/// A URL that is a website's front page (no path, no query).
fn is_site_root(url: &str) -> bool {
    Url::parse(url).is_ok_and(|u| matches!(u.path(), "" | "/") && u.query().is_none())
}

/// The one item code a URL's path carries ("/ita2568/O12/plan.pdf", "o12-plan.pdf").
fn url_item_code(url: &str) -> Option<String> {
    let path = Url::parse(url).ok()?.path().to_string();
    let path = percent_encoding::percent_decode_str(&path).decode_utf8_lossy();
    let mut codes: Vec<String> = Vec::new();
    for seg in path.split('/') {
        for c in thai::find_item_codes(&seg.replace(['-', '_', '.'], " ")) {
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
    }
    (codes.len() == 1).then(|| codes.remove(0))
}

fn file_name(url: &str) -> String {
    let last = url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .rsplit('/')
        .next()
        .unwrap_or("");
    percent_encoding::percent_decode_str(last)
        .decode_utf8_lossy()
        .replace(['-', '_', '.'], " ")
}

/// A crawled site, indexed for evidence lookups.
pub(super) struct Site<'a> {
    snap: &'a SiteSnapshot,
    fy: FiscalYear,
    docs: HashMap<String, &'a DocumentRecord>,
    external: HashMap<String, &'a ExternalLink>,
    /// Per page: whether it is an ITA/OIT hub, and the assessment year it is for.
    page_hub: Vec<(bool, Option<i32>)>,
    /// The homepage (the first page fetched).
    home: Option<&'a PageRecord>,
    /// Per page URL key (asked for and final): its index in the snapshot.
    page_index: HashMap<String, usize>,
    /// Per page: it is the homepage, or the homepage served again under another name
    /// (`Default.aspx` beside `/`).
    home_copy: Vec<bool>,
    /// Per page: it only says its content is being prepared.
    placeholder: Vec<bool>,
    /// What the pages share (menus, footers, generic lists), and each page's own text.
    tpl: Template,
    /// Per page: it shows nothing of its own beyond its heading (see
    /// [`Template::substantive`]).
    empty: Vec<bool>,
    /// Per page: it lists the items (an ITA/OIT page, or part of one), so it is no item's
    /// evidence.
    lists_items: Vec<bool>,
    /// URL key → the shortest click path from the homepage, over every link the crawl saw.
    /// The crawler fetches hub-looking links first, so the path it happened to take to a
    /// page can be longer than the one a person (and an ITAS explanation) would take.
    paths: HashMap<String, Vec<String>>,
}

/// The words a link offers for matching: its anchor text and title, or only the title for
/// "คลิก"-style anchors (the row around them names the item).
fn link_anchor(link: &Link) -> String {
    if is_generic_anchor(&link.text) {
        link.title.clone()
    } else {
        format!("{} {}", link.text, link.title)
    }
}

/// What a person clicks, as a click path reads best: the anchor, or the row that names the
/// item when the anchor says nothing.
fn link_label(link: &Link) -> String {
    let anchor = link_anchor(link);
    let anchor = anchor.trim();
    if anchor.is_empty() {
        link.context.clone()
    } else {
        anchor.to_string()
    }
}

/// Shortest click paths from the homepage (breadth-first over the crawled pages' links).
fn shortest_paths(
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

fn key(u: &str) -> String {
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
        };
        site.inherit_hub_years();
        site
    }

    /// Hubs split over several pages (one per sub-indicator, as on Google Sites or vendor
    /// templates) name the year only on the top page: a page that a year's hub links as
    /// "ตัวชี้วัดย่อยที่ 9.1 …" or as a code range ("O1–O10") is part of that year's hub.
    fn inherit_hub_years(&mut self) {
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
    fn component_text(&self, p: &PageRecord) -> String {
        let mut t = thai::normalize(&p.model.text);
        let shared = |img: &String| {
            self.home
                .is_some_and(|h| !std::ptr::eq(h, p) && h.model.images.contains(img))
        };
        for img in p.model.images.iter().filter(|i| !shared(i)) {
            t.push(' ');
            t.push_str(&img.to_lowercase());
        }
        t
    }

    /// The shortest known click path to a URL, else the crawler's.
    fn path_to(&self, url: &str, crawled: &[String]) -> Vec<String> {
        match self.paths.get(&key(url)) {
            Some(p) if p.len() <= crawled.len() => p.clone(),
            _ => crawled.to_vec(),
        }
    }

    /// Dates in a page's own content (not its template) or a document's first pages, for
    /// evidence whose title, link and row show no year.
    fn body_text(&self, page: Option<usize>, doc: Option<&DocumentRecord>) -> String {
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
    fn link_year(&self, pi: usize, link: &Link) -> Option<i32> {
        let (hub, page_year) = self.page_hub[pi];
        let sec = section_year(&link.section);
        match (hub, sec) {
            (true, Some(y)) => Some(y),
            _ => page_year,
        }
    }

    /// What a URL leads to, and the page (its index) or document it is.
    fn target(&self, url: &str) -> (Target, Option<usize>, Option<&'a DocumentRecord>) {
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
        (Target::Unknown, None, None)
    }

    /// Every candidate, per checklist item index.
    pub(super) fn candidates(
        &self,
        checklist: &Checklist,
        matcher: &Matcher,
    ) -> Vec<Vec<Candidate>> {
        let mut out: Vec<Vec<Candidate>> = vec![Vec::new(); checklist.items.len()];
        let code_index: HashMap<&str, usize> = checklist
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| (it.code.as_str(), i))
            .collect();
        // A news post that mentions a plan or a meeting is news, not that item's evidence: on
        // news listings and the posts reached from them, only news items are looked for.
        let news_item: Vec<bool> = checklist
            .items
            .iter()
            .map(|i| {
                thai::normalize(&i.name_th).contains("ข่าว")
                    || i.keywords_th
                        .iter()
                        .any(|k| thai::normalize(k).starts_with("ข่าว"))
            })
            .collect();
        // Per page, the items it shows itself: in its title, its own headings, its own text
        // (without titles whose download leads nowhere) and its forms.
        let named: Vec<Vec<usize>> = self
            .snap
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut t = self.tpl.live[i].clone();
                for h in std::iter::once(&p.model.title)
                    .chain(&p.model.headings)
                    .chain(&p.model.forms)
                {
                    t.push(' ');
                    t.push_str(h);
                }
                matcher.items_in(&t).into_iter().map(|(i, _)| i).collect()
            })
            .collect();
        for (pi, page) in self.snap.pages.iter().enumerate() {
            if page.status >= 400 {
                continue;
            }
            let (is_hub, page_year) = self.page_hub[pi];
            let newsy = !is_hub && is_news_page(page);
            // The page itself, named by its title or first heading (not for hubs: a hub
            // names every item, nor for a placeholder, nor for the homepage served again under
            // another name); by a form it offers; by a heading of its own for items that need
            // no year (executives under "คณะผู้บริหาร" on a structure page); or, for items that
            // hide under other names, by a related name when it shows the item's parts.
            let copy_of_home = pi > 0 && self.home_copy[pi];
            if !(is_hub || copy_of_home || self.placeholder[pi]) {
                let h1 = page.model.headings.first().cloned().unwrap_or_default();
                let mut found: HashMap<usize, (String, u8)> = HashMap::new();
                for text in [&page.model.title, &h1] {
                    for (idx, kw) in matcher.items_in(text) {
                        hit(&mut found, idx, kw, 2);
                    }
                }
                for f in &page.model.forms {
                    if self.tpl.forms.contains(&thai::normalize(f)) {
                        continue;
                    }
                    for (idx, kw) in matcher.items_in(f) {
                        hit(&mut found, idx, kw, 3);
                    }
                }
                let front = pi == 0 || page.depth == 0;
                if !front && !self.empty[pi] {
                    for h in page.model.headings.iter().skip(1) {
                        let n = thai::normalize(h);
                        if self.tpl.headings.contains(&n)
                            || page
                                .model
                                .dead_links
                                .iter()
                                .any(|d| thai::normalize(d).contains(&n))
                        {
                            continue;
                        }
                        for (idx, kw) in matcher.items_in(h) {
                            if checklist.items[idx].year_scope == YearScope::Timeless {
                                hit(&mut found, idx, kw, 2);
                            }
                        }
                    }
                    let names = [
                        thai::normalize(&page.model.title),
                        thai::normalize(&h1),
                        page.click_path
                            .last()
                            .map(|c| thai::normalize(c))
                            .unwrap_or_default(),
                    ];
                    let shown = self.component_text(page);
                    for (idx, item) in checklist.items.iter().enumerate() {
                        if item.related_min_components == 0 || found.contains_key(&idx) {
                            continue;
                        }
                        let Some(word) = item.related_th.iter().find(|w| {
                            let w = thai::normalize(w);
                            names.iter().any(|n| n.contains(&w))
                        }) else {
                            continue;
                        };
                        if components_shown(item, &shown) >= item.related_min_components {
                            hit(&mut found, idx, word.clone(), 2);
                        }
                    }
                }
                for (idx, (kw, strength)) in found {
                    if newsy && !news_item[idx] {
                        continue;
                    }
                    let texts: Vec<&str> = std::iter::once(page.model.title.as_str())
                        .chain(page.model.headings.iter().take(3).map(String::as_str))
                        .collect();
                    let body = self.body_text(Some(pi), None);
                    let (year_ok, years) = year_fit(
                        checklist.items[idx].year_scope,
                        self.fy,
                        &[&texts],
                        page_year,
                        &body,
                    );
                    out[idx].push(Candidate {
                        evidence: Evidence {
                            url: page.final_url.clone(),
                            click_path: self.path_to(&page.final_url, &page.click_path),
                            matched: kw,
                            text: page.model.title.chars().take(200).collect(),
                            years,
                        },
                        strength,
                        year_ok,
                        target: self.target(&page.final_url).0,
                        in_year_hub: false,
                        depth: page.depth,
                        target_text: Some(self.component_text(page)),
                        note: None,
                    });
                }
            }
            // Contact details are often only in the footer every page shares: the homepage
            // is the evidence when it shows enough of the item's parts.
            if pi == 0 {
                let shown = thai::normalize(&page.model.text);
                for (idx, item) in checklist.items.iter().enumerate() {
                    let need = item.site_wide_min_components;
                    if need == 0 || components_shown(item, &shown) < need {
                        continue;
                    }
                    out[idx].push(Candidate {
                        evidence: Evidence {
                            url: page.final_url.clone(),
                            click_path: Vec::new(),
                            matched: item.name_th.clone(),
                            text: page.model.title.chars().take(200).collect(),
                            years: Vec::new(),
                        },
                        strength: 2,
                        year_ok: None,
                        target: Target::Ok,
                        in_year_hub: false,
                        depth: 0,
                        target_text: Some(shown.clone()),
                        note: Some(Note::SiteWide),
                    });
                }
            }
            for link in &page.model.links {
                self.link_candidates(
                    pi,
                    page,
                    link,
                    is_hub,
                    checklist,
                    matcher,
                    &code_index,
                    &mut out,
                    newsy.then_some(&news_item[..]),
                    &news_item,
                    &named,
                );
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn link_candidates(
        &self,
        pi: usize,
        page: &PageRecord,
        link: &Link,
        is_hub: bool,
        checklist: &Checklist,
        matcher: &Matcher,
        code_index: &HashMap<&str, usize>,
        out: &mut [Vec<Candidate>],
        only: Option<&[bool]>,
        news_item: &[bool],
        named: &[Vec<usize>],
    ) {
        let anchor = link_anchor(link);
        let ctx = link.context.as_str();
        let link_year = self.link_year(pi, link);
        let in_year_hub = is_hub && link_year == Some(self.fy.0);
        let (target, tpage_i, tdoc) = self.target(&link.url);
        let tpage = tpage_i.map(|i| &self.snap.pages[i]);
        // "Evidence" rows that point at the homepage are a shortcut, not evidence; a link to
        // a hub (or back to it) lists items rather than showing one; another website's
        // front page (e-GP, a ministry) is not a document of this unit.
        if tpage_i.is_some_and(|i| self.home_copy[i] || self.lists_items[i])
            || (target == Target::External && is_site_root(&link.url))
        {
            return;
        }
        let target_title = tpage
            .map(|p| {
                format!(
                    "{} {}",
                    p.model.title,
                    p.model.headings.first().map(String::as_str).unwrap_or("")
                )
            })
            .unwrap_or_default();
        let doc_head: String = tdoc
            .and_then(|d| d.text.as_ref())
            .map(|t| {
                format!(
                    "{} {}",
                    t.title.clone().unwrap_or_default(),
                    t.text.chars().take(150).collect::<String>()
                )
            })
            .unwrap_or_default();
        let fname = file_name(&link.url);

        let mut hits: HashMap<usize, (String, u8)> = HashMap::new();
        // An item code in the row counts only in the checked year's hub: codes are renumbered
        // every year.
        let mut note = None;
        let mut code_hit = None;
        if in_year_hub {
            let anchor_codes = thai::find_item_codes(&anchor);
            let ctx_code = thai::leading_item_code(ctx);
            let text_code = thai::leading_item_code(&link.text);
            let row_code = ctx_code.clone().or_else(|| text_code.clone()).or_else(|| {
                link.section
                    .rsplit(" › ")
                    .next()
                    .and_then(thai::leading_item_code)
            });
            // A new year's section that keeps last year's headings: the code the document
            // carries in its file or folder name follows the new numbering, so it wins.
            let url_code = url_item_code(&link.url);
            if let (Some(u), Some(r)) = (&url_code, &row_code)
                && u != r
                && code_index.contains_key(u.as_str())
            {
                note = Some(Note::CodeOverHeading(r.clone()));
            }
            let code = url_code
                .filter(|c| code_index.contains_key(c.as_str()))
                .or(ctx_code)
                .or(text_code)
                // "ตัวชี้วัดย่อย 9.4 (OIT14 - OIT16)" names a group, not an item.
                .or_else(|| (anchor_codes.len() == 1).then(|| anchor_codes[0].clone()))
                // A button or embed under the item's own heading ("OIT14 …").
                .or_else(|| {
                    (link.kind != "a" || is_generic_anchor(&link.text))
                        .then(|| link.section.rsplit(" › ").next())
                        .flatten()
                        .and_then(thai::leading_item_code)
                });
            if let Some(idx) = code.and_then(|c| code_index.get(c.as_str()).copied()) {
                hit(&mut hits, idx, checklist.items[idx].code.clone(), 3);
                code_hit = Some(idx);
            }
        }
        for (idx, kw) in matcher.items_in(&anchor) {
            hit(&mut hits, idx, kw, 3);
        }
        // When the code settled the item, the stale heading's words name no other item.
        if let (Some(Note::CodeOverHeading(_)), Some(idx)) = (&note, code_hit) {
            hits.retain(|i, _| *i == idx);
        }
        for (idx, kw) in matcher.items_in(&target_title) {
            hit(&mut hits, idx, kw, 3);
        }
        // A row names the item on hubs and in short rows; a long paragraph of a news post
        // mentioning a plan does not.
        let row_strength = if is_hub || ctx.chars().count() < 160 {
            2
        } else {
            1
        };
        let settled = matches!(note, Some(Note::CodeOverHeading(_)));
        // A link every page shows is the menu: its "row" is the whole menu, which names
        // everything; only its own words count.
        let menu = self.tpl.rows.contains(&link.context);
        if !settled && !menu {
            for (idx, kw) in matcher.items_in(ctx) {
                hit(&mut hits, idx, kw, row_strength);
            }
            for (idx, kw) in matcher.items_in(&doc_head) {
                hit(&mut hits, idx, kw, 2);
            }
        }
        if hits.is_empty() {
            return;
        }
        // What the document's own first lines say, to catch an entry they contradict.
        let doc_items: Vec<usize> = matcher
            .items_in(&doc_head)
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        let doc_dates = thai::find_dates(&doc_head);
        let target_text = tpage.map(|p| self.component_text(p)).or_else(|| {
            tdoc.and_then(|d| d.text.as_ref())
                .map(|t| thai::normalize(&t.text))
        });
        let mut click_path = self.path_to(&page.final_url, &page.click_path);
        let label = link_label(link);
        click_path.push(label.chars().take(80).collect());
        if let Some(p) = self.paths.get(&key(&link.url))
            && p.len() <= click_path.len()
        {
            click_path = p.clone();
        }
        // Links under a news heading (a homepage news block) are news too.
        let only = only.or_else(|| {
            let news_link =
                thai::normalize(&link.section).contains("ข่าว") || tpage.is_some_and(is_news_page);
            (!is_hub && news_link).then_some(news_item)
        });
        for (idx, (kw, strength)) in hits {
            if strength < 2 || only.is_some_and(|o| !o[idx]) {
                continue;
            }
            let item = &checklist.items[idx];
            // The link and what it leads to speak for the evidence's year before its row
            // does: a 2567 hub row "O38 … (ปี 2567)" may link a FY2566 report.
            let own = [
                anchor.as_str(),
                fname.as_str(),
                target_title.as_str(),
                doc_head.as_str(),
            ];
            let body = if item.year_scope == YearScope::Timeless {
                String::new()
            } else {
                self.body_text(tpage_i, tdoc)
            };
            let (mut year_ok, mut years) =
                year_fit(item.year_scope, self.fy, &[&own, &[ctx]], link_year, &body);
            // An assessor opens the target: a page a menu or row names as the item must
            // show the item itself (in its title, headings, own text or a form), unless it
            // is an entry of the checked year's hub.
            let mut target = target.clone();
            if target == Target::Ok
                && let Some(ti) = tpage_i
                && !in_year_hub
                && !named[ti].contains(&idx)
                && !(strength >= 3
                    && (self.tpl.own_form(&self.snap.pages[ti])
                        || self.tpl.own_embed(&self.snap.pages[ti])))
            {
                target = Target::Unconfirmed;
            }
            // A document whose own first lines name another year or another item than the
            // entry does is not this item's evidence, whatever the row says.
            if tdoc.is_some() && target == Target::Ok {
                let other_year = !doc_dates.is_empty()
                    && year_ok == Some(true)
                    && item.year_scope != YearScope::Timeless
                    && !doc_dates
                        .iter()
                        .any(|m| item.year_scope.accepts(self.fy, m.fiscal_years()));
                let other_item =
                    code_hit == Some(idx) && !doc_items.is_empty() && !doc_items.contains(&idx);
                if other_year {
                    // The document's own date outranks its entry's: last year's file
                    // uploaded under this year's name is last year's.
                    year_ok = Some(false);
                    years = doc_dates
                        .iter()
                        .map(|m| m.fiscal_years().start().to_string())
                        .collect();
                    years.dedup();
                } else if other_item {
                    target = Target::Contradicted(checklist.items[doc_items[0]].name_th.clone());
                }
            }
            out[idx].push(Candidate {
                evidence: Evidence {
                    url: link.url.clone(),
                    click_path: click_path.clone(),
                    matched: kw,
                    text: label.chars().take(200).collect(),
                    years,
                },
                strength,
                year_ok,
                target,
                in_year_hub,
                depth: page.depth + 1,
                target_text: target_text.clone(),
                note: note.clone(),
            });
        }
    }
}

/// Whether evidence fits an item's year scope. The texts come in tiers, most specific first:
/// the first tier that shows a date decides; then the hub section's year; then the dates in
/// the target's own content.
fn year_fit(
    scope: YearScope,
    fy: FiscalYear,
    tiers: &[&[&str]],
    link_year: Option<i32>,
    body: &str,
) -> (Option<bool>, Vec<String>) {
    let shown = |mentions: &[thai::DateMention]| {
        let mut years: Vec<String> = Vec::new();
        for m in mentions {
            let r = m.fiscal_years();
            let y = if r.start() == r.end() {
                r.start().to_string()
            } else {
                format!("{}–{}", r.start(), r.end())
            };
            if !years.contains(&y) {
                years.push(y);
            }
        }
        years
    };
    let all: Vec<_> = tiers
        .iter()
        .flat_map(|t| t.iter())
        .flat_map(|t| thai::find_dates(t))
        .collect();
    if scope == YearScope::Timeless {
        return (None, shown(&all));
    }
    for tier in tiers {
        let mentions: Vec<_> = tier.iter().flat_map(|t| thai::find_dates(t)).collect();
        if !mentions.is_empty() {
            return (judge(scope, fy, &mentions), shown(&mentions));
        }
    }
    if let Some(y) = link_year {
        return (Some(y == fy.0), Vec::new());
    }
    let mentions = thai::find_dates(body);
    if mentions.is_empty() {
        return (None, Vec::new());
    }
    (judge(scope, fy, &mentions), shown(&mentions))
}

/// Whether dates fit a scope: any accepted one settles it. For a multi-year plan a single
/// date (an upload date, an amendment) in the five years up to the checked one does not tell
/// the plan's period, so it settles nothing.
fn judge(scope: YearScope, fy: FiscalYear, mentions: &[thai::DateMention]) -> Option<bool> {
    if mentions.iter().any(|m| scope.accepts(fy, m.fiscal_years())) {
        return Some(true);
    }
    let undecided = scope == YearScope::MultiYear
        && mentions.iter().any(|m| {
            let r = m.fiscal_years();
            r.start() == r.end() && (fy.0 - 4..=fy.0).contains(r.start())
        });
    if undecided { None } else { Some(false) }
}

/// Whether a candidate whose document could not be read may still be signed: its entry names
/// the item itself (the link's own words, or a code in the checked year's hub) and the year
/// the item needs, or needs none.
fn signed_unread(c: &Candidate, scope: YearScope) -> bool {
    (c.strength >= 3 || c.in_year_hub)
        && match scope {
            YearScope::Timeless => true,
            YearScope::MultiYear => c.year_ok != Some(false),
            // The entry itself must show the year: the hub section's year alone is not the
            // document's.
            _ => c.year_ok == Some(true) && !c.evidence.years.is_empty(),
        }
}

fn rank(c: &Candidate, scope: YearScope) -> (u8, bool, u8, std::cmp::Reverse<usize>) {
    let timeless = scope == YearScope::Timeless;
    let usable = matches!(c.target, Target::Ok | Target::Unknown | Target::External);
    let r = match (&c.target, c.year_ok) {
        (Target::Placeholder | Target::Empty | Target::Unconfirmed, _) => 0,
        (_, Some(false)) if matches!(c.target, Target::Broken(_)) => 1,
        (_, Some(false)) => 2,
        (Target::Broken(_), _) => 3,
        // A clear entry whose document opens but cannot be read: an assessor signs it.
        (Target::Scanned | Target::Unreadable(_), _) if signed_unread(c, scope) => 6,
        // An off-site file that shows no year cannot be checked for the year from here.
        (Target::External, _) if !timeless && c.evidence.years.is_empty() => 4,
        (
            Target::Scanned | Target::Unreadable(_) | Target::Hidden(_) | Target::Contradicted(_),
            _,
        ) => 4,
        // A multi-year plan whose period is not shown is still in force more often than not;
        // a yearly item with no year is for a person to date.
        (_, None) if scope == YearScope::MultiYear => 5,
        (_, None) if !timeless => 4,
        _ if usable => 6,
        _ => 0,
    };
    (r, c.in_year_hub, c.strength, std::cmp::Reverse(c.depth))
}

/// The verdict on one item from its candidates.
pub(super) fn decide(
    item: &Item,
    mut cands: Vec<Candidate>,
    fy: FiscalYear,
    _site: &Site,
    unit_type: UnitType,
) -> ItemVerdict {
    let timeless = item.year_scope == YearScope::Timeless;
    cands.sort_by_key(|c| std::cmp::Reverse(rank(c, item.year_scope)));
    let mut seen = std::collections::HashSet::new();
    cands.retain(|c| seen.insert(key(&c.evidence.url)));
    let Some(best) = cands.first().cloned() else {
        return ItemVerdict {
            code: item.code.clone(),
            verdict: Verdict::Missing,
            confidence: 0.7,
            reason: "no link, page or document on the crawled site names this item".into(),
            reason_th: "ไม่พบลิงก์ หน้าเว็บ หรือเอกสารใดบนเว็บไซต์ที่ระบุข้อนี้".into(),
            evidence: vec![],
            missing_components: vec![],
        };
    };
    let (shown, shown_th) = if best.evidence.years.is_empty() && timeless {
        ("no year needed".to_string(), "ไม่ต้องระบุปี".to_string())
    } else if best.evidence.years.is_empty() {
        ("no year".to_string(), "ไม่ระบุปี".to_string())
    } else {
        let y = best.evidence.years.join(", ");
        (y.clone(), format!("ปี {y}"))
    };
    // The year the item needs, as a person would check it.
    let needed = match item.year_scope {
        YearScope::Previous => fy.previous(),
        _ => fy,
    };
    let scope_th = item.year_scope.name_th();
    let m = &best.evidence.matched;
    let text = &best.evidence.text;
    let url = &best.evidence.url;
    let (verdict, mut confidence, mut reason, mut reason_th) = match rank(&best, item.year_scope).0 {
        0 => match &best.target {
            Target::Empty => (
                Verdict::Missing,
                0.75,
                format!("the page \"{text}\" shows only its heading, or only the list other pages show too; nothing of this item opens"),
                format!("หน้า \"{text}\" มีเพียงหัวข้อ หรือรายการเดียวกับที่หน้าอื่นแสดง ไม่มีเอกสารหรือเนื้อหาของข้อนี้"),
            ),
            Target::Unconfirmed => (
                Verdict::Missing,
                0.7,
                format!("the link \"{text}\" leads to a page that does not show this item"),
                format!("ลิงก์ \"{text}\" ไปยังหน้าที่ไม่มีเนื้อหาของข้อนี้"),
            ),
            _ => (
                Verdict::Missing,
                0.8,
                format!("the page \"{text}\" only says its content is being prepared"),
                format!("หน้า \"{text}\" มีเพียงข้อความว่าอยู่ระหว่างจัดทำข้อมูล"),
            ),
        },
        6 if matches!(best.target, Target::Scanned | Target::Unreadable(_)) => (
            Verdict::Found,
            0.65,
            format!("\"{m}\" ({shown}) is listed by name and opens, but its content could not be read to confirm it"),
            format!("\"{m}\" ({shown_th}) ระบุชื่อรายการและเปิดได้ แต่อ่านเนื้อหาในไฟล์เพื่อยืนยันไม่ได้"),
        ),
        6 if best.note == Some(Note::SiteWide) => (
            Verdict::Found,
            0.7,
            "the contact details are in the part every page shows (the footer), seen on the homepage".to_string(),
            "ข้อมูลการติดต่ออยู่ในส่วนท้ายที่แสดงทุกหน้า (เห็นได้จากหน้าแรก)".to_string(),
        ),
        6 => (
            Verdict::Found,
            if best.strength >= 3 { 0.9 } else { 0.8 },
            format!("\"{m}\" ({shown})"),
            format!("\"{m}\" ({shown_th})"),
        ),
        5 => (
            Verdict::Found,
            0.6,
            format!("\"{m}\": a multi-year plan whose period is not shown"),
            format!("\"{m}\": แผนหลายปีที่ไม่ระบุช่วงปี"),
        ),
        4 => match &best.target {
            Target::Scanned => (
                Verdict::NeedsHuman,
                0.8,
                "the document is a scan with no text layer: check by eye that it is this item and year".to_string(),
                "เอกสารเป็นไฟล์สแกนที่อ่านข้อความไม่ได้ ต้องเปิดดูด้วยตนเองว่าเป็นข้อนี้และปีที่ถูกต้อง".to_string(),
            ),
            Target::Unreadable(e) => (
                Verdict::NeedsHuman,
                0.7,
                format!("the document could not be read ({e}): check it by eye"),
                format!("อ่านเอกสารไม่ได้ ({e}) ต้องเปิดดูด้วยตนเอง"),
            ),
            Target::Hidden(why) => (
                Verdict::NeedsHuman,
                0.7,
                format!("{why}: open it in a browser and check"),
                format!("{why}: ต้องเปิดดูในเบราว์เซอร์ด้วยตนเอง"),
            ),
            Target::Contradicted(other) => (
                Verdict::NeedsHuman,
                0.7,
                format!("\"{m}\" is listed for this item, but the document itself is about another item (\"{other}\"): check which it is"),
                format!("\"{m}\" อยู่ในรายการของข้อนี้ แต่เนื้อหาในเอกสารเป็นเรื่องอื่น (\"{other}\") ต้องตรวจด้วยตนเองว่าเป็นเอกสารใด"),
            ),
            Target::Ok | Target::Unknown if best.year_ok.is_none() => (
                Verdict::NeedsHuman,
                0.6,
                format!("\"{m}\" is there, but no fiscal year can be read on it or on what it leads to: check that it is for {needed}"),
                format!("พบ \"{m}\" แต่ไม่พบปีงบประมาณในเอกสารหรือหน้าที่ลิงก์ไป ต้องตรวจว่าเป็นของ{scope_th} ({needed})"),
            ),
            Target::External => (
                Verdict::NeedsHuman,
                0.6,
                format!("the evidence is off-site ({url}) and shows no fiscal year: open it and check it is for {needed}"),
                format!("หลักฐานอยู่นอกเว็บไซต์ ({url}) และไม่ระบุปีงบประมาณ ต้องเปิดดูว่าเป็นของปี {needed}"),
            ),
            _ => (
                Verdict::NeedsHuman,
                0.6,
                "check by eye".to_string(),
                "ต้องตรวจด้วยตนเอง".to_string(),
            ),
        },
        3 => match &best.target {
            Target::Broken(e) => (
                Verdict::BrokenLink,
                0.85,
                format!("the link \"{text}\" is broken ({e})"),
                format!("ลิงก์ \"{text}\" เปิดไม่ได้ ({e})"),
            ),
            _ => (
                Verdict::BrokenLink,
                0.7,
                "the link is broken".to_string(),
                "ลิงก์เปิดไม่ได้".to_string(),
            ),
        },
        1 => (
            Verdict::BrokenLink,
            0.7,
            format!("only a broken link to another year's document ({shown})"),
            format!("มีเพียงลิงก์เสียไปยังเอกสารของปีอื่น ({shown_th})"),
        ),
        _ => (
            Verdict::WrongYear,
            0.8,
            format!("found \"{m}\" but for {shown}; needs {} ({needed})", item.year_scope.name_en()),
            format!("พบ \"{m}\" แต่เป็นของ{shown_th} ต้องเป็นของ{scope_th} ({needed})"),
        ),
    };
    if verdict == Verdict::Found
        && let Some(Note::CodeOverHeading(stale)) = &best.note
    {
        reason.push_str(&format!(
            "; the heading above it says {stale} (last year's numbering), so the code the document carries was trusted"
        ));
        reason_th.push_str(&format!(
            "; หัวข้อเหนือรายการระบุ {stale} (เลขข้อของปีก่อน) จึงยึดรหัสข้อที่อยู่ในชื่อไฟล์ของเอกสาร"
        ));
    }
    let mut missing_components = Vec::new();
    let mut missing_en = Vec::new();
    if verdict == Verdict::Found
        && let Some(text) = &best.target_text
    {
        for c in item
            .components
            .iter()
            .filter(|c| c.applies_to.iter().any(|a| a.covers(unit_type)))
        {
            if !component_shown(c, text) {
                missing_components.push(c.name_th.clone());
                missing_en.push(c.name_en.clone());
            }
        }
        if !missing_components.is_empty() {
            confidence -= 0.1;
            reason.push_str(&format!(
                "; the page does not show: {}",
                missing_en.join(", ")
            ));
            reason_th.push_str(&format!(
                "; หน้านี้ยังไม่แสดง: {}",
                missing_components.join(", ")
            ));
        }
    }
    ItemVerdict {
        code: item.code.clone(),
        verdict,
        confidence,
        reason,
        reason_th,
        evidence: cands.into_iter().take(5).map(|c| c.evidence).collect(),
        missing_components,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_words_are_words() {
        assert!(is_hub_text(&thai::normalize("ITA 2568")));
        assert!(is_hub_text(&thai::normalize(
            "การประเมินคุณธรรมและความโปร่งใส"
        )));
        assert!(!is_hub_text(&thai::normalize("MOIT 3")));
        assert!(!is_hub_text("capital"));
    }

    #[test]
    fn section_years_come_from_the_innermost_dated_heading() {
        assert_eq!(
            section_year("ITA 2568 › ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน"),
            Some(2568)
        );
        assert_eq!(section_year("ITA › ปีงบประมาณ 2567 › 9.1"), Some(2567));
        assert_eq!(section_year("ตัวชี้วัดย่อยที่ 9.1"), None);
    }

    #[test]
    fn year_fit_rules() {
        let fy = FiscalYear(2568);
        let fit = |scope, texts: &[&str], link_year, body: &str| {
            year_fit(scope, fy, &[texts], link_year, body).0
        };
        assert_eq!(
            fit(
                YearScope::Current,
                &["แผน ประจำปีงบประมาณ พ.ศ. 2568"],
                None,
                ""
            ),
            Some(true)
        );
        assert_eq!(
            fit(
                YearScope::Current,
                &["แผน ประจำปีงบประมาณ พ.ศ. 2567"],
                Some(2568),
                ""
            ),
            Some(false)
        );
        assert_eq!(
            fit(YearScope::Current, &["แผนดำเนินงาน"], Some(2568), ""),
            Some(true)
        );
        assert_eq!(
            fit(YearScope::Current, &["แผนดำเนินงาน"], Some(2567), ""),
            Some(false)
        );
        assert_eq!(
            fit(YearScope::Previous, &["รายงานผล ปี 2567"], None, ""),
            Some(true)
        );
        assert_eq!(
            fit(
                YearScope::MultiYear,
                &["แผนพัฒนาท้องถิ่น (พ.ศ. 2566-2570)"],
                None,
                ""
            ),
            Some(true)
        );
        assert_eq!(fit(YearScope::Timeless, &["2560"], None, ""), None);
        // No year on the link or its target's title: the target's own content decides.
        assert_eq!(
            fit(
                YearScope::Current,
                &["ประกาศจัดซื้อจัดจ้าง"],
                None,
                "ประกาศ 10 พ.ย. 66 แผน ปีงบประมาณ 2567"
            ),
            Some(false)
        );
        assert_eq!(
            fit(YearScope::Current, &["ประกาศจัดซื้อจัดจ้าง"], None, "ไม่มีวันที่"),
            None
        );
        // The link's own year outranks its row's: a 2567 row may link a FY2566 report.
        assert_eq!(
            year_fit(
                YearScope::Previous,
                fy,
                &[
                    &["รายงานผล ประจำปีงบประมาณ พ.ศ. 2566"],
                    &["O38 รายงานผล (ปี 2567)"]
                ],
                None,
                ""
            )
            .0,
            Some(false)
        );
    }
}
