//! sitemap.xml, read by hand with quick-xml: the `sitemap` crate is unmaintained, and quick-xml
//! ≥ 0.38 splits text at entity references, so `<loc>` text is gathered across events or
//! `…?option=com_content&amp;id=12` would be cut in two.

use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::Read;

/// Most URLs taken from one sitemap file.
pub const MAX_URLS: usize = 50_000;
/// Largest sitemap read after decompression.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;

/// What a sitemap file lists.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Sitemap {
    /// Page URLs (`<urlset><url><loc>`).
    pub urls: Vec<String>,
    /// Child sitemaps (`<sitemapindex><sitemap><loc>`).
    pub children: Vec<String>,
}

/// Parses a sitemap (gzip-compressed or not). Malformed XML yields what was read before the
/// error: a half-broken sitemap still gives seeds.
pub fn parse(bytes: &[u8]) -> Sitemap {
    let mut owned = Vec::new();
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        let _ = flate2::read::GzDecoder::new(bytes)
            .take(MAX_BYTES as u64)
            .read_to_end(&mut owned);
        &owned[..]
    } else {
        &bytes[..bytes.len().min(MAX_BYTES)]
    };
    let text = String::from_utf8_lossy(bytes);
    let mut reader = Reader::from_str(&text);
    let mut out = Sitemap::default();
    let mut in_loc = false;
    let mut in_index = false;
    let mut loc = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "loc" => {
                    in_loc = true;
                    loc.clear();
                }
                "sitemapindex" => in_index = true,
                _ => {}
            },
            Ok(Event::Text(t)) if in_loc => loc.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) if in_loc => loc.push_str(&t.into_inner()),
            Ok(Event::GeneralRef(r)) if in_loc => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    loc.push(c);
                } else {
                    loc.push_str(match r.into_inner().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "loc" => {
                in_loc = false;
                let l = loc.trim().to_string();
                if !l.is_empty() {
                    if in_index {
                        out.children.push(l)
                    } else {
                        out.urls.push(l)
                    }
                }
                if out.urls.len() + out.children.len() >= MAX_URLS {
                    break;
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_do_not_split_urls() {
        let xml =
            br#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc>https://x.go.th/index.php?option=com_content&amp;id=12</loc></url>
          <url><loc> https://x.go.th/%E0%B8%81 </loc></url></urlset>"#;
        let s = parse(xml);
        assert_eq!(
            s.urls,
            vec![
                "https://x.go.th/index.php?option=com_content&id=12",
                "https://x.go.th/%E0%B8%81"
            ]
        );
    }

    #[test]
    fn index_and_gzip() {
        let xml = b"<sitemapindex><sitemap><loc>https://x/s1.xml</loc></sitemap></sitemapindex>";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, xml).unwrap();
        let s = parse(&gz.finish().unwrap());
        assert_eq!(s.children, vec!["https://x/s1.xml"]);
        assert!(
            parse(b"<urlset><url><loc>https://x/a</loc></url><url><loc>broken").urls
                == vec!["https://x/a"]
        );
    }
}
