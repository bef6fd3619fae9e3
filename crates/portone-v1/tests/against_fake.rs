//! The `portone_v1::PortOne` client against the local fake server
//! (`portone-v1-fake`): the refund flow a merchant runs, each documented
//! refusal as its error variant, injected faults, and the safe retry.
//! The mock-server tests beside this file pin the exact wire bytes.

use std::time::Duration;

use portone_v1::cancel::{CancelAmount, CancelRequest, Target};
use portone_v1::money::Amount;
use portone_v1::open_enums::PaymentStatus;
use portone_v1::{
    CancelError, GetPaymentError, PortOne, ProvideErrorMetadata, cancellable_balance,
};
use portone_v1_fake::cancel::CHECKSUM_MISMATCH;
use portone_v1_fake::{FakeConfig, FakeServer, seeds};

async fn fake_and_client() -> (FakeServer, PortOne) {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let client = PortOne::builder(fake.imp_key(), fake.imp_secret().clone())
        .base_url(fake.base_url())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a loopback http:// base URL is accepted");
    (fake, client)
}

fn krw(n: i64) -> Amount {
    Amount::from_i64(n)
}

fn request(imp_uid: &str, amount: CancelAmount, checksum: Option<i64>) -> CancelRequest {
    let mut b = CancelRequest::builder(Target::imp_uid(imp_uid), amount).reason("테스트 환불");
    if let Some(c) = checksum {
        b = b.checksum(krw(c));
    }
    b.build().unwrap()
}

#[tokio::test]
async fn token_lookup_partial_full_then_already_cancelled() {
    let (fake, client) = fake_and_client().await;

    let before = client.get_payment(seeds::CARD_PAID).await.unwrap();
    assert_eq!(client.token_fetches(), 1);
    assert_eq!(cancellable_balance(&before), krw(50000));

    let partial = client
        .cancel(&request(
            seeds::CARD_PAID,
            CancelAmount::partial(krw(20000)),
            Some(50000),
        ))
        .await
        .unwrap();
    assert_eq!(partial.cancel_amount, krw(20000));
    assert_eq!(partial.status, PaymentStatus::Paid);
    assert_eq!(partial.cancel_history.len(), 1);

    let full = client
        .cancel(&request(
            seeds::CARD_PAID,
            CancelAmount::FullRemaining,
            Some(30000),
        ))
        .await
        .unwrap();
    assert_eq!(full.cancel_amount, krw(50000));
    assert_eq!(full.status, PaymentStatus::Cancelled);
    assert_eq!(fake.payment(seeds::CARD_PAID).unwrap(), full);
    assert_eq!(client.token_fetches(), 1, "the token was reused");

    let again = client
        .cancel(&request(
            seeds::CARD_PAID,
            CancelAmount::FullRemaining,
            None,
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(again, CancelError::AlreadyCancelled(_)),
        "{again:?}"
    );
    assert!(again.nothing_cancelled());
    assert_eq!(again.code(), Some(1));
}

#[tokio::test]
async fn a_checksum_mismatch_is_refused_and_changes_nothing() {
    let (fake, client) = fake_and_client().await;
    let before = fake.payment(seeds::PARTIALLY_CANCELLED).unwrap();
    let e = client
        .cancel(&request(
            seeds::PARTIALLY_CANCELLED,
            CancelAmount::partial(krw(5000)),
            Some(30000),
        ))
        .await
        .unwrap_err();
    assert!(matches!(e, CancelError::Refused(_)), "{e:?}");
    assert!(e.message().unwrap().starts_with(CHECKSUM_MISMATCH), "{e}");
    assert!(e.nothing_cancelled());
    assert_eq!(fake.payment(seeds::PARTIALLY_CANCELLED).unwrap(), before);
}

#[tokio::test]
async fn unknown_payments_are_not_found() {
    let (_fake, client) = fake_and_client().await;
    let e = client
        .cancel(&request(
            "imp_000000000000",
            CancelAmount::FullRemaining,
            None,
        ))
        .await
        .unwrap_err();
    assert!(matches!(e, CancelError::NoPaymentToCancel(_)), "{e:?}");
    let e = client.get_payment("imp_000000000000").await.unwrap_err();
    assert!(matches!(e, GetPaymentError::PaymentNotFound(_)), "{e:?}");
    // A sandbox payment needs the flag.
    assert!(client.get_payment(seeds::SANDBOX_PAID).await.is_err());
    let p = client
        .get_payment_with(
            seeds::SANDBOX_PAID,
            &portone_v1::GetPaymentOptions::new().include_sandbox(true),
        )
        .await
        .unwrap();
    assert_eq!(p.sandbox, Some(true));
}

#[tokio::test]
async fn wrong_credentials_are_an_auth_error() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let client = PortOne::builder(fake.imp_key(), "not-the-secret")
        .base_url(fake.base_url())
        .build()
        .unwrap();
    let e = client.get_payment(seeds::CARD_PAID).await.unwrap_err();
    assert!(matches!(e, GetPaymentError::Auth(_)), "{e:?}");
}

#[tokio::test]
async fn a_token_the_server_expired_is_replaced_after_one_401() {
    let (fake, client) = fake_and_client().await;
    client.get_payment(seeds::CARD_PAID).await.unwrap();
    // The client's local clock has not moved; the server's has.
    fake.advance_clock(Duration::from_secs(31 * 60));
    client.get_payment(seeds::CARD_PAID).await.unwrap();
    assert_eq!(client.token_fetches(), 2);
}

#[tokio::test]
async fn injected_faults_surface_as_errors_that_say_whether_money_moved() {
    let (fake, client) = fake_and_client().await;
    client.get_payment(seeds::CARD_PAID).await.unwrap(); // token cached
    let cancel_1000 = request(
        seeds::CARD_PAID,
        CancelAmount::partial(krw(1000)),
        Some(50000),
    );

    fake.fault_next_on("/payments/cancel", 1, "status=502".parse().unwrap());
    let e = client.cancel(&cancel_1000).await.unwrap_err();
    assert!(
        matches!(e, CancelError::UnexpectedStatus { status: 502, .. }),
        "{e:?}"
    );

    fake.fault_next_on("/payments/cancel", 1, "drop".parse().unwrap());
    let e = client.cancel(&cancel_1000).await.unwrap_err();
    assert!(matches!(e, CancelError::Transport(_)), "{e:?}");
    assert!(
        !e.nothing_cancelled(),
        "a dropped request may have gone through"
    );
    assert_eq!(
        fake.payment(seeds::CARD_PAID).unwrap().cancel_amount,
        krw(0)
    );

    // The dangerous case: the cancel went through, the answer was lost.
    fake.fault_next_on("/payments/cancel", 1, "drop=after".parse().unwrap());
    let e = client.cancel(&cancel_1000).await.unwrap_err();
    assert!(!e.nothing_cancelled(), "{e:?}");
    assert_eq!(
        fake.payment(seeds::CARD_PAID).unwrap().cancel_amount,
        krw(1000)
    );
    // Retrying the same request, with the checksum it was built with, is
    // refused: no double refund.
    let e = client.cancel(&cancel_1000).await.unwrap_err();
    assert!(matches!(e, CancelError::Refused(_)), "{e:?}");
    assert_eq!(
        fake.payment(seeds::CARD_PAID).unwrap().cancel_amount,
        krw(1000)
    );

    fake.fault_next_on("/payments/cancel", 1, "truncate".parse().unwrap());
    let next = request(
        seeds::CARD_PAID,
        CancelAmount::partial(krw(1000)),
        Some(49000),
    );
    let e = client.cancel(&next).await.unwrap_err();
    assert!(!e.nothing_cancelled(), "{e:?}");
    assert_eq!(
        fake.payment(seeds::CARD_PAID).unwrap().cancel_amount,
        krw(2000)
    );
}

/// The documented retry: `prepare_cancel` reads the balance once, before the
/// first attempt; resending that same request after an unknown outcome
/// refunds at most once. Re-reading the balance for the retry (what calling
/// `cancel_with_checksum` again does) would refund twice, which is why the
/// docs forbid it; the last part shows that hazard on a fresh payment.
#[tokio::test]
async fn resending_the_prepared_request_never_refunds_twice() {
    let (fake, client) = fake_and_client().await;
    let request = request(seeds::CARD_PAID, CancelAmount::partial(krw(7000)), None);
    let guarded = client.prepare_cancel(&request).await.unwrap();
    assert_eq!(guarded.checksum(), Some(krw(50000)), "the balance read now");

    // The refund happens, the answer is lost.
    fake.fault_next_on("/payments/cancel", 1, "drop=after".parse().unwrap());
    let e = client.cancel(&guarded).await.unwrap_err();
    assert!(!e.nothing_cancelled(), "outcome unknown: {e:?}");
    assert_eq!(
        fake.payment(seeds::CARD_PAID).unwrap().cancel_amount,
        krw(7000)
    );

    // The retry sends the same guarded request: refused, nothing moves.
    let e = client.cancel(&guarded).await.unwrap_err();
    assert!(matches!(e, CancelError::Refused(_)), "{e:?}");
    assert!(e.message().unwrap().starts_with(CHECKSUM_MISMATCH), "{e}");
    assert!(e.nothing_cancelled());
    let after = fake.payment(seeds::CARD_PAID).unwrap();
    assert_eq!(after.cancel_amount, krw(7000), "refunded exactly once");
    assert_eq!(after.cancel_history.len(), 1);

    // An over-balance partial is refused by prepare_cancel, before sending.
    let requests_before = fake.request_count();
    let too_much = over_balance(seeds::CARD_PAID, 43001);
    let e = client.prepare_cancel(&too_much).await.unwrap_err();
    assert!(
        matches!(&e, CancelError::InvalidRequest(i) if i.field == "amount"),
        "{e:?}"
    );
    assert_eq!(
        fake.request_count(),
        requests_before + 1,
        "only the balance was read"
    );

    // Why the docs forbid re-reading: on another payment, the same lost
    // answer followed by a second cancel_with_checksum refunds twice.
    let point = self::request(seeds::POINT_PAID, CancelAmount::partial(krw(1000)), None);
    let start = fake.payment(seeds::POINT_PAID).unwrap().cancel_amount;
    fake.fault_next_on("/payments/cancel", 1, "drop=after".parse().unwrap());
    assert!(client.cancel_with_checksum(&point).await.is_err());
    client.cancel_with_checksum(&point).await.unwrap();
    assert_eq!(
        fake.payment(seeds::POINT_PAID).unwrap().cancel_amount,
        start.checked_add(krw(2000)).unwrap(),
        "re-reading the balance for a retry refunds twice"
    );
}

fn over_balance(imp_uid: &str, amount: i64) -> CancelRequest {
    request(imp_uid, CancelAmount::partial(krw(amount)), None)
}

/// A failed balance read in `prepare_cancel` is `Lookup`: only the GET was
/// sent, so nothing was cancelled, whatever went wrong with it.
#[tokio::test]
async fn a_failed_balance_read_is_a_lookup_error_that_cancelled_nothing() {
    let (fake, client) = fake_and_client().await;
    client.get_payment(seeds::CARD_PAID).await.unwrap(); // token cached
    let lookup = format!("/payments/{}", seeds::CARD_PAID);
    let request = request(seeds::CARD_PAID, CancelAmount::partial(krw(1000)), None);
    for fault in ["status=502", "truncate", "drop"] {
        fake.fault_next_on(&lookup, 1, fault.parse().unwrap());
        let e = client.prepare_cancel(&request).await.unwrap_err();
        assert!(matches!(e, CancelError::Lookup(_)), "{fault}: {e:?}");
        assert!(e.nothing_cancelled(), "{fault}: {e}");
        assert!(e.to_string().contains("nothing was cancelled"), "{e}");
        fake.fault_next_on(&lookup, 1, fault.parse().unwrap());
        let e = client.cancel_with_checksum(&request).await.unwrap_err();
        assert!(matches!(e, CancelError::Lookup(_)), "{fault}: {e:?}");
    }
    assert_eq!(
        fake.payment(seeds::CARD_PAID).unwrap().cancel_amount,
        krw(0),
        "no cancel was made"
    );
}
