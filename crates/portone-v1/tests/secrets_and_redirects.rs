//! Secrets never show: not in Debug, Display, errors or logs. Credentials
//! never travel in clear text or to another host.
#![recursion_limit = "256"]

mod support;

use portone_v1::error::ErrorChain;
use portone_v1::{AccessToken, ConfigError, GetTokenRequest, PortOne, SecretString};
use portone_v1_mock::MockApi;
use serde_json::json;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

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
    let server = MockApi::start().await;
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
        let server = MockApi::start().await;
        mount_token(&server).await;
        mount_cancel(&server, status, body).await;
        let err = support::client(&server)
            .cancel(&full("imp_1"))
            .await
            .unwrap_err();
        assert_no_secret(&format!("{err:?}"));
        assert_no_secret(&err.to_string());
        let mut source = std::error::Error::source(&err);
        while let Some(s) = source {
            assert_no_secret(&format!("{s} {s:?}"));
            source = s.source();
        }
    }
    // After a successful call the cached token is not in Debug either.
    mount_cancel_ok(&server).await;
    client.cancel(&full("imp_1")).await.unwrap();
    assert_no_secret(&format!("{client:?}"));
}

#[tokio::test]
async fn bad_credentials_error_does_not_echo_the_secret() {
    let server = MockApi::start().await;
    mount_get_token(
        &server,
        ResponseTemplate::new(401).set_body_json(error_envelope(-1, "Unauthorized")),
    )
    .await;
    let err = client(&server).cancel(&full("imp_1")).await.unwrap_err();
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
    let elsewhere = MockApi::start().await;
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
    let server = MockApi::start().await;
    mount_token(&server).await;
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("location", format!("{}/payments/cancel", elsewhere.uri())),
        )
        .mount(&server)
        .await;
    let err = client(&server).cancel(&full("imp_1")).await.unwrap_err();
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

/// Every formatting of an error, its sources included, hides the secrets.
fn assert_error_hides_secrets(err: &portone_v1::CancelError) {
    assert_no_secret(&format!("{err:?}"));
    assert_no_secret(&err.to_string());
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        assert_no_secret(&format!("{s} {s:?}"));
        source = s.source();
    }
}

/// A getToken answer that carries the token but does not parse (a field of
/// the wrong type, or cut short) must not put the token into the error; and
/// since no cancel was sent, it is an authentication error, not "unknown".
#[tokio::test]
async fn an_unparseable_get_token_answer_does_not_leak_the_token() {
    let bad_bodies = [
        format!(
            r#"{{"code":0,"message":null,"response":{{"access_token":"{TOKEN}","now":1,"expired_at":"soon"}}}}"#
        ),
        format!(r#"{{"code":0,"message":null,"response":{{"access_token":"{TOKEN}","now":17"#),
    ];
    for body in bad_bodies {
        let server = MockApi::start().await;
        mount_get_token(
            &server,
            ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"),
        )
        .await;
        mount_cancel_ok(&server).await;
        let err = client(&server).cancel(&full("imp_1")).await.unwrap_err();
        assert_error_hides_secrets(&err);
        assert!(
            matches!(
                &err,
                portone_v1::CancelError::Auth(portone_v1::AuthError::TokenUnavailable { .. })
            ),
            "{err:?}"
        );
        assert!(err.nothing_cancelled(), "no cancel was sent: {err}");
        let report = ErrorChain::new(&err).to_string();
        assert!(report.contains("not the expected JSON"), "{report}");
        assert!(
            requests_to(&server, "/payments/cancel").await.is_empty(),
            "the cancel must not be sent without a token"
        );
    }
}

/// The same through the generated client alone (the token is fetched by the
/// hooks there): the hook's error hides the body too.
#[tokio::test]
async fn the_generated_client_hides_the_token_of_a_bad_get_token_answer() {
    let server = MockApi::start().await;
    mount_get_token(
        &server,
        ResponseTemplate::new(200).set_body_raw(
            format!(r#"{{"code":0,"response":{{"access_token":"{TOKEN}","now":"x"}}}}"#),
            "application/json",
        ),
    )
    .await;
    let err = client(&server)
        .generated()
        .get_payment()
        .imp_uid("imp_1")
        .send()
        .await
        .unwrap_err();
    assert_no_secret(&format!("{err} {err:?}"));
}

/// getToken failing for any reason (5xx, timeout) means nothing was sent:
/// `Auth`, with `nothing_cancelled()`, and a reason that says what happened.
#[tokio::test]
async fn get_token_failures_are_auth_errors_that_cancelled_nothing() {
    let server = MockApi::start().await;
    mount_get_token(
        &server,
        ResponseTemplate::new(503).set_body_string("<html>busy</html>"),
    )
    .await;
    let err = client(&server).cancel(&full("imp_1")).await.unwrap_err();
    assert!(
        matches!(
            &err,
            portone_v1::CancelError::Auth(portone_v1::AuthError::TokenUnavailable { .. })
        ),
        "{err:?}"
    );
    assert!(err.nothing_cancelled());
    let report = ErrorChain::new(&err).to_string();
    assert!(report.contains("HTTP 503"), "{report}");

    let slow = MockApi::start().await;
    mount_get_token(
        &slow,
        ResponseTemplate::new(200)
            .set_body_json(token_body(TOKEN, 1_732_500_000, 1800))
            .set_delay(std::time::Duration::from_secs(3)),
    )
    .await;
    let client = PortOne::builder(KEY, SECRET)
        .base_url(slow.uri())
        .timeout(std::time::Duration::from_millis(300))
        .build()
        .unwrap();
    let err = client.cancel(&full("imp_1")).await.unwrap_err();
    assert!(err.nothing_cancelled(), "{err:?}");
    let report = ErrorChain::new(&err).to_string();
    assert!(report.contains("timed out"), "{report}");
    assert!(requests_to(&slow, "/payments/cancel").await.is_empty());
}

/// A caller-built reqwest client with `config::redirect_policy()` does not
/// follow getToken's 307 to another host, so `imp_secret` (the body) stays.
/// (reqwest's default policy would re-send the body there.)
#[tokio::test]
async fn a_custom_http_client_with_the_exported_policy_keeps_the_secret_home() {
    let elsewhere = MockApi::start().await;
    mount_token(&elsewhere).await;
    let server = MockApi::start().await;
    mount_get_token(
        &server,
        ResponseTemplate::new(307)
            .insert_header("location", format!("{}/users/getToken", elsewhere.uri())),
    )
    .await;
    // A caller's own client: proxies/pools would go here.
    let http = portone_v1::config::http_client_builder()
        .pool_max_idle_per_host(4)
        .build()
        .unwrap();
    let client = PortOne::builder(KEY, SECRET)
        .base_url(server.uri())
        .http_client(http)
        .build()
        .unwrap();
    let err = client.cancel(&full("imp_1")).await.unwrap_err();
    assert!(err.nothing_cancelled(), "{err:?}");
    assert_error_hides_secrets(&err);
    let leaked = elsewhere.received_requests().await.unwrap();
    assert!(
        leaked.is_empty(),
        "the other host received {} request(s)",
        leaked.len()
    );
}

/// The generated `Client::new`/`new_with_client` are no way around the
/// builder: handed a copy of a built client's state (the only way to have
/// one), a generated client pointed at another host sends it nothing, not
/// even getToken (whose body is the secret).
#[tokio::test]
async fn a_generated_client_from_a_copied_state_sends_nothing_elsewhere() {
    use portone_v1::generated_client::{Client, ClientInfo};
    let home = MockApi::start().await;
    mount_token(&home).await;
    let elsewhere = MockApi::start().await;
    mount_token(&elsewhere).await;
    let client = client(&home);
    let state = client.generated().inner().clone();
    let foreign = Client::new(&elsewhere.uri(), state.clone());
    let err = foreign
        .get_payment()
        .imp_uid("imp_1")
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("base URL"), "{err}");
    let body: GetTokenRequest =
        serde_json::from_value(json!({"imp_key": KEY, "imp_secret": SECRET})).unwrap();
    let http = portone_v1::config::http_client_builder().build().unwrap();
    let foreign = Client::new_with_client(&elsewhere.uri(), http, state);
    assert!(foreign.get_token().body(body).send().await.is_err());
    let leaked = elsewhere.received_requests().await.unwrap();
    assert!(
        leaked.is_empty(),
        "the other host received {} request(s)",
        leaked.len()
    );
    assert!(home.received_requests().await.unwrap().is_empty());
}

/// ... and one pointed at the right host sends through the builder's HTTP
/// client, whichever `reqwest::Client` it was given: one that follows every
/// redirect does not carry getToken's body (the secret) to another host.
#[tokio::test]
async fn a_generated_client_from_a_copied_state_keeps_the_redirect_policy() {
    use portone_v1::generated_client::{Client, ClientInfo};
    let elsewhere = MockApi::start().await;
    mount_token(&elsewhere).await;
    let server = MockApi::start().await;
    mount_get_token(
        &server,
        ResponseTemplate::new(307)
            .insert_header("location", format!("{}/users/getToken", elsewhere.uri())),
    )
    .await;
    let client = client(&server);
    let follows_anything = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::limited(10))
        .build()
        .unwrap();
    let generated = Client::new_with_client(
        client.base_url(),
        follows_anything,
        client.generated().inner().clone(),
    );
    let err = generated
        .get_payment()
        .imp_uid("imp_1")
        .send()
        .await
        .unwrap_err();
    assert_no_secret(&format!("{err} {err:?}"));
    let leaked = elsewhere.received_requests().await.unwrap();
    assert!(
        leaked.is_empty(),
        "the other host received {} request(s)",
        leaked.len()
    );
    assert_eq!(requests_to(&server, "/users/getToken").await.len(), 1);
}
