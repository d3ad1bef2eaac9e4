//! What every table shares: cells made safe for spreadsheets (see [`neutral_cell`]), the
//! verdict words and colours of the tables, and small readers of a unit's results.
//!
//! Everything taken from a crawled site or the registry is hostile: before it reaches a CSV or
//! XLSX cell it goes through [`neutral_cell`], so no spreadsheet evaluates it, and only http(s)
//! URLs ever become hyperlinks.

use super::Lang;
use crate::checklist::Item;
use crate::locale::t;
use crate::results::Verdict;

/// The UTF-8 byte-order mark: without it Excel reads a CSV as the ANSI code page and Thai
/// turns into mojibake.
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";
/// Excel's longest cell text, in UTF-16 units.
pub(super) const MAX_CELL: usize = 32_767;
/// Excel's hyperlink limit per worksheet; later URLs are written as text.
pub(super) const MAX_LINKS: usize = 65_530;
/// A font every Thai Windows and Office install has, with Thai glyphs.
pub(super) const FONT: &str = "Tahoma";

/// The summary's fixed columns, as catalogue keys, before one column per item. The English
/// names are the registry's own column names where they overlap, so scripts can join the two
/// files.
pub(super) const SUMMARY_COLUMNS: [&str; 19] = [
    "csv-col-id",
    "csv-col-name-th",
    "csv-col-name-en",
    "csv-col-type",
    "csv-col-province",
    "csv-col-district",
    "csv-col-url",
    "csv-col-family",
    "csv-col-outcome",
    "csv-col-estimated-score",
    "csv-col-below-pass",
    "csv-col-found",
    "csv-col-wrong-year",
    "csv-col-broken-link",
    "csv-col-needs-human",
    "csv-col-missing",
    "csv-col-not-applicable",
    "csv-col-requests",
    "csv-col-pages",
];

/// Verdicts counted in the summary, in `SUMMARY_COLUMNS` order.
pub(super) const COUNTED: [Verdict; 6] = [
    Verdict::Found,
    Verdict::WrongYear,
    Verdict::BrokenLink,
    Verdict::NeedsHuman,
    Verdict::Missing,
    Verdict::NotApplicable,
];

/// The evidence sheet's columns: catalogue key and width (hand-set: autofit over-widens Thai).
pub(super) const EVIDENCE_COLUMNS: [(&str, f64); 13] = [
    ("xlsx-col-unit-id", 14.0),
    ("xlsx-col-unit-name", 30.0),
    ("xlsx-col-item", 6.0),
    ("xlsx-col-item-name", 40.0),
    ("xlsx-col-verdict", 22.0),
    ("xlsx-col-confidence", 10.0),
    ("xlsx-col-evidence-url", 45.0),
    ("xlsx-col-other-urls", 40.0),
    ("xlsx-col-click-path", 50.0),
    ("xlsx-col-years-seen", 12.0),
    ("xlsx-col-reason", 60.0),
    ("xlsx-col-missing-components", 30.0),
    ("xlsx-col-how-to-fix", 60.0),
];

/// The labels of a table's columns in a language, from their catalogue keys.
pub(super) fn labels<'a>(keys: impl IntoIterator<Item = &'a str>, lang: Lang) -> Vec<String> {
    keys.into_iter().map(|k| t(lang, k)).collect()
}

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
pub(super) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// `neutral_cell`, cut to what one Excel cell holds.
pub(super) fn cell(s: &str) -> String {
    clip(neutral_cell(s))
}

/// Cuts a string to Excel's cell limit, on a character boundary.
pub(super) fn clip(mut s: String) -> String {
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
pub(super) fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control() || is_bidi_control(c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The URL parsed, when it is an http(s) URL with a host: the only kind made into a link.
pub(super) fn http_url(u: &str) -> Option<url::Url> {
    let parsed = url::Url::parse(u.trim()).ok()?;
    (matches!(parsed.scheme(), "http" | "https")
        && parsed.host_str().is_some_and(|h| !h.is_empty()))
    .then_some(parsed)
}

/// A label short enough for a matrix cell; the legend gives the full one.
pub(super) fn short_label(v: Verdict, lang: Lang) -> String {
    let key = match v {
        Verdict::Found => "cell-short-found",
        Verdict::WrongYear => "cell-short-wrong-year",
        Verdict::BrokenLink => "cell-short-broken-link",
        Verdict::NeedsHuman => "cell-short-needs-human",
        Verdict::Missing => "cell-short-missing",
        Verdict::NotApplicable => "cell-short-not-applicable",
        Verdict::NotChecked => "cell-short-not-checked",
    };
    t(lang, key)
}

/// What each verdict means, for the legend.
pub(super) fn verdict_meaning(v: Verdict, lang: Lang) -> String {
    let key = match v {
        Verdict::Found => "cell-meaning-found",
        Verdict::WrongYear => "cell-meaning-wrong-year",
        Verdict::BrokenLink => "cell-meaning-broken-link",
        Verdict::NeedsHuman => "cell-meaning-needs-human",
        Verdict::Missing => "cell-meaning-missing",
        Verdict::NotApplicable => "cell-meaning-not-applicable",
        Verdict::NotChecked => "cell-meaning-not-checked",
    };
    t(lang, key)
}

/// The crawl outcome for a CSV: a fixed English word, then the reason (as `scan` prints it).
pub(super) fn item_name(item: &Item, lang: Lang) -> &str {
    match lang {
        Lang::Th => &item.name_th,
        Lang::En => &item.name_en,
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;
    use crate::checklist::Checklist;
    use crate::crawl::Outcome;
    use crate::results::{Evidence, ItemVerdict, UnitVerdicts};
    use crate::results::{RunResults, UnitResult};
    use crate::thai::FiscalYear;
    use crate::units::{Family, Unit, UnitType};
    use std::io::Read;

    pub(crate) const EVIL: &str = "=HYPERLINK(\"http://evil\",\"คลิก\")";

    pub(crate) fn checklist() -> Checklist {
        Checklist::builtin(Family::Nacc, 2568).unwrap()
    }

    pub(crate) fn unit(id: &str, name: &str, family: Family) -> Unit {
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

    pub(crate) fn ev(url: &str, path: &[&str], years: &[&str]) -> Evidence {
        Evidence {
            url: url.into(),
            click_path: path.iter().map(|s| s.to_string()).collect(),
            matched: "โครงสร้าง".into(),
            text: path.last().copied().unwrap_or("").into(),
            years: years.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub(crate) fn iv(
        code: &str,
        verdict: Verdict,
        reason: &str,
        evidence: Vec<Evidence>,
    ) -> ItemVerdict {
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

    pub(crate) fn result(
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
    pub(crate) fn run() -> (RunResults, Checklist) {
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
            results_version: crate::results::RESULTS_VERSION,
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
            details: None,
        };
        (results, c)
    }

    pub(crate) fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
        assert!(bytes.starts_with(BOM), "CSV must start with the UTF-8 BOM");
        let mut rd = csv::Reader::from_reader(&bytes[BOM.len()..]);
        let header = rd.headers().unwrap().iter().map(str::to_owned).collect();
        let rows = rd
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        (header, rows)
    }

    pub(crate) fn unzip(bytes: &[u8]) -> std::collections::HashMap<String, String> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for v in Verdict::ALL {
            assert_eq!(serde_json::to_value(v).unwrap(), v.slug());
        }
    }
}
