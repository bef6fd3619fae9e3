//! The lookups by order id (`PortOne::find_payment`, `PortOne::find_payments`)
//! and `prepare_cancel` of a merchant_uid target, against the local fake:
//! several payments sharing an order id, the status filter, sorting,
//! paging, the errors, and a guarded cancel that hits exactly the payment
//! it read.

use std::num::NonZeroU64;
use std::time::Duration;

use portone_v1::cancel::{CancelAmount, CancelRequest, Target};
use portone_v1::money::Amount;
use portone_v1::{
    CancelError, FindPaymentError, FindPaymentOptions, FindPaymentsError, FindPaymentsOptions,
    Payment, PaymentSorting, PaymentStatus, PaymentStatusFilter, PortOne, ProvideErrorMetadata,
    cancellable_balance,
};
use portone_v1_fake::{FakeConfig, FakeServer, Fault, seeds};

const ORDER: &str = "order-find-0001";

fn payment(imp_uid: &str, merchant_uid: &str, status: &str, started_at: i64) -> Payment {
    let mut p = seeds::default_payments()
        .into_iter()
        .find(|p| p.imp_uid == seeds::CARD_PAID)
        .unwrap();
    p.imp_uid = imp_uid.into();
    p.merchant_uid = merchant_uid.into();
    p.status = status.parse().unwrap();
    p.started_at = started_at;
    p.paid_at = if status == "paid" { started_at + 30 } else { 0 };
    p.failed_at = if status == "failed" {
        started_at + 10
    } else {
        0
    };
    p
}

/// One order id: a failed attempt, then the paid payment, then a newer
/// attempt left unpaid (the one a plain lookup answers first).
fn failed_paid_ready() -> Vec<Payment> {
    vec![
        payment("imp_find_failed", ORDER, "failed", 100),
        payment("imp_find_paid", ORDER, "paid", 200),
        payment("imp_find_ready", ORDER, "ready", 300),
        payment("imp_find_other", "order-find-other", "paid", 400),
    ]
}

async fn fake_and_client(payments: Vec<Payment>) -> (FakeServer, PortOne) {
    let fake = FakeServer::start(FakeConfig::default().seeds(payments))
        .await
        .unwrap();
    let client = PortOne::builder(fake.imp_key(), fake.imp_secret().clone())
        .base_url(fake.base_url())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a loopback http:// base URL is accepted");
    (fake, client)
}

fn nz(n: u64) -> NonZeroU64 {
    NonZeroU64::new(n).unwrap()
}

#[tokio::test]
async fn find_payment_answers_by_sorting_and_by_status() {
    let (_fake, client) = fake_and_client(failed_paid_ready()).await;
    let any = FindPaymentOptions::new();
    let p = client.find_payment(ORDER, None, &any).await.unwrap();
    assert_eq!(p.imp_uid, "imp_find_ready", "the one started last");
    let p = client
        .find_payment(
            ORDER,
            None,
            &FindPaymentOptions::new().sorting(PaymentSorting::Started),
        )
        .await
        .unwrap();
    assert_eq!(p.imp_uid, "imp_find_failed");
    let p = client
        .find_payment(ORDER, Some(PaymentStatusFilter::Paid), &any)
        .await
        .unwrap();
    assert_eq!(
        (p.imp_uid.as_str(), p.status),
        ("imp_find_paid", PaymentStatus::Paid)
    );
    let p = client
        .find_payment(
            ORDER,
            Some(PaymentStatusFilter::Failed),
            &FindPaymentOptions::new().sorting("-paid".parse::<PaymentSorting>().unwrap()),
        )
        .await
        .unwrap();
    assert_eq!(p.imp_uid, "imp_find_failed");
}

#[tokio::test]
async fn find_payments_pages_through_the_order_id() {
    let (_fake, client) = fake_and_client(failed_paid_ready()).await;
    let page = client
        .find_payments(ORDER, None, &FindPaymentsOptions::new())
        .await
        .unwrap();
    let ids = |list: &[Payment]| list.iter().map(|p| p.imp_uid.clone()).collect::<Vec<_>>();
    assert_eq!((page.total, page.previous, page.next), (3, 0, 0));
    assert_eq!(
        ids(&page.list),
        ["imp_find_ready", "imp_find_paid", "imp_find_failed"]
    );
    let options = |page: u64| {
        FindPaymentsOptions::new()
            .page(nz(page))
            .limit(nz(2))
            .sorting(PaymentSorting::Started)
    };
    let first = client
        .find_payments(ORDER, None, &options(1))
        .await
        .unwrap();
    assert_eq!((first.total, first.previous, first.next), (3, 0, 2));
    assert_eq!(ids(&first.list), ["imp_find_failed", "imp_find_paid"]);
    let second = client
        .find_payments(ORDER, None, &options(first.next as u64))
        .await
        .unwrap();
    assert_eq!((second.total, second.previous, second.next), (3, 1, 0));
    assert_eq!(ids(&second.list), ["imp_find_ready"]);
    let paid = client
        .find_payments(
            ORDER,
            Some(PaymentStatusFilter::Paid),
            &FindPaymentsOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(
        (paid.total, ids(&paid.list)),
        (1, vec!["imp_find_paid".to_string()])
    );
}

#[tokio::test]
async fn the_lookups_fail_as_their_errors_say() {
    let (fake, client) = fake_and_client(failed_paid_ready()).await;
    let e = client
        .find_payment("order-nobody", None, &FindPaymentOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(e, FindPaymentError::PaymentNotFound(_)), "{e:?}");
    assert_eq!((e.status(), e.code()), (Some(404), Some(-1)));
    let e = client
        .find_payments(
            ORDER,
            Some(PaymentStatusFilter::Cancelled),
            &FindPaymentsOptions::new(),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, FindPaymentsError::PaymentNotFound(_)), "{e:?}");
    assert!(
        e.to_string().contains("no payment has this order id"),
        "{e}"
    );

    // Refused before sending, from the spec's rules.
    let before = fake.request_count();
    for bad in ["", &"x".repeat(41), "order\n1"] {
        let e = client
            .find_payment(bad, None, &FindPaymentOptions::new())
            .await
            .unwrap_err();
        assert!(
            matches!(&e, FindPaymentError::InvalidRequest(i) if i.field == "merchant_uid"),
            "{bad:?}: {e:?}"
        );
    }
    let e = client
        .find_payments(ORDER, None, &FindPaymentsOptions::new().limit(nz(1001)))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, FindPaymentsError::InvalidRequest(i) if i.field == "limit"),
        "{e:?}"
    );
    assert!(e.to_string().contains("1000"), "{e}");
    assert_eq!(fake.request_count(), before, "nothing was sent");

    // A read is safe to retry: after a 503, the same call again.
    fake.fault_next(1, "status=503".parse::<Fault>().unwrap());
    let e = client
        .find_payment(ORDER, None, &FindPaymentOptions::new())
        .await
        .unwrap_err();
    assert!(
        matches!(e, FindPaymentError::UnexpectedStatus { status: 503, .. }),
        "{e:?}"
    );
    assert!(
        client
            .find_payment(ORDER, None, &FindPaymentOptions::new())
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn prepare_cancel_by_order_id_guards_the_paid_payment_and_names_it() {
    let (fake, client) = fake_and_client(failed_paid_ready()).await;
    let mut partly = fake.payment("imp_find_paid").unwrap();
    partly.cancel_amount = Amount::from_i64(10000);
    partly.cancel_history = vec![portone_v1::PaymentCancellation {
        pg_tid: None,
        amount: Amount::from_i64(10000),
        cancelled_at: 250,
        reason: None,
        receipt_url: None,
        cancellation_id: None,
    }];
    fake.seed(vec![partly.clone()]).unwrap();

    let request = CancelRequest::builder(Target::merchant_uid(ORDER), CancelAmount::FullRemaining)
        .reason("주문 취소")
        .build()
        .unwrap();
    let guarded = client.prepare_cancel(&request).await.unwrap();
    assert_eq!(
        guarded.target(),
        &Target::Both {
            imp_uid: "imp_find_paid".into(),
            merchant_uid: ORDER.into()
        }
    );
    assert_eq!(guarded.checksum(), Some(cancellable_balance(&partly)));
    let body = serde_json::to_value(guarded.to_wire()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "imp_uid": "imp_find_paid", "merchant_uid": ORDER,
            "checksum": 40000, "reason": "주문 취소"
        })
    );
    let after = client.cancel(&guarded).await.unwrap();
    assert_eq!(after.imp_uid, "imp_find_paid");
    assert_eq!(after.status, PaymentStatus::Cancelled);
    // The others of the order id are untouched.
    for id in ["imp_find_failed", "imp_find_ready"] {
        assert!(fake.payment(id).unwrap().cancel_history.is_empty(), "{id}");
    }
    // Sent again, the same request is refused: the balance moved.
    let again = client.cancel(&guarded).await.unwrap_err();
    assert!(again.nothing_cancelled(), "{again:?}");
}

/// Two paid payments of one order id, the later-started one seeded first:
/// by order id alone the fake cancels the one seeded last (PortOne's own
/// pick is not documented), while `prepare_cancel` reads the one started
/// last. Naming its imp_uid makes the cancel hit what was read.
#[tokio::test]
async fn the_guarded_cancel_hits_the_payment_read_not_another_of_the_order() {
    let newer = payment("imp_find_newer", ORDER, "paid", 500);
    let older = payment("imp_find_older", ORDER, "paid", 200);
    let (fake, client) = fake_and_client(vec![newer, older]).await;
    let request = CancelRequest::builder(Target::merchant_uid(ORDER), CancelAmount::partial(1000))
        .build()
        .unwrap();
    let guarded = client.prepare_cancel(&request).await.unwrap();
    assert_eq!(guarded.target().imp_uid_str(), Some("imp_find_newer"));
    client.cancel(&guarded).await.unwrap();
    assert_eq!(
        fake.payment("imp_find_newer").unwrap().cancel_amount,
        Amount::from_i64(1000)
    );
    assert_eq!(
        fake.payment("imp_find_older").unwrap().cancel_amount,
        Amount::ZERO
    );
    // Unguarded, by order id alone, the other one would have been hit.
    client.cancel(&request).await.unwrap();
    assert_eq!(
        fake.payment("imp_find_older").unwrap().cancel_amount,
        Amount::from_i64(1000)
    );
}

#[tokio::test]
async fn prepare_cancel_by_order_id_refuses_before_sending_when_nothing_is_paid() {
    let cancelled = {
        let mut p = payment("imp_find_cancelled", ORDER, "cancelled", 200);
        p.cancel_amount = p.amount;
        p.cancel_history = vec![portone_v1::PaymentCancellation {
            pg_tid: None,
            amount: p.amount,
            cancelled_at: 300,
            reason: None,
            receipt_url: None,
            cancellation_id: None,
        }];
        p
    };
    let (fake, client) = fake_and_client(vec![
        payment("imp_find_failed", ORDER, "failed", 100),
        cancelled,
    ])
    .await;
    let request = CancelRequest::builder(Target::merchant_uid(ORDER), CancelAmount::FullRemaining)
        .build()
        .unwrap();
    let before = fake.payments();
    let e = client.prepare_cancel(&request).await.unwrap_err();
    assert!(matches!(e, CancelError::NoPaidPayment(_)), "{e:?}");
    assert!(e.nothing_cancelled());
    assert_eq!((e.status(), e.code()), (Some(404), Some(-1)));
    assert!(e.to_string().contains("no paid payment"), "{e}");
    let e = client.cancel_with_checksum(&request).await.unwrap_err();
    assert!(matches!(e, CancelError::NoPaidPayment(_)), "{e:?}");
    assert_eq!(fake.payments(), before, "nothing changed");

    // A lookup that fails in transit is `OrderLookup`: only it was sent.
    let (fake, client) = fake_and_client(failed_paid_ready()).await;
    fake.fault_next_on(
        &format!("/payments/find/{ORDER}/paid"),
        1,
        "status=503".parse::<Fault>().unwrap(),
    );
    let before = fake.payments();
    let e = client.prepare_cancel(&request).await.unwrap_err();
    assert!(
        matches!(
            &e,
            CancelError::OrderLookup(FindPaymentError::UnexpectedStatus { status: 503, .. })
        ),
        "{e:?}"
    );
    assert!(e.nothing_cancelled());
    assert_eq!(fake.payments(), before);
}

#[tokio::test]
async fn prepare_cancel_by_imp_uid_reads_by_imp_uid_as_before() {
    let (fake, client) = fake_and_client(failed_paid_ready()).await;
    let request = CancelRequest::builder(
        Target::imp_uid("imp_find_paid"),
        CancelAmount::partial(1000),
    )
    .build()
    .unwrap();
    let guarded = client.prepare_cancel(&request).await.unwrap();
    assert_eq!(guarded.target(), &Target::imp_uid("imp_find_paid"));
    assert_eq!(
        guarded.checksum(),
        Some(cancellable_balance(&fake.payment("imp_find_paid").unwrap()))
    );
}
