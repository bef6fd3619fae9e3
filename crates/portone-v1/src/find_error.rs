//! The errors of the lookups by order id: [`FindPaymentError`]
//! ([`PortOne::find_payment`](crate::PortOne::find_payment)) and
//! [`FindPaymentsError`] ([`PortOne::find_payments`](crate::PortOne::find_payments)).
//!
//! A lookup changes nothing at PortOne, so, unlike a cancel, any failed
//! lookup may be sent again: the ones worth retrying are
//! `Transport`, `UnexpectedStatus` (a 5xx, a proxy's page) and `Decode`.
//! The others say something a retry does not change.
//!
//! As everywhere in this crate, `Display` and `Debug` never show a response
//! body (a payment holds buyer data); `raw_body()` of
//! [`ProvideErrorMetadata`] hands it out on request.

use std::error::Error;
use std::fmt;

use crate::error::{
    ApiRefusal, AuthError, BODY_NOT_SHOWN, CallError, DecodeError, ErrorMetadata, InvalidRequest,
    ProvideErrorMetadata, RawResponse, TransportError, auth_meta, decode_meta, refusal_meta,
    response_meta,
};

/// Why [`PortOne::find_payment`](crate::PortOne::find_payment) failed
/// (`GET /payments/find/{merchant_uid}[/{payment_status}]`).
///
/// A lookup changes nothing, so it is safe to retry; retrying helps after
/// `Transport`, `UnexpectedStatus` and `Decode`.
///
/// The API's code, message and response: [`ProvideErrorMetadata`].
#[derive(Debug)]
#[non_exhaustive]
pub enum FindPaymentError {
    /// Refused before sending: an empty or over-long order id, an option
    /// out of the spec's range.
    InvalidRequest(InvalidRequest),
    /// Bad key/secret, 401 twice, or no token could be had.
    Auth(AuthError),
    /// HTTP 404 in PortOne's envelope: no payment has this order id (in
    /// the status asked for, if one was).
    PaymentNotFound(ApiRefusal),
    /// HTTP 400 in PortOne's envelope: PortOne did not accept a parameter.
    /// The client checks every parameter against the spec first, so this
    /// means the two disagree.
    BadRequest(ApiRefusal),
    /// HTTP 200 with a non-zero code.
    Refused(ApiRefusal),
    /// A status the API does not document.
    UnexpectedStatus {
        /// HTTP status.
        status: u16,
        /// The response; its body is not shown by `Display` or `Debug`.
        raw: RawResponse,
    },
    /// Connection, TLS or timeout.
    Transport(TransportError),
    /// The body is not the expected JSON, or not an answer to the question
    /// (a payment of another order id).
    Decode(DecodeError),
}

/// Why [`PortOne::find_payments`](crate::PortOne::find_payments) failed
/// (`GET /payments/findAll/{merchant_uid}[/{payment_status}]`).
///
/// A lookup changes nothing, so it is safe to retry; retrying helps after
/// `Transport`, `UnexpectedStatus` and `Decode`.
///
/// The API's code, message and response: [`ProvideErrorMetadata`].
#[derive(Debug)]
#[non_exhaustive]
pub enum FindPaymentsError {
    /// Refused before sending: an empty or over-long order id, an option
    /// out of the spec's range (a `limit` over its maximum).
    InvalidRequest(InvalidRequest),
    /// Bad key/secret, 401 twice, or no token could be had.
    Auth(AuthError),
    /// HTTP 404 in PortOne's envelope: no payment has this order id (in
    /// the status asked for, if one was).
    PaymentNotFound(ApiRefusal),
    /// HTTP 400 in PortOne's envelope: PortOne did not accept a parameter.
    /// The client checks every parameter against the spec first, so this
    /// means the two disagree.
    BadRequest(ApiRefusal),
    /// HTTP 200 with a non-zero code.
    Refused(ApiRefusal),
    /// A status the API does not document.
    UnexpectedStatus {
        /// HTTP status.
        status: u16,
        /// The response; its body is not shown by `Display` or `Debug`.
        raw: RawResponse,
    },
    /// Connection, TLS or timeout.
    Transport(TransportError),
    /// The body is not the expected JSON, or not an answer to the question
    /// (a listed payment of another order id).
    Decode(DecodeError),
}

/// The impls of one of the enums above: both lookups by order id answer
/// the same statuses (the spec's 200, 400, 401 and 404) and fail the same
/// ways, so their enums have the same variants.
macro_rules! lookup_error {
    ($name:ident, $what:literal) => {
        impl ProvideErrorMetadata for $name {
            fn meta(&self) -> ErrorMetadata<'_> {
                match self {
                    $name::InvalidRequest(_) | $name::Transport(_) => ErrorMetadata::default(),
                    $name::Auth(a) => auth_meta(a),
                    $name::PaymentNotFound(r) | $name::BadRequest(r) | $name::Refused(r) => {
                        refusal_meta(r)
                    }
                    $name::UnexpectedStatus { raw, .. } => response_meta(raw),
                    $name::Decode(d) => decode_meta(d),
                }
            }
        }

        impl From<CallError> for $name {
            fn from(e: CallError) -> Self {
                match e {
                    CallError::Auth(a) => $name::Auth(a),
                    CallError::Envelope(r) if r.raw.status == 404 => $name::PaymentNotFound(r),
                    CallError::Envelope(r) if r.raw.status == 400 => $name::BadRequest(r),
                    CallError::Envelope(ApiRefusal { raw, .. })
                    | CallError::UnexpectedStatus(raw) => $name::UnexpectedStatus {
                        status: raw.status,
                        raw,
                    },
                    CallError::Transport(t) => $name::Transport(t),
                    CallError::Decode(d) => $name::Decode(d),
                    CallError::Invalid(i) => $name::InvalidRequest(i),
                }
            }
        }

        /// Says what failed at this level only; the cause, if any, is `source()`.
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    // Transparent: the request error says all, and has no source.
                    $name::InvalidRequest(e) => fmt::Display::fmt(e, f),
                    $name::Auth(_) => write!(f, "authentication failed"),
                    $name::PaymentNotFound(r) => write!(
                        f,
                        "no payment has this order id (HTTP 404, code {}: {})",
                        r.code, r.message
                    ),
                    $name::BadRequest(r) => write!(
                        f,
                        concat!($what, " refused a parameter (HTTP 400, code {}: {})"),
                        r.code, r.message
                    ),
                    $name::Refused(r) => write!(
                        f,
                        concat!($what, " refused (code {}: {})"),
                        r.code, r.message
                    ),
                    $name::UnexpectedStatus { status, .. } => write!(
                        f,
                        "unexpected HTTP {status} from PortOne ({BODY_NOT_SHOWN})"
                    ),
                    $name::Transport(_) => write!(f, concat!($what, " failed in transit")),
                    $name::Decode(_) => {
                        write!(f, concat!("the answer to ", $what, " is unreadable"))
                    }
                }
            }
        }

        impl Error for $name {
            fn source(&self) -> Option<&(dyn Error + 'static)> {
                match self {
                    $name::InvalidRequest(e) => e.source(),
                    $name::Auth(e) => Some(e),
                    $name::Transport(e) => Some(e),
                    $name::Decode(e) => Some(e),
                    $name::PaymentNotFound(_)
                    | $name::BadRequest(_)
                    | $name::Refused(_)
                    | $name::UnexpectedStatus { .. } => None,
                }
            }
        }
    };
}

lookup_error!(FindPaymentError, "the payment lookup by order id");
lookup_error!(FindPaymentsError, "the payment list lookup by order id");
