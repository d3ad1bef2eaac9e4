//! Verdicts: what detection concluded about each item of one unit, with its evidence. Detection
//! produces them; results, history and reports carry and read them.

use crate::checklist::ScoreEstimate;
use crate::locale::Lang;
use crate::thai::FiscalYear;
use crate::units::Family;
use serde::{Deserialize, Serialize};

/// The verdict on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Published, for the right year where one is needed.
    Found,
    /// Published, but for another fiscal year.
    WrongYear,
    /// The site links it, but the link is broken.
    BrokenLink,
    /// Something is there but a person must judge it (a scanned PDF, an unreadable file).
    NeedsHuman,
    /// Nothing found.
    Missing,
    /// The item does not apply to this unit type.
    NotApplicable,
    /// The site could not be checked, or uses another family's list.
    NotChecked,
}

impl Verdict {
    /// Every verdict, in the order reports list them.
    pub const ALL: [Verdict; 7] = [
        Verdict::Found,
        Verdict::WrongYear,
        Verdict::BrokenLink,
        Verdict::NeedsHuman,
        Verdict::Missing,
        Verdict::NotApplicable,
        Verdict::NotChecked,
    ];

    /// The catalogue key of its name.
    fn key(self) -> &'static str {
        match self {
            Verdict::Found => "verdict-found",
            Verdict::WrongYear => "verdict-wrong-year",
            Verdict::BrokenLink => "verdict-broken-link",
            Verdict::NeedsHuman => "verdict-needs-human",
            Verdict::Missing => "verdict-missing",
            Verdict::NotApplicable => "verdict-not-applicable",
            Verdict::NotChecked => "verdict-not-checked",
        }
    }

    /// Its name in a report language, from the catalogue, kept as `&'static str` so tables
    /// and templates can hold it the way they hold slugs and symbols.
    pub fn label(self, lang: Lang) -> &'static str {
        crate::locale::label(lang, self.key())
    }

    /// English label, for `eval`'s English-only tables; see [`Verdict::label`].
    pub fn label_en(self) -> &'static str {
        self.label(Lang::En)
    }

    /// The kebab-case name `results.json` writes ("wrong-year"), also a CSS class and a
    /// JUnit type.
    pub fn slug(self) -> &'static str {
        match self {
            Verdict::Found => "found",
            Verdict::WrongYear => "wrong-year",
            Verdict::BrokenLink => "broken-link",
            Verdict::NeedsHuman => "needs-human",
            Verdict::Missing => "missing",
            Verdict::NotApplicable => "not-applicable",
            Verdict::NotChecked => "not-checked",
        }
    }

    /// A symbol readable in grey print.
    pub fn symbol(self) -> &'static str {
        match self {
            Verdict::Found => "✓",
            Verdict::WrongYear => "≠",
            Verdict::BrokenLink => "!",
            // Not an emoji: the fonts on office PCs and in headless browsers often lack them.
            Verdict::NeedsHuman => "◎",
            Verdict::Missing => "✗",
            Verdict::NotApplicable => "–",
            Verdict::NotChecked => "?",
        }
    }
}

/// Where an item was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Evidence {
    /// The evidence URL (what a unit submits in ITAS).
    pub url: String,
    /// Link texts clicked from the homepage to reach it.
    pub click_path: Vec<String>,
    /// The keyword that matched.
    pub matched: String,
    /// The text it matched in.
    pub text: String,
    /// Fiscal years the evidence shows, as written ("2568", "2566–2570").
    pub years: Vec<String>,
}

/// The verdict on one item, with its evidence and reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ItemVerdict {
    /// Item code.
    pub code: String,
    /// The verdict.
    pub verdict: Verdict,
    /// 0–1: how sure detection is.
    pub confidence: f32,
    /// Why, in one line (English).
    pub reason: String,
    /// Why, in one line, in Thai (reports in Thai use it).
    #[serde(default)]
    pub reason_th: String,
    /// Evidence, best first.
    pub evidence: Vec<Evidence>,
    /// Parts an assessor looks for that the evidence page does not show.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_components: Vec<String>,
}

impl ItemVerdict {
    /// The reason in Thai or English; results written before Thai reasons existed fall back
    /// to the English one.
    pub fn reason_in(&self, thai: bool) -> &str {
        if thai && !self.reason_th.is_empty() {
            &self.reason_th
        } else {
            &self.reason
        }
    }
}

/// An ITA/OIT hub page found on the site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Hub {
    /// Its URL.
    pub url: String,
    /// The assessment year it is for, when it says.
    pub year: Option<i32>,
    /// Link texts from the homepage.
    pub click_path: Vec<String>,
}

/// Every verdict for one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnitVerdicts {
    /// Registry id.
    pub unit_id: String,
    /// Checklist family and year used.
    pub checklist: String,
    /// Fiscal year checked.
    pub fiscal_year: FiscalYear,
    /// The family the site publishes against (from the registry, or detected).
    pub family: Family,
    /// Why the family differs from the registry's, when detection changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_note: Option<String>,
    /// ITA/OIT hub pages found, the checked year's first.
    #[serde(default)]
    pub hubs: Vec<Hub>,
    /// Per item, in checklist order.
    pub items: Vec<ItemVerdict>,
    /// The estimated OIT score, when the unit was scored.
    pub score: Option<ScoreEstimate>,
}
