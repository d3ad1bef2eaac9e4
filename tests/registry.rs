//! The unit registry as staff really save it: Excel CSV with a BOM, CRLF, Thai windows-874
//! "CSV", columns in any order, TOML, and files with bad rows among good ones.

use oitscan::locale::Lang;
use oitscan::units::{self, Family, UnitType};
use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/units")
        .join(name)
}

#[test]
fn example_registry_is_clean() {
    let reg = units::load(&fixture("example.csv")).unwrap();
    assert!(reg.errors.is_empty(), "{:?}", reg.errors);
    assert_eq!(reg.units.len(), 7);
    let kinds: Vec<UnitType> = reg.units.iter().map(|u| u.unit_type).collect();
    assert_eq!(
        kinds,
        vec![
            UnitType::Pao,
            UnitType::CityMunicipality,
            UnitType::TownMunicipality,
            UnitType::SubdistrictMunicipality,
            UnitType::Sao,
            UnitType::ProvincialAgency,
            UnitType::Other
        ]
    );
    assert_eq!(reg.units[3].extra_hosts, vec!["sites.google.com"]);
    assert_eq!(reg.units[6].family, Family::MophMoit);
    assert_eq!(
        reg.units[1].family,
        Family::Nacc,
        "an empty family means the NACC list"
    );
    assert_eq!(reg.units[5].district, "");
    assert_eq!(reg.units[0].line, 2);
}

#[test]
fn bad_rows_are_reported_and_good_rows_kept() {
    let reg = units::load(&fixture("bad.csv")).unwrap();
    let ids: Vec<&str> = reg.units.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, vec!["u1", "u7"]);
    let by_line = |l: usize| {
        reg.errors
            .iter()
            .find(|e| e.line == l)
            .map(|e| e.problems_in(Lang::En))
            .unwrap_or_default()
    };
    assert!(
        by_line(3).contains("https://www.noscheme.go.th"),
        "{}",
        by_line(3)
    );
    assert!(
        by_line(4).contains("duplicate id \"u1\" (first used on line 2)"),
        "{}",
        by_line(4)
    );
    assert!(
        by_line(5).contains("unknown unit type \"หมู่บ้าน\""),
        "{}",
        by_line(5)
    );
    assert!(by_line(6).contains("empty name_th"), "{}", by_line(6));
    assert!(by_line(7).contains("missing url"), "{}", by_line(7));
    assert_eq!(reg.errors.len(), 5);
}

#[test]
fn excel_bom_crlf_and_column_order() {
    let text = "\u{FEFF}URL,Name_TH,id,type,district,province,notes\r\nhttps://a.go.th/,อบต.ก,a1,SAO,เมือง,ขอนแก่น,x\r\n\r\n";
    let reg = units::parse_csv(text, "excel.csv").unwrap();
    assert!(reg.errors.is_empty(), "{:?}", reg.errors);
    assert_eq!(reg.units[0].id, "a1");
    assert_eq!(reg.units[0].name_th, "อบต.ก");
    assert!(
        reg.warnings
            .iter()
            .any(|w| w.to_string().contains("\"notes\" is not used")),
        "{:?}",
        reg.warnings
    );
}

#[test]
fn windows_874_csv_is_read_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("thai-excel.csv");
    let text = "id,name_th,type,province,district,url\nb1,องค์การบริหารส่วนตำบลบ้านทุ่ม,อบต.,ขอนแก่น,เมือง,https://www.banthum.go.th/\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_874.encode(text);
    std::fs::write(&path, &bytes).unwrap();
    let reg = units::load(&path).unwrap();
    assert_eq!(reg.units[0].name_th, "องค์การบริหารส่วนตำบลบ้านทุ่ม");
    assert!(
        reg.warnings[0].to_string().contains("not UTF-8"),
        "{:?}",
        reg.warnings
    );
}

#[test]
fn missing_columns_sink_only_with_a_clear_message() {
    let err = units::parse_csv("id,name,url\n1,x,https://a.go.th\n", "t.csv")
        .unwrap_err()
        .to_string();
    assert!(err.contains("name_th, type, province, district"), "{err}");
    assert!(err.contains("found: id,name,url"), "{err}");
}

#[test]
fn ragged_rows_are_errors_not_crashes() {
    let reg = units::parse_csv(
        "id,name_th,type,province,district,url\nx1,อบต.ก,อบต.,ขอนแก่น,เมือง\nx2,อบต.ข,อบต.,ขอนแก่น,เมือง,https://b.go.th/\n",
        "t.csv",
    )
    .unwrap();
    assert_eq!(reg.units.len(), 1);
    assert_eq!(reg.errors[0].line, 2);
    assert!(
        reg.errors[0]
            .problems
            .iter()
            .any(|p| p.to_string().contains("5 fields but the header has 6")),
        "{:?}",
        reg.errors
    );
}

#[test]
fn toml_registry_with_line_numbers() {
    let reg = units::load(&fixture("example.toml")).unwrap();
    assert_eq!(reg.units.len(), 2);
    assert_eq!(reg.units[1].extra_hosts, vec!["sites.google.com"]);
    assert_eq!(reg.errors.len(), 1);
    assert_eq!(reg.errors[0].id.as_deref(), Some("kk-banthum"));
    assert!(
        reg.errors[0].line >= 20,
        "line {} should point into the third table",
        reg.errors[0].line
    );
    assert!(
        reg.errors[0].problems[0]
            .to_string()
            .contains("https://www.banthum.go.th")
    );
}

#[test]
fn ids_cannot_name_paths() {
    let reg = units::parse_csv(
        "id,name_th,type,province,district,url\n../x,อบต.ก,อบต.,ขอนแก่น,เมือง,https://a.go.th/\n",
        "t.csv",
    )
    .unwrap();
    assert!(reg.units.is_empty());
    assert!(reg.errors[0].problems[0].to_string().contains("slashes"));
}

/// One windows-874 row among UTF-8 rows is decoded on its own: every other Thai name stays
/// right, and the warning names the line.
#[test]
fn encodings_are_decided_per_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.csv");
    let mut bytes =
        "id,name_th,type,province,district,url\n1,อบต.หนองบัว,อบต.,ขอนแก่น,เมือง,https://a.go.th/\n"
            .as_bytes()
            .to_vec();
    let (legacy, _, _) = encoding_rs::WINDOWS_874
        .encode("2,เทศบาลตำบลบ้านไผ่,เทศบาลตำบล,ขอนแก่น,บ้านไผ่,https://b.go.th/\n");
    bytes.extend_from_slice(&legacy);
    bytes.extend_from_slice("3,อบต.โนนสูง,อบต.,ขอนแก่น,เมือง,https://c.go.th/\n".as_bytes());
    std::fs::write(&path, bytes).unwrap();
    let reg = units::load(&path).unwrap();
    let names: Vec<_> = reg.units.iter().map(|u| u.name_th.as_str()).collect();
    assert_eq!(names, ["อบต.หนองบัว", "เทศบาลตำบลบ้านไผ่", "อบต.โนนสูง"]);
    assert!(
        reg.warnings
            .iter()
            .map(|w| w.to_string())
            .any(|w| w.contains("line(s) 3") && w.contains("windows-874")),
        "{:?}",
        reg.warnings
    );
}

/// "Unicode text" saved by Excel is UTF-16 without a byte-order mark: read, and said.
#[test]
fn utf16_without_bom_is_read_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u16.csv");
    let text =
        "id,name_th,type,province,district,url\n1,อบต.หนองบัว,อบต.,ขอนแก่น,เมือง,https://a.go.th/\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    std::fs::write(&path, bytes).unwrap();
    let reg = units::load(&path).unwrap();
    assert_eq!(reg.units.len(), 1);
    assert_eq!(reg.units[0].name_th, "อบต.หนองบัว");
    assert!(
        reg.warnings
            .iter()
            .any(|w| w.to_string().contains("UTF-16LE")),
        "{:?}",
        reg.warnings
    );
}

/// A quote that is never closed would swallow every row after it: the file is refused,
/// naming the line.
#[test]
fn an_unclosed_quote_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.csv");
    std::fs::write(
        &path,
        "id,name_th,type,province,district,url\n1,อบต.หนองบัว,อบต.,ขอนแก่น,เมือง,https://a.go.th/\n2,\"อบต.โนนสูง,อบต.,ขอนแก่น,เมือง,https://b.go.th/\n3,อบต.ค,อบต.,ขอนแก่น,เมือง,https://c.go.th/\n",
    )
    .unwrap();
    let e = units::load(&path).unwrap_err().to_string();
    assert!(e.contains("line 3") && e.contains("never closed"), "{e}");
    // Doubled quotes inside a quoted field are not an unclosed quote.
    std::fs::write(
        &path,
        "id,name_th,type,province,district,url\n1,\"อบต.\"\"หนองบัว\"\"\",อบต.,ขอนแก่น,เมือง,https://a.go.th/\n",
    )
    .unwrap();
    assert_eq!(units::load(&path).unwrap().units.len(), 1);
}
