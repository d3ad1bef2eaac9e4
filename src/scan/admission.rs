//! How many units crawl at once: a fixed number, or as many as a memory budget holds.

use std::sync::Arc;

/// What the units in flight may hold in memory together by default: 1 GB, so a province of
/// sites crawls together while a nation of them fits a modest machine.
pub const DEFAULT_MEMORY_BUDGET: u64 = 1 << 30;

/// How many units crawl at once. A fixed number when one is given; otherwise it adapts: as
/// many as the memory budget holds, judged by what the units finished so far kept, so every
/// site of a province is crawled at its own polite pace at the same time (rather than in
/// batches behind a fixed limit), and a national run does not outgrow the machine.
pub(crate) struct Admission {
    fixed: Option<usize>,
    budget: u64,
    in_flight: std::sync::atomic::AtomicUsize,
    kept: std::sync::atomic::AtomicU64,
    finished: std::sync::atomic::AtomicU64,
    changed: tokio::sync::Notify,
}

/// Before any unit has finished: what a unit of a full page budget of small pages keeps.
const FIRST_GUESS: u64 = 5 << 20;
/// Bounds of the adaptive limit: at least a few units, and not more tasks than a run needs.
const ADAPTIVE_MIN: usize = 8;
const ADAPTIVE_MAX: usize = 2048;

impl Admission {
    pub(super) fn new(fixed: Option<usize>, budget: u64) -> Admission {
        Admission {
            fixed: fixed.map(|n| n.max(1)),
            budget,
            in_flight: Default::default(),
            kept: Default::default(),
            finished: Default::default(),
            changed: tokio::sync::Notify::new(),
        }
    }

    /// Units that may be in flight now.
    pub(super) fn limit(&self) -> usize {
        use std::sync::atomic::Ordering::Relaxed;
        if let Some(n) = self.fixed {
            return n;
        }
        let finished = self.finished.load(Relaxed);
        let per_unit = match finished {
            0 => FIRST_GUESS,
            n => (self.kept.load(Relaxed) / n).max(64 << 10),
        };
        ((self.budget / per_unit) as usize).clamp(ADAPTIVE_MIN, ADAPTIVE_MAX)
    }

    /// Waits until one more unit may start, and counts it in.
    pub(super) async fn enter(&self) {
        use std::sync::atomic::Ordering::SeqCst;
        loop {
            let changed = self.changed.notified();
            let now = self.in_flight.load(SeqCst);
            if now < self.limit()
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

    /// Counts a unit out once it is finished (detected and written), with what it kept.
    pub(super) fn leave(&self, kept: u64) {
        use std::sync::atomic::Ordering::SeqCst;
        self.kept.fetch_add(kept, SeqCst);
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
            a.leave(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn units_in_flight_follow_what_finished_units_kept() {
        let a = Admission::new(None, 100 << 20);
        assert_eq!(a.limit(), 20, "a first guess of 5 MB a unit");
        for _ in 0..3 {
            a.enter().await;
        }
        // Units that kept 10 MB each: ten fit the budget.
        for _ in 0..2 {
            a.leave(10 << 20);
        }
        assert_eq!(a.limit(), 10);
        // Tiny units: many fit, up to the cap.
        let small = Admission::new(None, 1 << 30);
        small.enter().await;
        small.leave(1000);
        assert_eq!(small.limit(), ADAPTIVE_MAX);
        // Huge units: never fewer than a few at once.
        let big = Admission::new(None, 10 << 20);
        big.enter().await;
        big.leave(1 << 30);
        assert_eq!(big.limit(), ADAPTIVE_MIN);
        assert_eq!(Admission::new(Some(3), 1).limit(), 3);
    }

    #[tokio::test]
    async fn a_full_house_waits_for_a_unit_to_leave() {
        let a = Arc::new(Admission::new(Some(1), 0));
        a.enter().await;
        let waiting = tokio::spawn({
            let a = a.clone();
            async move { a.enter().await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiting.is_finished(), "the second unit waits");
        a.leave(0);
        tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("the second unit starts once the first leaves")
            .unwrap();
    }
}
