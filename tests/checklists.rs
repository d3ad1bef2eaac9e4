//! The shipped checklists, the validator's messages, and the score formula.

use oitscan::checklist::{self, Checklist, YearScope};
use oitscan::thai::FiscalYear;
use oitscan::units::{Family, UnitType};

#[test]
fn every_shipped_checklist_validates_with_the_expected_size() {
    let builtins = checklist::builtins();
    let years: Vec<i32> = builtins.iter().map(|b| b.year).collect();
    assert_eq!(years, vec![2567, 2568, 2569]);
    for (year, n) in [(2567, 43), (2568, 26), (2569, 26)] {
        let cl = Checklist::builtin(Family::Nacc, year).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cl.items.len(), n, "{year}");
        let codes: Vec<String> = (1..=n).map(|i| format!("O{i}")).collect();
        assert_eq!(
            cl.items.iter().map(|i| i.code.clone()).collect::<Vec<_>>(),
            codes,
            "{year}: codes O1..O{n} in order"
        );
        for item in &cl.items {
            assert!(
                !item.keywords_th.is_empty(),
                "{year} {} has Thai keywords",
                item.code
            );
            assert!(
                !item.hint_th.is_empty() && !item.hint_en.is_empty(),
                "{year} {}",
                item.code
            );
            assert!(cl.group(&item.group).is_some());
        }
        let indicators: std::collections::BTreeSet<&str> =
            cl.groups.iter().map(|g| g.indicator.as_str()).collect();
        assert_eq!(indicators.into_iter().collect::<Vec<_>>(), vec!["10", "9"]);
    }
}

#[test]
fn reference_year_scopes_hold() {
    let cl = Checklist::builtin(Family::Nacc, 2568).unwrap();
    let scope = |c: &str| cl.item(c).unwrap().year_scope;
    assert_eq!(scope("O1"), YearScope::Timeless);
    assert_eq!(scope("O4"), YearScope::Current);
    assert_eq!(scope("O5"), YearScope::MultiYear);
    assert_eq!(scope("O13"), YearScope::Previous);
    assert_eq!(cl.item("O1").unwrap().name_th, "โครงสร้างและอำนาจหน้าที่");
    let cl69 = Checklist::builtin(Family::Nacc, 2569).unwrap();
    assert!(
        cl69.item("O25")
            .unwrap()
            .name_th
            .contains("การนำผลการประเมิน ITA")
    );
}

#[test]
fn year_choice_falls_back_to_the_newest_shipped() {
    let (y, note) = Checklist::resolve_year(Family::Nacc, None, FiscalYear(2570)).unwrap();
    assert_eq!(y, 2569);
    assert!(note.unwrap().to_string().contains("2570"));
    assert_eq!(
        Checklist::resolve_year(Family::Nacc, None, FiscalYear(2568)).unwrap(),
        (2568, None)
    );
    assert_eq!(
        Checklist::resolve_year(Family::Nacc, Some(2567), FiscalYear(2570)).unwrap(),
        (2567, None)
    );
    let err = Checklist::builtin(Family::Nacc, 2500)
        .unwrap_err()
        .to_string();
    assert!(err.contains("2567, 2568, 2569"), "{err}");
}

const MINI: &str = r#"
schema_version = 1
family = "nacc"
year = 2564
title_th = "ทดสอบ"
title_en = "test"

[scoring]
method = "group-mean"
oit_weight = 40.0
pass_mark = 85.0
caveat_th = "ประมาณการ"
caveat_en = "estimate"

[[groups]]
id = "9.1"
indicator = "9"
name_th = "ก"
name_en = "a"
confidence = "high"

[[groups]]
id = "9.2"
indicator = "9"
name_th = "ข"
name_en = "b"
confidence = "high"

[[groups]]
id = "10.1"
indicator = "10"
name_th = "ค"
name_en = "c"
confidence = "high"
"#;

fn item(code: &str, group: &str, extra: &str) -> String {
    format!(
        "\n[[items]]\ncode = \"{code}\"\ngroup = \"{group}\"\nname_th = \"ข้อ {code}\"\nname_en = \"item {code}\"\nyear_scope = \"timeless\"\nconfidence = \"high\"\nkeywords_th = [\"คำ{code}\"]\nhint_th = \"แก้\"\nhint_en = \"fix\"\n{extra}"
    )
}

#[test]
fn group_mean_formula_matches_the_reference_example() {
    // The formula: groups → indicator means → OIT mean (reference: 93.50 % and 100 % give
    // 38.70 points). Here 9.1 = 1/1, 9.2 = 35/40, 10.1 = 1/1.
    let mut text = MINI.to_string();
    text.push_str(&item("O1", "9.1", ""));
    for i in 2..=41 {
        text.push_str(&item(&format!("O{i}"), "9.2", ""));
    }
    text.push_str(&item("O42", "10.1", ""));
    let cl = checklist::parse_checklist(&text, "mini.toml").unwrap_or_else(|p| panic!("{p:?}"));
    // 9.2: 35 of 40 pass = 87.5 % → indicator 9 = (100 + 87.5) / 2 = 93.75; OIT = 96.875 %.
    let failing = ["O3", "O4", "O5", "O6", "O7"];
    let est = cl.estimate(UnitType::Sao, &|c| !failing.contains(&c));
    assert!((est.indicators["9"] - 93.75).abs() < 1e-9);
    assert!((est.indicators["10"] - 100.0).abs() < 1e-9);
    assert!((est.percent - 96.875).abs() < 1e-9);
    assert!((est.points - 38.75).abs() < 1e-9);
    assert!(est.passes);
    let none = cl.estimate(UnitType::Sao, &|_| false);
    assert_eq!(none.percent, 0.0);
    assert!(!none.passes);
}

#[test]
fn items_for_other_unit_types_are_left_out_of_the_score() {
    let mut text = MINI.to_string();
    text.push_str(&item("O1", "9.1", ""));
    text.push_str(&item("O2", "9.2", ""));
    text.push_str(&item("O3", "9.2", "applies_to = [\"local\"]"));
    text.push_str(&item("O4", "10.1", ""));
    let cl = checklist::parse_checklist(&text, "m.toml").unwrap();
    // A provincial agency is not judged on O3, so passing O1, O2, O4 is 100 %.
    let est = cl.estimate(UnitType::ProvincialAgency, &|c| c != "O3");
    assert_eq!(est.percent, 100.0);
    let est = cl.estimate(UnitType::Sao, &|c| c != "O3");
    assert_eq!(est.percent, 87.5);
}

fn problems(text: &str) -> Vec<String> {
    checklist::parse_checklist(text, "edited.toml")
        .unwrap_err()
        .into_iter()
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn validator_points_at_the_line() {
    let mut base = MINI.to_string();
    base.push_str(&item("O1", "9.1", ""));
    base.push_str(&item("O2", "9.2", ""));
    base.push_str(&item("O3", "10.1", ""));

    let unknown = base.replacen(
        "hint_en = \"fix\"\n",
        "hint_en = \"fix\"\nkeyword_th = [\"x\"]\n",
        1,
    );
    let p = problems(&unknown);
    let line = unknown
        .lines()
        .position(|l| l.starts_with("keyword_th"))
        .unwrap()
        + 1;
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with(&format!("edited.toml:{line}:")),
        "{p:?} line {line}"
    );
    assert!(p[0].contains("unknown field `keyword_th`"), "{p:?}");

    let scope = base.replacen("year_scope = \"timeless\"", "year_scope = \"this-year\"", 1);
    let p = problems(&scope);
    let line = scope.lines().position(|l| l.contains("this-year")).unwrap() + 1;
    assert!(
        p[0].starts_with(&format!("edited.toml:{line}:")) && p[0].contains("this-year"),
        "{p:?} line {line}"
    );
    assert!(
        p[0].contains("multi-year"),
        "the message lists the valid scopes: {p:?}"
    );

    let dup = base.replace("code = \"O3\"", "code = \"O2\"");
    let p = problems(&dup);
    assert!(
        p.iter()
            .any(|m| m.contains("duplicate item code O2 (first on line")),
        "{p:?}"
    );

    let empty = base.replacen("keywords_th = [\"คำO2\"]", "keywords_th = []", 1);
    let p = problems(&empty);
    assert!(
        p.iter().any(|m| m.contains("O2 has empty keywords")),
        "{p:?}"
    );

    let group = base.replace("group = \"10.1\"", "group = \"10.9\"");
    let p = problems(&group);
    assert!(
        p.iter().any(|m| m.contains("names group \"10.9\"")),
        "{p:?}"
    );
    assert!(
        p.iter().any(|m| m.contains("group \"10.1\" has no items")),
        "{p:?}"
    );

    let code = base.replace("code = \"O3\"", "code = \"o03\"");
    assert!(
        problems(&code)
            .iter()
            .any(|m| m.contains("should be written \"O3\""))
    );

    let syntax = base.replacen("title_en = \"test\"", "title_en = \"test", 1);
    let p = problems(&syntax);
    assert!(p[0].starts_with("edited.toml:6:"), "{p:?}");
}

#[test]
fn a_user_copy_of_a_shipped_checklist_loads_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = checklist::builtins()
        .into_iter()
        .find(|b| b.year == 2568)
        .unwrap()
        .text;
    let path = dir.path().join("my-2568.toml");
    std::fs::write(
        &path,
        text.replace("\"โครงสร้างองค์กร\"", "\"โครงสร้างองค์กร\", \"ผังองค์กรของเรา\""),
    )
    .unwrap();
    let cl = Checklist::from_file(&path).unwrap();
    assert!(
        cl.item("O1")
            .unwrap()
            .keywords_th
            .iter()
            .any(|k| k == "ผังองค์กรของเรา")
    );
    assert_eq!(cl.source, path.display().to_string());
}

/// Related page names count only with the number of components that confirm them, and no
/// more components can be asked for than the item has.
#[test]
fn related_names_need_their_component_count() {
    let mut text = MINI.to_string();
    text.push_str(&item("O1", "9.1", "related_th = [\"บุคลากร\"]"));
    text.push_str(&item(
        "O2",
        "9.2",
        "site_wide_min_components = 2\n[[items.components]]\nid = \"phone\"\nname_th = \"โทร\"\nname_en = \"phone\"\nkeywords_th = [\"โทร\"]",
    ));
    text.push_str(&item("O3", "10.1", ""));
    let p = problems(&text);
    assert!(
        p.iter()
            .any(|m| m.contains("O1: related_th and related_min_components go together")),
        "{p:?}"
    );
    assert!(
        p.iter().any(|m| m.contains("O2: related_min_components / site_wide_min_components ask for more than its 1 component(s)")),
        "{p:?}"
    );
}
