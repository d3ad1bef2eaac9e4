//! Shards: cutting a registry into parts for several machines, and merging their results.

use super::RunState;
use crate::results::RunResults;
use crate::units::Unit;

/// The units of shard `k` of `n` (1-based). Units are grouped by the key `group` gives (the
/// server they live on), so sites sharing a server are crawled by one machine and its
/// politeness limits stay in one place; every unit lands in exactly one shard.
pub fn shard_units(units: &[Unit], k: u32, n: u32, group: &dyn Fn(&Unit) -> String) -> Vec<Unit> {
    units
        .iter()
        .filter(|u| (crate::crawl::fnv1a(group(u).as_bytes()) % n as u64) as u32 == k - 1)
        .cloned()
        .collect()
}

/// A fingerprint of a registry's units (ids and homepages, in any order): shards cut from one
/// registry share it.
pub fn registry_fingerprint(units: &[Unit]) -> String {
    let mut rows: Vec<String> = units
        .iter()
        .map(|u| format!("{}\t{}", u.id, u.url))
        .collect();
    rows.sort();
    format!("{:016x}", crate::crawl::fnv1a(rows.join("\n").as_bytes()))
}

/// Checks that shard folders make one whole registry: the same split (N), the same registry,
/// every shard 1..N once. Returns the shards missing ("2/3"), or why they cannot be merged.
pub fn check_shard_set(states: &[Option<RunState>]) -> Result<Vec<String>, String> {
    let mut split: Option<u32> = None;
    let mut registry: Option<&str> = None;
    let mut have = std::collections::BTreeSet::new();
    for st in states.iter().flatten() {
        let Some((k, n)) = st.shard.as_deref().and_then(|s| {
            let (k, n) = s.split_once('/')?;
            Some((k.parse::<u32>().ok()?, n.parse::<u32>().ok()?))
        }) else {
            continue;
        };
        if *split.get_or_insert(n) != n {
            return Err(format!(
                "the folders come from different splits (shards of {} and of {n}); merge the shards of one split",
                split.unwrap_or(n)
            ));
        }
        if let Some(r) = st.registry.as_deref()
            && *registry.get_or_insert(r) != r
        {
            return Err(
                "the folders were scanned from different registries; merge the shards of one registry"
                    .into(),
            );
        }
        if !have.insert(k) {
            return Err(format!("shard {k}/{n} is given twice"));
        }
    }
    Ok(match split {
        Some(n) => (1..=n)
            .filter(|k| !have.contains(k))
            .map(|k| format!("{k}/{n}"))
            .collect(),
        None => Vec::new(),
    })
}

/// Combines the results of shards of one registry into one run, in registry order: every
/// unit once (a unit scanned by two shards keeps its first result), registry problems and
/// notes once each, the earliest start and the latest end.
pub fn merge_results(parts: Vec<RunResults>) -> anyhow::Result<RunResults> {
    let mut parts = parts.into_iter();
    let Some(mut run) = parts.next() else {
        anyhow::bail!("nothing to merge: give at least one shard's output folder");
    };
    let mut seen: std::collections::HashSet<String> =
        run.units.iter().map(|u| u.unit.id.clone()).collect();
    for p in parts {
        if p.checklist != run.checklist {
            anyhow::bail!(
                "cannot merge a {} run with a {} run; every shard must use the same checklist",
                p.checklist,
                run.checklist
            );
        }
        run.started_at = run.started_at.min(p.started_at);
        run.finished_at = run.finished_at.max(p.finished_at);
        for u in p.units {
            if seen.insert(u.unit.id.clone()) {
                run.units.push(u);
            }
        }
        for e in p.invalid_rows {
            if !run.invalid_rows.contains(&e) {
                run.invalid_rows.push(e);
            }
        }
        for n in p.notes {
            if !run.notes.contains(&n) {
                run.notes.push(n);
            }
        }
        run.stopped = run.stopped.or(p.stopped);
    }
    run.units.sort_by_key(|u| u.unit.line);
    run.invalid_rows.sort_by_key(|e| e.line);
    Ok(run)
}
