//! `oitscan history`: past scans, or one unit's trend.

use super::prelude::*;

#[derive(Args)]
pub(crate) struct HistoryArgs {
    /// Show this unit's score and counts over the runs instead of the list of runs.
    #[arg(long, value_name = "ID")]
    unit: Option<String>,
    #[command(flatten)]
    file: HistoryFile,
}

pub(crate) fn history_cmd(args: HistoryArgs) -> anyhow::Result<ExitCode> {
    let h = open_history(&args.file)?;
    match &args.unit {
        None => {
            let runs = h.runs().map_err(input)?;
            out!(
                "{:>4}  {:<27}  {:<10}  {:<10}  {:>5}  {:>10}  shard",
                "run",
                "started",
                "status",
                "checklist",
                "units",
                "mean score"
            );
            for r in runs {
                out!(
                    "{:>4}  {:<27}  {:<10}  {:<10}  {:>5}  {:>10}  {}",
                    r.id,
                    r.started_at,
                    r.status,
                    r.checklist,
                    r.units,
                    r.mean_score.map(|s| format!("{s:.1}")).unwrap_or_default(),
                    r.shard.unwrap_or_default()
                );
            }
        }
        Some(unit) => {
            let points = h.trend(unit).map_err(input)?;
            if points.is_empty() {
                return Err(input(format!(
                    "unit {unit} is not in the history; check the id in your registry"
                )));
            }
            out!(
                "{:>4}  {:<27}  {:>6}  {:>5}  {:>4}  outcome",
                "run",
                "started",
                "score",
                "found",
                "gaps"
            );
            for p in points {
                out!(
                    "{:>4}  {:<27}  {:>6}  {:>5}  {:>4}  {}",
                    p.run_id,
                    p.started_at,
                    p.score
                        .map(|s| format!("{s:.1}"))
                        .unwrap_or_else(|| "-".into()),
                    p.found,
                    p.gaps,
                    p.outcome
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
