//! Fixed Saving (`FixedTermSaving`, `FundPool`, `FundPoolPremium`): reference §6.2.
//!
//! | Endpoint | Request | Answer |
//! |---|---|---|
//! | `GET /v5/earn/fixed-term/product` | [`GetFixedProducts`] | [`List`]`<`[`FixedProduct`]`>` |
//! | `POST /v5/earn/fixed-term/place-order` | [`PlaceFixedOrder`] | [`PlaceOrderResult`] |
//! | `POST /v5/earn/fixed-term/redeem` | [`RedeemFixedPosition`] | [`FixedRedeemResult`] |
//! | `GET /v5/earn/fixed-term/position` | [`GetFixedPositions`] | [`List`]`<`[`FixedPosition`]`>` |
//! | `GET /v5/earn/fixed-term/order` | [`GetFixedOrders`] | [`Page`]`<`[`FixedOrder`]`>` |
//! | `POST /v5/earn/fixed-term/position/auto-invest` | [`SetFixedAutoInvest`] | [`Ack`] |
//!
//! The reference abridges the result fields; those it names are typed here, shapes it
//! leaves open (`earlyRedeemInfo`, `yieldInfoList`) are kept as raw JSON text.

use earn_core::http::{ApiRequest, Endpoint, Query};
use earn_core::wire::lenient;
use earn_core::{Amount, AmountRules, Error, Operation, ReconcileIntent, Result, UnixMillis};
use serde::{Deserialize, Serialize};

use super::common::{
    AccountType, Ack, AprText, List, Page, PlaceOrderResult, amount_text, body, check_coin, check_id,
    check_order_link_id, new_order_link_id,
};
use crate::VENUE;
use crate::client::Paginated;
use crate::dialect::{BybitDialect, keyed_write, public, read, setter, unkeyed_write};

pub(crate) static FIXED_PRODUCT: Endpoint = public("/v5/earn/fixed-term/product");
pub(crate) static FIXED_PLACE_ORDER: Endpoint = keyed_write("/v5/earn/fixed-term/place-order", Operation::Stake);
/// No idempotency key: sent once, never repeated.
pub(crate) static FIXED_REDEEM: Endpoint = unkeyed_write("/v5/earn/fixed-term/redeem", Operation::Redeem);
pub(crate) static FIXED_POSITION: Endpoint = read("/v5/earn/fixed-term/position");
pub(crate) static FIXED_ORDER: Endpoint = read("/v5/earn/fixed-term/order");
pub(crate) static FIXED_AUTO_INVEST: Endpoint = setter("/v5/earn/fixed-term/position/auto-invest");

earn_core::open_enum! {
    /// Fixed Saving category.
    pub enum FixedCategory {
        /// Fixed-term savings.
        FixedTermSaving = "FixedTermSaving",
        /// Fund pool (early redemption and auto-invest possible).
        FundPool = "FundPool",
        /// Premium fund pool.
        FundPoolPremium = "FundPoolPremium",
    }
}

earn_core::open_enum! {
    /// Fixed Saving order type.
    pub enum FixedOrderType {
        /// Subscription.
        Stake = "Stake",
        /// Redemption.
        Redeem = "Redeem",
        /// Automatic reinvestment at maturity.
        Reinvest = "Reinvest",
    }
}

earn_core::open_enum! {
    /// Fixed Saving product status.
    pub enum FixedProductStatus {
        /// Open.
        Available = "Available",
        /// Quota exhausted.
        SoldOut = "SoldOut",
        /// Not open yet.
        NotStarted = "NotStarted",
    }
}

earn_core::open_enum! {
    /// Fixed Saving order status.
    pub enum FixedOrderStatus {
        /// Being processed.
        Processing = "Processing",
        /// Position active (stake done).
        Active = "Active",
        /// Completed.
        Complete = "Complete",
        /// Failed; nothing moved.
        Failed = "Failed",
    }
}

fn check_fixed_category(c: &FixedCategory) -> Result<()> {
    if c.is_known() {
        Ok(())
    } else {
        Err(Error::invalid_input("category", "must be FixedTermSaving, FundPool or FundPoolPremium"))
    }
}

// ---------------------------------------------------------------------------------------
// GET /v5/earn/fixed-term/product
// ---------------------------------------------------------------------------------------

/// `GET /v5/earn/fixed-term/product` (public, 50/s per IP).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetFixedProducts {
    /// `coin`.
    pub coin: Option<String>,
}

impl GetFixedProducts {
    /// Every Fixed Saving product.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only products of `coin` (upper-case).
    pub fn coin(mut self, coin: impl Into<String>) -> Self {
        self.coin = Some(coin.into());
        self
    }
}

impl ApiRequest for GetFixedProducts {
    type Dialect = BybitDialect;
    type Response = List<FixedProduct>;

    fn endpoint(&self) -> &'static Endpoint {
        &FIXED_PRODUCT
    }

    fn validate(&self) -> Result<()> {
        self.coin.as_deref().map_or(Ok(()), |c| check_coin("coin", c))
    }

    fn query(&self) -> Query {
        Query::new().push_opt("coin", self.coin.as_ref())
    }
}

/// An APY of a Fixed Saving product (`interestCoinApyList[]`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InterestCoinApy {
    /// `coin` the interest is paid in.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub coin: Option<String>,
    /// `apy` (`"2.50%"`), raw text kept.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub apy: Option<AprText>,
}

/// One product of `GET /v5/earn/fixed-term/product`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FixedProduct {
    /// `productId`.
    #[serde(deserialize_with = "lenient::id_string")]
    pub product_id: String,
    /// `category`.
    pub category: FixedCategory,
    /// `coin`.
    pub coin: String,
    /// `duration`: `"1d"`, `"8h"`, ….
    #[serde(default, deserialize_with = "lenient::opt")]
    pub duration: Option<String>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<FixedProductStatus>,
    /// `minStakeAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub min_stake_amount: Option<Amount>,
    /// `maxStakeAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub max_stake_amount: Option<Amount>,
    /// `precision` (an integer here).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub precision: Option<u32>,
    /// `allowEarlyRedemption`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub allow_early_redemption: Option<bool>,
    /// `allowAutoReinvest`.
    #[serde(default, deserialize_with = "lenient::opt")]
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

    /// The exact term (`"8h"` → 8 hours, `"30d"` → 30 days); `None` for any other form.
    pub fn term(&self) -> Option<std::time::Duration> {
        let d = self.duration.as_deref()?.trim();
        let (n, unit) = match (d.strip_suffix('d'), d.strip_suffix('h')) {
            (Some(n), _) => (n, 86_400),
            (_, Some(n)) => (n, 3_600),
            _ => return None,
        };
        n.parse::<u64>().ok().and_then(|n| n.checked_mul(unit)).map(std::time::Duration::from_secs)
    }

    /// Rules a subscription amount must meet: `[minStakeAmount, maxStakeAmount]`, `precision`.
    pub fn stake_rules(&self) -> AmountRules {
        AmountRules { min: self.min_stake_amount, max: self.max_stake_amount, precision: self.precision }
    }
}

// ---------------------------------------------------------------------------------------
// POST /v5/earn/fixed-term/place-order
// ---------------------------------------------------------------------------------------

/// `POST /v5/earn/fixed-term/place-order`: subscribe, keyed by `orderLinkId` (a fresh UUID
/// unless set; same outcome rules as [`PlaceOrder`](super::easy_earn::PlaceOrder)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PlaceFixedOrder {
    /// `productId`.
    pub product_id: String,
    /// `category`.
    pub category: FixedCategory,
    /// `coin`.
    pub coin: String,
    /// `amount`, sent as plain decimal text.
    #[serde(serialize_with = "amount_text")]
    pub amount: Amount,
    /// `accountType`: `FUND` or `UNIFIED` (default `FUND`).
    pub account_type: AccountType,
    /// `orderLinkId`: ≤ 36 of `[A-Za-z0-9_-]`.
    pub order_link_id: String,
    /// `autoInvest` (FundPool only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_invest: Option<bool>,
    /// The product's amount rules, checked by `validate` (not sent).
    #[serde(skip)]
    pub rules: AmountRules,
}

impl PlaceFixedOrder {
    /// Subscribe `amount` `coin` to a Fixed Saving product, with a fresh `orderLinkId`.
    pub fn new(
        category: FixedCategory,
        coin: impl Into<String>,
        product_id: impl Into<String>,
        amount: Amount,
    ) -> Self {
        PlaceFixedOrder {
            product_id: product_id.into(),
            category,
            coin: coin.into(),
            amount,
            account_type: AccountType::Fund,
            order_link_id: new_order_link_id(),
            auto_invest: None,
            rules: AmountRules::default(),
        }
    }

    /// Sets `accountType`.
    pub fn account_type(mut self, a: AccountType) -> Self {
        self.account_type = a;
        self
    }

    /// Sets `orderLinkId`.
    pub fn order_link_id(mut self, id: impl Into<String>) -> Self {
        self.order_link_id = id.into();
        self
    }

    /// Sets `autoInvest` (FundPool only).
    pub fn auto_invest(mut self, on: bool) -> Self {
        self.auto_invest = Some(on);
        self
    }

    /// The product's amount rules ([`FixedProduct::stake_rules`]), checked before sending.
    pub fn rules(mut self, rules: AmountRules) -> Self {
        self.rules = rules;
        self
    }
}

impl ApiRequest for PlaceFixedOrder {
    type Dialect = BybitDialect;
    type Response = PlaceOrderResult;

    fn endpoint(&self) -> &'static Endpoint {
        &FIXED_PLACE_ORDER
    }

    fn validate(&self) -> Result<()> {
        check_fixed_category(&self.category)?;
        check_id("productId", &self.product_id)?;
        check_coin("coin", &self.coin)?;
        self.rules.check("amount", self.amount)?;
        if !self.account_type.is_known() {
            return Err(Error::invalid_input("accountType", "must be FUND or UNIFIED"));
        }
        check_order_link_id("orderLinkId", &self.order_link_id)?;
        if self.auto_invest.is_some() && self.category != FixedCategory::FundPool {
            return Err(Error::invalid_input("autoInvest", "allowed only for FundPool"));
        }
        Ok(())
    }

    fn body(&self) -> Result<Option<bytes::Bytes>> {
        body(self)
    }

    /// In Bybit's vocabulary: its `productId`, the coin, the amount and the `orderLinkId`.
    fn intent(&self) -> Option<ReconcileIntent> {
        Some(
            ReconcileIntent::new(VENUE, Operation::Stake, FIXED_PLACE_ORDER.path)
                .product(self.product_id.as_str())
                .asset(self.coin.as_str())
                .amount(self.amount)
                .client_id(self.order_link_id.as_str()),
        )
    }
}

// ---------------------------------------------------------------------------------------
// POST /v5/earn/fixed-term/redeem
// ---------------------------------------------------------------------------------------

/// `POST /v5/earn/fixed-term/redeem`: early redemption of a whole FundPool position.
///
/// There is no idempotency key: it is sent once and never repeated. An ambiguous outcome
/// is [`Error::OutcomeUnknown`] whose intent names the product (Bybit's `productId`) and,
/// as its `order_id`, the position redeemed;
/// [`EarnVenue::reconcile`](earn_core::EarnVenue::reconcile) settles it from the Fixed
/// Saving order history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RedeemFixedPosition {
    /// `productId`.
    pub product_id: String,
    /// `category`: `FundPool` (the only one with early redemption).
    pub category: FixedCategory,
    /// `positionId`.
    pub position_id: String,
}

impl RedeemFixedPosition {
    /// Redeem position `position_id` of FundPool product `product_id` early.
    pub fn new(category: FixedCategory, product_id: impl Into<String>, position_id: impl Into<String>) -> Self {
        RedeemFixedPosition { product_id: product_id.into(), category, position_id: position_id.into() }
    }
}

impl ApiRequest for RedeemFixedPosition {
    type Dialect = BybitDialect;
    type Response = FixedRedeemResult;

    fn endpoint(&self) -> &'static Endpoint {
        &FIXED_REDEEM
    }

    fn validate(&self) -> Result<()> {
        if self.category != FixedCategory::FundPool {
            return Err(Error::invalid_input("category", "early redemption exists for FundPool only"));
        }
        check_id("productId", &self.product_id)?;
        check_id("positionId", &self.position_id)
    }

    fn body(&self) -> Result<Option<bytes::Bytes>> {
        body(self)
    }

    /// Bybit's `productId`, and the position redeemed as the order acted on.
    fn intent(&self) -> Option<ReconcileIntent> {
        Some(
            ReconcileIntent::new(VENUE, Operation::Redeem, FIXED_REDEEM.path)
                .product(self.product_id.as_str())
                .order_id(self.position_id.as_str()),
        )
    }
}

/// `result` of `POST /v5/earn/fixed-term/redeem`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FixedRedeemResult {
    /// `redeemAmount`: principal expected back.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub redeem_amount: Option<Amount>,
    /// `estEarnings`: earnings at the early-redemption APY.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub est_earnings: Option<Amount>,
}

// ---------------------------------------------------------------------------------------
// GET /v5/earn/fixed-term/position
// ---------------------------------------------------------------------------------------

/// `GET /v5/earn/fixed-term/position`: active positions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetFixedPositions {
    /// `productId`.
    pub product_id: Option<String>,
    /// `category`.
    pub category: Option<FixedCategory>,
    /// `coin`.
    pub coin: Option<String>,
}

impl GetFixedPositions {
    /// Every active position.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `category`.
    pub fn category(mut self, category: FixedCategory) -> Self {
        self.category = Some(category);
        self
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

impl ApiRequest for GetFixedPositions {
    type Dialect = BybitDialect;
    type Response = List<FixedPosition>;

    fn endpoint(&self) -> &'static Endpoint {
        &FIXED_POSITION
    }

    fn validate(&self) -> Result<()> {
        if let Some(c) = &self.category {
            check_fixed_category(c)?;
        }
        if let Some(id) = &self.product_id {
            check_id("productId", id)?;
        }
        self.coin.as_deref().map_or(Ok(()), |c| check_coin("coin", c))
    }

    fn query(&self) -> Query {
        Query::new()
            .push_opt("productId", self.product_id.as_ref())
            .push_opt("category", self.category.as_ref())
            .push_opt("coin", self.coin.as_ref())
    }
}

/// One position of `GET /v5/earn/fixed-term/position` (active only).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FixedPosition {
    /// `positionId`.
    #[serde(deserialize_with = "lenient::id_string")]
    pub position_id: String,
    /// `productId`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub product_id: String,
    /// `category`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub category: Option<FixedCategory>,
    /// `coin`.
    #[serde(default)]
    pub coin: String,
    /// `amount`.
    #[serde(deserialize_with = "lenient::req")]
    pub amount: Amount,
    /// `status`: `Active` or `EarlyRedemptionProcessing`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub status: Option<String>,
    /// `settlementTime`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub settlement_time: Option<UnixMillis>,
    /// `earlyRedeemInfo` as raw JSON (nullable; shape not fixed by the reference).
    #[serde(default, deserialize_with = "lenient::opt_raw_json")]
    pub early_redeem_info: Option<String>,
}

// ---------------------------------------------------------------------------------------
// GET /v5/earn/fixed-term/order
// ---------------------------------------------------------------------------------------

/// `GET /v5/earn/fixed-term/order`: subscriptions, redemptions and reinvestments, one page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetFixedOrders {
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

impl GetFixedOrders {
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

    /// Sets `category`.
    pub fn category(mut self, category: FixedCategory) -> Self {
        self.category = Some(category);
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
}

impl ApiRequest for GetFixedOrders {
    type Dialect = BybitDialect;
    type Response = Page<FixedOrder>;

    fn endpoint(&self) -> &'static Endpoint {
        &FIXED_ORDER
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
        earn_core::validate::check_window("startTime", self.start_time.map(|t| t.0), self.end_time.map(|t| t.0))?;
        earn_core::validate::check_limit("limit", self.limit, 50)
    }

    fn query(&self) -> Query {
        Query::new()
            .push_opt("orderType", self.order_type.as_ref())
            .push_opt("productId", self.product_id.as_ref())
            .push_opt("category", self.category.as_ref())
            .push_opt("orderId", self.order_id.as_ref())
            .push_opt("startTime", self.start_time.map(|t| t.0))
            .push_opt("endTime", self.end_time.map(|t| t.0))
            .push_opt("limit", self.limit)
            .push_opt("cursor", self.cursor.as_ref())
    }
}

impl Paginated for GetFixedOrders {
    fn cursor_mut(&mut self) -> &mut Option<String> {
        &mut self.cursor
    }
}

/// One order of `GET /v5/earn/fixed-term/order`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FixedOrder {
    /// `orderId`.
    #[serde(deserialize_with = "lenient::id_string")]
    pub order_id: String,
    /// `orderLinkId` (`""` for redemptions, which carry none → `None`).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub order_link_id: Option<String>,
    /// `orderType`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub order_type: Option<FixedOrderType>,
    /// `productId`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub product_id: String,
    /// `category`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub category: Option<FixedCategory>,
    /// `coin`.
    #[serde(default)]
    pub coin: String,
    /// `amount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `status`.
    pub status: FixedOrderStatus,
    /// Creation time (`createdAt`; `createdTime` also read).
    #[serde(default, alias = "createdTime", deserialize_with = "lenient::opt")]
    pub created_at: Option<UnixMillis>,
    /// `positionId`, when Bybit includes it (the reference's abridged table does not list it).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub position_id: Option<String>,
    /// `yieldInfoList` as raw JSON.
    #[serde(default, deserialize_with = "lenient::opt_raw_json")]
    pub yield_info_list: Option<String>,
}

// ---------------------------------------------------------------------------------------
// POST /v5/earn/fixed-term/position/auto-invest
// ---------------------------------------------------------------------------------------

/// `POST /v5/earn/fixed-term/position/auto-invest`: `status` `Enable`/`Disable` (an
/// absolute switch, so repeats are harmless).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SetFixedAutoInvest {
    /// `productId`.
    pub product_id: String,
    /// `category`.
    pub category: FixedCategory,
    /// `positionId`.
    pub position_id: String,
    /// `status`: `Enable` when true.
    pub enable: bool,
}

impl SetFixedAutoInvest {
    /// Switches auto-invest of one position.
    pub fn new(
        category: FixedCategory,
        product_id: impl Into<String>,
        position_id: impl Into<String>,
        enable: bool,
    ) -> Self {
        SetFixedAutoInvest { product_id: product_id.into(), category, position_id: position_id.into(), enable }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AutoInvestBody<'a> {
    product_id: &'a str,
    category: &'a FixedCategory,
    position_id: &'a str,
    status: &'static str,
}

impl ApiRequest for SetFixedAutoInvest {
    type Dialect = BybitDialect;
    type Response = Ack;

    fn endpoint(&self) -> &'static Endpoint {
        &FIXED_AUTO_INVEST
    }

    fn validate(&self) -> Result<()> {
        check_fixed_category(&self.category)?;
        check_id("productId", &self.product_id)?;
        check_id("positionId", &self.position_id)
    }

    fn body(&self) -> Result<Option<bytes::Bytes>> {
        body(&AutoInvestBody {
            product_id: &self.product_id,
            category: &self.category,
            position_id: &self.position_id,
            status: if self.enable { "Enable" } else { "Disable" },
        })
    }
}
