//! Detection: a pure function from a site snapshot and a checklist to per-item verdicts. No
//! network, no clock, no files, so it can be re-run on a saved crawl with another checklist
//! year, and tested on snapshots built in memory.

mod decide;
mod evidence;
mod matcher;
mod site;
mod target;
mod year;

pub use matcher::Matcher;

use crate::checklist::Checklist;
use crate::crawl::{Outcome, SiteSnapshot};
use crate::locale::{Lang, t, words};
pub use crate::results::{Evidence, Hub, ItemVerdict, UnitVerdicts, Verdict};
use crate::thai;
use crate::units::{Family, Unit, UnitType};

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

/// Guesses a site's family from the whole picture, not one keyword: the numbering system and
/// its size (MOIT codes, EB1–EB24), the family's own words (ITA Online, ITA-VEC, สอศ.), and —
/// for units the registry does not list as local governments — the unit's own name on its
/// homepage (วิทยาลัย, โรงเรียน, โรงพยาบาล, สาธารณสุข). Codes and words are counted over
/// titles, headings and links, so one news post about a college does not turn a municipality
/// into one; the registry's family is only a hint.
pub fn detect_family(snap: &SiteSnapshot, unit_type: UnitType) -> Option<(Family, String)> {
    let mut moit = std::collections::HashSet::new();
    let mut eb = std::collections::HashSet::new();
    let mut ita_online = 0;
    let mut school = 0;
    let mut ovec_pages = 0;
    let mut ita_vec = 0;
    // A unit the registry lists as a local government is one, whatever its pages mention.
    let local = !matches!(unit_type, UnitType::Other | UnitType::ProvincialAgency);
    let mut ovec_text = false;
    let mut obec_text = false;
    let home = snap
        .pages
        .first()
        .map(|p| {
            let mut t = thai::normalize(&p.model.title);
            for h in p.model.headings.iter().take(2) {
                t.push(' ');
                t.push_str(&thai::normalize(h));
            }
            t
        })
        .unwrap_or_default();
    let college_home = home.contains("วิทยาลัย");
    for p in &snap.pages {
        let mut ovec_here = false;
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
            for (i, _) in n.match_indices("eb") {
                if n[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                {
                    continue;
                }
                let rest = n[i + 2..].trim_start_matches([' ', '.']);
                let code: String = rest.chars().take_while(char::is_ascii_digit).collect();
                if (1..=2).contains(&code.len()) {
                    eb.insert(code);
                }
            }
            if n.contains("ita online") || n.contains("itaonline") {
                ita_online += 1;
            }
            if n.contains("สถานศึกษา") || n.contains("ผู้อำนวยการโรงเรียน")
            {
                school += 1;
            }
            if n.contains("อาชีวศึกษา") || n.contains("สอศ") || n.contains("ผู้อำนวยการวิทยาลัย")
            {
                ovec_here = true;
            }
            if n.contains("ita-vec") || n.contains("ita vec") || n.contains("itavec") {
                ita_vec += 1;
            }
        }
        ovec_pages += usize::from(ovec_here);
        // Whole pages are normalised only where the unit's own name can decide the family.
        if !(local || (ovec_text && obec_text)) {
            let text = thai::normalize(&p.model.text);
            ovec_text |= text.contains("อาชีวศึกษา") || text.contains("สอศ.");
            obec_text |= text.contains("สพฐ") || text.contains("เขตพื้นที่การศึกษา");
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
    if eb.len() >= 5 {
        return Some((
            Family::MophEb,
            format!(
                "the site publishes the MOPH evidence-based list ({} EB codes seen)",
                eb.len()
            ),
        ));
    }
    if (ita_vec >= 1 && ovec_pages >= 1)
        || (college_home && ovec_pages >= 2)
        || (!local && college_home && ovec_text)
    {
        return Some((
            Family::Ovec,
            format!(
                "the site is a vocational college's and publishes the OVEC list ({ovec_pages} pages name OVEC)"
            ),
        ));
    }
    if ita_online >= 2
        || (ita_online >= 1 && school >= 3)
        || (!local && home.contains("โรงเรียน") && (obec_text || school >= 1))
    {
        return Some((
            Family::ObecItaOnline,
            "the site is a school's and publishes the schools' ITA Online list".into(),
        ));
    }
    if !local && (home.contains("โรงพยาบาล") || home.contains("สาธารณสุข")) && !eb.is_empty()
    {
        return Some((
            Family::MophEb,
            "the site is a public-health office's and publishes the MOPH evidence-based list"
                .into(),
        ));
    }
    None
}

/// Decides every item of the checklist for one unit.
pub fn detect(snap: &SiteSnapshot, checklist: &Checklist, unit: &Unit) -> UnitVerdicts {
    detect_with(snap, checklist, unit, &Matcher::new(checklist))
}

/// [`detect`] with the checklist's matcher built already: a run compiles it once, not once
/// per unit.
pub fn detect_with(
    snap: &SiteSnapshot,
    checklist: &Checklist,
    unit: &Unit,
    matcher: &Matcher,
) -> UnitVerdicts {
    let fy = checklist.fiscal_year();
    let mut out = UnitVerdicts {
        unit_id: unit.id.clone(),
        checklist: checklist.id(),
        fiscal_year: fy,
        family: unit.family,
        family_note: None,
        hubs: Vec::new(),
        items: Vec::new(),
        score: None,
    };
    if unit.family == Family::Nacc
        && let Some((family, note)) = detect_family(snap, unit.unit_type)
    {
        out.family = family;
        out.family_note = Some(note);
    }
    let not_checked = |reason: &str, reason_th: &str| -> Vec<ItemVerdict> {
        checklist
            .items
            .iter()
            .map(|i| ItemVerdict {
                code: i.code.clone(),
                verdict: Verdict::NotChecked,
                confidence: 1.0,
                reason: reason.to_string(),
                reason_th: reason_th.to_string(),
                evidence: vec![],
                missing_components: vec![],
            })
            .collect()
    };
    if let Outcome::Failed { reason } = &snap.outcome {
        let r = |lang| words(lang).fmt("reason-not-crawled", &[("reason", reason.clone().into())]);
        out.items = not_checked(&r(Lang::En), &r(Lang::Th));
        return out;
    }
    if out.family != checklist.family {
        if out.family_note.is_none() {
            out.family_note = Some(format!(
                "the registry lists this unit under the {} family",
                out.family
            ));
        }
        let r = |lang: Lang| {
            let thai = lang == Lang::Th;
            words(lang).fmt(
                "reason-other-family",
                &[
                    ("family", out.family.name(thai).to_string().into()),
                    ("checked", checklist.family.name(thai).to_string().into()),
                ],
            )
        };
        out.items = not_checked(&r(Lang::En), &r(Lang::Th));
        return out;
    }
    let site = site::Site::new(snap, fy);
    let js_site = snap.pages.first().is_some_and(|p| p.model.js_shell);
    out.hubs = site.hubs();
    let mut candidates = site.candidates(checklist, matcher);
    for (idx, item) in checklist.items.iter().enumerate() {
        if !item.applies(unit.unit_type) {
            out.items.push(ItemVerdict {
                code: item.code.clone(),
                verdict: Verdict::NotApplicable,
                confidence: 1.0,
                reason: words(Lang::En).fmt(
                    "reason-not-applicable",
                    &[("type", unit.unit_type.slug().into())],
                ),
                reason_th: words(Lang::Th).fmt(
                    "reason-not-applicable",
                    &[("type", unit.unit_type.name_th().into())],
                ),
                evidence: vec![],
                missing_components: vec![],
            });
            continue;
        }
        let mut v = decide::decide(
            item,
            std::mem::take(&mut candidates[idx]),
            fy,
            &site,
            unit.unit_type,
        );
        // A site drawn by JavaScript cannot be read without a browser: "missing" would be a
        // guess, so a person is asked to look.
        if v.verdict == Verdict::Missing && js_site {
            v.verdict = Verdict::NeedsHuman;
            v.reason = t(Lang::En, "reason-javascript-site");
            v.reason_th = t(Lang::Th, "reason-javascript-site");
        }
        out.items.push(v);
    }
    let passed = |code: &str| {
        out.items
            .iter()
            .any(|v| v.code == code && v.verdict == Verdict::Found)
    };
    out.score = Some(checklist.estimate(unit.unit_type, &passed));
    out
}
