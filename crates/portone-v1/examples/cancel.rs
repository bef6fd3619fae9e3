//! A refund, end to end: token → lookup → partial cancel → full cancel.
//!
//! ```sh
//! cargo run --example cancel
//! ```
//!
//! Without `PORTONE_IMP_KEY` in the environment it starts the local fake
//! server (`crates/portone-v1-fake`) and runs against that: no network, no
//! money. With `PORTONE_IMP_KEY` and `PORTONE_IMP_SECRET` set it talks to
//! the real API and needs an imp_uid; it only reads the payment unless you
//! add `--confirm`:
//!
//! ```sh
//! PORTONE_IMP_KEY=... PORTONE_IMP_SECRET=... \
//!   cargo run --example cancel -- imp_123456789012 1000 --confirm
//! ```

use portone_v1::{
    Amount, CancelAmount, CancelError, CancelRequest, PortOne, Target, cancellable_balance,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if std::env::var_os("PORTONE_IMP_KEY").is_some() {
        return real_api(&args).await;
    }

    let fake = portone_v1_fake::FakeServer::start(portone_v1_fake::FakeConfig::default()).await?;
    println!(
        "No PORTONE_IMP_KEY set: using the local fake PortOne at {}",
        fake.base_url()
    );
    let client = PortOne::builder(fake.imp_key(), fake.imp_secret().clone())
        .base_url(fake.base_url())
        .build()?;
    let imp_uid = portone_v1_fake::seeds::CARD_PAID;

    // 1. Lookup (the first call fetches and caches an access token).
    let payment = client.get_payment(imp_uid).await?;
    let balance = cancellable_balance(&payment);
    println!(
        "1. {imp_uid}: {} {} paid, {} cancellable (status {}, token fetches so far: {})",
        payment.amount,
        payment.currency,
        balance,
        payment.status,
        client.token_fetches()
    );

    // 2. Partial cancel, guarded by the balance we just read.
    let partial = CancelRequest::builder(Target::imp_uid(imp_uid), CancelAmount::partial(3000))
        .checksum(balance)
        .reason("일부 상품 반품 / one item returned")
        .build()?;
    let payment = client.cancel(&partial).await?;
    println!(
        "2. partial cancel of 3000: now {} cancelled, {} left, {} entr(y/ies) in cancel_history",
        payment.cancel_amount,
        cancellable_balance(&payment),
        payment.cancel_history.len()
    );

    // 3. Full cancel of what remains; cancel_with_checksum reads the balance
    //    again and sends it as checksum (one attempt; to retry, resend a
    //    request from prepare_cancel instead, as real_api below does).
    let full = CancelRequest::builder(Target::imp_uid(imp_uid), CancelAmount::FullRemaining)
        .reason("주문 취소 / order cancelled")
        .build()?;
    let payment = client.cancel_with_checksum(&full).await?;
    println!(
        "3. full cancel: status {}, {} cancelled in total, cancelled_at {}",
        payment.status, payment.cancel_amount, payment.cancelled_at
    );

    // 4. A second full cancel is refused by the API, not retried.
    match client.cancel(&full).await {
        Err(e @ CancelError::AlreadyCancelled(_)) => {
            println!("4. cancelling again is refused: {e}");
        }
        other => return Err(format!("expected AlreadyCancelled, got {other:?}").into()),
    }
    println!("token fetches in total: {}", client.token_fetches());
    fake.shutdown().await;
    Ok(())
}

async fn real_api(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let imp_uid = args
        .first()
        .ok_or("usage: cargo run --example cancel -- IMP_UID [AMOUNT] [--confirm]")?;
    let amount = match args.get(1).filter(|a| *a != "--confirm") {
        Some(a) => CancelAmount::Partial(a.parse::<Amount>()?),
        None => CancelAmount::FullRemaining,
    };
    let confirm = args.iter().any(|a| a == "--confirm");
    let client = PortOne::from_env()?;
    let payment = client.get_payment(imp_uid).await?;
    println!(
        "{imp_uid}: {} {} paid, {} cancellable, status {}",
        payment.amount,
        payment.currency,
        cancellable_balance(&payment),
        payment.status
    );
    let request = CancelRequest::builder(Target::imp_uid(imp_uid.clone()), amount)
        .reason("portone-v1 example")
        .build()?;
    if !confirm {
        println!("would cancel {amount:?}; add --confirm to do it");
        return Ok(());
    }
    // Guarded by the balance read now; if this call fails with an unknown
    // outcome, resend `guarded` unchanged (never re-read the balance).
    let guarded = client.prepare_cancel(&request).await?;
    let payment = client.cancel(&guarded).await?;
    println!(
        "cancelled: status {}, {} cancelled in total",
        payment.status, payment.cancel_amount
    );
    Ok(())
}
