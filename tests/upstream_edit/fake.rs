//! In the edited copy: the fake serves the new response fields its seeds
//! hold, and reads cancels with the spec's new rules (the required
//! parameter refused when missing, the new limit enforced).

use portone_v1_fake::{FakeConfig, FakeServer, seeds};
use serde_json::{Value, json};

fn seed() -> String {
    json!([{
        "imp_uid": "imp_100000000001", "merchant_uid": "order-1", "pay_method": "card",
        "pg_provider": "hecto_v2", "amount": 10000, "cancel_amount": 0, "currency": "KRW",
        "status": "paid", "started_at": 1, "paid_at": 2, "failed_at": 0, "cancelled_at": 0,
        "cancel_history": [], "cancel_receipt_urls": [],
        "routed_pg": "kakaopay", "settlement": {"scheduled_at": 1732590000}, "tags": ["gift"]
    }])
    .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_fake_serves_new_fields_and_applies_new_rules() {
    let payments = seeds::parse_seeds(&seed()).unwrap();
    let fake = FakeServer::start(FakeConfig::default().seeds(payments)).await.unwrap();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let token: Value = http
        .post(format!("{}/users/getToken", fake.base_url()))
        .json(&json!({"imp_key": fake.imp_key(), "imp_secret": fake.imp_secret().expose_secret()}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["response"]["access_token"].as_str().unwrap().to_string();
    let read: Value = http
        .get(format!("{}/payments/imp_100000000001", fake.base_url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read["response"]["routed_pg"], "kakaopay");
    assert_eq!(read["response"]["settlement"]["scheduled_at"], 1732590000);
    assert_eq!(read["response"]["tags"], json!(["gift"]));
    assert_eq!(read["response"]["pg_provider"], "hecto_v2");

    let cancel = |body: Value| {
        let http = http.clone();
        let url = format!("{}/payments/cancel", fake.base_url());
        let token = token.clone();
        async move {
            let v: Value = http
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            v
        }
    };
    let refused = cancel(json!({"imp_uid": "imp_100000000001", "amount": 1000})).await;
    assert_ne!(refused["code"], 0, "{refused}");
    let refused = cancel(json!({
        "imp_uid": "imp_100000000001", "amount": 1000, "operator_id": "op", "promotion_note": "123456789"
    }))
    .await;
    assert_ne!(refused["code"], 0, "{refused}");
    assert_eq!(fake.payment("imp_100000000001").unwrap().cancel_amount, portone_v1::Amount::ZERO);
    let done = cancel(json!({"imp_uid": "imp_100000000001", "amount": 1000, "operator_id": "op"})).await;
    assert_eq!(done["code"], 0, "{done}");
    assert_eq!(done["response"]["cancel_amount"], 1000);
    fake.shutdown().await;
}
