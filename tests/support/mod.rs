//! A fault-injection web server for tests: raw HTTP/1.1 over TCP on 127.0.0.1, so a test can
//! misbehave in ways a well-mannered server library will not (a lying Content-Length, a body
//! dripped a few bytes at a time, a connection dropped mid-body).

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// A request as the handler sees it.
pub struct Req {
    /// Path and query.
    pub path: String,
    /// How many times this path was asked for before (0 for the first).
    pub nth: usize,
}

/// What the server does.
pub enum Reply {
    /// A normal response.
    Ok {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Waits, then replies.
    Delay(Duration, Box<Reply>),
    /// Sends the headers, then the body `chunk` bytes at a time every `every`.
    Drip {
        body: Vec<u8>,
        chunk: usize,
        every: Duration,
    },
    /// Declares `declared` bytes of body, sends `body`, and closes.
    Truncated { declared: usize, body: Vec<u8> },
}

/// An HTML page.
pub fn html(body: &str) -> Reply {
    Reply::Ok {
        status: 200,
        headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
        body: body.as_bytes().to_vec(),
    }
}

/// A response with a status and headers.
pub fn status(code: u16, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    Reply::Ok {
        status: code,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: body.to_vec(),
    }
}

/// A 404.
pub fn not_found() -> Reply {
    status(404, &[("Content-Type", "text/html")], b"<h1>not found</h1>")
}

/// A redirect.
pub fn redirect(to: &str) -> Reply {
    status(302, &[("Location", to)], b"")
}

type Handler = Arc<dyn Fn(&Req) -> Reply + Send + Sync>;

/// A running server and what it was asked.
#[derive(Clone)]
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Every request: when, and which path.
    pub log: Arc<Mutex<Vec<(Instant, String)>>>,
    /// Every request's head (request line and headers), as received.
    pub heads: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// The homepage URL.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The homepage URL over HTTPS (for [`start_tls`] servers).
    pub fn https_url(&self) -> String {
        format!("https://{}/", self.addr)
    }

    /// Paths asked for, in order.
    pub fn paths(&self) -> Vec<String> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .map(|(_, p)| p.clone())
            .collect()
    }

    /// Times at which a path was asked for.
    pub fn times(&self) -> Vec<Instant> {
        self.log.lock().unwrap().iter().map(|(t, _)| *t).collect()
    }
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn head(code: u16, headers: &[(String, String)], len: usize) -> Vec<u8> {
    let mut h = format!(
        "HTTP/1.1 {code} {}\r\nContent-Length: {len}\r\nConnection: close\r\n",
        reason(code)
    );
    for (k, v) in headers {
        h.push_str(&format!("{k}: {v}\r\n"));
    }
    h.push_str("\r\n");
    h.into_bytes()
}

async fn write_reply<S: AsyncWrite + Unpin + Send>(
    sock: &mut S,
    reply: Reply,
) -> std::io::Result<()> {
    match reply {
        Reply::Ok {
            status,
            headers,
            body,
        } => {
            sock.write_all(&head(status, &headers, body.len())).await?;
            sock.write_all(&body).await
        }
        Reply::Delay(d, inner) => {
            tokio::time::sleep(d).await;
            Box::pin(write_reply(sock, *inner)).await
        }
        Reply::Drip { body, chunk, every } => {
            sock.write_all(&head(
                200,
                &[("Content-Type".into(), "text/html".into())],
                body.len(),
            ))
            .await?;
            for c in body.chunks(chunk.max(1)) {
                sock.write_all(c).await?;
                sock.flush().await?;
                tokio::time::sleep(every).await;
            }
            Ok(())
        }
        Reply::Truncated { declared, body } => {
            sock.write_all(&head(
                200,
                &[("Content-Type".into(), "text/html".into())],
                declared,
            ))
            .await?;
            sock.write_all(&body).await?;
            sock.shutdown().await
        }
    }
}

/// Starts a server on 127.0.0.1 that answers every request with `handler`.
pub async fn start(handler: impl Fn(&Req) -> Reply + Send + Sync + 'static) -> Server {
    start_with(handler, None).await
}

/// Starts an HTTPS server with a self-signed certificate for 127.0.0.1, the kind of broken
/// chain browsers sometimes hide and a crawler must report.
pub async fn start_tls(handler: impl Fn(&Req) -> Reply + Send + Sync + 'static) -> Server {
    let ck =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()])
            .unwrap();
    let key = tokio_rustls::rustls::pki_types::PrivateKeyDer::Pkcs8(
        ck.signing_key.serialize_der().into(),
    );
    let config = tokio_rustls::rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![ck.cert.der().clone()], key)
        .unwrap();
    start_with(
        handler,
        Some(tokio_rustls::TlsAcceptor::from(Arc::new(config))),
    )
    .await
}

async fn serve_conn<S: AsyncRead + AsyncWrite + Unpin + Send>(
    mut sock: S,
    log: Arc<Mutex<Vec<(Instant, String)>>>,
    heads: Arc<Mutex<Vec<String>>>,
    counts: Arc<Mutex<HashMap<String, usize>>>,
    handler: Handler,
) {
    let mut buf = Vec::new();
    let mut tmp = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 65536 {
        match sock.read(&mut tmp).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&tmp[..n]),
        }
    }
    let text = String::from_utf8_lossy(&buf).into_owned();
    let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
    log.lock().unwrap().push((Instant::now(), path.clone()));
    heads.lock().unwrap().push(text);
    let nth = {
        let mut c = counts.lock().unwrap();
        let n = c.entry(path.clone()).or_insert(0);
        *n += 1;
        *n - 1
    };
    let reply = handler(&Req { path, nth });
    let _ = write_reply(&mut sock, reply).await;
    let _ = sock.shutdown().await;
}

/// A server that starts listening only after `delay`: until then its port refuses
/// connections, as a government server that is briefly down does.
pub async fn start_after(
    delay: std::time::Duration,
    handler: impl Fn(&Req) -> Reply + Send + Sync + 'static,
) -> Server {
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let log: Arc<Mutex<Vec<(Instant, String)>>> = Arc::default();
    let heads: Arc<Mutex<Vec<String>>> = Arc::default();
    let server = Server {
        addr,
        log: log.clone(),
        heads: heads.clone(),
    };
    let handler: Handler = Arc::new(handler);
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        serve(listener, log, heads, handler, None).await;
    });
    server
}

/// Starts a server on another loopback address (`127.0.0.2`, say): a host a scan allowed only
/// `127.0.0.1` must never reach.
pub async fn start_on(
    ip: std::net::IpAddr,
    handler: impl Fn(&Req) -> Reply + Send + Sync + 'static,
) -> Server {
    start_at(SocketAddr::new(ip, 0), handler, None).await
}

async fn start_with(
    handler: impl Fn(&Req) -> Reply + Send + Sync + 'static,
    tls: Option<tokio_rustls::TlsAcceptor>,
) -> Server {
    start_at(([127, 0, 0, 1], 0).into(), handler, tls).await
}

async fn start_at(
    at: SocketAddr,
    handler: impl Fn(&Req) -> Reply + Send + Sync + 'static,
    tls: Option<tokio_rustls::TlsAcceptor>,
) -> Server {
    let listener = tokio::net::TcpListener::bind(at).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let log: Arc<Mutex<Vec<(Instant, String)>>> = Arc::default();
    let heads: Arc<Mutex<Vec<String>>> = Arc::default();
    let handler: Handler = Arc::new(handler);
    let server = Server {
        addr,
        log: log.clone(),
        heads: heads.clone(),
    };
    tokio::spawn(serve(listener, log, heads, handler, tls));
    server
}

async fn serve(
    listener: tokio::net::TcpListener,
    log: Arc<Mutex<Vec<(Instant, String)>>>,
    heads: Arc<Mutex<Vec<String>>>,
    handler: Handler,
    tls: Option<tokio_rustls::TlsAcceptor>,
) {
    let counts: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    {
        loop {
            let Ok((sock, _)) = listener.accept().await else {
                return;
            };
            let (log, heads, counts, handler, tls) = (
                log.clone(),
                heads.clone(),
                counts.clone(),
                handler.clone(),
                tls.clone(),
            );
            tokio::spawn(async move {
                match tls {
                    Some(acceptor) => {
                        if let Ok(s) = acceptor.accept(sock).await {
                            serve_conn(s, log, heads, counts, handler).await;
                        }
                    }
                    None => serve_conn(sock, log, heads, counts, handler).await,
                }
            });
        }
    }
}

/// A small healthy site that every fault test scans alongside the faulty one, to show the
/// fault stays with its own unit.
pub async fn control_site() -> Server {
    start(|req| match req.path.as_str() {
        "/" => html(r#"<html><head><title>เทศบาลตำบลควบคุม</title></head><body>
            <a href="/a.html">เกี่ยวกับเรา</a> <a href="/b.html">ข่าว</a> <a href="/ita.html">ITA 2568</a></body></html>"#),
        // Evidence pages carry content of their own, as an assessor needs: a heading alone
        // is not evidence.
        "/a.html" => html("<title>เกี่ยวกับเรา</title><h1>โครงสร้างและอำนาจหน้าที่</h1><p>ฝ่ายการเมือง นายกเทศมนตรี รองนายกเทศมนตรี ฝ่ายประจำ ปลัดเทศบาล สำนักปลัด กองคลัง กองช่าง อำนาจหน้าที่ตามพระราชบัญญัติเทศบาล พ.ศ. 2496</p>"),
        "/b.html" => html("<title>ข่าวประชาสัมพันธ์</title><p>ข่าว ประจำปี 2568</p>"),
        "/ita.html" => html(r#"<title>ITA 2568</title><h2>ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน</h2><table>
            <tr><td>O1</td><td>โครงสร้างและอำนาจหน้าที่</td><td><a href="/a.html#s">คลิก</a></td></tr>
            <tr><td>O2</td><td>ข้อมูลผู้บริหาร</td><td><a href="/b.html?x=1">คลิก</a></td></tr></table>"#),
        "/b.html?x=1" => html("<title>ข้อมูลผู้บริหาร</title><p>นายกเทศมนตรี นายสมชาย ใจดี โทร 042-000-000 รองนายกเทศมนตรี นางสมศรี ใจงาม โทร 042-000-001</p>"),
        _ => not_found(),
    })
    .await
}
