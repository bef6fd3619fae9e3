//! What a fake server starts with.

use portone_v1::Payment;
use portone_v1::secret::SecretString;

use crate::fault::Fault;

/// The REST API key the fake accepts unless told otherwise.
pub const DEFAULT_IMP_KEY: &str = "fake-imp-key";
/// The REST API secret the fake accepts unless told otherwise (not a secret:
/// the fake moves no money).
pub const DEFAULT_IMP_SECRET: &str = "fake-imp-secret";

/// How to start a [`FakeServer`](crate::FakeServer). `FakeConfig::default()`
/// is an ephemeral port, the default credentials, the built-in seeds and no
/// fault.
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
}

impl Default for FakeConfig {
    fn default() -> Self {
        FakeConfig {
            port: 0,
            imp_key: DEFAULT_IMP_KEY.to_string(),
            imp_secret: SecretString::new(DEFAULT_IMP_SECRET),
            seeds: None,
            fault: Fault::none(),
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
}
