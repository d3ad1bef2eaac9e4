//! Every decoder of outside bytes meets arbitrary and mutated input: charset detection, the
//! HTML model, robots.txt, sitemaps, registries (CSV, TOML and raw files), document
//! extraction (PDF, XLSX, DOCX) and results.json readers. None may panic, and each returns
//! (proptest's default 256 cases each; `PROPTEST_CASES=100000 cargo test --release --test
//! decoders` for a longer run).

use oitscan::crawl::{robots::Robots, sitemap};
use oitscan::extract::{document, parse_html};
use oitscan::{thai, units};
use proptest::prelude::*;
use url::Url;

/// Seeds the mutations start from: real shapes of each input.
const HTML_SEED: &str = r##"<html><head><meta charset="windows-874"><title>ITA 2568</title></head><body>
<h2>ตัวชี้วัดย่อยที่ 9.1</h2><table><tr><td>O1</td><td>โครงสร้าง</td><td><a href="/s">คลิก</a></td></tr></table>
<form><input name=a><textarea></textarea></form><a href="#">ดาวน์โหลด</a><iframe src="https://drive.google.com/x"></iframe></body></html>"##;
const CSV_SEED: &str =
    "id,name_th,type,province,district,url\n1,\"อบต.ก\",อบต.,ขอนแก่น,เมือง,https://a.go.th/\n";
const ROBOTS_SEED: &str =
    "User-agent: *\nDisallow: /admin\nCrawl-delay: 2\nSitemap: https://a.go.th/sitemap.xml\n";
const SITEMAP_SEED: &str =
    r#"<?xml version="1.0"?><urlset><url><loc>https://a.go.th/ita/</loc></url></urlset>"#;

/// A seed with some bytes replaced, some cut out and some repeated.
fn mutated(seed: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let len = seed.len();
    (
        proptest::collection::vec((0..len, any::<u8>()), 0..12),
        0..=len,
        0..=len,
        0usize..4,
    )
        .prop_map(move |(flips, cut_from, cut_to, repeat)| {
            let mut b = seed.as_bytes().to_vec();
            for (i, v) in flips {
                b[i] = v;
            }
            let (a, z) = (cut_from.min(cut_to), cut_from.max(cut_to));
            let tail = b[z..].to_vec();
            b.truncate(a);
            for _ in 0..repeat {
                b.extend_from_slice(&tail);
            }
            b
        })
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..2048)
}

proptest! {
    #[test]
    fn charset_detection_and_html(b in prop_oneof![bytes(), mutated(HTML_SEED)]) {
        let d = thai::decode_html(&b, Some("text/html; charset=utf-8"), Some("th"));
        let base = Url::parse("http://x.go.th/ita/").unwrap();
        let p = parse_html(&d.text, &base);
        prop_assert!(p.links.len() <= 2000);
        let _ = thai::decode_text(&b, None, None);
    }

    #[test]
    fn robots_and_sitemaps(r in prop_oneof![bytes(), mutated(ROBOTS_SEED)], s in prop_oneof![bytes(), mutated(SITEMAP_SEED)]) {
        let robots = Robots::from_fetch(Ok((200, &r)));
        let _ = robots.allowed(&Url::parse("http://x.go.th/admin/a").unwrap());
        let _ = sitemap::parse(&s);
    }

    #[test]
    fn registries(b in prop_oneof![bytes(), mutated(CSV_SEED)]) {
        let text = String::from_utf8_lossy(&b);
        let _ = units::parse_csv(&text, "fuzz.csv");
        let _ = units::parse_toml(&text, "fuzz.toml");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fuzz.csv");
        std::fs::write(&path, &b).unwrap();
        let _ = units::load(&path);
    }

    #[test]
    fn documents(b in bytes(), kind in prop_oneof![Just("/a.pdf"), Just("/a.xlsx"), Just("/a.docx")]) {
        let d = document::extract(&b, "", kind);
        prop_assert!(d.text.len() <= 4 * document::MAX_TEXT + 16);
    }

    #[test]
    fn results_json_readers(b in prop_oneof![bytes(), mutated("{\"results_version\":1,\"units\":[]}")]) {
        let _ = serde_json::from_slice::<oitscan::results::RunResults>(&b);
        let _ = serde_json::from_slice::<oitscan::crawl::SiteSnapshot>(&b);
    }
}

/// Mutated Office files: a real XLSX and DOCX with bytes flipped inside their zip.
#[test]
fn mutated_office_files_are_errors_not_panics() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "สถิติ").unwrap();
    let xlsx = wb.save_to_buffer().unwrap();
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    for round in 0..200 {
        let mut b = xlsx.clone();
        for _ in 0..(1 + round % 8) {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let i = (rng as usize) % b.len();
            b[i] = (rng >> 32) as u8;
        }
        let _ = document::extract(&b, "", "/a.xlsx");
        let _ = document::extract(&b, "", "/a.docx");
    }
}
