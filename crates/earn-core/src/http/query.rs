//! [`Query`]: a query string encoded once, then signed and sent as is.

use std::fmt::Display;

/// A query string built in insertion order; values percent-encoded once.
///
/// Signing and sending use the same text, so a signature can never disagree with the URL.
///
/// ```
/// use earn_core::http::Query;
/// let q = Query::new().push("type", "redeem").push_opt("after", None::<&str>).push("limit", 10);
/// assert_eq!(q.as_str(), "type=redeem&limit=10");
/// assert_eq!(Query::new().push("c", "a b+c").as_str(), "c=a%20b%2Bc");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query(String);

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Query(String::new())
    }

    /// Appends `key=value`.
    pub fn push(mut self, key: &str, value: impl Display) -> Self {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        encode_into(&mut self.0, key);
        self.0.push('=');
        encode_into(&mut self.0, &value.to_string());
        self
    }

    /// Appends `key=value` when `value` is `Some` and not empty.
    pub fn push_opt(self, key: &str, value: Option<impl Display>) -> Self {
        match value.map(|v| v.to_string()) {
            Some(v) if !v.is_empty() => self.push(key, v),
            _ => self,
        }
    }

    /// The encoded text, without a leading `?`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn encode_into(out: &mut String, s: &str) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
}
