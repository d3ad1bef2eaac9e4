//! HTML reports: a printable gap report per unit and the province roll-up (`index.html`).
//!
//! Templates live in `templates/` as files, so their wording can change without touching code;
//! they are embedded at build time, so a report folder opens from a USB stick with no network.
//! minijinja escapes every value in `.html` templates; links are built here and only for
//! http(s) URLs, so a `javascript:` or `data:` URL from a crawled site is shown as text.

use super::{Lang, RunResults, UnitResult, by_score, outcome_text, safe_stem, unit_name};
use crate::checklist::Checklist;
use crate::detect::Verdict;
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

/// The URL as a link target, only when it is http(s) and well-formed.
pub(super) fn href(u: &str) -> Option<String> {
    let parsed = url::Url::parse(u).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

fn type_label(t: UnitType, lang: Lang) -> String {
    if lang == Lang::Th {
        t.name_th().to_string()
    } else {
        t.slug().to_string()
    }
}

/// A click path as people write it in ITAS: "หน้าแรก → ITA 2568 → O12".
pub(super) fn path_text(path: &[String], lang: Lang) -> String {
    let home = crate::locale::t(lang, "html-home");
    std::iter::once(home.as_str())
        .chain(path.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" → ")
}

#[derive(Serialize)]
struct EvidenceView {
    url: String,
    href: Option<String>,
    path: String,
}

#[derive(Serialize)]
struct ItemView {
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
pub fn unit_html(
    r: &UnitResult,
    checklist: &Checklist,
    lang: Lang,
    started_at: &str,
) -> Result<String, minijinja::Error> {
    let th = lang == Lang::Th;
    let items: Vec<ItemView> = r
        .verdicts
        .items
        .iter()
        .map(|v| {
            let item = checklist.item(&v.code);
            let (name, fix) = match item {
                Some(i) if th => (i.name_th.clone(), i.hint_th.clone()),
                Some(i) => (i.name_en.clone(), i.hint_en.clone()),
                None => (String::new(), String::new()),
            };
            let group = item
                .and_then(|i| checklist.groups.iter().find(|g| g.id == i.group))
                .map(|g| format!("{} {}", g.id, if th { &g.name_th } else { &g.name_en }))
                .unwrap_or_default();
            ItemView {
                code: v.code.clone(),
                name,
                group,
                verdict: v.verdict.slug(),
                symbol: v.verdict.symbol(),
                label: v.verdict.label(lang),
                confidence: (v.confidence * 100.0).round() as u32,
                evidence: v
                    .evidence
                    .iter()
                    .take(3)
                    .map(|e| EvidenceView {
                        url: e.url.clone(),
                        href: href(&e.url),
                        path: path_text(&e.click_path, lang),
                    })
                    .collect(),
                years: v
                    .evidence
                    .first()
                    .map(|e| e.years.join(", "))
                    .unwrap_or_default(),
                reason: v.reason_in(th).to_string(),
                missing: v.missing_components.join(", "),
                fix: if matches!(v.verdict, Verdict::Found | Verdict::NotApplicable) {
                    String::new()
                } else {
                    fix
                },
                change: r
                    .since
                    .as_ref()
                    .and_then(|d| d.items.iter().find(|i| i.code == v.code))
                    .map(|i| {
                        format!(
                            "{} {}",
                            i.change.symbol(),
                            crate::report::change_label(i.change, lang)
                        )
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    let fy = r.verdicts.fiscal_year.0;
    let hub = r
        .verdicts
        .hubs
        .iter()
        .find(|h| h.year == Some(fy))
        .or(r.verdicts.hubs.first())
        .map(|h| {
            context! {
                url => h.url.clone(),
                href => href(&h.url),
                path => path_text(&h.click_path, lang),
            }
        });
    let score = r.verdicts.score.as_ref().map(|s| {
        context! {
            percent => format!("{:.2}", s.percent),
            points => format!("{:.2}", s.points),
            weight => checklist.scoring.oit_weight,
            pass_mark => s.pass_mark,
            passes => s.passes,
        }
    });
    let u = &r.unit;
    env().get_template("unit.html")?.render(context! {
        t => strings(lang),
        css => CSS,
        version => env!("CARGO_PKG_VERSION"),
        started_at => started_at,
        stem => safe_stem(&u.id),
        checklist_title => if th { &checklist.title_th } else { &checklist.title_en },
        year => checklist.year,
        unit => context! {
            name => unit_name(r, lang),
            url => u.url.as_str(),
            href => href(u.url.as_str()),
            type_label => type_label(u.unit_type, lang),
            district => u.district.clone(),
            province => u.province.clone(),
        },
        outcome => outcome_text(&r.outcome, lang),
        requests => r.requests,
        pages => r.pages,
        hub => hub,
        scored => r.verdicts.score.is_some(),
        family_note => r.verdicts.family_note.clone(),
        score => score,
        caveat => if th { &checklist.scoring.caveat_th } else { &checklist.scoring.caveat_en },
        items => Serde(&items),
        since => r.since.as_ref().map(|d| crate::report::since_short(d, lang)),
        since_when => r.since.as_ref().map(|d| d.since.clone()),
        findings => r.findings.iter().map(|f| super::plain::explain(f, lang)).collect::<Vec<_>>(),
        problems => r.crawl_errors.iter().map(|e| super::plain::explain(e, lang)).collect::<Vec<_>>(),
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

/// Whether a verdict is a gap the unit must fix (not a judgement call, not out of scope).
pub(super) fn is_gap(v: Verdict) -> bool {
    matches!(
        v,
        Verdict::Missing | Verdict::WrongYear | Verdict::BrokenLink
    )
}

/// The province roll-up page.
pub fn index_html(
    run: &RunResults,
    checklist: &Checklist,
    lang: Lang,
) -> Result<String, minijinja::Error> {
    let th = lang == Lang::Th;
    let units = by_score(run);
    let rows: Vec<UnitRow> = units
        .iter()
        .map(|r| {
            let count = |f: &dyn Fn(Verdict) -> bool| {
                r.verdicts.items.iter().filter(|v| f(v.verdict)).count()
            };
            let unscored = if r.verdicts.family != checklist.family {
                r.verdicts.family.name(th).to_string()
            } else {
                outcome_text(&r.outcome, lang)
            };
            UnitRow {
                name: unit_name(r, lang),
                stem: safe_stem(&r.unit.id),
                district: r.unit.district.clone(),
                type_slug: r.unit.unit_type.slug(),
                type_label: type_label(r.unit.unit_type, lang),
                score: r
                    .verdicts
                    .score
                    .as_ref()
                    .map(|s| format!("{:.1}", s.percent)),
                unscored,
                below: r.verdicts.score.as_ref().is_some_and(|s| !s.passes),
                found: count(&|v| v == Verdict::Found),
                gaps: count(&is_gap),
                needs_human: count(&|v| v == Verdict::NeedsHuman),
                outcome: outcome_text(&r.outcome, lang),
                since: r
                    .since
                    .as_ref()
                    .map(|d| crate::report::since_short(d, lang))
                    .unwrap_or_default(),
                cells: checklist
                    .items
                    .iter()
                    .map(|i| {
                        let v = r
                            .verdicts
                            .items
                            .iter()
                            .find(|v| v.code == i.code)
                            .map(|v| v.verdict)
                            .unwrap_or(Verdict::NotChecked);
                        Cell {
                            code: i.code.clone(),
                            verdict: v.slug(),
                            symbol: v.symbol(),
                            label: v.label(lang),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let mut counts: Vec<ItemCount> = checklist
        .items
        .iter()
        .map(|i| {
            let of = |f: &dyn Fn(Verdict) -> bool| {
                run.units
                    .iter()
                    .flat_map(|r| r.verdicts.items.iter())
                    .filter(|v| v.code == i.code && f(v.verdict))
                    .count()
            };
            ItemCount {
                code: i.code.clone(),
                name: if th {
                    i.name_th.clone()
                } else {
                    i.name_en.clone()
                },
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
    let invalid: Vec<_> = run
        .invalid_rows
        .iter()
        .map(|e| context! { line => e.line, message => e.problems.join("; ") })
        .collect();
    env().get_template("index.html")?.render(context! {
        t => strings(lang),
        css => CSS,
        version => env!("CARGO_PKG_VERSION"),
        year => run.fiscal_year,
        checklist_title => if th { &checklist.title_th } else { &checklist.title_en },
        checklist_id => run.checklist.clone(),
        started_at => run.started_at.clone(),
        stopped => run.stopped.clone(),
        caveat => if th { &checklist.scoring.caveat_th } else { &checklist.scoring.caveat_en },
        below_count => rows.iter().filter(|r| r.below).count(),
        units => Serde(&rows),
        items => checklist.items.iter().map(|i| context! {
            code => i.code.clone(),
            name => if th { &i.name_th } else { &i.name_en },
        }).collect::<Vec<_>>(),
        item_counts => Serde(&counts),
        chart => chart,
        districts => Serde(&districts),
        types => types,
        legend => legend,
        invalid_rows => invalid,
        notes => run.notes.clone(),
    })
}

fn strings_gap(lang: Lang) -> String {
    strings(lang).get("not_found").cloned().unwrap_or_default()
}
