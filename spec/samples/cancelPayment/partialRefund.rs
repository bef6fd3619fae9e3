//! request: partial
//! response: partiallyCancelled
use portone_v1::{CancelAmount, CancelRequest, Target};

pub async fn run(client: &portone_v1::PortOne) -> Result<(), Box<dyn std::error::Error>> {
    // Refund 3,000 of a 10,000 payment. `checksum` is the balance read
    // *before* the first attempt (`client.prepare_cancel` reads and sets it):
    // PortOne refunds only while its balance still equals it, so this very
    // request refunds at most once, however often it is sent.
    let request = CancelRequest::builder(
        Target::imp_uid("imp_100000000001"),
        CancelAmount::partial(3000),
    )
    .checksum(10000)
    .reason("일부 상품 반품 / one item returned")
    .build()?; // every rule is checked here, before anything is sent
    match client.cancel(&request).await {
        Ok(payment) => {
            let left = portone_v1::cancellable_balance(&payment);
            println!("refunded 3000; {left} left to refund");
            Ok(())
        }
        // Timeout, cut connection, 5xx: the refund may have happened. Never
        // read the balance again and cancel with that (it would match the
        // balance a refund that went through left, and refund twice): resend
        // this same `request`, or settle it with `client.reconcile`.
        Err(e) if !e.nothing_cancelled() => {
            Err(format!("outcome unknown, resend the same request: {e}").into())
        }
        Err(e) => Err(e.into()),
    }
}
