//! No error shows buyer data from a response body: for every error that can
//! come with a response, neither `Display`, `Debug` (plain and `{:#?}`) nor
//! any error in the `source()` chain holds the buyer's name, e-mail, phone,
//! address, postcode, card number, account details or custom data, while
//! `raw_body()` hands out the body exactly as it was sent.
//!
//! The `tracing` side is in `no_buyer_data_in_logs.rs` (its own process, as
//! `logging.rs` explains).
#![recursion_limit = "256"]

mod buyer_data;
mod support;

use buyer_data::Case;
use portone_v1::ProvideErrorMetadata;

fn check_all(cases: &[Case]) {
    assert!(!cases.is_empty());
    for case in cases {
        case.check(None);
    }
}

#[tokio::test]
async fn the_fixture_is_a_payment_the_client_decodes() {
    buyer_data::fixture_decodes().await;
}

#[tokio::test]
async fn decode_failures_show_category_place_and_path_only() {
    check_all(&buyer_data::decode_failures().await);
}

#[tokio::test]
async fn unexpected_statuses_show_the_status_only() {
    check_all(&buyer_data::unexpected_statuses().await);
}

#[tokio::test]
async fn api_refusals_show_code_and_message_only() {
    check_all(&buyer_data::api_refusals().await);
}

#[tokio::test]
async fn http_404_envelopes_show_code_and_message_only() {
    check_all(&buyer_data::not_found_404().await);
}

#[tokio::test]
async fn a_second_401_shows_code_and_message_only() {
    check_all(&buyer_data::token_rejected_twice().await);
}

#[tokio::test]
async fn get_token_failures_show_no_body_and_hand_out_none() {
    check_all(&buyer_data::get_token_failures().await);
}

#[tokio::test]
async fn failed_balance_reads_hand_out_the_lookup_body() {
    check_all(&buyer_data::lookup_failures().await);
}

/// `RawResponse`'s `Debug`, reached through `raw()`, shows the status and
/// the body's length, not the body.
#[tokio::test]
async fn raw_response_debug_shows_the_length_not_the_body() {
    let cases = buyer_data::unexpected_statuses().await;
    let buyer_data::Failure::Cancel(err) = &cases[0].failure else {
        panic!("the first case is a cancel");
    };
    let raw = err.raw().expect("an unexpected status keeps the response");
    let body = cases[0].body.as_deref().unwrap();
    assert_eq!(raw.status(), 500);
    assert_eq!(raw.body_bytes(), body.as_bytes());
    assert_eq!(
        format!("{raw:?}"),
        format!(
            "RawResponse {{ status: 500, body: <{} bytes, not shown> }}",
            body.len()
        )
    );
}
