//! The webhooks the fake sends, received on 127.0.0.1: after an API cancel
//! with `enable_webhook` and after the fake-only console actions, as JSON
//! or a form, with PortOne's delivery rules (one attempt; with retries, up
//! to five more after a network error or a 5xx), and only to loopback URLs.

mod common;
#[path = "webhooks/receiver.rs"]
mod receiver;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use portone_v1::{PaymentStatus, WebhookFormat, WebhookPayload};
use portone_v1_fake::webhook::WEBHOOK_RETRIES;
use portone_v1_fake::{
    FakeConfig, FakeServer, Fault, StartError, WebhookAttempt, WebhookDelivery, seeds,
};
use serde_json::json;

use common::Harness;
use receiver::{Answer, PATIENCE, Receiver};

/// The deliveries once `n` of them have finished; fails after [`PATIENCE`].
async fn finished(fake: &FakeServer, n: usize) -> Vec<WebhookDelivery> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let log = fake.webhook_deliveries();
        if log.len() >= n && log.iter().all(|d| d.finished) {
            return log;
        }
        assert!(Instant::now() < deadline, "deliveries unfinished: {log:?}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn payload(r: &receiver::Received) -> WebhookPayload {
    WebhookPayload::from_body(Some(&r.content_type), &r.body).expect("a webhook body")
}

/// A virtual account issued and waiting for the buyer's deposit.
fn vbank_ready() -> portone_v1::Payment {
    let mut p: portone_v1::Payment =
        serde_json::from_value(seeds::payment_json(seeds::VBANK_PAID).unwrap()).unwrap();
    p.imp_uid = "imp_fake_vbank_ready_0001".into();
    p.merchant_uid = "order-fake-vbank-ready-0001".into();
    p.status = PaymentStatus::Ready;
    p.paid_at = 0;
    p
}

#[tokio::test]
async fn an_api_cancel_sends_a_webhook_only_with_enable_webhook() {
    let mut rx = Receiver::start(&[]).await;
    let h = Harness::with(FakeConfig::default().webhook_url(&rx.url)).await;
    let token = h.token().await;

    let r = h
        .cancel(&token, json!({"imp_uid": seeds::CARD_PAID, "amount": 1000}))
        .await;
    assert_eq!(r.code(), 0, "{}", r.text);
    // Logged before the answer is sent: none means none will come.
    assert!(h.fake.webhook_deliveries().is_empty());

    let r = h
        .cancel(
            &token,
            json!({"imp_uid": seeds::CARD_PAID, "amount": 2000, "enable_webhook": "true"}),
        )
        .await;
    assert_eq!(r.code(), 0, "{}", r.text);
    let paid = r.payment();
    let got = rx.next().await;
    assert_eq!(got.path, "/portone-webhook");
    assert!(got.content_type.starts_with("application/json"), "{got:?}");
    let p = payload(&got);
    assert_eq!(p.imp_uid, seeds::CARD_PAID);
    assert_eq!(p.merchant_uid, paid.merchant_uid);
    assert_eq!(p.status, PaymentStatus::Cancelled);
    assert_eq!(p.cancellation_id, paid.cancel_history[1].cancellation_id);

    // A refused cancel sends nothing, asked or not.
    let r = h
        .cancel(
            &token,
            json!({"imp_uid": seeds::FULLY_CANCELLED, "enable_webhook": true}),
        )
        .await;
    assert_ne!(r.code(), 0);
    let log = finished(&h.fake, 1).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].attempts, [WebhookAttempt::Answered(200)]);
}

#[tokio::test]
async fn console_cancel_and_deposit_send_form_webhooks_without_a_token() {
    let mut rx = Receiver::start(&[]).await;
    let h = Harness::with(
        FakeConfig::default()
            .webhook_url(&rx.url)
            .webhook_format(WebhookFormat::Form),
    )
    .await;
    h.fake.seed(vec![vbank_ready()]).unwrap();
    // The console is not the REST API: no token, and faults leave it alone.
    h.fake.set_fault("status=503".parse::<Fault>().unwrap());
    let before = h.fake.request_count();

    let r = h
        .post(
            &format!("/__fake/payments/{}/cancel", seeds::POINT_PAID),
            None,
            json!({"amount": 2000, "reason": "콘솔 부분 취소"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let after_cancel = r.payment();
    assert_eq!(
        after_cancel.cancel_amount,
        portone_v1::Amount::from_i64(2000)
    );
    let got = rx.next().await;
    assert_eq!(got.content_type, "application/x-www-form-urlencoded");
    let p = WebhookPayload::from_form(&got.body).unwrap();
    assert_eq!(p.status, PaymentStatus::Cancelled);
    assert_eq!(
        p.cancellation_id,
        after_cancel.cancel_history[0].cancellation_id
    );

    let r = h
        .post(
            "/__fake/payments/imp_fake_vbank_ready_0001/deposit",
            None,
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let deposited = r.payment();
    assert_eq!(deposited.status, PaymentStatus::Paid);
    assert!(deposited.paid_at > 0);
    let p = payload(&rx.next().await);
    assert_eq!(
        (p.imp_uid.as_str(), p.status, p.cancellation_id),
        ("imp_fake_vbank_ready_0001", PaymentStatus::Paid, None)
    );
    assert_eq!(
        h.fake.request_count(),
        before,
        "console actions are not API requests"
    );

    // Refusals: 409 with the reason, 404 for an unknown payment; no webhook.
    for (path, status, needle) in [
        (
            "/__fake/payments/imp_fake_vbank_ready_0001/deposit",
            409,
            "ready",
        ),
        (
            &format!("/__fake/payments/{}/deposit", seeds::CARD_PAID),
            409,
            "vbank",
        ),
        ("/__fake/payments/imp_nope/deposit", 404, "존재하지 않는"),
        ("/__fake/payments/imp_nope/cancel", 404, "존재하지 않는"),
        (
            &format!("/__fake/payments/{}/cancel", seeds::FULLY_CANCELLED),
            409,
            "이미 전액취소",
        ),
    ] {
        let r = h.post(path, None, json!({})).await;
        assert_eq!(r.status, status, "{path}: {}", r.text);
        assert!(r.message().contains(needle), "{path}: {}", r.text);
    }
    let log = finished(&h.fake, 2).await;
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(rx.drain().is_empty());
}

#[tokio::test]
async fn without_retries_one_attempt_whatever_the_answer() {
    let rx = Receiver::start(&[Answer::Status(500)]).await;
    let fake = FakeServer::start(FakeConfig::default().webhook_url(&rx.url))
        .await
        .unwrap();
    fake.console_cancel(seeds::CARD_PAID, None).unwrap();
    let log = finished(&fake, 1).await;
    assert_eq!(log[0].attempts, [WebhookAttempt::Answered(500)]);
}

#[tokio::test]
async fn retries_follow_5xx_and_network_errors_then_stop_at_the_first_answer() {
    let mut rx = Receiver::start(&[
        Answer::Status(500),
        Answer::Cut,
        Answer::Hang,
        Answer::Status(503),
        Answer::Status(404),
    ])
    .await;
    let fake = FakeServer::start(
        FakeConfig::default()
            .webhook_url(&rx.url)
            .webhook_retries(Duration::from_millis(20))
            .webhook_timeout(Duration::from_millis(300)),
    )
    .await
    .unwrap();
    fake.console_cancel(seeds::CARD_PAID, None).unwrap();
    let log = finished(&fake, 1).await;
    let attempts = &log[0].attempts;
    assert_eq!(attempts.len(), 5, "{attempts:?}");
    assert_eq!(attempts[0], WebhookAttempt::Answered(500));
    assert!(
        matches!(&attempts[1], WebhookAttempt::Failed(why) if why.contains("no answer")),
        "{attempts:?}"
    );
    assert!(
        matches!(&attempts[2], WebhookAttempt::Failed(why) if why.contains("within")),
        "{attempts:?}"
    );
    assert_eq!(attempts[3], WebhookAttempt::Answered(503));
    // A 4xx is an answer: not retried.
    assert_eq!(attempts[4], WebhookAttempt::Answered(404));
    // Every attempt that reached the handler carried the same body.
    let bodies: Vec<Vec<u8>> = rx.drain().into_iter().map(|r| r.body).collect();
    assert_eq!(bodies.len(), 4);
    assert!(bodies.windows(2).all(|w| w[0] == w[1]));
}

#[tokio::test]
async fn retries_give_up_after_five_more_attempts() {
    let rx = Receiver::start(&[Answer::Status(502); 10]).await;
    let fake = FakeServer::start(
        FakeConfig::default()
            .webhook_url(&rx.url)
            .webhook_retries(Duration::from_millis(5)),
    )
    .await
    .unwrap();
    fake.console_cancel(seeds::CARD_PAID, None).unwrap();
    let log = finished(&fake, 1).await;
    assert_eq!(
        log[0].attempts,
        vec![WebhookAttempt::Answered(502); 1 + WEBHOOK_RETRIES]
    );
}

#[tokio::test]
async fn the_url_is_set_later_and_only_loopback_is_accepted() {
    let mut rx = Receiver::start(&[]).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.console_cancel(seeds::CARD_PAID, Some(portone_v1::Amount::from_i64(100)))
        .unwrap();
    assert!(fake.webhook_deliveries().is_empty(), "no URL, no webhook");
    let e = fake
        .set_webhook_url(Some("http://example.com/hook"))
        .unwrap_err();
    assert!(e.to_string().contains("this machine only"), "{e}");
    fake.set_webhook_url(Some(&rx.url)).unwrap();
    fake.console_cancel(seeds::CARD_PAID, None).unwrap();
    assert_eq!(payload(&rx.next().await).status, PaymentStatus::Cancelled);

    for bad in [
        "https://127.0.0.1/x",
        "http://203.0.113.9/x",
        "http://portone.io/",
    ] {
        let e = FakeServer::start(FakeConfig::default().webhook_url(bad))
            .await
            .unwrap_err();
        assert!(matches!(e, StartError::WebhookUrl(_)), "{bad}: {e}");
        assert!(e.to_string().contains(bad), "{e}");
    }
}

/// Kills the child process on drop, so a failing test leaves nothing behind.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_sends_webhooks_and_refuses_other_hosts() {
    let mut rx = Receiver::start(&[]).await;
    let mut child = Command::new(env!("CARGO_BIN_EXE_portone-v1-fake"))
        .args(["--webhook-url", &rx.url, "--webhook-format", "form"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let _running = Running(child);
    let banner = tokio::task::spawn_blocking(move || {
        let mut lines = BufReader::new(stdout).lines();
        let mut banner = Vec::new();
        for line in lines.by_ref() {
            let line = line.unwrap();
            let end = line.starts_with("Ctrl-C");
            banner.push(line);
            if end {
                break;
            }
        }
        std::thread::spawn(move || lines.for_each(drop));
        banner
    });
    let banner = tokio::time::timeout(PATIENCE, banner)
        .await
        .unwrap()
        .unwrap();
    let url = banner[0]
        .strip_prefix("portone-v1-fake listening on ")
        .unwrap();
    assert!(
        banner
            .iter()
            .any(|l| l.contains("webhooks:") && l.contains(&rx.url)),
        "{banner:?}"
    );
    let r = common::http_client()
        .post(format!("{url}/__fake/payments/{}/cancel", seeds::USD_PAID))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let got = rx.next().await;
    let p = WebhookPayload::from_form(&got.body).unwrap();
    assert_eq!(
        (p.imp_uid.as_str(), p.status),
        (seeds::USD_PAID, PaymentStatus::Cancelled)
    );

    let out = Command::new(env!("CARGO_BIN_EXE_portone-v1-fake"))
        .args(["--webhook-url", "http://10.1.2.3:8000/hook"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("http://10.1.2.3:8000/hook") && err.contains("this machine only"),
        "{err}"
    );
}
