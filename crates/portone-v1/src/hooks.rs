//! The seam between the generated client and authentication: progenitor's
//! `ClientHooks::pre` runs before every generated call and adds
//! `Authorization: Bearer <token>` (and `Tier` when configured). In a facade
//! call the token is the one the facade obtained for the attempt (capture.rs
//! carries it here); only the generated client used on its own has the hook
//! fetch one. `getToken` itself is sent without them. Every call, getToken
//! included, goes only to the builder's base URL and through the builder's
//! HTTP client (auth_state.rs says why). The bytes of the answer to a facade
//! call are kept by the decoder (capture.rs, json_body.rs), so that errors
//! can offer the original body without quoting it; `ClientHooks::exec`
//! only makes sure a getToken answer is never among them.

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
        // A getToken answer holds a token: never kept, even if a facade
        // scope were around it (none is: the facade fetches tokens outside).
        capture::keep_next(info.operation_id != GET_TOKEN_OPERATION);
        // The builder's HTTP client, not `self.client()`: a generated client
        // made with `new_with_client` around another `reqwest::Client` still
        // sends with the builder's crypto provider, redirect policy and
        // timeouts. The body is kept by the decoder (json_body.rs), which
        // reads it anyway, not here: reading it here meant rebuilding the
        // response around it.
        self.inner().http().execute(request).await
    }
}
