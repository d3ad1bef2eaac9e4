//! What makes a page evidence rather than a label: the site's template (menus, headers and
//! footers found by comparing pages) told apart from a page's own text, placeholders, news
//! pages, and the substance a page must show before its heading is believed.

use super::site::key;
use crate::crawl::{DocumentRecord, PageRecord, SiteSnapshot};
use crate::thai::{self};
use std::collections::HashMap;
use url::Url;

/// What became of the evidence target.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Target {
    /// Fetched and fine, or an off-site link not known to be dead.
    Ok,
    /// Not fetched by a complete crawl (robots.txt, depth, an off-site page): nothing known
    /// against it.
    Unknown,
    /// Not fetched because the crawl was cut short (page budget, deadline, interruption):
    /// what it shows is unknown, so it can confirm nothing.
    NotReached,
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
pub(crate) fn is_news_page(p: &PageRecord) -> bool {
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
pub(crate) fn template_threshold(pages: usize) -> usize {
    if pages >= 4 { 3 } else { pages.max(2) }
}

/// What the pages of a site share: the parts every page (or many pages) show are the
/// template, not the content of any one of them.
pub(crate) struct Template {
    /// Per page: its own text, without the template.
    pub(crate) own: Vec<String>,
    /// Per page: its own text without the rows whose download leads nowhere, normalised.
    pub(crate) live: Vec<String>,
    /// URL keys of links that appear on many pages (menus, footers).
    pub(crate) links: std::collections::HashSet<String>,
    /// Image names that appear on many pages (logos, banners).
    pub(crate) images: std::collections::HashSet<String>,
    /// Normalised headings that appear on many pages ("ลิงก์ด่วน").
    pub(crate) headings: std::collections::HashSet<String>,
    /// Normalised form captions that appear on many pages (a search or newsletter box).
    pub(crate) forms: std::collections::HashSet<String>,
    /// Link contexts (rows) that appear on many pages: menu entries and their sub-menus.
    pub(crate) rows: std::collections::HashSet<String>,
}

/// A text without the words of rows whose link leads nowhere (a title over a dead download
/// button), normalised. Words, not whole rows, because the template may have taken part of
/// a row already.
pub(crate) fn live_text(text: &str, dead: &[String]) -> String {
    let dead: std::collections::HashSet<&str> =
        dead.iter().flat_map(|d| d.split_whitespace()).collect();
    let kept: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !dead.contains(w))
        .collect();
    thai::normalize(&kept.join(" "))
}

pub(crate) fn shingle_hash(words: &[&str]) -> u64 {
    crate::crawl::fnv1a(words.join(" ").as_bytes())
}

impl Template {
    pub(crate) fn new(snap: &SiteSnapshot) -> Template {
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
    pub(crate) fn substantive(
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
        let letters = own
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(SUBSTANCE_MIN_LETTERS)
            .count();
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
    pub(crate) fn own_form(&self, p: &PageRecord) -> bool {
        p.model
            .forms
            .iter()
            .any(|f| !self.forms.contains(&thai::normalize(f)))
    }

    /// Whether a page embeds a document of its own (an `<iframe>` or `<embed>` the template
    /// does not share): such a page is a viewer, and the link that names it names what it
    /// shows.
    pub(crate) fn own_embed(&self, p: &PageRecord) -> bool {
        p.model
            .links
            .iter()
            .any(|l| l.kind != "a" && !self.links.contains(&key(&l.url)))
    }
}

/// Whether a page only says its content is being prepared, judged on its own text (without
/// the template it shares with other pages), its title and headings taken out.
pub(crate) fn is_placeholder(p: &PageRecord, own: &str) -> bool {
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
    own.chars()
        .filter(|c| c.is_alphanumeric())
        .take(PLACEHOLDER_MAX_LETTERS + 1)
        .count()
        <= PLACEHOLDER_MAX_LETTERS
}
