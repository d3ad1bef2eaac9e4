//! Markdown reports: one per unit and a summary of the run, Thai by default.
//!
//! Like the HTML reports, the layout lives in templates (`templates/unit.md`,
//! `templates/summary.md`) and the words in the catalogues (`locales/*.ftl`), so either can
//! change without touching code. Everything from a crawled site is escaped for Markdown here,
//! before it reaches a template.

use super::view::{LinkView, RunView, UnitView};
use crate::locale::words;
use crate::results::Verdict;
use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, context};
use serde::Serialize;

const UNIT_TEMPLATE: &str = include_str!("../../templates/unit.md");
const SUMMARY_TEMPLATE: &str = include_str!("../../templates/summary.md");

/// Escapes text from a crawled site for a Markdown table cell: no pipes, no line breaks, no
/// HTML, no link syntax.
pub fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' | ']' | '`' | '*' | '_' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A URL shown as a Markdown link only when it is http(s); anything else is shown as text.
fn md_url(u: &str) -> String {
    if (u.starts_with("http://") || u.starts_with("https://")) && !u.contains([' ', '<', '>', ')'])
    {
        format!("<{u}>")
    } else {
        md_cell(u)
    }
}

fn label(v: Verdict, label: &str) -> String {
    format!("{} {label}", v.symbol())
}

/// A click path in Markdown ("หน้าแรก → ITA 2568 → O1"), escaped.
fn md_path(l: &LinkView) -> String {
    md_cell(&l.path)
}

/// The templates with Markdown's whitespace rules: a block tag on a line of its own leaves no
/// line behind, the last newline stays, and nothing is HTML-escaped (values are escaped for
/// Markdown with [`md_cell`] before they reach a template).
fn env() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters"),
    );
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.add_template("unit.md", UNIT_TEMPLATE)
        .expect("templates/unit.md parses");
    env.add_template("summary.md", SUMMARY_TEMPLATE)
        .expect("templates/summary.md parses");
    env
}

/// Renders an embedded template. Both are fixed at build time and rendered by the tests in
/// both languages, so a failure is a bug in the template, not in the data: shown, not hidden.
fn render(name: &str, ctx: minijinja::Value) -> String {
    env()
        .get_template(name)
        .and_then(|t| t.render(ctx))
        .unwrap_or_else(|e| panic!("templates/{name}: {e:#}"))
}

#[derive(Serialize)]
struct ItemRow {
    code: String,
    name: String,
    label: String,
    evidence: String,
    years: String,
    reason: String,
}

/// The Markdown gap report of one unit.
pub fn unit_markdown(view: &UnitView) -> String {
    let (r, lang) = (view.result, view.lang);
    let u = &r.unit;
    let hub = view
        .hub
        .as_ref()
        .map(|h| context! { url => md_url(&h.url), path => md_path(h) });
    let score = view.score.map(|score| {
        context! {
            percent => format!("{:.2}", score.percent),
            points => format!("{:.2}", score.points),
            weight => view.checklist.scoring.oit_weight.to_string(),
            passes => score.passes,
            pass_mark => score.pass_mark.to_string(),
        }
    });
    let items: Vec<ItemRow> = view
        .items
        .iter()
        .filter(|i| i.verdict.is_some())
        .map(|i| {
            let mut reason = md_cell(i.reason);
            if i.needs_fix {
                reason = format!("{reason}<br>{}", md_cell(i.hint));
            }
            ItemRow {
                code: i.item.code.clone(),
                name: md_cell(i.name),
                label: label(i.status, i.label),
                evidence: i
                    .first()
                    .map(|e| format!("{}<br>{}", md_url(&e.url), md_path(e)))
                    .unwrap_or_default(),
                years: i.years.clone(),
                reason,
            }
        })
        .collect();
    let md_all = |lines: &[String]| -> Vec<String> { lines.iter().map(|l| md_cell(l)).collect() };
    render(
        "unit.md",
        context! {
            t => words(lang).all(),
            name => md_cell(&u.name_th),
            id => md_cell(&u.id),
            url => md_url(u.url.as_str()),
            type_label => view.type_label,
            district => md_cell(&u.district),
            checklist_title => md_cell(view.title()),
            year => view.checklist.year,
            outcome => md_cell(&view.outcome),
            requests => r.requests,
            pages => r.pages,
            hub => hub,
            scored => view.score.is_some(),
            since => view.since.as_deref().map(md_cell),
            since_when => r.since.as_ref().map(|d| md_cell(&d.since)),
            family_note => r.verdicts.family_note.as_deref().map(md_cell),
            score => score,
            caveat => md_cell(view.caveat()),
            items => Serde(&items),
            findings => md_all(&view.findings),
            problems => md_all(&view.problems),
        },
    )
}

#[derive(Serialize)]
struct SummaryRow {
    name: String,
    district: String,
    score: String,
    found: usize,
    missing: usize,
    wrong_year: usize,
    broken: usize,
    outcome: String,
}

/// The Markdown summary of a run: one row per unit, lowest estimated score first.
pub fn summary_markdown(view: &RunView) -> String {
    let (run, lang) = (view.run, view.lang);
    let rows: Vec<SummaryRow> = view
        .by_score()
        .into_iter()
        .map(|u| {
            let score = match (u.score, u.other_family) {
                (Some(sc), _) if !sc.passes => format!("**{:.1}** ⚠", sc.percent),
                (Some(sc), _) => format!("{:.1}", sc.percent),
                (None, Some(family)) => {
                    words(lang).fmt("md-not-scored", &[("family", family.into())])
                }
                (None, None) => "–".into(),
            };
            SummaryRow {
                name: md_cell(&u.result.unit.name_th),
                district: md_cell(&u.result.unit.district),
                score,
                found: u.count(Verdict::Found),
                missing: u.count(Verdict::Missing),
                wrong_year: u.count(Verdict::WrongYear),
                broken: u.count(Verdict::BrokenLink),
                outcome: md_cell(&u.outcome),
            }
        })
        .collect();
    render(
        "summary.md",
        context! {
            t => words(lang).all(),
            fiscal_year => run.fiscal_year,
            checklist => &run.checklist,
            checklist_source => md_cell(&run.checklist_source),
            unit_count => run.units.len(),
            notes => view.notes.iter().map(|n| md_cell(n)).collect::<Vec<_>>(),
            caveat => md_cell(view.caveat()),
            rows => Serde(&rows),
            invalid_rows => view.invalid_rows.iter().map(|e| md_cell(e)).collect::<Vec<_>>(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Lang;
    use crate::results::RunResults;

    #[test]
    fn cells_cannot_break_tables_or_inject() {
        assert_eq!(
            md_cell("a|b\n<script>[x](javascript:y)"),
            "a\\|b &lt;script&gt;\\[x\\](javascript:y)"
        );
        assert_eq!(md_url("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(md_url("https://x.go.th/a"), "<https://x.go.th/a>");
    }

    /// The English summary has no snapshot: its words must all resolve (a missing key shows
    /// as itself) and its layout match the Thai one's.
    #[test]
    fn summary_words_resolve_in_both_languages() {
        let run = RunResults {
            results_version: crate::results::RESULTS_VERSION,
            oitscan_version: "0".into(),
            started_at: String::new(),
            finished_at: String::new(),
            checklist: "nacc-2568".into(),
            checklist_source: "builtin".into(),
            fiscal_year: 2568,
            units: vec![],
            invalid_rows: vec![crate::units::RowError {
                line: 4,
                id: None,
                problems: vec![crate::locale::Msg::Text("no url".into())],
            }],
            notes: vec![crate::locale::Msg::Text("a|b".into())],
            stopped: None,
            details: None,
        };
        let cl = crate::checklist::Checklist::builtin(crate::units::Family::Nacc, 2568).unwrap();
        let en = summary_markdown(&RunView::new(&run, &cl, Lang::En));
        assert!(en.starts_with(
            "# OIT scan summary, fiscal year 2568\n\n- Checklist: nacc-2568 (builtin)\n- Units: 0\n- a\\|b\n\n_"
        ));
        assert!(en.ends_with(
            "| Unit | District | Est. score | Found | Missing/wrong year/broken | Crawl |\n\
             |---|---|---|---|---|---|\n\n## Registry rows not scanned\n\n- line 4: no url\n"
        ));
        let th = summary_markdown(&RunView::new(&run, &cl, Lang::Th));
        assert!(!th.contains("md_") && !th.contains("md-"));
        assert!(th.contains("\n- บรรทัด 4: no url\n"), "{th}");
        assert_eq!(th.lines().count(), en.lines().count());
    }
}
