//! The verdict on one item from its candidates: the best-ranked evidence, its year and the
//! state of its target decide found, wrong year, broken, needs a human look, or missing, with
//! a reason in both languages and a confidence that says how much was verified.

use super::evidence::*;
use super::site::{Site, key};
use super::target::*;
use super::year::*;
use super::{ItemVerdict, Verdict};
use crate::checklist::{Item, YearScope};
use crate::locale::{Lang, t, words};
use crate::thai::FiscalYear;
use crate::units::UnitType;
use fluent_bundle::FluentValue;

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
            reason: t(Lang::En, "reason-nothing-names-item"),
            reason_th: t(Lang::Th, "reason-nothing-names-item"),
            evidence: vec![],
            missing_components: vec![],
        };
    };
    let years = best.evidence.years.join(", ");
    let shown = |lang: Lang| {
        if best.evidence.years.is_empty() && timeless {
            t(lang, "reason-shown-no-year-needed")
        } else if best.evidence.years.is_empty() {
            t(lang, "reason-shown-no-year")
        } else {
            words(lang).fmt("reason-shown-years", &[("years", years.clone().into())])
        }
    };
    // The year the item needs, as a person would check it.
    let needed = match item.year_scope {
        YearScope::Previous => fy.previous(),
        _ => fy,
    };
    // Every placeholder a reason may use, in the reason's language.
    let args = |lang: Lang| -> Vec<(&'static str, FluentValue<'static>)> {
        let scope = match lang {
            Lang::Th => item.year_scope.name_th(),
            Lang::En => item.year_scope.name_en(),
        };
        vec![
            ("m", best.evidence.matched.clone().into()),
            ("text", best.evidence.text.clone().into()),
            ("url", best.evidence.url.clone().into()),
            ("shown", shown(lang).into()),
            ("scope", scope.to_string().into()),
            ("needed", needed.to_string().into()),
        ]
    };
    let said = |key: &str, extra: &[(&'static str, String)]| -> (String, String) {
        let mut both = [Lang::En, Lang::Th].map(|lang| {
            let mut a = args(lang);
            a.extend(
                extra
                    .iter()
                    .map(|(k, v)| (*k, FluentValue::from(v.clone()))),
            );
            words(lang).fmt(key, &a)
        });
        (std::mem::take(&mut both[0]), std::mem::take(&mut both[1]))
    };
    let (verdict, mut confidence, (mut reason, mut reason_th)) =
        match rank(&best, item.year_scope).0 {
            0 => match &best.target {
                Target::Empty => (Verdict::Missing, 0.75, said("reason-heading-only", &[])),
                Target::Unconfirmed => (Verdict::Missing, 0.7, said("reason-link-no-item", &[])),
                _ => (Verdict::Missing, 0.8, said("reason-being-prepared", &[])),
            },
            6 if matches!(best.target, Target::Scanned | Target::Unreadable(_)) => {
                (Verdict::Found, 0.65, said("reason-listed-unreadable", &[]))
            }
            6 if best.note == Some(Note::SiteWide) => {
                (Verdict::Found, 0.7, said("reason-contact-in-footer", &[]))
            }
            6 => (
                Verdict::Found,
                if best.strength >= 3 { 0.9 } else { 0.8 },
                said("reason-found", &[]),
            ),
            5 => (
                Verdict::Found,
                0.6,
                said("reason-multi-year-no-period", &[]),
            ),
            4 => match &best.target {
                Target::Scanned => (Verdict::NeedsHuman, 0.8, said("reason-scan-no-text", &[])),
                Target::Unreadable(e) => (
                    Verdict::NeedsHuman,
                    0.7,
                    said("reason-unreadable", &[("error", e.clone())]),
                ),
                Target::Hidden(why) => (
                    Verdict::NeedsHuman,
                    0.7,
                    said("reason-hidden", &[("why", why.clone())]),
                ),
                Target::Contradicted(other) => (
                    Verdict::NeedsHuman,
                    0.7,
                    said("reason-other-item", &[("other", other.clone())]),
                ),
                Target::NotReached => (Verdict::NeedsHuman, 0.5, said("reason-not-reached", &[])),
                Target::Ok | Target::Unknown if best.year_ok.is_none() => (
                    Verdict::NeedsHuman,
                    0.6,
                    said("reason-no-year-readable", &[]),
                ),
                Target::External => (
                    Verdict::NeedsHuman,
                    0.6,
                    said("reason-offsite-no-year", &[]),
                ),
                _ => (Verdict::NeedsHuman, 0.6, said("reason-check-by-eye", &[])),
            },
            3 => match &best.target {
                Target::Broken(e) => (
                    Verdict::BrokenLink,
                    0.85,
                    said("reason-broken-link", &[("error", e.clone())]),
                ),
                _ => (Verdict::BrokenLink, 0.7, said("reason-link-broken", &[])),
            },
            1 => (
                Verdict::BrokenLink,
                0.7,
                said("reason-broken-other-year", &[]),
            ),
            _ => (Verdict::WrongYear, 0.8, said("reason-wrong-year", &[])),
        };
    if verdict == Verdict::Found
        && let Some(Note::CodeOverHeading(stale)) = &best.note
    {
        let (en, th) = said("reason-code-over-heading", &[("stale", stale.clone())]);
        reason.push_str(&en);
        reason_th.push_str(&th);
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
            reason.push_str(&words(Lang::En).fmt(
                "reason-missing-parts",
                &[("parts", missing_en.join(", ").into())],
            ));
            reason_th.push_str(&words(Lang::Th).fmt(
                "reason-missing-parts",
                &[("parts", missing_components.join(", ").into())],
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
