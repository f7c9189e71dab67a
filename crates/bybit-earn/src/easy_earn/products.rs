//! `GET /v5/earn/product` (§5.1) and `GET /v5/earn/apr-history` (§5.7).

use std::time::Duration;

use earn_core::http::Query;
use earn_core::{Amount, AmountRules, Result, UnixMillis};
use serde::Deserialize;

use super::{ListResult, check_category};
use crate::endpoints::{APR_HISTORY, PRODUCT};
use crate::serde_util as su;
use crate::validate::{check_coin, check_id, check_span};
use crate::{AprText, BybitEarnClient, EarnCategory, ProductDuration, ProductStatusText, RewardDistributionType};

/// Parameters of `GET /v5/earn/product`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProductParams {
    /// `category` (required).
    pub category: EarnCategory,
    /// `coin`, upper-case.
    pub coin: Option<String>,
}

impl ProductParams {
    /// Products of `category`.
    pub fn new(category: EarnCategory) -> Self {
        ProductParams { category, coin: None }
    }

    /// Only products of `coin` (upper-case, e.g. `BTC`).
    pub fn coin(mut self, coin: impl Into<String>) -> Self {
        self.coin = Some(coin.into());
        self
    }

    fn query(&self) -> Result<Query> {
        check_category(&self.category)?;
        if let Some(c) = &self.coin {
            check_coin("coin", c)?;
        }
        Ok(Query::new().push("category", &self.category).push_opt("coin", self.coin.as_ref()))
    }
}

/// A reward event on a product (`bonusEvents[]`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BonusEvent {
    /// `apr`: yesterday's reward APR, raw text kept.
    #[serde(default, deserialize_with = "su::apr_auto")]
    pub apr: Option<AprText>,
    /// `coin`: reward coin.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub coin: Option<String>,
    /// `announcement`: URL.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub announcement: Option<String>,
}

/// One product of `GET /v5/earn/product` (`result.list[]`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EarnProduct {
    /// `category`.
    pub category: EarnCategory,
    /// `estimateApr`: percent text (`"3%"`), refreshed every 10 min; excludes reward APR.
    #[serde(default, deserialize_with = "su::apr_percent")]
    pub estimate_apr: Option<AprText>,
    /// `coin`: staking coin.
    pub coin: String,
    /// `minStakeAmount`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub min_stake_amount: Option<Amount>,
    /// `maxStakeAmount`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub max_stake_amount: Option<Amount>,
    /// `precision`: decimal places allowed in amounts (inferred meaning).
    #[serde(default, deserialize_with = "su::opt_u32")]
    pub precision: Option<u32>,
    /// `productId`.
    #[serde(deserialize_with = "su::id_string")]
    pub product_id: String,
    /// `status`.
    pub status: ProductStatusText,
    /// `bonusEvents[]`.
    #[serde(default)]
    pub bonus_events: Vec<BonusEvent>,
    /// `minRedeemAmount` (OnChain LST only).
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub min_redeem_amount: Option<Amount>,
    /// `maxRedeemAmount` (OnChain LST only).
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub max_redeem_amount: Option<Amount>,
    /// `duration` (OnChain): `Fixed` or `Flexible`.
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub duration: Option<ProductDuration>,
    /// `term`: days (OnChain `Fixed` only; 0 otherwise).
    #[serde(default, deserialize_with = "su::opt_u32")]
    pub term: Option<u32>,
    /// `swapCoin` (OnChain LST only).
    #[serde(default, deserialize_with = "su::opt_string")]
    pub swap_coin: Option<String>,
    /// `swapCoinPrecision` (LST only).
    #[serde(default, deserialize_with = "su::opt_u32")]
    pub swap_coin_precision: Option<u32>,
    /// `stakeExchangeRate` (LST only, estimated).
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub stake_exchange_rate: Option<Amount>,
    /// `redeemExchangeRate` (LST only, estimated).
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub redeem_exchange_rate: Option<Amount>,
    /// `rewardDistributionType` (OnChain).
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub reward_distribution_type: Option<RewardDistributionType>,
    /// `rewardIntervalMinute`.
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub reward_interval_minute: Option<i64>,
    /// `redeemProcessingMinute`: estimated redemption time (string or number).
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub redeem_processing_minute: Option<i64>,
    /// `stakeTime`: when a stake goes on-chain.
    #[serde(default, deserialize_with = "su::opt_millis")]
    pub stake_time: Option<UnixMillis>,
    /// `interestCalculationTime`: interest accrual start.
    #[serde(default, deserialize_with = "su::opt_millis")]
    pub interest_calculation_time: Option<UnixMillis>,
}

impl EarnProduct {
    /// Whether this is an OnChain liquid-staking-token product (`coin != swapCoin`).
    pub fn is_lst(&self) -> bool {
        self.category == EarnCategory::OnChain && self.swap_coin.as_deref().is_some_and(|s| s != self.coin)
    }

    /// Rules a stake amount must meet: `[minStakeAmount, maxStakeAmount]`, `precision`.
    pub fn stake_rules(&self) -> AmountRules {
        AmountRules { min: self.min_stake_amount, max: self.max_stake_amount, precision: self.precision }
    }

    /// Rules a redeem amount must meet: `precision`, plus the redeem bounds of LST products.
    pub fn redeem_rules(&self) -> AmountRules {
        let lst = self.is_lst();
        AmountRules {
            min: if lst { self.min_redeem_amount } else { None },
            max: if lst { self.max_redeem_amount } else { None },
            precision: self.precision,
        }
    }
}

/// Parameters of `GET /v5/earn/apr-history`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AprHistoryParams {
    /// `category` (required).
    pub category: EarnCategory,
    /// `productId` (required).
    pub product_id: String,
    /// `startTime`.
    pub start_time: Option<UnixMillis>,
    /// `endTime` (span at most 182 days).
    pub end_time: Option<UnixMillis>,
}

impl AprHistoryParams {
    /// APR history of one product (last 7 days unless a range is set).
    pub fn new(category: EarnCategory, product_id: impl Into<String>) -> Self {
        AprHistoryParams { category, product_id: product_id.into(), start_time: None, end_time: None }
    }

    /// `startTime` and `endTime`.
    pub fn range(mut self, start: UnixMillis, end: UnixMillis) -> Self {
        self.start_time = Some(start);
        self.end_time = Some(end);
        self
    }

    fn query(&self) -> Result<Query> {
        check_category(&self.category)?;
        check_id("productId", &self.product_id)?;
        check_span(self.start_time, self.end_time, Duration::from_secs(182 * 86_400))?;
        Ok(Query::new()
            .push("category", &self.category)
            .push("productId", &self.product_id)
            .push_opt("startTime", self.start_time.map(|t| t.0))
            .push_opt("endTime", self.end_time.map(|t| t.0)))
    }
}

/// One day of `GET /v5/earn/apr-history`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct AprPoint {
    /// `timestamp`: UTC midnight of the day.
    #[serde(default, deserialize_with = "su::opt_millis")]
    pub timestamp: Option<UnixMillis>,
    /// `apr`: a fraction (`"0.055"`) or percent text (`"15%"`); the docs disagree, raw text kept.
    #[serde(default, deserialize_with = "su::apr_auto")]
    pub apr: Option<AprText>,
}

impl BybitEarnClient {
    /// `GET /v5/earn/product` (public): FlexibleSaving or OnChain products.
    pub async fn products(&self, params: &ProductParams) -> Result<Vec<EarnProduct>> {
        let r: ListResult<EarnProduct> = self.get(&PRODUCT, params.query()?).await?;
        Ok(r.list)
    }

    /// `GET /v5/earn/apr-history` (public): daily APRs of one product, newest first.
    pub async fn apr_history(&self, params: &AprHistoryParams) -> Result<Vec<AprPoint>> {
        let r: ListResult<AprPoint> = self.get(&APR_HISTORY, params.query()?).await?;
        Ok(r.list)
    }
}
