//! A unit's crawl: robots.txt and sitemaps first, then best-first fetching from the homepage
//! within the page, depth and time budgets, harvesting each page's links into the frontier
//! (in scope) or the external list, and checking that linked off-site documents are alive —
//! until the frontier is empty, a budget is spent, the host's circuit breaker opens, or the
//! run is stopped. The page-level work (fetch, robots.txt, processing one page) is in the
//! parent module.

use super::*;

impl Crawler {
    /// Crawls one unit's site within the limits. Never fails: what went wrong is in the
    /// snapshot.
    pub async fn crawl_unit(&self, unit: &Unit, ctl: &RunControl) -> SiteSnapshot {
        self.crawl_unit_cached(unit, ctl, &UnitCache::new()).await
    }

    /// Crawls one unit, asking the server "has this changed?" for every resource an earlier
    /// scan stored, and reusing the stored record when it has not.
    pub async fn crawl_unit_cached(
        &self,
        unit: &Unit,
        ctl: &RunControl,
        cache: &UnitCache,
    ) -> SiteSnapshot {
        let started = Instant::now();
        let start = normalize_url(&unit.url);
        let mut snap = SiteSnapshot::new(unit, &start);
        self.crawl_into(unit, &start, ctl, started, &mut snap, cache)
            .await;
        snap.elapsed_ms = started.elapsed().as_millis() as u64;
        self.stats
            .errors
            .fetch_add(snap.errors.len() as u64, Ordering::Relaxed);
        snap
    }

    async fn crawl_into(
        &self,
        unit: &Unit,
        start: &Url,
        ctl: &RunControl,
        started: Instant,
        snap: &mut SiteSnapshot,
        cache: &UnitCache,
    ) {
        let hosts = unit.hosts();
        let start_port = start.port_or_known_default();
        let in_scope = |u: &Url| {
            let Some(h) = u.host_str().map(str::to_ascii_lowercase) else {
                return false;
            };
            if unit.extra_hosts.contains(&h) {
                return true;
            }
            hosts.contains(&h)
                && u.port_or_known_default() == start_port
                && matches!(u.scheme(), "http" | "https")
        };
        let tld = start
            .domain()
            .and_then(|d| d.rsplit('.').next())
            .map(str::to_string);

        // The address guard first: a refused or unresolvable homepage ends the unit here.
        let ip = match self.check_address(start).await {
            Ok(addrs) => addrs.first().copied(),
            Err(e) => {
                let kind = if e.starts_with("DNS") {
                    ErrorKind::Dns
                } else {
                    ErrorKind::Refused
                };
                snap.errors.push(CrawlError {
                    url: start.to_string(),
                    kind,
                    message: e.clone(),
                });
                snap.outcome = Outcome::Failed { reason: e };
                return;
            }
        };
        let mut ips: std::collections::HashMap<String, Option<IpAddr>> =
            std::collections::HashMap::new();
        ips.insert(start.host_str().unwrap_or("").to_string(), ip);

        // TLS: try with checks; on a certificate error, say so, and go on without checks only
        // when the operator opted in.
        let robots = self.robots(start, ip, snap).await;
        let mut skip_tls = self
            .insecure_hosts
            .lock()
            .expect("lock")
            .contains(&host_key(start));
        if !robots.allowed(start) {
            let reason = robots
                .note
                .clone()
                .unwrap_or_else(|| "robots.txt disallows the homepage for oitscan".into());
            snap.skipped.push(Skipped {
                url: start.to_string(),
                reason: reason.clone(),
            });
            snap.outcome = Outcome::Failed { reason };
            return;
        }

        let mut frontier = Frontier::new(self.opts.traps);
        frontier.push(start.clone(), 0, Vec::new(), i32::MAX);
        if self.opts.use_sitemaps {
            self.seed_sitemaps(start, ip, &robots, &in_scope, &mut frontier, snap)
                .await;
        }

        let site_deadline = started + self.opts.site_budget;
        let per_site = self.gate.politeness().per_host_concurrency.max(1);
        let mut inflight = FuturesUnordered::new();
        let mut external_seen: HashSet<String> = HashSet::new();
        let mut external_checked = 0usize;
        let mut pages_started = 0usize;
        let mut docs_started = 0usize;
        let mut stop: Option<String> = None;
        let mut budget_hit = false;
        let mut cancel = ctl.cancel.clone();
        // One closure makes every in-flight future the same type.
        let run = |entry: Entry, ip: Option<IpAddr>, skip: bool, tld: Option<String>| async move {
            let cached = cache.get(entry.url.as_str());
            let r = self.process(&entry, ip, skip, tld.as_deref(), cached).await;
            (entry, r)
        };
        loop {
            if stop.is_none() {
                if let Some(r) = ctl.stop_reason() {
                    stop = Some(r.to_string());
                } else if Instant::now() >= site_deadline {
                    stop = Some(format!(
                        "the site's time budget of {} s was used up",
                        self.opts.site_budget.as_secs()
                    ));
                } else if self.gate.breaker_open(&self.gate.host(&host_key(start))) {
                    let last = snap
                        .errors
                        .last()
                        .map(|e| e.message.clone())
                        .unwrap_or_default();
                    stop = Some(format!(
                        "stopped after {} failed requests in a row (circuit breaker); last: {last}",
                        self.gate.failures(&self.gate.host(&host_key(start)))
                    ));
                }
            }
            while stop.is_none() && inflight.len() < per_site {
                let Some(entry) = frontier.pop(inflight.is_empty()) else {
                    break;
                };
                let is_doc = looks_like_document(&entry.url);
                if (is_doc && docs_started >= self.opts.max_documents)
                    || (!is_doc && pages_started >= self.opts.max_pages)
                {
                    budget_hit = true;
                    snap.skipped.push(Skipped {
                        url: entry.url.to_string(),
                        reason: "over the site's page or document budget".into(),
                    });
                    continue;
                }
                let host_name = entry.url.host_str().unwrap_or("").to_string();
                if !ips.contains_key(&host_name) {
                    match self.check_address(&entry.url).await {
                        Ok(a) => {
                            ips.insert(host_name.clone(), a.first().copied());
                        }
                        Err(e) => {
                            snap.errors.push(CrawlError {
                                url: entry.url.to_string(),
                                kind: ErrorKind::Refused,
                                message: e,
                            });
                            continue;
                        }
                    }
                }
                let entry_ip = ips.get(&host_name).copied().flatten();
                let host_robots = if host_name == start.host_str().unwrap_or("") {
                    robots.clone()
                } else {
                    self.robots(&entry.url, entry_ip, snap).await
                };
                if !host_robots.allowed(&entry.url) {
                    snap.skipped.push(Skipped {
                        url: entry.url.to_string(),
                        reason: "disallowed by robots.txt".into(),
                    });
                    continue;
                }
                if is_doc {
                    docs_started += 1
                } else {
                    pages_started += 1
                }
                inflight.push(run(entry, entry_ip, skip_tls, tld.clone()));
            }
            if inflight.is_empty() {
                break;
            }
            let next = tokio::select! {
                r = inflight.next() => r,
                _ = tokio::time::sleep_until(site_deadline.into()), if stop.is_none() => continue,
                _ = cancel.changed(), if stop.is_none() => continue,
                _ = async { match ctl.deadline { Some(d) => tokio::time::sleep_until(d.into()).await, None => std::future::pending().await } }, if stop.is_none() => continue,
            };
            // A stop abandons what is in flight: its results would arrive after the deadline.
            if stop.is_some() {
                break;
            }
            let Some((entry, (processed, notes, requests))) = next else {
                break;
            };
            snap.requests += requests;
            for n in notes {
                snap.finding(n);
            }
            match processed {
                Processed::Failed(e) => {
                    if e.kind == ErrorKind::Tls
                        && snap.pages.is_empty()
                        && self.fetcher.can_skip_tls_checks()
                        && !skip_tls
                    {
                        snap.finding(format!("TLS certificate problem ({}); crawled without certificate checks because --insecure-tls was given", e.message));
                        skip_tls = true;
                        frontier.mark_seen(&entry.url);
                        inflight.push(run(entry, ip, true, tld.clone()));
                        continue;
                    }
                    if e.kind == ErrorKind::Tls {
                        snap.finding(format!("TLS certificate problem: {}. Browsers may hide this (they fetch missing intermediate certificates); fix the server's certificate chain, or rerun with --insecure-tls to check the content anyway", e.message));
                    }
                    if looks_like_document(&entry.url) {
                        snap.documents.push(DocumentRecord {
                            url: entry.url.to_string(),
                            final_url: entry.url.to_string(),
                            status: 0,
                            depth: entry.depth,
                            click_path: entry.click_path.clone(),
                            content_type: String::new(),
                            size: 0,
                            truncated: false,
                            error: Some(e.message.clone()),
                            text: None,
                            cache: CacheInfo::default(),
                        });
                    }
                    snap.errors.push(CrawlError {
                        url: entry.url.to_string(),
                        kind: e.kind,
                        message: e.message,
                    });
                }
                Processed::Document(d) => {
                    snap.count_bytes(&d.cache, d.size);
                    snap.http_status(&d.url, d.status);
                    snap.documents.push(d);
                }
                Processed::Page(p) => {
                    snap.count_bytes(&p.cache, p.size);
                    snap.http_status(&p.url, p.status);
                    if let Ok(final_url) = Url::parse(&p.final_url) {
                        frontier.mark_seen(&final_url);
                    }
                    if p.status < 400 {
                        self.harvest_links(&p, &in_scope, &mut frontier, &mut external_seen, snap);
                        if external_checked < self.opts.external_checks {
                            external_checked += self
                                .check_external(snap, self.opts.external_checks - external_checked)
                                .await;
                        }
                    }
                    if snap.pages.is_empty() && p.status >= 400 {
                        snap.outcome = Outcome::Failed {
                            reason: format!("the homepage answered HTTP {}", p.status),
                        };
                    }
                    snap.pages.push(p);
                }
            }
        }
        for t in std::mem::take(&mut frontier.traps) {
            snap.finding(t);
        }
        let left = frontier.len();
        let ok_pages = snap.pages.iter().filter(|p| p.status < 400).count();
        if matches!(snap.outcome, Outcome::Failed { .. }) {
            return;
        }
        snap.outcome = if ok_pages == 0 {
            let reason = stop
                .or_else(|| snap.errors.first().map(|e| e.message.clone()))
                .unwrap_or_else(|| "no page could be fetched".into());
            Outcome::Failed { reason }
        } else if let Some(reason) = stop {
            Outcome::Partial {
                reason: format!(
                    "{reason}; {} pages fetched, {left} URLs not reached",
                    snap.pages.len()
                ),
            }
        } else if budget_hit || left > 0 {
            Outcome::Partial {
                reason: format!(
                    "page budget of {} pages reached; {} more URLs found but not fetched",
                    self.opts.max_pages,
                    left + snap
                        .skipped
                        .iter()
                        .filter(|s| s.reason.contains("budget"))
                        .count()
                ),
            }
        } else {
            Outcome::Complete
        };
    }

    /// Adds a page's links to the frontier (in scope) or the external list (out of scope).
    fn harvest_links(
        &self,
        p: &PageRecord,
        in_scope: &(dyn Fn(&Url) -> bool + Sync),
        frontier: &mut Frontier,
        external_seen: &mut HashSet<String>,
        snap: &mut SiteSnapshot,
    ) {
        let can_go_deeper = p.depth < self.opts.max_depth;
        for link in &p.model.links {
            let Ok(target) = Url::parse(&link.url) else {
                continue;
            };
            let target = normalize_url(&target);
            if !in_scope(&target) {
                if external_seen.insert(target.to_string()) {
                    snap.external_links.push(ExternalLink {
                        url: target.to_string(),
                        text: path_label(link),
                        found_on: p.final_url.clone(),
                        status: None,
                        error: None,
                    });
                }
                continue;
            }
            if !can_go_deeper && !looks_like_document(&target) {
                continue;
            }
            let mut path = p.click_path.clone();
            path.push(path_label(link));
            let priority = self.scorer.as_ref().map_or(0, |s| s(link));
            frontier.push(target, p.depth + 1, path, priority);
        }
    }

    /// Checks off-site documents found so far for liveness (a bounded GET through the gate),
    /// at most `budget` of them; returns how many were checked.
    async fn check_external(&self, snap: &mut SiteSnapshot, budget: usize) -> usize {
        let mut checked = 0;
        for i in 0..snap.external_links.len() {
            if checked >= budget {
                break;
            }
            let link = &snap.external_links[i];
            if link.status.is_some() {
                continue;
            }
            let Ok(url) = Url::parse(&link.url) else {
                continue;
            };
            if !external_document(&url) {
                continue;
            }
            checked += 1;
            let (status, error) = match self.check_address(&url).await {
                Err(e) => (0, Some(e)),
                Ok(addrs) => {
                    let host = self.gate.host(&host_key(&url));
                    let pass = self.gate.acquire(&host, addrs.first().copied()).await;
                    snap.requests += 1;
                    self.stats.requests.fetch_add(1, Ordering::Relaxed);
                    let r = self
                        .fetcher
                        .get(&url, 64 * 1024, 64 * 1024, false, None)
                        .await;
                    drop(pass);
                    match r {
                        Ok(f) => (f.status, None),
                        Err(e) => (0, Some(e.message)),
                    }
                }
            };
            snap.external_links[i].status = Some(status);
            snap.external_links[i].error = error;
        }
        checked
    }

    /// Seeds the frontier's reserve from the site's sitemaps (robots.txt's, else /sitemap.xml).
    async fn seed_sitemaps(
        &self,
        start: &Url,
        ip: Option<IpAddr>,
        robots: &Robots,
        in_scope: &(dyn Fn(&Url) -> bool + Sync),
        frontier: &mut Frontier,
        snap: &mut SiteSnapshot,
    ) {
        let mut queue: Vec<Url> = robots
            .sitemaps
            .iter()
            .filter_map(|s| start.join(s).ok())
            .filter(|u| in_scope(u))
            .take(3)
            .collect();
        if queue.is_empty()
            && let Ok(u) = start.join("/sitemap.xml")
        {
            queue.push(u);
        }
        let host = self.gate.host(&host_key(start));
        let mut files = 0;
        let limit = self.opts.max_pages * 2;
        let mut added = 0;
        while let Some(u) = queue.pop() {
            if files >= 5 || !robots.allowed(&u) {
                continue;
            }
            files += 1;
            let a = self.fetch(&host, ip, &u, false, None).await;
            snap.requests += a.requests;
            let Ok(f) = a.result else { continue };
            if f.status >= 400 {
                continue;
            }
            let map = sitemap::parse(&f.body);
            for child in map
                .children
                .iter()
                .filter_map(|c| start.join(c).ok())
                .filter(|c| in_scope(c))
                .take(5)
            {
                queue.push(child);
            }
            for page in map.urls.iter().filter_map(|p| start.join(p).ok()) {
                if added >= limit {
                    break;
                }
                if in_scope(&page) && frontier.push_reserve(page, "(sitemap.xml)") {
                    added += 1;
                }
            }
        }
    }
}
