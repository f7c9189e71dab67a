//! [`ApiRequest`]: each venue request is a type that names its endpoint and its answer.

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Dialect, Endpoint, Query};
use crate::{Error, ReconcileIntent, Result};

/// One venue request as a type (as async-stripe does): its endpoint, its response type, its
/// query or body, and its own validation.
///
/// The executor's one generic [`send`](super::HttpClient::send) calls
/// [`validate`](Self::validate) before anything is sent, so a request is checked exactly
/// once with every rule that can be checked locally. A new endpoint is one struct and one
/// short `impl`.
///
/// ```
/// use earn_core::http::{ApiRequest, Endpoint, Query, Dialect};
/// # use earn_core::http::{HeaderMap, RawResponse, SigningInput, Verdict};
/// # use earn_core::{Credentials, Result, VenueId};
/// # struct MyDialect;
/// # impl Dialect for MyDialect {
/// #     fn venue(&self) -> VenueId { VenueId::from_static("my") }
/// #     fn sign(&self, _: &SigningInput<'_>, _: &Credentials, _: &mut HeaderMap) -> Result<()> { Ok(()) }
/// #     fn interpret<'a>(&self, _: &Endpoint, r: &'a RawResponse) -> Verdict<'a> {
/// #         Verdict::Success(std::str::from_utf8(&r.body).unwrap_or("null"))
/// #     }
/// # }
/// static BALANCE: Endpoint = Endpoint::get("/api/balance");
///
/// /// `GET /api/balance`: the balance of one currency.
/// struct GetBalance { ccy: String }
///
/// impl ApiRequest for GetBalance {
///     type Dialect = MyDialect;
///     type Response = Vec<serde_json::Value>;
///     fn endpoint(&self) -> &'static Endpoint { &BALANCE }
///     fn validate(&self) -> Result<()> { earn_core::validate::check_id("ccy", &self.ccy, 16) }
///     fn query(&self) -> Query { Query::new().push("ccy", &self.ccy) }
/// }
/// assert!(GetBalance { ccy: "E T H".into() }.validate().is_err());
/// ```
pub trait ApiRequest: Send + Sync {
    /// The venue dialect that signs and reads this request (a request of one venue cannot
    /// be sent through another venue's client).
    type Dialect: Dialect;
    /// The decoded success payload.
    type Response: DeserializeOwned + Send;

    /// The endpoint: method, path, access, read or write, rate limits.
    fn endpoint(&self) -> &'static Endpoint;

    /// Checks every rule that can be checked without the network; the error names the
    /// field and the rule. Called once by the executor, before anything is sent.
    fn validate(&self) -> Result<()> {
        Ok(())
    }

    /// The query string (GET parameters).
    fn query(&self) -> Query {
        Query::new()
    }

    /// The body bytes, exactly as they are signed and sent (POST); `None` for no body.
    fn body(&self) -> Result<Option<Bytes>> {
        Ok(None)
    }

    /// What reconciliation needs if this write's outcome becomes unknown, in the venue's
    /// own vocabulary (its client id, product id, amount). `None` for reads; the executor
    /// then records the endpoint, the operation and the send time.
    fn intent(&self) -> Option<ReconcileIntent> {
        None
    }
}

/// Serializes `body` as compact JSON, once: the bytes that are signed and sent.
pub fn json_body<T: Serialize + ?Sized>(body: &T) -> Result<Option<Bytes>> {
    serde_json::to_vec(body)
        .map(|v| Some(Bytes::from(v)))
        .map_err(|e| Error::invalid_input("body", format!("cannot serialize: {e}")))
}
