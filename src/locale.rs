//! Words people read, from one message catalogue per language: `locales/th.ftl` and
//! `locales/en.ftl`, in Project Fluent's format (the one Firefox and many Rust tools use), with
//! placeholders (`{ $count }`) and plural forms. A Thai-speaking officer corrects a wording in
//! one file without touching Rust; the catalogues are embedded at build time, so a report still
//! renders from a USB stick with no files beside the binary.
//!
//! `tests/locales.rs` fails when a key is in one catalogue and not the other, or in neither
//! the code nor the templates.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

/// The Thai catalogue, as shipped.
pub const TH_FTL: &str = include_str!("../locales/th.ftl");
/// The English catalogue, as shipped.
pub const EN_FTL: &str = include_str!("../locales/en.ftl");

/// Report language.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Lang {
    /// Thai (default).
    #[default]
    Th,
    /// English.
    En,
}

/// One language's catalogue.
pub struct Words {
    bundle: FluentBundle<FluentResource>,
    /// Every message without arguments, formatted once at load: the templates read all of
    /// them for each unit's report.
    all: BTreeMap<String, String>,
}

impl Words {
    fn load(lang: &str, source: &str) -> Words {
        let resource = FluentResource::try_new(source.to_string())
            .unwrap_or_else(|(_, errors)| panic!("locales/{lang}.ftl: {errors:?}"));
        let id: unic_langid::LanguageIdentifier = lang.parse().expect("a language tag");
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Reports are plain text and HTML: no Unicode isolation marks around placeables.
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("locales/{lang}.ftl: {errors:?}"));
        let mut words = Words {
            bundle,
            all: BTreeMap::new(),
        };
        words.all = keys(source)
            .into_iter()
            .map(|k| {
                let v = words.get(&k);
                (k, v)
            })
            .collect();
        words
    }

    /// A message without placeholders. A key missing from the catalogue shows as itself, so
    /// a wording slip never stops a report (the locale test keeps it from shipping).
    pub fn get(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// A message with its placeholders filled: `args` are (name, value) pairs, numbers as
    /// numbers so plural forms choose right.
    pub fn fmt<'a>(&self, key: &str, args: &[(&'a str, FluentValue<'a>)]) -> String {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set(*k, v.clone());
        }
        self.format(key, Some(&a))
    }

    fn format(&self, key: &str, args: Option<&FluentArgs>) -> String {
        let Some(pattern) = self.bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_string();
        };
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// Every message, formatted without arguments, by key: what the HTML templates read as
    /// `t.<key>`.
    pub fn all(&self) -> &BTreeMap<String, String> {
        &self.all
    }
}

/// The message keys a catalogue defines, in file order.
pub fn keys(source: &str) -> Vec<String> {
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// The catalogue of a language.
pub fn words(lang: Lang) -> &'static Words {
    static ALL: OnceLock<[Words; 2]> = OnceLock::new();
    let all = ALL.get_or_init(|| [Words::load("th", TH_FTL), Words::load("en", EN_FTL)]);
    match lang {
        Lang::Th => &all[0],
        Lang::En => &all[1],
    }
}

/// Shorthand for [`Words::get`] in a language.
pub fn t(lang: Lang, key: &str) -> String {
    words(lang).get(key)
}

/// A message read once and kept for the life of the process, for the names the code holds
/// as `&'static str` (unit types, checklist families, year scopes). Keys are literals in the
/// code, so what is kept is bounded.
pub fn label(lang: Lang, key: &'static str) -> &'static str {
    type Kept = Mutex<HashMap<(Lang, &'static str), &'static str>>;
    static KEPT: OnceLock<Kept> = OnceLock::new();
    let mut kept = KEPT
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    kept.entry((lang, key))
        .or_insert_with(|| Box::leak(t(lang, key).into_boxed_str()))
}

/// Words for people whose language is chosen when they are shown: a catalogue key and its
/// arguments. Registry warnings, row problems and run notes are made where no language is
/// known (reading a registry, opening the history) and shown later in the report language —
/// or in English on the terminal — and results keep the key, so re-rendering a run in the
/// other language rewords them too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Msg {
    /// A catalogue message.
    Catalogue {
        /// Its key in `locales/*.ftl`.
        key: String,
        /// Its placeholders' values, by name.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        args: BTreeMap<String, MsgArg>,
    },
    /// Text kept as it was written (results saved before messages were catalogued).
    Text(String),
}

/// A placeholder's value: numbers stay numbers, so plural forms choose right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum MsgArg {
    /// A count or amount.
    Num(f64),
    /// A name, a file, a detail.
    Text(String),
}

impl Msg {
    /// The message `key`, its placeholders to be filled with [`Msg::arg`] and [`Msg::num`].
    pub fn new(key: &str) -> Msg {
        Msg::Catalogue {
            key: key.to_string(),
            args: BTreeMap::new(),
        }
    }

    /// Fills placeholder `name` with text.
    pub fn arg(self, name: &str, value: impl std::fmt::Display) -> Msg {
        self.with(name, MsgArg::Text(value.to_string()))
    }

    /// Fills placeholder `name` with a number.
    pub fn num(self, name: &str, value: impl Into<f64>) -> Msg {
        self.with(name, MsgArg::Num(value.into()))
    }

    fn with(mut self, name: &str, value: MsgArg) -> Msg {
        if let Msg::Catalogue { args, .. } = &mut self {
            args.insert(name.to_string(), value);
        }
        self
    }

    /// The message worded in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Msg::Text(t) => t.clone(),
            Msg::Catalogue { key, args } => {
                let args: Vec<(&str, FluentValue)> = args
                    .iter()
                    .map(|(k, v)| {
                        let v = match v {
                            MsgArg::Num(n) => FluentValue::from(*n),
                            MsgArg::Text(t) => FluentValue::from(t.as_str()),
                        };
                        (k.as_str(), v)
                    })
                    .collect();
                words(lang).fmt(key, &args)
            }
        }
    }
}

/// In English: the terminal's language and the one errors are written in.
impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// A number as a Fluent argument.
pub fn num(n: impl Into<f64>) -> FluentValue<'static> {
    FluentValue::from(n.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_format_with_placeholders_and_plurals() {
        let th = words(Lang::Th);
        assert_eq!(th.get("no-such-key"), "no-such-key");
        assert_eq!(th.get("homepage"), "หน้าแรก");
        assert!(!keys(TH_FTL).is_empty());
    }

    #[test]
    fn messages_keep_their_key_and_read_old_text() {
        let m = Msg::new("policy-gaps")
            .num("count", 2)
            .arg("codes", "O1, O2");
        let json = serde_json::to_string(&m).unwrap();
        let back: Msg = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
        assert_ne!(m.text(Lang::Th), m.text(Lang::En));
        assert!(m.text(Lang::En).contains("O1, O2"));
        let old: Msg = serde_json::from_str("\"no url\"").unwrap();
        assert_eq!(old.text(Lang::Th), "no url");
    }
}
