//! A local, stateful fake of the PortOne V1 (iamport) REST API: the calls
//! a refund needs (`POST /users/getToken`, `POST /payments/cancel`,
//! `GET /payments/{imp_uid}`, and the lookups by order id
//! `GET /payments/find[All]/{merchant_uid}[/{payment_status}]`), with
//! balances that really go down, the
//! documented refusals, and fault injection for retry tests. It sends V1
//! webhooks to a loopback URL ([`webhook`]) after API cancels with
//! `enable_webhook` and after the console actions of its fake-only routes
//! ([`admin`], under `/__fake`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use portone_v1_fake::{FakeConfig, FakeServer, seeds};
//!
//! let fake = FakeServer::start(FakeConfig::default()).await?;
//! println!("PortOne fake at {}", fake.base_url());
//! // ... point the client at fake.base_url() with fake.imp_key() /
//! // fake.imp_secret(), cancel seeds::CARD_PAID, then:
//! let payment = fake.payment(seeds::CARD_PAID).expect("seeded");
//! println!("cancelled so far: {}", payment.cancel_amount);
//! fake.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Every body is built from the `portone-v1` generated types, so it has the
//! spec's shape by construction. See the crate README for every behaviour,
//! the fake's own messages and what it does not model.
#![deny(missing_docs)]

mod actions;
pub mod admin;
pub mod cancel;
mod config;
pub mod fault;
pub mod find;
mod inject;
mod lenient;
mod payments;
pub mod routes;
pub mod seeds;
mod server;
mod state;
pub mod token;
pub mod webhook;
pub mod wire;

pub use config::{DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, FakeConfig};
pub use fault::{FAULT_HEADER, Fault, FaultOutcome, ParseFaultError};
pub use inject::{BAD_FAULT_HEADER, INJECTED_500};
pub use seeds::SeedError;
pub use server::{FakeServer, StartError};
pub use webhook::{WebhookAttempt, WebhookDelivery, WebhookUrl, WebhookUrlError};
