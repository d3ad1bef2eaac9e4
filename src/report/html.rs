//! HTML reports: a printable gap report per unit and the province roll-up (`index.html`).
//!
//! Templates live in `templates/` as files, so their wording can change without touching code;
//! they are embedded at build time, so a report folder opens from a USB stick with no network.
//! minijinja escapes every value in `.html` templates; links are built here and only for
//! http(s) URLs, so a `javascript:` or `data:` URL from a crawled site is shown as text.

use super::cells::item_name;
use super::view::{RunView, UnitView, http_url, is_gap, type_label};
use super::{Lang, safe_stem};
use crate::results::Verdict;
use crate::units::UnitType;
use minijinja::value::Serde;
use minijinja::{Environment, context};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

const UNIT_TEMPLATE: &str = include_str!("../../templates/unit.html");
const INDEX_TEMPLATE: &str = include_str!("../../templates/index.html");
const CSS: &str = include_str!("../../templates/report.css");

fn env() -> Environment<'static> {
    let mut env = Environment::new();
    env.add_template("unit.html", UNIT_TEMPLATE)
        .expect("templates/unit.html parses");
    env.add_template("index.html", INDEX_TEMPLATE)
        .expect("templates/index.html parses");
    env
}

/// The words the templates read as `t.<key>`: the whole catalogue of the language.
fn strings(lang: Lang) -> &'static BTreeMap<String, String> {
    crate::locale::words(lang).all()
}

#[derive(Serialize)]
struct EvidenceView {
    url: String,
    href: Option<String>,
    path: String,
}

#[derive(Serialize)]
struct ItemRow {
    code: String,
    name: String,
    group: String,
    verdict: &'static str,
    symbol: &'static str,
    label: &'static str,
    confidence: u32,
    evidence: Vec<EvidenceView>,
    years: String,
    reason: String,
    missing: String,
    fix: String,
    /// What changed since the last scan ("▼ หายไป").
    change: String,
}

/// The HTML gap report of one unit.
pub fn unit_html(view: &UnitView, started_at: &str) -> Result<String, minijinja::Error> {
    let r = view.result;
    let items: Vec<ItemRow> = view
        .items
        .iter()
        .filter(|i| i.verdict.is_some())
        .map(|i| ItemRow {
            code: i.item.code.clone(),
            name: i.name.to_string(),
            group: i.group.clone(),
            verdict: i.status.slug(),
            symbol: i.status.symbol(),
            label: i.label,
            confidence: i
                .verdict
                .map_or(0, |v| (v.confidence * 100.0).round() as u32),
            evidence: i
                .evidence
                .iter()
                .take(3)
                .map(|e| EvidenceView {
                    url: e.url.clone(),
                    href: e.href.clone(),
                    path: e.path.clone(),
                })
                .collect(),
            years: i.years.clone(),
            reason: i.reason.to_string(),
            missing: i.missing.clone(),
            fix: i.fix().to_string(),
            change: i.change.clone().unwrap_or_default(),
        })
        .collect();
    let hub = view.hub.as_ref().map(|h| {
        context! {
            url => h.url.clone(),
            href => h.href.clone(),
            path => h.path.clone(),
        }
    });
    let score = view.score.map(|s| {
        context! {
            percent => format!("{:.2}", s.percent),
            points => format!("{:.2}", s.points),
            weight => view.checklist.scoring.oit_weight,
            pass_mark => s.pass_mark,
            passes => s.passes,
        }
    });
    let u = &r.unit;
    env().get_template("unit.html")?.render(context! {
        t => strings(view.lang),
        css => CSS,
        version => env!("CARGO_PKG_VERSION"),
        started_at => started_at,
        stem => safe_stem(&u.id),
        checklist_title => view.title(),
        year => view.checklist.year,
        unit => context! {
            name => view.name.clone(),
            url => u.url.as_str(),
            href => http_url(u.url.as_str()).map(|u| u.to_string()),
            type_label => view.type_label,
            district => u.district.clone(),
            province => u.province.clone(),
        },
        outcome => view.outcome.clone(),
        requests => r.requests,
        pages => r.pages,
        hub => hub,
        scored => view.score.is_some(),
        family_note => r.verdicts.family_note.clone(),
        score => score,
        caveat => view.caveat(),
        items => Serde(&items),
        since => view.since.clone(),
        since_when => r.since.as_ref().map(|d| d.since.clone()),
        findings => view.findings.clone(),
        problems => view.problems.clone(),
    })
}

#[derive(Serialize)]
struct Cell {
    code: String,
    verdict: &'static str,
    symbol: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct UnitRow {
    name: String,
    stem: String,
    district: String,
    type_slug: &'static str,
    type_label: String,
    score: Option<String>,
    unscored: String,
    below: bool,
    found: usize,
    gaps: usize,
    needs_human: usize,
    outcome: String,
    since: String,
    cells: Vec<Cell>,
}

#[derive(Serialize)]
struct ItemCount {
    code: String,
    name: String,
    found: usize,
    gaps: usize,
    needs_human: usize,
}

#[derive(Serialize)]
struct Segment {
    x: f64,
    width: f64,
    fill: &'static str,
    label: String,
    count: usize,
}

#[derive(Serialize)]
struct Bar {
    code: String,
    y: u32,
    end: f64,
    gaps: usize,
    segments: Vec<Segment>,
}

/// The province roll-up page.
pub fn index_html(view: &RunView) -> Result<String, minijinja::Error> {
    let (run, checklist, lang) = (view.run, view.checklist, view.lang);
    let rows: Vec<UnitRow> = view
        .by_score()
        .into_iter()
        .map(|u| {
            let r = u.result;
            UnitRow {
                name: u.name.clone(),
                stem: safe_stem(&r.unit.id),
                district: r.unit.district.clone(),
                type_slug: r.unit.unit_type.slug(),
                type_label: u.type_label.to_string(),
                score: u.score.map(|s| format!("{:.1}", s.percent)),
                unscored: u
                    .other_family
                    .map_or_else(|| u.outcome.clone(), str::to_string),
                below: u.below_pass() == Some(true),
                found: u.count(Verdict::Found),
                gaps: u.gaps(),
                needs_human: u.count(Verdict::NeedsHuman),
                outcome: u.outcome.clone(),
                since: u.since.clone().unwrap_or_default(),
                cells: u
                    .items
                    .iter()
                    .map(|i| Cell {
                        code: i.item.code.clone(),
                        verdict: i.status.slug(),
                        symbol: i.status.symbol(),
                        label: i.label,
                    })
                    .collect(),
            }
        })
        .collect();
    let mut counts: Vec<ItemCount> = checklist
        .items
        .iter()
        .enumerate()
        .map(|(k, i)| {
            let of = |f: &dyn Fn(Verdict) -> bool| {
                view.units.iter().filter(|u| f(u.items[k].status)).count()
            };
            ItemCount {
                code: i.code.clone(),
                name: item_name(i, lang).to_string(),
                found: of(&|v| v == Verdict::Found),
                gaps: of(&is_gap),
                needs_human: of(&|v| v == Verdict::NeedsHuman),
            }
        })
        .collect();
    // The chart follows the checklist order; the table puts the most-missed items first.
    let scale = 480.0 / run.units.len().max(1) as f64;
    let bars: Vec<Bar> = counts
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let mut x = 60.0;
            let mut segments = Vec::new();
            for (count, fill, label) in [
                (c.found, "#d8f0d8", Verdict::Found.label(lang).to_string()),
                (c.gaps, "url(#hatch)", strings_gap(lang)),
                (
                    c.needs_human,
                    "url(#dots)",
                    Verdict::NeedsHuman.label(lang).to_string(),
                ),
            ] {
                let width = count as f64 * scale;
                segments.push(Segment {
                    x,
                    width,
                    fill,
                    label,
                    count,
                });
                x += width;
            }
            Bar {
                code: c.code.clone(),
                y: 4 + 22 * n as u32,
                end: x,
                gaps: c.gaps,
                segments,
            }
        })
        .collect();
    let chart = context! {
        width => 620,
        height => 8 + 22 * bars.len(),
        bars => Serde(&bars),
    };
    counts.sort_by_key(|c| (std::cmp::Reverse(c.gaps), std::cmp::Reverse(c.needs_human)));
    let districts: BTreeSet<&str> = run
        .units
        .iter()
        .map(|r| r.unit.district.as_str())
        .filter(|d| !d.is_empty())
        .collect();
    let types: Vec<_> = UnitType::ALL
        .iter()
        .filter(|t| run.units.iter().any(|r| r.unit.unit_type == **t))
        .map(|t| context! { slug => t.slug(), label => type_label(*t, lang) })
        .collect();
    let legend: Vec<_> = Verdict::ALL
        .iter()
        .map(|v| {
            context! { verdict => v.slug(), symbol => v.symbol(), label => v.label(lang) }
        })
        .collect();
    env().get_template("index.html")?.render(context! {
        t => strings(lang),
        css => CSS,
        version => env!("CARGO_PKG_VERSION"),
        year => run.fiscal_year,
        checklist_title => view.title(),
        checklist_id => run.checklist.clone(),
        started_at => run.started_at.clone(),
        stopped => run.stopped.clone(),
        caveat => view.caveat(),
        below_count => rows.iter().filter(|r| r.below).count(),
        units => Serde(&rows),
        items => checklist.items.iter().map(|i| context! {
            code => i.code.clone(),
            name => item_name(i, lang),
        }).collect::<Vec<_>>(),
        item_counts => Serde(&counts),
        chart => chart,
        districts => Serde(&districts),
        types => types,
        legend => legend,
        invalid_rows => view.invalid_rows.clone(),
        notes => view.notes.clone(),
    })
}

fn strings_gap(lang: Lang) -> String {
    strings(lang).get("not_found").cloned().unwrap_or_default()
}
