//! How PortOne delivers a webhook: the `x-delivery` object of an
//! `x-webhooks` operation (how many attempts follow a failed one, how far
//! apart, how long one waits to connect and for the answer). Read here,
//! once, for the generator (the client's `webhook::delivery` constants,
//! which the fake's delivery uses) and the docs.

use serde_json::Value;

use super::Operation;

/// The extension's key on a webhook operation.
pub const EXTENSION: &str = "x-delivery";

/// The keys of `x-delivery`, each a whole number ≥ 0, all required.
pub const KEYS: [&str; 4] = [
    "retries",
    "retry_interval_seconds",
    "connect_timeout_seconds",
    "response_timeout_seconds",
];

/// One webhook's delivery, as the spec states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// JSON pointer of the `x-delivery` object.
    pub pointer: String,
    /// Attempts after a failed one (network error or 5xx), for a merchant
    /// that has retries enabled.
    pub retries: u64,
    /// Seconds between attempts.
    pub retry_interval_seconds: u64,
    /// Seconds an attempt waits for the connection.
    pub connect_timeout_seconds: u64,
    /// Seconds an attempt waits for the answer.
    pub response_timeout_seconds: u64,
}

/// The `x-delivery` of `webhook`, `None` when it has none; an error (the
/// pointer and what is wrong) when it is not an object of exactly
/// [`KEYS`], each a whole number.
pub fn delivery_of(webhook: &Operation<'_>) -> Result<Option<Delivery>, (String, String)> {
    let Some(node) = webhook.node.get(EXTENSION) else {
        return Ok(None);
    };
    let pointer = format!("{}/{EXTENSION}", webhook.pointer);
    let Some(object) = node.as_object() else {
        return Err((
            pointer,
            format!("`{EXTENSION}` must be an object of {}", KEYS.join(", ")),
        ));
    };
    if let Some(unknown) = object.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err((
            format!("{pointer}/{unknown}"),
            format!(
                "`{unknown}` is not a key of `{EXTENSION}` (known: {})",
                KEYS.join(", ")
            ),
        ));
    }
    let number = |key: &str| -> Result<u64, (String, String)> {
        object.get(key).and_then(Value::as_u64).ok_or_else(|| {
            (
                format!("{pointer}/{key}"),
                format!(
                    "`{EXTENSION}.{key}` must be a whole number ≥ 0 (it is missing or is not one)"
                ),
            )
        })
    };
    Ok(Some(Delivery {
        retries: number(KEYS[0])?,
        retry_interval_seconds: number(KEYS[1])?,
        connect_timeout_seconds: number(KEYS[2])?,
        response_timeout_seconds: number(KEYS[3])?,
        pointer,
    }))
}
