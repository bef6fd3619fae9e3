//! request: everyAttempt
//! response: failedThenPaid
use std::num::NonZeroU64;

use portone_v1::FindPaymentsOptions;

pub async fn run(client: &portone_v1::PortOne) -> Result<(), Box<dyn std::error::Error>> {
    let limit = NonZeroU64::try_from(20)?;
    let mut page_number = NonZeroU64::MIN;
    loop {
        let options = FindPaymentsOptions::new().page(page_number).limit(limit);
        let page = client
            .find_payments("order-20261125-0004", None, &options)
            .await?;
        for payment in &page.list {
            println!("{} {}", payment.imp_uid, payment.status);
        }
        // `next` is 0 after the last page.
        match u64::try_from(page.next).ok().and_then(NonZeroU64::new) {
            Some(next) => page_number = next,
            None => return Ok(()),
        }
    }
}
