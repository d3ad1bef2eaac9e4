//! HTML → page model.
//!
//! On real ITA pages the item's name sits in the table row, list item or heading next to a
//! link that only says "คลิก" or "ดาวน์โหลด", so each link keeps its *context* (the text of its
//! row or list item) and its *section* (the last heading before it), not only its anchor text.

use scraper::{ElementRef, Html, Node};
use serde::{Deserialize, Serialize};
use url::Url;

/// Longest context kept per link, in characters; rows can hold whole documents.
const MAX_CONTEXT: usize = 400;
/// Most links kept per page; a page with more is a trap or a sitemap dump.
const MAX_LINKS: usize = 2000;
/// Most visible text kept per page, in characters.
const MAX_TEXT: usize = 10_000;

/// A link on a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// Absolute target, resolved against the page (or its `<base href>`); fragment removed.
    pub url: String,
    /// Anchor text (with any image alt text), white space folded.
    pub text: String,
    /// The `title` attribute.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Text of the enclosing table row, list item, paragraph or cell.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub context: String,
    /// The headings the link sits under, outermost first, joined by " › "
    /// ("ITA 2568 › ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน"): a page with several years' sections
    /// keeps each link's year.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub section: String,
    /// `a`, `iframe` or `embed`.
    pub kind: String,
}

/// What a page says, for detection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageModel {
    /// `<title>`.
    pub title: String,
    /// h1–h4 texts in order.
    pub headings: Vec<String>,
    /// Links, iframes and embeds in document order.
    pub links: Vec<Link>,
    /// Visible text, capped.
    pub text: String,
    /// The page is an empty shell filled in by JavaScript (a React/Vue/Next.js root and
    /// almost no text): what a browser shows cannot be read without rendering.
    #[serde(default)]
    pub js_shell: bool,
    /// The page asks for a password.
    #[serde(default)]
    pub login_form: bool,
    /// Image file names on the page (capped): a page of executives shows their photos as
    /// `<img>` files, often with no word "รูปถ่าย" anywhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
    /// Rows whose link leads nowhere (`href="#"`, `javascript:`, no href): a title with a
    /// dead download button is not a published document, so its words are not the page's
    /// substance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dead_links: Vec<String>,
    /// Forms a person can fill in (two or more fields), each by its caption: its legend or
    /// first heading, else the heading it sits under. A complaint form inside an E-Service
    /// page is the complaint channel even though no link or title names it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<String>,
}

/// Most dead-link rows and forms kept per page.
const MAX_DEAD: usize = 200;

/// Most image names kept per page.
const MAX_IMAGES: usize = 200;

/// Elements whose text is one block: a caption is the text of the last one before a link.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "td",
    "th",
    "li",
    "dd",
    "dt",
    "section",
    "article",
    "figure",
    "figcaption",
    "blockquote",
    "center",
    "body",
];

/// Anchor texts that say nothing about the target ("คลิก", "ดาวน์โหลด"); on ITA pages the
/// row around them names the item.
const GENERIC_ANCHORS: &[&str] = &[
    "คลิก",
    "คลิกที่นี่",
    "คลิ๊ก",
    "ดาวน์โหลด",
    "ดาวโหลด",
    "เปิด",
    "เปิดดู",
    "เปิดไฟล์",
    "เปิดเอกสาร",
    "ดูไฟล์",
    "ไฟล์",
    "ดาวน์โหลดไฟล์",
    "ดาวน์โหลดเอกสาร",
    "คลิกเพื่อดู",
    "คลิกเพื่อเปิด",
    "คลิกดู",
    "ดู",
    "ดูรายละเอียด",
    "รายละเอียด",
    "อ่านต่อ",
    "อ่านเพิ่มเติม",
    "ไฟล์แนบ",
    "เอกสารแนบ",
    "link",
    "click",
    "click here",
    "download",
    "more",
    "view",
    "pdf",
];

/// Whether an anchor text is one of those that say nothing about their target.
pub fn is_generic_anchor(anchor: &str) -> bool {
    let n = crate::thai::normalize(anchor);
    n.chars().count() <= 2 || GENERIC_ANCHORS.contains(&n.as_str())
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cap(mut s: String, n: usize) -> String {
    if let Some((i, _)) = s.char_indices().nth(n) {
        s.truncate(i);
        s.push('…');
    }
    s
}

/// Visible text of an element, with image alt text, skipping scripts and styles.
fn element_text(el: ElementRef) -> String {
    let mut out = String::new();
    for node in el.descendants() {
        match node.value() {
            Node::Text(t) => {
                let hidden = node.ancestors().any(|a| {
                    a.value().as_element().is_some_and(|e| {
                        matches!(e.name(), "script" | "style" | "noscript" | "template")
                    })
                });
                if !hidden {
                    out.push_str(t);
                    out.push(' ');
                }
            }
            Node::Element(e) if e.name() == "img" => {
                if let Some(alt) = e.attr("alt") {
                    out.push_str(alt);
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
    fold(&out)
}

/// Resolves an href against the base URL; only http(s) targets are kept (no `javascript:`,
/// `mailto:`, `data:`).
pub fn resolve(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let mut u = base.join(href).ok()?;
    if !matches!(u.scheme(), "http" | "https") {
        return None;
    }
    // Google Sites (and pasted search results) wrap every typed-in link in a
    // `google.com/url?q=<target>` redirect; the evidence is the target.
    if let Some(inner) = unwrap_redirect(&u) {
        u = inner;
    }
    u.set_fragment(None);
    Some(u)
}

/// The target of a `https://www.google.com/url?q=…` redirect link, if `u` is one.
fn unwrap_redirect(u: &Url) -> Option<Url> {
    let host = u.host_str()?;
    if !(host == "google.com" || host.ends_with(".google.com")) || u.path() != "/url" {
        return None;
    }
    let (_, target) = u.query_pairs().find(|(k, _)| k == "q" || k == "url")?;
    let inner = Url::parse(&target).ok()?;
    matches!(inner.scheme(), "http" | "https").then_some(inner)
}

/// An href that leads nowhere: empty, a same-page fragment, or script.
fn is_dead_href(href: Option<&str>) -> bool {
    let h = href.map(str::trim).unwrap_or("");
    h.is_empty() || h.starts_with('#') || h.to_ascii_lowercase().starts_with("javascript:")
}

/// The caption of a form with two or more fields a person fills in (a search box or a
/// login is not a service): its legend or first heading, else the heading it sits under.
fn form_caption(form: ElementRef, section: &str) -> Option<String> {
    let fields = form
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| match e.value().name() {
            "textarea" | "select" => true,
            "input" => !matches!(
                e.value()
                    .attr("type")
                    .unwrap_or("text")
                    .to_ascii_lowercase()
                    .as_str(),
                "hidden" | "submit" | "button" | "reset" | "image" | "password" | "search"
            ),
            _ => false,
        })
        .count();
    if fields < 2 {
        return None;
    }
    let inner = form
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| {
            matches!(
                e.value().name(),
                "legend" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            ) || e.value().classes().any(|c| c.ends_with("title"))
        })
        .map(element_text)
        .filter(|t| !t.is_empty());
    // Both: a modal's title may be generic, the heading above it specific, or the reverse.
    let outer = section.rsplit(" › ").next().unwrap_or("");
    let caption = fold(&format!("{} {outer}", inner.unwrap_or_default()));
    (!caption.is_empty()).then_some(caption)
}

/// Deepest element nesting read. Real pages stay far below it; the parser's time grows with
/// the square of the depth, so a page of a million nested `<div>` would hold a worker for
/// hours.
pub const MAX_NESTING: usize = 512;

/// Elements that never hold others (no closing tag).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The part of a page that nests no deeper than [`MAX_NESTING`]: a cheap scan of its tags
/// (no parsing), cut where the nesting first goes deeper. Returns the page whole when it
/// stays within the limit.
pub fn within_nesting(html: &str) -> &str {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + off;
        i = at + 1;
        match b.get(i) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let end = b[i..]
                    .iter()
                    .position(|c| !c.is_ascii_alphanumeric())
                    .map_or(b.len(), |e| i + e);
                let name = html[i..end].to_ascii_lowercase();
                let close = b[end..].iter().position(|&c| c == b'>').map(|e| end + e);
                let self_closing = close.is_some_and(|c| c > 0 && b[c - 1] == b'/');
                if !VOID.contains(&name.as_str()) && !self_closing {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return &html[..at];
                    }
                }
            }
            _ => {}
        }
    }
    html
}

/// Parses a decoded HTML page fetched from `url`. A page nested deeper than
/// [`MAX_NESTING`] is read up to that point.
pub fn parse_html(html: &str, url: &Url) -> PageModel {
    let doc = Html::parse_document(within_nesting(html));
    let mut base = url.clone();
    let mut page = PageModel::default();
    let mut trail: Vec<(u8, String)> = Vec::new();
    let mut section = String::new();
    let mut text = String::new();
    // The last block of text since the last heading or link: on builder-made pages (Google
    // Sites, page builders) an item's caption is a text box above a button or embed, not
    // its parent. Only the nearest block counts, so a caption never reaches across rows.
    let mut preceding = String::new();
    let mut preceding_block = None;
    let mut last_link = None;
    for node in doc.root_element().descendants() {
        let Some(el) = ElementRef::wrap(node) else {
            if let Node::Text(t) = node.value()
                && text.len() < MAX_TEXT * 4
                && !node.ancestors().any(|a| {
                    a.value().as_element().is_some_and(|e| {
                        matches!(
                            e.name(),
                            "script" | "style" | "noscript" | "template" | "title"
                        )
                    })
                })
            {
                text.push_str(t);
                text.push(' ');
                let inside_link =
                    last_link.is_some_and(|id| node.ancestors().any(|a| a.id() == id));
                if !inside_link && !t.trim().is_empty() {
                    let block = node
                        .ancestors()
                        .find(|a| {
                            a.value()
                                .as_element()
                                .is_some_and(|e| BLOCKS.contains(&e.name()))
                        })
                        .map(|a| a.id());
                    if block != preceding_block {
                        preceding.clear();
                        preceding_block = block;
                    }
                    if preceding.len() < MAX_CONTEXT * 8 {
                        preceding.push_str(t);
                        preceding.push(' ');
                    }
                }
            }
            continue;
        };
        let e = el.value();
        match e.name() {
            "base" => {
                if let Some(b) = e.attr("href").and_then(|h| url.join(h).ok()) {
                    base = b;
                }
            }
            "title" if page.title.is_empty() => page.title = cap(element_text(el), 300),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = e.name().as_bytes()[1] - b'0';
                let text = cap(element_text(el), 200);
                trail.retain(|(l, _)| *l < level);
                trail.push((level, text.clone()));
                section = trail
                    .iter()
                    .map(|(_, t)| t.as_str())
                    .collect::<Vec<_>>()
                    .join(" › ");
                if level <= 4 && page.headings.len() < 200 {
                    page.headings.push(text);
                }
                preceding.clear();
                preceding_block = None;
                last_link = Some(el.id());
            }
            "form" if page.forms.len() < MAX_DEAD => {
                if let Some(caption) = form_caption(el, &section) {
                    page.forms.push(cap(caption, 200));
                }
            }
            "img" if page.images.len() < MAX_IMAGES => {
                if let Some(name) = e
                    .attr("src")
                    .and_then(|src| resolve(&base, src))
                    .and_then(|u| u.path_segments()?.next_back().map(str::to_string))
                    .filter(|n| !n.is_empty())
                {
                    page.images.push(cap(name, 120));
                }
            }
            "a" | "iframe" | "embed" | "area" if page.links.len() < MAX_LINKS => {
                let href = match e.name() {
                    "iframe" | "embed" => e.attr("src"),
                    _ => e.attr("href"),
                };
                let Some(target) = href.and_then(|h| resolve(&base, h)) else {
                    if e.name() == "a" && page.dead_links.len() < MAX_DEAD && is_dead_href(href) {
                        let row = el
                            .ancestors()
                            .filter_map(ElementRef::wrap)
                            .find(|a| matches!(a.value().name(), "tr" | "li" | "p" | "dd" | "dt"))
                            // A menu item holding a sub-menu is not one row.
                            .filter(|row| {
                                !row.descendants()
                                    .filter_map(ElementRef::wrap)
                                    .any(|d| matches!(d.value().name(), "ul" | "ol" | "table"))
                            })
                            .map(element_text)
                            .unwrap_or_else(|| element_text(el));
                        if !row.is_empty() {
                            page.dead_links.push(cap(row, MAX_CONTEXT));
                        }
                    }
                    continue;
                };
                // The row or list item holds the item's name; a bare parent (a <td>, a <div>)
                // is the fallback for layouts without rows.
                let context = el
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .find(|a| {
                        matches!(a.value().name(), "tr" | "li" | "p" | "dd" | "dt" | "figure")
                    })
                    .or_else(|| {
                        el.parent()
                            .and_then(ElementRef::wrap)
                            .filter(|p| p.value().name() != "body")
                    })
                    .map(|a| cap(element_text(a), MAX_CONTEXT))
                    .unwrap_or_default();
                let anchor = cap(element_text(el), 300);
                let context = if context.is_empty() || context == anchor {
                    let before = fold(&preceding);
                    let tail: String = {
                        // Keep the caption nearest the link.
                        let chars: Vec<char> = before.chars().collect();
                        let from = chars.len().saturating_sub(MAX_CONTEXT / 2);
                        chars[from..].iter().collect()
                    };
                    fold(&format!("{tail} {anchor}"))
                } else {
                    context
                };
                preceding.clear();
                preceding_block = None;
                last_link = Some(el.id());
                let kind = if e.name() == "area" { "a" } else { e.name() };
                page.links.push(Link {
                    url: target.to_string(),
                    text: anchor,
                    title: fold(e.attr("title").unwrap_or_default()),
                    context,
                    section: section.clone(),
                    kind: kind.to_string(),
                });
            }
            _ => {}
        }
    }
    page.text = cap(fold(&text), MAX_TEXT);
    let root = scraper::Selector::parse("#root, #app, #__next, [data-reactroot], app-root")
        .expect("selector");
    let scripts = scraper::Selector::parse("script[src]").expect("selector");
    let has_root = doc.select(&root).next().is_some();
    let script_count = doc.select(&scripts).count();
    // Counting stops at the threshold: a page's whole text is not walked to learn it has 80.
    page.js_shell = page
        .text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .take(80)
        .count()
        < 80
        && (has_root || script_count >= 2)
        && page.links.len() < 5;
    let password = scraper::Selector::parse("input[type=password]").expect("selector");
    page.login_form = doc.select(&password).next().is_some();
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_row_context_and_section() {
        let html = r##"<html><head><title> ITA 2568 </title></head><body>
            <h2>ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน</h2>
            <table><tr><td>O1</td><td>โครงสร้างและอำนาจหน้าที่</td><td><a href="/structure/">คลิก</a></td></tr></table>
            <h2>ITA 2567</h2>
            <ul><li>O1 โครงสร้าง <a href="s67.pdf" title="ไฟล์ 2567"><img alt="ดาวน์โหลด"></a></li></ul>
            <a href="javascript:alert(1)">x</a><a href="mailto:a@b.c">m</a><a href="#top">top</a>
            <iframe src="https://drive.google.com/file/d/abc/preview"></iframe>
            <script>var a = "<a href='/hidden'>";</script>
        </body></html>"##;
        let base = Url::parse("http://127.0.0.1:8000/ita/2568/").unwrap();
        let p = parse_html(html, &base);
        assert_eq!(p.title, "ITA 2568");
        assert_eq!(p.headings, vec!["ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน", "ITA 2567"]);
        assert_eq!(p.links.len(), 3, "{:?}", p.links);
        assert_eq!(p.links[0].url, "http://127.0.0.1:8000/structure/");
        assert_eq!(p.links[0].text, "คลิก");
        assert_eq!(p.links[0].context, "O1 โครงสร้างและอำนาจหน้าที่ คลิก");
        assert_eq!(p.links[0].section, "ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน");
        let nested = parse_html(
            "<h1>ITA</h1><h2>ITA 2568</h2><h3>9.1</h3><a href=a>x</a><h2>ITA 2567</h2><a href=b>y</a>",
            &base,
        );
        assert_eq!(nested.links[0].section, "ITA › ITA 2568 › 9.1");
        assert_eq!(nested.links[1].section, "ITA › ITA 2567");
        assert_eq!(p.links[1].url, "http://127.0.0.1:8000/ita/2568/s67.pdf");
        assert_eq!(p.links[1].text, "ดาวน์โหลด");
        assert_eq!(p.links[1].title, "ไฟล์ 2567");
        assert_eq!(p.links[1].section, "ITA 2567");
        assert_eq!(p.links[2].kind, "iframe");
        assert!(!p.text.contains("var a"));
    }

    #[test]
    fn js_shells_and_login_forms() {
        let base = Url::parse("http://x.go.th/").unwrap();
        let spa = parse_html(
            r#"<html><head><script src="/a.js"></script></head><body><div id="root"></div><noscript>You need to enable JavaScript</noscript></body></html>"#,
            &base,
        );
        assert!(spa.js_shell);
        let normal = parse_html(
            "<h1>ข้อมูลผู้บริหาร</h1><p>นายกองค์การบริหารส่วนตำบล นายสมชาย ใจดี โทร 042-123456 อีเมล a@b.go.th ที่อยู่ หมู่ 1 ตำบลบ้านทุ่ม</p>",
            &base,
        );
        assert!(!normal.js_shell && !normal.login_form);
        assert!(
            parse_html(
                r#"<form><input name=u><input type="password" name=p></form>"#,
                &base
            )
            .login_form
        );
    }

    #[test]
    fn captions_above_buttons_and_embeds_are_their_context() {
        // Google Sites: heading, a text box, then an embed or a button in its own boxes.
        let html = r#"<h3>OIT 6 แผนและความก้าวหน้า</h3>
            <div><p><span>แผนการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568</span></p></div>
            <div><div><iframe src="https://drive.google.com/file/d/a/preview"></iframe></div></div>
            <div><p>รายงานรอบ 6 เดือน</p></div>
            <div><a href="https://www.google.com/url?q=https%3A%2F%2Fdrive.google.com%2Ffile%2Fd%2Fb%2Fview&amp;sa=D">เปิดไฟล์</a></div>
            <div>O30 การมีส่วนร่วม</div><div>-</div>
            <div>O31 No Gift</div><div><a href="/x">เปิด</a></div>"#;
        let p = parse_html(html, &Url::parse("http://x.go.th/ita").unwrap());
        assert_eq!(p.links[0].context, "แผนการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568");
        assert_eq!(p.links[0].section, "OIT 6 แผนและความก้าวหน้า");
        // The redirect wrapper is taken off: the evidence is the Drive file.
        assert_eq!(p.links[1].url, "https://drive.google.com/file/d/b/view");
        assert_eq!(p.links[1].context, "รายงานรอบ 6 เดือน เปิดไฟล์");
        // Only the nearest block: the caption never reaches back over another row.
        assert_eq!(p.links[2].context, "O31 No Gift เปิด");
    }

    #[test]
    fn deep_nesting_is_cut_not_parsed_for_hours() {
        let deep = format!(
            "<title>ลึก</title><a href=\"/a\">ก่อน</a>{}x{}",
            "<div>".repeat(1_000_000),
            "</div>".repeat(1_000_000)
        );
        let cut = within_nesting(&deep);
        assert!(cut.len() < 10_000, "{} bytes kept", cut.len());
        let p = parse_html(&deep, &Url::parse("http://x.go.th/").unwrap());
        assert_eq!(p.title, "ลึก");
        assert_eq!(p.links.len(), 1);
        // Ordinary pages, void elements and self-closing tags pass whole.
        let normal = format!("<p>{}</p>", "<br><img src=a.png/><input/>".repeat(2000));
        assert_eq!(within_nesting(&normal).len(), normal.len());
    }

    #[test]
    fn base_href_is_honoured() {
        let p = parse_html(
            r#"<base href="http://x.go.th/sub/"><a href="a.html">a</a>"#,
            &Url::parse("http://x.go.th/").unwrap(),
        );
        assert_eq!(p.links[0].url, "http://x.go.th/sub/a.html");
    }
}
