//! request: vbankDeposited
//! response: vbankPaid
use portone_v1::{Amount, WebhookPayload};

pub async fn run(client: &portone_v1::PortOne) -> Result<(), Box<dyn std::error::Error>> {
    // The body PortOne POSTed (JSON here; `from_body` reads forms too).
    let body =
        br#"{"imp_uid":"imp_100000000002","merchant_uid":"order-20261125-0003","status":"paid"}"#;
    let payload = WebhookPayload::from_body(Some("application/json"), body)?;
    // V1 webhooks carry no signature: read the payment, act on that.
    let verified = client.verify_webhook(&payload).await?;
    // Genuine is not enough: the amount paid must be the order's.
    if verified.payment().amount != Amount::from(45000) {
        return Err("the amount paid is not the order's".into());
    }
    // The same notice can come twice: skip a key handled before.
    println!(
        "{} is {} ({})",
        verified.imp_uid(),
        verified.status(),
        verified.dedupe_key()
    );
    Ok(())
}
