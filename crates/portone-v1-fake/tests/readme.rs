//! The README lists every message the fake makes up and every fault item,
//! so that it cannot drift from the code silently.

use portone_v1_fake::{BAD_FAULT_HEADER, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, INJECTED_500};
use portone_v1_fake::{cancel, routes, seeds};

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The message without the " (fake 자체 메시지)" style suffix.
fn core(message: &str) -> &str {
    message.split(" (").next().unwrap()
}

#[test]
fn every_own_message_is_listed() {
    let text = readme();
    for message in [
        cancel::MISSING_ID,
        cancel::CHECKSUM_MISMATCH,
        cancel::OVER_BALANCE,
        cancel::NEGATIVE_AMOUNT,
        cancel::PART_OVER_AMOUNT,
        cancel::VBANK_REFUND_MISSING,
        cancel::NAVERPAY_REASON_MISSING,
        cancel::NOT_PAID,
        cancel::NOT_FOUND,
        cancel::ALREADY_CANCELLED,
        routes::BAD_CREDENTIALS,
        routes::MISSING_CREDENTIALS,
        routes::BAD_BODY,
        routes::UNKNOWN_PATH,
        routes::WRONG_METHOD,
        routes::UNAUTHORIZED,
        routes::PAYMENT_NOT_FOUND,
        INJECTED_500,
        BAD_FAULT_HEADER,
        portone_v1_fake::admin::NOT_VBANK,
        portone_v1_fake::admin::NOT_READY,
    ] {
        assert!(
            text.contains(core(message)),
            "README lacks `{}`",
            core(message)
        );
    }
}

#[test]
fn defaults_seeds_and_fault_items_are_listed() {
    let text = readme();
    for needle in [
        DEFAULT_IMP_KEY,
        DEFAULT_IMP_SECRET,
        seeds::CARD_PAID,
        seeds::VBANK_PAID,
        seeds::POINT_PAID,
        seeds::NAVERPAY_PAID,
        seeds::PARTIALLY_CANCELLED,
        seeds::FULLY_CANCELLED,
        seeds::USD_PAID,
        seeds::SANDBOX_PAID,
        "X-Fake-Fault",
        "latency=200ms",
        "status=500",
        "status=502",
        "status=503",
        "`drop`",
        "drop=after",
        "truncate",
        "`none`",
        "--webhook-url",
        "--webhook-format",
        "--webhook-retries",
        "--webhook-retry-interval",
        "--webhook-timeout",
        "/__fake/payments/{imp_uid}/cancel",
        "/__fake/payments/{imp_uid}/deposit",
    ] {
        assert!(text.contains(needle), "README lacks `{needle}`");
    }
}
