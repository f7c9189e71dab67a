//! Fixed Saving (`FixedTermSaving`, `FundPool`, `FundPoolPremium`): reference §6.2.
//!
//! The reference abridges the result fields; those it names are typed here, shapes it
//! leaves open (`earlyRedeemInfo`, `yieldInfoList`) are kept as raw JSON text.

use earn_core::http::Query;
use earn_core::{Amount, Error, Operation, ReconcileIntent, Result, UnixMillis};
use serde::{Deserialize, Serialize};

use crate::easy_earn::{ListResult, PlaceOrderResult};
use crate::endpoints::{
    FIXED_AUTO_INVEST, FIXED_ORDER, FIXED_PLACE_ORDER, FIXED_POSITION, FIXED_PRODUCT, FIXED_REDEEM,
};
use crate::serde_util as su;
use crate::validate::{check_coin, check_id, check_limit, check_order_link_id, check_positive, new_order_link_id};
use crate::{
    AccountType, AprText, BybitEarnClient, FixedCategory, FixedOrderStatus, FixedOrderType, FixedProductStatus, Page,
    Pages, VENUE,
};

fn check_fixed_category(c: &FixedCategory) -> Result<()> {
    if c.is_known() {
        Ok(())
    } else {
        Err(Error::invalid_input("category", "must be FixedTermSaving, FundPool or FundPoolPremium"))
    }
}

/// An APY of a Fixed Saving product (`interestCoinApyList[]`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InterestCoinApy {
    /// `coin` the interest is paid in.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub coin: Option<String>,
    /// `apy` (`"2.50%"`), raw text kept.
    #[serde(default, deserialize_with = "su::apr_auto")]
    pub apy: Option<AprText>,
}

/// One product of `GET /v5/earn/fixed-term/product`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FixedProduct {
    /// `productId`.
    #[serde(deserialize_with = "su::id_string")]
    pub product_id: String,
    /// `category`.
    pub category: FixedCategory,
    /// `coin`.
    pub coin: String,
    /// `duration`: `"1d"`, `"8h"`, ….
    #[serde(default, deserialize_with = "su::opt_string")]
    pub duration: Option<String>,
    /// `status`.
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub status: Option<FixedProductStatus>,
    /// `minStakeAmount`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub min_stake_amount: Option<Amount>,
    /// `maxStakeAmount`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub max_stake_amount: Option<Amount>,
    /// `precision` (an integer here).
    #[serde(default, deserialize_with = "su::opt_u32")]
    pub precision: Option<u32>,
    /// `allowEarlyRedemption`.
    #[serde(default, deserialize_with = "su::opt_bool")]
    pub allow_early_redemption: Option<bool>,
    /// `allowAutoReinvest`.
    #[serde(default, deserialize_with = "su::opt_bool")]
    pub allow_auto_reinvest: Option<bool>,
    /// `interestCoinApyList[]`.
    #[serde(default)]
    pub interest_coin_apy_list: Vec<InterestCoinApy>,
}

impl FixedProduct {
    /// The term as whole days, rounding hours up (`"8h"` → 1, `"30d"` → 30).
    pub fn term_days(&self) -> Option<u32> {
        let d = self.duration.as_deref()?.trim();
        if let Some(n) = d.strip_suffix('d') {
            return n.parse().ok();
        }
        let hours: u32 = d.strip_suffix('h')?.parse().ok()?;
        Some(hours.div_ceil(24))
    }
}

/// Parameters of `POST /v5/earn/fixed-term/place-order`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FixedPlaceOrderParams {
    /// `productId`.
    pub product_id: String,
    /// `category`.
    pub category: FixedCategory,
    /// `coin`.
    pub coin: String,
    /// `amount`.
    pub amount: Amount,
    /// `accountType`: `FUND` or `UNIFIED` (default `FUND`).
    pub account_type: AccountType,
    /// `orderLinkId` (generated when `None`).
    pub order_link_id: Option<String>,
    /// `autoInvest` (FundPool only).
    pub auto_invest: Option<bool>,
}

impl FixedPlaceOrderParams {
    /// Subscribe `amount` `coin` to a Fixed Saving product.
    pub fn new(category: FixedCategory, coin: &str, product_id: &str, amount: Amount) -> Self {
        FixedPlaceOrderParams {
            product_id: product_id.to_owned(),
            category,
            coin: coin.to_owned(),
            amount,
            account_type: AccountType::Fund,
            order_link_id: None,
            auto_invest: None,
        }
    }

    /// Sets `accountType`.
    pub fn account_type(mut self, a: AccountType) -> Self {
        self.account_type = a;
        self
    }

    /// Sets `orderLinkId`.
    pub fn order_link_id(mut self, id: impl Into<String>) -> Self {
        self.order_link_id = Some(id.into());
        self
    }

    /// Sets `autoInvest` (FundPool only).
    pub fn auto_invest(mut self, on: bool) -> Self {
        self.auto_invest = Some(on);
        self
    }

    /// Local checks.
    pub fn validate(&self) -> Result<()> {
        check_fixed_category(&self.category)?;
        check_id("productId", &self.product_id)?;
        check_coin("coin", &self.coin)?;
        check_positive("amount", self.amount)?;
        if !self.account_type.is_known() {
            return Err(Error::invalid_input("accountType", "must be FUND or UNIFIED"));
        }
        if let Some(id) = &self.order_link_id {
            check_order_link_id("orderLinkId", id)?;
        }
        if self.auto_invest.is_some() && self.category != FixedCategory::FundPool {
            return Err(Error::invalid_input("autoInvest", "allowed only for FundPool"));
        }
        Ok(())
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FixedPlaceOrderBody<'a> {
    product_id: &'a str,
    category: &'a FixedCategory,
    coin: &'a str,
    amount: String,
    account_type: &'a AccountType,
    order_link_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    auto_invest: Option<bool>,
}

/// `result` of `POST /v5/earn/fixed-term/redeem`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FixedRedeemResult {
    /// `redeemAmount`: principal expected back.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub redeem_amount: Option<Amount>,
    /// `estEarnings`: earnings at the early-redemption APY.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub est_earnings: Option<Amount>,
}

/// One position of `GET /v5/earn/fixed-term/position` (active only).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FixedPosition {
    /// `positionId`.
    #[serde(deserialize_with = "su::id_string")]
    pub position_id: String,
    /// `productId`.
    #[serde(default, deserialize_with = "su::id_string")]
    pub product_id: String,
    /// `category`.
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub category: Option<FixedCategory>,
    /// `coin`.
    #[serde(default)]
    pub coin: String,
    /// `amount`.
    #[serde(deserialize_with = "su::amount")]
    pub amount: Amount,
    /// `status`: `Active` or `EarlyRedemptionProcessing`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub status: Option<String>,
    /// `settlementTime`.
    #[serde(default, deserialize_with = "su::opt_millis")]
    pub settlement_time: Option<UnixMillis>,
    /// `earlyRedeemInfo` as raw JSON (nullable; shape not fixed by the reference).
    #[serde(default, deserialize_with = "su::opt_raw_json")]
    pub early_redeem_info: Option<String>,
}

/// Parameters of `GET /v5/earn/fixed-term/order`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FixedOrderParams {
    /// `orderType`.
    pub order_type: Option<FixedOrderType>,
    /// `productId` (needs `category`).
    pub product_id: Option<String>,
    /// `category`.
    pub category: Option<FixedCategory>,
    /// `orderId`.
    pub order_id: Option<String>,
    /// `startTime`.
    pub start_time: Option<UnixMillis>,
    /// `endTime`.
    pub end_time: Option<UnixMillis>,
    /// `limit`: 1–50 (default 20).
    pub limit: Option<u32>,
    /// `cursor`.
    pub cursor: Option<String>,
}

impl FixedOrderParams {
    /// All recent Fixed Saving orders.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `productId` and its `category`.
    pub fn product(mut self, category: FixedCategory, product_id: impl Into<String>) -> Self {
        self.category = Some(category);
        self.product_id = Some(product_id.into());
        self
    }

    /// Sets `orderId`.
    pub fn order_id(mut self, id: impl Into<String>) -> Self {
        self.order_id = Some(id.into());
        self
    }

    /// Sets `orderType`.
    pub fn order_type(mut self, t: FixedOrderType) -> Self {
        self.order_type = Some(t);
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

    fn validate(&self) -> Result<()> {
        if let Some(c) = &self.category {
            check_fixed_category(c)?;
        }
        if let Some(id) = &self.product_id {
            check_id("productId", id)?;
            if self.category.is_none() {
                return Err(Error::invalid_input("productId", "needs category"));
            }
        }
        if let Some(id) = &self.order_id {
            check_id("orderId", id)?;
        }
        if let (Some(s), Some(e)) = (self.start_time, self.end_time)
            && s > e
        {
            return Err(Error::invalid_input("startTime", "must not be after endTime"));
        }
        check_limit("limit", self.limit, 1, 50)
    }

    fn query(&self, cursor: Option<&str>) -> Query {
        Query::new()
            .push_opt("orderType", self.order_type.as_ref())
            .push_opt("productId", self.product_id.as_ref())
            .push_opt("category", self.category.as_ref())
            .push_opt("orderId", self.order_id.as_ref())
            .push_opt("startTime", self.start_time.map(|t| t.0))
            .push_opt("endTime", self.end_time.map(|t| t.0))
            .push_opt("limit", self.limit)
            .push_opt("cursor", cursor)
    }
}

/// One order of `GET /v5/earn/fixed-term/order`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FixedOrder {
    /// `orderId`.
    pub order_id: String,
    /// `orderLinkId`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub order_link_id: Option<String>,
    /// `orderType`.
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub order_type: Option<FixedOrderType>,
    /// `productId`.
    #[serde(default, deserialize_with = "su::id_string")]
    pub product_id: String,
    /// `category`.
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub category: Option<FixedCategory>,
    /// `coin`.
    #[serde(default)]
    pub coin: String,
    /// `amount`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub amount: Option<Amount>,
    /// `status`.
    pub status: FixedOrderStatus,
    /// Creation time (`createdAt`; `createdTime` also read).
    #[serde(default, alias = "createdTime", deserialize_with = "su::opt_millis")]
    pub created_at: Option<UnixMillis>,
    /// `yieldInfoList` as raw JSON.
    #[serde(default, deserialize_with = "su::opt_raw_json")]
    pub yield_info_list: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FixedRedeemBody<'a> {
    product_id: &'a str,
    category: &'a FixedCategory,
    position_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AutoInvestBody<'a> {
    product_id: &'a str,
    category: &'a FixedCategory,
    position_id: &'a str,
    status: &'static str,
}

impl BybitEarnClient {
    /// `GET /v5/earn/fixed-term/product` (public).
    pub async fn fixed_products(&self, coin: Option<&str>) -> Result<Vec<FixedProduct>> {
        if let Some(c) = coin {
            check_coin("coin", c)?;
        }
        let r: ListResult<FixedProduct> = self.get(&FIXED_PRODUCT, Query::new().push_opt("coin", coin)).await?;
        Ok(r.list)
    }

    /// `POST /v5/earn/fixed-term/place-order`: subscribe, keyed by `orderLinkId`
    /// (generated when absent; same outcome rules as [`place_order`](Self::place_order)).
    pub async fn fixed_place_order(&self, params: &FixedPlaceOrderParams) -> Result<PlaceOrderResult> {
        params.validate()?;
        let link = params.order_link_id.clone().unwrap_or_else(new_order_link_id);
        let body = FixedPlaceOrderBody {
            product_id: &params.product_id,
            category: &params.category,
            coin: &params.coin,
            amount: params.amount.normalized().to_string(),
            account_type: &params.account_type,
            order_link_id: &link,
            auto_invest: params.auto_invest,
        };
        let intent = ReconcileIntent::new(VENUE, Operation::Stake, FIXED_PLACE_ORDER.path)
            .product(format!("{}:{}", params.category, params.product_id))
            .asset(params.coin.as_str())
            .amount(params.amount)
            .client_id(link.as_str());
        self.post(&FIXED_PLACE_ORDER, &body, Some(intent)).await
    }

    /// `POST /v5/earn/fixed-term/redeem`: early redemption of a FundPool position.
    ///
    /// There is no idempotency key: it is sent once and never repeated; an ambiguous
    /// outcome is [`Error::OutcomeUnknown`] (check `fixed_positions` / `fixed_orders`).
    pub async fn fixed_redeem(
        &self,
        category: &FixedCategory,
        product_id: &str,
        position_id: &str,
    ) -> Result<FixedRedeemResult> {
        if *category != FixedCategory::FundPool {
            return Err(Error::invalid_input("category", "early redemption exists for FundPool only"));
        }
        check_id("productId", product_id)?;
        check_id("positionId", position_id)?;
        let body = FixedRedeemBody { product_id, category, position_id };
        let intent = ReconcileIntent::new(VENUE, Operation::Redeem, FIXED_REDEEM.path)
            .product(format!("{category}:{product_id}"))
            .order_id(position_id);
        self.post(&FIXED_REDEEM, &body, Some(intent)).await
    }

    /// `GET /v5/earn/fixed-term/position`: active positions.
    pub async fn fixed_positions(
        &self,
        category: Option<&FixedCategory>,
        product_id: Option<&str>,
        coin: Option<&str>,
    ) -> Result<Vec<FixedPosition>> {
        if let Some(c) = category {
            check_fixed_category(c)?;
        }
        if let Some(id) = product_id {
            check_id("productId", id)?;
        }
        if let Some(c) = coin {
            check_coin("coin", c)?;
        }
        let q = Query::new().push_opt("productId", product_id).push_opt("category", category).push_opt("coin", coin);
        let r: ListResult<FixedPosition> = self.get(&FIXED_POSITION, q).await?;
        Ok(r.list)
    }

    /// `GET /v5/earn/fixed-term/order`: one page.
    pub async fn fixed_orders_page(&self, params: &FixedOrderParams) -> Result<Page<FixedOrder>> {
        params.validate()?;
        let r: ListResult<FixedOrder> = self.get(&FIXED_ORDER, params.query(params.cursor.as_deref())).await?;
        Ok(r.into())
    }

    /// `GET /v5/earn/fixed-term/order`: every page.
    pub fn fixed_orders(&self, params: FixedOrderParams) -> Result<Pages<FixedOrder>> {
        params.validate()?;
        let first = params.cursor.clone();
        Ok(self.paginate(&FIXED_ORDER, params, first, |c, p, cursor| async move {
            let r: ListResult<FixedOrder> = c.get(&FIXED_ORDER, p.query(cursor.as_deref())).await?;
            Ok(r.into())
        }))
    }

    /// `POST /v5/earn/fixed-term/position/auto-invest`: `status` `Enable`/`Disable`
    /// (an absolute switch, so repeats are harmless).
    pub async fn fixed_auto_invest(
        &self,
        category: &FixedCategory,
        product_id: &str,
        position_id: &str,
        enable: bool,
    ) -> Result<()> {
        check_fixed_category(category)?;
        check_id("productId", product_id)?;
        check_id("positionId", position_id)?;
        let body =
            AutoInvestBody { product_id, category, position_id, status: if enable { "Enable" } else { "Disable" } };
        let _: serde::de::IgnoredAny = self.post(&FIXED_AUTO_INVEST, &body, None).await?;
        Ok(())
    }
}
