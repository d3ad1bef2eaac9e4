//! Detection on snapshots built in memory: no server, no clock — the pure function alone.

use oitscan::checklist::Checklist;
use oitscan::crawl::{DocumentRecord, Outcome, PageRecord, SiteSnapshot};
use oitscan::detect::{Verdict, detect};
use oitscan::extract::{DocText, parse_html};
use oitscan::units::{Family, Unit, UnitType};
use url::Url;

const BASE: &str = "http://x.go.th";

fn page(path: &str, html: &str, depth: usize, click_path: &[&str]) -> PageRecord {
    let url = format!("{BASE}{path}");
    PageRecord {
        url: url.clone(),
        final_url: url.clone(),
        status: 200,
        depth,
        click_path: click_path.iter().map(|s| s.to_string()).collect(),
        encoding: "UTF-8".into(),
        charset_note: None,
        elapsed_ms: 1,
        model: parse_html(html, &Url::parse(&url).unwrap()),
    }
}

fn doc(path: &str, status: u16, text: Option<DocText>) -> DocumentRecord {
    DocumentRecord {
        url: format!("{BASE}{path}"),
        final_url: format!("{BASE}{path}"),
        status,
        depth: 2,
        click_path: vec!["ITA 2568".into()],
        content_type: "application/pdf".into(),
        size: 100,
        truncated: false,
        error: None,
        text,
    }
}

fn unit() -> Unit {
    Unit {
        id: "t".into(),
        name_th: "อบต.ทดสอบ".into(),
        name_en: None,
        unit_type: UnitType::Sao,
        province: "ขอนแก่น".into(),
        district: "เมือง".into(),
        url: Url::parse(&format!("{BASE}/")).unwrap(),
        extra_hosts: vec![],
        family: Family::Nacc,
        line: 2,
    }
}

fn snapshot(pages: Vec<PageRecord>, documents: Vec<DocumentRecord>) -> SiteSnapshot {
    SiteSnapshot {
        unit_id: "t".into(),
        start_url: format!("{BASE}/"),
        outcome: Outcome::Complete,
        pages,
        documents,
        external_links: vec![],
        errors: vec![],
        skipped: vec![],
        findings: vec![],
        requests: 0,
        bytes: 0,
        elapsed_ms: 0,
    }
}

fn verdict(snap: &SiteSnapshot, code: &str) -> (Verdict, String) {
    let cl = Checklist::builtin(Family::Nacc, 2568).unwrap();
    let v = detect(snap, &cl, &unit());
    let it = v.items.iter().find(|i| i.code == code).unwrap().clone();
    (it.verdict, it.reason)
}

/// One hub page with the 2567 and 2568 sections side by side, as WordPress ITA pages are.
fn hub() -> PageRecord {
    page(
        "/ita/",
        r#"<title>การประเมินคุณธรรมและความโปร่งใส ITA</title><h1>ITA</h1>
        <h2>ITA 2568</h2><h3>ตัวชี้วัดย่อยที่ 9.2</h3><table>
          <tr><td>O6</td><td>แผนดำเนินงานและการใช้งบประมาณประจำปี</td><td><a href="/plan-2567.pdf">คลิก</a></td></tr>
          <tr><td>O13</td><td>รายงานผลการจัดซื้อจัดจ้างประจำปี</td><td><a href="/missing.pdf">คลิก</a></td></tr>
          <tr><td>O21</td><td>ประกาศเจตนารมณ์ No Gift Policy</td><td><a href="/nogift-scan.pdf">คลิก</a></td></tr>
        </table>
        <h2>ITA 2567</h2><table>
          <tr><td>O36</td><td>แผนปฏิบัติการป้องกันการทุจริต</td><td><a href="/acp.pdf">คลิก</a></td></tr>
        </table>"#,
        1,
        &["ITA"],
    )
}

#[test]
fn wrong_year_broken_scanned_and_old_section() {
    let home = page(
        "/",
        r#"<title>อบต.ทดสอบ</title><a href="/ita/">ITA</a><h2>ข่าวประชาสัมพันธ์</h2><ul><li><a href="/news/1">ประชุมคณะกรรมการแผนพัฒนาท้องถิ่น 15 ต.ค. 2567</a></li></ul>"#,
        0,
        &[],
    );
    let text = |t: &str| {
        Some(DocText {
            kind: "pdf".into(),
            text: t.into(),
            ..DocText::default()
        })
    };
    let scanned = Some(DocText {
        kind: "pdf".into(),
        scanned: true,
        ..DocText::default()
    });
    let snap = snapshot(
        vec![home, hub()],
        vec![
            doc(
                "/plan-2567.pdf",
                200,
                text("แผนดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2567"),
            ),
            doc("/missing.pdf", 404, None),
            doc("/nogift-scan.pdf", 200, scanned),
            doc(
                "/acp.pdf",
                200,
                text("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2567"),
            ),
        ],
    );
    let (v, why) = verdict(&snap, "O6");
    assert_eq!(v, Verdict::WrongYear, "{why}");
    let (v, why) = verdict(&snap, "O13");
    assert_eq!(v, Verdict::BrokenLink, "{why}");
    let (v, why) = verdict(&snap, "O21");
    assert_eq!(v, Verdict::NeedsHuman, "{why}");
    // The 2567 section's anti-corruption plan is not 2568's O25.
    let (v, why) = verdict(&snap, "O25");
    assert_eq!(v, Verdict::WrongYear, "{why}");
    // A news post about a planning meeting is not the development plan.
    let (v, why) = verdict(&snap, "O5");
    assert_eq!(v, Verdict::Missing, "{why}");
}

#[test]
fn codes_count_only_in_the_checked_years_hub() {
    // "O36" in the 2567 section must not be read as 2568's (nonexistent) O36, and "O6" there
    // is a 2567 code; only the 2568 rows' codes name 2568 items.
    let snap = snapshot(
        vec![page(
            "/ita/",
            r#"<title>ITA</title><h2>ITA 2567</h2><table><tr><td>O11</td><td><a href="/a.html">คลิก</a></td></tr></table>
               <h2>ITA 2568</h2><table><tr><td>O11</td><td><a href="/b.html">คลิก</a></td></tr></table>"#,
            1,
            &["ITA"],
        )],
        vec![],
    );
    let cl = Checklist::builtin(Family::Nacc, 2568).unwrap();
    let v = detect(&snap, &cl, &unit());
    let o11 = v.items.iter().find(|i| i.code == "O11").unwrap();
    assert_eq!(o11.evidence.len(), 1, "{:?}", o11.evidence);
    assert!(o11.evidence[0].url.ends_with("/b.html"));
    assert_eq!(v.hubs[0].year, None, "one page holds both years");
}

#[test]
fn placeholders_and_login_walls() {
    let hub = page(
        "/ita2568/",
        r#"<title>ITA 2568</title><table>
            <tr><td>O14</td><td>แผนการบริหารและพัฒนาทรัพยากรบุคคล</td><td><a href="/hr.html">คลิก</a></td></tr>
            <tr><td>O8</td><td>คู่มือการปฏิบัติงาน</td><td><a href="/manual.html">คลิก</a></td></tr></table>"#,
        1,
        &["ITA 2568"],
    );
    let hr = page(
        "/hr.html",
        "<title>แผนการบริหารและพัฒนาทรัพยากรบุคคล</title><p>อยู่ระหว่างจัดทำข้อมูล</p>",
        2,
        &["ITA 2568", "O14"],
    );
    let mut manual = page(
        "/manual.html",
        r#"<title>คู่มือการปฏิบัติงาน</title><form><input type="password"></form>"#,
        2,
        &["ITA 2568", "O8"],
    );
    manual.status = 200;
    let snap = snapshot(vec![hub, hr, manual], vec![]);
    let (v, why) = verdict(&snap, "O14");
    assert_eq!(v, Verdict::Missing, "{why}");
    assert!(why.contains("being prepared"));
    let (v, why) = verdict(&snap, "O8");
    assert_eq!(v, Verdict::NeedsHuman, "{why}");
    assert!(why.contains("password"));
}
