//! `GET /v5/earn/yield` (§5.5) and `GET /v5/earn/hourly-yield` (§5.6).

use earn_core::http::Query;
use earn_core::{Amount, Error, Result, UnixMillis};
use serde::Deserialize;

use super::{ListResult, check_category};
use crate::endpoints::{HOURLY_YIELD, YIELD};
use crate::serde_util as su;
use crate::validate::{SEVEN_DAYS, check_id, check_limit, check_span};
use crate::{BybitEarnClient, DistributionMode, EarnCategory, OrderStatusText, Page, Pages, YieldType};

/// Parameters of `GET /v5/earn/yield` and `GET /v5/earn/hourly-yield`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct YieldParams {
    /// `category` (hourly yield: `FlexibleSaving` only).
    pub category: EarnCategory,
    /// `productId` (an error with `OnChain`).
    pub product_id: Option<String>,
    /// `startTime`.
    pub start_time: Option<UnixMillis>,
    /// `endTime` (span at most 7 days).
    pub end_time: Option<UnixMillis>,
    /// `limit`: 1–100.
    pub limit: Option<u32>,
    /// `cursor`.
    pub cursor: Option<String>,
}

/// Parameters of `GET /v5/earn/hourly-yield` (same as the daily one, `FlexibleSaving` only).
pub type HourlyYieldParams = YieldParams;

impl YieldParams {
    /// Yield records of `category` (last 7 days unless a range is set).
    pub fn new(category: EarnCategory) -> Self {
        YieldParams { category, product_id: None, start_time: None, end_time: None, limit: None, cursor: None }
    }

    /// Sets `productId` (FlexibleSaving only).
    pub fn product_id(mut self, id: impl Into<String>) -> Self {
        self.product_id = Some(id.into());
        self
    }

    /// Sets `startTime` and `endTime`.
    pub fn range(mut self, start: UnixMillis, end: UnixMillis) -> Self {
        self.start_time = Some(start);
        self.end_time = Some(end);
        self
    }

    /// Sets `limit`.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    fn validate(&self, hourly: bool) -> Result<()> {
        check_category(&self.category)?;
        if hourly && self.category != EarnCategory::FlexibleSaving {
            return Err(Error::invalid_input("category", "hourly yield exists for FlexibleSaving only"));
        }
        if let Some(id) = &self.product_id {
            if self.category == EarnCategory::OnChain {
                return Err(Error::invalid_input("productId", "not accepted with category OnChain"));
            }
            check_id("productId", id)?;
        }
        check_span(self.start_time, self.end_time, SEVEN_DAYS)?;
        check_limit("limit", self.limit, 1, 100)
    }

    fn query(&self, cursor: Option<&str>) -> Query {
        Query::new()
            .push("category", &self.category)
            .push_opt("productId", self.product_id.as_ref())
            .push_opt("startTime", self.start_time.map(|t| t.0))
            .push_opt("endTime", self.end_time.map(|t| t.0))
            .push_opt("limit", self.limit)
            .push_opt("cursor", cursor)
    }
}

/// One daily yield record.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct YieldRecord {
    /// `productId`.
    #[serde(default, deserialize_with = "su::id_string")]
    pub product_id: String,
    /// `coin`.
    pub coin: String,
    /// `id`: unique per user.
    #[serde(default, deserialize_with = "su::opt_id_string")]
    pub id: Option<String>,
    /// `amount`: yield amount.
    #[serde(deserialize_with = "su::amount")]
    pub amount: Amount,
    /// `yieldType`.
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub yield_type: Option<YieldType>,
    /// `distributionMode`.
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub distribution_mode: Option<DistributionMode>,
    /// `effectiveStakingAmount`: principal that earned it.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub effective_staking_amount: Option<Amount>,
    /// `orderId`: the redemption order (FlexibleSaving `Manual` only).
    #[serde(default, deserialize_with = "su::opt_string")]
    pub order_id: Option<String>,
    /// `status`.
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub status: Option<OrderStatusText>,
    /// `createdAt`.
    #[serde(default, deserialize_with = "su::opt_millis")]
    pub created_at: Option<UnixMillis>,
}

/// One hourly yield record (FlexibleSaving).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HourlyYieldRecord {
    /// `productId`.
    #[serde(default, deserialize_with = "su::id_string")]
    pub product_id: String,
    /// `coin`.
    pub coin: String,
    /// `id` (in the docs' table, absent from their example).
    #[serde(default, deserialize_with = "su::opt_id_string")]
    pub id: Option<String>,
    /// `amount` (often 18 decimals).
    #[serde(deserialize_with = "su::amount")]
    pub amount: Amount,
    /// `effectiveStakingAmount`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub effective_staking_amount: Option<Amount>,
    /// `status`.
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub status: Option<OrderStatusText>,
    /// `hourlyDate`: start of the hour.
    #[serde(default, deserialize_with = "su::opt_millis")]
    pub hourly_date: Option<UnixMillis>,
    /// `createdAt`.
    #[serde(default, deserialize_with = "su::opt_millis")]
    pub created_at: Option<UnixMillis>,
}

impl BybitEarnClient {
    /// `GET /v5/earn/yield`: one page (array key `list` or `yield`, both read).
    pub async fn yield_history_page(&self, params: &YieldParams) -> Result<Page<YieldRecord>> {
        params.validate(false)?;
        let r: ListResult<YieldRecord> = self.get(&YIELD, params.query(params.cursor.as_deref())).await?;
        Ok(r.into())
    }

    /// `GET /v5/earn/yield`: every page.
    pub fn yield_history(&self, params: YieldParams) -> Result<Pages<YieldRecord>> {
        params.validate(false)?;
        let first = params.cursor.clone();
        Ok(self.paginate(&YIELD, params, first, |c, p, cursor| async move {
            let r: ListResult<YieldRecord> = c.get(&YIELD, p.query(cursor.as_deref())).await?;
            Ok(r.into())
        }))
    }

    /// `GET /v5/earn/hourly-yield`: one page (FlexibleSaving only).
    pub async fn hourly_yield_page(&self, params: &HourlyYieldParams) -> Result<Page<HourlyYieldRecord>> {
        params.validate(true)?;
        let r: ListResult<HourlyYieldRecord> = self.get(&HOURLY_YIELD, params.query(params.cursor.as_deref())).await?;
        Ok(r.into())
    }

    /// `GET /v5/earn/hourly-yield`: every page.
    pub fn hourly_yield(&self, params: HourlyYieldParams) -> Result<Pages<HourlyYieldRecord>> {
        params.validate(true)?;
        let first = params.cursor.clone();
        Ok(self.paginate(&HOURLY_YIELD, params, first, |c, p, cursor| async move {
            let r: ListResult<HourlyYieldRecord> = c.get(&HOURLY_YIELD, p.query(cursor.as_deref())).await?;
            Ok(r.into())
        }))
    }
}
