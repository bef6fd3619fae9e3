//! What the CLI's integration tests share: a mock's getToken, the binary
//! run with a clean environment, and the checks on what it printed.
//! (`mod support;` in each test file; not every file uses every item.)
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::process::Output;
use std::sync::mpsc;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// How long one run of the binary may take before the test fails (a mock
/// that never answers must not hang the suite).
pub const RUN_LIMIT: Duration = Duration::from_secs(30);

/// Mounts `POST /users/getToken` answering `token`, valid for 30 minutes.
pub async fn mount_token(server: &MockServer, token: &str) {
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 0, "message": null,
            "response": {"access_token": token, "now": 1_732_500_000, "expired_at": 1_732_501_800}
        })))
        .mount(server)
        .await;
}

/// The environment of a run with these credentials against `base_url`.
pub fn credentials<'a>(
    key: &'a str,
    secret: &'a str,
    base_url: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("PORTONE_IMP_KEY", key),
        ("PORTONE_IMP_SECRET", secret),
        ("PORTONE_API_URL", base_url),
    ]
}

/// Runs `portone-v1 args` with nothing in its environment but `env`, off
/// the async runtime so that the mock keeps serving meanwhile, within
/// [`RUN_LIMIT`].
pub async fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    tokio::task::spawn_blocking(move || {
        Command::cargo_bin("portone-v1")
            .expect("the portone-v1 binary is built")
            .env_clear()
            .envs(env)
            .args(&args)
            .timeout(RUN_LIMIT)
            .output()
            .expect("the binary runs")
    })
    .await
    .expect("the blocking run finished")
}

/// Bytes the binary printed, as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Fails if stdout or stderr holds any of `needles` (secrets, tokens,
/// buyer or refund data), naming the one found.
pub fn assert_absent(out: &Output, needles: &[&str]) {
    for s in [text(&out.stdout), text(&out.stderr)] {
        for needle in needles {
            assert!(!s.contains(needle), "{needle} leaked: {s}");
        }
    }
}

/// The lines `from` writes (a child's stdout or stderr), read by a thread
/// into a channel, so that no read can block the test: wait on it with
/// `recv_timeout`.
pub fn lines(from: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}
