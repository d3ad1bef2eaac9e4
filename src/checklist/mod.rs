//! Year-versioned OIT checklists, loaded from TOML data.
//!
//! The NACC renumbers and rewords its list every fiscal year (43 items in 2567, 26 in 2568,
//! 26 renumbered in 2569) and units keep old years' pages online, so the list is data chosen
//! per run, never code. The files in `checklists/` are embedded at build time; a user's edited
//! copy is loaded with `--checklist FILE`.

mod score;
mod validate;

pub use score::{GroupScore, ScoreEstimate};
pub use validate::{Problem, parse_checklist};

use crate::locale::Msg;
use crate::thai::FiscalYear;
use crate::units::{Family, UnitType};
use include_dir::{Dir, include_dir};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/checklists");

/// When the evidence must be dated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum YearScope {
    /// For the checked fiscal year (plans, news, declarations).
    Current,
    /// A report of the fiscal year before the checked one.
    Previous,
    /// A multi-year plan whose range covers the checked year.
    MultiYear,
    /// The current state; no year needed (structure, contacts, manuals).
    Timeless,
}

impl YearScope {
    /// Thai wording for reports.
    pub fn name_th(self) -> &'static str {
        crate::locale::label(crate::locale::Lang::Th, self.key())
    }

    /// English wording for reports.
    pub fn name_en(self) -> &'static str {
        crate::locale::label(crate::locale::Lang::En, self.key())
    }

    /// The catalogue key of its wording (`scope-*`).
    fn key(self) -> &'static str {
        match self {
            YearScope::Current => "scope-current",
            YearScope::Previous => "scope-previous",
            YearScope::MultiYear => "scope-multi-year",
            YearScope::Timeless => "scope-timeless",
        }
    }

    /// Whether evidence dated in fiscal year(s) `years` satisfies this scope when checking `fy`.
    pub fn accepts(self, fy: FiscalYear, years: std::ops::RangeInclusive<i32>) -> bool {
        match self {
            YearScope::Current => years.contains(&fy.0),
            YearScope::Previous => years.contains(&fy.previous().0),
            YearScope::MultiYear => years.contains(&fy.0),
            YearScope::Timeless => true,
        }
    }
}

/// How sure the reference is about an item or group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Seen in several independent sources.
    High,
    /// Seen once, or inferred from a close analogue.
    Medium,
    /// Inferred; treat results for this item with care.
    Low,
}

/// Which units an item (or component) applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppliesTo {
    /// Every unit.
    All,
    /// Local governments (อปท.) only.
    Local,
    /// One unit type.
    Only(UnitType),
}

impl AppliesTo {
    /// Whether a unit of this type is covered.
    pub fn covers(self, t: UnitType) -> bool {
        match self {
            AppliesTo::All => true,
            AppliesTo::Local => t.is_local(),
            AppliesTo::Only(o) => o == t,
        }
    }

    fn slug(self) -> &'static str {
        match self {
            AppliesTo::All => "all",
            AppliesTo::Local => "local",
            AppliesTo::Only(t) => t.slug(),
        }
    }
}

impl Serialize for AppliesTo {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.slug())
    }
}

impl<'de> Deserialize<'de> for AppliesTo {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.as_str() {
            "all" => Ok(AppliesTo::All),
            "local" => Ok(AppliesTo::Local),
            other => UnitType::ALL
                .iter()
                .find(|t| t.slug() == other)
                .map(|t| AppliesTo::Only(*t))
                .ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "unknown applies_to \"{other}\"; use all, local, or one of {}",
                        UnitType::ALL.map(|t| t.slug()).join(", ")
                    ))
                }),
        }
    }
}

fn all_units() -> Vec<AppliesTo> {
    vec![AppliesTo::All]
}

/// How a score is estimated from item verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScoringMethod {
    /// Item pass/fail → group % → indicator = mean of its groups → OIT % = mean of indicators.
    GroupMean,
}

/// The scoring rule of a checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// The formula.
    pub method: ScoringMethod,
    /// OIT points in the overall ITA score (40 in 2564–2567).
    pub oit_weight: f64,
    /// Pass mark compared with the estimated OIT percentage.
    pub pass_mark: f64,
    /// Printed next to every estimate, in Thai.
    pub caveat_th: String,
    /// Printed next to every estimate, in English.
    pub caveat_en: String,
}

/// A sub-indicator (ตัวชี้วัดย่อย) grouping items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// "9.1" … "10.2".
    pub id: String,
    /// "9" or "10".
    pub indicator: String,
    /// Thai name.
    pub name_th: String,
    /// English name.
    pub name_en: String,
    /// How sure the reference is about this grouping.
    pub confidence: Confidence,
}

/// A part of an item an assessor looks for (the address on a contact page, for example).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// Short machine id, unique within the item.
    pub id: String,
    /// Thai name.
    pub name_th: String,
    /// English name.
    pub name_en: String,
    /// Thai keywords that show the component.
    #[serde(default)]
    pub keywords_th: Vec<String>,
    /// English keywords that show the component.
    #[serde(default)]
    pub keywords_en: Vec<String>,
    /// Which units it applies to.
    #[serde(default = "all_units")]
    pub applies_to: Vec<AppliesTo>,
}

/// One checklist item (an O-code).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Canonical code, "O1".
    pub code: String,
    /// The group id it counts in.
    pub group: String,
    /// Thai name, as assessors write it.
    pub name_th: String,
    /// English name.
    pub name_en: String,
    /// When the evidence must be dated.
    pub year_scope: YearScope,
    /// How sure the reference is about this item.
    pub confidence: Confidence,
    /// Which units it applies to.
    #[serde(default = "all_units")]
    pub applies_to: Vec<AppliesTo>,
    /// Thai phrases seen in link texts, headings and file names.
    #[serde(default)]
    pub keywords_th: Vec<String>,
    /// English phrases.
    #[serde(default)]
    pub keywords_en: Vec<String>,
    /// Phrases that mark a generic false hit.
    #[serde(default)]
    pub exclude_keywords: Vec<String>,
    /// Lower-case substrings of evidence URLs.
    #[serde(default)]
    pub url_hints: Vec<String>,
    /// How to fix a gap, in Thai.
    pub hint_th: String,
    /// How to fix a gap, in English.
    pub hint_en: String,
    /// Why the confidence mark, source disagreements.
    #[serde(default)]
    pub notes: String,
    /// The same item in other years: year → codes.
    #[serde(default)]
    pub equivalent: BTreeMap<String, Vec<String>>,
    /// Parts an assessor looks for.
    #[serde(default)]
    pub components: Vec<Component>,
    /// Words naming pages that may hold the item under another name ("บุคลากร" for the
    /// executives, "ข้อมูลพื้นฐาน" for the contact details): such a page is evidence only when
    /// it shows at least `related_min_components` of the item's components.
    #[serde(default)]
    pub related_th: Vec<String>,
    /// How many components a page named by `related_th` must show (0: related pages are not
    /// used).
    #[serde(default)]
    pub related_min_components: usize,
    /// When non-zero, the site's own template (the footer of every page) is evidence if the
    /// homepage shows at least this many of the item's components: contact details are often
    /// only there.
    #[serde(default)]
    pub site_wide_min_components: usize,
}

impl Item {
    /// Whether the item applies to a unit of this type.
    pub fn applies(&self, t: UnitType) -> bool {
        self.applies_to.iter().any(|a| a.covers(t))
    }
}

/// One year's list for one family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checklist {
    /// Format version of the file.
    pub schema_version: u32,
    /// Which family's list this is.
    pub family: Family,
    /// Fiscal year (BE).
    pub year: i32,
    /// Thai title.
    pub title_th: String,
    /// English title.
    pub title_en: String,
    /// Caveats about the whole list.
    #[serde(default)]
    pub notes: String,
    /// Scoring rule.
    pub scoring: Scoring,
    /// Sub-indicators.
    pub groups: Vec<Group>,
    /// Items in file order.
    pub items: Vec<Item>,
    /// Where it was loaded from ("builtin:nacc-2568.toml" or a path).
    #[serde(default)]
    pub source: String,
}

/// A checklist could not be found or loaded.
#[derive(Debug, thiserror::Error)]
pub enum ChecklistError {
    /// No shipped checklist for the asked year.
    #[error(
        "no {family} checklist for fiscal year {year}; shipped years: {available}. Use --year with one of those, or --checklist FILE"
    )]
    NoSuchYear {
        /// Family asked for.
        family: Family,
        /// Year asked for.
        year: i32,
        /// Years shipped, comma-separated.
        available: String,
    },
    /// The file could not be read.
    #[error("cannot read checklist {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file has problems.
    #[error("checklist {path} has {} problem(s):\n{}", problems.len(), problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// The file.
        path: String,
        /// Every problem found.
        problems: Vec<Problem>,
    },
}

/// A shipped checklist file.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    /// File name, "nacc-2568.toml".
    pub file: &'static str,
    /// Family.
    pub family: Family,
    /// Fiscal year.
    pub year: i32,
    /// The TOML text.
    pub text: &'static str,
}

/// Every checklist shipped with this build, by family then year.
pub fn builtins() -> Vec<Builtin> {
    let mut out: Vec<Builtin> = BUILTIN
        .files()
        .filter_map(|f| {
            let file = f.path().file_name()?.to_str()?;
            let stem = file.strip_suffix(".toml")?;
            let (family, year) = stem.rsplit_once('-')?;
            Some(Builtin {
                file,
                family: Family::parse(family)?,
                year: year.parse().ok()?,
                text: f.contents_utf8()?,
            })
        })
        .collect();
    out.sort_by_key(|b| (b.family.slug(), b.year));
    out
}

impl Checklist {
    /// Loads a shipped checklist.
    pub fn builtin(family: Family, year: i32) -> Result<Checklist, ChecklistError> {
        let all = builtins();
        let Some(b) = all.iter().find(|b| b.family == family && b.year == year) else {
            let available: Vec<String> = all
                .iter()
                .filter(|b| b.family == family)
                .map(|b| b.year.to_string())
                .collect();
            return Err(ChecklistError::NoSuchYear {
                family,
                year,
                available: available.join(", "),
            });
        };
        let source = format!("builtin:{}", b.file);
        parse_checklist(b.text, &source).map_err(|problems| ChecklistError::Invalid {
            path: source,
            problems,
        })
    }

    /// Loads a checklist file a user edited.
    pub fn from_file(path: &Path) -> Result<Checklist, ChecklistError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ChecklistError::Io {
            path: name.clone(),
            source,
        })?;
        parse_checklist(&text, &name).map_err(|problems| ChecklistError::Invalid {
            path: name,
            problems,
        })
    }

    /// Picks the checklist year for a run: the asked year, else the fiscal year of `today`, or
    /// when none is shipped for that year yet, the newest shipped one. Returns the year and a
    /// remark to show when it fell back.
    pub fn resolve_year(
        family: Family,
        asked: Option<i32>,
        today: FiscalYear,
    ) -> Result<(i32, Option<Msg>), ChecklistError> {
        if let Some(y) = asked {
            return Ok((y, None));
        }
        let years: Vec<i32> = builtins()
            .iter()
            .filter(|b| b.family == family)
            .map(|b| b.year)
            .collect();
        if years.contains(&today.0) {
            return Ok((today.0, None));
        }
        let newest = *years.iter().max().ok_or(ChecklistError::NoSuchYear {
            family,
            year: today.0,
            available: String::new(),
        })?;
        Ok((
            newest,
            Some(
                Msg::new("checklist-year-fallback")
                    .arg("family", family)
                    .num("year", today.0)
                    .num("newest", newest),
            ),
        ))
    }

    /// The item with this code.
    pub fn item(&self, code: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.code == code)
    }

    /// The group with this id.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The list's id as runs record it ("nacc-2568").
    pub fn id(&self) -> String {
        format!("{}-{}", self.family, self.year)
    }

    /// The fiscal year this list checks.
    pub fn fiscal_year(&self) -> FiscalYear {
        FiscalYear(self.year)
    }
}

impl fmt::Display for Checklist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({} items)",
            self.family,
            self.year,
            self.items.len()
        )
    }
}

impl Checklist {
    /// A plain-text table of the items, for `oitscan checklist show`.
    pub fn describe(&self) -> String {
        let mut s = format!(
            "{} — {}\n{}\nsource: {}\n\n",
            self.title_th,
            self.title_en,
            self.notes.trim(),
            self.source
        );
        for g in &self.groups {
            s.push_str(&format!("{} {} ({:?})\n", g.id, g.name_th, g.confidence));
            for i in self.items.iter().filter(|i| i.group == g.id) {
                s.push_str(&format!(
                    "  {:<4} {:<10} {:<7} {}\n",
                    i.code,
                    format!("{:?}", i.year_scope),
                    format!("{:?}", i.confidence),
                    i.name_th
                ));
            }
        }
        s
    }
}

impl Item {
    /// Everything about one item, for `oitscan checklist show --item`.
    pub fn describe(&self) -> String {
        let mut s = format!(
            "{} {}\n{}\ngroup {}, year scope: {} ({:?}), confidence {:?}, applies to: {}\n",
            self.code,
            self.name_th,
            self.name_en,
            self.group,
            self.year_scope.name_th(),
            self.year_scope,
            self.confidence,
            self.applies_to
                .iter()
                .map(|a| a.slug())
                .collect::<Vec<_>>()
                .join(", ")
        );
        s.push_str(&format!(
            "keywords (th): {}\n",
            self.keywords_th.join(" | ")
        ));
        s.push_str(&format!(
            "keywords (en): {}\n",
            self.keywords_en.join(" | ")
        ));
        if !self.exclude_keywords.is_empty() {
            s.push_str(&format!("exclude: {}\n", self.exclude_keywords.join(" | ")));
        }
        s.push_str(&format!("url hints: {}\n", self.url_hints.join(" ")));
        for c in &self.components {
            s.push_str(&format!(
                "component {}: {} / {} [{}]\n",
                c.id,
                c.name_th,
                c.name_en,
                c.keywords_th.join(" | ")
            ));
        }
        s.push_str(&format!(
            "how to fix: {}\n            {}\n",
            self.hint_th, self.hint_en
        ));
        if !self.notes.is_empty() {
            s.push_str(&format!("notes: {}\n", self.notes));
        }
        for (y, codes) in &self.equivalent {
            s.push_str(&format!("same item in {y}: {}\n", codes.join(", ")));
        }
        s
    }
}
