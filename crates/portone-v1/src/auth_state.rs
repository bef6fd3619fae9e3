//! [`AuthState`], the generated `Client`'s inner value (progenitor's
//! `inner_type`, named in xtask/src/generate.rs): credentials, the `Tier`
//! header and the token cache. Data only; fetching a token, which needs the
//! generated client, is in auth.rs. This module imports nothing from the
//! generated code, so the generated code can name it without a cycle.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use crate::credentials::Credentials;
use crate::secret::SecretString;

#[derive(Clone)]
pub(crate) struct CachedToken {
    pub(crate) token: SecretString,
    /// Local monotonic instant after which the token is renewed.
    pub(crate) renew_at: Instant,
}

pub(crate) struct Shared {
    pub(crate) credentials: Credentials,
    pub(crate) tier: Option<String>,
    pub(crate) cache: tokio::sync::Mutex<Option<CachedToken>>,
    pub(crate) fetches: AtomicU64,
}

/// The generated client's inner state: credentials, the `Tier` header and the
/// token cache. Cheap to clone (shared).
#[derive(Clone)]
pub struct AuthState {
    pub(crate) shared: Arc<Shared>,
}

impl fmt::Debug for AuthState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthState")
            .field("credentials", &self.shared.credentials)
            .field("tier", &self.shared.tier)
            .field("token_fetches", &self.token_fetches())
            .finish_non_exhaustive()
    }
}

impl AuthState {
    /// State for a client that authenticates with `credentials`, adding the
    /// `Tier` header when `tier` is set.
    pub fn new(credentials: Credentials, tier: Option<String>) -> Self {
        AuthState {
            shared: Arc::new(Shared {
                credentials,
                tier,
                cache: tokio::sync::Mutex::new(None),
                fetches: AtomicU64::new(0),
            }),
        }
    }

    /// The `Tier` header value, if any.
    pub fn tier(&self) -> Option<&str> {
        self.shared.tier.as_deref()
    }

    /// How many times a token was fetched from the API (for diagnostics).
    pub fn token_fetches(&self) -> u64 {
        self.shared.fetches.load(Ordering::Relaxed)
    }
}
