//! Simple Earn **Locked** (reference §7): projects keyed by `projectId` (`Axs*90`: asset,
//! `*`, days), holdings by `positionId`.
//!
//! | # | Endpoint | Request | Answer |
//! |---|---|---|---|
//! | 7.3 | `GET …/locked/list` | [`GetLockedProducts`] | [`Rows`]`<`[`LockedProduct`]`>` |
//! | 7.5 | `GET …/locked/personalLeftQuota` | [`GetLockedPersonalLeftQuota`] | [`LeftQuota`] |
//! | 7.7 | `GET …/locked/subscriptionPreview` | [`GetLockedSubscriptionPreview`] | `Vec<`[`LockedPreview`]`>` |
//! | 7.9 | `POST …/locked/subscribe` | [`SubscribeLocked`] | [`LockedSubscription`] |
//! | 7.11 | `POST …/locked/redeem` | [`RedeemLocked`] | [`LockedRedemption`] |
//! | 7.13 | `GET …/locked/position` | [`GetLockedPositions`] | [`Rows`]`<`[`LockedPosition`]`>` |
//! | 7.15 | `GET …/locked/history/subscriptionRecord` | [`GetLockedSubscriptionRecord`] | [`Rows`]`<`[`LockedSubscriptionRow`]`>` |
//! | 7.17 | `GET …/locked/history/redemptionRecord` | [`GetLockedRedemptionRecord`] | [`Rows`]`<`[`LockedRedemptionRow`]`>` |
//! | 7.19 | `GET …/locked/history/rewardsRecord` | [`GetLockedRewardsRecord`] | [`Rows`]`<`[`LockedRewardRow`]`>` |
//! | 7.23 | `POST …/locked/setAutoSubscribe` | [`SetLockedAutoSubscribe`] | [`Ack`] |
//! | 7.24 | `POST …/locked/setRedeemOption` | [`SetLockedRedeemOption`] | [`Ack`] |
//!
//! (`…` = `/sapi/v1/simple-earn`.) Live answers drift from the docs: `positionId`,
//! `duration`, `accrualDays`, `payPeriod`, `redeemPeriod` arrive as numbers, `apy` in lower
//! case, `productId` instead of `projectId` in older captures; all are accepted.

use std::time::Duration;

use earn_core::http::{ApiRequest, Endpoint, Query};
use earn_core::wire::{RawJson, lenient};
use earn_core::{Amount, Error, Operation, Rate, ReconcileIntent, Result, UnixMillis};
use serde::{Deserialize, Deserializer};

use super::common::{Ack, DEFAULT_PRECISION, Rows, bool_text, check_amount, check_numeric_id};
use super::common::{ByAsset, ByPositionId, ByProjectId, ByPurchaseId, ByRedeemId, Filter, List, ListKind};
use super::simple_earn::{
    LeftQuota, ProductStatusText, RecordAccount, RedeemTo, RedemptionStatus, SourceAccount, SubscriptionStatus,
    SubscriptionType, check_project_id,
};
use crate::VENUE;
use crate::dialect::{BinanceDialect, once_per_3s, sapi_get, sapi_ip, sapi_post};

pub(crate) static LIST: Endpoint = sapi_get("/sapi/v1/simple-earn/locked/list", 150);
pub(crate) static LEFT_QUOTA: Endpoint = sapi_get("/sapi/v1/simple-earn/locked/personalLeftQuota", 150);
pub(crate) static PREVIEW: Endpoint = sapi_get("/sapi/v1/simple-earn/locked/subscriptionPreview", 150);
pub(crate) static SUBSCRIBE: Endpoint = Endpoint::post("/sapi/v1/simple-earn/locked/subscribe")
    .write(Operation::Stake)
    .limit(sapi_ip("/sapi/v1/simple-earn/locked/subscribe", 1))
    .limit(once_per_3s("locked/subscribe per account"));
pub(crate) static REDEEM: Endpoint = Endpoint::post("/sapi/v1/simple-earn/locked/redeem")
    .write(Operation::Redeem)
    .limit(sapi_ip("/sapi/v1/simple-earn/locked/redeem", 1))
    .limit(once_per_3s("locked/redeem per account"));
pub(crate) static POSITION: Endpoint = sapi_get("/sapi/v1/simple-earn/locked/position", 150);
pub(crate) static SUBSCRIPTION_RECORD: Endpoint =
    sapi_get("/sapi/v1/simple-earn/locked/history/subscriptionRecord", 150);
pub(crate) static REDEMPTION_RECORD: Endpoint = sapi_get("/sapi/v1/simple-earn/locked/history/redemptionRecord", 150);
pub(crate) static REWARDS_RECORD: Endpoint = sapi_get("/sapi/v1/simple-earn/locked/history/rewardsRecord", 150);
pub(crate) static SET_AUTO_SUBSCRIBE: Endpoint = sapi_post("/sapi/v1/simple-earn/locked/setAutoSubscribe", 150);
pub(crate) static SET_REDEEM_OPTION: Endpoint = sapi_post("/sapi/v1/simple-earn/locked/setRedeemOption", 50);

/// Largest `current` of the locked rewards record (§7.19).
const MAX_REWARDS_CURRENT: u32 = 1_000;

earn_core::open_enum! {
    /// A locked position's order type (`type`).
    pub enum LockedOrderType {
        /// A subscription.
        Normal = "NORMAL",
        /// A renewal.
        Auto = "AUTO",
    }
}

earn_core::open_enum! {
    /// A locked position's status (`HOLDING` is the only documented value).
    pub enum LockedPositionStatus {
        /// Held.
        Holding = "HOLDING",
    }
}

earn_core::open_enum! {
    /// A locked redemption's type.
    pub enum LockedRedemptionType {
        /// Matured, paid to the Spot wallet.
        Mature = "MATURE",
        /// Matured, moved to the flexible product.
        NewTransferred = "NEW_TRANSFERRED",
        /// Redeemed early (rewards lost: `lossAmount`).
        Ahead = "AHEAD",
    }
}

earn_core::open_enum! {
    /// A locked reward's type (values contain a space).
    pub enum LockedRewardType {
        /// The locked product's reward.
        Locked = "Locked Rewards",
        /// A boost reward.
        Boost = "Boost Rewards",
    }
}

fn check_redeem_to(redeem_to: &RedeemTo) -> Result<()> {
    if redeem_to.is_known() { Ok(()) } else { Err(Error::invalid_input("redeemTo", "must be SPOT or FLEXIBLE")) }
}

/// A boolean that one doc variant prints malformed (`"true,`): the leading word decides.
fn loose_bool<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<bool>, D::Error> {
    let text: Option<String> = lenient::opt(d)?;
    Ok(text.and_then(|t| {
        let t = t.trim().trim_end_matches(',').trim();
        if t.eq_ignore_ascii_case("true") {
            Some(true)
        } else if t.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        }
    }))
}

// ---------------------------------------------------------------------------------------
// 7.3 GET locked/list
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/simple-earn/locked/list`: locked products (paged).
pub type GetLockedProducts = List<LockedProducts>;

/// The [`ListKind`] of [`GetLockedProducts`].
pub enum LockedProducts {}

impl ListKind for LockedProducts {
    type Response = Rows<LockedProduct>;
    const ENDPOINT: &'static Endpoint = &LIST;
    const FILTERS: &'static [Filter] = &[Filter::Asset];
    const MAX_SPAN: Option<Duration> = None;
}
impl ByAsset for LockedProducts {}

/// A locked project (`rows[]` of 7.3).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LockedProduct {
    /// `projectId`.
    #[serde(default, alias = "productId", deserialize_with = "lenient::id_string")]
    pub project_id: String,
    /// `detail`.
    #[serde(default)]
    pub detail: LockedDetail,
    /// `quota`.
    #[serde(default)]
    pub quota: LockedQuota,
}

/// A locked project's terms (`detail`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LockedDetail {
    /// `asset`: the asset locked.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `rewardAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub reward_asset: Option<String>,
    /// `duration`: the lock, in days.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub duration: Option<u32>,
    /// `renewable`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub renewable: Option<bool>,
    /// `isSoldOut`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub is_sold_out: Option<bool>,
    /// `apr` (a fraction; absent for some projects).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub apr: Option<Rate>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<ProductStatusText>,
    /// `subscriptionStartTime`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub subscription_start_time: Option<UnixMillis>,
    /// `extraRewardAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub extra_reward_asset: Option<String>,
    /// `extraRewardAPR`.
    #[serde(default, rename = "extraRewardAPR", deserialize_with = "lenient::opt")]
    pub extra_reward_apr: Option<Rate>,
    /// `boostRewardAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub boost_reward_asset: Option<String>,
    /// `boostApr`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub boost_apr: Option<Rate>,
    /// `boostEndTime`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub boost_end_time: Option<UnixMillis>,
}

/// A locked project's quota (`quota`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LockedQuota {
    /// `totalPersonalQuota`: the most one user may hold.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub total_personal_quota: Option<Amount>,
    /// `minimum`: the smallest subscription.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub minimum: Option<Amount>,
}

// ---------------------------------------------------------------------------------------
// 7.5 GET locked/personalLeftQuota
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/simple-earn/locked/personalLeftQuota`: what this account may still
/// subscribe to a project.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetLockedPersonalLeftQuota {
    /// `projectId` (required).
    pub project_id: String,
}

impl GetLockedPersonalLeftQuota {
    /// The quota left on `project_id`.
    pub fn new(project_id: impl Into<String>) -> Self {
        GetLockedPersonalLeftQuota { project_id: project_id.into() }
    }
}

impl ApiRequest for GetLockedPersonalLeftQuota {
    type Dialect = BinanceDialect;
    type Response = LeftQuota;

    fn endpoint(&self) -> &'static Endpoint {
        &LEFT_QUOTA
    }

    fn validate(&self) -> Result<()> {
        check_project_id("projectId", &self.project_id)
    }

    fn query(&self) -> Query {
        Query::new().push("projectId", &self.project_id)
    }
}

// ---------------------------------------------------------------------------------------
// 7.7 GET locked/subscriptionPreview
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/simple-earn/locked/subscriptionPreview`: estimated rewards and dates of
/// a locked subscription (`autoSubscribe` is Binance's default `true` here when not set).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetLockedSubscriptionPreview {
    /// `projectId`.
    pub project_id: String,
    /// `amount`.
    pub amount: Amount,
    /// `autoSubscribe`.
    pub auto_subscribe: Option<bool>,
}

impl GetLockedSubscriptionPreview {
    /// A preview of subscribing `amount` to `project_id`.
    pub fn new(project_id: impl Into<String>, amount: Amount) -> Self {
        GetLockedSubscriptionPreview { project_id: project_id.into(), amount, auto_subscribe: None }
    }

    /// Sets `autoSubscribe`.
    pub fn auto_subscribe(mut self, on: bool) -> Self {
        self.auto_subscribe = Some(on);
        self
    }
}

impl ApiRequest for GetLockedSubscriptionPreview {
    type Dialect = BinanceDialect;
    type Response = Vec<LockedPreview>;

    fn endpoint(&self) -> &'static Endpoint {
        &PREVIEW
    }

    fn validate(&self) -> Result<()> {
        check_project_id("projectId", &self.project_id)?;
        check_amount("amount", self.amount, DEFAULT_PRECISION)
    }

    fn query(&self) -> Query {
        Query::new()
            .push("projectId", &self.project_id)
            .push("amount", self.amount)
            .push_opt("autoSubscribe", self.auto_subscribe.map(bool_text))
    }
}

/// One line of a locked subscription preview.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LockedPreview {
    /// `rewardAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub reward_asset: Option<String>,
    /// `totalRewardAmt`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub total_reward_amt: Option<Amount>,
    /// `extraRewardAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub extra_reward_asset: Option<String>,
    /// `estTotalExtraRewardAmt`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub est_total_extra_reward_amt: Option<Amount>,
    /// `boostRewardAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub boost_reward_asset: Option<String>,
    /// `estDailyRewardAmt`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub est_daily_reward_amt: Option<Amount>,
    /// `nextPay`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub next_pay: Option<Amount>,
    /// `nextPayDate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub next_pay_date: Option<UnixMillis>,
    /// `valueDate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub value_date: Option<UnixMillis>,
    /// `rewardsEndDate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub rewards_end_date: Option<UnixMillis>,
    /// `deliverDate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub deliver_date: Option<UnixMillis>,
    /// `nextSubscriptionDate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub next_subscription_date: Option<UnixMillis>,
}

// ---------------------------------------------------------------------------------------
// 7.9 POST locked/subscribe
// ---------------------------------------------------------------------------------------

/// `POST /sapi/v1/simple-earn/locked/subscribe` (TRADE; weight 1, once per 3 s per
/// account): subscribes to a locked project.
///
/// `autoSubscribe` and `redeemTo` are **always sent** (defaults `false` and `SPOT`): the
/// docs disagree on Binance's defaults (§13.4).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SubscribeLocked {
    /// `projectId` (`Axs*90`; the `*` is sent as `%2A`).
    pub project_id: String,
    /// `amount`: at least the project's `quota.minimum`.
    pub amount: Amount,
    /// `autoSubscribe`: renew at maturity.
    pub auto_subscribe: bool,
    /// `sourceAccount`.
    pub source_account: Option<SourceAccount>,
    /// `redeemTo`: where the position goes at maturity.
    pub redeem_to: RedeemTo,
}

impl SubscribeLocked {
    /// Subscribe `amount` to `project_id`, no renewal, paid to Spot at maturity.
    pub fn new(project_id: impl Into<String>, amount: Amount) -> Self {
        SubscribeLocked {
            project_id: project_id.into(),
            amount,
            auto_subscribe: false,
            source_account: None,
            redeem_to: RedeemTo::Spot,
        }
    }

    /// Sets `autoSubscribe`.
    pub fn auto_subscribe(mut self, on: bool) -> Self {
        self.auto_subscribe = on;
        self
    }

    /// Sets `sourceAccount`.
    pub fn source_account(mut self, account: SourceAccount) -> Self {
        self.source_account = Some(account);
        self
    }

    /// Sets `redeemTo`.
    pub fn redeem_to(mut self, to: RedeemTo) -> Self {
        self.redeem_to = to;
        self
    }
}

impl ApiRequest for SubscribeLocked {
    type Dialect = BinanceDialect;
    type Response = LockedSubscription;

    fn endpoint(&self) -> &'static Endpoint {
        &SUBSCRIBE
    }

    fn validate(&self) -> Result<()> {
        check_project_id("projectId", &self.project_id)?;
        check_amount("amount", self.amount, DEFAULT_PRECISION)?;
        check_redeem_to(&self.redeem_to)
    }

    fn query(&self) -> Query {
        Query::new()
            .push("projectId", &self.project_id)
            .push("amount", self.amount)
            .push("autoSubscribe", bool_text(self.auto_subscribe))
            .push_opt("sourceAccount", self.source_account)
            .push("redeemTo", &self.redeem_to)
    }

    /// The project and amount; the account drawn on in `from_account` (`SPOT`, Binance's
    /// default, or `FUNDING`; none for `ALL`).
    fn intent(&self) -> Option<ReconcileIntent> {
        let from = self.source_account.unwrap_or(SourceAccount::Spot).account();
        Some(
            ReconcileIntent::new(VENUE, Operation::Stake, SUBSCRIBE.path)
                .product(&*self.project_id)
                .amount(self.amount)
                .accounts(from, None),
        )
    }
}

/// `{"purchaseId": 40607, "positionId": "12345", "success": true}` (`positionId` is a
/// number live).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LockedSubscription {
    /// `purchaseId`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub purchase_id: Option<String>,
    /// `positionId`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub position_id: Option<String>,
    /// `success`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub success: Option<bool>,
}

// ---------------------------------------------------------------------------------------
// 7.11 POST locked/redeem
// ---------------------------------------------------------------------------------------

/// `POST /sapi/v1/simple-earn/locked/redeem` (TRADE; weight 1, once per 3 s per account):
/// redeems a whole locked position early, losing rewards (allowed only when the position
/// says `canRedeemEarly`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RedeemLocked {
    /// `positionId` (decimal digits; INT on current pages, STRING on older ones, identical
    /// on the wire).
    pub position_id: String,
}

impl RedeemLocked {
    /// Redeem position `position_id`.
    pub fn new(position_id: impl Into<String>) -> Self {
        RedeemLocked { position_id: position_id.into() }
    }
}

impl ApiRequest for RedeemLocked {
    type Dialect = BinanceDialect;
    type Response = LockedRedemption;

    fn endpoint(&self) -> &'static Endpoint {
        &REDEEM
    }

    fn validate(&self) -> Result<()> {
        check_numeric_id("positionId", &self.position_id)
    }

    fn query(&self) -> Query {
        Query::new().push("positionId", &self.position_id)
    }

    /// The position redeemed, in `position_id`.
    fn intent(&self) -> Option<ReconcileIntent> {
        Some(ReconcileIntent::new(VENUE, Operation::Redeem, REDEEM.path).position_id(&*self.position_id))
    }
}

/// `{"redeemId": 40607, "success": true}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LockedRedemption {
    /// `redeemId`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub redeem_id: Option<String>,
    /// `success`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub success: Option<bool>,
}

// ---------------------------------------------------------------------------------------
// 7.13 GET locked/position
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/simple-earn/locked/position` (signed): locked holdings (paged).
pub type GetLockedPositions = List<LockedPositions>;

/// The [`ListKind`] of [`GetLockedPositions`].
pub enum LockedPositions {}

impl ListKind for LockedPositions {
    type Response = Rows<LockedPosition>;
    const ENDPOINT: &'static Endpoint = &POSITION;
    const FILTERS: &'static [Filter] = &[Filter::Asset, Filter::PositionId, Filter::ProjectId];
    const MAX_SPAN: Option<Duration> = None;
}
impl ByAsset for LockedPositions {}
impl ByPositionId for LockedPositions {}
impl ByProjectId for LockedPositions {}

/// A locked holding (`rows[]` of 7.13).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LockedPosition {
    /// `positionId` (a number live, a string in the docs).
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub position_id: String,
    /// `parentPositionId` (renewals).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub parent_position_id: Option<String>,
    /// `projectId` (`productId` in a 2023 capture).
    #[serde(default, alias = "productId", deserialize_with = "lenient::id_string")]
    pub project_id: String,
    /// `asset`: the asset locked.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `rewardAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub reward_asset: Option<String>,
    /// `amount`: locked.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `purchaseTime`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub purchase_time: Option<UnixMillis>,
    /// `duration`: lock days.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub duration: Option<u32>,
    /// `accrualDays`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub accrual_days: Option<u32>,
    /// `payPeriod`: reward payment cycle, days.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub pay_period: Option<u32>,
    /// `redeemPeriod`: redemption interval, days.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub redeem_period: Option<u32>,
    /// `APY` in the docs, `apy` live.
    #[serde(default, alias = "APY", deserialize_with = "lenient::opt")]
    pub apy: Option<Rate>,
    /// `rewardAmt`: earned.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub reward_amt: Option<Amount>,
    /// `extraRewardAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub extra_reward_asset: Option<String>,
    /// `extraRewardAPR`.
    #[serde(default, rename = "extraRewardAPR", deserialize_with = "lenient::opt")]
    pub extra_reward_apr: Option<Rate>,
    /// `estExtraRewardAmt`: paid at expiry.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub est_extra_reward_amt: Option<Amount>,
    /// `boostRewardAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub boost_reward_asset: Option<String>,
    /// `boostApr`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub boost_apr: Option<Rate>,
    /// `totalBoostRewardAmt`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub total_boost_reward_amt: Option<Amount>,
    /// `nextPay`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub next_pay: Option<Amount>,
    /// `nextPayDate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub next_pay_date: Option<UnixMillis>,
    /// `redeemAmountEarly`: what an early redemption pays.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub redeem_amount_early: Option<Amount>,
    /// `rewardsEndDate`: accrual ends.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub rewards_end_date: Option<UnixMillis>,
    /// `deliverDate`: the redemption arrives.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub deliver_date: Option<UnixMillis>,
    /// `partialAmtDeliverDate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub partial_amt_deliver_date: Option<UnixMillis>,
    /// `redeemingAmt`: under redemption.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub redeeming_amt: Option<Amount>,
    /// `redeemTo`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub redeem_to: Option<RedeemTo>,
    /// `canRedeemEarly`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub can_redeem_early: Option<bool>,
    /// `canFastRedemption`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub can_fast_redemption: Option<bool>,
    /// `autoSubscribe`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub auto_subscribe: Option<bool>,
    /// `canReStake`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub can_re_stake: Option<bool>,
    /// `type`.
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_enum")]
    pub kind: Option<LockedOrderType>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<LockedPositionStatus>,
    /// `reStakeInfo` (seen only in a 2023 capture), kept as its JSON text.
    #[serde(default)]
    pub re_stake_info: Option<RawJson>,
}

// ---------------------------------------------------------------------------------------
// 7.15 GET locked/history/subscriptionRecord
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/simple-earn/locked/history/subscriptionRecord`: locked subscriptions
/// (window of at most 30 days).
pub type GetLockedSubscriptionRecord = List<LockedSubscriptionRecord>;

/// The [`ListKind`] of [`GetLockedSubscriptionRecord`].
pub enum LockedSubscriptionRecord {}

impl ListKind for LockedSubscriptionRecord {
    type Response = Rows<LockedSubscriptionRow>;
    const ENDPOINT: &'static Endpoint = &SUBSCRIPTION_RECORD;
    const FILTERS: &'static [Filter] = &[Filter::PurchaseId, Filter::Asset];
}
impl ByPurchaseId for LockedSubscriptionRecord {}
impl ByAsset for LockedSubscriptionRecord {}

/// A locked subscription (`rows[]` of 7.15).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LockedSubscriptionRow {
    /// `positionId`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub position_id: Option<String>,
    /// `purchaseId` (a string in the example).
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub purchase_id: String,
    /// `projectId` (added 2024-07-04).
    #[serde(default, alias = "productId", deserialize_with = "lenient::opt")]
    pub project_id: Option<String>,
    /// `time`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<UnixMillis>,
    /// `asset`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `amount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `lockPeriod`: days, as text.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub lock_period: Option<String>,
    /// `type`.
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_enum")]
    pub kind: Option<SubscriptionType>,
    /// `sourceAccount`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub source_account: Option<RecordAccount>,
    /// `amtFromSpot`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amt_from_spot: Option<Amount>,
    /// `amtFromFunding`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amt_from_funding: Option<Amount>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<SubscriptionStatus>,
}

// ---------------------------------------------------------------------------------------
// 7.17 GET locked/history/redemptionRecord
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/simple-earn/locked/history/redemptionRecord`: locked redemptions,
/// maturities included (window of at most 30 days).
pub type GetLockedRedemptionRecord = List<LockedRedemptionRecord>;

/// The [`ListKind`] of [`GetLockedRedemptionRecord`].
pub enum LockedRedemptionRecord {}

impl ListKind for LockedRedemptionRecord {
    type Response = Rows<LockedRedemptionRow>;
    const ENDPOINT: &'static Endpoint = &REDEMPTION_RECORD;
    const FILTERS: &'static [Filter] = &[Filter::PositionId, Filter::RedeemId, Filter::Asset];
}
impl ByPositionId for LockedRedemptionRecord {}
impl ByRedeemId for LockedRedemptionRecord {}
impl ByAsset for LockedRedemptionRecord {}

/// A locked redemption (`rows[]` of 7.17).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LockedRedemptionRow {
    /// `positionId`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub position_id: Option<String>,
    /// `redeemId`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub redeem_id: String,
    /// `time`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<UnixMillis>,
    /// `asset`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `lockPeriod`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub lock_period: Option<String>,
    /// `amount`: paid.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `originalAmount`: the position's amount.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub original_amount: Option<Amount>,
    /// `type`.
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_enum")]
    pub kind: Option<LockedRedemptionType>,
    /// `deliverDate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub deliver_date: Option<UnixMillis>,
    /// `lossAmount`: rewards lost by an early redemption.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub loss_amount: Option<Amount>,
    /// `isComplete`.
    #[serde(default, deserialize_with = "loose_bool")]
    pub is_complete: Option<bool>,
    /// `rewardAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub reward_asset: Option<String>,
    /// `rewardAmt`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub reward_amt: Option<Amount>,
    /// `extraRewardAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub extra_reward_asset: Option<String>,
    /// `estExtraRewardAmt`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub est_extra_reward_amt: Option<Amount>,
    /// `status` (`PAID` in the docs; others undocumented).
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<RedemptionStatus>,
}

// ---------------------------------------------------------------------------------------
// 7.19 GET locked/history/rewardsRecord
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/simple-earn/locked/history/rewardsRecord`: locked rewards (window of at
/// most 30 days; `current` at most 1000).
pub type GetLockedRewardsRecord = List<LockedRewardsRecord>;

/// The [`ListKind`] of [`GetLockedRewardsRecord`].
pub enum LockedRewardsRecord {}

impl ListKind for LockedRewardsRecord {
    type Response = Rows<LockedRewardRow>;
    const ENDPOINT: &'static Endpoint = &REWARDS_RECORD;
    const FILTERS: &'static [Filter] = &[Filter::PositionId, Filter::Asset];
    const MAX_CURRENT: u32 = MAX_REWARDS_CURRENT;
}
impl ByPositionId for LockedRewardsRecord {}
impl ByAsset for LockedRewardsRecord {}

/// A locked reward (`rows[]` of 7.19).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LockedRewardRow {
    /// `positionId` (a number live, documented as a string).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub position_id: Option<String>,
    /// `time`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<UnixMillis>,
    /// `asset`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `lockPeriod` (absent on boost rows).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub lock_period: Option<String>,
    /// `amount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `type` (added 2025-03-18).
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_enum")]
    pub kind: Option<LockedRewardType>,
}

// ---------------------------------------------------------------------------------------
// 7.23 POST locked/setAutoSubscribe, 7.24 POST locked/setRedeemOption
// ---------------------------------------------------------------------------------------

/// `POST /sapi/v1/simple-earn/locked/setAutoSubscribe`: renewal at maturity on or off (a
/// setting: repeating it is harmless).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SetLockedAutoSubscribe {
    /// `positionId`.
    pub position_id: String,
    /// `autoSubscribe`.
    pub auto_subscribe: bool,
}

impl SetLockedAutoSubscribe {
    /// Sets renewal of `position_id` to `on`.
    pub fn new(position_id: impl Into<String>, on: bool) -> Self {
        SetLockedAutoSubscribe { position_id: position_id.into(), auto_subscribe: on }
    }
}

impl ApiRequest for SetLockedAutoSubscribe {
    type Dialect = BinanceDialect;
    type Response = Ack;

    fn endpoint(&self) -> &'static Endpoint {
        &SET_AUTO_SUBSCRIBE
    }

    fn validate(&self) -> Result<()> {
        check_numeric_id("positionId", &self.position_id)
    }

    fn query(&self) -> Query {
        Query::new().push("positionId", &self.position_id).push("autoSubscribe", bool_text(self.auto_subscribe))
    }
}

/// `POST /sapi/v1/simple-earn/locked/setRedeemOption` (weight 50): where a position goes at
/// maturity (a setting: repeating it is harmless). Only `SPOT` and `FLEXIBLE` are sent.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SetLockedRedeemOption {
    /// `positionId`.
    pub position_id: String,
    /// `redeemTo`.
    pub redeem_to: RedeemTo,
}

impl SetLockedRedeemOption {
    /// Pays `position_id` to `to` at maturity.
    pub fn new(position_id: impl Into<String>, to: RedeemTo) -> Self {
        SetLockedRedeemOption { position_id: position_id.into(), redeem_to: to }
    }
}

impl ApiRequest for SetLockedRedeemOption {
    type Dialect = BinanceDialect;
    type Response = Ack;

    fn endpoint(&self) -> &'static Endpoint {
        &SET_REDEEM_OPTION
    }

    fn validate(&self) -> Result<()> {
        check_numeric_id("positionId", &self.position_id)?;
        check_redeem_to(&self.redeem_to)
    }

    fn query(&self) -> Query {
        Query::new().push("positionId", &self.position_id).push("redeemTo", &self.redeem_to)
    }
}
