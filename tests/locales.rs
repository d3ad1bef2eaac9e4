//! The message catalogues (`locales/*.ftl`): every key in both languages, every key used, and
//! every placeholder a Thai message uses also in its English twin (and back).

use oitscan::locale::{EN_FTL, TH_FTL, keys};
use std::collections::BTreeSet;
use std::path::Path;

fn sources(dir: &Path, exts: &[&str], out: &mut String) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, exts, out);
        } else if p.extension().is_some_and(|x| exts.iter().any(|e| x == *e)) {
            out.push_str(&std::fs::read_to_string(&p).unwrap());
            out.push('\n');
        }
    }
}

#[test]
fn both_catalogues_hold_the_same_keys() {
    let th: BTreeSet<String> = keys(TH_FTL).into_iter().collect();
    let en: BTreeSet<String> = keys(EN_FTL).into_iter().collect();
    let only_th: Vec<_> = th.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&th).collect();
    assert!(
        only_th.is_empty() && only_en.is_empty(),
        "only in th.ftl: {only_th:?}; only in en.ftl: {only_en:?}"
    );
    assert_eq!(
        keys(TH_FTL).len(),
        th.len(),
        "a key defined twice in th.ftl"
    );
    assert_eq!(
        keys(EN_FTL).len(),
        en.len(),
        "a key defined twice in en.ftl"
    );
}

#[test]
fn every_key_is_used() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut code = String::new();
    sources(&root.join("src"), &["rs"], &mut code);
    let mut templates = String::new();
    sources(&root.join("templates"), &["html", "md"], &mut templates);
    let unused: Vec<String> = keys(TH_FTL)
        .into_iter()
        .filter(|k| !code.contains(&format!("\"{k}\"")) && !templates.contains(&format!("t.{k}")))
        .collect();
    assert!(
        unused.is_empty(),
        "keys no code or template uses: {unused:?}"
    );
}

/// Messages whose languages need different placeholders, and why.
const LANGUAGE_SPECIFIC: &[(&str, &str)] = &[(
    "reason-no-year-readable",
    "Thai names the year scope (ของปีงบประมาณ…) where English says only the year",
)];

#[test]
fn placeholders_match_across_languages() {
    let vars = |src: &str, key: &str| -> BTreeSet<String> {
        let start = src
            .lines()
            .position(|l| l.starts_with(&format!("{key} =")))
            .unwrap();
        let mut text = String::new();
        for (i, l) in src.lines().enumerate().skip(start) {
            if i > start && !l.starts_with(' ') {
                break;
            }
            text.push_str(l);
        }
        text.split('$')
            .skip(1)
            .map(|s| {
                s.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                    .collect()
            })
            .collect()
    };
    for k in keys(TH_FTL) {
        if LANGUAGE_SPECIFIC.iter().any(|(key, _)| *key == k) {
            continue;
        }
        assert_eq!(vars(TH_FTL, &k), vars(EN_FTL, &k), "placeholders of {k}");
    }
}
