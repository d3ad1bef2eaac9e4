//! Detection on snapshots built in memory: no server, no clock — the pure function alone.

mod mem;

use oitscan::checklist::Checklist;
use oitscan::crawl::{DocumentRecord, ExternalLink, PageRecord, SiteSnapshot};
use oitscan::detect::{Verdict, detect};
use oitscan::extract::DocText;
use oitscan::units::{Family, Unit, UnitType};
use url::Url;

const BASE: &str = "http://x.go.th";

fn page(path: &str, html: &str, depth: usize, click_path: &[&str]) -> PageRecord {
    mem::page(BASE, path, html, depth, click_path)
}

fn doc(path: &str, status: u16, text: Option<DocText>) -> DocumentRecord {
    mem::doc(BASE, path, status, text)
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
    mem::snapshot("t", BASE, pages, documents)
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

/// A vocational college publishes OVEC's list: recognised and not scored, while a
/// municipality that merely links a college in its news stays on the NACC list.
#[test]
fn vocational_colleges_are_another_family() {
    let college = snapshot(
        vec![
            page(
                "/",
                r#"<title>วิทยาลัยการอาชีพทดสอบ</title><h1>วิทยาลัยการอาชีพทดสอบ สังกัดสำนักงานคณะกรรมการการอาชีวศึกษา</h1>
                <a href="/ita/">ITA 2568</a>"#,
                0,
                &[],
            ),
            page(
                "/ita/",
                r#"<title>การประเมินคุณธรรมและความโปร่งใส (ITA) ของสถานศึกษา สังกัด สอศ. ปีงบประมาณ 2568</title>
                <table><tr><td>O3</td><td>ข้อมูลการติดต่อ</td><td><a href="/contact/">คลิก</a></td></tr>
                <tr><td>O20</td><td>ผลการทดสอบ ITA-VEC ของนักเรียน นักศึกษา</td><td><a href="/vec.pdf">คลิก</a></td></tr></table>"#,
                1,
                &["ITA 2568"],
            ),
        ],
        vec![],
    );
    let cl = Checklist::builtin(Family::Nacc, 2568).unwrap();
    let v = detect(&college, &cl, &unit());
    assert_eq!(v.family, Family::Ovec, "{:?}", v.family_note);
    assert!(v.items.iter().all(|i| i.verdict == Verdict::NotChecked));
    assert!(v.score.is_none());

    let town = snapshot(
        vec![page(
            "/",
            r#"<title>เทศบาลตำบลทดสอบ</title><h1>ข่าวประชาสัมพันธ์</h1>
            <a href="/news/1">เทศบาลร่วมกับวิทยาลัยเทคนิคขอนแก่น (สังกัด สอศ.) จัดอบรมอาชีพ</a>"#,
            0,
            &[],
        )],
        vec![],
    );
    assert_eq!(detect(&town, &cl, &unit()).family, Family::Nacc);
}

/// A template shared by every page of a small vendor site: menu on top, address below.
fn templated(body: &str) -> String {
    format!(
        r#"<div class="menu"><a href="/">หน้าแรก</a> <a href="/ita/">ITA</a> <a href="/contact/">ติดต่อเรา</a></div>
        <div class="content">{body}</div>
        <div class="footer">เทศบาลตำบลทดสอบ เลขที่ 1 หมู่ 2 ตำบลทดสอบ อำเภอเมือง จังหวัดขอนแก่น 40000 โทรศัพท์ 0-4300-0000
        ข่าวล่าสุด: ประกาศรับสมัครงาน 5 มีนาคม 2568</div>"#
    )
}

/// Shortcuts and stand-ins that are not evidence: a row that links the homepage (under a
/// second name), a page that only says "อยู่ระหว่างดำเนินการ" inside the site's template, a
/// link back to the hub; while a real table with that status word stays evidence.
#[test]
fn homepage_links_placeholders_and_hub_links_are_not_evidence() {
    let home_html = templated("<h1>ยินดีต้อนรับ</h1><p>ข่าวประชาสัมพันธ์ล่าสุดของเทศบาล</p>");
    let home = page(
        "/",
        &format!("<title>เทศบาลตำบลทดสอบ</title>{home_html}"),
        0,
        &[],
    );
    let default = page(
        "/Default.aspx",
        &format!("<title>เทศบาลตำบลทดสอบ</title>{home_html}"),
        1,
        &["หน้าแรก"],
    );
    let hub = page(
        "/ita/",
        &format!(
            "<title>ITA 2568</title>{}",
            templated(
                r#"<table>
                <tr><td>O13</td><td>รายงานผลการจัดซื้อจัดจ้างประจำปี</td><td><a href="/Default.aspx">คลิก</a></td></tr>
                <tr><td>O11</td><td>ข้อมูลสถิติการให้บริการ</td><td><a href="/o11/">คลิก</a></td></tr>
                <tr><td>O19</td><td>ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ</td><td><a href="/o19/">คลิก</a></td></tr>
                </table>"#
            )
        ),
        1,
        &["ITA"],
    );
    let o11 = page(
        "/o11/",
        &format!(
            "<title>ข้อมูลสถิติการให้บริการ</title>{}",
            templated(
                r#"<h1>OIT11 ข้อมูลสถิติการให้บริการ</h1><p>อยู่ระหว่างดำเนินการ</p><a href="/ita/">« กลับหน้า ITA</a>"#
            )
        ),
        2,
        &["ITA", "คลิก"],
    );
    let o19 = page(
        "/o19/",
        &format!(
            "<title>ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ พ.ศ. 2567</title>{}",
            templated(
                r#"<table><tr><th>ไตรมาส</th><th>เรื่องร้องเรียน</th><th>ดำเนินการแล้วเสร็จ</th><th>อยู่ระหว่างดำเนินการ</th></tr>
                <tr><td>ไตรมาส 1 (ต.ค. - ธ.ค. 2566)</td><td>2</td><td>2</td><td>0</td></tr>
                <tr><td>ไตรมาส 2 (ม.ค. - มี.ค. 2567)</td><td>1</td><td>0</td><td>1</td></tr>
                <tr><td>ไตรมาส 3 (เม.ย. - มิ.ย. 2567)</td><td>0</td><td>0</td><td>0</td></tr>
                <tr><td>ไตรมาส 4 (ก.ค. - ก.ย. 2567)</td><td>3</td><td>3</td><td>0</td></tr></table>
                <p>สรุปผลการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบของเทศบาลตำบลทดสอบ ทุกเรื่องได้รับการตรวจสอบข้อเท็จจริงและแจ้งผลให้ผู้ร้องทราบภายในเวลาที่กำหนด</p>"#
            )
        ),
        2,
        &["ITA", "คลิก"],
    );
    let snap = snapshot(vec![home, default, hub, o11, o19], vec![]);
    let (v, why) = verdict(&snap, "O13");
    assert_eq!(v, Verdict::Missing, "a row linking the homepage: {why}");
    let (v, why) = verdict(&snap, "O11");
    assert_eq!(v, Verdict::Missing, "{why}");
    assert!(why.contains("being prepared"), "{why}");
    let cl = Checklist::builtin(Family::Nacc, 2568).unwrap();
    let all = detect(&snap, &cl, &unit());
    eprintln!("{:#?}", all.hubs);
    let (v, why) = verdict(&snap, "O19");
    assert_eq!(
        v,
        Verdict::Found,
        "a status column is not a placeholder: {why}"
    );
}

/// A hub split over sub-indicator pages (Google Sites, vendor templates): the year sits on
/// the top page only, the items' codes in the headings above bare buttons.
#[test]
fn sub_indicator_pages_inherit_the_hubs_year() {
    let top = page(
        "/ita",
        r#"<title>ITA</title><h2>OIT 2568 ประจำปีงบประมาณ พ.ศ. 2568</h2>
        <p><a href="/ita-2568/9-4">ตัวชี้วัดย่อยที่ 9.4 การบริหารและพัฒนาทรัพยากรบุคคล (OIT14 - OIT16)</a></p>
        <h2>OIT 2567</h2><p><a href="/ita-2567/a">OIT 2567 (O19-O29)</a></p>"#,
        1,
        &["ITA"],
    );
    let sub = page(
        "/ita-2568/9-4",
        r#"<title>ตัวชี้วัดย่อย 9.4</title><h1>ตัวชี้วัดย่อยที่ 9.4 การบริหารและพัฒนาทรัพยากรบุคคล</h1>
        <h3>OIT14 แผนการบริหารและพัฒนาทรัพยากรบุคคล</h3>
        <div><a href="https://drive.google.com/file/d/x/view">เปิดไฟล์</a></div>
        <h3>OIT15 รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี</h3>
        <div><p>รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. ๒๕๖๗</p></div>
        <div><iframe src="https://drive.google.com/file/d/y/preview"></iframe></div>"#,
        2,
        &["ITA", "ตัวชี้วัดย่อยที่ 9.4"],
    );
    let old = page(
        "/ita-2567/a",
        r#"<title>OIT 2567 (O19-O29)</title>
        <p>O23 นโยบายการบริหารทรัพยากรบุคคล (ปี 2567) : <a href="https://drive.google.com/file/d/z/view">นโยบายการบริหารทรัพยากรบุคคล ปี 2567</a></p>"#,
        2,
        &["ITA", "OIT 2567 (O19-O29)"],
    );
    let mut snap = snapshot(vec![top, sub, old], vec![]);
    snap.external_links = ["x/view", "y/preview", "z/view"]
        .iter()
        .map(|f| ExternalLink {
            url: format!("https://drive.google.com/file/d/{f}"),
            text: String::new(),
            found_on: format!("{BASE}/ita-2568/9-4"),
            status: None,
            error: None,
        })
        .collect();
    let cl = Checklist::builtin(Family::Nacc, 2568).unwrap();
    let v = detect(&snap, &cl, &unit());
    assert!(
        v.hubs
            .iter()
            .any(|h| h.url.ends_with("/ita-2568/9-4") && h.year == Some(2568)),
        "{:?}",
        v.hubs
    );
    let (v14, why) = verdict(&snap, "O14");
    // The 2568 row shows no year for an off-site file: a person must open it, and the
    // 2567 policy on the old page is not taken instead.
    assert_eq!(v14, Verdict::NeedsHuman, "{why}");
    let (v15, why) = verdict(&snap, "O15");
    assert_eq!(v15, Verdict::Found, "{why}");
}

/// The crawler fetches hub links first, so it may reach a page the long way round; the
/// evidence's click path is the shortest one a person would take from the homepage.
#[test]
fn click_paths_are_the_shortest_from_the_homepage() {
    let home = page(
        "/",
        r#"<title>อบต.ทดสอบ</title><nav><a href="/people/">บุคลากร</a> <a href="/ita/">ITA 2568</a></nav>"#,
        0,
        &[],
    );
    let hub = page(
        "/ita/",
        r#"<title>ITA 2568</title><table><tr><td>O8</td><td>คู่มือการปฏิบัติงาน</td><td><a href="/more/">คลิก</a></td></tr></table>"#,
        1,
        &["ITA 2568"],
    );
    let more = page(
        "/more/",
        r#"<title>หน้ารวมลิงก์</title><a href="/people/">บุคลากร</a>"#,
        2,
        &["ITA 2568", "คลิก"],
    );
    // Reached by the crawler through the hub, three clicks deep; one click from the homepage.
    let people = page(
        "/people/",
        r#"<title>บุคลากร</title><ul><li><a href="/exec.pdf">ข้อมูลผู้บริหาร</a></li></ul>"#,
        3,
        &["ITA 2568", "คลิก", "บุคลากร"],
    );
    let snap = snapshot(vec![home, hub, more, people], vec![]);
    let cl = Checklist::builtin(Family::Nacc, 2568).unwrap();
    let v = detect(&snap, &cl, &unit());
    let o2 = v.items.iter().find(|i| i.code == "O2").unwrap();
    let e = o2
        .evidence
        .iter()
        .find(|e| e.url.ends_with("/exec.pdf"))
        .unwrap_or_else(|| panic!("{:#?}", o2.evidence));
    assert_eq!(e.click_path, vec!["บุคลากร", "ข้อมูลผู้บริหาร"]);
}

/// Executives' photos are image files on the page, whatever its text says; the logo every
/// page shares with the homepage is not a photo of anyone.
#[test]
fn photos_are_the_pages_own_images() {
    let exec_page = |imgs: &str| {
        page(
            "/exec/",
            &format!(
                r#"<title>ข้อมูลผู้บริหาร</title><img src="/logo.png"><h1>ข้อมูลผู้บริหาร</h1>
                {imgs}<p>นายสมมุติ ใจดี ตำแหน่ง นายกองค์การบริหารส่วนตำบล โทร 0-4300-0000</p>
                <p>นายสมชาย ใจงาม ตำแหน่ง ปลัดองค์การบริหารส่วนตำบล โทร 0-4300-0001</p>"#
            ),
            1,
            &["ข้อมูลผู้บริหาร"],
        )
    };
    let home = || {
        page(
            "/",
            r#"<title>อบต.ทดสอบ</title><img src="/logo.png"><a href="/exec/">ข้อมูลผู้บริหาร</a>"#,
            0,
            &[],
        )
    };
    let cl = Checklist::builtin(Family::Nacc, 2568).unwrap();
    let o2 = |snap: &SiteSnapshot| {
        detect(snap, &cl, &unit())
            .items
            .into_iter()
            .find(|i| i.code == "O2")
            .unwrap()
    };
    let with_photos = o2(&snapshot(
        vec![
            home(),
            exec_page(r#"<img src="/uploads/mayor.jpg"><img src="/uploads/palad.JPG">"#),
        ],
        vec![],
    ));
    assert_eq!(with_photos.verdict, Verdict::Found);
    assert!(
        !with_photos
            .missing_components
            .iter()
            .any(|c| c.contains("รูปถ่าย")),
        "{:?}",
        with_photos.missing_components
    );
    let logo_only = o2(&snapshot(vec![home(), exec_page("")], vec![]));
    assert!(
        logo_only
            .missing_components
            .iter()
            .any(|c| c.contains("รูปถ่าย")),
        "{:?}",
        logo_only.missing_components
    );
}

/// A vendor template: a menu naming many items and a footer with the office's address on
/// every page. `body` is the page's own content.
fn vendor(title: &str, body: &str) -> String {
    format!(
        r#"<title>{title} | อบต.ทดสอบ</title>
        <ul class="nav"><li><a href="/">หน้าหลัก</a></li>
          <li><a href="/documents/2">แผนการดำเนินงานประจำปี</a></li>
          <li><a href="/documents/3">คู่มือการปฏิบัติงาน</a></li>
          <li><a href="/documents/4">ข้อมูลสถิติการให้บริการ</a></li>
          <li><a href="/covid">มาตรการ COVID-19</a></li>
          <li><a href="/personnel">บุคลากร</a></li>
          <li><a href="/eservice">E-Service</a></li></ul>
        <main>{body}</main>
        <footer>องค์การบริหารส่วนตำบลทดสอบ ที่อยู่ หมู่ที่ 3 ตำบลทดสอบ อำเภอเมือง จังหวัดขอนแก่น 40000
        โทรศัพท์ 043-000-000 โทรสาร 043-000-001 อีเมล saraban@test.go.th ประกาศจัดซื้อจัดจ้าง</footer>"#
    )
}

/// The generic list every category page of the template shows.
const GENERIC_LIST: &str = r#"<h1>เอกสารและรายงาน</h1><table>
    <tr><td>เอกสารประชาสัมพันธ์ทั่วไป อัปโหลดเมื่อ 12 มีนาคม 2563</td><td><a href="/files/a.pdf">ดาวน์โหลด</a></td></tr>
    <tr><td>เอกสารเผยแพร่ อัปโหลดเมื่อ 12 มีนาคม 2563</td><td><a href="/files/b.pdf">ดาวน์โหลด</a></td></tr></table>"#;

fn vendor_site(extra: Vec<PageRecord>) -> SiteSnapshot {
    let mut pages = vec![
        page(
            "/",
            &vendor(
                "หน้าหลัก",
                "<h2>ยินดีต้อนรับ</h2><p>ข่าวกิจกรรมของตำบล วันที่ 3 มีนาคม 2568 ประชุมประจำเดือน</p>",
            ),
            0,
            &[],
        ),
        page(
            "/documents/2",
            &vendor("เอกสาร", GENERIC_LIST),
            1,
            &["แผนการดำเนินงานประจำปี"],
        ),
        page(
            "/documents/3",
            &vendor("เอกสาร", GENERIC_LIST),
            1,
            &["คู่มือการปฏิบัติงาน"],
        ),
        page(
            "/documents/4",
            &vendor("เอกสาร", GENERIC_LIST),
            1,
            &["ข้อมูลสถิติการให้บริการ"],
        ),
        page(
            "/covid",
            &vendor(
                "มาตรการ COVID-19",
                "<h1>มาตรการ COVID-19</h1><p>ขอความร่วมมือประชาชนสวมหน้ากากอนามัย ล้างมือบ่อย ๆ เว้นระยะห่าง และฉีดวัคซีนตามกำหนดของโรงพยาบาลส่งเสริมสุขภาพตำบล</p>",
            ),
            1,
            &["มาตรการ COVID-19"],
        ),
    ];
    pages.extend(extra);
    snapshot(
        pages,
        vec![
            doc("/files/a.pdf", 200, None),
            doc("/files/b.pdf", 200, None),
        ],
    )
}

/// Classes 1 and 2 of real sites: keywords in the shared menu and footer are no page's
/// content, and a menu entry whose page shows only the generic list every sibling shows is
/// no evidence, however well its label names the item.
#[test]
fn template_menus_and_generic_category_pages_are_not_evidence() {
    let snap = vendor_site(vec![]);
    for code in ["O6", "O8", "O11", "O12"] {
        let (v, why) = verdict(&snap, code);
        assert_ne!(v, Verdict::Found, "{code}: {why}");
    }
    let (v, why) = verdict(&snap, "O8");
    assert_eq!(v, Verdict::Missing, "{why}");
    assert!(why.contains("only its heading"), "{why}");
}

/// A list of titles whose download buttons lead nowhere (`href="#"`) publishes nothing.
#[test]
fn titles_with_dead_downloads_are_not_published() {
    let manuals = page(
        "/manuals",
        &vendor(
            "คู่มือการปฏิบัติงาน",
            r##"<h1>คู่มือการปฏิบัติงาน</h1><table>
            <tr><td>คู่มือการปฏิบัติงานการจัดซื้อจัดจ้าง</td><td><a href="#">ดาวน์โหลด</a></td></tr>
            <tr><td>คู่มือการปฏิบัติงานงานสารบรรณและการรับส่งหนังสือราชการ</td><td><a href="javascript:void(0)">ดาวน์โหลด</a></td></tr>
            <tr><td>คู่มือการปฏิบัติงานการจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง</td><td><a href="#">ดาวน์โหลด</a></td></tr></table>"##,
        ),
        1,
        &["คู่มือการปฏิบัติงาน"],
    );
    let (v, why) = verdict(&vendor_site(vec![manuals]), "O8");
    assert_ne!(v, Verdict::Found, "{why}");
}

/// Class 6: contact details only in the footer every page shows; executives on a page called
/// "บุคลากร"; a corruption-complaint form inside the E-Service page.
#[test]
fn content_under_other_names_and_places() {
    let personnel = page(
        "/personnel",
        &vendor(
            "บุคลากร",
            r#"<h1>บุคลากร</h1><img src="/img/mayor.jpg" alt=""><p>นายสมชาย ใจดี ตำแหน่ง นายกองค์การบริหารส่วนตำบล โทร 081-000-0000</p>
            <img src="/img/palad.jpg" alt=""><p>นางสาวสมศรี รักงาน ตำแหน่ง ปลัดองค์การบริหารส่วนตำบล โทร 081-000-0001</p>"#,
        ),
        1,
        &["บุคลากร"],
    );
    let eservice = page(
        "/eservice",
        &vendor(
            "E-Service",
            r#"<h1>บริการออนไลน์</h1>
            <form action="/send"><h3>แบบคำร้องทั่วไป</h3><input name="n"><textarea name="t"></textarea></form>
            <form action="/send2"><legend>แบบฟอร์มร้องเรียนการทุจริตและประพฤติมิชอบ</legend><input name="n"><input name="p"><textarea name="d"></textarea></form>"#,
        ),
        1,
        &["E-Service"],
    );
    let snap = vendor_site(vec![personnel, eservice]);
    for code in ["O2", "O3", "O10", "O18"] {
        let (v, why) = verdict(&snap, code);
        assert_eq!(v, Verdict::Found, "{code}: {why}");
    }
    let (_, why) = verdict(&snap, "O3");
    assert!(why.contains("footer"), "{why}");
}

/// Classes 3, 4 and 5: a yearly item with no readable year is for a person; with only an
/// old upload date it is the wrong year; a scanned hub entry that names item and year is
/// signed (with less confidence), unless its own text is last year's; a plan for 2565–2569
/// covers 2568.
#[test]
fn years_decide_found_needs_human_and_wrong_year() {
    let home = page("/", "<title>อบต.ทดสอบ</title><p>หน้าแรก</p>", 0, &[]);
    let stats = page(
        "/stat",
        "<title>ข้อมูลสถิติการให้บริการ</title><h1>ข้อมูลสถิติการให้บริการ</h1><table><tr><td>งานทะเบียน</td><td>120 ราย</td></tr><tr><td>งานจัดเก็บภาษี</td><td>340 ราย</td></tr><tr><td>งานป้องกันและบรรเทาสาธารณภัย</td><td>15 ราย</td></tr></table>",
        1,
        &["สถิติ"],
    );
    let nogift = page(
        "/nogift",
        "<title>ประกาศเจตนารมณ์ No Gift Policy</title><h1>ประกาศเจตนารมณ์ No Gift Policy</h1><p>อัปโหลดเมื่อ 19 ตุลาคม 2564 ผู้บริหารและพนักงานทุกคนไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่</p>",
        1,
        &["No Gift"],
    );
    let ita = page(
        "/ita",
        r#"<title>ITA 2568</title><h1>การประเมินคุณธรรมและความโปร่งใส ITA 2568</h1><table>
          <tr><td>O25</td><td>แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2568</td><td><a href="/acp-2568.pdf">คลิก</a></td></tr>
          <tr><td>O23</td><td>การประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. 2568</td><td><a href="/risk-2568.pdf">คลิก</a></td></tr>
          <tr><td>O5</td><td>แผนพัฒนาท้องถิ่น (พ.ศ. 2565 – 2569)</td><td><a href="/plan.pdf">คลิก</a></td></tr>
          <tr><td>O1</td><td>โครงสร้าง</td><td><a href="/">คลิก</a></td></tr>
          <tr><td>O2</td><td>ผู้บริหาร</td><td><a href="/">คลิก</a></td></tr></table>"#,
        1,
        &["ITA"],
    );
    let scanned = DocText {
        text: String::new(),
        scanned: true,
        ..Default::default()
    };
    let snap = snapshot(
        vec![home, stats, nogift, ita],
        vec![
            doc("/acp-2568.pdf", 200, Some(scanned)),
            doc(
                "/risk-2568.pdf",
                200,
                mem::pdf_text(
                    "การประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. 2566 องค์การบริหารส่วนตำบลทดสอบ",
                ),
            ),
            doc(
                "/plan.pdf",
                200,
                mem::pdf_text("แผนพัฒนาท้องถิ่น (พ.ศ. 2565 – 2569) ยุทธศาสตร์การพัฒนา"),
            ),
        ],
    );
    let (v, why) = verdict(&snap, "O11");
    assert_eq!(v, Verdict::NeedsHuman, "{why}");
    assert!(why.contains("no fiscal year"), "{why}");
    assert_eq!(verdict(&snap, "O21").0, Verdict::WrongYear);
    let (v, why) = verdict(&snap, "O25");
    assert_eq!(v, Verdict::Found, "{why}");
    assert!(why.contains("could not be read"), "{why}");
    assert_eq!(verdict(&snap, "O23").0, Verdict::WrongYear);
    assert_eq!(verdict(&snap, "O5").0, Verdict::Found);
}

/// Class 8: a 2568 section that keeps last year's heading; the code in the file name wins.
#[test]
fn the_code_a_document_carries_beats_a_stale_heading() {
    let home = page("/", "<title>อบต.ทดสอบ</title><p>หน้าแรก</p>", 0, &[]);
    let ita = page(
        "/ita",
        r#"<title>ITA 2568</title><h1>ITA 2568</h1>
          <h3>O22 แผนการจัดซื้อจัดจ้าง</h3><p><a href="/uploads/ita2568/O12/plan.pdf">ดาวน์โหลด</a></p>"#,
        1,
        &["ITA"],
    );
    let snap = snapshot(
        vec![home, ita],
        vec![doc(
            "/uploads/ita2568/O12/plan.pdf",
            200,
            mem::pdf_text("แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2568 รายการ วงเงิน สถานะ"),
        )],
    );
    let (v, why) = verdict(&snap, "O12");
    assert_eq!(v, Verdict::Found, "{why}");
    assert!(why.contains("last year's numbering"), "{why}");
    assert_ne!(verdict(&snap, "O22").0, Verdict::Found);
}

/// Class 7: a district health office's EB1–EB24 list that never says MOIT, and a college
/// whose ITA page borrows the NACC wording, are recognised from the whole picture; a local
/// government that mentions a college is not turned into one.
#[test]
fn families_come_from_the_whole_picture() {
    let cl = Checklist::builtin(Family::Nacc, 2568).unwrap();
    let other = Unit {
        unit_type: UnitType::Other,
        ..unit()
    };
    let eb_rows: String = (1..=24)
        .map(|n| format!(r#"<tr><td>EB {n}</td><td><a href="/eb/{n}.pdf">หน่วยงานมีการเผยแพร่ข้อมูล</a></td></tr>"#))
        .collect();
    let eb = snapshot(
        vec![
            page(
                "/",
                "<title>สำนักงานสาธารณสุขอำเภอทดสอบ</title><h1>สสอ.ทดสอบ กระทรวงสาธารณสุข</h1><a href=\"/ita\">ITA</a>",
                0,
                &[],
            ),
            page(
                "/ita",
                &format!("<title>ITA ปีงบประมาณ 2568</title><table>{eb_rows}</table>"),
                1,
                &["ITA"],
            ),
        ],
        vec![],
    );
    let v = detect(&eb, &cl, &other);
    assert_eq!(v.family, Family::MophEb, "{:?}", v.family_note);
    assert!(v.items.iter().all(|i| i.verdict == Verdict::NotChecked));

    let college = snapshot(
        vec![
            page(
                "/",
                "<title>วิทยาลัยเทคนิคทดสอบ</title><h1>วิทยาลัยเทคนิคทดสอบ</h1><a href=\"/ita\">ITA</a><p>สังกัดสำนักงานคณะกรรมการการอาชีวศึกษา</p>",
                0,
                &[],
            ),
            page(
                "/ita",
                r#"<title>การประเมินคุณธรรมและความโปร่งใส (ITA) 2568</title><h2>ตัวชี้วัดย่อยที่ 9.1</h2><table><tr><td>O1</td><td>โครงสร้าง</td><td><a href="/s">คลิก</a></td></tr></table>"#,
                1,
                &["ITA"],
            ),
        ],
        vec![],
    );
    assert_eq!(detect(&college, &cl, &other).family, Family::Ovec);
    // The same pages on a registry row that says อบต. stay NACC: the registry's type is
    // the unit's.
    assert_eq!(detect(&college, &cl, &unit()).family, Family::Nacc);
}

/// A menu entry leading to a viewer page (the document embedded, no heading of its own)
/// names what the page shows; the same entry leading to an unrelated page does not.
#[test]
fn a_viewer_page_is_what_its_link_names() {
    let viewer = page(
        "/plan",
        &vendor(
            "เอกสาร",
            r#"<div class="viewer"><iframe src="/files/plan-2566-2570.pdf"></iframe></div>"#,
        ),
        1,
        &["แผนพัฒนาท้องถิ่น (พ.ศ. 2566 - 2570)"],
    );
    let home = vendor(
        "หน้าหลัก",
        r#"<h2>ยินดีต้อนรับ</h2><p>ข่าวกิจกรรมของตำบล วันที่ 3 มีนาคม 2568 ประชุมประจำเดือน</p><a href="/plan">แผนพัฒนาท้องถิ่น (พ.ศ. 2566 - 2570)</a>"#,
    );
    let snap = |target: PageRecord| {
        snapshot(
            vec![
                page("/", &home, 0, &[]),
                target,
                page("/documents/2", &vendor("เอกสาร", GENERIC_LIST), 1, &["แผน"]),
                page("/documents/3", &vendor("เอกสาร", GENERIC_LIST), 1, &["คู่มือ"]),
                page("/documents/4", &vendor("เอกสาร", GENERIC_LIST), 1, &["สถิติ"]),
            ],
            vec![doc(
                "/files/plan-2566-2570.pdf",
                200,
                Some(DocText {
                    scanned: true,
                    ..Default::default()
                }),
            )],
        )
    };
    let (v, why) = verdict(&snap(viewer), "O5");
    assert_eq!(v, Verdict::Found, "{why}");
    let unrelated = page(
        "/plan",
        &vendor(
            "เอกสาร",
            "<p>ตำบลทดสอบตั้งอยู่ทางทิศเหนือของอำเภอเมือง มีพื้นที่ประมาณ 42 ตารางกิโลเมตร ประชากรส่วนใหญ่ประกอบอาชีพเกษตรกรรม ทำนา ปลูกอ้อย และเลี้ยงโค</p>",
        ),
        1,
        &["แผนพัฒนาท้องถิ่น (พ.ศ. 2566 - 2570)"],
    );
    let (v, why) = verdict(&snap(unrelated), "O5");
    assert_ne!(v, Verdict::Found, "{why}");
}
