//! Market: Binance's clock (reference §8.1).
//!
//! | Endpoint | Request | Answer |
//! |---|---|---|
//! | `GET /api/v3/time` | [`GetServerTime`] | [`ServerTime`] |

use earn_core::http::{ApiRequest, Endpoint};

pub use crate::dialect::ServerTime;
use crate::dialect::{BinanceDialect, SERVER_TIME};

/// `GET /api/v3/time` (public, `/api` weight 1): Binance's server time. To correct the
/// client's clock, use [`BinanceEarnClient::sync_clock`](crate::BinanceEarnClient::sync_clock).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetServerTime;

impl ApiRequest for GetServerTime {
    type Dialect = BinanceDialect;
    type Response = ServerTime;

    fn endpoint(&self) -> &'static Endpoint {
        &SERVER_TIME
    }
}
