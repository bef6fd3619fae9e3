//! Applies a [`Fault`] to one request: the middleware around every route.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt;
use tokio::sync::Notify;

use crate::fault::{FAULT_HEADER, Fault, FaultOutcome};
use crate::state::Shared;
use crate::wire::{error, html_response};

/// The fake's own message of an injected HTTP 500.
pub const INJECTED_500: &str = "일시적인 서버 오류입니다. (fake 장애 주입)";
/// The fake's own prefix: the `X-Fake-Fault` header could not be read.
pub const BAD_FAULT_HEADER: &str = "X-Fake-Fault 헤더를 해석할 수 없습니다.";

/// How long a truncated body waits after its first half before the
/// connection is cut, so that the half surely leaves the socket first.
const TRUNCATE_PAUSE: Duration = Duration::from_millis(50);

/// A handle on the connection a request came in on: notifying it makes the
/// connection task drop the socket without another byte.
#[derive(Clone, Debug)]
pub(crate) struct ConnControl(pub Arc<Notify>);

impl ConnControl {
    fn drop_connection(&self) {
        self.0.notify_one();
    }
}

/// The middleware: picks the request's fault and applies it.
pub(crate) async fn apply_faults(
    State(shared): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    shared.count_request();
    let fault = match req.headers().get(FAULT_HEADER) {
        Some(value) => match value
            .to_str()
            .map_err(|_| "the value is not ASCII".to_string())
            .and_then(|s| s.parse::<Fault>().map_err(|e| e.to_string()))
        {
            Ok(fault) => fault,
            Err(detail) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    -1,
                    format!("{BAD_FAULT_HEADER} ({detail}, fake 자체 메시지)"),
                );
            }
        },
        None => shared.next_fault(req.uri().path()),
    };
    if let Some(delay) = fault.latency {
        tokio::time::sleep(delay).await;
    }
    let conn = req.extensions().get::<ConnControl>().cloned();
    match fault.outcome {
        None => next.run(req).await,
        Some(FaultOutcome::Status(500)) => {
            error(StatusCode::INTERNAL_SERVER_ERROR, -1, INJECTED_500)
        }
        Some(FaultOutcome::Status(status)) => {
            html_response(StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY))
        }
        Some(FaultOutcome::DropBefore) => drop_connection(conn).await,
        Some(FaultOutcome::DropAfter) => {
            let _processed = next.run(req).await;
            drop_connection(conn).await
        }
        Some(FaultOutcome::Truncate) => truncate(next.run(req).await).await,
    }
}

/// Closes the connection; the answer never comes. Outside the fake's own
/// connection loop (no handle) the best it can do is a 502.
async fn drop_connection(conn: Option<ConnControl>) -> Response {
    match conn {
        Some(conn) => {
            conn.drop_connection();
            // The connection task drops this future together with the socket.
            std::future::pending().await
        }
        None => html_response(StatusCode::BAD_GATEWAY),
    }
}

/// Sends the headers, announcing the full length, and half of the body;
/// then the body fails, which makes hyper cut the connection.
async fn truncate(res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    let full = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let half: Bytes = full.slice(..full.len() / 2);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(full.len()));
    let first = futures_util::stream::iter([Ok::<Bytes, std::io::Error>(half)]);
    let cut = futures_util::stream::once(async {
        tokio::time::sleep(TRUNCATE_PAUSE).await;
        Err(std::io::Error::other("body truncated by fault injection"))
    });
    Response::from_parts(parts, Body::from_stream(first.chain(cut)))
}
