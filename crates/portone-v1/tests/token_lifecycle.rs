//! Access tokens: caching, renewal near expiry, clock skew, single flight,
//! and the one re-fetch + retry after a 401.
#![recursion_limit = "256"]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use portone_v1::{AuthError, CancelError};
use portone_v1_mock::MockApi;
use serde_json::json;
use support::*;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// getToken answering `tok-1`, `tok-2`, ... with the given clock and lifetime.
struct CountingTokens {
    count: Arc<AtomicUsize>,
    now: i64,
    lifetime: i64,
}

impl Respond for CountingTokens {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200).set_body_json(token_body(
            &format!("tok-{n}"),
            self.now,
            self.lifetime,
        ))
    }
}

async fn counting_tokens(server: &MockServer, now: i64, lifetime: i64) -> Arc<AtomicUsize> {
    let count = Arc::new(AtomicUsize::new(0));
    mount_get_token(
        server,
        CountingTokens {
            count: count.clone(),
            now,
            lifetime,
        },
    )
    .await;
    count
}

fn paid() -> serde_json::Value {
    ok_envelope(card_payment("imp_1", json!(1000), json!(0), "paid"))
}

#[tokio::test]
async fn token_is_cached_across_calls() {
    let server = MockApi::start().await;
    let fetches = counting_tokens(&server, 1_732_500_000, 1800).await;
    mount_cancel(&server, 200, paid()).await;
    let client = client(&server);
    for _ in 0..5 {
        client.cancel(&full("imp_1")).await.unwrap();
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    let sent = requests_to(&server, "/payments/cancel").await;
    assert!(
        sent.iter()
            .all(|r| r.headers.get("authorization").unwrap() == "Bearer tok-1")
    );
}

#[tokio::test]
async fn token_is_renewed_before_it_expires() {
    let server = MockApi::start().await;
    // Lives 2 s by the server's clock: renewed after 1 s (half its life).
    let fetches = counting_tokens(&server, 1_732_500_000, 2).await;
    mount_cancel(&server, 200, paid()).await;
    let client = client(&server);
    client.cancel(&full("imp_1")).await.unwrap();
    client.cancel(&full("imp_1")).await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 1, "still fresh");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client.cancel(&full("imp_1")).await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 2, "renewed near expiry");
    let sent = requests_to(&server, "/payments/cancel").await;
    assert_eq!(
        sent[2].headers.get("authorization").unwrap(),
        "Bearer tok-2"
    );
}

#[tokio::test]
async fn server_clock_skew_does_not_matter() {
    let server = MockApi::start().await;
    // The server's clock is years behind the local one; the token still
    // lives 30 minutes from now.
    let fetches = counting_tokens(&server, 1_000_000_000, 1800).await;
    mount_cancel(&server, 200, paid()).await;
    let client = client(&server);
    client.cancel(&full("imp_1")).await.unwrap();
    client.cancel(&full("imp_1")).await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    // And one years ahead behaves the same.
    let server2 = MockApi::start().await;
    let fetches2 = counting_tokens(&server2, 4_000_000_000, 1800).await;
    mount_cancel(&server2, 200, paid()).await;
    let client2 = support::client(&server2);
    client2.cancel(&full("imp_1")).await.unwrap();
    client2.cancel(&full("imp_1")).await.unwrap();
    assert_eq!(fetches2.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_cancels_fetch_one_token() {
    let server = MockApi::start().await;
    let count = Arc::new(AtomicUsize::new(0));
    mount_get_token(&server, CountingSlowTokens(count.clone())).await;
    mount_cancel(&server, 200, paid()).await;
    let client = client(&server);
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let client = client.clone();
        tasks.push(tokio::spawn(
            async move { client.cancel(&full("imp_1")).await },
        ));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(count.load(Ordering::SeqCst), 1, "single flight");
    assert_eq!(client.token_fetches(), 1);
    assert_eq!(requests_to(&server, "/payments/cancel").await.len(), 200);
}

/// A getToken that takes 100 ms, so that callers pile up behind it.
struct CountingSlowTokens(Arc<AtomicUsize>);

impl Respond for CountingSlowTokens {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_body_json(token_body(&format!("tok-{n}"), 1_732_500_000, 1800))
            .set_delay(Duration::from_millis(100))
    }
}

#[tokio::test]
async fn a_401_refetches_the_token_and_retries_once() {
    let server = MockApi::start().await;
    let fetches = counting_tokens(&server, 1_732_500_000, 1800).await;
    // The first token was revoked server-side; the second works.
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(error_envelope(-1, "Unauthorized")))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(paid()))
        .mount(&server)
        .await;
    let client = client(&server);
    let payment = client.cancel(&full("imp_1")).await.unwrap();
    assert_eq!(payment.imp_uid, "imp_1");
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    assert_eq!(requests_to(&server, "/payments/cancel").await.len(), 2);
    // The renewed token is cached.
    client.cancel(&full("imp_1")).await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_second_401_is_an_auth_error_without_a_third_try() {
    let server = MockApi::start().await;
    let fetches = counting_tokens(&server, 1_732_500_000, 1800).await;
    mount_cancel(&server, 401, error_envelope(-1, "Unauthorized")).await;
    let err = client(&server).cancel(&full("imp_1")).await.unwrap_err();
    match &err {
        CancelError::Auth(AuthError::TokenRejectedTwice { refusal }) => {
            assert_eq!(refusal.code, -1);
            assert_eq!(refusal.raw.status, 401);
        }
        other => panic!("expected TokenRejectedTwice, got {other:?}"),
    }
    assert!(err.nothing_cancelled());
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    assert_eq!(requests_to(&server, "/payments/cancel").await.len(), 2);
}
