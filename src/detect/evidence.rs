//! Evidence: which links and pages on a site stand for which checklist item, for which
//! assessment year, and in what state (fetched, broken, a scan).
//!
//! Real ITA pages name the item in the table row beside a link that says only "คลิก", list
//! several years' sections on one page, and number items differently every year. So a link's
//! item comes from its anchor, its row, the page it leads to and that page's or document's own
//! title; its year from the dates it and its target show, falling back to the year of the hub
//! section it sits in; and an item code in a row counts only inside the checked year's hub.

use super::site::*;
use super::target::*;

use super::year::*;

use super::{Evidence, HUB_LABELS, Matcher};

use crate::checklist::{Checklist, Component, Item, YearScope};

use crate::crawl::PageRecord;

use crate::extract::{Link, is_generic_anchor};

use crate::thai;

use std::collections::HashMap;
use std::sync::Arc;

use url::Url;

/// One way an item could be evidenced.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub(crate) evidence: Evidence,
    /// 3: the link's own text or its target's title names the item; 2: its row, a hub
    /// page's title, or the document's text does.
    pub(crate) strength: u8,
    /// Some(true): shows an accepted year; Some(false): only other years; None: no year.
    pub(crate) year_ok: Option<bool>,
    pub(crate) target: Target,
    /// Sits in the checked year's hub section.
    pub(crate) in_year_hub: bool,
    pub(crate) depth: usize,
    /// Normalised text of the target, for component checks (shared by every candidate that
    /// points at the same page or document).
    pub(crate) target_text: Option<Arc<str>>,
    /// Something the reason must say about how the evidence was judged.
    pub(crate) note: Option<Note>,
}

/// How a piece of evidence was judged, when the reason must say so.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Note {
    /// Found in the part every page shares (the footer), shown on the homepage.
    SiteWide,
    /// The heading above it names another item; the code the document carries was trusted.
    CodeOverHeading(String),
}

/// Notes that a text names an item, keeping the strongest way it did.
pub(super) fn hit(hits: &mut HashMap<usize, (String, u8)>, idx: usize, kw: String, strength: u8) {
    let e = hits.entry(idx).or_insert((kw.clone(), 0));
    if strength > e.1 {
        *e = (kw, strength);
    }
}

/// Whether a normalised text shows a component (one of its keywords).
pub(crate) fn component_shown(c: &Component, text: &str) -> bool {
    c.keywords_th.iter().chain(&c.keywords_en).any(|k| {
        let k = thai::normalize(k);
        !k.is_empty() && text.contains(&k)
    })
}

/// How many of an item's components (any unit type) a normalised text shows.
pub(super) fn components_shown(item: &Item, text: &str) -> usize {
    item.components
        .iter()
        .filter(|c| component_shown(c, text))
        .count()
}

/// Whether a normalised text names an ITA/OIT hub.
pub(super) fn is_hub_text(n: &str) -> bool {
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
pub(super) fn has_word(n: &str, w: &str) -> bool {
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

/// A URL that is a website's front page (no path, no query).
pub(super) fn is_site_root(url: &str) -> bool {
    Url::parse(url).is_ok_and(|u| matches!(u.path(), "" | "/") && u.query().is_none())
}

/// The one item code a URL's path carries ("/ita2568/O12/plan.pdf", "o12-plan.pdf").
pub(super) fn url_item_code(url: &str) -> Option<String> {
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

pub(super) fn file_name(url: &str) -> String {
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

impl<'a> Site<'a> {
    /// Every candidate, per checklist item index.
    pub(crate) fn candidates(
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
                let shown = self.page_text(page);
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
        let target_text = tpage
            .map(|p| self.component_text(p))
            .or_else(|| tdoc.and_then(|d| d.text.as_ref()).map(|t| self.doc_text(t)));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thai::FiscalYear;

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
