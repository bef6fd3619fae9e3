//! Shared helpers for the client tests: a wiremock server on 127.0.0.1 with
//! PortOne-shaped answers, built from the fake's payments
//! (`portone_v1_fake::seeds`).
#![allow(dead_code)]

use std::time::Duration;

use portone_v1::{CancelAmount, CancelRequest, PortOne, Target};
use portone_v1_fake::seeds;
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

/// A card payment as the API sends it (explicit nulls where a card
/// payment has them): the fake's built-in card payment, the one home of the
/// payment bodies, with this id, these amounts and this status.
pub fn card_payment(imp_uid: &str, amount: Value, cancel_amount: Value, status: &str) -> Value {
    let mut p = seeds::payment_json(seeds::CARD_PAID).expect("the fake has a card payment");
    p["imp_uid"] = json!(imp_uid);
    p["merchant_uid"] = json!(format!("order-{imp_uid}"));
    p["amount"] = amount;
    p["cancel_amount"] = cancel_amount;
    p["status"] = json!(status);
    p
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
