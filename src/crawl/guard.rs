//! The address guard: a crawled site must not steer the crawler into the operator's own
//! network (loopback, private ranges, link-local, cloud metadata). Checked on every request
//! after DNS resolution, and on every redirect hop.

use std::net::IpAddr;
use url::Url;

/// Whether an address is one a public website has no business sending us to.
pub fn is_non_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local() // includes 169.254.169.254, the cloud metadata address
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1])) // carrier-grade NAT
                || (o[0] == 198 && (o[1] == 18 || o[1] == 19)) // benchmarking
                || o[0] >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_non_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
        }
    }
}

/// Checks a URL before it is fetched: only http(s), and unless `allow_private`, a host that
/// resolves only to public addresses. The error says why, for the unit's report.
pub async fn check(url: &Url, allow_private: bool) -> Result<(), String> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("refused {url}: only http and https are crawled"));
    }
    if allow_private {
        return Ok(());
    }
    let host = url
        .host_str()
        .ok_or_else(|| format!("refused {url}: no host"))?;
    let port = url.port_or_known_default().unwrap_or(80);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<IpAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![ip],
        Err(_) => tokio::net::lookup_host((host, port))
            .await
            .map_err(|e| format!("DNS lookup of {host} failed: {e}"))?
            .map(|a| a.ip())
            .collect(),
    };
    if let Some(bad) = addrs.iter().find(|ip| is_non_public(**ip)) {
        return Err(format!(
            "refused {url}: {host} resolves to the non-public address {bad} (use --allow-private only for test sites)"
        ));
    }
    Ok(())
}

/// The synchronous part of the check, for redirect hops (which cannot await DNS): refuses
/// non-http(s) schemes and literal non-public addresses or "localhost".
pub fn check_literal(url: &Url, allow_private: bool) -> Result<(), String> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "redirect to {url} refused: only http and https are crawled"
        ));
    }
    if allow_private {
        return Ok(());
    }
    match url.host() {
        Some(url::Host::Ipv4(ip)) if is_non_public(IpAddr::V4(ip)) => {
            Err(format!("redirect to the non-public address {ip} refused"))
        }
        Some(url::Host::Ipv6(ip)) if is_non_public(IpAddr::V6(ip)) => {
            Err(format!("redirect to the non-public address {ip} refused"))
        }
        Some(url::Host::Domain(d))
            if d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost") =>
        {
            Err("redirect to localhost refused".to_string())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_public_ranges() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_non_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["1.1.1.1", "203.150.1.1", "2001:4860::8888"] {
            assert!(!is_non_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[tokio::test]
    async fn loopback_refused_unless_allowed() {
        let u = Url::parse("http://127.0.0.1:8080/").unwrap();
        assert!(check(&u, false).await.unwrap_err().contains("non-public"));
        assert!(check(&u, true).await.is_ok());
        let u = Url::parse("http://localhost:8080/").unwrap();
        assert!(check(&u, false).await.is_err());
        assert!(
            check_literal(&Url::parse("http://169.254.169.254/latest").unwrap(), false).is_err()
        );
        assert!(check_literal(&Url::parse("file:///etc/passwd").unwrap(), true).is_err());
    }
}
