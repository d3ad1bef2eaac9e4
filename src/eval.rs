//! Evaluation against the fixture corpus: every fixture site with an `_expected.toml` is
//! served on 127.0.0.1, scanned with the real engine, and its verdicts compared with what a
//! careful assessor decided, giving precision and recall of "found" per item and overall.
//! A wrong-year document accepted as evidence is counted on its own: it is the error that
//! costs a unit its score.

use crate::checklist::Checklist;
use crate::crawl::CrawlOptions;
use crate::demo::{self, Site};
use crate::detect::Verdict;
use crate::results::RunResults;
use crate::scan::{self, ScanOptions};
use crate::units::{Family, Registry};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write;

/// `_expected.toml` of a fixture site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The checklist year the verdicts are for.
    pub year: i32,
    /// The family the site publishes against.
    pub family: String,
    /// Item code → expected verdict (empty for other families).
    #[serde(default)]
    pub items: BTreeMap<String, String>,
}

fn parse_verdict(s: &str) -> Option<Verdict> {
    Some(match s {
        "found" => Verdict::Found,
        "wrong-year" => Verdict::WrongYear,
        "broken-link" => Verdict::BrokenLink,
        "needs-human" => Verdict::NeedsHuman,
        "missing" => Verdict::Missing,
        "not-applicable" => Verdict::NotApplicable,
        _ => return None,
    })
}

/// True/false positives and negatives of "found".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Expected found, called found.
    pub tp: usize,
    /// Expected not found, called found.
    pub fp: usize,
    /// Expected found, not called found.
    pub fn_: usize,
    /// Expected not found, not called found.
    pub tn: usize,
    /// The exact verdict matched.
    pub exact: usize,
}

impl Counts {
    /// TP / (TP + FP); 1 when nothing was called found.
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    /// TP / (TP + FN); 1 when nothing was expected found.
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    fn total(&self) -> usize {
        self.tp + self.fp + self.fn_ + self.tn
    }
    fn add(&mut self, expected: Verdict, got: Verdict) {
        match (expected == Verdict::Found, got == Verdict::Found) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
        if expected == got {
            self.exact += 1;
        }
    }
}

/// One disagreement with the expected verdicts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Mismatch {
    /// Fixture site.
    pub site: String,
    /// Item code.
    pub code: String,
    /// Expected verdict.
    pub expected: Verdict,
    /// Verdict given.
    pub got: Verdict,
    /// The verdict's reason.
    pub reason: String,
    /// Its first evidence URL.
    pub evidence: Option<String>,
}

/// Per-site figures.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SiteFigures {
    /// Fixture site.
    pub site: String,
    /// Family expected.
    pub family_expected: String,
    /// Family detected.
    pub family_detected: String,
    /// HTTP requests the crawl needed.
    pub requests: usize,
    /// Pages fetched.
    pub pages: usize,
    /// Found-precision/recall counts.
    pub counts: Counts,
}

/// The evaluation's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvalReport {
    /// Checklist year evaluated.
    pub year: i32,
    /// Over every site and item.
    pub overall: Counts,
    /// Per item code.
    pub per_item: BTreeMap<String, Counts>,
    /// Per site.
    pub sites: Vec<SiteFigures>,
    /// Every disagreement.
    pub mismatches: Vec<Mismatch>,
    /// Items expected "wrong-year" that were called "found".
    pub wrong_year_accepted: usize,
    /// Sites whose family was not recognised.
    pub family_errors: usize,
}

impl EvalReport {
    /// A plain-text table for the terminal.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "evaluation against the fixture corpus, checklist year {}\n",
            self.year
        );
        let _ = writeln!(
            s,
            "{:<16} {:<16} {:<16} {:>8} {:>6} {:>9} {:>7}",
            "site", "family exp.", "family got", "requests", "pages", "precision", "recall"
        );
        for f in &self.sites {
            let _ = writeln!(
                s,
                "{:<16} {:<16} {:<16} {:>8} {:>6} {:>9.3} {:>7.3}",
                f.site,
                f.family_expected,
                f.family_detected,
                f.requests,
                f.pages,
                f.counts.precision(),
                f.counts.recall()
            );
        }
        let _ = writeln!(
            s,
            "\n{:<6} {:>4} {:>4} {:>4} {:>4} {:>9} {:>7} {:>6}",
            "item", "tp", "fp", "fn", "tn", "precision", "recall", "exact"
        );
        for (code, c) in &self.per_item {
            let _ = writeln!(
                s,
                "{code:<6} {:>4} {:>4} {:>4} {:>4} {:>9.3} {:>7.3} {:>3}/{}",
                c.tp,
                c.fp,
                c.fn_,
                c.tn,
                c.precision(),
                c.recall(),
                c.exact,
                c.total()
            );
        }
        let o = &self.overall;
        let _ = writeln!(
            s,
            "\noverall: precision {:.3}, recall {:.3} (tp {}, fp {}, fn {}, tn {}); exact verdict {}/{}; wrong-year accepted {}; family errors {}",
            o.precision(),
            o.recall(),
            o.tp,
            o.fp,
            o.fn_,
            o.tn,
            o.exact,
            o.total(),
            self.wrong_year_accepted,
            self.family_errors
        );
        let total_requests: usize = self.sites.iter().map(|f| f.requests).sum();
        let _ = writeln!(
            s,
            "requests per unit: {:.1} on average ({} units)",
            total_requests as f64 / self.sites.len().max(1) as f64,
            self.sites.len()
        );
        if !self.mismatches.is_empty() {
            let _ = writeln!(s, "\ndisagreements:");
            for m in &self.mismatches {
                let _ = writeln!(
                    s,
                    "  {} {}: expected {}, got {} — {} {}",
                    m.site,
                    m.code,
                    m.expected.label_en(),
                    m.got.label_en(),
                    m.reason,
                    m.evidence.as_deref().unwrap_or("")
                );
            }
        }
        s
    }
}

/// The sites of a corpus that carry an `_expected.toml`, with it parsed.
pub fn corpus(sites: Vec<Site>) -> anyhow::Result<Vec<(Site, Expected)>> {
    let mut out = Vec::new();
    for site in sites {
        let Some(bytes) = site.files.get("_expected.toml") else {
            continue;
        };
        let exp: Expected = toml::from_str(std::str::from_utf8(bytes)?)
            .map_err(|e| anyhow::anyhow!("{}/_expected.toml: {e}", site.slug))?;
        for (code, v) in &exp.items {
            if parse_verdict(v).is_none() {
                anyhow::bail!(
                    "{}/_expected.toml: {code} = \"{v}\" is not a verdict (found, wrong-year, broken-link, needs-human, missing, not-applicable)",
                    site.slug
                );
            }
        }
        out.push((site, exp));
    }
    Ok(out)
}

/// The fiscal year most of the corpus's expectations are for: the year the bundled sites
/// publish, which the demo checks by default.
pub fn corpus_year(corpus: &[(Site, Expected)]) -> Option<i32> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for (_, e) in corpus {
        *counts.entry(e.year).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(y, n)| (n, y))
        .map(|(y, _)| y)
}

/// Serves and scans the corpus and compares with the expectations. `max_pages` cuts each
/// crawl short, to check that what a short crawl did not reach is never called found.
pub async fn evaluate(
    corpus: Vec<(Site, Expected)>,
    checklist: &Checklist,
    out_dir: &std::path::Path,
    max_pages: Option<usize>,
) -> anyhow::Result<EvalReport> {
    let mut registry = Registry::default();
    let mut expectations = Vec::new();
    let mut servers = Vec::new();
    for (i, (site, exp)) in corpus.into_iter().enumerate() {
        let served = demo::serve(site).await?;
        let mut unit = served.unit(i + 2)?;
        // Every unit is registered as NACC: the evaluation checks that other families are
        // recognised from the site itself.
        unit.family = Family::Nacc;
        registry.units.push(unit);
        expectations.push(exp);
        servers.push(served);
    }
    let mut crawl = CrawlOptions::local_fixtures();
    if let Some(n) = max_pages {
        crawl.max_pages = n;
    }
    let opts = ScanOptions::new(crawl, out_dir.to_path_buf());
    let run: RunResults = scan::run(&registry, checklist, &opts).await?;
    let mut report = EvalReport {
        year: checklist.year,
        overall: Counts::default(),
        per_item: BTreeMap::new(),
        sites: Vec::new(),
        mismatches: Vec::new(),
        wrong_year_accepted: 0,
        family_errors: 0,
    };
    for (r, exp) in crate::report::full_units(&run).zip(&expectations) {
        let mut counts = Counts::default();
        let detected = r.verdicts.family.slug().to_string();
        if detected != exp.family {
            report.family_errors += 1;
        }
        if exp.year == checklist.year {
            for (code, v) in &exp.items {
                let expected = parse_verdict(v).expect("checked in corpus()");
                let got = r.verdicts.items.iter().find(|i| &i.code == code);
                let (got_v, reason, evidence) = match got {
                    Some(g) => (
                        g.verdict,
                        g.reason.clone(),
                        g.evidence.first().map(|e| e.url.clone()),
                    ),
                    None => (Verdict::NotChecked, "no verdict".to_string(), None),
                };
                counts.add(expected, got_v);
                report.overall.add(expected, got_v);
                report
                    .per_item
                    .entry(code.clone())
                    .or_default()
                    .add(expected, got_v);
                if expected == Verdict::WrongYear && got_v == Verdict::Found {
                    report.wrong_year_accepted += 1;
                }
                if expected != got_v {
                    report.mismatches.push(Mismatch {
                        site: r.unit.id.clone(),
                        code: code.clone(),
                        expected,
                        got: got_v,
                        reason,
                        evidence,
                    });
                }
            }
        }
        report.sites.push(SiteFigures {
            site: r.unit.id.clone(),
            family_expected: exp.family.clone(),
            family_detected: detected,
            requests: r.requests,
            pages: r.pages,
            counts,
        });
    }
    drop(servers);
    Ok(report)
}
