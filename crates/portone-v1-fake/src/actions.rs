//! What happens to a payment: a cancel (through the API or the simulated
//! console) and a deposit into a virtual account. Each is one atomic step
//! under the store's lock, followed by the webhook PortOne would send.

use portone_v1::Payment;
use portone_v1::open_enums::{PayMethod, PaymentStatus};

use crate::cancel::{self, CancelContext, CancelInput, Refusal};
use crate::state::Shared;

/// The fake's own prefix: a deposit into something that is not a virtual
/// account.
pub const NOT_VBANK: &str = "가상계좌(vbank) 결제가 아니어서 입금할 수 없습니다.";
/// The fake's own prefix: a deposit into a virtual account that is not
/// waiting for one.
pub const NOT_READY: &str = "입금 대기(ready) 상태가 아니어서 입금할 수 없습니다.";

/// Whether the step sends its webhook: PortOne sends one for a console
/// action always, for an API cancel only when asked (`enable_webhook`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SendWebhook {
    Yes,
    No,
}

/// Applies one cancel. One lock for lookup, checks and update: concurrent
/// cancels of the same payment are serialized, so none is lost and the
/// balance never dips below zero.
pub(crate) fn cancel(
    shared: &Shared,
    input: &CancelInput,
    notify: SendWebhook,
) -> Result<Payment, Refusal> {
    let now = shared.now();
    let outcome = {
        let mut store = shared.store();
        let n = store.cancellations + 1;
        let result = cancel::find_target(&mut store.payments, input).and_then(|p| {
            cancel::apply(
                p,
                input,
                CancelContext {
                    now,
                    cancellation_id: format!("fake-cancel-{n:06}"),
                },
            )
            .map(|()| p.clone())
        });
        if result.is_ok() {
            store.cancellations = n;
        }
        result
    };
    if let (Ok(payment), SendWebhook::Yes) = (&outcome, notify) {
        shared.webhooks.cancelled(payment);
    }
    outcome
}

/// Why a deposit did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum DepositRefusal {
    NotFound,
    Refused(String),
}

/// The buyer pays into the virtual account of `imp_uid`: a `ready`
/// vbank payment becomes `paid` (as of now), and its webhook is sent.
pub(crate) fn deposit(shared: &Shared, imp_uid: &str) -> Result<Payment, DepositRefusal> {
    let now = shared.now();
    let paid = {
        let mut store = shared.store();
        let i = store
            .payments
            .position(imp_uid)
            .ok_or(DepositRefusal::NotFound)?;
        let p = store.payments.at_mut(i);
        if p.pay_method != Some(PayMethod::Vbank) {
            return Err(DepositRefusal::Refused(format!(
                "{NOT_VBANK} (결제수단: {}, fake 자체 메시지)",
                p.pay_method.as_ref().map_or("-", |m| m.as_str())
            )));
        }
        if p.status != PaymentStatus::Ready {
            return Err(DepositRefusal::Refused(format!(
                "{NOT_READY} (현재 상태: {}, fake 자체 메시지)",
                p.status
            )));
        }
        p.status = PaymentStatus::Paid;
        p.paid_at = now;
        p.clone()
    };
    shared.webhooks.status(&paid);
    Ok(paid)
}
