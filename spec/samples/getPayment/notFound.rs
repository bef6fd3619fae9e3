//! request: unknownPayment
//! response: notFound
use portone_v1::GetPaymentError;

pub async fn run(client: &portone_v1::PortOne) -> Result<(), Box<dyn std::error::Error>> {
    match client.get_payment("imp_100000009999").await {
        // HTTP 404: no payment has this id (a typo, or another account's id).
        Err(GetPaymentError::PaymentNotFound(refusal)) => {
            println!("no such payment (code {})", refusal.code);
            Ok(())
        }
        Ok(_) => Err("expected no payment".into()),
        Err(e) => Err(e.into()),
    }
}
