//! `POST /v5/earn/place-order` (§5.2) and `GET /v5/earn/order` (§5.3).

use earn_core::http::Query;
use earn_core::{Amount, Error, ReconcileIntent, Result, UnixMillis, VenueError};
use serde::{Deserialize, Serialize};

use super::{EarnProduct, ListResult, check_category};
use crate::endpoints::{ORDER, PLACE_ORDER_REDEEM, PLACE_ORDER_STAKE};
use crate::errors::is_duplicate_code;
use crate::serde_util as su;
use crate::validate::{SEVEN_DAYS, check_coin, check_id, check_limit, check_order_link_id, check_positive, check_span};
use crate::{AccountType, BybitEarnClient, EarnCategory, OrderStatusText, OrderType, Page, Pages, VENUE};

/// A coupon applied to a FlexibleSaving stake (`interestCard`, from `GET /v5/earn/coupons`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InterestCard {
    /// `awardId`.
    pub award_id: i64,
    /// `specCode`.
    pub spec_code: String,
}

/// Parameters of `POST /v5/earn/place-order`.
///
/// `orderLinkId` is generated (a UUID) when not set; the result returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlaceOrderParams {
    /// `category`.
    pub category: EarnCategory,
    /// `orderType`.
    pub order_type: OrderType,
    /// `accountType` (OnChain: `FUND` only). Default `FUND`.
    pub account_type: AccountType,
    /// `amount`, sent as plain decimal text.
    pub amount: Amount,
    /// `coin`.
    pub coin: String,
    /// `productId`.
    pub product_id: String,
    /// `orderLinkId`: ≤ 36 of `[A-Za-z0-9_-]`; generated when `None`.
    pub order_link_id: Option<String>,
    /// `redeemPositionId`: OnChain non-LST redeem only (position `id`).
    pub redeem_position_id: Option<String>,
    /// `toAccountType`: OnChain redeem only (non-LST: `FUND`).
    pub to_account_type: Option<AccountType>,
    /// `interestCard`: FlexibleSaving stake only.
    pub interest_card: Option<InterestCard>,
}

impl PlaceOrderParams {
    fn new(category: EarnCategory, order_type: OrderType, coin: &str, product_id: &str, amount: Amount) -> Self {
        PlaceOrderParams {
            category,
            order_type,
            account_type: AccountType::Fund,
            amount,
            coin: coin.to_owned(),
            product_id: product_id.to_owned(),
            order_link_id: None,
            redeem_position_id: None,
            to_account_type: None,
            interest_card: None,
        }
    }

    /// A stake of `amount` `coin` into `product_id`.
    pub fn stake(category: EarnCategory, coin: &str, product_id: &str, amount: Amount) -> Self {
        Self::new(category, OrderType::Stake, coin, product_id, amount)
    }

    /// A redemption of `amount` `coin` from `product_id`.
    pub fn redeem(category: EarnCategory, coin: &str, product_id: &str, amount: Amount) -> Self {
        Self::new(category, OrderType::Redeem, coin, product_id, amount)
    }

    /// Sets `accountType`.
    pub fn account_type(mut self, a: AccountType) -> Self {
        self.account_type = a;
        self
    }

    /// Sets `orderLinkId` (reuse the same id to repeat the same intent safely within 30 min).
    pub fn order_link_id(mut self, id: impl Into<String>) -> Self {
        self.order_link_id = Some(id.into());
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

    /// Checks everything that can be checked without the product: names each bad field.
    pub fn validate(&self) -> Result<()> {
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
        check_positive("amount", self.amount)?;
        check_coin("coin", &self.coin)?;
        check_id("productId", &self.product_id)?;
        if let Some(id) = &self.order_link_id {
            check_order_link_id("orderLinkId", id)?;
        }
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

    /// Checks the order against its product: ids, status, min/max/precision, and the OnChain
    /// redeem rules (non-LST needs `redeemPositionId` and only `toAccountType=FUND`).
    pub fn check_against(&self, product: &EarnProduct) -> Result<()> {
        self.validate()?;
        if product.category != self.category || product.product_id != self.product_id || product.coin != self.coin {
            return Err(Error::invalid_input("productId", "does not match the product's category, id and coin"));
        }
        if self.order_type == OrderType::Stake {
            if product.status != crate::ProductStatusText::Available {
                return Err(Error::invalid_input("productId", format!("product status is {}", product.status)));
            }
            return product.stake_rules().check("amount", self.amount);
        }
        product.redeem_rules().check("amount", self.amount)?;
        if self.category == EarnCategory::OnChain && !product.is_lst() {
            if self.redeem_position_id.is_none() {
                return Err(Error::invalid_input("redeemPositionId", "required to redeem an OnChain non-LST product"));
            }
            if self.to_account_type.as_ref().is_some_and(|a| *a != AccountType::Fund) {
                return Err(Error::invalid_input("toAccountType", "OnChain non-LST supports FUND only"));
            }
        }
        Ok(())
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlaceOrderBody<'a> {
    category: &'a EarnCategory,
    order_type: &'a OrderType,
    account_type: &'a AccountType,
    amount: String,
    coin: &'a str,
    product_id: &'a str,
    order_link_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    redeem_position_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to_account_type: Option<&'a AccountType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    interest_card: Option<&'a InterestCard>,
}

/// `result` of `POST /v5/earn/place-order`. Accepted is not settled: follow with `order_history`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PlaceOrderResult {
    /// `orderId`.
    pub order_id: String,
    /// `orderLinkId` (the one sent, generated or given).
    pub order_link_id: String,
    /// True when Bybit answered "duplicate" (180025/180031) and the existing order with this
    /// `orderLinkId` matched the request: nothing new was placed.
    #[serde(skip)]
    pub already_existed: bool,
}

/// Parameters of `GET /v5/earn/order`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OrderHistoryParams {
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

impl OrderHistoryParams {
    /// Orders of `category` (last 7 days unless a range is set).
    pub fn new(category: EarnCategory) -> Self {
        OrderHistoryParams {
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
        check_limit("limit", self.limit, 1, 100)
    }

    fn query(&self, cursor: Option<&str>) -> Query {
        Query::new()
            .push("category", &self.category)
            .push_opt("orderId", self.order_id.as_ref())
            .push_opt("orderLinkId", self.order_link_id.as_ref())
            .push_opt("productId", self.product_id.as_ref())
            .push_opt("startTime", self.start_time.map(|t| t.0))
            .push_opt("endTime", self.end_time.map(|t| t.0))
            .push_opt("limit", self.limit)
            .push_opt("cursor", cursor)
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
    #[serde(deserialize_with = "su::amount")]
    pub order_value: Amount,
    /// `orderType`.
    pub order_type: OrderType,
    /// `orderId`.
    pub order_id: String,
    /// `orderLinkId` (`""` for orders not placed through the API → `None`).
    #[serde(default, deserialize_with = "su::opt_string")]
    pub order_link_id: Option<String>,
    /// `status`: `Pending`, `Success`, `Fail`.
    pub status: OrderStatusText,
    /// `createdAt`.
    #[serde(default, deserialize_with = "su::opt_millis")]
    pub created_at: Option<UnixMillis>,
    /// `updatedAt`.
    #[serde(default, deserialize_with = "su::opt_millis")]
    pub updated_at: Option<UnixMillis>,
    /// `productId`.
    #[serde(deserialize_with = "su::id_string")]
    pub product_id: String,
    /// `swapOrderValue`: swap-coin amount (OnChain LST only).
    #[serde(default, deserialize_with = "su::opt_amount")]
    pub swap_order_value: Option<Amount>,
    /// `estimateRedeemTime` (OnChain only).
    #[serde(default, deserialize_with = "su::opt_millis")]
    pub estimate_redeem_time: Option<UnixMillis>,
    /// `estimateStakeTime` (OnChain only).
    #[serde(default, deserialize_with = "su::opt_millis")]
    pub estimate_stake_time: Option<UnixMillis>,
}

impl BybitEarnClient {
    /// `POST /v5/earn/place-order`: stake or redeem.
    ///
    /// Validates locally first (see [`PlaceOrderParams::validate`]; use
    /// [`PlaceOrderParams::check_against`] for the product's min/max/precision). Sends an
    /// `orderLinkId` (generated when absent). The executor repeats the same body only after a
    /// definite rejection such as 10006; anything ambiguous after sending is
    /// [`Error::OutcomeUnknown`] carrying the `orderLinkId` for reconciliation. A duplicate
    /// answer (180025/180031) is resolved by reading the existing order: if it is the same
    /// order it is returned with [`PlaceOrderResult::already_existed`], otherwise the
    /// rejection stands.
    pub async fn place_order(&self, params: &PlaceOrderParams) -> Result<PlaceOrderResult> {
        params.validate()?;
        let link_id = params.order_link_id.clone().unwrap_or_else(crate::validate::new_order_link_id);
        let ep = if params.order_type == OrderType::Stake { &PLACE_ORDER_STAKE } else { &PLACE_ORDER_REDEEM };
        let body = PlaceOrderBody {
            category: &params.category,
            order_type: &params.order_type,
            account_type: &params.account_type,
            amount: params.amount.normalized().to_string(),
            coin: &params.coin,
            product_id: &params.product_id,
            order_link_id: &link_id,
            redeem_position_id: params.redeem_position_id.as_deref(),
            to_account_type: params.to_account_type.as_ref(),
            interest_card: params.interest_card.as_ref(),
        };
        let operation = if params.order_type == OrderType::Stake {
            earn_core::Operation::Stake
        } else {
            earn_core::Operation::Redeem
        };
        let intent = ReconcileIntent::new(VENUE, operation, ep.path)
            .product(format!("{}:{}", params.category, params.product_id))
            .asset(params.coin.as_str())
            .amount(params.amount)
            .client_id(link_id.as_str());
        match self.post::<PlaceOrderResult, _>(ep, &body, Some(intent)).await {
            Ok(r) => Ok(r),
            Err(e) => match e.venue_error() {
                Some(ve) if is_duplicate_code(&ve.code) => self.resolve_duplicate(params, &link_id, ve.clone()).await,
                _ => Err(e),
            },
        }
    }

    /// After a duplicate answer: the existing order if it is the same intent.
    async fn resolve_duplicate(
        &self,
        params: &PlaceOrderParams,
        link_id: &str,
        ve: VenueError,
    ) -> Result<PlaceOrderResult> {
        let query = OrderHistoryParams::new(params.category.clone()).order_link_id(link_id);
        let page = self.order_history_page(&query).await?;
        let Some(existing) = page.list.into_iter().find(|o| o.order_link_id.as_deref() == Some(link_id)) else {
            return Err(Error::Rejected(ve));
        };
        let same = existing.order_type == params.order_type
            && existing.product_id == params.product_id
            && existing.coin == params.coin
            && existing.order_value.decimal() == params.amount.decimal();
        if same {
            tracing::info!(order_id = %existing.order_id, "duplicate orderLinkId resolved to the existing order");
            return Ok(PlaceOrderResult {
                order_id: existing.order_id,
                order_link_id: link_id.to_owned(),
                already_existed: true,
            });
        }
        let message = format!(
            "{} (orderLinkId {link_id} already belongs to a different order: {} {} {} of product {})",
            ve.message, existing.order_type, existing.order_value, existing.coin, existing.product_id
        );
        Err(Error::Rejected(VenueError { message, ..ve }))
    }

    /// `GET /v5/earn/order`: one page.
    pub async fn order_history_page(&self, params: &OrderHistoryParams) -> Result<Page<EarnOrder>> {
        params.validate()?;
        let r: ListResult<EarnOrder> = self.get(&ORDER, params.query(params.cursor.as_deref())).await?;
        Ok(r.into())
    }

    /// `GET /v5/earn/order`: every page, following `nextPageCursor`.
    pub fn order_history(&self, params: OrderHistoryParams) -> Result<Pages<EarnOrder>> {
        params.validate()?;
        let first = params.cursor.clone();
        Ok(self.paginate(&ORDER, params, first, |c, p, cursor| async move {
            let r: ListResult<EarnOrder> = c.get(&ORDER, p.query(cursor.as_deref())).await?;
            Ok(r.into())
        }))
    }
}
