//! [`Credentials`]: API key, secret and passphrase, never printed.

use std::fmt;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

/// An API key with its secret and (OKX) passphrase.
///
/// The secret never leaves this type: signatures are computed here
/// ([`hmac_sha256_hex`](Self::hmac_sha256_hex), [`hmac_sha256_base64`](Self::hmac_sha256_base64)).
/// `Debug` and `Display` show only the first four characters of the key.
///
/// ```
/// use earn_core::Credentials;
/// let c = Credentials::new("my-key-123", "s3cr3t").with_passphrase("pass");
/// assert!(!format!("{c:?}").contains("s3cr3t"));
/// assert!(!format!("{c}").contains("pass"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    api_key: SecretString,
    secret: SecretString,
    passphrase: Option<SecretString>,
}

impl Credentials {
    /// Key and secret.
    pub fn new(api_key: impl Into<String>, secret: impl Into<String>) -> Self {
        Credentials {
            api_key: SecretString::from(api_key.into()),
            secret: SecretString::from(secret.into()),
            passphrase: None,
        }
    }

    /// Adds the passphrase (OKX).
    pub fn with_passphrase(mut self, passphrase: impl Into<String>) -> Self {
        self.passphrase = Some(SecretString::from(passphrase.into()));
        self
    }

    /// Reads `{PREFIX}_API_KEY`, `{PREFIX}_API_SECRET` and, if set, `{PREFIX}_PASSPHRASE`.
    ///
    /// Returns `None` when key or secret is missing.
    pub fn from_env(prefix: &str) -> Option<Self> {
        let key = std::env::var(format!("{prefix}_API_KEY")).ok()?;
        let secret = std::env::var(format!("{prefix}_API_SECRET")).ok()?;
        let mut c = Credentials::new(key, secret);
        if let Ok(p) = std::env::var(format!("{prefix}_PASSPHRASE")) {
            c = c.with_passphrase(p);
        }
        Some(c)
    }

    /// The API key, for the key header.
    pub fn api_key(&self) -> &str {
        self.api_key.expose_secret()
    }

    /// The passphrase, for the passphrase header.
    pub fn passphrase(&self) -> Option<&str> {
        self.passphrase.as_ref().map(|p| p.expose_secret())
    }

    /// HMAC-SHA256 of `message` keyed with the secret's UTF-8 bytes.
    pub fn hmac_sha256(&self, message: &[u8]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.secret.expose_secret().as_bytes())
            .expect("HMAC accepts keys of any length");
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// HMAC-SHA256 of the concatenation of `parts`, fed in order without joining them
    /// first (a pre-sign text signed without building it).
    ///
    /// ```
    /// use earn_core::Credentials;
    /// let c = Credentials::new("k", "s");
    /// assert_eq!(c.hmac_sha256_parts(&[b"12", b"", b"3"]), c.hmac_sha256(b"123"));
    /// ```
    pub fn hmac_sha256_parts(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.secret.expose_secret().as_bytes())
            .expect("HMAC accepts keys of any length");
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    /// [`hmac_sha256`](Self::hmac_sha256) as lowercase hex (Bybit).
    pub fn hmac_sha256_hex(&self, message: &[u8]) -> String {
        hex::encode(self.hmac_sha256(message))
    }

    /// [`hmac_sha256`](Self::hmac_sha256) as standard Base64 (OKX).
    pub fn hmac_sha256_base64(&self, message: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.hmac_sha256(message))
    }

    /// The key, the secret and the passphrase, for removing them from text a venue echoes.
    #[cfg(feature = "http")]
    pub(crate) fn secret_texts(&self) -> Vec<&str> {
        let mut out = vec![self.api_key.expose_secret(), self.secret.expose_secret()];
        out.extend(self.passphrase());
        out
    }

    fn key_hint(&self) -> String {
        let k = self.api_key.expose_secret();
        let head: String = k.chars().take(4).collect();
        if k.chars().count() > 4 { format!("{head}…") } else { "…".to_owned() }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("api_key", &self.key_hint())
            .field("secret", &"[redacted]")
            .field("passphrase", &self.passphrase.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "key {} (secret redacted)", self.key_hint())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_secret_is_printed() {
        let c = Credentials::new("ABCDEFGHIJ", "TOPSECRETVALUE").with_passphrase("PASSPHRASE42");
        for shown in [format!("{c:?}"), format!("{c:#?}"), c.to_string()] {
            assert!(!shown.contains("TOPSECRETVALUE"), "{shown}");
            assert!(!shown.contains("PASSPHRASE42"), "{shown}");
            assert!(!shown.contains("EFGHIJ"), "{shown}");
        }
        let short = Credentials::new("AB", "x");
        assert!(!format!("{short:?}").contains("AB"));
    }

    #[test]
    fn hmac_matches_rfc4231_case_2() {
        let c = Credentials::new("k", "Jefe");
        assert_eq!(
            c.hmac_sha256_hex(b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
