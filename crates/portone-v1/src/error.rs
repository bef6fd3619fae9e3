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
//! `raw_body()`, [`RawResponse::body_bytes`], [`DecodeError::raw_body`].

use std::fmt;

pub use crate::decode_error::DecodeError;
pub use crate::raw_response::RawResponse;

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

impl std::error::Error for InvalidRequest {}

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

impl std::error::Error for AuthError {}

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
        // reqwest's Display names the URL (no secrets: the token is a header).
        write!(f, "HTTP request {kind}: {}", self.source)?;
        let mut cause = std::error::Error::source(&self.source);
        while let Some(c) = cause {
            write!(f, ": {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
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

macro_rules! shared_accessors {
    ($name:ident) => {
        impl $name {
            /// The API's `code`, when the API answered with an envelope.
            pub fn code(&self) -> Option<i64> {
                self.refusal().map(|r| r.code).or(match self {
                    $name::Auth(AuthError::CredentialsRejected { code, .. }) => *code,
                    $name::Auth(AuthError::TokenRejectedTwice { refusal }) => Some(refusal.code),
                    _ => None,
                })
            }

            /// The API's `message`, when the API answered with one.
            pub fn message(&self) -> Option<&str> {
                self.refusal().map(|r| r.message.as_str()).or(match self {
                    $name::Auth(AuthError::CredentialsRejected { message, .. }) => {
                        message.as_deref()
                    }
                    $name::Auth(AuthError::TokenRejectedTwice { refusal }) => {
                        Some(refusal.message.as_str())
                    }
                    _ => None,
                })
            }

            /// The response, when one was received and kept: API refusals,
            /// a second 401, an undocumented status. Its `Debug` shows the
            /// status and the body's length, not the body.
            pub fn raw(&self) -> Option<&RawResponse> {
                if let Some(refusal) = self.refusal() {
                    return Some(&refusal.raw);
                }
                match self {
                    $name::Auth(AuthError::TokenRejectedTwice { refusal }) => Some(&refusal.raw),
                    $name::UnexpectedStatus { raw, .. } => Some(raw),
                    _ => self.lookup().and_then(|l| l.raw()),
                }
            }

            /// The body of the response the failure came with, byte for byte
            /// as received, whenever one was received: everything
            /// [`raw`](Self::raw) covers, and a body that did not parse. Never
            /// a getToken body (it holds a token). It may hold buyer data
            /// (name, phone, e-mail, address, card and account numbers): the
            /// errors' `Display` and `Debug` never show it; do not log it.
            pub fn raw_body(&self) -> Option<&[u8]> {
                match self {
                    $name::Decode(d) => Some(d.raw_body()),
                    _ => self
                        .raw()
                        .map(RawResponse::body_bytes)
                        .or_else(|| self.lookup().and_then(|l| l.raw_body())),
                }
            }

            /// HTTP status of the response the failure came with, when one
            /// was received (getToken's is in [`AuthError`]).
            pub fn status(&self) -> Option<u16> {
                match self {
                    $name::Decode(d) => d.status(),
                    _ => self
                        .raw()
                        .map(|r| r.status)
                        .or_else(|| self.lookup().and_then(|l| l.status())),
                }
            }
        }
    };
}

/// Why [`PortOne::cancel`](crate::PortOne::cancel) failed.
///
/// Whether money may have moved: [`CancelError::InvalidRequest`],
/// [`CancelError::Auth`], [`CancelError::NotFound`],
/// [`CancelError::AlreadyCancelled`], [`CancelError::Refused`] and
/// [`CancelError::PaymentNotFound`] mean PortOne did not cancel anything in
/// this call, nor does [`CancelError::Lookup`] (only the balance read of
/// `prepare_cancel` was sent). After [`CancelError::Transport`] (unless
/// `is_connect()`), [`CancelError::UnexpectedStatus`] and
/// [`CancelError::Decode`] the cancel may or may not have happened: never
/// retry by reading the balance again (a refund that went through would
/// make the new checksum match, and refund twice). Resend the very request
/// [`PortOne::prepare_cancel`](crate::PortOne::prepare_cancel) returned
/// before the first attempt; PortOne refuses it if the first went through.
/// [`CancelError::nothing_cancelled`] tells the two groups apart.
#[derive(Debug)]
#[non_exhaustive]
pub enum CancelError {
    /// Refused before sending: a field breaks the API's rules.
    InvalidRequest(InvalidRequest),
    /// Bad key/secret, 401 twice, or no token could be had (getToken
    /// failed); the cancel was not sent or was refused unprocessed.
    Auth(AuthError),
    /// HTTP 200, code != 0: no payment matches the imp_uid/merchant_uid.
    NotFound(ApiRefusal),
    /// HTTP 200, code != 0: the payment is already fully cancelled.
    AlreadyCancelled(ApiRefusal),
    /// HTTP 200, code != 0, any other reason (PG refusal is code -1; a
    /// checksum mismatch or an amount over the balance also land here).
    Refused(ApiRefusal),
    /// HTTP 404.
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
}

impl CancelError {
    fn lookup(&self) -> Option<&GetPaymentError> {
        match self {
            CancelError::Lookup(e) => Some(e),
            _ => None,
        }
    }

    fn refusal(&self) -> Option<&ApiRefusal> {
        match self {
            CancelError::NotFound(r)
            | CancelError::AlreadyCancelled(r)
            | CancelError::Refused(r)
            | CancelError::PaymentNotFound(r) => Some(r),
            _ => None,
        }
    }

    /// Whether PortOne surely cancelled nothing in this call.
    pub fn nothing_cancelled(&self) -> bool {
        match self {
            CancelError::InvalidRequest(_)
            | CancelError::Auth(_)
            | CancelError::NotFound(_)
            | CancelError::AlreadyCancelled(_)
            | CancelError::Refused(_)
            | CancelError::PaymentNotFound(_)
            | CancelError::Lookup(_) => true,
            CancelError::Transport(t) => t.is_connect(),
            CancelError::UnexpectedStatus { .. } | CancelError::Decode(_) => false,
        }
    }
}

shared_accessors!(CancelError);

/// Message the API sends when no payment matches (cancel, HTTP 200 code 1).
pub const MESSAGE_NOT_FOUND: &str = "취소할 결제건이 존재하지 않습니다.";
/// Message the API sends for an already fully cancelled payment.
pub const MESSAGE_ALREADY_CANCELLED: &str = "이미 전액취소된 주문입니다.";

impl CancelError {
    /// Classifies an HTTP 200 refusal by its documented messages.
    pub(crate) fn from_refusal(refusal: ApiRefusal) -> Self {
        let m = refusal.message.trim();
        if m == MESSAGE_NOT_FOUND || (m.contains("존재하지 않") && m.contains("결제")) {
            CancelError::NotFound(refusal)
        } else if m == MESSAGE_ALREADY_CANCELLED || m.contains("이미 전액취소") {
            CancelError::AlreadyCancelled(refusal)
        } else {
            CancelError::Refused(refusal)
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
            CallError::Envelope(r) => CancelError::UnexpectedStatus {
                status: r.raw.status,
                raw: r.raw,
            },
            CallError::UnexpectedStatus(raw) => CancelError::UnexpectedStatus {
                status: raw.status,
                raw,
            },
            CallError::Transport(t) => CancelError::Transport(t),
            CallError::Decode(d) => CancelError::Decode(d),
            CallError::Invalid(i) => CancelError::InvalidRequest(i),
        }
    }
}

impl fmt::Display for CancelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CancelError::InvalidRequest(e) => write!(f, "{e}"),
            CancelError::Auth(e) => write!(f, "cancel not sent: {e}"),
            CancelError::NotFound(r) => write!(
                f,
                "cancel refused: no such payment (code {}: {})",
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
            CancelError::Transport(t) => write!(
                f,
                "{t}; {}",
                if t.is_connect() {
                    "nothing was sent"
                } else {
                    OUTCOME_UNKNOWN
                }
            ),
            CancelError::Decode(d) => write!(f, "{d}; {OUTCOME_UNKNOWN}"),
            CancelError::Lookup(e) => write!(
                f,
                "reading the balance before the cancel failed, so nothing was cancelled: {e}"
            ),
        }
    }
}

/// Why an unexpected-status error does not quote the body, and where it is.
const BODY_NOT_SHOWN: &str = "the body is not shown, it may hold buyer data; raw_body() has it";

/// What a cancel error with an unknown outcome tells the reader to do.
const OUTCOME_UNKNOWN: &str = "the cancel may or may not have happened: do not re-read the balance to retry; resend the same request from prepare_cancel (refused if the first went through) or check the payment";

impl std::error::Error for CancelError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CancelError::InvalidRequest(e) => Some(e),
            CancelError::Auth(e) => Some(e),
            CancelError::Transport(e) => Some(e),
            CancelError::Decode(e) => Some(e),
            CancelError::Lookup(e) => Some(e),
            _ => None,
        }
    }
}

/// Why [`PortOne::get_payment`](crate::PortOne::get_payment) failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum GetPaymentError {
    /// Refused before sending (e.g. an empty or over-long imp_uid).
    InvalidRequest(InvalidRequest),
    /// Bad key/secret, or 401 twice.
    Auth(AuthError),
    /// HTTP 404: no payment has this imp_uid.
    NotFound(ApiRefusal),
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

impl GetPaymentError {
    /// Only a cancel wraps a lookup; the shared accessors ask both.
    fn lookup(&self) -> Option<&GetPaymentError> {
        None
    }

    fn refusal(&self) -> Option<&ApiRefusal> {
        match self {
            GetPaymentError::NotFound(r) | GetPaymentError::Refused(r) => Some(r),
            _ => None,
        }
    }
}

shared_accessors!(GetPaymentError);

impl From<CallError> for GetPaymentError {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Auth(a) => GetPaymentError::Auth(a),
            CallError::Envelope(r) if r.raw.status == 404 => GetPaymentError::NotFound(r),
            CallError::Envelope(r) => GetPaymentError::UnexpectedStatus {
                status: r.raw.status,
                raw: r.raw,
            },
            CallError::UnexpectedStatus(raw) => GetPaymentError::UnexpectedStatus {
                status: raw.status,
                raw,
            },
            CallError::Transport(t) => GetPaymentError::Transport(t),
            CallError::Decode(d) => GetPaymentError::Decode(d),
            CallError::Invalid(i) => GetPaymentError::InvalidRequest(i),
        }
    }
}

impl fmt::Display for GetPaymentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GetPaymentError::InvalidRequest(e) => write!(f, "{e}"),
            GetPaymentError::Auth(e) => write!(f, "{e}"),
            GetPaymentError::NotFound(r) => write!(
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
            GetPaymentError::Transport(t) => write!(f, "{t}"),
            GetPaymentError::Decode(d) => write!(f, "{d}"),
        }
    }
}

impl std::error::Error for GetPaymentError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            GetPaymentError::InvalidRequest(e) => Some(e),
            GetPaymentError::Auth(e) => Some(e),
            GetPaymentError::Transport(e) => Some(e),
            GetPaymentError::Decode(e) => Some(e),
            _ => None,
        }
    }
}
