//! The seam between the generated client and authentication: progenitor's
//! `ClientHooks::pre` runs before every generated call and adds
//! `Authorization: Bearer <token>` (and `Tier` when configured). In a facade
//! call the token is the one the facade obtained for the attempt (capture.rs
//! carries it here); only the generated client used on its own has the hook
//! fetch one. `getToken` itself is sent without them. `ClientHooks::exec` keeps the bytes of the
//! answer to a facade call (see capture.rs), so that errors can offer the
//! original body without quoting it.

use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::auth::AuthState;
use crate::capture;
use crate::generated::Client;
use crate::secret::SecretString;

/// The operation id progenitor gives `POST /users/getToken`.
pub(crate) const GET_TOKEN_OPERATION: &str = "get_token";

static TIER: HeaderName = HeaderName::from_static("tier");

/// Why a token cannot be sent.
pub(crate) const INVALID_TOKEN: &str = "the access token is not a valid header value";

/// `Bearer <token>`, marked sensitive; none if the token cannot be a header.
pub(crate) fn bearer(token: &SecretString) -> Option<HeaderValue> {
    let mut value = HeaderValue::try_from(format!("Bearer {}", token.expose_secret())).ok()?;
    value.set_sensitive(true);
    Some(value)
}

impl ClientHooks<AuthState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        if info.operation_id == GET_TOKEN_OPERATION {
            return Ok(());
        }
        let auth = self.inner();
        let value = match capture::authorization() {
            // A facade call: it obtained the token for this attempt, and
            // reports a failure to get one as a typed `AuthError` itself.
            Some(value) => value,
            // The generated client used on its own: progenitor's hooks can
            // only fail with a string.
            None => {
                let token = auth
                    .token(self)
                    .await
                    .map_err(|failure| Error::Custom(failure.describe()))?;
                bearer(&token).ok_or_else(|| Error::Custom(INVALID_TOKEN.into()))?
            }
        };
        request.headers_mut().insert(AUTHORIZATION, value);
        if let Some(tier) = auth.tier() {
            let tier = HeaderValue::try_from(tier)
                .map_err(|_| Error::Custom("the Tier code is not a valid header value".into()))?;
            request.headers_mut().insert(TIER.clone(), tier);
        }
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let response = self.client().execute(request).await?;
        // A getToken answer holds a token: never kept.
        if info.operation_id == GET_TOKEN_OPERATION || !capture::active() {
            return Ok(response);
        }
        // Boxed: inline, reading the body would add 384 bytes to the state
        // of every generated call (see BENCHMARKS.md on future sizes).
        Box::pin(capture::keep(response)).await
    }
}
