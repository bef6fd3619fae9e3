//! Typed Rust client for the PortOne V1 (iamport) REST API.
//!
//! Stub: replaced below.
#![deny(missing_docs)]

#[rustfmt::skip]
#[allow(missing_docs, clippy::all, clippy::pedantic, unused_imports, unused_mut)]
mod generated;

pub mod auth;
mod hooks;
pub mod money;
pub mod open_enums;
pub mod secret;

pub use generated::types::*;
pub use generated::{Client, Error as GeneratedError, ResponseValue, builder};
