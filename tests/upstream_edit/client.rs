//! In the edited copy: the new cancel parameters have setters (checked
//! from the spec, the required one refused until set), the new query
//! parameter has one, both reach the wire, and the new response fields and
//! the new open-enum value decode.

use portone_v1::{CancelAmount, CancelRequest, GetPaymentOptions, PgProvider, PortOne, Target};
use portone_v1_mock::MockApi;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

fn payment() -> Value {
    json!({
        "imp_uid": "imp_100000000001", "merchant_uid": "order-1", "pay_method": "card",
        "pg_provider": "hecto_v2", "amount": 10000, "cancel_amount": 0, "currency": "KRW",
        "status": "paid", "started_at": 1, "paid_at": 2, "failed_at": 0, "cancelled_at": 0,
        "cancel_history": [], "cancel_receipt_urls": [],
        "routed_pg": "kakaopay",
        "settlement": {"scheduled_at": 1732590000},
        "tags": ["gift", "promo"]
    })
}

fn base() -> portone_v1::CancelRequestBuilder {
    CancelRequest::builder(Target::imp_uid("imp_100000000001"), CancelAmount::partial(1000))
}

#[test]
fn new_setters_check_the_spec_limits_and_the_required_one() {
    let e = base().promotion_note("ok").build().unwrap_err();
    assert_eq!(e.field, "operator_id", "{e}");
    assert!(e.reason.contains("required"), "{e}");
    assert!(e.reason.contains(".operator_id("), "{e}");
    let e = base()
        .operator_id("op-7")
        .promotion_note("x".repeat(9))
        .build()
        .unwrap_err();
    assert_eq!(e.field, "promotion_note", "{e}");
    assert!(e.reason.contains("at most 8"), "{e}");
    let ok = base()
        .operator_id("op-7")
        .promotion_note("12345678")
        .notify_buyer(true)
        .labels(vec!["spring".to_string()])
        .build()
        .unwrap();
    let wire = serde_json::to_value(ok.to_wire()).unwrap();
    assert_eq!(wire["labels"], json!(["spring"]));
    assert_eq!(wire["promotion_note"], "12345678");
    assert_eq!(wire["notify_buyer"], true);
    assert_eq!(wire["operator_id"], "op-7");
}

#[tokio::test(flavor = "multi_thread")]
async fn new_inputs_reach_the_wire_and_new_outputs_decode() {
    let server = MockApi::start().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 0, "message": null,
            "response": {"access_token": "t", "now": 1_732_500_000, "expired_at": 1_732_501_800}
        })))
        .mount(&server)
        .await;
    for p in ["/payments/cancel", "/payments/imp_100000000001"] {
        Mock::given(path(p))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "code": 0, "message": null, "response": payment()
            })))
            .mount(&server)
            .await;
    }
    let client = PortOne::builder("key", "secret")
        .base_url(server.uri())
        .build()
        .unwrap();
    let request = base()
        .operator_id("op-7")
        .notify_buyer(true)
        .build()
        .unwrap();
    let paid = client.cancel(&request).await.unwrap();
    let pg = paid.pg_provider.clone().expect("pg_provider decoded");
    assert_eq!(pg, PgProvider::HectoV2);
    assert!(!pg.is_other(), "the new value is a known variant after generate");
    assert_eq!(paid.routed_pg.as_deref(), Some("kakaopay"));
    assert!(paid.settlement.is_some());
    assert_eq!(paid.tags.as_deref(), Some(&["gift".to_string(), "promo".to_string()][..]));
    let read = client
        .get_payment_with(
            "imp_100000000001",
            &GetPaymentOptions::new().fields("amount,status"),
        )
        .await
        .unwrap();
    assert_eq!(read.imp_uid, "imp_100000000001");
    let sent = server.received_requests().await.unwrap();
    let cancel = sent.iter().find(|r| r.url.path() == "/payments/cancel").unwrap();
    let body: Value = serde_json::from_slice(&cancel.body).unwrap();
    assert_eq!(body["notify_buyer"], true);
    assert_eq!(body["operator_id"], "op-7");
    let lookup = sent
        .iter()
        .find(|r| r.url.path() == "/payments/imp_100000000001")
        .unwrap();
    assert_eq!(lookup.url.query(), Some("fields=amount%2Cstatus"));
}
