//! BYUSDT token (`coin` must be `BYUSDT`; times in **seconds**): reference §6.1.

use earn_core::http::Query;
use earn_core::{Amount, Error, Operation, ReconcileIntent, Result};
use serde::{Deserialize, Serialize};

use crate::easy_earn::{ListResult, PlaceOrderResult};
use crate::endpoints::{
    TOKEN_HISTORY_APR, TOKEN_HOURLY_YIELD, TOKEN_ORDER, TOKEN_PLACE_ORDER_MINT, TOKEN_PLACE_ORDER_REDEEM,
    TOKEN_POSITION, TOKEN_PRODUCT_PUBLIC, TOKEN_PRODUCT_SIGNED, TOKEN_YIELD,
};
use crate::serde_util::{self as su, OneOrList};
use crate::validate::{check_id, check_limit, check_order_link_id, check_positive, new_order_link_id};
use crate::{BybitEarnClient, E8, Page, Pages, TokenOrderStatus, TokenOrderType, VENUE};

/// The only coin these endpoints accept.
pub const BYUSDT: &str = "BYUSDT";

/// `GET /v5/earn/token/product` item (user fields empty when unsigned).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenProduct {
    /// `productId`.
    #[serde(default, deserialize_with = "su::opt_id_string")]
    pub product_id: Option<String>,
    /// `mintFeeRateE8` (see [`E8`]).
    #[serde(default, rename = "mintFeeRateE8", deserialize_with = "su::opt_e8")]
    pub mint_fee_rate_e8: Option<E8>,
    /// `redeemFeeRateE8` (see [`E8`]).
    #[serde(default, rename = "redeemFeeRateE8", deserialize_with = "su::opt_e8")]
    pub redeem_fee_rate_e8: Option<E8>,
    /// `minInvestment`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub min_investment: Option<Amount>,
    /// `userHolding`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub user_holding: Option<Amount>,
    /// `leftQuota`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub left_quota: Option<Amount>,
    /// `canMint`.
    #[serde(default, deserialize_with = "su::opt_bool")]
    pub can_mint: Option<bool>,
    /// `savingsBalance`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub savings_balance: Option<Amount>,
    /// `aprE8` (see [`E8`]).
    #[serde(default, rename = "aprE8", deserialize_with = "su::opt_e8")]
    pub apr_e8: Option<E8>,
    /// `bonusAprE8` (see [`E8`]).
    #[serde(default, rename = "bonusAprE8", deserialize_with = "su::opt_e8")]
    pub bonus_apr_e8: Option<E8>,
    /// `bonusMaxAmount`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub bonus_max_amount: Option<Amount>,
    /// `baseCoinPrecision`.
    #[serde(default, deserialize_with = "su::opt_u32")]
    pub base_coin_precision: Option<u32>,
    /// `tokenPrecision`.
    #[serde(default, deserialize_with = "su::opt_u32")]
    pub token_precision: Option<u32>,
}

/// Parameters of `POST /v5/earn/token/place-order`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenPlaceOrderParams {
    /// `orderType`.
    pub order_type: TokenOrderType,
    /// `amount`.
    pub amount: Amount,
    /// `orderLinkId` (generated when `None`).
    pub order_link_id: Option<String>,
}

impl TokenPlaceOrderParams {
    /// Mint `amount` BYUSDT (`accountType=FlexibleSaving`).
    pub fn mint(amount: Amount) -> Self {
        TokenPlaceOrderParams { order_type: TokenOrderType::Mint, amount, order_link_id: None }
    }

    /// Redeem `amount` BYUSDT (`accountType=UNIFIED`).
    pub fn redeem(amount: Amount) -> Self {
        TokenPlaceOrderParams { order_type: TokenOrderType::Redeem, amount, order_link_id: None }
    }

    /// Sets `orderLinkId`.
    pub fn order_link_id(mut self, id: impl Into<String>) -> Self {
        self.order_link_id = Some(id.into());
        self
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TokenPlaceOrderBody<'a> {
    coin: &'static str,
    order_link_id: &'a str,
    order_type: &'a TokenOrderType,
    amount: String,
    account_type: &'static str,
}

/// Parameters of the paginated BYUSDT reads (order, yield, hourly yield). Times in **seconds**.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenHistoryParams {
    /// `orderLinkId` (orders only).
    pub order_link_id: Option<String>,
    /// `orderId` (orders only).
    pub order_id: Option<String>,
    /// `orderType` (orders only).
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

impl TokenHistoryParams {
    /// Default window and page size.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `orderLinkId`.
    pub fn order_link_id(mut self, id: impl Into<String>) -> Self {
        self.order_link_id = Some(id.into());
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

    fn validate(&self, orders: bool) -> Result<()> {
        if !orders && (self.order_link_id.is_some() || self.order_id.is_some() || self.order_type.is_some()) {
            return Err(Error::invalid_input("orderId", "order filters apply to token orders only"));
        }
        if let Some(id) = &self.order_link_id {
            check_order_link_id("orderLinkId", id)?;
        }
        if let Some(id) = &self.order_id {
            check_id("orderId", id)?;
        }
        if let (Some(s), Some(e)) = (self.start_time, self.end_time)
            && s > e
        {
            return Err(Error::invalid_input("startTime", "must not be after endTime"));
        }
        check_limit("limit", self.limit, 1, 100)
    }

    fn query(&self, cursor: Option<&str>) -> Query {
        Query::new()
            .push("coin", BYUSDT)
            .push_opt("orderLinkId", self.order_link_id.as_ref())
            .push_opt("orderId", self.order_id.as_ref())
            .push_opt("orderType", self.order_type.as_ref())
            .push_opt("startTime", self.start_time)
            .push_opt("endTime", self.end_time)
            .push_opt("cursor", cursor)
            .push_opt("limit", self.limit)
    }
}

/// One BYUSDT order. Times in seconds.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenOrder {
    /// `orderId`.
    #[serde(default, deserialize_with = "su::id_string")]
    pub order_id: String,
    /// `orderLinkId`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub order_link_id: Option<String>,
    /// `orderType`.
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub order_type: Option<TokenOrderType>,
    /// `fromCoin`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub from_coin: Option<String>,
    /// `toCoin`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub to_coin: Option<String>,
    /// `fromAmount`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub from_amount: Option<Amount>,
    /// `toAmount` (net of fee).
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub to_amount: Option<Amount>,
    /// `serviceFee`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub service_fee: Option<Amount>,
    /// `fromAccount`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub from_account: Option<String>,
    /// `toAccount`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub to_account: Option<String>,
    /// `externalEventType` (TradFi-originated orders).
    #[serde(default, deserialize_with = "su::opt_string")]
    pub external_event_type: Option<String>,
    /// `status`.
    #[serde(default, deserialize_with = "su::opt_enum")]
    pub status: Option<TokenOrderStatus>,
    /// `createdTime` (seconds).
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub created_time: Option<i64>,
}

/// `GET /v5/earn/token/position`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenPosition {
    /// `totalAmount`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub total_amount: Option<Amount>,
    /// `totalYield`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub total_yield: Option<Amount>,
    /// `yesterdayYield`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub yesterday_yield: Option<Amount>,
    /// `aprE8` (see [`E8`]).
    #[serde(default, rename = "aprE8", deserialize_with = "su::opt_e8")]
    pub apr_e8: Option<E8>,
    /// `bonusAprE8` (see [`E8`]).
    #[serde(default, rename = "bonusAprE8", deserialize_with = "su::opt_e8")]
    pub bonus_apr_e8: Option<E8>,
    /// `bonusMaxAmount`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub bonus_max_amount: Option<Amount>,
    /// `hasQuota`.
    #[serde(default, deserialize_with = "su::opt_bool")]
    pub has_quota: Option<bool>,
}

/// One daily BYUSDT yield. Times in seconds.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenYield {
    /// `yield`.
    #[serde(default, rename = "yield", deserialize_with = "su::opt_amount")]
    pub yield_amount: Option<Amount>,
    /// `bonusYield`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub bonus_yield: Option<Amount>,
    /// `status`.
    #[serde(default, deserialize_with = "su::opt_string")]
    pub status: Option<String>,
    /// `createdTime` (seconds).
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub created_time: Option<i64>,
}

/// One hourly BYUSDT yield. Times in seconds.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenHourlyYield {
    /// `effectiveAmount`.
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub effective_amount: Option<Amount>,
    /// `yield`.
    #[serde(default, rename = "yield", deserialize_with = "su::opt_amount")]
    pub yield_amount: Option<Amount>,
    /// `rewardType`: 0 base, 1 bonus.
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub reward_type: Option<i64>,
    /// `aprE8` (see [`E8`]).
    #[serde(default, rename = "aprE8", deserialize_with = "su::opt_e8")]
    pub apr_e8: Option<E8>,
    /// `hourlyDate`.
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub hourly_date: Option<i64>,
    /// `createdTime` (seconds).
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub created_time: Option<i64>,
}

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

/// One point of `GET /v5/earn/token/history-apr`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenAprPoint {
    /// `timestamp`.
    #[serde(default, deserialize_with = "su::opt_i64")]
    pub timestamp: Option<i64>,
    /// `aprE8` (see [`E8`]).
    #[serde(default, rename = "aprE8", deserialize_with = "su::opt_e8")]
    pub apr_e8: Option<E8>,
}

macro_rules! token_pages {
    ($page:ident, $all:ident, $ep:ident, $item:ty, $orders:expr, $doc:literal) => {
        #[doc = concat!($doc, ": one page.")]
        pub async fn $page(&self, params: &TokenHistoryParams) -> Result<Page<$item>> {
            params.validate($orders)?;
            let r: ListResult<$item> = self.get(&$ep, params.query(params.cursor.as_deref())).await?;
            Ok(r.into())
        }

        #[doc = concat!($doc, ": every page.")]
        pub fn $all(&self, params: TokenHistoryParams) -> Result<Pages<$item>> {
            params.validate($orders)?;
            let first = params.cursor.clone();
            Ok(self.paginate(&$ep, params, first, |c, p, cursor| async move {
                let r: ListResult<$item> = c.get(&$ep, p.query(cursor.as_deref())).await?;
                Ok(r.into())
            }))
        }
    };
}

impl BybitEarnClient {
    /// `GET /v5/earn/token/product?coin=BYUSDT` (signed when credentials are set, so the
    /// user fields are filled).
    pub async fn token_product(&self) -> Result<Vec<TokenProduct>> {
        let ep = if self.http().has_credentials() { &TOKEN_PRODUCT_SIGNED } else { &TOKEN_PRODUCT_PUBLIC };
        let r: OneOrList<TokenProduct> = self.get(ep, Query::new().push("coin", BYUSDT)).await?;
        Ok(r.into_vec())
    }

    /// `POST /v5/earn/token/place-order`: mint or redeem BYUSDT, keyed by `orderLinkId`.
    pub async fn token_place_order(&self, params: &TokenPlaceOrderParams) -> Result<PlaceOrderResult> {
        check_positive("amount", params.amount)?;
        if let Some(id) = &params.order_link_id {
            check_order_link_id("orderLinkId", id)?;
        }
        let (ep, op, account) = match params.order_type {
            TokenOrderType::Mint => (&TOKEN_PLACE_ORDER_MINT, Operation::Stake, "FlexibleSaving"),
            TokenOrderType::Redeem => (&TOKEN_PLACE_ORDER_REDEEM, Operation::Redeem, "UNIFIED"),
            TokenOrderType::Unknown(_) => return Err(Error::invalid_input("orderType", "must be Mint or Redeem")),
        };
        let link = params.order_link_id.clone().unwrap_or_else(new_order_link_id);
        let body = TokenPlaceOrderBody {
            coin: BYUSDT,
            order_link_id: &link,
            order_type: &params.order_type,
            amount: params.amount.normalized().to_string(),
            account_type: account,
        };
        let intent = ReconcileIntent::new(VENUE, op, ep.path)
            .product(format!("BYUSDT:{}", params.order_type))
            .asset(BYUSDT)
            .amount(params.amount)
            .client_id(link.as_str());
        self.post(ep, &body, Some(intent)).await
    }

    token_pages!(token_orders_page, token_orders, TOKEN_ORDER, TokenOrder, true, "`GET /v5/earn/token/order`");
    token_pages!(token_yield_page, token_yield, TOKEN_YIELD, TokenYield, false, "`GET /v5/earn/token/yield`");
    token_pages!(
        token_hourly_yield_page,
        token_hourly_yield,
        TOKEN_HOURLY_YIELD,
        TokenHourlyYield,
        false,
        "`GET /v5/earn/token/hourly-yield`"
    );

    /// `GET /v5/earn/token/position?coin=BYUSDT`.
    pub async fn token_position(&self) -> Result<Vec<TokenPosition>> {
        let r: OneOrList<TokenPosition> = self.get(&TOKEN_POSITION, Query::new().push("coin", BYUSDT)).await?;
        Ok(r.into_vec())
    }

    /// `GET /v5/earn/token/history-apr` (public).
    pub async fn token_history_apr(&self, range: AprRange) -> Result<Vec<TokenAprPoint>> {
        let q = Query::new().push("coin", BYUSDT).push("range", range as u8);
        let r: ListResult<TokenAprPoint> = self.get(&TOKEN_HISTORY_APR, q).await?;
        Ok(r.list)
    }
}
