//! Errors of the hand-written client, one `#[non_exhaustive]` enum per
//! operation ([`CancelError`], [`GetPaymentError`]), built so that a caller
//! can always tell whether money may have moved.
//!
//! None of them ever contains the API secret or an access token (request
//! headers are never kept), and none prints a response body: a payment body
//! holds the buyer's name, phone, e-mail and address, the masked card number
//! and refund account details, and errors end up in logs. `Display` and
//! `Debug` show the HTTP status, the envelope's `code` and `message`, and for
//! a body that does not parse serde's category, line, column and JSON path.
//! The body itself, byte for byte as received, is only handed out on request:
//! [`ProvideErrorMetadata::raw_body`], [`RawResponse::body_bytes`],
//! [`DecodeError::raw_body`].
//!
//! What the API answered (`code()`, `message()`, `status()`, `raw()`,
//! `raw_body()`) is read through one trait, [`ProvideErrorMetadata`], the
//! same way for every operation.
//!
//! `Display` says what went wrong at its own level only, and the cause is
//! handed on by `source()` (the Rust API guidelines' rule), so that anyhow,
//! eyre or `tracing` show each cause once. [`ErrorChain`] prints the whole
//! chain on one line for a program that reports errors itself.

use std::error::Error;
use std::fmt;

pub use crate::decode_error::DecodeError;
pub use crate::error_chain::ErrorChain;
pub use crate::error_metadata::{ErrorMetadata, ProvideErrorMetadata};
pub use crate::find_error::{FindPaymentError, FindPaymentsError};
pub use crate::raw_response::RawResponse;
pub use crate::reconcile_error::ReconcileError;

/// A request the API would reject, refused before anything was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest {
    /// The offending field, as named on the wire (`imp_uid`, `amount`, ...).
    pub field: &'static str,
    /// What is wrong and how to fix it.
    pub reason: String,
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid request, nothing was sent: `{}` {}",
            self.field, self.reason
        )
    }
}

impl Error for InvalidRequest {}

/// The API's refusal: a non-zero `code` with its (Korean) `message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRefusal {
    /// The envelope's `code`.
    pub code: i64,
    /// The envelope's `message` (empty when the API sent none).
    pub message: String,
    /// The response.
    pub raw: RawResponse,
}

/// Authentication failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthError {
    /// getToken refused the key/secret (HTTP 401, or a non-zero code).
    CredentialsRejected {
        /// HTTP status of the getToken response.
        status: u16,
        /// The envelope's code, when there was one.
        code: Option<i64>,
        /// The envelope's message, when there was one.
        message: Option<String>,
    },
    /// The call was answered 401 twice, with a freshly fetched token the
    /// second time.
    TokenRejectedTwice {
        /// The envelope of the second 401.
        refusal: ApiRefusal,
    },
    /// No token could be had for another reason: getToken timed out, could
    /// not connect, answered an unexpected status or a body that does not
    /// parse, or answered a token that cannot be sent as a header. The call
    /// it was for was not sent. The reason never quotes a getToken body (it may hold a token).
    TokenUnavailable {
        /// Why.
        reason: String,
    },
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::CredentialsRejected {
                status,
                code,
                message,
            } => {
                write!(
                    f,
                    "PortOne refused the REST API key/secret (getToken HTTP {status}"
                )?;
                if let Some(code) = code {
                    write!(f, ", code {code}")?;
                }
                write!(f, ")")?;
                if let Some(message) = message.as_deref().filter(|m| !m.is_empty()) {
                    write!(f, ": {message}")?;
                }
                write!(
                    f,
                    "; check PORTONE_IMP_KEY / PORTONE_IMP_SECRET (V1 API keys in the admin console)"
                )
            }
            AuthError::TokenRejectedTwice { refusal } => write!(
                f,
                "PortOne answered 401 twice, the second time with a fresh token (code {}: {}); check the Tier code and the key's permissions",
                refusal.code, refusal.message
            ),
            AuthError::TokenUnavailable { reason } => {
                write!(f, "no access token could be obtained: {reason}")
            }
        }
    }
}

impl Error for AuthError {}

/// The HTTP request did not complete: connection, TLS, or timeout.
#[derive(Debug)]
pub struct TransportError {
    pub(crate) source: reqwest::Error,
}

impl TransportError {
    /// Whether it was a timeout.
    pub fn is_timeout(&self) -> bool {
        self.source.is_timeout()
    }

    /// Whether the connection could not be made (so the request surely did
    /// not reach the server).
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.source.is_timeout() {
            "timed out"
        } else if self.source.is_connect() {
            "could not connect"
        } else {
            "failed"
        };
        // The cause, reqwest's error, names the URL (no secrets: the token
        // is a header) and is handed on by `source()`.
        write!(f, "HTTP request {kind}")
    }
}

impl Error for TransportError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.source)
    }
}

/// Errors shared by every operation; converted into the per-operation enums.
#[derive(Debug)]
pub(crate) enum CallError {
    Auth(AuthError),
    /// An error envelope with this HTTP status (401 after retry is Auth).
    Envelope(ApiRefusal),
    UnexpectedStatus(RawResponse),
    Transport(TransportError),
    Decode(DecodeError),
    Invalid(InvalidRequest),
}

/// An API refusal's metadata: everything an envelope answer has.
pub(crate) fn refusal_meta(refusal: &ApiRefusal) -> ErrorMetadata<'_> {
    ErrorMetadata {
        code: Some(refusal.code),
        message: Some(refusal.message.as_str()),
        ..response_meta(&refusal.raw)
    }
}

/// A kept response's metadata: status and body, no envelope.
pub(crate) fn response_meta(raw: &RawResponse) -> ErrorMetadata<'_> {
    ErrorMetadata {
        status: Some(raw.status),
        raw: Some(raw),
        raw_body: Some(raw.body_bytes()),
        ..ErrorMetadata::default()
    }
}

/// An authentication failure's metadata: getToken's code and message (its
/// status is in the variant, its body is never kept: it may hold a token),
/// or the second 401's envelope.
pub(crate) fn auth_meta(auth: &AuthError) -> ErrorMetadata<'_> {
    match auth {
        AuthError::CredentialsRejected { code, message, .. } => ErrorMetadata {
            code: *code,
            message: message.as_deref(),
            ..ErrorMetadata::default()
        },
        AuthError::TokenRejectedTwice { refusal } => refusal_meta(refusal),
        AuthError::TokenUnavailable { .. } => ErrorMetadata::default(),
    }
}

/// A body that did not parse: its status and bytes.
pub(crate) fn decode_meta(decode: &DecodeError) -> ErrorMetadata<'_> {
    ErrorMetadata {
        status: decode.status(),
        raw_body: Some(decode.raw_body()),
        ..ErrorMetadata::default()
    }
}

/// Why [`PortOne::cancel`](crate::PortOne::cancel) failed.
///
/// Whether money may have moved: [`CancelError::InvalidRequest`],
/// [`CancelError::Auth`], [`CancelError::NoPaymentToCancel`],
/// [`CancelError::AlreadyCancelled`], [`CancelError::Refused`] and
/// [`CancelError::PaymentNotFound`] mean PortOne did not cancel anything in
/// this call, nor do [`CancelError::Lookup`], [`CancelError::OrderLookup`]
/// and [`CancelError::NoPaidPayment`] (only the read of `prepare_cancel`
/// was sent). After [`CancelError::Transport`] (unless
/// `is_connect()`), [`CancelError::UnexpectedStatus`] and
/// [`CancelError::Decode`] the cancel may or may not have happened: never
/// retry by reading the balance again (a refund that went through would
/// make the new checksum match, and refund twice). Resend the very request
/// [`PortOne::prepare_cancel`](crate::PortOne::prepare_cancel) returned
/// before the first attempt; PortOne refuses it if the first went through.
/// [`CancelError::nothing_cancelled`] tells the two groups apart.
///
/// Two variants say "no such payment", from two different answers:
/// [`NoPaymentToCancel`](CancelError::NoPaymentToCancel) is the cancel
/// call's own refusal (HTTP 200, code 1: PortOne has no cancellable payment
/// for the id), [`PaymentNotFound`](CancelError::PaymentNotFound) an HTTP
/// 404, named as in [`GetPaymentError::PaymentNotFound`].
///
/// The API's code, message and response: [`ProvideErrorMetadata`].
#[derive(Debug)]
#[non_exhaustive]
pub enum CancelError {
    /// Refused before sending: a field breaks the API's rules.
    InvalidRequest(InvalidRequest),
    /// Bad key/secret, 401 twice, or no token could be had (getToken
    /// failed); the cancel was not sent or was refused unprocessed.
    Auth(AuthError),
    /// HTTP 200, code 1, "취소할 결제건이 존재하지 않습니다." ([`MESSAGE_NO_PAYMENT_TO_CANCEL`]):
    /// the cancel call's refusal when no payment it could cancel matches
    /// the imp_uid/merchant_uid.
    NoPaymentToCancel(ApiRefusal),
    /// HTTP 200, code 1, "이미 전액취소된 주문입니다." ([`MESSAGE_ALREADY_CANCELLED`]):
    /// the payment is already fully cancelled.
    AlreadyCancelled(ApiRefusal),
    /// HTTP 200, code != 0, any other reason (PG refusal is code -1; a
    /// checksum mismatch or an amount over the balance also land here).
    Refused(ApiRefusal),
    /// HTTP 404 in PortOne's envelope: no payment has the id. The cancel
    /// call is documented to answer 200 + code 1 instead
    /// ([`NoPaymentToCancel`](CancelError::NoPaymentToCancel)); this comes
    /// from `prepare_cancel`'s balance read or an undocumented 404.
    PaymentNotFound(ApiRefusal),
    /// A status the API does not document (e.g. a proxy's 502 page).
    UnexpectedStatus {
        /// HTTP status.
        status: u16,
        /// The response; its body is not shown by `Display` or `Debug`.
        raw: RawResponse,
    },
    /// Connection, TLS or timeout.
    Transport(TransportError),
    /// The body is not the expected JSON (truncated, HTML, ...).
    Decode(DecodeError),
    /// `prepare_cancel` (or `cancel_with_checksum`) could not read the
    /// balance: the lookup timed out, failed in transit, or got an answer
    /// it could not read. Only the lookup was sent; nothing was cancelled.
    Lookup(GetPaymentError),
    /// `prepare_cancel` of a merchant_uid target found no `paid` payment
    /// with that order id (the lookup by order id and status answered 404):
    /// nothing a cancel could refund. Only the lookup was sent. Payments of
    /// the order id in other states (failed, fully cancelled) may exist:
    /// [`PortOne::find_payments`](crate::PortOne::find_payments) lists them.
    NoPaidPayment(ApiRefusal),
    /// `prepare_cancel` of a merchant_uid target could not read the
    /// payment of the order id: the lookup timed out, failed in transit, or
    /// got an answer it could not read. Only the lookup was sent; nothing
    /// was cancelled.
    OrderLookup(FindPaymentError),
}

impl CancelError {
    /// Whether PortOne surely cancelled nothing in this call.
    pub fn nothing_cancelled(&self) -> bool {
        match self {
            CancelError::InvalidRequest(_)
            | CancelError::Auth(_)
            | CancelError::NoPaymentToCancel(_)
            | CancelError::AlreadyCancelled(_)
            | CancelError::Refused(_)
            | CancelError::PaymentNotFound(_)
            | CancelError::Lookup(_)
            | CancelError::NoPaidPayment(_)
            | CancelError::OrderLookup(_) => true,
            CancelError::Transport(t) => t.is_connect(),
            CancelError::UnexpectedStatus { .. } | CancelError::Decode(_) => false,
        }
    }
}

impl ProvideErrorMetadata for CancelError {
    fn meta(&self) -> ErrorMetadata<'_> {
        match self {
            CancelError::InvalidRequest(_) | CancelError::Transport(_) => ErrorMetadata::default(),
            CancelError::Auth(a) => auth_meta(a),
            CancelError::NoPaymentToCancel(r)
            | CancelError::AlreadyCancelled(r)
            | CancelError::Refused(r)
            | CancelError::PaymentNotFound(r)
            | CancelError::NoPaidPayment(r) => refusal_meta(r),
            CancelError::UnexpectedStatus { raw, .. } => response_meta(raw),
            CancelError::Decode(d) => decode_meta(d),
            CancelError::Lookup(e) => e.meta(),
            CancelError::OrderLookup(e) => e.meta(),
        }
    }
}

/// Message the cancel call sends when it finds no payment to cancel
/// (HTTP 200, code 1): [`CancelError::NoPaymentToCancel`].
pub const MESSAGE_NO_PAYMENT_TO_CANCEL: &str = "취소할 결제건이 존재하지 않습니다.";
/// Message the cancel call sends for an already fully cancelled payment
/// (HTTP 200, code 1): [`CancelError::AlreadyCancelled`].
pub const MESSAGE_ALREADY_CANCELLED: &str = "이미 전액취소된 주문입니다.";

impl CancelError {
    /// Classifies an HTTP 200 refusal by its documented messages.
    pub(crate) fn from_refusal(refusal: ApiRefusal) -> Self {
        let m = refusal.message.trim();
        if m == MESSAGE_NO_PAYMENT_TO_CANCEL || (m.contains("존재하지 않") && m.contains("결제"))
        {
            CancelError::NoPaymentToCancel(refusal)
        } else if m == MESSAGE_ALREADY_CANCELLED || m.contains("이미 전액취소") {
            CancelError::AlreadyCancelled(refusal)
        } else {
            CancelError::Refused(refusal)
        }
    }

    /// The failure of the balance read before a cancel (`prepare_cancel`):
    /// the lookup's answer where it says something about the cancel (bad
    /// input, authentication, no such payment, a refusal), and otherwise
    /// [`CancelError::Lookup`], since only the lookup was sent, which
    /// `Transport`/`Decode` would not say.
    pub(crate) fn from_lookup(e: GetPaymentError) -> Self {
        match e {
            GetPaymentError::InvalidRequest(i) => CancelError::InvalidRequest(i),
            GetPaymentError::Auth(a) => CancelError::Auth(a),
            GetPaymentError::PaymentNotFound(r) => CancelError::PaymentNotFound(r),
            GetPaymentError::Refused(r) => CancelError::Refused(r),
            other @ (GetPaymentError::UnexpectedStatus { .. }
            | GetPaymentError::Transport(_)
            | GetPaymentError::Decode(_)) => CancelError::Lookup(other),
        }
    }

    /// The failure of the lookup by order id before a cancel of a
    /// merchant_uid target (`prepare_cancel`), as [`from_lookup`](Self::from_lookup)
    /// for a lookup by imp_uid: no paid payment is
    /// [`CancelError::NoPaidPayment`]; what says nothing about the cancel is
    /// [`CancelError::OrderLookup`].
    pub(crate) fn from_order_lookup(e: FindPaymentError) -> Self {
        match e {
            FindPaymentError::InvalidRequest(i) => CancelError::InvalidRequest(i),
            FindPaymentError::Auth(a) => CancelError::Auth(a),
            FindPaymentError::PaymentNotFound(r) => CancelError::NoPaidPayment(r),
            FindPaymentError::Refused(r) => CancelError::Refused(r),
            other @ (FindPaymentError::BadRequest(_)
            | FindPaymentError::UnexpectedStatus { .. }
            | FindPaymentError::Transport(_)
            | FindPaymentError::Decode(_)) => CancelError::OrderLookup(other),
        }
    }
}

/// Lets `builder.build()?` sit in a function returning `CancelError`.
impl From<InvalidRequest> for CancelError {
    fn from(e: InvalidRequest) -> Self {
        CancelError::InvalidRequest(e)
    }
}

impl From<CallError> for CancelError {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Auth(a) => CancelError::Auth(a),
            CallError::Envelope(r) if r.raw.status == 404 => CancelError::PaymentNotFound(r),
            CallError::Envelope(ApiRefusal { raw, .. }) | CallError::UnexpectedStatus(raw) => {
                CancelError::UnexpectedStatus {
                    status: raw.status,
                    raw,
                }
            }
            CallError::Transport(t) => CancelError::Transport(t),
            CallError::Decode(d) => CancelError::Decode(d),
            CallError::Invalid(i) => CancelError::InvalidRequest(i),
        }
    }
}

/// Says what failed at this level only; the cause, if any, is `source()`.
impl fmt::Display for CancelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Transparent: the request error says all, and has no source.
            CancelError::InvalidRequest(e) => fmt::Display::fmt(e, f),
            CancelError::Auth(_) => write!(f, "authentication failed, nothing was cancelled"),
            CancelError::NoPaymentToCancel(r) => write!(
                f,
                "cancel refused: PortOne found no payment to cancel (code {}: {})",
                r.code, r.message
            ),
            CancelError::AlreadyCancelled(r) => write!(
                f,
                "cancel refused: the payment is already fully cancelled (code {}: {})",
                r.code, r.message
            ),
            CancelError::Refused(r) => {
                write!(
                    f,
                    "cancel refused by PortOne (code {}: {})",
                    r.code, r.message
                )
            }
            CancelError::PaymentNotFound(r) => write!(
                f,
                "cancel refused: payment not found (HTTP 404, code {}: {})",
                r.code, r.message
            ),
            CancelError::UnexpectedStatus { status, .. } => write!(
                f,
                "unexpected HTTP {status} from PortOne; {OUTCOME_UNKNOWN} ({BODY_NOT_SHOWN})"
            ),
            CancelError::Transport(t) if t.is_connect() => {
                write!(f, "the cancel could not be sent, nothing was cancelled")
            }
            CancelError::Transport(_) => {
                write!(f, "the cancel got no complete answer; {OUTCOME_UNKNOWN}")
            }
            CancelError::Decode(_) => {
                write!(
                    f,
                    "the answer to the cancel is unreadable; {OUTCOME_UNKNOWN}"
                )
            }
            CancelError::Lookup(_) => write!(
                f,
                "reading the balance before the cancel failed, so nothing was cancelled"
            ),
            CancelError::NoPaidPayment(r) => write!(
                f,
                "nothing to cancel: no paid payment has this order id (HTTP 404, code {}: {}); nothing was sent but the lookup",
                r.code, r.message
            ),
            CancelError::OrderLookup(_) => write!(
                f,
                "reading the payment of the order id before the cancel failed, so nothing was cancelled"
            ),
        }
    }
}

/// Why an unexpected-status error does not quote the body, and where it is.
pub(crate) const BODY_NOT_SHOWN: &str =
    "the body is not shown, it may hold buyer data; raw_body() has it";

/// What a cancel error with an unknown outcome tells the reader to do.
const OUTCOME_UNKNOWN: &str = "the cancel may or may not have happened: do not re-read the balance to retry; resend the same request from prepare_cancel (refused if the first went through) or check the payment";

impl Error for CancelError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            CancelError::InvalidRequest(e) => e.source(),
            CancelError::Auth(e) => Some(e),
            CancelError::Transport(e) => Some(e),
            CancelError::Decode(e) => Some(e),
            CancelError::Lookup(e) => Some(e),
            CancelError::OrderLookup(e) => Some(e),
            CancelError::NoPaymentToCancel(_)
            | CancelError::NoPaidPayment(_)
            | CancelError::AlreadyCancelled(_)
            | CancelError::Refused(_)
            | CancelError::PaymentNotFound(_)
            | CancelError::UnexpectedStatus { .. } => None,
        }
    }
}

/// Why [`PortOne::get_payment`](crate::PortOne::get_payment) failed.
///
/// The API's code, message and response: [`ProvideErrorMetadata`].
#[derive(Debug)]
#[non_exhaustive]
pub enum GetPaymentError {
    /// Refused before sending (e.g. an empty or over-long imp_uid).
    InvalidRequest(InvalidRequest),
    /// Bad key/secret, or 401 twice.
    Auth(AuthError),
    /// HTTP 404 in PortOne's envelope: no payment has this imp_uid (named
    /// as in [`CancelError::PaymentNotFound`]).
    PaymentNotFound(ApiRefusal),
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
    /// The body is not the expected JSON.
    Decode(DecodeError),
}

impl ProvideErrorMetadata for GetPaymentError {
    fn meta(&self) -> ErrorMetadata<'_> {
        match self {
            GetPaymentError::InvalidRequest(_) | GetPaymentError::Transport(_) => {
                ErrorMetadata::default()
            }
            GetPaymentError::Auth(a) => auth_meta(a),
            GetPaymentError::PaymentNotFound(r) | GetPaymentError::Refused(r) => refusal_meta(r),
            GetPaymentError::UnexpectedStatus { raw, .. } => response_meta(raw),
            GetPaymentError::Decode(d) => decode_meta(d),
        }
    }
}

impl From<CallError> for GetPaymentError {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Auth(a) => GetPaymentError::Auth(a),
            CallError::Envelope(r) if r.raw.status == 404 => GetPaymentError::PaymentNotFound(r),
            CallError::Envelope(ApiRefusal { raw, .. }) | CallError::UnexpectedStatus(raw) => {
                GetPaymentError::UnexpectedStatus {
                    status: raw.status,
                    raw,
                }
            }
            CallError::Transport(t) => GetPaymentError::Transport(t),
            CallError::Decode(d) => GetPaymentError::Decode(d),
            CallError::Invalid(i) => GetPaymentError::InvalidRequest(i),
        }
    }
}

/// Says what failed at this level only; the cause, if any, is `source()`.
impl fmt::Display for GetPaymentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Transparent: the request error says all, and has no source.
            GetPaymentError::InvalidRequest(e) => fmt::Display::fmt(e, f),
            GetPaymentError::Auth(_) => write!(f, "authentication failed"),
            GetPaymentError::PaymentNotFound(r) => write!(
                f,
                "payment not found (HTTP 404, code {}: {})",
                r.code, r.message
            ),
            GetPaymentError::Refused(r) => {
                write!(f, "payment lookup refused (code {}: {})", r.code, r.message)
            }
            GetPaymentError::UnexpectedStatus { status, .. } => {
                write!(
                    f,
                    "unexpected HTTP {status} from PortOne ({BODY_NOT_SHOWN})"
                )
            }
            GetPaymentError::Transport(_) => write!(f, "the payment lookup failed in transit"),
            GetPaymentError::Decode(_) => {
                write!(f, "the answer to the payment lookup is unreadable")
            }
        }
    }
}

impl Error for GetPaymentError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            GetPaymentError::InvalidRequest(e) => e.source(),
            GetPaymentError::Auth(e) => Some(e),
            GetPaymentError::Transport(e) => Some(e),
            GetPaymentError::Decode(e) => Some(e),
            GetPaymentError::PaymentNotFound(_)
            | GetPaymentError::Refused(_)
            | GetPaymentError::UnexpectedStatus { .. } => None,
        }
    }
}
