//! [`PortOne::check_credentials`]: one `POST /users/getToken` on request,
//! to learn whether the key and secret work and how long PortOne's token
//! lives, without the token ever leaving the client.
//!
//! Every other call gets its token implicitly (auth.rs) and caches it; this
//! one always asks PortOne, exactly once, and caches nothing, so what it
//! reports is PortOne's answer now, not a cached one. Asking again before
//! expiry gets the same token back from PortOne, so the check takes nothing
//! away from the client's cached token.

use std::time::{Duration, Instant};

use progenitor_client::ClientInfo;
use serde::Serialize;

use crate::client::{PortOne, auth_error, finish};
use crate::error::{AuthError, ErrorMetadata, ProvideErrorMetadata, auth_meta};
use crate::telemetry;

/// What getToken answered about the token it issued: the server's clock and
/// the token's expiry, both UNIX seconds by the server's clock. The token
/// itself is not here (it is a secret, and the client fetches its own).
///
/// Serializes as `{"now": .., "expired_at": ..}`, the getToken answer
/// without `access_token`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TokenLifetime {
    /// The server's time when it answered (UNIX seconds).
    pub now: i64,
    /// When the token expires (UNIX seconds, by the server's clock).
    pub expired_at: i64,
}

impl TokenLifetime {
    /// How long the token lives from the answer on: `expired_at - now`,
    /// which does not depend on the local clock (zero if the server says
    /// it has expired).
    pub fn lifetime(&self) -> Duration {
        crate::auth::lifetime(self.now, self.expired_at)
    }
}

impl PortOne {
    /// Asks getToken for a token once, with this client's key and secret,
    /// and returns its lifetime: a way to check credentials (at start-up,
    /// from a health check) before any payment call needs them.
    ///
    /// Always sends exactly one getToken request, whatever the cache holds,
    /// and keeps nothing: payment calls go on using (or fetching) their own
    /// cached token. It counts in [`token_fetches`](Self::token_fetches).
    ///
    /// Wrong key or secret (HTTP 401, or a non-zero `code`) is
    /// [`AuthError::CredentialsRejected`]; any other failure (timeout, no
    /// connection, an unreadable answer) is [`AuthError::TokenUnavailable`],
    /// whose reason never quotes getToken's body.
    pub async fn check_credentials(&self) -> Result<TokenLifetime, AuthError> {
        let started = Instant::now();
        let outcome = self.request_token().await;
        telemetry::token_fetched(outcome.is_ok());
        finish("getToken", started, &outcome);
        outcome
    }

    async fn request_token(&self) -> Result<TokenLifetime, AuthError> {
        let token = self
            .generated()
            .inner()
            .issue(self.generated())
            .await
            .map_err(auth_error)?;
        Ok(TokenLifetime {
            now: token.now,
            expired_at: token.expired_at,
        })
    }
}

/// What getToken answered, for [`PortOne::check_credentials`]'s error: the
/// status and the envelope's code and message of a refusal. (The
/// `AuthError` inside an operation's error reports through that error,
/// without the status: `error::auth_meta`.) No body: getToken's is never
/// kept (it may hold a token).
impl ProvideErrorMetadata for AuthError {
    fn meta(&self) -> ErrorMetadata<'_> {
        match self {
            AuthError::CredentialsRejected { status, .. } => ErrorMetadata {
                status: Some(*status),
                ..auth_meta(self)
            },
            _ => auth_meta(self),
        }
    }
}
