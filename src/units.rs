//! The unit registry: which public units to audit, read from a CSV or TOML file.
//!
//! Registries are kept by provincial staff in Excel, so the reader is forgiving about what
//! Excel does (a BOM, a windows-874 "CSV" on Thai Windows, columns in any order, stray spaces)
//! and strict about what would make a scan wrong (a URL with no scheme, a duplicate id, an
//! unknown unit type). Every bad row is reported with its line number and the good rows stay
//! usable: one bad row never sinks the file.

use crate::locale::{Lang, Msg};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use url::Url;

/// The kind of public unit; it decides which checklist footnotes apply (อปท. must show both
/// the political and the permanent side of their structure, for example).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum UnitType {
    /// ส่วนราชการระดับจังหวัด, and other central-government units.
    ProvincialAgency,
    /// องค์การบริหารส่วนจังหวัด (อบจ.).
    Pao,
    /// เทศบาลนคร.
    CityMunicipality,
    /// เทศบาลเมือง.
    TownMunicipality,
    /// เทศบาลตำบล.
    SubdistrictMunicipality,
    /// องค์การบริหารส่วนตำบล (อบต.).
    Sao,
    /// Anything else (public organisations, state enterprises, …).
    Other,
}

impl UnitType {
    /// Every type, in display order.
    pub const ALL: [UnitType; 7] = [
        UnitType::ProvincialAgency,
        UnitType::Pao,
        UnitType::CityMunicipality,
        UnitType::TownMunicipality,
        UnitType::SubdistrictMunicipality,
        UnitType::Sao,
        UnitType::Other,
    ];

    /// The machine name used in files ("sao", "pao", …).
    pub fn slug(self) -> &'static str {
        match self {
            UnitType::ProvincialAgency => "provincial-agency",
            UnitType::Pao => "pao",
            UnitType::CityMunicipality => "city-municipality",
            UnitType::TownMunicipality => "town-municipality",
            UnitType::SubdistrictMunicipality => "subdistrict-municipality",
            UnitType::Sao => "sao",
            UnitType::Other => "other",
        }
    }

    /// The Thai name staff use (from the catalogue, `type-*`).
    pub fn name_th(self) -> &'static str {
        use crate::locale::{Lang, label};
        label(
            Lang::Th,
            match self {
                UnitType::ProvincialAgency => "type-provincial-agency",
                UnitType::Pao => "type-pao",
                UnitType::CityMunicipality => "type-city-municipality",
                UnitType::TownMunicipality => "type-town-municipality",
                UnitType::SubdistrictMunicipality => "type-subdistrict-municipality",
                UnitType::Sao => "type-sao",
                UnitType::Other => "type-other",
            },
        )
    }

    /// Whether this is a local government (องค์กรปกครองส่วนท้องถิ่น, อปท.).
    pub fn is_local(self) -> bool {
        !matches!(self, UnitType::ProvincialAgency | UnitType::Other)
    }

    /// Reads a type as people write it in registries, in Thai or English: "อบต.", "อบต",
    /// "องค์การบริหารส่วนตำบล", "SAO", "tambon administrative organization", "ทต.", …
    pub fn parse(s: &str) -> Option<UnitType> {
        let k: String = crate::thai::normalize(s)
            .chars()
            .filter(|c| !matches!(c, '.' | ' ' | '-' | '_' | '(' | ')'))
            .collect();
        let t = match k.as_str() {
            "provincialagency"
            | "provincial"
            | "agency"
            | "ส่วนราชการ"
            | "ส่วนราชการระดับจังหวัด"
            | "ส่วนราชการส่วนภูมิภาค"
            | "หน่วยงานระดับจังหวัด"
            | "ราชการส่วนภูมิภาค" => UnitType::ProvincialAgency,
            "pao"
            | "อบจ"
            | "องค์การบริหารส่วนจังหวัด"
            | "provincialadministrativeorganization"
            | "provincialadministrativeorganisation" => UnitType::Pao,
            "citymunicipality" | "city" | "เทศบาลนคร" | "ทน" => {
                UnitType::CityMunicipality
            }
            "townmunicipality" | "town" | "เทศบาลเมือง" | "ทม" => {
                UnitType::TownMunicipality
            }
            "subdistrictmunicipality" | "tambonmunicipality" | "เทศบาลตำบล" | "ทต" => {
                UnitType::SubdistrictMunicipality
            }
            "sao"
            | "tao"
            | "อบต"
            | "องค์การบริหารส่วนตำบล"
            | "subdistrictadministrativeorganization"
            | "subdistrictadministrativeorganisation"
            | "tambonadministrativeorganization"
            | "tambonadministrativeorganisation" => UnitType::Sao,
            "other" | "อื่น" | "อื่นๆ" | "อื่น ๆ" | "หน่วยงานอื่น" => {
                UnitType::Other
            }
            _ => return None,
        };
        Some(t)
    }
}

impl fmt::Display for UnitType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// Which assessment list a unit publishes against. Only the NACC list is scored; units of the
/// other families are recognised and reported as such.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// NACC ITA/OIT (สำนักงาน ป.ป.ช.).
    #[default]
    Nacc,
    /// Ministry of Public Health "MOIT".
    MophMoit,
    /// OBEC schools' "ITA Online".
    ObecItaOnline,
    /// Vocational colleges (OVEC).
    Ovec,
    /// Ministry of Public Health "evidence-based" list (EB1–EB24) of its offices, which
    /// never says "MOIT".
    MophEb,
}

impl Family {
    /// The machine name used in files.
    pub fn slug(self) -> &'static str {
        match self {
            Family::Nacc => "nacc",
            Family::MophMoit => "moph-moit",
            Family::ObecItaOnline => "obec-ita-online",
            Family::Ovec => "ovec",
            Family::MophEb => "moph-eb",
        }
    }

    /// The family's name for reports (from the catalogue, `family-*`).
    pub fn name(self, thai: bool) -> &'static str {
        use crate::locale::{Lang, label};
        label(
            if thai { Lang::Th } else { Lang::En },
            match self {
                Family::Nacc => "family-nacc",
                Family::MophMoit => "family-moph-moit",
                Family::ObecItaOnline => "family-obec-ita-online",
                Family::Ovec => "family-ovec",
                Family::MophEb => "family-moph-eb",
            },
        )
    }

    /// Reads a family name as written in a registry ("NACC", "MOIT", "ITA Online", "ป.ป.ช.").
    pub fn parse(s: &str) -> Option<Family> {
        let k: String = crate::thai::normalize(s)
            .chars()
            .filter(|c| !matches!(c, '.' | ' ' | '-' | '_'))
            .collect();
        Some(match k.as_str() {
            "" | "nacc" | "ปปช" | "ita" | "oit" => Family::Nacc,
            "mophmoit" | "moit" | "moph" | "สธ" => Family::MophMoit,
            "obecitaonline" | "itaonline" | "obec" | "สพฐ" => Family::ObecItaOnline,
            "ovec" | "สอศ" => Family::Ovec,
            "moph-eb" | "mopheb" | "eb" => Family::MophEb,
            _ => return None,
        })
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// One public unit to audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Unit {
    /// The registry's id, unique in the file; report file names derive from it.
    pub id: String,
    /// Thai name.
    pub name_th: String,
    /// English name, if the registry has one.
    pub name_en: Option<String>,
    /// Kind of unit.
    pub unit_type: UnitType,
    /// Province (จังหวัด).
    pub province: String,
    /// District (อำเภอ); empty for provincial agencies.
    pub district: String,
    /// Homepage.
    pub url: Url,
    /// Other hosts that belong to the unit's site (a Google Sites sub-site, a vendor host).
    pub extra_hosts: Vec<String>,
    /// Which assessment list the unit publishes against.
    pub family: Family,
    /// Line in the registry file, for messages.
    pub line: usize,
}

impl Unit {
    /// The hosts the crawler may stay on: the homepage host, its `www.`/bare twin and the
    /// declared extra hosts.
    pub fn hosts(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(h) = self.url.host_str() {
            let h = h.to_ascii_lowercase();
            let twin = match h.strip_prefix("www.") {
                Some(bare) => bare.to_string(),
                None => format!("www.{h}"),
            };
            out.push(h);
            if self
                .url
                .host()
                .is_some_and(|h| matches!(h, url::Host::Domain(_)))
            {
                out.push(twin);
            }
        }
        for h in &self.extra_hosts {
            if !out.contains(h) {
                out.push(h.clone());
            }
        }
        out
    }
}

/// A registry row that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RowError {
    /// Line in the file (1-based; the header is line 1 in a CSV).
    pub line: usize,
    /// The row's id, when it had one.
    pub id: Option<String>,
    /// Every problem found in the row, each saying what to fix (worded when shown).
    pub problems: Vec<Msg>,
}

impl RowError {
    /// The row's problems worded in `lang`, joined with "; ".
    pub fn problems_in(&self, lang: Lang) -> String {
        self.problems
            .iter()
            .map(|p| p.text(lang))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// In English, as the terminal shows it.
impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = self
            .id
            .as_deref()
            .map(|i| format!(" (id {i})"))
            .unwrap_or_default();
        write!(f, "line {}{id}: {}", self.line, self.problems_in(Lang::En))
    }
}

/// A read registry: the usable units, the rows that were not, and remarks about the file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Registry {
    /// Units that passed validation, in file order.
    pub units: Vec<Unit>,
    /// Rows that did not.
    pub errors: Vec<RowError>,
    /// Remarks that do not stop any row (unknown columns, a non-UTF-8 file, no province),
    /// worded when shown.
    pub warnings: Vec<Msg>,
}

/// A problem with the registry file as a whole; no row could be read.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// The file could not be read.
    #[error("cannot read the unit registry {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// Required columns are missing from the CSV header.
    #[error(
        "{path}: the header lacks the column(s) {missing}; the first line must name the columns, e.g. \
         id,name_th,name_en,type,province,district,url,extra_hosts,family (found: {found})"
    )]
    MissingColumns {
        /// The file.
        path: String,
        /// The missing columns, comma-separated.
        missing: String,
        /// The header as found.
        found: String,
    },
    /// The file is not valid CSV or TOML at all.
    #[error("{path}: {message}")]
    Malformed {
        /// The file.
        path: String,
        /// What is wrong and where.
        message: String,
    },
}

const REQUIRED: [&str; 6] = ["id", "name_th", "type", "province", "district", "url"];
/// The registry's columns, in the order oitscan writes them.
pub const COLUMNS: [&str; 9] = [
    "id",
    "name_th",
    "name_en",
    "type",
    "province",
    "district",
    "url",
    "extra_hosts",
    "family",
];

/// One row as written, before validation.
#[derive(Debug, Default)]
struct RawRow {
    line: usize,
    fields: HashMap<&'static str, String>,
    /// (fields in the row, columns in the header) when a CSV row's width is not the header's.
    width: Option<(usize, usize)>,
}

impl RawRow {
    fn get(&self, k: &str) -> &str {
        self.fields.get(k).map(|s| s.trim()).unwrap_or("")
    }
}

/// Writes units as a registry CSV that [`load`] reads back (the demo leaves one beside its
/// results, ready to copy and edit).
pub fn write_csv(path: &Path, units: &[Unit]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(COLUMNS)?;
    for u in units {
        w.write_record([
            u.id.as_str(),
            &u.name_th,
            u.name_en.as_deref().unwrap_or(""),
            u.unit_type.slug(),
            &u.province,
            &u.district,
            u.url.as_str(),
            &u.extra_hosts.join(";"),
            u.family.slug(),
        ])?;
    }
    w.flush()
}

/// Reads a registry file; `.toml` files are read as TOML, everything else as CSV.
pub fn load(path: &Path) -> Result<Registry, RegistryError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| RegistryError::Io {
        path: name.clone(),
        source,
    })?;
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let mut warnings = Vec::new();
    let text = decode_registry(bytes, &name, &mut warnings);
    if !is_toml && let Some(line) = unclosed_quote(&text) {
        return Err(RegistryError::Malformed {
            path: name,
            message: format!(
                "line {line}: a quoted field (\") is never closed, so the rest of the file would be read as one field; add the missing \" on that line"
            ),
        });
    }
    let mut reg = if is_toml {
        parse_toml(&text, &name)?
    } else {
        parse_csv(&text, &name)?
    };
    warnings.append(&mut reg.warnings);
    reg.warnings = warnings;
    Ok(reg)
}

/// Decodes a registry file the way people save it: UTF-8 (with or without BOM); UTF-16 (with
/// a BOM, or without one, as "Unicode text" from Excel); and a Thai-Windows "CSV" in
/// windows-874 — decided per line, so one row pasted in from another file does not turn every
/// other Thai name into mojibake. Each guess is said in a warning.
fn decode_registry(bytes: Vec<u8>, name: &str, warnings: &mut Vec<Msg>) -> String {
    let utf16 = match bytes.as_slice() {
        [0xFF, 0xFE, ..] => Some((encoding_rs::UTF_16LE, true)),
        [0xFE, 0xFF, ..] => Some((encoding_rs::UTF_16BE, true)),
        b if b.len() >= 4 => {
            // ASCII text in UTF-16 has a zero in every other byte.
            let zeros = |start: usize| b.iter().skip(start).step_by(2).filter(|&&c| c == 0).count();
            let half = b.len() / 2;
            if zeros(1) * 10 >= half * 4 && zeros(0) * 10 < half {
                Some((encoding_rs::UTF_16LE, false))
            } else if zeros(0) * 10 >= half * 4 && zeros(1) * 10 < half {
                Some((encoding_rs::UTF_16BE, false))
            } else {
                None
            }
        }
        _ => None,
    };
    if let Some((enc, bom)) = utf16 {
        let (text, _, _) = enc.decode(&bytes);
        if !bom {
            warnings.push(
                Msg::new("registry-utf16-no-bom")
                    .arg("file", name)
                    .arg("encoding", enc.name()),
            );
        }
        return text.into_owned();
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(t) => return t,
        Err(e) => e.into_bytes(),
    };
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut legacy = Vec::new();
    for (i, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        match std::str::from_utf8(line) {
            Ok(t) => out.push_str(t),
            Err(_) => {
                // Excel's plain "CSV" on Thai Windows is windows-874.
                let (t, _, _) = encoding_rs::WINDOWS_874.decode(line);
                out.push_str(&t);
                legacy.push((i + 1).to_string());
            }
        }
    }
    warnings.push(if legacy.len() > 10 {
        Msg::new("registry-windows-874-many")
            .arg("file", name)
            .num("count", legacy.len() as u32)
    } else {
        Msg::new("registry-windows-874")
            .arg("file", name)
            .arg("lines", legacy.join(", "))
    });
    out
}

/// The line where a quoted CSV field opens and is never closed, if one is.
fn unclosed_quote(text: &str) -> Option<usize> {
    let mut line = 1;
    let mut open_at = None;
    let mut at_field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (open_at, c) {
            (None, '"') if at_field_start => open_at = Some(line),
            (Some(_), '"') => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    open_at = None;
                }
            }
            _ => {}
        }
        if c == '\n' {
            line += 1;
        }
        at_field_start = open_at.is_none() && matches!(c, ',' | '\n' | '\r');
    }
    open_at
}

/// Reads a CSV registry from text (a UTF-8 BOM is allowed). `name` is used in messages.
pub fn parse_csv(text: &str, name: &str) -> Result<Registry, RegistryError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| RegistryError::Malformed {
            path: name.into(),
            message: e.to_string(),
        })?
        .clone();
    let mut warnings = Vec::new();
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    for h in headers.iter() {
        let key = h.trim().to_ascii_lowercase();
        let known = COLUMNS.iter().find(|k| **k == key).copied();
        if known.is_none() && !key.is_empty() {
            warnings.push(
                Msg::new("registry-unused-column")
                    .arg("file", name)
                    .arg("column", h.trim())
                    .arg("known", COLUMNS.join(", ")),
            );
        }
        columns.push(known);
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|r| !columns.contains(&Some(**r)))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(RegistryError::MissingColumns {
            path: name.into(),
            missing: missing.join(", "),
            found: headers.iter().collect::<Vec<_>>().join(","),
        });
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(RowError {
                    line,
                    id: None,
                    problems: vec![Msg::new("registry-unreadable-row").arg("error", e)],
                });
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let mut row = RawRow {
            line,
            ..Default::default()
        };
        for (i, field) in rec.iter().enumerate() {
            if let Some(Some(col)) = columns.get(i) {
                row.fields.insert(col, field.to_string());
            }
        }
        if rec.len() != headers.len() {
            row.width = Some((rec.len(), headers.len()));
        }
        rows.push(row);
    }
    let mut reg = validate_rows(rows);
    reg.errors.append(&mut errors);
    reg.errors.sort_by_key(|e| e.line);
    reg.warnings.splice(0..0, warnings);
    Ok(reg)
}

/// Reads a TOML registry: an array of `[[unit]]` tables with the CSV's column names as keys
/// (`extra_hosts` may be an array or a `;`-separated string).
pub fn parse_toml(text: &str, name: &str) -> Result<Registry, RegistryError> {
    #[derive(Deserialize)]
    struct File {
        #[serde(default)]
        unit: Vec<toml::Spanned<toml::Table>>,
    }
    let file: File = toml::from_str(text).map_err(|e| RegistryError::Malformed {
        path: name.into(),
        message: match e.span() {
            Some(s) => format!("line {}: {}", line_of(text, s.start), e.message()),
            None => e.message().to_string(),
        },
    })?;
    let mut warnings = Vec::new();
    let mut rows = Vec::new();
    for spanned in file.unit {
        let line = line_of(text, spanned.span().start);
        let mut row = RawRow {
            line,
            ..Default::default()
        };
        for (k, v) in spanned.into_inner() {
            let Some(col) = COLUMNS.iter().find(|c| **c == k).copied() else {
                warnings.push(
                    Msg::new("registry-unused-key")
                        .arg("file", name)
                        .num("line", line as u32)
                        .arg("key", &k)
                        .arg("known", COLUMNS.join(", ")),
                );
                continue;
            };
            let value = match v {
                toml::Value::String(s) => s,
                toml::Value::Array(a) => a
                    .iter()
                    .map(|x| {
                        x.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| x.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(";"),
                other => other.to_string(),
            };
            row.fields.insert(col, value);
        }
        rows.push(row);
    }
    let mut reg = validate_rows(rows);
    reg.warnings.splice(0..0, warnings);
    Ok(reg)
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Checks a homepage URL and says how to fix it.
pub fn check_url(raw: &str) -> Result<Url, Msg> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Msg::new("registry-url-missing"));
    }
    if !raw.contains("://") {
        let looks_like_host = raw.contains('.') && !raw.contains(' ');
        return Err(if looks_like_host {
            Msg::new("registry-url-no-scheme").arg("url", raw)
        } else {
            Msg::new("registry-url-not-web").arg("url", raw)
        });
    }
    let url = Url::parse(raw)
        .map_err(|e| Msg::new("registry-url-bad").arg("url", raw).arg("error", e))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Msg::new("registry-url-scheme")
            .arg("url", raw)
            .arg("scheme", url.scheme()));
    }
    match url.host_str() {
        None | Some("") => Err(Msg::new("registry-url-no-host").arg("url", raw)),
        Some(h) if !h.contains('.') && h != "localhost" => Err(Msg::new("registry-url-not-domain")
            .arg("url", raw)
            .arg("host", h)),
        Some(_) => Ok(url),
    }
}

fn check_extra_host(raw: &str) -> Result<String, Msg> {
    let raw = raw.trim();
    let host = if raw.contains("://") {
        Url::parse(raw)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
    } else {
        Url::parse(&format!("http://{raw}"))
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
    };
    match host {
        Some(h) if !h.is_empty() && (h.contains('.') || h == "localhost") => {
            Ok(h.to_ascii_lowercase())
        }
        _ => Err(Msg::new("registry-extra-host").arg("host", raw)),
    }
}

fn validate_rows(rows: Vec<RawRow>) -> Registry {
    let mut reg = Registry::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let mut problems = Vec::new();
        if let Some((fields, columns)) = row.width {
            problems.push(
                Msg::new("registry-row-width")
                    .num("fields", fields as u32)
                    .num("columns", columns as u32),
            );
        }
        let id = row.get("id").to_string();
        if id.is_empty() {
            problems.push(Msg::new("registry-empty-id"));
        } else if id.contains(['/', '\\'])
            || id == "."
            || id == ".."
            || id.chars().any(char::is_control)
        {
            problems.push(Msg::new("registry-bad-id").arg("id", &id));
        } else if let Some(first) = seen.get(&id) {
            problems.push(
                Msg::new("registry-duplicate-id")
                    .arg("id", &id)
                    .num("first", *first as u32),
            );
        } else {
            seen.insert(id.clone(), row.line);
        }
        let name_th = row.get("name_th").to_string();
        if name_th.is_empty() {
            problems.push(Msg::new("registry-empty-name-th"));
        }
        let type_raw = row.get("type");
        let unit_type = if type_raw.is_empty() {
            problems.push(Msg::new("registry-empty-type"));
            None
        } else {
            let t = UnitType::parse(type_raw);
            if t.is_none() {
                let known: Vec<&str> = UnitType::ALL.iter().map(|t| t.slug()).collect();
                problems.push(
                    Msg::new("registry-unknown-type")
                        .arg("type", type_raw)
                        .arg("known", known.join(", ")),
                );
            }
            t
        };
        let url = check_url(row.get("url")).map_err(|e| problems.push(e)).ok();
        let mut extra_hosts = Vec::new();
        for h in row
            .get("extra_hosts")
            .split([';', ','])
            .filter(|h| !h.trim().is_empty())
        {
            match check_extra_host(h) {
                Ok(h) => extra_hosts.push(h),
                Err(e) => problems.push(e),
            }
        }
        let family_raw = row.get("family");
        let family = Family::parse(family_raw);
        if family.is_none() {
            problems.push(Msg::new("registry-unknown-family").arg("family", family_raw));
        }
        let id_opt = (!id.is_empty()).then(|| id.clone());
        match (problems.is_empty(), unit_type, url, family) {
            (true, Some(unit_type), Some(url), Some(family)) => {
                let province = row.get("province").to_string();
                if province.is_empty() {
                    reg.warnings.push(
                        Msg::new("registry-no-province")
                            .num("line", row.line as u32)
                            .arg("id", &id),
                    );
                }
                let name_en = Some(row.get("name_en").to_string()).filter(|s| !s.is_empty());
                reg.units.push(Unit {
                    id,
                    name_th,
                    name_en,
                    unit_type,
                    province,
                    district: row.get("district").to_string(),
                    url,
                    extra_hosts,
                    family,
                    line: row.line,
                });
            }
            _ => reg.errors.push(RowError {
                line: row.line,
                id: id_opt,
                problems,
            }),
        }
    }
    reg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_spellings() {
        for (s, t) in [
            ("อบต.", UnitType::Sao),
            ("อบต", UnitType::Sao),
            ("องค์การบริหารส่วนตำบล", UnitType::Sao),
            ("SAO", UnitType::Sao),
            ("อบจ.", UnitType::Pao),
            ("เทศบาลนคร", UnitType::CityMunicipality),
            ("ทม.", UnitType::TownMunicipality),
            ("เทศบาลตำบล", UnitType::SubdistrictMunicipality),
            (
                "subdistrict-municipality",
                UnitType::SubdistrictMunicipality,
            ),
            ("Provincial agency", UnitType::ProvincialAgency),
            ("ส่วนราชการ", UnitType::ProvincialAgency),
            ("other", UnitType::Other),
        ] {
            assert_eq!(UnitType::parse(s), Some(t), "{s}");
        }
        assert_eq!(UnitType::parse("หมู่บ้าน"), None);
        for t in UnitType::ALL {
            assert_eq!(UnitType::parse(t.slug()), Some(t));
        }
    }

    #[test]
    fn url_checks_say_what_to_fix() {
        let e = check_url("www.nongbua.go.th").unwrap_err().to_string();
        assert!(e.contains("https://www.nongbua.go.th"), "{e}");
        let err = |raw: &str| check_url(raw).unwrap_err().to_string();
        assert!(err("").contains("missing"));
        assert!(err("ftp://x.go.th").contains("http"));
        assert!(err("https://intranet/").contains("full domain"));
        assert!(check_url("https://www.nongbua.go.th/").is_ok());
        assert!(check_url("http://127.0.0.1:8080/").is_ok());
    }

    #[test]
    fn hosts_include_twin_and_extras() {
        let reg = parse_csv(
            "id,name_th,type,province,district,url,extra_hosts\n1,อบต.ก,อบต.,ขอนแก่น,เมือง,https://www.a.go.th,sites.google.com; https://vendor.example.com/x\n",
            "t.csv",
        )
        .unwrap();
        assert_eq!(
            reg.units[0].hosts(),
            vec![
                "www.a.go.th",
                "a.go.th",
                "sites.google.com",
                "vendor.example.com"
            ]
        );
    }
}
