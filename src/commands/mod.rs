//! The subcommands, one module each with its own arguments, and what they share: loading a
//! checklist, reading results, the async runtime, and the input-error kind that exits 2.

pub mod checklist;
pub mod demo;
pub mod diff;
pub mod eval;
pub mod history;
pub mod merge;
pub mod scan;
pub mod units;

/// What every subcommand module uses.
pub(crate) mod prelude {
    pub(crate) use super::{
        ChecklistChoice, HistoryFile, block_on, input, load_checklist, open_history,
        print_registry_problems, read_results,
    };
    pub use anyhow::Context;
    pub use clap::{Args, Parser, Subcommand};
    pub use oitscan::checklist::{self, Checklist, ChecklistError};
    pub use oitscan::crawl::gate::Politeness;
    pub use oitscan::crawl::{CrawlOptions, PrivateAccess, user_agent};
    pub use oitscan::locale::Msg;
    pub use oitscan::report::Lang;
    pub use oitscan::report::policy::{self, FailOn};
    pub use oitscan::results::RunResults;
    pub use oitscan::scan::{self, ScanOptions};
    pub use oitscan::thai::FiscalYear;
    pub use oitscan::units::{self, Family, Registry};
    pub use std::path::PathBuf;
    pub use std::process::ExitCode;
    pub use std::time::Duration;
}

use prelude::*;

#[derive(Args)]
pub(crate) struct HistoryFile {
    /// The history database (SQLite).
    #[arg(long, value_name = "FILE", default_value = oitscan::history::DEFAULT_PATH, env = "OITSCAN_HISTORY")]
    history: PathBuf,
}

#[derive(Args, Clone)]
pub(crate) struct ChecklistChoice {
    /// Fiscal year (ปีงบประมาณ, Buddhist Era) of the shipped checklist to use, e.g. 2568.
    /// Default: the current fiscal year, or the newest shipped checklist if there is none yet.
    #[arg(long, value_name = "YEAR", conflicts_with = "checklist")]
    year: Option<i32>,
    /// Use this checklist file instead of a shipped one (copy one from `checklists/` and edit).
    #[arg(long, value_name = "FILE")]
    checklist: Option<PathBuf>,
}

/// An error the user can fix by changing their input or arguments (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct InputError(String);

pub(crate) fn input(e: impl std::fmt::Display) -> anyhow::Error {
    InputError(e.to_string()).into()
}

/// Loads the checklist a run asked for; the note says when the year fell back.
pub(crate) fn load_checklist(choice: &ChecklistChoice) -> anyhow::Result<(Checklist, Option<Msg>)> {
    if let Some(path) = &choice.checklist {
        return Ok((Checklist::from_file(path).map_err(input)?, None));
    }
    let (year, note) =
        Checklist::resolve_year(Family::Nacc, choice.year, FiscalYear::current()).map_err(input)?;
    let cl = Checklist::builtin(Family::Nacc, year).map_err(|e| match e {
        ChecklistError::NoSuchYear { .. } => input(e),
        other => other.into(),
    })?;
    Ok((cl, note))
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Runs `work` to its end, then leaves at most a few seconds to what it abandoned: a parse or
/// an extraction cut off by `--deadline`, `--site-budget` or Ctrl-C may still be running on a
/// blocking thread, and dropping the runtime would wait for it however long it takes.
pub(crate) fn block_on<T>(work: impl std::future::Future<Output = T>) -> anyhow::Result<T> {
    let rt = runtime()?;
    let out = rt.block_on(work);
    rt.shutdown_timeout(Duration::from_secs(2));
    Ok(out)
}

pub(crate) fn print_registry_problems(reg: &Registry, file: &str) {
    for w in &reg.warnings {
        eprintln!("warning: {w}");
    }
    for e in &reg.errors {
        let id =
            e.id.as_deref()
                .map(|i| format!(" (id {i})"))
                .unwrap_or_default();
        eprintln!("{file}:{}:{id} {}", e.line, e.problems_in(Lang::En));
    }
}

/// Reads a run's results.json (a baseline, a shard's); `what` tells the user what to give
/// instead when it cannot be read.
pub(crate) fn read_results(path: &std::path::Path, what: &str) -> anyhow::Result<RunResults> {
    let bytes = std::fs::read(path)
        .map_err(|e| input(format!("cannot read {} ({e}); give {what}", path.display())))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        input(format!(
            "{} is not an oitscan results.json ({e}); give {what}",
            path.display()
        ))
    })
}

pub(crate) fn open_history(file: &HistoryFile) -> anyhow::Result<oitscan::history::History> {
    if !file.history.exists() {
        return Err(input(format!(
            "no history database at {}; run `oitscan scan` first (it records every scan there), or give --history FILE",
            file.history.display()
        )));
    }
    oitscan::history::History::open(&file.history).map_err(input)
}
