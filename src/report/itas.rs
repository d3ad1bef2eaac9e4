//! Each unit's ITAS evidence sheet (text and CSV): the URLs a unit pastes into the NACC's
//! ITAS form, item by item, with the click path to each.

use super::Lang;
use super::view::{ItemView, UnitView, one_line, path_from};
use crate::locale::{t, words};
use crate::results::Verdict;
use std::fmt::Write;

use super::cells::*;
use super::csv::{csv_bytes, csv_writer};

/// What the ITAS sheet says for one item: the URLs to submit, each with its navigation path,
/// and a remark (why there is nothing to submit, or what to check before submitting).
struct ItasEntry {
    links: Vec<(String, String)>,
    remark: Option<String>,
}

fn itas_entry(i: &ItemView, lang: Lang) -> ItasEntry {
    let home = t(lang, "itas-homepage");
    let verdict = i.status;
    let mut links: Vec<(String, String)> = Vec::new();
    if matches!(verdict, Verdict::Found | Verdict::NeedsHuman) {
        for e in &i.evidence {
            if let Some(href) = &e.href
                && !links.iter().any(|(l, _)| l == href)
            {
                // ITAS explanations name the evidence link itself when there is no path to it.
                let steps = if e.steps.is_empty() && !e.text.is_empty() {
                    std::slice::from_ref(&e.text)
                } else {
                    e.steps.as_slice()
                };
                links.push((href.clone(), path_from(&home, steps)));
            }
        }
    }
    let remark = if links.is_empty() {
        Some(if verdict == Verdict::NotApplicable {
            t(lang, "itas-not-applicable")
        } else {
            let hint = one_line(i.hint);
            // Missing needs no gloss; Found without an http(s) URL has nothing to submit.
            if matches!(verdict, Verdict::Missing | Verdict::Found) {
                words(lang).fmt("itas-no-evidence", &[("hint", hint.into())])
            } else {
                words(lang).fmt(
                    "itas-no-evidence-verdict",
                    &[("verdict", i.label.into()), ("hint", hint.into())],
                )
            }
        })
    } else if verdict == Verdict::NeedsHuman {
        Some(t(lang, "itas-needs-human"))
    } else {
        (!i.missing.is_empty()).then(|| {
            let parts = one_line(&i.missing);
            words(lang).fmt("itas-page-lacks", &[("parts", parts.into())])
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
pub fn itas_sheet(view: &UnitView) -> String {
    let lang = view.lang;
    let w = words(lang);
    let u = &view.result.unit;
    let mut s = String::new();
    let heading = w.fmt(
        "itas-heading",
        &[
            ("name", one_line(&u.name_th).into()),
            ("id", one_line(&u.id).into()),
        ],
    );
    let website = w.fmt("itas-website", &[("url", u.url.to_string().into())]);
    // The year goes in as text, so no number formatting of the catalogue's can change it.
    let list = w.fmt(
        "itas-checklist",
        &[
            ("year", view.checklist.year.to_string().into()),
            ("title", one_line(view.title()).into()),
        ],
    );
    let _ = writeln!(s, "{heading}");
    let _ = writeln!(s, "{website}");
    let _ = writeln!(s, "{list}");
    let _ = writeln!(s, "{}", t(lang, "itas-check-first"));
    for i in &view.items {
        let entry = itas_entry(i, lang);
        let _ = writeln!(s, "\n{} {}", i.item.code, one_line(i.name));
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
pub fn itas_csv(view: &UnitView) -> Vec<u8> {
    let lang = view.lang;
    let mut w = csv_writer();
    let _ = w.write_record(labels(
        [
            "itas-col-code",
            "itas-col-item-name",
            "itas-col-url",
            "itas-col-explanation",
        ],
        lang,
    ));
    for i in &view.items {
        let entry = itas_entry(i, lang);
        let code = cell(&i.item.code);
        let name = cell(i.name);
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
        let text = itas_sheet(&UnitView::new(u1, &c, Lang::Th));
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
        let en = itas_sheet(&UnitView::new(u1, &c, Lang::En));
        assert!(en.contains("Homepage → ITA → "));
        assert!(en.contains(&format!(
            "No evidence found yet – {}",
            one_line(&c.items[3].hint_en)
        )));
    }

    #[test]
    fn itas_csv_has_one_row_per_url() {
        let (results, c) = run();
        let (header, rows) = read_csv(&itas_csv(&UnitView::new(&results.units[0], &c, Lang::Th)));
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
