//! Simple Earn **Flexible** (reference §7): products keyed by `productId` (`USDT001`).
//!
//! | # | Endpoint | Request | Answer |
//! |---|---|---|---|
//! | 7.2 | `GET …/flexible/list` | [`GetFlexibleProducts`] | [`Rows`]`<`[`FlexibleProduct`]`>` |
//! | 7.4 | `GET …/flexible/personalLeftQuota` | [`GetFlexiblePersonalLeftQuota`] | [`LeftQuota`] |
//! | 7.6 | `GET …/flexible/subscriptionPreview` | [`GetFlexibleSubscriptionPreview`] | [`FlexiblePreview`] |
//! | 7.8 | `POST …/flexible/subscribe` | [`SubscribeFlexible`] | [`FlexibleSubscription`] |
//! | 7.10 | `POST …/flexible/redeem` | [`RedeemFlexible`] | [`FlexibleRedemption`] |
//! | 7.12 | `GET …/flexible/position` | [`GetFlexiblePositions`] | [`Rows`]`<`[`FlexiblePosition`]`>` |
//! | 7.14 | `GET …/flexible/history/subscriptionRecord` | [`GetFlexibleSubscriptionRecord`] | [`Rows`]`<`[`FlexibleSubscriptionRow`]`>` |
//! | 7.16 | `GET …/flexible/history/redemptionRecord` | [`GetFlexibleRedemptionRecord`] | [`Rows`]`<`[`FlexibleRedemptionRow`]`>` |
//! | 7.18 | `GET …/flexible/history/rewardsRecord` | [`GetFlexibleRewardsRecord`] | [`Rows`]`<`[`FlexibleRewardRow`]`>` |
//! | 7.20 | `GET …/flexible/history/rateHistory` | [`GetFlexibleRateHistory`] | [`Rows`]`<`[`FlexibleRateRow`]`>` |
//! | 7.21 | `GET …/flexible/history/collateralRecord` | [`GetFlexibleCollateralRecord`] | [`Rows`]`<`[`CollateralRow`]`>` |
//! | 7.22 | `POST …/flexible/setAutoSubscribe` | [`SetFlexibleAutoSubscribe`] | [`Ack`] |
//!
//! (`…` = `/sapi/v1/simple-earn`.) Subscribe and redeem are weight 1 plus "1/3s per
//! account"; the reads weight 150 (the collateral record is budgeted at 150 although one
//! page says 1, §13.2).

use std::fmt;

use std::time::Duration;

use earn_core::http::{ApiRequest, Endpoint, Query};
use earn_core::wire::lenient;
use earn_core::{Amount, Error, Operation, Rate, ReconcileIntent, Result, UnixMillis};
use serde::Deserialize;

use super::common::{
    Ack, DEFAULT_PRECISION, MAX_CURRENT, MAX_HISTORY_SPAN, MAX_RATE_HISTORY_SPAN, Paged, Rows, Window, bool_text,
    check_amount, check_opt_asset,
};
use super::common::{ByAsset, ByProductId, ByPurchaseId, ByRedeemId, Filter, List, ListKind};
use super::simple_earn::{
    DestAccount, LeftQuota, ProductStatusText, RecordAccount, RedemptionStatus, SourceAccount, SubscriptionStatus,
    SubscriptionType, TierRates, check_product_id,
};
use crate::VENUE;
use crate::dialect::{BinanceDialect, once_per_3s, sapi_get, sapi_ip, sapi_post};

pub(crate) static LIST: Endpoint = sapi_get("/sapi/v1/simple-earn/flexible/list", 150);
pub(crate) static LEFT_QUOTA: Endpoint = sapi_get("/sapi/v1/simple-earn/flexible/personalLeftQuota", 150);
pub(crate) static PREVIEW: Endpoint = sapi_get("/sapi/v1/simple-earn/flexible/subscriptionPreview", 150);
pub(crate) static SUBSCRIBE: Endpoint = Endpoint::post("/sapi/v1/simple-earn/flexible/subscribe")
    .write(Operation::Stake)
    .limit(sapi_ip("/sapi/v1/simple-earn/flexible/subscribe", 1))
    .limit(once_per_3s("flexible/subscribe per account"));
pub(crate) static REDEEM: Endpoint = Endpoint::post("/sapi/v1/simple-earn/flexible/redeem")
    .write(Operation::Redeem)
    .limit(sapi_ip("/sapi/v1/simple-earn/flexible/redeem", 1))
    .limit(once_per_3s("flexible/redeem per account"));
pub(crate) static POSITION: Endpoint = sapi_get("/sapi/v1/simple-earn/flexible/position", 150);
pub(crate) static SUBSCRIPTION_RECORD: Endpoint =
    sapi_get("/sapi/v1/simple-earn/flexible/history/subscriptionRecord", 150);
pub(crate) static REDEMPTION_RECORD: Endpoint = sapi_get("/sapi/v1/simple-earn/flexible/history/redemptionRecord", 150);
pub(crate) static REWARDS_RECORD: Endpoint = sapi_get("/sapi/v1/simple-earn/flexible/history/rewardsRecord", 150);
pub(crate) static RATE_HISTORY: Endpoint = sapi_get("/sapi/v1/simple-earn/flexible/history/rateHistory", 150);
pub(crate) static COLLATERAL_RECORD: Endpoint = sapi_get("/sapi/v1/simple-earn/flexible/history/collateralRecord", 150);
pub(crate) static SET_AUTO_SUBSCRIBE: Endpoint = sapi_post("/sapi/v1/simple-earn/flexible/setAutoSubscribe", 150);

// ---------------------------------------------------------------------------------------
// 7.2 GET flexible/list
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/simple-earn/flexible/list`: flexible products (paged; Binance lists
/// hundreds: walk them with [`all_pages`](crate::BinanceEarnClient::all_pages)).
pub type GetFlexibleProducts = List<FlexibleProducts>;

/// The [`ListKind`] of [`GetFlexibleProducts`].
pub enum FlexibleProducts {}

impl ListKind for FlexibleProducts {
    type Response = Rows<FlexibleProduct>;
    const ENDPOINT: &'static Endpoint = &LIST;
    const FILTERS: &'static [Filter] = &[Filter::Asset];
    const MAX_SPAN: Option<Duration> = None;
}
impl ByAsset for FlexibleProducts {}

/// A flexible product (`rows[]` of 7.2).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FlexibleProduct {
    /// `asset`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `latestAnnualPercentageRate`: the real-time APR (a fraction).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub latest_annual_percentage_rate: Option<Rate>,
    /// `tierAnnualPercentageRate`: extra APR per tier, on top of the real-time APR.
    #[serde(default)]
    pub tier_annual_percentage_rate: TierRates,
    /// `airDropPercentageRate`: airdrop APR.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub air_drop_percentage_rate: Option<Rate>,
    /// `canPurchase`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub can_purchase: Option<bool>,
    /// `canRedeem`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub can_redeem: Option<bool>,
    /// `isSoldOut`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub is_sold_out: Option<bool>,
    /// `hot`: featured.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub hot: Option<bool>,
    /// `minPurchaseAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub min_purchase_amount: Option<Amount>,
    /// `productId`: the key of subscribe, redeem and quota (never the asset name).
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub product_id: String,
    /// `subscriptionStartTime`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub subscription_start_time: Option<UnixMillis>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<ProductStatusText>,
}

// ---------------------------------------------------------------------------------------
// 7.4 GET flexible/personalLeftQuota
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/simple-earn/flexible/personalLeftQuota`: what this account may still
/// subscribe to a product.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetFlexiblePersonalLeftQuota {
    /// `productId` (required).
    pub product_id: String,
}

impl GetFlexiblePersonalLeftQuota {
    /// The quota left on `product_id`.
    pub fn new(product_id: impl Into<String>) -> Self {
        GetFlexiblePersonalLeftQuota { product_id: product_id.into() }
    }
}

impl ApiRequest for GetFlexiblePersonalLeftQuota {
    type Dialect = BinanceDialect;
    type Response = LeftQuota;

    fn endpoint(&self) -> &'static Endpoint {
        &LEFT_QUOTA
    }

    fn validate(&self) -> Result<()> {
        check_product_id("productId", &self.product_id)
    }

    fn query(&self) -> Query {
        Query::new().push("productId", &self.product_id)
    }
}

// ---------------------------------------------------------------------------------------
// 7.6 GET flexible/subscriptionPreview
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/simple-earn/flexible/subscriptionPreview`: estimated rewards of a
/// subscription.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetFlexibleSubscriptionPreview {
    /// `productId`.
    pub product_id: String,
    /// `amount`.
    pub amount: Amount,
}

impl GetFlexibleSubscriptionPreview {
    /// A preview of subscribing `amount` to `product_id`.
    pub fn new(product_id: impl Into<String>, amount: Amount) -> Self {
        GetFlexibleSubscriptionPreview { product_id: product_id.into(), amount }
    }
}

impl ApiRequest for GetFlexibleSubscriptionPreview {
    type Dialect = BinanceDialect;
    type Response = FlexiblePreview;

    fn endpoint(&self) -> &'static Endpoint {
        &PREVIEW
    }

    fn validate(&self) -> Result<()> {
        check_product_id("productId", &self.product_id)?;
        check_amount("amount", self.amount, DEFAULT_PRECISION)
    }

    fn query(&self) -> Query {
        Query::new().push("productId", &self.product_id).push("amount", self.amount)
    }
}

/// A flexible subscription preview.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FlexiblePreview {
    /// `totalAmount`: what would be held after subscribing.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub total_amount: Option<Amount>,
    /// `rewardAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub reward_asset: Option<String>,
    /// `airDropAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub air_drop_asset: Option<String>,
    /// `estDailyBonusRewards`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub est_daily_bonus_rewards: Option<Amount>,
    /// `estDailyRealTimeRewards`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub est_daily_real_time_rewards: Option<Amount>,
    /// `estDailyAirdropRewards`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub est_daily_airdrop_rewards: Option<Amount>,
}

// ---------------------------------------------------------------------------------------
// 7.8 POST flexible/subscribe
// ---------------------------------------------------------------------------------------

/// `POST /sapi/v1/simple-earn/flexible/subscribe` (TRADE; weight 1, once per 3 s per
/// account): subscribes to a flexible product. No client id exists; an unclear answer is
/// reconciled through [`GetFlexibleSubscriptionRecord`].
///
/// `autoSubscribe` is Binance's default `true` when not set; set it to `false` unless
/// Binance should subscribe on its own later.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SubscribeFlexible {
    /// `productId`: from the product list or a position, never the asset name.
    pub product_id: String,
    /// `amount`: above zero, at most 8 decimals.
    pub amount: Amount,
    /// `autoSubscribe`.
    pub auto_subscribe: Option<bool>,
    /// `sourceAccount`.
    pub source_account: Option<SourceAccount>,
}

impl SubscribeFlexible {
    /// Subscribe `amount` to `product_id`.
    pub fn new(product_id: impl Into<String>, amount: Amount) -> Self {
        SubscribeFlexible { product_id: product_id.into(), amount, auto_subscribe: None, source_account: None }
    }

    /// Sets `autoSubscribe`.
    pub fn auto_subscribe(mut self, on: bool) -> Self {
        self.auto_subscribe = Some(on);
        self
    }

    /// Sets `sourceAccount`.
    pub fn source_account(mut self, account: SourceAccount) -> Self {
        self.source_account = Some(account);
        self
    }
}

impl ApiRequest for SubscribeFlexible {
    type Dialect = BinanceDialect;
    type Response = FlexibleSubscription;

    fn endpoint(&self) -> &'static Endpoint {
        &SUBSCRIBE
    }

    fn validate(&self) -> Result<()> {
        check_product_id("productId", &self.product_id)?;
        check_amount("amount", self.amount, DEFAULT_PRECISION)
    }

    fn query(&self) -> Query {
        Query::new()
            .push("productId", &self.product_id)
            .push("amount", self.amount)
            .push_opt("autoSubscribe", self.auto_subscribe.map(bool_text))
            .push_opt("sourceAccount", self.source_account)
    }

    /// The product and amount; the account drawn on in `from_account` (`SPOT`, Binance's
    /// default, or `FUNDING`; none for `ALL`).
    fn intent(&self) -> Option<ReconcileIntent> {
        let from = self.source_account.unwrap_or(SourceAccount::Spot).account();
        Some(
            ReconcileIntent::new(VENUE, Operation::Stake, SUBSCRIBE.path)
                .product(&*self.product_id)
                .amount(self.amount)
                .accounts(from, None),
        )
    }
}

/// `{"purchaseId": 40607, "success": true}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FlexibleSubscription {
    /// `purchaseId`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub purchase_id: Option<String>,
    /// `success`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub success: Option<bool>,
}

// ---------------------------------------------------------------------------------------
// 7.10 POST flexible/redeem
// ---------------------------------------------------------------------------------------

/// How much a flexible redemption takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedeemAmount {
    /// `amount=<n>`.
    Amount(Amount),
    /// `redeemAll=true`.
    All,
}

impl fmt::Display for RedeemAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RedeemAmount::Amount(a) => write!(f, "{a}"),
            RedeemAmount::All => f.write_str("all"),
        }
    }
}

/// `POST /sapi/v1/simple-earn/flexible/redeem` (TRADE; weight 1, once per 3 s per
/// account): redeems from a flexible product. Redeemable is the position's `totalAmount`
/// minus its `collateralAmount`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RedeemFlexible {
    /// `productId` (not the asset name: `USDT` instead of `USDT001` fails with -6001).
    pub product_id: String,
    /// `amount`, or `redeemAll=true`.
    pub amount: RedeemAmount,
    /// `destAccount`.
    pub dest_account: Option<DestAccount>,
}

impl RedeemFlexible {
    /// Redeem `amount` from `product_id`.
    pub fn new(product_id: impl Into<String>, amount: Amount) -> Self {
        RedeemFlexible { product_id: product_id.into(), amount: RedeemAmount::Amount(amount), dest_account: None }
    }

    /// Redeem everything from `product_id`.
    pub fn all(product_id: impl Into<String>) -> Self {
        RedeemFlexible { product_id: product_id.into(), amount: RedeemAmount::All, dest_account: None }
    }

    /// Sets `destAccount`.
    pub fn dest_account(mut self, account: DestAccount) -> Self {
        self.dest_account = Some(account);
        self
    }
}

impl ApiRequest for RedeemFlexible {
    type Dialect = BinanceDialect;
    type Response = FlexibleRedemption;

    fn endpoint(&self) -> &'static Endpoint {
        &REDEEM
    }

    fn validate(&self) -> Result<()> {
        check_product_id("productId", &self.product_id)?;
        match self.amount {
            RedeemAmount::Amount(a) => check_amount("amount", a, DEFAULT_PRECISION),
            RedeemAmount::All => Ok(()),
        }
    }

    fn query(&self) -> Query {
        let q = Query::new().push("productId", &self.product_id);
        let q = match self.amount {
            RedeemAmount::Amount(a) => q.push("amount", a),
            RedeemAmount::All => q.push("redeemAll", "true"),
        };
        q.push_opt("destAccount", self.dest_account)
    }

    /// The product and amount; the account paid in `to_account` (`SPOT`, Binance's
    /// default, or `FUNDING`).
    fn intent(&self) -> Option<ReconcileIntent> {
        let to = self.dest_account.unwrap_or(DestAccount::Spot).account();
        let i = ReconcileIntent::new(VENUE, Operation::Redeem, REDEEM.path)
            .product(&*self.product_id)
            .accounts(None, Some(to));
        Some(match self.amount {
            RedeemAmount::Amount(a) => i.amount(a),
            RedeemAmount::All => i,
        })
    }
}

/// `{"redeemId": 40607, "success": true}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FlexibleRedemption {
    /// `redeemId`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub redeem_id: Option<String>,
    /// `success`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub success: Option<bool>,
}

// ---------------------------------------------------------------------------------------
// 7.12 GET flexible/position
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/simple-earn/flexible/position`: flexible holdings (paged).
pub type GetFlexiblePositions = List<FlexiblePositions>;

/// The [`ListKind`] of [`GetFlexiblePositions`].
pub enum FlexiblePositions {}

impl ListKind for FlexiblePositions {
    type Response = Rows<FlexiblePosition>;
    const ENDPOINT: &'static Endpoint = &POSITION;
    const FILTERS: &'static [Filter] = &[Filter::Asset, Filter::ProductId];
    const MAX_SPAN: Option<Duration> = None;
}
impl ByAsset for FlexiblePositions {}
impl ByProductId for FlexiblePositions {}

/// A flexible holding (`rows[]` of 7.12).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FlexiblePosition {
    /// `totalAmount`: everything subscribed.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub total_amount: Option<Amount>,
    /// `tierAnnualPercentageRate`.
    #[serde(default)]
    pub tier_annual_percentage_rate: TierRates,
    /// `latestAnnualPercentageRate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub latest_annual_percentage_rate: Option<Rate>,
    /// `yesterdayAirdropPercentageRate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub yesterday_airdrop_percentage_rate: Option<Rate>,
    /// `asset`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `airDropAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub air_drop_asset: Option<String>,
    /// `canRedeem`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub can_redeem: Option<bool>,
    /// `collateralAmount`: pledged to a loan, not redeemable.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub collateral_amount: Option<Amount>,
    /// `productId`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub product_id: String,
    /// `yesterdayRealTimeRewards`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub yesterday_real_time_rewards: Option<Amount>,
    /// `cumulativeBonusRewards`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub cumulative_bonus_rewards: Option<Amount>,
    /// `cumulativeRealTimeRewards`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub cumulative_real_time_rewards: Option<Amount>,
    /// `cumulativeTotalRewards`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub cumulative_total_rewards: Option<Amount>,
    /// `autoSubscribe`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub auto_subscribe: Option<bool>,
}

// ---------------------------------------------------------------------------------------
// 7.14 GET flexible/history/subscriptionRecord
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/simple-earn/flexible/history/subscriptionRecord`: subscriptions (window of
/// at most 30 days; last 30 days by default).
pub type GetFlexibleSubscriptionRecord = List<FlexibleSubscriptionRecord>;

/// The [`ListKind`] of [`GetFlexibleSubscriptionRecord`].
pub enum FlexibleSubscriptionRecord {}

impl ListKind for FlexibleSubscriptionRecord {
    type Response = Rows<FlexibleSubscriptionRow>;
    const ENDPOINT: &'static Endpoint = &SUBSCRIPTION_RECORD;
    const FILTERS: &'static [Filter] = &[Filter::ProductId, Filter::PurchaseId, Filter::Asset];
}
impl ByProductId for FlexibleSubscriptionRecord {}
impl ByPurchaseId for FlexibleSubscriptionRecord {}
impl ByAsset for FlexibleSubscriptionRecord {}

/// A flexible subscription (`rows[]` of 7.14).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FlexibleSubscriptionRow {
    /// `amount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `asset`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `time`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<UnixMillis>,
    /// `purchaseId`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub purchase_id: String,
    /// `productId` (added 2024-07-04; absent in older rows).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub product_id: Option<String>,
    /// `type`.
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_enum")]
    pub kind: Option<SubscriptionType>,
    /// `sourceAccount`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub source_account: Option<RecordAccount>,
    /// `amtFromSpot` (only with `SPOTANDFUNDING`).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amt_from_spot: Option<Amount>,
    /// `amtFromFunding` (only with `SPOTANDFUNDING`).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amt_from_funding: Option<Amount>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<SubscriptionStatus>,
}

// ---------------------------------------------------------------------------------------
// 7.16 GET flexible/history/redemptionRecord
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/simple-earn/flexible/history/redemptionRecord`: redemptions (window of at
/// most 30 days).
pub type GetFlexibleRedemptionRecord = List<FlexibleRedemptionRecord>;

/// The [`ListKind`] of [`GetFlexibleRedemptionRecord`].
pub enum FlexibleRedemptionRecord {}

impl ListKind for FlexibleRedemptionRecord {
    type Response = Rows<FlexibleRedemptionRow>;
    const ENDPOINT: &'static Endpoint = &REDEMPTION_RECORD;
    const FILTERS: &'static [Filter] = &[Filter::ProductId, Filter::RedeemId, Filter::Asset];
}
impl ByProductId for FlexibleRedemptionRecord {}
impl ByRedeemId for FlexibleRedemptionRecord {}
impl ByAsset for FlexibleRedemptionRecord {}

/// A flexible redemption (`rows[]` of 7.16).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FlexibleRedemptionRow {
    /// `amount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `asset`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `time`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<UnixMillis>,
    /// The flexible `productId`, which this record calls `projectId`.
    #[serde(default, rename = "projectId", alias = "productId", deserialize_with = "lenient::opt")]
    pub product_id: Option<String>,
    /// `redeemId`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub redeem_id: String,
    /// `destAccount`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub dest_account: Option<RecordAccount>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<RedemptionStatus>,
}

// ---------------------------------------------------------------------------------------
// 7.18 GET flexible/history/rewardsRecord
// ---------------------------------------------------------------------------------------

earn_core::open_enum! {
    /// Flexible reward type (`type` of 7.18).
    pub enum FlexibleRewardType {
        /// Bonus tiered APR.
        Bonus = "BONUS",
        /// Real-time APR.
        Realtime = "REALTIME",
        /// Historical rewards.
        Rewards = "REWARDS",
        /// All of them (the request's default).
        All = "ALL",
    }
}

/// `GET /sapi/v1/simple-earn/flexible/history/rewardsRecord`: rewards paid. `type` is
/// always sent (mandatory on the docs page, optional in the SDK; default `ALL`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetFlexibleRewardsRecord {
    /// `productId`.
    pub product_id: Option<String>,
    /// `asset`.
    pub asset: Option<String>,
    /// `type`.
    pub kind: FlexibleRewardType,
    /// `startTime`, `endTime`, `current`, `size`.
    pub window: Window,
}

impl GetFlexibleRewardsRecord {
    /// Rewards of `kind` in Binance's default window.
    pub fn new(kind: FlexibleRewardType) -> Self {
        GetFlexibleRewardsRecord { product_id: None, asset: None, kind, window: Window::default() }
    }

    /// Only `product_id`.
    pub fn product_id(mut self, id: impl Into<String>) -> Self {
        self.product_id = Some(id.into());
        self
    }

    /// Only `asset`.
    pub fn asset(mut self, asset: impl Into<String>) -> Self {
        self.asset = Some(asset.into());
        self
    }

    /// Sets the window and page.
    pub fn window(mut self, window: Window) -> Self {
        self.window = window;
        self
    }
}

impl ApiRequest for GetFlexibleRewardsRecord {
    type Dialect = BinanceDialect;
    type Response = Rows<FlexibleRewardRow>;

    fn endpoint(&self) -> &'static Endpoint {
        &REWARDS_RECORD
    }

    fn validate(&self) -> Result<()> {
        self.product_id.as_deref().map_or(Ok(()), |p| check_product_id("productId", p))?;
        check_opt_asset("asset", self.asset.as_deref())?;
        if !self.kind.is_known() {
            return Err(Error::invalid_input("type", "must be BONUS, REALTIME, REWARDS or ALL"));
        }
        self.window.check(Some(MAX_HISTORY_SPAN), MAX_CURRENT)
    }

    fn query(&self) -> Query {
        let q = Query::new()
            .push_opt("productId", self.product_id.as_ref())
            .push_opt("asset", self.asset.as_ref())
            .push_opt("startTime", self.window.start_time.map(|t| t.0))
            .push_opt("endTime", self.window.end_time.map(|t| t.0))
            .push("type", &self.kind);
        q.push_opt("current", self.window.current).push_opt("size", self.window.size)
    }
}

impl Paged for GetFlexibleRewardsRecord {
    type Row = FlexibleRewardRow;

    fn set_page(&mut self, current: u32, size: u32) {
        self.window.set_page(current, size);
    }
}

/// A flexible reward (`rows[]` of 7.18).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FlexibleRewardRow {
    /// `asset`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `rewards`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub rewards: Option<Amount>,
    /// The flexible `productId`, which this record calls `projectId`.
    #[serde(default, rename = "projectId", alias = "productId", deserialize_with = "lenient::opt")]
    pub product_id: Option<String>,
    /// `type`.
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_enum")]
    pub kind: Option<FlexibleRewardType>,
    /// `time`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<UnixMillis>,
}

// ---------------------------------------------------------------------------------------
// 7.20 GET flexible/history/rateHistory
// ---------------------------------------------------------------------------------------

/// `aprPeriod` of the rate history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AprPeriod {
    /// `DAY` (Binance's default).
    Day,
    /// `YEAR`.
    Year,
}

impl fmt::Display for AprPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AprPeriod::Day => "DAY",
            AprPeriod::Year => "YEAR",
        })
    }
}

/// `GET /sapi/v1/simple-earn/flexible/history/rateHistory`: a product's APR over time
/// (window of at most one year).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetFlexibleRateHistory {
    /// `productId` (required).
    pub product_id: String,
    /// `aprPeriod`.
    pub apr_period: Option<AprPeriod>,
    /// `startTime`, `endTime`, `current`, `size`.
    pub window: Window,
}

impl GetFlexibleRateHistory {
    /// The rate history of `product_id`.
    pub fn new(product_id: impl Into<String>) -> Self {
        GetFlexibleRateHistory { product_id: product_id.into(), apr_period: None, window: Window::default() }
    }

    /// Sets `aprPeriod`.
    pub fn apr_period(mut self, period: AprPeriod) -> Self {
        self.apr_period = Some(period);
        self
    }

    /// Sets the window and page.
    pub fn window(mut self, window: Window) -> Self {
        self.window = window;
        self
    }
}

impl ApiRequest for GetFlexibleRateHistory {
    type Dialect = BinanceDialect;
    type Response = Rows<FlexibleRateRow>;

    fn endpoint(&self) -> &'static Endpoint {
        &RATE_HISTORY
    }

    fn validate(&self) -> Result<()> {
        check_product_id("productId", &self.product_id)?;
        self.window.check(Some(MAX_RATE_HISTORY_SPAN), MAX_CURRENT)
    }

    fn query(&self) -> Query {
        self.window.push(Query::new().push("productId", &self.product_id).push_opt("aprPeriod", self.apr_period))
    }
}

impl Paged for GetFlexibleRateHistory {
    type Row = FlexibleRateRow;

    fn set_page(&mut self, current: u32, size: u32) {
        self.window.set_page(current, size);
    }
}

/// A point of a flexible product's rate history (`rows[]` of 7.20).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FlexibleRateRow {
    /// `productId`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub product_id: Option<String>,
    /// `asset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub asset: Option<String>,
    /// `annualPercentageRate` (a fraction).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub annual_percentage_rate: Option<Rate>,
    /// `time`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<UnixMillis>,
}

// ---------------------------------------------------------------------------------------
// 7.21 GET flexible/history/collateralRecord
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/simple-earn/flexible/history/collateralRecord`: flexible holdings
/// pledged to loans (window of at most 30 days).
pub type GetFlexibleCollateralRecord = List<FlexibleCollateralRecord>;

/// The [`ListKind`] of [`GetFlexibleCollateralRecord`].
pub enum FlexibleCollateralRecord {}

impl ListKind for FlexibleCollateralRecord {
    type Response = Rows<CollateralRow>;
    const ENDPOINT: &'static Endpoint = &COLLATERAL_RECORD;
    const FILTERS: &'static [Filter] = &[Filter::ProductId];
}
impl ByProductId for FlexibleCollateralRecord {}

/// A collateral movement (`rows[]` of 7.21).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CollateralRow {
    /// `amount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `productId`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub product_id: Option<String>,
    /// `asset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub asset: Option<String>,
    /// `createTime`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub create_time: Option<UnixMillis>,
    /// `type` (`REPAY` in the docs; others undocumented).
    #[serde(default, rename = "type", deserialize_with = "lenient::opt")]
    pub kind: Option<String>,
    /// `productName`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub product_name: Option<String>,
    /// `orderId`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub order_id: Option<String>,
}

// ---------------------------------------------------------------------------------------
// 7.22 POST flexible/setAutoSubscribe
// ---------------------------------------------------------------------------------------

/// `POST /sapi/v1/simple-earn/flexible/setAutoSubscribe`: turns auto-subscription on or
/// off (a setting: repeating it is harmless).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SetFlexibleAutoSubscribe {
    /// `productId`.
    pub product_id: String,
    /// `autoSubscribe`.
    pub auto_subscribe: bool,
}

impl SetFlexibleAutoSubscribe {
    /// Sets auto-subscription of `product_id` to `on`.
    pub fn new(product_id: impl Into<String>, on: bool) -> Self {
        SetFlexibleAutoSubscribe { product_id: product_id.into(), auto_subscribe: on }
    }
}

impl ApiRequest for SetFlexibleAutoSubscribe {
    type Dialect = BinanceDialect;
    type Response = Ack;

    fn endpoint(&self) -> &'static Endpoint {
        &SET_AUTO_SUBSCRIBE
    }

    fn validate(&self) -> Result<()> {
        check_product_id("productId", &self.product_id)
    }

    fn query(&self) -> Query {
        Query::new().push("productId", &self.product_id).push("autoSubscribe", bool_text(self.auto_subscribe))
    }
}
