//! V1 webhooks: reading what PortOne POSTs to your server, and verifying it.
//!
//! PortOne notifies the merchant's webhook URL when a payment changes
//! (approved, virtual account issued or paid into, cancelled in the console,
//! cancelled through the API with `enable_webhook`); the spec's
//! `WebhookPayload` schema and its `x-webhooks` entry say when and how. The
//! body is `{imp_uid, merchant_uid, status}` (plus `cancellation_id` after a
//! cancel), as JSON or as a form, and **carries no signature**: anyone who
//! knows the URL can send one. So a webhook is only a hint that something
//! happened to a payment:
//!
//! 1. parse it ([`WebhookPayload::from_body`]); answer at once (PortOne
//!    waits for your answer, and retries only on a network error or 5xx,
//!    when retries are enabled at all);
//! 2. verify it ([`PortOne::verify_webhook`](crate::PortOne::verify_webhook)):
//!    the payment is read from PortOne by `imp_uid`, and that payment, never
//!    the body, is what you act on;
//! 3. compare the verified payment's amount with the order's before marking
//!    the order paid (a payment of 100 won for an order of 100,000 is
//!    genuine, and still wrong);
//! 4. skip what you handled already: the same webhook can arrive twice, and
//!    out of order. [`VerifiedWebhook::dedupe_key`] names the verified state.
//!
//! ```no_run
//! use portone_v1::{PortOne, WebhookPayload};
//!
//! # async fn handle(client: &PortOne, content_type: Option<&str>, body: &[u8], order_amount: portone_v1::Amount) -> Result<(), Box<dyn std::error::Error>> {
//! let payload = WebhookPayload::from_body(content_type, body)?;
//! let verified = client.verify_webhook(&payload).await?;
//! if verified.payment().amount != order_amount {
//!     return Err("the amount paid is not the order's".into());
//! }
//! println!("{} is {} (key {})", verified.imp_uid(), verified.status(), verified.dedupe_key());
//! # Ok(()) }
//! ```
//!
//! `crates/portone-v1/examples/webhook.rs` is a receiver built on axum, and
//! `portone-v1 listen` prints every verified webhook it receives.

// Generated from the spec's `x-delivery` (see its module docs).
pub mod delivery;
mod payload;
mod verify;

pub use crate::generated::types::WebhookPayload;
pub use payload::{WebhookFormat, WebhookParseError};
pub use verify::{DedupeKey, VerifiedWebhook, VerifyWebhookError};
