//! Building a [`PortOne`](crate::PortOne) client: credentials, base URL,
//! timeout, HTTP client, `Tier`; from code or from the environment.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use crate::auth::{AuthState, Credentials};
use crate::generated::Client;
use crate::secret::SecretString;

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://api.iamport.kr";
/// Default timeout for one HTTP request (connect + response).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Environment variable holding the REST API key.
pub const ENV_IMP_KEY: &str = "PORTONE_IMP_KEY";
/// Environment variable holding the REST API secret.
pub const ENV_IMP_SECRET: &str = "PORTONE_IMP_SECRET";
/// Optional environment variable overriding the base URL.
pub const ENV_API_URL: &str = "PORTONE_API_URL";
/// Optional environment variable holding an agency sub-merchant's tier code.
pub const ENV_TIER: &str = "PORTONE_TIER";

/// A client configuration that cannot work. Never contains the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// A required environment variable is unset or empty.
    MissingEnv {
        /// The variable.
        name: &'static str,
    },
    /// A credential is empty or too long.
    InvalidCredential {
        /// `imp_key` or `imp_secret`.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// The base URL does not parse or is not a plain `scheme://host[:port][/path]`.
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// Why.
        reason: String,
    },
    /// `http://` to a non-loopback host: credentials would travel in clear text.
    InsecureBaseUrl {
        /// The URL as given.
        url: String,
    },
    /// The tier code is not a valid header value.
    InvalidTier {
        /// Why.
        reason: String,
    },
    /// reqwest could not build the HTTP client.
    HttpClient {
        /// reqwest's message.
        reason: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingEnv { name } => write!(
                f,
                "environment variable {name} is not set; export it (see the README, \"Credentials\")"
            ),
            ConfigError::InvalidCredential { field, reason } => {
                write!(f, "invalid {field}: {reason}")
            }
            ConfigError::InvalidBaseUrl { url, reason } => write!(
                f,
                "invalid base URL `{url}`: {reason}; expected e.g. {DEFAULT_BASE_URL}"
            ),
            ConfigError::InsecureBaseUrl { url } => write!(
                f,
                "refusing base URL `{url}`: plain http would send credentials in clear text; use https (http is allowed for 127.0.0.1/localhost only)"
            ),
            ConfigError::InvalidTier { reason } => write!(f, "invalid tier code: {reason}"),
            ConfigError::HttpClient { reason } => {
                write!(f, "could not build the HTTP client: {reason}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

/// Builder for [`PortOne`](crate::PortOne).
#[derive(Clone)]
pub struct ClientBuilder {
    pub(crate) credentials: Credentials,
    pub(crate) base_url: String,
    pub(crate) timeout: Duration,
    pub(crate) http: Option<reqwest::Client>,
    pub(crate) tier: Option<String>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("custom_http_client", &self.http.is_some())
            .field("tier", &self.tier)
            .finish()
    }
}

impl ClientBuilder {
    /// Starts from a key and secret, with the production URL and default timeout.
    pub fn new(imp_key: impl Into<String>, imp_secret: impl Into<SecretString>) -> Self {
        ClientBuilder {
            credentials: Credentials::new(imp_key, imp_secret),
            base_url: DEFAULT_BASE_URL.to_string(),
            timeout: DEFAULT_TIMEOUT,
            http: None,
            tier: None,
        }
    }

    /// Reads `PORTONE_IMP_KEY`, `PORTONE_IMP_SECRET` and, when set,
    /// `PORTONE_API_URL` and `PORTONE_TIER`.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`ClientBuilder::from_env`], reading variables through `lookup`
    /// (for tests and for callers with their own configuration source).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &'static str| lookup(name).filter(|v| !v.trim().is_empty());
        let key = get(ENV_IMP_KEY).ok_or(ConfigError::MissingEnv { name: ENV_IMP_KEY })?;
        let secret = get(ENV_IMP_SECRET).ok_or(ConfigError::MissingEnv {
            name: ENV_IMP_SECRET,
        })?;
        let mut builder = ClientBuilder::new(key.trim(), secret.trim());
        if let Some(url) = get(ENV_API_URL) {
            builder = builder.base_url(url.trim());
        }
        if let Some(tier) = get(ENV_TIER) {
            builder = builder.tier(tier.trim());
        }
        Ok(builder)
    }

    /// The API's base URL (default `https://api.iamport.kr`). `http://` is
    /// accepted only for loopback hosts (a local fake or mock server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Timeout for each HTTP request (default 30 s). Ignored when a custom
    /// HTTP client is given: configure that client instead.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Uses a caller-built `reqwest::Client` (proxies, pools, timeouts).
    ///
    /// Start from [`http_client_builder`] (the crypto provider installed,
    /// [`redirect_policy`] set), or at least build it with
    /// `.redirect(portone_v1::config::redirect_policy())` (or
    /// `reqwest::redirect::Policy::none()`). reqwest's default policy drops
    /// `Authorization` on a redirect to another host, but follows a 307/308
    /// there **with the request body**, and the body of getToken is your
    /// `imp_secret`. The client cannot inspect a given client's policy, so
    /// this is on the caller; the built-in client uses [`redirect_policy`].
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sends `Tier: <code>` on every authenticated call (agency sub-merchants).
    pub fn tier(mut self, code: impl Into<String>) -> Self {
        self.tier = Some(code.into());
        self
    }

    /// Checks everything and makes the generated client that `PortOne`
    /// wraps (`ClientBuilder::build`, beside `PortOne` in `client.rs`, so
    /// that this module never names the client it configures).
    pub(crate) fn into_generated(self) -> Result<Client, ConfigError> {
        let base_url = self.validate()?;
        let http = match self.http {
            Some(client) => client,
            None => default_http_client(self.timeout)?,
        };
        let auth = AuthState::new(self.credentials, self.tier, base_url.clone(), http.clone());
        Ok(Client::new_with_client(&base_url, http, auth))
    }

    /// The base URL without a trailing slash, once every setting is checked.
    fn validate(&self) -> Result<String, ConfigError> {
        // The spec's limits (generated rules); a secret's error names its
        // length only, never its text.
        use crate::inputs::operations::get_token::rules;
        let credential = |e: crate::error::InvalidRequest| ConfigError::InvalidCredential {
            field: e.field,
            reason: e.reason,
        };
        rules::IMP_KEY
            .text(self.credentials.imp_key())
            .map_err(credential)?;
        rules::IMP_SECRET
            .text(self.credentials.imp_secret().expose_secret())
            .map_err(credential)?;
        if let Some(tier) = &self.tier
            && (tier.is_empty() || reqwest::header::HeaderValue::from_str(tier).is_err())
        {
            return Err(ConfigError::InvalidTier {
                reason: "must be non-empty visible ASCII".into(),
            });
        }
        validate_base_url(&self.base_url)
    }
}

/// The built-in HTTP client: [`http_client_builder`] with `timeout`.
fn default_http_client(timeout: Duration) -> Result<reqwest::Client, ConfigError> {
    http_client_builder()
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .timeout(timeout)
        .build()
        .map_err(|e| ConfigError::HttpClient {
            reason: e.to_string(),
        })
}

/// Checks a base URL and returns it without a trailing slash.
pub fn validate_base_url(url: &str) -> Result<String, ConfigError> {
    let invalid = |reason: &str| ConfigError::InvalidBaseUrl {
        url: url.to_string(),
        reason: reason.to_string(),
    };
    let parsed = reqwest::Url::parse(url).map_err(|e| invalid(&e.to_string()))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid("must not contain user information"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("must not have a query or fragment"));
    }
    let host = parsed.host_str().ok_or_else(|| invalid("has no host"))?;
    match parsed.scheme() {
        "https" => {}
        "http" if is_loopback(host) => {}
        "http" => {
            return Err(ConfigError::InsecureBaseUrl {
                url: url.to_string(),
            });
        }
        other => return Err(invalid(&format!("scheme `{other}` is not http(s)"))),
    }
    Ok(parsed.as_str().trim_end_matches('/').to_string())
}

fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The redirect policy of the built-in HTTP client, for callers who build
/// their own (`ClientBuilder::http_client`): redirects are followed only
/// within the same scheme, host and port (at most 5), so neither the
/// `Authorization`/`Tier` headers nor a request body (getToken's carries
/// `imp_secret`) ever reach another host.
pub fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same = attempt.previous().first().is_some_and(|first| {
            first.scheme() == attempt.url().scheme()
                && first.host_str() == attempt.url().host_str()
                && first.port_or_known_default() == attempt.url().port_or_known_default()
        });
        if !same || attempt.previous().len() > 5 {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

/// A `reqwest::ClientBuilder` preset like the built-in client: the rustls
/// `ring` crypto provider installed (this crate's reqwest has none built
/// in), [`redirect_policy`], and the crate's user agent. Add proxies, pool
/// settings or timeouts, build it, and pass it to
/// [`ClientBuilder::http_client`].
pub fn http_client_builder() -> reqwest::ClientBuilder {
    crate::tls::ensure_crypto_provider();
    reqwest::Client::builder()
        .redirect(redirect_policy())
        .user_agent(concat!("portone-v1-rust/", env!("CARGO_PKG_VERSION")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_rules() {
        assert_eq!(
            validate_base_url("https://api.iamport.kr/").unwrap(),
            "https://api.iamport.kr"
        );
        assert!(validate_base_url("http://127.0.0.1:8080").is_ok());
        assert!(validate_base_url("http://localhost:1").is_ok());
        assert!(validate_base_url("http://[::1]:1").is_ok());
        assert!(matches!(
            validate_base_url("http://api.iamport.kr"),
            Err(ConfigError::InsecureBaseUrl { .. })
        ));
        assert!(matches!(
            validate_base_url("http://10.0.0.1"),
            Err(ConfigError::InsecureBaseUrl { .. })
        ));
        assert!(matches!(
            validate_base_url("ftp://x"),
            Err(ConfigError::InvalidBaseUrl { .. })
        ));
        assert!(matches!(
            validate_base_url("https://u:p@x"),
            Err(ConfigError::InvalidBaseUrl { .. })
        ));
    }

    #[test]
    fn env_lookup_requires_both_credentials() {
        let err = ClientBuilder::from_lookup(|_| None).unwrap_err();
        assert_eq!(err, ConfigError::MissingEnv { name: ENV_IMP_KEY });
        let b = ClientBuilder::from_lookup(|n| match n {
            ENV_IMP_KEY => Some("key".into()),
            ENV_IMP_SECRET => Some("s3cret".into()),
            ENV_API_URL => Some("http://127.0.0.1:9".into()),
            ENV_TIER => Some("T1".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(b.base_url, "http://127.0.0.1:9");
        assert_eq!(b.tier.as_deref(), Some("T1"));
        assert!(!format!("{b:?}").contains("s3cret"));
    }
}
