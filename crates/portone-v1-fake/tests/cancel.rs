//! POST /payments/cancel: lookup, full and partial cancels, every refusal.

mod common;

use common::{Harness, checked};
use portone_v1::money::Amount;
use portone_v1::open_enums::PaymentStatus;
use portone_v1_fake::cancel::{
    ALREADY_CANCELLED, CHECKSUM_MISMATCH, MISSING_ID, NAVERPAY_REASON_MISSING, NEGATIVE_AMOUNT,
    NOT_FOUND, NOT_PAID, OVER_BALANCE, PART_OVER_AMOUNT, VBANK_REFUND_MISSING,
};
use portone_v1_fake::{routes, seeds};
use serde_json::json;

fn krw(n: i64) -> Amount {
    Amount::from_i64(n)
}

#[tokio::test]
async fn partial_then_full_cancel_records_everything() {
    let h = Harness::start().await;
    let token = h.token().await;
    let r = h
        .cancel(
            &token,
            json!({"imp_uid": seeds::CARD_PAID, "amount": 20000, "reason": "한 개 반품"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (200, 0), "{}", r.text);
    let p = r.payment();
    assert_eq!(p.cancel_amount, krw(20000));
    assert_eq!(p.status, PaymentStatus::Paid);
    assert_eq!(p.cancel_history.len(), 1);
    let c = &p.cancel_history[0];
    assert_eq!(c.amount, krw(20000));
    assert_eq!(c.reason.as_deref(), Some("한 개 반품"));
    assert!(c.pg_tid.as_deref().is_some_and(|t| !t.is_empty()));
    assert!(c.cancellation_id.as_deref().is_some_and(|t| !t.is_empty()));
    assert!((c.cancelled_at - h.fake.now()).abs() <= 2);
    assert_eq!(p.cancel_receipt_urls, vec![c.receipt_url.clone().unwrap()]);
    assert_eq!(p.cancelled_at, c.cancelled_at);
    assert_eq!(p.cancel_reason.as_deref(), Some("한 개 반품"));
    // The store says the same as the answer.
    assert_eq!(h.fake.payment(seeds::CARD_PAID).unwrap(), p);

    // No amount: the remaining 30,000.
    let r = h
        .cancel(
            &token,
            json!({"imp_uid": seeds::CARD_PAID, "reason": "전체 취소"}),
        )
        .await;
    let p = r.payment();
    assert_eq!(p.cancel_amount, krw(50000));
    assert_eq!(p.status, PaymentStatus::Cancelled);
    assert_eq!(p.cancel_history[1].amount, krw(30000));
    assert_eq!(p.cancel_receipt_urls.len(), 2);
    assert_ne!(
        p.cancel_history[0].cancellation_id,
        p.cancel_history[1].cancellation_id
    );
    assert_eq!(p.cancel_reason.as_deref(), Some("전체 취소"));
    assert!(p.cancelled_at > 0);

    // And once more: the documented refusal, HTTP 200 code 1.
    let r = h.cancel(&token, json!({"imp_uid": seeds::CARD_PAID})).await;
    assert_eq!(
        (r.status, r.code(), r.message()),
        (200, 1, ALREADY_CANCELLED)
    );
}

#[tokio::test]
async fn amount_zero_cancels_the_remaining_balance() {
    let h = Harness::start().await;
    let token = h.token().await;
    let r = h
        .cancel(
            &token,
            json!({"imp_uid": seeds::PARTIALLY_CANCELLED, "amount": 0}),
        )
        .await;
    let p = r.payment();
    assert_eq!(p.cancel_history.last().unwrap().amount, krw(20000));
    assert_eq!(p.cancel_amount, p.amount);
    assert_eq!(p.status, PaymentStatus::Cancelled);
}

#[tokio::test]
async fn finds_by_merchant_uid_and_imp_uid_wins() {
    let h = Harness::start().await;
    let token = h.token().await;
    let card = h.fake.payment(seeds::CARD_PAID).unwrap();
    let r = h
        .cancel(
            &token,
            json!({"merchant_uid": card.merchant_uid, "amount": 100}),
        )
        .await;
    assert_eq!(r.payment().imp_uid, seeds::CARD_PAID);

    let r = h
        .cancel(
            &token,
            json!({"imp_uid": seeds::POINT_PAID, "merchant_uid": card.merchant_uid, "amount": 100}),
        )
        .await;
    assert_eq!(r.payment().imp_uid, seeds::POINT_PAID);
    assert_eq!(
        h.fake.payment(seeds::CARD_PAID).unwrap().cancel_amount,
        krw(100)
    );

    // An unknown imp_uid is not rescued by a known merchant_uid.
    let r = h
        .cancel(
            &token,
            json!({"imp_uid": "imp_nobody", "merchant_uid": card.merchant_uid}),
        )
        .await;
    assert_eq!((r.status, r.code(), r.message()), (200, 1, NOT_FOUND));
}

#[tokio::test]
async fn unknown_or_missing_ids_are_refused_with_http_200() {
    let h = Harness::start().await;
    let token = h.token().await;
    for body in [
        json!({"imp_uid": "imp_000000000000"}),
        json!({"merchant_uid": "no-such-order"}),
    ] {
        let r = h.cancel(&token, body).await;
        assert_eq!((r.status, r.code(), r.message()), (200, 1, NOT_FOUND));
    }
    for body in [
        json!({}),
        json!({"amount": 1000}),
        json!({"imp_uid": "", "merchant_uid": null}),
    ] {
        let r = h.cancel(&token, body.clone()).await;
        assert_eq!(
            (r.status, r.code(), r.message()),
            (200, 1, MISSING_ID),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_fully_cancelled_seed_is_already_cancelled() {
    let h = Harness::start().await;
    let token = h.token().await;
    let r = h
        .cancel(
            &token,
            json!({"imp_uid": seeds::FULLY_CANCELLED, "amount": 1}),
        )
        .await;
    assert_eq!((r.code(), r.message()), (1, ALREADY_CANCELLED));
}

#[tokio::test]
async fn checksum_must_equal_the_balance_or_nothing_changes() {
    let h = Harness::start().await;
    let token = h.token().await;
    let before = h.fake.payment(seeds::PARTIALLY_CANCELLED).unwrap();
    // The caller believes the full 30,000 is still there: stale.
    let r = h
        .cancel(
            &token,
            json!({"imp_uid": seeds::PARTIALLY_CANCELLED, "amount": 5000, "checksum": 30000}),
        )
        .await;
    assert_eq!((r.status, r.code()), (200, 1));
    assert!(
        r.message().starts_with(CHECKSUM_MISMATCH),
        "{}",
        r.message()
    );
    assert_eq!(h.fake.payment(seeds::PARTIALLY_CANCELLED).unwrap(), before);

    let r = h
        .cancel(
            &token,
            json!({"imp_uid": seeds::PARTIALLY_CANCELLED, "amount": 5000, "checksum": 20000}),
        )
        .await;
    assert_eq!(r.payment().cancel_amount, krw(15000));
}

#[tokio::test]
async fn more_than_the_balance_is_refused_and_nothing_changes() {
    let h = Harness::start().await;
    let token = h.token().await;
    let before = h.fake.payment(seeds::PARTIALLY_CANCELLED).unwrap();
    let r = h
        .cancel(
            &token,
            json!({"imp_uid": seeds::PARTIALLY_CANCELLED, "amount": 20001}),
        )
        .await;
    assert_eq!((r.status, r.code()), (200, 1));
    assert!(r.message().starts_with(OVER_BALANCE), "{}", r.message());
    assert_eq!(h.fake.payment(seeds::PARTIALLY_CANCELLED).unwrap(), before);
}

#[tokio::test]
async fn virtual_account_refunds_need_the_refund_account() {
    let h = Harness::start().await;
    let token = h.token().await;
    let before = h.fake.payment(seeds::VBANK_PAID).unwrap();
    let r = h
        .cancel(
            &token,
            json!({"imp_uid": seeds::VBANK_PAID, "refund_holder": "홍길동", "refund_bank": "04"}),
        )
        .await;
    assert_eq!(r.code(), 1);
    assert!(
        r.message().starts_with(VBANK_REFUND_MISSING),
        "{}",
        r.message()
    );
    assert!(r.message().contains("refund_account"), "{}", r.message());
    assert_eq!(h.fake.payment(seeds::VBANK_PAID).unwrap(), before);

    let r = h
        .cancel(
            &token,
            json!({"imp_uid": seeds::VBANK_PAID, "refund_holder": "홍길동", "refund_bank": "04",
                   "refund_account": "12345678901234", "refund_tel": "01000000000"}),
        )
        .await;
    assert_eq!(r.payment().status, PaymentStatus::Cancelled);
}

#[tokio::test]
async fn naver_pay_cancels_need_a_reason() {
    let h = Harness::start().await;
    let token = h.token().await;
    let r = h
        .cancel(&token, json!({"imp_uid": seeds::NAVERPAY_PAID}))
        .await;
    assert_eq!((r.code(), r.message()), (1, NAVERPAY_REASON_MISSING));
    let r = h
        .cancel(
            &token,
            json!({"imp_uid": seeds::NAVERPAY_PAID, "reason": "구매자 요청", "extra": {"requester": "customer"}}),
        )
        .await;
    assert_eq!(r.code(), 0);
}

#[tokio::test]
async fn fractional_amounts_are_exact() {
    let h = Harness::start().await;
    let token = h.token().await;
    let r = h
        .cancel(&token, json!({"imp_uid": seeds::USD_PAID, "amount": 5.05}))
        .await;
    let p = r.payment();
    assert_eq!(p.cancel_amount, "5.05".parse().unwrap());
    assert!(r.text.contains("\"cancel_amount\":5.05"), "{}", r.text);
    let r = h
        .cancel(
            &token,
            json!({"imp_uid": seeds::USD_PAID, "amount": 14.94, "checksum": 14.94}),
        )
        .await;
    let p = r.payment();
    assert_eq!(p.cancel_amount, "19.99".parse().unwrap());
    assert_eq!(p.status, PaymentStatus::Cancelled);
}

#[tokio::test]
async fn a_form_encoded_cancel_works() {
    let h = Harness::start().await;
    let token = h.token().await;
    let body = format!(
        "imp_uid={}&amount=1500&reason=%ED%85%8C%EC%8A%A4%ED%8A%B8&extra%5Brequester%5D=admin",
        seeds::POINT_PAID
    );
    let r = h
        .http
        .post(h.url("/payments/cancel"))
        .bearer_auth(&token)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let r = checked(r).await;
    let p = r.payment();
    assert_eq!(p.cancel_amount, krw(1500));
    assert_eq!(p.cancel_reason.as_deref(), Some("테스트"));
}

/// The spec documents 200 and 401 for the cancel call: a body the fake
/// cannot act on is refused as PortOne refuses a cancel, HTTP 200 with a
/// non-zero code, naming what is wrong.
#[tokio::test]
async fn an_unreadable_or_out_of_spec_body_is_a_200_refusal_and_changes_nothing() {
    let h = Harness::start().await;
    let token = h.token().await;
    let card = seeds::CARD_PAID;
    let long_reason = "사".repeat(257);
    for (body, content_type, names) in [
        ("{not json".to_string(), "application/json", "not JSON"),
        ("\u{0}".to_string(), "application/json", "not JSON"),
        ("[1,2]".to_string(), "application/json", "JSON object"),
        (
            format!(r#"{{"imp_uid": "{card}", "amount": "lots"}}"#),
            "application/json",
            "`amount`",
        ),
        (
            format!(r#"{{"imp_uid": "{card}", "amount": true}}"#),
            "application/json",
            "`amount`",
        ),
        // A number the fake cannot hold exactly (schemathesis found this one).
        (
            format!(r#"{{"imp_uid": "{card}", "vat_amount": -8.6e-104}}"#),
            "application/json",
            "`vat_amount`",
        ),
        (
            format!(r#"{{"imp_uid": "{card}", "reason": "{long_reason}"}}"#),
            "application/json",
            "`reason`",
        ),
        (
            format!(r#"{{"imp_uid": "{card}", "extra": {{"requester": "buyer"}}}}"#),
            "application/json",
            "`extra.requester`",
        ),
        (
            format!(r#"{{"imp_uid": "{card}", "retain_promotion": "maybe"}}"#),
            "application/json",
            "`retain_promotion`",
        ),
        (
            format!("imp_uid={card}&refund_bank=123456"),
            "application/x-www-form-urlencoded",
            "`refund_bank`",
        ),
    ] {
        let r = h
            .http
            .post(h.url("/payments/cancel"))
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        let r = checked(r).await;
        assert_eq!((r.status, r.code()), (200, 1), "{body}");
        assert!(r.message().starts_with(routes::BAD_BODY), "{}", r.message());
        assert!(r.message().contains(names), "{body}: {}", r.message());
    }
    assert_eq!(
        h.fake.payment(card).unwrap(),
        seeds::default_payments()
            .into_iter()
            .find(|p| p.imp_uid == card)
            .unwrap()
    );
}

/// Form-style values, as PortOne reads them: numbers and booleans as text,
/// a number for a text field, empty and null fields as absent.
#[tokio::test]
async fn form_style_values_are_read_as_portone_reads_them() {
    let h = Harness::start().await;
    let token = h.token().await;
    let r = h
        .cancel(
            &token,
            json!({
                "imp_uid": seeds::CARD_PAID, "merchant_uid": "", "amount": "1000",
                "checksum": "50000", "reason": 42, "tax_free": null,
                "retain_promotion": "false", "enable_webhook": "1"
            }),
        )
        .await;
    assert_eq!((r.status, r.code()), (200, 0), "{}", r.text);
    let p = r.payment();
    assert_eq!(p.cancel_amount, krw(1000));
    assert_eq!(p.cancel_reason.as_deref(), Some("42"));
}

#[tokio::test]
async fn negative_amounts_and_oversized_tax_parts_are_refused() {
    let h = Harness::start().await;
    let token = h.token().await;
    let before = h.fake.payment(seeds::CARD_PAID).unwrap();
    let r = h
        .cancel(&token, json!({"imp_uid": seeds::CARD_PAID, "amount": -1}))
        .await;
    assert_eq!((r.code(), r.message()), (1, NEGATIVE_AMOUNT));
    for part in ["tax_free", "vat_amount"] {
        let r = h
            .cancel(
                &token,
                json!({"imp_uid": seeds::CARD_PAID, "amount": 1000, part: 1001}),
            )
            .await;
        assert_eq!(r.code(), 1);
        assert!(r.message().starts_with(PART_OVER_AMOUNT), "{}", r.message());
        assert!(r.message().contains(part), "{}", r.message());
    }
    assert_eq!(h.fake.payment(seeds::CARD_PAID).unwrap(), before);
    let r = h
        .cancel(
            &token,
            json!({"imp_uid": seeds::CARD_PAID, "amount": 1000, "tax_free": 0, "vat_amount": 90}),
        )
        .await;
    assert_eq!(r.code(), 0);
}

#[tokio::test]
async fn a_payment_that_is_not_paid_cannot_be_cancelled() {
    let h = Harness::start().await;
    let token = h.token().await;
    let mut failed = h.fake.payment(seeds::CARD_PAID).unwrap();
    failed.imp_uid = "imp_fake_failed_0001".into();
    failed.merchant_uid = "order-fake-failed-0001".into();
    failed.status = PaymentStatus::Failed;
    failed.paid_at = 0;
    failed.failed_at = failed.started_at + 5;
    failed.fail_reason = Some("카드 한도 초과".into());
    h.fake.seed(vec![failed.clone()]).unwrap();
    let r = h.cancel(&token, json!({"imp_uid": failed.imp_uid})).await;
    assert_eq!(r.code(), 1);
    assert!(r.message().starts_with(NOT_PAID), "{}", r.message());
    assert!(r.message().contains("failed"), "{}", r.message());
    assert_eq!(h.fake.payment(&failed.imp_uid).unwrap(), failed);
}
