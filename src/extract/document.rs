//! Documents → text: PDF (first pages, in-process with pdf-inspector), XLSX/XLS/ODS
//! (calamine) and DOCX (zip + quick-xml). A PDF with no text layer is *scanned*, not empty:
//! the report asks a person to look rather than calling the item missing.
//!
//! The input is hostile (corrupt files, zip bombs, parsers with known panics), so
//! [`extract_isolated`] runs an extractor on a blocking thread under a timeout and turns a
//! panic into an error; the crawl goes on either way.

use serde::{Deserialize, Serialize};
use std::io::{Cursor, Read};
use std::time::Duration;

/// Most characters of text kept per document.
pub const MAX_TEXT: usize = 20_000;
/// PDF pages read (titles and years are on the first pages).
pub const PDF_PAGES: u32 = 5;
/// Largest decompressed XML part read from a DOCX.
const MAX_XML: u64 = 8 * 1024 * 1024;

/// What a document says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocText {
    /// "pdf", "xlsx", "docx" or "other".
    pub kind: String,
    /// Normalised-enough text (white space folded), capped.
    pub text: String,
    /// A PDF with no text layer: a scan.
    #[serde(default)]
    pub scanned: bool,
    /// Title from the document's metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Pages (PDF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// Why the text could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

fn cap(s: &str) -> String {
    let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match folded.char_indices().nth(MAX_TEXT) {
        Some((i, _)) => folded[..i].to_string(),
        None => folded,
    }
}

/// Which extractor a document needs, from its sniffed content type and name.
pub fn kind_of(content_type: &str, path: &str) -> &'static str {
    let ct = content_type.to_ascii_lowercase();
    let p = path.to_ascii_lowercase();
    if ct.contains("pdf") || p.ends_with(".pdf") {
        "pdf"
    } else if ct.contains("spreadsheet")
        || ct.contains("excel")
        || p.ends_with(".xlsx")
        || p.ends_with(".xls")
        || p.ends_with(".ods")
    {
        "xlsx"
    } else if ct.contains("wordprocessing") || p.ends_with(".docx") {
        "docx"
    } else {
        "other"
    }
}

fn pdf(bytes: &[u8]) -> DocText {
    let opts = pdf_inspector::PdfOptions::new().pages(1..=PDF_PAGES);
    match pdf_inspector::process_pdf_mem_with_options(bytes, opts) {
        Ok(r) => {
            let text = r.markdown.unwrap_or_default();
            let scanned = matches!(
                r.pdf_type,
                pdf_inspector::PdfType::Scanned | pdf_inspector::PdfType::ImageBased
            ) || text
                .chars()
                .filter(|c| c.is_alphanumeric())
                .take(20)
                .count()
                < 20;
            DocText {
                kind: "pdf".into(),
                text: cap(&text),
                scanned,
                title: r.title.filter(|t| !t.trim().is_empty()),
                pages: Some(r.page_count),
                error: None,
            }
        }
        Err(e) => DocText {
            kind: "pdf".into(),
            error: Some(format!("unreadable PDF: {e}")),
            ..DocText::default()
        },
    }
}

/// Most bytes a document's zip may unpack to, all parts together: a zip bomb of a few
/// hundred kilobytes must not unpack gigabytes in the reader. Published spreadsheets and
/// documents unpack to a few MB; 128 MB leaves room for big procurement exports.
const MAX_UNPACKED: u64 = 128 * 1024 * 1024;

/// Most cells a sheet may hold or span (rows × columns up to its furthest cell): the reader
/// builds the whole grid in memory, so two cells at A1 and XFD1048576 would ask for 17 billion,
/// and 150 MB of cells written without addresses took 540 MB. Two million cells (a 66,000-row
/// sheet of 30 columns) stay within the extraction worker's memory with room to spare.
const MAX_CELLS: u64 = 2_000_000;

/// Cheap checks on an Office file before any reader sees it: the unpacked size its zip
/// declares, and for spreadsheets how many cells each sheet holds and spans. Sheets are
/// streamed through an XML tokenizer, never held whole.
fn office_guard(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, sheets: bool) -> Result<(), String> {
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|e| e.to_string())?;
        unpacked = unpacked.saturating_add(f.size());
    }
    if unpacked > MAX_UNPACKED {
        return Err(format!(
            "it would unpack to {} MB (a zip bomb?); not read",
            unpacked / (1024 * 1024)
        ));
    }
    if !sheets {
        return Ok(());
    }
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(|e| e.to_string())?;
        let name = f.name().map_err(|e| e.to_string())?.to_string();
        if !(name.starts_with("xl/worksheets/") && name.ends_with(".xml")) {
            continue;
        }
        // A part may declare less than it holds: read no more than the whole zip may unpack to.
        let extent = sheet_extent(std::io::BufReader::new(f.take(MAX_UNPACKED)))?;
        if extent.cells > MAX_CELLS {
            return Err(format!(
                "a sheet holds more than the {MAX_CELLS} cells read"
            ));
        }
        if extent.rows.saturating_mul(extent.cols) > MAX_CELLS {
            return Err(format!(
                "a sheet spans {} rows × {} columns, more than the {MAX_CELLS} cells read",
                extent.rows, extent.cols
            ));
        }
    }
    Ok(())
}

/// How much of a grid a sheet's XML asks for.
#[derive(Debug, Default, PartialEq)]
struct SheetExtent {
    /// Furthest row named by a cell or row address or the sheet's `<dimension>`, or counted.
    rows: u64,
    /// Furthest column named.
    cols: u64,
    /// Cells written (`<c>` elements, with or without an address).
    cells: u64,
}

/// Streams a sheet's XML and measures it; stops counting once it is over the limit.
fn sheet_extent(xml: impl std::io::BufRead) -> Result<SheetExtent, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut ext = SheetExtent::default();
    let mut rows_seen = 0u64;
    loop {
        let e = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => e,
            Ok(Event::Eof) => break,
            Ok(_) => {
                buf.clear();
                continue;
            }
            Err(e) => return Err(format!("the sheet is not well-formed XML: {e}")),
        };
        let attr = match e.local_name().as_ref() {
            "c" => {
                ext.cells += 1;
                Some("r")
            }
            "row" => {
                rows_seen += 1;
                Some("r")
            }
            "dimension" => Some("ref"),
            _ => None,
        };
        if let Some(key) = attr
            && let Ok(Some(a)) = e.try_get_attribute(key)
        {
            for part in a.value.split(':') {
                let (row, col) = cell_address(part.as_bytes());
                ext.rows = ext.rows.max(row);
                ext.cols = ext.cols.max(col);
            }
        }
        if ext.cells > MAX_CELLS {
            break;
        }
        buf.clear();
    }
    ext.rows = ext.rows.max(rows_seen);
    Ok(ext)
}

/// Row and column (1-based; 0 where absent) of an address like `B12`, `B` or `12`.
fn cell_address(addr: &[u8]) -> (u64, u64) {
    let letters = addr.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let col = addr[..letters.min(3)].iter().fold(0u64, |n, c| {
        n * 26 + u64::from(c.to_ascii_uppercase() - b'A' + 1)
    });
    let row = addr[letters..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .take(9)
        .fold(0u64, |n, c| n * 10 + u64::from(c - b'0'));
    (row, col)
}

fn spreadsheet(bytes: &[u8]) -> DocText {
    use calamine::Reader;
    let guarded = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| e.to_string())
        .and_then(|mut z| office_guard(&mut z, true));
    if let Err(why) = guarded {
        return DocText {
            kind: "xlsx".into(),
            error: Some(format!("unreadable spreadsheet: {why}")),
            ..DocText::default()
        };
    }
    match calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())) {
        Ok(mut wb) => {
            let mut text = String::new();
            'sheets: for (name, range) in wb.worksheets() {
                text.push_str(&name);
                text.push('\n');
                for row in range.rows() {
                    for cell in row {
                        let s = cell.to_string();
                        if !s.is_empty() {
                            text.push_str(&s);
                            text.push(' ');
                        }
                    }
                    text.push('\n');
                    if text.len() > MAX_TEXT * 4 {
                        break 'sheets;
                    }
                }
            }
            DocText {
                kind: "xlsx".into(),
                text: cap(&text),
                ..DocText::default()
            }
        }
        Err(e) => DocText {
            kind: "xlsx".into(),
            error: Some(format!("unreadable spreadsheet: {e}")),
            ..DocText::default()
        },
    }
}

fn docx(bytes: &[u8]) -> DocText {
    let fail = |e: String| DocText {
        kind: "docx".into(),
        error: Some(format!("unreadable DOCX: {e}")),
        ..DocText::default()
    };
    let mut zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => return fail(e.to_string()),
    };
    if let Err(why) = office_guard(&mut zip, false) {
        return fail(why);
    }
    let mut xml = String::new();
    match zip.by_name("word/document.xml") {
        Ok(f) => {
            if let Err(e) = f.take(MAX_XML).read_to_string(&mut xml) {
                return fail(e.to_string());
            }
        }
        Err(e) => return fail(e.to_string()),
    }
    // w:t runs, a line per w:p; entity references arrive as their own events (quick-xml ≥ 0.38).
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut text = String::new();
    let mut in_t = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "t" => in_t = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == "t" => in_t = false,
            Ok(Event::End(e)) if e.local_name().as_ref() == "p" => text.push('\n'),
            Ok(Event::Text(t)) if in_t => text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if in_t => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else {
                    text.push_str(match r.into_inner().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        if text.len() > MAX_TEXT * 4 {
            break;
        }
    }
    DocText {
        kind: "docx".into(),
        text: cap(&text),
        ..DocText::default()
    }
}

/// Extracts a document's text. May panic on hostile input; call [`extract_isolated`].
pub fn extract(bytes: &[u8], content_type: &str, path: &str) -> DocText {
    match kind_of(content_type, path) {
        "pdf" => pdf(bytes),
        "xlsx" => spreadsheet(bytes),
        "docx" => docx(bytes),
        _ => DocText {
            kind: "other".into(),
            ..DocText::default()
        },
    }
}

/// Extracts on a blocking thread, under `timeout`, with panics caught: hostile documents can
/// neither crash nor stall the crawl. (A timed-out extractor finishes in the background; its
/// input is capped, so it cannot run for long.)
pub async fn extract_isolated(
    bytes: Vec<u8>,
    content_type: String,
    path: String,
    timeout: Duration,
) -> DocText {
    let kind = kind_of(&content_type, &path).to_string();
    let job = tokio::task::spawn_blocking(move || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            extract(&bytes, &content_type, &path)
        }))
    });
    match tokio::time::timeout(timeout, job).await {
        Ok(Ok(Ok(text))) => text,
        Ok(Ok(Err(_))) | Ok(Err(_)) => DocText {
            kind,
            error: Some("the extractor crashed on this file".into()),
            ..DocText::default()
        },
        Err(_) => DocText {
            kind,
            error: Some(format!(
                "text extraction took longer than {} s",
                timeout.as_secs()
            )),
            ..DocText::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docx_bytes(body: &str) -> Vec<u8> {
        use std::io::Write;
        let mut buf = Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        z.start_file("word/document.xml", opts).unwrap();
        z.write_all(format!(r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#).as_bytes()).unwrap();
        z.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn docx_text_keeps_entities_and_paragraphs() {
        let b = docx_bytes(
            "<w:p><w:r><w:t>แผนปฏิบัติการ &amp; มาตรการ</w:t></w:r></w:p><w:p><w:r><w:t>ประจำปี 2568</w:t></w:r></w:p>",
        );
        let d = extract(&b, "", "/a.docx");
        assert_eq!(d.text, "แผนปฏิบัติการ & มาตรการ ประจำปี 2568");
        assert!(d.error.is_none());
    }

    fn xlsx_with(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (r, c, t) in cells {
            ws.write_string(*r, *c, *t).unwrap();
        }
        wb.save_to_buffer().unwrap()
    }

    /// Two cells at A1 and XFD1048576 once made the reader allocate 549 GB and abort the run;
    /// a zip that unpacks to gigabytes is refused from its directory alone.
    #[test]
    fn huge_grids_and_zip_bombs_are_refused_before_reading() {
        let normal = xlsx_with(&[(0, 0, "สถิติการให้บริการ ปี 2568"), (40, 5, "รวม")]);
        let d = extract(&normal, "", "/a.xlsx");
        assert!(d.error.is_none(), "{:?}", d.error);
        assert!(d.text.contains("สถิติการให้บริการ"));

        let corner = xlsx_with(&[(0, 0, "ก"), (1_048_575, 16_383, "ข")]);
        let d = extract(&corner, "", "/a.xlsx");
        assert!(
            d.error.as_deref().unwrap_or("").contains("rows"),
            "{:?}",
            d.error
        );

        // Cells written without addresses span nothing, yet the reader holds each one.
        let many = format!(
            "<worksheet><dimension ref=\"A1\"/><sheetData>{}</sheetData></worksheet>",
            "<row><c><v>1</v></c><c><v>2</v></c></row>".repeat(1_000_001)
        );
        let ext = sheet_extent(many.as_bytes()).unwrap();
        assert!(ext.cells > MAX_CELLS, "{ext:?}");
        let few = "<worksheet><dimension ref=\"A1:C40\"/><sheetData><row r=\"40\"><c r=\"C40\"><v>1</v></c></row></sheetData></worksheet>";
        assert_eq!(
            sheet_extent(few.as_bytes()).unwrap(),
            SheetExtent {
                rows: 40,
                cols: 3,
                cells: 1
            }
        );

        let mut buf = Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().large_file(true);
        z.start_file("word/document.xml", opts).unwrap();
        let zeros = vec![b' '; 1024 * 1024];
        for _ in 0..(MAX_UNPACKED / (1024 * 1024) + 10) {
            std::io::Write::write_all(&mut z, &zeros).unwrap();
        }
        z.finish().unwrap();
        let bomb = buf.into_inner();
        assert!(bomb.len() < 2 * 1024 * 1024, "{} bytes", bomb.len());
        let d = extract(&bomb, "", "/a.docx");
        assert!(
            d.error.as_deref().unwrap_or("").contains("zip bomb"),
            "{:?}",
            d.error
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for (ct, path) in [
            ("application/pdf", "/x.pdf"),
            ("", "/x.xlsx"),
            ("", "/x.docx"),
        ] {
            let d = extract(b"not a document at all", ct, path);
            assert!(d.error.is_some(), "{path}");
        }
    }

    #[tokio::test]
    async fn isolated_extraction_survives() {
        let d = extract_isolated(
            b"%PDF-1.4 broken".to_vec(),
            "application/pdf".into(),
            "/x.pdf".into(),
            Duration::from_secs(5),
        )
        .await;
        assert!(d.error.is_some());
    }
}
