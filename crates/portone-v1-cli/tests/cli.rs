//! The real `portone-v1` binary against a mock server on 127.0.0.1:
//! stdout, stderr and exit codes.

mod support;

use std::process::Output;

use support::text;

use portone_v1_mock::MockApi;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "cli-secret-DO-NOT-LEAK";
const TOKEN: &str = "cli-token-DO-NOT-LEAK";

async fn server() -> MockApi {
    let server = MockApi::start().await;
    support::mount_token(&server, TOKEN).await;
    server
}

/// A 10,000 KRW payment answered by the mock: the fake's card payment (the
/// one home of the payment bodies) with this id, cancelled amount and status.
fn payment(imp_uid: &str, cancel_amount: i64, status: &str) -> Value {
    let mut p = portone_v1_fake::seeds::payment_json(portone_v1_fake::seeds::CARD_PAID)
        .expect("the fake has a card payment");
    p["imp_uid"] = json!(imp_uid);
    p["merchant_uid"] = json!("order-1");
    p["amount"] = json!(10000);
    p["cancel_amount"] = json!(cancel_amount);
    p["status"] = json!(status);
    p
}

/// Runs the binary with the test's credentials, against `base_url` if given.
async fn run(args: &[&str], base_url: Option<&str>) -> Output {
    let mut env = vec![
        ("PORTONE_IMP_KEY", "cli-key"),
        ("PORTONE_IMP_SECRET", SECRET),
    ];
    if let Some(base) = base_url {
        env.push(("PORTONE_API_URL", base));
    }
    support::run(args, &env).await
}

/// Mounts a successful cancel answering with `payment`.
async fn mount_cancel_ok(server: &MockServer, payment: Value) {
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 0, "message": null, "response": payment
        })))
        .mount(server)
        .await;
}

/// The JSON body of the cancel request the binary sent.
async fn sent_cancel_body(server: &MockServer) -> Value {
    let sent = server.received_requests().await.unwrap();
    let cancel = sent
        .iter()
        .find(|r| r.url.path() == "/payments/cancel")
        .expect("a cancel was sent");
    serde_json::from_slice(&cancel.body).unwrap()
}

fn assert_no_secret(out: &Output) {
    support::assert_absent(out, &[SECRET, TOKEN]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partial_cancel_prints_the_payment_and_sends_the_exact_body() {
    let server = server().await;
    mount_cancel_ok(&server, payment("imp_1", 3000, "paid")).await;
    let out = run(
        &[
            "cancel",
            "--imp-uid",
            "imp_1",
            "--amount",
            "3000",
            "--checksum",
            "10000",
            "--reason",
            "반품",
            "--enable-webhook",
        ],
        Some(&server.uri()),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let printed: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(printed["imp_uid"], "imp_1");
    assert_eq!(printed["cancel_amount"], 3000);
    let body = sent_cancel_body(&server).await;
    assert_eq!(
        body,
        json!({"imp_uid": "imp_1", "amount": 3000, "checksum": 10000, "reason": "반품", "enable_webhook": true})
    );
    assert_no_secret(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vbank_refund_flags_and_base_url_flag() {
    let server = server().await;
    mount_cancel_ok(&server, payment("imp_2", 10000, "cancelled")).await;
    let uri = server.uri();
    let out = run(
        &[
            "cancel",
            "--merchant-uid",
            "order-2",
            "--refund-holder",
            "홍길동",
            "--refund-bank",
            "088",
            "--refund-account",
            "110123456789",
            "--refund-tel",
            "01012345678",
            "--requester",
            "customer",
            "--base-url",
            &uri,
        ],
        None,
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let body = sent_cancel_body(&server).await;
    assert_eq!(
        body,
        json!({
            "merchant_uid": "order-2", "refund_holder": "홍길동", "refund_bank": "088",
            "refund_account": "110123456789", "refund_tel": "01012345678",
            "extra": {"requester": "customer"}
        })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_refusal_exits_1_with_code_and_message() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 1, "message": "이미 전액취소된 주문입니다.", "response": null
        })))
        .mount(&server)
        .await;
    let out = run(&["cancel", "--imp-uid", "imp_1"], Some(&server.uri())).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(
        err.contains("code 1") && err.contains("이미 전액취소된 주문입니다."),
        "{err}"
    );
    assert_no_secret(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payment_lookup_and_404() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/payments/imp_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 0, "message": null, "response": payment("imp_1", 0, "paid")
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/payments/imp_404"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "code": -1, "message": "존재하지 않는 결제정보입니다.", "response": null
        })))
        .mount(&server)
        .await;
    let out = run(
        &["payment", "imp_1", "--include-sandbox"],
        Some(&server.uri()),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed["status"], "paid");
    let sent = server.received_requests().await.unwrap();
    assert!(
        sent.iter()
            .any(|r| r.url.query() == Some("include_sandbox=true"))
    );
    let out = run(&["payment", "imp_404"], Some(&server.uri())).await;
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("404") && err.contains("code -1") && err.contains("존재하지 않는"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_input_exits_2_and_sends_nothing() {
    let server = server().await;
    let uri = server.uri();
    let cases: Vec<Vec<&str>> = vec![
        vec!["cancel"],
        vec!["cancel", "--imp-uid", "a", "--merchant-uid", "b"],
        vec!["cancel", "--imp-uid", "imp_1", "--amount", "0"],
        vec!["cancel", "--imp-uid", "imp_1", "--amount", "-5"],
        vec!["cancel", "--imp-uid", "imp_1", "--amount", "ten"],
        vec!["cancel", "--imp-uid", "imp_1", "--refund-holder", "홍길동"],
        vec!["cancel", "--imp-uid", "0123456789012345678901234567890123"],
        vec!["cancel", "--imp-uid", "imp_1", "--requester", "boss"],
    ];
    for args in cases {
        let out = run(&args, Some(&uri)).await;
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stderr).is_empty());
    }
    // Missing credentials: invalid input too.
    let out = support::run(&["payment", "imp_1", "--base-url", &uri], &[]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("PORTONE_IMP_KEY"));
    // Insecure base URL: refused before sending.
    let out = run(
        &["payment", "imp_1", "--base-url", "http://api.iamport.kr"],
        None,
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("clear text"));
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing was sent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_credentials_exit_1_without_echoing_the_secret() {
    let server = MockApi::start().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"code": -1, "message": "Unauthorized", "response": null})),
        )
        .mount(&server)
        .await;
    let out = run(&["cancel", "--imp-uid", "imp_1"], Some(&server.uri())).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("401"), "{}", text(&out.stderr));
    assert_no_secret(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tax_vat_and_retain_promotion_flags_reach_the_wire() {
    let server = server().await;
    mount_cancel_ok(&server, payment("imp_3", 5500, "paid")).await;
    let out = run(
        &[
            "cancel",
            "--imp-uid",
            "imp_3",
            "--amount",
            "5500",
            "--tax-free",
            "500",
            "--vat-amount",
            "454.55",
            "--retain-promotion",
        ],
        Some(&server.uri()),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let body = sent_cancel_body(&server).await;
    assert_eq!(
        body,
        json!({
            "imp_uid": "imp_3", "amount": 5500, "tax_free": 500, "vat_amount": 454.55,
            "retain_promotion": true
        })
    );
}

/// A failure after sending that is not an API refusal (a proxy's 502): the
/// outcome is unknown, exit 3 (it was 1 before `--guard` came), nothing on
/// stdout, the error on one line and the advice to read the payment first
/// on the next (`guarded_cancel.rs` has the rest).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proxy_502_after_sending_exits_3_and_says_to_read_the_payment() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_raw("<html><body>502 Bad Gateway</body></html>\n", "text/html"),
        )
        .mount(&server)
        .await;
    let out = run(&["cancel", "--imp-uid", "imp_1"], Some(&server.uri())).await;
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "the error, then the advice: {err}");
    assert!(lines[0].contains("502"), "{err}");
    assert!(lines[0].contains("may or may not"), "{err}");
    assert!(lines[1].contains("read the payment"), "{err}");
    assert_no_secret(&out);
}
