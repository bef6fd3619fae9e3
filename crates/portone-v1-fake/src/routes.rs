//! The endpoints (the lookups by order id are in `find.rs`), authentication
//! and the fallbacks.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::Response;
use axum::routing::{get, post};
use portone_v1::secret::SecretString;
use portone_v1::{AccessToken, AccessTokenResponse, PaymentResponse};
use serde_json::{Map, Value};

use crate::actions::{self, SendWebhook};
use crate::cancel::{self, CancelInput};
use crate::state::Shared;
use crate::wire::{error, json_response};
use crate::{admin, find, inject};

/// Message of every 401 for a missing, wrong or expired token.
pub const UNAUTHORIZED: &str = "Unauthorized";
/// The fake's own: getToken with a wrong key or secret.
pub const BAD_CREDENTIALS: &str = "imp_key 또는 imp_secret이 올바르지 않습니다. (fake 자체 메시지)";
/// The fake's own: getToken without a key or secret.
pub const MISSING_CREDENTIALS: &str =
    "imp_key와 imp_secret을 모두 보내야 합니다. (fake 자체 메시지)";
/// Message of a 404 for an unknown `imp_uid` (as in the spec's example).
pub const PAYMENT_NOT_FOUND: &str = "존재하지 않는 결제정보입니다.";
/// The fake's own prefix: the request body could not be read.
pub const BAD_BODY: &str = "요청 본문을 해석할 수 없습니다.";
/// The fake's own prefix: a path the fake does not serve.
pub const UNKNOWN_PATH: &str = "지원하지 않는 API 경로입니다.";

/// The fake's own prefix: a known path with the wrong method.
pub const WRONG_METHOD: &str = "이 경로에서 지원하지 않는 HTTP 메서드입니다.";

/// The router with every route, fault injection around all of them.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/users/getToken", post(get_token))
        .route("/payments/cancel", post(cancel_payment))
        .route("/payments/{imp_uid}", get(get_payment))
        .route("/payments/find/{merchant_uid}", get(find::find_payment))
        .route(
            "/payments/find/{merchant_uid}/{payment_status}",
            get(find::find_payment_with_status),
        )
        .route("/payments/findAll/{merchant_uid}", get(find::find_payments))
        .route(
            "/payments/findAll/{merchant_uid}/{payment_status}",
            get(find::find_payments_with_status),
        )
        .fallback(unknown_path)
        .method_not_allowed_fallback(wrong_method)
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            inject::apply_faults,
        ))
        // After the fault layer: the fake-only routes take no fault.
        .merge(admin::router())
        .with_state(shared)
}

pub(crate) fn unauthorized() -> Response {
    error(StatusCode::UNAUTHORIZED, -1, UNAUTHORIZED)
}

/// Whether the request carries the live token as `Authorization: Bearer`.
pub(crate) fn authorized(shared: &Shared, headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some((scheme, token)) = value.trim().split_once(' ') else {
        return false;
    };
    scheme.eq_ignore_ascii_case("bearer")
        && shared.store().tokens.is_valid(token.trim(), shared.now())
}

/// Reads a body as a JSON object, or as a form (`extra[requester]=...`
/// becomes `{"extra": {"requester": ...}}`); an empty body is `{}`.
pub(crate) fn body_object(headers: &HeaderMap, body: &Bytes) -> Result<Map<String, Value>, String> {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.contains("application/x-www-form-urlencoded"));
    // `curl -d '{...}'` labels JSON as a form: a body that starts like a
    // JSON object is read as one whatever the label says.
    let looks_like_json = body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{');
    if is_form && !looks_like_json {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(body).map_err(|e| format!("form: {e}"))?;
        let mut obj = Map::new();
        for (k, v) in pairs {
            if let Some(inner) = k.strip_prefix("extra[").and_then(|r| r.strip_suffix(']')) {
                let extra = obj
                    .entry("extra")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(extra) = extra {
                    extra.insert(inner.to_string(), Value::String(v));
                }
            } else {
                obj.insert(k, Value::String(v));
            }
        }
        return Ok(obj);
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(obj)) => Ok(obj),
        Ok(other) => Err(format!("the body must be a JSON object, not {other}")),
        Err(e) => Err(format!("not JSON: {e}")),
    }
}

/// A cancel body the fake cannot act on (not JSON, not an object, a field
/// the spec forbids): refused as PortOne refuses a cancel, HTTP 200 with a
/// non-zero code, so that the spec's statuses (200, 401) stay the only ones.
fn bad_cancel_body(detail: String) -> Response {
    json_response(
        StatusCode::OK,
        &PaymentResponse {
            code: cancel::REFUSAL_CODE,
            message: Some(format!("{BAD_BODY} ({detail}, fake 자체 메시지)")),
            response: None,
        },
    )
}

async fn get_token(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    // A body the fake cannot read carries no credentials: the 401 that any
    // missing key or secret gets (the spec's statuses are 200 and 401).
    let obj = match body_object(&headers, &body) {
        Ok(obj) => obj,
        Err(detail) => {
            return error(
                StatusCode::UNAUTHORIZED,
                -1,
                format!("{BAD_BODY} ({detail}, fake 자체 메시지)"),
            );
        }
    };
    let field = |k: &str| obj.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    let (Some(key), Some(secret)) = (field("imp_key"), field("imp_secret")) else {
        return error(StatusCode::UNAUTHORIZED, -1, MISSING_CREDENTIALS);
    };
    if key != shared.imp_key || secret != shared.imp_secret.expose_secret() {
        return error(StatusCode::UNAUTHORIZED, -1, BAD_CREDENTIALS);
    }
    let now = shared.now();
    let token = shared.store().tokens.issue(now);
    json_response(
        StatusCode::OK,
        &AccessTokenResponse {
            code: 0,
            message: None,
            response: Some(AccessToken {
                access_token: SecretString::new(token.value),
                now,
                expired_at: token.expires_at,
            }),
        },
    )
}

async fn cancel_payment(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !authorized(&shared, &headers) {
        return unauthorized();
    }
    let input = match body_object(&headers, &body).and_then(|o| CancelInput::from_object(&o)) {
        Ok(input) => input,
        Err(detail) => return bad_cancel_body(detail),
    };
    let notify = if input.enable_webhook {
        SendWebhook::Yes
    } else {
        SendWebhook::No
    };
    let outcome = actions::cancel(&shared, &input, notify);
    let envelope = match outcome {
        Ok(payment) => PaymentResponse {
            code: 0,
            message: None,
            response: Some(payment),
        },
        Err(refusal) => PaymentResponse {
            code: refusal.code,
            message: Some(refusal.message),
            response: None,
        },
    };
    json_response(StatusCode::OK, &envelope)
}

async fn get_payment(
    State(shared): State<Arc<Shared>>,
    imp_uid: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if !authorized(&shared, &headers) {
        return unauthorized();
    }
    // An id that does not percent-decode to UTF-8 names no payment: the
    // 404 of an unknown one, not axum's plain-text 400 (which also came
    // before the token check).
    let Ok(Path(imp_uid)) = imp_uid else {
        return error(StatusCode::NOT_FOUND, -1, PAYMENT_NOT_FOUND);
    };
    let include_sandbox = uri
        .query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .unwrap_or_default()
        .into_iter()
        .any(|(k, v)| k == "include_sandbox" && matches!(v.as_str(), "true" | "1"));
    let found = shared
        .store()
        .payments
        .get(&imp_uid)
        .filter(|p| include_sandbox || p.sandbox != Some(true))
        .cloned();
    match found {
        Some(payment) => json_response(
            StatusCode::OK,
            &PaymentResponse {
                code: 0,
                message: None,
                response: Some(payment),
            },
        ),
        None => error(StatusCode::NOT_FOUND, -1, PAYMENT_NOT_FOUND),
    }
}

/// Every call but getToken needs a live token, whatever its path or method:
/// without one the answer is 401, as for the served calls, so a caller
/// cannot tell paths apart without authenticating.
async fn unknown_path(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    method: Method,
    uri: Uri,
) -> Response {
    if !authorized(&shared, &headers) {
        return unauthorized();
    }
    error(
        StatusCode::NOT_FOUND,
        -1,
        format!("{UNKNOWN_PATH} ({method} {}, fake 자체 메시지)", uri.path()),
    )
}

async fn wrong_method(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    method: Method,
    uri: Uri,
) -> Response {
    if uri.path() != "/users/getToken" && !authorized(&shared, &headers) {
        return unauthorized();
    }
    error(
        StatusCode::METHOD_NOT_ALLOWED,
        -1,
        format!("{WRONG_METHOD} ({method} {}, fake 자체 메시지)", uri.path()),
    )
}
