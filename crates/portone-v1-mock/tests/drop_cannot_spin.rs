//! Regression test for the 9-minute hang: a mock server dropped inside a
//! tokio task whose cooperative budget is used up.
//!
//! Each scenario runs on a helper thread with a deadline, so that a drop that
//! spins fails this test within seconds instead of hanging the suite.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use portone_v1_mock::MockApi;
use portone_v1_mock::wiremock::{Mock, MockServer, ResponseTemplate, matchers::method};

/// Far above a healthy drop (milliseconds), far below CI's patience.
const DEADLINE: Duration = Duration::from_secs(30);

/// Uses up the task's cooperative budget without yielding: after this, any
/// tokio resource polled in the same poll answers `Pending`.
async fn exhaust_budget() {
    while tokio::task::coop::has_budget_remaining() {
        tokio::task::coop::consume_budget().await;
    }
    assert!(!tokio::task::coop::has_budget_remaining());
}

/// Runs `scenario` in a task of a fresh runtime on a helper thread; true when
/// it finished before `deadline`. A scenario that spins leaves its thread
/// behind (it cannot be stopped), which ends with this test process.
fn finishes_within<F, Fut>(deadline: Duration, scenario: F) -> bool
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (done, finished) = mpsc::channel();
    thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move { tokio::spawn(scenario()).await.unwrap() });
        let _ = done.send(());
    });
    finished.recv_timeout(deadline).is_ok()
}

#[test]
fn mock_api_dropped_with_the_budget_used_up_finishes() {
    let finished = finishes_within(DEADLINE, || async {
        let server = MockApi::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200))
            .mount(&server)
            .await;
        exhaust_budget().await;
        drop(server);
    });
    assert!(
        finished,
        "MockApi's drop did not finish within {DEADLINE:?} in a task with no budget left"
    );
}

/// Proves the scenario above reproduces the bug: wiremock's own drop, in the
/// same situation, spins. If this starts failing, wiremock has fixed its
/// `Drop`, and `MockApi` may go back to a plain drop.
#[test]
fn plain_wiremock_drop_with_the_budget_used_up_spins() {
    let finished = finishes_within(Duration::from_secs(5), || async {
        let server = MockServer::start().await;
        exhaust_budget().await;
        drop(server);
    });
    assert!(
        !finished,
        "wiremock's MockServer drop finished with no budget left: the workaround may be obsolete"
    );
}

#[test]
fn unmet_expectations_still_fail_the_test() {
    let failed = thread::spawn(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let server = MockApi::start().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(200))
                .expect(1)
                .mount(&server)
                .await;
            // No request is sent: the expectation is unmet.
        });
    })
    .join();
    let payload = failed.expect_err("an unmet expectation fails the test");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        message.contains("mock server verification failed"),
        "{message}"
    );
}
