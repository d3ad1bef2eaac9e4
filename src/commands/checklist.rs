//! `oitscan checklist`: the OIT checklists listed, shown and validated.

use super::prelude::*;

#[derive(Subcommand)]
pub(crate) enum ChecklistCmd {
    /// List the checklists shipped with this build.
    List,
    /// Show a checklist's items, or one item in full.
    Show {
        #[command(flatten)]
        choice: ChecklistChoice,
        /// Show this item in full (keywords, components, how to fix), e.g. O12.
        #[arg(long, value_name = "CODE")]
        item: Option<String>,
    },
    /// Check checklist files and report every problem as file:line. With no FILE, checks the
    /// shipped checklists.
    Validate {
        /// Checklist files (TOML).
        files: Vec<PathBuf>,
    },
}

pub(crate) fn checklist_cmd(c: ChecklistCmd) -> anyhow::Result<ExitCode> {
    match c {
        ChecklistCmd::List => {
            out!("{:<18} {:>6} {:>6}  title", "file", "year", "items");
            for b in checklist::builtins() {
                match checklist::parse_checklist(b.text, b.file) {
                    Ok(cl) => out!(
                        "{:<18} {:>6} {:>6}  {}",
                        b.file,
                        b.year,
                        cl.items.len(),
                        cl.title_th
                    ),
                    Err(p) => out!(
                        "{:<18} {:>6} {:>6}  INVALID ({} problems)",
                        b.file,
                        b.year,
                        "-",
                        p.len()
                    ),
                }
            }
            let (year, note) = Checklist::resolve_year(Family::Nacc, None, FiscalYear::current())
                .map_err(input)?;
            out!(
                "\ndefault year: {year}{}",
                note.map(|n| format!(" ({n})")).unwrap_or_default()
            );
            Ok(ExitCode::SUCCESS)
        }
        ChecklistCmd::Show { choice, item } => {
            let (cl, _) = load_checklist(&choice)?;
            match item {
                None => out_inline!("{}", cl.describe()),
                Some(code) => {
                    let canon = oitscan::thai::normalize_item_code(&code).unwrap_or(code.clone());
                    let it = cl
                        .item(&canon)
                        .ok_or_else(|| input(format!("{cl} has no item {code}")))?;
                    out_inline!("{}", it.describe());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        ChecklistCmd::Validate { files } => {
            let mut bad = 0;
            if files.is_empty() {
                for b in checklist::builtins() {
                    bad += report_validation(
                        &format!("builtin:{}", b.file),
                        checklist::parse_checklist(b.text, &format!("checklists/{}", b.file)),
                    );
                }
            }
            for f in &files {
                let name = f.display().to_string();
                match std::fs::read_to_string(f) {
                    Ok(text) => {
                        bad += report_validation(&name, checklist::parse_checklist(&text, &name))
                    }
                    Err(e) => {
                        eprintln!("{name}: cannot read: {e}");
                        bad += 1;
                    }
                }
            }
            Ok(if bad == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
    }
}

fn report_validation(name: &str, r: Result<Checklist, Vec<checklist::Problem>>) -> usize {
    match r {
        Ok(cl) => {
            out!("{name}: ok — {cl}, {} groups", cl.groups.len());
            0
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            eprintln!("{name}: {} problem(s)", problems.len());
            1
        }
    }
}
