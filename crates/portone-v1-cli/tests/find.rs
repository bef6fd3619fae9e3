//! `portone-v1 find` and `portone-v1 find-all` against a mock server on
//! 127.0.0.1: the path each picks, the generated query flags, the JSON
//! printed, and the exit codes (0 found, 1 none or a failure, 2 invalid
//! input with nothing sent).

mod support;

use std::process::Output;

use portone_v1_mock::MockApi;
use serde_json::{Value, json};
use support::text;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

const SECRET: &str = "cli-find-secret-DO-NOT-LEAK";
const TOKEN: &str = "cli-find-token-DO-NOT-LEAK";
const ORDER: &str = "order-cli-0001";

/// A mock with the token and the lookups of `ORDER`: the paid payment by
/// any path of `find`, a page of two by `find-all`, 404 for anything else.
async fn server() -> MockApi {
    let server = MockApi::start().await;
    support::mount_token(&server, TOKEN).await;
    for route in [
        format!("/payments/find/{ORDER}"),
        format!("/payments/find/{ORDER}/paid"),
    ] {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "code": 0, "message": null, "response": payment("imp_paid", "paid")
            })))
            .mount(&server)
            .await;
    }
    for route in [
        format!("/payments/findAll/{ORDER}"),
        format!("/payments/findAll/{ORDER}/failed"),
    ] {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "code": 0, "message": null,
                "response": {
                    "total": 3, "previous": 1, "next": 3,
                    "list": [payment("imp_paid", "paid"), payment("imp_failed", "failed")]
                }
            })))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "code": -1, "message": "존재하지 않는 결제정보입니다.", "response": null
        })))
        .mount(&server)
        .await;
    server
}

/// The fake's card payment as a payment of `ORDER`.
fn payment(imp_uid: &str, status: &str) -> Value {
    let mut p = portone_v1_fake::seeds::payment_json(portone_v1_fake::seeds::CARD_PAID)
        .expect("the fake has a card payment");
    p["imp_uid"] = json!(imp_uid);
    p["merchant_uid"] = json!(ORDER);
    p["status"] = json!(status);
    p
}

/// Runs the binary with the test's credentials against `base_url`.
async fn run(args: &[&str], base_url: &str) -> Output {
    support::run(args, &support::credentials("cli-key", SECRET, base_url)).await
}

/// The path and sorted query of the lookups the binary sent.
async fn lookups(server: &MockApi) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "GET")
        .map(|r| {
            let mut pairs: Vec<String> = r
                .url
                .query_pairs()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            pairs.sort();
            format!("{}?{}", r.url.path(), pairs.join("&"))
        })
        .collect()
}

fn no_secret(out: &Output) {
    support::assert_absent(out, &[SECRET, TOKEN]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn find_prints_the_payment_and_picks_the_path_by_status() {
    let server = server().await;
    let out = run(&["find", ORDER], &server.uri()).await;
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let printed: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(
        (&printed["imp_uid"], &printed["merchant_uid"]),
        (&json!("imp_paid"), &json!(ORDER))
    );
    let out = run(
        &[
            "find",
            ORDER,
            "--payment-status",
            "paid",
            "--sorting",
            "-paid",
        ],
        &server.uri(),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let out = run(&["find", ORDER, "--sorting=updated"], &server.uri()).await;
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(
        lookups(&server).await,
        [
            format!("/payments/find/{ORDER}?"),
            format!("/payments/find/{ORDER}/paid?sorting=-paid"),
            format!("/payments/find/{ORDER}?sorting=updated"),
        ]
    );
    no_secret(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn find_all_prints_the_page_with_the_generated_flags() {
    let server = server().await;
    let out = run(
        &[
            "find-all",
            ORDER,
            "--page",
            "2",
            "--limit",
            "2",
            "--sorting",
            "-started",
        ],
        &server.uri(),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let printed: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(
        (&printed["total"], &printed["previous"], &printed["next"]),
        (&json!(3), &json!(1), &json!(3))
    );
    let listed: Vec<&Value> = printed["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["imp_uid"])
        .collect();
    assert_eq!(listed, [&json!("imp_paid"), &json!("imp_failed")]);
    let out = run(
        &["find-all", ORDER, "--payment-status", "failed"],
        &server.uri(),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(
        lookups(&server).await,
        [
            format!("/payments/findAll/{ORDER}?limit=2&page=2&sorting=-started"),
            format!("/payments/findAll/{ORDER}/failed?"),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_payment_is_exit_1_with_one_line() {
    let server = server().await;
    for args in [
        vec!["find", "order-nobody"],
        vec!["find", ORDER, "--payment-status", "cancelled"],
        vec!["find-all", "order-nobody"],
    ] {
        let out = run(&args, &server.uri()).await;
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(
            err.contains("404") && err.contains("no payment has this order id"),
            "{err}"
        );
        no_secret(&out);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_input_is_exit_2_and_sends_nothing() {
    let server = server().await;
    let too_long = "o".repeat(41);
    for args in [
        vec!["find"],
        vec!["find", ""],
        vec!["find", &too_long],
        vec!["find", ORDER, "--payment-status", "pending"],
        vec!["find", ORDER, "--sorting", "newest"],
        vec!["find-all", ORDER, "--limit", "1001"],
        vec!["find-all", ORDER, "--limit", "0"],
        vec!["find-all", ORDER, "--page", "-1"],
        vec!["find-all", ORDER, "--page", "two"],
    ] {
        let out = run(&args, &server.uri()).await;
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stderr).is_empty(), "{args:?}");
    }
    let out = run(&["find-all", ORDER, "--limit", "1001"], &server.uri()).await;
    let err = text(&out.stderr);
    assert!(err.contains("limit") && err.contains("1000"), "{err}");
    assert!(
        server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .all(|r| r.method.as_str() != "GET"),
        "no lookup was sent"
    );
}
