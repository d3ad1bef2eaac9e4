//! Changes between runs in words: the "since last scan" column and `oitscan diff`.

use super::Lang;
use crate::locale::t;
use crate::results::{ItemChange, RunDiff, UnitDiff};
use std::fmt::Write;

/// An item change in the report language.
pub fn change_label(c: ItemChange, lang: Lang) -> String {
    let key = match c {
        ItemChange::NewlyMissing => "md-change-newly-missing",
        ItemChange::Fixed => "md-change-fixed",
        ItemChange::Moved => "md-change-moved",
        ItemChange::Broke => "md-change-broke",
    };
    t(lang, key)
}

/// A unit's changes in one line ("▼ O5, O12 · ▲ O3 · +3.8"), empty when nothing changed.
pub fn since_short(d: &UnitDiff, lang: Lang) -> String {
    if d.new_unit {
        return t(lang, "md-since-new-unit");
    }
    let mut parts = Vec::new();
    for c in [
        ItemChange::NewlyMissing,
        ItemChange::Broke,
        ItemChange::Fixed,
        ItemChange::Moved,
    ] {
        let codes = d.codes(c);
        if !codes.is_empty() {
            parts.push(format!("{} {}", c.symbol(), codes.join(", ")));
        }
    }
    if let Some(d) = d.score_delta().filter(|d| d.abs() >= 0.05) {
        parts.push(format!("{d:+.1}"));
    }
    parts.join(" · ")
}

/// `oitscan diff` as Markdown: one section per unit that changed.
pub fn diff_markdown(d: &RunDiff, before_label: &str, after_label: &str, lang: Lang) -> String {
    let md = crate::report::md_cell;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} {before_label} → {after_label}\n",
        t(lang, "md-diff-heading")
    );
    let changed: Vec<&UnitDiff> = d
        .units
        .iter()
        .filter(|u| {
            u.new_unit || !u.items.is_empty() || u.score_delta().is_some_and(|x| x.abs() >= 0.05)
        })
        .collect();
    if changed.is_empty() && d.removed.is_empty() {
        let _ = writeln!(s, "{}", t(lang, "md-diff-nothing"));
        return s;
    }
    for u in changed {
        let _ = writeln!(s, "## {} ({})\n", md(&u.name_th), md(&u.unit_id));
        if u.new_unit {
            let _ = writeln!(s, "- {}\n", t(lang, "md-diff-new-unit"));
            continue;
        }
        for c in [
            ItemChange::NewlyMissing,
            ItemChange::Broke,
            ItemChange::Fixed,
            ItemChange::Moved,
        ] {
            for i in u.items.iter().filter(|i| i.change == c) {
                let urls = match (c, &i.before_url, &i.after_url) {
                    (ItemChange::Moved, Some(b), Some(a)) => format!(": {} → {}", md(b), md(a)),
                    (ItemChange::NewlyMissing | ItemChange::Broke, Some(b), _) => {
                        format!(" ({} {})", t(lang, "md-diff-was"), md(b))
                    }
                    (ItemChange::Fixed, _, Some(a)) => format!(" ({})", md(a)),
                    _ => String::new(),
                };
                let _ = writeln!(
                    s,
                    "- {} {} {}{urls}",
                    c.symbol(),
                    change_label(c, lang),
                    i.code
                );
            }
        }
        if let (Some(b), Some(a)) = (u.score_before, u.score_after)
            && (a - b).abs() >= 0.05
        {
            let _ = writeln!(
                s,
                "- {}: {b:.1} → {a:.1} ({:+.1})",
                t(lang, "md-diff-score"),
                a - b
            );
        }
        let _ = writeln!(s);
    }
    if !d.removed.is_empty() {
        let _ = writeln!(
            s,
            "{}: {}",
            t(lang, "md-diff-removed"),
            d.removed.join(", ")
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::ItemDiff;

    #[test]
    fn diff_reads_in_both_languages() {
        let unit = UnitDiff {
            unit_id: "a".into(),
            name_th: "อบต.ก".into(),
            new_unit: false,
            items: vec![ItemDiff {
                code: "O1".into(),
                change: ItemChange::NewlyMissing,
                before_url: Some("http://a/x".into()),
                after_url: None,
            }],
            score_before: Some(10.0),
            score_after: Some(12.0),
            since: String::new(),
        };
        let d = RunDiff {
            units: vec![unit],
            removed: vec!["b".into()],
        };
        assert_eq!(
            diff_markdown(&d, "1", "2", Lang::En),
            "# Changes between scans 1 → 2\n\n## อบต.ก (a)\n\n- ▼ newly missing O1 (was http://a/x)\n\
             - estimated score: 10.0 → 12.0 (+2.0)\n\nUnits not in the later scan: b\n"
        );
        assert_eq!(
            diff_markdown(&d, "1", "2", Lang::Th),
            "# การเปลี่ยนแปลงระหว่างการตรวจ 1 → 2\n\n## อบต.ก (a)\n\n- ▼ หายไป O1 (เดิม http://a/x)\n\
             - คะแนนโดยประมาณ: 10.0 → 12.0 (+2.0)\n\nหน่วยงานที่ไม่ได้ตรวจครั้งนี้: b\n"
        );
        let none = RunDiff {
            units: vec![],
            removed: vec![],
        };
        assert!(diff_markdown(&none, "1", "2", Lang::En).ends_with("\nNothing changed.\n"));
    }
}
