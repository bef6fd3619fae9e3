//! `portone-v1 token` against a mock server on 127.0.0.1: one getToken
//! with the environment's credentials, the lifetime as JSON without the
//! token, and the exit codes (0 accepted, 1 refused or failed, 2 invalid
//! settings with nothing sent).

mod support;

use std::process::Output;

use portone_v1_mock::MockApi;
use serde_json::{Value, json};
use support::{run, text};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, ResponseTemplate};

const KEY: &str = "cli-token-key";
const SECRET: &str = "cli-token-secret-DO-NOT-LEAK";
const TOKEN: &str = "cli-token-token-DO-NOT-LEAK";

fn no_secret(out: &Output) {
    support::assert_absent(out, &[SECRET, TOKEN]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prints_the_lifetime_without_the_token() {
    let server = MockApi::start().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .and(body_json(json!({"imp_key": KEY, "imp_secret": SECRET})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 0, "message": null,
            "response": {"access_token": TOKEN, "now": 1_732_500_000, "expired_at": 1_732_501_800}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let out = run(&["token"], &support::credentials(KEY, SECRET, &uri)).await;
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let printed: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(
        printed,
        json!({"now": 1_732_500_000, "expired_at": 1_732_501_800})
    );
    no_secret(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_credentials_exit_1_with_the_reason() {
    let server = MockApi::start().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "code": -1, "message": "Unauthorized", "response": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let out = run(&["token"], &support::credentials(KEY, SECRET, &uri)).await;
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "stdout: {}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("HTTP 401") && stderr.contains("PORTONE_IMP_KEY"),
        "stderr: {stderr}"
    );
    no_secret(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_answer_exits_1_without_the_body() {
    let server = MockApi::start().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(format!("{{\"access_token\": \"{TOKEN}\"")),
        )
        // The request went out (checked when the mock is dropped).
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let out = run(&["token"], &support::credentials(KEY, SECRET, &uri)).await;
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "stdout: {}", text(&out.stdout));
    assert!(!out.stderr.is_empty(), "the failure is said on stderr");
    no_secret(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_credentials_exit_2_and_send_nothing() {
    let server = MockApi::start().await;
    let uri = server.uri();
    let out = run(&["token"], &[("PORTONE_API_URL", uri.as_str())]).await;
    assert_eq!(out.status.code(), Some(2), "stderr: {}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("PORTONE_IMP_KEY"),
        "stderr: {}",
        text(&out.stderr)
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}
