//! Each unit's ITAS evidence sheet (text and CSV): the URLs a unit pastes into the NACC's
//! ITAS form, item by item, with the click path to each.

use super::{Lang, verdict_label};
use crate::checklist::{Checklist, Item};
use crate::results::{UnitResult, Verdict};
use std::fmt::Write;

use super::cells::*;
use super::csv::{csv_bytes, csv_writer};

/// What the ITAS sheet says for one item: the URLs to submit, each with its navigation path,
/// and a remark (why there is nothing to submit, or what to check before submitting).
struct ItasEntry {
    links: Vec<(String, String)>,
    remark: Option<String>,
}

fn itas_entry(unit: &UnitResult, item: &Item, lang: Lang) -> ItasEntry {
    let th = lang == Lang::Th;
    let home = if th {
        "หน้าหลักของเว็บไซต์"
    } else {
        "Homepage"
    };
    let v = verdict_of(unit, &item.code);
    let verdict = v.map_or(Verdict::NotChecked, |v| v.verdict);
    let mut links: Vec<(String, String)> = Vec::new();
    if matches!(verdict, Verdict::Found | Verdict::NeedsHuman) {
        for e in v.map(|v| v.evidence.as_slice()).unwrap_or_default() {
            if let Some(u) = http_url(&e.url)
                && !links.iter().any(|(l, _)| l == u.as_str())
            {
                links.push((u.to_string(), path_from(home, e, true)));
            }
        }
    }
    let remark = if links.is_empty() {
        Some(if verdict == Verdict::NotApplicable {
            if th {
                "ไม่เกี่ยวข้องกับหน่วยงานประเภทนี้".to_string()
            } else {
                "Does not apply to this type of unit".to_string()
            }
        } else {
            // Missing needs no gloss; Found without an http(s) URL has nothing to submit.
            let why = if matches!(verdict, Verdict::Missing | Verdict::Found) {
                String::new()
            } else {
                format!(" ({})", verdict_label(verdict, lang))
            };
            format!(
                "{}{why} – {}",
                if th {
                    "ยังไม่พบหลักฐาน"
                } else {
                    "No evidence found yet"
                },
                one_line(hint(item, lang))
            )
        })
    } else if verdict == Verdict::NeedsHuman {
        Some(if th {
            "ต้องตรวจด้วยตนเองก่อนส่ง: ระบบอ่านเนื้อหาไม่ได้ (เช่น PDF ที่สแกน)".to_string()
        } else {
            "Check by eye before submitting: the content could not be read automatically (a scanned PDF, for example)".to_string()
        })
    } else {
        v.filter(|v| !v.missing_components.is_empty()).map(|v| {
            let parts = one_line(&v.missing_components.join(", "));
            if th {
                format!("หน้าที่พบยังไม่แสดง: {parts}")
            } else {
                format!("The page does not show: {parts}")
            }
        })
    };
    ItasEntry { links, remark }
}

/// The ITAS evidence sheet of one unit, as plain UTF-8 text ready to paste into the NACC's ITAS
/// form: for every checklist item in checklist order ("the order ITAS asks for them"): the code and
/// name, then each evidence URL on its own line, then an explanation line written as a navigation
/// path the way units write it: "หน้าหลักของเว็บไซต์ → click path texts → evidence link text"
/// (English: "Homepage → …"); items without usable evidence say so plainly
/// ("ยังไม่พบหลักฐาน – how-to-fix hint") instead of URLs.
///
/// Filling ITAS by hand (copying every URL and describing where it sits) is the slowest part of
/// a unit's OIT work; this gives the officer each answer in the form's order. Only Found and
/// needs-a-human-look items list URLs, and only http(s) ones; text from the site is flattened
/// to single lines so a page cannot forge extra lines.
pub fn itas_sheet(unit: &UnitResult, checklist: &Checklist, lang: Lang) -> String {
    let th = lang == Lang::Th;
    let u = &unit.unit;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} ({})",
        if th {
            "หลักฐานสำหรับแบบ ITAS (OIT)"
        } else {
            "Evidence for the ITAS form (OIT)"
        },
        one_line(&u.name_th),
        one_line(&u.id)
    );
    let _ = writeln!(
        s,
        "{}: {}",
        if th {
            "เว็บไซต์"
        } else {
            "Website"
        },
        u.url
    );
    let _ = writeln!(
        s,
        "{}: {} {}",
        if th {
            "รายการตรวจ ปีงบประมาณ"
        } else {
            "Checklist, fiscal year"
        },
        checklist.year,
        one_line(if th {
            &checklist.title_th
        } else {
            &checklist.title_en
        })
    );
    let _ = writeln!(
        s,
        "{}",
        if th {
            "ได้จากการตรวจอัตโนมัติ: เปิดทุกลิงก์ตรวจสอบก่อนส่ง"
        } else {
            "From an automatic scan: open every link and check it before submitting."
        }
    );
    for item in &checklist.items {
        let entry = itas_entry(unit, item, lang);
        let _ = writeln!(s, "\n{} {}", item.code, one_line(item_name(item, lang)));
        for (url, _) in &entry.links {
            let _ = writeln!(s, "{url}");
        }
        if let Some((_, explanation)) = entry.links.first() {
            let _ = writeln!(s, "{explanation}");
        }
        if let Some(remark) = &entry.remark {
            let _ = writeln!(s, "{remark}");
        }
    }
    s
}

/// The same as CSV (UTF-8 with BOM): code, item name, url, explanation — one row per URL.
///
/// For officers who fill ITAS from a spreadsheet or hand the list to a colleague: each URL has
/// its own navigation path, and an item with nothing to submit gets one row with an empty URL
/// and the plain remark.
pub fn itas_csv(unit: &UnitResult, checklist: &Checklist, lang: Lang) -> Vec<u8> {
    let th = lang == Lang::Th;
    let mut w = csv_writer();
    let _ = w.write_record(if th {
        ["ข้อ", "ชื่อข้อ", "URL", "คำอธิบาย"]
    } else {
        ["code", "item_name", "url", "explanation"]
    });
    for item in &checklist.items {
        let entry = itas_entry(unit, item, lang);
        let code = cell(&item.code);
        let name = cell(item_name(item, lang));
        if entry.links.is_empty() {
            let remark = entry.remark.unwrap_or_default();
            let _ = w.write_record([code.as_str(), &name, "", &cell(&remark)]);
            continue;
        }
        for (url, explanation) in &entry.links {
            let text = match &entry.remark {
                Some(r) => format!("{explanation} ({r})"),
                None => explanation.clone(),
            };
            let _ = w.write_record([code.as_str(), &name, &cell(url), &cell(&text)]);
        }
    }
    csv_bytes(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::cells::fixtures::*;

    #[test]
    fn itas_sheet_follows_checklist_order_with_paths() {
        let (results, c) = run();
        let u1 = &results.units[0];
        let text = itas_sheet(u1, &c, Lang::Th);
        let mut last = 0;
        for item in &c.items {
            let at = text
                .find(&format!("\n{} {}\n", item.code, item.name_th))
                .unwrap_or_else(|| panic!("{} missing", item.code));
            assert!(at > last, "{} out of order", item.code);
            last = at;
        }
        let o1 = format!(
            "\n{} {}\nhttps://u1.go.th/ita/structure\nhttps://u1.go.th/ita/structure2\n\
             หน้าหลักของเว็บไซต์ → ITA → <script>alert(1)</script> → โครงสร้างองค์กร\n",
            c.items[0].code, c.items[0].name_th
        );
        assert!(text.contains(&o1), "{text}");
        // A found item whose only URL is javascript: has no usable evidence.
        assert!(!text.contains("javascript:"));
        let o2 = format!(
            "\n{} {}\nยังไม่พบหลักฐาน – ",
            c.items[1].code, c.items[1].name_th
        );
        assert!(text.contains(&o2));
        assert!(text.contains(&format!(
            "ยังไม่พบหลักฐาน (พบแต่ไม่ใช่ปีที่ประเมิน) – {}",
            one_line(&c.items[2].hint_th)
        )));
        assert!(text.contains(&format!("ยังไม่พบหลักฐาน – {}", one_line(&c.items[3].hint_th))));
        let en = itas_sheet(u1, &c, Lang::En);
        assert!(en.contains("Homepage → ITA → "));
        assert!(en.contains(&format!(
            "No evidence found yet – {}",
            one_line(&c.items[3].hint_en)
        )));
    }

    #[test]
    fn itas_csv_has_one_row_per_url() {
        let (results, c) = run();
        let (header, rows) = read_csv(&itas_csv(&results.units[0], &c, Lang::Th));
        assert_eq!(header, ["ข้อ", "ชื่อข้อ", "URL", "คำอธิบาย"]);
        // O1 has two http URLs, every other item one row.
        assert_eq!(rows.len(), c.items.len() + 1);
        assert_eq!(rows[0][0], c.items[0].code);
        assert_eq!(rows[0][2], "https://u1.go.th/ita/structure");
        assert_eq!(
            rows[0][3],
            "หน้าหลักของเว็บไซต์ → ITA → <script>alert(1)</script> → โครงสร้างองค์กร"
        );
        assert_eq!(rows[1][2], "https://u1.go.th/ita/structure2");
        assert_eq!(rows[1][3], "หน้าหลักของเว็บไซต์ → ข้อมูลพื้นฐาน");
        assert_eq!(rows[2][2], "");
        assert!(rows[2][3].starts_with("ยังไม่พบหลักฐาน – "));
        assert!(rows.iter().flatten().all(|v| !v.contains("javascript:")));
    }
}
