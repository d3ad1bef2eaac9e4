//! The OIT score estimate: the group-mean formula derived in the reference from published
//! 2564 results (each item pass/fail; a sub-indicator scores the share of its items passed; an
//! indicator is the mean of its sub-indicators; OIT is the mean of the indicators). Items do not
//! weigh the same: one in a small sub-indicator counts for more, which is why this is computed
//! from the groups and not as a plain share of items.

use super::{Checklist, ScoringMethod};
use crate::units::UnitType;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One sub-indicator's share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupScore {
    /// Group id.
    pub id: String,
    /// Items that passed.
    pub passed: usize,
    /// Items that apply.
    pub total: usize,
    /// passed / total × 100.
    pub percent: f64,
}

/// An estimated OIT score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScoreEstimate {
    /// OIT percentage, 0–100.
    pub percent: f64,
    /// OIT points in the ITA total (weight × percent / 100).
    pub points: f64,
    /// The checklist's pass mark.
    pub pass_mark: f64,
    /// Whether the percentage reaches the pass mark.
    pub passes: bool,
    /// Per indicator ("9", "10"), its percentage.
    pub indicators: BTreeMap<String, f64>,
    /// Per group.
    pub groups: Vec<GroupScore>,
}

impl Checklist {
    /// Estimates the OIT score of a unit of type `unit_type` from which item codes passed.
    /// Items that do not apply to the unit type are left out; a group with no applicable item
    /// is left out of its indicator's mean.
    pub fn estimate(&self, unit_type: UnitType, passed: &dyn Fn(&str) -> bool) -> ScoreEstimate {
        let ScoringMethod::GroupMean = self.scoring.method;
        let mut groups = Vec::new();
        let mut by_indicator: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for g in &self.groups {
            let items: Vec<_> = self
                .items
                .iter()
                .filter(|i| i.group == g.id && i.applies(unit_type))
                .collect();
            if items.is_empty() {
                continue;
            }
            let ok = items.iter().filter(|i| passed(&i.code)).count();
            let percent = 100.0 * ok as f64 / items.len() as f64;
            by_indicator
                .entry(g.indicator.clone())
                .or_default()
                .push(percent);
            groups.push(GroupScore {
                id: g.id.clone(),
                passed: ok,
                total: items.len(),
                percent,
            });
        }
        let indicators: BTreeMap<String, f64> = by_indicator
            .into_iter()
            .map(|(k, v)| (k, v.iter().sum::<f64>() / v.len() as f64))
            .collect();
        let percent = if indicators.is_empty() {
            0.0
        } else {
            indicators.values().sum::<f64>() / indicators.len() as f64
        };
        ScoreEstimate {
            percent,
            points: self.scoring.oit_weight * percent / 100.0,
            pass_mark: self.scoring.pass_mark,
            passes: percent >= self.scoring.pass_mark,
            indicators,
            groups,
        }
    }
}
