//! The exact request each cancel builder produces on the wire: path,
//! headers, JSON body (absent fields absent: never null, never 0).
#![recursion_limit = "256"]

mod support;

use portone_v1::{Amount, CancelAmount, CancelRequest, PortOne, Requester, Target, VbankRefund};
use portone_v1_mock::MockApi;
use serde_json::{Value, json};
use support::*;

async fn sent_body(request: &CancelRequest) -> (wiremock::Request, Value) {
    let server = MockApi::start().await;
    mount_token(&server).await;
    mount_cancel(
        &server,
        200,
        ok_envelope(card_payment("imp_1", json!(10000), json!(0), "paid")),
    )
    .await;
    client(&server)
        .cancel(request)
        .await
        .expect("cancel succeeds");
    let sent = requests_to(&server, "/payments/cancel").await;
    assert_eq!(sent.len(), 1, "exactly one cancel request");
    let body: Value = serde_json::from_slice(&sent[0].body).expect("JSON body");
    (sent[0].clone(), body)
}

#[tokio::test]
async fn full_cancel_by_merchant_uid_sends_no_amount() {
    let req = CancelRequest::builder(Target::merchant_uid("order-1"), CancelAmount::FullRemaining)
        .reason("고객 변심")
        .build()
        .unwrap();
    let (request, body) = sent_body(&req).await;
    assert_eq!(
        body,
        json!({"merchant_uid": "order-1", "reason": "고객 변심"})
    );
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(
        request
            .headers
            .get("authorization")
            .unwrap()
            .to_str()
            .unwrap(),
        format!("Bearer {TOKEN}")
    );
    assert_eq!(
        request
            .headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap(),
        "application/json"
    );
    assert!(
        request.headers.get("tier").is_none(),
        "no Tier unless configured"
    );
}

#[tokio::test]
async fn partial_cancel_with_checksum_sends_exact_numbers() {
    let req = CancelRequest::builder(
        Target::imp_uid("imp_100000000001"),
        CancelAmount::partial("5.05".parse::<Amount>().unwrap()),
    )
    .checksum("10.10".parse::<Amount>().unwrap())
    .tax_free(0)
    .build()
    .unwrap();
    let (request, body) = sent_body(&req).await;
    assert_eq!(
        body,
        json!({"imp_uid": "imp_100000000001", "amount": 5.05, "checksum": 10.10, "tax_free": 0})
    );
    let raw = String::from_utf8(request.body).unwrap();
    assert!(raw.contains("\"amount\":5.05"), "{raw}");
    assert!(raw.contains("\"checksum\":10.1"), "{raw}");
    assert!(raw.contains("\"tax_free\":0"), "{raw}");
}

#[tokio::test]
async fn vbank_refund_sends_the_account_fields_together() {
    let req = CancelRequest::builder(Target::imp_uid("imp_2"), CancelAmount::partial(20000))
        .vbank_refund(VbankRefund::new("홍길동", "088", "11012345678901").tel("01012345678"))
        .vat_amount(1818)
        .build()
        .unwrap();
    let (_, body) = sent_body(&req).await;
    assert_eq!(
        body,
        json!({
            "imp_uid": "imp_2",
            "amount": 20000,
            "vat_amount": 1818,
            "refund_holder": "홍길동",
            "refund_bank": "088",
            "refund_account": "11012345678901",
            "refund_tel": "01012345678"
        })
    );
}

#[tokio::test]
async fn naverpay_requester_flags_and_both_ids() {
    let req = CancelRequest::builder(
        Target::Both {
            imp_uid: "imp_3".into(),
            merchant_uid: "order-3".into(),
        },
        CancelAmount::FullRemaining,
    )
    .reason("구매자 요청")
    .requester(Requester::Customer)
    .retain_promotion(true)
    .enable_webhook(false)
    .build()
    .unwrap();
    let (_, body) = sent_body(&req).await;
    assert_eq!(
        body,
        json!({
            "imp_uid": "imp_3",
            "merchant_uid": "order-3",
            "reason": "구매자 요청",
            "extra": {"requester": "customer"},
            "retain_promotion": true,
            "enable_webhook": false
        })
    );
}

#[tokio::test]
async fn tier_header_is_sent_when_configured() {
    let server = MockApi::start().await;
    mount_token(&server).await;
    mount_cancel(
        &server,
        200,
        ok_envelope(card_payment("imp_1", json!(1000), json!(1000), "cancelled")),
    )
    .await;
    let client = PortOne::builder(KEY, SECRET)
        .base_url(server.uri())
        .tier("T0001")
        .build()
        .unwrap();
    let req = CancelRequest::builder(Target::imp_uid("imp_1"), CancelAmount::FullRemaining)
        .build()
        .unwrap();
    client.cancel(&req).await.unwrap();
    let sent = requests_to(&server, "/payments/cancel").await;
    assert_eq!(sent[0].headers.get("tier").unwrap(), "T0001");
    let token_calls = requests_to(&server, "/users/getToken").await;
    assert!(
        token_calls[0].headers.get("authorization").is_none(),
        "getToken carries no bearer"
    );
    let token_body: Value = serde_json::from_slice(&token_calls[0].body).unwrap();
    assert_eq!(token_body, json!({"imp_key": KEY, "imp_secret": SECRET}));
}

#[tokio::test]
async fn invalid_requests_are_refused_before_any_network_call() {
    let server = MockApi::start().await;
    let client = client(&server);
    let long = "x".repeat(33);
    let err = CancelRequest::builder(Target::imp_uid(long), CancelAmount::FullRemaining)
        .build()
        .unwrap_err();
    assert_eq!(err.field, "imp_uid");
    assert!(err.to_string().contains("at most 32"), "{err}");
    let err = CancelRequest::builder(Target::imp_uid("imp_1"), CancelAmount::partial(0))
        .build()
        .unwrap_err();
    assert_eq!(err.field, "amount");
    let err = CancelRequest::builder(Target::imp_uid("imp_1"), CancelAmount::FullRemaining)
        .reason("가".repeat(257))
        .build()
        .unwrap_err();
    assert_eq!(err.field, "reason");
    let err = client.get_payment("").await.unwrap_err();
    assert!(
        matches!(err, portone_v1::GetPaymentError::InvalidRequest(ref i) if i.field == "imp_uid")
    );
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing was sent"
    );
}

#[tokio::test]
async fn cancel_with_checksum_reads_the_balance_first() {
    let server = MockApi::start().await;
    mount_token(&server).await;
    let mut before = card_payment("imp_usd", json!(10.10), json!(5.05), "paid");
    before["currency"] = json!("USD");
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/payments/imp_usd"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(ok_envelope(before)))
        .mount(&server)
        .await;
    let mut after = card_payment("imp_usd", json!(10.10), json!(10.10), "cancelled");
    after["currency"] = json!("USD");
    mount_cancel(&server, 200, ok_envelope(after)).await;
    let client = client(&server);
    assert_eq!(
        client.cancellable_balance("imp_usd").await.unwrap(),
        "5.05".parse::<Amount>().unwrap()
    );
    let req = CancelRequest::builder(Target::imp_uid("imp_usd"), CancelAmount::FullRemaining)
        .build()
        .unwrap();
    let payment = client.cancel_with_checksum(&req).await.unwrap();
    assert_eq!(portone_v1::cancellable_balance(&payment), Amount::ZERO);
    let sent = requests_to(&server, "/payments/cancel").await;
    let raw = String::from_utf8(sent[0].body.clone()).unwrap();
    assert_eq!(raw, r#"{"checksum":5.05,"imp_uid":"imp_usd"}"#);

    let too_much = CancelRequest::builder(Target::imp_uid("imp_usd"), CancelAmount::partial(6))
        .build()
        .unwrap();
    let err = client.cancel_with_checksum(&too_much).await.unwrap_err();
    assert!(
        matches!(err, portone_v1::CancelError::InvalidRequest(ref i) if i.field == "amount"),
        "{err}"
    );
    // By order id, the balance read is the lookup of its paid payment;
    // with none, nothing more is sent.
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/payments/find/o/paid"))
        .respond_with(wiremock::ResponseTemplate::new(404).set_body_json(
            json!({"code": -1, "message": "존재하지 않는 결제정보입니다.", "response": null}),
        ))
        .mount(&server)
        .await;
    let by_order = CancelRequest::builder(Target::merchant_uid("o"), CancelAmount::FullRemaining)
        .build()
        .unwrap();
    let err = client.cancel_with_checksum(&by_order).await.unwrap_err();
    assert!(
        matches!(err, portone_v1::CancelError::NoPaidPayment(_)),
        "{err:?}"
    );
    assert!(err.nothing_cancelled());
    assert_eq!(requests_to(&server, "/payments/find/o/paid").await.len(), 1);
    assert_eq!(requests_to(&server, "/payments/cancel").await.len(), 1);
}
