//! [`Dialect`]: what each venue teaches the shared executor (signing, envelopes, time).

use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::Endpoint;
use crate::{Credentials, Error, Result, UnixMillis, VenueError, VenueId};

/// The exact bytes a signature covers.
#[derive(Debug, Clone, Copy)]
pub struct SigningInput<'a> {
    /// Method.
    pub method: &'a Method,
    /// Path, starting with `/`.
    pub path: &'a str,
    /// Encoded query string without `?` (empty when none), exactly as sent.
    pub query: &'a str,
    /// Body bytes exactly as sent (empty for GET).
    pub body: &'a [u8],
    /// The venue-clock time to sign with.
    pub timestamp: UnixMillis,
}

/// An HTTP answer, before interpretation.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// Body bytes.
    pub body: Bytes,
}

/// What to do after a definite rejection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryHint {
    /// Repeating will not help.
    Never,
    /// Transient (rate limit, busy): repeat after a backoff of at least `after`.
    Transient {
        /// The venue's requested wait, when given.
        after: Option<Duration>,
    },
    /// The timestamp was rejected: learn the server clock, re-sign, send once more.
    ResyncClock,
}

/// A venue's reading of one response.
#[derive(Debug)]
pub enum Verdict<'a> {
    /// Success; the payload JSON (e.g. the envelope's `data`) to decode.
    Success(&'a str),
    /// The venue definitely did not act.
    Rejected {
        /// The categorized error.
        error: Error,
        /// Whether and how to repeat.
        retry: RetryHint,
    },
    /// The venue may have acted (5xx, server timeout code, unlisted code).
    Uncertain(VenueError),
    /// A success status whose body could not be read.
    Undecodable(String),
}

/// Venue-specific knowledge the shared [`HttpClient`](super::HttpClient) needs.
pub trait Dialect: Send + Sync + 'static {
    /// The venue.
    fn venue(&self) -> VenueId;

    /// Adds authentication headers for a signed request.
    fn sign(&self, input: &SigningInput<'_>, credentials: &Credentials, headers: &mut HeaderMap) -> Result<()>;

    /// For venues that sign in the query string (Binance): the text appended to the query
    /// of each attempt, after `&` (`recvWindow=…&timestamp=…&signature=…`), computed after
    /// the rate budget was acquired so the timestamp is fresh. `input.query` is the query
    /// as sent before the suffix. Default: none.
    fn signed_query(&self, input: &SigningInput<'_>, credentials: &Credentials) -> Result<Option<String>> {
        let _ = (input, credentials);
        Ok(None)
    }

    /// Adds headers sent on every request (content type, environment flags).
    fn common_headers(&self, _headers: &mut HeaderMap) {}

    /// Classifies a response.
    fn interpret<'a>(&self, endpoint: &Endpoint, response: &'a RawResponse) -> Verdict<'a>;

    /// Optional single-pass fast path: decodes a **success** answer straight into `T`,
    /// reading the envelope and the payload in one scan.
    ///
    /// Return `None` for anything that is not plainly a success (any other status or code,
    /// an unexpected shape): the executor then classifies the response with
    /// [`interpret`](Self::interpret) as usual, so errors keep their full handling. The
    /// default always returns `None`.
    fn decode_success<T: DeserializeOwned>(&self, endpoint: &Endpoint, response: &RawResponse) -> Option<T> {
        let _ = (endpoint, response);
        None
    }

    /// The public server-time endpoint, if the venue has one.
    fn time_endpoint(&self) -> Option<&'static Endpoint> {
        None
    }

    /// Reads the server time from the time endpoint's payload.
    fn parse_server_time(&self, _payload: &str) -> Result<UnixMillis> {
        Err(Error::Config(format!("{} has no server-time endpoint", self.venue())))
    }
}

/// Reads `Retry-After` as seconds (the form venues send).
pub fn retry_after_header(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    v.trim().parse::<u64>().ok().map(Duration::from_secs)
}
