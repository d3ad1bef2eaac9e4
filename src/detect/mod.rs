//! Detection: a pure function from a site snapshot and a checklist to per-item verdicts. No
//! network, no clock, no files, so it can be re-run on a saved crawl with another checklist
//! year, and tested on snapshots built in memory.

mod matcher;

pub use matcher::Matcher;

use crate::checklist::{Checklist, Item, ScoreEstimate, YearScope};
use crate::crawl::{Outcome, SiteSnapshot};
use crate::extract::is_generic_anchor;
use crate::thai::{self, FiscalYear};
use crate::units::{Family, Unit};
use serde::{Deserialize, Serialize};

/// The verdict on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Published, for the right year where one is needed.
    Found,
    /// Published, but for another fiscal year.
    WrongYear,
    /// The site links it, but the link is broken.
    BrokenLink,
    /// Nothing found.
    Missing,
    /// The item does not apply to this unit type.
    NotApplicable,
    /// The site could not be checked, or uses another family's list.
    NotChecked,
}

impl Verdict {
    /// Thai label.
    pub fn label_th(self) -> &'static str {
        match self {
            Verdict::Found => "พบ",
            Verdict::WrongYear => "พบแต่ไม่ใช่ปีที่ประเมิน",
            Verdict::BrokenLink => "ลิงก์เสีย",
            Verdict::Missing => "ไม่พบ",
            Verdict::NotApplicable => "ไม่เกี่ยวข้อง",
            Verdict::NotChecked => "ตรวจไม่ได้",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Verdict::Found => "found",
            Verdict::WrongYear => "wrong year",
            Verdict::BrokenLink => "broken link",
            Verdict::Missing => "missing",
            Verdict::NotApplicable => "not applicable",
            Verdict::NotChecked => "not checked",
        }
    }

    /// A symbol readable in grey print.
    pub fn symbol(self) -> &'static str {
        match self {
            Verdict::Found => "✓",
            Verdict::WrongYear => "≠",
            Verdict::BrokenLink => "!",
            Verdict::Missing => "✗",
            Verdict::NotApplicable => "–",
            Verdict::NotChecked => "?",
        }
    }
}

/// Where an item was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The evidence URL (what a unit submits in ITAS).
    pub url: String,
    /// Link texts clicked from the homepage to reach it.
    pub click_path: Vec<String>,
    /// The keyword that matched.
    pub matched: String,
    /// The text it matched in.
    pub text: String,
    /// Fiscal years the evidence shows, as written ("2568", "2566–2570").
    pub years: Vec<String>,
}

/// The verdict on one item, with its evidence and reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemVerdict {
    /// Item code.
    pub code: String,
    /// The verdict.
    pub verdict: Verdict,
    /// 0–1: how sure detection is.
    pub confidence: f32,
    /// Why, in one line.
    pub reason: String,
    /// Evidence, best first.
    pub evidence: Vec<Evidence>,
}

/// Every verdict for one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitVerdicts {
    /// Registry id.
    pub unit_id: String,
    /// Checklist family and year used.
    pub checklist: String,
    /// Fiscal year checked.
    pub fiscal_year: FiscalYear,
    /// The family the site publishes against (from the registry, or detected).
    pub family: Family,
    /// Why the family differs from the registry's, when detection changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_note: Option<String>,
    /// Per item, in checklist order.
    pub items: Vec<ItemVerdict>,
    /// The estimated OIT score, when the unit was scored.
    pub score: Option<ScoreEstimate>,
}

/// Menu and page labels of ITA/OIT hubs (reference §7.1), normalised.
const HUB_LABELS: &[&str] = &[
    "ita",
    "oit",
    "การประเมินคุณธรรมและความโปร่งใส",
    "คุณธรรมและความโปร่งใส",
    "เปิดเผยข้อมูลสาธารณะ",
    "หลักฐานเชิงประจักษ์",
    "ศูนย์ข้อมูลข่าวสาร",
    "มาตรการภายใน",
    "ป้องกันการทุจริต",
];

/// The crawler's best-first scorer for a checklist: links that look like the ITA hub or one
/// of the checklist's items are fetched before the rest, so the evidence is found within a
/// small request budget. The crawler sees only this function, never the items.
pub fn link_scorer(checklist: &Checklist) -> crate::crawl::LinkScorer {
    let matcher = std::sync::Arc::new(Matcher::new(checklist));
    let year = checklist.year.to_string();
    std::sync::Arc::new(move |link: &crate::extract::Link| {
        let text = thai::normalize(&format!("{} {} {}", link.text, link.title, link.context));
        let mut score = 0;
        if HUB_LABELS.iter().any(|h| text.contains(h)) {
            score += 20;
        }
        score += 5 * matcher.items_in(&text).len().min(3) as i32;
        if text.contains(&year) {
            score += 5;
        }
        score
    })
}

/// Guesses a site's family from what it shows: a hospital's MOIT page names "MOIT" in many
/// links and headings; a school's page says "ITA Online".
pub fn detect_family(snap: &SiteSnapshot) -> Option<(Family, String)> {
    let mut moit = std::collections::HashSet::new();
    let mut ita_online = 0;
    for p in &snap.pages {
        let texts = std::iter::once(&p.model.title)
            .chain(&p.model.headings)
            .chain(p.model.links.iter().map(|l| &l.text))
            .chain(p.model.links.iter().map(|l| &l.context));
        for t in texts {
            let n = thai::normalize(t);
            for (i, _) in n.match_indices("moit") {
                let code: String = n[i + 4..]
                    .trim_start()
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                moit.insert(code);
            }
            if n.contains("ita online") || n.contains("itaonline") {
                ita_online += 1;
            }
        }
    }
    if moit.len() >= 3 {
        return Some((
            Family::MophMoit,
            format!(
                "the site publishes the MOPH MOIT list ({} MOIT codes seen)",
                moit.len()
            ),
        ));
    }
    if ita_online >= 2 {
        return Some((
            Family::ObecItaOnline,
            "the site publishes the schools' ITA Online list".into(),
        ));
    }
    None
}

#[derive(Debug, Clone)]
struct Candidate {
    evidence: Evidence,
    /// 3 anchor or title, 2 page title/heading, 1 row context.
    strength: u8,
    /// Some(true) the year fits, Some(false) it is another year, None no year shown.
    year_ok: Option<bool>,
    broken: bool,
    depth: usize,
}

fn year_fit(scope: YearScope, fy: FiscalYear, texts: &[&str]) -> (Option<bool>, Vec<String>) {
    let mentions: Vec<_> = texts.iter().flat_map(|t| thai::find_dates(t)).collect();
    let years: Vec<String> = mentions
        .iter()
        .map(|m| {
            let r = m.fiscal_years();
            if r.start() == r.end() {
                r.start().to_string()
            } else {
                format!("{}–{}", r.start(), r.end())
            }
        })
        .collect();
    if scope == YearScope::Timeless || mentions.is_empty() {
        return (None, years);
    }
    let ok = mentions.iter().any(|m| scope.accepts(fy, m.fiscal_years()));
    (Some(ok), years)
}

/// Decides every item of the checklist for one unit.
pub fn detect(snap: &SiteSnapshot, checklist: &Checklist, unit: &Unit) -> UnitVerdicts {
    let fy = checklist.fiscal_year();
    let matcher = Matcher::new(checklist);
    let mut out = UnitVerdicts {
        unit_id: unit.id.clone(),
        checklist: format!("{}-{}", checklist.family, checklist.year),
        fiscal_year: fy,
        family: unit.family,
        family_note: None,
        items: Vec::new(),
        score: None,
    };
    if unit.family == Family::Nacc
        && let Some((family, note)) = detect_family(snap)
    {
        out.family = family;
        out.family_note = Some(note);
    }
    let not_checked = |reason: &str| -> Vec<ItemVerdict> {
        checklist
            .items
            .iter()
            .map(|i| ItemVerdict {
                code: i.code.clone(),
                verdict: Verdict::NotChecked,
                confidence: 1.0,
                reason: reason.to_string(),
                evidence: vec![],
            })
            .collect()
    };
    if let Outcome::Failed { reason } = &snap.outcome {
        out.items = not_checked(&format!("site could not be crawled: {reason}"));
        return out;
    }
    if out.family != checklist.family {
        if out.family_note.is_none() {
            out.family_note = Some(format!(
                "the registry lists this unit under the {} family",
                out.family
            ));
        }
        out.items = not_checked(&format!(
            "the unit publishes the {} list, not the {} list",
            out.family, checklist.family
        ));
        return out;
    }

    let mut candidates: Vec<Vec<Candidate>> = vec![Vec::new(); checklist.items.len()];
    let broken = |url: &str| -> bool {
        snap.documents
            .iter()
            .any(|d| d.url == url && (d.status == 0 || d.status >= 400))
            || snap.pages.iter().any(|p| p.url == url && p.status >= 400)
    };
    for page in &snap.pages {
        if page.status >= 400 {
            continue;
        }
        // The page itself, named by its title or first heading.
        let head = page
            .model
            .headings
            .first()
            .map(String::as_str)
            .unwrap_or("");
        for text in [page.model.title.as_str(), head] {
            for (idx, kw) in matcher.items_in(text) {
                let item = &checklist.items[idx];
                let (year_ok, years) = year_fit(item.year_scope, fy, &[text]);
                candidates[idx].push(Candidate {
                    evidence: Evidence {
                        url: page.final_url.clone(),
                        click_path: page.click_path.clone(),
                        matched: kw,
                        text: text.to_string(),
                        years,
                    },
                    strength: 2,
                    year_ok,
                    broken: false,
                    depth: page.depth,
                });
            }
        }
        for link in &page.model.links {
            let anchor = format!("{} {}", link.text, link.title);
            let (text, strength) = if is_generic_anchor(&link.text) && link.title.trim().is_empty()
            {
                (link.context.as_str(), 1)
            } else {
                (anchor.as_str(), 3)
            };
            let file_name = link.url.rsplit('/').next().map(|f| {
                percent_encoding::percent_decode_str(f)
                    .decode_utf8_lossy()
                    .into_owned()
            });
            for (idx, kw) in matcher.items_in(text) {
                let item: &Item = &checklist.items[idx];
                // An old assessment year's section ("ITA 2567") marks its links as that year's.
                let section_years: Vec<i32> = thai::find_dates(&link.section)
                    .iter()
                    .map(|m| m.start.year_be)
                    .collect();
                let mut year_texts = vec![text, link.context.as_str()];
                if let Some(f) = &file_name {
                    year_texts.push(f);
                }
                let (mut year_ok, years) = year_fit(item.year_scope, fy, &year_texts);
                if !section_years.is_empty()
                    && !section_years.contains(&fy.0)
                    && year_ok != Some(true)
                {
                    year_ok = Some(false);
                }
                let mut click_path = page.click_path.clone();
                click_path.push(text.chars().take(80).collect());
                candidates[idx].push(Candidate {
                    evidence: Evidence {
                        url: link.url.clone(),
                        click_path,
                        matched: kw,
                        text: text.chars().take(200).collect(),
                        years,
                    },
                    strength,
                    year_ok,
                    broken: broken(&link.url),
                    depth: page.depth + 1,
                });
            }
        }
    }

    for (idx, item) in checklist.items.iter().enumerate() {
        if !item.applies(unit.unit_type) {
            out.items.push(ItemVerdict {
                code: item.code.clone(),
                verdict: Verdict::NotApplicable,
                confidence: 1.0,
                reason: format!("does not apply to {}", unit.unit_type.name_th()),
                evidence: vec![],
            });
            continue;
        }
        out.items
            .push(decide(item, std::mem::take(&mut candidates[idx]), fy));
    }
    let passed = |code: &str| {
        out.items
            .iter()
            .any(|v| v.code == code && v.verdict == Verdict::Found)
    };
    let score = checklist.estimate(unit.unit_type, &passed);
    out.score = Some(score);
    out
}

fn decide(item: &Item, mut cands: Vec<Candidate>, fy: FiscalYear) -> ItemVerdict {
    let rank = |c: &Candidate| {
        let year = match c.year_ok {
            Some(true) => 2,
            None => 1,
            Some(false) => 0,
        };
        (!c.broken, year, c.strength, std::cmp::Reverse(c.depth))
    };
    cands.sort_by_key(|c| std::cmp::Reverse(rank(c)));
    let mut seen = std::collections::HashSet::new();
    cands.retain(|c| seen.insert(c.evidence.url.clone()));
    let Some(best) = cands.first().cloned() else {
        return ItemVerdict {
            code: item.code.clone(),
            verdict: Verdict::Missing,
            confidence: 0.7,
            reason: "no link, page title or heading on the crawled pages names this item".into(),
            evidence: vec![],
        };
    };
    let (verdict, confidence, reason) = match (best.broken, best.year_ok) {
        (true, _) => (
            Verdict::BrokenLink,
            0.8,
            format!("the link \"{}\" is broken", best.evidence.text),
        ),
        (false, Some(true)) => (
            Verdict::Found,
            0.9,
            format!("matched \"{}\", year {} fits", best.evidence.matched, fy),
        ),
        (false, None) if item.year_scope == YearScope::Timeless => (
            Verdict::Found,
            0.85,
            format!("matched \"{}\"", best.evidence.matched),
        ),
        (false, None) => (
            Verdict::Found,
            0.6,
            format!(
                "matched \"{}\", but no fiscal year is shown; check that it is for {fy}",
                best.evidence.matched
            ),
        ),
        (false, Some(false)) => (
            Verdict::WrongYear,
            0.75,
            format!(
                "matched \"{}\" but it shows year {} (needs {})",
                best.evidence.matched,
                best.evidence.years.join(", "),
                item.year_scope.name_th()
            ),
        ),
    };
    let evidence = cands.into_iter().take(5).map(|c| c.evidence).collect();
    ItemVerdict {
        code: item.code.clone(),
        verdict,
        confidence,
        reason,
        evidence,
    }
}
