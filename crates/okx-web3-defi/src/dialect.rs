//! [`OkxWeb3Dialect`]: OKX Web3 signing and the DeFi response envelope, for the shared
//! executor. Signing, the envelope and the shared codes come from `okx-common`.

use std::fmt;

use earn_core::http::{Dialect, Endpoint, HeaderMap, HeaderName, HeaderValue, RawResponse, SigningInput, Verdict};
use earn_core::{Credentials, Error, Result, UnixMillis, VenueId};
use okx_common::envelope::{EnvelopeRules, decode_success};
use okx_common::sign::insert_auth_headers;
use okx_common::time::{PUBLIC_TIME, parse_server_time};
use serde::de::DeserializeOwned;

/// This venue's id: `"okx-web3-defi"`.
pub const VENUE: VenueId = VenueId::from_static("okx-web3-defi");

/// How this API's envelope is read: its own code table; `data` is an object or an array
/// depending on the endpoint, so a missing `data` decodes as `[]` (an empty list, or a
/// model with every field absent); bare JSON arrays are payloads (as OKX's CLI reads them).
const RULES: EnvelopeRules =
    EnvelopeRules { venue: VENUE, classify: crate::errors::classify, empty_data: "[]", bare_arrays: true };

/// Where the client learns the venue's clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerTime {
    /// Sign with the local clock (default). The DeFi API documents no time endpoint, so a
    /// stale-timestamp rejection (`50102`/`50112`) is returned as an authentication error.
    #[default]
    LocalClock,
    /// Learn the offset from `GET /api/v5/public/time` (OKX's public exchange time endpoint,
    /// served on the same host family) when a timestamp is rejected, then re-sign once.
    OkxPublicTime,
}

/// OKX Web3 request signing and envelope interpretation for the shared executor.
///
/// Built by [`OkxWeb3DefiClientBuilder`](crate::OkxWeb3DefiClientBuilder); it is the
/// `Dialect` of every request type in [`api`](crate::api).
#[derive(Clone, Default)]
pub struct OkxWeb3Dialect {
    project_id: Option<HeaderValue>,
    server_time: ServerTime,
}

impl OkxWeb3Dialect {
    /// A dialect; `project_id` becomes the optional `OK-ACCESS-PROJECT` header.
    pub(crate) fn new(project_id: Option<&str>, server_time: ServerTime) -> Result<Self> {
        let project_id = project_id
            .map(|p| {
                let mut v = HeaderValue::from_str(p)
                    .map_err(|_| Error::invalid_input("project_id", "must be visible ASCII (an HTTP header value)"))?;
                v.set_sensitive(true);
                Ok::<_, Error>(v)
            })
            .transpose()?;
        Ok(OkxWeb3Dialect { project_id, server_time })
    }
}

impl fmt::Debug for OkxWeb3Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OkxWeb3Dialect")
            .field("project_id", &self.project_id.as_ref().map(|_| "[set]"))
            .field("server_time", &self.server_time)
            .finish()
    }
}

impl Dialect for OkxWeb3Dialect {
    fn venue(&self) -> VenueId {
        VENUE
    }

    fn sign(&self, input: &SigningInput<'_>, credentials: &Credentials, headers: &mut HeaderMap) -> Result<()> {
        insert_auth_headers(input, credentials, headers)
    }

    fn common_headers(&self, headers: &mut HeaderMap) {
        // Docs-auth: Content-Type on every request, GET included.
        headers.insert(HeaderName::from_static("content-type"), HeaderValue::from_static("application/json"));
        if let Some(p) = &self.project_id {
            headers.insert(HeaderName::from_static("ok-access-project"), p.clone());
        }
    }

    /// One scan for the common case (okx-common's
    /// [`decode_success`](okx_common::envelope::decode_success)); anything else goes through
    /// [`interpret`](Self::interpret).
    fn decode_success<T: DeserializeOwned>(&self, _endpoint: &Endpoint, r: &RawResponse) -> Option<T> {
        decode_success(r)
    }

    fn interpret<'a>(&self, endpoint: &Endpoint, response: &'a RawResponse) -> Verdict<'a> {
        RULES.interpret(endpoint, response)
    }

    fn time_endpoint(&self) -> Option<&'static Endpoint> {
        match self.server_time {
            ServerTime::LocalClock => None,
            ServerTime::OkxPublicTime => Some(&PUBLIC_TIME),
        }
    }

    fn parse_server_time(&self, payload: &str) -> Result<UnixMillis> {
        parse_server_time(VENUE, payload)
    }
}

#[cfg(test)]
mod tests {
    use earn_core::http::{Endpoint, HeaderMap, RawResponse, Verdict};

    use super::*;

    fn raw(status: u16, body: &'static str) -> RawResponse {
        RawResponse { status, headers: HeaderMap::new(), body: body.as_bytes().to_vec().into() }
    }

    static READ: Endpoint = Endpoint::get("/r");

    /// The single-pass path never disagrees with the full one: it answers only plain
    /// successes, and then with the same payload.
    #[test]
    fn the_fast_path_agrees_with_interpret() {
        let d = OkxWeb3Dialect::default();
        let cases = [
            (200, r#"{"code":0,"msg":"","data":[1,2]}"#),
            (200, r#"{"code":"0","data":[3]}"#),
            (200, r#"{"code":0,"data":null}"#),
            (200, r#"{"code":0}"#),
            (200, r#"{"code":84019,"msg":"bad","data":[1]}"#),
            (200, r#"{"code":"51000","data":[]}"#),
            (500, r#"{"code":0,"data":[1]}"#),
            (200, r#"[4,5]"#),
        ];
        for (status, body) in cases {
            let r = raw(status, body);
            let fast: Option<Vec<u8>> = d.decode_success(&READ, &r);
            let full = match d.interpret(&READ, &r) {
                Verdict::Success(p) => serde_json::from_str::<Vec<u8>>(p).ok(),
                _ => None,
            };
            if let Some(v) = fast {
                assert_eq!(Some(v), full, "{body}");
            }
        }
        assert_eq!(d.decode_success::<Vec<u8>>(&READ, &raw(200, r#"{"code":0,"data":[1,2]}"#)), Some(vec![1, 2]));
    }
}
