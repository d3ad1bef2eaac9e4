//! `results.json` is a public format: its JSON Schema is committed in `docs/` and must match
//! the code. Regenerate after an intended change with
//! `UPDATE_SCHEMA=1 cargo test --test schema` (and bump `RESULTS_VERSION` if it breaks readers).

use oitscan::results::{RESULTS_VERSION, results_schema};

#[test]
fn the_committed_schema_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/results.schema.json");
    let generated = serde_json::to_string_pretty(&results_schema()).unwrap() + "\n";
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).expect("docs/results.schema.json exists");
    assert_eq!(
        committed, generated,
        "docs/results.schema.json is out of date: run UPDATE_SCHEMA=1 cargo test --test schema"
    );
    let v: serde_json::Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(v["$id"], format!("urn:oitscan:results:v{RESULTS_VERSION}"));
    for field in ["results_version", "units", "fiscal_year", "checklist"] {
        assert!(
            v["required"].as_array().unwrap().iter().any(|f| f == field),
            "{field} is required"
        );
    }
}

/// Notes and registry row problems are catalogue messages now; a results.json written when
/// they were plain English text still reads (so `RESULTS_VERSION` stays), its text shown as
/// it was, and a new one keeps the key for the report to word.
#[test]
fn notes_and_row_problems_written_as_text_still_read() {
    use oitscan::locale::{Lang, Msg};
    use oitscan::results::RunResults;
    let old = r#"{"results_version": 1, "oitscan_version": "0.1.0",
        "started_at": "2025-01-01T00:00:00Z", "finished_at": "2025-01-01T00:01:00Z",
        "checklist": "nacc-2568", "checklist_source": "builtin", "fiscal_year": 2568,
        "units": [],
        "invalid_rows": [{"line": 3, "id": "x", "problems": ["missing url"]}],
        "notes": ["units.csv: column \"notes\" is not used"]}"#;
    let run: RunResults = serde_json::from_str(old).unwrap();
    assert_eq!(
        run.notes[0].text(Lang::Th),
        "units.csv: column \"notes\" is not used"
    );
    assert_eq!(
        run.invalid_rows[0].to_string(),
        "line 3 (id x): missing url"
    );

    let mut new = run.clone();
    new.notes = vec![Msg::new("registry-url-missing")];
    let json = serde_json::to_value(&new).unwrap();
    assert_eq!(json["notes"][0]["key"], "registry-url-missing");
    let back: RunResults = serde_json::from_value(json).unwrap();
    assert_eq!(back.notes[0].to_string(), "missing url");
    assert_ne!(back.notes[0].text(Lang::Th), "missing url");
}
