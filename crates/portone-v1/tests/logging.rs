//! The `tracing` events a call emits: operation, status, duration and the
//! 401 retry are logged; no secret is.
//!
//! This test has a binary of its own on purpose: `tracing` caches, per
//! callsite, whether any subscriber is interested. With a thread-local
//! subscriber (`set_default`) and other tests hitting the same callsites on
//! other threads, that cache can be filled while this test's subscriber is
//! not yet seen, and an event goes missing (it did, once, under strace).
//! Alone in its process the result does not depend on scheduling.
#![recursion_limit = "256"]

mod support;

use portone_v1_mock::MockApi;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn logs_name_the_operation_and_status_but_no_secret() {
    let (captured, _guard) = capture_logs();
    let server = MockApi::start().await;
    mount_token(&server).await;
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .respond_with(ResponseTemplate::new(401).set_body_json(error_envelope(-1, "Unauthorized")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_cancel_ok(&server).await;
    client(&server).cancel(&full("imp_1")).await.unwrap();
    let logs = captured.take();
    assert!(logs.contains("operation=\"cancelPayment\""), "{logs}");
    assert!(logs.contains("status=200"), "{logs}");
    assert!(logs.contains("duration_ms"), "{logs}");
    assert!(logs.contains("HTTP 401"), "the retry is logged: {logs}");
    assert_no_secret(&logs);
}
