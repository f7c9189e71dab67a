//! Easy & On-Chain Earn (`FlexibleSaving`, `OnChain`): reference §5, one request type per
//! endpoint.
//!
//! | Endpoint | Request | Answer |
//! |---|---|---|
//! | `GET /v5/earn/product` | [`GetProducts`] | [`List`]`<`[`EarnProduct`]`>` |
//! | `POST /v5/earn/place-order` | [`PlaceOrder`] | [`PlaceOrderResult`] |
//! | `GET /v5/earn/order` | [`GetOrderHistory`] | [`Page`]`<`[`EarnOrder`]`>` |
//! | `GET /v5/earn/position` | [`GetPositions`] | [`List`]`<`[`EarnPosition`]`>` |
//! | `GET /v5/earn/yield` | [`GetYieldHistory`] | [`Page`]`<`[`YieldRecord`]`>` |
//! | `GET /v5/earn/hourly-yield` | [`GetHourlyYield`] | [`Page`]`<`[`HourlyYieldRecord`]`>` |
//! | `GET /v5/earn/apr-history` | [`GetAprHistory`] | [`List`]`<`[`AprPoint`]`>` |
//! | `POST /v5/earn/position/modify` | [`ModifyPosition`] | [`Ack`] |
//! | `GET /v5/earn/coupons` | [`GetCoupons`] | [`Coupons`] |

use std::marker::PhantomData;
use std::time::Duration;

use earn_core::http::{ApiRequest, Endpoint, Query};
use earn_core::wire::lenient;
use earn_core::{Amount, AmountRules, Error, Operation, ReconcileIntent, Result, UnixMillis};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::common::{
    AccountType, Ack, AprText, List, Page, PlaceOrderResult, SEVEN_DAYS, YieldKind, amount_text, apr_fraction,
    apr_percent, body, check_coin, check_id, check_order_link_id, check_span, new_order_link_id,
};
use crate::VENUE;
use crate::client::Paginated;
use crate::dialect::{BybitDialect, keyed_write, public, read, setter};

pub(crate) static PRODUCT: Endpoint = public("/v5/earn/product");
pub(crate) static PLACE_ORDER_STAKE: Endpoint = keyed_write("/v5/earn/place-order", Operation::Stake);
/// Same path and budget as [`PLACE_ORDER_STAKE`]; a redemption for reconciliation.
pub(crate) static PLACE_ORDER_REDEEM: Endpoint = keyed_write("/v5/earn/place-order", Operation::Redeem);
pub(crate) static ORDER: Endpoint = read("/v5/earn/order");
pub(crate) static POSITION: Endpoint = read("/v5/earn/position");
pub(crate) static YIELD: Endpoint = read("/v5/earn/yield");
pub(crate) static HOURLY_YIELD: Endpoint = read("/v5/earn/hourly-yield");
pub(crate) static APR_HISTORY: Endpoint = public("/v5/earn/apr-history");
pub(crate) static POSITION_MODIFY: Endpoint = setter("/v5/earn/position/modify");
/// 10/s/UID, documented (the reference's read default).
pub(crate) static COUPONS: Endpoint = read("/v5/earn/coupons");

earn_core::open_enum! {
    /// Easy & On-Chain Earn category (`category` of §5).
    pub enum EarnCategory {
        /// Easy Earn flexible savings.
        FlexibleSaving = "FlexibleSaving",
        /// On-chain earn (LST and non-LST, flexible or fixed).
        OnChain = "OnChain",
    }
}

earn_core::open_enum! {
    /// Category accepted by `GET /v5/earn/coupons`.
    pub enum CouponCategory {
        /// Flexible savings interest cards.
        FlexibleSaving = "FlexibleSaving",
        /// Dual Assets award cards.
        DualAssets = "DualAssets",
    }
}

earn_core::open_enum! {
    /// Stake or redeem (`orderType`).
    pub enum OrderType {
        /// Move funds into the product.
        Stake = "Stake",
        /// Move funds out of the product.
        Redeem = "Redeem",
    }
}

earn_core::open_enum! {
    /// Easy Earn order (and yield) status.
    pub enum OrderStatusText {
        /// Accepted, not final.
        Pending = "Pending",
        /// Done.
        Success = "Success",
        /// Failed; nothing moved.
        Fail = "Fail",
    }
}

earn_core::open_enum! {
    /// Easy Earn product status.
    pub enum ProductStatusText {
        /// Open for staking.
        Available = "Available",
        /// Closed for staking.
        NotAvailable = "NotAvailable",
    }
}

earn_core::open_enum! {
    /// OnChain product duration.
    pub enum ProductDuration {
        /// Fixed term (`term` days).
        Fixed = "Fixed",
        /// Flexible.
        Flexible = "Flexible",
    }
}

earn_core::open_enum! {
    /// OnChain reward distribution.
    pub enum RewardDistributionType {
        /// Simple interest.
        Simple = "Simple",
        /// Compounded.
        Compound = "Compound",
        /// Bybit's `Other`: a liquid staking token (LST) product.
        LiquidStaking = "Other",
    }
}

earn_core::open_enum! {
    /// Auto-reinvest switch as positions report it.
    pub enum AutoReinvest {
        /// On.
        Enable = "Enable",
        /// Off.
        Disable = "Disable",
    }
}

earn_core::open_enum! {
    /// OnChain position status.
    pub enum PositionStatus {
        /// Stake in progress.
        Processing = "Processing",
        /// Earning.
        Active = "Active",
    }
}

earn_core::open_enum! {
    /// Yield record type.
    pub enum YieldType {
        /// Base yield.
        Normal = "Normal",
        /// Bonus yield.
        Bonus = "Bonus",
    }
}

earn_core::open_enum! {
    /// How a yield is paid.
    pub enum DistributionMode {
        /// Paid daily.
        Auto = "Auto",
        /// Paid at redemption.
        Manual = "Manual",
        /// Reinvested (not yet available).
        Reinvest = "Reinvest",
    }
}

earn_core::open_enum! {
    /// Coupon (interest card, award card) state.
    pub enum CardStatus {
        /// Applied to a position now.
        InUse = "InUse",
        /// Not used yet.
        NotUse = "NotUse",
        /// Expired unused.
        Expired = "Expired",
        /// Used up.
        AlreadyUsed = "AlreadyUsed",
    }
}

/// Rejects a category this crate does not know before sending.
fn check_category(category: &EarnCategory) -> Result<()> {
    if category.is_known() {
        Ok(())
    } else {
        Err(Error::invalid_input("category", format!("{category:?} is not FlexibleSaving or OnChain")))
    }
}

/// Checks a numeric id (Bybit `productId`, position `id`) and returns it as an integer.
fn numeric_id(field: &str, id: &str) -> Result<u64> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(field, format!("{id:?} must be a decimal integer")));
    }
    id.parse().map_err(|_| Error::invalid_input(field, format!("{id:?} is too large")))
}

// ---------------------------------------------------------------------------------------
// GET /v5/earn/product
// ---------------------------------------------------------------------------------------

/// `GET /v5/earn/product` (public): FlexibleSaving or OnChain products.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetProducts {
    /// `category` (required).
    pub category: EarnCategory,
    /// `coin`, upper-case.
    pub coin: Option<String>,
}

impl GetProducts {
    /// Products of `category`.
    pub fn new(category: EarnCategory) -> Self {
        GetProducts { category, coin: None }
    }

    /// Only products of `coin` (upper-case, e.g. `BTC`).
    pub fn coin(mut self, coin: impl Into<String>) -> Self {
        self.coin = Some(coin.into());
        self
    }
}

impl ApiRequest for GetProducts {
    type Dialect = BybitDialect;
    type Response = List<EarnProduct>;

    fn endpoint(&self) -> &'static Endpoint {
        &PRODUCT
    }

    fn validate(&self) -> Result<()> {
        check_category(&self.category)?;
        self.coin.as_deref().map_or(Ok(()), |c| check_coin("coin", c))
    }

    fn query(&self) -> Query {
        Query::new().push("category", &self.category).push_opt("coin", self.coin.as_ref())
    }
}

/// A reward event on a product (`bonusEvents[]`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BonusEvent {
    /// `apr`: yesterday's reward APR, raw text kept.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub apr: Option<AprText>,
    /// `coin`: reward coin.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub coin: Option<String>,
    /// `announcement`: URL.
    #[serde(default, deserialize_with = "lenient::opt")]
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
    #[serde(default, deserialize_with = "apr_percent")]
    pub estimate_apr: Option<AprText>,
    /// `coin`: staking coin.
    pub coin: String,
    /// `minStakeAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub min_stake_amount: Option<Amount>,
    /// `maxStakeAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub max_stake_amount: Option<Amount>,
    /// `precision`: decimal places allowed in amounts (inferred meaning).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub precision: Option<u32>,
    /// `productId`.
    #[serde(deserialize_with = "lenient::id_string")]
    pub product_id: String,
    /// `status`.
    pub status: ProductStatusText,
    /// `bonusEvents[]`.
    #[serde(default)]
    pub bonus_events: Vec<BonusEvent>,
    /// `minRedeemAmount` (OnChain LST only).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub min_redeem_amount: Option<Amount>,
    /// `maxRedeemAmount` (OnChain LST only).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub max_redeem_amount: Option<Amount>,
    /// `duration` (OnChain): `Fixed` or `Flexible`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub duration: Option<ProductDuration>,
    /// `term`: days (OnChain `Fixed` only; 0 otherwise).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub term: Option<u32>,
    /// `swapCoin` (OnChain LST only).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub swap_coin: Option<String>,
    /// `swapCoinPrecision` (LST only).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub swap_coin_precision: Option<u32>,
    /// `stakeExchangeRate` (LST only, estimated).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub stake_exchange_rate: Option<Amount>,
    /// `redeemExchangeRate` (LST only, estimated).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub redeem_exchange_rate: Option<Amount>,
    /// `rewardDistributionType` (OnChain).
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub reward_distribution_type: Option<RewardDistributionType>,
    /// `rewardIntervalMinute`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub reward_interval_minute: Option<i64>,
    /// `redeemProcessingMinute`: estimated redemption time (string or number).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub redeem_processing_minute: Option<i64>,
    /// `stakeTime`: when a stake goes on-chain.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub stake_time: Option<UnixMillis>,
    /// `interestCalculationTime`: interest accrual start.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub interest_calculation_time: Option<UnixMillis>,
}

impl EarnProduct {
    /// Whether this is an OnChain liquid-staking-token product (`coin != swapCoin`).
    pub fn is_lst(&self) -> bool {
        self.category == EarnCategory::OnChain && self.swap_coin.as_deref().is_some_and(|s| s != self.coin)
    }

    /// Whether this is a fixed-term OnChain product (`duration` `Fixed`): locked for
    /// [`term`](Self::term) days, redeemed at maturity (`settlementTime` of its positions).
    pub fn is_fixed_term(&self) -> bool {
        self.category == EarnCategory::OnChain && self.duration == Some(ProductDuration::Fixed)
    }

    /// The lock-up of a fixed-term product from its `term` (days), exactly; `None` when it is
    /// not fixed-term or Bybit gives no positive `term`.
    pub fn term_duration(&self) -> Option<Duration> {
        let days = self.term.filter(|d| *d > 0 && self.is_fixed_term())?;
        Some(Duration::from_secs(u64::from(days) * 86_400))
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

// ---------------------------------------------------------------------------------------
// GET /v5/earn/apr-history
// ---------------------------------------------------------------------------------------

/// `GET /v5/earn/apr-history` (public): daily APRs of one product, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetAprHistory {
    /// `category` (required).
    pub category: EarnCategory,
    /// `productId` (required).
    pub product_id: String,
    /// `startTime`.
    pub start_time: Option<UnixMillis>,
    /// `endTime` (span at most 182 days).
    pub end_time: Option<UnixMillis>,
}

impl GetAprHistory {
    /// APR history of one product (last 7 days unless a range is set).
    pub fn new(category: EarnCategory, product_id: impl Into<String>) -> Self {
        GetAprHistory { category, product_id: product_id.into(), start_time: None, end_time: None }
    }

    /// `startTime` and `endTime`.
    pub fn range(mut self, start: UnixMillis, end: UnixMillis) -> Self {
        self.start_time = Some(start);
        self.end_time = Some(end);
        self
    }
}

impl ApiRequest for GetAprHistory {
    type Dialect = BybitDialect;
    type Response = List<AprPoint>;

    fn endpoint(&self) -> &'static Endpoint {
        &APR_HISTORY
    }

    fn validate(&self) -> Result<()> {
        check_category(&self.category)?;
        check_id("productId", &self.product_id)?;
        check_span(self.start_time, self.end_time, Duration::from_secs(182 * 86_400))
    }

    fn query(&self) -> Query {
        Query::new()
            .push("category", &self.category)
            .push("productId", &self.product_id)
            .push_opt("startTime", self.start_time.map(|t| t.0))
            .push_opt("endTime", self.end_time.map(|t| t.0))
    }
}

/// One day of `GET /v5/earn/apr-history`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct AprPoint {
    /// `timestamp`: UTC midnight of the day.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub timestamp: Option<UnixMillis>,
    /// `apr`: a fraction (`"0.055"`) or percent text (`"15%"`); the docs disagree, raw text kept.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub apr: Option<AprText>,
}

// ---------------------------------------------------------------------------------------
// POST /v5/earn/place-order
// ---------------------------------------------------------------------------------------

/// A coupon applied to a FlexibleSaving stake (`interestCard`, from [`GetCoupons`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InterestCard {
    /// `awardId`.
    pub award_id: i64,
    /// `specCode`.
    pub spec_code: String,
}

/// `POST /v5/earn/place-order`: stake into or redeem from a FlexibleSaving or OnChain
/// product.
///
/// Every order carries an `orderLinkId`: a fresh UUID from [`stake`](Self::stake) and
/// [`redeem`](Self::redeem), or the caller's own ([`order_link_id`](Self::order_link_id)).
/// Sending the same request twice sends the same `orderLinkId`, so Bybit cannot execute it
/// twice within 30 minutes. The body is serialized from this struct, in field order, with
/// the amount in its one wire spelling (trailing zeros dropped).
///
/// [`validate`](ApiRequest::validate) checks every rule that needs no request, the amount
/// against [`rules`](Self::rules) (by default only "above zero"; set the product's
/// [`EarnProduct::stake_rules`] or [`EarnProduct::redeem_rules`] to check its minimum,
/// maximum and precision too). A duplicate answer (180025/180031: an order with this
/// `orderLinkId` exists) is [`Error::OutcomeUnknown`]: read the order back by its
/// `orderLinkId` ([`GetOrderHistory`]) or reconcile.
///
/// ```
/// use bybit_earn::api::easy_earn::{EarnCategory, PlaceOrder};
/// use earn_core::Amount;
/// use earn_core::http::ApiRequest;
/// let order = PlaceOrder::redeem(EarnCategory::FlexibleSaving, "BTC", "430", Amount::parse("0.350").unwrap())
///     .order_link_id("btc-earn-001");
/// assert_eq!(
///     order.body().unwrap().unwrap(),
///     r#"{"category":"FlexibleSaving","orderType":"Redeem","accountType":"FUND","amount":"0.35","coin":"BTC","productId":"430","orderLinkId":"btc-earn-001"}"#
/// );
/// assert!(order.order_link_id("not allowed!").validate().unwrap_err().to_string().contains("orderLinkId"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PlaceOrder {
    /// `category`.
    pub category: EarnCategory,
    /// `orderType`.
    pub order_type: OrderType,
    /// `accountType` (OnChain: `FUND` only). Default `FUND`.
    pub account_type: AccountType,
    /// `amount`, sent as plain decimal text.
    #[serde(serialize_with = "amount_text")]
    pub amount: Amount,
    /// `coin`.
    pub coin: String,
    /// `productId`.
    pub product_id: String,
    /// `orderLinkId`: ≤ 36 of `[A-Za-z0-9_-]`.
    pub order_link_id: String,
    /// `redeemPositionId`: OnChain non-LST redeem only (position `id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redeem_position_id: Option<String>,
    /// `toAccountType`: OnChain redeem only (non-LST: `FUND`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_account_type: Option<AccountType>,
    /// `interestCard`: FlexibleSaving stake only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interest_card: Option<InterestCard>,
    /// The product's amount rules, checked by `validate` (not sent).
    #[serde(skip)]
    pub rules: AmountRules,
}

impl PlaceOrder {
    fn new(
        category: EarnCategory,
        order_type: OrderType,
        coin: impl Into<String>,
        product_id: impl Into<String>,
        amount: Amount,
    ) -> Self {
        PlaceOrder {
            category,
            order_type,
            account_type: AccountType::Fund,
            amount,
            coin: coin.into(),
            product_id: product_id.into(),
            order_link_id: new_order_link_id(),
            redeem_position_id: None,
            to_account_type: None,
            interest_card: None,
            rules: AmountRules::default(),
        }
    }

    /// A stake of `amount` `coin` into `product_id`, with a fresh `orderLinkId`.
    pub fn stake(
        category: EarnCategory,
        coin: impl Into<String>,
        product_id: impl Into<String>,
        amount: Amount,
    ) -> Self {
        Self::new(category, OrderType::Stake, coin, product_id, amount)
    }

    /// A redemption of `amount` `coin` from `product_id`, with a fresh `orderLinkId`.
    pub fn redeem(
        category: EarnCategory,
        coin: impl Into<String>,
        product_id: impl Into<String>,
        amount: Amount,
    ) -> Self {
        Self::new(category, OrderType::Redeem, coin, product_id, amount)
    }

    /// Sets `accountType`.
    pub fn account_type(mut self, a: AccountType) -> Self {
        self.account_type = a;
        self
    }

    /// Sets `orderLinkId` (reuse the same id to repeat the same intent safely within 30 min).
    pub fn order_link_id(mut self, id: impl Into<String>) -> Self {
        self.order_link_id = id.into();
        self
    }

    /// Sets `redeemPositionId`.
    pub fn redeem_position_id(mut self, id: impl Into<String>) -> Self {
        self.redeem_position_id = Some(id.into());
        self
    }

    /// Sets `toAccountType`.
    pub fn to_account_type(mut self, a: AccountType) -> Self {
        self.to_account_type = Some(a);
        self
    }

    /// Sets `interestCard`.
    pub fn interest_card(mut self, card: InterestCard) -> Self {
        self.interest_card = Some(card);
        self
    }

    /// The product's amount rules, checked (once) before sending.
    pub fn rules(mut self, rules: AmountRules) -> Self {
        self.rules = rules;
        self
    }

    fn operation(&self) -> Operation {
        if self.order_type == OrderType::Stake { Operation::Stake } else { Operation::Redeem }
    }
}

impl ApiRequest for PlaceOrder {
    type Dialect = BybitDialect;
    type Response = PlaceOrderResult;

    fn endpoint(&self) -> &'static Endpoint {
        if self.order_type == OrderType::Stake { &PLACE_ORDER_STAKE } else { &PLACE_ORDER_REDEEM }
    }

    fn validate(&self) -> Result<()> {
        check_category(&self.category)?;
        if !self.order_type.is_known() {
            return Err(Error::invalid_input("orderType", "must be Stake or Redeem"));
        }
        if !self.account_type.is_known() {
            return Err(Error::invalid_input("accountType", "must be FUND or UNIFIED"));
        }
        let onchain = self.category == EarnCategory::OnChain;
        let redeem = self.order_type == OrderType::Redeem;
        if onchain && self.account_type != AccountType::Fund {
            return Err(Error::invalid_input("accountType", "OnChain supports FUND only"));
        }
        self.rules.check("amount", self.amount)?;
        check_coin("coin", &self.coin)?;
        check_id("productId", &self.product_id)?;
        check_order_link_id("orderLinkId", &self.order_link_id)?;
        if let Some(id) = &self.redeem_position_id {
            if !(onchain && redeem) {
                return Err(Error::invalid_input("redeemPositionId", "allowed only for OnChain Redeem"));
            }
            check_id("redeemPositionId", id)?;
        }
        if let Some(to) = &self.to_account_type
            && !(onchain && redeem && to.is_known())
        {
            return Err(Error::invalid_input("toAccountType", "allowed only for OnChain Redeem, FUND or UNIFIED"));
        }
        if self.interest_card.is_some() && (redeem || self.category != EarnCategory::FlexibleSaving) {
            return Err(Error::invalid_input("interestCard", "allowed only for FlexibleSaving Stake"));
        }
        Ok(())
    }

    fn body(&self) -> Result<Option<bytes::Bytes>> {
        body(self)
    }

    /// In Bybit's vocabulary: its `productId`, the coin, the amount and the `orderLinkId`.
    fn intent(&self) -> Option<ReconcileIntent> {
        Some(
            ReconcileIntent::new(VENUE, self.operation(), self.endpoint().path)
                .product(self.product_id.as_str())
                .asset(self.coin.as_str())
                .amount(self.amount)
                .client_id(self.order_link_id.as_str()),
        )
    }
}

// ---------------------------------------------------------------------------------------
// GET /v5/earn/order
// ---------------------------------------------------------------------------------------

/// `GET /v5/earn/order`: stake and redeem orders, one page (walk them with
/// [`BybitEarnClient::pages`](crate::BybitEarnClient::pages)).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetOrderHistory {
    /// `category` (required).
    pub category: EarnCategory,
    /// `orderId` (OnChain: this or `orderLinkId` is required).
    pub order_id: Option<String>,
    /// `orderLinkId` (the latest order with it, if it was reused).
    pub order_link_id: Option<String>,
    /// `productId`.
    pub product_id: Option<String>,
    /// `startTime`.
    pub start_time: Option<UnixMillis>,
    /// `endTime` (span at most 7 days).
    pub end_time: Option<UnixMillis>,
    /// `limit`: 1–100 (default 50).
    pub limit: Option<u32>,
    /// `cursor`.
    pub cursor: Option<String>,
}

impl GetOrderHistory {
    /// Orders of `category` (last 7 days unless a range is set).
    pub fn new(category: EarnCategory) -> Self {
        GetOrderHistory {
            category,
            order_id: None,
            order_link_id: None,
            product_id: None,
            start_time: None,
            end_time: None,
            limit: None,
            cursor: None,
        }
    }

    /// Sets `orderId`.
    pub fn order_id(mut self, id: impl Into<String>) -> Self {
        self.order_id = Some(id.into());
        self
    }

    /// Sets `orderLinkId`.
    pub fn order_link_id(mut self, id: impl Into<String>) -> Self {
        self.order_link_id = Some(id.into());
        self
    }

    /// Sets `productId`.
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
}

impl ApiRequest for GetOrderHistory {
    type Dialect = BybitDialect;
    type Response = Page<EarnOrder>;

    fn endpoint(&self) -> &'static Endpoint {
        &ORDER
    }

    fn validate(&self) -> Result<()> {
        check_category(&self.category)?;
        if self.category == EarnCategory::OnChain && self.order_id.is_none() && self.order_link_id.is_none() {
            return Err(Error::invalid_input("orderId", "OnChain order history needs orderId or orderLinkId"));
        }
        if let Some(id) = &self.order_id {
            check_id("orderId", id)?;
        }
        if let Some(id) = &self.order_link_id {
            check_order_link_id("orderLinkId", id)?;
        }
        if let Some(id) = &self.product_id {
            check_id("productId", id)?;
        }
        check_span(self.start_time, self.end_time, SEVEN_DAYS)?;
        earn_core::validate::check_limit("limit", self.limit, 100)
    }

    fn query(&self) -> Query {
        Query::new()
            .push("category", &self.category)
            .push_opt("orderId", self.order_id.as_ref())
            .push_opt("orderLinkId", self.order_link_id.as_ref())
            .push_opt("productId", self.product_id.as_ref())
            .push_opt("startTime", self.start_time.map(|t| t.0))
            .push_opt("endTime", self.end_time.map(|t| t.0))
            .push_opt("limit", self.limit)
            .push_opt("cursor", self.cursor.as_ref())
    }
}

impl Paginated for GetOrderHistory {
    fn cursor_mut(&mut self) -> &mut Option<String> {
        &mut self.cursor
    }
}

/// One order of `GET /v5/earn/order`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EarnOrder {
    /// `coin`.
    pub coin: String,
    /// `orderValue`: order amount.
    #[serde(deserialize_with = "lenient::req")]
    pub order_value: Amount,
    /// `orderType`.
    pub order_type: OrderType,
    /// `orderId`.
    #[serde(deserialize_with = "lenient::id_string")]
    pub order_id: String,
    /// `orderLinkId` (`""` for orders not placed through the API → `None`).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub order_link_id: Option<String>,
    /// `status`: `Pending`, `Success`, `Fail`.
    pub status: OrderStatusText,
    /// `createdAt`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub created_at: Option<UnixMillis>,
    /// `updatedAt`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub updated_at: Option<UnixMillis>,
    /// `productId`.
    #[serde(deserialize_with = "lenient::id_string")]
    pub product_id: String,
    /// `swapOrderValue`: swap-coin amount (OnChain LST only).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub swap_order_value: Option<Amount>,
    /// `estimateRedeemTime` (OnChain only).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub estimate_redeem_time: Option<UnixMillis>,
    /// `estimateStakeTime` (OnChain only).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub estimate_stake_time: Option<UnixMillis>,
}

// ---------------------------------------------------------------------------------------
// GET /v5/earn/position
// ---------------------------------------------------------------------------------------

/// `GET /v5/earn/position`: staked positions (FlexibleSaving includes fully redeemed ones).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetPositions {
    /// `category` (required).
    pub category: EarnCategory,
    /// `productId`.
    pub product_id: Option<String>,
    /// `coin`.
    pub coin: Option<String>,
}

impl GetPositions {
    /// Positions of `category`.
    pub fn new(category: EarnCategory) -> Self {
        GetPositions { category, product_id: None, coin: None }
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
}

impl ApiRequest for GetPositions {
    type Dialect = BybitDialect;
    type Response = List<EarnPosition>;

    fn endpoint(&self) -> &'static Endpoint {
        &POSITION
    }

    fn validate(&self) -> Result<()> {
        check_category(&self.category)?;
        if let Some(id) = &self.product_id {
            check_id("productId", id)?;
        }
        self.coin.as_deref().map_or(Ok(()), |c| check_coin("coin", c))
    }

    fn query(&self) -> Query {
        Query::new()
            .push("category", &self.category)
            .push_opt("productId", self.product_id.as_ref())
            .push_opt("coin", self.coin.as_ref())
    }
}

/// An amount frozen in a position (`freezeDetails[]`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct FreezeDetail {
    /// `amount` frozen.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `description`: why (e.g. "Locked in Fixed-Rate Loan").
    #[serde(default, deserialize_with = "lenient::opt")]
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
    #[serde(deserialize_with = "lenient::id_string")]
    pub product_id: String,
    /// `amount`: total staked.
    #[serde(deserialize_with = "lenient::req")]
    pub amount: Amount,
    /// `totalPnl`: position profit (OnChain non-LST only); may be negative.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub total_pnl: Option<Decimal>,
    /// `claimableYield` (FlexibleSaving): accrued hourly, paid daily at 00:30 UTC.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub claimable_yield: Option<Amount>,
    /// `id`: OnChain position id (→ `redeemPositionId`, `positionId`).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub id: Option<String>,
    /// `status` (OnChain).
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<PositionStatus>,
    /// `orderId`: originating order (OnChain).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub order_id: Option<String>,
    /// `estimateRedeemTime` (OnChain).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub estimate_redeem_time: Option<UnixMillis>,
    /// `estimateStakeTime` (OnChain).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub estimate_stake_time: Option<UnixMillis>,
    /// `estimateInterestCalculationTime` (OnChain).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub estimate_interest_calculation_time: Option<UnixMillis>,
    /// `settlementTime` (OnChain `Fixed` only).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub settlement_time: Option<UnixMillis>,
    /// `autoReinvest`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub auto_reinvest: Option<AutoReinvest>,
    /// `availableAmount`: redeemable amount.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub available_amount: Option<Amount>,
    /// `freezeDetails[]`.
    #[serde(default)]
    pub freeze_details: Vec<FreezeDetail>,
}

// ---------------------------------------------------------------------------------------
// POST /v5/earn/position/modify
// ---------------------------------------------------------------------------------------

/// `POST /v5/earn/position/modify`: sets auto-reinvest of an OnChain `Fixed` position.
///
/// It sets an absolute state, so a repeat after a transient failure is harmless. Ids are
/// sent as JSON integers, as Bybit documents.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ModifyPosition {
    /// `productId` (sent as a JSON integer).
    pub product_id: String,
    /// `positionId`: position `id` (sent as a JSON integer).
    pub position_id: String,
    /// `autoReinvest`: sent as `1` (on) or `0` (off).
    pub auto_reinvest: bool,
}

impl ModifyPosition {
    /// Switches auto-reinvest of an OnChain fixed position.
    pub fn new(product_id: impl Into<String>, position_id: impl Into<String>, auto_reinvest: bool) -> Self {
        ModifyPosition { product_id: product_id.into(), position_id: position_id.into(), auto_reinvest }
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

impl ApiRequest for ModifyPosition {
    type Dialect = BybitDialect;
    type Response = Ack;

    fn endpoint(&self) -> &'static Endpoint {
        &POSITION_MODIFY
    }

    fn validate(&self) -> Result<()> {
        numeric_id("productId", &self.product_id)?;
        numeric_id("positionId", &self.position_id).map(|_| ())
    }

    fn body(&self) -> Result<Option<bytes::Bytes>> {
        body(&ModifyBody {
            category: EarnCategory::OnChain,
            product_id: numeric_id("productId", &self.product_id)?,
            position_id: numeric_id("positionId", &self.position_id)?,
            auto_reinvest: u8::from(self.auto_reinvest),
        })
    }
}

// ---------------------------------------------------------------------------------------
// GET /v5/earn/yield and GET /v5/earn/hourly-yield
// ---------------------------------------------------------------------------------------

/// `GET /v5/earn/yield` ([`GetYieldHistory`]) and `GET /v5/earn/hourly-yield`
/// ([`GetHourlyYield`]): yield records, one page; the kind `K` ([`DailyYield`] or
/// [`HourlyYield`]) selects the endpoint and the record type (the daily array key is `list`
/// or `yield`, both read).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetYields<K> {
    /// `category` (hourly: `FlexibleSaving`, the only one Bybit accepts there).
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
    kind: PhantomData<fn() -> K>,
}

/// `GET /v5/earn/yield`: daily yield records, one page.
pub type GetYieldHistory = GetYields<DailyYield>;

/// `GET /v5/earn/hourly-yield`: hourly yield records (FlexibleSaving only), one page.
pub type GetHourlyYield = GetYields<HourlyYield>;

/// The kind of [`GetYieldHistory`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DailyYield {}

impl YieldKind for DailyYield {
    type Row = YieldRecord;
    const ENDPOINT: &'static Endpoint = &YIELD;
}

/// The kind of [`GetHourlyYield`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HourlyYield {}

impl YieldKind for HourlyYield {
    type Row = HourlyYieldRecord;
    const ENDPOINT: &'static Endpoint = &HOURLY_YIELD;
    const HOURLY: bool = true;
}

impl<K: YieldKind> GetYields<K> {
    /// Records of `category` (last 7 days unless a range is set).
    pub fn new(category: EarnCategory) -> Self {
        GetYields {
            category,
            product_id: None,
            start_time: None,
            end_time: None,
            limit: None,
            cursor: None,
            kind: PhantomData,
        }
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
}

impl<K: YieldKind> ApiRequest for GetYields<K> {
    type Dialect = BybitDialect;
    type Response = Page<K::Row>;

    fn endpoint(&self) -> &'static Endpoint {
        K::ENDPOINT
    }

    fn validate(&self) -> Result<()> {
        if K::HOURLY && self.category != EarnCategory::FlexibleSaving {
            return Err(Error::invalid_input("category", "hourly yield exists for FlexibleSaving only"));
        }
        check_category(&self.category)?;
        if let Some(id) = &self.product_id {
            if self.category == EarnCategory::OnChain {
                return Err(Error::invalid_input("productId", "not accepted with category OnChain"));
            }
            check_id("productId", id)?;
        }
        check_span(self.start_time, self.end_time, SEVEN_DAYS)?;
        earn_core::validate::check_limit("limit", self.limit, 100)
    }

    fn query(&self) -> Query {
        Query::new()
            .push("category", &self.category)
            .push_opt("productId", self.product_id.as_ref())
            .push_opt("startTime", self.start_time.map(|t| t.0))
            .push_opt("endTime", self.end_time.map(|t| t.0))
            .push_opt("limit", self.limit)
            .push_opt("cursor", self.cursor.as_ref())
    }
}

impl<K: YieldKind> Paginated for GetYields<K> {
    fn cursor_mut(&mut self) -> &mut Option<String> {
        &mut self.cursor
    }
}

/// One daily yield record.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct YieldRecord {
    /// `productId`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub product_id: String,
    /// `coin`.
    pub coin: String,
    /// `id`: unique per user.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub id: Option<String>,
    /// `amount`: yield amount.
    #[serde(deserialize_with = "lenient::req")]
    pub amount: Amount,
    /// `yieldType`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub yield_type: Option<YieldType>,
    /// `distributionMode`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub distribution_mode: Option<DistributionMode>,
    /// `effectiveStakingAmount`: principal that earned it.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub effective_staking_amount: Option<Amount>,
    /// `orderId`: the redemption order (FlexibleSaving `Manual` only).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub order_id: Option<String>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<OrderStatusText>,
    /// `createdAt`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub created_at: Option<UnixMillis>,
}

/// One hourly yield record (FlexibleSaving).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HourlyYieldRecord {
    /// `productId`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub product_id: String,
    /// `coin`.
    pub coin: String,
    /// `id` (in the docs' table, absent from their example).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub id: Option<String>,
    /// `amount` (often 18 decimals).
    #[serde(deserialize_with = "lenient::req")]
    pub amount: Amount,
    /// `effectiveStakingAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub effective_staking_amount: Option<Amount>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<OrderStatusText>,
    /// `hourlyDate`: start of the hour.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub hourly_date: Option<UnixMillis>,
    /// `createdAt`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub created_at: Option<UnixMillis>,
}

// ---------------------------------------------------------------------------------------
// GET /v5/earn/coupons
// ---------------------------------------------------------------------------------------

/// `GET /v5/earn/coupons` (10/s/UID): every interest and award card, all states.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetCoupons {
    /// `category`: `FlexibleSaving` or `DualAssets`.
    pub category: CouponCategory,
}

impl GetCoupons {
    /// Coupons of `category`.
    pub fn new(category: CouponCategory) -> Self {
        GetCoupons { category }
    }
}

impl ApiRequest for GetCoupons {
    type Dialect = BybitDialect;
    type Response = Coupons;

    fn endpoint(&self) -> &'static Endpoint {
        &COUPONS
    }

    fn validate(&self) -> Result<()> {
        if self.category.is_known() {
            Ok(())
        } else {
            Err(Error::invalid_input("category", "must be FlexibleSaving or DualAssets"))
        }
    }

    fn query(&self) -> Query {
        Query::new().push("category", &self.category)
    }
}

/// An interest card (`interestCards[]`). Times are **Unix seconds**.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InterestCardInfo {
    /// `awardId` (pass to [`InterestCard`]).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub award_id: Option<i64>,
    /// `specCode`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub spec_code: Option<String>,
    /// `coin`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub coin: Option<String>,
    /// `apy`: decimal fraction (`"0.03"` = 3 %).
    #[serde(default, deserialize_with = "apr_fraction")]
    pub apy: Option<AprText>,
    /// `duration`: days.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub duration: Option<i64>,
    /// `claimedAt` (seconds).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub claimed_at: Option<i64>,
    /// `expireAt` (seconds).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub expire_at: Option<i64>,
    /// `usedAt` (seconds; 0 = unused).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub used_at: Option<i64>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<CardStatus>,
    /// `currentPnl`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub current_pnl: Option<Decimal>,
    /// `limitPnl`: cap.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub limit_pnl: Option<Amount>,
    /// `positionEffectiveAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub position_effective_amount: Option<Amount>,
    /// `productId` (0 unless in use or used).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub product_id: Option<String>,
    /// `category`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub category: Option<String>,
}

/// A Dual Assets award card (`awardCards[]`). Times are **Unix seconds**.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AwardCard {
    /// `awardId`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub award_id: Option<i64>,
    /// `specCode`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub spec_code: Option<String>,
    /// `claimedAt` (seconds).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub claimed_at: Option<i64>,
    /// `usedAt` (seconds).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub used_at: Option<i64>,
    /// `expireAt` (seconds).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub expire_at: Option<i64>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<CardStatus>,
    /// `amount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `limitPnlPercentage`: a fraction.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub limit_pnl_percentage: Option<Decimal>,
    /// `baseCoin`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub base_coin: Option<String>,
    /// `quoteCoin`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub quote_coin: Option<String>,
    /// `direction`: 1 BuyLow, 2 SellHigh.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub direction: Option<i64>,
    /// `category`.
    #[serde(default, deserialize_with = "lenient::opt")]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_of_a_place_order_is_checked_by_validate() {
        let amt = |s: &str| Amount::parse(s).unwrap();
        let base = || PlaceOrder::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("1.5"));
        assert!(base().validate().is_ok());
        let field = |p: PlaceOrder| match p.validate() {
            Err(Error::InvalidInput { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(base().order_link_id("a".repeat(37))), "orderLinkId");
        assert_eq!(field(PlaceOrder::stake(EarnCategory::FlexibleSaving, "BTC", "430", Amount::ZERO)), "amount");
        assert_eq!(field(base().rules(AmountRules { precision: Some(0), ..Default::default() })), "amount");
        assert_eq!(field(PlaceOrder::stake(EarnCategory::FlexibleSaving, "btc", "430", amt("1"))), "coin");
        assert_eq!(field(base().redeem_position_id("1")), "redeemPositionId");
        assert_eq!(numeric_id("productId", "430").unwrap(), 430);
        assert!(numeric_id("productId", "43a").is_err());
    }
}
