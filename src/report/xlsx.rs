//! `oitscan.xlsx`: the workbook provincial staff sort, filter and print in Excel.

use super::Lang;
use super::view::{RunView, UnitView};
use crate::locale::{t, words};
use crate::results::Verdict;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, FormatUnderline,
    Workbook, Worksheet, XlsxError,
};
use std::path::Path;

use super::cells::*;

/// The workbook's cell formats, all in the Thai-capable font.
struct Formats {
    base: Format,
    header: Format,
    bold: Format,
    link: Format,
    int: Format,
    score: Format,
    score_low: Format,
    flag_low: Format,
    percent: Format,
    muted: Format,
    verdict: [Format; 7],
    verdict_center: [Format; 7],
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name(FONT).set_font_size(11);
        let low = |f: Format| {
            f.set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006))
                .set_bold()
        };
        let verdict: [Format; 7] = Verdict::ALL.map(|v| {
            let (bg, fg) = verdict_colours(v);
            base.clone()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
        });
        let verdict_center = verdict.clone().map(|f| {
            f.set_align(FormatAlign::Center)
                .set_border(FormatBorder::Hair)
        });
        Formats {
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border(FormatBorder::Thin),
            bold: base.clone().set_bold(),
            link: base
                .clone()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(FormatUnderline::Single),
            int: base.clone().set_num_format("0"),
            score: base.clone().set_num_format("0.0"),
            score_low: low(base.clone().set_num_format("0.0")),
            flag_low: low(base.clone()),
            percent: base.clone().set_num_format("0%"),
            muted: base.clone().set_font_color(Color::RGB(0x7F7F7F)),
            verdict,
            verdict_center,
            base,
        }
    }

    fn verdict(&self, v: Verdict) -> &Format {
        &self.verdict[verdict_index(v)]
    }

    fn verdict_center(&self, v: Verdict) -> &Format {
        &self.verdict_center[verdict_index(v)]
    }
}

fn verdict_index(v: Verdict) -> usize {
    Verdict::ALL.iter().position(|x| *x == v).unwrap_or(0)
}

/// Background and font colour per verdict: Excel's good/neutral/bad palette, readable in
/// grey print together with the symbols.
fn verdict_colours(v: Verdict) -> (u32, u32) {
    match v {
        Verdict::Found => (0xC6EFCE, 0x006100),
        Verdict::WrongYear => (0xFFEB9C, 0x9C5700),
        Verdict::BrokenLink => (0xF8CBAD, 0x843C0C),
        Verdict::NeedsHuman => (0xDDEBF7, 0x1F4E78),
        Verdict::Missing => (0xFFC7CE, 0x9C0006),
        Verdict::NotApplicable => (0xEDEDED, 0x595959),
        Verdict::NotChecked => (0xD9D9D9, 0x404040),
    }
}

/// Writes hostile text, neutralised.
fn put(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, cell(s), f)?;
    Ok(())
}

/// Writes a URL: a hyperlink when it is http(s) and Excel can hold it, neutralised text
/// otherwise (`javascript:`, `data:`, too long, or past the sheet's hyperlink limit).
fn put_url(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    raw: &str,
    f: &Formats,
    links: &mut usize,
) -> Result<(), XlsxError> {
    let text = cell(raw);
    if *links < MAX_LINKS
        && let Some(u) = http_url(raw)
    {
        let link = rust_xlsxwriter::Url::new(u.as_str()).set_text(text.clone());
        if ws.write_url_with_format(row, col, link, &f.link).is_ok() {
            *links += 1;
            return Ok(());
        }
    }
    ws.write_string_with_format(row, col, text, &f.base)?;
    Ok(())
}

fn put_header(ws: &mut Worksheet, labels: &[String], f: &Formats) -> Result<(), XlsxError> {
    for (c, l) in labels.iter().enumerate() {
        put(ws, 0, col(c), l, &f.header)?;
    }
    ws.set_row_height(0, 33)?;
    Ok(())
}

/// A column index for the sheet API; checklists have a few dozen items.
fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn row(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The XLSX workbook: sheet 1 summary (same columns as
/// the CSV but formatted; scores below the pass mark highlighted; frozen header; autofilter),
/// sheet 2 the units × items matrix (rows = units sorted by score ascending with unscored last,
/// cells = verdict symbol + short label, background colour per verdict, plus a legend),
/// sheet 3 evidence (one row per unit × item: unit id, unit name, item code, item name, verdict,
/// confidence, first evidence URL (a hyperlink only if it is http(s)), other URLs, click path
/// "หน้าแรก → … → …", years seen, reason, missing components, how-to-fix hint in the chosen language).
/// Every cell uses a Thai-capable font ("Tahoma", size 11) and hand-set column widths (autofit
/// over-widens Thai). Sheet names ≤ 31 chars, Thai for Lang::Th.
///
/// Provincial staff sort, filter and print in Excel; this is the file they open. Unlike the
/// CSV its values are in the chosen language. The document's creation time is the run's start,
/// so the same results always give the same bytes.
pub fn workbook(view: &RunView, scratch: &Path) -> Result<Vec<u8>, XlsxError> {
    let (results, lang) = (view.run, view.lang);
    let f = Formats::new();
    let mut wb = Workbook::new();
    // A nation's sheets have a row per unit (8,300) and per unit and item (200,000): rows
    // go to a scratch file in the output folder as they are written (each sheet writes its
    // rows in order), not to memory — nor to a temp folder that may itself be memory.
    wb.set_tempdir(scratch)?;
    // Tahoma 11 on Windows: 7-pixel digits (64-pixel default columns), 20-pixel rows leave
    // room for Thai vowels and tone marks stacked above and below.
    wb.set_default_format(&f.base, 20, 64)?;
    let mut props = DocProperties::new()
        .set_title(view.title())
        .set_comment(format!(
            "oitscan {} {}",
            results.oitscan_version, results.checklist
        ));
    if let Some(dt) = excel_time(&results.started_at) {
        props = props.set_creation_datetime(&dt);
    }
    wb.set_properties(&props);

    summary_sheet(
        wb.add_worksheet_with_constant_memory()?
            .set_name(t(lang, "xlsx-sheet-summary"))?,
        view,
        &f,
    )?;
    matrix_sheet(
        wb.add_worksheet_with_constant_memory()?
            .set_name(t(lang, "xlsx-sheet-matrix"))?,
        view,
        &f,
    )?;
    evidence_sheet(
        wb.add_worksheet_with_constant_memory()?
            .set_name(t(lang, "xlsx-sheet-evidence"))?,
        view,
        &f,
    )?;
    wb.save_to_buffer()
}

/// An RFC 3339 time as Excel's UTC date-time.
fn excel_time(rfc3339: &str) -> Option<ExcelDateTime> {
    let ts: jiff::Timestamp = rfc3339.parse().ok()?;
    ExcelDateTime::parse_from_str(&ts.strftime("%Y-%m-%dT%H:%M:%S").to_string()).ok()
}

fn summary_sheet(ws: &mut Worksheet, view: &RunView, f: &Formats) -> Result<(), XlsxError> {
    let (checklist, lang) = (view.checklist, view.lang);
    let th = lang == Lang::Th;
    let mut labels = labels(SUMMARY_COLUMNS, lang);
    labels.extend(checklist.items.iter().map(|i| i.code.clone()));
    put_header(ws, &labels, f)?;
    let widths: [f64; 19] = [
        14.0, 32.0, 24.0, 22.0, 12.0, 14.0, 32.0, 24.0, 26.0, 11.0, 10.0, 7.0, 7.0, 8.0, 9.0, 7.0,
        9.0, 9.0, 8.0,
    ];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(col(c), *w)?;
    }
    let first_item = SUMMARY_COLUMNS.len();
    for i in 0..checklist.items.len() {
        ws.set_column_width(col(first_item + i), 11)?;
    }
    let mut links = 0;
    for (i, v) in view.units.iter().enumerate() {
        let y = row(i + 1);
        let (r, u) = (v.result, &v.result.unit);
        put(ws, y, 0, &u.id, &f.base)?;
        put(ws, y, 1, &u.name_th, &f.base)?;
        put(ws, y, 2, u.name_en.as_deref().unwrap_or(""), &f.base)?;
        put(ws, y, 3, v.type_label, &f.base)?;
        put(ws, y, 4, &u.province, &f.base)?;
        put(ws, y, 5, &u.district, &f.base)?;
        put_url(ws, y, 6, u.url.as_str(), f, &mut links)?;
        put(ws, y, 7, r.verdicts.family.name(th), &f.base)?;
        put(ws, y, 8, &v.outcome, &f.base)?;
        let low = v.below_pass();
        match v.score {
            Some(s) => {
                let fmt = if low == Some(true) {
                    &f.score_low
                } else {
                    &f.score
                };
                ws.write_number_with_format(y, 9, s.percent, fmt)?;
            }
            None => {
                ws.write_blank(y, 9, &f.base)?;
            }
        }
        match low {
            Some(true) => put(ws, y, 10, &t(lang, "xlsx-yes"), &f.flag_low)?,
            Some(false) => put(ws, y, 10, &t(lang, "xlsx-no"), &f.base)?,
            None => {
                ws.write_blank(y, 10, &f.base)?;
            }
        }
        for (k, c) in COUNTED.iter().enumerate() {
            ws.write_number_with_format(y, col(11 + k), v.count(*c) as f64, &f.int)?;
        }
        ws.write_number_with_format(y, 17, r.requests as f64, &f.int)?;
        ws.write_number_with_format(y, 18, r.pages as f64, &f.int)?;
        for (k, item) in v.items.iter().enumerate() {
            let c = col(first_item + k);
            match item.verdict {
                Some(iv) => put(
                    ws,
                    y,
                    c,
                    &short_label(iv.verdict, lang),
                    f.verdict(iv.verdict),
                )?,
                None => {
                    ws.write_blank(y, c, &f.base)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(
        0,
        0,
        row(view.units.len()),
        col(labels.len().saturating_sub(1)),
    )?;
    Ok(())
}

fn matrix_sheet(ws: &mut Worksheet, view: &RunView, f: &Formats) -> Result<(), XlsxError> {
    let (checklist, lang) = (view.checklist, view.lang);
    let mut labels = labels(
        ["xlsx-col-unit-id", "xlsx-col-unit", "xlsx-col-est-score"],
        lang,
    );
    labels.extend(checklist.items.iter().map(|i| i.code.clone()));
    put_header(ws, &labels, f)?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 32)?;
    ws.set_column_width(2, 12)?;
    for i in 0..checklist.items.len() {
        ws.set_column_width(col(3 + i), 12)?;
    }
    let units = view.by_score();
    for (i, v) in units.iter().enumerate() {
        let y = row(i + 1);
        put(ws, y, 0, &v.result.unit.id, &f.base)?;
        put(ws, y, 1, &v.result.unit.name_th, &f.base)?;
        match v.score {
            Some(s) => {
                let fmt = if v.below_pass() == Some(true) {
                    &f.score_low
                } else {
                    &f.score
                };
                ws.write_number_with_format(y, 2, s.percent, fmt)?;
            }
            None => put(ws, y, 2, &t(lang, "xlsx-not-scored"), &f.muted)?,
        }
        for (k, item) in v.items.iter().enumerate() {
            let c = col(3 + k);
            match item.verdict {
                Some(iv) => put(
                    ws,
                    y,
                    c,
                    &format!("{} {}", iv.verdict.symbol(), short_label(iv.verdict, lang)),
                    f.verdict_center(iv.verdict),
                )?,
                None => {
                    ws.write_blank(y, c, &f.base)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 3)?;

    // The legend, below the matrix and separated from it by blank rows so Excel's sort and
    // filter see the matrix alone.
    let mut y = row(units.len() + 3);
    put(ws, y, 0, &t(lang, "xlsx-legend"), &f.bold)?;
    for v in Verdict::ALL {
        y += 1;
        put(
            ws,
            y,
            0,
            &format!("{} {}", v.symbol(), short_label(v, lang)),
            f.verdict_center(v),
        )?;
        put(
            ws,
            y,
            1,
            &format!("{} — {}", v.label(lang), verdict_meaning(v, lang)),
            &f.base,
        )?;
    }
    y += 2;
    put(ws, y, 0, &t(lang, "xlsx-items"), &f.bold)?;
    for item in &checklist.items {
        y += 1;
        put(ws, y, 0, &item.code, &f.base)?;
        put(ws, y, 1, item_name(item, lang), &f.base)?;
    }
    y += 2;
    put(ws, y, 0, &t(lang, "xlsx-note"), &f.bold)?;
    // The mark goes in as Rust prints it ("60", "62.5"), so no number formatting of the
    // catalogue's can change it.
    let mark = checklist.scoring.pass_mark.to_string();
    put(
        ws,
        y,
        1,
        &words(lang).fmt("xlsx-pass-mark-note", &[("mark", mark.into())]),
        &f.base,
    )?;
    put(ws, y + 1, 1, view.caveat(), &f.base)?;
    Ok(())
}

fn evidence_sheet(ws: &mut Worksheet, view: &RunView, f: &Formats) -> Result<(), XlsxError> {
    let labels = labels(EVIDENCE_COLUMNS.map(|(key, _)| key), view.lang);
    put_header(ws, &labels, f)?;
    for (c, (_, w)) in EVIDENCE_COLUMNS.iter().enumerate() {
        ws.set_column_width(col(c), *w)?;
    }
    let mut links = 0;
    let mut y: u32 = 0;
    for full in super::full_units(view.run) {
        let u = UnitView::new(&full, view.checklist, view.lang);
        for i in &u.items {
            let Some(v) = i.verdict else {
                continue;
            };
            y += 1;
            put(ws, y, 0, &u.result.unit.id, &f.base)?;
            put(ws, y, 1, &u.result.unit.name_th, &f.base)?;
            put(ws, y, 2, &i.item.code, &f.base)?;
            put(ws, y, 3, i.name, &f.base)?;
            put(
                ws,
                y,
                4,
                &format!("{} {}", i.status.symbol(), i.label),
                f.verdict(i.status),
            )?;
            // f32 → f64 widening shows 0.8999999…; two decimals are all it has.
            let confidence = (f64::from(v.confidence) * 100.0).round() / 100.0;
            ws.write_number_with_format(y, 5, confidence, &f.percent)?;
            let first = i.first();
            match first {
                Some(e) => put_url(ws, y, 6, &e.url, f, &mut links)?,
                None => {
                    ws.write_blank(y, 6, &f.base)?;
                }
            }
            let mut others: Vec<&str> = Vec::new();
            for e in i.evidence.iter().skip(1) {
                if Some(e.url.as_str()) != first.map(|e| e.url.as_str())
                    && !others.contains(&e.url.as_str())
                {
                    others.push(&e.url);
                }
            }
            put(ws, y, 7, &others.join(", "), &f.base)?;
            put(ws, y, 8, first.map_or("", |e| e.path.as_str()), &f.base)?;
            put(ws, y, 9, &i.years_seen, &f.base)?;
            put(ws, y, 10, i.reason, &f.base)?;
            put(ws, y, 11, &i.missing, &f.base)?;
            put(ws, y, 12, i.fix(), &f.base)?;
        }
    }
    ws.set_freeze_panes(1, 3)?;
    ws.autofilter(0, 0, y, col(EVIDENCE_COLUMNS.len() - 1))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::cells::fixtures::*;

    /// Every string the workbook shows: its sheets' and the shared string table's.
    fn text_of(files: &std::collections::HashMap<String, String>) -> String {
        files
            .iter()
            .filter(|(n, _)| n.starts_with("xl/worksheets/sheet") || *n == "xl/sharedStrings.xml")
            .map(|(_, x)| x.as_str())
            .collect()
    }

    #[test]
    fn workbook_is_thai_safe_and_links_only_http() {
        let (results, c) = run();
        let bytes = workbook(&RunView::new(&results, &c, Lang::Th), &std::env::temp_dir()).unwrap();
        assert!(bytes.starts_with(b"PK"));
        let files = unzip(&bytes);
        // Sheets written in constant memory hold their strings inline.
        let strings = &text_of(&files);
        for thai in [
            "เทศบาลตำบลหนองบัว",
            "ชื่อหน่วยงาน",
            "คะแนน OIT โดยประมาณ (%)",
            "✓ พบ",
            "หน้าแรก → ITA → &lt;script&gt;alert(1)&lt;/script&gt; → โครงสร้างองค์กร",
            &c.items[3].hint_th,
        ] {
            assert!(strings.contains(thai), "the workbook lacks {thai}");
        }
        assert!(!strings.contains("<script>"));
        assert!(strings.contains("'=HYPERLINK"));
        assert!(strings.contains("'@SUM(1+1)"));
        for (name, xml) in &files {
            assert!(
                !xml.contains(">=HYPERLINK"),
                "{name} has a raw formula string"
            );
            if name.starts_with("xl/worksheets/sheet") {
                assert!(!xml.contains("<f>"), "{name} has a formula");
            }
        }
        let sheet1 = &files["xl/worksheets/sheet1.xml"];
        assert!(sheet1.contains("<autoFilter"));
        assert!(sheet1.contains("state=\"frozen\""));
        assert!(files["xl/workbook.xml"].contains("name=\"สรุปผล\""));
        assert!(files["xl/workbook.xml"].contains("name=\"ตารางผลรายข้อ\""));
        // Hyperlinks: only http(s), never javascript:.
        let rels: String = files
            .iter()
            .filter(|(n, _)| n.starts_with("xl/worksheets/_rels/"))
            .map(|(_, x)| x.as_str())
            .collect();
        assert!(rels.contains("https://u1.go.th/ita/structure\""));
        assert!(rels.contains("https://u4.go.th/"));
        assert!(!rels.to_lowercase().contains("javascript"));
        assert!(!rels.contains("data:"));
        // The javascript: URL is still shown, as text.
        assert!(strings.contains("javascript:alert(1)"));
        // Every font in the workbook is Tahoma.
        let styles = &files["xl/styles.xml"];
        let fonts = styles.matches("<name val=").count();
        assert!(fonts > 0);
        assert_eq!(fonts, styles.matches("<name val=\"Tahoma\"").count());
        // Same results, same bytes.
        assert_eq!(
            bytes,
            workbook(&RunView::new(&results, &c, Lang::Th), &std::env::temp_dir()).unwrap()
        );
        let en =
            unzip(&workbook(&RunView::new(&results, &c, Lang::En), &std::env::temp_dir()).unwrap());
        assert!(en["xl/workbook.xml"].contains("name=\"Evidence\""));
        assert!(text_of(&en).contains(&c.items[3].hint_en));
    }
}
