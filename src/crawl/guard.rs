//! The address guard: a crawled site must not steer the crawler into the operator's own
//! network (loopback, private ranges, link-local, cloud metadata). Checked on every request
//! after DNS resolution, and on every redirect hop.

use std::net::{IpAddr, SocketAddr};
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

/// Which non-public addresses the crawler may reach.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PrivateAccess {
    /// None: a real scan.
    #[default]
    Deny,
    /// Any (`--allow-private`; the demo and benchmarks on 127.0.0.1).
    AllowAll,
    /// Only these exact addresses and ports (tests: the fixture servers, and nothing a
    /// redirect could point at).
    AllowOnly(Vec<SocketAddr>),
}

impl PrivateAccess {
    fn allows(&self, addr: SocketAddr) -> bool {
        match self {
            PrivateAccess::Deny => false,
            PrivateAccess::AllowAll => true,
            PrivateAccess::AllowOnly(list) => list.contains(&addr),
        }
    }
}

fn refusal(url: &Url, host: &str, ip: IpAddr) -> String {
    format!(
        "refused {url}: {host} is the non-public address {ip} (use --allow-private only for test sites)"
    )
}

/// Checks a URL before it is fetched: only http(s), and a host that resolves only to public
/// addresses (unless allowed). Returns the addresses it resolved to, for per-IP politeness.
/// The error says why, for the unit's report.
pub async fn check(url: &Url, access: &PrivateAccess) -> Result<Vec<IpAddr>, String> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("refused {url}: only http and https are crawled"));
    }
    let host = url
        .host_str()
        .ok_or_else(|| format!("refused {url}: no host"))?;
    let port = url.port_or_known_default().unwrap_or(80);
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<IpAddr> = match bare.parse::<IpAddr>() {
        Ok(ip) => vec![ip],
        Err(_) => tokio::net::lookup_host((bare, port))
            .await
            .map_err(|e| format!("DNS error: cannot resolve {host}: {e}"))?
            .map(|a| a.ip())
            .collect(),
    };
    if let Some(bad) = addrs
        .iter()
        .find(|ip| is_non_public(**ip) && !access.allows(SocketAddr::new(**ip, port)))
    {
        return Err(refusal(url, host, *bad));
    }
    Ok(addrs)
}

/// The synchronous part of the check, for redirect hops (which cannot await DNS; names are
/// checked again by [`GuardedResolver`] when reqwest connects): refuses non-http(s) schemes
/// and literal non-public addresses or "localhost".
pub fn check_literal(url: &Url, access: &PrivateAccess) -> Result<(), String> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "redirect to {url} refused: only http and https are crawled"
        ));
    }
    let port = url.port_or_known_default().unwrap_or(80);
    let ip = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        Some(url::Host::Domain(d))
            if d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost") =>
        {
            if *access == PrivateAccess::AllowAll {
                return Ok(());
            }
            return Err(format!(
                "redirect to {url} refused: localhost is not a public site"
            ));
        }
        _ => return Ok(()),
    };
    if is_non_public(ip) && !access.allows(SocketAddr::new(ip, port)) {
        return Err(format!(
            "redirect to {url} refused: {ip} is a non-public address"
        ));
    }
    Ok(())
}

/// reqwest's resolver, with the guard built in: a name that resolves to a non-public address
/// is refused at connection time, so neither a redirect nor DNS rebinding between our check
/// and the connection can reach the operator's network.
#[derive(Debug, Clone)]
pub struct GuardedResolver {
    /// Only [`PrivateAccess::AllowAll`] lets names resolve to non-public addresses.
    pub allow_all: bool,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow_all = self.allow_all;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if !allow_all && let Some(bad) = addrs.iter().find(|a| is_non_public(a.ip())) {
                return Err(format!(
                    "{host} resolves to the non-public address {}; refused",
                    bad.ip()
                )
                .into());
            }
            let addrs: reqwest::dns::Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
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
        assert!(
            check(&u, &PrivateAccess::Deny)
                .await
                .unwrap_err()
                .contains("non-public")
        );
        assert!(check(&u, &PrivateAccess::AllowAll).await.is_ok());
        let only = PrivateAccess::AllowOnly(vec!["127.0.0.1:8080".parse().unwrap()]);
        assert!(check(&u, &only).await.is_ok());
        let other_port = Url::parse("http://127.0.0.1:8081/").unwrap();
        assert!(check(&other_port, &only).await.is_err());
        assert!(check_literal(&other_port, &only).is_err());
        let u = Url::parse("http://localhost:8080/").unwrap();
        assert!(check(&u, &PrivateAccess::Deny).await.is_err());
        assert!(check_literal(&u, &only).is_err());
        let meta = Url::parse("http://169.254.169.254/latest").unwrap();
        assert!(check_literal(&meta, &PrivateAccess::Deny).is_err());
        let file = Url::parse("file:///etc/passwd").unwrap();
        assert!(check_literal(&file, &PrivateAccess::AllowAll).is_err());
    }
}
