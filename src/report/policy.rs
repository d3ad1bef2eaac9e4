//! CI mode: which results make a run fail (`--fail-on`), the exit code, and the short Markdown
//! summary a CI job shows (`$GITHUB_STEP_SUMMARY`).
//!
//! Exit codes follow lychee's spirit: 0 every unit meets the policy, 1 gaps found, 2 usage or
//! input error, 3 the run is incomplete (interrupted, past its deadline, or some units could
//! not be scanned at all) — an incomplete run says so even when it also found gaps, because
//! its gap list is not the whole story.

use super::html::is_gap;
use super::{Lang, RunResults, UnitResult, unit_name};
use crate::checklist::Checklist;
use crate::crawl::Outcome;
use crate::detect::Verdict;
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
    run: &RunResults,
    checklist: &Checklist,
    policy: &FailOn,
    baseline: Option<&RunResults>,
    lang: Lang,
) -> Vec<PolicyFailure> {
    let th = lang == Lang::Th;
    let mut out = Vec::new();
    for r in &run.units {
        let why = match policy {
            FailOn::Never => None,
            FailOn::Missing => {
                let gaps: Vec<&str> = r
                    .verdicts
                    .items
                    .iter()
                    .filter(|v| is_gap(v.verdict))
                    .map(|v| v.code.as_str())
                    .collect();
                (!gaps.is_empty()).then(|| {
                    if th {
                        format!("ขาด {} ข้อ: {}", gaps.len(), gaps.join(", "))
                    } else {
                        format!("{} item(s) with gaps: {}", gaps.len(), gaps.join(", "))
                    }
                })
            }
            FailOn::Score(threshold) => {
                let limit = threshold.unwrap_or(checklist.scoring.pass_mark);
                r.verdicts
                    .score
                    .as_ref()
                    .filter(|s| s.percent < limit)
                    .map(|s| {
                        if th {
                            format!("คะแนนโดยประมาณ {:.1} ต่ำกว่า {limit}", s.percent)
                        } else {
                            format!("estimated score {:.1} is under {limit}", s.percent)
                        }
                    })
            }
            FailOn::Regression => match baseline {
                Some(b) => b
                    .units
                    .iter()
                    .find(|u| u.unit.id == r.unit.id)
                    .and_then(|before| regression(before, r, th)),
                // Without an explicit baseline, the history's previous run (the "since last
                // scan" comparison made during the run) decides.
                None => r
                    .since
                    .as_ref()
                    .filter(|d| d.regressed())
                    .map(|d| crate::report::since_short(d, lang)),
            },
        };
        if let Some(why) = why {
            out.push(PolicyFailure {
                unit_id: r.unit.id.clone(),
                name: unit_name(r, lang),
                why,
            });
        }
    }
    out
}

/// What got worse in one unit between two runs.
fn regression(before: &UnitResult, now: &UnitResult, th: bool) -> Option<String> {
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
    let mut parts = Vec::new();
    if !lost.is_empty() {
        parts.push(if th {
            format!("ข้อที่เคยพบแต่ครั้งนี้ไม่พบ: {}", lost.join(", "))
        } else {
            format!("found before, not now: {}", lost.join(", "))
        });
    }
    if let Some((b, n)) = drop {
        parts.push(if th {
            format!("คะแนนลดลงจาก {b:.1} เป็น {n:.1}")
        } else {
            format!("score fell from {b:.1} to {n:.1}")
        });
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
pub fn ci_summary(
    run: &RunResults,
    policy: &FailOn,
    failures: &[PolicyFailure],
    lang: Lang,
) -> String {
    let th = lang == Lang::Th;
    let md = super::markdown::md_cell;
    let mut s = String::new();
    let scored: Vec<f64> = run
        .units
        .iter()
        .filter_map(|r| r.verdicts.score.as_ref().map(|s| s.percent))
        .collect();
    let below = run
        .units
        .iter()
        .filter(|r| r.verdicts.score.as_ref().is_some_and(|s| !s.passes))
        .count();
    let failed: Vec<&UnitResult> = run
        .units
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Failed { .. }))
        .collect();
    let _ = writeln!(
        s,
        "## oitscan: {} {}\n",
        if th {
            "ผลการตรวจ OIT ปีงบประมาณ"
        } else {
            "OIT scan, fiscal year"
        },
        run.fiscal_year
    );
    let verdict = match exit_code(run, failures) {
        0 => {
            if th {
                "✅ ผ่านเงื่อนไขทุกหน่วยงาน"
            } else {
                "✅ every unit meets the policy"
            }
        }
        1 => {
            if th {
                "❌ มีหน่วยงานไม่ผ่านเงื่อนไข"
            } else {
                "❌ some units fail the policy"
            }
        }
        _ => {
            if th {
                "⚠️ ตรวจได้ไม่ครบทุกหน่วยงาน"
            } else {
                "⚠️ the run is incomplete"
            }
        }
    };
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
        if th { "รายการ" } else { "What" },
        if th { "จำนวน" } else { "Count" }
    );
    let rows: [(&str, &str, String); 5] = [
        ("หน่วยงานที่ตรวจ", "units scanned", run.units.len().to_string()),
        (
            "หน่วยงานที่ประเมินคะแนน",
            "units scored",
            scored.len().to_string(),
        ),
        ("ต่ำกว่าเกณฑ์", "below the pass mark", below.to_string()),
        (
            "ไม่ผ่านเงื่อนไข",
            "failing the policy",
            failures.len().to_string(),
        ),
        ("ตรวจไม่ได้", "could not be scanned", failed.len().to_string()),
    ];
    for (t, e, n) in rows {
        let _ = writeln!(s, "| {} | {n} |", if th { t } else { e });
    }
    if !failures.is_empty() {
        let _ = writeln!(
            s,
            "\n### {}\n",
            if th {
                "หน่วยงานที่ไม่ผ่านเงื่อนไข"
            } else {
                "Units failing the policy"
            }
        );
        for f in failures.iter().take(50) {
            let _ = writeln!(s, "- {} ({}): {}", md(&f.name), md(&f.unit_id), md(&f.why));
        }
        if failures.len() > 50 {
            let _ = writeln!(
                s,
                "- … {} {}",
                failures.len() - 50,
                if th {
                    "หน่วยงาน"
                } else {
                    "more"
                }
            );
        }
    }
    if !failed.is_empty() {
        let _ = writeln!(
            s,
            "\n### {}\n",
            if th {
                "หน่วยงานที่ตรวจไม่ได้"
            } else {
                "Units that could not be scanned"
            }
        );
        for r in failed.iter().take(50) {
            if let Outcome::Failed { reason } = &r.outcome {
                let _ = writeln!(
                    s,
                    "- {} ({}): {}",
                    md(&unit_name(r, lang)),
                    md(&r.unit.id),
                    md(&super::plain::explain(reason, lang))
                );
            }
        }
    }
    if let Some(why) = &run.stopped {
        let _ = writeln!(
            s,
            "\n{}: {}",
            if th {
                "การตรวจหยุดก่อนครบ"
            } else {
                "Stopped early"
            },
            md(why)
        );
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
