//! The host gate: the one place politeness lives. Every request waits here for its host's
//! rate and concurrency, its IP address's rate and concurrency (many local governments share
//! one vendor server), and the run's global concurrency; 429/503 pause a host with backoff,
//! and repeated failures open its circuit breaker. Nothing else in the crawler sleeps or
//! counts requests.

use super::robots::Robots;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{OnceCell, OwnedSemaphorePermit, Semaphore};

/// Politeness settings.
#[derive(Debug, Clone)]
pub struct Politeness {
    /// Requests per second to one host.
    pub rate_per_host: f64,
    /// Requests in flight to one host.
    pub per_host_concurrency: usize,
    /// Requests per second to one IP address (shared hosting); `None` for no IP limit.
    pub rate_per_ip: Option<f64>,
    /// Requests in flight to one IP address.
    pub per_ip_concurrency: usize,
    /// Requests in flight in the whole run.
    pub global_concurrency: usize,
    /// Longest robots.txt Crawl-delay honoured; longer ones are capped (and reported).
    pub max_crawl_delay: Duration,
    /// Longest Retry-After honoured; a server asking for more is given up on for that URL.
    pub max_retry_after: Duration,
    /// Longest backoff after 429/503 without Retry-After.
    pub max_backoff: Duration,
    /// Consecutive failed requests that open a host's circuit breaker.
    pub breaker_threshold: u32,
}

impl Default for Politeness {
    fn default() -> Self {
        Politeness {
            rate_per_host: 1.0,
            per_host_concurrency: 2,
            rate_per_ip: Some(4.0),
            per_ip_concurrency: 6,
            global_concurrency: 128,
            max_crawl_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(120),
            max_backoff: Duration::from_secs(60),
            breaker_threshold: 8,
        }
    }
}

fn limiter(per_second: f64) -> DefaultDirectRateLimiter {
    // Burst 1: governor's default burst equals the rate, which would let the first requests
    // through at once.
    let period = Duration::from_secs_f64(1.0 / per_second.clamp(0.001, 100_000.0));
    RateLimiter::direct(
        Quota::with_period(period)
            .expect("positive period")
            .allow_burst(NonZeroU32::MIN),
    )
}

/// One host's politeness state.
pub struct HostState {
    /// Starts at our own pace; replaced once robots.txt is read (Crawl-delay).
    limiter: Mutex<Arc<DefaultDirectRateLimiter>>,
    paced: std::sync::atomic::AtomicBool,
    sem: Arc<Semaphore>,
    paused_until: Mutex<Option<Instant>>,
    backoff_level: AtomicU32,
    failures: AtomicU32,
    /// The host's robots.txt, fetched once.
    pub robots: OnceCell<Arc<Robots>>,
}

struct IpState {
    limiter: Option<DefaultDirectRateLimiter>,
    sem: Arc<Semaphore>,
}

/// What a request's answer means for its host.
#[derive(Debug, Clone, Copy)]
pub enum Signal {
    /// Answered normally.
    Success,
    /// 429 or 503: slow down, for `retry_after` if the server said.
    Throttled(Option<Duration>),
    /// Timed out, refused, or a server error.
    Failure,
}

/// Permits held while a request is in flight.
pub struct Pass {
    _host: OwnedSemaphorePermit,
    _ip: Option<OwnedSemaphorePermit>,
    _global: OwnedSemaphorePermit,
}

/// The gate shared by every unit of a run.
pub struct HostGate {
    cfg: Politeness,
    hosts: Mutex<HashMap<String, Arc<HostState>>>,
    ips: Mutex<HashMap<IpAddr, Arc<IpState>>>,
    global: Arc<Semaphore>,
}

impl HostGate {
    /// A gate with these settings.
    pub fn new(cfg: Politeness) -> HostGate {
        let global = Arc::new(Semaphore::new(cfg.global_concurrency.max(1)));
        HostGate {
            cfg,
            hosts: Mutex::default(),
            ips: Mutex::default(),
            global,
        }
    }

    /// The settings.
    pub fn politeness(&self) -> &Politeness {
        &self.cfg
    }

    /// The state of a host, created on first use.
    pub fn host(&self, host: &str) -> Arc<HostState> {
        let mut hosts = self.hosts.lock().expect("gate lock");
        hosts
            .entry(host.to_ascii_lowercase())
            .or_insert_with(|| {
                Arc::new(HostState {
                    limiter: Mutex::new(Arc::new(limiter(self.cfg.rate_per_host))),
                    paced: std::sync::atomic::AtomicBool::new(false),
                    sem: Arc::new(Semaphore::new(self.cfg.per_host_concurrency.max(1))),
                    paused_until: Mutex::new(None),
                    backoff_level: AtomicU32::new(0),
                    failures: AtomicU32::new(0),
                    robots: OnceCell::new(),
                })
            })
            .clone()
    }

    fn ip(&self, ip: IpAddr) -> Arc<IpState> {
        let mut ips = self.ips.lock().expect("gate lock");
        ips.entry(ip)
            .or_insert_with(|| {
                Arc::new(IpState {
                    limiter: self.cfg.rate_per_ip.map(limiter),
                    sem: Arc::new(Semaphore::new(self.cfg.per_ip_concurrency.max(1))),
                })
            })
            .clone()
    }

    /// The effective delay between requests to a host, given its robots.txt Crawl-delay:
    /// the slower of our rate and the (capped) delay. Returns the delay and whether the cap
    /// cut the site's request.
    pub fn host_period(&self, crawl_delay: Option<f64>) -> (Duration, bool) {
        let ours = Duration::from_secs_f64(1.0 / self.cfg.rate_per_host.clamp(0.001, 100_000.0));
        match crawl_delay {
            Some(d) => {
                let asked = Duration::from_secs_f64(d.min(86_400.0));
                let capped = asked.min(self.cfg.max_crawl_delay);
                (ours.max(capped), asked > self.cfg.max_crawl_delay)
            }
            None => (ours, false),
        }
    }

    /// Sets a host's pace once its robots.txt is known; later calls keep the first pace.
    pub fn set_pace(&self, state: &HostState, period: Duration) {
        if !state.paced.swap(true, Ordering::SeqCst) {
            let new = Arc::new(limiter(1.0 / period.as_secs_f64().max(1e-6)));
            // The request just made (robots.txt) counts against the new pace too.
            let _ = new.check();
            *state.limiter.lock().expect("limiter lock") = new;
        }
    }

    /// Waits until a request to `state`'s host (at address `ip`) may go: its pause, its
    /// concurrency and rate, the IP's concurrency and rate, the global concurrency.
    pub async fn acquire(&self, state: &HostState, ip: Option<IpAddr>) -> Pass {
        let host = state
            .sem
            .clone()
            .acquire_owned()
            .await
            .expect("semaphore open");
        loop {
            let until = *state.paused_until.lock().expect("pause lock");
            match until {
                Some(t) if t > Instant::now() => tokio::time::sleep_until(t.into()).await,
                _ => break,
            }
        }
        let l = state.limiter.lock().expect("limiter lock").clone();
        l.until_ready().await;
        let ip_pass = match ip {
            Some(ip) => {
                let s = self.ip(ip);
                let p = s.sem.clone().acquire_owned().await.expect("semaphore open");
                if let Some(l) = &s.limiter {
                    l.until_ready().await;
                }
                Some(p)
            }
            None => None,
        };
        let global = self
            .global
            .clone()
            .acquire_owned()
            .await
            .expect("semaphore open");
        Pass {
            _host: host,
            _ip: ip_pass,
            _global: global,
        }
    }

    /// Records what a request's answer means. For a throttle, pauses the host (Retry-After,
    /// else exponential backoff with jitter, capped) and returns the pause.
    pub fn signal(&self, state: &HostState, signal: Signal) -> Duration {
        match signal {
            Signal::Success => {
                state.failures.store(0, Ordering::Relaxed);
                state.backoff_level.store(0, Ordering::Relaxed);
                Duration::ZERO
            }
            Signal::Failure => {
                state.failures.fetch_add(1, Ordering::Relaxed);
                Duration::ZERO
            }
            Signal::Throttled(retry_after) => {
                let level = state.backoff_level.fetch_add(1, Ordering::Relaxed).min(16);
                let backoff = Duration::from_millis(500u64.saturating_mul(1 << level))
                    .min(self.cfg.max_backoff);
                let base = retry_after.unwrap_or(backoff);
                // ±20 % jitter so hosts paused together do not resume together; never less
                // than the server asked for.
                let jitter = 0.8 + 0.4 * fastrand::f64();
                let pause = if retry_after.is_some() {
                    base + base.mul_f64((jitter - 0.8).max(0.0) / 2.0)
                } else {
                    base.mul_f64(jitter)
                };
                let until = Instant::now() + pause;
                let mut p = state.paused_until.lock().expect("pause lock");
                if p.is_none_or(|t| t < until) {
                    *p = Some(until);
                }
                pause
            }
        }
    }

    /// Whether a host has failed too often in a row to go on with.
    pub fn breaker_open(&self, state: &HostState) -> bool {
        state.failures.load(Ordering::Relaxed) >= self.cfg.breaker_threshold
    }

    /// Consecutive failures of a host so far.
    pub fn failures(&self, state: &HostState) -> u32 {
        state.failures.load(Ordering::Relaxed)
    }
}

/// Reads a Retry-After header: delta-seconds or an HTTP date.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        let later = std::time::SystemTime::now() + Duration::from_secs(30);
        let d = parse_retry_after(&httpdate::fmt_http_date(later)).unwrap();
        assert!(
            d <= Duration::from_secs(30) && d >= Duration::from_secs(28),
            "{d:?}"
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn crawl_delay_is_capped() {
        let g = HostGate::new(Politeness {
            rate_per_host: 2.0,
            max_crawl_delay: Duration::from_secs(5),
            ..Politeness::default()
        });
        assert_eq!(g.host_period(None), (Duration::from_millis(500), false));
        assert_eq!(g.host_period(Some(2.0)), (Duration::from_secs(2), false));
        assert_eq!(g.host_period(Some(60.0)), (Duration::from_secs(5), true));
        assert_eq!(
            g.host_period(Some(0.1)),
            (Duration::from_millis(500), false)
        );
    }

    #[tokio::test]
    async fn pace_and_pause_are_obeyed() {
        let g = HostGate::new(Politeness {
            rate_per_host: 20.0,
            rate_per_ip: None,
            ..Politeness::default()
        });
        let h = g.host("a.go.th");
        let start = Instant::now();
        for _ in 0..4 {
            drop(g.acquire(&h, None).await);
        }
        // Burst 1: four requests need three full periods of 50 ms.
        assert!(
            start.elapsed() >= Duration::from_millis(145),
            "{:?}",
            start.elapsed()
        );

        let pause = g.signal(&h, Signal::Throttled(Some(Duration::from_millis(300))));
        assert!(pause >= Duration::from_millis(300));
        let t = Instant::now();
        drop(g.acquire(&h, None).await);
        assert!(
            t.elapsed() >= Duration::from_millis(290),
            "{:?}",
            t.elapsed()
        );
    }

    #[test]
    fn breaker_opens_after_consecutive_failures_only() {
        let g = HostGate::new(Politeness {
            breaker_threshold: 3,
            ..Politeness::default()
        });
        let h = g.host("b.go.th");
        g.signal(&h, Signal::Failure);
        g.signal(&h, Signal::Failure);
        g.signal(&h, Signal::Success);
        g.signal(&h, Signal::Failure);
        g.signal(&h, Signal::Failure);
        assert!(!g.breaker_open(&h));
        g.signal(&h, Signal::Failure);
        assert!(g.breaker_open(&h));
    }
}
