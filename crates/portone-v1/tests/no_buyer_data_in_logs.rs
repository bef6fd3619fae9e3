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

use std::io::Write;
use std::sync::{Arc, Mutex};

/// A `tracing` writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Everything written since the last call.
    fn take(&self) -> String {
        let bytes = std::mem::take(&mut *self.0.lock().unwrap());
        String::from_utf8(bytes).unwrap()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_log_line_of_a_failed_call_holds_buyer_data() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

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
