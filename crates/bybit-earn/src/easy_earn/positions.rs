//! `GET /v5/earn/position` (§5.4) and `POST /v5/earn/position/modify` (§5.8).

use earn_core::http::Query;
use earn_core::{Amount, Result, UnixMillis};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{ListResult, check_category};
use crate::endpoints::{POSITION, POSITION_MODIFY};
use crate::serde_util as su;
use crate::validate::{check_coin, check_id, numeric_id};
use crate::{AutoReinvest, BybitEarnClient, EarnCategory, PositionStatus};

/// Parameters of `GET /v5/earn/position`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PositionParams {
    /// `category` (required).
    pub category: EarnCategory,
    /// `productId`.
    pub product_id: Option<String>,
    /// `coin`.
    pub coin: Option<String>,
}

impl PositionParams {
    /// Positions of `category`.
    pub fn new(category: EarnCategory) -> Self {
        PositionParams { category, product_id: None, coin: None }
    }

    /// Sets `productId`.
    pub fn product_id(mut self, id: impl Into<String>) -> Self {
        self.product_id = Some(id.into());
        self
    }

    /// Sets `coin`.
    pub fn coin(mut self, coin: impl Into<String>) -> Self {
        self.coin = Some(coin.into());
        self
    }

    fn query(&self) -> Result<Query> {
        check_category(&self.category)?;
        if let Some(id) = &self.product_id {
            check_id("productId", id)?;
        }
        if let Some(c) = &self.coin {
            check_coin("coin", c)?;
        }
        Ok(Query::new()
            .push("category", &self.category)
            .push_opt("productId", self.product_id.as_ref())
            .push_opt("coin", self.coin.as_ref()))
    }
}

/// An amount frozen in a position (`freezeDetails[]`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct FreezeDetail {
    /// `amount` frozen.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub amount: Option<Amount>,
    /// `description`: why (e.g. "Locked in Fixed-Rate Loan").
    #[serde(default, deserialize_with = "su::opt_string")]
    pub description: Option<String>,
}

/// One position of `GET /v5/earn/position`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EarnPosition {
    /// `coin`.
    pub coin: String,
    /// `productId`.
    #[serde(deserialize_with = "su::id_string")]
    pub product_id: String,
    /// `amount`: total staked.
    #[serde(deserialize_with = "su::amount")]
    pub amount: Amount,
    /// `totalPnl`: position profit (OnChain non-LST only); may be negative.
    #[serde(default, deserialize_with = "su::opt_decimal")]
    pub total_pnl: Option<Decimal>,
    /// `claimableYield` (FlexibleSaving): accrued hourly, paid daily at 00:30 UTC.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub claimable_yield: Option<Amount>,
    /// `id`: OnChain position id (→ `redeemPositionId`, `positionId`).
    #[serde(default, deserialize_with = "su::opt_id_string")]
    pub id: Option<String>,
    /// `status` (OnChain).
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub status: Option<PositionStatus>,
    /// `orderId`: originating order (OnChain).
    #[serde(default, deserialize_with = "su::opt_string")]
    pub order_id: Option<String>,
    /// `estimateRedeemTime` (OnChain).
    #[serde(default, deserialize_with = "su::opt_millis")]
    pub estimate_redeem_time: Option<UnixMillis>,
    /// `estimateStakeTime` (OnChain).
    #[serde(default, deserialize_with = "su::opt_millis")]
    pub estimate_stake_time: Option<UnixMillis>,
    /// `estimateInterestCalculationTime` (OnChain).
    #[serde(default, deserialize_with = "su::opt_millis")]
    pub estimate_interest_calculation_time: Option<UnixMillis>,
    /// `settlementTime` (OnChain `Fixed` only).
    #[serde(default, deserialize_with = "su::opt_millis")]
    pub settlement_time: Option<UnixMillis>,
    /// `autoReinvest`.
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub auto_reinvest: Option<AutoReinvest>,
    /// `availableAmount`: redeemable amount.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub available_amount: Option<Amount>,
    /// `freezeDetails[]`.
    #[serde(default)]
    pub freeze_details: Vec<FreezeDetail>,
}

/// Parameters of `POST /v5/earn/position/modify` (OnChain `Fixed` products only).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ModifyPositionParams {
    /// `productId` (sent as a JSON integer).
    pub product_id: String,
    /// `positionId`: position `id` (sent as a JSON integer).
    pub position_id: String,
    /// `autoReinvest`: sent as `1` (on) or `0` (off).
    pub auto_reinvest: bool,
}

impl ModifyPositionParams {
    /// Switches auto-reinvest of an OnChain fixed position.
    pub fn new(product_id: impl Into<String>, position_id: impl Into<String>, auto_reinvest: bool) -> Self {
        ModifyPositionParams { product_id: product_id.into(), position_id: position_id.into(), auto_reinvest }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ModifyBody {
    category: EarnCategory,
    product_id: u64,
    position_id: u64,
    auto_reinvest: u8,
}

impl BybitEarnClient {
    /// `GET /v5/earn/position`: staked positions (FlexibleSaving includes fully redeemed ones).
    pub async fn positions(&self, params: &PositionParams) -> Result<Vec<EarnPosition>> {
        let r: ListResult<EarnPosition> = self.get(&POSITION, params.query()?).await?;
        Ok(r.list)
    }

    /// `POST /v5/earn/position/modify`: sets auto-reinvest of an OnChain fixed position.
    ///
    /// It sets an absolute state, so a repeat after a transient failure is harmless.
    pub async fn modify_position(&self, params: &ModifyPositionParams) -> Result<()> {
        let body = ModifyBody {
            category: EarnCategory::OnChain,
            product_id: numeric_id("productId", &params.product_id)?,
            position_id: numeric_id("positionId", &params.position_id)?,
            auto_reinvest: u8::from(params.auto_reinvest),
        };
        let _: serde::de::IgnoredAny = self.post(&POSITION_MODIFY, &body, None).await?;
        Ok(())
    }
}
