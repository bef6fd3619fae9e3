//! request: vbankPayment
//! response: vbankPaid
pub async fn run(client: &portone_v1::PortOne) -> Result<(), Box<dyn std::error::Error>> {
    let payment = client.get_payment("imp_100000000002").await?;
    // `amount - cancel_amount`: what a refund can still take, and the value
    // to send as `checksum`. A virtual-account payment is refunded to an
    // account the buyer names (`VbankRefund`), not to the virtual account.
    let balance = portone_v1::cancellable_balance(&payment);
    println!("{} is {}: {balance} left", payment.imp_uid, payment.status);
    Ok(())
}
