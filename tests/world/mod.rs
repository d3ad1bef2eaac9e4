//! A hostile world: every way a crawled site (or the files around a scan) tried to end, hang,
//! blind or trick a run in issue 10, as local servers on loopback and a registry to scan them.
//! Shared by `tests/hostile.rs` (what must hold) and `benches/hostile.rs` (how long and how much
//! memory the release binary takes over it).

#![allow(dead_code)]

use crate::support::{self, Reply, Server, html, not_found, redirect, status};
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The world, ready to scan.
pub struct World {
    /// The registry: UTF-8 with one windows-874 row.
    pub registry: PathBuf,
    /// A history database damaged past reading (a valid header over garbage).
    pub history: PathBuf,
    /// Every unit: its id and what it throws at the scan.
    pub units: Vec<(String, &'static str)>,
    /// A server on another loopback address that the scan must never reach.
    pub secret: Server,
    /// The sites, by unit id.
    pub sites: Vec<(String, Server)>,
}

impl World {
    /// The arguments that scan this world: only 127.0.0.1 allowed, a bounded number of
    /// connection attempts for the dead site, and the damaged history.
    pub fn scan_args(&self, out: &Path) -> Vec<String> {
        let mut a: Vec<String> = vec!["scan".into(), "--units".into()];
        a.push(self.registry.display().to_string());
        a.extend(["--out".into(), out.display().to_string()]);
        a.extend(["--history".into(), self.history.display().to_string()]);
        for s in [
            "--year",
            "2568",
            "--allow-private",
            "127.0.0.1",
            "--rate",
            "20",
            "--rate-per-ip",
            "0",
            "--connect-tries",
            "2",
            "--timeout",
            "5",
            "--retries",
            "1",
            "--fail-on",
            "none",
            "--quiet",
        ] {
            a.push(s.into());
        }
        a
    }

    /// Proxy variables pointing at a port where nothing listens: a scan that used them would
    /// reach no site at all, and one that let them steer it would skip the address check.
    pub fn hostile_env() -> Vec<(&'static str, &'static str)> {
        let dead = "http://127.0.0.1:9";
        vec![
            ("HTTP_PROXY", dead),
            ("http_proxy", dead),
            ("HTTPS_PROXY", dead),
            ("https_proxy", dead),
            ("ALL_PROXY", dead),
        ]
    }
}

/// A small, well-behaved page that links to `links` (path, words).
fn page(title: &str, links: &[(&str, &str)], body: &str) -> Reply {
    let nav: String = links
        .iter()
        .map(|(href, words)| format!("<li><a href=\"{href}\">{words}</a></li>"))
        .collect();
    html(&format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><ul>{nav}</ul><main>{body}</main></body></html>"
    ))
}

/// An ordinary unit site: a homepage, a structure page and a news page.
fn good_site(name: &'static str) -> impl Fn(&support::Req) -> Reply + Send + Sync + 'static {
    move |r| match r.path.as_str() {
        "/" => page(
            name,
            &[
                ("/structure.html", "โครงสร้างหน่วยงาน"),
                ("/news.html", "ข่าวประชาสัมพันธ์"),
            ],
            "ยินดีต้อนรับสู่เว็บไซต์",
        ),
        "/structure.html" => page(
            "โครงสร้าง",
            &[("/", "หน้าแรก")],
            "แผนภูมิโครงสร้างส่วนราชการ สำนักปลัด กองคลัง กองช่าง อำนาจหน้าที่ตามพระราชบัญญัติ",
        ),
        "/news.html" => page(
            "ข่าวประชาสัมพันธ์",
            &[("/", "หน้าแรก")],
            "ประชาสัมพันธ์การรับชำระภาษีที่ดินและสิ่งปลูกสร้าง ประจำปี 2568",
        ),
        _ => not_found(),
    }
}

/// A site whose homepage links to one document at `path`.
fn document_site(
    path: &'static str,
    content_type: &'static str,
    bytes: Vec<u8>,
) -> impl Fn(&support::Req) -> Reply + Send + Sync + 'static {
    move |r| match r.path.as_str() {
        "/" => page(
            "ข้อมูลสถิติ",
            &[
                (path, "สถิติการให้บริการ ปีงบประมาณ 2568"),
                ("/news.html", "ข่าว"),
            ],
            "",
        ),
        "/news.html" => page("ข่าว", &[("/", "หน้าแรก")], "ข่าวประชาสัมพันธ์ 2568"),
        p if p == path => status(200, &[("Content-Type", content_type)], &bytes),
        _ => not_found(),
    }
}

/// An XLSX of two cells, A1 and the one at (`row`, `col`) (zero-based): a few KB that span a
/// grid of `row × col` cells.
pub fn xlsx_grid(row: u32, col: u16) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "สถิติการให้บริการ").unwrap();
    ws.write_number(row, col, 1.0).unwrap();
    wb.save_to_buffer().unwrap()
}

/// An Office zip whose main part is `unit` repeated to about `bytes` bytes, deflated: a zip
/// bomb. `kind` is "xlsx" or "docx".
pub fn office_bomb(kind: &str, unit: &str, bytes: usize) -> Vec<u8> {
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let (types, main, head, tail) = if kind == "xlsx" {
        z.start_file("_rels/.rels", opts).unwrap();
        z.write_all(
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        )
        .unwrap();
        z.start_file("xl/workbook.xml", opts).unwrap();
        z.write_all(
            br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        )
        .unwrap();
        z.start_file("xl/_rels/workbook.xml.rels", opts).unwrap();
        z.write_all(
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        )
        .unwrap();
        (
            r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
            "xl/worksheets/sheet1.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
            "</sheetData></worksheet>",
        )
    } else {
        (
            r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
            "word/document.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
            "</w:body></w:document>",
        )
    };
    z.start_file("[Content_Types].xml", opts).unwrap();
    write!(
        z,
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>{types}</Types>"#
    )
    .unwrap();
    z.start_file(main, opts).unwrap();
    z.write_all(head.as_bytes()).unwrap();
    let block = unit.repeat(4096);
    for _ in 0..bytes.div_ceil(block.len()) {
        z.write_all(block.as_bytes()).unwrap();
    }
    z.write_all(tail.as_bytes()).unwrap();
    z.finish().unwrap().into_inner()
}

/// A registry line for a unit.
fn row(id: &str, name: &str, url: &str) -> String {
    format!("{id},{name},อบต.,ทดสอบ,เมือง,{url}\n")
}

/// Builds the world in `dir` and starts its servers on this runtime.
pub async fn build(dir: &Path) -> World {
    let loopback2: IpAddr = [127, 0, 0, 2].into();
    let secret = support::start_on(loopback2, |_| html("<title>internal admin</title>")).await;
    let secret_url = format!("http://{}/admin", secret.addr);

    let mut sites: Vec<(String, Server)> = Vec::new();
    let mut units: Vec<(String, &'static str)> = Vec::new();
    let mut lines = String::from("id,name_th,type,province,district,url\n");
    let mut tis_line: Option<String> = None;
    let mut add = |id: &str, name: &str, what: &'static str, server: Server| {
        let line = row(id, name, &server.url());
        if what.starts_with("windows-874") {
            tis_line = Some(line);
        } else {
            lines.push_str(&line);
        }
        units.push((id.to_string(), what));
        sites.push((id.to_string(), server));
    };

    // Case 7: ids that a naive file naming maps to one file, or to another unit's snapshot.
    add(
        "a b",
        "อบต.เอบี",
        "id with a space",
        support::start(good_site("อบต.เอบี")).await,
    );
    add(
        "a_b",
        "อบต.เอขีดบี",
        "id the space would collide with",
        support::start(good_site("อบต.เอขีดบี")).await,
    );
    add(
        "x",
        "อบต.เอ็กซ์",
        "id whose result file a snapshot could overwrite",
        support::start(good_site("อบต.เอ็กซ์")).await,
    );
    // Case 6: one row of the registry in windows-874, the rest UTF-8.
    add(
        "tis",
        "อบต.หนองตะเคียนงาม",
        "windows-874 row in a UTF-8 registry",
        support::start(good_site("อบต.หนองตะเคียนงาม")).await,
    );

    // Case 1: spreadsheets that ask for the whole grid, and zip bombs.
    add(
        "a:b",
        "อบต.ตารางใหญ่",
        "XLSX of two cells, A1 and XFD1048576",
        support::start(document_site(
            "/stat.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            xlsx_grid(1_048_575, 16_383),
        ))
        .await,
    );
    add(
        "az",
        "อบต.ตารางยาว",
        "XLSX of two cells, A1 and AZ1048576",
        support::start(document_site(
            "/stat.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            xlsx_grid(1_048_575, 51),
        ))
        .await,
    );
    add(
        "x.snapshot",
        "อบต.ระเบิดซิป",
        "XLSX zip bomb (256 MB of cells in a few hundred KB)",
        support::start(document_site(
            "/bomb.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            office_bomb(
                "xlsx",
                r#"<row r="1"><c r="A1"><v>1</v></c></row>"#,
                256 << 20,
            ),
        ))
        .await,
    );
    add(
        "rless",
        "อบต.เซลล์ไร้ที่อยู่",
        "XLSX of 100 MB of cells without addresses (under the unpacked-size guard)",
        support::start(document_site(
            "/cells.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            office_bomb(
                "xlsx",
                "<row><c><v>1</v></c><c><v>2</v></c></row>",
                100 << 20,
            ),
        ))
        .await,
    );
    add(
        "docx",
        "อบต.เอกสารระเบิด",
        "DOCX zip bomb",
        support::start(document_site(
            "/plan.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            office_bomb("docx", "<w:p><w:r><w:t>ก</w:t></w:r></w:p>", 256 << 20),
        ))
        .await,
    );
    let mut pdf = b"%PDF-1.4\n1 0 obj\n".to_vec();
    pdf.extend(std::iter::repeat_n(b'[', 200_000));
    add(
        "pdf",
        "อบต.พีดีเอฟซ้อน",
        "PDF of 200,000 nested arrays",
        support::start(document_site("/report.pdf", "application/pdf", pdf)).await,
    );

    // Case 2: a page of a million nested elements.
    let deep = format!(
        "<html><head><title>อบต.ซ้อนลึก</title></head><body><a href=\"/news.html\">ข่าว</a>{}</body></html>",
        "<div>".repeat(1_000_000)
    )
    .into_bytes();
    add(
        "deep",
        "อบต.ซ้อนลึก",
        "HTML of a million nested <div>",
        support::start(move |r| match r.path.as_str() {
            "/" => status(200, &[("Content-Type", "text/html; charset=utf-8")], &deep),
            "/news.html" => page("ข่าว", &[], "ข่าวประชาสัมพันธ์"),
            _ => not_found(),
        })
        .await,
    );

    // Case 3: redirects into non-public addresses, by name and by every IPv6 disguise.
    add(
        "redir",
        "อบต.เปลี่ยนทาง",
        "redirects to metadata, NAT64, IPv4-compatible, site-local and another loopback host",
        support::start(move |r| match r.path.as_str() {
            "/" => page(
                "อบต.เปลี่ยนทาง",
                &[
                    ("/m1", "ข้อมูล 1"),
                    ("/m2", "ข้อมูล 2"),
                    ("/m3", "ข้อมูล 3"),
                    ("/m4", "ข้อมูล 4"),
                    ("/m5", "ข้อมูล 5"),
                    ("/m6", "ข้อมูล 6"),
                    ("/news.html", "ข่าว"),
                ],
                "",
            ),
            "/m1" => redirect("http://metadata.google.internal/computeMetadata/v1/"),
            "/m2" => redirect("http://[64:ff9b::a9fe:a9fe]/latest/meta-data/"),
            "/m3" => redirect("http://[::7f00:1]/"),
            "/m4" => redirect("http://[fec0::1]/"),
            "/m5" => redirect("http://169.254.169.254/latest/meta-data/"),
            "/m6" => redirect(&secret_url),
            "/news.html" => page("ข่าว", &[], "ข่าวประชาสัมพันธ์"),
            _ => not_found(),
        })
        .await,
    );

    // The usual misbehaviour, beside the new cases: a drip, a gzip bomb, a huge body, a
    // redirect loop.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..64 {
        gz.write_all(&spaces).unwrap();
    }
    let gzip_bomb = gz.finish().unwrap();
    add(
        "mean",
        "อบต.ใจร้าย",
        "a dripped page, a gzip bomb, an 8 MB page and a redirect loop",
        support::start(move |r| match r.path.as_str() {
            "/" => page(
                "อบต.ใจร้าย",
                &[
                    ("/drip.html", "หยด"),
                    ("/bomb.html", "ระเบิด"),
                    ("/big.html", "ใหญ่"),
                    ("/loop-a", "วน"),
                    ("/news.html", "ข่าว"),
                ],
                "",
            ),
            "/drip.html" => Reply::Drip {
                body: vec![b'x'; 100_000],
                chunk: 10,
                every: Duration::from_millis(200),
            },
            "/bomb.html" => Reply::Ok {
                status: 200,
                headers: vec![
                    ("Content-Type".into(), "text/html".into()),
                    ("Content-Encoding".into(), "gzip".into()),
                ],
                body: gzip_bomb.clone(),
            },
            "/big.html" => html(&format!("<title>big</title>{}", "ก".repeat(8 << 20))),
            "/loop-a" => redirect("/loop-b"),
            "/loop-b" => redirect("/loop-a"),
            "/news.html" => page("ข่าว", &[], "ข่าวประชาสัมพันธ์"),
            _ => not_found(),
        })
        .await,
    );

    // Case 12: a site that refuses its first connection, then answers.
    add(
        "late",
        "อบต.ตื่นสาย",
        "refuses connections for its first 2 s",
        support::start_after(Duration::from_secs(2), good_site("อบต.ตื่นสาย")).await,
    );

    // A dead site: nothing listens on its port.
    let dead_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dead_url = format!("http://127.0.0.1:{dead_port}/");
    lines.push_str(&row("dead", "อบต.ปิดตัว", &dead_url));
    units.push(("dead".into(), "nothing listens"));

    let registry = dir.join("units.csv");
    let mut bytes = lines.into_bytes();
    let (tis, _, _) = encoding_rs::WINDOWS_874.encode(tis_line.as_deref().unwrap());
    bytes.extend_from_slice(&tis);
    std::fs::write(&registry, bytes).unwrap();

    // Case 4: a history with SQLite's header over garbage.
    let history = dir.join("history.sqlite");
    let mut damaged = b"SQLite format 3\0".to_vec();
    damaged.extend(std::iter::repeat_n(0xA5u8, 64 * 1024));
    std::fs::write(&history, damaged).unwrap();

    World {
        registry,
        history,
        units,
        secret,
        sites,
    }
}
