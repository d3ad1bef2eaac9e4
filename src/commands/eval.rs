//! `oitscan eval`: detection measured against the fixture corpus.

use super::prelude::*;

#[derive(Args)]
pub(crate) struct EvalArgs {
    /// Fixture sites folder (default: the corpus built into this binary).
    #[arg(long, value_name = "DIR")]
    sites: Option<PathBuf>,
    /// Checklist year the expectations are for.
    #[arg(long, default_value_t = 2568, value_name = "YEAR")]
    year: i32,
    /// Where the scan's output goes.
    #[arg(long, short, value_name = "DIR", default_value = "oitscan-eval")]
    out: PathBuf,
    /// Also write the figures as JSON to this file.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Crawl at most N HTML pages per site: checks that a short crawl stays honest (what it
    /// did not reach is not called found).
    #[arg(long, value_name = "N")]
    max_pages: Option<usize>,
}

pub(crate) fn eval_cmd(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let checklist = Checklist::builtin(Family::Nacc, args.year).map_err(input)?;
    let sites = match &args.sites {
        Some(dir) => {
            let mut v = Vec::new();
            for e in
                std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?
            {
                let p = e?.path();
                if p.join("_site.toml").is_file() {
                    v.push(oitscan::demo::site_from_dir(&p)?);
                }
            }
            v
        }
        None => oitscan::demo::bundled_sites()?,
    };
    let corpus = oitscan::eval::corpus(sites).map_err(input)?;
    if corpus.is_empty() {
        return Err(input("no fixture site has an _expected.toml"));
    }
    let report = block_on(oitscan::eval::evaluate(
        corpus,
        &checklist,
        &args.out,
        args.max_pages,
    ))??;
    out_inline!("{}", report.render());
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_vec_pretty(&report)?)?;
    }
    let o = report.overall;
    if o.precision() < 0.95
        || o.recall() < 0.95
        || report.wrong_year_accepted > 0
        || report.family_errors > 0
    {
        eprintln!(
            "below target: precision and recall must be at least 0.95, with no wrong-year evidence accepted and every family recognised"
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
