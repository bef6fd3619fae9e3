//! The fake's own routes, under [`ADMIN_PREFIX`]: what a person does in
//! PortOne's admin console or a buyer at the bank, simulated so that a test
//! can make the fake send the webhooks those cause.
//!
//! They are not PortOne's API and not in the spec: their own prefix keeps
//! them apart from every documented path, they need no token (the console
//! is not the REST API), and fault injection and the request count leave
//! them alone, so a test can drive them while the API misbehaves.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use portone_v1::{Payment, PaymentResponse};

use crate::actions::{self, DepositRefusal, SendWebhook};
use crate::cancel::{self, CancelInput, Refusal};
use crate::routes::{BAD_BODY, body_object};
use crate::state::Shared;
use crate::wire::{error, json_response};

pub use crate::actions::{NOT_READY, NOT_VBANK};

/// Where the fake-only routes live; no PortOne path starts with it.
pub const ADMIN_PREFIX: &str = "/__fake";

/// The routes, state still to be given.
pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route(
            &format!("{ADMIN_PREFIX}/payments/{{imp_uid}}/cancel"),
            post(console_cancel),
        )
        .route(
            &format!("{ADMIN_PREFIX}/payments/{{imp_uid}}/deposit"),
            post(deposit),
        )
}

fn ok(payment: Payment) -> Response {
    json_response(
        StatusCode::OK,
        &PaymentResponse {
            code: 0,
            message: None,
            response: Some(payment),
        },
    )
}

/// A refused action: HTTP 409, so that `curl --fail` fails, with the
/// refusal's code and message in the API's envelope.
fn refused(refusal: Refusal) -> Response {
    json_response(
        StatusCode::CONFLICT,
        &PaymentResponse {
            code: refusal.code,
            message: Some(refusal.message),
            response: None,
        },
    )
}

/// A cancel made in the console: the body is optional and takes the API
/// cancel's fields (`amount`, `reason`, the refund account, ...) as JSON or
/// a form; the payment is the one in the path. The webhook is always sent.
async fn console_cancel(
    State(shared): State<Arc<Shared>>,
    Path(imp_uid): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut input = match body_object(&headers, &body).and_then(|o| CancelInput::from_object(&o)) {
        Ok(input) => input,
        Err(detail) => {
            return error(
                StatusCode::BAD_REQUEST,
                -1,
                format!("{BAD_BODY} ({detail}, fake 자체 메시지)"),
            );
        }
    };
    input.imp_uid = Some(imp_uid);
    input.merchant_uid = None;
    match actions::cancel(&shared, &input, SendWebhook::Yes) {
        Ok(payment) => ok(payment),
        Err(r) if r.message == cancel::NOT_FOUND => {
            error(StatusCode::NOT_FOUND, -1, crate::routes::PAYMENT_NOT_FOUND)
        }
        Err(r) => refused(r),
    }
}

/// The buyer pays into a `ready` virtual account: it becomes `paid`.
async fn deposit(State(shared): State<Arc<Shared>>, Path(imp_uid): Path<String>) -> Response {
    match actions::deposit(&shared, &imp_uid) {
        Ok(payment) => ok(payment),
        Err(DepositRefusal::NotFound) => {
            error(StatusCode::NOT_FOUND, -1, crate::routes::PAYMENT_NOT_FOUND)
        }
        Err(DepositRefusal::Refused(message)) => refused(Refusal {
            code: cancel::REFUSAL_CODE,
            message,
        }),
    }
}
