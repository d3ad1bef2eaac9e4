//! A run's record in the history database, and the run before it for "since last scan".

use super::Resumed;
use super::ScanOptions;
use crate::checklist::Checklist;
use crate::crawl::SiteSnapshot;
use crate::history::{self, History, RunMeta};
use crate::locale::Msg;
use crate::results::{RunResults, UnitResult};
use std::path::{Path, PathBuf};

/// The run's record in the history, and the run before it for the "since last scan" column
/// and regressions. The history is an extra: a database that cannot be opened (locked,
/// damaged, written by a newer oitscan) costs this run its comparison, never its results.
pub(super) struct RunRecord {
    /// Locked by the unit being recorded: units finish on several threads.
    pub(super) history: Option<std::sync::Mutex<History>>,
    pub(super) path: Option<PathBuf>,
    pub(super) run_id: Option<i64>,
    /// The run before (its id and start), each of whose units is read when the same unit
    /// finishes now.
    pub(super) baseline: Option<(i64, String)>,
}

impl RunRecord {
    pub(super) fn open(
        opts: &ScanOptions,
        checklist: &Checklist,
        resumed: &Resumed,
        say: &mut dyn FnMut(Msg),
    ) -> RunRecord {
        let checklist_id = checklist.id();
        let mut history = opts.history.as_deref().and_then(|p| open_history(p, say));
        let meta = RunMeta {
            started_at: resumed.started_at.clone(),
            checklist: checklist_id.clone(),
            fiscal_year: checklist.year,
            out_dir: opts.out_dir.display().to_string(),
            shard: opts.shard.clone(),
            options: opts.record.clone(),
        };
        let mut run_id = None;
        if let Some(h) = &history {
            match resumed.history_run {
                Some(id) if h.run_started(id).is_ok() => run_id = Some(id),
                _ => match h.begin_run(&meta) {
                    Ok(id) => run_id = Some(id),
                    Err(e) => {
                        say(unrecorded(&e));
                        history = None;
                    }
                },
            }
        }
        let baseline = match (&history, run_id) {
            (Some(h), Some(id)) => {
                let previous = || -> Result<_, history::HistoryError> {
                    Ok(match h.previous_run(&checklist_id, Some(id))? {
                        Some(prev) => Some((prev, h.run_started(prev)?)),
                        None => None,
                    })
                };
                previous().unwrap_or_else(|e| {
                    say(Msg::new("history-previous-unreadable").arg("detail", e));
                    None
                })
            }
            _ => None,
        };
        RunRecord {
            path: history.as_ref().and(opts.history.clone()),
            history: history.map(std::sync::Mutex::new),
            run_id,
            baseline,
        }
    }

    /// What changed for a unit since the run before, when there is one.
    /// A unit the run before cannot be read back for gets no comparison, not a "new unit".
    pub(super) fn since(&self, r: &UnitResult) -> Option<crate::results::UnitDiff> {
        let (prev, when) = self.baseline.as_ref()?;
        let h = self.history.as_ref()?;
        let before = h
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .load_unit(*prev, &r.unit.id);
        match before {
            Ok(before) => Some(crate::results::diff_unit(before.as_ref(), r, when)),
            Err(e) => {
                tracing::warn!("cannot read unit {} of the run before: {e}", r.unit.id);
                None
            }
        }
    }

    /// Records a finished unit; a failure costs the history this unit, never the run.
    pub(super) fn unit(&self, result: &UnitResult, snap: &SiteSnapshot) {
        let Some((h, id)) = self.history.as_ref().zip(self.run_id) else {
            return;
        };
        let mut h = h.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = h
            .record_unit(id, result)
            .and_then(|_| h.store_snapshot(id, snap))
        {
            tracing::error!("cannot record unit {} in the history: {e}", result.unit.id);
        }
    }

    /// Marks the run finished; the results are written already, so a failure only costs
    /// the history this run's end.
    pub(super) fn finish(&self, run: &RunResults, out_dir: &Path) {
        if let (Some(h), Some(id)) = (self.history.as_ref(), self.run_id)
            && let Err(e) = h
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .finish_run(id, run)
        {
            eprintln!(
                "warning: {e}; the run's results are kept in {}",
                out_dir.display()
            );
        }
    }
}

/// Opens the history for a run. A damaged file is moved aside (kept for a person to look
/// at) and a fresh history started; a locked one (another scan writing for longer than the
/// wait) or any other failure costs this run its record, never its results.
pub(super) fn open_history(path: &Path, say: &mut dyn FnMut(Msg)) -> Option<History> {
    let opened = History::open(path).and_then(|h| h.check().map(|()| h));
    match opened {
        Ok(h) => Some(h),
        Err(e) => {
            let text = e.to_string();
            let damaged = ["malformed", "not a database", "corrupt"]
                .iter()
                .any(|w| text.to_lowercase().contains(w));
            if damaged && path.exists() {
                // A name no earlier damaged copy has (two within a second must not overwrite
                // the first: each is kept for a person to look at).
                let stem = format!(
                    "{}.damaged-{}",
                    path.display(),
                    jiff::Timestamp::now().as_second()
                );
                let aside = std::iter::once(PathBuf::from(&stem))
                    .chain((2..).map(|n| PathBuf::from(format!("{stem}-{n}"))))
                    .find(|p| !p.exists())
                    .expect("an unused name");
                for suffix in ["-wal", "-shm"] {
                    let side = PathBuf::from(format!("{}{suffix}", path.display()));
                    let _ = std::fs::remove_file(side);
                }
                if std::fs::rename(path, &aside).is_ok()
                    && let Ok(fresh) = History::open(path)
                {
                    say(Msg::new("history-damaged-moved")
                        .arg("detail", &text)
                        .arg("path", aside.display()));
                    return Some(fresh);
                }
            }
            say(unrecorded(&e));
            None
        }
    }
}

/// What a run that cannot use its history says: why, and that it goes on unrecorded.
fn unrecorded(e: &history::HistoryError) -> Msg {
    let text = e.to_string();
    let key = if text.contains("locked") || text.contains("busy") {
        "history-locked"
    } else {
        "history-unrecorded"
    };
    Msg::new(key).arg("detail", text)
}
