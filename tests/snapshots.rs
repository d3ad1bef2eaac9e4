//! Snapshot tests keep the Markdown and JSON outputs stable: a change shows up as a diff to
//! review (`cargo insta review`, or `INSTA_UPDATE=always cargo test --test snapshots`).
//! The input is built in memory (no server, no clock) so the snapshots never drift by
//! themselves.

mod mem;

use oitscan::checklist::Checklist;
use oitscan::crawl::{DocumentRecord, Outcome, PageRecord, SiteSnapshot};
use oitscan::detect::detect;
use oitscan::report::policy::{self, FailOn};
use oitscan::report::{Lang, RunView, UnitView, summary_markdown, unit_markdown};
use oitscan::results::{RESULTS_VERSION, RunResults, UnitResult};
use oitscan::units::{Family, Unit, UnitType};
use url::Url;

const BASE: &str = "http://snap.go.th";

fn page(path: &str, html: &str, depth: usize, click_path: &[&str]) -> PageRecord {
    mem::page(BASE, path, html, depth, click_path)
}

fn unit(id: &str, name: &str, family: Family) -> Unit {
    Unit {
        id: id.into(),
        name_th: name.into(),
        name_en: Some(format!("{id} (English name)")),
        unit_type: UnitType::Sao,
        province: "ขอนแก่น".into(),
        district: "เมืองขอนแก่น".into(),
        url: Url::parse(&format!("{BASE}/")).unwrap(),
        extra_hosts: vec![],
        family,
        line: 2,
    }
}

fn snapshot(unit_id: &str, pages: Vec<PageRecord>, docs: Vec<DocumentRecord>) -> SiteSnapshot {
    let mut s = mem::snapshot(unit_id, BASE, pages, docs);
    s.findings = vec!["robots.txt: none (everything allowed)".into()];
    s.requests = 7;
    s.bytes = 12_345;
    s.elapsed_ms = 1_500;
    s
}

fn result(u: Unit, snap: &SiteSnapshot, cl: &Checklist) -> UnitResult {
    UnitResult::new(&u, snap, detect(snap, cl, &u))
}

fn run() -> (RunResults, Checklist) {
    let cl = Checklist::builtin(Family::Nacc, 2568).unwrap();
    let home = page(
        "/",
        r#"<title>อบต.ตัวอย่าง</title><a href="/ita/">ITA 2568</a>"#,
        0,
        &[],
    );
    let hub = page(
        "/ita/",
        r#"<title>ITA 2568</title><h1>ITA ปีงบประมาณ 2568</h1><table>
        <tr><td>O1</td><td>โครงสร้างและอำนาจหน้าที่</td><td><a href="/structure/">คลิก</a></td></tr>
        <tr><td>O6</td><td>แผนดำเนินงานและการใช้งบประมาณประจำปี</td><td><a href="/plan.pdf">คลิก</a></td></tr>
        <tr><td>O13</td><td>รายงานผลการจัดซื้อจัดจ้างประจำปี</td><td><a href="/gone.pdf">คลิก</a></td></tr>
        </table>"#,
        1,
        &["ITA 2568"],
    );
    let structure = page(
        "/structure/",
        "<title>โครงสร้างและอำนาจหน้าที่</title><h1>โครงสร้างและอำนาจหน้าที่</h1><p>แผนผังโครงสร้าง ฝ่ายการเมือง ฝ่ายประจำ อำนาจหน้าที่ตามกฎหมาย</p>",
        2,
        &["ITA 2568", "คลิก"],
    );
    let doc = |path: &str, status: u16, text: Option<&str>| {
        let mut d = mem::doc(BASE, path, status, text.and_then(mem::pdf_text));
        d.click_path = vec!["ITA 2568".into(), "คลิก".into()];
        d
    };
    let a = snapshot(
        "a-sao",
        vec![home, hub, structure],
        vec![
            doc(
                "/plan.pdf",
                200,
                Some("แผนดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2567"),
            ),
            doc("/gone.pdf", 404, None),
        ],
    );
    let mut failed = snapshot("b-dead", vec![], vec![]);
    failed.outcome = Outcome::Failed {
        reason: "connection refused".into(),
    };
    failed.requests = 1;
    let units = vec![
        result(unit("a-sao", "อบต.ตัวอย่าง", Family::Nacc), &a, &cl),
        result(unit("b-dead", "อบต.ปิดปรับปรุง", Family::Nacc), &failed, &cl),
    ];
    let run = RunResults {
        results_version: RESULTS_VERSION,
        oitscan_version: "0.0.0-snapshot".into(),
        started_at: "2026-01-05T01:00:00Z".into(),
        finished_at: "2026-01-05T01:05:00Z".into(),
        checklist: "nacc-2568".into(),
        checklist_source: "builtin:nacc-2568.toml".into(),
        fiscal_year: 2568,
        units,
        invalid_rows: vec![],
        notes: vec![],
        stopped: None,
        details: None,
    };
    (run, cl)
}

#[test]
fn results_json_is_stable() {
    let (run, _) = run();
    insta::assert_json_snapshot!("results", run);
}

#[test]
fn markdown_reports_are_stable() {
    let (run, cl) = run();
    let unit = |lang| unit_markdown(&UnitView::new(&run.units[0], &cl, lang));
    insta::assert_snapshot!("unit_th", unit(Lang::Th));
    insta::assert_snapshot!("unit_en", unit(Lang::En));
    let view = RunView::new(&run, &cl, Lang::Th);
    insta::assert_snapshot!("summary_th", summary_markdown(&view));
    let fails = policy::failures(&view, &FailOn::Missing, None);
    insta::assert_snapshot!(
        "ci_summary_th",
        policy::ci_summary(&view, &FailOn::Missing, &fails)
    );
}
