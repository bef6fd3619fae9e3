//! Secrets never show: not in Debug, Display, errors or logs. Credentials
//! never travel in clear text or to another host.
#![recursion_limit = "256"]

mod support;

use portone_v1::{
    AccessToken, CancelAmount, CancelRequest, ConfigError, GetTokenRequest, PortOne, SecretString,
    Target,
};
use serde_json::json;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn full() -> CancelRequest {
    CancelRequest::builder(Target::imp_uid("imp_1"), CancelAmount::FullRemaining)
        .build()
        .unwrap()
}

#[test]
fn generated_types_redact_secrets_in_debug() {
    let req: GetTokenRequest =
        serde_json::from_value(json!({"imp_key": KEY, "imp_secret": SECRET})).unwrap();
    assert_no_secret(&format!("{req:?}"));
    assert!(
        format!("{req:?}").contains(KEY),
        "the key itself is not a secret"
    );
    let token: AccessToken =
        serde_json::from_value(json!({"access_token": TOKEN, "now": 1, "expired_at": 2})).unwrap();
    assert_no_secret(&format!("{token:?}"));
    assert_eq!(token.access_token.expose_secret(), TOKEN);
    assert_no_secret(&format!(
        "{:?} {}",
        SecretString::new(SECRET),
        SecretString::new(SECRET)
    ));
}

#[tokio::test]
async fn client_debug_and_every_error_hide_secrets() {
    let server = MockServer::start().await;
    mount_token(&server).await;
    let client = client(&server);
    assert_no_secret(&format!("{client:?}"));
    assert_no_secret(&format!("{:?}", PortOne::builder(KEY, SECRET)));
    for (status, body) in [
        (200, error_envelope(1, "취소할 결제건이 존재하지 않습니다.")),
        (200, error_envelope(-1, "PG refused")),
        (401, error_envelope(-1, "Unauthorized")),
        (502, json!("bad gateway")),
    ] {
        let server = MockServer::start().await;
        mount_token(&server).await;
        mount_cancel(&server, status, body).await;
        let err = support::client(&server).cancel(&full()).await.unwrap_err();
        assert_no_secret(&format!("{err:?}"));
        assert_no_secret(&err.to_string());
        let mut source = std::error::Error::source(&err);
        while let Some(s) = source {
            assert_no_secret(&format!("{s} {s:?}"));
            source = s.source();
        }
    }
    // After a successful call the cached token is not in Debug either.
    mount_cancel(
        &server,
        200,
        ok_envelope(card_payment("imp_1", json!(1), json!(1), "cancelled")),
    )
    .await;
    client.cancel(&full()).await.unwrap();
    assert_no_secret(&format!("{client:?}"));
}

#[tokio::test]
async fn bad_credentials_error_does_not_echo_the_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(ResponseTemplate::new(401).set_body_json(error_envelope(-1, "Unauthorized")))
        .mount(&server)
        .await;
    let err = client(&server).cancel(&full()).await.unwrap_err();
    assert_no_secret(&format!("{err:?} {err}"));
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    for url in [
        "http://api.iamport.kr",
        "http://192.168.0.10:8080",
        "http://example.com/",
    ] {
        let err = PortOne::builder(KEY, SECRET)
            .base_url(url)
            .build()
            .unwrap_err();
        assert!(
            matches!(err, ConfigError::InsecureBaseUrl { .. }),
            "{url}: {err:?}"
        );
        assert!(err.to_string().contains("clear text"), "{err}");
        assert_no_secret(&format!("{err} {err:?}"));
    }
    assert!(
        PortOne::builder(KEY, SECRET)
            .base_url("https://api.iamport.kr")
            .build()
            .is_ok()
    );
    assert!(
        PortOne::builder(KEY, SECRET)
            .base_url("http://localhost:8080")
            .build()
            .is_ok()
    );
}

#[tokio::test]
async fn authorization_is_not_sent_to_another_host_on_redirect() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(ok_envelope(card_payment(
                "imp_1",
                json!(1),
                json!(1),
                "cancelled",
            ))),
        )
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    mount_token(&server).await;
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("location", format!("{}/payments/cancel", elsewhere.uri())),
        )
        .mount(&server)
        .await;
    let err = client(&server).cancel(&full()).await.unwrap_err();
    assert!(
        matches!(
            err,
            portone_v1::CancelError::UnexpectedStatus { status: 307, .. }
        ),
        "{err:?}"
    );
    let leaked = elsewhere.received_requests().await.unwrap();
    assert!(
        leaked.is_empty(),
        "the other host received {} request(s)",
        leaked.len()
    );
}
