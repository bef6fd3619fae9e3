//! Access tokens: fetched on first use, cached, renewed before expiry,
//! fetched once for any number of concurrent callers.
//!
//! [`AuthState`] (auth_state.rs) is the generated `Client`'s inner value;
//! the facade asks it for a token before each attempt (client.rs), and the
//! hooks in `hooks.rs` when the generated client is used on its own.
//!
//! Expiry is judged by the server's own numbers: a token answered with
//! `now` and `expired_at` lives `expired_at - now` seconds from the moment the
//! response arrived, measured on the local monotonic clock. The local wall
//! clock is never compared with the server's, so skew does not matter.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use reqwest::header::HeaderValue;

use crate::auth_state::CachedToken;
use crate::generated::Client;
use crate::generated::types::{AccessToken, ErrorResponse, GetTokenRequest};
use crate::secret::SecretString;
use crate::telemetry;

/// How long before the server's expiry a token is renewed.
pub const RENEW_BEFORE_EXPIRY: Duration = Duration::from_secs(60);

pub use crate::auth_state::AuthState;
pub use crate::credentials::Credentials;

/// Why no token could be had.
#[derive(Debug)]
pub(crate) enum TokenFailure {
    /// getToken answered 401 or a non-zero code: wrong key or secret.
    Rejected {
        status: u16,
        code: Option<i64>,
        message: Option<String>,
    },
    /// Anything else went wrong on the way (transport, decoding, status).
    Call(progenitor_client::Error<ErrorResponse>),
    /// getToken answered a token that cannot be sent as a header value.
    InvalidToken,
}

/// `Bearer <token>`, marked sensitive; none if the token cannot be a header.
fn bearer(token: &SecretString) -> Option<HeaderValue> {
    let mut value = HeaderValue::try_from(format!("Bearer {}", token.expose_secret())).ok()?;
    value.set_sensitive(true);
    Some(value)
}

impl TokenFailure {
    /// One line saying why no token could be had, never quoting a response
    /// body: a getToken body may hold an access token, and a proxy's error
    /// page may echo the request, whose body holds `imp_secret`. A serde
    /// error is reduced to its category and position for the same reason
    /// (its message can quote the offending value).
    pub(crate) fn describe(&self) -> String {
        use progenitor_client::Error as E;
        match self {
            TokenFailure::Rejected {
                status,
                code,
                message,
            } => format!(
                "getToken refused the credentials (HTTP {status}, code {code:?}): {}",
                message.as_deref().unwrap_or_default()
            ),
            TokenFailure::Call(e) => match e {
                E::CommunicationError(source)
                | E::ResponseBodyError(source)
                | E::InvalidUpgrade(source) => {
                    let what = if source.is_timeout() {
                        "timed out"
                    } else if source.is_connect() {
                        "could not connect"
                    } else {
                        "failed in transit"
                    };
                    format!("getToken {what}: {source}")
                }
                E::InvalidResponsePayload(_, serde) => format!(
                    "getToken's response is not the expected JSON ({:?} error at line {}, column {}); \
                     the body is not shown because it may contain a token",
                    serde.classify(),
                    serde.line(),
                    serde.column()
                ),
                E::UnexpectedResponse(response) => format!(
                    "getToken answered an unexpected HTTP {} (body not shown)",
                    response.status().as_u16()
                ),
                E::ErrorResponse(value) => format!(
                    "getToken answered HTTP {} with an error envelope",
                    value.status().as_u16()
                ),
                E::InvalidRequest(_) => "the getToken request could not be built".to_string(),
                E::Custom(reason) => format!("getToken failed: {reason}"),
            },
            TokenFailure::InvalidToken => {
                "the access token is not a valid header value".to_string()
            }
        }
    }
}

type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<HeaderValue, TokenFailure>> + Send + 'a>>;

impl AuthState {
    /// The `Authorization` value of the cached token while it is fresh,
    /// without waiting: none while another caller fetches one (then
    /// [`AuthState::token`] waits for that fetch). The common case of every
    /// call, so it takes no boxed future and no async lock (measured:
    /// perf/cancel-instructions.sh, BENCHMARKS.md).
    pub(crate) fn cached(&self) -> Option<HeaderValue> {
        let slot = self.shared.cache.try_lock().ok()?;
        slot.as_ref()
            .filter(|cached| Instant::now() < cached.renew_at)
            .map(|cached| cached.authorization.clone())
    }

    /// The `Authorization` value of a valid token: the cached one, or a
    /// fresh one from `getToken`. Concurrent callers wait for one fetch
    /// instead of each making their own.
    pub(crate) fn token<'a>(&'a self, client: &'a Client) -> TokenFuture<'a> {
        // Boxed: the fetch goes through the generated client, whose calls go
        // through the hooks, which call this; boxing breaks the type cycle.
        Box::pin(async move {
            let mut slot = self.shared.cache.lock().await;
            if let Some(cached) = slot.as_ref()
                && Instant::now() < cached.renew_at
            {
                return Ok(cached.authorization.clone());
            }
            let result = self.fetch(client).await;
            telemetry::token_fetched(result.is_ok());
            let fresh = result?;
            let authorization = fresh.authorization.clone();
            *slot = Some(fresh);
            Ok(authorization)
        })
    }

    /// Drops the cached token if it is still the one `used` sent (after a
    /// 401), so the next [`AuthState::token`] fetches a new one. A token
    /// renewed meanwhile by another caller is kept.
    pub(crate) async fn invalidate(&self, used: &HeaderValue) {
        let mut slot = self.shared.cache.lock().await;
        if slot.as_ref().is_some_and(|c| c.authorization == *used) {
            *slot = None;
        }
    }

    async fn fetch(&self, client: &Client) -> Result<CachedToken, TokenFailure> {
        let started = Instant::now();
        let token = self.issue(client).await?;
        let lifetime = lifetime(token.now, token.expired_at);
        // Renew a minute early; a token that lives less than two minutes is
        // renewed at half its life.
        let margin = RENEW_BEFORE_EXPIRY.min(lifetime / 2);
        Ok(CachedToken {
            authorization: bearer(&token.access_token).ok_or(TokenFailure::InvalidToken)?,
            renew_at: started + lifetime - margin,
        })
    }

    /// One getToken call with this client's credentials, counted in
    /// `token_fetches`: PortOne's token, or why there is none. Caches
    /// nothing (`fetch` does; `PortOne::check_credentials` does not).
    pub(crate) async fn issue(&self, client: &Client) -> Result<AccessToken, TokenFailure> {
        let credentials = &self.shared.credentials;
        self.shared.fetches.fetch_add(1, Ordering::Relaxed);
        let body = GetTokenRequest {
            imp_key: credentials.imp_key().to_string().try_into().map_err(|_| {
                TokenFailure::Rejected {
                    status: 0,
                    code: None,
                    // Checked against the spec's limits when the client
                    // was built; kept as a refusal rather than a panic.
                    message: Some("imp_key does not fit the spec's limits".into()),
                }
            })?,
            imp_secret: credentials.imp_secret().clone(),
        };
        match client.get_token().body(body).send().await {
            Ok(value) => {
                let status = value.status().as_u16();
                let envelope = value.into_inner();
                match (envelope.code, envelope.response) {
                    (0, Some(token)) => Ok(token),
                    (code, _) => Err(TokenFailure::Rejected {
                        status,
                        code: Some(code),
                        message: envelope.message,
                    }),
                }
            }
            Err(progenitor_client::Error::ErrorResponse(value)) => {
                let status = value.status().as_u16();
                let envelope = value.into_inner();
                Err(TokenFailure::Rejected {
                    status,
                    code: Some(envelope.code),
                    message: envelope.message,
                })
            }
            Err(other) => Err(TokenFailure::Call(other)),
        }
    }
}

/// How long a token answered at `now` and expiring at `expired_at` (both
/// the server's UNIX seconds) lives: independent of the local clock, and
/// zero if the server says it has expired.
pub(crate) fn lifetime(now: i64, expired_at: i64) -> Duration {
    Duration::from_secs(expired_at.saturating_sub(now).max(0) as u64)
}
