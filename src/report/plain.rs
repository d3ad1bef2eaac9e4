//! Crawl problems in plain words. The crawler words its errors for a webmaster, in English
//! ("TLS/certificate error: …"); a Thai report puts a sentence a provincial officer can act on
//! in front of that technical text, which stays for the person who fixes the server.

use super::Lang;

/// (what the technical text contains, lower-case; the Thai explanation), most specific first.
const RULES: &[(&str, &str)] = &[
    (
        "non-public address",
        "ไม่ได้เข้าเว็บไซต์ เพราะชื่อเว็บไซต์ชี้ไปยังที่อยู่ภายในเครือข่าย ไม่ใช่ที่อยู่สาธารณะ",
    ),
    (
        "robots.txt answered http",
        "ไฟล์ robots.txt ของเว็บไซต์ตอบกลับผิดพลาด ตามมาตรฐาน RFC 9309 จึงไม่ได้ตรวจเว็บไซต์",
    ),
    (
        "robots.txt could not be fetched",
        "อ่านไฟล์ robots.txt ของเว็บไซต์ไม่ได้ ตามมาตรฐาน RFC 9309 จึงไม่ได้ตรวจเว็บไซต์",
    ),
    (
        "disallowed by robots.txt",
        "ไฟล์ robots.txt ของเว็บไซต์ไม่อนุญาตให้เข้าถึงหน้านี้",
    ),
    (
        "crawl-delay",
        "ไฟล์ robots.txt กำหนดให้เว้นระยะระหว่างการเข้าถึงแต่ละครั้ง",
    ),
    (
        "certificate",
        "ใบรับรองความปลอดภัย (TLS/SSL) ของเว็บไซต์มีปัญหา ผู้ดูแลเว็บไซต์ควรติดตั้งใบรับรองให้ครบชุด",
    ),
    (
        "tls",
        "ใบรับรองความปลอดภัย (TLS/SSL) ของเว็บไซต์มีปัญหา ผู้ดูแลเว็บไซต์ควรติดตั้งใบรับรองให้ครบชุด",
    ),
    (
        "dns error",
        "หาชื่อโดเมนของเว็บไซต์ไม่พบ (DNS) ควรตรวจสอบว่าโดเมนยังไม่หมดอายุและตั้งค่าถูกต้อง",
    ),
    ("timed out", "เว็บไซต์ตอบช้าเกินเวลาที่กำหนด"),
    (
        "circuit breaker",
        "หยุดตรวจเว็บไซต์นี้ก่อนครบ เพราะเกิดข้อผิดพลาดติดต่อกันหลายครั้ง",
    ),
    (
        "slowed the site down",
        "เว็บไซต์ขอให้ชะลอการเข้าถึง จึงตรวจช้าลงตามที่ขอ",
    ),
    ("http 429", "เว็บไซต์ปฏิเสธเพราะมีการเข้าถึงถี่เกินไป"),
    ("could not connect", "เชื่อมต่อเว็บไซต์ไม่ได้ (เซิร์ฟเวอร์ไม่ตอบ)"),
    ("connection refused", "เชื่อมต่อเว็บไซต์ไม่ได้ (เซิร์ฟเวอร์ไม่ตอบ)"),
    ("the homepage answered http", "หน้าแรกของเว็บไซต์ตอบกลับผิดพลาด"),
    ("http 404", "ไม่พบหน้านี้ (HTTP 404) ลิงก์อาจเสียหรือหน้าถูกลบ"),
    ("http 410", "หน้านี้ถูกลบแล้ว (HTTP 410)"),
    ("http 401", "หน้านี้ต้องเข้าสู่ระบบก่อน ผู้ประเมินจะเปิดดูไม่ได้"),
    ("http 403", "เว็บไซต์ไม่อนุญาตให้เปิดหน้านี้ (HTTP 403)"),
    ("http 5", "เซิร์ฟเวอร์ของเว็บไซต์ขัดข้อง (HTTP 5xx)"),
    (
        "redirect",
        "การเปลี่ยนเส้นทาง (redirect) ของเว็บไซต์ผิดปกติ เช่น วนซ้ำหรือยาวเกินไป",
    ),
    ("cut off", "ข้อมูลถูกตัดกลางทางขณะรับ"),
    ("connection closed", "ข้อมูลถูกตัดกลางทางขณะรับ"),
    ("larger than the cap", "ไฟล์ใหญ่เกินขนาดที่กำหนด อ่านได้เพียงส่วนต้น"),
    ("page budget", "ถึงจำนวนหน้าสูงสุดที่กำหนดต่อเว็บไซต์แล้ว"),
    ("deadline", "หมดเวลาที่กำหนดสำหรับการตรวจ"),
    ("interrupted", "การตรวจถูกหยุดกลางคัน"),
    ("trap", "พบลิงก์ที่วนได้ไม่รู้จบ (เช่น ปฏิทิน) จึงข้ามไป"),
    (
        "javascript",
        "หน้าเว็บแสดงผลด้วย JavaScript ต้องเปิดดูด้วยเบราว์เซอร์",
    ),
    ("robots.txt", "ข้อกำหนดในไฟล์ robots.txt ของเว็บไซต์"),
];

/// A crawl problem or finding, explained for the report's reader: in Thai, a plain sentence
/// before the technical text; in English, the technical text as it is.
pub fn explain(message: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return message.to_string();
    }
    let lower = message.to_lowercase();
    match RULES.iter().find(|(needle, _)| lower.contains(needle)) {
        Some((_, th)) => format!("{th} — {message}"),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_get_a_plain_thai_sentence_and_keep_the_detail() {
        let tls =
            "https://x.go.th/: TLS/certificate error: invalid peer certificate: UnknownIssuer";
        let th = explain(tls, Lang::Th);
        assert!(th.starts_with("ใบรับรองความปลอดภัย"), "{th}");
        assert!(th.ends_with(tls), "the technical text stays");
        assert_eq!(explain(tls, Lang::En), tls);
        assert!(explain("http://x/a.pdf: HTTP 404", Lang::Th).starts_with("ไม่พบหน้านี้"));
        assert!(
            explain("robots.txt answered HTTP 500; RFC 9309 …", Lang::Th)
                .starts_with("ไฟล์ robots.txt")
        );
        assert_eq!(explain("something new", Lang::Th), "something new");
    }
}
