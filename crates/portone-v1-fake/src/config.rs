//! What a fake server starts with.

use std::time::Duration;

use portone_v1::secret::SecretString;
use portone_v1::{Payment, WebhookFormat};

use crate::fault::Fault;
use crate::webhook;

/// The REST API key the fake accepts unless told otherwise.
pub const DEFAULT_IMP_KEY: &str = "fake-imp-key";
/// The REST API secret the fake accepts unless told otherwise (not a secret:
/// the fake moves no money).
pub const DEFAULT_IMP_SECRET: &str = "fake-imp-secret";

/// How to start a [`FakeServer`](crate::FakeServer). `FakeConfig::default()`
/// is an ephemeral port, the default credentials, the built-in seeds, no
/// fault and no webhooks.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct FakeConfig {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// The accepted `imp_key`.
    pub imp_key: String,
    /// The accepted `imp_secret`.
    pub imp_secret: SecretString,
    /// The payments to start with; `None` means the built-in seeds
    /// ([`crate::seeds::default_payments`]).
    pub seeds: Option<Vec<Payment>>,
    /// A fault applied to every request that names none of its own.
    pub fault: Fault,
    /// Where to POST webhooks (`None`: none are sent). Checked at start:
    /// only `http://` to a loopback host (see [`webhook::WebhookUrl`]).
    pub webhook_url: Option<String>,
    /// How webhook bodies are encoded (JSON unless set).
    pub webhook_format: WebhookFormat,
    /// Whether a failed delivery (network error or 5xx) is tried again, up
    /// to [`webhook::WEBHOOK_RETRIES`] more times; PortOne retries only for
    /// merchants who asked for it.
    pub webhook_retries: bool,
    /// The wait between delivery attempts
    /// ([`webhook::DEFAULT_RETRY_INTERVAL`] unless set).
    pub webhook_retry_interval: Duration,
    /// How long one attempt waits for the receiver's answer
    /// ([`webhook::DEFAULT_TIMEOUT`] unless set).
    pub webhook_timeout: Duration,
}

impl Default for FakeConfig {
    fn default() -> Self {
        FakeConfig {
            port: 0,
            imp_key: DEFAULT_IMP_KEY.to_string(),
            imp_secret: SecretString::new(DEFAULT_IMP_SECRET),
            seeds: None,
            fault: Fault::none(),
            webhook_url: None,
            webhook_format: WebhookFormat::Json,
            webhook_retries: false,
            webhook_retry_interval: webhook::DEFAULT_RETRY_INTERVAL,
            webhook_timeout: webhook::DEFAULT_TIMEOUT,
        }
    }
}

impl FakeConfig {
    /// Listen on this port of 127.0.0.1 (0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Accept this key and secret instead of the defaults.
    pub fn credentials(
        mut self,
        imp_key: impl Into<String>,
        imp_secret: impl Into<SecretString>,
    ) -> Self {
        self.imp_key = imp_key.into();
        self.imp_secret = imp_secret.into();
        self
    }

    /// Start with these payments instead of the built-in seeds.
    pub fn seeds(mut self, payments: Vec<Payment>) -> Self {
        self.seeds = Some(payments);
        self
    }

    /// Apply this fault to every request (a request's own `X-Fake-Fault`
    /// header wins).
    pub fn fault(mut self, fault: Fault) -> Self {
        self.fault = fault;
        self
    }

    /// POST webhooks to `url` (loopback `http://` only, checked at start).
    pub fn webhook_url(mut self, url: impl Into<String>) -> Self {
        self.webhook_url = Some(url.into());
        self
    }

    /// Encode webhook bodies as JSON or as a form.
    pub fn webhook_format(mut self, format: WebhookFormat) -> Self {
        self.webhook_format = format;
        self
    }

    /// Retry failed deliveries, `interval` apart (PortOne: a minute).
    pub fn webhook_retries(mut self, interval: Duration) -> Self {
        self.webhook_retries = true;
        self.webhook_retry_interval = interval;
        self
    }

    /// Wait this long for each delivery's answer.
    pub fn webhook_timeout(mut self, timeout: Duration) -> Self {
        self.webhook_timeout = timeout;
        self
    }
}
