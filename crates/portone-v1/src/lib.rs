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
//!
//! Layout: `generated.rs` is written by `cargo xtask generate` from
//! `spec/portone-v1.yaml` and never edited by hand. Everything else here is
//! the hand-written seam: exact money ([`money`]), redacted secrets
//! ([`secret`]), open enums ([`open_enums`]), token handling ([`auth`], and
//! the hooks that put the token on every generated call), and the
//! [`PortOne`] facade with its errors.
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
mod hooks;
pub mod money;
pub mod open_enums;
mod raw_response;
pub mod secret;
mod telemetry;
pub mod tls;

pub use cancel::{
    CancelAmount, CancelRequest, CancelRequestBuilder, Requester, Target, VbankRefund,
};
pub use client::{PortOne, cancellable_balance};
pub use config::{ClientBuilder, ConfigError};
pub use error::{
    ApiRefusal, AuthError, CancelError, DecodeError, GetPaymentError, InvalidRequest, RawResponse,
    TransportError,
};
pub use generated::types::*;
pub use generated::{Client, Error as GeneratedError, ResponseValue, builder};
pub use money::Amount;
pub use open_enums::{
    Currency, CustomerUidUsage, PayMethod, PaymentChannel, PaymentStatus, PgProvider,
};
pub use rust_decimal::Decimal;
pub use secret::SecretString;

/// The README's Rust examples, compiled as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
