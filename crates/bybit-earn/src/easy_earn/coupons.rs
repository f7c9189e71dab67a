//! `GET /v5/earn/coupons` (§5.9).

use earn_core::http::Query;
use earn_core::{Amount, Error, Result};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::endpoints::COUPONS;
use crate::serde_util as su;
use crate::{AprText, BybitEarnClient, CardStatus, CouponCategory};

/// Parameters of `GET /v5/earn/coupons`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CouponsParams {
    /// `category`: `FlexibleSaving` or `DualAssets`.
    pub category: CouponCategory,
}

impl CouponsParams {
    /// Coupons of `category`.
    pub fn new(category: CouponCategory) -> Self {
        CouponsParams { category }
    }
}

/// An interest card (`interestCards[]`). Times are **Unix seconds**.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InterestCardInfo {
    /// `awardId` (pass to [`InterestCard`](crate::InterestCard)).
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub award_id: Option<i64>,
    /// `specCode`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub spec_code: Option<String>,
    /// `coin`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub coin: Option<String>,
    /// `apy`: decimal fraction (`"0.03"` = 3 %).
    #[serde(default, deserialize_with = "su::apr_fraction")]
    pub apy: Option<AprText>,
    /// `duration`: days.
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub duration: Option<i64>,
    /// `claimedAt` (seconds).
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub claimed_at: Option<i64>,
    /// `expireAt` (seconds).
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub expire_at: Option<i64>,
    /// `usedAt` (seconds; 0 = unused).
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub used_at: Option<i64>,
    /// `status`.
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub status: Option<CardStatus>,
    /// `currentPnl`.
    #[serde(default, deserialize_with = "su::opt_decimal")]
    pub current_pnl: Option<Decimal>,
    /// `limitPnl`: cap.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub limit_pnl: Option<Amount>,
    /// `positionEffectiveAmount`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub position_effective_amount: Option<Amount>,
    /// `productId` (0 unless in use or used).
    #[serde(default, deserialize_with = "su::opt_id_string")]
    pub product_id: Option<String>,
    /// `category`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub category: Option<String>,
}

/// A Dual Assets award card (`awardCards[]`). Times are **Unix seconds**.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AwardCard {
    /// `awardId`.
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub award_id: Option<i64>,
    /// `specCode`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub spec_code: Option<String>,
    /// `claimedAt` (seconds).
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub claimed_at: Option<i64>,
    /// `usedAt` (seconds).
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub used_at: Option<i64>,
    /// `expireAt` (seconds).
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub expire_at: Option<i64>,
    /// `status`.
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub status: Option<CardStatus>,
    /// `amount`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub amount: Option<Amount>,
    /// `limitPnlPercentage`: a fraction.
    #[serde(default, deserialize_with = "su::opt_decimal")]
    pub limit_pnl_percentage: Option<Decimal>,
    /// `baseCoin`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub base_coin: Option<String>,
    /// `quoteCoin`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub quote_coin: Option<String>,
    /// `direction`: 1 BuyLow, 2 SellHigh.
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub direction: Option<i64>,
    /// `category`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub category: Option<String>,
}

/// `result` of `GET /v5/earn/coupons`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Coupons {
    /// `interestCards[]`.
    #[serde(default)]
    pub interest_cards: Vec<InterestCardInfo>,
    /// `awardCards[]`.
    #[serde(default)]
    pub award_cards: Vec<AwardCard>,
}

impl BybitEarnClient {
    /// `GET /v5/earn/coupons` (10/s/UID): every interest and award card, all states.
    pub async fn coupons(&self, params: &CouponsParams) -> Result<Coupons> {
        if !params.category.is_known() {
            return Err(Error::invalid_input("category", "must be FlexibleSaving or DualAssets"));
        }
        self.get(&COUPONS, Query::new().push("category", &params.category)).await
    }
}
