//! `portone-v1 listen` end to end, on 127.0.0.1 only: the fake sends its
//! webhooks to `listen`, which verifies each against the fake and prints
//! one JSON line. Every wait is bounded, and the process is killed when
//! the test ends, passed or failed.

mod support;

use std::process::{Child, ChildStderr, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use portone_v1::{Amount, WebhookFormat};
use portone_v1_fake::{FakeConfig, FakeServer, seeds};
use serde_json::Value;
use support::lines;

/// How long a line that should come may take.
const PATIENCE: Duration = Duration::from_secs(15);

/// The running `listen`, killed on drop; its output read by threads into
/// channels, so that no read can block the test.
struct Listen {
    child: Child,
    stdout: mpsc::Receiver<String>,
    stderr: mpsc::Receiver<String>,
    url: String,
}

impl Listen {
    fn start(fake: &FakeServer, extra: &[&str]) -> Listen {
        let mut child = Command::new(env!("CARGO_BIN_EXE_portone-v1"))
            .env_clear()
            .env("PORTONE_IMP_KEY", fake.imp_key())
            .env("PORTONE_IMP_SECRET", fake.imp_secret().expose_secret())
            .args(["listen", "--port", "0", "--base-url", &fake.base_url()])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let stdout: ChildStdout = child.stdout.take().unwrap();
        let stderr: ChildStderr = child.stderr.take().unwrap();
        let mut listen = Listen {
            child,
            stdout: lines(stdout),
            stderr: lines(stderr),
            url: String::new(),
        };
        let first = listen.err_line();
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no URL in the first line: {first}"));
        listen.url = format!("{url}portone-webhook");
        listen
    }

    fn out_line(&self) -> Value {
        let line = self
            .stdout
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("no line on stdout within {PATIENCE:?}"));
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not one JSON line ({e}): {line}"))
    }

    fn err_line(&self) -> String {
        self.stderr
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("no line on stderr within {PATIENCE:?}"))
    }
}

impl Drop for Listen {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn http() -> reqwest::Client {
    portone_v1::tls::ensure_crypto_provider();
    reqwest::Client::builder()
        .timeout(PATIENCE)
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fake_s_webhooks_are_verified_and_printed_one_json_line_each() {
    let fake = FakeServer::start(FakeConfig::default().webhook_format(WebhookFormat::Form))
        .await
        .unwrap();
    let listen = Listen::start(&fake, &[]);
    fake.set_webhook_url(Some(&listen.url)).unwrap();

    let after = fake
        .console_cancel(seeds::CARD_PAID, Some(Amount::from_i64(5000)))
        .unwrap();
    let line = listen.out_line();
    assert_eq!(line["imp_uid"], seeds::CARD_PAID);
    assert_eq!(line["merchant_uid"], after.merchant_uid.as_str());
    assert_eq!(
        line["status"], "paid",
        "verified, not the webhook's: {line}"
    );
    assert_eq!(line["webhook_status"], "cancelled");
    assert_eq!(line["cancellation_id"], "fake-cancel-000001");
    assert_eq!(line["cancel_amount"], 5000);
    assert_eq!(
        line["dedupe_key"],
        format!("{}:paid:cancel=fake-cancel-000001", seeds::CARD_PAID)
    );
    assert_eq!(line["duplicate"], false);
    // No buyer data on the line.
    let card = fake.payment(seeds::CARD_PAID).unwrap();
    let text = line.to_string();
    assert!(
        !text.contains(card.buyer_name.as_deref().unwrap()),
        "{text}"
    );
    assert!(text.find("buyer").is_none(), "{text}");

    // The same webhook again (PortOne may send one twice): the same key.
    let again = fake.webhook_deliveries()[0]
        .payload
        .to_body(WebhookFormat::Json);
    let r = http()
        .post(&listen.url)
        .header("content-type", "application/json")
        .body(again)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let line = listen.out_line();
    assert_eq!(line["duplicate"], true, "{line}");

    // An API cancel with enable_webhook, and the full cancel that ends it.
    let client = portone_v1::PortOne::builder(fake.imp_key(), fake.imp_secret().clone())
        .base_url(fake.base_url())
        .build()
        .unwrap();
    let request = portone_v1::CancelRequest::builder(
        portone_v1::Target::imp_uid(seeds::CARD_PAID),
        portone_v1::CancelAmount::FullRemaining,
    )
    .enable_webhook(true)
    .build()
    .unwrap();
    client.cancel(&request).await.unwrap();
    let line = listen.out_line();
    assert_eq!(line["status"], "cancelled");
    assert_eq!(line["cancellation_id"], "fake-cancel-000002");
    assert_eq!(line["duplicate"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_does_not_verify_goes_to_stderr_and_prints_no_line() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let listen = Listen::start(&fake, &[]);
    let http = http();

    // Not a webhook: 400 at once, one line on stderr quoting nothing.
    let r = http
        .post(&listen.url)
        .header("content-type", "application/json")
        .body(r#"{"merchant_uid":"홍길동 010-1234-5678","status":"paid"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let err = listen.err_line();
    assert!(err.contains("lacks `imp_uid`"), "{err}");
    assert!(!err.contains("홍길동"), "{err}");

    // Made up: answered 200 (it parses), then refused by verification.
    for (body, needle) in [
        ("imp_uid=imp_forged&merchant_uid=x&status=paid", "not found"),
        (
            "imp_uid=imp_fake_card_0001&merchant_uid=order-of-someone-else&status=paid",
            "merchant_uid is not the payment's",
        ),
        // A test-channel payment, without --include-sandbox.
        (
            "imp_uid=imp_fake_sandbox_0001&merchant_uid=order-fake-sandbox-0001&status=paid",
            "not found",
        ),
    ] {
        let r = http
            .post(&listen.url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{body}");
        let err = listen.err_line();
        assert!(err.to_lowercase().contains(needle), "{body}: {err}");
        assert!(!err.contains("someone-else"), "{err}");
    }
    assert!(
        listen.stdout.try_recv().is_err(),
        "nothing unverified reaches stdout"
    );

    // --include-sandbox: the test-channel payment verifies.
    let sandbox = Listen::start(&fake, &["--include-sandbox"]);
    let r = http
        .post(&sandbox.url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("imp_uid=imp_fake_sandbox_0001&merchant_uid=order-fake-sandbox-0001&status=paid")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(sandbox.out_line()["imp_uid"], seeds::SANDBOX_PAID);
}

#[test]
fn a_port_in_use_fails_with_exit_1() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_portone-v1"))
        .env_clear()
        .env("PORTONE_IMP_KEY", "k")
        .env("PORTONE_IMP_SECRET", "s")
        .args([
            "listen",
            "--port",
            &port,
            "--base-url",
            "http://127.0.0.1:9",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = lines(child.stderr.take().unwrap());
    // Bounded: a `listen` that bound the port after all would run forever.
    let deadline = std::time::Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("listen did not exit on a port in use");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(1));
    let err = stderr.recv_timeout(PATIENCE).unwrap();
    assert!(
        err.contains("cannot listen on 127.0.0.1:") && err.contains("--port"),
        "{err}"
    );
}
