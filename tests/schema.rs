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
