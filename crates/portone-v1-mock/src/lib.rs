//! The one owner of every wiremock server in this workspace's tests.
//!
//! Tests never call `wiremock::MockServer::start` themselves (the test
//! `tests/only_here.rs` checks the sources): they call [`MockApi::start`],
//! whose `Drop` cannot spin.
//!
//! Why: `wiremock::MockServer`'s own `Drop` runs
//! `futures::executor::block_on(self.verify())`, and `verify` awaits a
//! `tokio::sync::RwLock`. Dropped inside a tokio task whose cooperative budget
//! is used up (say, after awaiting 200 `JoinHandle`s), the lock answers
//! `Pending` and defers its waker to the end of the task's poll; `block_on`
//! wakes at once and polls again, inside the same poll, forever: one thread
//! at 100 % CPU and a test that never ends. [`MockApi`] drops the server on a
//! plain thread of its own, where no cooperative budget applies, and waits for
//! it with a deadline, so a drop finishes or fails, and names itself.
#![deny(missing_docs)]

use std::ops::Deref;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

pub use wiremock;

/// How long a [`MockApi`] drop may take before it fails the test. Verifying
/// the expectations of a few mocks takes milliseconds.
pub const DROP_DEADLINE: Duration = Duration::from_secs(10);

/// A wiremock server on 127.0.0.1 that verifies its expectations on drop
/// without being able to spin. It derefs to [`wiremock::MockServer`], so
/// `Mock::mount(&server)` and `server.uri()` work as usual.
pub struct MockApi {
    // `Option` so that `Drop` can move the server to another thread.
    server: Option<wiremock::MockServer>,
}

impl MockApi {
    /// Starts (or takes from wiremock's pool) a server on 127.0.0.1.
    pub async fn start() -> Self {
        Self {
            server: Some(wiremock::MockServer::start().await),
        }
    }

    /// The wrapped server.
    pub fn server(&self) -> &wiremock::MockServer {
        self.server
            .as_ref()
            .expect("the server is only taken out by drop")
    }
}

impl Deref for MockApi {
    type Target = wiremock::MockServer;

    fn deref(&self) -> &Self::Target {
        self.server()
    }
}

impl std::fmt::Debug for MockApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockApi")
            .field("uri", &self.server.as_ref().map(|s| s.uri()))
            .finish()
    }
}

impl Drop for MockApi {
    fn drop(&mut self) {
        let Some(server) = self.server.take() else {
            return;
        };
        let (done, finished) = mpsc::channel();
        let dropper = thread::Builder::new()
            .name("mock-api-drop".into())
            .spawn(move || {
                // Verifies the mounted expectations: panics if one is unmet.
                drop(server);
                let _ = done.send(());
            })
            .expect("spawn the thread that drops the mock server");
        match finished.recv_timeout(DROP_DEADLINE) {
            Ok(()) => {
                let _ = dropper.join();
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                // The drop panicked: an expectation (`Mock::expect`) was not
                // met. Carry the failure into the test, unless the test is
                // already failing (a second panic would abort the process).
                let message = match dropper.join() {
                    Err(payload) => panic_text(payload.as_ref()),
                    Ok(()) => "the drop thread ended without finishing".to_string(),
                };
                if !thread::panicking() {
                    panic!("mock server verification failed: {message}");
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if !thread::panicking() {
                    panic!(
                        "dropping the mock server did not finish within {DROP_DEADLINE:?} \
                         (the `mock-api-drop` thread is stuck in wiremock's verify)"
                    );
                }
            }
        }
    }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(a panic without a message)".to_string()
    }
}
