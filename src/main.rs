//! The `oitscan` command line: parses arguments and wires the library's stages together.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use oitscan::checklist::{self, Checklist, ChecklistError};
use oitscan::crawl::gate::Politeness;
use oitscan::crawl::{CrawlOptions, PrivateAccess, user_agent};
use oitscan::report::policy::{self, FailOn};
use oitscan::report::{Lang, RunResults};
use oitscan::scan::{self, ScanOptions};
use oitscan::thai::FiscalYear;
use oitscan::units::{self, Family, Registry};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Writes a line to standard output; a reader that went away (`oitscan … | head`) ends the
/// program quietly instead of a broken-pipe panic.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            stdout_failed(e);
        }
    }};
}

/// [`out!`] without the line end.
macro_rules! out_inline {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout().lock(), $($arg)*) {
            stdout_failed(e);
        }
    }};
}

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

#[derive(Args)]
struct HistoryFile {
    /// The history database (SQLite).
    #[arg(long, value_name = "FILE", default_value = oitscan::history::DEFAULT_PATH, env = "OITSCAN_HISTORY")]
    history: PathBuf,
}

#[derive(Args)]
struct DiffArgs {
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

#[derive(Args)]
struct HistoryArgs {
    /// Show this unit's score and counts over the runs instead of the list of runs.
    #[arg(long, value_name = "ID")]
    unit: Option<String>,
    #[command(flatten)]
    file: HistoryFile,
}

#[derive(Args)]
struct MergeArgs {
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

#[derive(Args)]
struct EvalArgs {
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
}

#[derive(Args, Clone)]
struct ChecklistChoice {
    /// Fiscal year (ปีงบประมาณ, Buddhist Era) of the shipped checklist to use, e.g. 2568.
    /// Default: the current fiscal year, or the newest shipped checklist if there is none yet.
    #[arg(long, value_name = "YEAR", conflicts_with = "checklist")]
    year: Option<i32>,
    /// Use this checklist file instead of a shipped one (copy one from `checklists/` and edit).
    #[arg(long, value_name = "FILE")]
    checklist: Option<PathBuf>,
}

#[derive(Args)]
struct ScanArgs {
    /// The unit registry: CSV (id,name_th,name_en,type,province,district,url,extra_hosts,family)
    /// or TOML with [[unit]] tables.
    #[arg(long, short, value_name = "FILE")]
    units: PathBuf,
    #[command(flatten)]
    choice: ChecklistChoice,
    /// Output folder; per-unit results are written as each unit finishes.
    #[arg(long, short, value_name = "DIR", default_value = "oitscan-out")]
    out: PathBuf,
    /// Report language: th (ไทย) or en.
    #[arg(long, value_enum, default_value_t = Lang::Th)]
    lang: Lang,
    /// When the run exits with code 1 (for CI): `missing` (any item missing, for the wrong
    /// year or behind a broken link), `score` (an estimated score under the pass mark),
    /// `score:<N>` (under N), `regression` (an item found in --baseline is not found now, or a
    /// score fell) or `none`.
    #[arg(long, value_name = "POLICY", default_value = "missing")]
    fail_on: FailOn,
    /// An earlier run's results.json to compare with, for --fail-on regression (default:
    /// the previous run in the history).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// The history database every scan is recorded in (SQLite; created when missing).
    #[arg(long, value_name = "FILE", default_value = oitscan::history::DEFAULT_PATH, env = "OITSCAN_HISTORY")]
    history: PathBuf,
    /// Do not record this scan in the history (and show no "since last scan" changes).
    #[arg(long)]
    no_history: bool,
    /// Continue the interrupted run whose files are in --out: finished units are kept.
    #[arg(long)]
    resume: bool,
    /// Scan only shard K of N of the registry (e.g. 2/3), for running one province or the
    /// whole country on several machines; `oitscan merge` combines the shards' folders.
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// How --shard keeps sites together: `ip` (sites on one server share a shard, the
    /// default; needs DNS) or `host`.
    #[arg(long, value_name = "HOW", default_value = "ip", value_parser = ["ip", "host"])]
    shard_by: String,
    #[command(flatten)]
    crawl: CrawlArgs,
}

#[derive(Args)]
struct CrawlArgs {
    /// Units crawled at the same time.
    #[arg(long, default_value_t = 64, value_name = "N")]
    concurrency: usize,
    /// Most HTML pages fetched per site.
    #[arg(long, default_value_t = 150, value_name = "N")]
    max_pages: usize,
    /// Most documents (PDF, XLSX, DOCX …) fetched per site.
    #[arg(long, default_value_t = 150, value_name = "N")]
    max_documents: usize,
    /// Deepest click distance from the homepage followed.
    #[arg(long, default_value_t = 5, value_name = "N")]
    max_depth: usize,
    /// Requests per second to one site (host name).
    #[arg(long, default_value_t = 1.0, value_name = "R")]
    rate: f64,
    /// Requests in flight to one site.
    #[arg(long, default_value_t = 2, value_name = "N")]
    host_concurrency: usize,
    /// Requests per second to one server IP address, shared by every site hosted there
    /// (many อปท. sites share a vendor's server); 0 turns the IP limit off.
    #[arg(long, default_value_t = 4.0, value_name = "R")]
    rate_per_ip: f64,
    /// Requests in flight in the whole run.
    #[arg(long, default_value_t = 128, value_name = "N")]
    global_concurrency: usize,
    /// Longest robots.txt Crawl-delay honoured, in seconds (longer ones are capped and reported).
    #[arg(long, default_value_t = 10.0, value_name = "SECS")]
    max_crawl_delay: f64,
    /// Seconds one request may take, body included.
    #[arg(long, default_value_t = 20, value_name = "SECS")]
    timeout: u64,
    /// Retries after a timeout, a 5xx answer or a cut-off body.
    #[arg(long, default_value_t = 2, value_name = "N")]
    retries: u32,
    /// Seconds one site may take in all.
    #[arg(long, default_value_t = 900, value_name = "SECS")]
    site_budget: u64,
    /// Seconds the whole run may take; units not finished by then are reported as partial or
    /// not crawled.
    #[arg(long, value_name = "SECS")]
    deadline: Option<u64>,
    /// A URL or e-mail address site owners can reach you at; sent in the User-Agent.
    #[arg(long, value_name = "URL", env = "OITSCAN_CONTACT")]
    contact: Option<String>,
    /// Crawl on without certificate checks when a site's TLS is broken (common on .go.th
    /// servers with incomplete chains); the report still flags the TLS problem.
    #[arg(long)]
    insecure_tls: bool,
    /// Do not read sitemaps for extra URLs.
    #[arg(long)]
    no_sitemaps: bool,
    /// Allow non-public addresses (loopback, private ranges) for test sites on your own
    /// machine: alone, every such address; with a value, only those listed
    /// (`--allow-private 127.0.0.1,10.0.0.0/8,testsite.local`).
    #[arg(long, value_name = "LIST", num_args = 0..=1, default_missing_value = "all")]
    allow_private: Option<String>,
    /// Tries at a site's first request when its server refuses or does not answer, waiting
    /// 3 s, 6 s, 12 s … between them (1: fail the unit at the first refusal).
    #[arg(long, default_value_t = 4, value_name = "N")]
    connect_tries: u32,
    /// Send every request through this proxy (http://host:port). Proxies set in the
    /// environment (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY) are ignored: through a proxy the
    /// proxy resolves names, so oitscan then checks each redirect's address itself, and a
    /// proxy that rewrites or re-resolves names can still reach what the address check refuses.
    #[arg(long, value_name = "URL")]
    proxy: Option<url::Url>,
    /// Seconds between plain progress lines when not on a terminal (CI, cron).
    #[arg(long, default_value_t = 30, value_name = "SECS")]
    progress_every: u64,
}

impl CrawlArgs {
    fn options(&self) -> anyhow::Result<CrawlOptions> {
        if !(self.rate > 0.0 && self.rate <= 1000.0) {
            anyhow::bail!("--rate must be above 0 and at most 1000 requests per second");
        }
        if !(self.rate_per_ip >= 0.0 && self.rate_per_ip <= 10000.0) {
            anyhow::bail!("--rate-per-ip must be between 0 (off) and 10000");
        }
        if !(self.max_crawl_delay >= 0.0 && self.max_crawl_delay <= 3600.0) {
            anyhow::bail!("--max-crawl-delay must be between 0 and 3600 seconds");
        }
        Ok(CrawlOptions {
            max_pages: self.max_pages.max(1),
            max_documents: self.max_documents,
            max_depth: self.max_depth,
            request_timeout: Duration::from_secs(self.timeout.max(1)),
            site_budget: Duration::from_secs(self.site_budget.max(1)),
            max_retries: self.retries,
            access: match &self.allow_private {
                Some(list) => PrivateAccess::parse(list).map_err(anyhow::Error::msg)?,
                None => PrivateAccess::Deny,
            },
            proxy: self.proxy.clone(),
            first_contact_tries: self.connect_tries.clamp(1, 10),
            // Documents are read by this program re-invoked as a worker process.
            extract_worker: std::env::current_exe().ok(),
            insecure_tls: self.insecure_tls,
            use_sitemaps: !self.no_sitemaps,
            user_agent: user_agent(self.contact.as_deref()),
            politeness: Politeness {
                rate_per_host: self.rate,
                per_host_concurrency: self.host_concurrency.max(1),
                rate_per_ip: (self.rate_per_ip > 0.0).then_some(self.rate_per_ip),
                global_concurrency: self.global_concurrency.max(1),
                max_crawl_delay: Duration::from_secs_f64(self.max_crawl_delay),
                ..Politeness::default()
            },
            ..CrawlOptions::default()
        })
    }
}

#[derive(Args)]
struct DemoArgs {
    /// Output folder.
    #[arg(long, short, value_name = "DIR", default_value = "oitscan-demo")]
    out: PathBuf,
    #[command(flatten)]
    choice: ChecklistChoice,
    /// Report language: th (ไทย) or en.
    #[arg(long, value_enum, default_value_t = Lang::Th)]
    lang: Lang,
}

#[derive(Subcommand)]
enum ChecklistCmd {
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

#[derive(Subcommand)]
enum UnitsCmd {
    /// Report every bad row of a registry with its line number and what to fix.
    Validate {
        /// The registry (CSV or TOML).
        file: PathBuf,
    },
}

/// An error the user can fix by changing their input or arguments (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct InputError(String);

fn input(e: impl std::fmt::Display) -> anyhow::Error {
    InputError(e.to_string()).into()
}

fn main() -> ExitCode {
    // oitscan re-invoked to read one document in a process of its own (see
    // oitscan::extract::worker): no arguments, no logging, just stdin to stdout.
    if std::env::args_os().nth(1).as_deref() == Some(oitscan::extract::worker::WORKER_ARG.as_ref())
    {
        return match oitscan::extract::worker::serve_stdin() {
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
        Command::Scan(args) => scan_cmd(*args, cli.quiet),
        Command::Demo(args) => demo_cmd(args, cli.quiet),
        Command::Checklist(c) => checklist_cmd(c),
        Command::Units(UnitsCmd::Validate { file }) => units_validate(file),
        Command::Eval(args) => eval_cmd(args),
        Command::Diff(args) => diff_cmd(args),
        Command::History(args) => history_cmd(args),
        Command::Merge(args) => merge_cmd(args),
    }
}

/// Loads the checklist a run asked for; the note says when the year fell back.
fn load_checklist(choice: &ChecklistChoice) -> anyhow::Result<(Checklist, Option<String>)> {
    if let Some(path) = &choice.checklist {
        return Ok((Checklist::from_file(path).map_err(input)?, None));
    }
    let (year, note) =
        Checklist::resolve_year(Family::Nacc, choice.year, FiscalYear::current()).map_err(input)?;
    let cl = Checklist::builtin(Family::Nacc, year).map_err(|e| match e {
        ChecklistError::NoSuchYear { .. } => input(e),
        other => other.into(),
    })?;
    Ok((cl, note))
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Runs `work` to its end, then leaves at most a few seconds to what it abandoned: a parse or
/// an extraction cut off by `--deadline`, `--site-budget` or Ctrl-C may still be running on a
/// blocking thread, and dropping the runtime would wait for it however long it takes.
fn block_on<T>(work: impl std::future::Future<Output = T>) -> anyhow::Result<T> {
    let rt = runtime()?;
    let out = rt.block_on(work);
    rt.shutdown_timeout(Duration::from_secs(2));
    Ok(out)
}

fn print_registry_problems(reg: &Registry, file: &str) {
    for w in &reg.warnings {
        eprintln!("warning: {w}");
    }
    for e in &reg.errors {
        let id =
            e.id.as_deref()
                .map(|i| format!(" (id {i})"))
                .unwrap_or_default();
        eprintln!("{file}:{}:{id} {}", e.line, e.problems.join("; "));
    }
}

fn scan_cmd(args: ScanArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    let (checklist, note) = load_checklist(&args.choice)?;
    let mut reg = units::load(&args.units).map_err(input)?;
    let file = args.units.display().to_string();
    print_registry_problems(&reg, &file);
    let registry = scan::registry_fingerprint(&reg.units);
    let shard = match &args.shard {
        Some(spec) => {
            let (k, n) = parse_shard(spec).map_err(input)?;
            let all = reg.units.len();
            let keys = shard_keys(&reg.units, &args.shard_by);
            reg.units = scan::shard_units(&reg.units, k, n, &|u| {
                keys.get(&u.id).cloned().unwrap_or_default()
            });
            if !quiet {
                eprintln!(
                    "shard {k}/{n}: {} of {all} unit(s) (grouped by {})",
                    reg.units.len(),
                    args.shard_by
                );
            }
            Some(format!("{k}/{n}"))
        }
        None => None,
    };
    if args.resume {
        scan::resume_state(&args.out).map_err(input)?;
    }
    if reg.units.is_empty() && shard.is_none() {
        return Err(input(format!(
            "{file}: no usable unit rows; fix the rows above and run again"
        )));
    }
    let mut notes: Vec<String> = note.into_iter().collect();
    notes.extend(reg.warnings.iter().cloned());
    if !quiet {
        for n in notes.iter().take(1) {
            eprintln!("note: {n}");
        }
        eprintln!("scanning {} unit(s) against {checklist}", reg.units.len());
    }
    let opts = ScanOptions {
        concurrency: args.crawl.concurrency,
        lang: args.lang,
        quiet,
        notes,
        deadline: args.crawl.deadline.map(Duration::from_secs),
        progress_every: Duration::from_secs(args.crawl.progress_every.max(1)),
        handle_ctrl_c: true,
        history: (!args.no_history).then(|| args.history.clone()),
        resume: args.resume,
        shard,
        registry: Some(registry.clone()),
        record: serde_json::json!({
            "units": args.units.display().to_string(),
            "registry": registry.clone(),
            "fail_on": format!("{:?}", args.fail_on),
            "lang": format!("{:?}", args.lang),
            "max_pages": args.crawl.max_pages,
            "rate": args.crawl.rate,
        }),
        ..ScanOptions::new(args.crawl.options().map_err(input)?, args.out.clone())
    };
    let baseline = match (&args.fail_on, &args.baseline) {
        (_, Some(path)) => {
            let b = read_results(path, "the results.json of an earlier run")?;
            comparable_baseline(&b, &reg, &checklist, path).map_err(input)?;
            Some(b)
        }
        (FailOn::Regression, None) if args.no_history => {
            return Err(input(
                "--fail-on regression compares with an earlier run: give --baseline FILE (its results.json), or keep the history on (drop --no-history)",
            ));
        }
        _ => None,
    };
    let results = block_on(scan::run(&reg, &checklist, &opts))??;
    let failures = policy::failures(
        &results,
        &checklist,
        &args.fail_on,
        baseline.as_ref(),
        args.lang,
    );
    let summary = policy::ci_summary(&results, &args.fail_on, &failures, args.lang);
    if !quiet {
        out!("{summary}");
    }
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") {
        append_step_summary(std::path::Path::new(&path), &summary);
    }
    let revalidated: usize = results.units.iter().map(|u| u.revalidated).sum();
    if revalidated > 0 && !quiet {
        let requests: usize = results.units.iter().map(|u| u.requests).sum();
        let saved: u64 = results.units.iter().map(|u| u.bytes_saved).sum();
        let bytes: u64 = results.units.iter().map(|u| u.bytes).sum();
        eprintln!(
            "re-scan: {revalidated} of {requests} requests answered 304 Not Modified; {:.1} MB not downloaded ({:.1} MB downloaded)",
            saved as f64 / 1e6,
            bytes as f64 / 1e6
        );
    }
    out!(
        "results written to {} (open index.html)",
        args.out.display()
    );
    if let Some(why) = &results.stopped {
        eprintln!(
            "run incomplete: {why}; the units finished so far are in {}",
            args.out.display()
        );
    }
    Ok(ExitCode::from(policy::exit_code(&results, &failures)))
}

/// Whether an earlier run can be compared with this one: the same results format, the same
/// checklist (item codes are renumbered between years), and at least one unit in common.
fn comparable_baseline(
    b: &RunResults,
    reg: &Registry,
    checklist: &Checklist,
    path: &std::path::Path,
) -> Result<(), String> {
    let p = path.display();
    if b.results_version != oitscan::report::RESULTS_VERSION {
        return Err(format!(
            "--baseline {p} is in results format {}, this oitscan writes {}: compare runs of one oitscan version, or rerun the baseline",
            b.results_version,
            oitscan::report::RESULTS_VERSION
        ));
    }
    let id = checklist.id();
    if b.checklist != id {
        return Err(format!(
            "--baseline {p} checked {}, this scan checks {id}; items are renumbered between years, so they cannot be compared: give a baseline of the same checklist",
            b.checklist
        ));
    }
    let ids: std::collections::HashSet<&str> = reg.units.iter().map(|u| u.id.as_str()).collect();
    if !b.units.iter().any(|u| ids.contains(u.unit.id.as_str())) {
        return Err(format!(
            "--baseline {p} shares no unit id with this registry: give the results.json of an earlier scan of the same units"
        ));
    }
    Ok(())
}

/// Reads a run's results.json (a baseline, a shard's); `what` tells the user what to give
/// instead when it cannot be read.
fn read_results(path: &std::path::Path, what: &str) -> anyhow::Result<RunResults> {
    let bytes = std::fs::read(path)
        .map_err(|e| input(format!("cannot read {} ({e}); give {what}", path.display())))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        input(format!(
            "{} is not an oitscan results.json ({e}); give {what}",
            path.display()
        ))
    })
}

/// Adds the summary to a GitHub Actions job summary; a failure to write it is only a warning.
fn append_step_summary(path: &std::path::Path, summary: &str) {
    use std::io::Write as _;
    let res = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| writeln!(f, "{summary}"));
    if let Err(e) = res {
        eprintln!(
            "warning: cannot write the job summary to {}: {e}",
            path.display()
        );
    }
}

fn demo_cmd(mut args: DemoArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    // The bundled sites publish one fiscal year's items; scanning them against today's year
    // would only show that they are out of date. An explicit --year or --checklist wins.
    let mut notes = Vec::new();
    if args.choice.year.is_none() && args.choice.checklist.is_none() {
        let sites = oitscan::demo::bundled_sites()?;
        if let Some(year) = oitscan::eval::corpus_year(&oitscan::eval::corpus(sites)?) {
            args.choice.year = Some(year);
            notes.push(format!(
                "the bundled fixture sites publish the FY{year} items, so the demo checks {year} (choose with --year)"
            ));
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
            oitscan::report::summary_markdown(&results, &checklist, args.lang)
        );
    }
    out!("demo output written to {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

fn eval_cmd(args: EvalArgs) -> anyhow::Result<ExitCode> {
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
    let report = block_on(oitscan::eval::evaluate(corpus, &checklist, &args.out))??;
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

fn checklist_cmd(c: ChecklistCmd) -> anyhow::Result<ExitCode> {
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

fn units_validate(file: PathBuf) -> anyhow::Result<ExitCode> {
    let reg = units::load(&file).map_err(input)?;
    let name = file.display().to_string();
    print_registry_problems(&reg, &name);
    out!(
        "{name}: {} usable unit(s), {} bad row(s)",
        reg.units.len(),
        reg.errors.len()
    );
    Ok(if reg.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// "K/N" with 1 ≤ K ≤ N.
fn parse_shard(spec: &str) -> Result<(u32, u32), String> {
    let bad = || format!("--shard {spec}: write K/N with 1 ≤ K ≤ N, e.g. --shard 2/3");
    let (k, n) = spec.split_once('/').ok_or_else(bad)?;
    let (k, n): (u32, u32) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if k == 0 || n == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

/// The server each unit lives on, for grouping shards: its first resolved address (`ip`),
/// or its host name without `www.` and any explicit port (`host`, and the fallback when DNS
/// fails).
fn shard_keys(units: &[units::Unit], by: &str) -> std::collections::HashMap<String, String> {
    // A server is a host and a port: an explicit port (a test server, a vendor's second
    // instance) is a server of its own.
    let host = |u: &units::Unit| {
        let name = u.url.host_str().unwrap_or("").trim_start_matches("www.");
        match u.url.port() {
            Some(p) => format!("{name}:{p}"),
            None => name.to_string(),
        }
    };
    if by != "ip" {
        return units.iter().map(|u| (u.id.clone(), host(u))).collect();
    }
    // Many lookups at once: one at a time, a national registry with dead domains would wait
    // for hours before the first request.
    let lookups = async {
        use futures_util::StreamExt;
        futures_util::stream::iter(units)
            .map(|u| async move {
                let port = u.url.port_or_known_default().unwrap_or(80);
                let name = u.url.host_str().unwrap_or("").to_string();
                let ip = tokio::time::timeout(
                    Duration::from_secs(5),
                    tokio::net::lookup_host((name.as_str(), port)),
                )
                .await
                .ok()
                .and_then(|r| r.ok())
                .and_then(|mut a| a.next())
                .map(|a| a.ip().to_string());
                (u.id.clone(), ip.unwrap_or_else(|| host(u)))
            })
            .buffer_unordered(64)
            .collect::<std::collections::HashMap<_, _>>()
            .await
    };
    match block_on(lookups) {
        Ok(found) => found,
        Err(_) => units.iter().map(|u| (u.id.clone(), host(u))).collect(),
    }
}

fn open_history(file: &HistoryFile) -> anyhow::Result<oitscan::history::History> {
    if !file.history.exists() {
        return Err(input(format!(
            "no history database at {}; run `oitscan scan` first (it records every scan there), or give --history FILE",
            file.history.display()
        )));
    }
    oitscan::history::History::open(&file.history).map_err(input)
}

fn diff_cmd(args: DiffArgs) -> anyhow::Result<ExitCode> {
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
    let d = oitscan::history::diff(&before, &after, &since);
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
            oitscan::history::diff_markdown(&d, &label(from), &label(to), args.lang)
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn history_cmd(args: HistoryArgs) -> anyhow::Result<ExitCode> {
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

fn merge_cmd(args: MergeArgs) -> anyhow::Result<ExitCode> {
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
        merged.stopped = Some(match args.lang {
            Lang::Th => format!(
                "รวมผลไม่ครบ: ขาดผลของส่วนที่ {} หน่วยงานในส่วนนั้นไม่อยู่ในรายงานนี้",
                missing.join(", ")
            ),
            Lang::En => format!(
                "partial merge: shard(s) {} missing; their units are not in this roll-up",
                missing.join(", ")
            ),
        });
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
    Ok(ExitCode::from(if policy::incomplete(&merged) {
        3
    } else {
        0
    }))
}
