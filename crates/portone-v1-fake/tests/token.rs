//! POST /users/getToken and the Bearer check on every other call.

mod common;

use std::time::Duration;

use common::{Harness, checked};
use portone_v1_fake::{DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, FakeConfig, routes, seeds};
use serde_json::json;

#[tokio::test]
async fn issues_a_30_minute_token_and_repeats_it() {
    let h = Harness::start().await;
    let creds = json!({"imp_key": DEFAULT_IMP_KEY, "imp_secret": DEFAULT_IMP_SECRET});
    let first = h.post("/users/getToken", None, creds.clone()).await;
    assert_eq!((first.status, first.code()), (200, 0));
    let t = &first.json["response"];
    let token = t["access_token"].as_str().unwrap();
    assert_eq!(token.len(), 40);
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(
        t["expired_at"].as_i64().unwrap() - t["now"].as_i64().unwrap(),
        1800
    );

    h.fake.advance_clock(Duration::from_secs(600));
    let again = h.post("/users/getToken", None, creds).await;
    assert_eq!(again.json["response"]["access_token"], t["access_token"]);
    assert_eq!(again.json["response"]["expired_at"], t["expired_at"]);
    assert_eq!(
        again.json["response"]["now"].as_i64().unwrap(),
        t["now"].as_i64().unwrap() + 600
    );
}

#[tokio::test]
async fn extends_by_five_minutes_when_asked_in_the_last_minute() {
    let h = Harness::start().await;
    let creds = json!({"imp_key": DEFAULT_IMP_KEY, "imp_secret": DEFAULT_IMP_SECRET});
    let first = h.post("/users/getToken", None, creds.clone()).await;
    let expired_at = first.json["response"]["expired_at"].as_i64().unwrap();
    h.fake.advance_clock(Duration::from_secs(30 * 60 - 50));
    let late = h.post("/users/getToken", None, creds).await;
    assert_eq!(
        late.json["response"]["access_token"],
        first.json["response"]["access_token"]
    );
    assert_eq!(
        late.json["response"]["expired_at"].as_i64().unwrap(),
        expired_at + 300
    );
}

#[tokio::test]
async fn an_expired_token_is_refused_and_a_new_one_issued() {
    let h = Harness::start().await;
    let old = h.token().await;
    h.fake.advance_clock(Duration::from_secs(30 * 60));
    let r = h.get_payment(Some(&old), seeds::CARD_PAID, "").await;
    assert_eq!(
        (r.status, r.code(), r.message()),
        (401, -1, routes::UNAUTHORIZED)
    );
    let new = h.token().await;
    assert_ne!(new, old);
    let r = h.get_payment(Some(&new), seeds::CARD_PAID, "").await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn wrong_or_missing_credentials_get_a_401_envelope() {
    let h = Harness::start().await;
    for (body, message) in [
        (
            json!({"imp_key": DEFAULT_IMP_KEY, "imp_secret": "nope"}),
            routes::BAD_CREDENTIALS,
        ),
        (
            json!({"imp_key": "nope", "imp_secret": DEFAULT_IMP_SECRET}),
            routes::BAD_CREDENTIALS,
        ),
        (
            json!({"imp_key": DEFAULT_IMP_KEY}),
            routes::MISSING_CREDENTIALS,
        ),
        (json!({}), routes::MISSING_CREDENTIALS),
    ] {
        let r = h.post("/users/getToken", None, body.clone()).await;
        assert_eq!(
            (r.status, r.code(), r.message()),
            (401, -1, message),
            "{body}"
        );
    }
}

/// The spec documents 200 and 401 for getToken: a body the fake cannot read
/// carries no credentials, so it gets the 401, saying why.
#[tokio::test]
async fn an_unreadable_token_request_is_a_401_envelope() {
    let h = Harness::start().await;
    for body in ["[null, null]", "{not json", "\u{0}", "\"key\""] {
        let r = h
            .http
            .post(h.url("/users/getToken"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let r = checked(r).await;
        assert_eq!((r.status, r.code()), (401, -1), "{body}");
        assert!(r.message().starts_with(routes::BAD_BODY), "{}", r.message());
    }
}

#[tokio::test]
async fn accepts_a_form_encoded_token_request_and_custom_credentials() {
    let h = Harness::with(FakeConfig::default().credentials("my-key", "my-secret")).await;
    let send = |key: &'static str, secret: &'static str| {
        h.http
            .post(h.url("/users/getToken"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("imp_key={key}&imp_secret={secret}"))
            .send()
    };
    let ok = checked(send("my-key", "my-secret").await.unwrap()).await;
    assert_eq!((ok.status, ok.code()), (200, 0));
    let defaults = checked(send("fake-imp-key", "fake-imp-secret").await.unwrap()).await;
    assert_eq!(defaults.status, 401);
}

#[tokio::test]
async fn every_other_call_needs_a_valid_bearer_token() {
    let h = Harness::start().await;
    let token = h.token().await;
    let body = json!({"imp_uid": seeds::CARD_PAID, "amount": 1000});
    let cases: [(&str, Option<String>); 4] = [
        ("no header", None),
        ("wrong token", Some(format!("Bearer {}", "0".repeat(40)))),
        ("no scheme", Some(token.clone())),
        ("other scheme", Some(format!("Basic {token}"))),
    ];
    for (what, header) in cases {
        let mut cancel = h.http.post(h.url("/payments/cancel")).json(&body);
        let mut get = h
            .http
            .get(h.url(&format!("/payments/{}", seeds::CARD_PAID)));
        if let Some(v) = &header {
            cancel = cancel.header("authorization", v);
            get = get.header("authorization", v);
        }
        for r in [cancel.send().await.unwrap(), get.send().await.unwrap()] {
            let r = checked(r).await;
            assert_eq!(
                (r.status, r.code(), r.message()),
                (401, -1, routes::UNAUTHORIZED),
                "{what}"
            );
        }
    }
    // Nothing was cancelled by the refused calls.
    assert_eq!(
        h.fake.payment(seeds::CARD_PAID).unwrap().cancel_amount,
        portone_v1::money::Amount::ZERO
    );
    // The scheme is case-insensitive, as HTTP says; an agency's Tier header
    // is accepted (and ignored).
    let r = h
        .http
        .get(h.url(&format!("/payments/{}", seeds::CARD_PAID)))
        .header("authorization", format!("bearer {token}"))
        .header("tier", "A01")
        .send()
        .await
        .unwrap();
    assert_eq!(checked(r).await.status, 200);
}
