//! Changes between runs in words: the "since last scan" column and `oitscan diff`.

use super::Lang;
use crate::results::{ItemChange, RunDiff, UnitDiff};
use std::fmt::Write;

/// An item change in the report language.
pub fn change_label(c: ItemChange, lang: Lang) -> &'static str {
    match (c, lang) {
        (ItemChange::NewlyMissing, Lang::Th) => "หายไป",
        (ItemChange::NewlyMissing, Lang::En) => "newly missing",
        (ItemChange::Fixed, Lang::Th) => "แก้ไขแล้ว",
        (ItemChange::Fixed, Lang::En) => "fixed",
        (ItemChange::Moved, Lang::Th) => "ย้าย URL",
        (ItemChange::Moved, Lang::En) => "moved",
        (ItemChange::Broke, Lang::Th) => "ลิงก์เสียใหม่",
        (ItemChange::Broke, Lang::En) => "link broke",
    }
}

/// A unit's changes in one line ("▼ O5, O12 · ▲ O3 · +3.8"), empty when nothing changed.
pub fn since_short(d: &UnitDiff, lang: Lang) -> String {
    if d.new_unit {
        return if lang == Lang::Th {
            "หน่วยงานใหม่".into()
        } else {
            "new unit".into()
        };
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
    let th = lang == Lang::Th;
    let md = crate::report::md_cell;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} {before_label} → {after_label}\n",
        if th {
            "การเปลี่ยนแปลงระหว่างการตรวจ"
        } else {
            "Changes between scans"
        }
    );
    let changed: Vec<&UnitDiff> = d
        .units
        .iter()
        .filter(|u| {
            u.new_unit || !u.items.is_empty() || u.score_delta().is_some_and(|x| x.abs() >= 0.05)
        })
        .collect();
    if changed.is_empty() && d.removed.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            if th {
                "ไม่มีการเปลี่ยนแปลง"
            } else {
                "Nothing changed."
            }
        );
        return s;
    }
    for u in changed {
        let _ = writeln!(s, "## {} ({})\n", md(&u.name_th), md(&u.unit_id));
        if u.new_unit {
            let _ = writeln!(
                s,
                "- {}\n",
                if th {
                    "หน่วยงานใหม่ (ไม่มีผลการตรวจครั้งก่อน)"
                } else {
                    "new unit (not in the earlier scan)"
                }
            );
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
                        format!(" ({} {})", if th { "เดิม" } else { "was" }, md(b))
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
                if th {
                    "คะแนนโดยประมาณ"
                } else {
                    "estimated score"
                },
                a - b
            );
        }
        let _ = writeln!(s);
    }
    if !d.removed.is_empty() {
        let _ = writeln!(
            s,
            "{}: {}",
            if th {
                "หน่วยงานที่ไม่ได้ตรวจครั้งนี้"
            } else {
                "Units not in the later scan"
            },
            d.removed.join(", ")
        );
    }
    s
}
