//! [`DemoCredentials`]: the keys the simulator accepts.

use std::fmt;

/// An API key the simulator accepts, with its secret and (OKX) passphrase.
///
/// These are demo values for a local simulator, so `Debug` shows them: print them for
/// users of the standalone binary. Never put real keys here.
#[derive(Clone, PartialEq, Eq)]
pub struct DemoCredentials {
    /// API key.
    pub api_key: String,
    /// Secret used for HMAC signatures.
    pub secret: String,
    /// Passphrase (OKX venues); `None` for Bybit.
    pub passphrase: Option<String>,
}

impl DemoCredentials {
    /// Key and secret, no passphrase.
    pub fn new(api_key: impl Into<String>, secret: impl Into<String>) -> Self {
        DemoCredentials { api_key: api_key.into(), secret: secret.into(), passphrase: None }
    }

    /// Adds a passphrase.
    pub fn with_passphrase(mut self, p: impl Into<String>) -> Self {
        self.passphrase = Some(p.into());
        self
    }

    /// As `earn_core::Credentials`, for the real clients.
    pub fn to_credentials(&self) -> earn_core::Credentials {
        let c = earn_core::Credentials::new(self.api_key.clone(), self.secret.clone());
        match &self.passphrase {
            Some(p) => c.with_passphrase(p.clone()),
            None => c,
        }
    }
}

impl fmt::Debug for DemoCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DemoCredentials")
            .field("api_key", &self.api_key)
            .field("secret", &self.secret)
            .field("passphrase", &self.passphrase)
            .finish()
    }
}
