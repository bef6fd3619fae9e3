//! The lookups by order id, `GET /payments/find/{merchant_uid}[/{payment_status}]`
//! and `GET /payments/findAll/{merchant_uid}[/{payment_status}]`: several
//! payments sharing an order id, every sorting, the status filter, paging,
//! the 404, the 400s the spec documents for parameters outside it, and the
//! 401. Every body passes the harness's checks (generated types, envelope,
//! ASCII escaping, docs/schemas).

mod common;

use common::{Harness, Reply, checked};
use portone_v1::{Payment, PaymentPageResponse, PaymentStatus};
use portone_v1_fake::{FakeConfig, find, routes, seeds};
use serde_json::json;

const ORDER: &str = "order-shared-0001";

/// Four payments of one order id, and one of another: `X` cancelled
/// first, `A` a failed attempt, `B` the paid one, `C` a new attempt left
/// unpaid; `S` a paid test-channel payment of another order.
fn shared_order() -> Vec<Payment> {
    let card = seeds::default_payments()
        .into_iter()
        .find(|p| p.imp_uid == seeds::CARD_PAID)
        .unwrap();
    let make = |imp_uid: &str, merchant_uid: &str, status: &str, times: [i64; 4]| {
        let mut p = card.clone();
        p.imp_uid = imp_uid.into();
        p.merchant_uid = merchant_uid.into();
        p.status = status.parse().unwrap();
        [p.started_at, p.paid_at, p.failed_at, p.cancelled_at] = times;
        if status == "cancelled" {
            p.cancel_amount = p.amount;
            p.cancel_history = vec![portone_v1::PaymentCancellation {
                pg_tid: None,
                amount: p.amount,
                cancelled_at: times[3],
                reason: None,
                receipt_url: None,
                cancellation_id: None,
            }];
        }
        p
    };
    let mut sandbox = make("imp_find_s", "order-sandbox-0001", "paid", [500, 510, 0, 0]);
    sandbox.sandbox = Some(true);
    vec![
        make("imp_find_x", ORDER, "cancelled", [50, 60, 0, 700]),
        make("imp_find_a", ORDER, "failed", [100, 0, 110, 0]),
        make("imp_find_b", ORDER, "paid", [200, 230, 0, 0]),
        make("imp_find_c", ORDER, "ready", [300, 0, 0, 0]),
        sandbox,
    ]
}

async fn harness() -> (Harness, String) {
    let h = Harness::with(FakeConfig::default().seeds(shared_order())).await;
    let token = h.token().await;
    (h, token)
}

async fn get(h: &Harness, token: Option<&str>, path: &str) -> Reply {
    let mut req = h.http.get(h.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    checked(req.send().await.expect("the fake answers")).await
}

fn found(r: &Reply) -> String {
    assert_eq!((r.status, r.code()), (200, 0), "{}", r.text);
    r.payment().imp_uid
}

/// `(total, previous, next, imp_uids)` of a page.
fn page(r: &Reply) -> (i64, i64, i64, Vec<String>) {
    assert_eq!((r.status, r.code()), (200, 0), "{}", r.text);
    let env: PaymentPageResponse = serde_json::from_str(&r.text).unwrap();
    let page = env.response.unwrap();
    let ids = page.list.into_iter().map(|p| p.imp_uid).collect();
    (page.total, page.previous, page.next, ids)
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| format!("imp_find_{s}")).collect()
}

#[tokio::test]
async fn find_answers_the_first_by_sorting_among_payments_sharing_the_order_id() {
    let (h, token) = harness().await;
    let find = |q: &'static str| {
        let h = &h;
        let token = &token;
        async move { found(&get(h, Some(token), &format!("/payments/find/{ORDER}{q}")).await) }
    };
    // `-started` by default: the attempt started last, unpaid as it is.
    assert_eq!(find("").await, "imp_find_c");
    assert_eq!(find("?sorting=-started").await, "imp_find_c");
    assert_eq!(find("?sorting=started").await, "imp_find_x");
    assert_eq!(find("?sorting=-paid").await, "imp_find_b");
    // Unpaid ones have paid_at 0; ties keep the seed order.
    assert_eq!(find("?sorting=paid").await, "imp_find_a");
    // The last change: X's cancel at 700.
    assert_eq!(find("?sorting=-updated").await, "imp_find_x");
    assert_eq!(find("?sorting=updated").await, "imp_find_a");
    // Unknown query parameters are ignored.
    assert_eq!(find("?sorting=-paid&unknown=1").await, "imp_find_b");
}

#[tokio::test]
async fn the_status_path_picks_among_the_payments_in_that_status() {
    let (h, token) = harness().await;
    for (status, want) in [
        ("paid", "imp_find_b"),
        ("failed", "imp_find_a"),
        ("ready", "imp_find_c"),
        ("cancelled", "imp_find_x"),
    ] {
        let r = get(
            &h,
            Some(&token),
            &format!("/payments/find/{ORDER}/{status}"),
        )
        .await;
        assert_eq!(found(&r), want, "{status}");
        assert_eq!(r.payment().status, status.parse::<PaymentStatus>().unwrap());
    }
    let r = get(
        &h,
        Some(&token),
        &format!("/payments/findAll/{ORDER}/paid?sorting=started"),
    )
    .await;
    assert_eq!(page(&r), (1, 0, 0, ids(&["b"])));
}

#[tokio::test]
async fn find_all_pages_through_every_payment_of_the_order_id() {
    let (h, token) = harness().await;
    let all = |q: &'static str| {
        let h = &h;
        let token = &token;
        async move { page(&get(h, Some(token), &format!("/payments/findAll/{ORDER}{q}")).await) }
    };
    assert_eq!(all("").await, (4, 0, 0, ids(&["c", "b", "a", "x"])));
    assert_eq!(all("?limit=2").await, (4, 0, 2, ids(&["c", "b"])));
    assert_eq!(all("?limit=2&page=2").await, (4, 1, 0, ids(&["a", "x"])));
    assert_eq!(
        all("?limit=3&page=1&sorting=started").await,
        (4, 0, 2, ids(&["x", "a", "b"]))
    );
    assert_eq!(
        all("?limit=3&page=2&sorting=started").await,
        (4, 1, 0, ids(&["c"]))
    );
    // Past the last page: empty, with the full total (the spec's assumption).
    assert_eq!(all("?limit=2&page=3").await, (4, 2, 0, vec![]));
    // The spec's largest limit is accepted.
    assert_eq!(all("?limit=1000").await.0, 4);
}

#[tokio::test]
async fn nothing_matching_is_the_404_envelope() {
    let (h, token) = harness().await;
    for path in [
        "/payments/find/order-nobody".to_string(),
        "/payments/findAll/order-nobody".to_string(),
        "/payments/find/order-nobody/paid".to_string(),
        // Payments of the order id exist, none in this status.
        "/payments/find/order-sandbox-0001/failed".to_string(),
        "/payments/findAll/order-sandbox-0001/cancelled?page=2".to_string(),
        // An order id that does not percent-decode to UTF-8.
        "/payments/find/%ff".to_string(),
        "/payments/findAll/%ff/paid".to_string(),
    ] {
        let r = get(&h, Some(&token), &path).await;
        assert_eq!(
            (r.status, r.code(), r.message()),
            (404, -1, routes::PAYMENT_NOT_FOUND),
            "{path}"
        );
    }
}

#[tokio::test]
async fn parameters_outside_the_spec_are_the_400_envelope() {
    let (h, token) = harness().await;
    for path in [
        format!("/payments/find/{ORDER}?sorting=newest"),
        format!("/payments/find/{ORDER}?sorting="),
        format!("/payments/find/{ORDER}/pending"),
        format!("/payments/find/{ORDER}/PAID"),
        format!("/payments/findAll/{ORDER}/refunded"),
        format!("/payments/findAll/{ORDER}/%ff"),
        format!("/payments/findAll/{ORDER}?page=0"),
        format!("/payments/findAll/{ORDER}?page=-1"),
        format!("/payments/findAll/{ORDER}?page=1.5"),
        format!("/payments/findAll/{ORDER}?page=9223372036854775808"),
        format!("/payments/findAll/{ORDER}?limit=0"),
        format!("/payments/findAll/{ORDER}?limit=1001"),
        format!("/payments/findAll/{ORDER}?limit=ten"),
        format!("/payments/findAll/{ORDER}/paid?sorting=-started&limit=1001"),
    ] {
        let r = get(&h, Some(&token), &path).await;
        assert_eq!((r.status, r.code()), (400, -1), "{path}: {}", r.text);
        assert!(
            r.message().starts_with(find::BAD_PARAMETER),
            "{path}: {}",
            r.text
        );
    }
    // `page` and `limit` mean nothing to the single lookup: ignored there.
    let r = get(&h, Some(&token), &format!("/payments/find/{ORDER}?page=0")).await;
    assert_eq!(found(&r), "imp_find_c");
}

#[tokio::test]
async fn every_lookup_needs_the_token_first() {
    let (h, _token) = harness().await;
    for path in [
        format!("/payments/find/{ORDER}"),
        format!("/payments/find/{ORDER}/paid"),
        format!("/payments/findAll/{ORDER}?limit=5000"),
        format!("/payments/findAll/{ORDER}/bogus"),
    ] {
        for token in [None, Some("0".repeat(40))] {
            let r = get(&h, token.as_deref(), &path).await;
            assert_eq!(
                (r.status, r.code(), r.message()),
                (401, -1, routes::UNAUTHORIZED),
                "{path}"
            );
        }
    }
}

#[tokio::test]
async fn test_channel_payments_are_found_and_the_answers_follow_the_state() {
    let (h, token) = harness().await;
    // No `include_sandbox` on these lookups: test-channel payments are
    // found like any other (the spec's assumption).
    let r = get(&h, Some(&token), "/payments/find/order-sandbox-0001").await;
    assert_eq!(found(&r), "imp_find_s");
    assert_eq!(r.payment().sandbox, Some(true));

    // After a full cancel of B, the order has no paid payment left.
    let r = h
        .cancel(
            &token,
            json!({"imp_uid": "imp_find_b", "reason": "find test"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (200, 0), "{}", r.text);
    let r = get(&h, Some(&token), &format!("/payments/find/{ORDER}/paid")).await;
    assert_eq!(r.status, 404, "{}", r.text);
    let r = get(
        &h,
        Some(&token),
        &format!("/payments/findAll/{ORDER}/cancelled"),
    )
    .await;
    assert_eq!(page(&r), (2, 0, 0, ids(&["b", "x"])));
    // B changed last.
    let r = get(
        &h,
        Some(&token),
        &format!("/payments/find/{ORDER}?sorting=-updated"),
    )
    .await;
    assert_eq!(found(&r), "imp_find_b");
    assert_eq!(r.payment(), h.fake.payment("imp_find_b").unwrap());
}

#[tokio::test]
async fn a_page_is_written_like_the_live_api_writes_payments() {
    let (h, token) = harness().await;
    let r = get(
        &h,
        Some(&token),
        &format!("/payments/findAll/{ORDER}?limit=1"),
    )
    .await;
    let listed = &r.json["response"]["list"][0];
    // Absent in the seed, null on the wire, as in a single payment.
    for field in [
        "bank_code",
        "vbank_num",
        "fail_reason",
        "customer_uid_usage",
    ] {
        assert!(
            listed.get(field).is_some_and(|v| v.is_null()),
            "{field}: {listed}"
        );
    }
    // An empty page still has its `list`.
    let r = get(
        &h,
        Some(&token),
        &format!("/payments/findAll/{ORDER}?page=9"),
    )
    .await;
    assert_eq!(r.json["response"]["list"], json!([]), "{}", r.text);
}
