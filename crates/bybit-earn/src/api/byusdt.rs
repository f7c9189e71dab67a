//! BYUSDT token (`coin` must be `BYUSDT`; times in **seconds**): reference §6.1.
//!
//! | Endpoint | Request | Answer |
//! |---|---|---|
//! | `GET /v5/earn/token/product` | [`GetTokenProduct`] | [`List`]`<`[`TokenProduct`]`>` |
//! | `POST /v5/earn/token/place-order` | [`PlaceTokenOrder`] | [`PlaceOrderResult`] |
//! | `GET /v5/earn/token/order` | [`GetTokenOrders`] | [`Page`]`<`[`TokenOrder`]`>` |
//! | `GET /v5/earn/token/position` | [`GetTokenPosition`] | [`List`]`<`[`TokenPosition`]`>` |
//! | `GET /v5/earn/token/yield` | [`GetTokenYield`] | [`Page`]`<`[`TokenYield`]`>` |
//! | `GET /v5/earn/token/hourly-yield` | [`GetTokenHourlyYield`] | [`Page`]`<`[`TokenHourlyYield`]`>` |
//! | `GET /v5/earn/token/history-apr` | [`GetTokenAprHistory`] | [`List`]`<`[`TokenAprPoint`]`>` |

use std::marker::PhantomData;

use earn_core::http::{ApiRequest, Endpoint, Query};
use earn_core::wire::lenient;
use earn_core::{Amount, AmountRules, Error, Operation, ReconcileIntent, Result};
use serde::{Deserialize, Serialize};

use super::common::{
    E8, List, Page, PlaceOrderResult, YieldKind, amount_text, body, check_id, check_order_link_id, new_order_link_id,
};
use crate::VENUE;
use crate::client::Paginated;
use crate::dialect::{BybitDialect, keyed_write, public, read, signed_public};

pub(crate) static TOKEN_PRODUCT_PUBLIC: Endpoint = public("/v5/earn/token/product");
pub(crate) static TOKEN_PRODUCT_SIGNED: Endpoint = signed_public("/v5/earn/token/product");
pub(crate) static TOKEN_PLACE_ORDER_MINT: Endpoint = keyed_write("/v5/earn/token/place-order", Operation::Stake);
/// Same path and budget as [`TOKEN_PLACE_ORDER_MINT`]; a redemption for reconciliation.
pub(crate) static TOKEN_PLACE_ORDER_REDEEM: Endpoint = keyed_write("/v5/earn/token/place-order", Operation::Redeem);
pub(crate) static TOKEN_ORDER: Endpoint = read("/v5/earn/token/order");
pub(crate) static TOKEN_POSITION: Endpoint = read("/v5/earn/token/position");
pub(crate) static TOKEN_YIELD: Endpoint = read("/v5/earn/token/yield");
pub(crate) static TOKEN_HOURLY_YIELD: Endpoint = read("/v5/earn/token/hourly-yield");
pub(crate) static TOKEN_HISTORY_APR: Endpoint = public("/v5/earn/token/history-apr");

/// The only coin these endpoints accept.
pub const BYUSDT: &str = "BYUSDT";

earn_core::open_enum! {
    /// BYUSDT order type.
    pub enum TokenOrderType {
        /// Mint BYUSDT from savings.
        Mint = "Mint",
        /// Redeem BYUSDT.
        Redeem = "Redeem",
    }
}

earn_core::open_enum! {
    /// BYUSDT order status.
    pub enum TokenOrderStatus {
        /// Done.
        Success = "Success",
        /// In progress.
        Processing = "Processing",
        /// Failed.
        Fail = "Fail",
    }
}

/// `startTime`/`endTime` in seconds, start not after end.
fn check_seconds(start: Option<i64>, end: Option<i64>) -> Result<()> {
    earn_core::validate::check_window("startTime", start, end)
}

// ---------------------------------------------------------------------------------------
// GET /v5/earn/token/product
// ---------------------------------------------------------------------------------------

/// `GET /v5/earn/token/product?coin=BYUSDT`: unsigned by default; [`signed`](Self::signed)
/// asks for the user fields (`userHolding`, `leftQuota`, `canMint`, …), which needs
/// credentials.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetTokenProduct {
    /// Whether the request is signed (user fields filled).
    pub signed: bool,
}

impl GetTokenProduct {
    /// The public form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Signs the request so that Bybit fills the user fields.
    pub fn signed(mut self, signed: bool) -> Self {
        self.signed = signed;
        self
    }
}

impl ApiRequest for GetTokenProduct {
    type Dialect = BybitDialect;
    type Response = List<TokenProduct>;

    fn endpoint(&self) -> &'static Endpoint {
        if self.signed { &TOKEN_PRODUCT_SIGNED } else { &TOKEN_PRODUCT_PUBLIC }
    }

    fn query(&self) -> Query {
        Query::new().push("coin", BYUSDT)
    }
}

/// `GET /v5/earn/token/product` item (user fields empty when unsigned).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenProduct {
    /// `productId`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub product_id: Option<String>,
    /// `mintFeeRateE8` (see [`E8`]).
    #[serde(default, rename = "mintFeeRateE8", deserialize_with = "lenient::opt")]
    pub mint_fee_rate_e8: Option<E8>,
    /// `redeemFeeRateE8` (see [`E8`]).
    #[serde(default, rename = "redeemFeeRateE8", deserialize_with = "lenient::opt")]
    pub redeem_fee_rate_e8: Option<E8>,
    /// `minInvestment`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub min_investment: Option<Amount>,
    /// `userHolding`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub user_holding: Option<Amount>,
    /// `leftQuota`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub left_quota: Option<Amount>,
    /// `canMint`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub can_mint: Option<bool>,
    /// `savingsBalance`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub savings_balance: Option<Amount>,
    /// `aprE8` (see [`E8`]).
    #[serde(default, rename = "aprE8", deserialize_with = "lenient::opt")]
    pub apr_e8: Option<E8>,
    /// `bonusAprE8` (see [`E8`]).
    #[serde(default, rename = "bonusAprE8", deserialize_with = "lenient::opt")]
    pub bonus_apr_e8: Option<E8>,
    /// `bonusMaxAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub bonus_max_amount: Option<Amount>,
    /// `baseCoinPrecision`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub base_coin_precision: Option<u32>,
    /// `tokenPrecision`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub token_precision: Option<u32>,
}

// ---------------------------------------------------------------------------------------
// POST /v5/earn/token/place-order
// ---------------------------------------------------------------------------------------

/// `POST /v5/earn/token/place-order`: mint or redeem BYUSDT, keyed by `orderLinkId` (a
/// fresh UUID unless set). `accountType` follows the order type (`Mint`: `FlexibleSaving`,
/// `Redeem`: `UNIFIED`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlaceTokenOrder {
    /// `orderType`.
    pub order_type: TokenOrderType,
    /// `amount`.
    pub amount: Amount,
    /// `orderLinkId`.
    pub order_link_id: String,
}

impl PlaceTokenOrder {
    /// Mint `amount` BYUSDT.
    pub fn mint(amount: Amount) -> Self {
        PlaceTokenOrder { order_type: TokenOrderType::Mint, amount, order_link_id: new_order_link_id() }
    }

    /// Redeem `amount` BYUSDT.
    pub fn redeem(amount: Amount) -> Self {
        PlaceTokenOrder { order_type: TokenOrderType::Redeem, amount, order_link_id: new_order_link_id() }
    }

    /// Sets `orderLinkId`.
    pub fn order_link_id(mut self, id: impl Into<String>) -> Self {
        self.order_link_id = id.into();
        self
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TokenPlaceOrderBody<'a> {
    coin: &'static str,
    order_link_id: &'a str,
    order_type: &'a TokenOrderType,
    #[serde(serialize_with = "amount_text")]
    amount: &'a Amount,
    account_type: &'static str,
}

impl ApiRequest for PlaceTokenOrder {
    type Dialect = BybitDialect;
    type Response = PlaceOrderResult;

    fn endpoint(&self) -> &'static Endpoint {
        if self.order_type == TokenOrderType::Mint { &TOKEN_PLACE_ORDER_MINT } else { &TOKEN_PLACE_ORDER_REDEEM }
    }

    fn validate(&self) -> Result<()> {
        if !self.order_type.is_known() {
            return Err(Error::invalid_input("orderType", "must be Mint or Redeem"));
        }
        AmountRules::default().check("amount", self.amount)?;
        check_order_link_id("orderLinkId", &self.order_link_id)
    }

    fn body(&self) -> Result<Option<bytes::Bytes>> {
        let account_type = if self.order_type == TokenOrderType::Mint { "FlexibleSaving" } else { "UNIFIED" };
        body(&TokenPlaceOrderBody {
            coin: BYUSDT,
            order_link_id: &self.order_link_id,
            order_type: &self.order_type,
            amount: &self.amount,
            account_type,
        })
    }

    /// In Bybit's vocabulary: the coin (`BYUSDT`), the amount and the `orderLinkId`.
    fn intent(&self) -> Option<ReconcileIntent> {
        let op = if self.order_type == TokenOrderType::Mint { Operation::Stake } else { Operation::Redeem };
        Some(
            ReconcileIntent::new(VENUE, op, self.endpoint().path)
                .asset(BYUSDT)
                .amount(self.amount)
                .client_id(self.order_link_id.as_str()),
        )
    }
}

// ---------------------------------------------------------------------------------------
// GET /v5/earn/token/order
// ---------------------------------------------------------------------------------------

/// `GET /v5/earn/token/order`: BYUSDT orders, one page. Times in **seconds** (default: the
/// last year).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetTokenOrders {
    /// `orderLinkId`.
    pub order_link_id: Option<String>,
    /// `orderId`.
    pub order_id: Option<String>,
    /// `orderType`.
    pub order_type: Option<TokenOrderType>,
    /// `startTime`, Unix seconds.
    pub start_time: Option<i64>,
    /// `endTime`, Unix seconds.
    pub end_time: Option<i64>,
    /// `limit`: 1–100.
    pub limit: Option<u32>,
    /// `cursor`.
    pub cursor: Option<String>,
}

impl GetTokenOrders {
    /// Default window and page size.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `orderLinkId`.
    pub fn order_link_id(mut self, id: impl Into<String>) -> Self {
        self.order_link_id = Some(id.into());
        self
    }

    /// Sets `orderId`.
    pub fn order_id(mut self, id: impl Into<String>) -> Self {
        self.order_id = Some(id.into());
        self
    }

    /// Sets `orderType`.
    pub fn order_type(mut self, t: TokenOrderType) -> Self {
        self.order_type = Some(t);
        self
    }

    /// Sets `startTime` and `endTime` (seconds).
    pub fn range_seconds(mut self, start: i64, end: i64) -> Self {
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

impl ApiRequest for GetTokenOrders {
    type Dialect = BybitDialect;
    type Response = Page<TokenOrder>;

    fn endpoint(&self) -> &'static Endpoint {
        &TOKEN_ORDER
    }

    fn validate(&self) -> Result<()> {
        if let Some(id) = &self.order_link_id {
            check_order_link_id("orderLinkId", id)?;
        }
        if let Some(id) = &self.order_id {
            check_id("orderId", id)?;
        }
        check_seconds(self.start_time, self.end_time)?;
        earn_core::validate::check_limit("limit", self.limit, 100)
    }

    fn query(&self) -> Query {
        Query::new()
            .push("coin", BYUSDT)
            .push_opt("orderLinkId", self.order_link_id.as_ref())
            .push_opt("orderId", self.order_id.as_ref())
            .push_opt("orderType", self.order_type.as_ref())
            .push_opt("startTime", self.start_time)
            .push_opt("endTime", self.end_time)
            .push_opt("cursor", self.cursor.as_ref())
            .push_opt("limit", self.limit)
    }
}

impl Paginated for GetTokenOrders {
    fn cursor_mut(&mut self) -> &mut Option<String> {
        &mut self.cursor
    }
}

/// One BYUSDT order. Times in seconds.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenOrder {
    /// `orderId`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub order_id: String,
    /// `orderLinkId`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub order_link_id: Option<String>,
    /// `orderType`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub order_type: Option<TokenOrderType>,
    /// `fromCoin`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub from_coin: Option<String>,
    /// `toCoin`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub to_coin: Option<String>,
    /// `fromAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub from_amount: Option<Amount>,
    /// `toAmount` (net of fee).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub to_amount: Option<Amount>,
    /// `serviceFee`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub service_fee: Option<Amount>,
    /// `fromAccount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub from_account: Option<String>,
    /// `toAccount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub to_account: Option<String>,
    /// `externalEventType` (TradFi-originated orders).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub external_event_type: Option<String>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<TokenOrderStatus>,
    /// `createdTime` (seconds).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub created_time: Option<i64>,
}

// ---------------------------------------------------------------------------------------
// GET /v5/earn/token/position
// ---------------------------------------------------------------------------------------

/// `GET /v5/earn/token/position?coin=BYUSDT`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetTokenPosition;

impl ApiRequest for GetTokenPosition {
    type Dialect = BybitDialect;
    type Response = List<TokenPosition>;

    fn endpoint(&self) -> &'static Endpoint {
        &TOKEN_POSITION
    }

    fn query(&self) -> Query {
        Query::new().push("coin", BYUSDT)
    }
}

/// `GET /v5/earn/token/position` (a bare object, read as a list of one).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenPosition {
    /// `totalAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub total_amount: Option<Amount>,
    /// `totalYield`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub total_yield: Option<Amount>,
    /// `yesterdayYield`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub yesterday_yield: Option<Amount>,
    /// `aprE8` (see [`E8`]).
    #[serde(default, rename = "aprE8", deserialize_with = "lenient::opt")]
    pub apr_e8: Option<E8>,
    /// `bonusAprE8` (see [`E8`]).
    #[serde(default, rename = "bonusAprE8", deserialize_with = "lenient::opt")]
    pub bonus_apr_e8: Option<E8>,
    /// `bonusMaxAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub bonus_max_amount: Option<Amount>,
    /// `hasQuota`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub has_quota: Option<bool>,
}

// ---------------------------------------------------------------------------------------
// GET /v5/earn/token/yield and /v5/earn/token/hourly-yield
// ---------------------------------------------------------------------------------------

/// `GET /v5/earn/token/yield` ([`GetTokenYield`]) and `GET /v5/earn/token/hourly-yield`
/// ([`GetTokenHourlyYield`]): BYUSDT yields, one page; the kind `K` ([`DailyTokenYield`] or
/// [`HourlyTokenYield`]) selects the endpoint and the record type. Times in **seconds**.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetTokenYields<K> {
    /// `startTime`, Unix seconds.
    pub start_time: Option<i64>,
    /// `endTime`, Unix seconds.
    pub end_time: Option<i64>,
    /// `limit`: 1–100 (default 5 daily, 20 hourly).
    pub limit: Option<u32>,
    /// `cursor`.
    pub cursor: Option<String>,
    kind: PhantomData<fn() -> K>,
}

/// `GET /v5/earn/token/yield`: daily BYUSDT yields, one page.
pub type GetTokenYield = GetTokenYields<DailyTokenYield>;

/// `GET /v5/earn/token/hourly-yield`: hourly BYUSDT yields, one page.
pub type GetTokenHourlyYield = GetTokenYields<HourlyTokenYield>;

/// The kind of [`GetTokenYield`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DailyTokenYield {}

impl YieldKind for DailyTokenYield {
    type Row = TokenYield;
    const ENDPOINT: &'static Endpoint = &TOKEN_YIELD;
}

/// The kind of [`GetTokenHourlyYield`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HourlyTokenYield {}

impl YieldKind for HourlyTokenYield {
    type Row = TokenHourlyYield;
    const ENDPOINT: &'static Endpoint = &TOKEN_HOURLY_YIELD;
    const HOURLY: bool = true;
}

impl<K: YieldKind> Default for GetTokenYields<K> {
    fn default() -> Self {
        GetTokenYields { start_time: None, end_time: None, limit: None, cursor: None, kind: PhantomData }
    }
}

impl<K: YieldKind> GetTokenYields<K> {
    /// Default window and page size.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `startTime` and `endTime` (seconds).
    pub fn range_seconds(mut self, start: i64, end: i64) -> Self {
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

impl<K: YieldKind> ApiRequest for GetTokenYields<K> {
    type Dialect = BybitDialect;
    type Response = Page<K::Row>;

    fn endpoint(&self) -> &'static Endpoint {
        K::ENDPOINT
    }

    fn validate(&self) -> Result<()> {
        check_seconds(self.start_time, self.end_time)?;
        earn_core::validate::check_limit("limit", self.limit, 100)
    }

    fn query(&self) -> Query {
        Query::new()
            .push("coin", BYUSDT)
            .push_opt("startTime", self.start_time)
            .push_opt("endTime", self.end_time)
            .push_opt("cursor", self.cursor.as_ref())
            .push_opt("limit", self.limit)
    }
}

impl<K: YieldKind> Paginated for GetTokenYields<K> {
    fn cursor_mut(&mut self) -> &mut Option<String> {
        &mut self.cursor
    }
}

/// One daily BYUSDT yield. Times in seconds.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenYield {
    /// `yield`.
    #[serde(default, rename = "yield", deserialize_with = "lenient::opt")]
    pub yield_amount: Option<Amount>,
    /// `bonusYield`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub bonus_yield: Option<Amount>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub status: Option<String>,
    /// `createdTime` (seconds).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub created_time: Option<i64>,
}

/// One hourly BYUSDT yield. Times in seconds.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenHourlyYield {
    /// `effectiveAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub effective_amount: Option<Amount>,
    /// `yield`.
    #[serde(default, rename = "yield", deserialize_with = "lenient::opt")]
    pub yield_amount: Option<Amount>,
    /// `rewardType`: 0 base, 1 bonus.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub reward_type: Option<i64>,
    /// `aprE8` (see [`E8`]).
    #[serde(default, rename = "aprE8", deserialize_with = "lenient::opt")]
    pub apr_e8: Option<E8>,
    /// `hourlyDate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub hourly_date: Option<i64>,
    /// `createdTime` (seconds).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub created_time: Option<i64>,
}

// ---------------------------------------------------------------------------------------
// GET /v5/earn/token/history-apr
// ---------------------------------------------------------------------------------------

/// `range` of `GET /v5/earn/token/history-apr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AprRange {
    /// `1`: 7 days.
    SevenDays = 1,
    /// `2`: 30 days.
    ThirtyDays = 2,
    /// `3`: 180 days.
    HalfYear = 3,
}

/// `GET /v5/earn/token/history-apr` (public).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetTokenAprHistory {
    /// `range`.
    pub range: AprRange,
}

impl GetTokenAprHistory {
    /// The APR history over `range`.
    pub fn new(range: AprRange) -> Self {
        GetTokenAprHistory { range }
    }
}

impl ApiRequest for GetTokenAprHistory {
    type Dialect = BybitDialect;
    type Response = List<TokenAprPoint>;

    fn endpoint(&self) -> &'static Endpoint {
        &TOKEN_HISTORY_APR
    }

    fn query(&self) -> Query {
        Query::new().push("coin", BYUSDT).push("range", self.range as u8)
    }
}

/// One point of `GET /v5/earn/token/history-apr`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenAprPoint {
    /// `timestamp`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub timestamp: Option<i64>,
    /// `aprE8` (see [`E8`]).
    #[serde(default, rename = "aprE8", deserialize_with = "lenient::opt")]
    pub apr_e8: Option<E8>,
}
