//! Document extraction in a separate process: PDF, XLSX and DOCX readers get hostile bytes,
//! and an allocation failure aborts a process outright (no panic to catch), a hang cannot be
//! stopped from another thread. So each document is read by `oitscan` itself re-invoked as a
//! worker, with an address-space limit, and killed when over its time: the worst a document
//! can do is cost its own text.

use super::document::{DocText, extract, kind_of};
use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The hidden subcommand the worker runs as.
pub const WORKER_ARG: &str = "__extract-worker";

/// Largest answer read back from a worker (its text is capped far below this).
const MAX_ANSWER: u64 = 4 * 1024 * 1024;

/// Runs as the worker: limits its address space to `memory` bytes, reads the content type and
/// path (one line each) and then the bytes from standard input, writes the extracted text as
/// JSON to standard output.
pub fn serve_stdin(memory: Option<u64>) -> std::io::Result<()> {
    #[cfg(unix)]
    if let Some(memory) = memory {
        let limit = libc::rlimit {
            rlim_cur: memory as libc::rlim_t,
            rlim_max: memory as libc::rlim_t,
        };
        // SAFETY: setrlimit reads one rlimit through a valid pointer.
        if unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    let mut input = Vec::new();
    std::io::stdin().lock().read_to_end(&mut input)?;
    let mut parts = input.splitn(3, |&b| b == b'\n');
    let content_type = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let path = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let bytes = parts.next().unwrap_or_default();
    let text = extract(bytes, &content_type, &path);
    let json = serde_json::to_vec(&text).map_err(std::io::Error::other)?;
    std::io::stdout().lock().write_all(&json)
}

/// Extracts a document in a worker process (`exe` run with [`WORKER_ARG`]), limited to
/// `memory` bytes of address space and `timeout`. Any failure of the worker (out of memory,
/// a crash, too slow) becomes the document's error, never the run's.
pub async fn extract_in_worker(
    exe: &Path,
    bytes: Vec<u8>,
    content_type: String,
    path: String,
    timeout: Duration,
    memory: u64,
) -> DocText {
    let kind = kind_of(&content_type, &path).to_string();
    let failed = |why: String| DocText {
        kind: kind.clone(),
        error: Some(why),
        ..DocText::default()
    };
    let mut cmd = tokio::process::Command::new(exe);
    // The worker limits its own address space before it reads a byte of the document: with
    // no code to run between fork and exec, the spawn can share the scan's memory map
    // instead of copying its page tables (a fork of a scan holding many sites is slow).
    cmd.arg(WORKER_ARG)
        .arg(memory.to_string())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true);
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return failed(format!("the text extractor could not be started ({e})")),
    };
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let header = format!(
        "{}\n{}\n",
        content_type.replace('\n', " "),
        path.replace('\n', " ")
    );
    let work = async move {
        let feed = async {
            // A worker that dies early closes its input: that is its answer, not ours.
            let _ = stdin.write_all(header.as_bytes()).await;
            let _ = stdin.write_all(&bytes).await;
            drop(stdin);
        };
        let mut answer = Vec::new();
        let mut capped = (&mut stdout).take(MAX_ANSWER);
        let read = capped.read_to_end(&mut answer);
        let (_, read) = tokio::join!(feed, read);
        let status = child.wait().await;
        (read.map(|_| answer), status)
    };
    match tokio::time::timeout(timeout, work).await {
        Err(_) => failed(format!(
            "text extraction took longer than {} s; the extractor was stopped",
            timeout.as_secs_f64().ceil()
        )),
        Ok((Ok(answer), Ok(status))) if status.success() => serde_json::from_slice(&answer)
            .unwrap_or_else(|e| {
                failed(format!("the text extractor gave no readable answer ({e})"))
            }),
        Ok((_, status)) => failed(format!(
            "the text extractor stopped on this file (out of memory, or it crashed{})",
            status
                .ok()
                .and_then(|s| {
                    #[cfg(unix)]
                    {
                        use std::os::unix::process::ExitStatusExt;
                        s.signal().map(|sig| format!(": signal {sig}"))
                    }
                    #[cfg(not(unix))]
                    {
                        s.code().map(|c| format!(": exit {c}"))
                    }
                })
                .unwrap_or_default()
        )),
    }
}
