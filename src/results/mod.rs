//! The results of a run: every unit's crawl outcome, verdicts, score and changes since the
//! last scan. They are the project's central data: detection produces the verdicts, `scan`
//! and `merge` assemble them, `history` stores them, `report` renders them and `eval` scores
//! them, and none of those needs another to read them.

mod diff;
mod verdict;

pub use diff::{ItemChange, ItemDiff, RunDiff, UnitDiff, diff, diff_unit};
pub use verdict::{Evidence, Hub, ItemVerdict, UnitVerdicts, Verdict};

use crate::crawl::{Outcome, SiteSnapshot};
use crate::locale::Msg;
use crate::units::{RowError, Unit};
use serde::{Deserialize, Serialize};

/// Version of the `results.json` layout; bumped on any incompatible change.
pub const RESULTS_VERSION: u32 = 1;

/// One unit's result in the roll-up.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnitResult {
    /// The unit as registered.
    pub unit: Unit,
    /// How its crawl ended.
    pub outcome: Outcome,
    /// Requests sent.
    pub requests: usize,
    /// HTML pages fetched.
    pub pages: usize,
    /// Documents seen.
    pub documents: usize,
    /// Wall time, milliseconds.
    pub elapsed_ms: u64,
    /// Bytes downloaded.
    #[serde(default)]
    pub bytes: u64,
    /// Requests answered 304 Not Modified (a re-scan reusing what the last one stored).
    #[serde(default)]
    pub revalidated: usize,
    /// Bytes those answers saved.
    #[serde(default)]
    pub bytes_saved: u64,
    /// Problems met while crawling (first ones).
    pub crawl_errors: Vec<String>,
    /// Facts about the site worth telling its owner (robots.txt, TLS, traps, throttling).
    #[serde(default)]
    pub findings: Vec<String>,
    /// Per-item verdicts and score.
    pub verdicts: UnitVerdicts,
    /// What changed since the previous scan in the history, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<UnitDiff>,
}

impl UnitResult {
    /// A unit's result from its crawl snapshot and detection's verdicts; the change since
    /// the last scan is filled in by the run that has the history.
    pub fn new(unit: &Unit, snap: &SiteSnapshot, verdicts: UnitVerdicts) -> UnitResult {
        UnitResult {
            unit: unit.clone(),
            outcome: snap.outcome.clone(),
            requests: snap.requests,
            pages: snap.pages.len(),
            documents: snap.documents.len(),
            elapsed_ms: snap.elapsed_ms,
            bytes: snap.bytes,
            revalidated: snap.revalidated,
            bytes_saved: snap.bytes_saved,
            crawl_errors: snap
                .errors
                .iter()
                .take(50)
                .map(|e| format!("{}: {}", e.url, e.message))
                .collect(),
            findings: snap.findings.clone(),
            verdicts,
            since: None,
        }
    }

    /// What a run keeps of a unit in memory once the unit's own file holds all of it: the
    /// unit, its figures, verdicts and score, without the per-item reasons, evidence and
    /// missing parts or the crawl's messages — most of a result, needed only by the formats
    /// that read each unit's file again (see [`RunResults::details`]). A nation of units then
    /// fits in memory as a province does.
    pub fn summary(mut self) -> UnitResult {
        for i in &mut self.verdicts.items {
            i.reason = String::new();
            i.reason_th = String::new();
            i.evidence = Vec::new();
            i.missing_components = Vec::new();
        }
        self.crawl_errors = Vec::new();
        self.findings = Vec::new();
        self.verdicts.family_note = None;
        self
    }
}

/// The whole run: `results.json`. Its layout is described by `docs/results.schema.json`
/// ([`results_schema`]); `results_version` changes with any incompatible change.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RunResults {
    /// Layout version of this file.
    pub results_version: u32,
    /// oitscan version.
    pub oitscan_version: String,
    /// When the run started (RFC 3339).
    pub started_at: String,
    /// When it ended.
    pub finished_at: String,
    /// Checklist used ("nacc-2568") and where it came from.
    pub checklist: String,
    /// Its source.
    pub checklist_source: String,
    /// Fiscal year checked.
    pub fiscal_year: i32,
    /// Units scanned, in registry order.
    pub units: Vec<UnitResult>,
    /// Registry rows that could not be used.
    pub invalid_rows: Vec<RowError>,
    /// Remarks about the run (checklist year fallback, registry warnings, the history),
    /// worded when shown; notes written as plain text by older versions still read.
    pub notes: Vec<Msg>,
    /// Why the run stopped before every unit was done (Ctrl-C, the deadline), if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    /// When set, `units` are [`UnitResult::summary`]s and each unit's whole result is in its
    /// file in this output folder (`report::full_units` reads them back one at a time); a
    /// unit without a readable file is whole in `units`. Never written: `results.json`
    /// always holds whole results.
    #[serde(skip)]
    #[schemars(skip)]
    pub details: Option<std::path::PathBuf>,
}

/// The JSON Schema of `results.json`, as shipped in `docs/results.schema.json`.
pub fn results_schema() -> serde_json::Value {
    let mut schema =
        serde_json::to_value(schemars::schema_for!(RunResults)).expect("the schema serialises");
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "$id".into(),
            format!("urn:oitscan:results:v{RESULTS_VERSION}").into(),
        );
        obj.insert(
            "description".into(),
            "oitscan results.json: one scan run, every unit's crawl outcome, verdicts and score estimate".into(),
        );
    }
    schema
}

/// Whether the run could not look at everything: stopped early, or a unit failed outright.
pub fn incomplete(run: &RunResults) -> bool {
    run.stopped.is_some()
        || run
            .units
            .iter()
            .any(|r| matches!(r.outcome, Outcome::Failed { .. }))
}
