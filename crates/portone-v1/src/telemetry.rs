//! `tracing` events for each call: operation, outcome, HTTP status, duration.
//! Never a secret: only these fields are recorded, never headers or bodies.
//! Compiled out without the default `tracing` feature.

use std::time::Duration;

/// Records the end of one API call.
#[allow(unused_variables)]
pub(crate) fn call_finished(
    operation: &'static str,
    outcome: &str,
    status: Option<u16>,
    elapsed: Duration,
) {
    #[cfg(feature = "tracing")]
    {
        let duration_ms = elapsed.as_secs_f64() * 1000.0;
        if outcome == "ok" {
            tracing::info!(target: "portone_v1", operation, outcome, status, duration_ms, "PortOne call finished");
        } else {
            tracing::warn!(target: "portone_v1", operation, outcome, status, duration_ms, "PortOne call failed");
        }
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
