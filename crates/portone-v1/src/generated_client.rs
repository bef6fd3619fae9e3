//! The client progenitor generates from `spec/portone-v1.yaml`, underneath
//! [`PortOne`](crate::PortOne): one method per operation
//! ([`Client::cancel_payment`], [`Client::get_payment`],
//! [`Client::get_token`]), each returning a request builder from
//! [`builder`], sent with `.send()`.
//!
//! [`PortOne`](crate::PortOne) is the client to use: it adds the envelope
//! (`code != 0` on HTTP 200 is a refusal), one error enum per operation,
//! the retry after a 401 and the checksum flow. This module is for what the
//! facade does not offer (a parameter it does not model, the raw
//! `ResponseValue` with its headers). Its errors are progenitor's
//! [`Error`]: their `Display` quotes response bodies, which can hold buyer
//! data, so do not log them.
//!
//! The one way to a working generated client is [`PortOne::generated`](crate::PortOne::generated),
//! a client built by [`ClientBuilder`](crate::ClientBuilder), whose hooks
//! add the token and `Tier` headers. `Client::new` and
//! `Client::new_with_client` are no way around the builder's checks: they
//! need an [`AuthState`](crate::auth::AuthState), which has no public
//! constructor,
//!
//! ```compile_fail,E0624
//! use portone_v1::auth::{AuthState, Credentials};
//! let http = reqwest::Client::new();
//! let state = AuthState::new(Credentials::new("key", "secret"), None, "https://x".into(), http);
//! ```
//!
//! and a copy of an existing client's state (`ClientInfo::inner`) is sent
//! only to that client's base URL and always through the HTTP client the
//! builder made, with its crypto provider and redirect policy, whatever
//! `reqwest::Client` was passed in.
//!
//! ```no_run
//! use portone_v1::PortOne;
//! use portone_v1::generated_client::ResponseValue;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = PortOne::from_env()?;
//! let answer: ResponseValue<_> = client
//!     .generated()
//!     .get_payment()
//!     .imp_uid("imp_123456789012")
//!     .include_sandbox(true)
//!     .send()
//!     .await?;
//! println!("HTTP {}: code {}", answer.status(), answer.into_inner().code);
//! # Ok(()) }
//! ```

pub use crate::generated::{Client, ClientInfo, Error, ResponseValue, builder};
