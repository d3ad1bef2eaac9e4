//! A scan run: crawl every unit concurrently, detect as each finishes, write its files at
//! once, and roll up at the end. One unit's failure never stops the others.

use crate::checklist::Checklist;
use crate::crawl::{CrawlOptions, Crawler, Outcome};
use crate::detect;
use crate::report::{self, Lang, RunResults, UnitResult};
use crate::units::Registry;
use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

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
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
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
    let crawler = Crawler::new(opts.crawl.clone())?;
    let total = registry.units.len() as u64;
    let bar = if opts.quiet {
        ProgressBar::hidden()
    } else if std::io::stderr().is_terminal() {
        let b = ProgressBar::new(total);
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} units  {msg}",
            )
            .expect("progress template"),
        );
        b.enable_steady_tick(Duration::from_millis(200));
        b
    } else {
        ProgressBar::hidden()
    };
    let plain_progress = !opts.quiet && !std::io::stderr().is_terminal();

    let mut results: Vec<(usize, UnitResult)> = Vec::new();
    let mut stream = futures_util::stream::iter(registry.units.iter().enumerate())
        .map(|(i, unit)| {
            let crawler = &crawler;
            async move { (i, unit, crawler.crawl_unit(unit).await) }
        })
        .buffer_unordered(opts.concurrency.max(1));
    while let Some((i, unit, snap)) = stream.next().await {
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
            verdicts,
        };
        if let Err(e) =
            report::write_unit(&opts.out_dir, unit, &snap, &result, checklist, opts.lang)
        {
            tracing::error!("cannot write the results of unit {}: {e}", unit.id);
        }
        let status = match &result.outcome {
            Outcome::Complete => "complete".to_string(),
            Outcome::Partial { reason } => format!("partial: {reason}"),
            Outcome::Failed { reason } => format!("failed: {reason}"),
        };
        let score = result
            .verdicts
            .score
            .as_ref()
            .map(|s| format!("{:.1}%", s.percent))
            .unwrap_or_else(|| "not scored".into());
        bar.inc(1);
        bar.set_message(format!("{} {score}", unit.id));
        if plain_progress {
            eprintln!(
                "[{}/{}] {} ({}): {status}, {} pages, {} requests, estimated {score}",
                bar.position(),
                total,
                unit.id,
                unit.name_th,
                result.pages,
                result.requests
            );
        }
        results.push((i, result));
    }
    bar.finish_and_clear();
    results.sort_by_key(|(i, _)| *i);
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
    };
    report::write_run(&opts.out_dir, &run, checklist, opts.lang)?;
    Ok(run)
}
