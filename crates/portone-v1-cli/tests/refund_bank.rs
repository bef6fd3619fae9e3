//! `--refund-bank` without `--guard`: a code is sent as given, a bank name
//! is refused before anything is sent (its code depends on the payment's
//! PG, which only a guarded cancel reads); with `--guard`, a name is sent
//! as the code of the payment's PG. Against a mock on 127.0.0.1.

mod support;

use std::process::Output;

use portone_v1_mock::MockApi;
use serde_json::{Value, json};
use support::text;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

async fn server() -> MockApi {
    let server = MockApi::start().await;
    support::mount_token(&server, "refund-bank-token").await;
    let payment = portone_v1_fake::seeds::payment_json(portone_v1_fake::seeds::VBANK_PAID)
        .expect("the fake has a vbank payment");
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 0, "message": null, "response": payment
        })))
        .mount(&server)
        .await;
    server
}

/// Runs the binary with the test's credentials against `base_url`.
async fn run(args: &[&str], base_url: &str) -> Output {
    support::run(args, &support::credentials("key", "secret", base_url)).await
}

fn refund_args(bank: &str) -> Vec<&str> {
    vec![
        "cancel",
        "--imp-uid",
        "imp_fake_vbank_0001",
        "--refund-holder",
        "홍길동",
        "--refund-bank",
        bank,
        "--refund-account",
        "110123456789",
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bank_name_without_guard_is_refused_before_anything_is_sent() {
    let server = server().await;
    // Korean (4 characters, which `refund_bank` would take as a code) and
    // English (longer than any code): the same refusal, not a length error.
    for name in ["신한은행", "Shinhan Bank"] {
        let out = run(&refund_args(name), &server.uri()).await;
        assert_eq!(out.status.code(), Some(2), "{name}: {}", text(&out.stderr));
        assert!(out.stdout.is_empty());
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(
            err.contains("`refund_bank`")
                && err.contains("신한은행 (Shinhan Bank)")
                && err.contains("pass the PG's code")
                && err.contains("--guard"),
            "{err}"
        );
        assert!(!err.contains("110123456789"), "no account number: {err}");
    }
    let sent = server.received_requests().await.unwrap();
    assert!(
        sent.is_empty(),
        "nothing sent, not even a token request: {sent:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_without_guard_is_sent_as_given() {
    let server = server().await;
    // No read of the payment, so no PG to check against: even a code of
    // another PG's table goes as given (the guarded path checks it).
    for code in ["BK88", "088"] {
        let out = run(&refund_args(code), &server.uri()).await;
        assert_eq!(out.status.code(), Some(0), "{code}: {}", text(&out.stderr));
    }
    let sent = server.received_requests().await.unwrap();
    let banks: Vec<Value> = sent
        .iter()
        .filter(|r| r.url.path() == "/payments/cancel")
        .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap()["refund_bank"].clone())
        .collect();
    assert_eq!(banks, [json!("BK88"), json!("088")]);
    assert!(
        sent.iter()
            .all(|r| r.url.path() != "/payments/imp_fake_vbank_0001"),
        "an unguarded cancel reads no payment"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_help_says_a_name_is_taken() {
    let server = server().await;
    let out = run(&["cancel", "--help"], &server.uri()).await;
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(help.contains("--refund-bank <BANK>"), "{help}");
    assert!(help.contains("also takes a bank name"), "{help}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_guard_a_bank_name_is_sent_as_the_code_of_the_payments_pg() {
    let server = server().await;
    // The KCP virtual-account payment, read first by --guard.
    let payment = portone_v1_fake::seeds::payment_json(portone_v1_fake::seeds::VBANK_PAID)
        .expect("the fake has a vbank payment");
    Mock::given(method("GET"))
        .and(path("/payments/imp_fake_vbank_0001"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 0, "message": null, "response": payment
        })))
        .mount(&server)
        .await;
    let mut args = refund_args("신한은행");
    args.push("--guard");
    let out = run(&args, &server.uri()).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let sent = server.received_requests().await.unwrap();
    let cancels: Vec<Value> = sent
        .iter()
        .filter(|r| r.url.path() == "/payments/cancel")
        .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap())
        .collect();
    assert_eq!(cancels.len(), 1, "one cancel: {cancels:?}");
    // Shinhan at KCP is BK88, and the guard carries the balance read.
    assert_eq!(cancels[0]["refund_bank"], "BK88");
    assert!(cancels[0]["checksum"].is_number(), "{}", cancels[0]);
}
