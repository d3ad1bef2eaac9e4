//! The demo: serves the fixture sites bundled in the binary on 127.0.0.1 and scans them end
//! to end, so anyone can see oitscan work with no network and no set-up. The same server is
//! used by the integration tests.

use crate::units::{Family, Registry, Unit, UnitType};
use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use include_dir::{Dir, include_dir};
use serde::Deserialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use url::Url;

static SITES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/fixtures/sites");

/// `_site.toml`: who the fixture site pretends to be and how its server misbehaves.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteMeta {
    /// Thai name.
    pub name_th: String,
    /// English name.
    #[serde(default)]
    pub name_en: Option<String>,
    /// Unit type slug.
    #[serde(rename = "type")]
    pub unit_type: String,
    /// Province.
    pub province: String,
    /// District.
    #[serde(default)]
    pub district: String,
    /// Family slug.
    #[serde(default)]
    pub family: Option<String>,
    /// Content-Type overrides (to serve a lying charset, say).
    #[serde(default)]
    pub headers: Vec<HeaderRule>,
    /// Query-string URLs mapped to files.
    #[serde(default)]
    pub routes: Vec<Route>,
}

/// A Content-Type override for one path.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderRule {
    /// Path (with query, if any) as requested.
    pub path: String,
    /// The Content-Type to send.
    pub content_type: String,
}

/// A URL (path and query) served from a file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Path and query as requested.
    pub path: String,
    /// File relative to the site folder.
    pub file: String,
}

/// A fixture site loaded in memory.
#[derive(Debug, Clone)]
pub struct Site {
    /// Folder name.
    pub slug: String,
    /// Its `_site.toml`.
    pub meta: SiteMeta,
    /// Relative path → bytes.
    pub files: HashMap<String, Vec<u8>>,
}

/// A fixture site being served.
#[derive(Debug, Clone)]
pub struct Served {
    /// The site as first served.
    pub site: Arc<Site>,
    /// Where it listens.
    pub addr: SocketAddr,
    /// What the server has answered, for tests and the re-scan figures.
    pub stats: Arc<ServeStats>,
    current: Arc<std::sync::RwLock<Arc<Site>>>,
}

/// Counters of a fixture server.
#[derive(Debug, Default)]
pub struct ServeStats {
    /// Requests answered.
    pub requests: std::sync::atomic::AtomicU64,
    /// Of which 304 Not Modified.
    pub not_modified: std::sync::atomic::AtomicU64,
    /// Body bytes sent.
    pub bytes: std::sync::atomic::AtomicU64,
}

impl Served {
    /// Serves another version of the site from now on, at the same address (a site that
    /// changed between two weekly scans).
    pub fn replace(&self, site: Site) {
        *self.current.write().expect("site lock") = Arc::new(site);
    }

    /// The homepage URL.
    pub fn url(&self) -> Url {
        Url::parse(&format!("http://{}/", self.addr)).expect("valid url")
    }

    /// A registry unit for this site.
    pub fn unit(&self, line: usize) -> anyhow::Result<Unit> {
        let m = &self.site.meta;
        Ok(Unit {
            id: self.site.slug.clone(),
            name_th: m.name_th.clone(),
            name_en: m.name_en.clone(),
            unit_type: UnitType::parse(&m.unit_type).ok_or_else(|| {
                anyhow::anyhow!("{}: unknown type {}", self.site.slug, m.unit_type)
            })?,
            province: m.province.clone(),
            district: m.district.clone(),
            url: self.url(),
            extra_hosts: vec![],
            family: Family::parse(m.family.as_deref().unwrap_or("")).unwrap_or_default(),
            line,
        })
    }
}

fn collect(dir: &Dir<'static>, files: &mut HashMap<String, Vec<u8>>) {
    for f in dir.files() {
        files.insert(
            f.path().to_string_lossy().replace('\\', "/"),
            f.contents().to_vec(),
        );
    }
    for d in dir.dirs() {
        collect(d, files);
    }
}

fn from_files(slug: &str, mut files: HashMap<String, Vec<u8>>) -> anyhow::Result<Site> {
    let meta_bytes = files
        .remove("_site.toml")
        .ok_or_else(|| anyhow::anyhow!("fixture site {slug} has no _site.toml"))?;
    let meta: SiteMeta = toml::from_str(std::str::from_utf8(&meta_bytes)?)
        .map_err(|e| anyhow::anyhow!("{slug}/_site.toml: {e}"))?;
    Ok(Site {
        slug: slug.to_string(),
        meta,
        files,
    })
}

/// The fixture sites bundled in this binary, by folder name.
pub fn bundled_sites() -> anyhow::Result<Vec<Site>> {
    let mut out = Vec::new();
    for d in SITES
        .dirs()
        .filter(|d| d.get_file(d.path().join("_site.toml")).is_some())
    {
        let slug = d
            .path()
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let mut files = HashMap::new();
        collect(d, &mut files);
        // include_dir keeps paths relative to the root; make them relative to the site.
        let files = files
            .into_iter()
            .map(|(k, v)| {
                (
                    k.strip_prefix(&format!("{slug}/"))
                        .unwrap_or(&k)
                        .to_string(),
                    v,
                )
            })
            .collect();
        out.push(from_files(&slug, files)?);
    }
    out.sort_by(|a, b| a.slug.cmp(&b.slug));
    Ok(out)
}

/// Loads a fixture site from a folder on disk (for sites edited without rebuilding).
pub fn site_from_dir(dir: &Path) -> anyhow::Result<Site> {
    let slug = dir
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("site")
        .to_string();
    let mut files = HashMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir)?.to_string_lossy().replace('\\', "/");
                files.insert(rel, std::fs::read(&p)?);
            }
        }
    }
    from_files(&slug, files)
}

fn content_type_for(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" | "php" | "asp" | "aspx" => "text/html",
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "txt" => "text/plain",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "css" => "text/css",
        "js" => "application/javascript",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The Last-Modified every fixture file claims: the fixtures do not change while served,
/// except through [`Served::replace`], whose new bytes get new ETags.
const FIXTURE_LAST_MODIFIED: &str = "Wed, 01 Oct 2025 00:00:00 GMT";

/// Answers one request from a site's files, with an ETag and Last-Modified, and a 304 when
/// the client already holds this version (`If-None-Match`), as most CMS servers do.
fn respond(site: &Site, path_and_query: &str, if_none_match: Option<&str>) -> Response<Body> {
    let (path, _) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let file = site
        .meta
        .routes
        .iter()
        .find(|r| {
            r.path == path_and_query || percent_decode(&r.path) == percent_decode(path_and_query)
        })
        .map(|r| r.file.clone())
        .or_else(|| {
            let p = percent_decode(path);
            let rel = p.trim_start_matches('/');
            let candidates = if rel.is_empty() || rel.ends_with('/') {
                vec![format!("{rel}index.html")]
            } else {
                vec![rel.to_string(), format!("{rel}/index.html")]
            };
            candidates.into_iter().find(|c| site.files.contains_key(c))
        });
    let hidden = |f: &str| {
        f.split('/')
            .any(|part| part.starts_with('_') || part == "..")
    };
    match file
        .as_deref()
        .filter(|f| !hidden(f))
        .and_then(|f| site.files.get(f).map(|b| (f, b)))
    {
        Some((f, bytes)) => {
            let ct = site
                .meta
                .headers
                .iter()
                .find(|h| h.path == path_and_query || h.path == path)
                .map(|h| h.content_type.clone())
                .unwrap_or_else(|| content_type_for(f).to_string());
            let etag = format!("\"{}\"", crate::crawl::content_hash(bytes));
            let mut resp = if if_none_match.is_some_and(|m| m.split(',').any(|t| t.trim() == etag))
            {
                let mut r = Response::new(Body::empty());
                *r.status_mut() = StatusCode::NOT_MODIFIED;
                r
            } else {
                Response::new(Body::from(bytes.clone()))
            };
            if let Ok(v) = HeaderValue::from_str(&ct) {
                resp.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            if let Ok(v) = HeaderValue::from_str(&etag) {
                resp.headers_mut().insert(header::ETAG, v);
            }
            resp.headers_mut().insert(
                header::LAST_MODIFIED,
                HeaderValue::from_static(FIXTURE_LAST_MODIFIED),
            );
            resp
        }
        None => {
            let mut resp = Response::new(Body::from(
                "<html><body><h1>404 ไม่พบหน้านี้</h1></body></html>",
            ));
            *resp.status_mut() = StatusCode::NOT_FOUND;
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            resp
        }
    }
}

/// Serves a site on 127.0.0.1 at a free port, until the runtime ends.
pub async fn serve(site: Site) -> anyhow::Result<Served> {
    let site = Arc::new(site);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let current = Arc::new(std::sync::RwLock::new(site.clone()));
    let stats = Arc::new(ServeStats::default());
    let (cur, st) = (current.clone(), stats.clone());
    let app = axum::Router::new().fallback(move |req: Request<Body>| {
        let (cur, st) = (cur.clone(), st.clone());
        async move {
            use std::sync::atomic::Ordering::Relaxed;
            let pq = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into());
            let inm = req
                .headers()
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let site = cur.read().expect("site lock").clone();
            let resp = respond(&site, &pq, inm.as_deref());
            st.requests.fetch_add(1, Relaxed);
            if resp.status() == StatusCode::NOT_MODIFIED {
                st.not_modified.fetch_add(1, Relaxed);
            }
            if let Some(n) = axum::body::HttpBody::size_hint(resp.body()).exact() {
                st.bytes.fetch_add(n, Relaxed);
            }
            resp
        }
    });
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(Served {
        site,
        addr,
        stats,
        current,
    })
}

/// Serves every bundled site and returns a registry of them.
pub async fn serve_bundled() -> anyhow::Result<(Vec<Served>, Registry)> {
    let mut served = Vec::new();
    for site in bundled_sites()? {
        served.push(serve(site).await?);
    }
    let mut registry = Registry::default();
    for (i, s) in served.iter().enumerate() {
        registry.units.push(s.unit(i + 2)?);
    }
    Ok((served, registry))
}
