//! Support for the property tests (`tests/prop_requests.rs`): request
//! strategies, a raw HTTP client, and the runner around one fake.
#![allow(dead_code)] // each property uses a different part

pub mod bodies;
pub mod raw_http;
pub mod request;
pub mod requests;
pub mod runner;
