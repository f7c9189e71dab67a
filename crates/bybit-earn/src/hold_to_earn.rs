//! Hold to Earn (airdrops): reference §6.3. Times in **seconds**.

use std::time::Duration;

use earn_core::http::Query;
use earn_core::{Amount, Error, Result};
use serde::Deserialize;

use crate::endpoints::{HOLD_PRODUCT_PUBLIC, HOLD_PRODUCT_SIGNED, HOLD_YIELD_HISTORY};
use crate::serde_util as su;
use crate::validate::check_limit;
use crate::{AprText, BybitEarnClient, HoldProductStatus, Page, Pages};

/// A yield of a Hold to Earn product (`yields[]`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HoldYield {
    /// `coinName`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub coin_name: Option<String>,
    /// `apy` (`"10%"`), raw text kept.
    #[serde(default, deserialize_with = "su::apr_auto")]
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
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub status: Option<HoldProductStatus>,
    /// `apy`, raw text kept.
    #[serde(default, deserialize_with = "su::apr_auto")]
    pub apy: Option<AprText>,
    /// `announcementUrl`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub announcement_url: Option<String>,
}

#[derive(Deserialize)]
struct HoldProducts {
    #[serde(default)]
    products: Vec<HoldProduct>,
}

/// Parameters of `GET /v5/earn/hold-to-earn/yield-history`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HoldYieldParams {
    /// `timeStart`, Unix seconds (≥ now − 3 months; 0 with `timeEnd` 0 = 3 months).
    pub time_start: Option<i64>,
    /// `timeEnd`, Unix seconds.
    pub time_end: Option<i64>,
    /// `limit` (required): 1–49.
    pub limit: u32,
    /// `cursor`.
    pub cursor: Option<String>,
}

impl HoldYieldParams {
    /// Pages of `limit` records (1–49).
    pub fn new(limit: u32) -> Self {
        HoldYieldParams { time_start: None, time_end: None, limit, cursor: None }
    }

    /// Sets `timeStart` and `timeEnd` (seconds).
    pub fn range_seconds(mut self, start: i64, end: i64) -> Self {
        self.time_start = Some(start);
        self.time_end = Some(end);
        self
    }

    fn validate(&self) -> Result<()> {
        check_limit("limit", Some(self.limit), 1, 49)?;
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

    fn query(&self, cursor: Option<&str>) -> Query {
        Query::new()
            .push_opt("timeStart", self.time_start)
            .push_opt("timeEnd", self.time_end)
            .push("limit", self.limit)
            .push_opt("cursor", cursor)
    }
}

/// One daily airdrop record (`airdropDailyPnls[]`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AirdropDailyPnl {
    /// `coinName`: held coin.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub coin_name: Option<String>,
    /// `yieldCoinName`: airdropped coin.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub yield_coin_name: Option<String>,
    /// `effectiveAmount`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub effective_amount: Option<Amount>,
    /// `pnl`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub pnl: Option<Amount>,
    /// `apy`, raw text kept.
    #[serde(default, deserialize_with = "su::apr_auto")]
    pub apy: Option<AprText>,
    /// `createdAt` (seconds).
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub created_at: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HoldYieldResult {
    #[serde(default, deserialize_with = "su::opt_string")]
    next_cursor: Option<String>,
    #[serde(default)]
    airdrop_daily_pnls: Vec<AirdropDailyPnl>,
}

impl From<HoldYieldResult> for Page<AirdropDailyPnl> {
    fn from(r: HoldYieldResult) -> Self {
        Page { list: r.airdrop_daily_pnls, next_page_cursor: r.next_cursor }
    }
}

impl BybitEarnClient {
    /// `GET /v5/earn/hold-to-earn/product` (signed when credentials are set: filtered for the user).
    pub async fn hold_to_earn_products(&self) -> Result<Vec<HoldProduct>> {
        let ep = if self.http().has_credentials() { &HOLD_PRODUCT_SIGNED } else { &HOLD_PRODUCT_PUBLIC };
        let r: HoldProducts = self.get(ep, Query::new()).await?;
        Ok(r.products)
    }

    /// `GET /v5/earn/hold-to-earn/yield-history`: one page (cursor key `nextCursor`).
    pub async fn hold_to_earn_yield_page(&self, params: &HoldYieldParams) -> Result<Page<AirdropDailyPnl>> {
        params.validate()?;
        let r: HoldYieldResult = self.get(&HOLD_YIELD_HISTORY, params.query(params.cursor.as_deref())).await?;
        Ok(r.into())
    }

    /// `GET /v5/earn/hold-to-earn/yield-history`: every page.
    pub fn hold_to_earn_yield_history(&self, params: HoldYieldParams) -> Result<Pages<AirdropDailyPnl>> {
        params.validate()?;
        let first = params.cursor.clone();
        Ok(self.paginate(&HOLD_YIELD_HISTORY, params, first, |c, p, cursor| async move {
            let r: HoldYieldResult = c.get(&HOLD_YIELD_HISTORY, p.query(cursor.as_deref())).await?;
            Ok(r.into())
        }))
    }
}
