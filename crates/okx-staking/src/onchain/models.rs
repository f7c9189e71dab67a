//! On-chain earn request and response models, in OKX's names (reference §9).

use earn_core::http::Query;
use earn_core::{Amount, Error, Rate, Result, UnixMillis};
use serde::{Deserialize, Serialize, Serializer};

use super::check_tag;
use crate::wire::{self, check_amount, check_id, check_limit, check_opt_id, text_enum};

text_enum! {
    /// `protocolType`.
    ProtocolType {
        /// On-chain earn (the only documented value).
        Defi = "defi",
        /// An older value some SDKs still send; acceptance undocumented.
        Staking = "staking",
    }
}

text_enum! {
    /// Offer `state` (compared case-insensitively: English docs `Stop`, Chinese `stop`).
    OfferState {
        /// Can be bought.
        Purchasable = "purchasable",
        /// Sold out.
        SoldOut = "sold_out",
        /// Subscription suspended.
        Stop = "Stop",
    }
}

text_enum! {
    /// Order `state`.
    OnchainOrderState {
        /// `8`: pending, not yet on-chain.
        Pending = "8",
        /// `13`: cancelling.
        Cancelling = "13",
        /// `9`: on-chain, being processed.
        OnChain = "9",
        /// `1`: earning.
        Earning = "1",
        /// `2`: redeeming.
        Redeeming = "2",
        /// `3` (history): completed, either redeemed or cancelled.
        Completed = "3",
    }
}

text_enum! {
    /// `earningType`.
    EarningType {
        /// `0`: estimated earning.
        Estimated = "0",
        /// `1`: cumulative (paid) earning.
        Cumulative = "1",
    }
}

/// Query of `offers` (all optional; no pagination).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct OffersQuery {
    /// `productId`.
    pub product_id: Option<String>,
    /// `protocolType`.
    pub protocol_type: Option<ProtocolType>,
    /// `ccy`.
    pub ccy: Option<String>,
}

impl OffersQuery {
    /// Every offer.
    pub fn new() -> Self {
        Self::default()
    }
    /// Only `product_id`.
    pub fn product_id(mut self, id: impl Into<String>) -> Self {
        self.product_id = Some(id.into());
        self
    }
    /// Only `protocol_type`.
    pub fn protocol_type(mut self, p: ProtocolType) -> Self {
        self.protocol_type = Some(p);
        self
    }
    /// Only `ccy`.
    pub fn ccy(mut self, ccy: impl Into<String>) -> Self {
        self.ccy = Some(ccy.into());
        self
    }

    pub(crate) fn to_query(&self) -> Result<Query> {
        check_opt_id("productId", self.product_id.as_deref())?;
        check_opt_id("ccy", self.ccy.as_deref())?;
        Ok(Query::new()
            .push_opt("productId", self.product_id.as_deref())
            .push_opt("protocolType", self.protocol_type.as_ref())
            .push_opt("ccy", self.ccy.as_deref()))
    }
}

/// `investData[]` of an offer.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct OfferInvestData {
    /// Currency.
    pub ccy: String,
    /// Available to invest.
    #[serde(deserialize_with = "wire::opt")]
    pub bal: Option<Amount>,
    /// Minimum subscription.
    #[serde(deserialize_with = "wire::opt")]
    pub min_amt: Option<Amount>,
    /// Maximum subscribable.
    #[serde(deserialize_with = "wire::opt")]
    pub max_amt: Option<Amount>,
}

/// `earningData[]` of offers and orders.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct EarningData {
    /// Currency.
    pub ccy: String,
    /// Estimated or cumulative.
    pub earning_type: Option<EarningType>,
    /// Earnings so far (orders-active).
    #[serde(deserialize_with = "wire::opt")]
    pub earnings: Option<Amount>,
    /// Cumulative earning of a redeemed order (orders-history).
    #[serde(deserialize_with = "wire::opt")]
    pub realized_earnings: Option<Amount>,
}

/// One on-chain earn offer.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Offer {
    /// Currency.
    pub ccy: String,
    /// Product id.
    #[serde(deserialize_with = "wire::lenient_string")]
    pub product_id: String,
    /// Protocol name.
    pub protocol: String,
    /// `defi`.
    pub protocol_type: Option<ProtocolType>,
    /// Fixed term in days; `0` = flexible.
    #[serde(deserialize_with = "wire::opt")]
    pub term: Option<u32>,
    /// Estimated APY as a fraction.
    #[serde(deserialize_with = "wire::opt")]
    pub apy: Option<Rate>,
    /// Whether early redemption is supported.
    pub early_redeem: Option<bool>,
    /// `purchasable`, `sold_out`, `Stop`.
    pub state: Option<OfferState>,
    /// What can be invested.
    pub invest_data: Vec<OfferInvestData>,
    /// What is earned.
    pub earning_data: Vec<EarningData>,
    /// `[min, max]` redemption period such as `["1H","24H"]` or `["14D","14D"]`.
    pub redeem_period: Vec<String>,
    /// Fast-redemption daily limit (`""` when unsupported → `None`).
    #[serde(deserialize_with = "wire::opt")]
    pub fast_redemption_daily_limit: Option<Amount>,
}

/// `investData[]` of a purchase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InvestAmount {
    /// Currency.
    pub ccy: String,
    /// Amount.
    pub amt: Amount,
}

/// Body of `purchase`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OnchainPurchaseRequest {
    /// Product.
    pub product_id: String,
    /// What to invest.
    pub invest_data: Vec<InvestAmount>,
    /// Term in days, required for fixed-term products.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_as_text")]
    pub term: Option<u32>,
    /// Order tag, 1 to 16 letters or digits: the correlation key for reconciliation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

fn opt_as_text<S: Serializer>(v: &Option<u32>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match v {
        Some(n) => s.collect_str(n),
        None => s.serialize_none(),
    }
}

/// Largest fixed term accepted locally (10 years); OKX publishes no bound.
pub const MAX_TERM_DAYS: u32 = 3650;

impl OnchainPurchaseRequest {
    /// Invests `amt` of `ccy` in `product_id`.
    pub fn new(product_id: impl Into<String>, ccy: impl Into<String>, amt: Amount) -> Self {
        OnchainPurchaseRequest {
            product_id: product_id.into(),
            invest_data: vec![InvestAmount { ccy: ccy.into(), amt }],
            term: None,
            tag: None,
        }
    }
    /// Adds another currency to `investData`.
    pub fn invest(mut self, ccy: impl Into<String>, amt: Amount) -> Self {
        self.invest_data.push(InvestAmount { ccy: ccy.into(), amt });
        self
    }
    /// Sets `term` (fixed-term products).
    pub fn term(mut self, days: u32) -> Self {
        self.term = Some(days);
        self
    }
    /// Sets `tag`.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    pub(crate) fn validate(&self) -> Result<()> {
        check_id("productId", &self.product_id)?;
        if self.invest_data.is_empty() {
            return Err(Error::invalid_input("investData", "must name at least one currency and amount"));
        }
        for (i, d) in self.invest_data.iter().enumerate() {
            check_id(&format!("investData[{i}].ccy"), &d.ccy)?;
            check_amount(&format!("investData[{i}].amt"), d.amt)?;
        }
        if let Some(t) = self.term
            && !(1..=MAX_TERM_DAYS).contains(&t)
        {
            return Err(Error::invalid_input("term", format!("must be between 1 and {MAX_TERM_DAYS} days, got {t}")));
        }
        self.tag.as_deref().map_or(Ok(()), check_tag)
    }
}

/// Answer of `purchase`, `redeem` and `cancel`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct OrderAck {
    /// Order id.
    #[serde(deserialize_with = "wire::lenient_string")]
    pub ord_id: String,
    /// Order tag (`""` when none).
    pub tag: String,
}

/// Body of `redeem`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OnchainRedeemRequest {
    /// Order to redeem (whole order).
    pub ord_id: String,
    /// `defi`.
    pub protocol_type: ProtocolType,
    /// Allow early redemption of a fixed-term order (omitted = OKX default `false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_early_redeem: Option<bool>,
}

impl OnchainRedeemRequest {
    /// Redeems order `ord_id` (`protocolType` `defi`).
    pub fn new(ord_id: impl Into<String>) -> Self {
        OnchainRedeemRequest { ord_id: ord_id.into(), protocol_type: ProtocolType::Defi, allow_early_redeem: None }
    }
    /// Sets `allowEarlyRedeem`.
    pub fn allow_early_redeem(mut self, allow: bool) -> Self {
        self.allow_early_redeem = Some(allow);
        self
    }
}

/// Body of `cancel`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OnchainCancelRequest {
    /// Order whose pending purchase or redemption to cancel.
    pub ord_id: String,
    /// `defi`.
    pub protocol_type: ProtocolType,
}

impl OnchainCancelRequest {
    /// Cancels order `ord_id` (`protocolType` `defi`).
    pub fn new(ord_id: impl Into<String>) -> Self {
        OnchainCancelRequest { ord_id: ord_id.into(), protocol_type: ProtocolType::Defi }
    }
}

/// Query of `orders-active` (all optional).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ActiveOrdersQuery {
    /// `productId`.
    pub product_id: Option<String>,
    /// `protocolType`.
    pub protocol_type: Option<ProtocolType>,
    /// `ccy`.
    pub ccy: Option<String>,
    /// `state`.
    pub state: Option<OnchainOrderState>,
}

impl ActiveOrdersQuery {
    /// Every active order.
    pub fn new() -> Self {
        Self::default()
    }
    /// Only `product_id`.
    pub fn product_id(mut self, id: impl Into<String>) -> Self {
        self.product_id = Some(id.into());
        self
    }
    /// Only `ccy`.
    pub fn ccy(mut self, ccy: impl Into<String>) -> Self {
        self.ccy = Some(ccy.into());
        self
    }
    /// Only `state`.
    pub fn state(mut self, s: OnchainOrderState) -> Self {
        self.state = Some(s);
        self
    }

    pub(crate) fn to_query(&self) -> Result<Query> {
        check_opt_id("productId", self.product_id.as_deref())?;
        check_opt_id("ccy", self.ccy.as_deref())?;
        Ok(Query::new()
            .push_opt("productId", self.product_id.as_deref())
            .push_opt("protocolType", self.protocol_type.as_ref())
            .push_opt("ccy", self.ccy.as_deref())
            .push_opt("state", self.state.as_ref()))
    }
}

/// Query of `orders-history`; cursors are order ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct OrdersHistoryQuery {
    /// `productId`.
    pub product_id: Option<String>,
    /// `protocolType`.
    pub protocol_type: Option<ProtocolType>,
    /// `ccy`.
    pub ccy: Option<String>,
    /// Orders older than this `ordId`.
    pub after: Option<String>,
    /// Orders newer than this `ordId`.
    pub before: Option<String>,
    /// Page size, 1 to 100 (default 100).
    pub limit: Option<u32>,
}

impl OrdersHistoryQuery {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }
    /// Only `product_id`.
    pub fn product_id(mut self, id: impl Into<String>) -> Self {
        self.product_id = Some(id.into());
        self
    }
    /// Only `ccy`.
    pub fn ccy(mut self, ccy: impl Into<String>) -> Self {
        self.ccy = Some(ccy.into());
        self
    }
    /// Orders older than `ord_id`.
    pub fn after(mut self, ord_id: impl Into<String>) -> Self {
        self.after = Some(ord_id.into());
        self
    }
    /// Orders newer than `ord_id`.
    pub fn before(mut self, ord_id: impl Into<String>) -> Self {
        self.before = Some(ord_id.into());
        self
    }
    /// Sets `limit`.
    pub fn limit(mut self, l: u32) -> Self {
        self.limit = Some(l);
        self
    }

    pub(crate) fn to_query(&self) -> Result<Query> {
        check_opt_id("productId", self.product_id.as_deref())?;
        check_opt_id("ccy", self.ccy.as_deref())?;
        check_opt_id("after", self.after.as_deref())?;
        check_opt_id("before", self.before.as_deref())?;
        check_limit(self.limit)?;
        Ok(Query::new()
            .push_opt("productId", self.product_id.as_deref())
            .push_opt("protocolType", self.protocol_type.as_ref())
            .push_opt("ccy", self.ccy.as_deref())
            .push_opt("after", self.after.as_deref())
            .push_opt("before", self.before.as_deref())
            .push_opt("limit", self.limit))
    }
}

/// `investData[]` of an order.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct OrderInvestData {
    /// Currency.
    pub ccy: String,
    /// Amount invested.
    #[serde(deserialize_with = "wire::opt")]
    pub amt: Option<Amount>,
}

/// `fastRedemptionData[]` of an active order.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct FastRedemptionData {
    /// Currency.
    pub ccy: String,
    /// Amount being fast-redeemed.
    #[serde(deserialize_with = "wire::opt")]
    pub redeeming_amt: Option<Amount>,
}

/// One order of `orders-active` or `orders-history` (history rows have `state` `3`,
/// `redeemedTime` and `realizedEarnings`, and lack the fast-redemption and settlement fields).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct OnchainOrder {
    /// Order id.
    #[serde(deserialize_with = "wire::lenient_string")]
    pub ord_id: String,
    /// Currency.
    pub ccy: String,
    /// Product id.
    #[serde(deserialize_with = "wire::lenient_string")]
    pub product_id: String,
    /// State.
    pub state: Option<OnchainOrderState>,
    /// Protocol name.
    pub protocol: String,
    /// `defi`.
    pub protocol_type: Option<ProtocolType>,
    /// Term in days, `0` flexible.
    #[serde(deserialize_with = "wire::opt")]
    pub term: Option<u32>,
    /// Estimated APY fraction (truncated to 4 decimals by OKX).
    #[serde(deserialize_with = "wire::opt")]
    pub apy: Option<Rate>,
    /// What was invested.
    pub invest_data: Vec<OrderInvestData>,
    /// Earnings per currency.
    pub earning_data: Vec<EarningData>,
    /// Fast redemptions in flight.
    pub fast_redemption_data: Vec<FastRedemptionData>,
    /// Purchase time.
    #[serde(deserialize_with = "wire::opt")]
    pub purchased_time: Option<UnixMillis>,
    /// Estimated redemption settlement (`""` → `None`).
    #[serde(deserialize_with = "wire::opt")]
    pub est_settlement_time: Option<UnixMillis>,
    /// Deadline to cancel a redemption (`""` → `None`).
    #[serde(deserialize_with = "wire::opt")]
    pub cancel_redemption_deadline: Option<UnixMillis>,
    /// Redemption time (history only).
    #[serde(deserialize_with = "wire::opt")]
    pub redeemed_time: Option<UnixMillis>,
    /// Order tag (`""` when none).
    pub tag: String,
}
