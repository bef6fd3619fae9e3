//! [`ReconcileError`]: why [`PortOne::reconcile`](crate::PortOne::reconcile)
//! could not settle an outcome, which is then still unknown.

use std::error::Error;
use std::fmt;

use crate::error::{ErrorMetadata, GetPaymentError, ProvideErrorMetadata};
use crate::reconcile::PaymentChange;

/// Why a reconcile did not settle the outcome: the cancel may or may not
/// have happened, as before. Resending the same guarded request stays safe
/// (PortOne refuses it once the balance moved); a request guarded by a new
/// read does not.
///
/// The API's code, message and response (of the failed read):
/// [`ProvideErrorMetadata`].
#[derive(Debug)]
#[non_exhaustive]
pub enum ReconcileError {
    /// Reading the payment failed: `attempts` tries in a row, or one for a
    /// failure a retry cannot mend (rejected credentials, no such payment).
    Read {
        /// How many reads were tried.
        attempts: u32,
        /// The last read's failure.
        source: GetPaymentError,
    },
    /// The payment was read, but it does not say: the balance moved by at
    /// least this request's amount with no new `cancel_history` entry to
    /// tell by whom, or it grew.
    Inconclusive {
        /// What was read, compared with the guard's read.
        change: Box<PaymentChange>,
    },
}

impl ProvideErrorMetadata for ReconcileError {
    fn meta(&self) -> ErrorMetadata<'_> {
        match self {
            ReconcileError::Read { source, .. } => source.meta(),
            ReconcileError::Inconclusive { .. } => ErrorMetadata::default(),
        }
    }
}

/// Says what failed at this level only; the cause, if any, is `source()`.
impl fmt::Display for ReconcileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReconcileError::Read { attempts: 1, .. } => write!(
                f,
                "reading the payment to settle the cancel's outcome failed; the outcome is still unknown"
            ),
            ReconcileError::Read { attempts, .. } => write!(
                f,
                "reading the payment to settle the cancel's outcome failed {attempts} times; the outcome is still unknown"
            ),
            ReconcileError::Inconclusive { change } => write!(
                f,
                "the payment's balance went from {} to {} with {} new cancel_history entries, which does not say whether this cancel refunded; the outcome is still unknown",
                change.balance_before,
                change.balance_now,
                change.new_entries.len()
            ),
        }
    }
}

impl Error for ReconcileError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            ReconcileError::Read { source, .. } => Some(source),
            ReconcileError::Inconclusive { .. } => None,
        }
    }
}
