//! CI mode: which results make a run fail (`--fail-on`), the exit code, and the short Markdown
//! summary a CI job shows (`$GITHUB_STEP_SUMMARY`).
//!
//! Exit codes follow lychee's spirit: 0 every unit meets the policy, 1 gaps found, 2 usage or
//! input error, 3 the run is incomplete (interrupted, past its deadline, or some units could
//! not be scanned at all) — an incomplete run says so even when it also found gaps, because
//! its gap list is not the whole story.

use super::view::{RunView, UnitView, is_gap};
use super::{Lang, RunResults, UnitResult};
use crate::crawl::Outcome;
use crate::locale::{num, words};
use crate::results::Verdict;
use std::fmt::Write;
use std::str::FromStr;

/// What makes a run fail.
#[derive(Debug, Clone, PartialEq)]
pub enum FailOn {
    /// Nothing: report only (exit 0 unless the run is incomplete).
    Never,
    /// Any item missing, for the wrong year, or behind a broken link.
    Missing,
    /// An estimated OIT score under this threshold (percent).
    Score(Option<f64>),
    /// An item found in the baseline run and not found now, or a lower score.
    Regression,
}

impl FromStr for FailOn {
    type Err = String;

    fn from_str(s: &str) -> Result<FailOn, String> {
        let s = s.trim().to_ascii_lowercase();
        match s.as_str() {
            "none" | "never" => Ok(FailOn::Never),
            "missing" | "gaps" => Ok(FailOn::Missing),
            "score" => Ok(FailOn::Score(None)),
            "regression" | "regressions" => Ok(FailOn::Regression),
            _ => {
                if let Some(n) = s
                    .strip_prefix("score:")
                    .or_else(|| s.strip_prefix("score="))
                {
                    return match n.parse::<f64>() {
                        Ok(v) if (0.0..=100.0).contains(&v) => Ok(FailOn::Score(Some(v))),
                        _ => Err(format!(
                            "\"{n}\" is not a score threshold; write e.g. score:85 (0–100)"
                        )),
                    };
                }
                Err(format!(
                    "unknown policy \"{s}\"; use none, missing, score, score:<0–100> or regression"
                ))
            }
        }
    }
}

/// One unit that fails the policy, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyFailure {
    /// Registry id.
    pub unit_id: String,
    /// Thai or English name, as reported.
    pub name: String,
    /// Why it fails, in the report language.
    pub why: String,
}

/// The units that fail `policy`. For [`FailOn::Regression`], `baseline` is an earlier run of
/// the same units; without one, each unit's comparison with the previous run in the history
/// decides. Units absent from the earlier run are new and cannot regress.
pub fn failures(
    view: &RunView,
    policy: &FailOn,
    baseline: Option<&RunResults>,
) -> Vec<PolicyFailure> {
    let lang = view.lang;
    let w = words(lang);
    let mut out = Vec::new();
    for u in &view.units {
        let r = u.result;
        let why = match policy {
            FailOn::Never => None,
            FailOn::Missing => {
                let gaps: Vec<&str> = u
                    .items
                    .iter()
                    .filter(|i| is_gap(i.status) && i.verdict.is_some())
                    .map(|i| i.item.code.as_str())
                    .collect();
                (!gaps.is_empty()).then(|| {
                    w.fmt(
                        "policy-gaps",
                        &[
                            ("count", num(gaps.len() as f64)),
                            ("codes", gaps.join(", ").into()),
                        ],
                    )
                })
            }
            FailOn::Score(threshold) => {
                let limit = threshold.unwrap_or(view.checklist.scoring.pass_mark);
                u.score.filter(|s| s.percent < limit).map(|s| {
                    // Numbers written here, as before: the catalogue words them, not their
                    // digits.
                    w.fmt(
                        "policy-score-under",
                        &[
                            ("score", format!("{:.1}", s.percent).into()),
                            ("limit", limit.to_string().into()),
                        ],
                    )
                })
            }
            FailOn::Regression => match baseline {
                Some(b) => b
                    .units
                    .iter()
                    .find(|u| u.unit.id == r.unit.id)
                    .and_then(|before| regression(before, r, lang)),
                // Without an explicit baseline, the history's previous run (the "since last
                // scan" comparison made during the run) decides.
                None => r
                    .since
                    .as_ref()
                    .is_some_and(|d| d.regressed())
                    .then(|| u.since.clone())
                    .flatten(),
            },
        };
        if let Some(why) = why {
            out.push(PolicyFailure {
                unit_id: r.unit.id.clone(),
                name: u.name.clone(),
                why,
            });
        }
    }
    out
}

/// What got worse in one unit between two runs.
fn regression(before: &UnitResult, now: &UnitResult, lang: Lang) -> Option<String> {
    // A unit that could not be crawled now has not lost its items: the run is incomplete
    // instead (exit 3), and the next run will tell.
    if matches!(now.outcome, Outcome::Failed { .. }) {
        return None;
    }
    let lost: Vec<&str> = before
        .verdicts
        .items
        .iter()
        .filter(|b| b.verdict == Verdict::Found)
        .filter(|b| {
            now.verdicts
                .items
                .iter()
                .find(|n| n.code == b.code)
                .is_some_and(|n| n.verdict != Verdict::Found)
        })
        .map(|b| b.code.as_str())
        .collect();
    let drop = match (&before.verdicts.score, &now.verdicts.score) {
        (Some(b), Some(n)) if n.percent + 0.005 < b.percent => Some((b.percent, n.percent)),
        _ => None,
    };
    if lost.is_empty() && drop.is_none() {
        return None;
    }
    let w = words(lang);
    let mut parts = Vec::new();
    if !lost.is_empty() {
        parts.push(w.fmt("policy-lost", &[("codes", lost.join(", ").into())]));
    }
    if let Some((b, n)) = drop {
        parts.push(w.fmt(
            "policy-score-fell",
            &[
                ("before", format!("{b:.1}").into()),
                ("now", format!("{n:.1}").into()),
            ],
        ));
    }
    Some(parts.join("; "))
}

/// The process exit code for a finished run.
pub fn exit_code(run: &RunResults, failures: &[PolicyFailure]) -> u8 {
    if crate::results::incomplete(run) {
        3
    } else if failures.is_empty() {
        0
    } else {
        1
    }
}

/// The short Markdown summary for a CI job: counts, the units that fail the policy, the units
/// that could not be scanned.
pub fn ci_summary(view: &RunView, policy: &FailOn, failures: &[PolicyFailure]) -> String {
    let (run, lang) = (view.run, view.lang);
    let w = words(lang);
    let md = super::markdown::md_cell;
    let mut s = String::new();
    let scored = view.units.iter().filter(|u| u.score.is_some()).count();
    let below = view
        .units
        .iter()
        .filter(|u| u.below_pass() == Some(true))
        .count();
    let failed: Vec<&UnitView> = view
        .units
        .iter()
        .filter(|u| matches!(u.result.outcome, Outcome::Failed { .. }))
        .collect();
    let _ = writeln!(
        s,
        "## oitscan: {}\n",
        // A year is a name, not a quantity: written as is.
        w.fmt("ci-title", &[("year", run.fiscal_year.to_string().into())])
    );
    let verdict = w.get(match exit_code(run, failures) {
        0 => "ci-pass",
        1 => "ci-fail",
        _ => "ci-incomplete",
    });
    let policy_text = match policy {
        FailOn::Never => "none".to_string(),
        FailOn::Missing => "missing".to_string(),
        FailOn::Score(Some(v)) => format!("score:{v}"),
        FailOn::Score(None) => "score".to_string(),
        FailOn::Regression => "regression".to_string(),
    };
    let _ = writeln!(s, "**{verdict}** (`--fail-on {policy_text}`)\n");
    let _ = writeln!(
        s,
        "| {} | {} |\n|---|---|",
        w.get("ci-what"),
        w.get("ci-count")
    );
    let rows: [(&str, usize); 5] = [
        ("ci-units-scanned", run.units.len()),
        ("ci-units-scored", scored),
        ("ci-below-pass-mark", below),
        ("ci-failing-policy", failures.len()),
        ("ci-not-scanned", failed.len()),
    ];
    for (key, n) in rows {
        let _ = writeln!(s, "| {} | {n} |", w.get(key));
    }
    if !failures.is_empty() {
        let _ = writeln!(s, "\n### {}\n", w.get("ci-failing-heading"));
        for f in failures.iter().take(50) {
            let _ = writeln!(s, "- {} ({}): {}", md(&f.name), md(&f.unit_id), md(&f.why));
        }
        if failures.len() > 50 {
            let more = w.fmt("ci-more", &[("count", num((failures.len() - 50) as f64))]);
            let _ = writeln!(s, "- … {more}");
        }
    }
    if !failed.is_empty() {
        let _ = writeln!(s, "\n### {}\n", w.get("ci-not-scanned-heading"));
        for u in failed.iter().take(50) {
            if let Outcome::Failed { reason } = &u.result.outcome {
                let _ = writeln!(
                    s,
                    "- {} ({}): {}",
                    md(&u.name),
                    md(&u.result.unit.id),
                    md(&super::plain::explain(reason, lang))
                );
            }
        }
    }
    if let Some(why) = &run.stopped {
        let _ = writeln!(s, "\n{}", w.fmt("ci-stopped", &[("why", md(why).into())]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_parse_with_clear_errors() {
        assert_eq!("missing".parse::<FailOn>(), Ok(FailOn::Missing));
        assert_eq!("Score:85".parse::<FailOn>(), Ok(FailOn::Score(Some(85.0))));
        assert_eq!("score".parse::<FailOn>(), Ok(FailOn::Score(None)));
        assert_eq!("none".parse::<FailOn>(), Ok(FailOn::Never));
        assert_eq!("regression".parse::<FailOn>(), Ok(FailOn::Regression));
        assert!("score:120".parse::<FailOn>().unwrap_err().contains("0–100"));
        assert!(
            "sometimes"
                .parse::<FailOn>()
                .unwrap_err()
                .contains("use none")
        );
    }
}
