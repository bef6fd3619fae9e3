//! Leniency: real responses vary, and a refund must never look failed just
//! because a payment could not be parsed.
//!
//! Each test takes a realistic fixture, changes one thing the live API is
//! known to do (or may start doing), and checks that it still parses, and
//! that the odd value is kept rather than dropped or defaulted.

use portone_v1::PaymentResponse;
use portone_v1::open_enums::{
    Currency, CustomerUidUsage, PayMethod, PaymentChannel, PaymentStatus, PgProvider,
};
use portone_v1_tests::{fixture, fixture_json, load_spec};
use serde_json::{Value, json};

/// `payment-card-paid.json` with `edit` applied to its `response` object.
fn card_paid_with(edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    let mut body = fixture_json("payment-card-paid.json");
    edit(body["response"].as_object_mut().expect("a payment"));
    body
}

fn parse(body: &Value) -> portone_v1::Payment {
    let parsed: PaymentResponse = serde_json::from_value(body.clone())
        .unwrap_or_else(|e| panic!("must parse, got: {e}\nbody: {body}"));
    parsed.response.expect("a payment")
}

#[test]
fn unknown_fields_are_ignored() {
    let body = card_paid_with(|p| {
        p.insert("settlement_scheduled_at".into(), json!(1764000000));
        p.insert("pg_extra".into(), json!({"nested": [1, "two", null]}));
    });
    let payment = parse(&body);
    assert_eq!(payment.imp_uid, "imp_482910337215");
    // Unknown top-level envelope members too.
    let mut envelope = fixture_json("cancel-error-not-found.json");
    envelope["trace_id"] = json!("abc-123");
    let parsed: PaymentResponse = serde_json::from_value(envelope).expect("parses");
    assert_eq!(parsed.code, 1);
}

#[test]
fn unknown_enum_values_are_kept_as_other() {
    let body = card_paid_with(|p| {
        p.insert("status".into(), json!("partial_cancelled"));
        p.insert("pay_method".into(), json!("wechatpay"));
        p.insert("pg_provider".into(), json!("hyphen_pay"));
        p.insert("currency".into(), json!("TWD"));
        p.insert("channel".into(), json!("kiosk"));
        p.insert("customer_uid_usage".into(), json!("payment.subscription"));
    });
    let payment = parse(&body);
    assert_eq!(
        payment.status,
        PaymentStatus::Other("partial_cancelled".into())
    );
    assert_eq!(
        payment.pay_method,
        Some(PayMethod::Other("wechatpay".into()))
    );
    assert_eq!(
        payment.pg_provider,
        Some(PgProvider::Other("hyphen_pay".into()))
    );
    assert_eq!(payment.currency, Currency::Other("TWD".into()));
    assert_eq!(payment.channel, Some(PaymentChannel::Other("kiosk".into())));
    assert_eq!(
        payment.customer_uid_usage,
        Some(CustomerUidUsage::Other("payment.subscription".into()))
    );
    // And written back unchanged.
    let written = serde_json::to_value(&payment).unwrap();
    assert_eq!(written["status"], "partial_cancelled");
    assert_eq!(written["currency"], "TWD");
}

#[test]
fn null_where_a_string_is_usual_parses() {
    let body = card_paid_with(|p| {
        for field in [
            "name",
            "pg_tid",
            "apply_num",
            "card_name",
            "buyer_email",
            "receipt_url",
            "pay_method",
            "pg_provider",
            "channel",
        ] {
            p.insert(field.into(), Value::Null);
        }
        p.insert("card_type".into(), Value::Null);
        p.insert("card_quota".into(), Value::Null);
    });
    let payment = parse(&body);
    assert_eq!(payment.name, None);
    assert_eq!(payment.pg_tid, None);
    assert_eq!(payment.pay_method, None);
    assert_eq!(payment.card_type, None);
}

#[test]
fn empty_strings_are_kept_not_turned_into_none() {
    let body = card_paid_with(|p| {
        p.insert("apply_num".into(), json!(""));
        p.insert("card_number".into(), json!(""));
    });
    let payment = parse(&body);
    assert_eq!(payment.apply_num.as_deref(), Some(""));
    assert_eq!(payment.card_number.as_deref(), Some(""));
}

#[test]
fn an_old_response_without_the_newer_fields_parses() {
    let text = fixture("payment-card-legacy-2023.json");
    // The fixture really lacks them (guards the fixture).
    for field in [
        "\"sandbox\"",
        "\"promotion\"",
        "\"deposit_history\"",
        "\"card_issuer_code\"",
        "\"card_issuer_name\"",
        "\"card_publisher_code\"",
        "\"card_publisher_name\"",
        "\"emb_pg_provider\"",
        "\"cancellation_id\"",
    ] {
        assert!(
            !text.contains(field),
            "the legacy fixture must lack {field}"
        );
    }
    let parsed: PaymentResponse = serde_json::from_str(&text).expect("parses");
    let payment = parsed.response.expect("a payment");
    assert_eq!(payment.sandbox, None);
    assert_eq!(payment.promotion, None);
    assert!(payment.deposit_history.is_empty());
    assert_eq!(payment.card_issuer_code, None);
    assert_eq!(payment.card_publisher_name, None);
    assert_eq!(payment.cancel_history.len(), 1);
    assert_eq!(payment.cancel_history[0].cancellation_id, None);
    assert_eq!(payment.cancel_history[0].amount.to_string(), "15000");
}

#[test]
fn a_quoted_amount_parses() {
    // Some gateways quote numbers; the amount is kept exactly.
    let body = card_paid_with(|p| {
        p.insert("amount".into(), json!("28900"));
        p.insert("cancel_amount".into(), json!("0"));
    });
    let payment = parse(&body);
    assert_eq!(payment.amount.to_string(), "28900");
}

#[test]
fn a_missing_required_field_is_still_an_error() {
    // Leniency has limits: without `imp_uid` the payment is not usable, and
    // the error must say which field is missing.
    let body = card_paid_with(|p| {
        p.remove("imp_uid");
    });
    let err = serde_json::from_value::<PaymentResponse>(body).unwrap_err();
    assert!(err.to_string().contains("imp_uid"), "{err}");
}

/// Every schema with `x-open-enum`, with its values, from the spec.
fn spec_open_enums() -> Vec<(String, Vec<String>)> {
    let spec = load_spec();
    spec.json["components"]["schemas"]
        .as_object()
        .expect("components.schemas")
        .iter()
        .filter_map(|(name, schema)| {
            let values = schema.get("x-open-enum")?.as_array()?;
            let values = values
                .iter()
                .map(|v| {
                    v.as_str()
                        .expect("open enum values are strings")
                        .to_string()
                })
                .collect();
            Some((name.clone(), values))
        })
        .collect()
}

/// Every `x-open-enum` value reads as a known variant of the Rust type (not
/// `Other`) and writes back as itself, and a value the spec does not list
/// is kept in `Other`, unchanged.
macro_rules! round_trips {
    ($ty:ty, $values:expr) => {{
        let values: &[String] = $values;
        for wire in values {
            let parsed: $ty = serde_json::from_value(json!(wire))
                .unwrap_or_else(|e| panic!("{}: {wire:?} must parse: {e}", stringify!($ty)));
            assert!(
                !parsed.is_other(),
                "{}: the spec value {wire:?} is not a known variant",
                stringify!($ty)
            );
            assert_eq!(parsed.as_str(), wire, "{}", stringify!($ty));
            assert_eq!(wire.parse::<$ty>().unwrap(), parsed, "{}", stringify!($ty));
            assert_eq!(serde_json::to_value(&parsed).unwrap(), json!(wire));
        }
        let unknown = "not-a-value-the-spec-lists";
        let parsed: $ty = serde_json::from_value(json!(unknown)).unwrap();
        assert_eq!(parsed.as_str(), unknown, "{}", stringify!($ty));
        assert!(
            parsed.is_other(),
            "{}: {unknown:?} must be kept in Other",
            stringify!($ty)
        );
        assert_eq!(serde_json::to_value(&parsed).unwrap(), json!(unknown));
    }};
}

#[test]
fn every_open_enum_value_in_the_spec_round_trips_as_a_known_variant() {
    let enums = spec_open_enums();
    assert!(!enums.is_empty(), "the spec has open enums");
    for (name, values) in &enums {
        match name.as_str() {
            "PaymentStatus" => round_trips!(PaymentStatus, values),
            "PaymentChannel" => round_trips!(PaymentChannel, values),
            "PayMethod" => round_trips!(PayMethod, values),
            "PgProvider" => round_trips!(PgProvider, values),
            "CustomerUidUsage" => round_trips!(CustomerUidUsage, values),
            "Currency" => round_trips!(Currency, values),
            // Only the type names are listed here (a test cannot name a
            // type from a string); the values come from the spec above.
            other => panic!(
                "spec schema {other} has `x-open-enum`, so `cargo xtask generate` makes portone_v1::open_enums::{other}; add an arm for it to this test"
            ),
        }
    }
}

#[test]
fn every_open_enum_in_the_spec_replaces_the_generated_type() {
    let spec = load_spec();
    let replacements = xtask::generate::replacements(&spec);
    let client =
        std::fs::read_to_string(xtask::workspace_root().join(xtask::GENERATED_CLIENT_PATH))
            .expect("the generated client");
    for (name, _) in spec_open_enums() {
        let rust = format!("crate::open_enums::{name}");
        assert!(
            replacements.contains(&(name.clone(), rust.clone())),
            "{name} must be swapped for {rust} (xtask::generate::replacements)"
        );
        // typify made no closed enum of its own for it.
        assert!(
            !client.contains(&format!("pub enum {name} ")),
            "{} defines its own {name}; it must use {rust}",
            xtask::GENERATED_CLIENT_PATH
        );
    }
}
