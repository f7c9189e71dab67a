//! The public OKX server time (`GET /api/v5/public/time`, 10 requests per 2 s per IP),
//! which the client also uses to learn its clock offset.
//!
//! ```
//! use earn_core::http::ApiRequest;
//! use okx_staking::api::public::GetServerTime;
//! assert_eq!(GetServerTime.endpoint().path, "/api/v5/public/time");
//! ```

use earn_core::UnixMillis;
use earn_core::http::{ApiRequest, Endpoint};
use earn_core::wire::lenient;
use okx_common::time::PUBLIC_TIME;
use serde::Deserialize;

use crate::dialect::OkxDialect;

/// `GET /api/v5/public/time`: the OKX server time (public, no parameters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetServerTime;

impl ApiRequest for GetServerTime {
    type Dialect = OkxDialect;
    type Response = Vec<ServerTime>;

    fn endpoint(&self) -> &'static Endpoint {
        &PUBLIC_TIME
    }
}

/// The answer of [`GetServerTime`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ServerTime {
    /// The server time.
    #[serde(deserialize_with = "lenient::opt")]
    pub ts: Option<UnixMillis>,
}
