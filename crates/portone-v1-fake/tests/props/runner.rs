//! One fake per property: its runtime, its token, the payments it starts
//! every case with, and a record of panics on its threads.

use std::path::Path;
use std::sync::{Mutex, Once};

use portone_v1::{Payment, PaymentResponse};
use portone_v1_fake::{FakeConfig, FakeServer, seeds};
use proptest::test_runner::{Config, FileFailurePersistence};

/// Name of the fake's runtime threads; a panic on one is a failure.
const SERVER_THREAD: &str = "prop-fake-server";

/// Panics seen on the fake's threads (a handler or connection task that
/// panicked: tokio catches it and drops the connection).
static SERVER_PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn record_server_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let thread = std::thread::current();
            if thread.name().is_some_and(|n| n.starts_with(SERVER_THREAD)) {
                SERVER_PANICS
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(info.to_string());
            }
            previous(info);
        }));
    });
}

/// Panics recorded since the last call.
pub fn take_server_panics() -> Vec<String> {
    std::mem::take(&mut *SERVER_PANICS.lock().unwrap_or_else(|e| e.into_inner()))
}

/// The proptest configuration of one property: `PROPTEST_CASES` if set,
/// else `default_cases`; failures kept in
/// `tests/proptest-regressions/<file>` (committed; replayed first).
pub fn config(regressions_file: &'static str, default_cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(regressions_file))),
        // Bounded shrinking: a failure is reported within a minute.
        max_shrink_time: 60_000,
        ..Config::default()
    }
}

/// The payments of `tests/fixtures/payment-*.json` that the fake accepts as
/// seeds (each fixture's `response`).
pub fn fixture_payments() -> Vec<Payment> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("payment-") && n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(
        !names.is_empty(),
        "no payment fixtures in {}",
        dir.display()
    );
    names
        .iter()
        .filter_map(|n| {
            let text = std::fs::read_to_string(dir.join(n)).unwrap();
            let env: PaymentResponse = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("fixture {n} is not a PaymentResponse: {e}"));
            env.response
        })
        .filter(|p| seeds::validate_payments(std::slice::from_ref(p)).is_ok())
        .collect()
}

/// A running fake, its token, and the payments every case starts from.
pub struct FakeUnderTest {
    pub rt: tokio::runtime::Runtime,
    pub fake: FakeServer,
    pub token: String,
    pub baseline: Vec<Payment>,
}

impl FakeUnderTest {
    /// Starts a fake holding its built-in payments and the fixtures'.
    pub fn start() -> FakeUnderTest {
        record_server_panics();
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name(SERVER_THREAD)
            .enable_all()
            .build()
            .expect("a runtime");
        let mut baseline = seeds::default_payments();
        baseline.extend(fixture_payments());
        let fake = rt
            .block_on(FakeServer::start(
                FakeConfig::default().seeds(baseline.clone()),
            ))
            .expect("the fake starts");
        let token = rt.block_on(async {
            let body = format!(
                r#"{{"imp_key":"{}","imp_secret":"{}"}}"#,
                fake.imp_key(),
                fake.imp_secret().expose_secret()
            );
            let req = format!(
                "POST /users/getToken HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
            match super::raw_http::exchange(fake.addr(), req.as_bytes(), false).await {
                super::raw_http::Exchange::Answered { responses, .. } if !responses.is_empty() => {
                    let v: serde_json::Value =
                        serde_json::from_slice(&responses[0].body).unwrap();
                    v["response"]["access_token"].as_str().unwrap().to_string()
                }
                other => panic!("no token: {other:?}"),
            }
        });
        FakeUnderTest {
            rt,
            fake,
            token,
            baseline,
        }
    }

    /// Back to the baseline payments.
    pub fn reset(&self) {
        self.fake
            .reset(self.baseline.clone())
            .expect("the baseline is valid");
    }
}
