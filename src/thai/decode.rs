//! Decoding page bytes when the declared charset cannot be trusted.
//!
//! Legacy Thai PHP sites send `charset=utf-8` in the header and TIS-620 bytes in the body (or
//! the reverse), stack several `<meta>` charsets in one page, and use labels the WHATWG list
//! does not know ("tis620", "cp874"). reqwest's `text()` only reads the header, so pages are
//! decoded here from bytes: BOM, header, `<meta>`, then byte sniffing, with a sanity check that
//! overrides a label the bytes contradict. The decision and any contradiction are recorded,
//! because a lying charset is itself a defect worth telling the site's owner.

use encoding_rs::{Encoding, UTF_8, WINDOWS_874};
use regex::bytes::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// What decided the encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CharsetSource {
    /// A byte-order mark.
    Bom,
    /// The HTTP `Content-Type` header.
    Header,
    /// A `<meta charset>` or `<meta http-equiv="Content-Type">` tag.
    Meta,
    /// Nothing was declared; the bytes were sniffed.
    Sniffed,
    /// A label was declared but the bytes contradicted it.
    Overridden,
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decoded {
    /// The text, with malformed sequences replaced by U+FFFD.
    pub text: String,
    /// The WHATWG name of the encoding used ("UTF-8", "windows-874").
    pub encoding: String,
    /// What decided it.
    pub source: CharsetSource,
    /// A contradiction worth reporting, e.g. "header says utf-8, bytes are windows-874".
    pub note: Option<String>,
    /// Whether malformed sequences were replaced.
    pub had_errors: bool,
}

/// Looks up a charset label, accepting the Thai aliases that the WHATWG list lacks ("tis620",
/// "cp874", "x-cp874", "TIS-620-2533"), all of which mean windows-874, a superset of TIS-620.
///
/// ```
/// use oitscan::thai::encoding_for_label;
/// assert_eq!(encoding_for_label("tis620").unwrap().name(), "windows-874");
/// assert_eq!(encoding_for_label("x-cp874").unwrap().name(), "windows-874");
/// ```
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let l = label
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .to_ascii_lowercase();
    if let Some(e) = Encoding::for_label(l.as_bytes()) {
        return Some(e);
    }
    match l.as_str() {
        "tis620" | "tis-620-2533" | "tis-620-0" | "tis620-0" | "tis620.2533" | "cp874"
        | "x-cp874" | "ms874" | "windows874" | "win874" | "iso-ir-166" | "thai" => {
            Some(WINDOWS_874)
        }
        "utf-8n" | "utf_8" => Some(UTF_8),
        _ => None,
    }
}

/// The charset parameter of a `Content-Type` value.
fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"'))
    })
}

static META_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?is)<meta\s[^>]*>").unwrap());
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#)
        .unwrap()
});

/// The charset the page's own `<meta>` tags declare, from a prescan of its first bytes. Only a
/// real `charset` attribute or an `http-equiv="Content-Type"` tag counts: a description that
/// happens to contain "charset=" does not.
pub fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    for tag in META_TAG.find_iter(head) {
        let mut charset = None;
        let mut http_equiv_ct = false;
        let mut content = None;
        for caps in ATTR.captures_iter(tag.as_bytes()) {
            let name = String::from_utf8_lossy(&caps[1]).to_ascii_lowercase();
            let value = caps
                .get(2)
                .or(caps.get(3))
                .or(caps.get(4))
                .map(|m| m.as_bytes())
                .unwrap_or_default();
            let value = String::from_utf8_lossy(value).into_owned();
            match name.as_str() {
                "charset" => charset = Some(value),
                "http-equiv" => http_equiv_ct = value.trim().eq_ignore_ascii_case("content-type"),
                "content" => content = Some(value),
                _ => {}
            }
        }
        if let Some(c) = charset {
            return Some(c.trim().to_string());
        }
        if http_equiv_ct && let Some(c) = content.as_deref().and_then(charset_param) {
            return Some(c.to_string());
        }
    }
    None
}

/// Whether the bytes hold UTF-8-encoded Thai (E0 B8 xx / E0 B9 xx).
fn has_utf8_thai(bytes: &[u8]) -> bool {
    bytes
        .windows(2)
        .any(|w| w[0] == 0xE0 && (w[1] == 0xB8 || w[1] == 0xB9))
}

/// Whether the bytes look like TIS-620 Thai: many bytes in the Thai block A1–FB and not UTF-8.
fn looks_like_tis620(bytes: &[u8]) -> bool {
    let thai = bytes
        .iter()
        .filter(|&&b| (0xA1..=0xFB).contains(&b))
        .count();
    thai > 0 && std::str::from_utf8(bytes).is_err()
}

fn sniff(bytes: &[u8], tld: Option<&str>) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    // chardetng mistakes short Thai text for Cyrillic without a TLD hint; Thai sites end in .th.
    let tld = tld.unwrap_or("th");
    det.guess(Some(tld.as_bytes()), chardetng::Utf8Detection::Allow)
}

fn finish(
    bytes: &[u8],
    enc: &'static Encoding,
    source: CharsetSource,
    note: Option<String>,
) -> Decoded {
    let (text, used, had_errors) = enc.decode(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: used.name().to_string(),
        source,
        note,
        had_errors,
    }
}

/// Decodes an HTML page: BOM, then the `Content-Type` header, then `<meta>`, then sniffing;
/// a declared label is overridden when the bytes clearly say otherwise. `tld` is the last label
/// of the site's host name ("th"), which helps the sniffer on short pages.
pub fn decode_html(bytes: &[u8], content_type: Option<&str>, tld: Option<&str>) -> Decoded {
    decode_inner(bytes, content_type, meta_charset(bytes), tld)
}

/// Decodes a non-HTML text resource (CSV, TXT): like [`decode_html`] without `<meta>`.
pub fn decode_text(bytes: &[u8], content_type: Option<&str>, tld: Option<&str>) -> Decoded {
    decode_inner(bytes, content_type, None, tld)
}

fn decode_inner(
    bytes: &[u8],
    content_type: Option<&str>,
    meta: Option<String>,
    tld: Option<&str>,
) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return finish(&bytes[bom_len..], enc, CharsetSource::Bom, None);
    }
    let header_label = content_type.and_then(charset_param).map(str::to_string);
    let header = header_label.as_deref().and_then(encoding_for_label);
    let meta_enc = meta.as_deref().and_then(encoding_for_label);

    let mut notes = Vec::new();
    if let (Some(h), Some(m)) = (header, meta_enc)
        && h != m
    {
        notes.push(format!(
            "header says {}, <meta> says {}",
            h.name(),
            m.name()
        ));
    }
    for (what, label, enc) in [
        ("header", &header_label, header),
        ("<meta>", &meta, meta_enc),
    ] {
        if let (Some(l), None) = (label, enc) {
            notes.push(format!("{what} names an unknown charset {l:?}"));
        }
    }
    let (declared, source) = match (header, meta_enc) {
        (Some(h), _) => (Some(h), CharsetSource::Header),
        (None, Some(m)) => (Some(m), CharsetSource::Meta),
        (None, None) => (None, CharsetSource::Sniffed),
    };

    let chosen = match declared {
        Some(enc) if enc == UTF_8 && looks_like_tis620(bytes) => {
            notes.push(format!(
                "declared {} but the bytes are windows-874 (TIS-620)",
                enc.name()
            ));
            Some((WINDOWS_874, CharsetSource::Overridden))
        }
        Some(enc) if enc != UTF_8 && std::str::from_utf8(bytes).is_ok() && has_utf8_thai(bytes) => {
            notes.push(format!("declared {} but the bytes are UTF-8", enc.name()));
            Some((UTF_8, CharsetSource::Overridden))
        }
        Some(enc) => Some((enc, source)),
        None => None,
    };
    let (enc, source) = chosen.unwrap_or_else(|| (sniff(bytes, tld), CharsetSource::Sniffed));
    let note = (!notes.is_empty()).then(|| notes.join("; "));
    finish(bytes, enc, source, note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tis(s: &str) -> Vec<u8> {
        let (b, _, bad) = WINDOWS_874.encode(s);
        assert!(!bad);
        b.into_owned()
    }

    #[test]
    fn thai_aliases() {
        for l in [
            "tis-620",
            "TIS620",
            "tis620",
            "cp874",
            "x-cp874",
            "windows-874",
            "iso-8859-11",
            "TIS-620-2533",
            " \"tis-620\" ",
        ] {
            assert_eq!(encoding_for_label(l), Some(WINDOWS_874), "{l}");
        }
        assert_eq!(encoding_for_label("utf8"), Some(UTF_8));
        assert_eq!(encoding_for_label("klingon"), None);
    }

    #[test]
    fn tis620_page_with_a_lying_utf8_header() {
        let page = tis(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-874\"><title>องค์การบริหารส่วนตำบล</title></head><body>ข้อมูลผู้บริหาร</body></html>",
        );
        let d = decode_html(&page, Some("text/html; charset=utf-8"), Some("th"));
        assert_eq!(d.encoding, "windows-874");
        assert_eq!(d.source, CharsetSource::Overridden);
        assert!(d.text.contains("ข้อมูลผู้บริหาร"));
        assert!(d.note.unwrap().contains("declared UTF-8"));
    }

    #[test]
    fn utf8_page_labelled_tis620() {
        let page = "<meta charset=\"tis-620\"><title>เทศบาลตำบล</title>".as_bytes();
        let d = decode_html(page, None, Some("th"));
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.source, CharsetSource::Overridden);
        assert!(d.text.contains("เทศบาลตำบล"));
    }

    #[test]
    fn meta_only_and_sniffed() {
        let mut page = b"<html><head><meta charset=tis620></head><body>".to_vec();
        page.extend(tis("ประกาศ"));
        let d = decode_html(&page, Some("text/html"), None);
        assert_eq!(
            (d.encoding.as_str(), d.source),
            ("windows-874", CharsetSource::Meta)
        );

        let d = decode_html(&tis("<title>อบต.</title>"), None, Some("th"));
        assert_eq!(d.encoding, "windows-874");
        assert_eq!(d.source, CharsetSource::Sniffed);
        assert!(d.text.contains("อบต."));
    }

    #[test]
    fn conflicting_metas_and_description_trap() {
        let page = br#"<meta name="description" content="charset=gbk"><meta http-equiv="content-type" content="text/html; charset=TIS-620"><meta charset="utf-8">"#;
        assert_eq!(meta_charset(page).as_deref(), Some("TIS-620"));
        assert_eq!(
            meta_charset(br#"<meta name="x" content="a; charset=gbk">"#),
            None
        );
    }

    #[test]
    fn bom_wins() {
        let mut page = vec![0xEF, 0xBB, 0xBF];
        page.extend("<meta charset=tis-620>ไทย".as_bytes());
        let d = decode_html(&page, Some("text/html; charset=tis-620"), None);
        assert_eq!(
            (d.encoding.as_str(), d.source),
            ("UTF-8", CharsetSource::Bom)
        );
        assert!(d.text.ends_with("ไทย"));
    }

    #[test]
    fn header_and_meta_disagree_is_noted() {
        let page = "<meta charset=\"windows-874\"><p>ok</p>".as_bytes();
        let d = decode_html(page, Some("text/html; charset=utf-8"), None);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.note.unwrap().contains("<meta> says windows-874"));
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512), ct in proptest::option::of("[ -~]{0,40}")) {
            let _ = decode_html(&bytes, ct.as_deref(), Some("th"));
        }
    }
}
