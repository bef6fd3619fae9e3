//! A minimal HTTP/1.1 client over a raw TCP socket, so the property tests
//! can send what reqwest refuses to build (bytes that are not a header
//! value, duplicated headers, broken request lines) and read every answer.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long one exchange may take before it counts as a hang.
pub const EXCHANGE_DEADLINE: Duration = Duration::from_secs(10);

/// One answer, as parsed from the socket.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    /// Header names in lower case, in order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Whether the whole body arrived (a connection reset can cut it when
    /// the server answered before reading the whole request).
    pub complete: bool,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn is_json(&self) -> bool {
        self.header("content-type")
            .is_some_and(|ct| ct.starts_with("application/json"))
    }
}

/// What came back for the bytes sent.
#[derive(Debug)]
pub enum Exchange {
    /// The final (non-1xx) answers, in order; empty when the connection
    /// closed without one. `reset`: it ended with a reset rather than a
    /// clean close, which can discard answer bytes not read yet (a server
    /// that closes with request bytes unread resets the connection).
    Answered {
        responses: Vec<RawResponse>,
        reset: bool,
    },
    /// Nothing within [`EXCHANGE_DEADLINE`].
    TimedOut { received: Vec<u8> },
}

/// Sends `request` on a fresh connection and reads until the server closes
/// it. With `half_close`, the write side is shut after sending, so a server
/// that waits for more bytes sees the end instead of waiting forever.
pub async fn exchange(addr: SocketAddr, request: &[u8], half_close: bool) -> Exchange {
    let mut received = Vec::new();
    let mut reset = false;
    let io = async {
        let stream = TcpStream::connect(addr).await?;
        let (mut reader, mut writer) = stream.into_split();
        // Written while reading: a server may answer (and close) before it
        // has read a large body, and the reset its close then causes can
        // discard answer bytes the client has not read yet.
        let write = async {
            let _ = writer.write_all(request).await;
            if half_close {
                let _ = writer.shutdown().await;
            }
            writer
        };
        let read = async {
            let mut buf = [0u8; 16 * 1024];
            loop {
                match reader.read(&mut buf).await {
                    Ok(0) => break,
                    Ok(n) => received.extend_from_slice(&buf[..n]),
                    // A reset after the answer still leaves what was read.
                    Err(_) => {
                        reset = true;
                        break;
                    }
                }
            }
        };
        // Keep the write half alive until the read ends: dropping it would
        // half-close the connection.
        let (_writer, ()) = tokio::join!(write, read);
        Ok::<(), std::io::Error>(())
    };
    match tokio::time::timeout(EXCHANGE_DEADLINE, io).await {
        Ok(_) => Exchange::Answered {
            responses: parse_responses(&received),
            reset,
        },
        Err(_) => Exchange::TimedOut { received },
    }
}

/// [`exchange`], again while the connection was reset before any answer
/// arrived (at most three times): a request the server refused before
/// reading all of it changed nothing, and its answer was lost in transit.
/// A request that took effect had been read whole, so it is never resent.
pub async fn exchange_retrying_resets(addr: SocketAddr, request: &[u8]) -> Exchange {
    let mut attempt = 0;
    loop {
        let outcome = exchange(addr, request, false).await;
        attempt += 1;
        match &outcome {
            Exchange::Answered {
                responses,
                reset: true,
            } if responses.is_empty() && attempt < 3 => {
                continue;
            }
            _ => return outcome,
        }
    }
}

/// Splits the received bytes into responses: a head, then a body of
/// `Content-Length` bytes or chunked; interim 1xx answers are dropped.
/// Parsing stops at the first thing that is not a response.
pub fn parse_responses(mut bytes: &[u8]) -> Vec<RawResponse> {
    let mut out = Vec::new();
    while let Some(end) = find(bytes, b"\r\n\r\n") {
        let Ok(head) = std::str::from_utf8(&bytes[..end]) else {
            break;
        };
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or("");
        let Some(status) = status_line
            .strip_prefix("HTTP/1.")
            .and_then(|rest| rest.get(2..5))
            .and_then(|code| code.parse::<u16>().ok())
        else {
            break;
        };
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let rest = &bytes[end + 4..];
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        let (body, consumed, complete) = if (100..200).contains(&status) {
            (Vec::new(), 0, true)
        } else if let Some(len) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
            let got = len.min(rest.len());
            (rest[..got].to_vec(), got, got == len)
        } else if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            let (body, consumed, complete) = dechunk(rest);
            (body, consumed, complete)
        } else {
            (rest.to_vec(), rest.len(), true)
        };
        if !(100..200).contains(&status) {
            out.push(RawResponse {
                status,
                headers,
                body,
                complete,
            });
        }
        bytes = &rest[consumed..];
    }
    out
}

fn dechunk(mut bytes: &[u8]) -> (Vec<u8>, usize, bool) {
    let total = bytes.len();
    let mut body = Vec::new();
    let mut complete = false;
    while let Some(eol) = find(bytes, b"\r\n") {
        let size = std::str::from_utf8(&bytes[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next()?.trim(), 16).ok());
        let Some(size) = size else { break };
        bytes = &bytes[eol + 2..];
        if size == 0 {
            bytes = bytes.get(2..).unwrap_or(&[]);
            complete = true;
            break;
        }
        let take = size.min(bytes.len());
        body.extend_from_slice(&bytes[..take]);
        bytes = bytes.get(take + 2..).unwrap_or(&[]);
    }
    (body, total - bytes.len(), complete)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_interim_pipelined_and_chunked_answers() {
        let raw = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}HTTP/1.1 404 Not Found\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        let rs = parse_responses(raw);
        assert_eq!(rs.len(), 2);
        assert!(rs.iter().all(|r| r.complete));
        let cut = parse_responses(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 9\r\n\r\n{\"co");
        assert!(!cut[0].complete);
        assert_eq!((rs[0].status, rs[0].body.as_slice()), (200, &b"{}"[..]));
        assert_eq!((rs[1].status, rs[1].body.as_slice()), (404, &b"abc"[..]));
    }
}
