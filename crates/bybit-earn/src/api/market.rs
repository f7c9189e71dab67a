//! Market: Bybit's clock.
//!
//! | Endpoint | Request | Answer |
//! |---|---|---|
//! | `GET /v5/market/time` | [`GetServerTime`] | [`ServerTime`] |

use earn_core::http::{ApiRequest, Endpoint};

pub use crate::dialect::ServerTime;
use crate::dialect::{BybitDialect, SERVER_TIME};

/// `GET /v5/market/time` (public): Bybit's server time. To correct the client's clock,
/// use [`BybitEarnClient::sync_clock`](crate::BybitEarnClient::sync_clock).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetServerTime;

impl ApiRequest for GetServerTime {
    type Dialect = BybitDialect;
    type Response = ServerTime;

    fn endpoint(&self) -> &'static Endpoint {
        &SERVER_TIME
    }
}
