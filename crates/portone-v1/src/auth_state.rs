//! [`AuthState`], the generated `Client`'s inner value (progenitor's
//! `inner_type`, named in xtask/src/generate.rs): credentials, the `Tier`
//! header, the token cache, and the base URL and HTTP client that
//! [`ClientBuilder`](crate::ClientBuilder) checked and built. Data only;
//! fetching a token, which needs the generated client, is in auth.rs. This
//! module imports nothing from the generated code, so the generated code can
//! name it without a cycle.
//!
//! Only the builder makes one (no public constructor), and the hooks send
//! every call through its HTTP client and refuse a generated client whose
//! base URL is not its own: the generated `Client::new` /
//! `new_with_client`, handed a copy of an existing client's state, are no
//! way around the crypto provider, the redirect policy or the base URL
//! rules (see the `generated_client` module docs).

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use reqwest::header::HeaderValue;

use crate::credentials::Credentials;

#[derive(Clone)]
pub(crate) struct CachedToken {
    /// `Authorization: Bearer <token>`, marked sensitive: built once per
    /// token, so that a call clones it (a reference count) instead of
    /// formatting and validating a header from the token every time.
    pub(crate) authorization: HeaderValue,
    /// Local monotonic instant after which the token is renewed.
    pub(crate) renew_at: Instant,
}

pub(crate) struct Shared {
    pub(crate) credentials: Credentials,
    pub(crate) tier: Option<String>,
    /// The checked base URL, without a trailing slash.
    base_url: String,
    /// The HTTP client every call is sent with (crypto provider, redirect
    /// policy, timeouts), whichever `reqwest::Client` the generated client
    /// holds.
    http: reqwest::Client,
    pub(crate) cache: tokio::sync::Mutex<Option<CachedToken>>,
    pub(crate) fetches: AtomicU64,
}

/// The generated client's inner state: credentials, the `Tier` header, the
/// token cache, and the base URL and HTTP client the builder made. Cheap to
/// clone (shared). Made only by [`ClientBuilder`](crate::ClientBuilder).
#[derive(Clone)]
pub struct AuthState {
    pub(crate) shared: Arc<Shared>,
}

impl fmt::Debug for AuthState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthState")
            .field("credentials", &self.shared.credentials)
            .field("tier", &self.shared.tier)
            .field("base_url", &self.shared.base_url)
            .field("token_fetches", &self.token_fetches())
            .finish_non_exhaustive()
    }
}

impl AuthState {
    /// State for a client of `base_url` that sends through `http`,
    /// authenticates with `credentials` and adds the `Tier` header when
    /// `tier` is set; all four checked by the builder.
    pub(crate) fn new(
        credentials: Credentials,
        tier: Option<String>,
        base_url: String,
        http: reqwest::Client,
    ) -> Self {
        AuthState {
            shared: Arc::new(Shared {
                credentials,
                tier,
                base_url,
                http,
                cache: tokio::sync::Mutex::new(None),
                fetches: AtomicU64::new(0),
            }),
        }
    }

    /// The `Tier` header value, if any.
    pub fn tier(&self) -> Option<&str> {
        self.shared.tier.as_deref()
    }

    /// The base URL this state was built for: the hooks refuse a generated
    /// client pointed anywhere else.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The HTTP client every call with this state is sent with.
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.shared.http
    }

    /// How many times a token was fetched from the API (for diagnostics).
    pub fn token_fetches(&self) -> u64 {
        self.shared.fetches.load(Ordering::Relaxed)
    }
}
