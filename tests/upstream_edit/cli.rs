//! In the edited copy: the new inputs are flags of their subcommands (a
//! switch for the boolean, a value for the text, the required one refused
//! by clap when missing), and they reach the wire.

use std::process::Output;

use assert_cmd::Command;
use portone_v1_mock::MockApi;
use serde_json::{Value, json};
use wiremock::matchers::path;
use wiremock::{Mock, ResponseTemplate};

const BIN: &str = env!("CARGO_BIN_EXE_portone-v1-upstream");

fn payment() -> Value {
    json!({
        "imp_uid": "imp_100000000001", "merchant_uid": "order-1", "pay_method": "card",
        "pg_provider": "hecto_v2", "amount": 10000, "cancel_amount": 1000, "currency": "KRW",
        "status": "paid", "started_at": 1, "paid_at": 2, "failed_at": 0, "cancelled_at": 3,
        "cancel_history": [], "cancel_receipt_urls": [], "tags": null
    })
}

async fn run(args: &[&str], base_url: &str) -> Output {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let base = base_url.to_string();
    tokio::task::spawn_blocking(move || {
        Command::new(BIN)
            .env_clear()
            .env("PORTONE_IMP_KEY", "key")
            .env("PORTONE_IMP_SECRET", "secret")
            .env("PORTONE_API_URL", base)
            .args(&args)
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn new_flags_reach_the_wire() {
    let server = MockApi::start().await;
    Mock::given(path("/users/getToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 0, "message": null,
            "response": {"access_token": "t", "now": 1_732_500_000, "expired_at": 1_732_501_800}
        })))
        .mount(&server)
        .await;
    for p in ["/payments/cancel", "/payments/imp_100000000001"] {
        Mock::given(path(p))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "code": 0, "message": null, "response": payment()
            })))
            .mount(&server)
            .await;
    }
    let uri = server.uri();

    let missing = run(&["cancel", "--imp-uid", "imp_100000000001", "--amount", "1000"], &uri).await;
    assert_eq!(missing.status.code(), Some(2), "{missing:?}");
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--operator-id"), "{missing:?}");

    let too_long = run(
        &["cancel", "--imp-uid", "imp_100000000001", "--operator-id", "op", "--promotion-note", "123456789"],
        &uri,
    )
    .await;
    assert_eq!(too_long.status.code(), Some(2), "{too_long:?}");
    assert!(String::from_utf8_lossy(&too_long.stderr).contains("promotion_note"), "{too_long:?}");

    let bad_json = run(
        &["cancel", "--imp-uid", "imp_100000000001", "--operator-id", "op", "--labels", "[1"],
        &uri,
    )
    .await;
    assert_eq!(bad_json.status.code(), Some(2), "{bad_json:?}");
    assert!(String::from_utf8_lossy(&bad_json.stderr).contains("--labels"), "{bad_json:?}");

    let ok = run(
        &[
            "cancel", "--imp-uid", "imp_100000000001", "--amount", "1000",
            "--operator-id", "op-7", "--promotion-note", "spring", "--notify-buyer",
            "--labels", r#"["a","b"]"#,
        ],
        &uri,
    )
    .await;
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    let read = run(&["payment", "imp_100000000001", "--fields", "amount"], &uri).await;
    assert_eq!(read.status.code(), Some(0), "{read:?}");

    let sent = server.received_requests().await.unwrap();
    let cancel = sent.iter().find(|r| r.url.path() == "/payments/cancel").unwrap();
    let body: Value = serde_json::from_slice(&cancel.body).unwrap();
    assert_eq!(body["operator_id"], "op-7");
    assert_eq!(body["promotion_note"], "spring");
    assert_eq!(body["notify_buyer"], true);
    assert_eq!(body["labels"], json!(["a", "b"]));
    let lookup = sent
        .iter()
        .find(|r| r.url.path() == "/payments/imp_100000000001")
        .unwrap();
    assert_eq!(lookup.url.query(), Some("fields=amount"));
}
