//! `tracing` events for each call: operation, outcome, HTTP status, duration,
//! and for a failure the envelope's `code` and the error with its causes
//! (`error::ErrorChain`).
//! Never a secret and never a response body (it holds buyer data): only
//! these fields are recorded, never headers or bodies, and no error's
//! `Display` quotes a body. Compiled out without the default `tracing`
//! feature.

use std::fmt::Display;
use std::time::Duration;

/// Records a call that succeeded.
#[allow(unused_variables)]
pub(crate) fn call_succeeded(operation: &'static str, elapsed: Duration) {
    #[cfg(feature = "tracing")]
    {
        let duration_ms = elapsed.as_secs_f64() * 1000.0;
        tracing::info!(target: "portone_v1", operation, outcome = "ok", status = 200, duration_ms, "PortOne call finished");
    }
}

/// Records a call that failed: the response's status and envelope code
/// when there was a response, and the error with its causes.
#[allow(unused_variables)]
pub(crate) fn call_failed(
    operation: &'static str,
    status: Option<u16>,
    code: Option<i64>,
    error: &dyn Display,
    elapsed: Duration,
) {
    #[cfg(feature = "tracing")]
    {
        let duration_ms = elapsed.as_secs_f64() * 1000.0;
        tracing::warn!(target: "portone_v1", operation, outcome = "error", status, code, error = %error, duration_ms, "PortOne call failed");
    }
}

/// Records a token fetch (never the token).
#[allow(unused_variables)]
pub(crate) fn token_fetched(ok: bool) {
    #[cfg(feature = "tracing")]
    tracing::debug!(target: "portone_v1", ok, "access token fetched");
}

/// Records the automatic retry after a 401.
#[allow(unused_variables)]
pub(crate) fn retry_after_401(operation: &'static str) {
    #[cfg(feature = "tracing")]
    tracing::info!(target: "portone_v1", operation, "HTTP 401: fetching a new token and retrying once");
}
