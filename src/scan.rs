//! A scan run: crawl every unit concurrently (one task each, under a limit), detect as each
//! finishes, write its files at once, and roll up at the end. One unit's failure never stops
//! the others; a deadline or Ctrl-C ends the run with every unit accounted for.

use crate::checklist::Checklist;
use crate::crawl::{CrawlOptions, Crawler, Outcome, RunControl, SiteSnapshot};
use crate::detect;
use crate::history::{self, History, RunMeta};
use crate::locale::Msg;
use crate::progress::Progress;
use crate::report::{self, Lang};
use crate::results::{RunResults, UnitResult};
use crate::units::{Registry, Unit};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How a run behaves.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Crawl limits and manners.
    pub crawl: CrawlOptions,
    /// Units crawled at the same time.
    pub concurrency: usize,
    /// The output folder.
    pub out_dir: PathBuf,
    /// Report language.
    pub lang: Lang,
    /// No progress output.
    pub quiet: bool,
    /// Remarks to carry into the results (checklist year fallback, registry warnings).
    pub notes: Vec<Msg>,
    /// The whole run stops after this long; unfinished units are reported as such.
    pub deadline: Option<Duration>,
    /// Plain progress line interval when not on a terminal.
    pub progress_every: Duration,
    /// Stop cleanly on Ctrl-C (the CLI); tests leave it off.
    pub handle_ctrl_c: bool,
    /// The history database to record the run in (and compare with the run before).
    pub history: Option<PathBuf>,
    /// Continue the run whose files are in `out_dir`: finished units are kept, not redone.
    pub resume: bool,
    /// "K/N" when this run is one shard of a larger one (for the record).
    pub shard: Option<String>,
    /// The whole registry's fingerprint ([`registry_fingerprint`]), kept in run-state.json.
    pub registry: Option<String>,
    /// The options as given, kept with the run in the history.
    pub record: serde_json::Value,
}

/// `run-state.json` in the output folder: what a later `--resume` needs to continue.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunState {
    /// Checklist id ("nacc-2568").
    pub checklist: String,
    /// When the run first started.
    pub started_at: String,
    /// Its id in the history database, when one is kept.
    #[serde(default)]
    pub history_run: Option<i64>,
    /// The shard, when the run is one.
    #[serde(default)]
    pub shard: Option<String>,
    /// The whole registry's fingerprint (before any sharding), so `merge` can tell shards of
    /// one registry from those of another.
    #[serde(default)]
    pub registry: Option<String>,
}

/// Reads the state of an earlier run in `out_dir`, for `--resume`.
pub fn resume_state(out_dir: &Path) -> anyhow::Result<RunState> {
    let path = out_dir.join("run-state.json");
    let bytes = std::fs::read(&path).map_err(|e| {
        anyhow::anyhow!(
            "--resume: cannot read {} ({e}); there is no run to resume in {}: run without --resume to start one",
            path.display(),
            out_dir.display()
        )
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        anyhow::anyhow!(
            "--resume: {} is damaged ({e}); run without --resume to start again",
            path.display()
        )
    })
}

/// Whether a stored unit result was cut short by the run stopping (so a resumed run must
/// crawl the unit again) rather than by the site.
fn cut_by_stop(o: &Outcome) -> bool {
    match o {
        Outcome::Complete => false,
        Outcome::Partial { reason } | Outcome::Failed { reason } => {
            reason.contains("the run was interrupted")
                || reason.contains("the run's deadline was reached")
        }
    }
}

/// A unit's finished result kept in `out_dir` from an earlier attempt of the same run: its
/// `.json` (written last) and every report file beside it; a unit missing any is done again.
fn finished_before(out_dir: &Path, unit: &Unit, checklist: &str) -> Option<UnitResult> {
    let stem = report::safe_stem(&unit.id);
    let dir = out_dir.join("units");
    let path = dir.join(format!("{stem}.json"));
    let complete = report::UNIT_FILES
        .iter()
        .all(|suffix| dir.join(format!("{stem}{suffix}")).is_file());
    if !complete {
        return None;
    }
    let r: UnitResult = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    (r.unit.id == unit.id && r.verdicts.checklist == checklist && !cut_by_stop(&r.outcome))
        .then_some(r)
}

/// The units of shard `k` of `n` (1-based). Units are grouped by the key `group` gives (the
/// server they live on), so sites sharing a server are crawled by one machine and its
/// politeness limits stay in one place; every unit lands in exactly one shard.
pub fn shard_units(units: &[Unit], k: u32, n: u32, group: &dyn Fn(&Unit) -> String) -> Vec<Unit> {
    units
        .iter()
        .filter(|u| (crate::crawl::fnv1a(group(u).as_bytes()) % n as u64) as u32 == k - 1)
        .cloned()
        .collect()
}

impl ScanOptions {
    /// Options with defaults for everything but the crawl settings and the output folder.
    pub fn new(crawl: CrawlOptions, out_dir: PathBuf) -> ScanOptions {
        ScanOptions {
            crawl,
            concurrency: 64,
            out_dir,
            lang: Lang::Th,
            quiet: true,
            notes: Vec::new(),
            deadline: None,
            progress_every: Duration::from_secs(30),
            handle_ctrl_c: false,
            history: None,
            resume: false,
            shard: None,
            registry: None,
            record: serde_json::Value::Null,
        }
    }
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

fn status_line(o: &Outcome) -> String {
    match o {
        Outcome::Complete => "complete".to_string(),
        Outcome::Partial { reason } => format!("partial: {reason}"),
        Outcome::Failed { reason } => format!("failed: {reason}"),
    }
}

/// Scans every usable unit of a registry against a checklist, writing into `opts.out_dir`.
pub async fn run(
    registry: &Registry,
    checklist: &Checklist,
    opts: &ScanOptions,
) -> anyhow::Result<RunResults> {
    prepare_out_dir(&opts.out_dir)?;
    let checklist_id = checklist.id();
    let resumed = resume(registry, &checklist_id, opts)?;
    let mut notes = opts.notes.clone();
    let mut say = |note: Msg| {
        if !opts.quiet {
            eprintln!("warning: {note}");
        }
        notes.push(note);
    };
    let mut record = RunRecord::open(opts, checklist, &resumed, &mut say);
    write_run_state(opts, &checklist_id, &resumed.started_at, record.run_id)?;
    let crawler = Arc::new(Crawler::new(
        opts.crawl.clone(),
        Some(detect::link_scorer(checklist)),
    )?);
    let ctl = run_control(opts);
    let mut progress = Progress::new(
        registry.units.len() as u64,
        crawler.stats.clone(),
        opts.quiet,
        opts.progress_every,
    );
    let skip: HashSet<usize> = resumed.done.keys().copied().collect();
    let mut rx = spawn_crawls(registry, &skip, &crawler, &ctl, &record, opts);

    let mut results: Vec<(usize, UnitResult)> = resumed.done.into_iter().collect();
    for _ in 0..results.len() {
        progress.unit_done("", "kept from the interrupted run");
    }
    let mut ticker = tokio::time::interval(Duration::from_millis(500));
    loop {
        let received = tokio::select! {
            r = rx.recv() => r,
            _ = ticker.tick() => { progress.tick(); continue; }
        };
        let Some((i, snap)) = received else { break };
        let unit = &registry.units[i];
        let mut result = unit_result(unit, &snap, checklist);
        result.since = record.since(&result);
        record.unit(&result, &snap);
        finish_unit(opts, unit, &snap, &result, checklist, &resumed.started_at)?;
        progress.unit_done(&unit.id, &status_line(&result.outcome));
        results.push((i, result));
    }
    progress.finish();
    account_for_lost_units(registry, checklist, &mut results);
    let run = roll_up(
        registry,
        checklist,
        resumed.started_at,
        results,
        notes,
        &ctl,
    );
    report::write_run(&opts.out_dir, &run, checklist, opts.lang).map_err(|e| {
        anyhow::anyhow!(
            "cannot write the roll-up into {}: {e}",
            opts.out_dir.display()
        )
    })?;
    record.finish(&run, &opts.out_dir);
    Ok(run)
}

/// Creates the output folder and removes the half-written files of a run that was killed
/// (each was being replaced by a rename).
fn prepare_out_dir(out_dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out_dir).map_err(|e| {
        anyhow::anyhow!("cannot create the output folder {}: {e}", out_dir.display())
    })?;
    for dir in [out_dir.to_path_buf(), out_dir.join("units")] {
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().ends_with(".tmp~") {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    }
    Ok(())
}

/// Where a run starts from: fresh, or (with `--resume`) the units an earlier attempt of the
/// same run finished, its start time and its record in the history.
struct Resumed {
    started_at: String,
    history_run: Option<i64>,
    done: HashMap<usize, UnitResult>,
}

fn resume(registry: &Registry, checklist_id: &str, opts: &ScanOptions) -> anyhow::Result<Resumed> {
    let mut resumed = Resumed {
        started_at: now(),
        history_run: None,
        done: HashMap::new(),
    };
    if !opts.resume {
        return Ok(resumed);
    }
    let state = resume_state(&opts.out_dir)?;
    if state.checklist != checklist_id {
        anyhow::bail!(
            "--resume: the run in {} checked {}, not {checklist_id}; give the same --year or --checklist, or start a new run",
            opts.out_dir.display(),
            state.checklist
        );
    }
    resumed.started_at = state.started_at;
    resumed.history_run = state.history_run;
    for (i, unit) in registry.units.iter().enumerate() {
        if let Some(r) = finished_before(&opts.out_dir, unit, checklist_id) {
            resumed.done.insert(i, r);
        }
    }
    if !opts.quiet {
        eprintln!(
            "resuming: {} of {} unit(s) already done, {} to go",
            resumed.done.len(),
            registry.units.len(),
            registry.units.len() - resumed.done.len()
        );
    }
    Ok(resumed)
}

/// The run's record in the history, and the run before it for the "since last scan" column
/// and regressions. The history is an extra: a database that cannot be opened (locked,
/// damaged, written by a newer oitscan) costs this run its comparison, never its results.
struct RunRecord {
    history: Option<History>,
    path: Option<PathBuf>,
    run_id: Option<i64>,
    baseline: Option<(HashMap<String, UnitResult>, String)>,
}

impl RunRecord {
    fn open(
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
                        Some(prev) => Some((
                            h.load_units(prev)?
                                .into_iter()
                                .map(|u| (u.unit.id.clone(), u))
                                .collect(),
                            h.run_started(prev)?,
                        )),
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
            history,
            run_id,
            baseline,
        }
    }

    /// What changed for a unit since the run before, when there is one.
    fn since(&self, r: &UnitResult) -> Option<crate::results::UnitDiff> {
        self.baseline
            .as_ref()
            .map(|(units, when)| crate::results::diff_unit(units.get(&r.unit.id), r, when))
    }

    /// Records a finished unit; a failure costs the history this unit, never the run.
    fn unit(&mut self, result: &UnitResult, snap: &SiteSnapshot) {
        if let (Some(h), Some(id)) = (self.history.as_mut(), self.run_id)
            && let Err(e) = h
                .record_unit(id, result)
                .and_then(|_| h.store_snapshot(id, snap))
        {
            tracing::error!("cannot record unit {} in the history: {e}", result.unit.id);
        }
    }

    /// Marks the run finished; the results are written already, so a failure only costs
    /// the history this run's end.
    fn finish(&self, run: &RunResults, out_dir: &Path) {
        if let (Some(h), Some(id)) = (self.history.as_ref(), self.run_id)
            && let Err(e) = h.finish_run(id, run)
        {
            eprintln!(
                "warning: {e}; the run's results are kept in {}",
                out_dir.display()
            );
        }
    }
}

/// `run-state.json`: what a later `--resume` needs to continue this run.
fn write_run_state(
    opts: &ScanOptions,
    checklist_id: &str,
    started_at: &str,
    history_run: Option<i64>,
) -> anyhow::Result<()> {
    report::write_atomic(
        &opts.out_dir.join("run-state.json"),
        &serde_json::to_vec_pretty(&RunState {
            checklist: checklist_id.to_string(),
            started_at: started_at.to_string(),
            history_run,
            shard: opts.shard.clone(),
            registry: opts.registry.clone(),
        })?,
    )?;
    Ok(())
}

/// The run's deadline and, for the CLI, Ctrl-C: both end the run with the units in progress
/// kept as partial.
fn run_control(opts: &ScanOptions) -> RunControl {
    let (ctl, cancel) = RunControl::new(opts.deadline.map(|d| Instant::now() + d));
    if opts.handle_ctrl_c {
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!(
                    "interrupted: finishing the units in progress as partial and writing the results…"
                );
                let _ = cancel.send(true);
            }
        });
    } else {
        // Keep the sender alive so the channel never reads as closed.
        tokio::spawn(async move {
            std::future::pending::<()>().await;
            drop(cancel);
        });
    }
    ctl
}

/// Starts the crawls. A spawner takes the units in registry order, each waiting for a free
/// slot, so a run starts units in file order; finished snapshots come back over the channel.
/// A unit whose task panics simply never reports, and is accounted for after the loop.
fn spawn_crawls(
    registry: &Registry,
    skip: &HashSet<usize>,
    crawler: &Arc<Crawler>,
    ctl: &RunControl,
    record: &RunRecord,
    opts: &ScanOptions,
) -> tokio::sync::mpsc::Receiver<(usize, SiteSnapshot)> {
    let (tx, rx) = tokio::sync::mpsc::channel::<(usize, SiteSnapshot)>(opts.concurrency.max(1));
    let limit = Arc::new(tokio::sync::Semaphore::new(opts.concurrency.max(1)));
    let units = registry.units.clone();
    let skip = skip.clone();
    let spawner_ctl = ctl.clone();
    let spawner_crawler = crawler.clone();
    let history_path = record.path.clone();
    tokio::spawn(async move {
        for (i, unit) in units.into_iter().enumerate() {
            if skip.contains(&i) {
                continue;
            }
            let permit = limit.clone().acquire_owned().await.expect("semaphore open");
            let (crawler, ctl, tx) = (spawner_crawler.clone(), spawner_ctl.clone(), tx.clone());
            let history_path = history_path.clone();
            tokio::spawn(async move {
                let _permit = permit;
                // What earlier scans stored about this unit, read on its own connection so
                // only one unit's records are in memory at a time.
                let cache = match history_path {
                    Some(p) => {
                        let id = unit.id.clone();
                        tokio::task::spawn_blocking(move || {
                            History::open(&p).and_then(|h| h.unit_cache(&id))
                        })
                        .await
                        .ok()
                        .and_then(|r| r.ok())
                        .unwrap_or_default()
                    }
                    None => Default::default(),
                };
                let snap = match ctl.stop_reason() {
                    Some(r) => SiteSnapshot::not_started(
                        &unit,
                        &format!("not crawled: {r} before this unit started"),
                    ),
                    None => crawler.crawl_unit_cached(&unit, &ctl, &cache).await,
                };
                let _ = tx.send((i, snap)).await;
            });
        }
    });
    rx
}

/// A unit's result from its snapshot: detection's verdicts and the crawl's figures.
fn unit_result(unit: &Unit, snap: &SiteSnapshot, checklist: &Checklist) -> UnitResult {
    UnitResult::new(unit, snap, detect::detect(snap, checklist, unit))
}

/// Writes a unit's files the moment it is done. A unit whose files cannot be written is lost
/// however long the run goes on (a full disk fails every unit after it): stop now, keep what
/// was written, and say where. The history's record of this run stays unfinished.
fn finish_unit(
    opts: &ScanOptions,
    unit: &Unit,
    snap: &SiteSnapshot,
    result: &UnitResult,
    checklist: &Checklist,
    started_at: &str,
) -> anyhow::Result<()> {
    report::write_unit(
        &opts.out_dir,
        unit,
        snap,
        result,
        checklist,
        opts.lang,
        started_at,
    )
    .map_err(|e| {
        anyhow::anyhow!(
            "cannot write the results of unit {}: {e}; the run stops here (the units written so far are kept: make room or fix the folder, then run again with --resume)",
            unit.id
        )
    })?;
    Ok(())
}

/// Units whose task died still get a result.
fn account_for_lost_units(
    registry: &Registry,
    checklist: &Checklist,
    results: &mut Vec<(usize, UnitResult)>,
) {
    let have: HashSet<usize> = results.iter().map(|(i, _)| *i).collect();
    for (i, unit) in registry.units.iter().enumerate() {
        if !have.contains(&i) {
            let snap = SiteSnapshot::not_started(
                unit,
                "the crawl of this unit failed unexpectedly (internal error); please report it",
            );
            results.push((i, unit_result(unit, &snap, checklist)));
        }
    }
}

/// The run's results, units in registry order.
fn roll_up(
    registry: &Registry,
    checklist: &Checklist,
    started_at: String,
    mut results: Vec<(usize, UnitResult)>,
    notes: Vec<Msg>,
    ctl: &RunControl,
) -> RunResults {
    results.sort_by_key(|(i, _)| *i);
    let results_incomplete = results.iter().any(|(_, r)| r.outcome != Outcome::Complete);
    RunResults {
        results_version: crate::results::RESULTS_VERSION,
        oitscan_version: env!("CARGO_PKG_VERSION").to_string(),
        started_at,
        finished_at: now(),
        checklist: checklist.id(),
        checklist_source: checklist.source.clone(),
        fiscal_year: checklist.year,
        units: results.into_iter().map(|(_, r)| r).collect(),
        invalid_rows: registry.errors.clone(),
        notes,
        stopped: ctl
            .stop_reason()
            .filter(|_| results_incomplete)
            .map(str::to_string),
    }
}

/// Opens the history for a run. A damaged file is moved aside (kept for a person to look
/// at) and a fresh history started; a locked one (another scan writing for longer than the
/// wait) or any other failure costs this run its record, never its results.
fn open_history(path: &Path, say: &mut dyn FnMut(Msg)) -> Option<History> {
    let opened = History::open(path).and_then(|h| h.check().map(|()| h));
    match opened {
        Ok(h) => Some(h),
        Err(e) => {
            let text = e.to_string();
            let damaged = ["malformed", "not a database", "corrupt"]
                .iter()
                .any(|w| text.to_lowercase().contains(w));
            if damaged && path.exists() {
                let aside = PathBuf::from(format!(
                    "{}.damaged-{}",
                    path.display(),
                    jiff::Timestamp::now().as_second()
                ));
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

/// A fingerprint of a registry's units (ids and homepages, in any order): shards cut from one
/// registry share it.
pub fn registry_fingerprint(units: &[Unit]) -> String {
    let mut rows: Vec<String> = units
        .iter()
        .map(|u| format!("{}\t{}", u.id, u.url))
        .collect();
    rows.sort();
    format!("{:016x}", crate::crawl::fnv1a(rows.join("\n").as_bytes()))
}

/// Checks that shard folders make one whole registry: the same split (N), the same registry,
/// every shard 1..N once. Returns the shards missing ("2/3"), or why they cannot be merged.
pub fn check_shard_set(states: &[Option<RunState>]) -> Result<Vec<String>, String> {
    let mut split: Option<u32> = None;
    let mut registry: Option<&str> = None;
    let mut have = std::collections::BTreeSet::new();
    for st in states.iter().flatten() {
        let Some((k, n)) = st.shard.as_deref().and_then(|s| {
            let (k, n) = s.split_once('/')?;
            Some((k.parse::<u32>().ok()?, n.parse::<u32>().ok()?))
        }) else {
            continue;
        };
        if *split.get_or_insert(n) != n {
            return Err(format!(
                "the folders come from different splits (shards of {} and of {n}); merge the shards of one split",
                split.unwrap_or(n)
            ));
        }
        if let Some(r) = st.registry.as_deref()
            && *registry.get_or_insert(r) != r
        {
            return Err(
                "the folders were scanned from different registries; merge the shards of one registry"
                    .into(),
            );
        }
        if !have.insert(k) {
            return Err(format!("shard {k}/{n} is given twice"));
        }
    }
    Ok(match split {
        Some(n) => (1..=n)
            .filter(|k| !have.contains(k))
            .map(|k| format!("{k}/{n}"))
            .collect(),
        None => Vec::new(),
    })
}

/// Combines the results of shards of one registry into one run, in registry order: every
/// unit once (a unit scanned by two shards keeps its first result), registry problems and
/// notes once each, the earliest start and the latest end.
pub fn merge_results(parts: Vec<RunResults>) -> anyhow::Result<RunResults> {
    let mut parts = parts.into_iter();
    let Some(mut run) = parts.next() else {
        anyhow::bail!("nothing to merge: give at least one shard's output folder");
    };
    let mut seen: std::collections::HashSet<String> =
        run.units.iter().map(|u| u.unit.id.clone()).collect();
    for p in parts {
        if p.checklist != run.checklist {
            anyhow::bail!(
                "cannot merge a {} run with a {} run; every shard must use the same checklist",
                p.checklist,
                run.checklist
            );
        }
        run.started_at = run.started_at.min(p.started_at);
        run.finished_at = run.finished_at.max(p.finished_at);
        for u in p.units {
            if seen.insert(u.unit.id.clone()) {
                run.units.push(u);
            }
        }
        for e in p.invalid_rows {
            if !run.invalid_rows.contains(&e) {
                run.invalid_rows.push(e);
            }
        }
        for n in p.notes {
            if !run.notes.contains(&n) {
                run.notes.push(n);
            }
        }
        run.stopped = run.stopped.or(p.stopped);
    }
    run.units.sort_by_key(|u| u.unit.line);
    run.invalid_rows.sort_by_key(|e| e.line);
    Ok(run)
}
