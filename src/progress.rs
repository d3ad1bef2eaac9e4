//! Progress for people and for logs: indicatif bars on a terminal, periodic plain lines
//! elsewhere (CI, cron), and a log writer that hides the bar while a log line is printed so
//! the two never fight.

use crate::crawl::RunStats;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

static BAR: OnceLock<Mutex<Option<ProgressBar>>> = OnceLock::new();

fn slot() -> &'static Mutex<Option<ProgressBar>> {
    BAR.get_or_init(|| Mutex::new(None))
}

/// A `tracing` writer for stderr that suspends the progress bar around each line.
#[derive(Clone, Copy, Default)]
pub struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let bar = slot().lock().ok().and_then(|b| b.clone());
        match bar {
            Some(b) => b.suspend(|| std::io::stderr().write(buf)),
            None => std::io::stderr().write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = LogWriter;
    fn make_writer(&'a self) -> LogWriter {
        LogWriter
    }
}

/// How progress is shown.
pub struct Progress {
    bar: Option<ProgressBar>,
    plain_every: Option<Duration>,
    last_plain: Instant,
    started: Instant,
    total: u64,
    done: u64,
    stats: Arc<RunStats>,
}

impl Progress {
    /// Bars on a terminal, plain lines every `plain_every` elsewhere, nothing when quiet.
    pub fn new(total: u64, stats: Arc<RunStats>, quiet: bool, plain_every: Duration) -> Progress {
        let tty = std::io::stderr().is_terminal();
        let bar = (!quiet && tty).then(|| {
            let b = ProgressBar::new(total);
            b.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:28} {pos}/{len} units  {msg}",
                )
                .expect("progress template"),
            );
            b.enable_steady_tick(Duration::from_millis(200));
            if let Ok(mut s) = slot().lock() {
                *s = Some(b.clone());
            }
            b
        });
        Progress {
            bar,
            plain_every: (!quiet && !tty).then_some(plain_every),
            last_plain: Instant::now(),
            started: Instant::now(),
            total,
            done: 0,
            stats,
        }
    }

    fn line(&self) -> String {
        let secs = self.started.elapsed().as_secs_f64().max(0.001);
        let req = self.stats.requests.load(Ordering::Relaxed);
        format!(
            "{} pages, {} requests ({:.1}/s), {} errors",
            self.stats.pages.load(Ordering::Relaxed),
            req,
            req as f64 / secs,
            self.stats.errors.load(Ordering::Relaxed)
        )
    }

    /// Refreshes the display; call it often (it rate-limits plain lines itself).
    pub fn tick(&mut self) {
        if let Some(b) = &self.bar {
            b.set_message(self.line());
        }
        if let Some(every) = self.plain_every
            && self.last_plain.elapsed() >= every
        {
            self.last_plain = Instant::now();
            eprintln!(
                "[{:>5}s] {}/{} units done; {}",
                self.started.elapsed().as_secs(),
                self.done,
                self.total,
                self.line()
            );
        }
    }

    /// One unit finished.
    pub fn unit_done(&mut self, id: &str, status: &str) {
        self.done += 1;
        if let Some(b) = &self.bar {
            b.inc(1);
        }
        tracing::info!("unit {id}: {status}");
        self.tick();
    }

    /// Removes the bar and prints a final plain line when not on a terminal.
    pub fn finish(self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
            if let Ok(mut s) = slot().lock() {
                *s = None;
            }
        }
        if self.plain_every.is_some() {
            eprintln!(
                "[{:>5}s] {}/{} units done; {}",
                self.started.elapsed().as_secs(),
                self.done,
                self.total,
                self.line()
            );
        }
    }
}
