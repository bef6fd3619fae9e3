//! Each error says what failed at its own level in `Display` and hands the
//! cause on through `source()`, so a report that walks the chain (anyhow's
//! `{:#}`, eyre, `ErrorChain`) shows every cause exactly once, while the
//! outermost level still says whether money moved.
#![recursion_limit = "256"]

mod buyer_data;
mod support;

use std::error::Error;
use std::time::Duration;

use portone_v1::error::ErrorChain;
use portone_v1::{CancelError, CancelRequest, GetPaymentError, PortOne};
use portone_v1_mock::MockApi;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

/// The `Display` of the error and of each error in its `source()` chain,
/// outermost first: what anyhow's `{:#}` joins with `": "`.
fn levels(e: &(dyn Error + 'static)) -> Vec<String> {
    let mut out = vec![e.to_string()];
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push(c.to_string());
        cause = c.source();
    }
    out
}

/// No level repeats the text of a cause below it, the chain's report is the
/// levels joined as anyhow joins them, and each level's text occurs in it
/// exactly once. Returns the depth.
fn assert_each_cause_once(name: &str, e: &(dyn Error + 'static)) -> usize {
    let levels = levels(e);
    for (i, outer) in levels.iter().enumerate() {
        assert!(!outer.is_empty(), "{name}: level {i} says nothing");
        for inner in &levels[i + 1..] {
            assert!(
                !outer.contains(inner.as_str()),
                "{name}: level {i} `{outer}` repeats its cause `{inner}`"
            );
        }
    }
    let report = ErrorChain::new(e).to_string();
    assert_eq!(report, levels.join(": "), "{name}");
    for level in &levels {
        assert_eq!(
            report.matches(level.as_str()).count(),
            1,
            "{name}: `{level}` appears more than once in `{report}`"
        );
    }
    levels.len()
}

#[tokio::test]
async fn every_error_with_a_response_shows_each_cause_once() {
    let cases = buyer_data::all_cases().await;
    let mut deepest = 0;
    for case in &cases {
        deepest = deepest.max(assert_each_cause_once(case.name, case.failure.as_error()));
    }
    // A failed balance read that did not parse: cancel → lookup → decode.
    assert!(deepest >= 3, "no case had a chain of causes to check");
}

#[tokio::test]
async fn transport_failures_show_each_cause_once_and_keep_the_outcome_first() {
    // A timeout: the outcome is unknown, said at the top, the cause below.
    let slow = MockApi::start().await;
    mount_token(&slow).await;
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(error_envelope(1, "late"))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&slow)
        .await;
    let client = PortOne::builder(KEY, SECRET)
        .base_url(slow.uri())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = client.cancel(&full("imp_1")).await.unwrap_err();
    assert!(matches!(err, CancelError::Transport(_)), "{err:?}");
    assert!(assert_each_cause_once("timeout", &err) >= 3, "{err:?}");
    assert!(
        err.to_string().contains("may or may not have happened"),
        "{err}"
    );
    let report = ErrorChain::new(&err).to_string();
    assert!(report.contains("timed out"), "{report}");

    // Nothing listening (bound, not listening: connections are refused).
    let closed = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    closed
        .bind(&std::net::SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .unwrap();
    let port = closed.local_addr().unwrap().as_socket().unwrap().port();
    let client = PortOne::builder(KEY, SECRET)
        .base_url(format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let err = client.cancel(&full("imp_1")).await.unwrap_err();
    assert_each_cause_once("getToken cannot connect", &err);
    assert!(err.to_string().contains("nothing was cancelled"), "{err}");
    let err = client.get_payment("imp_1").await.unwrap_err();
    assert!(matches!(err, GetPaymentError::Auth(_)), "{err:?}");
    assert_each_cause_once("lookup: getToken cannot connect", &err);
}

#[test]
fn an_invalid_request_is_one_level() {
    let err = CancelRequest::builder(
        portone_v1::Target::imp_uid("x".repeat(33)),
        portone_v1::CancelAmount::FullRemaining,
    )
    .build()
    .map_err(CancelError::from)
    .unwrap_err();
    assert_eq!(assert_each_cause_once("invalid", &err), 1);
    assert!(err.to_string().contains("`imp_uid`"), "{err}");
}
