//! A scan run: crawl every unit concurrently (one task each, under a limit), detect as each
//! finishes, write its files at once, and roll up at the end. One unit's failure never stops
//! the others; a deadline or Ctrl-C ends the run with every unit accounted for.

use crate::checklist::Checklist;
use crate::crawl::{CrawlOptions, Crawler, Outcome, RunControl, SiteSnapshot};
use crate::detect;
use crate::history::History;
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

mod admission;
mod record;
mod shard;
mod stats;

pub use admission::DEFAULT_MEMORY_BUDGET;
use admission::{Admission, Slot};
use record::RunRecord;
pub use shard::{check_shard_set, merge_results, registry_fingerprint, shard_units};
pub use stats::{RunStats, StageMillis};
use stats::{StageCpu, thread_cpu, write_run_stats};

/// How a run behaves.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Crawl limits and manners.
    pub crawl: CrawlOptions,
    /// Units crawled at the same time; `None` adapts it to `memory_budget` and to what the
    /// cores keep up with (see [`Admission`]).
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

/// Scans every usable unit of a registry against a checklist, writing into `opts.out_dir`.
/// The units it returns are summaries, their whole results being in their files
/// ([`RunResults::details`]): `report::full_units` reads them one by one, and
/// `report::into_whole` all at once.
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
    // Detection, the unit's files and its history record are CPU and disk work: they run on
    // the blocking pool, as many units at once as there are cores, while the crawls go on.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let admission = Arc::new(Admission::new(
        opts.concurrency,
        opts.memory_budget,
        cores,
        opts.crawl.politeness.rate_per_host,
    ));
    let mut rx = spawn_crawls(registry, &skip, &crawler, &ctl, &record, &admission);

    // Units written to their files are kept as summaries: the roll-up reads each whole one
    // back when it needs it, so memory does not grow with every unit's evidence.
    let mut results: Vec<(usize, UnitResult)> = resumed
        .done
        .into_iter()
        .map(|(i, r)| (i, r.summary()))
        .collect();
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
    let cpu = Arc::new(tokio::sync::Semaphore::new(cores));
    let mut finishing = tokio::task::JoinSet::new();
    let mut crawling = true;
    let mut ticker = tokio::time::interval(Duration::from_millis(500));
    while crawling || !finishing.is_empty() {
        tokio::select! {
            r = rx.recv(), if crawling => match r {
                Some((i, snap)) => {
                    let permit = cpu.clone().acquire_owned().await.expect("semaphore open");
                    admission.detecting();
                    let (f, unit) = (finisher.clone(), registry.units[i].clone());
                    let admission = admission.clone();
                    finishing.spawn_blocking(move || {
                        let _permit = permit;
                        let done = f.finish(&unit, &snap).map(|r| (i, r));
                        admission.leave(snap.retained_bytes(), snap.requests as u64);
                        done
                    });
                }
                None => crawling = false,
            },
            Some(done) = finishing.join_next() => {
                let (i, result) = done.map_err(|e| anyhow::anyhow!("a unit's detection failed unexpectedly (internal error): {e}; please report it"))??;
                progress.unit_done(&result.unit.id, &result.outcome.to_string());
                results.push((i, result.summary()));
            }
            _ = ticker.tick() => {
                progress.tick();
                admission.look_at_cpu();
            }
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
        &opts.out_dir,
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
pub(crate) struct Resumed {
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
            let admission_q = admission.clone();
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
                admission_q.crawled();
                if tx.send((i, snap)).await.is_ok() {
                    slot.handed_on();
                } else {
                    admission_q.detecting();
                }
            });
        }
    });
    rx
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
    /// Detects, records the unit in the history and writes its files the moment it is done. A unit whose
    /// files cannot be written is lost however long the run goes on (a full disk fails every
    /// unit after it): the error stops the run, keeping what was written, and says where.
    fn finish(&self, unit: &Unit, snap: &SiteSnapshot) -> anyhow::Result<UnitResult> {
        let t0 = thread_cpu();
        let verdicts = detect::detect_with(snap, &self.checklist, unit, &self.matcher);
        let mut result = UnitResult::new(unit, snap, verdicts);
        let t1 = thread_cpu();
        result.since = self.record.since(&result);
        // The history first: `<id>.json`, the last file written, is what `--resume` takes as
        // "done", so a kill in between redoes the unit (its history row is replaced), never
        // keeps a unit the history lacks.
        self.record.unit(&result, snap);
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
        self.stats.add(t1 - t0, thread_cpu() - t1);
        Ok(result)
    }
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

/// The run's results, units in registry order: their summaries, the whole ones being in
/// `out_dir`'s unit files.
fn roll_up(
    registry: &Registry,
    checklist: &Checklist,
    started_at: String,
    mut results: Vec<(usize, UnitResult)>,
    notes: Vec<Msg>,
    ctl: &RunControl,
    out_dir: &Path,
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
        details: Some(out_dir.to_path_buf()),
    }
}
