//! `oitscan scan`: a registry's websites scanned, reports and the history written.

use super::prelude::*;

#[derive(Args)]
pub(crate) struct ScanArgs {
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
pub(crate) struct CrawlArgs {
    /// Units crawled at the same time. Default: as many as --memory-budget holds, judged by
    /// what the units finished so far kept, and as many as the cores keep up with (a
    /// province's sites all at once)
    #[arg(long, value_name = "N")]
    concurrency: Option<usize>,
    /// Memory, in MB, that the units being crawled may hold together when --concurrency is
    /// not given
    #[arg(long, default_value_t = 1024, value_name = "MB")]
    memory_budget: u64,
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

pub(crate) fn scan_cmd(args: ScanArgs, quiet: bool) -> anyhow::Result<ExitCode> {
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
    let mut notes: Vec<Msg> = note.into_iter().collect();
    notes.extend(reg.warnings.iter().cloned());
    if !quiet {
        for n in notes.iter().take(1) {
            eprintln!("note: {n}");
        }
        eprintln!("scanning {} unit(s) against {checklist}", reg.units.len());
    }
    let opts = ScanOptions {
        concurrency: args.crawl.concurrency,
        memory_budget: args.crawl.memory_budget << 20,
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
    let view = oitscan::report::RunView::new(&results, &checklist, args.lang);
    let failures = policy::failures(&view, &args.fail_on, baseline.as_ref());
    let summary = policy::ci_summary(&view, &args.fail_on, &failures);
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
    if b.results_version != oitscan::results::RESULTS_VERSION {
        return Err(format!(
            "--baseline {p} is in results format {}, this oitscan writes {}: compare runs of one oitscan version, or rerun the baseline",
            b.results_version,
            oitscan::results::RESULTS_VERSION
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
