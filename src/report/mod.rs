//! Writing results: per-unit files the moment a unit finishes, then the run's roll-up.
//!
//! Reports know nothing about crawling; they render verdicts. Everything taken from a crawled
//! site is hostile input: it is escaped for Markdown tables here, and file names derived from
//! registry ids cannot leave the output folder.

mod cells;
mod csv;
mod diff;
mod html;
mod itas;
mod junit;
mod markdown;
pub mod plain;
pub mod policy;
mod view;
mod xlsx;

pub use cells::neutral_cell;
pub use csv::summary_csv;
pub use diff::{change_label, diff_markdown, since_short};
pub use html::{index_html, unit_html};
pub use itas::{itas_csv, itas_sheet};
pub use junit::junit;
pub use markdown::{md_cell, summary_markdown, unit_markdown};
pub use view::{ItemView, LinkView, RunView, UnitView, is_gap};
pub use xlsx::workbook;

use crate::checklist::Checklist;
use crate::crawl::SiteSnapshot;
pub use crate::locale::Lang;
use crate::results::{RunResults, UnitResult};
use crate::units::Unit;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

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
    crate::crawl::SNAPSHOT_SUFFIX,
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
    write_atomic_with(
        &dir.join(format!("{stem}{}", crate::crawl::SNAPSHOT_SUFFIX)),
        |w| crate::crawl::write_snapshot(snap, w),
    )?;
    let view = UnitView::new(result, checklist, lang);
    let md = dir.join(format!("{stem}.md"));
    write_atomic(&md, unit_markdown(&view).as_bytes())?;
    let html = unit_html(&view, started_at).map_err(std::io::Error::other)?;
    write_atomic(&dir.join(format!("{stem}.html")), html.as_bytes())?;
    write_atomic(
        &dir.join(format!("{stem}.itas.txt")),
        itas_sheet(&view).as_bytes(),
    )?;
    write_atomic(&dir.join(format!("{stem}.itas.csv")), &itas_csv(&view))?;
    // Last: `<id>.json` is what `--resume` takes as "this unit is done", so it exists only
    // once every other file of the unit does.
    write_atomic(
        &dir.join(format!("{stem}.json")),
        &serde_json::to_vec(result)?,
    )?;
    Ok(md)
}

/// Every unit's whole result, in the run's order, one at a time: read back from the unit's
/// file when the run holds summaries ([`RunResults::details`]), else the one in memory (also
/// when the file is gone or unreadable — it then lacks only detail, never a verdict).
pub fn full_units(run: &RunResults) -> impl Iterator<Item = Cow<'_, UnitResult>> {
    run.units.iter().map(move |r| {
        let Some(out) = &run.details else {
            return Cow::Borrowed(r);
        };
        let path = out
            .join("units")
            .join(format!("{}.json", safe_stem(&r.unit.id)));
        std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice::<UnitResult>(&b).ok())
            .filter(|whole| whole.unit.id == r.unit.id)
            .map_or(Cow::Borrowed(r), Cow::Owned)
    })
}

/// The run with every unit's whole result in memory (for a small run, a test, a library
/// caller that wants the evidence), as `results.json` holds it.
pub fn into_whole(run: RunResults) -> RunResults {
    let units = full_units(&run).map(Cow::into_owned).collect();
    RunResults {
        units,
        details: None,
        ..run
    }
}

/// `results.json` as it is written: the run's fields, with `units` streamed from
/// [`full_units`] so the whole run is never in memory at once. Field for field the layout of
/// [`RunResults`] (the round-trip test reads it back as one).
#[derive(serde::Serialize)]
struct ResultsFile<'a> {
    results_version: u32,
    oitscan_version: &'a str,
    started_at: &'a str,
    finished_at: &'a str,
    checklist: &'a str,
    checklist_source: &'a str,
    fiscal_year: i32,
    units: WholeUnits<'a>,
    invalid_rows: &'a [crate::units::RowError],
    notes: &'a [crate::locale::Msg],
    #[serde(skip_serializing_if = "Option::is_none")]
    stopped: Option<&'a str>,
}

struct WholeUnits<'a>(&'a RunResults);

impl serde::Serialize for WholeUnits<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(full_units(self.0))
    }
}

/// Writes `results.json` (compact: it is for programs, and a nation's runs are large).
pub fn write_results(path: &Path, run: &RunResults) -> std::io::Result<()> {
    let file = ResultsFile {
        results_version: run.results_version,
        oitscan_version: &run.oitscan_version,
        started_at: &run.started_at,
        finished_at: &run.finished_at,
        checklist: &run.checklist,
        checklist_source: &run.checklist_source,
        fiscal_year: run.fiscal_year,
        units: WholeUnits(run),
        invalid_rows: &run.invalid_rows,
        notes: &run.notes,
        stopped: run.stopped.as_deref(),
    };
    write_atomic_with(path, |w| {
        serde_json::to_writer(w, &file).map_err(std::io::Error::other)
    })
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
    write_results(&out.join("results.json"), results)?;
    let view = RunView::new(results, checklist, lang);
    write_atomic(&out.join("summary.md"), summary_markdown(&view).as_bytes())?;
    let index = index_html(&view).map_err(std::io::Error::other)?;
    write_atomic(&out.join("index.html"), index.as_bytes())?;
    write_atomic(&out.join("summary.csv"), &summary_csv(&view))?;
    let xlsx = workbook(&view, out).map_err(std::io::Error::other)?;
    write_atomic(&out.join("oitscan.xlsx"), &xlsx)?;
    write_atomic_with(&out.join("junit.xml"), |w| junit(&view, w))
}

/// Writes through a temporary file and a rename, so a crash never leaves half a file.
/// An error names the file, so a full disk or a read-only folder says where.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`] for what is written as it is made (a big site's snapshot), so it is
/// never held in memory whole.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp~");
    let tmp = PathBuf::from(tmp);
    let result = std::fs::File::create(&tmp)
        .and_then(|f| {
            let mut w = std::io::BufWriter::new(f);
            write(&mut w)?;
            w.into_inner().map(drop).map_err(|e| e.into_error())
        })
        .and_then(|()| std::fs::rename(&tmp, path));
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
            crate::crawl::SNAPSHOT_SUFFIX,
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
