//! Tables for the people and tools around a run: `summary.csv` and an XLSX workbook for the
//! provincial staff who live in Excel, JUnit XML for CI dashboards, and each unit's ITAS
//! evidence sheet, the text a unit pastes into the NACC's ITAS form.
//!
//! Everything taken from a crawled site or the registry is hostile: before it reaches a CSV or
//! XLSX cell it goes through [`neutral_cell`], so no spreadsheet evaluates it, and only http(s)
//! URLs ever become hyperlinks.

use super::{Lang, RunResults, UnitResult, by_score, outcome_text, verdict_label};
use crate::checklist::{Checklist, Item};
use crate::crawl::Outcome;
use crate::detect::{Evidence, ItemVerdict, Verdict};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, FormatUnderline,
    Workbook, Worksheet, XlsxError,
};
use std::fmt::Write;

/// The UTF-8 byte-order mark: without it Excel reads a CSV as the ANSI code page and Thai
/// turns into mojibake.
const BOM: &[u8] = b"\xEF\xBB\xBF";
/// Excel's longest cell text, in UTF-16 units.
const MAX_CELL: usize = 32_767;
/// Excel's hyperlink limit per worksheet; later URLs are written as text.
const MAX_LINKS: usize = 65_530;
/// A font every Thai Windows and Office install has, with Thai glyphs.
const FONT: &str = "Tahoma";

/// Every verdict, in the order legends and counts list them.
const VERDICTS: [Verdict; 7] = [
    Verdict::Found,
    Verdict::WrongYear,
    Verdict::BrokenLink,
    Verdict::NeedsHuman,
    Verdict::Missing,
    Verdict::NotApplicable,
    Verdict::NotChecked,
];

/// The summary's fixed columns (English, Thai), before one column per item. The English labels
/// are the registry's own column names where they overlap, so scripts can join the two files.
const SUMMARY_COLUMNS: [(&str, &str); 19] = [
    ("id", "รหัสหน่วยงาน"),
    ("name_th", "ชื่อหน่วยงาน"),
    ("name_en", "ชื่อภาษาอังกฤษ"),
    ("type", "ประเภท"),
    ("province", "จังหวัด"),
    ("district", "อำเภอ"),
    ("url", "เว็บไซต์"),
    ("family", "ชุดตัวชี้วัด"),
    ("outcome", "ผลการเก็บข้อมูล"),
    ("estimated_score", "คะแนน OIT โดยประมาณ (%)"),
    ("below_pass", "ต่ำกว่าเกณฑ์"),
    ("found", "พบ"),
    ("wrong_year", "ผิดปี"),
    ("broken_link", "ลิงก์เสีย"),
    ("needs_human", "ต้องตรวจด้วยตนเอง"),
    ("missing", "ไม่พบ"),
    ("not_applicable", "ไม่เกี่ยวข้อง"),
    ("requests", "จำนวนคำขอ"),
    ("pages", "จำนวนหน้า"),
];

/// Verdicts counted in the summary, in `SUMMARY_COLUMNS` order.
const COUNTED: [Verdict; 6] = [
    Verdict::Found,
    Verdict::WrongYear,
    Verdict::BrokenLink,
    Verdict::NeedsHuman,
    Verdict::Missing,
    Verdict::NotApplicable,
];

/// The evidence sheet's columns (English, Thai).
const EVIDENCE_COLUMNS: [(&str, &str, f64); 13] = [
    ("Unit id", "รหัสหน่วยงาน", 14.0),
    ("Unit name", "ชื่อหน่วยงาน", 30.0),
    ("Item", "ข้อ", 6.0),
    ("Item name", "ชื่อข้อ", 40.0),
    ("Verdict", "ผล", 22.0),
    ("Confidence", "ความมั่นใจ", 10.0),
    ("Evidence URL", "ลิงก์หลักฐาน", 45.0),
    ("Other URLs", "ลิงก์อื่น", 40.0),
    ("Click path", "เส้นทางคลิก", 50.0),
    ("Years seen", "ปีที่พบ", 12.0),
    ("Reason", "เหตุผล", 60.0),
    ("Missing components", "องค์ประกอบที่ขาด", 30.0),
    ("How to fix", "วิธีแก้", 60.0),
];

/// A cell value from a crawled site made safe for spreadsheets: a value starting with = + - @
/// (or a tab / carriage return) gets a leading apostrophe ' so Excel/LibreOffice never evaluate it
/// (CSV/formula injection); control characters are removed.
///
/// Line breaks and tabs inside the text become one space (so words do not run together);
/// other control characters and bidi overrides (which can disguise a URL) are dropped. The
/// check also looks past leading spaces and past removed characters, so `"\u{1}=1+1"` and
/// `" =1+1"` are neutralised too.
pub fn neutral_cell(s: &str) -> String {
    let risky_start = |t: &str| t.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let risky = risky_start(s);
    let mut out = String::with_capacity(s.len() + 1);
    let mut space = false;
    for c in s.chars() {
        if matches!(c, '\t' | '\n' | '\r') {
            space = !out.is_empty();
            continue;
        }
        if c.is_control() || is_bidi_control(c) {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    if risky || risky_start(out.trim_start()) {
        out.insert(0, '\'');
    }
    out
}

/// Invisible characters that change how text reads: bidi embeddings, overrides and isolates
/// (they can disguise a URL), and a stray byte-order mark (it can hide a leading `=`).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// `neutral_cell`, cut to what one Excel cell holds.
fn cell(s: &str) -> String {
    clip(neutral_cell(s))
}

/// Cuts a string to Excel's cell limit, on a character boundary.
fn clip(mut s: String) -> String {
    if s.len() <= MAX_CELL {
        return s;
    }
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL {
            s.truncate(i);
            break;
        }
    }
    s
}

/// Text from a site for plain-text output: one line, no control characters, spaces collapsed.
fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control() || is_bidi_control(c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The URL parsed, when it is an http(s) URL with a host: the only kind made into a link.
fn http_url(u: &str) -> Option<url::Url> {
    let parsed = url::Url::parse(u.trim()).ok()?;
    (matches!(parsed.scheme(), "http" | "https")
        && parsed.host_str().is_some_and(|h| !h.is_empty()))
    .then_some(parsed)
}

/// A label short enough for a matrix cell; the legend gives the full one.
fn short_label(v: Verdict, lang: Lang) -> &'static str {
    match (v, lang) {
        (Verdict::WrongYear, Lang::Th) => "ผิดปี",
        (Verdict::NeedsHuman, Lang::Th) => "ตรวจเอง",
        (Verdict::NeedsHuman, Lang::En) => "check by eye",
        (Verdict::NotApplicable, Lang::En) => "n/a",
        _ => verdict_label(v, lang),
    }
}

/// What each verdict means, for the legend.
fn verdict_meaning(v: Verdict, lang: Lang) -> &'static str {
    match (v, lang) {
        (Verdict::Found, Lang::Th) => "พบหลักฐานบนเว็บไซต์ และเป็นของปีที่ประเมิน (ถ้าข้อนั้นกำหนดปี)",
        (Verdict::Found, Lang::En) => "published, for the checked year where one is needed",
        (Verdict::WrongYear, Lang::Th) => "พบ แต่เป็นข้อมูลของปีงบประมาณอื่น",
        (Verdict::WrongYear, Lang::En) => "published, but for another fiscal year",
        (Verdict::BrokenLink, Lang::Th) => "เว็บไซต์มีลิงก์ไปยังข้อมูล แต่ลิงก์เปิดไม่ได้",
        (Verdict::BrokenLink, Lang::En) => "the site links it, but the link is broken",
        (Verdict::NeedsHuman, Lang::Th) => "พบบางอย่าง แต่ต้องให้คนตรวจ (เช่น PDF ที่สแกน ไฟล์ที่อ่านไม่ได้)",
        (Verdict::NeedsHuman, Lang::En) => {
            "something is there but a person must judge it (a scanned PDF, an unreadable file)"
        }
        (Verdict::Missing, Lang::Th) => "ไม่พบบนเว็บไซต์",
        (Verdict::Missing, Lang::En) => "nothing found",
        (Verdict::NotApplicable, Lang::Th) => "ข้อนี้ไม่ใช้กับหน่วยงานประเภทนี้",
        (Verdict::NotApplicable, Lang::En) => "the item does not apply to this type of unit",
        (Verdict::NotChecked, Lang::Th) => "ตรวจไม่ได้ หรือหน่วยงานใช้ชุดตัวชี้วัดอื่น",
        (Verdict::NotChecked, Lang::En) => {
            "the site could not be checked, or uses another family's list"
        }
    }
}

/// The crawl outcome for a CSV: a fixed English word, then the reason (as `scan` prints it).
fn outcome_word(o: &Outcome) -> String {
    match o {
        Outcome::Complete => "complete".into(),
        Outcome::Partial { reason } => format!("partial: {reason}"),
        Outcome::Failed { reason } => format!("failed: {reason}"),
    }
}

fn item_name(item: &Item, lang: Lang) -> &str {
    match lang {
        Lang::Th => &item.name_th,
        Lang::En => &item.name_en,
    }
}

fn hint(item: &Item, lang: Lang) -> &str {
    match lang {
        Lang::Th => &item.hint_th,
        Lang::En => &item.hint_en,
    }
}

fn verdict_of<'a>(r: &'a UnitResult, code: &str) -> Option<&'a ItemVerdict> {
    r.verdicts.items.iter().find(|v| v.code == code)
}

/// Whether the unit's estimate is below the checklist's pass mark; `None` when not scored.
fn below_pass(r: &UnitResult, checklist: &Checklist) -> Option<bool> {
    r.verdicts
        .score
        .as_ref()
        .map(|s| s.percent < checklist.scoring.pass_mark)
}

fn count(r: &UnitResult, v: Verdict) -> usize {
    r.verdicts.items.iter().filter(|i| i.verdict == v).count()
}

/// The click path as a reader follows it: "หน้าแรก → ITA → โครงสร้าง".
fn click_path(e: &Evidence, lang: Lang) -> String {
    let home = if lang == Lang::Th {
        "หน้าแรก"
    } else {
        "Homepage"
    };
    path_from(home, e, false)
}

/// `start` then the click path's texts, each made one line; consecutive repeats are dropped.
/// With `link_text`, an empty click path falls back to the evidence's own text.
fn path_from(start: &str, e: &Evidence, link_text: bool) -> String {
    let mut steps: Vec<String> = vec![start.to_string()];
    let mut texts: Vec<&str> = e.click_path.iter().map(String::as_str).collect();
    if texts.is_empty() && link_text {
        texts.push(&e.text);
    }
    for t in texts {
        let t = one_line(t);
        if !t.is_empty() && steps.last() != Some(&t) {
            steps.push(t);
        }
    }
    steps.join(" → ")
}

/// Years shown by any of the evidence, first seen first.
fn years_seen(v: &ItemVerdict) -> String {
    let mut years: Vec<&str> = Vec::new();
    for y in v.evidence.iter().flat_map(|e| &e.years) {
        if !years.contains(&y.as_str()) {
            years.push(y);
        }
    }
    years.join(", ")
}

/// Whether a reader needs the how-to-fix hint for this verdict.
fn needs_hint(v: &ItemVerdict) -> bool {
    !matches!(v.verdict, Verdict::Found | Verdict::NotApplicable)
        || !v.missing_components.is_empty()
}

/// summary.csv: one row per unit (registry order) — id, name_th, name_en, type, province, district,
/// url, family, outcome (complete/partial/failed + reason), estimated score (1 decimal, empty when
/// not scored), below_pass (yes/no, pass mark from the checklist's scoring), counts of found /
/// wrong_year / broken_link / needs_human / missing / not_applicable, requests, pages, then one
/// column per checklist item code holding the verdict's kebab-case name (found, wrong-year, …).
/// UTF-8 **with BOM** (EF BB BF) so Excel shows Thai; header labels in Thai for Lang::Th, English for Lang::En.
///
/// Values stay machine-readable in both languages (type and family slugs, kebab-case verdicts,
/// yes/no) so scripts and pivot tables work on either file; the workbook is the one for reading.
pub fn summary_csv(results: &RunResults, checklist: &Checklist, lang: Lang) -> Vec<u8> {
    let mut w = csv_writer();
    let mut header: Vec<String> = SUMMARY_COLUMNS
        .iter()
        .map(|(en, th)| if lang == Lang::Th { th } else { en }.to_string())
        .collect();
    header.extend(checklist.items.iter().map(|i| cell(&i.code)));
    let _ = w.write_record(&header);
    for r in &results.units {
        let u = &r.unit;
        let mut row: Vec<String> = vec![
            cell(&u.id),
            cell(&u.name_th),
            cell(u.name_en.as_deref().unwrap_or("")),
            u.unit_type.slug().to_string(),
            cell(&u.province),
            cell(&u.district),
            cell(u.url.as_str()),
            r.verdicts.family.slug().to_string(),
            cell(&outcome_word(&r.outcome)),
            r.verdicts
                .score
                .as_ref()
                .map(|s| format!("{:.1}", s.percent))
                .unwrap_or_default(),
            match below_pass(r, checklist) {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            },
        ];
        row.extend(COUNTED.iter().map(|v| count(r, *v).to_string()));
        row.push(r.requests.to_string());
        row.push(r.pages.to_string());
        row.extend(checklist.items.iter().map(|i| {
            verdict_of(r, &i.code)
                .map(|v| v.verdict.slug().to_string())
                .unwrap_or_default()
        }));
        let _ = w.write_record(&row);
    }
    csv_bytes(w)
}

/// A CSV writer into memory that starts with the BOM and ends lines with CRLF, as Excel expects.
fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec())
}

fn csv_bytes(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    // Writing into a Vec cannot fail; into_inner only flushes.
    w.into_inner().unwrap_or_default()
}

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
        let verdict: [Format; 7] = VERDICTS.map(|v| {
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
    VERDICTS.iter().position(|x| *x == v).unwrap_or(0)
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
pub fn workbook(
    results: &RunResults,
    checklist: &Checklist,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let th = lang == Lang::Th;
    let f = Formats::new();
    let mut wb = Workbook::new();
    // Tahoma 11 on Windows: 7-pixel digits (64-pixel default columns), 20-pixel rows leave
    // room for Thai vowels and tone marks stacked above and below.
    wb.set_default_format(&f.base, 20, 64)?;
    let mut props = DocProperties::new()
        .set_title(if th {
            checklist.title_th.as_str()
        } else {
            checklist.title_en.as_str()
        })
        .set_comment(format!(
            "oitscan {} {}",
            results.oitscan_version, results.checklist
        ));
    if let Some(dt) = excel_time(&results.started_at) {
        props = props.set_creation_datetime(&dt);
    }
    wb.set_properties(&props);

    summary_sheet(
        wb.add_worksheet()
            .set_name(if th { "สรุปผล" } else { "Summary" })?,
        results,
        checklist,
        lang,
        &f,
    )?;
    matrix_sheet(
        wb.add_worksheet().set_name(if th {
            "ตารางผลรายข้อ"
        } else {
            "Matrix"
        })?,
        results,
        checklist,
        lang,
        &f,
    )?;
    evidence_sheet(
        wb.add_worksheet().set_name(if th {
            "หลักฐาน"
        } else {
            "Evidence"
        })?,
        results,
        checklist,
        lang,
        &f,
    )?;
    wb.save_to_buffer()
}

/// An RFC 3339 time as Excel's UTC date-time.
fn excel_time(rfc3339: &str) -> Option<ExcelDateTime> {
    let ts: jiff::Timestamp = rfc3339.parse().ok()?;
    ExcelDateTime::parse_from_str(&ts.strftime("%Y-%m-%dT%H:%M:%S").to_string()).ok()
}

fn summary_sheet(
    ws: &mut Worksheet,
    results: &RunResults,
    checklist: &Checklist,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let th = lang == Lang::Th;
    let mut labels: Vec<String> = SUMMARY_COLUMNS
        .iter()
        .map(|(en, t)| if th { t } else { en }.to_string())
        .collect();
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
    for (i, r) in results.units.iter().enumerate() {
        let y = row(i + 1);
        let u = &r.unit;
        put(ws, y, 0, &u.id, &f.base)?;
        put(ws, y, 1, &u.name_th, &f.base)?;
        put(ws, y, 2, u.name_en.as_deref().unwrap_or(""), &f.base)?;
        put(
            ws,
            y,
            3,
            if th {
                u.unit_type.name_th()
            } else {
                u.unit_type.slug()
            },
            &f.base,
        )?;
        put(ws, y, 4, &u.province, &f.base)?;
        put(ws, y, 5, &u.district, &f.base)?;
        put_url(ws, y, 6, u.url.as_str(), f, &mut links)?;
        put(ws, y, 7, r.verdicts.family.name(th), &f.base)?;
        put(ws, y, 8, &outcome_text(&r.outcome, lang), &f.base)?;
        let low = below_pass(r, checklist);
        match &r.verdicts.score {
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
            Some(true) => put(ws, y, 10, if th { "ใช่" } else { "yes" }, &f.flag_low)?,
            Some(false) => put(ws, y, 10, if th { "ไม่" } else { "no" }, &f.base)?,
            None => {
                ws.write_blank(y, 10, &f.base)?;
            }
        }
        for (k, v) in COUNTED.iter().enumerate() {
            ws.write_number_with_format(y, col(11 + k), count(r, *v) as f64, &f.int)?;
        }
        ws.write_number_with_format(y, 17, r.requests as f64, &f.int)?;
        ws.write_number_with_format(y, 18, r.pages as f64, &f.int)?;
        for (k, item) in checklist.items.iter().enumerate() {
            let c = col(first_item + k);
            match verdict_of(r, &item.code) {
                Some(v) => put(ws, y, c, short_label(v.verdict, lang), f.verdict(v.verdict))?,
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
        row(results.units.len()),
        col(labels.len().saturating_sub(1)),
    )?;
    Ok(())
}

fn matrix_sheet(
    ws: &mut Worksheet,
    results: &RunResults,
    checklist: &Checklist,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let th = lang == Lang::Th;
    let mut labels: Vec<String> = vec![
        if th {
            "รหัสหน่วยงาน"
        } else {
            "Unit id"
        }
        .into(),
        if th {
            "หน่วยงาน"
        } else {
            "Unit"
        }
        .into(),
        if th {
            "คะแนนโดยประมาณ (%)"
        } else {
            "Est. score (%)"
        }
        .into(),
    ];
    labels.extend(checklist.items.iter().map(|i| i.code.clone()));
    put_header(ws, &labels, f)?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 32)?;
    ws.set_column_width(2, 12)?;
    for i in 0..checklist.items.len() {
        ws.set_column_width(col(3 + i), 12)?;
    }
    let units = by_score(results);
    for (i, r) in units.iter().enumerate() {
        let y = row(i + 1);
        put(ws, y, 0, &r.unit.id, &f.base)?;
        put(ws, y, 1, &r.unit.name_th, &f.base)?;
        match &r.verdicts.score {
            Some(s) => {
                let fmt = if below_pass(r, checklist) == Some(true) {
                    &f.score_low
                } else {
                    &f.score
                };
                ws.write_number_with_format(y, 2, s.percent, fmt)?;
            }
            None => put(
                ws,
                y,
                2,
                if th {
                    "ไม่ประเมิน"
                } else {
                    "not scored"
                },
                &f.muted,
            )?,
        }
        for (k, item) in checklist.items.iter().enumerate() {
            let c = col(3 + k);
            match verdict_of(r, &item.code) {
                Some(v) => put(
                    ws,
                    y,
                    c,
                    &format!("{} {}", v.verdict.symbol(), short_label(v.verdict, lang)),
                    f.verdict_center(v.verdict),
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
    put(
        ws,
        y,
        0,
        if th {
            "คำอธิบายสัญลักษณ์"
        } else {
            "Legend"
        },
        &f.bold,
    )?;
    for v in VERDICTS {
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
            &format!("{} — {}", verdict_label(v, lang), verdict_meaning(v, lang)),
            &f.base,
        )?;
    }
    y += 2;
    put(
        ws,
        y,
        0,
        if th {
            "รายการตรวจ"
        } else {
            "Items"
        },
        &f.bold,
    )?;
    for item in &checklist.items {
        y += 1;
        put(ws, y, 0, &item.code, &f.base)?;
        put(ws, y, 1, item_name(item, lang), &f.base)?;
    }
    y += 2;
    put(
        ws,
        y,
        0,
        if th {
            "หมายเหตุ"
        } else {
            "Note"
        },
        &f.bold,
    )?;
    put(
        ws,
        y,
        1,
        &if th {
            format!(
                "เกณฑ์ผ่าน {} คะแนน (ร้อยละ) คะแนนที่ต่ำกว่าเกณฑ์แสดงด้วยสีแดง",
                checklist.scoring.pass_mark
            )
        } else {
            format!(
                "Pass mark {}%; scores below it are shown in red.",
                checklist.scoring.pass_mark
            )
        },
        &f.base,
    )?;
    put(
        ws,
        y + 1,
        1,
        if th {
            &checklist.scoring.caveat_th
        } else {
            &checklist.scoring.caveat_en
        },
        &f.base,
    )?;
    Ok(())
}

fn evidence_sheet(
    ws: &mut Worksheet,
    results: &RunResults,
    checklist: &Checklist,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let th = lang == Lang::Th;
    let labels: Vec<String> = EVIDENCE_COLUMNS
        .iter()
        .map(|(en, t, _)| if th { t } else { en }.to_string())
        .collect();
    put_header(ws, &labels, f)?;
    for (c, (_, _, w)) in EVIDENCE_COLUMNS.iter().enumerate() {
        ws.set_column_width(col(c), *w)?;
    }
    let mut links = 0;
    let mut y: u32 = 0;
    for r in &results.units {
        for item in &checklist.items {
            let Some(v) = verdict_of(r, &item.code) else {
                continue;
            };
            y += 1;
            put(ws, y, 0, &r.unit.id, &f.base)?;
            put(ws, y, 1, &r.unit.name_th, &f.base)?;
            put(ws, y, 2, &item.code, &f.base)?;
            put(ws, y, 3, item_name(item, lang), &f.base)?;
            put(
                ws,
                y,
                4,
                &format!("{} {}", v.verdict.symbol(), verdict_label(v.verdict, lang)),
                f.verdict(v.verdict),
            )?;
            // f32 → f64 widening shows 0.8999999…; two decimals are all it has.
            let confidence = (f64::from(v.confidence) * 100.0).round() / 100.0;
            ws.write_number_with_format(y, 5, confidence, &f.percent)?;
            let first = v.evidence.first();
            match first {
                Some(e) => put_url(ws, y, 6, &e.url, f, &mut links)?,
                None => {
                    ws.write_blank(y, 6, &f.base)?;
                }
            }
            let mut others: Vec<&str> = Vec::new();
            for e in v.evidence.iter().skip(1) {
                if Some(e.url.as_str()) != first.map(|e| e.url.as_str())
                    && !others.contains(&e.url.as_str())
                {
                    others.push(&e.url);
                }
            }
            put(ws, y, 7, &others.join(", "), &f.base)?;
            put(
                ws,
                y,
                8,
                &first.map(|e| click_path(e, lang)).unwrap_or_default(),
                &f.base,
            )?;
            put(ws, y, 9, &years_seen(v), &f.base)?;
            put(ws, y, 10, v.reason_in(lang == Lang::Th), &f.base)?;
            put(ws, y, 11, &v.missing_components.join(", "), &f.base)?;
            put(
                ws,
                y,
                12,
                if needs_hint(v) { hint(item, lang) } else { "" },
                &f.base,
            )?;
        }
    }
    ws.set_freeze_panes(1, 3)?;
    ws.autofilter(0, 0, y, col(EVIDENCE_COLUMNS.len() - 1))?;
    Ok(())
}

/// JUnit XML: one `<testsuite>` per unit, one `<testcase>` per checklist item
/// (name "O12 item name", classname = unit id); Found / NotApplicable pass; Missing, WrongYear,
/// BrokenLink fail with a message (the verdict's reason); NeedsHuman and NotChecked are skipped
/// with the reason; a unit whose crawl failed gets one failing case "crawl" with the reason.
///
/// CI servers and dashboards already chart JUnit results, so a scheduled scan shows each unit's
/// gaps and their history there with no extra tooling. A failed crawl has no item cases: its
/// items were never looked at, and one red "crawl" case says so plainly.
pub fn junit(results: &RunResults, checklist: &Checklist, lang: Lang) -> String {
    use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};
    let mut report = Report::new(format!("oitscan {}", results.checklist));
    for r in &results.units {
        let u = &r.unit;
        let mut suite = TestSuite::new(format!("{} {}", u.id, one_line(&u.name_th)));
        suite.set_time(std::time::Duration::from_millis(r.elapsed_ms));
        suite.add_property(Property::new("url", u.url.as_str()));
        suite.add_property(Property::new("outcome", outcome_word(&r.outcome)));
        if let Some(s) = &r.verdicts.score {
            suite.add_property(Property::new(
                "estimated_score",
                format!("{:.1}", s.percent),
            ));
        }
        if let Outcome::Failed { reason } = &r.outcome {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status.set_message(reason.as_str()).set_type("crawl-failed");
            let mut case = TestCase::new("crawl", status);
            case.set_classname(u.id.as_str());
            suite.add_test_case(case);
            report.add_test_suite(suite);
            continue;
        }
        for item in &checklist.items {
            let name = format!("{} {}", item.code, one_line(item_name(item, lang)));
            let status = match verdict_of(r, &item.code) {
                None => {
                    let mut s = TestCaseStatus::skipped();
                    s.set_message("not checked").set_type("not-checked");
                    s
                }
                Some(v) => match v.verdict {
                    Verdict::Found | Verdict::NotApplicable => TestCaseStatus::success(),
                    Verdict::Missing | Verdict::WrongYear | Verdict::BrokenLink => {
                        let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                        let mut detail =
                            format!("{}\n{}", verdict_label(v.verdict, lang), hint(item, lang));
                        if let Some(e) = v.evidence.first() {
                            let _ = write!(detail, "\n{}", e.url);
                        }
                        s.set_message(v.reason_in(lang == Lang::Th))
                            .set_type(v.verdict.slug())
                            .set_description(detail);
                        s
                    }
                    Verdict::NeedsHuman | Verdict::NotChecked => {
                        let mut s = TestCaseStatus::skipped();
                        s.set_message(v.reason_in(lang == Lang::Th))
                            .set_type(v.verdict.slug());
                        s
                    }
                },
            };
            let mut case = TestCase::new(name, status);
            case.set_classname(u.id.as_str());
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    // Serialising into memory fails only on an I/O error, which a String cannot raise.
    report.to_string().unwrap_or_default()
}

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
    use crate::checklist::Checklist;
    use crate::detect::{Evidence, ItemVerdict, UnitVerdicts};
    use crate::thai::FiscalYear;
    use crate::units::{Family, Unit, UnitType};
    use std::io::Read;

    const EVIL: &str = "=HYPERLINK(\"http://evil\",\"คลิก\")";

    fn checklist() -> Checklist {
        Checklist::builtin(Family::Nacc, 2568).unwrap()
    }

    fn unit(id: &str, name: &str, family: Family) -> Unit {
        Unit {
            id: id.into(),
            name_th: name.into(),
            name_en: None,
            unit_type: UnitType::SubdistrictMunicipality,
            province: "ขอนแก่น".into(),
            district: "เมืองขอนแก่น".into(),
            url: url::Url::parse(&format!("https://{id}.go.th/")).unwrap(),
            extra_hosts: vec![],
            family,
            line: 2,
        }
    }

    fn ev(url: &str, path: &[&str], years: &[&str]) -> Evidence {
        Evidence {
            url: url.into(),
            click_path: path.iter().map(|s| s.to_string()).collect(),
            matched: "โครงสร้าง".into(),
            text: path.last().copied().unwrap_or("").into(),
            years: years.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn iv(code: &str, verdict: Verdict, reason: &str, evidence: Vec<Evidence>) -> ItemVerdict {
        ItemVerdict {
            code: code.into(),
            verdict,
            confidence: 0.9,
            reason: reason.into(),
            reason_th: String::new(),
            evidence,
            missing_components: vec![],
        }
    }

    fn result(
        u: Unit,
        outcome: Outcome,
        items: Vec<ItemVerdict>,
        family: Family,
        c: &Checklist,
    ) -> UnitResult {
        let scored = family == Family::Nacc && !matches!(outcome, Outcome::Failed { .. });
        let score = scored.then(|| {
            c.estimate(u.unit_type, &|code: &str| {
                items
                    .iter()
                    .any(|v| v.code == code && v.verdict == Verdict::Found)
            })
        });
        UnitResult {
            since: None,
            outcome,
            requests: 40,
            pages: 30,
            documents: 5,
            elapsed_ms: 1234,
            bytes: 0,
            revalidated: 0,
            bytes_saved: 0,
            crawl_errors: vec![],
            findings: vec![],
            verdicts: UnitVerdicts {
                unit_id: u.id.clone(),
                checklist: "nacc-2568".into(),
                fiscal_year: FiscalYear(2568),
                family,
                family_note: None,
                hubs: vec![],
                items,
                score,
            },
            unit: u,
        }
    }

    /// u1: a hostile, low-scoring town; u2: a failed crawl; u3: a hospital on the MOIT list;
    /// u4: a unit with every item found.
    fn run() -> (RunResults, Checklist) {
        let c = checklist();
        let codes: Vec<String> = c.items.iter().map(|i| i.code.clone()).collect();
        let mut u1 = unit("u1", "เทศบาลตำบลหนองบัว", Family::Nacc);
        u1.name_en = Some(EVIL.into());
        u1.district = "@SUM(1+1)".into();
        let items1: Vec<ItemVerdict> = codes
            .iter()
            .enumerate()
            .map(|(i, code)| match i {
                0 => iv(
                    code,
                    Verdict::Found,
                    "found \"โครงสร้าง\"",
                    vec![
                        ev(
                            "https://u1.go.th/ita/structure",
                            &["ITA", "<script>alert(1)</script>", "โครงสร้างองค์กร"],
                            &["2568"],
                        ),
                        ev("javascript:alert(1)", &["ITA", "โครงสร้าง"], &[]),
                        ev("https://u1.go.th/ita/structure2", &["ข้อมูลพื้นฐาน"], &[]),
                    ],
                ),
                1 => iv(
                    code,
                    Verdict::Found,
                    "found",
                    vec![ev("javascript:alert(1)", &[EVIL], &[])],
                ),
                2 => iv(
                    code,
                    Verdict::WrongYear,
                    EVIL,
                    vec![ev("https://u1.go.th/plan2567.pdf", &["แผน"], &["2567"])],
                ),
                _ => iv(code, Verdict::Missing, "nothing found", vec![]),
            })
            .collect();
        let r1 = result(u1, Outcome::Complete, items1, Family::Nacc, &c);
        let not_checked = |reason: &str| -> Vec<ItemVerdict> {
            codes
                .iter()
                .map(|code| iv(code, Verdict::NotChecked, reason, vec![]))
                .collect()
        };
        let r2 = result(
            unit("u2", "อบต.ปิดเว็บ", Family::Nacc),
            Outcome::Failed {
                reason: "connection refused".into(),
            },
            not_checked("site could not be crawled: connection refused"),
            Family::Nacc,
            &c,
        );
        let r3 = result(
            unit("u3", "โรงพยาบาลหนองบัว", Family::MophMoit),
            Outcome::Complete,
            not_checked("the unit publishes the moph-moit list, not the nacc list"),
            Family::MophMoit,
            &c,
        );
        let items4 = codes
            .iter()
            .map(|code| {
                iv(
                    code,
                    Verdict::Found,
                    "found",
                    vec![ev(&format!("https://u4.go.th/{code}"), &["ITA", code], &[])],
                )
            })
            .collect();
        let r4 = result(
            unit("u4", "เทศบาลเมืองดี", Family::Nacc),
            Outcome::Partial {
                reason: "request budget reached".into(),
            },
            items4,
            Family::Nacc,
            &c,
        );
        let results = RunResults {
            results_version: super::super::RESULTS_VERSION,
            oitscan_version: "0.1.0".into(),
            started_at: "2025-06-01T10:00:00+07:00".into(),
            finished_at: "2025-06-01T10:05:00+07:00".into(),
            checklist: "nacc-2568".into(),
            checklist_source: "builtin:nacc-2568.toml".into(),
            fiscal_year: 2568,
            units: vec![r1, r2, r3, r4],
            invalid_rows: vec![],
            notes: vec![],
            stopped: None,
        };
        (results, c)
    }

    fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
        assert!(bytes.starts_with(BOM), "CSV must start with the UTF-8 BOM");
        let mut rd = csv::Reader::from_reader(&bytes[BOM.len()..]);
        let header = rd.headers().unwrap().iter().map(str::to_owned).collect();
        let rows = rd
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        (header, rows)
    }

    fn unzip(bytes: &[u8]) -> std::collections::HashMap<String, String> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut out = std::collections::HashMap::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut s = String::new();
            if f.read_to_string(&mut s).is_ok() {
                out.insert(name, s);
            }
        }
        out
    }

    #[test]
    fn neutral_cell_defuses_formulas_and_controls() {
        assert_eq!(neutral_cell("=1+1"), "'=1+1");
        assert_eq!(neutral_cell("+66 43 000"), "'+66 43 000");
        assert_eq!(neutral_cell("-2+3"), "'-2+3");
        assert_eq!(neutral_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutral_cell("\t=1"), "'=1");
        assert_eq!(neutral_cell("\rx"), "'x");
        assert_eq!(
            neutral_cell("\u{1}=cmd|' /C calc'!A0"),
            "'=cmd|' /C calc'!A0"
        );
        assert_eq!(neutral_cell("  =1"), "'  =1");
        assert_eq!(neutral_cell("a\r\nb\u{0}c\u{202E}d"), "a bcd");
        assert_eq!(neutral_cell("\u{FEFF}=1"), "'=1");
        assert_eq!(neutral_cell("เทศบาล = ดี"), "เทศบาล = ดี");
        assert_eq!(neutral_cell("https://x.go.th/a"), "https://x.go.th/a");
        assert_eq!(neutral_cell(""), "");
        assert_eq!(clip("ก".repeat(40_000)).chars().count(), MAX_CELL);
    }

    #[test]
    fn only_http_urls_are_links() {
        assert!(http_url("https://x.go.th/a").is_some());
        assert!(http_url("HTTP://X.GO.TH/").is_some());
        assert!(http_url("javascript:alert(1)").is_none());
        assert!(http_url(" JavaScript:alert(1)").is_none());
        assert!(http_url("data:text/html,<script>").is_none());
        assert!(http_url("file:///etc/passwd").is_none());
        assert!(http_url("/relative").is_none());
    }

    #[test]
    fn verdict_slugs_follow_serde() {
        for v in [
            Verdict::Found,
            Verdict::WrongYear,
            Verdict::BrokenLink,
            Verdict::NeedsHuman,
            Verdict::Missing,
            Verdict::NotApplicable,
            Verdict::NotChecked,
        ] {
            assert_eq!(serde_json::to_value(v).unwrap(), v.slug());
        }
    }

    #[test]
    fn summary_csv_has_bom_columns_counts_and_no_formulas() {
        let (results, c) = run();
        for lang in [Lang::Th, Lang::En] {
            let (header, rows) = read_csv(&summary_csv(&results, &c, lang));
            assert_eq!(header.len(), SUMMARY_COLUMNS.len() + c.items.len());
            assert_eq!(rows.len(), 4);
            assert!(rows.iter().all(|r| r.len() == header.len()));
            assert_eq!(header[19], c.items[0].code);
            if lang == Lang::Th {
                assert_eq!(header[1], "ชื่อหน่วยงาน");
            } else {
                assert_eq!(&header[..3], ["id", "name_th", "name_en"]);
            }
        }
        let (header, rows) = read_csv(&summary_csv(&results, &c, Lang::En));
        let at =
            |r: &Vec<String>, name: &str| r[header.iter().position(|h| h == name).unwrap()].clone();
        let u1 = &rows[0];
        assert_eq!(u1[0], "u1");
        assert_eq!(u1[1], "เทศบาลตำบลหนองบัว");
        assert_eq!(at(u1, "name_en"), format!("'{EVIL}"));
        assert_eq!(at(u1, "district"), "'@SUM(1+1)");
        assert_eq!(at(u1, "type"), "subdistrict-municipality");
        assert_eq!(at(u1, "outcome"), "complete");
        assert_eq!(at(u1, "below_pass"), "yes");
        assert_eq!(at(u1, "found"), "2");
        assert_eq!(at(u1, "wrong_year"), "1");
        assert_eq!(at(u1, "missing"), (c.items.len() - 3).to_string());
        assert_eq!(at(u1, "requests"), "40");
        let score: f64 = at(u1, "estimated_score").parse().unwrap();
        assert!(score < c.scoring.pass_mark);
        assert_eq!(
            at(u1, "estimated_score").split('.').nth(1).unwrap().len(),
            1
        );
        assert_eq!(at(u1, &c.items[0].code), "found");
        assert_eq!(at(u1, &c.items[2].code), "wrong-year");
        assert_eq!(at(u1, &c.items[3].code), "missing");
        let u2 = &rows[1];
        assert_eq!(at(u2, "outcome"), "failed: connection refused");
        assert_eq!(at(u2, "estimated_score"), "");
        assert_eq!(at(u2, "below_pass"), "");
        assert_eq!(at(u2, &c.items[0].code), "not-checked");
        let u3 = &rows[2];
        assert_eq!(at(u3, "family"), "moph-moit");
        assert_eq!(at(u3, "estimated_score"), "");
        let u4 = &rows[3];
        assert_eq!(at(u4, "estimated_score"), "100.0");
        assert_eq!(at(u4, "below_pass"), "no");
        assert_eq!(at(u4, "outcome"), "partial: request budget reached");
        // Nothing in any cell starts like a formula.
        for r in &rows {
            for v in r {
                assert!(!v.starts_with(['=', '+', '@']), "unsafe cell {v:?}");
            }
        }
    }

    #[test]
    fn workbook_is_thai_safe_and_links_only_http() {
        let (results, c) = run();
        let bytes = workbook(&results, &c, Lang::Th).unwrap();
        assert!(bytes.starts_with(b"PK"));
        let files = unzip(&bytes);
        let strings = &files["xl/sharedStrings.xml"];
        for thai in [
            "เทศบาลตำบลหนองบัว",
            "ชื่อหน่วยงาน",
            "คะแนน OIT โดยประมาณ (%)",
            "✓ พบ",
            "หน้าแรก → ITA → &lt;script&gt;alert(1)&lt;/script&gt; → โครงสร้างองค์กร",
            &c.items[3].hint_th,
        ] {
            assert!(strings.contains(thai), "sharedStrings lacks {thai}");
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
        assert_eq!(bytes, workbook(&results, &c, Lang::Th).unwrap());
        let en = unzip(&workbook(&results, &c, Lang::En).unwrap());
        assert!(en["xl/workbook.xml"].contains("name=\"Evidence\""));
        assert!(en["xl/sharedStrings.xml"].contains(&c.items[3].hint_en));
    }

    #[test]
    fn matrix_puts_lowest_scores_first_and_unscored_last() {
        let (results, _) = run();
        let ids: Vec<&str> = by_score(&results)
            .iter()
            .map(|r| r.unit.id.as_str())
            .collect();
        assert_eq!(ids, ["u1", "u4", "u2", "u3"]);
    }

    #[test]
    fn junit_counts_cases_failures_and_skips() {
        use quick_xml::events::Event;
        let (results, c) = run();
        let xml = junit(&results, &c, Lang::Th);
        let v1 = quick_xml::XmlVersion::Implicit1_0;
        let mut rd = quick_xml::Reader::from_str(&xml);
        let (mut suites, mut cases, mut failures, mut skipped) = (0, 0, 0, 0);
        let mut names = Vec::new();
        loop {
            match rd.read_event().unwrap() {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                    "testsuite" => suites += 1,
                    "testcase" => {
                        cases += 1;
                        let name = e.try_get_attribute("name").unwrap().unwrap();
                        let class = e.try_get_attribute("classname").unwrap().unwrap();
                        names.push((
                            name.normalized_value(v1).unwrap().into_owned(),
                            class.normalized_value(v1).unwrap().into_owned(),
                        ));
                    }
                    "failure" => failures += 1,
                    "skipped" => skipped += 1,
                    _ => {}
                },
                _ => {}
            }
        }
        let n = c.items.len();
        assert_eq!(suites, 4);
        // u1, u3 and u4 one case per item; u2 the single "crawl" case.
        assert_eq!(cases, 3 * n + 1);
        // u1: one wrong year and n - 3 missing; u2: the crawl.
        assert_eq!(failures, (n - 2) + 1);
        assert_eq!(skipped, n);
        assert_eq!(
            names[0],
            (
                format!("{} {}", c.items[0].code, c.items[0].name_th),
                "u1".into()
            )
        );
        assert!(names.contains(&("crawl".into(), "u2".into())));
        assert!(xml.contains("connection refused"));
        assert!(!xml.contains("<script>"));
    }

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
