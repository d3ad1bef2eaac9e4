//! `oitscan merge`: the shards of one registry combined into one run.

use super::prelude::*;

#[derive(Args)]
pub(crate) struct MergeArgs {
    /// Where the merged results and roll-up go.
    #[arg(long, short, value_name = "DIR")]
    out: PathBuf,
    /// The shards' output folders.
    #[arg(value_name = "SHARD_DIR", required = true)]
    shards: Vec<PathBuf>,
    /// Report language: th (ไทย) or en.
    #[arg(long, value_enum, default_value_t = Lang::Th)]
    lang: Lang,
    /// The checklist file the shards used, when it was not a shipped one.
    #[arg(long, value_name = "FILE")]
    checklist: Option<PathBuf>,
    /// Merge even when shards are missing; the roll-up then says so on its first line and the
    /// exit code is 3 (run incomplete).
    #[arg(long)]
    allow_partial: bool,
}

pub(crate) fn merge_cmd(args: MergeArgs) -> anyhow::Result<ExitCode> {
    let mut parts = Vec::new();
    for dir in &args.shards {
        parts.push(read_results(
            &dir.join("results.json"),
            "the output folders of finished `scan --shard` runs",
        )?);
    }
    // The shards must make one whole registry: a lost shard would silently drop its units.
    let states: Vec<Option<scan::RunState>> = args
        .shards
        .iter()
        .map(|d| scan::resume_state(d).ok())
        .collect();
    let missing = scan::check_shard_set(&states).map_err(input)?;
    if !missing.is_empty() && !args.allow_partial {
        return Err(input(format!(
            "shard(s) {} missing: give every shard's output folder, or --allow-partial to merge what is here (the roll-up will say it is partial)",
            missing.join(", ")
        )));
    }
    let mut merged = scan::merge_results(parts).map_err(input)?;
    if !missing.is_empty() {
        merged.stopped = Some(
            oitscan::locale::words(args.lang)
                .fmt("merge-partial", &[("shards", missing.join(", ").into())]),
        );
    }
    let checklist = match &args.checklist {
        Some(p) => Checklist::from_file(p).map_err(input)?,
        None => {
            let year = merged.fiscal_year;
            Checklist::builtin(Family::Nacc, year).map_err(|e| {
                input(format!(
                    "{e}; the shards used {}: give it with --checklist FILE",
                    merged.checklist_source
                ))
            })?
        }
    };
    let units_out = args.out.join("units");
    std::fs::create_dir_all(&units_out)
        .with_context(|| format!("cannot create {}", units_out.display()))?;
    // Each shard's per-unit files come along, so the merged folder links every report.
    for dir in &args.shards {
        if let Ok(entries) = std::fs::read_dir(dir.join("units")) {
            for e in entries.flatten() {
                let to = units_out.join(e.file_name());
                std::fs::copy(e.path(), &to).with_context(|| {
                    format!("cannot copy {} to {}", e.path().display(), to.display())
                })?;
            }
        }
    }
    oitscan::report::write_run(&args.out, &merged, &checklist, args.lang)?;
    out!(
        "merged {} shard(s), {} unit(s), into {}",
        args.shards.len(),
        merged.units.len(),
        args.out.display()
    );
    Ok(ExitCode::from(if oitscan::results::incomplete(&merged) {
        3
    } else {
        0
    }))
}
