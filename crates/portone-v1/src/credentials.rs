//! The REST API key and secret a client authenticates with.

use std::fmt;

use crate::secret::SecretString;

/// The REST API key and secret. `Debug` never shows the secret.
#[derive(Clone)]
pub struct Credentials {
    imp_key: String,
    imp_secret: SecretString,
}

impl Credentials {
    /// Key and secret from the PortOne admin console.
    pub fn new(imp_key: impl Into<String>, imp_secret: impl Into<SecretString>) -> Self {
        Credentials {
            imp_key: imp_key.into(),
            imp_secret: imp_secret.into(),
        }
    }

    /// The REST API key (not a secret on its own).
    pub fn imp_key(&self) -> &str {
        &self.imp_key
    }

    /// The REST API secret.
    pub fn imp_secret(&self) -> &SecretString {
        &self.imp_secret
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("imp_key", &self.imp_key)
            .field("imp_secret", &self.imp_secret)
            .finish()
    }
}
