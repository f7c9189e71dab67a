//! `GET /v5/market/time`: Bybit's clock.

use earn_core::http::Query;
use earn_core::{Result, UnixMillis};
use serde::Deserialize;

use crate::BybitEarnClient;
use crate::endpoints::SERVER_TIME;

/// `result` of `GET /v5/market/time`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ServerTime {
    /// Server time, seconds.
    #[serde(default, deserialize_with = "crate::serde_util::opt_i64")]
    pub time_second: Option<i64>,
    /// Server time, nanoseconds (text of up to 19 digits).
    #[serde(default, deserialize_with = "crate::serde_util::opt_string")]
    pub time_nano: Option<String>,
}

impl ServerTime {
    /// The time in milliseconds: from `timeNano` when present, else `timeSecond`.
    pub fn millis(&self) -> Option<UnixMillis> {
        if let Some(ns) = self.time_nano.as_deref().and_then(|n| n.parse::<i128>().ok()) {
            return i64::try_from(ns / 1_000_000).ok().map(UnixMillis);
        }
        self.time_second.and_then(|s| s.checked_mul(1000)).map(UnixMillis)
    }
}

impl BybitEarnClient {
    /// `GET /v5/market/time` (public): Bybit's server time.
    pub async fn server_time(&self) -> Result<ServerTime> {
        self.get(&SERVER_TIME, Query::new()).await
    }
}
