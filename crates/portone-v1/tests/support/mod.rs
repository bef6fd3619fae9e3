//! Shared helpers for the client tests: a wiremock server on 127.0.0.1 with
//! PortOne-shaped answers, and JSON fixtures written for these tests.
#![allow(dead_code)]

use std::time::Duration;

use portone_v1::{CancelAmount, CancelRequest, PortOne, Target};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const KEY: &str = "test-imp-key";
pub const SECRET: &str = "test-imp-secret-DO-NOT-LEAK-7f3a";
pub const TOKEN: &str = "tok-DO-NOT-LEAK-0123456789abcdef";

/// A full cancel (the whole remaining balance) of `imp_uid`.
pub fn full(imp_uid: &str) -> CancelRequest {
    CancelRequest::builder(Target::imp_uid(imp_uid), CancelAmount::FullRemaining)
        .build()
        .unwrap()
}

/// A client pointed at the mock server, with a short timeout.
pub fn client(server: &MockServer) -> PortOne {
    PortOne::builder(KEY, SECRET)
        .base_url(server.uri())
        .timeout(Duration::from_secs(5))
        .build()
        .expect("a loopback http base URL is accepted")
}

/// A getToken success body with the given server clock and lifetime.
pub fn token_body(token: &str, now: i64, lifetime: i64) -> Value {
    json!({
        "code": 0,
        "message": null,
        "response": {"access_token": token, "now": now, "expired_at": now + lifetime}
    })
}

/// Mounts a getToken endpoint answering `TOKEN` for 30 minutes.
pub async fn mount_token(server: &MockServer) {
    mount_get_token(
        server,
        ResponseTemplate::new(200).set_body_json(token_body(TOKEN, 1_732_500_000, 1800)),
    )
    .await;
}

/// Mounts `POST /users/getToken` answering `response` (a failure, a slow
/// or a malformed answer).
pub async fn mount_get_token(server: &MockServer, response: impl wiremock::Respond + 'static) {
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(response)
        .mount(server)
        .await;
}

/// A paid card payment as the API sends it (nulls where a card payment has them).
pub fn card_payment(imp_uid: &str, amount: Value, cancel_amount: Value, status: &str) -> Value {
    json!({
        "imp_uid": imp_uid,
        "merchant_uid": format!("order-{imp_uid}"),
        "pay_method": "card",
        "channel": "pc",
        "pg_provider": "html5_inicis",
        "emb_pg_provider": null,
        "pg_tid": "StdpayCARDtest0001",
        "pg_id": "INIpayTest",
        "escrow": false,
        "apply_num": "30001234",
        "bank_code": null,
        "bank_name": null,
        "card_code": "366",
        "card_name": "신한카드",
        "card_quota": 0,
        "card_number": "457973*********5",
        "card_type": 1,
        "vbank_code": null,
        "vbank_name": null,
        "vbank_num": null,
        "vbank_holder": null,
        "vbank_date": 0,
        "vbank_issued_at": 0,
        "name": "테스트 상품",
        "amount": amount,
        "cancel_amount": cancel_amount,
        "currency": "KRW",
        "buyer_name": null,
        "buyer_email": null,
        "buyer_tel": null,
        "buyer_addr": null,
        "buyer_postcode": null,
        "custom_data": null,
        "user_agent": "sorry_not_supported",
        "status": status,
        "started_at": 1_732_490_000,
        "paid_at": 1_732_490_010,
        "failed_at": 0,
        "cancelled_at": 0,
        "fail_reason": null,
        "cancel_reason": null,
        "receipt_url": "https://receipt.example.test/1",
        "cancel_history": [],
        "cancel_receipt_urls": [],
        "cash_receipt_issued": false,
        "customer_uid": null,
        "customer_uid_usage": null
    })
}

/// `{code: 0, message: null, response: payment}`.
pub fn ok_envelope(payment: Value) -> Value {
    json!({"code": 0, "message": null, "response": payment})
}

/// `{code, message, response: null}`.
pub fn error_envelope(code: i64, message: &str) -> Value {
    json!({"code": code, "message": message, "response": null})
}

/// Mounts `POST /payments/cancel` answering `body` with HTTP `status`.
pub async fn mount_cancel(server: &MockServer, status: u16, body: Value) {
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;
}

/// Mounts a successful cancel of `imp_1` (fully cancelled afterwards).
pub async fn mount_cancel_ok(server: &MockServer) {
    mount_cancel(
        server,
        200,
        ok_envelope(card_payment("imp_1", json!(1), json!(1), "cancelled")),
    )
    .await;
}

/// Requests the server received on `p`.
pub async fn requests_to(server: &MockServer, p: &str) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path() == p)
        .collect()
}

/// Asserts that no formatting of `value` shows a secret.
pub fn assert_no_secret(text: &str) {
    assert!(!text.contains(SECRET), "imp_secret leaked: {text}");
    assert!(!text.contains(TOKEN), "access token leaked: {text}");
}

/// A `tracing` writer that keeps everything in memory.
#[derive(Clone, Default)]
pub struct CapturedLogs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl CapturedLogs {
    /// Everything written since the last call.
    pub fn take(&self) -> String {
        let bytes = std::mem::take(&mut *self.0.lock().unwrap());
        String::from_utf8(bytes).unwrap()
    }
}

impl std::io::Write for CapturedLogs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Sends every `tracing` event of this thread, at every level, to the
/// returned buffer until the guard is dropped.
pub fn capture_logs() -> (CapturedLogs, tracing::subscriber::DefaultGuard) {
    let captured = CapturedLogs::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}
