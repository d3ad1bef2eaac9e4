//! Whole-scan benchmark: the real `oitscan scan` binary against generated sites that look like
//! Thai local-government (อบต./เทศบาล) websites, served from 127.0.0.0/8 by a separate server
//! process (this executable re-run as the server), so that the CPU time and peak memory measured
//! with `wait4` are the scan's alone (the scan and the document workers it runs).
//!
//! Every site is deterministic: pages of 30–60 KB with a mega-menu of 80 Thai links, body text
//! with Thai-digit and Buddhist-Era dates, a footer with address, phone and e-mail; an ITA hub
//! ("การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปี 2568") whose rows O1..O26 lead to item pages, small
//! PDF and XLSX files, or Google-Drive-like links on hosts under `.invalid` (never resolved,
//! never fetched); news and listing pages fill the site up to its page count. Page URLs carry
//! no digits except the ITA item pages, so the crawler's per-digit-shape trap limit does not
//! cut a large site short.
//!
//! Addressing: the server listens on 0.0.0.0 on a few ports and routes by the Host header
//! (`127.a.b.c:port`). A site on its own address is `127.10.b.c` on the first port; the sites
//! sharing one vendor address `127.20.b.c` differ by port (the scan's per-site key is host and
//! port, its per-IP limit the address).
//!
//! `cargo bench --bench scan` runs every scenario; `BENCH=province|big|nation|all` picks one:
//! - province: 200 units × 60 pages, 140 on their own address and 60 sharing 10 vendor
//!   addresses; default politeness; wall against the politeness bound (target ≤ 1.1);
//! - big: one site of 2,000 pages with politeness off; wall, peak RSS (≤ 200 MB) and, when a
//!   `spider` binary is on PATH, the wall of `spider crawl` on the same site (ratio ≤ 3);
//! - nation: 1,000 and 8,300 units of 5 pages each, all on distinct addresses; peak RSS
//!   (8,300: ≤ 300 MB; 8,300/1,000 ≤ 1.3), output size (≤ 600 MB), wall and ms per unit.
//!
//! Sizes: `UNITS=40 PAGES=20` (for nation `UNITS=200,1660`: a comma list of unit counts),
//! `CONCURRENCY=N` (the scan's `--concurrency`, default 64), `KEEP=1` (keep each scenario's
//! registry, scan output and stderr in a folder under the temp dir, printed).
//! A missed target is printed with ✗, not failed; the bench panics when the scan crashes or
//! exits with a code other than 0 or 1, or when its results.json misses a unit.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

// ---------------------------------------------------------------- small helpers

fn env_str(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn env_list(name: &str) -> Option<Vec<usize>> {
    env_str(name).map(|v| {
        v.split(',')
            .map(|x| {
                x.trim()
                    .parse()
                    .unwrap_or_else(|_| panic!("{name}: not a number: {x:?}"))
            })
            .collect()
    })
}

fn env_usize(name: &str) -> Option<usize> {
    env_list(name).and_then(|l| l.first().copied())
}

/// splitmix64: a deterministic hash of a few numbers.
fn mix(a: u64, b: u64, salt: u64) -> u64 {
    let mut z = a
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F))
        .wrapping_add(salt.wrapping_mul(0x1656_67B1_9E37_79F9));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn thai_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x0E50 + d).unwrap(),
            None => c,
        })
        .collect()
}

/// A number as letters only (a, b, …, z, ba, bb, …), for digit-free URLs.
fn letters(mut n: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

const MONTHS: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

/// A date in fiscal year 2568 (October 2567 – September 2568), by seed; Thai digits or not.
fn date_th(seed: u64, thai: bool) -> String {
    let month = (seed % 12) as usize;
    let day = 1 + (seed / 12) % 28;
    let year = if month >= 9 { 2567 } else { 2568 };
    let s = format!("{day} {} {year}", MONTHS[month]);
    if thai { thai_digits(&s) } else { s }
}

// ---------------------------------------------------------------- the units

const PLACE_A: [&str; 12] = [
    "บ้าน",
    "หนอง",
    "โนน",
    "ดอน",
    "นา",
    "ท่า",
    "ห้วย",
    "วัง",
    "บึง",
    "เขา",
    "โคก",
    "สระ",
];
const PLACE_B: [&str; 16] = [
    "แก้ว",
    "ใหญ่",
    "สูง",
    "ทอง",
    "คำ",
    "ยาง",
    "ไผ่",
    "บัว",
    "โพธิ์",
    "ม่วง",
    "ขาม",
    "หว้า",
    "กลาง",
    "จิก",
    "แดง",
    "เรือ",
];
const DISTRICTS: [&str; 8] = [
    "เมือง",
    "บ้านไผ่",
    "พล",
    "ชุมแพ",
    "น้ำพอง",
    "กระนวน",
    "หนองเรือ",
    "มัญจาคีรี",
];

fn place(i: usize) -> String {
    format!(
        "{}{}",
        PLACE_A[i % PLACE_A.len()],
        PLACE_B[(i / PLACE_A.len()) % PLACE_B.len()]
    )
}

/// (full Thai name, registry type) of unit `i`.
fn unit_name(i: usize) -> (String, &'static str) {
    if i.is_multiple_of(5) {
        (format!("เทศบาลตำบล{}", place(i)), "เทศบาลตำบล")
    } else {
        (format!("องค์การบริหารส่วนตำบล{}", place(i)), "อบต.")
    }
}

fn district(i: usize) -> &'static str {
    DISTRICTS[(i / 7) % DISTRICTS.len()]
}

/// Address of a site on its own address.
fn own_ip(i: usize) -> String {
    format!("127.10.{}.{}", i / 250, i % 250 + 1)
}

/// Address of vendor server `v`.
fn vendor_ip(v: usize) -> String {
    format!("127.20.{}.{}", v / 250, v % 250 + 1)
}

// ---------------------------------------------------------------- the site layout

const ITEMS: [&str; 26] = [
    "โครงสร้างและอำนาจหน้าที่",
    "ข้อมูลผู้บริหาร",
    "ข้อมูลการติดต่อ",
    "ข่าวประชาสัมพันธ์",
    "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน",
    "แผนและความก้าวหน้าในการดำเนินงานและการใช้จ่ายงบประมาณประจำปี",
    "รายงานผลการดำเนินงานประจำปี",
    "คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่",
    "คู่มือหรือแนวทางการขอรับบริการสำหรับผู้รับบริการหรือผู้มาติดต่อ",
    "E-Service",
    "ข้อมูลสถิติการให้บริการ",
    "รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ และความก้าวหน้าการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ",
    "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี",
    "แผนการบริหารและพัฒนาทรัพยากรบุคคล",
    "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี",
    "ประมวลจริยธรรมและการขับเคลื่อนจริยธรรม",
    "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    "ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบประจำปี",
    "การเปิดโอกาสให้เกิดการมีส่วนร่วม",
    "ประกาศเจตนารมณ์และการสร้างวัฒนธรรม ตามนโยบาย No Gift Policy จากการปฏิบัติหน้าที่",
    "รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา",
    "การประเมินความเสี่ยงที่อาจเกิดการให้หรือรับสินบนจากการดำเนินงานตามภารกิจของหน่วยงาน",
    "รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริตและประพฤติมิชอบ",
    "แผนปฏิบัติการป้องกันการทุจริต",
    "รายงานผลการดำเนินการป้องกันการทุจริต",
];

/// Items whose document is a spreadsheet (plans, statistics, procurement tables).
const XLSX_ITEMS: [usize; 5] = [6, 11, 12, 13, 19];

const INFO: [(&str, &str); 12] = [
    ("history", "ประวัติความเป็นมา"),
    ("structure", "แผนผังโครงสร้างองค์กร"),
    ("executives", "คณะผู้บริหาร"),
    ("council", "สมาชิกสภา"),
    ("staff", "บุคลากร"),
    ("authority", "อำนาจหน้าที่"),
    ("vision", "วิสัยทัศน์และพันธกิจ"),
    ("contact", "ติดต่อเรา"),
    ("manual", "คู่มือสำหรับประชาชน"),
    ("eservice", "E-Service"),
    ("webboard", "กระดานถาม-ตอบ"),
    ("complaint", "ร้องเรียนร้องทุกข์"),
];

const NEWS_KINDS: [(&str, &str); 5] = [
    ("pr", "ข่าวประชาสัมพันธ์"),
    ("procurement", "ประกาศจัดซื้อจัดจ้าง"),
    ("activity", "ข่าวกิจกรรม"),
    ("announce", "ประกาศ"),
    ("tax", "ภาษีท้องถิ่น"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Page {
    Home,
    Hub,
    /// ITA item page, 1-based code.
    Item(usize),
    Info(usize),
    /// Listing page, 1-based.
    Listing(usize),
    News(usize),
}

/// How a hub row (or an item page) points at an item's evidence.
#[derive(Clone, Debug)]
enum Evidence {
    Page,
    Doc(String),
    Drive(String),
    Nothing,
}

/// The shape of every site of a scenario (all sites of a scenario have the same page count,
/// so one layout, one menu and one route table serve them all).
struct Layout {
    pages: usize,
    items: usize,
    info: usize,
    listings: usize,
    news: usize,
    /// Per item code (index 0 = O1): what the hub row links.
    hub_rows: Vec<Evidence>,
    /// Per item code: the document an item page links, if any.
    item_docs: Vec<Option<String>>,
}

fn doc_path(k: usize) -> String {
    let ext = if XLSX_ITEMS.contains(&k) {
        "xlsx"
    } else {
        "pdf"
    };
    format!("/files/oit2568-o{k}.{ext}")
}

impl Layout {
    fn new(pages: usize) -> Layout {
        let pages = pages.max(2);
        let items = 26.min((pages - 2) * 2 / 3);
        let rest = pages - 2 - items;
        let info = 12.min(rest / 4);
        let r2 = rest - info;
        let (listings, news) = if r2 >= 3 {
            let l = r2.div_ceil(21);
            (l, r2 - l)
        } else {
            (0, r2)
        };
        // A few documents per site, more on larger sites.
        let mut budget = 12.min((pages / 5).max(2));
        let mut hub_rows = Vec::new();
        let mut item_docs = Vec::new();
        for k in 1..=26 {
            if k <= items {
                hub_rows.push(Evidence::Page);
                if k % 2 == 0 && budget > 0 {
                    budget -= 1;
                    item_docs.push(Some(doc_path(k)));
                } else {
                    item_docs.push(None);
                }
            } else {
                item_docs.push(None);
                hub_rows.push(if k % 3 != 1 && budget > 0 {
                    budget -= 1;
                    Evidence::Doc(doc_path(k))
                } else if k % 5 == 0 {
                    Evidence::Nothing
                } else {
                    Evidence::Drive(format!(
                        "https://drive.google.invalid/file/d/{}/view?usp=sharing",
                        drive_id(k)
                    ))
                });
            }
        }
        Layout {
            pages,
            items,
            info,
            listings,
            news,
            hub_rows,
            item_docs,
        }
    }

    fn page(&self, idx: usize) -> Page {
        let mut i = idx;
        if i == 0 {
            return Page::Home;
        }
        if i == 1 {
            return Page::Hub;
        }
        i -= 2;
        if i < self.items {
            return Page::Item(i + 1);
        }
        i -= self.items;
        if i < self.info {
            return Page::Info(i);
        }
        i -= self.info;
        if i < self.listings {
            return Page::Listing(i + 1);
        }
        Page::News(i - self.listings)
    }

    fn path(&self, p: Page) -> String {
        match p {
            Page::Home => "/".into(),
            Page::Hub => "/ita/".into(),
            Page::Item(k) => format!("/ita/o{k}.html"),
            Page::Info(j) => format!("/content/{}.html", INFO[j].0),
            Page::Listing(n) => format!("/news/?page={n}"),
            Page::News(n) => format!(
                "/news/{}-{}.html",
                NEWS_KINDS[n % NEWS_KINDS.len()].0,
                letters(n)
            ),
        }
    }

    fn documents(&self) -> Vec<String> {
        let mut d: Vec<String> = self.item_docs.iter().flatten().cloned().collect();
        for r in &self.hub_rows {
            if let Evidence::Doc(p) = r {
                d.push(p.clone());
            }
        }
        d
    }
}

fn drive_id(k: usize) -> String {
    // Looks like a Drive file id; letters only.
    (0..28)
        .map(|j| (b'A' + (mix(k as u64, j, 7) % 26) as u8) as char)
        .collect()
}

// ---------------------------------------------------------------- documents

fn pdf(lines: &[String]) -> Vec<u8> {
    let mut content = String::from("BT /F1 12 Tf 72 760 Td 16 TL\n");
    for l in lines {
        let esc = l
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        let _ = writeln!(content, "({esc}) Tj T*");
    }
    content.push_str("ET\n");
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
    ];
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    let mut tail = format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1);
    for off in offsets {
        let _ = writeln!(tail, "{off:010} 00000 n ");
    }
    let _ = write!(
        tail,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objs.len() + 1
    );
    out.extend_from_slice(tail.as_bytes());
    out
}

fn item_pdf(k: usize) -> Vec<u8> {
    pdf(&[
        format!("ITA 2568 - OIT item O{k}"),
        "Fiscal year 2568 (1 October 2567 - 30 September 2568 B.E.)".into(),
        "Subdistrict Administrative Organization".into(),
        format!("Document O{k}: published 15 October 2567"),
        "Approved by the Chief Executive of the Organization".into(),
    ])
}

fn item_xlsx(k: usize) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(
        0,
        0,
        format!("O{k} {} ประจำปีงบประมาณ พ.ศ. 2568", ITEMS[k - 1]),
    )
    .unwrap();
    for (c, h) in ["ลำดับ", "รายการ", "วงเงิน (บาท)", "วันที่", "สถานะ"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for r in 0..12u32 {
        let seed = mix(k as u64, r as u64, 3);
        ws.write_number(r + 2, 0, f64::from(r + 1)).unwrap();
        ws.write_string(
            r + 2,
            1,
            format!("โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ {}", r + 1),
        )
        .unwrap();
        ws.write_number(r + 2, 2, (seed % 500_000) as f64 + 10_000.0)
            .unwrap();
        ws.write_string(r + 2, 3, date_th(seed, false)).unwrap();
        ws.write_string(r + 2, 4, "ดำเนินการแล้วเสร็จ").unwrap();
    }
    wb.save_to_buffer().unwrap()
}

// ---------------------------------------------------------------- pages

enum Target {
    Menu(Page),
    Hash,
    External(&'static str),
    /// Spread over the site's pages.
    Any,
}

fn menu_groups() -> Vec<(&'static str, Vec<(&'static str, Target)>)> {
    use Target::*;
    let p = Menu;
    vec![
        ("หน้าแรก", vec![]),
        (
            "ข้อมูลพื้นฐาน",
            vec![
                ("ประวัติความเป็นมา", p(Page::Info(0))),
                ("วิสัยทัศน์และพันธกิจ", p(Page::Info(6))),
                ("สภาพทั่วไปและข้อมูลพื้นฐาน", Any),
                ("ข้อมูลการติดต่อ", p(Page::Info(7))),
                ("แผนที่ตั้ง", Any),
                ("ข้อมูลประชากร", Any),
                ("สถานที่สำคัญ", Any),
                ("ผลิตภัณฑ์ชุมชน", Any),
                ("ของดีประจำตำบล", Any),
            ],
        ),
        (
            "โครงสร้างองค์กร",
            vec![
                ("แผนผังโครงสร้างองค์กร", p(Page::Info(1))),
                ("คณะผู้บริหาร", p(Page::Info(2))),
                ("สมาชิกสภา", p(Page::Info(3))),
                ("บุคลากร", p(Page::Info(4))),
                ("อำนาจหน้าที่", p(Page::Info(5))),
                ("สำนักปลัด", Any),
                ("กองคลัง", Any),
                ("กองช่าง", Any),
                ("กองการศึกษา ศาสนาและวัฒนธรรม", Any),
                ("กองสาธารณสุขและสิ่งแวดล้อม", Any),
                ("กองสวัสดิการสังคม", Any),
                ("หน่วยตรวจสอบภายใน", Any),
            ],
        ),
        (
            "ข่าวสาร",
            vec![
                ("ข่าวประชาสัมพันธ์", p(Page::Listing(1))),
                ("ประกาศจัดซื้อจัดจ้าง", Any),
                ("ผลการจัดซื้อจัดจ้าง", Any),
                ("ข่าวกิจกรรม", Any),
                ("ประกาศรับสมัครงาน", Any),
                ("ประกาศราคากลาง", Any),
                ("ภาษีท้องถิ่น", Any),
                ("วารสาร/จดหมายข่าว", Any),
                ("ข่าวจากจังหวัด", Any),
                ("ข่าวจาก สถ.", Any),
            ],
        ),
        (
            "แผนงาน",
            vec![
                ("แผนพัฒนาท้องถิ่น", Any),
                ("แผนการดำเนินงาน", Any),
                ("แผนอัตรากำลัง 3 ปี", Any),
                ("ข้อบัญญัติงบประมาณรายจ่ายประจำปี", Any),
                ("แผนการจัดหาพัสดุ", Any),
                ("แผนป้องกันการทุจริต", Any),
                ("รายงานการติดตามและประเมินผลแผน", Any),
                ("รายงานงบแสดงฐานะการเงิน", Any),
            ],
        ),
        (
            "ITA",
            vec![
                ("ITA 2568", p(Page::Hub)),
                ("การประเมินคุณธรรมและความโปร่งใส", p(Page::Hub)),
                ("ITA 2567", Hash),
                ("ITA 2566", Hash),
                ("มาตรการภายในเพื่อส่งเสริมความโปร่งใส", Any),
                ("ประมวลจริยธรรม", Any),
                ("No Gift Policy", Any),
                ("การจัดการความเสี่ยงการทุจริต", Any),
            ],
        ),
        (
            "บริการประชาชน",
            vec![
                ("ร้องเรียนร้องทุกข์", p(Page::Info(11))),
                ("ร้องเรียนการทุจริต", Any),
                ("E-Service", p(Page::Info(9))),
                ("กระดานถาม-ตอบ", p(Page::Info(10))),
                ("คู่มือสำหรับประชาชน", p(Page::Info(8))),
                ("ดาวน์โหลดแบบฟอร์ม", Any),
                ("ระบบสารบรรณอิเล็กทรอนิกส์", Any),
                ("ศูนย์ข้อมูลข่าวสาร", Any),
                ("สถิติการให้บริการ", Any),
                ("แบบสอบถามความพึงพอใจ", Any),
                ("ขอข้อมูลข่าวสาร", Any),
                ("ชำระภาษีออนไลน์", Any),
            ],
        ),
        (
            "กฎหมายและระเบียบ",
            vec![
                ("พระราชบัญญัติ", Any),
                ("ข้อบัญญัติท้องถิ่น", Any),
                ("ระเบียบกระทรวงมหาดไทย", Any),
                ("รายงานการประชุมสภา", Any),
                ("คำสั่ง/ประกาศ", Any),
            ],
        ),
        (
            "เว็บลิงก์",
            vec![
                (
                    "สำนักงาน ป.ป.ช.",
                    External("https://www.nacc.go.th.invalid/"),
                ),
                (
                    "กรมส่งเสริมการปกครองท้องถิ่น",
                    External("https://www.dla.go.th.invalid/"),
                ),
                (
                    "ระบบจัดซื้อจัดจ้างภาครัฐ e-GP",
                    External("https://process3.gprocurement.go.th.invalid/"),
                ),
                (
                    "ศูนย์ดำรงธรรม",
                    External("https://www.damrongdhama.moi.go.th.invalid/"),
                ),
                (
                    "สำนักงานการตรวจเงินแผ่นดิน",
                    External("https://www.audit.go.th.invalid/"),
                ),
                ("กรมบัญชีกลาง", External("https://www.cgd.go.th.invalid/")),
                (
                    "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด",
                    External("https://www.localkk.go.th.invalid/"),
                ),
            ],
        ),
    ]
}

/// The mega-menu (80 links), the same on every page of every site of a scenario.
fn render_menu(l: &Layout) -> (String, usize) {
    let exists = |p: Page| match p {
        Page::Home | Page::Hub => true,
        Page::Item(k) => k <= l.items,
        Page::Info(j) => j < l.info,
        Page::Listing(n) => n <= l.listings,
        Page::News(n) => n < l.news,
    };
    let mut any = 0usize;
    let mut next_any = || {
        any += 1;
        if l.pages > 2 {
            l.page(2 + (any * 37) % (l.pages - 2))
        } else {
            Page::Home
        }
    };
    let mut links = 0;
    let mut s = String::from("<nav id=\"mega-menu\" class=\"navbar\"><ul class=\"menu\">");
    for (head, entries) in menu_groups() {
        if entries.is_empty() {
            links += 1;
            let _ = write!(s, "<li class=\"menu-item\"><a href=\"/\">{head}</a></li>");
            continue;
        }
        links += 1;
        let _ = write!(
            s,
            "<li class=\"menu-item dropdown\"><a href=\"#\" class=\"dropdown-toggle\">{head}</a><div class=\"mega\"><ul class=\"sub-menu\">"
        );
        for (label, t) in entries {
            links += 1;
            let href = match t {
                Target::Menu(p) if exists(p) => l.path(p),
                Target::Menu(_) | Target::Any => l.path(next_any()),
                Target::Hash => "#".into(),
                Target::External(u) => u.to_string(),
            };
            let ext = if href.starts_with("http") {
                " target=\"_blank\" rel=\"noopener\""
            } else {
                ""
            };
            let _ = write!(s, "<li><a href=\"{href}\"{ext}>{label}</a></li>");
        }
        s.push_str("</ul></div></li>");
    }
    s.push_str("</ul></nav>");
    (s, links)
}

const SENTENCES: [&str; 16] = [
    "องค์การบริหารส่วนตำบลได้ดำเนินโครงการตามแผนพัฒนาท้องถิ่น (พ.ศ. 2566 - 2570) เพื่อยกระดับคุณภาพชีวิตของประชาชนในพื้นที่",
    "ประจำปีงบประมาณ พ.ศ. 2568 มีการจัดทำข้อบัญญัติงบประมาณรายจ่ายและเปิดเผยให้ประชาชนทราบผ่านเว็บไซต์",
    "ขอเชิญชวนประชาชนร่วมแสดงความคิดเห็นต่อร่างแผนการดำเนินงาน ณ ห้องประชุมสภา",
    "ทั้งนี้ ผู้สนใจสามารถสอบถามรายละเอียดเพิ่มเติมได้ที่สำนักปลัด ในวันและเวลาราชการ",
    "คณะผู้บริหารพร้อมด้วยสมาชิกสภาลงพื้นที่ตรวจเยี่ยมการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๕",
    "กองคลังขอประชาสัมพันธ์การชำระภาษีที่ดินและสิ่งปลูกสร้าง ภาษีป้าย ภายในกำหนดเวลา",
    "โครงการอบรมคุณธรรมจริยธรรมแก่บุคลากร เพื่อเสริมสร้างวัฒนธรรมองค์กรที่โปร่งใสและตรวจสอบได้",
    "ประกาศผู้ชนะการเสนอราคา จ้างเหมาซ่อมแซมถนนลูกรัง ด้วยวิธีเฉพาะเจาะจง",
    "กองสาธารณสุขและสิ่งแวดล้อมรณรงค์ป้องกันโรคไข้เลือดออก กำจัดแหล่งเพาะพันธุ์ยุงลาย",
    "ศูนย์พัฒนาเด็กเล็กเปิดรับสมัครนักเรียนใหม่ ภาคเรียนที่ ๑ ปีการศึกษา ๒๕๖๘",
    "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. 2568",
    "ประชาสัมพันธ์ช่องทางการร้องเรียนร้องทุกข์ ทางโทรศัพท์ ไปรษณีย์ อีเมล และระบบออนไลน์",
    "สรุปผลการจัดซื้อจัดจ้างประจำเดือน ตามแบบ สขร.๑ เพื่อความโปร่งใสในการใช้จ่ายงบประมาณ",
    "งานป้องกันและบรรเทาสาธารณภัยจัดตั้งจุดบริการประชาชนช่วงเทศกาลปีใหม่",
    "การจ่ายเบี้ยยังชีพผู้สูงอายุและคนพิการ ประจำเดือน โอนเข้าบัญชีธนาคารของผู้มีสิทธิ",
    "ขอขอบคุณประชาชนทุกท่านที่ให้ความร่วมมือในการพัฒนาตำบลให้น่าอยู่อย่างยั่งยืน",
];

/// A pool of body paragraphs, each with a date in Thai digits and one in Arabic digits.
fn paragraphs() -> Vec<String> {
    (0..64u64)
        .map(|i| {
            let mut p = String::from("<p>");
            let n = 4 + (mix(i, 1, 11) % 6) as usize;
            for j in 0..n {
                let s = SENTENCES[(mix(i, j as u64, 12) % SENTENCES.len() as u64) as usize];
                p.push_str(s);
                p.push(' ');
            }
            let _ = write!(
                p,
                "ประกาศ ณ วันที่ {} (ประจำปีงบประมาณ พ.ศ. 2568, ปรับปรุงล่าสุด {})</p>",
                date_th(mix(i, 2, 13), true),
                date_th(mix(i, 3, 14), false)
            );
            p
        })
        .collect()
}

const HEAD: &str = "<!DOCTYPE html>\n<html lang=\"th\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<style>body{font-family:Tahoma,'TH Sarabun New',sans-serif;margin:0;background:#f4f6f8}\
.navbar{background:#0b5394}.menu>li{display:inline-block;position:relative}.menu a{color:#fff;padding:8px 12px;text-decoration:none}\
.mega{display:none;position:absolute;background:#fff;min-width:240px;box-shadow:0 2px 6px rgba(0,0,0,.2)}\
.dropdown:hover .mega{display:block}.mega a{color:#0b5394}#content{max-width:1140px;margin:auto;background:#fff;padding:16px}\
table.oit{border-collapse:collapse;width:100%}table.oit td,table.oit th{border:1px solid #ccc;padding:4px}\
footer{background:#333;color:#eee;padding:16px}</style>\
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}</script>";

/// Everything a server needs to answer any site's request.
struct World {
    own: usize,
    per_vendor: usize,
    ports: Vec<u16>,
    layout: Layout,
    menu: String,
    paras: Vec<String>,
    routes: HashMap<String, Route>,
    docs: HashMap<String, (&'static str, axum::body::Bytes)>,
}

#[derive(Clone, Copy)]
enum Route {
    Page(usize),
    Doc,
}

impl World {
    fn new(own: usize, per_vendor: usize, pages: usize, ports: Vec<u16>) -> World {
        let layout = Layout::new(pages);
        let (menu, _) = render_menu(&layout);
        let mut routes = HashMap::new();
        for i in 0..layout.pages {
            routes.insert(layout.path(layout.page(i)), Route::Page(i));
        }
        let mut docs = HashMap::new();
        for d in layout.documents() {
            let k: usize = d
                .trim_start_matches("/files/oit2568-o")
                .split('.')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let (ct, body) = if d.ends_with(".xlsx") {
                (
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    item_xlsx(k),
                )
            } else {
                ("application/pdf", item_pdf(k))
            };
            routes.insert(d.clone(), Route::Doc);
            docs.insert(d, (ct, axum::body::Bytes::from(body)));
        }
        World {
            own,
            per_vendor,
            ports,
            layout,
            menu,
            paras: paragraphs(),
            routes,
            docs,
        }
    }

    /// The unit a Host header (`127.a.b.c:port`) names.
    fn site(&self, host: &str) -> Option<usize> {
        let (ip, port) = host.rsplit_once(':')?;
        let port: u16 = port.parse().ok()?;
        let o: Vec<usize> = ip.split('.').filter_map(|x| x.parse().ok()).collect();
        if o.len() != 4 || o[0] != 127 || o[3] == 0 {
            return None;
        }
        let n = o[2] * 250 + o[3] - 1;
        match o[1] {
            10 if port == self.ports[0] && n < self.own => Some(n),
            20 => {
                let k = self.ports.iter().position(|p| *p == port)?;
                (k < self.per_vendor).then_some(self.own + n * self.per_vendor + k)
            }
            _ => None,
        }
    }

    fn link(&self, s: &mut String, p: Page, text: &str) {
        let _ = write!(s, "<a href=\"{}\">{text}</a>", self.layout.path(p));
    }

    fn news_title(&self, n: usize) -> String {
        let (_, kind) = NEWS_KINDS[n % NEWS_KINDS.len()];
        let s = SENTENCES[n % SENTENCES.len()];
        let short: String = s.chars().take(48).collect();
        format!("{kind}: {short}")
    }

    fn news_list(&self, s: &mut String, from: usize, to: usize, seed: u64) {
        s.push_str("<ul class=\"news-list\">");
        for n in from..to.min(self.layout.news) {
            s.push_str("<li>");
            self.link(s, Page::News(n), &self.news_title(n));
            let _ = write!(
                s,
                " <span class=\"date\">{}</span></li>",
                date_th(mix(seed, n as u64, 21), true)
            );
        }
        s.push_str("</ul>");
    }

    fn render(&self, unit: usize, idx: usize) -> String {
        let l = &self.layout;
        let page = l.page(idx);
        let (name, _) = unit_name(unit);
        let seed = mix(unit as u64, idx as u64, 1);
        let target = 30_000 + (seed % 30_000) as usize;
        let title = match page {
            Page::Home => "หน้าแรก".to_string(),
            Page::Hub => "การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปี 2568".to_string(),
            Page::Item(k) => format!("O{k} {}", ITEMS[k - 1]),
            Page::Info(j) => INFO[j].1.to_string(),
            Page::Listing(n) => format!("ข่าวประชาสัมพันธ์ หน้า {n}"),
            Page::News(n) => self.news_title(n),
        };
        let mut s = String::with_capacity(target + 4096);
        s.push_str(HEAD);
        let _ = write!(
            s,
            "<title>{title} - {name}</title></head><body><header class=\"site-header\"><div class=\"logo\">{name}</div>\
             <div class=\"slogan\">อำเภอ{} จังหวัดขอนแก่น</div></header>",
            district(unit)
        );
        s.push_str(&self.menu);
        s.push_str("<div id=\"content\"><div class=\"breadcrumb\"><a href=\"/\">หน้าแรก</a> » ");
        s.push_str(&title);
        let _ = write!(s, "</div><main><h1>{title}</h1>");
        match page {
            Page::Home => {
                s.push_str("<section class=\"banner\"><a href=\"/ita/\">ITA 2568 การประเมินคุณธรรมและความโปร่งใส</a></section>");
                s.push_str("<h2>ข่าวประชาสัมพันธ์ล่าสุด</h2>");
                self.news_list(&mut s, 0, 10, unit as u64);
                if l.listings > 0 {
                    self.link(&mut s, Page::Listing(1), "ดูข่าวทั้งหมด");
                }
            }
            Page::Hub => {
                s.push_str("<p>องค์กรปกครองส่วนท้องถิ่นเปิดเผยข้อมูลสาธารณะตามแบบตรวจการเปิดเผยข้อมูลสาธารณะ (Open Data Integrity and Transparency Assessment: OIT) ประจำปีงบประมาณ พ.ศ. 2568</p>");
                s.push_str("<table class=\"oit\"><tr><th>ข้อ</th><th>ข้อมูล</th><th>รายละเอียด</th></tr>");
                for (i, row) in l.hub_rows.iter().enumerate() {
                    let k = i + 1;
                    let _ = write!(s, "<tr><td>O{k}</td><td>{}</td><td>", ITEMS[i]);
                    // A few units have not published some items yet.
                    let hidden = mix(unit as u64, k as u64, 5).is_multiple_of(10);
                    match row {
                        Evidence::Page => self.link(&mut s, Page::Item(k), "คลิก"),
                        Evidence::Doc(p) if !hidden => {
                            let _ = write!(s, "<a href=\"{p}\">ดาวน์โหลดเอกสาร O{k}</a>");
                        }
                        Evidence::Drive(u) if !hidden => {
                            let _ = write!(s, "<a href=\"{u}\" target=\"_blank\">คลิก</a>");
                        }
                        _ => s.push_str("อยู่ระหว่างดำเนินการ"),
                    }
                    s.push_str("</td></tr>");
                }
                s.push_str("</table>");
            }
            Page::Item(k) => {
                let _ = write!(
                    s,
                    "<p>{} ประจำปีงบประมาณ พ.ศ. 2568 ข้อมูล ณ วันที่ {}</p>",
                    ITEMS[k - 1],
                    date_th(seed, true)
                );
                if let Some(d) = &l.item_docs[k - 1] {
                    let _ = write!(
                        s,
                        "<p><a href=\"{d}\">{} ประจำปี 2568 (ไฟล์แนบ)</a></p>",
                        ITEMS[k - 1]
                    );
                } else if k % 4 == 3 {
                    let _ = write!(
                        s,
                        "<p><a href=\"https://drive.google.invalid/file/d/{}/view\" target=\"_blank\">เอกสารเพิ่มเติม</a></p>",
                        drive_id(k + 100)
                    );
                }
                s.push_str("<p>");
                self.link(&mut s, Page::Hub, "กลับหน้า ITA 2568");
                s.push_str("</p>");
            }
            Page::Info(j) => match INFO[j].0 {
                "executives" => s.push_str(
                    "<table><tr><td>นายสมชาย ใจดี</td><td>นายกองค์การบริหารส่วนตำบล</td><td>โทร. ๐๘๑-๒๓๔-๕๖๗๘</td></tr>\
                     <tr><td>นายสมศักดิ์ รักถิ่น</td><td>รองนายก</td><td>โทร. ๐๘๙-๘๗๖-๕๔๓๒</td></tr>\
                     <tr><td>นางสาวสมหญิง ตั้งใจ</td><td>ปลัดองค์การบริหารส่วนตำบล</td><td>โทร. ๐๔๓-๐๐๐-๑๑๑</td></tr></table>",
                ),
                "eservice" => s.push_str(
                    "<form action=\"#\" method=\"post\"><label>ชื่อ-นามสกุล</label><input name=\"name\">\
                     <label>เรื่องที่ขอรับบริการ</label><textarea name=\"detail\"></textarea><button>ส่งคำร้อง</button></form>",
                ),
                _ => {}
            },
            Page::Listing(n) => {
                self.news_list(&mut s, (n - 1) * 20, n * 20, unit as u64);
                s.push_str("<div class=\"pagination\">");
                for m in 1..=l.listings {
                    if m == 1 || m == l.listings || m.abs_diff(n) <= 5 || m % 10 == 0 {
                        self.link(&mut s, Page::Listing(m), &m.to_string());
                        s.push(' ');
                    }
                }
                s.push_str("</div>");
            }
            Page::News(n) => {
                let _ = write!(
                    s,
                    "<p class=\"meta\">ประกาศ ณ วันที่ {} โดย สำนักปลัด</p>",
                    date_th(seed, true)
                );
                s.push_str("<h3>ข่าวที่เกี่ยวข้อง</h3><ul>");
                for r in 0..8u64 {
                    let m = (mix(n as u64, r, 9) % l.news as u64) as usize;
                    s.push_str("<li>");
                    self.link(&mut s, Page::News(m), &self.news_title(m));
                    s.push_str("</li>");
                }
                s.push_str("</ul>");
                if l.listings > 0 {
                    self.link(&mut s, Page::Listing(n / 20 + 1), "กลับหน้ารายการข่าว");
                }
            }
        }
        let footer = format!(
            "</main></div><footer><p>{name}</p><p>ที่ทำการ หมู่ที่ {} ตำบล{} อำเภอ{} จังหวัดขอนแก่น {}</p>\
             <p>โทรศัพท์ {} โทรสาร {}</p><p>อีเมล saraban.u{unit}@dla.go.th.invalid</p>\
             <p>สงวนลิขสิทธิ์ © {} {name}</p></footer></body></html>",
            thai_digits(&(1 + unit % 12).to_string()),
            place(unit),
            district(unit),
            thai_digits("40000"),
            thai_digits(&format!("0-4300-{:04}", unit % 10_000)),
            thai_digits(&format!("0-4300-{:04}", (unit + 1) % 10_000)),
            thai_digits("2568")
        );
        let mut k = 0u64;
        while s.len() + footer.len() < target {
            s.push_str(&self.paras[(mix(seed, k, 2) % self.paras.len() as u64) as usize]);
            k += 1;
        }
        s.push_str(&footer);
        s
    }
}

// ---------------------------------------------------------------- server process

fn server() {
    let own = env_usize("OWN").unwrap_or(0);
    let vendors = env_usize("VENDORS").unwrap_or(0);
    let per_vendor = env_usize("PER_VENDOR").unwrap_or(0);
    let pages = env_usize("PAGES").unwrap_or(60);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let n_ports = if vendors > 0 { per_vendor.max(1) } else { 1 };
        let mut listeners = Vec::new();
        for _ in 0..n_ports {
            listeners.push(tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap());
        }
        let ports: Vec<u16> = listeners
            .iter()
            .map(|l| l.local_addr().unwrap().port())
            .collect();
        let world = Arc::new(World::new(own, per_vendor, pages, ports.clone()));
        let app = axum::Router::new().fallback(
            move |headers: axum::http::HeaderMap, uri: axum::http::Uri| {
                let world = world.clone();
                async move { answer(&world, &headers, &uri) }
            },
        );
        let line: Vec<String> = ports.iter().map(u16::to_string).collect();
        println!("READY {}", line.join(" "));
        use std::io::Write;
        std::io::stdout().flush().unwrap();
        let mut tasks = Vec::new();
        for l in listeners {
            tasks.push(tokio::spawn(axum::serve(l, app.clone()).into_future()));
        }
        // Ends when the driver closes our standard input (or kills us).
        tokio::task::spawn_blocking(|| {
            let mut sink = String::new();
            while std::io::stdin().read_line(&mut sink).is_ok_and(|n| n > 0) {}
        })
        .await
        .unwrap();
    });
}

fn answer(
    world: &World,
    headers: &axum::http::HeaderMap,
    uri: &axum::http::Uri,
) -> axum::response::Response {
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let Some(unit) = world.site(host) else {
        return (StatusCode::NOT_FOUND, "no such site").into_response();
    };
    let pq = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    if pq == "/robots.txt" {
        return (
            [(header::CONTENT_TYPE, "text/plain")],
            "User-agent: *\nDisallow: /admin/\nDisallow: /wp-admin/\n",
        )
            .into_response();
    }
    match world.routes.get(pq) {
        Some(Route::Page(i)) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            world.render(unit, *i),
        )
            .into_response(),
        Some(Route::Doc) => {
            let (ct, body) = &world.docs[pq];
            ([(header::CONTENT_TYPE, *ct)], body.clone()).into_response()
        }
        None => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<html><body><h1>404 ไม่พบหน้าที่ต้องการ</h1></body></html>",
        )
            .into_response(),
    }
}

// ---------------------------------------------------------------- driver

struct Server {
    child: std::process::Child,
    ports: Vec<u16>,
}

impl Server {
    fn start(own: usize, vendors: usize, per_vendor: usize, pages: usize) -> Server {
        let exe = std::env::current_exe().unwrap();
        let mut child = Command::new(exe)
            .env("OITSCAN_BENCH_ROLE", "server")
            .env("OWN", own.to_string())
            .env("VENDORS", vendors.to_string())
            .env("PER_VENDOR", per_vendor.to_string())
            .env("PAGES", pages.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the bench server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let ports = line
            .trim()
            .strip_prefix("READY ")
            .expect("the server's READY line")
            .split(' ')
            .map(|p| p.parse().unwrap())
            .collect();
        Server { child, ports }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One scenario's sites and how they are scanned.
struct Plan {
    name: String,
    own: usize,
    vendors: usize,
    per_vendor: usize,
    pages: usize,
    flags: Vec<String>,
    /// Politeness for the bound: (rate per site, rate per IP); None when off.
    polite: Option<(f64, f64)>,
    concurrency: usize,
}

impl Plan {
    fn units(&self) -> usize {
        self.own + self.vendors * self.per_vendor
    }

    /// (id, url, address key) of each unit.
    fn sites(&self, ports: &[u16]) -> Vec<(String, String, String)> {
        let mut v = Vec::new();
        for i in 0..self.own {
            let ip = own_ip(i);
            v.push((format!("u{i:05}"), format!("http://{ip}:{}/", ports[0]), ip));
        }
        for vd in 0..self.vendors {
            let ip = vendor_ip(vd);
            for (k, port) in ports.iter().enumerate().take(self.per_vendor) {
                let i = self.own + vd * self.per_vendor + k;
                v.push((
                    format!("u{i:05}"),
                    format!("http://{ip}:{port}/"),
                    ip.clone(),
                ));
            }
        }
        v
    }
}

fn write_registry(path: &Path, sites: &[(String, String, String)]) {
    let mut csv = String::from("id,name_th,name_en,type,province,district,url\n");
    for (i, (id, url, _)) in sites.iter().enumerate() {
        let (name, ty) = unit_name(i);
        let _ = writeln!(csv, "{id},{name},,{ty},ขอนแก่น,{},{url}", district(i));
    }
    std::fs::write(path, csv).unwrap();
}

/// A scenario's working folder (registry, scan output, stderr), removed at the end unless
/// `KEEP=1`.
struct Work {
    path: std::path::PathBuf,
    _dir: Option<tempfile::TempDir>,
}

impl Work {
    fn new(name: &str) -> Work {
        let dir = tempfile::Builder::new()
            .prefix(&format!("oitscan-bench-{name}-"))
            .tempdir()
            .unwrap();
        if env_str("KEEP").is_some() {
            let path = dir.keep();
            println!("   (KEEP: the scan's folder is {})", path.display());
            Work { path, _dir: None }
        } else {
            Work {
                path: dir.path().to_path_buf(),
                _dir: Some(dir),
            }
        }
    }
    fn path(&self) -> &Path {
        &self.path
    }
}

/// The machine's 1-minute load average: other work on the machine skews wall and CPU figures.
fn load_avg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(String::from))
        .unwrap_or_else(|| "?".into())
}

fn dir_size(p: &Path) -> u64 {
    let mut total = 0;
    if let Ok(rd) = std::fs::read_dir(p) {
        for e in rd.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => total += dir_size(&e.path()),
                Ok(_) => total += e.metadata().map(|m| m.len()).unwrap_or(0),
                Err(_) => {}
            }
        }
    }
    total
}

/// What one run of a process measured.
struct Measured {
    code: i32,
    wall: f64,
    cpu: f64,
    peak_mb: f64,
}

/// Runs a command to its end and measures it (its waited-for children included).
fn measure(cmd: &mut Command) -> Measured {
    let t0 = Instant::now();
    // Reaped below with wait4, which also gives its resource usage.
    #[allow(clippy::zombie_processes)]
    let child = cmd.spawn().expect("start the measured process");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; both out-pointers are valid for the call.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    assert_eq!(r, pid, "wait4 failed");
    let wall = t0.elapsed().as_secs_f64();
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -libc::WTERMSIG(status)
    };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Measured {
        code,
        wall,
        cpu: tv(ru.ru_utime) + tv(ru.ru_stime),
        peak_mb: ru.ru_maxrss as f64 / 1024.0,
    }
}

/// What a scan of a plan gave.
struct Outcome {
    m: Measured,
    units: usize,
    pages: u64,
    requests: u64,
    documents: u64,
    outcomes: Vec<(String, usize)>,
    /// Requests per unit id.
    per_unit: HashMap<String, u64>,
    /// The longest a unit took (its `elapsed_ms`), ms.
    slowest_ms: u64,
    /// The machine's load average around the scan.
    load: String,
    stats: Option<serde_json::Value>,
    out_mb: f64,
}

fn mark(ok: bool) -> &'static str {
    if ok { "✓" } else { "✗" }
}

fn row(label: &str, value: impl std::fmt::Display, target: &str) {
    println!("  {label:<34} {value:<28} {target}");
}

fn scan(plan: &Plan, server: &Server, dir: &Path) -> Outcome {
    let sites = plan.sites(&server.ports);
    let registry = dir.join("units.csv");
    write_registry(&registry, &sites);
    let out = dir.join("out");
    let stderr_path = dir.join("scan-stderr.txt");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_oitscan"));
    cmd.arg("scan")
        .arg("--units")
        .arg(&registry)
        .arg("--out")
        .arg(&out)
        .args(["--year", "2568", "--no-history", "--quiet"])
        .args(["--allow-private", "127.0.0.0/8"])
        .args(&plan.flags)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr_path).unwrap());
    let load_before = load_avg();
    let m = measure(&mut cmd);
    let load = format!("{load_before} before, {} after", load_avg());
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    if m.code != 0 && m.code != 1 {
        let tail: Vec<&str> = stderr.lines().rev().take(30).collect();
        panic!(
            "{}: the scan {} (want 0 or 1); last lines of its stderr:\n{}",
            plan.name,
            if m.code < 0 {
                format!("died of signal {}", -m.code)
            } else {
                format!("exited with code {}", m.code)
            },
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }
    let text = std::fs::read_to_string(out.join("results.json"))
        .unwrap_or_else(|e| panic!("{}: no results.json ({e})", plan.name));
    let run: serde_json::Value = serde_json::from_str(&text).expect("results.json parses");
    let mut per_unit = HashMap::new();
    let mut outcomes: HashMap<String, usize> = HashMap::new();
    let (mut pages, mut requests, mut documents, mut slowest_ms) = (0, 0, 0, 0);
    for u in run["units"].as_array().into_iter().flatten() {
        let id = u["unit"]["id"].as_str().unwrap_or("?").to_string();
        let q = u["requests"].as_u64().unwrap_or(0);
        pages += u["pages"].as_u64().unwrap_or(0);
        requests += q;
        documents += u["documents"].as_u64().unwrap_or(0);
        slowest_ms = slowest_ms.max(u["elapsed_ms"].as_u64().unwrap_or(0));
        let o = match &u["outcome"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Object(m) => m
                .get("status")
                .and_then(|k| k.as_str())
                .map(String::from)
                .or_else(|| m.keys().next().cloned())
                .unwrap_or_else(|| "?".into()),
            other => other.to_string(),
        };
        *outcomes.entry(o).or_default() += 1;
        per_unit.insert(id, q);
    }
    let missing: Vec<&String> = sites
        .iter()
        .map(|s| &s.0)
        .filter(|id| !per_unit.contains_key(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "{}: results.json lists {} of {} units; missing e.g. {:?}",
        plan.name,
        per_unit.len(),
        sites.len(),
        &missing[..missing.len().min(5)]
    );
    let stats = std::fs::read_to_string(out.join("run-stats.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    let mut outcomes: Vec<(String, usize)> = outcomes.into_iter().collect();
    outcomes.sort();
    Outcome {
        units: per_unit.len(),
        m,
        pages,
        requests,
        documents,
        outcomes,
        per_unit,
        slowest_ms,
        load,
        stats,
        out_mb: dir_size(&out) as f64 / 1e6,
    }
}

/// The table every scenario prints.
fn report_common(plan: &Plan, o: &Outcome) {
    let layout = Layout::new(plan.pages);
    let served = plan.units() * layout.pages;
    let oc: Vec<String> = o.outcomes.iter().map(|(k, n)| format!("{k} {n}")).collect();
    row(
        "units in results.json",
        format!("{} of {}", o.units, plan.units()),
        "",
    );
    row("outcomes", oc.join(", "), "");
    row("scan exit code", o.m.code, "(0 or 1)");
    row(
        "pages fetched",
        format!("{} of {served} linked", o.pages),
        if o.pages as usize == served {
            ""
        } else {
            "(not every linked page was fetched)"
        },
    );
    row(
        "documents / requests",
        format!("{} / {}", o.documents, o.requests),
        "",
    );
    row("wall", format!("{:.1} s", o.m.wall), "");
    row(
        "(info) machine load, 1-min avg",
        &o.load,
        &format!(
            "({} cores; above that, other work shared the CPU)",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        ),
    );
    row(
        "(info) slowest unit's elapsed_ms",
        format!("{:.1} s", o.slowest_ms as f64 / 1000.0),
        "",
    );
    row(
        "process CPU (user+sys, + children)",
        format!("{:.1} s", o.m.cpu),
        "",
    );
    let per_page = |ms: f64| {
        if o.pages == 0 {
            "n/a".to_string()
        } else {
            format!("{:.2} ms", ms / o.pages as f64)
        }
    };
    row("CPU per page", per_page(o.m.cpu * 1000.0), "");
    let stage = |k: &str| {
        o.stats
            .as_ref()
            .and_then(|s| s["cpu_ms"][k].as_u64())
            .map(|ms| per_page(ms as f64))
            .unwrap_or_else(|| "n/a".into())
    };
    row(
        "CPU per page crawl/detect/write",
        format!(
            "{} / {} / {}",
            stage("crawl"),
            stage("detect"),
            stage("write")
        ),
        if o.stats.is_none() {
            "(no run-stats.json)"
        } else {
            ""
        },
    );
    if let Some(s) = &o.stats {
        row(
            "run-stats.json",
            format!(
                "wall {} ms, {} pages, {} requests, documents CPU {} ms",
                s["wall_ms"], s["pages"], s["requests"], s["cpu_ms"]["documents"]
            ),
            "",
        );
    }
}

fn print_header(plan: &Plan) {
    let layout = Layout::new(plan.pages);
    println!();
    println!(
        "== {}: {} unit(s) × {} pages ({} on their own address, {} sharing {} vendor address(es))",
        plan.name,
        plan.units(),
        layout.pages,
        plan.own,
        plan.vendors * plan.per_vendor,
        plan.vendors
    );
    println!(
        "   per site: hub + {} item pages + {} info + {} listing + {} news pages, {} documents; scan flags: {}",
        layout.items,
        layout.info,
        layout.listings,
        layout.news,
        layout.documents().len(),
        if plan.flags.is_empty() {
            "(defaults)".to_string()
        } else {
            plan.flags.join(" ")
        }
    );
}

fn province(units: usize, pages: usize, concurrency: Option<usize>) {
    // 200 → 140 own + 10 vendors × 6.
    let per_vendor = 6;
    let vendors = (units * 3 / 10) / per_vendor;
    let own = units - vendors * per_vendor;
    let mut flags = Vec::new();
    if let Some(c) = concurrency {
        flags.extend(["--concurrency".into(), c.to_string()]);
    }
    let plan = Plan {
        name: "province".into(),
        own,
        vendors,
        per_vendor,
        pages,
        flags,
        polite: Some((1.0, 4.0)),
        concurrency: concurrency.unwrap_or(64),
    };
    print_header(&plan);
    let server = Server::start(own, vendors, per_vendor, pages);
    let dir = Work::new(&plan.name);
    let o = scan(&plan, &server, dir.path());
    drop(server);
    report_common(&plan, &o);
    row("peak RSS", format!("{:.0} MB", o.m.peak_mb), "");
    row("output folder", format!("{:.1} MB", o.out_mb), "");
    // The politeness bound from the defaults: each site's requests at 1/s, each shared
    // address's requests at 4/s; the run can be no faster than the slowest of them.
    let (rate, rate_ip) = plan.polite.unwrap();
    let sites = plan.sites(&server_ports_placeholder(&plan));
    let mut per_ip: HashMap<&str, u64> = HashMap::new();
    let mut site_max = 0.0f64;
    for (id, _, ip) in &sites {
        let q = o.per_unit.get(id).copied().unwrap_or(0);
        site_max = site_max.max(q as f64 / rate);
        *per_ip.entry(ip.as_str()).or_default() += q;
    }
    let ip_max = per_ip
        .values()
        .map(|q| *q as f64 / rate_ip)
        .fold(0.0f64, f64::max);
    let bound = site_max.max(ip_max);
    row(
        "politeness bound",
        format!("{bound:.1} s"),
        &format!(
            "(slowest site {site_max:.1} s at {rate}/s, busiest shared address {ip_max:.1} s at {rate_ip}/s)"
        ),
    );
    let ratio = o.m.wall / bound.max(1e-9);
    row(
        "wall ÷ bound",
        format!("{ratio:.2}"),
        &format!("target ≤ 1.10 {}", mark(ratio <= 1.10)),
    );
    // Not a target: at most `concurrency` units are crawled at once, each at ≤ rate/s.
    let c_bound = bound.max(o.requests as f64 / (rate * plan.concurrency as f64));
    row(
        "(info) bound with --concurrency",
        format!("{c_bound:.1} s"),
        &format!(
            "({} units at a time; wall ÷ it {:.2})",
            plan.concurrency,
            o.m.wall / c_bound.max(1e-9)
        ),
    );
}

/// The address keys of a plan's sites do not depend on the ports.
fn server_ports_placeholder(plan: &Plan) -> Vec<u16> {
    vec![0; plan.per_vendor.max(1)]
}

fn big(pages: usize, concurrency: Option<usize>) {
    let mut flags: Vec<String> = [
        // --rate must be above 0 (the scan refuses 0); 1000/s is its most, and
        // --rate-per-ip 0 turns the address limit off.
        "--rate",
        "1000",
        "--rate-per-ip",
        "0",
        "--host-concurrency",
        "16",
        "--max-pages",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    flags.push((pages + pages / 4).max(150).to_string());
    if let Some(c) = concurrency {
        flags.extend(["--concurrency".into(), c.to_string()]);
    }
    let plan = Plan {
        name: "big".into(),
        own: 1,
        vendors: 0,
        per_vendor: 0,
        pages,
        flags,
        polite: None,
        concurrency: concurrency.unwrap_or(64),
    };
    print_header(&plan);
    let server = Server::start(1, 0, 0, pages);
    let dir = Work::new(&plan.name);
    let o = scan(&plan, &server, dir.path());
    report_common(&plan, &o);
    row(
        "peak RSS",
        format!("{:.0} MB", o.m.peak_mb),
        &format!("target ≤ 200 MB {}", mark(o.m.peak_mb <= 200.0)),
    );
    row("output folder", format!("{:.1} MB", o.out_mb), "");
    // The same site crawled by spider-rs, when its CLI is installed.
    let url = format!("http://{}:{}/", own_ip(0), server.ports[0]);
    let spider = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("spider"))
            .find(|p| p.is_file())
    });
    match spider {
        None => row("spider", "spider not found; ratio not measured", ""),
        Some(bin) => {
            let sdir = dir.path().join("spider");
            std::fs::create_dir_all(&sdir).unwrap();
            let log = std::fs::File::create(sdir.join("stdout.txt")).unwrap();
            let mut cmd = Command::new(&bin);
            cmd.args([
                "--url",
                &url,
                "--limit",
                &(pages * 2).to_string(),
                "crawl",
                "-o",
            ])
            .current_dir(&sdir)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(Stdio::null());
            let s = measure(&mut cmd);
            let found = std::fs::read_to_string(sdir.join("stdout.txt"))
                .map(|t| t.matches("http://").count())
                .unwrap_or(0);
            row(
                "spider crawl",
                format!("{:.1} s, {found} URL(s), exit {}", s.wall, s.code),
                &format!("CPU {:.1} s, peak RSS {:.0} MB", s.cpu, s.peak_mb),
            );
            let ratio = o.m.wall / s.wall.max(1e-9);
            row(
                "oitscan wall ÷ spider wall",
                format!("{ratio:.2}"),
                &format!("target ≤ 3 {}", mark(ratio <= 3.0)),
            );
        }
    }
    drop(server);
}

fn nation(ns: &[usize], pages: usize, concurrency: Option<usize>) {
    let mut peaks = Vec::new();
    for &n in ns {
        let plan = Plan {
            name: format!("nation-{n}"),
            own: n,
            vendors: 0,
            per_vendor: 0,
            pages,
            flags: concurrency
                .map(|c| vec!["--concurrency".into(), c.to_string()])
                .unwrap_or_default(),
            polite: Some((1.0, 4.0)),
            concurrency: concurrency.unwrap_or(64),
        };
        print_header(&plan);
        let server = Server::start(n, 0, 0, pages);
        let dir = Work::new(&plan.name);
        let o = scan(&plan, &server, dir.path());
        drop(server);
        report_common(&plan, &o);
        let big = n >= 8300;
        row(
            "peak RSS",
            format!("{:.0} MB", o.m.peak_mb),
            &if big {
                format!("target ≤ 300 MB {}", mark(o.m.peak_mb <= 300.0))
            } else {
                String::new()
            },
        );
        row(
            "output folder",
            format!("{:.1} MB", o.out_mb),
            &format!("target ≤ 600 MB {}", mark(o.out_mb <= 600.0)),
        );
        row(
            "wall per unit",
            format!("{:.1} ms", o.m.wall * 1000.0 / n.max(1) as f64),
            "",
        );
        peaks.push((n, o.m.peak_mb));
    }
    if peaks.len() >= 2 {
        let (n0, p0) = peaks[0];
        let (n1, p1) = peaks[peaks.len() - 1];
        let r = p1 / p0.max(1e-9);
        println!();
        row(
            &format!("peak RSS {n1} ÷ {n0} units"),
            format!("{r:.2}"),
            &format!("target ≤ 1.3 {}", mark(r <= 1.3)),
        );
    }
}

fn main() {
    if std::env::var("OITSCAN_BENCH_ROLE").as_deref() == Ok("server") {
        server();
        return;
    }
    // `cargo bench` passes `--bench`; other arguments (filters) are ignored.
    let which = env_str("BENCH").unwrap_or_else(|| "all".into());
    let units = env_list("UNITS");
    let pages = env_usize("PAGES");
    let concurrency = env_usize("CONCURRENCY");
    let first = |d: usize| units.as_ref().and_then(|u| u.first().copied()).unwrap_or(d);
    let all = which == "all";
    if !all && !["province", "big", "nation"].contains(&which.as_str()) {
        panic!("BENCH={which}: want province, big, nation or all");
    }
    println!(
        "oitscan scan benchmark ({}; sites on 127.0.0.0/8, one server process)",
        env!("CARGO_BIN_EXE_oitscan")
    );
    if all || which == "province" {
        province(first(200), pages.unwrap_or(60), concurrency);
    }
    if all || which == "big" {
        big(pages.unwrap_or(2000), concurrency);
    }
    if all || which == "nation" {
        let ns = units.clone().unwrap_or_else(|| vec![1000, 8300]);
        nation(&ns, pages.unwrap_or(5), concurrency);
    }
}
