//! Where a run's time went: CPU by stage, written as `run-stats.json`.

use crate::report;
use crate::results::RunResults;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Duration;

/// CPU time spent detecting and writing, summed over the threads that did it: with the
/// process's own CPU time it splits a run's cost into crawl, detection and output.
#[derive(Default)]
pub(super) struct StageCpu {
    detect_ns: std::sync::atomic::AtomicU64,
    write_ns: std::sync::atomic::AtomicU64,
}

impl StageCpu {
    pub(super) fn add(&self, detect: Duration, write: Duration) {
        use std::sync::atomic::Ordering::Relaxed;
        self.detect_ns.fetch_add(detect.as_nanos() as u64, Relaxed);
        self.write_ns.fetch_add(write.as_nanos() as u64, Relaxed);
    }
}

/// `run-stats.json`: where a run's time went, for benchmarks and for people sizing a
/// machine. CPU milliseconds by stage: `crawl` is the process's own CPU less detection and
/// writing; `documents` is the document workers' (child processes).
#[derive(Debug, Serialize, Deserialize)]
pub struct RunStats {
    /// Wall time of the run.
    pub wall_ms: u64,
    /// Units in the results.
    pub units: u64,
    /// HTML pages and documents read.
    pub pages: u64,
    /// HTTP requests made.
    pub requests: u64,
    /// CPU milliseconds by stage.
    pub cpu_ms: StageMillis,
}

/// CPU milliseconds by stage of a run.
#[derive(Debug, Serialize, Deserialize)]
pub struct StageMillis {
    /// Fetching, decoding, parsing and link scoring (and everything else of the process).
    pub crawl: u64,
    /// Detection.
    pub detect: u64,
    /// Reports, snapshots and the history.
    pub write: u64,
    /// Text extraction from documents, in the worker processes.
    pub documents: u64,
}

pub(super) fn write_run_stats(out: &Path, run: &RunResults, stats: &StageCpu, wall: Duration) {
    use std::sync::atomic::Ordering::Relaxed;
    let (own, children) = process_cpu();
    let detect = Duration::from_nanos(stats.detect_ns.load(Relaxed));
    let write = Duration::from_nanos(stats.write_ns.load(Relaxed));
    let ms = |d: Duration| d.as_millis() as u64;
    let s = RunStats {
        wall_ms: ms(wall),
        units: run.units.len() as u64,
        pages: run
            .units
            .iter()
            .map(|u| (u.pages + u.documents) as u64)
            .sum(),
        requests: run.units.iter().map(|u| u.requests as u64).sum(),
        cpu_ms: StageMillis {
            crawl: ms(own.saturating_sub(detect + write)),
            detect: ms(detect),
            write: ms(write),
            documents: ms(children),
        },
    };
    // Figures only: a failure to write them costs nothing else.
    if let Ok(bytes) = serde_json::to_vec_pretty(&s) {
        let _ = report::write_atomic(&out.join("run-stats.json"), &bytes);
    }
}

/// CPU time of the calling thread.
pub(super) fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// CPU time (user + system) of this process and of its waited-for children.
pub(super) fn process_cpu() -> (Duration, Duration) {
    let usage = |who| {
        // SAFETY: getrusage fills one rusage through a valid pointer.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(who, &mut ru) };
        let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
        tv(ru.ru_utime) + tv(ru.ru_stime)
    };
    (usage(libc::RUSAGE_SELF), usage(libc::RUSAGE_CHILDREN))
}
