//! A scan run: crawl every unit concurrently (one task each, under a limit), detect as each
//! finishes, write its files at once, and roll up at the end. One unit's failure never stops
//! the others; a deadline or Ctrl-C ends the run with every unit accounted for.

use crate::checklist::Checklist;
use crate::crawl::{CrawlOptions, Crawler, Outcome, RunControl, SiteSnapshot};
use crate::detect;
use crate::progress::Progress;
use crate::report::{self, Lang, RunResults, UnitResult};
use crate::units::Registry;
use std::path::PathBuf;
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
    pub notes: Vec<String>,
    /// The whole run stops after this long; unfinished units are reported as such.
    pub deadline: Option<Duration>,
    /// Plain progress line interval when not on a terminal.
    pub progress_every: Duration,
    /// Stop cleanly on Ctrl-C (the CLI); tests leave it off.
    pub handle_ctrl_c: bool,
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
    std::fs::create_dir_all(&opts.out_dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot create the output folder {}: {e}",
            opts.out_dir.display()
        )
    })?;
    let started_at = now();
    let crawler = Arc::new(Crawler::new(
        opts.crawl.clone(),
        Some(detect::link_scorer(checklist)),
    )?);
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
    let mut progress = Progress::new(
        registry.units.len() as u64,
        crawler.stats.clone(),
        opts.quiet,
        opts.progress_every,
    );

    // A spawner takes the units in registry order, each waiting for a free slot, so a run
    // starts units in file order; finished snapshots come back over a channel. A unit whose
    // task panics simply never reports, and is accounted for after the loop.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<(usize, SiteSnapshot)>(opts.concurrency.max(1));
    let limit = Arc::new(tokio::sync::Semaphore::new(opts.concurrency.max(1)));
    let units = registry.units.clone();
    let spawner_ctl = ctl.clone();
    let spawner_crawler = crawler.clone();
    tokio::spawn(async move {
        for (i, unit) in units.into_iter().enumerate() {
            let permit = limit.clone().acquire_owned().await.expect("semaphore open");
            let (crawler, ctl, tx) = (spawner_crawler.clone(), spawner_ctl.clone(), tx.clone());
            tokio::spawn(async move {
                let _permit = permit;
                let snap = match ctl.stop_reason() {
                    Some(r) => SiteSnapshot::not_started(
                        &unit,
                        &format!("not crawled: {r} before this unit started"),
                    ),
                    None => crawler.crawl_unit(&unit, &ctl).await,
                };
                let _ = tx.send((i, snap)).await;
            });
        }
    });

    let mut results: Vec<(usize, UnitResult)> = Vec::new();
    let mut ticker = tokio::time::interval(Duration::from_millis(500));
    loop {
        let received = tokio::select! {
            r = rx.recv() => r,
            _ = ticker.tick() => { progress.tick(); continue; }
        };
        let Some((i, snap)) = received else { break };
        let unit = &registry.units[i];
        let verdicts = detect::detect(&snap, checklist, unit);
        let result = UnitResult {
            unit: unit.clone(),
            outcome: snap.outcome.clone(),
            requests: snap.requests,
            pages: snap.pages.len(),
            documents: snap.documents.len(),
            elapsed_ms: snap.elapsed_ms,
            crawl_errors: snap
                .errors
                .iter()
                .take(50)
                .map(|e| format!("{}: {}", e.url, e.message))
                .collect(),
            findings: snap.findings.clone(),
            verdicts,
        };
        if let Err(e) = report::write_unit(
            &opts.out_dir,
            unit,
            &snap,
            &result,
            checklist,
            opts.lang,
            &started_at,
        ) {
            tracing::error!("cannot write the results of unit {}: {e}", unit.id);
        }
        progress.unit_done(&unit.id, &status_line(&result.outcome));
        results.push((i, result));
    }
    progress.finish();
    // Units whose task died still get a result.
    for (i, unit) in registry.units.iter().enumerate() {
        if !results.iter().any(|(j, _)| *j == i) {
            let snap = SiteSnapshot::not_started(
                unit,
                "the crawl of this unit failed unexpectedly (internal error); please report it",
            );
            let verdicts = detect::detect(&snap, checklist, unit);
            results.push((
                i,
                UnitResult {
                    unit: unit.clone(),
                    outcome: snap.outcome.clone(),
                    requests: 0,
                    pages: 0,
                    documents: 0,
                    elapsed_ms: 0,
                    crawl_errors: vec![],
                    findings: vec![],
                    verdicts,
                },
            ));
        }
    }
    results.sort_by_key(|(i, _)| *i);
    let results_incomplete = results.iter().any(|(_, r)| r.outcome != Outcome::Complete);
    let run = RunResults {
        results_version: report::RESULTS_VERSION,
        oitscan_version: env!("CARGO_PKG_VERSION").to_string(),
        started_at,
        finished_at: now(),
        checklist: format!("{}-{}", checklist.family, checklist.year),
        checklist_source: checklist.source.clone(),
        fiscal_year: checklist.year,
        units: results.into_iter().map(|(_, r)| r).collect(),
        invalid_rows: registry.errors.clone(),
        notes: opts.notes.clone(),
        stopped: ctl
            .stop_reason()
            .filter(|_| results_incomplete)
            .map(str::to_string),
    };
    report::write_run(&opts.out_dir, &run, checklist, opts.lang)?;
    Ok(run)
}
