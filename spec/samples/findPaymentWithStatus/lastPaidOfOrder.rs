//! request: lastPaidOfOrder
//! response: paidAfterFailedAttempt
use portone_v1::{FindPaymentOptions, PaymentSorting, PaymentStatusFilter};

pub async fn run(client: &portone_v1::PortOne) -> Result<(), Box<dyn std::error::Error>> {
    // Only a paid payment (partly cancelled ones included) can be refunded,
    // so this is the payment a refund of the order means; "-paid" puts the
    // one paid last first.
    let options = FindPaymentOptions::new().sorting(PaymentSorting::Xpaid);
    let paid = Some(PaymentStatusFilter::Paid);
    let payment = client
        .find_payment("order-20261125-0004", paid, &options)
        .await?;
    // Cancel it by this imp_uid, not by the order id: then the refund hits
    // exactly the payment read (`prepare_cancel` does so for you).
    let balance = portone_v1::cancellable_balance(&payment);
    println!("refundable: {} ({balance} left)", payment.imp_uid);
    Ok(())
}
