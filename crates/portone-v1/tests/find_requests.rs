//! The exact requests of the lookups by order id (path, status segment,
//! query) and how answers no fake sends are handled: a payment of another
//! order id, an HTTP 400, a page in a refusal envelope, buyer data kept out
//! of every error's text.

mod support;

use std::num::NonZeroU64;

use portone_v1::{
    FindPaymentError, FindPaymentOptions, FindPaymentsError, FindPaymentsOptions, PaymentSorting,
    PaymentStatusFilter, ProvideErrorMetadata,
};
use portone_v1_mock::MockApi;
use serde_json::json;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

async fn answering(route: &str, status: u16, body: serde_json::Value) -> MockApi {
    let server = MockApi::start().await;
    mount_token(&server).await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// `order-imp_1`'s card payment (support's naming), as the API sends it.
fn order_payment() -> serde_json::Value {
    card_payment("imp_1", json!(10000), json!(0), "paid")
}

#[tokio::test]
async fn each_lookup_sends_its_path_and_only_the_options_set() {
    let page = json!({"total": 1, "previous": 0, "next": 0, "list": [order_payment()]});
    for (route, status, query, body) in [
        (
            "/payments/find/order-imp_1",
            None,
            None,
            ok_envelope(order_payment()),
        ),
        (
            "/payments/find/order-imp_1/paid",
            Some(PaymentStatusFilter::Paid),
            Some("sorting=-paid"),
            ok_envelope(order_payment()),
        ),
        (
            "/payments/findAll/order-imp_1",
            None,
            Some("limit=50&page=2"),
            json!({"code": 0, "message": null, "response": page}),
        ),
        (
            "/payments/findAll/order-imp_1/cancelled",
            Some(PaymentStatusFilter::Cancelled),
            Some("sorting=updated"),
            json!({"code": 0, "message": null, "response": page}),
        ),
    ] {
        let server = answering(route, 200, body).await;
        let client = client(&server);
        if route.contains("findAll") {
            let mut options = FindPaymentsOptions::new();
            if query == Some("limit=50&page=2") {
                options = options
                    .page(NonZeroU64::new(2).unwrap())
                    .limit(NonZeroU64::new(50).unwrap());
            } else {
                options = options.sorting(PaymentSorting::Updated);
            }
            let got = client
                .find_payments("order-imp_1", status, &options)
                .await
                .unwrap();
            assert_eq!(got.total, 1);
        } else {
            let mut options = FindPaymentOptions::new();
            if query.is_some() {
                options = options.sorting(PaymentSorting::Xpaid);
            }
            let got = client
                .find_payment("order-imp_1", status, &options)
                .await
                .unwrap();
            assert_eq!(got.imp_uid, "imp_1");
        }
        let sent = requests_to(&server, route).await;
        assert_eq!(sent.len(), 1, "{route}");
        let mut pairs: Vec<String> = sent[0]
            .url
            .query_pairs()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        pairs.sort();
        assert_eq!(pairs.join("&"), query.unwrap_or(""), "{route}");
        assert_eq!(
            sent[0].headers.get("authorization").unwrap(),
            &format!("Bearer {TOKEN}")
        );
    }
}

#[tokio::test]
async fn an_order_id_with_a_slash_stays_one_path_segment() {
    let mut p = order_payment();
    p["merchant_uid"] = json!("order/1 가");
    let server = answering("/payments/find/order%2F1%20%EA%B0%80", 200, ok_envelope(p)).await;
    let got = client(&server)
        .find_payment("order/1 가", None, &FindPaymentOptions::new())
        .await
        .unwrap();
    assert_eq!(got.merchant_uid, "order/1 가");
}

#[tokio::test]
async fn a_payment_of_another_order_id_is_never_returned() {
    let server = answering(
        "/payments/find/order-asked",
        200,
        ok_envelope(order_payment()),
    )
    .await;
    let e = client(&server)
        .find_payment("order-asked", None, &FindPaymentOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(e, FindPaymentError::Decode(_)), "{e:?}");
    assert!(e.to_string().contains("unreadable"), "{e}");
    assert!(e.raw_body().is_some());

    let page = json!({"total": 1, "previous": 0, "next": 0, "list": [order_payment()]});
    let server = answering(
        "/payments/findAll/order-asked",
        200,
        json!({"code": 0, "message": null, "response": page}),
    )
    .await;
    let e = client(&server)
        .find_payments("order-asked", None, &FindPaymentsOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(e, FindPaymentsError::Decode(_)), "{e:?}");
}

#[tokio::test]
async fn a_400_a_refusal_and_a_null_page_are_told_apart() {
    let server = answering(
        "/payments/findAll/order-imp_1",
        400,
        error_envelope(-1, "올바르지 않은 정렬 기준입니다."),
    )
    .await;
    let e = client(&server)
        .find_payments("order-imp_1", None, &FindPaymentsOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(e, FindPaymentsError::BadRequest(_)), "{e:?}");
    assert_eq!((e.status(), e.code()), (Some(400), Some(-1)));

    let server = answering(
        "/payments/find/order-imp_1",
        200,
        error_envelope(-1, "조회 실패"),
    )
    .await;
    let e = client(&server)
        .find_payment("order-imp_1", None, &FindPaymentOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(e, FindPaymentError::Refused(_)), "{e:?}");
    assert_eq!(e.message(), Some("조회 실패"));

    let server = answering(
        "/payments/findAll/order-imp_1",
        200,
        json!({"code": 0, "message": null, "response": null}),
    )
    .await;
    let e = client(&server)
        .find_payments("order-imp_1", None, &FindPaymentsOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(e, FindPaymentsError::Decode(_)), "{e:?}");
}

#[tokio::test]
async fn no_error_shows_buyer_data_from_the_body() {
    let mut p = order_payment();
    p["merchant_uid"] = json!("order-other");
    p["buyer_name"] = json!("BUYER-NAME-DO-NOT-SHOW");
    let server = answering("/payments/find/order-imp_1", 200, ok_envelope(p.clone())).await;
    let e = client(&server)
        .find_payment("order-imp_1", None, &FindPaymentOptions::new())
        .await
        .unwrap_err();
    let shown = format!("{e} {e:?} {}", portone_v1::error::ErrorChain::new(&e));
    assert!(!shown.contains("BUYER-NAME"), "{shown}");
    let server = answering(
        "/payments/find/order-imp_1",
        502,
        json!({"buyer_name": "BUYER-NAME-DO-NOT-SHOW"}),
    )
    .await;
    let e = client(&server)
        .find_payment("order-imp_1", None, &FindPaymentOptions::new())
        .await
        .unwrap_err();
    assert!(
        matches!(e, FindPaymentError::UnexpectedStatus { status: 502, .. }),
        "{e:?}"
    );
    let shown = format!("{e} {e:?}");
    assert!(
        !shown.contains("BUYER-NAME") && !shown.contains(SECRET),
        "{shown}"
    );
}
