//! One HTTP request, with the body read under a size cap while streaming (a decompression bomb
//! stops at the cap, since reqwest decompresses as it streams), and errors sorted into kinds
//! that decide retrying and that a site owner can act on.

use super::guard::{self, GuardedResolver, PrivateAccess};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};
use url::Url;

/// What went wrong with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// The request or its body took longer than the timeout.
    Timeout,
    /// The name did not resolve.
    Dns,
    /// The certificate or TLS handshake failed.
    Tls,
    /// No connection (refused, reset, unreachable).
    Connect,
    /// The address guard refused the target (non-public address, non-http scheme).
    Refused,
    /// Too many redirects, a loop, or a redirect the guard refused.
    Redirect,
    /// The connection closed before the body was complete.
    Body,
    /// The server kept answering 429/503 or asked to wait too long.
    Throttled,
    /// The host's circuit breaker is open.
    Breaker,
    /// robots.txt disallows the URL.
    Robots,
    /// Anything else.
    Other,
}

/// A failed request.
#[derive(Debug, Clone)]
pub struct FetchError {
    /// The kind, for retry decisions and reports.
    pub kind: ErrorKind,
    /// The words for the report.
    pub message: String,
}

impl FetchError {
    /// Builds an error.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> FetchError {
        FetchError {
            kind,
            message: message.into(),
        }
    }

    /// Whether trying again may help (timeouts, dropped bodies); DNS, TLS, refusals and
    /// redirect problems will not change on a retry.
    pub fn retryable(&self) -> bool {
        matches!(self.kind, ErrorKind::Timeout | ErrorKind::Body)
    }
}

/// A response with its body read (up to the cap).
#[derive(Debug, Clone)]
pub struct Fetched {
    /// HTTP status.
    pub status: u16,
    /// URL after redirects.
    pub final_url: Url,
    /// Content-Type header as sent.
    pub content_type: String,
    /// Retry-After header, for 429/503.
    pub retry_after: Option<String>,
    /// Content-Length header, when sent.
    pub content_length: Option<u64>,
    /// The body (decompressed), at most the cap.
    pub body: Vec<u8>,
    /// The body was longer than the cap and was cut.
    pub truncated: bool,
    /// The connection closed before the body was complete (what arrived is kept).
    pub incomplete: Option<String>,
    /// Time to the end of the body.
    pub elapsed: Duration,
    /// ETag header, for conditional re-fetches.
    pub etag: Option<String>,
    /// Last-Modified header, for conditional re-fetches.
    pub last_modified: Option<String>,
}

/// Validators from an earlier fetch: sent as If-None-Match / If-Modified-Since so an
/// unchanged resource costs a 304 instead of its body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The ETag the server sent.
    pub etag: Option<String>,
    /// The Last-Modified the server sent.
    pub last_modified: Option<String>,
}

/// The HTTP clients of a run: one that verifies certificates and, when the operator opted
/// in, one that does not (for `.go.th` servers with broken chains).
pub struct Fetcher {
    client: reqwest::Client,
    insecure: Option<reqwest::Client>,
    access: PrivateAccess,
}

/// Client settings.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// User-Agent header.
    pub user_agent: String,
    /// Time for the whole request, body included.
    pub timeout: Duration,
    /// Time to connect.
    pub connect_timeout: Duration,
    /// Which non-public addresses may be reached.
    pub access: PrivateAccess,
    /// Also build a client that skips certificate checks.
    pub insecure_tls: bool,
    /// Fixed name → address mappings (benchmarks with virtual hosts on 127.0.0.1).
    pub resolve: Vec<(String, std::net::SocketAddr)>,
    /// Most redirects followed.
    pub max_redirects: usize,
    /// The proxy every request goes through (`--proxy`); proxies named in the environment
    /// (`HTTP_PROXY`, …) are never used, since through a proxy the guarded resolver is not
    /// asked.
    pub proxy: Option<Url>,
}

fn build(cfg: &ClientConfig, insecure: bool) -> anyhow::Result<reqwest::Client> {
    let access = cfg.access.clone();
    let max = cfg.max_redirects;
    let proxied = cfg.proxy.is_some();
    let policy = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() > max {
            return attempt.error(format!("more than {max} redirects"));
        }
        if attempt.previous().contains(attempt.url()) {
            let msg = format!("redirect loop back to {}", attempt.url());
            return attempt.error(msg);
        }
        // Through a proxy the resolver below is not asked: names are looked up here.
        let checked = guard::check_literal(attempt.url(), &access).and_then(|()| {
            if proxied {
                guard::check_name_blocking(attempt.url(), &access)
            } else {
                Ok(())
            }
        });
        match checked {
            Ok(()) => attempt.follow(),
            Err(e) => attempt.error(e),
        }
    });
    let mut b = reqwest::Client::builder()
        .user_agent(&cfg.user_agent)
        .redirect(policy)
        .connect_timeout(cfg.connect_timeout)
        .timeout(cfg.timeout)
        // A host is done when its unit is: idle connections to thousands of finished hosts
        // would hold their buffers (the memory benchmark showed it).
        .pool_max_idle_per_host(2)
        .pool_idle_timeout(Duration::from_secs(5))
        .dns_resolver(GuardedResolver {
            access: cfg.access.clone(),
        });
    b = match &cfg.proxy {
        Some(p) => b.proxy(reqwest::Proxy::all(p.as_str())?),
        None => b.no_proxy(),
    };
    for (name, addr) in &cfg.resolve {
        b = b.resolve(name, *addr);
    }
    if insecure {
        b = b
            .tls_danger_accept_invalid_certs(true)
            .tls_danger_accept_invalid_hostnames(true);
    }
    Ok(b.build()?)
}

impl Fetcher {
    /// Builds the clients.
    pub fn new(cfg: &ClientConfig) -> anyhow::Result<Fetcher> {
        Ok(Fetcher {
            client: build(cfg, false)?,
            insecure: if cfg.insecure_tls {
                Some(build(cfg, true)?)
            } else {
                None
            },
            access: cfg.access.clone(),
        })
    }

    /// Which non-public addresses may be reached.
    pub fn access(&self) -> &PrivateAccess {
        &self.access
    }

    /// Whether an insecure client exists (`--insecure-tls`).
    pub fn can_skip_tls_checks(&self) -> bool {
        self.insecure.is_some()
    }

    /// One GET. `page_cap` applies to HTML, `document_cap` to everything else (decided from
    /// the Content-Type header and the URL before the body is read).
    pub async fn get(
        &self,
        url: &Url,
        page_cap: usize,
        document_cap: usize,
        skip_tls_checks: bool,
        validators: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        let client = match (&self.insecure, skip_tls_checks) {
            (Some(c), true) => c,
            _ => &self.client,
        };
        let started = Instant::now();
        let mut req = client.get(url.clone());
        if let Some(v) = validators {
            if let Some(e) = &v.etag {
                req = req.header(reqwest::header::IF_NONE_MATCH, e);
            }
            if let Some(m) = &v.last_modified {
                req = req.header(reqwest::header::IF_MODIFIED_SINCE, m);
            }
        }
        let resp = req.send().await.map_err(classify)?;
        let header = |name: reqwest::header::HeaderName| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header(reqwest::header::CONTENT_TYPE).unwrap_or_default();
        let retry_after = header(reqwest::header::RETRY_AFTER);
        let etag = header(reqwest::header::ETAG);
        let last_modified = header(reqwest::header::LAST_MODIFIED);
        let content_length = resp.content_length();
        let status = resp.status().as_u16();
        let final_url = resp.url().clone();
        let looks_html = content_type.to_ascii_lowercase().contains("html")
            || (content_type.is_empty() && !super::looks_like_document(&final_url));
        let cap = if looks_html { page_cap } else { document_cap };
        let mut body = Vec::new();
        let mut truncated = false;
        let mut incomplete = None;
        let mut stream = resp.bytes_stream();
        while let Some(chunk) = stream.next().await {
            match chunk {
                Ok(chunk) => {
                    let room = cap.saturating_sub(body.len());
                    if chunk.len() > room {
                        body.extend_from_slice(&chunk[..room]);
                        truncated = true;
                        break;
                    }
                    body.extend_from_slice(&chunk);
                }
                Err(e) => {
                    let err = classify(e);
                    if err.kind == ErrorKind::Timeout {
                        return Err(FetchError::new(
                            ErrorKind::Timeout,
                            format!(
                                "timed out while reading the body after {} bytes ({})",
                                body.len(),
                                err.message
                            ),
                        ));
                    }
                    incomplete = Some(format!(
                        "the connection closed after {} bytes of the body ({})",
                        body.len(),
                        err.message
                    ));
                    break;
                }
            }
        }
        Ok(Fetched {
            status,
            final_url,
            content_type,
            retry_after,
            content_length,
            body,
            truncated,
            incomplete,
            elapsed: started.elapsed(),
            etag,
            last_modified,
        })
    }
}

/// Sorts a reqwest error into a kind and words a site owner can act on.
pub fn classify(e: reqwest::Error) -> FetchError {
    let mut chain = String::new();
    let mut src: Option<&dyn std::error::Error> = Some(&e);
    while let Some(s) = src {
        let text = s.to_string();
        if !chain.contains(&text) {
            if !chain.is_empty() {
                chain.push_str(": ");
            }
            chain.push_str(&text);
        }
        src = s.source();
    }
    let lower = chain.to_ascii_lowercase();
    let (kind, words) = if e.is_timeout() || lower.contains("timed out") {
        (ErrorKind::Timeout, "timed out")
    } else if lower.contains("non-public address") || lower.contains("refused: only http") {
        (ErrorKind::Refused, "refused by the address guard")
    } else if e.is_redirect() || lower.contains("redirect") {
        (ErrorKind::Redirect, "redirect problem")
    } else if lower.contains("certificate")
        || lower.contains("tls")
        || lower.contains("handshake")
        || lower.contains("ssl")
    {
        (ErrorKind::Tls, "TLS/certificate error")
    } else if lower.contains("dns")
        || lower.contains("failed to lookup")
        || lower.contains("name or service not known")
        || lower.contains("no address")
    {
        (ErrorKind::Dns, "DNS error")
    } else if e.is_connect() {
        (ErrorKind::Connect, "could not connect")
    } else if e.is_body()
        || e.is_decode()
        || lower.contains("incomplete")
        || lower.contains("end of file")
    {
        (ErrorKind::Body, "the response was cut off")
    } else {
        (ErrorKind::Other, "request failed")
    };
    FetchError::new(kind, format!("{words}: {chain}"))
}
