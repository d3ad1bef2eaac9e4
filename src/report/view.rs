//! What a report says about a unit, in one language, built once for every format.
//!
//! A unit's results hold codes, verdicts and text taken from its site; people read names,
//! verdict words, reasons, advice and click paths. [`UnitView`] resolves all of these once, in
//! the report language, and every format (HTML, Markdown, CSV, XLSX, JUnit, ITAS, the CI
//! summary) only lays them out and escapes them for its own syntax — so no two formats can
//! disagree about what a unit's report says, and the language is chosen in one place.

use super::Lang;
pub(super) use super::cells::{http_url, one_line};
use crate::checklist::{Checklist, Item, ScoreEstimate};
use crate::crawl::Outcome;
use crate::locale::{Msg, t, words};
use crate::results::{Evidence, Hub, ItemVerdict, RunResults, UnitResult, Verdict};
use crate::units::{RowError, UnitType};

/// A run as the roll-up formats show it: every unit's view, in registry order.
pub struct RunView<'a> {
    /// The run's results, for what is not words (times, counts).
    pub run: &'a RunResults,
    /// The checklist the run was scored against.
    pub checklist: &'a Checklist,
    /// The report language.
    pub lang: Lang,
    /// One view per unit, in registry order.
    pub units: Vec<UnitView<'a>>,
    /// The run's notes (checklist year fallback, registry warnings, the history), worded.
    pub notes: Vec<String>,
    /// The registry rows that could not be used, each with its line and problems, worded.
    pub invalid_rows: Vec<String>,
}

impl<'a> RunView<'a> {
    /// Builds every unit's view once; the roll-up formats all read from it.
    pub fn new(run: &'a RunResults, checklist: &'a Checklist, lang: Lang) -> RunView<'a> {
        RunView {
            run,
            checklist,
            lang,
            units: run
                .units
                .iter()
                .map(|r| UnitView::new(r, checklist, lang))
                .collect(),
            notes: run.notes.iter().map(|n| n.text(lang)).collect(),
            invalid_rows: run
                .invalid_rows
                .iter()
                .map(|e| invalid_row(e, lang))
                .collect(),
        }
    }

    /// Units lowest estimated score first (so those under the pass mark lead), then the units
    /// that were not scored (failed crawls, other families), each group in registry order.
    pub fn by_score(&self) -> Vec<&UnitView<'a>> {
        let mut units: Vec<&UnitView> = self.units.iter().collect();
        units.sort_by(|a, b| {
            let key = |u: &UnitView| u.score.map(|s| s.percent);
            match (key(a), key(b)) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
        });
        units
    }

    /// The checklist's title in the report language.
    pub fn title(&self) -> &'a str {
        title(self.checklist, self.lang)
    }

    /// What the score estimate cannot know, in the report language.
    pub fn caveat(&self) -> &'a str {
        caveat(self.checklist, self.lang)
    }
}

/// One unit as every report format shows it.
pub struct UnitView<'a> {
    /// The unit's results, for what is not words (ids, URLs, counts of requests and pages).
    pub result: &'a UnitResult,
    /// The checklist the unit was scored against.
    pub checklist: &'a Checklist,
    /// The report language.
    pub lang: Lang,
    /// The unit's name: its English one in English reports when the registry has one.
    pub name: String,
    /// Its type as people say it (Thai), or its slug in English.
    pub type_label: &'static str,
    /// How its crawl ended, explained in plain words.
    pub outcome: String,
    /// The family's name when the unit publishes another family's list (so it is not scored
    /// against this one).
    pub other_family: Option<&'static str>,
    /// Its estimated score, when scored.
    pub score: Option<&'a ScoreEstimate>,
    /// What changed since the last scan, in a few words.
    pub since: Option<String>,
    /// The unit's ITA page for the checklist's year (or the first one found).
    pub hub: Option<LinkView>,
    /// What the crawl noticed about the site, explained.
    pub findings: Vec<String>,
    /// Errors met while crawling, explained.
    pub problems: Vec<String>,
    /// One row per checklist item, in checklist order.
    pub items: Vec<ItemView<'a>>,
}

/// One checklist item of a unit.
pub struct ItemView<'a> {
    /// The checklist's item.
    pub item: &'a Item,
    /// The detector's verdict on it; `None` when detection never looked at it.
    pub verdict: Option<&'a ItemVerdict>,
    /// The verdict, `NotChecked` when there is none.
    pub status: Verdict,
    /// The item's name in the report language.
    pub name: &'a str,
    /// Its group ("9.1 …") in the report language.
    pub group: String,
    /// The verdict's word.
    pub label: &'static str,
    /// Why the detector decided so.
    pub reason: &'a str,
    /// The checklist's how-to-fix advice.
    pub hint: &'a str,
    /// Whether the reader needs that advice: the item is not done, or its page lacks parts.
    pub needs_fix: bool,
    /// Evidence URLs with their click paths, best first.
    pub evidence: Vec<LinkView>,
    /// Years the first evidence shows.
    pub years: String,
    /// Years shown by any evidence, first seen first.
    pub years_seen: String,
    /// Parts the checklist asks for that the page lacks.
    pub missing: String,
    /// What changed since the last scan ("▼ หายไป").
    pub change: Option<String>,
}

/// A URL with the way to it from the homepage.
pub struct LinkView {
    /// The URL as found (hostile: formats escape it).
    pub url: String,
    /// The URL as a link target, only when it is http(s) and has a host.
    pub href: Option<String>,
    /// The link texts clicked from the homepage, each on one line, repeats dropped.
    pub steps: Vec<String>,
    /// The evidence link's own text, on one line.
    pub text: String,
    /// "หน้าแรก → ITA → โครงสร้าง".
    pub path: String,
}

impl LinkView {
    fn new(url: &str, click_path: &[String], text: &str, lang: Lang) -> LinkView {
        let mut steps: Vec<String> = Vec::new();
        for s in click_path {
            let s = one_line(s);
            if !s.is_empty() && steps.last() != Some(&s) {
                steps.push(s);
            }
        }
        let path = path_from(&t(lang, "cell-homepage"), &steps);
        LinkView {
            url: url.to_string(),
            href: http_url(url).map(|u| u.to_string()),
            steps,
            text: one_line(text),
            path,
        }
    }

    fn of_evidence(e: &Evidence, lang: Lang) -> LinkView {
        LinkView::new(&e.url, &e.click_path, &e.text, lang)
    }

    fn of_hub(h: &Hub, lang: Lang) -> LinkView {
        LinkView::new(&h.url, &h.click_path, "", lang)
    }
}

/// `start` then the steps (already without repeats), joined as people write a click path; a
/// first step that repeats `start` is dropped.
pub(super) fn path_from(start: &str, steps: &[String]) -> String {
    let steps = match steps.first() {
        Some(s) if s == start => &steps[1..],
        _ => steps,
    };
    std::iter::once(start)
        .chain(steps.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" → ")
}

impl<'a> UnitView<'a> {
    /// Resolves everything a report says about the unit, in `lang`.
    pub fn new(r: &'a UnitResult, checklist: &'a Checklist, lang: Lang) -> UnitView<'a> {
        let th = lang == Lang::Th;
        let u = &r.unit;
        let name = match (&u.name_en, lang) {
            (Some(en), Lang::En) if !en.is_empty() => en.clone(),
            _ => u.name_th.clone(),
        };
        let fy = r.verdicts.fiscal_year.0;
        let hub = r
            .verdicts
            .hubs
            .iter()
            .find(|h| h.year == Some(fy))
            .or(r.verdicts.hubs.first())
            .map(|h| LinkView::of_hub(h, lang));
        let explain = |lines: &[String]| -> Vec<String> {
            lines
                .iter()
                .map(|l| super::plain::explain(l, lang))
                .collect()
        };
        let items = checklist
            .items
            .iter()
            .map(|item| ItemView::new(r, checklist, item, lang))
            .collect();
        UnitView {
            result: r,
            checklist,
            lang,
            name,
            type_label: type_label(u.unit_type, lang),
            outcome: outcome_text(&r.outcome, lang),
            other_family: (r.verdicts.family != checklist.family)
                .then(|| r.verdicts.family.name(th)),
            score: r.verdicts.score.as_ref(),
            since: r.since.as_ref().map(|d| super::since_short(d, lang)),
            hub,
            findings: explain(&r.findings),
            problems: explain(&r.crawl_errors),
            items,
        }
    }

    /// Whether the estimate is below the checklist's pass mark; `None` when not scored.
    pub fn below_pass(&self) -> Option<bool> {
        self.score.map(|s| !s.passes)
    }

    /// How many of the unit's items have this verdict.
    pub fn count(&self, v: Verdict) -> usize {
        self.items.iter().filter(|i| i.status == v).count()
    }

    /// How many are gaps the unit must fix (missing, wrong year, broken link).
    pub fn gaps(&self) -> usize {
        self.items.iter().filter(|i| is_gap(i.status)).count()
    }

    /// The checklist's title in the report language.
    pub fn title(&self) -> &'a str {
        title(self.checklist, self.lang)
    }

    /// What the score estimate cannot know, in the report language.
    pub fn caveat(&self) -> &'a str {
        caveat(self.checklist, self.lang)
    }
}

impl<'a> ItemView<'a> {
    fn new(r: &'a UnitResult, checklist: &'a Checklist, item: &'a Item, lang: Lang) -> Self {
        let th = lang == Lang::Th;
        let verdict = r.verdicts.items.iter().find(|v| v.code == item.code);
        let status = verdict.map_or(Verdict::NotChecked, |v| v.verdict);
        let group = checklist
            .groups
            .iter()
            .find(|g| g.id == item.group)
            .map(|g| format!("{} {}", g.id, if th { &g.name_th } else { &g.name_en }))
            .unwrap_or_default();
        let evidence: &[Evidence] = verdict.map(|v| v.evidence.as_slice()).unwrap_or_default();
        let mut years_seen: Vec<&str> = Vec::new();
        for y in evidence.iter().flat_map(|e| &e.years) {
            if !years_seen.contains(&y.as_str()) {
                years_seen.push(y);
            }
        }
        ItemView {
            item,
            verdict,
            status,
            name: if th { &item.name_th } else { &item.name_en },
            group,
            label: status.label(lang),
            reason: verdict.map_or("", |v| v.reason_in(th)),
            hint: if th { &item.hint_th } else { &item.hint_en },
            needs_fix: !matches!(status, Verdict::Found | Verdict::NotApplicable)
                || verdict.is_some_and(|v| !v.missing_components.is_empty()),
            evidence: evidence
                .iter()
                .map(|e| LinkView::of_evidence(e, lang))
                .collect(),
            years: evidence
                .first()
                .map(|e| e.years.join(", "))
                .unwrap_or_default(),
            years_seen: years_seen.join(", "),
            missing: verdict
                .map(|v| v.missing_components.join(", "))
                .unwrap_or_default(),
            change: r
                .since
                .as_ref()
                .and_then(|d| d.items.iter().find(|i| i.code == item.code))
                .map(|i| {
                    format!(
                        "{} {}",
                        i.change.symbol(),
                        super::change_label(i.change, lang)
                    )
                }),
        }
    }

    /// The first evidence, if any.
    pub fn first(&self) -> Option<&LinkView> {
        self.evidence.first()
    }

    /// The advice, when the reader needs it.
    pub fn fix(&self) -> &'a str {
        if self.needs_fix { self.hint } else { "" }
    }
}

/// Whether a verdict is a gap the unit must fix (not a judgement call, not out of scope).
pub fn is_gap(v: Verdict) -> bool {
    matches!(
        v,
        Verdict::Missing | Verdict::WrongYear | Verdict::BrokenLink
    )
}

/// How a unit's crawl ended, for people: in Thai reports the reason starts with a plain
/// sentence (see [`super::plain::explain`]), the technical detail kept after it.
pub(super) fn outcome_text(o: &Outcome, lang: Lang) -> String {
    let w = words(lang);
    match o {
        Outcome::Complete => w.get("outcome-complete"),
        Outcome::Partial { reason } => w.fmt(
            "outcome-partial",
            &[("reason", super::plain::explain(reason, lang).into())],
        ),
        Outcome::Failed { reason } => w.fmt(
            "outcome-failed",
            &[("reason", super::plain::explain(reason, lang).into())],
        ),
    }
}

/// A registry row that could not be used: its line, its id when it had one, and its problems.
fn invalid_row(e: &RowError, lang: Lang) -> String {
    let msg = match &e.id {
        Some(id) => Msg::new("registry-row-id").arg("id", id),
        None => Msg::new("registry-row"),
    };
    msg.num("line", e.line as u32)
        .arg("problems", e.problems_in(lang))
        .text(lang)
}

/// A unit type as people say it (Thai), or its slug in English.
pub(super) fn type_label(t: UnitType, lang: Lang) -> &'static str {
    match lang {
        Lang::Th => t.name_th(),
        Lang::En => t.slug(),
    }
}

fn title(c: &Checklist, lang: Lang) -> &str {
    match lang {
        Lang::Th => &c.title_th,
        Lang::En => &c.title_en,
    }
}

fn caveat(c: &Checklist, lang: Lang) -> &str {
    match lang {
        Lang::Th => &c.scoring.caveat_th,
        Lang::En => &c.scoring.caveat_en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::cells::fixtures::*;

    #[test]
    fn one_view_holds_every_word_in_the_chosen_language() {
        let (run, c) = run();
        let th = RunView::new(&run, &c, Lang::Th);
        let en = RunView::new(&run, &c, Lang::En);
        let (u1, u1_en) = (&th.units[0], &en.units[0]);
        assert_eq!(u1.name, "เทศบาลตำบลหนองบัว");
        assert_eq!(
            u1_en.name, EVIL,
            "the English name when the registry has one"
        );
        assert_eq!(u1.items.len(), c.items.len());
        assert_eq!(u1.items[0].label, "พบ");
        assert_eq!(u1_en.items[0].label, "found");
        assert_eq!(u1.items[0].name, c.items[0].name_th);
        assert_eq!(u1_en.items[0].name, c.items[0].name_en);
        // Click paths: the homepage word first, each step one line, repeats dropped; only
        // http(s) evidence becomes a link.
        let first = u1.items[0].first().unwrap();
        assert_eq!(
            first.path,
            "หน้าแรก → ITA → <script>alert(1)</script> → โครงสร้างองค์กร"
        );
        assert!(first.href.is_some());
        assert!(u1.items[1].first().unwrap().href.is_none());
        assert!(
            u1_en.items[0]
                .first()
                .unwrap()
                .path
                .starts_with("Homepage → ITA")
        );
        // Advice only where the reader has something to do.
        assert_eq!(u1.items[0].fix(), "");
        assert_eq!(u1.items[3].fix(), c.items[3].hint_th);
        assert_eq!(u1.count(Verdict::Found), 2);
        assert_eq!(u1.gaps(), c.items.len() - 2);
        // A hospital on another family's list is named as such and not scored.
        assert!(th.units[2].other_family.is_some() && th.units[2].score.is_none());
        assert!(th.units[0].other_family.is_none());
        let order: Vec<&str> = th
            .by_score()
            .iter()
            .map(|u| u.result.unit.id.as_str())
            .collect();
        assert_eq!(order, ["u1", "u4", "u2", "u3"]);
    }
}
