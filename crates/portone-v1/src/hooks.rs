//! The seam between the generated client and authentication: progenitor's
//! `ClientHooks::pre` runs before every generated call and adds
//! `Authorization: Bearer <token>` (and `Tier` when configured). `getToken`
//! itself is sent without them.

use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::auth::AuthState;
use crate::generated::Client;

/// The operation id progenitor gives `POST /users/getToken`.
pub(crate) const GET_TOKEN_OPERATION: &str = "get_token";

static TIER: HeaderName = HeaderName::from_static("tier");

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
        let token = auth
            .token(self)
            .await
            .map_err(|failure| Error::Custom(failure.describe()))?;
        let mut value = HeaderValue::try_from(format!("Bearer {}", token.expose_secret()))
            .map_err(|_| Error::Custom("the access token is not a valid header value".into()))?;
        value.set_sensitive(true);
        request.headers_mut().insert(AUTHORIZATION, value);
        if let Some(tier) = auth.tier() {
            let tier = HeaderValue::try_from(tier)
                .map_err(|_| Error::Custom("the Tier code is not a valid header value".into()))?;
            request.headers_mut().insert(TIER.clone(), tier);
        }
        Ok(())
    }
}
