//! Typed Rust client for the PortOne V1 (iamport) REST API, centred on
//! refunds: `POST /payments/cancel` (full and partial cancels).
//!
//! ```no_run
//! use portone_v1::{CancelAmount, CancelRequest, PortOne, Target};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = PortOne::from_env()?; // PORTONE_IMP_KEY, PORTONE_IMP_SECRET
//! let request = CancelRequest::builder(Target::imp_uid("imp_123456789012"), CancelAmount::partial(3000))
//!     .reason("one item returned")
//!     .build()?; // every rule is checked here, before anything is sent
//! let payment = client.cancel_with_checksum(&request).await?;
//! println!("remaining balance: {}", portone_v1::cancellable_balance(&payment));
//! # Ok(()) }
//! ```
//!
//! A cancel is never retried automatically once it may have reached PortOne.
//! To retry after an unknown outcome (timeout, cut connection), send the
//! request returned by [`PortOne::prepare_cancel`] again, unchanged; the
//! [`client`](PortOne) docs explain why re-reading the balance would refund twice.
//! To find out what happened instead, [`PortOne::guard_cancel`] keeps what it
//! read before the send and [`PortOne::reconcile`] compares the payment with
//! it ([`reconcile`]).
//!
//! Layout: `generated.rs`, `open_enums/values.rs`, `refund_banks/tables.rs`,
//! `inputs/operations.rs`
//! (the spec's limits as rules, and the options of every request input no
//! hand-written type sets) and `inputs/*_setters.rs` (their setters on
//! [`CancelRequestBuilder`]) are written by `cargo xtask generate` from
//! `spec/portone-v1.yaml` and never edited by hand. Everything else here is
//! the hand-written seam: exact money ([`money`]), redacted secrets
//! ([`secret`]), open enums ([`open_enums`]), token handling ([`auth`], and
//! the hooks that put the token on every generated call), the refund bank
//! code lookups over the generated tables ([`refund_banks`]), and the
//! [`PortOne`] facade with its errors ([`error`]).
//!
//! What is where:
//! - the crate root: the one client, [`PortOne`] (and its [`ClientBuilder`]),
//!   the request builder [`CancelRequest`], the errors, and every generated
//!   request and response type ([`Payment`], [`PaymentCancellation`], ...)
//!   since the facade takes and returns them;
//! - [`types`]: the same generated types under their own name, with
//!   typify's builders for them (`types::builder`) when the
//!   `type-builders` feature is on;
//! - [`generated_client`]: the progenitor client underneath and its request
//!   builders, reached through [`PortOne::generated`].
#![deny(missing_docs)]

#[rustfmt::skip]
#[allow(missing_docs, clippy::all, clippy::pedantic, unused_imports, unused_mut)]
mod generated;

pub mod auth;
mod auth_state;
pub mod cancel;
mod capture;
mod client;
pub mod config;
mod credentials;
mod decode_error;
pub mod error;
mod error_chain;
mod error_metadata;
mod find;
mod find_error;
pub mod generated_client;
mod hooks;
mod inputs;
pub mod json_body;
pub mod money;
pub mod open_enums;
mod prepared;
mod raw_response;
pub mod reconcile;
mod reconcile_error;
pub mod refund_banks;
pub mod secret;
mod seq_decode;
mod telemetry;
pub mod tls;
mod token_check;
pub mod webhook;

pub use cancel::{
    CancelAmount, CancelRequest, CancelRequestBuilder, Requester, Target, VbankRefund,
};
pub use client::{PortOne, cancellable_balance};
pub use config::{ClientBuilder, ConfigError};
pub use error::{
    ApiRefusal, AuthError, CancelError, DecodeError, ErrorMetadata, FindPaymentError,
    FindPaymentsError, GetPaymentError, InvalidRequest, ProvideErrorMetadata, RawResponse,
    ReconcileError, TransportError,
};
pub use generated::types;
pub use generated::types::*;
pub use prepared::PreparedCancel;
pub use reconcile::{CancelOutcome, PaymentChange, ReconcileOptions};
/// Not at the root: the glob above would put typify's builders for the types
/// here, where `builder` used to name the generated client's request
/// builders ([`generated_client::builder`]). They are `types::builder`
/// (with the `type-builders` feature).
#[allow(hidden_glob_reexports)] // on purpose: this hides the glob's `builder`
mod builder {}
// The generated options that are builders of their own (`GetPaymentOptions`).
pub use inputs::operations::public::*;
pub use money::Amount;
pub use open_enums::{
    Currency, CustomerUidUsage, PayMethod, PaymentChannel, PaymentStatus, PgProvider,
};
pub use rust_decimal::Decimal;
pub use secret::SecretString;
pub use token_check::TokenLifetime;
pub use webhook::{
    DedupeKey, VerifiedWebhook, VerifyWebhookError, WebhookFormat, WebhookParseError,
};

/// The crate root has one client: the generated one and its builders are
/// not there.
///
/// ```compile_fail,E0432
/// use portone_v1::Client;
/// ```
///
/// ```compile_fail,E0603
/// use portone_v1::builder::CancelPayment;
/// ```
///
/// ```
/// use portone_v1::generated_client::{Client, builder::CancelPayment};
/// # #[cfg(feature = "type-builders")]
/// use portone_v1::types::builder::Payment;
/// ```
///
/// Everything `generated_client`'s `compile_fail` example uses but the
/// constructor of `AuthState` is public (error codes of `compile_fail` are
/// checked on nightly only, so this pins down why that example fails):
///
/// ```no_run
/// use portone_v1::auth::{AuthState, Credentials};
/// let http = reqwest::Client::new();
/// let credentials = Credentials::new("key", "secret");
/// let url: String = "https://x".into();
/// let _: Option<AuthState> = None;
/// # let _ = (http, credentials, url);
/// ```
#[cfg(doctest)]
pub struct OneClientAtTheRoot;

/// The README's Rust examples, compiled as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
