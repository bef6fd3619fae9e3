//! The response a failure came with, kept byte for byte and never printed.
//!
//! A payment body holds the buyer's name, phone, e-mail and address, the
//! masked card number and refund account details. Errors are logged with
//! `%e` and printed by `unwrap()`, so neither their `Display` nor their
//! `Debug` may show a body: the bytes are reachable only through an explicit
//! accessor ([`RawResponse::body_bytes`], `raw_body()` on the errors), and
//! `Debug` shows their length.

use std::fmt;

use bytes::Bytes;

/// Response bytes exactly as they arrived; `Debug` shows only their length.
#[derive(Clone, PartialEq, Eq, Default)]
pub(crate) struct RawBody(Bytes);

impl RawBody {
    pub(crate) fn new(bytes: Bytes) -> Self {
        RawBody(bytes)
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes, not shown>", self.0.len())
    }
}

/// The response a failure came with, kept for diagnosis.
///
/// `Debug` shows the status and the body's length, never the body: it may
/// hold buyer data. [`RawResponse::body_bytes`] gives the body as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    body: RawBody,
}

impl RawResponse {
    pub(crate) fn new(status: u16, body: Bytes) -> Self {
        RawResponse {
            status,
            body: RawBody::new(body),
        }
    }

    /// HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body exactly as it arrived (not re-serialized). It may hold buyer
    /// data (name, phone, e-mail, address, card and account numbers): do not
    /// log it.
    pub fn body_bytes(&self) -> &[u8] {
        self.body.as_bytes()
    }
}
