//! Document reading in a worker process (`oitscan` re-invoked): a document that exhausts its
//! memory limit costs its own text, never the run.

use oitscan::extract::worker::extract_in_worker;
use std::path::Path;
use std::time::Duration;

fn exe() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_oitscan"))
}

fn xlsx(rows: u32, cols: u16) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "สถิติการให้บริการ ประจำปีงบประมาณ 2568")
        .unwrap();
    for r in 1..rows {
        for c in 0..cols {
            ws.write_number(r, c, f64::from(r) * 1.5).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

#[tokio::test]
async fn documents_are_read_in_a_worker_and_a_greedy_one_costs_only_itself() {
    let gib = 1024 * 1024 * 1024;
    let small = xlsx(3, 3);
    let d = extract_in_worker(
        exe(),
        small,
        String::new(),
        "/a.xlsx".into(),
        Duration::from_secs(60),
        gib,
    )
    .await;
    assert!(d.error.is_none(), "{:?}", d.error);
    assert!(d.text.contains("สถิติการให้บริการ"), "{}", d.text);

    // Under 96 MiB a small file is read fine; 600,000 cells pass the cheap grid check, and
    // the reader runs out of that limit on them.
    let d = extract_in_worker(
        exe(),
        xlsx(3, 3),
        String::new(),
        "/a.xlsx".into(),
        Duration::from_secs(60),
        96 * 1024 * 1024,
    )
    .await;
    assert!(d.error.is_none(), "{:?}", d.error);
    let big = xlsx(60_000, 10);
    let d = extract_in_worker(
        exe(),
        big,
        String::new(),
        "/big.xlsx".into(),
        Duration::from_secs(120),
        96 * 1024 * 1024,
    )
    .await;
    let why = d.error.unwrap_or_default();
    assert!(why.contains("out of memory"), "{why}");

    // Garbage is an error, not a crash.
    let d = extract_in_worker(
        exe(),
        vec![0x50, 0x4b, 3, 4, 0xff],
        String::new(),
        "/x.docx".into(),
        Duration::from_secs(60),
        gib,
    )
    .await;
    assert!(d.error.is_some());
}
