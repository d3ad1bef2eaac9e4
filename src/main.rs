//! The `oitscan` command line: parses arguments and wires the library's stages together.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Writes a line to standard output; a reader that went away (`oitscan … | head`) ends the
/// program quietly instead of a broken-pipe panic.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            crate::stdout_failed(e);
        }
    }};
}

/// [`out!`] without the line end.
macro_rules! out_inline {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout().lock(), $($arg)*) {
            crate::stdout_failed(e);
        }
    }};
}

mod commands;

use commands::checklist::ChecklistCmd;
use commands::units::UnitsCmd;
use commands::{
    InputError, demo::DemoArgs, diff::DiffArgs, eval::EvalArgs, history::HistoryArgs,
    merge::MergeArgs, scan::ScanArgs,
};

/// Whether log lines may carry colour: standard error is a terminal and `NO_COLOR` (see
/// no-color.org) is not set to something.
fn colour_wanted() -> bool {
    use std::io::IsTerminal as _;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Standard output could not be written: closed by its reader (exit 0, nothing said), or an
/// I/O error (exit 3, named).
fn stdout_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("error: cannot write to standard output: {e}");
    std::process::exit(3);
}

/// Audits Thai government websites for the NACC ITA/OIT public-disclosure items
/// (แบบวัดการเปิดเผยข้อมูลสาธารณะ, OIT).
///
/// oitscan reads a registry of units (อบจ., เทศบาล, อบต., provincial agencies), crawls each
/// unit's website politely, finds the evidence for every checklist item with its URL, its
/// click path from the homepage and its fiscal year, and writes a gap report per unit in Thai
/// plus a roll-up for the province.

#[derive(Parser)]
#[command(
    name = "oitscan",
    version,
    propagate_version = true,
    max_term_width = 100
)]
struct Cli {
    /// Show only errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Show debug detail (repeat for more).
    #[arg(long, short, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan the websites of every unit in a registry (ตรวจเว็บไซต์หน่วยงาน).
    Scan(Box<ScanArgs>),
    /// Serve the bundled fixture sites on 127.0.0.1 and scan them: no network needed.
    ///
    /// The sites publish the FY2568 items, so the demo checks the year their expected
    /// verdicts are written for unless --year or --checklist says otherwise.
    Demo(DemoArgs),
    /// List, show or validate OIT checklists (รายการข้อมูล OIT by fiscal year).
    #[command(subcommand)]
    Checklist(ChecklistCmd),
    /// Check a unit registry (ทะเบียนหน่วยงาน) before scanning.
    #[command(subcommand)]
    Units(UnitsCmd),
    /// Measure detection against the fixture corpus: serves every fixture site that has an
    /// _expected.toml, scans it, and prints precision and recall per item and overall.
    Eval(EvalArgs),
    /// What changed between two scans in the history (ผลต่างจากการตรวจครั้งก่อน): items newly
    /// missing, fixed, moved to another URL, links that broke, score changes.
    Diff(DiffArgs),
    /// Past scans in the history, or one unit's trend over them.
    History(HistoryArgs),
    /// Combine the output folders of `scan --shard K/N` runs into one result set and roll-up.
    Merge(MergeArgs),
}

fn main() -> ExitCode {
    // oitscan re-invoked to read one document in a process of its own (see
    // oitscan::extract::worker): no arguments, no logging, just stdin to stdout.
    if std::env::args_os().nth(1).as_deref() == Some(oitscan::extract::worker::WORKER_ARG.as_ref())
    {
        let memory = std::env::args().nth(2).and_then(|m| m.parse().ok());
        return match oitscan::extract::worker::serve_stdin(memory) {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::from(3),
        };
    }
    let cli = Cli::parse();
    let level = if cli.quiet {
        "error"
    } else {
        ["warn", "info", "debug", "trace"][usize::from(cli.verbose.min(3))]
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("OITSCAN_LOG")
                .unwrap_or_else(|_| level.into()),
        )
        .with_writer(oitscan::progress::LogWriter)
        // Colour only for a person at a terminal: log files and CI logs get plain text.
        .with_ansi(colour_wanted())
        .init();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            // 1 is kept for "gaps found" (--fail-on); anything else that stops a run (an
            // output folder that cannot be written, a history that fails) leaves it incomplete.
            if e.downcast_ref::<InputError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(3)
            }
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Scan(args) => commands::scan::scan_cmd(*args, cli.quiet),
        Command::Demo(args) => commands::demo::demo_cmd(args, cli.quiet),
        Command::Checklist(c) => commands::checklist::checklist_cmd(c),
        Command::Units(UnitsCmd::Validate { file }) => commands::units::units_validate(file),
        Command::Eval(args) => commands::eval::eval_cmd(args),
        Command::Diff(args) => commands::diff::diff_cmd(args),
        Command::History(args) => commands::history::history_cmd(args),
        Command::Merge(args) => commands::merge::merge_cmd(args),
    }
}
