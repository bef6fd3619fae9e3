//! The binary's one line on stderr never echoes buyer data from a response
//! body: a body that does not parse, an undocumented status and an error
//! envelope, each full of the buyer's details, exit 1 with a line that
//! names the status (and code) but holds none of them.

mod support;

use std::process::Output;

use portone_v1_mock::MockApi;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

/// What must never reach stderr (values made up for this test).
const SENTINELS: &[&str] = &[
    "CLI-BUYER-NAME-SENTINEL",
    "cli.sentinel@example.invalid",
    "010-7731-0468",
    "CLI-ADDR-SENTINEL",
    "949012******7731",
    "CLI-VBANK-HOLDER-SENTINEL",
];

/// The fake's card payment (the one home of the payment bodies) as
/// `imp_cli`, full of the sentinels.
fn payment_with_buyer_data() -> serde_json::Value {
    let mut p = portone_v1_fake::seeds::payment_json(portone_v1_fake::seeds::CARD_PAID)
        .expect("the fake has a card payment");
    let fields = json!({
        "imp_uid": "imp_cli", "merchant_uid": "order-cli", "amount": 10000, "cancel_amount": 0,
        "buyer_name": "CLI-BUYER-NAME-SENTINEL", "buyer_email": "cli.sentinel@example.invalid",
        "buyer_tel": "010-7731-0468", "buyer_addr": "CLI-ADDR-SENTINEL",
        "card_number": "949012******7731", "vbank_holder": "CLI-VBANK-HOLDER-SENTINEL"
    });
    for (k, v) in fields.as_object().expect("an object") {
        p[k] = v.clone();
    }
    p
}

/// Runs `portone-v1 payment imp_cli` against a server answering the lookup
/// with `status` and `body` (off the runtime, so the server keeps serving).
async fn lookup_answered(status: u16, body: String) -> Output {
    let server = MockApi::start().await;
    support::mount_token(&server, "cli-token").await;
    Mock::given(method("GET"))
        .and(path("/payments/imp_cli"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let base = server.uri();
    support::run(
        &["payment", "imp_cli"],
        &support::credentials("cli-key", "cli-secret", &base),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_with_buyer_data_in_the_body_do_not_echo_it() {
    let mut wrong_type = json!({"code": 0, "message": null, "response": payment_with_buyer_data()});
    wrong_type["response"]["card_quota"] = json!("010-7731-0468");
    let not_found = json!({
        "code": -1, "message": "존재하지 않는 결제정보입니다.", "response": payment_with_buyer_data()
    });
    for (status, body, shown) in [
        (200, wrong_type.to_string(), "`response.card_quota`"),
        (500, not_found.to_string(), "HTTP 500"),
        (404, not_found.to_string(), "code -1"),
    ] {
        let out = lookup_answered(status, body).await;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(out.stdout.is_empty());
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        // The cause (a decode error's JSON path lives one level down) is
        // printed, and once.
        assert_eq!(stderr.matches(shown).count(), 1, "{shown:?} once: {stderr}");
        for sentinel in SENTINELS {
            assert!(
                !stderr.contains(sentinel),
                "{sentinel:?} on stderr: {stderr}"
            );
        }
    }
}
