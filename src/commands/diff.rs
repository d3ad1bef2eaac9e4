//! `oitscan diff`: what changed between two scans in the history.

use super::prelude::*;

#[derive(Args)]
pub(crate) struct DiffArgs {
    /// The earlier run's id (default: the run before the later one).
    #[arg(value_name = "FROM")]
    from: Option<i64>,
    /// The later run's id (default: the newest run).
    #[arg(value_name = "TO")]
    to: Option<i64>,
    #[command(flatten)]
    file: HistoryFile,
    /// Report language: th (ไทย) or en.
    #[arg(long, value_enum, default_value_t = Lang::Th)]
    lang: Lang,
    /// Print the diff as JSON instead of Markdown.
    #[arg(long)]
    json: bool,
}

pub(crate) fn diff_cmd(args: DiffArgs) -> anyhow::Result<ExitCode> {
    let h = open_history(&args.file)?;
    let runs = h.runs().map_err(input)?;
    let to = match args.to {
        Some(id) => id,
        None => runs
            .first()
            .map(|r| r.id)
            .ok_or_else(|| input("the history has no runs yet"))?,
    };
    let to_row = runs.iter().find(|r| r.id == to).ok_or_else(|| {
        input(format!(
            "the history has no run {to}; `oitscan history` lists them"
        ))
    })?;
    let from = match args.from {
        Some(id) => id,
        None => h
            .previous_run(&to_row.checklist, Some(to))
            .map_err(input)?
            .ok_or_else(|| {
                input(format!(
                    "run {to} is the first {} run in the history: nothing to compare it with",
                    to_row.checklist
                ))
            })?,
    };
    if let (Some(a), Some(b)) = (
        h.run_registry(from).map_err(input)?,
        h.run_registry(to).map_err(input)?,
    ) && a != b
    {
        eprintln!(
            "note: runs #{from} and #{to} scanned different registries; only the units they share are compared"
        );
    }
    let before = h.load_units(from).map_err(input)?;
    let after = h.load_units(to).map_err(input)?;
    let since = h.run_started(from).map_err(input)?;
    let d = oitscan::results::diff(&before, &after, &since);
    if args.json {
        out!("{}", serde_json::to_string_pretty(&d)?);
    } else {
        let label = |id: i64| {
            runs.iter()
                .find(|r| r.id == id)
                .map(|r| format!("#{id} ({})", r.started_at))
                .unwrap_or_else(|| format!("#{id}"))
        };
        out_inline!(
            "{}",
            oitscan::report::diff_markdown(&d, &label(from), &label(to), args.lang)
        );
    }
    Ok(ExitCode::SUCCESS)
}
