//! Writing results: per-unit files the moment a unit finishes, then the run's roll-up.
//!
//! Reports know nothing about crawling; they render verdicts. Everything taken from a crawled
//! site is hostile input: it is escaped for Markdown tables here, and file names derived from
//! registry ids cannot leave the output folder.

mod html;
mod markdown;
pub mod plain;
pub mod policy;
mod tables;

pub use html::{index_html, unit_html};
pub use markdown::{md_cell, summary_markdown, unit_markdown};
pub use tables::{itas_csv, itas_sheet, junit, neutral_cell, summary_csv, workbook};

use crate::checklist::Checklist;
use crate::crawl::{Outcome, SiteSnapshot};
use crate::detect::UnitVerdicts;
use crate::units::{RowError, Unit};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Version of the `results.json` layout; bumped on any incompatible change.
pub const RESULTS_VERSION: u32 = 1;

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Lang {
    /// Thai (default).
    #[default]
    Th,
    /// English.
    En,
}

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
    pub since: Option<crate::history::UnitDiff>,
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
    /// Remarks about the run (checklist year fallback, registry warnings).
    pub notes: Vec<String>,
    /// Why the run stopped before every unit was done (Ctrl-C, the deadline), if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
}

/// A verdict's name in the report language.
pub(crate) fn verdict_label(v: crate::detect::Verdict, lang: Lang) -> &'static str {
    match lang {
        Lang::Th => v.label_th(),
        Lang::En => v.label_en(),
    }
}

/// How a unit's crawl ended, for people: in Thai reports the reason starts with a plain
/// sentence (see [`plain::explain`]), the technical detail kept after it.
pub(crate) fn outcome_text(o: &Outcome, lang: Lang) -> String {
    let th = lang == Lang::Th;
    match o {
        Outcome::Complete => if th {
            "ตรวจครบ"
        } else {
            "complete"
        }
        .to_string(),
        Outcome::Partial { reason } => format!(
            "{} ({})",
            if th {
                "ตรวจได้บางส่วน"
            } else {
                "partial"
            },
            plain::explain(reason, lang)
        ),
        Outcome::Failed { reason } => format!(
            "{} ({})",
            if th {
                "ตรวจไม่ได้"
            } else {
                "failed"
            },
            plain::explain(reason, lang)
        ),
    }
}

/// A unit's name as reports show it: the English one in English reports when the registry
/// has one, else the Thai one.
pub(crate) fn unit_name(r: &UnitResult, lang: Lang) -> String {
    match (&r.unit.name_en, lang) {
        (Some(en), Lang::En) if !en.is_empty() => en.clone(),
        _ => r.unit.name_th.clone(),
    }
}

/// Units lowest estimated score first (so those under the pass mark lead), then the units
/// that were not scored (failed crawls, other families), each group in registry order.
pub(crate) fn by_score(run: &RunResults) -> Vec<&UnitResult> {
    let mut units: Vec<&UnitResult> = run.units.iter().collect();
    units.sort_by(|a, b| {
        let key = |r: &UnitResult| r.verdicts.score.as_ref().map(|s| s.percent);
        match (key(a), key(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    });
    units
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

/// A file name stem for a unit id: it cannot escape the output folder, and distinct ids get
/// distinct stems — also on case-insensitive disks (a USB stick) and whatever suffix the unit's
/// files add (`x.snapshot` is not unit `x`'s snapshot). A plain id (lower-case letters, Thai,
/// digits, `-`, `_`, inner dots) is its own stem; any other is made plain and given `~` and a
/// hash of the whole id, and `~` never appears in a plain id.
pub fn safe_stem(id: &str) -> String {
    let lower_dot_suffix = |s: &str| {
        let l = s.to_lowercase();
        l.ends_with(".snapshot") || l.ends_with(".itas")
    };
    let plain = !id.is_empty()
        && id.chars().count() <= 100
        && !id.starts_with('.')
        && !id.ends_with('.')
        && !lower_dot_suffix(id)
        && id
            .chars()
            .all(|c| (c.is_alphanumeric() && !c.is_uppercase()) || matches!(c, '-' | '_' | '.'));
    if plain {
        return id.to_string();
    }
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect::<String>()
        .to_lowercase();
    while s.starts_with('.') {
        s.remove(0);
    }
    format!("{s}~{:016x}", crate::crawl::fnv1a(id.as_bytes()))
}

/// The files each unit gets in `units/`, by suffix after its stem.
pub const UNIT_FILES: &[&str] = &[
    ".snapshot.json",
    ".md",
    ".html",
    ".itas.txt",
    ".itas.csv",
    ".json",
];

/// Writes a unit's snapshot, verdicts, reports (Markdown, HTML) and ITAS evidence sheets
/// (text and CSV) into `out/units/` as soon as the unit is done, so an interrupted run keeps
/// them.
pub fn write_unit(
    out: &Path,
    unit: &Unit,
    snap: &SiteSnapshot,
    result: &UnitResult,
    checklist: &Checklist,
    lang: Lang,
    started_at: &str,
) -> std::io::Result<PathBuf> {
    let dir = out.join("units");
    std::fs::create_dir_all(&dir)?;
    let stem = safe_stem(&unit.id);
    write_atomic(
        &dir.join(format!("{stem}.snapshot.json")),
        &serde_json::to_vec_pretty(snap)?,
    )?;
    let md = dir.join(format!("{stem}.md"));
    write_atomic(&md, unit_markdown(result, checklist, lang).as_bytes())?;
    let html = unit_html(result, checklist, lang, started_at).map_err(std::io::Error::other)?;
    write_atomic(&dir.join(format!("{stem}.html")), html.as_bytes())?;
    write_atomic(
        &dir.join(format!("{stem}.itas.txt")),
        itas_sheet(result, checklist, lang).as_bytes(),
    )?;
    write_atomic(
        &dir.join(format!("{stem}.itas.csv")),
        &itas_csv(result, checklist, lang),
    )?;
    // Last: `<id>.json` is what `--resume` takes as "this unit is done", so it exists only
    // once every other file of the unit does.
    write_atomic(
        &dir.join(format!("{stem}.json")),
        &serde_json::to_vec_pretty(result)?,
    )?;
    Ok(md)
}

/// Writes the roll-up: `results.json`, `summary.md`, `index.html`, `summary.csv`, the
/// `oitscan.xlsx` workbook and `junit.xml`.
pub fn write_run(
    out: &Path,
    results: &RunResults,
    checklist: &Checklist,
    lang: Lang,
) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    write_atomic(
        &out.join("results.json"),
        &serde_json::to_vec_pretty(results)?,
    )?;
    write_atomic(
        &out.join("summary.md"),
        summary_markdown(results, checklist, lang).as_bytes(),
    )?;
    let index = index_html(results, checklist, lang).map_err(std::io::Error::other)?;
    write_atomic(&out.join("index.html"), index.as_bytes())?;
    write_atomic(
        &out.join("summary.csv"),
        &summary_csv(results, checklist, lang),
    )?;
    let xlsx = workbook(results, checklist, lang).map_err(std::io::Error::other)?;
    write_atomic(&out.join("oitscan.xlsx"), &xlsx)?;
    write_atomic(
        &out.join("junit.xml"),
        junit(results, checklist, lang).as_bytes(),
    )
}

/// Writes through a temporary file and a rename, so a crash never leaves half a file.
/// An error names the file, so a full disk or a read-only folder says where.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp~");
    let tmp = PathBuf::from(tmp);
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_stay_inside() {
        assert!(safe_stem("../../etc/passwd").starts_with("_.._etc_passwd~"));
        assert_eq!(safe_stem("อบต.หนองบัว-01"), "อบต.หนองบัว-01");
        assert_eq!(safe_stem("wp-tessaban"), "wp-tessaban");
        assert!(!safe_stem("..").contains('/'));
        assert!(safe_stem("a/b\\c:d").starts_with("a_b_c_d~"));
        // Distinct ids, distinct files, whatever the suffix and the disk's case rules.
        let ids = [
            "a b",
            "a_b",
            "a:b",
            "x",
            "x.snapshot",
            "x.itas",
            "A",
            "a",
            "",
            ".",
            "ก",
        ];
        let suffixes = [
            ".json",
            ".snapshot.json",
            ".html",
            ".md",
            ".itas.txt",
            ".itas.csv",
        ];
        let mut names = std::collections::HashSet::new();
        for id in ids {
            let stem = safe_stem(id);
            assert!(
                !stem.is_empty() && !stem.starts_with('.') && !stem.contains('/'),
                "{id:?}"
            );
            for suf in suffixes {
                assert!(
                    names.insert(format!("{stem}{suf}").to_lowercase()),
                    "{id:?}{suf} collides"
                );
            }
        }
    }
}
