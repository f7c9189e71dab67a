//! On-chain earn (`/api/v5/finance/staking-defi/…`, reference §9): offers and orders.
//!
//! | request | endpoint | limit |
//! |---|---|---|
//! | [`GetOffers`] | `GET …/offers` | 3/s per user |
//! | [`Purchase`] | `POST …/purchase` | 2/s per user |
//! | [`Redeem`] | `POST …/redeem` | 2/s per user |
//! | [`Cancel`] | `POST …/cancel` | 2/s per user |
//! | [`GetActiveOrders`] | `GET …/orders-active` | 3/s per user |
//! | [`GetOrderHistory`] | `GET …/orders-history` | 3/s per user |
//!
//! ```
//! use earn_core::{Amount, http::ApiRequest};
//! use okx_staking::api::onchain::Purchase;
//! let p = Purchase::new("1234", "ZIL", Amount::parse("100").unwrap()).term(30).tag("bot0001");
//! p.validate().unwrap();
//! let body = p.body().unwrap().unwrap();
//! assert_eq!(body.as_ref(), br#"{"productId":"1234","investData":[{"ccy":"ZIL","amt":"100"}],"term":"30","tag":"bot0001"}"#);
//! ```

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use bytes::Bytes;
use earn_core::http::{ApiRequest, Endpoint, Query, json_body};
use earn_core::wire::lenient;
use earn_core::{Amount, Error, Operation, OrderId, Rate, ReconcileIntent, Result, UnixMillis, VenueError, open_enum};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{amount_rules, check_id, check_limit, check_opt_id, read, write};
use crate::dialect::{OkxDialect, VENUE};

pub(crate) static OFFERS: Endpoint = read("/api/v5/finance/staking-defi/offers", 3);
pub(crate) static PURCHASE: Endpoint = write("/api/v5/finance/staking-defi/purchase", Operation::Stake, 2);
pub(crate) static REDEEM: Endpoint = write("/api/v5/finance/staking-defi/redeem", Operation::Redeem, 2);
pub(crate) static CANCEL: Endpoint = write("/api/v5/finance/staking-defi/cancel", Operation::CancelRedemption, 2);
pub(crate) static ORDERS_ACTIVE: Endpoint = read("/api/v5/finance/staking-defi/orders-active", 3);
pub(crate) static ORDERS_HISTORY: Endpoint = read("/api/v5/finance/staking-defi/orders-history", 3);

/// Whether `path` is one of the on-chain earn writes.
pub(crate) fn is_write_path(path: &str) -> bool {
    [&PURCHASE, &REDEEM, &CANCEL].iter().any(|e| e.path == path)
}

/// Longest order tag OKX accepts.
pub const MAX_TAG_LEN: usize = 16;

/// Largest fixed term accepted locally (10 years); OKX publishes no bound.
pub const MAX_TERM_DAYS: u32 = 3650;

/// Checks an order `tag`: 1 to 16 ASCII letters or digits (case-sensitive).
///
/// ```
/// use okx_staking::api::onchain::check_tag;
/// assert!(check_tag("abcDEF0123456789").is_ok());
/// assert!(check_tag("a-b").is_err());
/// ```
pub fn check_tag(tag: &str) -> Result<()> {
    if tag.is_empty() || tag.len() > MAX_TAG_LEN || !tag.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid_input("tag", format!("must be 1 to {MAX_TAG_LEN} ASCII letters or digits")));
    }
    Ok(())
}

open_enum! {
    /// `protocolType`.
    pub enum ProtocolType {
        /// On-chain earn (the only documented value).
        Defi = "defi",
        /// An older value some SDKs still send; acceptance undocumented.
        Staking = "staking",
    }
}

/// Offer `state`. OKX's English docs write `Stop`, the Chinese ones `stop`: every value is
/// compared case-insensitively, and unknown values are kept as [`Other`](Self::Other).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum OfferState {
    /// `purchasable`: can be bought.
    Purchasable,
    /// `sold_out`: sold out (a purchase would be refused with `51730`).
    SoldOut,
    /// `Stop`: subscription suspended (a purchase would be refused with `51731`).
    Stop,
    /// A value this SDK does not know yet, kept verbatim.
    Other(String),
}

impl OfferState {
    const KNOWN: [(OfferState, &'static str); 3] =
        [(OfferState::Purchasable, "purchasable"), (OfferState::SoldOut, "sold_out"), (OfferState::Stop, "Stop")];

    /// The venue's text.
    pub fn as_str(&self) -> &str {
        match self {
            OfferState::Purchasable => "purchasable",
            OfferState::SoldOut => "sold_out",
            OfferState::Stop => "Stop",
            OfferState::Other(s) => s,
        }
    }

    /// Whether this is a documented value (not [`Other`](Self::Other)).
    pub fn is_known(&self) -> bool {
        !matches!(self, OfferState::Other(_))
    }

    /// Whether the offer says a purchase would be refused: sold out or stopped.
    pub fn refuses_purchases(&self) -> bool {
        matches!(self, OfferState::SoldOut | OfferState::Stop)
    }
}

impl FromStr for OfferState {
    type Err = Infallible;
    fn from_str(s: &str) -> std::result::Result<Self, Infallible> {
        Ok(Self::KNOWN
            .into_iter()
            .find(|(_, text)| text.eq_ignore_ascii_case(s))
            .map_or_else(|| OfferState::Other(s.to_owned()), |(state, _)| state))
    }
}

impl fmt::Display for OfferState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl lenient::OpenEnum for OfferState {}

impl Serialize for OfferState {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for OfferState {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = lenient::id_string(d)?;
        match text.parse() {
            Ok(v) => Ok(v),
            Err(never) => match never {},
        }
    }
}

open_enum! {
    /// Order `state`.
    pub enum OnchainOrderState {
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

open_enum! {
    /// `earningType`.
    pub enum EarningType {
        /// `0`: estimated earning.
        Estimated = "0",
        /// `1`: cumulative (paid) earning.
        Cumulative = "1",
    }
}

/// `GET …/offers`: the on-chain earn offers (all filters optional; no pagination).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetOffers {
    /// `productId`.
    pub product_id: Option<String>,
    /// `protocolType`.
    pub protocol_type: Option<ProtocolType>,
    /// `ccy`.
    pub ccy: Option<String>,
}

impl GetOffers {
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
}

impl ApiRequest for GetOffers {
    type Dialect = OkxDialect;
    type Response = Vec<Offer>;

    fn endpoint(&self) -> &'static Endpoint {
        &OFFERS
    }

    fn validate(&self) -> Result<()> {
        check_opt_id("productId", self.product_id.as_deref())?;
        check_opt_id("ccy", self.ccy.as_deref())
    }

    fn query(&self) -> Query {
        Query::new()
            .push_opt("productId", self.product_id.as_deref())
            .push_opt("protocolType", self.protocol_type.as_ref())
            .push_opt("ccy", self.ccy.as_deref())
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
    #[serde(deserialize_with = "lenient::opt")]
    pub bal: Option<Amount>,
    /// Minimum subscription.
    #[serde(deserialize_with = "lenient::opt")]
    pub min_amt: Option<Amount>,
    /// Maximum subscribable (`0` where OKX publishes none).
    #[serde(deserialize_with = "lenient::opt")]
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
    #[serde(deserialize_with = "lenient::opt_enum")]
    pub earning_type: Option<EarningType>,
    /// Earnings so far (orders-active).
    #[serde(deserialize_with = "lenient::opt")]
    pub earnings: Option<Amount>,
    /// Cumulative earning of a redeemed order (orders-history).
    #[serde(deserialize_with = "lenient::opt")]
    pub realized_earnings: Option<Amount>,
}

/// One on-chain earn offer, as [`GetOffers`] answers it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Offer {
    /// Currency.
    pub ccy: String,
    /// Product id.
    #[serde(deserialize_with = "lenient::id_string")]
    pub product_id: String,
    /// Protocol name.
    pub protocol: String,
    /// `defi`.
    #[serde(deserialize_with = "lenient::opt_enum")]
    pub protocol_type: Option<ProtocolType>,
    /// Fixed term in days; `0` = flexible.
    #[serde(deserialize_with = "lenient::opt")]
    pub term: Option<u32>,
    /// Estimated APY as a fraction.
    #[serde(deserialize_with = "lenient::opt")]
    pub apy: Option<Rate>,
    /// Whether early redemption is supported.
    pub early_redeem: Option<bool>,
    /// `purchasable`, `sold_out`, `Stop`.
    #[serde(deserialize_with = "lenient::opt_enum")]
    pub state: Option<OfferState>,
    /// What can be invested.
    pub invest_data: Vec<OfferInvestData>,
    /// What is earned.
    pub earning_data: Vec<EarningData>,
    /// `[min, max]` redemption period such as `["1H","24H"]` or `["14D","14D"]`.
    pub redeem_period: Vec<String>,
    /// Fast-redemption daily limit (`""` when unsupported → `None`).
    #[serde(deserialize_with = "lenient::opt")]
    pub fast_redemption_daily_limit: Option<Amount>,
}

/// `investData[]` of a [`Purchase`]: a currency and an amount, and the offer's limits for
/// it, which are checked locally and never sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct InvestAmount {
    /// Currency.
    pub ccy: String,
    /// Amount.
    pub amt: Amount,
    /// The offer's `minAmt` for this currency, checked locally; never sent.
    #[serde(skip)]
    pub min_amt: Option<Amount>,
    /// The offer's `maxAmt` for this currency, checked locally; never sent.
    #[serde(skip)]
    pub max_amt: Option<Amount>,
}

impl InvestAmount {
    /// `amt` of `ccy`, without local limits.
    pub fn new(ccy: impl Into<String>, amt: Amount) -> Self {
        InvestAmount { ccy: ccy.into(), amt, min_amt: None, max_amt: None }
    }
}

/// `POST …/purchase`: invests in an offer; OKX answers the new `ordId`.
///
/// Put a unique `tag` on it: it is the only way to find the order if the answer is lost
/// (a correlation key, not an idempotency key).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Purchase {
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
    /// The offer's `state` as just read, checked locally; never sent.
    #[serde(skip)]
    pub offer_state: Option<OfferState>,
}

fn opt_as_text<S: Serializer>(v: &Option<u32>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match v {
        Some(n) => s.collect_str(n),
        None => s.serialize_none(),
    }
}

impl Purchase {
    /// Invests `amt` of `ccy` in `product_id`.
    pub fn new(product_id: impl Into<String>, ccy: impl Into<String>, amt: Amount) -> Self {
        Purchase {
            product_id: product_id.into(),
            invest_data: vec![InvestAmount::new(ccy, amt)],
            term: None,
            tag: None,
            offer_state: None,
        }
    }
    /// Adds another currency to `investData`.
    pub fn invest(mut self, ccy: impl Into<String>, amt: Amount) -> Self {
        self.invest_data.push(InvestAmount::new(ccy, amt));
        self
    }
    /// The offer's `minAmt` and `maxAmt` for the currency added last, checked locally in
    /// [`validate`](ApiRequest::validate) and never sent.
    pub fn limits(mut self, min: Option<Amount>, max: Option<Amount>) -> Self {
        if let Some(last) = self.invest_data.last_mut() {
            last.min_amt = min;
            last.max_amt = max;
        }
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
    /// The offer's `state` as just read ([`Offer::state`]): a sold-out or stopped offer is
    /// refused locally in [`validate`](ApiRequest::validate); never sent.
    pub fn offer_state(mut self, state: Option<OfferState>) -> Self {
        self.offer_state = state;
        self
    }
}

impl ApiRequest for Purchase {
    type Dialect = OkxDialect;
    type Response = Vec<OrderAck>;

    fn endpoint(&self) -> &'static Endpoint {
        &PURCHASE
    }

    /// `productId` and each `ccy` well-formed, each `amt` above zero with at most 8
    /// decimals and within its limits, `term` 1 to 3650 days, `tag` 1 to 16 letters/digits;
    /// then the offer's state, when known: sold out or stopped is
    /// [`Error::ProductUnavailable`] (what OKX would answer with `51730`/`51731`).
    fn validate(&self) -> Result<()> {
        check_id("productId", &self.product_id)?;
        if self.invest_data.is_empty() {
            return Err(Error::invalid_input("investData", "must name at least one currency and amount"));
        }
        for (i, d) in self.invest_data.iter().enumerate() {
            check_id(&format!("investData[{i}].ccy"), &d.ccy)?;
            amount_rules(d.min_amt, d.max_amt).check(&format!("investData[{i}].amt"), d.amt)?;
        }
        if let Some(t) = self.term
            && !(1..=MAX_TERM_DAYS).contains(&t)
        {
            return Err(Error::invalid_input("term", format!("must be between 1 and {MAX_TERM_DAYS} days, got {t}")));
        }
        self.tag.as_deref().map_or(Ok(()), check_tag)?;
        match &self.offer_state {
            Some(state) if state.refuses_purchases() => {
                let code = if *state == OfferState::SoldOut { "51730" } else { "51731" };
                let message = format!(
                    "not sent: on-chain earn offer {} is `{state}`; OKX would refuse the purchase with {code}",
                    self.product_id
                );
                Err(Error::ProductUnavailable(VenueError::new(VENUE, code, message, None)))
            }
            _ => Ok(()),
        }
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }

    fn intent(&self) -> Option<ReconcileIntent> {
        let mut intent = ReconcileIntent::new(VENUE, Operation::Stake, PURCHASE.path);
        if let Some(first) = self.invest_data.first() {
            intent = intent.asset(first.ccy.as_str()).amount(first.amt);
        }
        if let Some(tag) = &self.tag {
            intent = intent.client_id(tag.as_str());
        }
        Some(intent)
    }
}

/// The answer of [`Purchase`], [`Redeem`] and [`Cancel`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct OrderAck {
    /// Order id.
    #[serde(deserialize_with = "lenient::id_string")]
    pub ord_id: String,
    /// Order tag (`""` when none).
    #[serde(deserialize_with = "lenient::id_string")]
    pub tag: String,
}

/// `POST …/redeem`: redeems a whole order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Redeem {
    /// Order to redeem (whole order).
    pub ord_id: String,
    /// `defi`.
    pub protocol_type: ProtocolType,
    /// Allow early redemption of a fixed-term order (omitted = OKX default `false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_early_redeem: Option<bool>,
}

impl Redeem {
    /// Redeems order `ord_id` (`protocolType` `defi`).
    pub fn new(ord_id: impl Into<String>) -> Self {
        Redeem { ord_id: ord_id.into(), protocol_type: ProtocolType::Defi, allow_early_redeem: None }
    }
    /// Sets `allowEarlyRedeem`.
    pub fn allow_early_redeem(mut self, allow: bool) -> Self {
        self.allow_early_redeem = Some(allow);
        self
    }
}

impl ApiRequest for Redeem {
    type Dialect = OkxDialect;
    type Response = Vec<OrderAck>;

    fn endpoint(&self) -> &'static Endpoint {
        &REDEEM
    }

    fn validate(&self) -> Result<()> {
        check_id("ordId", &self.ord_id)
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }

    fn intent(&self) -> Option<ReconcileIntent> {
        Some(ReconcileIntent::new(VENUE, Operation::Redeem, REDEEM.path).order_id(OrderId::new(self.ord_id.clone())))
    }
}

/// `POST …/cancel`: cancels a pending purchase or redemption.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Cancel {
    /// Order whose pending purchase or redemption to cancel.
    pub ord_id: String,
    /// `defi`.
    pub protocol_type: ProtocolType,
}

impl Cancel {
    /// Cancels order `ord_id` (`protocolType` `defi`).
    pub fn new(ord_id: impl Into<String>) -> Self {
        Cancel { ord_id: ord_id.into(), protocol_type: ProtocolType::Defi }
    }
}

impl ApiRequest for Cancel {
    type Dialect = OkxDialect;
    type Response = Vec<OrderAck>;

    fn endpoint(&self) -> &'static Endpoint {
        &CANCEL
    }

    fn validate(&self) -> Result<()> {
        check_id("ordId", &self.ord_id)
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }

    fn intent(&self) -> Option<ReconcileIntent> {
        Some(
            ReconcileIntent::new(VENUE, Operation::CancelRedemption, CANCEL.path)
                .order_id(OrderId::new(self.ord_id.clone())),
        )
    }
}

/// `GET …/orders-active`: orders not completed yet (all filters optional).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetActiveOrders {
    /// `productId`.
    pub product_id: Option<String>,
    /// `protocolType`.
    pub protocol_type: Option<ProtocolType>,
    /// `ccy`.
    pub ccy: Option<String>,
    /// `state`.
    pub state: Option<OnchainOrderState>,
}

impl GetActiveOrders {
    /// Every active order.
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
    /// Only `state`.
    pub fn state(mut self, s: OnchainOrderState) -> Self {
        self.state = Some(s);
        self
    }
}

impl ApiRequest for GetActiveOrders {
    type Dialect = OkxDialect;
    type Response = Vec<OnchainOrder>;

    fn endpoint(&self) -> &'static Endpoint {
        &ORDERS_ACTIVE
    }

    fn validate(&self) -> Result<()> {
        check_opt_id("productId", self.product_id.as_deref())?;
        check_opt_id("ccy", self.ccy.as_deref())
    }

    fn query(&self) -> Query {
        Query::new()
            .push_opt("productId", self.product_id.as_deref())
            .push_opt("protocolType", self.protocol_type.as_ref())
            .push_opt("ccy", self.ccy.as_deref())
            .push_opt("state", self.state.as_ref())
    }
}

/// `GET …/orders-history`: completed orders, newest first; the cursors are order ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetOrderHistory {
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

impl GetOrderHistory {
    /// No filter.
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
}

impl ApiRequest for GetOrderHistory {
    type Dialect = OkxDialect;
    type Response = Vec<OnchainOrder>;

    fn endpoint(&self) -> &'static Endpoint {
        &ORDERS_HISTORY
    }

    fn validate(&self) -> Result<()> {
        check_opt_id("productId", self.product_id.as_deref())?;
        check_opt_id("ccy", self.ccy.as_deref())?;
        check_opt_id("after", self.after.as_deref())?;
        check_opt_id("before", self.before.as_deref())?;
        check_limit(self.limit)
    }

    fn query(&self) -> Query {
        Query::new()
            .push_opt("productId", self.product_id.as_deref())
            .push_opt("protocolType", self.protocol_type.as_ref())
            .push_opt("ccy", self.ccy.as_deref())
            .push_opt("after", self.after.as_deref())
            .push_opt("before", self.before.as_deref())
            .push_opt("limit", self.limit)
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
    #[serde(deserialize_with = "lenient::opt")]
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
    #[serde(deserialize_with = "lenient::opt")]
    pub redeeming_amt: Option<Amount>,
}

/// One order of [`GetActiveOrders`] or [`GetOrderHistory`] (history rows have `state` `3`,
/// `redeemedTime` and `realizedEarnings`, and lack the fast-redemption and settlement fields).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct OnchainOrder {
    /// Order id.
    #[serde(deserialize_with = "lenient::id_string")]
    pub ord_id: String,
    /// Currency.
    pub ccy: String,
    /// Product id.
    #[serde(deserialize_with = "lenient::id_string")]
    pub product_id: String,
    /// State.
    #[serde(deserialize_with = "lenient::opt_enum")]
    pub state: Option<OnchainOrderState>,
    /// Protocol name.
    pub protocol: String,
    /// `defi`.
    #[serde(deserialize_with = "lenient::opt_enum")]
    pub protocol_type: Option<ProtocolType>,
    /// Term in days, `0` flexible.
    #[serde(deserialize_with = "lenient::opt")]
    pub term: Option<u32>,
    /// Estimated APY fraction (truncated to 4 decimals by OKX).
    #[serde(deserialize_with = "lenient::opt")]
    pub apy: Option<Rate>,
    /// What was invested.
    pub invest_data: Vec<OrderInvestData>,
    /// Earnings per currency.
    pub earning_data: Vec<EarningData>,
    /// Fast redemptions in flight.
    pub fast_redemption_data: Vec<FastRedemptionData>,
    /// Purchase time.
    #[serde(deserialize_with = "lenient::opt")]
    pub purchased_time: Option<UnixMillis>,
    /// Estimated redemption settlement (`""` → `None`).
    #[serde(deserialize_with = "lenient::opt")]
    pub est_settlement_time: Option<UnixMillis>,
    /// Deadline to cancel a redemption (`""` → `None`).
    #[serde(deserialize_with = "lenient::opt")]
    pub cancel_redemption_deadline: Option<UnixMillis>,
    /// Redemption time (history only).
    #[serde(deserialize_with = "lenient::opt")]
    pub redeemed_time: Option<UnixMillis>,
    /// Order tag (`""` when none).
    #[serde(deserialize_with = "lenient::id_string")]
    pub tag: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purchase_body_is_strings_only_and_omits_absent_fields() {
        let r = Purchase::new("1234", "ZIL", Amount::parse("100").unwrap()).term(30);
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"productId":"1234","investData":[{"ccy":"ZIL","amt":"100"}],"term":"30"}"#
        );
        let limited = r.clone().limits(Some(Amount::parse("1").unwrap()), None);
        assert_eq!(serde_json::to_string(&limited).unwrap(), serde_json::to_string(&r).unwrap(), "limits are local");
        let r = Redeem::new("754147");
        assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"ordId":"754147","protocolType":"defi"}"#);
    }

    #[test]
    fn tags_and_terms_are_checked() {
        assert!(check_tag("abcDEF0123456789").is_ok());
        assert!(check_tag("abcDEF01234567890").is_err());
        assert!(check_tag("a-b").is_err());
        assert!(check_tag("").is_err());
        let bad = Purchase::new("1", "DOT", Amount::parse("1").unwrap()).term(0);
        assert!(bad.validate().unwrap_err().to_string().contains("`term`"));
    }

    #[test]
    fn offer_limits_are_checked_with_the_amount() {
        let a = |s: &str| Amount::parse(s).unwrap();
        let p = |amt: &str| Purchase::new("101", "DOT", a(amt)).limits(Some(a("2")), Some(a("100")));
        assert!(p("2").validate().is_ok());
        assert!(p("1").validate().unwrap_err().to_string().contains("minimum 2"));
        assert!(p("101").validate().unwrap_err().to_string().contains("maximum 100"));
        assert!(p("2.000000001").validate().unwrap_err().to_string().contains("investData[0].amt"));
    }

    #[test]
    fn a_sold_out_or_stopped_offer_is_refused_locally() {
        let p = Purchase::new("101", "DOT", Amount::parse("2").unwrap());
        assert!(p.clone().offer_state(Some(OfferState::Purchasable)).validate().is_ok());
        assert!(p.clone().offer_state(Some(OfferState::Other("new".into()))).validate().is_ok());
        let err = p.clone().offer_state(Some(OfferState::SoldOut)).validate().unwrap_err();
        assert_eq!(err.kind(), earn_core::ErrorKind::ProductUnavailable);
        assert_eq!(err.venue_error().unwrap().code, "51730");
        let err = p.offer_state(Some(OfferState::Stop)).validate().unwrap_err();
        assert_eq!(err.venue_error().unwrap().code, "51731");
    }

    #[test]
    fn offer_decodes_the_documented_example() {
        let o: Offer = serde_json::from_str(r#"{"ccy":"DOT","productId":"101","protocol":"Polkadot","protocolType":"defi","term":"0","apy":"0.1767","earlyRedeem":false,"state":"purchasable","investData":[{"bal":"0","ccy":"DOT","maxAmt":"0","minAmt":"2"}],"earningData":[{"ccy":"DOT","earningType":"0"}],"fastRedemptionDailyLimit":"","redeemPeriod":["28D","28D"]}"#).unwrap();
        assert_eq!(o.apy.unwrap().to_string(), "0.1767");
        assert_eq!(o.state, Some(OfferState::Purchasable));
        assert_eq!(o.fast_redemption_daily_limit, None);
        assert_eq!("stop".parse::<OfferState>(), Ok(OfferState::Stop));
        assert_eq!("SOLD_OUT".parse::<OfferState>(), Ok(OfferState::SoldOut));
        assert_eq!("paused".parse::<OfferState>(), Ok(OfferState::Other("paused".into())));
        assert!(OfferState::Stop.refuses_purchases() && !OfferState::Purchasable.refuses_purchases());
    }

    #[test]
    fn writes_are_recognised_by_path() {
        assert!(is_write_path(PURCHASE.path) && is_write_path(CANCEL.path));
        assert!(!is_write_path(OFFERS.path));
    }
}
