//! `oitscan demo`: the bundled fixture sites served on 127.0.0.1 and scanned.

use super::prelude::*;

#[derive(Args)]
pub(crate) struct DemoArgs {
    /// Output folder.
    #[arg(long, short, value_name = "DIR", default_value = "oitscan-demo")]
    out: PathBuf,
    #[command(flatten)]
    choice: ChecklistChoice,
    /// Report language: th (ไทย) or en.
    #[arg(long, value_enum, default_value_t = Lang::Th)]
    lang: Lang,
}

pub(crate) fn demo_cmd(mut args: DemoArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    // The bundled sites publish one fiscal year's items; scanning them against today's year
    // would only show that they are out of date. An explicit --year or --checklist wins.
    let mut notes = Vec::new();
    if args.choice.year.is_none() && args.choice.checklist.is_none() {
        let sites = oitscan::demo::bundled_sites()?;
        if let Some(year) = oitscan::eval::corpus_year(&oitscan::eval::corpus(sites)?) {
            args.choice.year = Some(year);
            notes.push(Msg::new("demo-fixture-year").num("year", year));
        }
    }
    let (checklist, note) = load_checklist(&args.choice)?;
    notes.extend(note);
    let results = block_on(async {
        let (served, registry) = oitscan::demo::serve_bundled().await?;
        std::fs::create_dir_all(&args.out)
            .with_context(|| format!("cannot create {}", args.out.display()))?;
        units::write_csv(&args.out.join("units.csv"), &registry.units)?;
        if !quiet {
            eprintln!("serving {} fixture site(s) on 127.0.0.1:", served.len());
            for s in &served {
                eprintln!("  {:<18} {}  {}", s.site.slug, s.url(), s.site.meta.name_th);
            }
            eprintln!("scanning against {checklist}");
        }
        let opts = ScanOptions {
            lang: args.lang,
            quiet,
            notes,
            progress_every: Duration::from_secs(5),
            handle_ctrl_c: true,
            ..ScanOptions::new(CrawlOptions::local_fixtures(), args.out.clone())
        };
        scan::run(&registry, &checklist, &opts).await
    })??;
    if !quiet {
        out!(
            "{}",
            oitscan::report::summary_markdown(&oitscan::report::RunView::new(
                &results, &checklist, args.lang
            ))
        );
    }
    out!("demo output written to {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}
