//! The seam between the generated client and authentication: progenitor's
//! `ClientHooks::pre` runs before every generated call and adds
//! `Authorization: Bearer <token>` (and `Tier` when configured). In a facade
//! call the token is the one the facade obtained for the attempt (capture.rs
//! carries it here); only the generated client used on its own has the hook
//! fetch one. `getToken` itself is sent without them. Every call, getToken
//! included, goes only to the builder's base URL and through the builder's
//! HTTP client (auth_state.rs says why). `ClientHooks::exec` keeps the bytes
//! of the answer to a facade call (see capture.rs), so that errors can offer
//! the original body without quoting it.

use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::auth::AuthState;
use crate::capture;
use crate::generated::Client;

/// The operation id progenitor gives `POST /users/getToken`.
pub(crate) const GET_TOKEN_OPERATION: &str = "get_token";

static TIER: HeaderName = HeaderName::from_static("tier");

/// Why a generated client with another base URL than its state's is refused.
pub(crate) const FOREIGN_BASE_URL: &str = "this generated client's base URL is not the one its ClientBuilder checked; use PortOne::generated() instead of Client::new/new_with_client";

impl ClientHooks<AuthState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        let auth = self.inner();
        // A generated client made with `Client::new`/`new_with_client` from
        // a copy of this state must not take its credentials or tokens to
        // another host (getToken included: its body is the secret).
        if self.baseurl() != auth.base_url() {
            return Err(Error::Custom(FOREIGN_BASE_URL.into()));
        }
        if info.operation_id == GET_TOKEN_OPERATION {
            return Ok(());
        }
        let value = match capture::authorization() {
            // A facade call: it obtained the token for this attempt, and
            // reports a failure to get one as a typed `AuthError` itself.
            Some(value) => value,
            // The generated client used on its own: progenitor's hooks can
            // only fail with a string.
            None => match auth.cached() {
                Some(value) => value,
                None => auth
                    .token(self)
                    .await
                    .map_err(|failure| Error::Custom(failure.describe()))?,
            },
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
        // The builder's HTTP client, not `self.client()`: a generated client
        // made with `new_with_client` around another `reqwest::Client` still
        // sends with the builder's crypto provider, redirect policy and
        // timeouts.
        let response = self.inner().http().execute(request).await?;
        // A getToken answer holds a token: never kept.
        if info.operation_id == GET_TOKEN_OPERATION || !capture::active() {
            return Ok(response);
        }
        // Boxed: inline, reading the body would add 384 bytes to the state
        // of every generated call (see BENCHMARKS.md on future sizes).
        Box::pin(capture::keep(response)).await
    }
}
