//! The `tracing` events of failed calls name the operation, the status and
//! the envelope's code, and hold no buyer data from a response body, for
//! every error that can come with a response.
//!
//! A binary of its own, with a single test: `tracing` caches per callsite
//! whether a subscriber is interested (see `logging.rs`), so one subscriber
//! captures every case in one thread.
#![recursion_limit = "256"]

mod buyer_data;
mod support;

use support::capture_logs;

#[tokio::test]
async fn no_log_line_of_a_failed_call_holds_buyer_data() {
    let (captured, _guard) = capture_logs();

    let cases = buyer_data::all_cases().await;
    let logs = captured.take();
    assert!(cases.len() > 25, "{} cases", cases.len());
    for case in &cases {
        case.check(Some(&logs));
    }
    // The events are there, with status and code, so the check above saw them.
    assert!(logs.contains("PortOne call failed"), "{logs}");
    assert!(logs.contains("operation=\"cancelPayment\""), "{logs}");
    assert!(logs.contains("operation=\"getPayment\""), "{logs}");
    assert!(logs.contains("status=502"), "{logs}");
    assert!(logs.contains("code=1"), "{logs}");
    assert!(logs.contains("JSON path `response.amount`"), "{logs}");
    support::assert_no_secret(&logs);
}
