//! Item codes as sites write them: "o1", "O01", "O 1", "OIT 3", "๐2" (Thai zero for the
//! letter O) and "010" (digit zero for it). Checklists use the canonical `O<n>`.

use super::normalize::normalize;
use regex::Regex;
use std::sync::LazyLock;

/// A whole label that is only a code.
static WHOLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:oit|o|0)\s*[-.:]?\s*0*([1-9][0-9]?)[.:)]?$").unwrap());

/// A code at the start of a table cell, list item or heading ("O12 รายการ…", "010 แผน…").
static LEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:oit|o|0)\s*[-.:]?\s*0*([1-9][0-9]?)(?:[^0-9]|$)").unwrap());

/// A code in running text; only the letter forms, since a bare "010" inside a sentence is more
/// often a number than a code.
static INLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:oit|o)\s?0*([1-9][0-9]?)").unwrap());

fn canonical(num: &str) -> Option<String> {
    let n: u32 = num.parse().ok()?;
    (1..=99).contains(&n).then(|| format!("O{n}"))
}

/// Normalises a label that is only an item code: `"o1"`, `"O01"`, `"๐2"`, `"OIT 3"`, `"010"`
/// → `O1`, `O1`, `O2`, `O3`, `O10`. Returns `None` for anything else, including other families'
/// codes such as `"MOIT 3"`.
///
/// ```
/// use oitscan::thai::normalize_item_code;
/// assert_eq!(normalize_item_code("๐2").as_deref(), Some("O2"));
/// assert_eq!(normalize_item_code("OIT 3").as_deref(), Some("O3"));
/// assert_eq!(normalize_item_code("MOIT 3"), None);
/// ```
pub fn normalize_item_code(label: &str) -> Option<String> {
    let n = normalize(label);
    let caps = WHOLE.captures(&n)?;
    canonical(&caps[1])
}

/// Reads an item code at the very start of a cell or heading: `"O12 รายการจัดซื้อ"` → `O12`,
/// `"๐2 ข้อมูลผู้บริหาร"` → `O2`, `"010 แผนดำเนินงาน"` → `O10`.
pub fn leading_item_code(text: &str) -> Option<String> {
    let n = normalize(text);
    let caps = LEADING.captures(&n)?;
    canonical(&caps[1])
}

/// Finds item codes written with the letter O (or "OIT") anywhere in a text, in order, without
/// duplicates. A code glued to a longer Latin word ("MOIT5", "info1") is not a code.
pub fn find_item_codes(text: &str) -> Vec<String> {
    let n = normalize(text);
    let mut out: Vec<String> = Vec::new();
    for caps in INLINE.captures_iter(&n) {
        let m = caps.get(0).unwrap();
        let before = n[..m.start()].chars().next_back();
        let after = n[m.end()..].chars().next();
        if before.is_some_and(|c| c.is_ascii_alphanumeric())
            || after.is_some_and(|c| c.is_ascii_digit())
        {
            continue;
        }
        if let Some(code) = canonical(&caps[1])
            && !out.contains(&code)
        {
            out.push(code);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reference_forms() {
        for (raw, want) in [
            ("o1", "O1"),
            ("O01", "O1"),
            ("O 1", "O1"),
            ("๐2", "O2"),
            ("OIT 3", "O3"),
            ("OIT3", "O3"),
            ("010", "O10"),
            ("O26", "O26"),
            ("Ｏ５", "O5"),
            (" O-12 ", "O12"),
        ] {
            assert_eq!(normalize_item_code(raw).as_deref(), Some(want), "{raw}");
        }
    }

    #[test]
    fn rejects_non_codes() {
        for raw in ["MOIT 3", "O0", "O", "2568", "O123", "โครงสร้าง", ""] {
            assert_eq!(normalize_item_code(raw), None, "{raw}");
        }
    }

    #[test]
    fn leading_codes_in_cells() {
        assert_eq!(
            leading_item_code("O12 รายการการจัดซื้อจัดจ้าง").as_deref(),
            Some("O12")
        );
        assert_eq!(leading_item_code("๐2 ข้อมูลผู้บริหาร").as_deref(), Some("O2"));
        assert_eq!(
            leading_item_code("010 แผนดำเนินงานประจำปี").as_deref(),
            Some("O10")
        );
        assert_eq!(leading_item_code("o1.โครงสร้าง").as_deref(), Some("O1"));
        assert_eq!(leading_item_code("1. โครงสร้าง"), None);
        assert_eq!(leading_item_code("MOIT 1 การเผยแพร่"), None);
    }

    #[test]
    fn inline_codes() {
        assert_eq!(
            find_item_codes("ดูข้อ O12 และ o13 (OIT 14)"),
            vec!["O12", "O13", "O14"]
        );
        assert!(find_item_codes("MOIT5 และ info1").is_empty());
        assert!(find_item_codes("ita2568/o12/file.pdf").contains(&"O12".to_string()));
    }

    proptest! {
        #[test]
        fn canonical_codes_round_trip(n in 1u32..=99, pad in 0usize..3, prefix in prop::sample::select(vec!["O", "o", "OIT ", "๐", "O "])) {
            let raw = format!("{prefix}{}{n}", "0".repeat(pad));
            prop_assert_eq!(normalize_item_code(&raw), Some(format!("O{n}")));
        }
    }
}
