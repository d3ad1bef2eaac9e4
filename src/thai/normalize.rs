//! Normalising Thai text as it comes out of web pages, PDFs and OCR.
//!
//! The same word reaches us in many byte forms: SARA AM precomposed or split into NIKHAHIT +
//! SARA AA (NFKC itself splits it), doubled "ำา" from LibreOffice PDFs, spaces that pdftotext
//! puts before dependent vowels, zero-width spaces from CMS editors, Thai digits, and legacy
//! font code points in the Private Use Area. Matching keywords over raw text would miss most of
//! them, so every text is brought to one form first.

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// Format characters that editors and PDF tools scatter through Thai text; they are invisible
/// and would split keywords.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Thai dependent vowels and marks that never start a word; a space before one is an artefact
/// of PDF text extraction ("เปิ ด"). MAIYAMOK (ๆ, U+0E46) is deliberately absent: "ต่าง ๆ" is
/// correct Thai.
fn is_dependent_mark(c: char) -> bool {
    matches!(c, '\u{0E30}'..='\u{0E3A}' | '\u{0E45}' | '\u{0E47}'..='\u{0E4E}')
}

/// Thai tone marks (MAI EK … MAI CHATTAWA). PDFs made by Chromium/Skia lose them, so the match
/// key drops them.
fn is_tone_mark(c: char) -> bool {
    matches!(c, '\u{0E48}'..='\u{0E4B}')
}

/// Maps a Thai digit (๐–๙) to its ASCII digit; other characters pass through.
pub fn thai_digit_to_ascii(c: char) -> char {
    match c {
        '\u{0E50}'..='\u{0E59}' => char::from(b'0' + (c as u32 - 0x0E50) as u8),
        _ => c,
    }
}

/// Replaces Thai digits with ASCII digits: "๒๕๖๘" → "2568".
pub fn thai_digits_to_ascii(s: &str) -> Cow<'_, str> {
    if s.chars().any(|c| ('\u{0E50}'..='\u{0E59}').contains(&c)) {
        Cow::Owned(s.chars().map(thai_digit_to_ascii).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Maps legacy Thai font code points (Windows PUA U+F700–U+F71A, Mac PUA U+F884–U+F89E) back
/// to the Thai characters they stand for. Table from HarfBuzz's Thai shaper fallback.
fn map_pua(c: char) -> char {
    let cp = c as u32;
    let win = match cp {
        0xF700..=0xF71A => cp,
        0xF884..=0xF89E => cp - 0xF884 + 0xF700,
        _ => return c,
    };
    let mapped = match win {
        0xF700 => 0x0E10,
        0xF701..=0xF704 => 0x0E34 + (win - 0xF701),
        0xF705..=0xF709 => 0x0E48 + (win - 0xF705),
        0xF70A..=0xF70E => 0x0E48 + (win - 0xF70A),
        0xF70F => 0x0E0D,
        0xF710 => 0x0E31,
        0xF711 => 0x0E4D,
        0xF712 => 0x0E47,
        0xF713..=0xF717 => 0x0E48 + (win - 0xF713),
        0xF718..=0xF71A => 0x0E38 + (win - 0xF718),
        _ => return c,
    };
    char::from_u32(mapped).unwrap_or(c)
}

/// Recomposes SARA AM: NIKHAHIT (+ tone marks) + SARA AA → tone marks + SARA AM, and drops the
/// SARA AA that LibreOffice PDFs add after a SARA AM ("ประจำา").
fn recompose_sara_am(chars: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\u{0E4D}' {
            let mut j = i + 1;
            while j < chars.len() && is_tone_mark(chars[j]) {
                j += 1;
            }
            if j < chars.len() && chars[j] == '\u{0E32}' {
                out.extend_from_slice(&chars[i + 1..j]);
                out.push('\u{0E33}');
                i = j + 1;
                continue;
            }
        }
        if c == '\u{0E32}' && out.last() == Some(&'\u{0E33}') {
            i += 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Brings text to the one form every matcher works on.
///
/// Steps, in this order (the order matters, see `shared/reference/crates.md` §2.1): NFKC,
/// legacy-font PUA map, invisible characters dropped, Thai digits to ASCII, every kind of white
/// space folded to one space (none before a dependent mark, none at the ends), lower case, and
/// last SARA AM recomposition (NFKC splits ำ, so it must come after). The result is idempotent: `normalize(normalize(s)) ==
/// normalize(s)`.
///
/// ```
/// use oitscan::thai::normalize;
/// // Split SARA AM from a PDF, a zero-width space, Thai digits and a non-breaking space:
/// assert_eq!(normalize("ประจ\u{0E4D}\u{0E32}ปี\u{200B}งบประมาณ\u{00A0}๒๕๖๘"), "ประจำปีงบประมาณ 2568");
/// ```
pub fn normalize(s: &str) -> String {
    normalize_plain(s).unwrap_or_else(|| normalize_full(s))
}

/// [`normalize`] for any text: NFKC and the rest. One pass settles almost every input; a few
/// compatibility characters (ℍ → "H") need a second to be lower-cased, so it iterates to a
/// fixed point, which makes the result idempotent.
fn normalize_full(s: &str) -> String {
    let mut cur = normalize_once(s);
    for _ in 0..3 {
        let next = normalize_once(&cur);
        if next == cur {
            break;
        }
        cur = next;
    }
    cur
}

/// [`normalize`] for text of ASCII, Thai and white space only — nearly every page — without
/// NFKC's tables, lower-casing tables or a second pass: on these characters NFKC does only two
/// things, splitting SARA AM (recomposed anyway) and putting Thai marks in canonical order,
/// both done here directly. `None` for any other character; the full path handles it. A
/// property test keeps the two paths equal.
fn normalize_plain(s: &str) -> Option<String> {
    let mut chars: Vec<char> = Vec::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        let c = match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            '\u{0E00}'..='\u{0E7F}' => thai_digit_to_ascii(c),
            _ if c.is_ascii() => c,
            _ if is_invisible(c) => continue,
            // NFKC spells the ellipsis out; a capped text ends with one, so it must not send
            // the whole text down the full path.
            '…' => {
                if pending_space {
                    chars.push(' ');
                }
                pending_space = false;
                chars.extend(['.', '.', '.']);
                continue;
            }
            _ if c.is_whitespace() => ' ',
            _ if plain_symbol(c) => c,
            _ => return None,
        };
        if c.is_ascii_whitespace() || c.is_ascii_control() {
            pending_space = !chars.is_empty();
            continue;
        }
        if pending_space && !is_dependent_mark(c) {
            chars.push(' ');
        }
        pending_space = false;
        chars.push(c);
    }
    order_marks(&mut chars);
    let mut out = recompose_sara_am(&chars);
    // Recomposing can bring marks together that were apart.
    if order_marks(&mut out) {
        out = recompose_sara_am(&out);
    }
    Some(out.into_iter().collect())
}

/// Whether NFKC and lower-casing leave a character as it is and it never combines: true for
/// the dashes, quotes, guillemets and © that fill menus and footers, false for "…" (NFKC makes
/// it three dots), letters with a lower case, and marks.
fn plain_symbol(c: char) -> bool {
    use unicode_normalization::{IsNormalized, char::canonical_combining_class, is_nfkc_quick};
    // Legacy Thai fonts' private-use marks are mapped by the full path.
    if ('\u{E000}'..='\u{F8FF}').contains(&c)
        || canonical_combining_class(c) != 0
        || is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes
    {
        return false;
    }
    // Punctuation blocks have no case: no need to look it up.
    if matches!(c, '\u{00A0}'..='\u{00BF}' | '\u{2000}'..='\u{206F}' | '\u{2190}'..='\u{21FF}') {
        return true;
    }
    let mut lower = c.to_lowercase();
    lower.next() == Some(c) && lower.next().is_none()
}

/// Unicode canonical combining class of the Thai marks that have one.
fn thai_ccc(c: char) -> u8 {
    match c {
        '\u{0E38}' | '\u{0E39}' => 103,
        '\u{0E3A}' => 9,
        '\u{0E48}'..='\u{0E4B}' => 107,
        _ => 0,
    }
}

/// Canonical ordering (as NFKC does): each run of marks with a combining class, stably sorted
/// by it. Returns whether anything moved.
fn order_marks(chars: &mut [char]) -> bool {
    let mut moved = false;
    let mut i = 0;
    while i < chars.len() {
        if thai_ccc(chars[i]) == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && thai_ccc(chars[i]) != 0 {
            i += 1;
        }
        let run = &mut chars[start..i];
        if run.windows(2).any(|w| thai_ccc(w[0]) > thai_ccc(w[1])) {
            run.sort_by_key(|&c| thai_ccc(c));
            moved = true;
        }
    }
    moved
}

fn normalize_once(s: &str) -> String {
    let mut chars: Vec<char> = Vec::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfkc().map(map_pua) {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            pending_space = !chars.is_empty();
            continue;
        }
        let c = thai_digit_to_ascii(c);
        if pending_space && !is_dependent_mark(c) {
            chars.push(' ');
        }
        pending_space = false;
        if c.is_ascii_uppercase() {
            chars.push(c.to_ascii_lowercase());
        } else {
            chars.extend(c.to_lowercase());
        }
    }
    // Spaces are gone before recomposing, so "ํ า" split by a PDF also becomes ำ.
    recompose_sara_am(&chars).into_iter().collect()
}

/// A key for forgiving matches: the normalised text with all white space and Thai tone marks
/// removed, and the less stable marks (MAITAIKHU, THANTHAKHAT) dropped too. Two strings with
/// the same key differ only in what PDF extraction and typing habits tend to lose.
pub fn match_key(s: &str) -> String {
    let mut key: Vec<char> = normalize(s)
        .chars()
        .filter(|&c| !c.is_whitespace() && !is_tone_mark(c) && c != '\u{0E47}' && c != '\u{0E4C}')
        .collect();
    // Dropping a mark can bring others together: "ำ็า" → "ำา", or two marks out of
    // canonical order; settle them as normalize would.
    key = recompose_sara_am(&key);
    order_marks(&mut key);
    key.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn thai_digits_become_ascii() {
        assert_eq!(thai_digits_to_ascii("ปี ๒๕๖๘"), "ปี 2568");
        assert_eq!(normalize("พ.ศ.๒๕๖๐-๒๕๖๔"), "พ.ศ.2560-2564");
    }

    #[test]
    fn sara_am_forms_collapse() {
        let want = "ประจำปี";
        assert_eq!(normalize("ประจ\u{0E4D}\u{0E32}ปี"), want);
        assert_eq!(normalize("ประจำาปี"), want);
        // Shaper order: NIKHAHIT before the tone mark, then SARA AA.
        assert_eq!(normalize("น\u{0E4D}\u{0E49}\u{0E32}"), "น\u{0E49}\u{0E33}");
        assert_eq!(normalize("น้ำ"), "น\u{0E49}\u{0E33}");
    }

    #[test]
    fn invisible_and_odd_spaces_go() {
        assert_eq!(normalize("ข้อมูล\u{200B}ผู้บริหาร"), "ข้อมูลผู้บริหาร");
        assert_eq!(normalize("  ITA\u{00A0}\u{3000}2568\t\n"), "ita 2568");
        assert_eq!(normalize("\u{FEFF}O1"), "o1");
    }

    #[test]
    fn pdf_spaces_before_marks_go_but_maiyamok_stays() {
        assert_eq!(normalize("เป ิด"), "เปิด");
        assert_eq!(normalize("ปู ่"), "ปู่");
        assert_eq!(normalize("ตั ้ง"), "ตั้ง");
        assert_eq!(normalize("ต่าง ๆ"), "ต่าง ๆ");
    }

    #[test]
    fn pua_marks_map_back() {
        // ป + legacy MAI EK (U+F70A) + า
        assert_eq!(normalize("ป\u{F70A}า"), "ป่า");
        assert_eq!(normalize("ป\u{F88E}า"), "ป่า");
    }

    #[test]
    fn fullwidth_latin_folds() {
        assert_eq!(normalize("ＩＴＡ ２５６８"), "ita 2568");
    }

    #[test]
    fn match_key_ignores_tone_marks_and_spaces() {
        assert_eq!(match_key("ข้อมูลผู้บริหาร"), match_key("ขอมูลผูบริหาร"));
        assert_eq!(match_key("ข้อมูล ผู้บริหาร"), match_key("ข้อมูลผู้บริหาร"));
        assert_ne!(match_key("ข้อมูลผู้บริหาร"), match_key("ข้อมูลการติดต่อ"));
    }

    #[test]
    fn the_shortcut_orders_marks_like_nfkc() {
        for s in [
            "ปุ่",
            "ป\u{0E4D}\u{0E48}\u{0E32}",
            "ุ\u{0E4D}\u{0E48}\u{0E32}ุ",
            "ก ุ่ ุ่ ๆ",
        ] {
            assert_eq!(normalize(s), normalize_full(s), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn the_shortcut_equals_the_full_path(s in "[\u{0E00}-\u{0E7F} \u{200B}\u{00A0}\u{3000}a-zA-Z0-9.\t\n–·»©…«›“→—]{0,60}") {
            prop_assert!(normalize_plain(&s).is_some());
            prop_assert_eq!(normalize(&s), normalize_full(&s));
        }

        #[test]
        fn the_shortcut_equals_the_full_path_anywhere(s in "\\PC{0,30}") {
            prop_assert_eq!(normalize(&s), normalize_full(&s));
        }

        #[test]
        fn normalize_is_idempotent(s in "\\PC*") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn normalize_is_idempotent_on_thai(s in "[\u{0E00}-\u{0E7F} \u{200B}a-zA-Z0-9.]{0,40}") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn normalized_text_has_no_thai_digits_or_invisibles(s in "\\PC*") {
            let n = normalize(&s);
            let has_thai_digit = n.chars().any(|c| ('\u{0E50}'..='\u{0E59}').contains(&c));
            prop_assert!(!has_thai_digit, "thai digit left in {:?}", n);
            prop_assert!(!n.chars().any(is_invisible));
            prop_assert!(!n.starts_with(' ') && !n.ends_with(' ') && !n.contains("  "));
        }

        #[test]
        fn match_key_is_stable(s in "[\u{0E00}-\u{0E7F} ]{0,40}") {
            let k = match_key(&s);
            prop_assert_eq!(match_key(&k), k);
        }
    }
}
