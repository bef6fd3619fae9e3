//! Fault injection: per request (`X-Fake-Fault`), global, queued, and what
//! each fault does to the wire and to the state.

mod common;

use std::time::{Duration, Instant};

use common::{Harness, checked};
use portone_v1::money::Amount;
use portone_v1_fake::{BAD_FAULT_HEADER, FakeConfig, Fault, INJECTED_500, seeds};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn cancelled(h: &Harness) -> Amount {
    h.fake.payment(seeds::CARD_PAID).unwrap().cancel_amount
}

async fn cancel_with_fault(
    h: &Harness,
    token: &str,
    fault: &str,
) -> Result<reqwest::Response, reqwest::Error> {
    h.http
        .post(h.url("/payments/cancel"))
        .bearer_auth(token)
        .header("x-fake-fault", fault)
        .json(&json!({"imp_uid": seeds::CARD_PAID, "amount": 1000}))
        .send()
        .await
}

/// Sends a cancel over a raw socket and returns every byte that came back
/// before the connection closed (a reset ends the read, keeping the bytes).
async fn raw_cancel(h: &Harness, token: &str, fault: &str) -> Vec<u8> {
    let body = json!({"imp_uid": seeds::CARD_PAID, "amount": 1000}).to_string();
    let request = format!(
        "POST /payments/cancel HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nX-Fake-Fault: {fault}\r\n\
         Connection: close\r\n\r\n{body}",
        h.fake.addr(),
        body.len()
    );
    let mut s = tokio::net::TcpStream::connect(h.fake.addr()).await.unwrap();
    s.write_all(request.as_bytes()).await.unwrap();
    let mut got = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut got)).await;
    assert!(read.is_ok(), "the fake closed the connection");
    got
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let h = Harness::start().await;
    let token = h.token().await;
    let started = Instant::now();
    let r = h
        .http
        .get(h.url(&format!("/payments/{}", seeds::CARD_PAID)))
        .bearer_auth(&token)
        .header("x-fake-fault", "latency=300ms")
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(checked(r).await.status, 200);
}

#[tokio::test]
async fn status_500_is_an_error_envelope_and_nothing_happens() {
    let h = Harness::start().await;
    let token = h.token().await;
    let r = checked(cancel_with_fault(&h, &token, "status=500").await.unwrap()).await;
    assert_eq!((r.status, r.code(), r.message()), (500, -1, INJECTED_500));
    assert_eq!(cancelled(&h), Amount::ZERO);
}

#[tokio::test]
async fn status_502_and_503_are_html_pages_like_a_proxy() {
    let h = Harness::start().await;
    let token = h.token().await;
    for (fault, status, title) in [
        ("status=502", 502, "502 Bad Gateway"),
        ("latency=20ms,status=503", 503, "503 Service Unavailable"),
    ] {
        let r = cancel_with_fault(&h, &token, fault).await.unwrap();
        assert_eq!(r.status().as_u16(), status);
        assert_eq!(r.headers()["content-type"], "text/html");
        let text = r.text().await.unwrap();
        assert!(text.contains(&format!("<title>{title}</title>")), "{text}");
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());
    }
    assert_eq!(cancelled(&h), Amount::ZERO);
}

#[tokio::test]
async fn drop_closes_the_connection_without_an_answer_or_a_change() {
    let h = Harness::start().await;
    let token = h.token().await;
    let err = cancel_with_fault(&h, &token, "drop").await.unwrap_err();
    assert!(!err.is_status() && !err.is_timeout(), "{err:?}");
    let raw = raw_cancel(&h, &token, "drop").await;
    assert!(
        raw.is_empty(),
        "not a byte: {}",
        String::from_utf8_lossy(&raw)
    );
    assert_eq!(cancelled(&h), Amount::ZERO);
    // The server keeps serving other connections.
    assert_eq!(
        h.get_payment(Some(&token), seeds::CARD_PAID, "")
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn drop_after_applies_the_cancel_but_never_answers() {
    let h = Harness::start().await;
    let token = h.token().await;
    let err = cancel_with_fault(&h, &token, "drop=after")
        .await
        .unwrap_err();
    assert!(!err.is_status(), "{err:?}");
    // The dangerous case a checksum guards against: it did happen.
    assert_eq!(cancelled(&h), Amount::from_i64(1000));
}

#[tokio::test]
async fn truncate_sends_half_the_announced_body_then_closes() {
    let h = Harness::start().await;
    let token = h.token().await;
    let raw = raw_cancel(&h, &token, "truncate").await;
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").expect("headers were sent");
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(str::to_string)
        })
        .expect("a Content-Length")
        .parse()
        .unwrap();
    assert!(
        !body.is_empty() && body.len() < length,
        "{} of {length}",
        body.len()
    );
    assert_eq!(body.len(), length / 2);
    assert!(serde_json::from_str::<serde_json::Value>(body).is_err());
    // The request itself was processed.
    assert_eq!(cancelled(&h), Amount::from_i64(1000));

    // A client reading the body sees an error, not a short success.
    let r = cancel_with_fault(&h, &token, "truncate").await.unwrap();
    assert!(r.text().await.is_err());
}

#[tokio::test]
async fn a_global_fault_applies_to_every_request_until_cleared() {
    let h = Harness::with(FakeConfig::default().fault("status=503".parse().unwrap())).await;
    let r = h
        .http
        .post(h.url("/users/getToken"))
        .json(&json!({"imp_key": h.fake.imp_key(), "imp_secret": h.fake.imp_secret().expose_secret()}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 503);
    // A request's own header wins, `none` included.
    let r = h
        .http
        .post(h.url("/users/getToken"))
        .header("x-fake-fault", "none")
        .json(&json!({"imp_key": h.fake.imp_key(), "imp_secret": h.fake.imp_secret().expose_secret()}))
        .send()
        .await
        .unwrap();
    assert_eq!(checked(r).await.status, 200);
    h.fake.set_fault(Fault::none());
    let token = h.token().await;
    h.fake.set_fault("status=500".parse().unwrap());
    let r = checked(
        h.http
            .get(h.url(&format!("/payments/{}", seeds::CARD_PAID)))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 500);
}

#[tokio::test]
async fn queued_faults_fail_the_next_requests_then_stop() {
    let h = Harness::start().await;
    let token = h.token().await;
    h.fake.fault_next(2, "status=502".parse().unwrap());
    let before = h.fake.request_count();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let r = h
            .http
            .get(h.url(&format!("/payments/{}", seeds::CARD_PAID)))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [502, 502, 200]);
    assert_eq!(h.fake.request_count() - before, 3);
}

#[tokio::test]
async fn a_bad_fault_header_is_a_400_envelope_naming_the_problem() {
    let h = Harness::start().await;
    let token = h.token().await;
    let r = checked(cancel_with_fault(&h, &token, "status=418").await.unwrap()).await;
    assert_eq!((r.status, r.code()), (400, -1));
    assert!(r.message().starts_with(BAD_FAULT_HEADER), "{}", r.message());
    assert!(r.message().contains("status `418`"), "{}", r.message());
    assert_eq!(cancelled(&h), Amount::ZERO);
}

#[tokio::test]
async fn queued_faults_can_target_one_path() {
    let h = Harness::start().await;
    let token = h.token().await;
    h.fake
        .fault_next_on("/payments/cancel", 1, "status=503".parse().unwrap());
    // Other paths pass the queued fault by ...
    assert_eq!(
        h.get_payment(Some(&token), seeds::CARD_PAID, "")
            .await
            .status,
        200
    );
    // ... the cancel takes it, once.
    let r = h
        .http
        .post(h.url("/payments/cancel"))
        .bearer_auth(&token)
        .json(&json!({"imp_uid": seeds::CARD_PAID, "amount": 1000}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 503);
    assert_eq!(cancelled(&h), Amount::ZERO);
    let r = h
        .cancel(&token, json!({"imp_uid": seeds::CARD_PAID, "amount": 1000}))
        .await;
    assert_eq!(r.code(), 0);
}
