//! request: vbank
//! response: vbankRefunded
use portone_v1::{CancelAmount, CancelRequest, PaymentStatus, Target, VbankRefund};

pub async fn run(client: &portone_v1::PortOne) -> Result<(), Box<dyn std::error::Error>> {
    // A virtual-account payment goes back to an account the buyer names.
    // The bank code is the payment's PG's own (KCP here: Shinhan is `BK88`,
    // `88` at Inicis): another PG's code fails the refund at the PG.
    // `client.prepare_cancel` checks it against the payment's PG before
    // sending; `portone_v1::refund_banks` has the tables.
    let refund = VbankRefund::new("홍길동", "BK88", "11012345678901").tel("01012345678");
    let request = CancelRequest::builder(
        Target::imp_uid("imp_100000000002"),
        CancelAmount::FullRemaining,
    )
    .reason("입금 후 주문 취소 / order cancelled after deposit")
    .vbank_refund(refund)
    .build()?;
    let payment = client.cancel(&request).await?;
    // Registered with the PG, which pays it out on the next business day.
    if payment.status != PaymentStatus::Cancelled {
        return Err(format!("still {}", payment.status).into());
    }
    println!("{} refunded in full", payment.imp_uid);
    Ok(())
}
