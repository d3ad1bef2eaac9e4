//! The address guard: a crawled site must not steer the crawler into the operator's own
//! network (loopback, private ranges, link-local, cloud metadata). Checked on every request
//! after DNS resolution, and on every redirect hop.

use std::net::{IpAddr, SocketAddr};
use url::Url;

/// The IANA special-purpose address registries (IPv4 and IPv6): every block that is not
/// globally reachable, or that wraps another address. A public website has no business
/// sending the crawler there. NAT64, 6to4, Teredo and IPv4-compatible addresses are refused
/// whole, since they reach IPv4 addresses the IPv4 check would refuse.
const NON_PUBLIC: &[&str] = &[
    // IPv4 (iana-ipv4-special-registry)
    "0.0.0.0/8",       // "this network"
    "10.0.0.0/8",      // private
    "100.64.0.0/10",   // shared address space (carrier-grade NAT)
    "127.0.0.0/8",     // loopback
    "169.254.0.0/16",  // link-local, incl. 169.254.169.254 cloud metadata
    "172.16.0.0/12",   // private
    "192.0.0.0/24",    // IETF protocol assignments
    "192.0.2.0/24",    // documentation (TEST-NET-1)
    "192.31.196.0/24", // AS112-v4
    "192.52.193.0/24", // AMT
    "192.88.99.0/24",  // deprecated 6to4 relay anycast
    "192.168.0.0/16",  // private
    "192.175.48.0/24", // direct delegation AS112
    "198.18.0.0/15",   // benchmarking
    "198.51.100.0/24", // documentation (TEST-NET-2)
    "203.0.113.0/24",  // documentation (TEST-NET-3)
    "224.0.0.0/4",     // multicast
    "240.0.0.0/4",     // reserved, incl. limited broadcast
    // IPv6 (iana-ipv6-special-registry)
    "::/96",          // unspecified, loopback and IPv4-compatible (deprecated)
    "::ffff:0:0/96",  // IPv4-mapped
    "64:ff9b::/96",   // NAT64 well-known prefix
    "64:ff9b:1::/48", // NAT64 local use
    "100::/64",       // discard-only
    "2001::/23",      // IETF protocol assignments (Teredo, benchmarking, ORCHID…)
    "2001:db8::/32",  // documentation
    "2002::/16",      // 6to4
    "3fff::/20",      // documentation
    "5f00::/16",      // segment routing (SRv6) SIDs
    "fc00::/7",       // unique local
    "fe80::/10",      // link-local
    "fec0::/10",      // site-local (deprecated)
    "ff00::/8",       // multicast
];

fn non_public_nets() -> &'static [ipnet::IpNet] {
    static NETS: std::sync::OnceLock<Vec<ipnet::IpNet>> = std::sync::OnceLock::new();
    NETS.get_or_init(|| {
        NON_PUBLIC
            .iter()
            .map(|n| n.parse().expect("a valid range"))
            .collect()
    })
}

/// Whether an address is one a public website has no business sending us to.
pub fn is_non_public(ip: IpAddr) -> bool {
    non_public_nets().iter().any(|n| n.contains(&ip))
}

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
    /// Non-public addresses in these ranges only (`--allow-private 127.0.0.1,10.0.0.0/8`).
    AllowRanges(Vec<ipnet::IpNet>),
}

impl PrivateAccess {
    /// Whether an address and port may be reached.
    pub fn allows(&self, addr: SocketAddr) -> bool {
        match self {
            PrivateAccess::Deny => false,
            PrivateAccess::AllowAll => true,
            PrivateAccess::AllowOnly(list) => list.contains(&addr),
            PrivateAccess::AllowRanges(nets) => nets.iter().any(|n| n.contains(&addr.ip())),
        }
    }

    /// Whether an address may be reached on some port (a resolver does not know the port).
    pub fn allows_ip(&self, ip: IpAddr) -> bool {
        match self {
            PrivateAccess::Deny => false,
            PrivateAccess::AllowAll => true,
            PrivateAccess::AllowOnly(list) => list.iter().any(|a| a.ip() == ip),
            PrivateAccess::AllowRanges(nets) => nets.iter().any(|n| n.contains(&ip)),
        }
    }

    /// Reads `--allow-private`'s value: "all" (or nothing), or a comma-separated list of
    /// addresses, ranges and host names (resolved now) whose non-public addresses may be
    /// reached.
    pub fn parse(spec: &str) -> Result<PrivateAccess, String> {
        let spec = spec.trim();
        if spec.is_empty() || spec.eq_ignore_ascii_case("all") {
            return Ok(PrivateAccess::AllowAll);
        }
        let mut nets = Vec::new();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            if let Ok(n) = part.parse::<ipnet::IpNet>() {
                nets.push(n);
            } else if let Ok(ip) = part.trim_matches(['[', ']']).parse::<IpAddr>() {
                nets.push(ipnet::IpNet::from(ip));
            } else {
                use std::net::ToSocketAddrs;
                let addrs = (part, 0).to_socket_addrs().map_err(|e| {
                    format!(
                        "--allow-private: cannot resolve {part:?} ({e}); give an address, a range such as 10.0.0.0/8, or a host name"
                    )
                })?;
                nets.extend(addrs.map(|a| ipnet::IpNet::from(a.ip())));
            }
        }
        Ok(PrivateAccess::AllowRanges(nets))
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
            // By name only when loopback itself is allowed (exact address lists name
            // addresses, not "localhost").
            let loopback = match access {
                PrivateAccess::AllowAll => true,
                PrivateAccess::AllowRanges(_) => access.allows_ip(IpAddr::from([127, 0, 0, 1])),
                _ => false,
            };
            if loopback {
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
    /// Which non-public addresses names may resolve to.
    pub access: PrivateAccess,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let access = self.access.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if let Some(bad) = addrs
                .iter()
                .find(|a| is_non_public(a.ip()) && !access.allows_ip(a.ip()))
            {
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

/// A redirect's host name checked with a blocking lookup: through a proxy the guarded
/// resolver is never asked (the proxy resolves names), so the redirect policy asks itself.
pub fn check_name_blocking(url: &Url, access: &PrivateAccess) -> Result<(), String> {
    let Some(url::Host::Domain(host)) = url.host() else {
        return Ok(());
    };
    use std::net::ToSocketAddrs;
    let port = url.port_or_known_default().unwrap_or(80);
    let addrs = (host, port)
        .to_socket_addrs()
        .map_err(|e| format!("redirect to {url} refused: cannot resolve {host} ({e})"))?;
    for a in addrs {
        if is_non_public(a.ip()) && !access.allows(a) {
            return Err(format!(
                "redirect to {url} refused: {host} is the non-public address {}",
                a.ip()
            ));
        }
    }
    Ok(())
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
            "::7f00:1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::1",
            "fec0::1",
            "100.127.255.254",
            "198.19.0.1",
            "192.0.0.8",
            "192.0.2.1",
            "198.51.100.7",
            "203.0.113.9",
            "192.88.99.1",
            "192.31.196.1",
            "192.52.193.1",
            "192.175.48.1",
            "224.0.0.1",
            "240.0.0.1",
            "255.255.255.255",
            "100::1",
            "2001::1",
            "2001:2::1",
            "2001:db8::1",
            "2002:7f00:1::1",
            "3fff::1",
            "5f00::1",
            "ff02::1",
        ] {
            assert!(is_non_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "1.1.1.1",
            "203.150.1.1",
            "100.128.0.1",
            "198.20.0.1",
            "2001:4860::8888",
            "2400:cb00::1",
        ] {
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
        // Narrowed to a range: the range only.
        let lo = PrivateAccess::parse("127.0.0.0/8").unwrap();
        assert!(check(&u, &lo).await.is_ok());
        assert!(check_literal(&Url::parse("http://10.0.0.1/").unwrap(), &lo).is_err());
        assert!(check_literal(&Url::parse("http://[::7f00:1]/").unwrap(), &lo).is_err());
        assert_eq!(
            PrivateAccess::parse("all").unwrap(),
            PrivateAccess::AllowAll
        );
        assert!(PrivateAccess::parse("no-such-host.invalid").is_err());
        let file = Url::parse("file:///etc/passwd").unwrap();
        assert!(check_literal(&file, &PrivateAccess::AllowAll).is_err());
    }
}
