//! request: full
//! response: alreadyCancelled
use portone_v1::{CancelAmount, CancelError, CancelRequest, Target};

pub async fn run(client: &portone_v1::PortOne) -> Result<(), Box<dyn std::error::Error>> {
    // No amount: the whole remaining balance. (PortOne reads an amount of 0
    // the same way, which is why the builder never sends one unasked.)
    let request = CancelRequest::builder(
        Target::merchant_uid("order-20261125-0001"),
        CancelAmount::FullRemaining,
    )
    .reason("고객 변심 / changed mind")
    .build()?;
    match client.cancel(&request).await {
        Ok(_) => Err("expected a refusal, but it refunded".into()),
        // Refused, nothing moved: the order was refunded in full before.
        // Record it as refunded; sending it again cannot change the answer.
        Err(CancelError::AlreadyCancelled(refusal)) => {
            println!("already refunded in full (code {})", refusal.code);
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}
