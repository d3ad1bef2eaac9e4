//! Reading and checking checklist files, with `file:line` for every problem, so that staff who
//! edit a copy can find their mistake.

use super::{Checklist, Group, Item, Scoring};
use crate::units::{Family, line_of};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use toml::Spanned;

/// One problem in a checklist file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The file (or "builtin:…").
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    schema_version: Spanned<u32>,
    family: Spanned<String>,
    year: Spanned<i32>,
    title_th: String,
    title_en: String,
    #[serde(default)]
    notes: String,
    scoring: Spanned<Scoring>,
    #[serde(default)]
    groups: Vec<Spanned<Group>>,
    #[serde(default)]
    items: Vec<Spanned<Item>>,
}

/// Parses and checks a checklist. On failure every problem found is returned; a syntax or
/// type error stops the reading, so only that one is reported.
pub fn parse_checklist(text: &str, file: &str) -> Result<Checklist, Vec<Problem>> {
    let problem = |offset: usize, message: String| Problem {
        file: file.to_string(),
        line: line_of(text, offset),
        message,
    };
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        vec![problem(offset, e.message().trim().to_string())]
    })?;
    let mut problems = Vec::new();

    if *raw.schema_version.get_ref() != 1 {
        problems.push(problem(
            raw.schema_version.span().start,
            format!(
                "schema_version {} is not supported by this oitscan (it reads version 1)",
                raw.schema_version.get_ref()
            ),
        ));
    }
    let family = Family::parse(raw.family.get_ref());
    if family.is_none() {
        problems.push(problem(
            raw.family.span().start,
            format!(
                "unknown family \"{}\"; use nacc, moph-moit, obec-ita-online or ovec",
                raw.family.get_ref()
            ),
        ));
    }
    let year = *raw.year.get_ref();
    if !(2500..2700).contains(&year) {
        problems.push(problem(
            raw.year.span().start,
            format!("year {year} is not a Buddhist-Era fiscal year (e.g. 2568)"),
        ));
    }
    let scoring_at = raw.scoring.span().start;
    let scoring = raw.scoring.into_inner();
    if !(0.0..=100.0).contains(&scoring.pass_mark) {
        problems.push(problem(
            scoring_at,
            format!("pass_mark {} must be between 0 and 100", scoring.pass_mark),
        ));
    }
    if scoring.oit_weight <= 0.0 || scoring.oit_weight > 100.0 {
        problems.push(problem(
            scoring_at,
            format!(
                "oit_weight {} must be above 0 and at most 100",
                scoring.oit_weight
            ),
        ));
    }

    let mut group_lines: HashMap<String, usize> = HashMap::new();
    let mut groups = Vec::new();
    for g in raw.groups {
        let at = g.span().start;
        let g = g.into_inner();
        if g.id.trim().is_empty() {
            problems.push(problem(at, "group with an empty id".into()));
        } else if let Some(first) = group_lines.get(&g.id) {
            problems.push(problem(
                at,
                format!("duplicate group id {:?} (first on line {first})", g.id),
            ));
        } else {
            group_lines.insert(g.id.clone(), line_of(text, at));
        }
        if g.indicator.trim().is_empty() {
            problems.push(problem(
                at,
                format!("group {:?} has an empty indicator", g.id),
            ));
        }
        groups.push(g);
    }
    if groups.is_empty() {
        problems.push(problem(
            0,
            "no [[groups]]: every item must belong to a group for the score estimate".into(),
        ));
    }

    let mut code_lines: HashMap<String, usize> = HashMap::new();
    let mut items = Vec::new();
    for it in raw.items {
        let at = it.span().start;
        let it = it.into_inner();
        match crate::thai::normalize_item_code(&it.code) {
            Some(c) if c == it.code => {}
            Some(c) => problems.push(problem(
                at,
                format!("item code {:?} should be written \"{c}\"", it.code),
            )),
            None => problems.push(problem(
                at,
                format!(
                    "item code {:?} is not of the form O<number> (e.g. O12)",
                    it.code
                ),
            )),
        }
        if let Some(first) = code_lines.get(&it.code) {
            problems.push(problem(
                at,
                format!("duplicate item code {} (first on line {first})", it.code),
            ));
        } else {
            code_lines.insert(it.code.clone(), line_of(text, at));
        }
        if !group_lines.contains_key(&it.group) {
            problems.push(problem(
                at,
                format!(
                    "item {} names group {:?}, which no [[groups]] entry defines",
                    it.code, it.group
                ),
            ));
        }
        if it.name_th.trim().is_empty() {
            problems.push(problem(
                at,
                format!("item {} has an empty name_th", it.code),
            ));
        }
        if it
            .keywords_th
            .iter()
            .chain(&it.keywords_en)
            .all(|k| k.trim().is_empty())
        {
            problems.push(problem(at, format!("item {} has empty keywords: give keywords_th (or keywords_en) so it can be detected", it.code)));
        }
        let blanks = it
            .keywords_th
            .iter()
            .chain(&it.keywords_en)
            .chain(&it.exclude_keywords)
            .chain(&it.url_hints);
        if blanks.clone().any(|k| k.trim().is_empty()) {
            problems.push(problem(
                at,
                format!(
                    "item {} has an empty string in a keyword or url_hints list",
                    it.code
                ),
            ));
        }
        if it.applies_to.is_empty() {
            problems.push(problem(
                at,
                format!("item {} has an empty applies_to; use [\"all\"]", it.code),
            ));
        }
        if it.hint_th.trim().is_empty() {
            problems.push(problem(
                at,
                format!(
                    "item {} has no hint_th (the how-to-fix shown to units)",
                    it.code
                ),
            ));
        }
        let mut comp_ids: Vec<&str> = Vec::new();
        for c in &it.components {
            if comp_ids.contains(&c.id.as_str()) {
                problems.push(problem(
                    at,
                    format!("item {}: duplicate component id {:?}", it.code, c.id),
                ));
            }
            comp_ids.push(&c.id);
            if c.keywords_th
                .iter()
                .chain(&c.keywords_en)
                .all(|k| k.trim().is_empty())
            {
                problems.push(problem(
                    at,
                    format!("item {}: component {:?} has empty keywords", it.code, c.id),
                ));
            }
        }
        let parts = it.components.len();
        if it.related_min_components > parts || it.site_wide_min_components > parts {
            problems.push(problem(
                at,
                format!(
                    "item {}: related_min_components / site_wide_min_components ask for more than its {parts} component(s)",
                    it.code
                ),
            ));
        }
        if (it.related_min_components == 0) != it.related_th.is_empty() {
            problems.push(problem(
                at,
                format!(
                    "item {}: related_th and related_min_components go together (a related name counts only when the page shows that many components)",
                    it.code
                ),
            ));
        }
        items.push(it);
    }
    if items.is_empty() {
        problems.push(problem(0, "no [[items]]".into()));
    }
    for g in &groups {
        if !items.iter().any(|i| i.group == g.id) {
            problems.push(Problem {
                file: file.into(),
                line: group_lines.get(&g.id).copied().unwrap_or(1),
                message: format!(
                    "group {:?} has no items; the score formula would divide by zero",
                    g.id
                ),
            });
        }
    }

    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(problems);
    }
    Ok(Checklist {
        schema_version: 1,
        family: family.unwrap_or_default(),
        year,
        title_th: raw.title_th,
        title_en: raw.title_en,
        notes: raw.notes,
        scoring,
        groups,
        items,
        source: file.to_string(),
    })
}
