//! Year reasoning: which fiscal year a piece of evidence shows (its section, its own text, a
//! document's dates), whether that is the checked year, and how candidates rank by it.

use super::evidence::Candidate;
use super::target::Target;
use crate::checklist::YearScope;
use crate::thai::{self, FiscalYear};

/// The one fiscal year a text names, if it names exactly one.
pub(crate) fn single_year(text: &str) -> Option<i32> {
    let mut years: Vec<i32> = thai::find_dates(text)
        .iter()
        .filter(|m| !m.is_range())
        .map(|m| m.start.fiscal_year().0)
        .collect();
    years.dedup();
    (years.len() == 1).then(|| years[0])
}

/// The year of the innermost heading of a section trail ("ITA 2568 › ตัวชี้วัดย่อยที่ 9.1").
pub(crate) fn section_year(section: &str) -> Option<i32> {
    section.rsplit(" › ").find_map(single_year)
}

/// Whether evidence fits an item's year scope. The texts come in tiers, most specific first:
/// the first tier that shows a date decides; then the hub section's year; then the dates in
/// the target's own content.
pub(crate) fn year_fit(
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
pub(crate) fn judge(
    scope: YearScope,
    fy: FiscalYear,
    mentions: &[thai::DateMention],
) -> Option<bool> {
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
pub(crate) fn signed_unread(c: &Candidate, scope: YearScope) -> bool {
    (c.strength >= 3 || c.in_year_hub)
        && match scope {
            YearScope::Timeless => true,
            YearScope::MultiYear => c.year_ok != Some(false),
            // The entry itself must show the year: the hub section's year alone is not the
            // document's.
            _ => c.year_ok == Some(true) && !c.evidence.years.is_empty(),
        }
}

pub(crate) fn rank(c: &Candidate, scope: YearScope) -> (u8, bool, u8, std::cmp::Reverse<usize>) {
    let timeless = scope == YearScope::Timeless;
    let usable = matches!(c.target, Target::Ok | Target::Unknown | Target::External);
    let r = match (&c.target, c.year_ok) {
        (Target::Placeholder | Target::Empty | Target::Unconfirmed, _) => 0,
        // Not opened: neither its year nor its content can decide anything.
        (Target::NotReached, _) => 4,
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
