//! `prepare_cancel` against the local fake: a virtual-account refund whose
//! `refund_bank` is not a code of the payment's PG is refused before the
//! cancel is sent, naming the right code; the right code goes through; a
//! PG with no known table is not checked.

use std::time::Duration;

use portone_v1::cancel::{CancelAmount, CancelRequest, Target, VbankRefund};
use portone_v1::open_enums::{PaymentStatus, PgProvider};
use portone_v1::{CancelError, PortOne, refund_banks};
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

fn refund_to(imp_uid: &str, bank: &str) -> CancelRequest {
    CancelRequest::builder(Target::imp_uid(imp_uid), CancelAmount::FullRemaining)
        .reason("환불 은행 코드 테스트")
        .vbank_refund(VbankRefund::new("홍길동", bank, "110123456789"))
        .build()
        .unwrap()
}

#[tokio::test]
async fn another_pgs_code_is_refused_before_sending_and_the_right_one_refunds() {
    let (fake, client) = fake_and_client().await;
    let before = client.get_payment(seeds::VBANK_PAID).await.unwrap();
    assert_eq!(
        before.pg_provider,
        Some(PgProvider::Kcp),
        "the seed is a KCP vbank"
    );

    // Inicis's Shinhan code, KG Inicis-style, and Shinhan's name: each
    // refused after the read alone, with KCP's code for Shinhan.
    for given in ["88", "088", "신한은행"] {
        let requests_before = fake.request_count();
        let e = client
            .prepare_cancel(&refund_to(seeds::VBANK_PAID, given))
            .await
            .unwrap_err();
        let CancelError::InvalidRequest(invalid) = &e else {
            panic!("{given}: {e:?}");
        };
        assert_eq!(invalid.field, "refund_bank", "{given}");
        assert!(
            invalid.reason.contains("NHN KCP")
                && invalid.reason.contains("pg_provider `kcp`")
                && invalid.reason.contains("`BK88`"),
            "{given}: {invalid}"
        );
        assert!(
            !invalid.reason.contains("110123456789"),
            "no account: {invalid}"
        );
        assert_eq!(
            fake.request_count(),
            requests_before + 1,
            "{given}: only the payment was read"
        );
    }
    assert_eq!(
        fake.payment(seeds::VBANK_PAID).unwrap(),
        before,
        "nothing moved"
    );

    // KCP's own code: guarded and sent, the refund goes through.
    let guarded = client
        .prepare_cancel(&refund_to(seeds::VBANK_PAID, "BK88"))
        .await
        .unwrap();
    assert_eq!(
        guarded.to_wire().refund_bank.as_deref().map(String::as_str),
        Some("BK88")
    );
    let after = client.cancel(&guarded).await.unwrap();
    assert_eq!(after.status, PaymentStatus::Cancelled);
    assert_eq!(after.cancel_amount, before.amount);
}

#[tokio::test]
async fn a_pg_without_a_known_table_is_not_checked() {
    let (_fake, client) = fake_and_client().await;
    let payment = client.get_payment(seeds::POINT_PAID).await.unwrap();
    let pg = payment.pg_provider.clone().expect("the seed names its PG");
    assert!(
        refund_banks::table_for(&pg).is_none(),
        "{pg:?} has no table"
    );
    let guarded = client
        .prepare_cancel(&refund_to(seeds::POINT_PAID, "88"))
        .await
        .expect("not refused: nothing to check it against");
    assert_eq!(
        guarded.to_wire().refund_bank.as_deref().map(String::as_str),
        Some("88")
    );
}

#[tokio::test]
async fn a_cancel_without_a_refund_account_is_not_checked() {
    let (_fake, client) = fake_and_client().await;
    let request = CancelRequest::builder(
        Target::imp_uid(seeds::VBANK_PAID),
        CancelAmount::partial(1000),
    )
    .build()
    .unwrap();
    let guarded = client.prepare_cancel(&request).await.unwrap();
    assert_eq!(guarded.to_wire().refund_bank, None);
}
