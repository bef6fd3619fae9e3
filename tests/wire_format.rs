//! Drift check 4: the wire format.
//!
//! Requests: the exact bytes the generated `CancelPaymentRequest` puts on the
//! wire for representative cancels. An unset field must be absent, never
//! `null` and never `0`: PortOne reads a missing or zero `amount` as "cancel
//! everything that is left".
//!
//! Responses: every fixture in `tests/fixtures/` is parsed into its generated
//! type and written back; the result is snapshotted and must equal the
//! fixture minus its nulls (nothing else may be lost or changed, amounts
//! included: `5.05` stays `5.05`, `45000` stays `45000`).

use portone_v1::money::Amount;
use portone_v1::{
    AccessTokenResponse, CancelExtra, CancelPaymentRequest, CancelRequester, ErrorResponse,
    PaymentResponse,
};
use portone_v1_tests::{fixture, fixture_names, without_nulls};
use serde_json::Value;

fn amount(text: &str) -> Option<Amount> {
    Some(text.parse().expect("test amounts are valid"))
}

/// The exact body `reqwest` sends (`serde_json::to_vec` of the request).
fn wire(request: &CancelPaymentRequest) -> String {
    serde_json::to_string(request).expect("a request always serializes")
}

/// Asserts that none of `fields` appears in the body, not even as `null`.
fn assert_absent(body: &str, fields: &[&str]) {
    let value: Value = serde_json::from_str(body).unwrap();
    let object = value.as_object().expect("the body is an object");
    for field in fields {
        assert!(
            !object.contains_key(*field),
            "`{field}` must be absent from {body}"
        );
    }
}

#[test]
fn full_cancel_by_merchant_uid() {
    let request = CancelPaymentRequest {
        merchant_uid: Some("order-20261125-0001".parse().unwrap()),
        reason: Some("고객 변심".parse().unwrap()),
        ..Default::default()
    };
    let body = wire(&request);
    insta::assert_snapshot!("request_full_by_merchant_uid", body);
    // A full cancel leaves `amount` out; it must not turn into `0` or null.
    assert_absent(
        &body,
        &[
            "imp_uid",
            "amount",
            "checksum",
            "tax_free",
            "vat_amount",
            "refund_holder",
            "refund_bank",
            "refund_account",
            "refund_tel",
            "retain_promotion",
            "enable_webhook",
            "extra",
        ],
    );
}

#[test]
fn partial_cancel_with_checksum() {
    let request = CancelPaymentRequest {
        imp_uid: Some("imp_519384027761".parse().unwrap()),
        amount: amount("5000"),
        checksum: amount("35000"),
        reason: Some("상품 1개 반품".parse().unwrap()),
        ..Default::default()
    };
    let body = wire(&request);
    insta::assert_snapshot!("request_partial_with_checksum", body);
    assert!(body.contains(r#""amount":5000,"#), "{body}");
    assert!(body.contains(r#""checksum":35000,"#), "{body}");
    assert_absent(
        &body,
        &[
            "merchant_uid",
            "tax_free",
            "vat_amount",
            "extra",
            "refund_bank",
        ],
    );
}

#[test]
fn partial_cancel_in_usd_keeps_exact_fractions() {
    let request = CancelPaymentRequest {
        imp_uid: Some("imp_905512300846".parse().unwrap()),
        amount: amount("5.05"),
        checksum: amount("10.10"),
        reason: Some("one of two prints out of stock".parse().unwrap()),
        ..Default::default()
    };
    let body = wire(&request);
    insta::assert_snapshot!("request_partial_usd", body);
    // Not 5.0499999..., not 10.10 with a trailing zero that a double loses.
    assert!(body.contains(r#""amount":5.05,"#), "{body}");
    assert!(body.contains(r#""checksum":10.1,"#), "{body}");
}

#[test]
fn virtual_account_refund() {
    let request = CancelPaymentRequest {
        imp_uid: Some("imp_730015562948".parse().unwrap()),
        reason: Some("입금 후 주문 취소".parse().unwrap()),
        refund_holder: Some("박서준".parse().unwrap()),
        refund_bank: Some("004".parse().unwrap()),
        refund_account: Some("94320201123456".parse().unwrap()),
        refund_tel: Some("01055550192".parse().unwrap()),
        ..Default::default()
    };
    let body = wire(&request);
    insta::assert_snapshot!("request_vbank_refund", body);
    // Bank codes and account numbers are strings: leading zeros survive.
    assert!(body.contains(r#""refund_bank":"004""#), "{body}");
    assert_absent(&body, &["amount", "checksum", "merchant_uid", "extra"]);
}

#[test]
fn naver_pay_cancel_asked_for_by_the_buyer() {
    let request = CancelPaymentRequest {
        imp_uid: Some("imp_264470019385".parse().unwrap()),
        reason: Some("구매자 요청".parse().unwrap()),
        extra: Some(CancelExtra {
            requester: Some(CancelRequester::Customer),
        }),
        ..Default::default()
    };
    let body = wire(&request);
    insta::assert_snapshot!("request_naverpay_customer", body);
    assert!(
        body.contains(r#""extra":{"requester":"customer"}"#),
        "{body}"
    );
    assert_absent(&body, &["amount", "checksum", "merchant_uid"]);
}

#[test]
fn request_length_limits_are_enforced_before_sending() {
    // The seed's String(N) limits come from the spec (`maxLength`).
    let too_long = "x".repeat(41);
    let merchant_uid: Result<portone_v1::CancelPaymentRequestMerchantUid, _> = too_long.parse();
    assert!(
        merchant_uid.is_err(),
        "merchant_uid is at most 40 characters"
    );
    let ok: Result<portone_v1::CancelPaymentRequestMerchantUid, _> = "x".repeat(40).parse();
    assert!(ok.is_ok());
    let bank: Result<portone_v1::CancelPaymentRequestRefundBank, _> = "00412".parse();
    assert!(bank.is_err(), "refund_bank is at most 4 characters");
}

/// Which generated type parses a fixture, by its file-name prefix (see
/// `tests/fixtures/README.md`).
fn reserialize(name: &str) -> Value {
    let text = fixture(name);
    fn round_trip<
        T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
    >(
        name: &str,
        text: &str,
    ) -> Value {
        let parsed: T =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        let written = serde_json::to_string(&parsed).unwrap();
        let again: T = serde_json::from_str(&written).unwrap();
        assert_eq!(
            again, parsed,
            "{name}: a second round trip changed the value"
        );
        serde_json::from_str(&written).unwrap()
    }
    if name.starts_with("payment-") || name.starts_with("cancel-error-") {
        round_trip::<PaymentResponse>(name, &text)
    } else if name.starts_with("error-") {
        round_trip::<ErrorResponse>(name, &text)
    } else if name.starts_with("token-") {
        round_trip::<AccessTokenResponse>(name, &text)
    } else {
        panic!("no rule for fixture {name}: name it payment-*, cancel-error-*, error-* or token-*")
    }
}

/// What the generated types are expected to write back for a fixture: the
/// fixture without nulls, and without an empty `deposit_history` (the one
/// optional array, skipped when empty).
fn expected_after_round_trip(name: &str) -> Value {
    let mut expected = without_nulls(&serde_json::from_str(&fixture(name)).unwrap());
    if let Some(payment) = expected.get_mut("response").and_then(Value::as_object_mut)
        && payment.get("deposit_history") == Some(&Value::Array(vec![]))
    {
        payment.remove("deposit_history");
    }
    expected
}

macro_rules! fixture_snapshots {
    ($($test:ident: $file:literal,)+) => {
        $(
            #[test]
            fn $test() {
                let written = reserialize($file);
                assert_eq!(
                    written,
                    expected_after_round_trip($file),
                    "{}: parsing and writing back lost or changed something",
                    $file
                );
                insta::assert_snapshot!(
                    concat!("response_", $file),
                    serde_json::to_string_pretty(&written).unwrap()
                );
            }
        )+

        #[test]
        fn every_fixture_is_covered() {
            let listed = [$($file),+];
            for name in fixture_names() {
                assert!(
                    listed.contains(&name.as_str()),
                    "tests/fixtures/{name} is not listed in tests/wire_format.rs"
                );
            }
        }
    };
}

fixture_snapshots! {
    card_paid: "payment-card-paid.json",
    card_partially_cancelled: "payment-card-partially-cancelled.json",
    card_cancelled: "payment-card-cancelled.json",
    card_legacy_2023: "payment-card-legacy-2023.json",
    vbank_paid_server_style: "payment-vbank-paid.json",
    kakaopay_point: "payment-kakaopay-point.json",
    paypal_usd_partially_cancelled: "payment-paypal-usd-partially-cancelled.json",
    cancel_error_not_found: "cancel-error-not-found.json",
    cancel_error_already_cancelled: "cancel-error-already-cancelled.json",
    cancel_error_pg_refused: "cancel-error-pg-refused.json",
    error_404_payment_not_found: "error-404-payment-not-found.json",
    error_401_unauthorized: "error-401-unauthorized.json",
    token_issued: "token-issued.json",
}

#[test]
fn server_style_fixtures_really_are_ascii_escaped() {
    // Guards the fixtures themselves: the escaped ones must stay escaped, or
    // the escaping path would silently stop being tested.
    for name in ["payment-vbank-paid.json", "cancel-error-not-found.json"] {
        let text = fixture(name);
        assert!(text.is_ascii(), "{name} must be pure ASCII");
        assert!(text.contains("\\u"), "{name} must contain \\uXXXX escapes");
    }
    assert!(fixture("payment-vbank-paid.json").contains("https:\\/\\/"));
    let parsed: PaymentResponse =
        serde_json::from_str(&fixture("payment-vbank-paid.json")).unwrap();
    let payment = parsed.response.expect("a payment");
    assert_eq!(payment.vbank_name.as_deref(), Some("국민은행"));
    assert!(
        payment
            .receipt_url
            .unwrap()
            .starts_with("https://admin8.kcp.co.kr/")
    );
}

#[test]
fn refusals_are_told_apart_by_code_and_message() {
    for (name, code, message) in [
        (
            "cancel-error-not-found.json",
            1,
            "취소할 결제건이 존재하지 않습니다.",
        ),
        (
            "cancel-error-already-cancelled.json",
            1,
            "이미 전액취소된 주문입니다.",
        ),
    ] {
        let parsed: PaymentResponse = serde_json::from_str(&fixture(name)).unwrap();
        assert_eq!(parsed.code, code, "{name}");
        assert_eq!(parsed.message.as_deref(), Some(message), "{name}");
        assert!(parsed.response.is_none(), "{name}");
    }
}

#[test]
fn usd_amounts_parse_to_exact_decimals() {
    let parsed: PaymentResponse =
        serde_json::from_str(&fixture("payment-paypal-usd-partially-cancelled.json")).unwrap();
    let payment = parsed.response.unwrap();
    let balance = payment.amount.checked_sub(payment.cancel_amount).unwrap();
    assert_eq!(balance.to_string(), "5.05");
    assert_eq!(payment.cancel_history[0].amount.to_string(), "5.05");
}
