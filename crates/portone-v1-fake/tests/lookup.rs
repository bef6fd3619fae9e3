//! GET /payments/{imp_uid}, the sandbox flag, the fallbacks and the shape
//! of the bodies (explicit nulls, schema validation).

mod common;

use common::{Harness, Kind, checked, schemas_present, validate_schema};
use portone_v1_fake::{routes, seeds};
use serde_json::json;

#[tokio::test]
async fn returns_the_payment_with_explicit_nulls() {
    let h = Harness::start().await;
    let token = h.token().await;
    let r = h.get_payment(Some(&token), seeds::VBANK_PAID, "").await;
    assert_eq!((r.status, r.code()), (200, 0));
    assert_eq!(r.payment(), h.fake.payment(seeds::VBANK_PAID).unwrap());
    let p = &r.json["response"];
    // Absent in the seed, null on the wire, as the live API sends them.
    for field in [
        "card_code",
        "card_name",
        "card_number",
        "bank_code",
        "custom_data",
        "fail_reason",
    ] {
        assert!(p.get(field).is_some_and(|v| v.is_null()), "{field}: {p}");
    }
    assert_eq!(p["cancel_history"], json!([]));
    assert_eq!(p["cancel_receipt_urls"], json!([]));
    // Korean and slashes are escaped, as the live API does.
    assert!(r.text.contains("\\uad6d\\ubbfc"), "{}", r.text);
}

#[tokio::test]
async fn an_unknown_payment_is_a_404_envelope() {
    let h = Harness::start().await;
    let token = h.token().await;
    let r = h.get_payment(Some(&token), "imp_000000000000", "").await;
    assert_eq!(
        (r.status, r.code(), r.message()),
        (404, -1, routes::PAYMENT_NOT_FOUND)
    );
}

#[tokio::test]
async fn sandbox_payments_need_include_sandbox() {
    let h = Harness::start().await;
    let token = h.token().await;
    // Anything but `true` or `1` reads as false (the README's assumption:
    // the official document lists no 400 for this call).
    for query in [
        "",
        "?include_sandbox=false",
        "?include_sandbox=yes",
        "?include_sandbox=TRUE",
    ] {
        let r = h
            .get_payment(Some(&token), seeds::SANDBOX_PAID, query)
            .await;
        assert_eq!(r.status, 404, "{query}");
    }
    for query in ["?include_sandbox=true", "?include_sandbox=1"] {
        let r = h
            .get_payment(Some(&token), seeds::SANDBOX_PAID, query)
            .await;
        assert_eq!(r.status, 200, "{query}");
        assert_eq!(r.payment().sandbox, Some(true));
    }
    // The flag does not hide ordinary payments.
    let r = h
        .get_payment(Some(&token), seeds::CARD_PAID, "?include_sandbox=true")
        .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn unknown_paths_and_methods_get_envelopes() {
    let h = Harness::start().await;
    // Without a token every path but getToken is a 401, known or not.
    for (method, path) in [
        (reqwest::Method::GET, "/payments"),
        (reqwest::Method::GET, "/payments/cancel"),
        (reqwest::Method::DELETE, "/payments/imp_1"),
    ] {
        let r = checked(
            h.http
                .request(method.clone(), h.url(path))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            (r.status, r.code(), r.message()),
            (401, -1, routes::UNAUTHORIZED),
            "{method} {path}"
        );
    }
    let token = h.token().await;
    let r = checked(
        h.http
            .get(h.url("/payments"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((r.status, r.code()), (404, -1));
    assert!(
        r.message().starts_with(routes::UNKNOWN_PATH),
        "{}",
        r.message()
    );
    let r = checked(
        h.http
            .get(h.url("/payments/cancel"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((r.status, r.code()), (405, -1));
    // getToken needs no token, so its wrong method is a 405 straight away.
    let r = checked(h.http.get(h.url("/users/getToken")).send().await.unwrap()).await;
    assert_eq!((r.status, r.code()), (405, -1));
    assert!(
        r.message().starts_with(routes::WRONG_METHOD),
        "{}",
        r.message()
    );
}

/// The schema check in the harness is live: it rejects a body that breaks
/// the spec (this would pass vacuously if the schemas were not loaded).
#[test]
fn the_schema_check_rejects_a_wrong_body() {
    assert!(
        schemas_present(),
        "docs/schemas is missing: run `cargo xtask generate`"
    );
    let wrong = json!({"code": 0, "message": null, "response": {"imp_uid": "x", "amount": "1000"}});
    let caught = std::panic::catch_unwind(|| validate_schema(Kind::Payment, &wrong));
    assert!(
        caught.is_err(),
        "PaymentResponse.schema.json accepted a wrong body"
    );
    let right = json!({"code": -1, "message": "m", "response": null});
    validate_schema(Kind::Error, &right);
}

/// Every built-in payment goes through the harness's checks (typed decoding,
/// envelope, schema) as a lookup answer.
#[tokio::test]
async fn every_built_in_payment_is_served_as_the_spec_says() {
    let h = Harness::start().await;
    let token = h.token().await;
    let all = h.fake.payments();
    assert!(all.len() >= 8);
    for p in all {
        let r = h
            .get_payment(Some(&token), &p.imp_uid, "?include_sandbox=true")
            .await;
        assert_eq!((r.status, r.code()), (200, 0), "{}", p.imp_uid);
        assert_eq!(r.payment(), p);
    }
}
