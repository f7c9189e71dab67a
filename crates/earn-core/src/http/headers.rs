//! Header values for the signing dialects: secrets marked sensitive, signatures encoded on
//! the stack, no intermediate `String`.
//!
//! A value marked sensitive never prints (`HeaderValue`'s `Debug` hides it) and is removed
//! by the executor from any answer that echoes it back.

use base64::Engine as _;
use reqwest::header::HeaderValue;

use crate::{Error, Result};

/// `text` as a header value marked sensitive (an API key, a passphrase).
///
/// Fails with [`Error::Config`] naming `what` when `text` holds characters an HTTP header
/// cannot carry; the text itself is never part of the error.
///
/// ```
/// use earn_core::http::sensitive_header;
/// let v = sensitive_header("API key", "my-key")?;
/// assert!(v.is_sensitive() && v == "my-key");
/// assert!(sensitive_header("API key", "bad\nkey").unwrap_err().to_string().contains("API key"));
/// # Ok::<(), earn_core::Error>(())
/// ```
pub fn sensitive_header(what: &str, text: &str) -> Result<HeaderValue> {
    let mut value = HeaderValue::from_str(text)
        .map_err(|_| Error::Config(format!("{what} contains characters not allowed in an HTTP header")))?;
    value.set_sensitive(true);
    Ok(value)
}

/// A 32-byte digest as lowercase hex (64 characters), a header value marked sensitive
/// (Bybit's `X-BAPI-SIGN`).
///
/// ```
/// use earn_core::http::sensitive_hex_header;
/// let v = sensitive_hex_header(&[0xab; 32]);
/// assert!(v.is_sensitive() && v == "ab".repeat(32).as_str());
/// ```
pub fn sensitive_hex_header(digest: &[u8; 32]) -> HeaderValue {
    let mut text = [0u8; 64];
    hex::encode_to_slice(digest, &mut text).expect("64 bytes hold 32 in hex");
    sensitive_bytes(&text)
}

/// A 32-byte digest as standard Base64 (44 characters), a header value marked sensitive
/// (OKX's `OK-ACCESS-SIGN`).
///
/// ```
/// use earn_core::http::sensitive_base64_header;
/// let v = sensitive_base64_header(&[0; 32]);
/// assert!(v.is_sensitive() && v == "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
/// ```
pub fn sensitive_base64_header(digest: &[u8; 32]) -> HeaderValue {
    let mut text = [0u8; 44];
    let n =
        base64::engine::general_purpose::STANDARD.encode_slice(digest, &mut text).expect("44 bytes hold 32 in Base64");
    sensitive_bytes(&text[..n])
}

/// Hex and Base64 are visible ASCII, always a valid header value.
fn sensitive_bytes(text: &[u8]) -> HeaderValue {
    let mut value = HeaderValue::from_bytes(text).expect("hex and Base64 are valid header text");
    value.set_sensitive(true);
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_match_the_string_forms() {
        let digest: [u8; 32] = std::array::from_fn(|i| (i * 37 + 11) as u8);
        assert_eq!(sensitive_hex_header(&digest), hex::encode(digest).as_str());
        assert_eq!(sensitive_base64_header(&digest), base64::engine::general_purpose::STANDARD.encode(digest).as_str());
        let err = sensitive_header("passphrase", "pass\u{7f}word").unwrap_err();
        assert!(!err.to_string().contains("pass\u{7f}word"), "{err}");
    }
}
