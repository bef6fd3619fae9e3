//! request: cancelledOfOrder
//! response: notFound
use portone_v1::{FindPaymentsError, FindPaymentsOptions, PaymentStatusFilter};

pub async fn run(client: &portone_v1::PortOne) -> Result<(), Box<dyn std::error::Error>> {
    // Was a payment of this order refunded in full already? HTTP 404: none.
    let cancelled = Some(PaymentStatusFilter::Cancelled);
    let options = FindPaymentsOptions::new();
    match client
        .find_payments("order-20261125-0004", cancelled, &options)
        .await
    {
        Err(FindPaymentsError::PaymentNotFound(_)) => {
            println!("no payment of the order is fully cancelled");
            Ok(())
        }
        Ok(page) => Err(format!("{} fully cancelled payment(s)", page.total).into()),
        Err(e) => Err(e.into()),
    }
}
