//! The verdict on one item from its candidates: the best-ranked evidence, its year and the
//! state of its target decide found, wrong year, broken, needs a human look, or missing, with
//! a reason in both languages and a confidence that says how much was verified.

use super::evidence::*;
use super::target::*;
use super::year::*;
use super::{ItemVerdict, Verdict};
use crate::checklist::{Item, YearScope};
use crate::thai::FiscalYear;
use crate::units::UnitType;

/// The verdict on one item from its candidates.
pub(super) fn decide(
    item: &Item,
    mut cands: Vec<Candidate>,
    fy: FiscalYear,
    _site: &Site,
    unit_type: UnitType,
) -> ItemVerdict {
    let timeless = item.year_scope == YearScope::Timeless;
    cands.sort_by_key(|c| std::cmp::Reverse(rank(c, item.year_scope)));
    let mut seen = std::collections::HashSet::new();
    cands.retain(|c| seen.insert(key(&c.evidence.url)));
    let Some(best) = cands.first().cloned() else {
        return ItemVerdict {
            code: item.code.clone(),
            verdict: Verdict::Missing,
            confidence: 0.7,
            reason: "no link, page or document on the crawled site names this item".into(),
            reason_th: "ไม่พบลิงก์ หน้าเว็บ หรือเอกสารใดบนเว็บไซต์ที่ระบุข้อนี้".into(),
            evidence: vec![],
            missing_components: vec![],
        };
    };
    let (shown, shown_th) = if best.evidence.years.is_empty() && timeless {
        ("no year needed".to_string(), "ไม่ต้องระบุปี".to_string())
    } else if best.evidence.years.is_empty() {
        ("no year".to_string(), "ไม่ระบุปี".to_string())
    } else {
        let y = best.evidence.years.join(", ");
        (y.clone(), format!("ปี {y}"))
    };
    // The year the item needs, as a person would check it.
    let needed = match item.year_scope {
        YearScope::Previous => fy.previous(),
        _ => fy,
    };
    let scope_th = item.year_scope.name_th();
    let m = &best.evidence.matched;
    let text = &best.evidence.text;
    let url = &best.evidence.url;
    let (verdict, mut confidence, mut reason, mut reason_th) = match rank(&best, item.year_scope).0 {
        0 => match &best.target {
            Target::Empty => (
                Verdict::Missing,
                0.75,
                format!("the page \"{text}\" shows only its heading, or only the list other pages show too; nothing of this item opens"),
                format!("หน้า \"{text}\" มีเพียงหัวข้อ หรือรายการเดียวกับที่หน้าอื่นแสดง ไม่มีเอกสารหรือเนื้อหาของข้อนี้"),
            ),
            Target::Unconfirmed => (
                Verdict::Missing,
                0.7,
                format!("the link \"{text}\" leads to a page that does not show this item"),
                format!("ลิงก์ \"{text}\" ไปยังหน้าที่ไม่มีเนื้อหาของข้อนี้"),
            ),
            _ => (
                Verdict::Missing,
                0.8,
                format!("the page \"{text}\" only says its content is being prepared"),
                format!("หน้า \"{text}\" มีเพียงข้อความว่าอยู่ระหว่างจัดทำข้อมูล"),
            ),
        },
        6 if matches!(best.target, Target::Scanned | Target::Unreadable(_)) => (
            Verdict::Found,
            0.65,
            format!("\"{m}\" ({shown}) is listed by name and opens, but its content could not be read to confirm it"),
            format!("\"{m}\" ({shown_th}) ระบุชื่อรายการและเปิดได้ แต่อ่านเนื้อหาในไฟล์เพื่อยืนยันไม่ได้"),
        ),
        6 if best.note == Some(Note::SiteWide) => (
            Verdict::Found,
            0.7,
            "the contact details are in the part every page shows (the footer), seen on the homepage".to_string(),
            "ข้อมูลการติดต่ออยู่ในส่วนท้ายที่แสดงทุกหน้า (เห็นได้จากหน้าแรก)".to_string(),
        ),
        6 => (
            Verdict::Found,
            if best.strength >= 3 { 0.9 } else { 0.8 },
            format!("\"{m}\" ({shown})"),
            format!("\"{m}\" ({shown_th})"),
        ),
        5 => (
            Verdict::Found,
            0.6,
            format!("\"{m}\": a multi-year plan whose period is not shown"),
            format!("\"{m}\": แผนหลายปีที่ไม่ระบุช่วงปี"),
        ),
        4 => match &best.target {
            Target::Scanned => (
                Verdict::NeedsHuman,
                0.8,
                "the document is a scan with no text layer: check by eye that it is this item and year".to_string(),
                "เอกสารเป็นไฟล์สแกนที่อ่านข้อความไม่ได้ ต้องเปิดดูด้วยตนเองว่าเป็นข้อนี้และปีที่ถูกต้อง".to_string(),
            ),
            Target::Unreadable(e) => (
                Verdict::NeedsHuman,
                0.7,
                format!("the document could not be read ({e}): check it by eye"),
                format!("อ่านเอกสารไม่ได้ ({e}) ต้องเปิดดูด้วยตนเอง"),
            ),
            Target::Hidden(why) => (
                Verdict::NeedsHuman,
                0.7,
                format!("{why}: open it in a browser and check"),
                format!("{why}: ต้องเปิดดูในเบราว์เซอร์ด้วยตนเอง"),
            ),
            Target::Contradicted(other) => (
                Verdict::NeedsHuman,
                0.7,
                format!("\"{m}\" is listed for this item, but the document itself is about another item (\"{other}\"): check which it is"),
                format!("\"{m}\" อยู่ในรายการของข้อนี้ แต่เนื้อหาในเอกสารเป็นเรื่องอื่น (\"{other}\") ต้องตรวจด้วยตนเองว่าเป็นเอกสารใด"),
            ),
            Target::Ok | Target::Unknown if best.year_ok.is_none() => (
                Verdict::NeedsHuman,
                0.6,
                format!("\"{m}\" is there, but no fiscal year can be read on it or on what it leads to: check that it is for {needed}"),
                format!("พบ \"{m}\" แต่ไม่พบปีงบประมาณในเอกสารหรือหน้าที่ลิงก์ไป ต้องตรวจว่าเป็นของ{scope_th} ({needed})"),
            ),
            Target::External => (
                Verdict::NeedsHuman,
                0.6,
                format!("the evidence is off-site ({url}) and shows no fiscal year: open it and check it is for {needed}"),
                format!("หลักฐานอยู่นอกเว็บไซต์ ({url}) และไม่ระบุปีงบประมาณ ต้องเปิดดูว่าเป็นของปี {needed}"),
            ),
            _ => (
                Verdict::NeedsHuman,
                0.6,
                "check by eye".to_string(),
                "ต้องตรวจด้วยตนเอง".to_string(),
            ),
        },
        3 => match &best.target {
            Target::Broken(e) => (
                Verdict::BrokenLink,
                0.85,
                format!("the link \"{text}\" is broken ({e})"),
                format!("ลิงก์ \"{text}\" เปิดไม่ได้ ({e})"),
            ),
            _ => (
                Verdict::BrokenLink,
                0.7,
                "the link is broken".to_string(),
                "ลิงก์เปิดไม่ได้".to_string(),
            ),
        },
        1 => (
            Verdict::BrokenLink,
            0.7,
            format!("only a broken link to another year's document ({shown})"),
            format!("มีเพียงลิงก์เสียไปยังเอกสารของปีอื่น ({shown_th})"),
        ),
        _ => (
            Verdict::WrongYear,
            0.8,
            format!("found \"{m}\" but for {shown}; needs {} ({needed})", item.year_scope.name_en()),
            format!("พบ \"{m}\" แต่เป็นของ{shown_th} ต้องเป็นของ{scope_th} ({needed})"),
        ),
    };
    if verdict == Verdict::Found
        && let Some(Note::CodeOverHeading(stale)) = &best.note
    {
        reason.push_str(&format!(
            "; the heading above it says {stale} (last year's numbering), so the code the document carries was trusted"
        ));
        reason_th.push_str(&format!(
            "; หัวข้อเหนือรายการระบุ {stale} (เลขข้อของปีก่อน) จึงยึดรหัสข้อที่อยู่ในชื่อไฟล์ของเอกสาร"
        ));
    }
    let mut missing_components = Vec::new();
    let mut missing_en = Vec::new();
    if verdict == Verdict::Found
        && let Some(text) = &best.target_text
    {
        for c in item
            .components
            .iter()
            .filter(|c| c.applies_to.iter().any(|a| a.covers(unit_type)))
        {
            if !component_shown(c, text) {
                missing_components.push(c.name_th.clone());
                missing_en.push(c.name_en.clone());
            }
        }
        if !missing_components.is_empty() {
            confidence -= 0.1;
            reason.push_str(&format!(
                "; the page does not show: {}",
                missing_en.join(", ")
            ));
            reason_th.push_str(&format!(
                "; หน้านี้ยังไม่แสดง: {}",
                missing_components.join(", ")
            ));
        }
    }
    ItemVerdict {
        code: item.code.clone(),
        verdict,
        confidence,
        reason,
        reason_th,
        evidence: cands.into_iter().take(5).map(|c| c.evidence).collect(),
        missing_components,
    }
}
