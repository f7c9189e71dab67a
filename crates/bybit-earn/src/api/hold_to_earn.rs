//! Hold to Earn (airdrops): reference §6.3. Times in **seconds**.
//!
//! | Endpoint | Request | Answer |
//! |---|---|---|
//! | `GET /v5/earn/hold-to-earn/product` | [`GetHoldToEarnProducts`] | [`HoldProducts`] |
//! | `GET /v5/earn/hold-to-earn/yield-history` | [`GetHoldToEarnYield`] | [`AirdropYieldPage`] |

use std::time::Duration;

use earn_core::http::{ApiRequest, Endpoint, Query};
use earn_core::wire::lenient;
use earn_core::{Amount, Error, Result};
use serde::Deserialize;

use super::common::AprText;
use crate::client::{Paged, Paginated};
use crate::dialect::{BybitDialect, public, read, signed_public};

pub(crate) static HOLD_PRODUCT_PUBLIC: Endpoint = public("/v5/earn/hold-to-earn/product");
pub(crate) static HOLD_PRODUCT_SIGNED: Endpoint = signed_public("/v5/earn/hold-to-earn/product");
pub(crate) static HOLD_YIELD_HISTORY: Endpoint = read("/v5/earn/hold-to-earn/yield-history");

earn_core::open_enum! {
    /// Hold to Earn product status.
    pub enum HoldProductStatus {
        /// Not started.
        NotStarted = "NotStarted",
        /// Running.
        Online = "Online",
        /// Ended.
        Ended = "Ended",
    }
}

/// `GET /v5/earn/hold-to-earn/product`: unsigned by default; [`signed`](Self::signed)
/// filters the list for the user, which needs credentials.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetHoldToEarnProducts {
    /// Whether the request is signed (filtered for the user).
    pub signed: bool,
}

impl GetHoldToEarnProducts {
    /// The public form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Signs the request so that Bybit filters the list for the user.
    pub fn signed(mut self, signed: bool) -> Self {
        self.signed = signed;
        self
    }
}

impl ApiRequest for GetHoldToEarnProducts {
    type Dialect = BybitDialect;
    type Response = HoldProducts;

    fn endpoint(&self) -> &'static Endpoint {
        if self.signed { &HOLD_PRODUCT_SIGNED } else { &HOLD_PRODUCT_PUBLIC }
    }
}

/// A yield of a Hold to Earn product (`yields[]`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HoldYield {
    /// `coinName`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub coin_name: Option<String>,
    /// `apy` (`"10%"`), raw text kept.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub apy: Option<AprText>,
}

/// One Hold to Earn product.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HoldProduct {
    /// `coinName`.
    #[serde(default)]
    pub coin_name: String,
    /// `yields[]`.
    #[serde(default)]
    pub yields: Vec<HoldYield>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<HoldProductStatus>,
    /// `apy`, raw text kept.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub apy: Option<AprText>,
    /// `announcementUrl`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub announcement_url: Option<String>,
}

/// `result` of `GET /v5/earn/hold-to-earn/product`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct HoldProducts {
    /// `products[]`.
    #[serde(default)]
    pub products: Vec<HoldProduct>,
}

/// `GET /v5/earn/hold-to-earn/yield-history`: daily airdrop records, one page (cursor key
/// `nextCursor`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetHoldToEarnYield {
    /// `timeStart`, Unix seconds (≥ now − 3 months; 0 with `timeEnd` 0 = 3 months).
    pub time_start: Option<i64>,
    /// `timeEnd`, Unix seconds.
    pub time_end: Option<i64>,
    /// `limit` (required): 1–49.
    pub limit: u32,
    /// `cursor`.
    pub cursor: Option<String>,
}

impl GetHoldToEarnYield {
    /// Pages of `limit` records (1–49).
    pub fn new(limit: u32) -> Self {
        GetHoldToEarnYield { time_start: None, time_end: None, limit, cursor: None }
    }

    /// Sets `timeStart` and `timeEnd` (seconds).
    pub fn range_seconds(mut self, start: i64, end: i64) -> Self {
        self.time_start = Some(start);
        self.time_end = Some(end);
        self
    }
}

impl ApiRequest for GetHoldToEarnYield {
    type Dialect = BybitDialect;
    type Response = AirdropYieldPage;

    fn endpoint(&self) -> &'static Endpoint {
        &HOLD_YIELD_HISTORY
    }

    fn validate(&self) -> Result<()> {
        earn_core::validate::check_limit("limit", Some(self.limit), 49)?;
        let now = earn_core::UnixMillis::now_local().0 / 1000;
        let oldest = now - i64::try_from(Duration::from_secs(93 * 86_400).as_secs()).unwrap_or(i64::MAX);
        if let Some(s) = self.time_start
            && s != 0
            && s < oldest
        {
            return Err(Error::invalid_input("timeStart", "must be within the last 3 months"));
        }
        if let (Some(s), Some(e)) = (self.time_start, self.time_end)
            && e != 0
            && s > e
        {
            return Err(Error::invalid_input("timeStart", "must not be after timeEnd"));
        }
        Ok(())
    }

    fn query(&self) -> Query {
        Query::new()
            .push_opt("timeStart", self.time_start)
            .push_opt("timeEnd", self.time_end)
            .push("limit", self.limit)
            .push_opt("cursor", self.cursor.as_ref())
    }
}

impl Paginated for GetHoldToEarnYield {
    fn cursor_mut(&mut self) -> &mut Option<String> {
        &mut self.cursor
    }
}

/// One page of `GET /v5/earn/hold-to-earn/yield-history`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AirdropYieldPage {
    /// `nextCursor`; `None` on the last page.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub next_cursor: Option<String>,
    /// `airdropDailyPnls[]`.
    #[serde(default)]
    pub airdrop_daily_pnls: Vec<AirdropDailyPnl>,
}

impl Paged for AirdropYieldPage {
    type Item = AirdropDailyPnl;

    fn into_parts(self) -> (Vec<AirdropDailyPnl>, Option<String>) {
        (self.airdrop_daily_pnls, self.next_cursor)
    }
}

/// One daily airdrop record (`airdropDailyPnls[]`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AirdropDailyPnl {
    /// `coinName`: held coin.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub coin_name: Option<String>,
    /// `yieldCoinName`: airdropped coin.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub yield_coin_name: Option<String>,
    /// `effectiveAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub effective_amount: Option<Amount>,
    /// `pnl`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub pnl: Option<Amount>,
    /// `apy`, raw text kept.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub apy: Option<AprText>,
    /// `createdAt` (seconds).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub created_at: Option<i64>,
}
