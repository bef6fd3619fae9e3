//! request: latestOfOrder
//! response: paidAfterFailedAttempt
use portone_v1::FindPaymentOptions;

pub async fn run(client: &portone_v1::PortOne) -> Result<(), Box<dyn std::error::Error>> {
    // Several payments can share an order id (here a failed attempt, then
    // the paid one): without a status, the one started last comes back.
    let payment = client
        .find_payment("order-20261125-0004", None, &FindPaymentOptions::new())
        .await?;
    println!("latest: {} ({})", payment.imp_uid, payment.status);
    Ok(())
}
