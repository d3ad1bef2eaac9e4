//! What changed between two runs, per unit: items newly missing, items fixed, evidence that
//! moved to another URL, links that broke, and the score change. Pure: two sets of results
//! in, a diff out, so `oitscan diff`, the reports' "since last scan" column and
//! `--fail-on regression` all agree.

use super::UnitResult;
use super::Verdict;
use serde::{Deserialize, Serialize};

/// How one item changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ItemChange {
    /// Found before, a gap now (missing, wrong year, broken link) or needs a look.
    NewlyMissing,
    /// Not found before, found now.
    Fixed,
    /// Found both times, but the evidence is now at another URL.
    Moved,
    /// The evidence link was fine before and is broken now.
    Broke,
}

impl ItemChange {
    /// A symbol readable in grey print.
    pub fn symbol(self) -> &'static str {
        match self {
            ItemChange::NewlyMissing => "▼",
            ItemChange::Fixed => "▲",
            ItemChange::Moved => "↪",
            ItemChange::Broke => "!",
        }
    }
}

/// One item's change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ItemDiff {
    /// Item code.
    pub code: String,
    /// What happened.
    pub change: ItemChange,
    /// The evidence URL before, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_url: Option<String>,
    /// The evidence URL now, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_url: Option<String>,
}

/// One unit's changes since the earlier run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnitDiff {
    /// Registry id.
    pub unit_id: String,
    /// Thai name.
    pub name_th: String,
    /// The unit is new in this run.
    #[serde(default)]
    pub new_unit: bool,
    /// Item changes, in checklist order.
    pub items: Vec<ItemDiff>,
    /// Estimated score before, if any.
    pub score_before: Option<f64>,
    /// Estimated score now, if any.
    pub score_after: Option<f64>,
    /// When the earlier run started.
    pub since: String,
}

impl UnitDiff {
    /// Score change, when both runs scored the unit.
    pub fn score_delta(&self) -> Option<f64> {
        Some(self.score_after? - self.score_before?)
    }

    /// Items of one kind of change.
    pub fn codes(&self, change: ItemChange) -> Vec<&str> {
        self.items
            .iter()
            .filter(|i| i.change == change)
            .map(|i| i.code.as_str())
            .collect()
    }

    /// Whether anything got worse.
    pub fn regressed(&self) -> bool {
        self.items
            .iter()
            .any(|i| matches!(i.change, ItemChange::NewlyMissing | ItemChange::Broke))
            || self.score_delta().is_some_and(|d| d < -0.005)
    }
}

/// The changes between two runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunDiff {
    /// Per unit present in the later run, in its order; units without changes included.
    pub units: Vec<UnitDiff>,
    /// Units in the earlier run that the later one does not have.
    pub removed: Vec<String>,
}

fn first_url(r: &UnitResult, code: &str) -> Option<(Verdict, Option<String>)> {
    r.verdicts
        .items
        .iter()
        .find(|v| v.code == code)
        .map(|v| (v.verdict, v.evidence.first().map(|e| e.url.clone())))
}

/// One unit's diff.
pub fn diff_unit(before: Option<&UnitResult>, after: &UnitResult, since: &str) -> UnitDiff {
    let mut out = UnitDiff {
        unit_id: after.unit.id.clone(),
        name_th: after.unit.name_th.clone(),
        new_unit: before.is_none(),
        items: Vec::new(),
        score_before: before.and_then(|b| b.verdicts.score.as_ref().map(|s| s.percent)),
        score_after: after.verdicts.score.as_ref().map(|s| s.percent),
        since: since.to_string(),
    };
    let Some(before) = before else {
        return out;
    };
    // A unit that could not be crawled this time has not lost its items; the run says it is
    // incomplete instead.
    if matches!(after.outcome, crate::crawl::Outcome::Failed { .. }) {
        out.score_after = None;
        return out;
    }
    for v in &after.verdicts.items {
        let Some((was, was_url)) = first_url(before, &v.code) else {
            continue;
        };
        let now_url = v.evidence.first().map(|e| e.url.clone());
        let change = match (was, v.verdict) {
            (Verdict::Found, Verdict::BrokenLink) => Some(ItemChange::Broke),
            (Verdict::Found, Verdict::Found) if was_url != now_url => Some(ItemChange::Moved),
            (Verdict::Found, Verdict::Found) => None,
            (Verdict::Found, Verdict::NotApplicable | Verdict::NotChecked) => None,
            (Verdict::Found, _) => Some(ItemChange::NewlyMissing),
            (Verdict::NotApplicable | Verdict::NotChecked, _) => None,
            (_, Verdict::Found) => Some(ItemChange::Fixed),
            (w, Verdict::BrokenLink) if w != Verdict::BrokenLink => Some(ItemChange::Broke),
            _ => None,
        };
        if let Some(change) = change {
            out.items.push(ItemDiff {
                code: v.code.clone(),
                change,
                before_url: was_url,
                after_url: now_url,
            });
        }
    }
    out
}

/// The changes from `before` to `after`.
pub fn diff(before: &[UnitResult], after: &[UnitResult], since: &str) -> RunDiff {
    let by_id: std::collections::HashMap<&str, &UnitResult> =
        before.iter().map(|b| (b.unit.id.as_str(), b)).collect();
    let now: std::collections::HashSet<&str> = after.iter().map(|a| a.unit.id.as_str()).collect();
    RunDiff {
        units: after
            .iter()
            .map(|a| diff_unit(by_id.get(a.unit.id.as_str()).copied(), a, since))
            .collect(),
        removed: before
            .iter()
            .filter(|b| !now.contains(b.unit.id.as_str()))
            .map(|b| b.unit.id.clone())
            .collect(),
    }
}
