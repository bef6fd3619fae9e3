//! Settling an unknown cancel outcome: [`PortOne::reconcile`].
//!
//! After a timeout, a cut connection, a 5xx or an unreadable answer, a
//! cancel may or may not have happened, and V1 has no idempotency key to
//! ask about it. What the payment says now, compared with what
//! [`PortOne::guard_cancel`] read before the send, settles it:
//!
//! - the balance is still the checksum: nothing was refunded (after a
//!   second look, [`ReconcileOptions::settle_wait`] later, since a cancel
//!   can still be in flight): [`CancelOutcome::NotRefunded`]. Resending the
//!   same guarded request is then safe, whether or not the first is still
//!   on its way: PortOne refuses whichever comes second, as the balance no
//!   longer matches its checksum;
//! - the balance moved and the first new `cancel_history` entry is this
//!   request's (its amount, and its reason when both have one):
//!   [`CancelOutcome::Refunded`];
//! - the balance moved otherwise (someone else refunded first, so this
//!   request was refused): [`CancelOutcome::MovedOtherwise`], with what
//!   changed.
//!
//! Only reads are sent here, and a failed read is retried
//! ([`ReconcileOptions::read_attempts`]); the cancel itself never is.
//!
//! Telling requests apart: the payment records no request id, only the
//! amount, the time and the reason of each refund. Two refunds of the same
//! amount guarded against the same balance are told apart only by their
//! reasons, so give each refund a reason of its own (an internal refund
//! id in it, say) where that can happen.

use std::fmt;
use std::time::Duration;

use crate::client::{PortOne, cancellable_balance};
use crate::error::{AuthError, GetPaymentError};
use crate::generated::types::{Payment, PaymentCancellation};
use crate::money::Amount;
use crate::prepared::PreparedCancel;
use crate::reconcile_error::ReconcileError;

/// How long [`PortOne::reconcile`] waits before reading the payment a
/// second time when its balance has not moved: a cancel whose answer was
/// lost is usually done at PortOne within seconds.
pub const DEFAULT_SETTLE_WAIT: Duration = Duration::from_secs(5);
/// How many times one read of the payment is tried when it fails in a way
/// a retry can mend (transport, 5xx, an unreadable answer).
pub const DEFAULT_READ_ATTEMPTS: u32 = 3;
/// The pause between two tries of one read.
pub const DEFAULT_READ_PAUSE: Duration = Duration::from_secs(1);

/// How [`PortOne::reconcile_with`] reads; `default()` is the documented
/// defaults ([`DEFAULT_SETTLE_WAIT`], [`DEFAULT_READ_ATTEMPTS`],
/// [`DEFAULT_READ_PAUSE`]). Tests set the waits to zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReconcileOptions {
    settle_wait: Duration,
    read_attempts: u32,
    read_pause: Duration,
}

impl Default for ReconcileOptions {
    fn default() -> Self {
        ReconcileOptions {
            settle_wait: DEFAULT_SETTLE_WAIT,
            read_attempts: DEFAULT_READ_ATTEMPTS,
            read_pause: DEFAULT_READ_PAUSE,
        }
    }
}

impl ReconcileOptions {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// How long to wait before the second read when the balance has not
    /// moved, for a cancel still in flight.
    pub fn settle_wait(mut self, wait: Duration) -> Self {
        self.settle_wait = wait;
        self
    }

    /// How many times to try one read (at least 1).
    pub fn read_attempts(mut self, attempts: u32) -> Self {
        self.read_attempts = attempts.max(1);
        self
    }

    /// The pause between two tries of one read.
    pub fn read_pause(mut self, pause: Duration) -> Self {
        self.read_pause = pause;
        self
    }
}

/// What became of a guarded cancel whose outcome was unknown.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum CancelOutcome {
    /// This request refunded: `entry` is its new `cancel_history` entry,
    /// of the requested amount.
    Refunded {
        /// The entry this request made.
        entry: PaymentCancellation,
        /// The payment now, and what changed since the guard's read.
        change: PaymentChange,
    },
    /// Nothing was refunded: the balance still equals the checksum, also
    /// after the settle wait. Resending the same guarded request is safe.
    NotRefunded {
        /// The payment now (nothing changed).
        change: PaymentChange,
    },
    /// The balance moved, but not by this request (a different amount left,
    /// or another refund came first, so this request was refused): this
    /// request refunded nothing, and the guarded request can refund nothing
    /// any more.
    MovedOtherwise {
        /// The payment now, and what changed since the guard's read.
        change: PaymentChange,
    },
}

impl CancelOutcome {
    /// What the read found, whichever the outcome.
    pub fn change(&self) -> &PaymentChange {
        match self {
            CancelOutcome::Refunded { change, .. }
            | CancelOutcome::NotRefunded { change }
            | CancelOutcome::MovedOtherwise { change } => change,
        }
    }

    /// The payment as read last.
    pub fn payment(&self) -> &Payment {
        &self.change().payment
    }

    /// Whether this request refunded.
    pub fn refunded(&self) -> bool {
        matches!(self, CancelOutcome::Refunded { .. })
    }
}

/// Shows the variant, the entry and the change; no buyer data.
impl fmt::Debug for CancelOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CancelOutcome::Refunded { entry, change } => f
                .debug_struct("Refunded")
                .field("entry", entry)
                .field("change", change)
                .finish(),
            CancelOutcome::NotRefunded { change } => f
                .debug_struct("NotRefunded")
                .field("change", change)
                .finish(),
            CancelOutcome::MovedOtherwise { change } => f
                .debug_struct("MovedOtherwise")
                .field("change", change)
                .finish(),
        }
    }
}

/// The payment as read now, compared with the guard's read before the send.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct PaymentChange {
    /// The payment as read now.
    pub payment: Payment,
    /// The cancellable balance before the send (the checksum).
    pub balance_before: Amount,
    /// The cancellable balance now.
    pub balance_now: Amount,
    /// The `cancel_history` entries that were not there before the send,
    /// in the order of the history.
    pub new_entries: Vec<PaymentCancellation>,
}

impl PaymentChange {
    /// How much left the payment since the guard's read (negative if its
    /// balance grew).
    pub fn moved(&self) -> Amount {
        self.balance_before
            .checked_sub(self.balance_now)
            .unwrap_or(Amount::ZERO)
    }
}

/// Shows the payment's ids and status, the balances and the new entries;
/// never the buyer data of the payment.
impl fmt::Debug for PaymentChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaymentChange")
            .field("imp_uid", &self.payment.imp_uid)
            .field("status", &self.payment.status)
            .field("balance_before", &self.balance_before)
            .field("balance_now", &self.balance_now)
            .field("new_entries", &self.new_entries)
            .finish_non_exhaustive()
    }
}

impl PortOne {
    /// Settles the outcome of a guarded cancel whose answer was lost, with
    /// the default waits ([`ReconcileOptions::default`]); see
    /// [`reconcile_with`](Self::reconcile_with).
    pub async fn reconcile(&self, guard: &PreparedCancel) -> Result<CancelOutcome, ReconcileError> {
        self.reconcile_with(guard, &ReconcileOptions::default())
            .await
    }

    /// Reads the payment again and compares it with what `guard` read
    /// before the send (see the [module docs](crate::reconcile)): refunded,
    /// not refunded (the balance unchanged on a second read
    /// [`ReconcileOptions::settle_wait`] later) or moved otherwise. Sends
    /// only reads, each tried up to [`ReconcileOptions::read_attempts`]
    /// times; never the cancel.
    ///
    /// An error means the outcome is still unknown: the reads failed
    /// ([`ReconcileError::Read`]), or what they found does not say
    /// ([`ReconcileError::Inconclusive`]).
    pub async fn reconcile_with(
        &self,
        guard: &PreparedCancel,
        options: &ReconcileOptions,
    ) -> Result<CancelOutcome, ReconcileError> {
        let payment = self.read_for_reconcile(guard, options).await?;
        match classify(guard, payment)? {
            Seen::Settled(outcome) => Ok(outcome),
            Seen::Unmoved(_) => {
                if !options.settle_wait.is_zero() {
                    tokio::time::sleep(options.settle_wait).await;
                }
                let payment = self.read_for_reconcile(guard, options).await?;
                match classify(guard, payment)? {
                    Seen::Settled(outcome) => Ok(outcome),
                    Seen::Unmoved(change) => Ok(CancelOutcome::NotRefunded { change }),
                }
            }
        }
    }

    /// One read of the guarded payment, retried while a retry can help.
    async fn read_for_reconcile(
        &self,
        guard: &PreparedCancel,
        options: &ReconcileOptions,
    ) -> Result<Payment, ReconcileError> {
        let mut attempts = 1;
        loop {
            match self.get_payment(guard.imp_uid()).await {
                Ok(payment) => return Ok(payment),
                Err(e) if attempts < options.read_attempts && worth_retrying(&e) => {
                    attempts += 1;
                    if !options.read_pause.is_zero() {
                        tokio::time::sleep(options.read_pause).await;
                    }
                }
                Err(source) => return Err(ReconcileError::Read { attempts, source }),
            }
        }
    }
}

/// Whether a failed read may succeed when tried again: not for bad input,
/// rejected credentials, a missing payment or a refusal.
fn worth_retrying(e: &GetPaymentError) -> bool {
    matches!(
        e,
        GetPaymentError::Transport(_)
            | GetPaymentError::UnexpectedStatus { .. }
            | GetPaymentError::Decode(_)
            | GetPaymentError::Auth(AuthError::TokenUnavailable { .. })
    )
}

/// What one read says.
enum Seen {
    /// The balance is still the checksum.
    Unmoved(PaymentChange),
    /// The balance moved, and it is clear by whom.
    Settled(CancelOutcome),
}

/// Compares `payment` as read now with the guard's read before the send.
fn classify(guard: &PreparedCancel, payment: Payment) -> Result<Seen, ReconcileError> {
    let new_entries = new_entries(guard.history_before(), &payment.cancel_history);
    let change = PaymentChange {
        balance_before: guard.balance_before(),
        balance_now: cancellable_balance(&payment),
        new_entries,
        payment,
    };
    if change.balance_now == change.balance_before {
        return Ok(Seen::Unmoved(change));
    }
    if change.balance_now > change.balance_before {
        // Balances only go down; nothing safe can be said.
        return Err(ReconcileError::Inconclusive {
            change: Box::new(change),
        });
    }
    let expected = guard.expected_refund();
    // The guarded request can only have gone through while the balance was
    // still its checksum, so its entry is the earliest new one. Entries of
    // the same second are in no known order: any of them may be it.
    let earliest = change.new_entries.iter().map(|e| e.cancelled_at).min();
    let ours = change
        .new_entries
        .iter()
        .filter(|e| Some(e.cancelled_at) == earliest)
        .find(|e| e.amount == expected && same_reason(guard, e))
        .cloned();
    match ours {
        Some(entry) => Ok(Seen::Settled(CancelOutcome::Refunded { entry, change })),
        // Less left than this request alone would take, or the first new
        // entry is another refund's: this request refunded nothing.
        None if !change.new_entries.is_empty() || change.moved() < expected => {
            Ok(Seen::Settled(CancelOutcome::MovedOtherwise { change }))
        }
        // The balance moved by at least this request's amount, but the
        // history shows no new entry that would say by whom.
        None => Err(ReconcileError::Inconclusive {
            change: Box::new(change),
        }),
    }
}

/// Whether the entry's reason can be the request's: the same text, or
/// either side has none.
fn same_reason(guard: &PreparedCancel, entry: &PaymentCancellation) -> bool {
    match (&guard.request().to_wire().reason, &entry.reason) {
        (Some(asked), Some(recorded)) => asked.trim() == recorded.trim(),
        _ => true,
    }
}

/// The entries of `after` that are not in `before`, in `after`'s order;
/// each entry of `before` accounts for one entry of `after`.
fn new_entries(
    before: &[PaymentCancellation],
    after: &[PaymentCancellation],
) -> Vec<PaymentCancellation> {
    let mut unmatched: Vec<&PaymentCancellation> = before.iter().collect();
    let mut new = Vec::new();
    for entry in after {
        match unmatched.iter().position(|old| same_entry(old, entry)) {
            Some(i) => {
                unmatched.swap_remove(i);
            }
            None => new.push(entry.clone()),
        }
    }
    new
}

/// Whether two entries are the same refund: by `cancellation_id` when both
/// have one, else by `pg_tid` when both have one, else by amount, time and
/// reason (older responses carry neither id).
fn same_entry(a: &PaymentCancellation, b: &PaymentCancellation) -> bool {
    if let (Some(x), Some(y)) = (&a.cancellation_id, &b.cancellation_id) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (&a.pg_tid, &b.pg_tid) {
        return x == y;
    }
    a.amount == b.amount && a.cancelled_at == b.cancelled_at && a.reason == b.reason
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cancel::{CancelAmount, CancelRequest, Target};

    fn entry(id: Option<&str>, amount: i64, at: i64, reason: Option<&str>) -> PaymentCancellation {
        PaymentCancellation {
            amount: Amount::from_i64(amount),
            cancellation_id: id.map(str::to_string),
            cancelled_at: at,
            pg_tid: None,
            reason: reason.map(str::to_string),
            receipt_url: None,
        }
    }

    fn payment(amount: i64, cancel_amount: i64, history: Vec<PaymentCancellation>) -> Payment {
        let mut p: Payment = serde_json::from_value(serde_json::json!({
            "imp_uid": "imp_1", "merchant_uid": "order-1", "amount": amount,
            "cancel_amount": cancel_amount, "status": "paid", "cancel_history": [],
            "cancel_receipt_urls": [], "currency": "KRW", "started_at": 0, "paid_at": 0,
            "failed_at": 0, "cancelled_at": 0
        }))
        .expect("a minimal payment decodes");
        p.cancel_history = history;
        p
    }

    fn guard(amount: CancelAmount, reason: Option<&str>, before: &Payment) -> PreparedCancel {
        let mut b = CancelRequest::builder(Target::imp_uid("imp_1"), amount);
        if let Some(r) = reason {
            b = b.reason(r);
        }
        let request = b.checksum(cancellable_balance(before)).build().unwrap();
        PreparedCancel::new(request, before)
    }

    fn settled(guard: &PreparedCancel, now: Payment) -> CancelOutcome {
        match classify(guard, now) {
            Ok(Seen::Settled(o)) => o,
            Ok(Seen::Unmoved(c)) => panic!("unmoved: {c:?}"),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn the_first_new_entry_of_the_amount_is_this_request() {
        let old = entry(Some("c1"), 1000, 10, None);
        let before = payment(10000, 1000, vec![old.clone()]);
        let g = guard(CancelAmount::partial(3000), Some("반품"), &before);
        let ours = entry(Some("c2"), 3000, 20, Some("반품"));
        let later = entry(Some("c3"), 500, 30, None);
        let now = payment(10000, 4500, vec![old, ours.clone(), later.clone()]);
        match settled(&g, now) {
            CancelOutcome::Refunded { entry, change } => {
                assert_eq!(entry, ours);
                assert_eq!(change.new_entries, vec![ours, later]);
                assert_eq!(change.moved(), Amount::from_i64(3500));
            }
            o => panic!("{o:?}"),
        }
    }

    #[test]
    fn another_refund_first_or_another_reason_is_moved_otherwise() {
        let before = payment(10000, 0, vec![]);
        let g = guard(CancelAmount::partial(3000), Some("반품"), &before);
        for first in [
            entry(Some("x"), 2000, 20, None),
            entry(Some("x"), 3000, 20, Some("다른 사유")),
        ] {
            let now = payment(
                10000,
                first.amount.as_decimal().try_into().unwrap(),
                vec![first],
            );
            assert!(
                matches!(settled(&g, now), CancelOutcome::MovedOtherwise { .. }),
                "not this request"
            );
        }
        // Someone else's refund, then this one refused: ours is not there.
        let theirs = entry(Some("x"), 2000, 20, None);
        let after_theirs = entry(Some("y"), 3000, 21, Some("반품"));
        let now = payment(10000, 5000, vec![theirs, after_theirs]);
        assert!(matches!(
            settled(&g, now),
            CancelOutcome::MovedOtherwise { .. }
        ));
    }

    #[test]
    fn a_full_cancel_expects_the_whole_guarded_balance() {
        let before = payment(10000, 4000, vec![entry(Some("c1"), 4000, 10, None)]);
        let g = guard(CancelAmount::FullRemaining, None, &before);
        let mut history = before.cancel_history.clone();
        history.push(entry(Some("c2"), 6000, 20, None));
        assert!(settled(&g, payment(10000, 10000, history)).refunded());
    }

    #[test]
    fn unmoved_and_inconclusive() {
        let before = payment(10000, 0, vec![]);
        let g = guard(CancelAmount::partial(3000), None, &before);
        assert!(matches!(classify(&g, before.clone()), Ok(Seen::Unmoved(_))));
        // Moved by the amount, but no entry says by whom.
        assert!(matches!(
            classify(&g, payment(10000, 3000, vec![])),
            Err(ReconcileError::Inconclusive { .. })
        ));
        // Moved by less than this request would take: not this request.
        assert!(matches!(
            classify(&g, payment(10000, 1000, vec![])),
            Ok(Seen::Settled(CancelOutcome::MovedOtherwise { .. }))
        ));
    }

    #[test]
    fn entries_without_ids_are_matched_by_amount_time_and_reason() {
        let a = entry(None, 1000, 10, Some("a"));
        let b = entry(None, 1000, 10, Some("a"));
        // Two identical old entries and one identical new one.
        let new = new_entries(&[a.clone(), b.clone()], &[a.clone(), b, a.clone()]);
        assert_eq!(new, vec![a]);
    }
}
