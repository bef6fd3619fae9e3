//! `PortOne::check_credentials`: exactly one getToken per call, whatever
//! the cache holds; the lifetime from the server's numbers; a refusal and
//! a failure on the way as the two `AuthError`s; the token never shown.
#![recursion_limit = "256"]

mod support;

use std::time::Duration;

use portone_v1::{AuthError, ProvideErrorMetadata, TokenLifetime};
use portone_v1_mock::MockApi;
use serde_json::json;
use support::*;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn sends_the_credentials_once_per_check_and_reports_the_lifetime() {
    let server = MockApi::start().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .and(body_json(json!({"imp_key": KEY, "imp_secret": SECRET})))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(
            TOKEN,
            1_732_500_000,
            1800,
        )))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let first = client
        .check_credentials()
        .await
        .expect("the credentials work");
    assert_eq!(
        first,
        TokenLifetime {
            now: 1_732_500_000,
            expired_at: 1_732_501_800
        }
    );
    assert_eq!(first.lifetime(), Duration::from_secs(1800));
    // A second check asks again: it reports PortOne's answer, not a cache.
    client.check_credentials().await.expect("still working");
    assert_eq!(client.token_fetches(), 2);
    let shown = format!("{first:?} {}", serde_json::to_string(&first).unwrap());
    assert_no_secret(&shown);
    assert_eq!(
        serde_json::to_value(first).unwrap(),
        json!({"now": 1_732_500_000, "expired_at": 1_732_501_800})
    );
}

#[tokio::test]
async fn the_check_does_not_replace_the_cached_token_of_payment_calls() {
    let server = MockApi::start().await;
    // The first getToken answers one token, every later one another: a
    // check that replaced the cache would put the second on the cancel.
    const FIRST: &str = "tok-first-0123456789abcdef";
    const SECOND: &str = "tok-second-0123456789abcdef";
    for (token, times) in [(FIRST, Some(1)), (SECOND, None)] {
        let mock = Mock::given(method("POST"))
            .and(path("/users/getToken"))
            .respond_with(ResponseTemplate::new(200).set_body_json(token_body(
                token,
                1_732_500_000,
                1800,
            )));
        match times {
            Some(n) => mock.up_to_n_times(n).mount(&server).await,
            None => mock.mount(&server).await,
        }
    }
    mount_cancel_ok(&server).await;
    let client = client(&server);
    client.cancel(&full("imp_1")).await.expect("cancelled");
    client
        .check_credentials()
        .await
        .expect("the credentials work");
    client.cancel(&full("imp_1")).await.expect("cancelled");
    // One fetch for the payment calls (cached), one for the check.
    assert_eq!(requests_to(&server, "/users/getToken").await.len(), 2);
    // And the second cancel still sent the cached token, not the check's.
    let cancels = requests_to(&server, "/payments/cancel").await;
    let sent: Vec<&str> = cancels
        .iter()
        .map(|r| r.headers.get("authorization").unwrap().to_str().unwrap())
        .collect();
    let first = format!("Bearer {FIRST}");
    assert_eq!(sent, [first.as_str(), first.as_str()]);
}

#[tokio::test]
async fn wrong_credentials_are_credentials_rejected_with_the_answer() {
    let server = MockApi::start().await;
    mount_get_token(
        &server,
        ResponseTemplate::new(401).set_body_json(error_envelope(-1, "Unauthorized")),
    )
    .await;
    let err = client(&server)
        .check_credentials()
        .await
        .expect_err("refused");
    assert!(
        matches!(
            &err,
            AuthError::CredentialsRejected { status: 401, code: Some(-1), message }
                if message.as_deref() == Some("Unauthorized")
        ),
        "{err:?}"
    );
    assert_eq!((err.status(), err.code()), (Some(401), Some(-1)));
    assert_eq!(err.message(), Some("Unauthorized"));
    assert_no_secret(&format!("{err} {err:?}"));
}

#[tokio::test]
async fn a_non_zero_code_on_http_200_is_a_refusal_too() {
    let server = MockApi::start().await;
    mount_get_token(
        &server,
        ResponseTemplate::new(200).set_body_json(error_envelope(1, "키가 올바르지 않습니다.")),
    )
    .await;
    let err = client(&server)
        .check_credentials()
        .await
        .expect_err("refused");
    assert!(
        matches!(
            err,
            AuthError::CredentialsRejected {
                status: 200,
                code: Some(1),
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_unreadable_answer_is_token_unavailable_without_the_body() {
    let server = MockApi::start().await;
    // A body that holds the token but is not the envelope.
    mount_get_token(
        &server,
        ResponseTemplate::new(200).set_body_string(format!("{{\"access_token\": \"{TOKEN}\"")),
    )
    .await;
    let err = client(&server)
        .check_credentials()
        .await
        .expect_err("unreadable");
    assert!(matches!(err, AuthError::TokenUnavailable { .. }), "{err:?}");
    assert_no_secret(&format!("{err} {err:?}"));
}
