//! `summary.csv`: one row per unit, for scripts and pivot tables.

use super::view::RunView;

use super::cells::*;

/// summary.csv: one row per unit (registry order) — id, name_th, name_en, type, province, district,
/// url, family, outcome (complete/partial/failed + reason), estimated score (1 decimal, empty when
/// not scored), below_pass (yes/no, pass mark from the checklist's scoring), counts of found /
/// wrong_year / broken_link / needs_human / missing / not_applicable, requests, pages, then one
/// column per checklist item code holding the verdict's kebab-case name (found, wrong-year, …).
/// UTF-8 **with BOM** (EF BB BF) so Excel shows Thai; header labels from the catalogue
/// (`csv-col-*`: Thai, or in English the registry's column names).
///
/// Values stay machine-readable in both languages (type and family slugs, kebab-case verdicts,
/// yes/no) so scripts and pivot tables work on either file; the workbook is the one for reading.
pub fn summary_csv(view: &RunView) -> Vec<u8> {
    let mut w = csv_writer();
    let mut header = labels(SUMMARY_COLUMNS, view.lang);
    header.extend(view.checklist.items.iter().map(|i| cell(&i.code)));
    let _ = w.write_record(&header);
    for v in &view.units {
        let (r, u) = (v.result, &v.result.unit);
        let mut row: Vec<String> = vec![
            cell(&u.id),
            cell(&u.name_th),
            cell(u.name_en.as_deref().unwrap_or("")),
            u.unit_type.slug().to_string(),
            cell(&u.province),
            cell(&u.district),
            cell(u.url.as_str()),
            r.verdicts.family.slug().to_string(),
            cell(&r.outcome.to_string()),
            v.score
                .map(|s| format!("{:.1}", s.percent))
                .unwrap_or_default(),
            match v.below_pass() {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            },
        ];
        row.extend(COUNTED.iter().map(|c| v.count(*c).to_string()));
        row.push(r.requests.to_string());
        row.push(r.pages.to_string());
        row.extend(v.items.iter().map(|i| {
            i.verdict
                .map(|iv| iv.verdict.slug().to_string())
                .unwrap_or_default()
        }));
        let _ = w.write_record(&row);
    }
    csv_bytes(w)
}

/// A CSV writer into memory that starts with the BOM and ends lines with CRLF, as Excel expects.
pub(super) fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec())
}

pub(super) fn csv_bytes(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    // Writing into a Vec cannot fail; into_inner only flushes.
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Lang;
    use crate::report::cells::fixtures::*;

    #[test]
    fn summary_csv_has_bom_columns_counts_and_no_formulas() {
        let (results, c) = run();
        for lang in [Lang::Th, Lang::En] {
            let (header, rows) = read_csv(&summary_csv(&RunView::new(&results, &c, lang)));
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
        let (header, rows) = read_csv(&summary_csv(&RunView::new(&results, &c, Lang::En)));
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
}
