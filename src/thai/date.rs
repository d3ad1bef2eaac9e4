//! Buddhist-Era years, Thai fiscal years and the dates sites write.
//!
//! Thai government pages date almost everything in the Buddhist Era (BE = CE + 543), with full
//! or abbreviated Thai month names, Thai or ASCII digits, two-digit years ("ต.ค.67"), typos
//! ("พ.ศ.. 2568", a Latin "o" typed for ๐) and ranges ("ต.ค.67–มี.ค.68", "2566–2570"). The
//! fiscal year N runs from 1 October of BE year N−1 to 30 September of BE year N.

use super::normalize::normalize;
use jiff::civil::Date;
use regex::{Captures, Regex};
use serde::{Deserialize, Serialize};
use std::ops::{Range, RangeInclusive};
use std::sync::LazyLock;

/// Years between the two eras.
pub const BE_OFFSET: i32 = 543;

/// Converts a Buddhist-Era year to the Common Era: 2568 → 2025.
pub fn be_to_ce(be: i32) -> i32 {
    be - BE_OFFSET
}

/// Converts a Common-Era year to the Buddhist Era: 2025 → 2568.
pub fn ce_to_be(ce: i32) -> i32 {
    ce + BE_OFFSET
}

/// A Thai fiscal year (ปีงบประมาณ), named by its Buddhist-Era year.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(transparent)]
pub struct FiscalYear(pub i32);

impl FiscalYear {
    /// The fiscal year a calendar date falls in: 2024-10-01 → FY2568, 2025-09-30 → FY2568.
    ///
    /// ```
    /// use oitscan::thai::FiscalYear;
    /// let d = jiff::civil::date(2024, 10, 1);
    /// assert_eq!(FiscalYear::of(d), FiscalYear(2568));
    /// assert_eq!(FiscalYear(2568).last_day(), jiff::civil::date(2025, 9, 30));
    /// ```
    pub fn of(date: Date) -> FiscalYear {
        let be = ce_to_be(i32::from(date.year()));
        FiscalYear(if date.month() >= 10 { be + 1 } else { be })
    }

    /// The fiscal year of today's date in Thailand (UTC+7).
    pub fn current() -> FiscalYear {
        let offset = jiff::tz::TimeZone::fixed(jiff::tz::offset(7));
        FiscalYear::of(jiff::Timestamp::now().to_zoned(offset).date())
    }

    /// The Buddhist-Era year number.
    pub fn be(self) -> i32 {
        self.0
    }

    /// 1 October of the year before, in the Common Era.
    pub fn first_day(self) -> Date {
        Date::new((be_to_ce(self.0) - 1) as i16, 10, 1).expect("valid date")
    }

    /// 30 September, in the Common Era.
    pub fn last_day(self) -> Date {
        Date::new(be_to_ce(self.0) as i16, 9, 30).expect("valid date")
    }

    /// The fiscal year before this one.
    pub fn previous(self) -> FiscalYear {
        FiscalYear(self.0 - 1)
    }
}

impl std::fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A date as precise as the text gave it: a year, a month of a year, or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThaiDate {
    /// Buddhist-Era year.
    pub year_be: i32,
    /// 1–12, when the text named a month.
    pub month: Option<u8>,
    /// 1–31, when the text named a day.
    pub day: Option<u8>,
}

impl ThaiDate {
    /// The fiscal year this date falls in. A bare year is taken as a fiscal year, because that
    /// is what a year on an OIT document almost always means ("แผน… พ.ศ. 2568").
    pub fn fiscal_year(self) -> FiscalYear {
        match self.month {
            Some(m) if m >= 10 => FiscalYear(self.year_be + 1),
            _ => FiscalYear(self.year_be),
        }
    }

    /// The calendar date, when the text named a day.
    pub fn to_civil(self) -> Option<Date> {
        Date::new(
            be_to_ce(self.year_be) as i16,
            self.month? as i8,
            self.day? as i8,
        )
        .ok()
    }
}

/// A date, or a range of dates, found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    /// Byte range in the *normalised* text (see [`normalize`]).
    pub span: Range<usize>,
    /// The first (or only) date.
    pub start: ThaiDate,
    /// The last date; equal to `start` for a single date.
    pub end: ThaiDate,
    /// The text labelled it as a fiscal year ("ปีงบประมาณ 2568", "ปีงบ 69").
    pub fiscal_label: bool,
}

impl DateMention {
    /// The fiscal years the mention covers: one for a date, several for a range such as
    /// "พ.ศ. 2566–2570" or "ต.ค.67–มี.ค.68".
    pub fn fiscal_years(&self) -> RangeInclusive<i32> {
        self.start.fiscal_year().0..=self.end.fiscal_year().0
    }

    /// Whether the mention is a range rather than one date.
    pub fn is_range(&self) -> bool {
        self.start != self.end
    }
}

const MONTHS: [&[&str]; 12] = [
    &["มกราคม", r"ม\.?\s?ค\."],
    &["กุมภาพันธ์", "กุมภาพันธ", r"ก\.?\s?พ\."],
    &["มีนาคม", r"มี\.?\s?ค\.?"],
    &["เมษายน", r"เม\.?\s?ย\.?"],
    &["พฤษภาคม", r"พ\.?\s?ค\."],
    &["มิถุนายน", r"มิ\.?\s?ย\.?"],
    &["กรกฎาคม", "กรกฏาคม", r"ก\.?\s?ค\."],
    &["สิงหาคม", r"ส\.?\s?ค\."],
    &["กันยายน", r"ก\.?\s?ย\."],
    &["ตุลาคม", r"ต\.?\s?ค\.?"],
    &["พฤศจิกายน", r"พ\.?\s?ย\."],
    &["ธันวาคม", r"ธ\.?\s?ค\."],
];

/// Regex for one month name; the full names come first so the alternation prefers them.
fn month_pattern(group: &str) -> String {
    let mut full: Vec<&str> = Vec::new();
    let mut abbr: Vec<&str> = Vec::new();
    for names in MONTHS {
        for n in names {
            if n.contains('\\') {
                abbr.push(n);
            } else {
                full.push(n);
            }
        }
    }
    full.sort_by_key(|n| std::cmp::Reverse(n.len()));
    abbr.sort_by_key(|n| std::cmp::Reverse(n.len()));
    format!("(?P<{group}>{}|{})", full.join("|"), abbr.join("|"))
}

static MONTH_RES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    MONTHS
        .iter()
        .map(|names| Regex::new(&format!("^(?:{})$", names.join("|"))).expect("month regex"))
        .collect()
});

fn month_number(name: &str) -> Option<u8> {
    MONTH_RES
        .iter()
        .position(|r| r.is_match(name))
        .map(|i| i as u8 + 1)
}

/// Era marker "พ.ศ." in its many typings ("พ.ศ.", "พ.ศ..", "พศ", "พ. ศ.").
const ERA: &str = r"(?:พ\.?\s?ศ\.*\s*)";
/// A four-digit BE year, allowing a Latin "o" typed for a zero ("256o" from "๒๕๖o").
const Y4: &str = r"2[45][0-9o][0-9o]";
const SEP: &str = r"\s*(?:-|–|—|ถึง(?:วันที่)?|to)\s*";

fn date_pattern(s: &str) -> String {
    format!(
        r"(?:(?P<d{s}>[0-3]?[0-9])\s*)?{m}\s*{ERA}?(?P<y{s}>{Y4}|[4-9][0-9])",
        m = month_pattern(&format!("m{s}"))
    )
}

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives = [
        // 1 ต.ค. 2567 – 31 มี.ค. 2568, ต.ค.67–มี.ค.68, ตุลาคม – ธันวาคม 2567
        format!(
            r"(?P<range>(?:(?P<dr1>[0-3]?[0-9])\s*)?{m}\s*(?:{ERA}?(?P<yr1>{Y4}|[4-9][0-9]))?{SEP}{d2})",
            m = month_pattern("mr1"),
            d2 = date_pattern("r2")
        ),
        // 2566–2570, พ.ศ. 2566 - พ.ศ. 2570
        format!(r"(?P<yrange>{ERA}?(?P<ya>{Y4}){SEP}{ERA}?(?P<yb>{Y4}))"),
        // 15 ตุลาคม 2567, ก.ย. 68
        format!("(?P<date>{})", date_pattern("s")),
        // 15/10/2567, 2025-03-15
        r"(?P<slash>(?P<sd>[0-3]?[0-9])/(?P<sm>[01]?[0-9])/(?P<sy>[0-9]{4}|[4-9][0-9]))"
            .to_string(),
        r"(?P<iso>(?P<iy>(?:19|20)[0-9]{2})-(?P<im>[01][0-9])-(?P<id>[0-3][0-9]))".to_string(),
        // ปีงบประมาณ 2568, ปีงบ 69, ปี 68, พ.ศ. 2568
        format!(r"(?P<label>(?P<lk>ปีงบประมาณ|ปีงบ\.?|ปี|{ERA})\s*(?P<ly>{Y4}|[4-9][0-9]))"),
        // a bare BE year
        format!("(?P<bare>{Y4})"),
    ];
    Regex::new(&alternatives.join("|")).expect("date regex")
});

fn year_from(token: &str) -> Option<i32> {
    let digits: String = token
        .chars()
        .map(|c| if c == 'o' { '0' } else { c })
        .collect();
    let n: i32 = digits.parse().ok()?;
    match digits.len() {
        2 => Some(2500 + n),
        4 if (2400..2700).contains(&n) => Some(n),
        4 if (1900..2200).contains(&n) => Some(ce_to_be(n)),
        _ => None,
    }
}

fn num<T: std::str::FromStr>(caps: &Captures, name: &str) -> Option<T> {
    caps.name(name).and_then(|m| m.as_str().parse().ok())
}

fn date_from(caps: &Captures, d: &str, m: &str, y: &str) -> Option<ThaiDate> {
    let month = month_number(caps.name(m)?.as_str().trim())?;
    let year_be = year_from(caps.name(y)?.as_str())?;
    let day: Option<u8> = num(caps, d);
    Some(ThaiDate {
        year_be,
        month: Some(month),
        day: day.filter(|d| (1..=31).contains(d)),
    })
}

fn mention_from(caps: &Captures) -> Option<(ThaiDate, ThaiDate, bool)> {
    if caps.name("range").is_some() {
        let end = date_from(caps, "dr2", "mr2", "yr2")?;
        let m1 = month_number(caps.name("mr1")?.as_str().trim())?;
        let y1 = match caps.name("yr1") {
            Some(y) => year_from(y.as_str())?,
            // "ต.ค.–มี.ค.68": a start month after the end month is in the year before.
            None if Some(m1) > end.month => end.year_be - 1,
            None => end.year_be,
        };
        let d1: Option<u8> = num(caps, "dr1");
        let start = ThaiDate {
            year_be: y1,
            month: Some(m1),
            day: d1.filter(|d| (1..=31).contains(d)),
        };
        return Some((start, end, false));
    }
    if caps.name("yrange").is_some() {
        let a = year_from(&caps["ya"])?;
        let b = year_from(&caps["yb"])?;
        let year = |y| ThaiDate {
            year_be: y,
            month: None,
            day: None,
        };
        return (a <= b && b - a <= 20).then(|| (year(a), year(b), false));
    }
    if caps.name("date").is_some() {
        let d = date_from(caps, "ds", "ms", "ys")?;
        return Some((d, d, false));
    }
    if caps.name("slash").is_some() {
        let month: u8 = num(caps, "sm")?;
        let day: u8 = num(caps, "sd")?;
        let year_be = year_from(&caps["sy"])?;
        let d = ThaiDate {
            year_be,
            month: Some(month),
            day: Some(day),
        };
        return ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((d, d, false));
    }
    if caps.name("iso").is_some() {
        let d = ThaiDate {
            year_be: ce_to_be(num(caps, "iy")?),
            month: Some(num(caps, "im")?),
            day: Some(num(caps, "id")?),
        };
        let ok = (1..=12).contains(&d.month?) && (1..=31).contains(&d.day?);
        return ok.then_some((d, d, false));
    }
    if caps.name("label").is_some() {
        let year_be = year_from(&caps["ly"])?;
        let fiscal = caps["lk"].starts_with("ปีงบ");
        let d = ThaiDate {
            year_be,
            month: None,
            day: None,
        };
        return Some((d, d, fiscal));
    }
    let year_be = year_from(&caps["bare"])?;
    let d = ThaiDate {
        year_be,
        month: None,
        day: None,
    };
    Some((d, d, false))
}

/// Finds every date, year and range in a text, left to right.
///
/// The text is normalised first (Thai digits, SARA AM, white space), and the spans refer to
/// the normalised text. A number glued to other digits ("125680") is not a year.
///
/// ```
/// use oitscan::thai::find_dates;
/// let m = &find_dates("ผลการดำเนินงาน ต.ค.67–มี.ค.68")[0];
/// assert_eq!((m.start.year_be, m.start.month), (2567, Some(10)));
/// assert_eq!(m.fiscal_years(), 2568..=2568);
/// assert_eq!(find_dates("แผนพัฒนาท้องถิ่น พ.ศ. ๒๕๖๖–๒๕๗๐")[0].fiscal_years(), 2566..=2570);
/// ```
pub fn find_dates(text: &str) -> Vec<DateMention> {
    let n = normalize(text);
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < n.len() {
        let Some(caps) = DATE_RE.captures_at(&n, pos) else {
            break;
        };
        let m = caps.get(0).unwrap();
        let glued_before = n[..m.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit());
        let glued_after = n[m.end()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == 'o');
        if !glued_before
            && !glued_after
            && let Some((start, end, fiscal_label)) = mention_from(&caps)
        {
            out.push(DateMention {
                span: m.start()..m.end(),
                start,
                end,
                fiscal_label,
            });
            pos = m.end();
            continue;
        }
        // Not a date here: step past the first character and look again.
        pos = m.start() + n[m.start()..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// The first single date (or year) in a text.
pub fn parse_date(text: &str) -> Option<ThaiDate> {
    find_dates(text)
        .into_iter()
        .find(|m| !m.is_range())
        .map(|m| m.start)
}

/// The first range in a text, as (first, last).
pub fn parse_range(text: &str) -> Option<(ThaiDate, ThaiDate)> {
    find_dates(text)
        .into_iter()
        .find(DateMention::is_range)
        .map(|m| (m.start, m.end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u8, d: u8) -> ThaiDate {
        ThaiDate {
            year_be: y,
            month: Some(m),
            day: Some(d),
        }
    }
    fn ym(y: i32, m: u8) -> ThaiDate {
        ThaiDate {
            year_be: y,
            month: Some(m),
            day: None,
        }
    }
    fn y(y: i32) -> ThaiDate {
        ThaiDate {
            year_be: y,
            month: None,
            day: None,
        }
    }

    #[test]
    fn eras() {
        assert_eq!(be_to_ce(2568), 2025);
        assert_eq!(ce_to_be(2024), 2567);
    }

    #[test]
    fn fiscal_year_boundaries() {
        let d = |y, m, d| Date::new(y, m, d).unwrap();
        assert_eq!(FiscalYear::of(d(2024, 9, 30)), FiscalYear(2567));
        assert_eq!(FiscalYear::of(d(2024, 10, 1)), FiscalYear(2568));
        assert_eq!(FiscalYear::of(d(2025, 9, 30)), FiscalYear(2568));
        assert_eq!(FiscalYear::of(d(2026, 11, 22)), FiscalYear(2570));
        assert_eq!(FiscalYear(2568).first_day(), d(2024, 10, 1));
        assert_eq!(FiscalYear(2568).last_day(), d(2025, 9, 30));
    }

    #[test]
    fn full_and_abbreviated_months() {
        assert_eq!(
            parse_date("ประกาศ ณ วันที่ 15 ตุลาคม 2567"),
            Some(ymd(2567, 10, 15))
        );
        assert_eq!(parse_date("๑๕ ต.ค. ๒๕๖๗"), Some(ymd(2567, 10, 15)));
        assert_eq!(parse_date("กันยายน2568"), Some(ym(2568, 9)));
        assert_eq!(parse_date("ข้อมูล ณ 3 มี.ค. 68"), Some(ymd(2568, 3, 3)));
        assert_eq!(parse_date("1 กรกฏาคม 2568"), Some(ymd(2568, 7, 1)));
        assert_eq!(
            parse_date("วันที่ 30 ก.ย.2568").unwrap().fiscal_year(),
            FiscalYear(2568)
        );
        assert_eq!(
            parse_date("1 ต.ค.2567").unwrap().fiscal_year(),
            FiscalYear(2568)
        );
    }

    #[test]
    fn year_typos_from_the_reference() {
        assert_eq!(parse_date("ประจำปีงบประมาณ พ.ศ.. 2568"), Some(y(2568)));
        assert_eq!(parse_date("พ.ศ. ๒๕๖o"), Some(y(2560)));
        assert_eq!(parse_date("พศ2569"), Some(y(2569)));
    }

    #[test]
    fn fiscal_labels() {
        let m = &find_dates("แผนปฏิบัติการ ปีงบประมาณ 2568")[0];
        assert!(m.fiscal_label);
        assert_eq!(m.fiscal_years(), 2568..=2568);
        let m = &find_dates("สรุปผล ปีงบ 69")[0];
        assert!(m.fiscal_label);
        assert_eq!(m.start, y(2569));
    }

    #[test]
    fn ranges() {
        assert_eq!(
            parse_range("ผลการดำเนินงาน ต.ค.67–มี.ค.68"),
            Some((ym(2567, 10), ym(2568, 3)))
        );
        assert_eq!(
            parse_range("แผนพัฒนาท้องถิ่น (พ.ศ. 2566-2570)"),
            Some((y(2566), y(2570)))
        );
        assert_eq!(parse_range("พ.ศ.๒๕๖๑ - ๒๕๖๕"), Some((y(2561), y(2565))));
        assert_eq!(
            parse_range("1 ตุลาคม 2567 ถึง 31 มีนาคม 2568"),
            Some((ymd(2567, 10, 1), ymd(2568, 3, 31)))
        );
        // Start year left out: ต.ค. is before มี.ค. 68, so in 67.
        assert_eq!(
            parse_range("ต.ค. - มี.ค. 68"),
            Some((ym(2567, 10), ym(2568, 3)))
        );
        let m = &find_dates("แผนพัฒนาท้องถิ่น พ.ศ. 2566 – 2570")[0];
        assert_eq!(m.fiscal_years(), 2566..=2570);
        assert_eq!(find_dates("ต.ค.67–มี.ค.68")[0].fiscal_years(), 2568..=2568);
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(parse_date("โพสต์เมื่อ 15/03/2568"), Some(ymd(2568, 3, 15)));
        assert_eq!(parse_date("2025-03-15T10:00:00"), Some(ymd(2568, 3, 15)));
    }

    #[test]
    fn not_years() {
        assert!(find_dates("โทร 042123456 หรือ 125680").is_empty());
        assert!(find_dates("ราคา 1,500 บาท หมู่ที่ 3").is_empty());
        assert!(find_dates("ITA2568").len() == 1);
    }

    #[test]
    fn several_years_in_order() {
        let years: Vec<i32> = find_dates("ITA 2567 | ITA 2568 | ITA 2569")
            .iter()
            .map(|m| m.start.year_be)
            .collect();
        assert_eq!(years, vec![2567, 2568, 2569]);
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = find_dates(&s);
        }

        #[test]
        fn thai_and_ascii_digits_agree(be in 2500i32..2600, m in 1u8..=12, d in 1u8..=28) {
            let thai: String = be.to_string().chars().map(|c| char::from_u32(c as u32 - '0' as u32 + 0x0E50).unwrap()).collect();
            let month = MONTHS[m as usize - 1][0];
            prop_assert_eq!(parse_date(&format!("{d} {month} {thai}")), Some(ymd(be, m, d)));
            prop_assert_eq!(parse_date(&format!("{d} {month} {be}")), Some(ymd(be, m, d)));
        }

        #[test]
        fn fiscal_year_contains_its_days(ce in 1990i16..2100, m in 1i8..=12, d in 1i8..=28) {
            let date = Date::new(ce, m, d).unwrap();
            let fy = FiscalYear::of(date);
            prop_assert!(fy.first_day() <= date && date <= fy.last_day());
        }
    }
}
