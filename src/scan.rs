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
    /// Units crawled at the same time; `None` adapts it to `memory_budget` (see
    /// [`Admission`]).
    pub concurrency: Option<usize>,
    /// Bytes the units in flight may hold together when `concurrency` adapts.
    pub memory_budget: u64,
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

/// What the units in flight may hold in memory together by default: a few hundred MB, so a
/// province of sites all crawls at once while a nation of them fits a modest machine.
pub const DEFAULT_MEMORY_BUDGET: u64 = 384 << 20;

/// How many units crawl at once. A fixed number when one is given; otherwise it adapts: as
/// many as the memory budget holds, judged by what the units finished so far kept, so every
/// site of a province is crawled at its own polite pace at the same time (rather than in
/// batches behind a fixed limit), and a national run does not outgrow the machine.
pub(crate) struct Admission {
    fixed: Option<usize>,
    budget: u64,
    in_flight: std::sync::atomic::AtomicUsize,
    kept: std::sync::atomic::AtomicU64,
    finished: std::sync::atomic::AtomicU64,
    changed: tokio::sync::Notify,
}

/// Before any unit has finished: what a unit of a full page budget of small pages keeps.
const FIRST_GUESS: u64 = 2 << 20;
/// Bounds of the adaptive limit: at least a few units, and not more tasks than a run needs.
const ADAPTIVE_MIN: usize = 8;
const ADAPTIVE_MAX: usize = 2048;

impl Admission {
    fn new(fixed: Option<usize>, budget: u64) -> Admission {
        Admission {
            fixed: fixed.map(|n| n.max(1)),
            budget,
            in_flight: Default::default(),
            kept: Default::default(),
            finished: Default::default(),
            changed: tokio::sync::Notify::new(),
        }
    }

    /// Units that may be in flight now.
    fn limit(&self) -> usize {
        use std::sync::atomic::Ordering::Relaxed;
        if let Some(n) = self.fixed {
            return n;
        }
        let finished = self.finished.load(Relaxed);
        let per_unit = match finished {
            0 => FIRST_GUESS,
            n => (self.kept.load(Relaxed) / n).max(64 << 10),
        };
        ((self.budget / per_unit) as usize).clamp(ADAPTIVE_MIN, ADAPTIVE_MAX)
    }

    /// Waits until one more unit may start, and counts it in.
    async fn enter(&self) {
        use std::sync::atomic::Ordering::SeqCst;
        loop {
            let changed = self.changed.notified();
            let now = self.in_flight.load(SeqCst);
            if now < self.limit()
                && self
                    .in_flight
                    .compare_exchange(now, now + 1, SeqCst, SeqCst)
                    .is_ok()
            {
                return;
            }
            changed.await;
        }
    }

    /// Counts a unit out once it is finished (detected and written), with what it kept.
    fn leave(&self, kept: u64) {
        use std::sync::atomic::Ordering::SeqCst;
        self.kept.fetch_add(kept, SeqCst);
        self.finished.fetch_add(1, SeqCst);
        self.in_flight.fetch_sub(1, SeqCst);
        self.changed.notify_waiters();
    }
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
            concurrency: None,
            memory_budget: DEFAULT_MEMORY_BUDGET,
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
    let began = Instant::now();
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
    let record = Arc::new(RunRecord::open(opts, checklist, &resumed, &mut say));
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
    let admission = Arc::new(Admission::new(opts.concurrency, opts.memory_budget));
    let mut rx = spawn_crawls(registry, &skip, &crawler, &ctl, &record, &admission);

    let mut results: Vec<(usize, UnitResult)> = resumed.done.into_iter().collect();
    for _ in 0..results.len() {
        progress.unit_done("", "kept from the interrupted run");
    }
    let stats = Arc::new(StageCpu::default());
    let finisher = Arc::new(Finisher {
        checklist: checklist.clone(),
        matcher: detect::Matcher::new(checklist),
        opts: opts.clone(),
        started_at: resumed.started_at.clone(),
        record: record.clone(),
        stats: stats.clone(),
    });
    // Detection, the unit's files and its history record are CPU and disk work: they run on
    // the blocking pool, as many units at once as there are cores, while the crawls go on.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let cpu = Arc::new(tokio::sync::Semaphore::new(cores));
    let mut finishing = tokio::task::JoinSet::new();
    let mut crawling = true;
    let mut ticker = tokio::time::interval(Duration::from_millis(500));
    while crawling || !finishing.is_empty() {
        tokio::select! {
            r = rx.recv(), if crawling => match r {
                Some((i, snap)) => {
                    let permit = cpu.clone().acquire_owned().await.expect("semaphore open");
                    let (f, unit) = (finisher.clone(), registry.units[i].clone());
                    let admission = admission.clone();
                    finishing.spawn_blocking(move || {
                        let _permit = permit;
                        let done = f.finish(&unit, &snap).map(|r| (i, r));
                        admission.leave(snap.retained_bytes());
                        done
                    });
                }
                None => crawling = false,
            },
            Some(done) = finishing.join_next() => {
                let (i, result) = done.map_err(|e| anyhow::anyhow!("a unit's detection failed unexpectedly (internal error): {e}; please report it"))??;
                progress.unit_done(&result.unit.id, &status_line(&result.outcome));
                results.push((i, result));
            }
            _ = ticker.tick() => progress.tick(),
        }
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
    write_run_stats(&opts.out_dir, &run, &stats, began.elapsed());
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
    /// Locked by the unit being recorded: units finish on several threads.
    history: Option<std::sync::Mutex<History>>,
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
            history: history.map(std::sync::Mutex::new),
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
    fn unit(&self, result: &UnitResult, snap: &SiteSnapshot) {
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
    fn finish(&self, run: &RunResults, out_dir: &Path) {
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
    admission: &Arc<Admission>,
) -> tokio::sync::mpsc::Receiver<(usize, SiteSnapshot)> {
    let (tx, rx) = tokio::sync::mpsc::channel::<(usize, SiteSnapshot)>(64);
    let admission = admission.clone();
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
            admission.enter().await;
            let (crawler, ctl, tx) = (spawner_crawler.clone(), spawner_ctl.clone(), tx.clone());
            let history_path = history_path.clone();
            let mut slot = Slot(Some(admission.clone()));
            tokio::spawn(async move {
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
                if tx.send((i, snap)).await.is_ok() {
                    slot.handed_on();
                }
            });
        }
    });
    rx
}

/// A unit's place among those in flight, given back if its task ends without handing the
/// unit on (a panic, or a run that stopped listening).
struct Slot(Option<Arc<Admission>>);

impl Slot {
    /// The unit reached the finishing stage, which counts it out.
    fn handed_on(&mut self) {
        self.0 = None;
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(a) = self.0.take() {
            a.leave(0);
        }
    }
}

/// A unit's result from its snapshot: detection's verdicts and the crawl's figures.
fn unit_result(unit: &Unit, snap: &SiteSnapshot, checklist: &Checklist) -> UnitResult {
    UnitResult::new(unit, snap, detect::detect(snap, checklist, unit))
}

/// What a crawled unit goes through before it counts as done: detection, its files, its
/// record in the history. Shared by the blocking tasks that finish units in parallel.
struct Finisher {
    checklist: Checklist,
    matcher: detect::Matcher,
    opts: ScanOptions,
    started_at: String,
    record: Arc<RunRecord>,
    stats: Arc<StageCpu>,
}

impl Finisher {
    /// Detects, writes the unit's files the moment it is done, and records it. A unit whose
    /// files cannot be written is lost however long the run goes on (a full disk fails every
    /// unit after it): the error stops the run, keeping what was written, and says where.
    fn finish(&self, unit: &Unit, snap: &SiteSnapshot) -> anyhow::Result<UnitResult> {
        let t0 = thread_cpu();
        let verdicts = detect::detect_with(snap, &self.checklist, unit, &self.matcher);
        let mut result = UnitResult::new(unit, snap, verdicts);
        let t1 = thread_cpu();
        result.since = self.record.since(&result);
        report::write_unit(
            &self.opts.out_dir,
            unit,
            snap,
            &result,
            &self.checklist,
            self.opts.lang,
            &self.started_at,
        )
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot write the results of unit {}: {e}; the run stops here (the units written so far are kept: make room or fix the folder, then run again with --resume)",
                unit.id
            )
        })?;
        self.record.unit(&result, snap);
        self.stats.add(t1 - t0, thread_cpu() - t1);
        Ok(result)
    }
}

/// CPU time spent detecting and writing, summed over the threads that did it: with the
/// process's own CPU time it splits a run's cost into crawl, detection and output.
#[derive(Default)]
struct StageCpu {
    detect_ns: std::sync::atomic::AtomicU64,
    write_ns: std::sync::atomic::AtomicU64,
}

impl StageCpu {
    fn add(&self, detect: Duration, write: Duration) {
        use std::sync::atomic::Ordering::Relaxed;
        self.detect_ns.fetch_add(detect.as_nanos() as u64, Relaxed);
        self.write_ns.fetch_add(write.as_nanos() as u64, Relaxed);
    }
}

/// `run-stats.json`: where a run's time went, for benchmarks and for people sizing a
/// machine. CPU milliseconds by stage: `crawl` is the process's own CPU less detection and
/// writing; `documents` is the document workers' (child processes).
#[derive(Debug, Serialize, Deserialize)]
pub struct RunStats {
    /// Wall time of the run.
    pub wall_ms: u64,
    /// Units in the results.
    pub units: u64,
    /// HTML pages and documents read.
    pub pages: u64,
    /// HTTP requests made.
    pub requests: u64,
    /// CPU milliseconds by stage.
    pub cpu_ms: StageMillis,
}

/// CPU milliseconds by stage of a run.
#[derive(Debug, Serialize, Deserialize)]
pub struct StageMillis {
    /// Fetching, decoding, parsing and link scoring (and everything else of the process).
    pub crawl: u64,
    /// Detection.
    pub detect: u64,
    /// Reports, snapshots and the history.
    pub write: u64,
    /// Text extraction from documents, in the worker processes.
    pub documents: u64,
}

fn write_run_stats(out: &Path, run: &RunResults, stats: &StageCpu, wall: Duration) {
    use std::sync::atomic::Ordering::Relaxed;
    let (own, children) = process_cpu();
    let detect = Duration::from_nanos(stats.detect_ns.load(Relaxed));
    let write = Duration::from_nanos(stats.write_ns.load(Relaxed));
    let ms = |d: Duration| d.as_millis() as u64;
    let s = RunStats {
        wall_ms: ms(wall),
        units: run.units.len() as u64,
        pages: run
            .units
            .iter()
            .map(|u| (u.pages + u.documents) as u64)
            .sum(),
        requests: run.units.iter().map(|u| u.requests as u64).sum(),
        cpu_ms: StageMillis {
            crawl: ms(own.saturating_sub(detect + write)),
            detect: ms(detect),
            write: ms(write),
            documents: ms(children),
        },
    };
    // Figures only: a failure to write them costs nothing else.
    if let Ok(bytes) = serde_json::to_vec_pretty(&s) {
        let _ = report::write_atomic(&out.join("run-stats.json"), &bytes);
    }
}

/// CPU time of the calling thread.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// CPU time (user + system) of this process and of its waited-for children.
fn process_cpu() -> (Duration, Duration) {
    let usage = |who| {
        // SAFETY: getrusage fills one rusage through a valid pointer.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(who, &mut ru) };
        let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
        tv(ru.ru_utime) + tv(ru.ru_stime)
    };
    (usage(libc::RUSAGE_SELF), usage(libc::RUSAGE_CHILDREN))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn units_in_flight_follow_what_finished_units_kept() {
        let a = Admission::new(None, 100 << 20);
        assert_eq!(a.limit(), 50, "a first guess of 2 MB a unit");
        for _ in 0..3 {
            a.enter().await;
        }
        // Units that kept 10 MB each: ten fit the budget.
        for _ in 0..2 {
            a.leave(10 << 20);
        }
        assert_eq!(a.limit(), 10);
        // Tiny units: many fit, up to the cap.
        let small = Admission::new(None, 1 << 30);
        small.enter().await;
        small.leave(1000);
        assert_eq!(small.limit(), ADAPTIVE_MAX);
        // Huge units: never fewer than a few at once.
        let big = Admission::new(None, 10 << 20);
        big.enter().await;
        big.leave(1 << 30);
        assert_eq!(big.limit(), ADAPTIVE_MIN);
        assert_eq!(Admission::new(Some(3), 1).limit(), 3);
    }

    #[tokio::test]
    async fn a_full_house_waits_for_a_unit_to_leave() {
        let a = Arc::new(Admission::new(Some(1), 0));
        a.enter().await;
        let waiting = tokio::spawn({
            let a = a.clone();
            async move { a.enter().await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiting.is_finished(), "the second unit waits");
        a.leave(0);
        tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("the second unit starts once the first leaves")
            .unwrap();
    }
}
