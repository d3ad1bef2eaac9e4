//! How many units crawl at once: a fixed number, or as many as keep the cores busy within a
//! memory budget — and never more while crawled units queue for detection.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::SeqCst};
use std::time::Duration;

/// What the units in flight may hold in memory together by default: 1 GB, so a province of
/// sites crawls together while a nation of them fits a modest machine.
pub const DEFAULT_MEMORY_BUDGET: u64 = 1 << 30;

/// How many units crawl at once. A fixed number when one is given; otherwise it adapts to
/// two bounds. Memory: as many as the budget holds, judged by what the units finished so far
/// kept. Cores: as many as the cores can finish in the time one unit takes (Little's law:
/// units at once = units per second the cores sustain × seconds a unit takes at its site's
/// polite pace — not the time units took, which grows when the cores are the bottleneck
/// and would feed on itself) — so every site of a province is crawled at its own polite
/// pace at the same time, while a nation of quick sites on two cores keeps only as many in
/// flight as the cores can take, instead of thousands each holding a half-crawled site.
pub(crate) struct Admission {
    fixed: Option<usize>,
    budget: u64,
    cores: usize,
    in_flight: AtomicUsize,
    kept: AtomicU64,
    finished: AtomicU64,
    /// Requests the finished units made, summed.
    requests: AtomicU64,
    /// Requests a second one site is sent (its politeness).
    rate_per_site: f64,
    /// The cores' bound, from the last look; before enough units finished, a ceiling that
    /// grows while it is what holds units back.
    cpu_limit: AtomicUsize,
    /// Units crawled and waiting for a core to detect and write them.
    queued: AtomicUsize,
    /// How many may wait so before no new crawl starts.
    queue_limit: usize,
    /// The process's CPU time (own and document workers') when the run began.
    cpu_at_start: Duration,
    changed: tokio::sync::Notify,
}

/// Before any unit has finished: what a unit of a full page budget of small pages keeps.
const FIRST_GUESS: u64 = 5 << 20;
/// Bounds of the adaptive limit: at least a few units, and not more tasks than a run needs.
const ADAPTIVE_MIN: usize = 8;
const ADAPTIVE_MAX: usize = 2048;
/// Units at once before the cores' bound is known; it grows by an eighth every look while
/// every slot is taken (64 → 200 in five seconds of looks).
const CEILING_START: usize = 64;
/// Finished units needed before their pace says how many the cores keep up with.
const UNITS_TO_JUDGE: u64 = 8;
/// Headroom over the cores' bound: units vary, and an idle core is lost time.
const CPU_HEADROOM: f64 = 1.2;

impl Admission {
    /// `cores`: how many units are detected at once; twice as many may wait their turn, so
    /// the cores never idle, but when detection cannot keep up (fast sites, a slow machine)
    /// crawling more would only pile up snapshots in memory.
    pub(super) fn new(
        fixed: Option<usize>,
        budget: u64,
        cores: usize,
        rate_per_site: f64,
    ) -> Admission {
        let (own, children) = super::stats::process_cpu();
        Admission {
            fixed: fixed.map(|n| n.max(1)),
            budget,
            cores: cores.max(1),
            in_flight: Default::default(),
            kept: Default::default(),
            finished: Default::default(),
            requests: Default::default(),
            rate_per_site: rate_per_site.max(1e-3),
            cpu_limit: AtomicUsize::new(CEILING_START),
            queued: Default::default(),
            queue_limit: 2 * cores.max(1),
            cpu_at_start: own + children,
            changed: tokio::sync::Notify::new(),
        }
    }

    /// Units that may be in flight now.
    pub(super) fn limit(&self) -> usize {
        if let Some(n) = self.fixed {
            return n;
        }
        let per_unit = match self.finished.load(SeqCst) {
            0 => FIRST_GUESS,
            n => (self.kept.load(SeqCst) / n).max(64 << 10),
        };
        ((self.budget / per_unit) as usize)
            .min(self.cpu_limit.load(SeqCst))
            .clamp(ADAPTIVE_MIN, ADAPTIVE_MAX)
    }

    /// Waits until one more unit may start, and counts it in.
    pub(super) async fn enter(&self) {
        loop {
            let changed = self.changed.notified();
            let now = self.in_flight.load(SeqCst);
            if now < self.limit()
                && self.queued.load(SeqCst) < self.queue_limit
                && self
                    .in_flight
                    .compare_exchange(now, now + 1, SeqCst, SeqCst)
                    .is_ok()
            {
                return;
            }
            changed.await;
        }
    }

    /// Re-judges the cores' bound (called every half second or so) from the CPU the run has
    /// used per unit and the time a unit takes.
    pub(super) fn look_at_cpu(&self) {
        let (own, children) = super::stats::process_cpu();
        let cpu = (own + children).saturating_sub(self.cpu_at_start);
        self.judge(cpu);
    }

    fn judge(&self, cpu: Duration) {
        let finished = self.finished.load(SeqCst);
        let in_flight = self.in_flight.load(SeqCst);
        let old = self.cpu_limit.load(SeqCst);
        // Grow by an eighth a look at most, and only while every slot is taken: the bound
        // is judged from the units finished so far, which early on are the quickest.
        let grown = if in_flight >= old { old + old / 8 } else { old };
        let new = if finished < UNITS_TO_JUDGE {
            grown
        } else {
            // All the CPU so far over the units finished: more than a unit costs, by the
            // work of those in flight, so the bound errs low (counting units in flight as
            // part done would feed on itself: more in flight, cheaper units, more in flight).
            let cpu_per_unit = cpu.as_secs_f64().max(1e-3) / finished as f64;
            let takes = self.requests.load(SeqCst) as f64 / finished as f64 / self.rate_per_site;
            ((self.cores as f64 * takes / cpu_per_unit * CPU_HEADROOM) as usize).min(grown)
        }
        .clamp(ADAPTIVE_MIN, ADAPTIVE_MAX);
        self.cpu_limit.store(new, SeqCst);
        if new > old {
            self.changed.notify_waiters();
        }
    }

    /// A unit's crawl is done; it waits for a core.
    pub(super) fn crawled(&self) {
        self.queued.fetch_add(1, SeqCst);
    }

    /// A crawled unit got its core: one fewer waits, which may let a new crawl start.
    pub(super) fn detecting(&self) {
        self.queued.fetch_sub(1, SeqCst);
        self.changed.notify_waiters();
    }

    /// Counts a unit out once it is finished (detected and written), with what it kept and
    /// the requests its crawl made.
    pub(super) fn leave(&self, kept: u64, requests: u64) {
        self.kept.fetch_add(kept, SeqCst);
        self.requests.fetch_add(requests, SeqCst);
        self.finished.fetch_add(1, SeqCst);
        self.in_flight.fetch_sub(1, SeqCst);
        self.changed.notify_waiters();
    }
}

/// A unit's place among those in flight, given back if its task ends without handing the
/// unit on (a panic, or a run that stopped listening).
pub(super) struct Slot(pub(super) Option<Arc<Admission>>);

impl Slot {
    /// The unit reached the finishing stage, which counts it out.
    pub(super) fn handed_on(&mut self) {
        self.0 = None;
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(a) = self.0.take() {
            a.leave(0, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open_ceiling(a: &Admission) {
        a.cpu_limit.store(ADAPTIVE_MAX, SeqCst);
    }

    #[tokio::test]
    async fn units_in_flight_follow_what_finished_units_kept() {
        let a = Admission::new(None, 100 << 20, 2, 1.0);
        assert_eq!(a.limit(), 20, "a first guess of 5 MB a unit");
        open_ceiling(&a);
        for _ in 0..3 {
            a.enter().await;
        }
        // Units that kept 10 MB each: ten fit the budget.
        for _ in 0..2 {
            a.leave(10 << 20, 1000);
        }
        assert_eq!(a.limit(), 10);
        // Tiny units: many fit, up to the cap.
        let small = Admission::new(None, 1 << 30, 2, 1.0);
        open_ceiling(&small);
        small.enter().await;
        small.leave(1000, 1000);
        assert_eq!(small.limit(), ADAPTIVE_MAX);
        // Huge units: never fewer than a few at once.
        let big = Admission::new(None, 10 << 20, 2, 1.0);
        big.enter().await;
        big.leave(1 << 30, 1000);
        assert_eq!(big.limit(), ADAPTIVE_MIN);
        assert_eq!(Admission::new(Some(3), 1, 2, 1.0).limit(), 3);
    }

    #[test]
    fn units_in_flight_are_what_the_cores_finish_in_the_time_a_unit_takes() {
        let a = Admission::new(None, 1 << 40, 2, 1.0);
        assert_eq!(a.limit(), CEILING_START);
        // Not judged yet: the ceiling grows only while every slot is taken.
        a.judge(Duration::ZERO);
        assert_eq!(a.limit(), CEILING_START, "slots free: no growth");
        a.in_flight.store(CEILING_START, SeqCst);
        a.judge(Duration::ZERO);
        assert_eq!(a.limit(), CEILING_START + CEILING_START / 8);
        // 100 units done, 10 requests (10 s at one a second) each; 10 s of CPU: 0.1 s a
        // unit, so two cores finish 20 a second and 200 are in flight at once (with
        // headroom: 240).
        a.in_flight.store(100, SeqCst);
        a.finished.store(100, SeqCst);
        a.requests.store(100 * 10, SeqCst);
        for _ in 0..20 {
            a.in_flight.store(a.limit(), SeqCst);
            a.judge(Duration::from_secs(10));
        }
        assert_eq!(a.limit(), 240, "grown to the bound an eighth at a time");
        a.in_flight.store(100, SeqCst);
        // The same units at 1 s of CPU each: the cores are the limit, a few dozen at once.
        a.judge(Duration::from_secs(100));
        assert_eq!(a.limit(), 24);
        // A fixed limit is the user's.
        let fixed = Admission::new(Some(2), 0, 2, 1.0);
        fixed.judge(Duration::from_secs(1000));
        assert_eq!(fixed.limit(), 2);
    }

    #[tokio::test]
    async fn a_full_house_waits_for_a_unit_to_leave() {
        let a = Arc::new(Admission::new(Some(1), 0, 2, 1.0));
        a.enter().await;
        let waiting = tokio::spawn({
            let a = a.clone();
            async move { a.enter().await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiting.is_finished(), "the second unit waits");
        a.leave(0, 0);
        tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("the second unit starts once the first leaves")
            .unwrap();
    }

    #[tokio::test]
    async fn no_new_crawl_while_crawled_units_queue_for_detection() {
        let a = Arc::new(Admission::new(None, 1 << 30, 1, 1.0));
        for _ in 0..2 {
            a.enter().await;
            a.crawled();
        }
        let waiting = tokio::spawn({
            let a = a.clone();
            async move { a.enter().await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            !waiting.is_finished(),
            "two queued on one core: the next crawl waits"
        );
        a.detecting();
        tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("a core took one: the next crawl starts")
            .unwrap();
    }
}
