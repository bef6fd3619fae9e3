//! [`ProvideErrorMetadata`]: what PortOne answered to a failed call, read
//! the same way from every operation's error (in the manner of smithy-rs'
//! trait of the same name).
//!
//! Each operation error says once, in [`ProvideErrorMetadata::meta`], which
//! of its variants came with an answer; the accessors (`code()`,
//! `message()`, `status()`, `raw()`, `raw_body()`) are written here, once,
//! for all of them.

use std::fmt;

use crate::raw_response::RawResponse;

/// What a failed call received from PortOne, as far as anything was
/// received: the envelope's `code` and `message`, the HTTP status and the
/// response itself. Every field is `None` for a failure that came with no
/// answer (a request refused before sending, a timeout).
///
/// `Debug` shows the status, code and message and the body's length, never
/// the body (it may hold buyer data).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorMetadata<'a> {
    /// The envelope's `code`, when the API answered with an envelope.
    pub code: Option<i64>,
    /// The envelope's `message`, when the API answered with one.
    pub message: Option<&'a str>,
    /// HTTP status of the response the failure came with (getToken's
    /// status is in [`AuthError`](crate::AuthError), not here).
    pub status: Option<u16>,
    /// The response, when one was received and kept: API refusals, a second
    /// 401, an undocumented status.
    pub raw: Option<&'a RawResponse>,
    /// The body of the response, byte for byte as received: everything
    /// `raw` covers, and a body that did not parse. Never a getToken body
    /// (it holds a token).
    pub raw_body: Option<&'a [u8]>,
}

impl fmt::Debug for ErrorMetadata<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorMetadata")
            .field("code", &self.code)
            .field("message", &self.message)
            .field("status", &self.status)
            .field("raw", &self.raw)
            .field("raw_body", &BodyLength(self.raw_body.map(<[u8]>::len)))
            .finish()
    }
}

/// `Debug` of a body: its length only.
struct BodyLength(Option<usize>);

impl fmt::Debug for BodyLength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(n) => write!(f, "<{n} bytes, not shown>"),
            None => f.write_str("None"),
        }
    }
}

/// The code, message, status and response of a failed call, implemented by
/// each operation's error ([`CancelError`](crate::CancelError),
/// [`GetPaymentError`](crate::GetPaymentError)).
///
/// ```
/// use portone_v1::{CancelError, ProvideErrorMetadata};
///
/// fn log_refusal(e: &CancelError) {
///     if let (Some(code), Some(message)) = (e.code(), e.message()) {
///         eprintln!("PortOne said {code}: {message}");
///     }
/// }
/// ```
///
/// Bring it into scope (`use portone_v1::ProvideErrorMetadata;`) to call
/// the accessors; an implementation only writes [`meta`](Self::meta).
pub trait ProvideErrorMetadata {
    /// Everything below in one value.
    fn meta(&self) -> ErrorMetadata<'_>;

    /// The API's `code`, when the API answered with an envelope.
    fn code(&self) -> Option<i64> {
        self.meta().code
    }

    /// The API's `message`, when the API answered with one.
    fn message(&self) -> Option<&str> {
        self.meta().message
    }

    /// HTTP status of the response the failure came with, when one was
    /// received (getToken's is in [`AuthError`](crate::AuthError)).
    fn status(&self) -> Option<u16> {
        self.meta().status
    }

    /// The response, when one was received and kept: API refusals, a
    /// second 401, an undocumented status. Its `Debug` shows the status and
    /// the body's length, not the body.
    fn raw(&self) -> Option<&RawResponse> {
        self.meta().raw
    }

    /// The body of the response the failure came with, byte for byte as
    /// received, whenever one was received: everything [`raw`](Self::raw)
    /// covers, and a body that did not parse. Never a getToken body (it
    /// holds a token). It may hold buyer data (name, phone, e-mail,
    /// address, card and account numbers): the errors' `Display` and
    /// `Debug` never show it; do not log it.
    fn raw_body(&self) -> Option<&[u8]> {
        self.meta().raw_body
    }
}
