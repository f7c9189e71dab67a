//! [`OkxDialect`]: OKX request signing, the `{code, msg, data}` envelope and the server
//! clock, taught to earn-core's shared executor. Everything OKX-wide comes from okx-common;
//! only the code table ([`crate::errors`]) is this API's own.

use earn_core::http::{Dialect, Endpoint, HeaderMap, HeaderName, HeaderValue, RawResponse, SigningInput, Verdict};
use earn_core::{Credentials, Result, UnixMillis, VenueId};
use okx_common::Environment;
use okx_common::envelope::{EnvelopeRules, decode_success};
use okx_common::sign::insert_auth_headers;
use okx_common::time::{PUBLIC_TIME, parse_server_time};
use serde::de::DeserializeOwned;

use crate::errors::classify;

/// This venue's id: `"okx-staking"`.
pub const VENUE: VenueId = VenueId::from_static("okx-staking");

/// How this API reads its envelope: every payload is a list, `data` absent means `[]`.
const RULES: EnvelopeRules = EnvelopeRules { venue: VENUE, classify, empty_data: "[]", bare_arrays: false };

/// Teaches earn-core's executor how the OKX exchange API signs, answers and tells time.
///
/// `OK-ACCESS-SIGN` is `Base64(HMAC-SHA256(secret, timestamp + METHOD + path[?query] + body))`
/// over exactly the bytes sent, with the OKX clock's ISO-8601 timestamp; the key, the
/// signature and the passphrase are sensitive headers. [`Environment::Demo`] adds
/// `x-simulated-trading: 1`; [`Environment::Live`] sends no such header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OkxDialect {
    environment: Environment,
}

impl OkxDialect {
    /// A dialect for `environment`.
    pub fn new(environment: Environment) -> Self {
        OkxDialect { environment }
    }

    /// The environment.
    pub fn environment(&self) -> Environment {
        self.environment
    }
}

impl Dialect for OkxDialect {
    fn venue(&self) -> VenueId {
        VENUE
    }

    fn sign(&self, input: &SigningInput<'_>, credentials: &Credentials, headers: &mut HeaderMap) -> Result<()> {
        insert_auth_headers(input, credentials, headers)
    }

    fn common_headers(&self, headers: &mut HeaderMap) {
        headers.insert(HeaderName::from_static("content-type"), HeaderValue::from_static("application/json"));
        if self.environment == Environment::Demo {
            headers.insert(HeaderName::from_static("x-simulated-trading"), HeaderValue::from_static("1"));
        }
    }

    fn interpret<'a>(&self, endpoint: &Endpoint, response: &'a RawResponse) -> Verdict<'a> {
        RULES.interpret(endpoint, response)
    }

    fn decode_success<T: DeserializeOwned>(&self, _endpoint: &Endpoint, response: &RawResponse) -> Option<T> {
        decode_success(response)
    }

    fn time_endpoint(&self) -> Option<&'static Endpoint> {
        Some(&PUBLIC_TIME)
    }

    fn parse_server_time(&self, payload: &str) -> Result<UnixMillis> {
        parse_server_time(VENUE, payload)
    }
}
