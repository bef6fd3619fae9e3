//! One simulated client: a single keep-alive HTTP/1.1 connection on which it
//! repeats getToken → GET /payments/{imp_uid} → POST /payments/cancel until
//! the run ends, timing every request.
//!
//! The same bytes go to the fake and to Prism. Each client owns its own
//! payments (see `payment_ids`) and cancels `CANCEL_UNIT` at a time with the
//! `checksum` it expects, so on the fake every cancel really goes through and
//! no payment's history grows past `Target::cancels_per_payment` entries;
//! Prism, being
//! stateless, answers its example whatever is sent.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::{Method, Request, header};
use hyper_util::rt::TokioIo;
use serde::Deserialize;

/// Each seeded payment is this many cancels of `CANCEL_UNIT` unless told
/// otherwise.
pub const DEFAULT_CANCELS_PER_PAYMENT: i64 = 4;
/// KRW per cancel.
pub const CANCEL_UNIT: i64 = 500;
/// A request that takes longer than this counts as an error and the
/// connection is replaced: no request can hold a client past the deadline.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// A client pauses this long after a failed request before the next one.
const ERROR_PAUSE: Duration = Duration::from_millis(10);

/// The three calls of the mix, in the order a client makes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call {
    GetToken,
    GetPayment,
    Cancel,
}

impl Call {
    pub const ALL: [Call; 3] = [Call::GetToken, Call::GetPayment, Call::Cancel];

    pub fn name(self) -> &'static str {
        match self {
            Call::GetToken => "getToken",
            Call::GetPayment => "getPayment",
            Call::Cancel => "cancel",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The `imp_uid` of seeded payment `i` (the seed file and the clients agree
/// on this).
pub fn payment_id(i: usize) -> String {
    format!("imp_load_{i:07}")
}

/// The payments client `client` of `clients` cancels, in order: every
/// `clients`-th one, so no two clients touch the same payment.
pub fn payment_ids(client: usize, clients: usize, payments: usize) -> Vec<String> {
    (client..payments)
        .step_by(clients)
        .map(payment_id)
        .collect()
}

/// What one client saw, timed requests only.
#[derive(Debug, Default)]
pub struct ClientReport {
    /// Nanoseconds per request, by `Call::index`.
    pub latencies: [Vec<u64>; 3],
    /// HTTP 200 with a non-zero `code` (a cancel refused by the fake: the
    /// client ran out of payments).
    pub refused: u64,
    /// Another status, a broken connection, a body that is not the
    /// envelope, or a timeout.
    pub errors: u64,
    /// The first error, for the report.
    pub first_error: Option<String>,
}

/// When a client may time requests and when it must stop.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    /// Requests that start before this are warm-up and not recorded.
    pub measure_from: Instant,
    /// No request starts after this, and none that ends after it is recorded.
    pub until: Instant,
}

/// Where to send and with which credentials.
#[derive(Clone, Debug)]
pub struct Target {
    pub addr: SocketAddr,
    pub imp_key: String,
    pub imp_secret: String,
    /// What each seeded payment is worth, in cancels of `CANCEL_UNIT`.
    pub cancels_per_payment: i64,
}

#[derive(Deserialize)]
struct Envelope<T> {
    code: i64,
    response: Option<T>,
}

#[derive(Deserialize)]
struct Token {
    access_token: String,
}

/// Anything: only the envelope's `code` matters to the load generator.
#[derive(Deserialize)]
struct Ignored {}

enum Outcome {
    Ok(Option<String>),
    Refused,
    Error(String),
}

/// Runs one client until `window.until`.
pub async fn run_client(target: Target, ids: Vec<String>, window: Window) -> ClientReport {
    let mut report = ClientReport::default();
    let mut conn: Option<SendRequest<Full<Bytes>>> = None;
    let host = target.addr.to_string();
    let token_body = Bytes::from(
        serde_json::json!({"imp_key": target.imp_key, "imp_secret": target.imp_secret}).to_string(),
    );
    let mut token = String::new();
    let mut payment = 0usize;
    let mut cancels_done = 0i64;
    'run: loop {
        for call in Call::ALL {
            let started = Instant::now();
            if started >= window.until {
                break 'run;
            }
            let id = ids
                .get(payment)
                .or(ids.last())
                .map_or("imp_load_none", String::as_str);
            let request = match call {
                Call::GetToken => post(&host, "/users/getToken", None, token_body.clone()),
                Call::GetPayment => Request::builder()
                    .method(Method::GET)
                    .uri(format!("/payments/{id}"))
                    .header(header::HOST, &host)
                    .header(header::AUTHORIZATION, format!("Bearer {token}"))
                    .body(Full::new(Bytes::new()))
                    .expect("a valid request"),
                Call::Cancel => {
                    let balance = (target.cancels_per_payment - cancels_done) * CANCEL_UNIT;
                    let body = format!(
                        r#"{{"imp_uid":"{id}","amount":{CANCEL_UNIT},"checksum":{balance},"reason":"load test"}}"#
                    );
                    post(&host, "/payments/cancel", Some(&token), Bytes::from(body))
                }
            };
            let outcome = match tokio::time::timeout(
                REQUEST_TIMEOUT,
                send(&target, &mut conn, request, call),
            )
            .await
            {
                Ok(outcome) => outcome,
                Err(_) => Outcome::Error(format!("{} timed out", call.name())),
            };
            let ended = Instant::now();
            let timed = started >= window.measure_from && ended <= window.until;
            match outcome {
                Outcome::Ok(new_token) => {
                    if let Some(t) = new_token {
                        token = t;
                    }
                    if call == Call::Cancel {
                        cancels_done += 1;
                        if cancels_done == target.cancels_per_payment {
                            payment += 1;
                            cancels_done = 0;
                        }
                    }
                    if timed {
                        report.latencies[call.index()].push((ended - started).as_nanos() as u64);
                    }
                }
                Outcome::Refused => {
                    if timed {
                        report.refused += 1;
                    }
                }
                Outcome::Error(e) => {
                    // A broken or timed-out connection is replaced.
                    conn = None;
                    if timed {
                        report.errors += 1;
                    }
                    report.first_error.get_or_insert(e);
                    // No tight loop against a server that refuses.
                    tokio::time::sleep(ERROR_PAUSE).await;
                    if call == Call::GetToken && token.is_empty() {
                        // No token yet: the other calls would only be 401s.
                        continue 'run;
                    }
                }
            }
        }
    }
    report
}

fn post(host: &str, path: &str, token: Option<&str>, body: Bytes) -> Request<Full<Bytes>> {
    let mut b = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::HOST, host)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    b.body(Full::new(body)).expect("a valid request")
}

/// Sends one request on the client's connection, opening one if needed,
/// and reads the whole answer.
async fn send(
    target: &Target,
    conn: &mut Option<SendRequest<Full<Bytes>>>,
    request: Request<Full<Bytes>>,
    call: Call,
) -> Outcome {
    if conn.as_ref().is_none_or(|c| c.is_closed()) {
        match connect(target.addr).await {
            Ok(c) => *conn = Some(c),
            Err(e) => return Outcome::Error(format!("connect: {e}")),
        }
    }
    let Some(sender) = conn.as_mut() else {
        return Outcome::Error("no connection".to_string());
    };
    if let Err(e) = sender.ready().await {
        return Outcome::Error(format!("connection not ready: {e}"));
    }
    let response = match sender.send_request(request).await {
        Ok(r) => r,
        Err(e) => return Outcome::Error(format!("{}: {e}", call.name())),
    };
    let status = response.status();
    let body = match response.into_body().collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => return Outcome::Error(format!("{} body: {e}", call.name())),
    };
    if status != 200 {
        return Outcome::Error(format!("{}: HTTP {status}", call.name()));
    }
    let decoded = match call {
        Call::GetToken => serde_json::from_slice::<Envelope<Token>>(&body)
            .map(|e| (e.code, e.response.map(|t| t.access_token))),
        _ => serde_json::from_slice::<Envelope<Ignored>>(&body).map(|e| (e.code, None)),
    };
    match decoded {
        Ok((0, token)) => Outcome::Ok(token),
        Ok(_) => Outcome::Refused,
        Err(e) => Outcome::Error(format!("{}: not an envelope: {e}", call.name())),
    }
}

async fn connect(addr: SocketAddr) -> std::io::Result<SendRequest<Full<Bytes>>> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream))
        .await
        .map_err(std::io::Error::other)?;
    // Ends when the sender is dropped or the peer closes.
    tokio::spawn(connection);
    Ok(sender)
}
