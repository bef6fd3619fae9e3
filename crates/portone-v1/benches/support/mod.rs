//! Fixtures and a minimal HTTP/1.1 responder shared by the client benches.
//!
//! The responder answers every request with one of two fixed, pre-encoded
//! responses, so its cost per request is small and identical for the crate
//! and for the hand-written baseline measured against it.
// Each bench file uses only part of this module.
#![allow(dead_code)]

pub mod calls;
pub mod cpu_clock;
pub mod stats;

use std::net::SocketAddr;
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const KEY: &str = "bench-imp-key";
pub const SECRET: &str = "bench-imp-secret";
pub const TOKEN: &str = "bench-token-0123456789abcdef0123456789abcdef";

use portone_v1_fake::seeds;
/// Writes JSON text the way the PortOne server does (`\uXXXX` for
/// non-ASCII, `\/` for `/`): the fake server's escaper, so benches and fake
/// agree on the wire form.
pub use portone_v1_fake::wire::ascii_escape;

/// One entry of `cancel_history`: a partial cancel of `amount`.
fn cancellation(i: usize, amount: &Value) -> Value {
    json!({
        "pg_tid": format!("StdpayCARDINIpayTest2024112514{i:06}"),
        "amount": amount,
        "cancelled_at": 1_732_510_000 + i as i64 * 60,
        "reason": format!("고객 요청에 의한 부분 환불 {i}번째 (상품 불량)"),
        "cancellation_id": format!("cancel_{i:08}"),
        "receipt_url": format!(
            "https://iniweb.inicis.com/DefaultWebApp/mall/cr/cm/mCmReceipt_head.jsp?noTid=StdpayCARDINIpayTest2024112514{i:06}&noMethod=1"
        ),
    })
}

/// A KRW card payment after `cancels` partial cancels of 1,000 KRW, as the
/// `{code, message, response}` envelope, ASCII-escaped like the real server.
pub fn payment_envelope(cancels: usize) -> Vec<u8> {
    let amount = json!(50_000 + 1000 * cancels as i64);
    let cancelled = json!(1000 * cancels as i64);
    payment_envelope_with(cancels, "KRW", amount, cancelled, &json!(1000))
}

/// The same payment in USD with fractional amounts (12.34 per cancel), which
/// takes the floating-point path of the `Amount` decoder.
pub fn payment_envelope_usd(cancels: usize) -> Vec<u8> {
    let cents = 9_999 + 1234 * cancels as i64;
    let amount = json!(cents as f64 / 100.0);
    let cancelled = json!((1234 * cancels as i64) as f64 / 100.0);
    payment_envelope_with(cancels, "USD", amount, cancelled, &json!(12.34))
}

fn payment_envelope_with(
    cancels: usize,
    currency: &str,
    amount: Value,
    cancel_amount: Value,
    each: &Value,
) -> Vec<u8> {
    let history: Vec<Value> = (0..cancels).map(|i| cancellation(i, each)).collect();
    let receipts: Vec<Value> = history.iter().map(|c| c["receipt_url"].clone()).collect();
    // The fake's card payment (the one home of the payment bodies), after
    // `cancels` partial cancels.
    let mut payment = seeds::payment_json(seeds::CARD_PAID).expect("the fake has a card payment");
    payment["amount"] = amount;
    payment["cancel_amount"] = cancel_amount;
    payment["currency"] = json!(currency);
    payment["cancelled_at"] = if cancels > 0 {
        json!(1_732_510_000 + (cancels as i64 - 1) * 60)
    } else {
        json!(0)
    };
    payment["cancel_reason"] = if cancels > 0 {
        json!("고객 요청에 의한 부분 환불")
    } else {
        Value::Null
    };
    payment["cancel_history"] = Value::Array(history);
    payment["cancel_receipt_urls"] = Value::Array(receipts);
    let envelope = json!({"code": 0, "message": null, "response": payment});
    ascii_escape(&serde_json::to_string(&envelope).expect("a Value serializes")).into_bytes()
}

/// A getToken success envelope for [`TOKEN`], valid for 30 minutes.
pub fn token_envelope() -> Vec<u8> {
    serde_json::to_vec(&json!({
        "code": 0,
        "message": null,
        "response": {"access_token": TOKEN, "now": 1_732_500_000, "expired_at": 1_732_501_800}
    }))
    .expect("a Value serializes")
}

fn http_200(body: &[u8]) -> Arc<[u8]> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out.into()
}

/// Starts the responder on 127.0.0.1 in its own thread (a single-threaded
/// tokio runtime) and returns its address. `POST /users/getToken` gets
/// `token`, every other request gets `other`. Keep-alive, no chunking.
pub fn start_server(token: &[u8], other: &[u8]) -> SocketAddr {
    let token = http_200(token);
    let other = http_200(other);
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    std_listener
        .set_nonblocking(true)
        .expect("nonblocking listener");
    let addr = std_listener.local_addr().expect("local address");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .expect("server runtime");
        rt.block_on(async move {
            let listener = TcpListener::from_std(std_listener).expect("tokio listener");
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                tokio::spawn(serve(stream, token.clone(), other.clone()));
            }
        });
    });
    addr
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> usize {
    let text = String::from_utf8_lossy(head);
    text.lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}

async fn serve(mut stream: TcpStream, token: Arc<[u8]>, other: Arc<[u8]>) {
    let _ = stream.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::with_capacity(16 * 1024);
    loop {
        let head_end = loop {
            if let Some(i) = find(&buf, b"\r\n\r\n") {
                break i + 4;
            }
            match stream.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        };
        let total = head_end + content_length(&buf[..head_end]);
        while buf.len() < total {
            match stream.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
        let response = if buf.starts_with(b"POST /users/getToken ") {
            &token
        } else {
            &other
        };
        if stream.write_all(response).await.is_err() {
            return;
        }
        buf.drain(..total);
    }
}

/// The cancel body a user would write by hand, the baseline of the request
/// benches. Fields in the order the generated type serializes them, so the
/// bytes are identical (checked in `cancel_e2e`'s setup).
#[derive(Serialize)]
pub struct RawCancel<'a> {
    pub amount: i64,
    pub checksum: i64,
    pub imp_uid: &'a str,
    pub reason: &'a str,
}
