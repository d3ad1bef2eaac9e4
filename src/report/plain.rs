//! Crawl problems in plain words. The crawler words its errors for a webmaster, in English
//! ("TLS/certificate error: …"); a Thai report puts a sentence a provincial officer can act on
//! in front of that technical text, which stays for the person who fixes the server.

use super::Lang;

/// (what the technical text contains, lower-case; the catalogue key of its plain sentence),
/// most specific first. The patterns are the crawler's own wording, so they live here; the
/// sentences are words and live in `locales/*.ftl`.
const RULES: &[(&str, &str)] = &[
    ("non-public address", "plain-non-public"),
    ("robots.txt answered http", "plain-robots-status"),
    ("robots.txt could not be fetched", "plain-robots-unreadable"),
    ("disallowed by robots.txt", "plain-robots-disallowed"),
    ("crawl-delay", "plain-crawl-delay"),
    ("certificate", "plain-tls"),
    ("tls", "plain-tls"),
    ("dns error", "plain-dns"),
    ("timed out", "plain-timeout"),
    ("circuit breaker", "plain-circuit-breaker"),
    ("slowed the site down", "plain-slowed-down"),
    ("http 429", "plain-too-many-requests"),
    ("could not connect", "plain-connect"),
    ("connection refused", "plain-connect"),
    ("the homepage answered http", "plain-homepage-status"),
    ("http 404", "plain-not-found"),
    ("http 410", "plain-gone"),
    ("http 401", "plain-login"),
    ("http 403", "plain-forbidden"),
    ("http 5", "plain-server-error"),
    ("redirect", "plain-redirect"),
    ("cut off", "plain-cut-off"),
    ("connection closed", "plain-cut-off"),
    ("larger than the cap", "plain-too-large"),
    ("page budget", "plain-page-budget"),
    ("deadline", "plain-deadline"),
    ("interrupted", "plain-interrupted"),
    ("trap", "plain-trap"),
    ("javascript", "plain-javascript"),
    ("robots.txt", "plain-robots"),
];

/// A crawl problem or finding, explained for the report's reader: the language's plain
/// sentence before the technical text, or the technical text alone when the catalogue gives
/// none (English: the text is already in the webmaster's words).
pub fn explain(message: &str, lang: Lang) -> String {
    let lower = message.to_lowercase();
    let plain = RULES
        .iter()
        .find(|(needle, _)| lower.contains(needle))
        .map(|(_, key)| crate::locale::t(lang, key))
        .unwrap_or_default();
    if plain.is_empty() {
        message.to_string()
    } else {
        format!("{plain} — {message}")
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
