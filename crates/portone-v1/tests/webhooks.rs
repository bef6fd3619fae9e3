//! `PortOne::verify_webhook` against the local fake (which sends the
//! webhooks) and against a mock on 127.0.0.1 (which pins what is sent):
//! the payment is read, the body is not trusted, `merchant_uid` must
//! match, and the dedupe key follows the verified state, not the bytes.

mod support;

use std::time::Duration;

use portone_v1::{
    Amount, GetPaymentError, GetPaymentOptions, PaymentStatus, PortOne, ProvideErrorMetadata,
    VerifyWebhookError, WebhookFormat, WebhookPayload,
};
use portone_v1_fake::{FakeConfig, FakeServer, seeds};
use portone_v1_mock::MockApi;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

async fn fake_and_client() -> (FakeServer, PortOne) {
    // A URL nobody listens on: the fake logs each webhook it would send,
    // which is all these tests read (the fake's own tests receive them).
    let fake = FakeServer::start(FakeConfig::default().webhook_url("http://127.0.0.1:9/hook"))
        .await
        .unwrap();
    let client = PortOne::builder(fake.imp_key(), fake.imp_secret().clone())
        .base_url(fake.base_url())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    (fake, client)
}

/// The body of the last webhook the fake sent, encoded as `format`.
fn last_body(fake: &FakeServer, format: WebhookFormat) -> Vec<u8> {
    let log = fake.webhook_deliveries();
    log.last()
        .expect("a webhook was sent")
        .payload
        .to_body(format)
}

fn payload(json: serde_json::Value) -> WebhookPayload {
    WebhookPayload::from_json(json.to_string().as_bytes()).unwrap()
}

#[tokio::test]
async fn a_console_cancel_verifies_with_its_cancel_and_a_key_of_the_state() {
    let (fake, client) = fake_and_client().await;
    fake.console_cancel(seeds::CARD_PAID, Some(Amount::from_i64(1000)))
        .unwrap();
    let json = last_body(&fake, WebhookFormat::Json);
    let form = last_body(&fake, WebhookFormat::Form);

    let from_json = WebhookPayload::from_body(Some("application/json"), &json).unwrap();
    let verified = client.verify_webhook(&from_json).await.unwrap();
    assert_eq!(verified.imp_uid(), seeds::CARD_PAID);
    // A partial cancel: the webhook says cancelled, the payment is paid.
    assert_eq!(*verified.webhook_status(), PaymentStatus::Cancelled);
    assert_eq!(*verified.status(), PaymentStatus::Paid);
    let cancel = verified.cancellation().expect("the cancel it names");
    assert_eq!(cancel.amount, Amount::from_i64(1000));
    assert_eq!(
        verified.dedupe_key().as_str(),
        format!("{}:paid:cancel=fake-cancel-000001", seeds::CARD_PAID)
    );

    // The same event as a form, with its fields in another order: the same key.
    let from_form =
        WebhookPayload::from_body(Some("application/x-www-form-urlencoded"), &form).unwrap();
    let again = client.verify_webhook(&from_form).await.unwrap();
    assert_eq!(again.dedupe_key(), verified.dedupe_key());

    // After another cancel the same webhook verifies to a new state.
    fake.console_cancel(seeds::CARD_PAID, None).unwrap();
    let later = client.verify_webhook(&from_json).await.unwrap();
    assert_eq!(*later.status(), PaymentStatus::Cancelled);
    assert_ne!(later.dedupe_key(), verified.dedupe_key());
    let last = client
        .verify_webhook(&WebhookPayload::from_json(&last_body(&fake, WebhookFormat::Json)).unwrap())
        .await
        .unwrap();
    assert_eq!(
        last.dedupe_key().as_str(),
        format!("{}:cancelled:cancel=fake-cancel-000002", seeds::CARD_PAID)
    );
}

#[tokio::test]
async fn the_body_is_not_trusted() {
    let (fake, client) = fake_and_client().await;
    let card = fake.payment(seeds::CARD_PAID).unwrap();

    // A made-up status and cancel: the payment's own state is reported.
    let claimed = payload(json!({
        "imp_uid": seeds::CARD_PAID, "merchant_uid": card.merchant_uid,
        "status": "cancelled", "cancellation_id": "made-up"
    }));
    let verified = client.verify_webhook(&claimed).await.unwrap();
    assert_eq!(*verified.status(), PaymentStatus::Paid);
    assert!(verified.cancellation().is_none());
    assert_eq!(
        verified.dedupe_key().as_str(),
        format!("{}:paid:cancels=0", seeds::CARD_PAID)
    );
    // Debug names ids and statuses, never the buyer.
    let debug = format!("{verified:?}");
    assert!(debug.contains(seeds::CARD_PAID), "{debug}");
    assert!(
        !debug.contains(card.buyer_name.as_deref().unwrap()),
        "{debug}"
    );

    // Another order's id: refused, saying so.
    let wrong_order = payload(json!({
        "imp_uid": seeds::CARD_PAID, "merchant_uid": "order-someone-else", "status": "paid"
    }));
    let e = client.verify_webhook(&wrong_order).await.unwrap_err();
    match &e {
        VerifyWebhookError::MerchantUidMismatch {
            imp_uid,
            webhook,
            payment,
        } => {
            assert_eq!(imp_uid, seeds::CARD_PAID);
            assert_eq!(webhook, "order-someone-else");
            assert_eq!(payment, &card.merchant_uid);
        }
        other => panic!("expected a mismatch, got {other:?}"),
    }
    assert!(
        e.to_string().contains("merchant_uid is not the payment's"),
        "{e}"
    );
    assert!(!e.is_transient());

    // A payment PortOne does not have: not found, not transient.
    let forged =
        payload(json!({"imp_uid": "imp_forged_0001", "merchant_uid": "o", "status": "paid"}));
    let e = client.verify_webhook(&forged).await.unwrap_err();
    assert!(
        matches!(
            e,
            VerifyWebhookError::Lookup(GetPaymentError::PaymentNotFound(_))
        ),
        "{e:?}"
    );
    assert_eq!(e.status(), Some(404));
    assert!(!e.is_transient());

    // A test-channel payment is found only when asked for.
    let sandbox = fake.payment(seeds::SANDBOX_PAID).unwrap();
    let test_channel = payload(json!({
        "imp_uid": sandbox.imp_uid, "merchant_uid": sandbox.merchant_uid, "status": "paid"
    }));
    assert!(client.verify_webhook(&test_channel).await.is_err());
    let found = client
        .verify_webhook_with(
            &test_channel,
            &GetPaymentOptions::new().include_sandbox(true),
        )
        .await
        .unwrap();
    assert_eq!(found.payment().sandbox, Some(true));
}

#[tokio::test]
async fn a_deposit_verifies_as_paid() {
    let (fake, client) = fake_and_client().await;
    let mut ready: portone_v1::Payment =
        serde_json::from_value(seeds::payment_json(seeds::VBANK_PAID).unwrap()).unwrap();
    ready.imp_uid = "imp_fake_vbank_ready_0002".into();
    ready.status = PaymentStatus::Ready;
    ready.paid_at = 0;
    fake.seed(vec![ready.clone()]).unwrap();

    let issued = payload(json!({
        "imp_uid": ready.imp_uid, "merchant_uid": ready.merchant_uid, "status": "ready"
    }));
    let before = client.verify_webhook(&issued).await.unwrap();
    assert_eq!(*before.status(), PaymentStatus::Ready);

    fake.deposit(&ready.imp_uid).unwrap();
    let body = last_body(&fake, WebhookFormat::Form);
    let paid = client
        .verify_webhook(&WebhookPayload::from_form(&body).unwrap())
        .await
        .unwrap();
    assert_eq!(*paid.status(), PaymentStatus::Paid);
    assert_eq!(paid.payment().amount, ready.amount);
    assert_ne!(paid.dedupe_key(), before.dedupe_key());
    // The late `ready` webhook now verifies as what the payment is.
    assert_eq!(
        client.verify_webhook(&issued).await.unwrap().dedupe_key(),
        paid.dedupe_key()
    );
}

#[tokio::test]
async fn only_the_lookup_is_sent_and_a_5xx_is_transient() {
    let server = MockApi::start().await;
    support::mount_token(&server).await;
    let mut payment = seeds::payment_json(seeds::CARD_PAID).unwrap();
    payment["imp_uid"] = json!("imp_mock_1");
    payment["merchant_uid"] = json!("order-mock-1");
    Mock::given(method("GET"))
        .and(path("/payments/imp_mock_1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 0, "message": null, "response": payment})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/payments/imp_mock_down"))
        .respond_with(ResponseTemplate::new(503).set_body_string("<html>down</html>"))
        .mount(&server)
        .await;
    let client = support::client(&server);

    let verified = client
        .verify_webhook(&payload(json!({
            "imp_uid": "imp_mock_1", "merchant_uid": "order-mock-1", "status": "paid", "extra": 1
        })))
        .await
        .unwrap();
    assert_eq!(verified.merchant_uid(), "order-mock-1");
    let sent = server.received_requests().await.unwrap();
    let calls: Vec<String> = sent
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    assert_eq!(calls, ["POST /users/getToken", "GET /payments/imp_mock_1"]);

    let e = client
        .verify_webhook(&payload(json!({
            "imp_uid": "imp_mock_down", "merchant_uid": "o", "status": "paid"
        })))
        .await
        .unwrap_err();
    assert!(e.is_transient(), "{e:?}");
    assert_eq!(e.status(), Some(503));
    assert!(std::error::Error::source(&e).is_some());
}
