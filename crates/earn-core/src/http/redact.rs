//! Removes credentials and signatures a venue echoes back before its answer is read.
//!
//! Bybit answers a bad signature with `error sign! origin_string[timestamp + APIKEY + …]`,
//! which holds the full API key. Every answer that is not a plain success passes through
//! [`Redactor::scrub`] before it can reach an error message, an excerpt or a log.

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue};

use super::RawResponse;
use crate::Credentials;

/// What replaces a secret in a venue's answer.
pub(crate) const REDACTED: &str = "[redacted]";

/// Shorter values are not redacted: they would match ordinary text.
const MIN_SECRET_LEN: usize = 4;

/// The sensitive header values of one request (the signature, and any other secret the
/// dialect marked sensitive), exactly as sent, kept at the cost of a reference count each
/// until the answer is known. Values equal to the credentials' key or passphrase are not
/// kept again: [`Redactor::new`] adds the credentials themselves.
///
/// Every attempt keeps them; only an answer that is not a plain success turns them into a
/// [`Redactor`], so a success never pays for copying secrets it will not scrub.
#[derive(Default)]
pub(crate) struct SentSecrets {
    values: Vec<HeaderValue>,
}

impl SentSecrets {
    /// The values of `headers` marked sensitive, but for the credentials' own texts.
    pub(crate) fn of(headers: &HeaderMap, credentials: Option<&Credentials>) -> Self {
        let (key, passphrase) = match credentials {
            Some(c) => (c.api_key().as_bytes(), c.passphrase().map(str::as_bytes)),
            None => (&b""[..], None),
        };
        let values = headers
            .values()
            .filter(|v| v.is_sensitive() && v.as_bytes() != key && Some(v.as_bytes()) != passphrase)
            .cloned()
            .collect();
        SentSecrets { values }
    }
}

/// The secret texts of one request: the credentials, and every header value marked
/// sensitive (the key, the signature, the passphrase) exactly as sent.
pub(crate) struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    pub(crate) fn new(credentials: Option<&Credentials>, sent: &SentSecrets) -> Self {
        let mut secrets: Vec<String> = Vec::new();
        if let Some(c) = credentials {
            secrets.extend(c.secret_texts().into_iter().map(str::to_owned));
        }
        for value in &sent.values {
            if let Ok(text) = value.to_str() {
                secrets.push(text.to_owned());
            }
        }
        secrets.retain(|s| s.len() >= MIN_SECRET_LEN);
        // Longest first, so a secret that contains another is removed whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        Redactor { secrets }
    }

    /// The response with every secret in its body replaced by `[redacted]`.
    pub(crate) fn scrub(&self, mut raw: RawResponse) -> RawResponse {
        if let Some(clean) = self.scrub_bytes(&raw.body) {
            raw.body = clean;
        }
        raw
    }

    fn scrub_bytes(&self, body: &[u8]) -> Option<Bytes> {
        let mut text: Option<Vec<u8>> = None;
        for secret in &self.secrets {
            let current = text.as_deref().unwrap_or(body);
            if let Some(replaced) = replace_all(current, secret.as_bytes(), REDACTED.as_bytes()) {
                text = Some(replaced);
            }
        }
        text.map(Bytes::from)
    }
}

/// `haystack` with every `needle` replaced, or `None` when there is none.
fn replace_all(haystack: &[u8], needle: &[u8], with: &[u8]) -> Option<Vec<u8>> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    let mut out = Vec::new();
    let mut i = 0;
    let mut found = false;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
            found = true;
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    found.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoed_key_signature_and_secret_are_removed() {
        let creds = Credentials::new("KEY-ABCDEFGH", "SECRET-123456").with_passphrase("PASS-9876");
        let mut headers = HeaderMap::new();
        let mut sign = HeaderValue::from_static("c2lnbmF0dXJlPT0=");
        sign.set_sensitive(true);
        headers.insert("x-sign", sign);
        headers.insert("x-ts", HeaderValue::from_static("1711000000000"));
        let mut key = HeaderValue::from_static("KEY-ABCDEFGH");
        key.set_sensitive(true);
        headers.insert("x-key", key);
        // Only the signature is kept: the key is one of the credentials' own texts.
        assert_eq!(SentSecrets::of(&headers, Some(&creds)).values.len(), 1);
        assert_eq!(SentSecrets::of(&headers, None).values.len(), 2);
        let r = Redactor::new(Some(&creds), &SentSecrets::of(&headers, Some(&creds)));
        let body = br#"{"retCode":10004,"retMsg":"error sign! origin_string[1711000000000KEY-ABCDEFGH5000] sign c2lnbmF0dXJlPT0= PASS-9876 SECRET-123456"}"#;
        let raw = RawResponse { status: 200, headers: HeaderMap::new(), body: Bytes::from_static(body) };
        let clean = String::from_utf8(r.scrub(raw).body.to_vec()).unwrap();
        for secret in ["KEY-ABCDEFGH", "c2lnbmF0dXJlPT0=", "PASS-9876", "SECRET-123456"] {
            assert!(!clean.contains(secret), "{clean}");
        }
        assert!(clean.contains("origin_string[1711000000000[redacted]5000]"), "{clean}");
    }

    #[test]
    fn clean_bodies_are_untouched() {
        let creds = Credentials::new("KEY-ABCDEFGH", "SECRET-123456");
        let r = Redactor::new(Some(&creds), &SentSecrets::default());
        let body = Bytes::from_static(br#"{"code":"0"}"#);
        let raw = RawResponse { status: 200, headers: HeaderMap::new(), body: body.clone() };
        assert_eq!(r.scrub(raw).body, body);
        assert_eq!(replace_all(b"aXa", b"X", b"--"), Some(b"a--a".to_vec()));
        assert_eq!(replace_all(b"a", b"XX", b"-"), None);
    }
}
