//! The fake's state: payments, the token, the clock and pending faults,
//! shared by every connection. One mutex per part; no lock is held across
//! an `.await`, so a cancel is one atomic step.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use portone_v1::Payment;
use portone_v1::secret::SecretString;

use crate::fault::Fault;
use crate::payments::Payments;
use crate::token::Tokens;
use crate::webhook::Webhooks;

/// Payments and the token, changed together under one lock.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub payments: Payments,
    pub tokens: Tokens,
    pub cancellations: u64,
}

/// The global fault and the queue of one-shot faults, each for any path
/// (`None`) or for one path only.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    pub global: Fault,
    pub queued: VecDeque<(Option<String>, Fault)>,
}

/// Everything the handlers share.
#[derive(Debug)]
pub(crate) struct Shared {
    pub imp_key: String,
    pub imp_secret: SecretString,
    /// Where webhooks go, and how each delivery went.
    pub webhooks: Arc<Webhooks>,
    store: Mutex<Store>,
    faults: Mutex<Faults>,
    clock_offset_secs: AtomicI64,
    requests: AtomicU64,
}

impl Shared {
    pub fn new(
        imp_key: String,
        imp_secret: SecretString,
        payments: Vec<Payment>,
        fault: Fault,
        webhooks: Webhooks,
    ) -> Self {
        Shared {
            imp_key,
            imp_secret,
            webhooks: Arc::new(webhooks),
            store: Mutex::new(Store {
                payments: Payments::new(payments),
                ..Store::default()
            }),
            faults: Mutex::new(Faults {
                global: fault,
                queued: VecDeque::new(),
            }),
            clock_offset_secs: AtomicI64::new(0),
            requests: AtomicU64::new(0),
        }
    }

    /// The store, even if a handler panicked while holding it (the data is
    /// only ever changed after every check passed, so it is consistent).
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn faults(&self) -> MutexGuard<'_, Faults> {
        self.faults.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The fault for a request to `path` that names none: the first queued
    /// one meant for it, else the global one.
    pub fn next_fault(&self, path: &str) -> Fault {
        let mut f = self.faults();
        let queued = f
            .queued
            .iter()
            .position(|(only, _)| only.as_deref().is_none_or(|p| p == path));
        match queued.and_then(|i| f.queued.remove(i)) {
            Some((_, fault)) => fault,
            None => f.global.clone(),
        }
    }

    /// The fake's clock (UNIX seconds): the system clock plus the offset
    /// added by [`crate::FakeServer::advance_clock`].
    pub fn now(&self) -> i64 {
        let system = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default();
        system + self.clock_offset_secs.load(Ordering::SeqCst)
    }

    pub fn advance_clock(&self, secs: i64) {
        self.clock_offset_secs.fetch_add(secs, Ordering::SeqCst);
    }

    pub fn count_request(&self) {
        self.requests.fetch_add(1, Ordering::SeqCst);
    }

    pub fn request_count(&self) -> u64 {
        self.requests.load(Ordering::SeqCst)
    }
}
