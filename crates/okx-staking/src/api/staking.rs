//! ETH staking (ETH → BETH, reference §7) and SOL staking (SOL → OKSOL, §8): one API
//! under two path segments, so every request names its [`StakingCoin`].
//!
//! | request | endpoint | limit |
//! |---|---|---|
//! | [`GetProductInfo`] | `GET …/{eth,sol}/product-info` | 3/s per user |
//! | [`Purchase`] | `POST …/{eth,sol}/purchase` | 2/s per user |
//! | [`Redeem`] | `POST …/{eth,sol}/redeem` | 2/s per user |
//! | [`CancelRedeem`] | `POST …/{eth,sol}/cancel-redeem` (SOL: undocumented since 2026) | 2/s per user |
//! | [`GetBalance`] | `GET …/{eth,sol}/balance` | 6/s per user |
//! | [`GetPurchaseRedeemHistory`] | `GET …/{eth,sol}/purchase-redeem-history` | 6/s per user |
//! | [`GetApyHistory`] | `GET …/{eth,sol}/apy-history` (public) | 6/s per IP |
//!
//! ```
//! use earn_core::{Amount, ErrorKind, http::ApiRequest};
//! use okx_staking::api::staking::{Purchase, StakingCoin};
//! let ok = Purchase::new(StakingCoin::Sol, Amount::parse("2.5").unwrap());
//! assert_eq!(ok.endpoint().path, "/api/v5/finance/staking-defi/sol/purchase");
//! assert_eq!(ok.body().unwrap().unwrap().as_ref(), br#"{"amt":"2.5"}"#);
//! let too_fine = Purchase::new(StakingCoin::Eth, Amount::parse("0.000000001").unwrap());
//! assert_eq!(too_fine.validate().unwrap_err().kind(), ErrorKind::InvalidInput);
//! ```

use bytes::Bytes;
use earn_core::http::{ApiRequest, Endpoint, Query, RateLimit, json_body};
use earn_core::wire::{OneOrMany, RawJson, lenient};
use earn_core::{Amount, Error, Operation, OrderId, Rate, ReconcileIntent, Result, UnixMillis, open_enum};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{amount_rules, check_id, check_limit, read, write};
use crate::dialect::{OkxDialect, VENUE};

/// ETH or SOL staking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StakingCoin {
    /// ETH → BETH (`/api/v5/finance/staking-defi/eth/…`).
    Eth,
    /// SOL → OKSOL (`/api/v5/finance/staking-defi/sol/…`).
    Sol,
}

impl StakingCoin {
    /// Both coins.
    pub const ALL: [StakingCoin; 2] = [StakingCoin::Eth, StakingCoin::Sol];

    /// The path segment: `eth` or `sol`.
    pub fn as_str(self) -> &'static str {
        match self {
            StakingCoin::Eth => "eth",
            StakingCoin::Sol => "sol",
        }
    }

    /// The asset staked (paid on purchase, received on redemption): `ETH` or `SOL`.
    pub fn asset(self) -> &'static str {
        match self {
            StakingCoin::Eth => "ETH",
            StakingCoin::Sol => "SOL",
        }
    }

    /// The token received 1:1 and spent on redemption: `BETH` or `OKSOL`.
    pub fn token(self) -> &'static str {
        match self {
            StakingCoin::Eth => "BETH",
            StakingCoin::Sol => "OKSOL",
        }
    }

    /// The coin whose API `path` belongs to.
    pub(crate) fn of_path(path: &str) -> Option<Self> {
        let rest = path.strip_prefix("/api/v5/finance/staking-defi/")?;
        StakingCoin::ALL.into_iter().find(|c| rest.strip_prefix(c.as_str()).is_some_and(|r| r.starts_with('/')))
    }

    fn pick(self, eth: &'static Endpoint, sol: &'static Endpoint) -> &'static Endpoint {
        match self {
            StakingCoin::Eth => eth,
            StakingCoin::Sol => sol,
        }
    }
}

impl std::fmt::Display for StakingCoin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

pub(crate) static ETH_PRODUCT_INFO: Endpoint = read("/api/v5/finance/staking-defi/eth/product-info", 3);
pub(crate) static SOL_PRODUCT_INFO: Endpoint = read("/api/v5/finance/staking-defi/sol/product-info", 3);
pub(crate) static ETH_PURCHASE: Endpoint = write("/api/v5/finance/staking-defi/eth/purchase", Operation::Stake, 2);
pub(crate) static SOL_PURCHASE: Endpoint = write("/api/v5/finance/staking-defi/sol/purchase", Operation::Stake, 2);
pub(crate) static ETH_REDEEM: Endpoint = write("/api/v5/finance/staking-defi/eth/redeem", Operation::Redeem, 2);
pub(crate) static SOL_REDEEM: Endpoint = write("/api/v5/finance/staking-defi/sol/redeem", Operation::Redeem, 2);
pub(crate) static ETH_CANCEL_REDEEM: Endpoint =
    write("/api/v5/finance/staking-defi/eth/cancel-redeem", Operation::CancelRedemption, 2);
pub(crate) static SOL_CANCEL_REDEEM: Endpoint =
    write("/api/v5/finance/staking-defi/sol/cancel-redeem", Operation::CancelRedemption, 2);
pub(crate) static ETH_BALANCE: Endpoint = read("/api/v5/finance/staking-defi/eth/balance", 6);
pub(crate) static SOL_BALANCE: Endpoint = read("/api/v5/finance/staking-defi/sol/balance", 6);
pub(crate) static ETH_HISTORY: Endpoint = read("/api/v5/finance/staking-defi/eth/purchase-redeem-history", 6);
pub(crate) static SOL_HISTORY: Endpoint = read("/api/v5/finance/staking-defi/sol/purchase-redeem-history", 6);
pub(crate) static ETH_APY_HISTORY: Endpoint = Endpoint::get("/api/v5/finance/staking-defi/eth/apy-history")
    .public()
    .limit(RateLimit::per_second("/api/v5/finance/staking-defi/eth/apy-history", 6));
pub(crate) static SOL_APY_HISTORY: Endpoint = Endpoint::get("/api/v5/finance/staking-defi/sol/apy-history")
    .public()
    .limit(RateLimit::per_second("/api/v5/finance/staking-defi/sol/apy-history", 6));

/// `GET …/{eth|sol}/product-info`: the staking terms.
///
/// ETH answers an array of one object, SOL one object; [`OneOrMany`] keeps either shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GetProductInfo {
    /// ETH or SOL.
    pub coin: StakingCoin,
}

impl GetProductInfo {
    /// The terms of `coin` staking.
    pub fn new(coin: StakingCoin) -> Self {
        GetProductInfo { coin }
    }
}

impl ApiRequest for GetProductInfo {
    type Dialect = OkxDialect;
    type Response = OneOrMany<StakingProductInfo>;

    fn endpoint(&self) -> &'static Endpoint {
        self.coin.pick(&ETH_PRODUCT_INFO, &SOL_PRODUCT_INFO)
    }
}

/// The answer of [`GetProductInfo`]. Fields other than the fast-redemption limit are new
/// in 2026 and may be absent.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct StakingProductInfo {
    /// Daily fast-redemption cap, shared by master and sub-accounts.
    #[serde(deserialize_with = "lenient::opt")]
    pub fast_redemption_daily_limit: Option<Amount>,
    /// SOL only: current maximum fast-redeemable amount.
    #[serde(deserialize_with = "lenient::opt")]
    pub fast_redemption_avail: Option<Amount>,
    /// Latest APY **as published**; OKX does not document the unit (`"2.23"` looks like
    /// percent). See [`rate_as_percent`](Self::rate_as_percent).
    #[serde(deserialize_with = "lenient::opt")]
    pub rate: Option<Decimal>,
    /// Standard redemption period in days.
    #[serde(deserialize_with = "lenient::opt")]
    pub redempt_days: Option<u32>,
    /// Minimum subscription.
    #[serde(deserialize_with = "lenient::opt")]
    pub min_amt: Option<Amount>,
}

impl StakingProductInfo {
    /// [`rate`](Self::rate) read as a percentage (`2.23` → 2.23 %), the inferred unit.
    pub fn rate_as_percent(&self) -> Option<Rate> {
        self.rate.and_then(Rate::from_percent)
    }
}

/// `POST …/{eth|sol}/purchase`: stakes `amt` ETH/SOL from the funding account.
///
/// OKX answers `data: []`: no order id. The purchase is found afterwards in
/// [`GetPurchaseRedeemHistory`] by type, amount and request time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Purchase {
    /// ETH or SOL (selects the endpoint; not in the body).
    #[serde(skip)]
    pub coin: StakingCoin,
    /// Amount of ETH/SOL to stake.
    pub amt: Amount,
    /// The product's minimum (product-info `minAmt`), checked locally; never sent.
    #[serde(skip)]
    pub min_amt: Option<Amount>,
}

impl Purchase {
    /// Stakes `amt` of `coin`.
    pub fn new(coin: StakingCoin, amt: Amount) -> Self {
        Purchase { coin, amt, min_amt: None }
    }

    /// Also refuses, locally, an amount below `min` (product-info's `minAmt`).
    pub fn min_amt(mut self, min: Option<Amount>) -> Self {
        self.min_amt = min;
        self
    }
}

impl ApiRequest for Purchase {
    type Dialect = OkxDialect;
    /// Empty on success (`data: []`); anything OKX adds is kept raw.
    type Response = Vec<RawJson>;

    fn endpoint(&self) -> &'static Endpoint {
        self.coin.pick(&ETH_PURCHASE, &SOL_PURCHASE)
    }

    /// `amt` above zero, at most 8 decimals, at least `min_amt` when set.
    fn validate(&self) -> Result<()> {
        amount_rules(self.min_amt, None).check("amt", self.amt)
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }

    fn intent(&self) -> Option<ReconcileIntent> {
        Some(
            ReconcileIntent::new(VENUE, Operation::Stake, self.endpoint().path)
                .asset(self.coin.asset())
                .amount(self.amt),
        )
    }
}

/// `POST …/{eth|sol}/redeem`: redeems `amt` BETH/OKSOL from the funding account.
///
/// OKX answers `data: []`: no order id (ETH's history row carries one later).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Redeem {
    /// ETH or SOL (selects the endpoint; not in the body).
    #[serde(skip)]
    pub coin: StakingCoin,
    /// Amount of BETH/OKSOL to redeem.
    pub amt: Amount,
}

impl Redeem {
    /// Redeems `amt` of `coin`'s token.
    pub fn new(coin: StakingCoin, amt: Amount) -> Self {
        Redeem { coin, amt }
    }
}

impl ApiRequest for Redeem {
    type Dialect = OkxDialect;
    /// Empty on success (`data: []`); anything OKX adds is kept raw.
    type Response = Vec<RawJson>;

    fn endpoint(&self) -> &'static Endpoint {
        self.coin.pick(&ETH_REDEEM, &SOL_REDEEM)
    }

    /// `amt` above zero with at most 8 decimals.
    fn validate(&self) -> Result<()> {
        amount_rules(None, None).check("amt", self.amt)
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }

    fn intent(&self) -> Option<ReconcileIntent> {
        Some(
            ReconcileIntent::new(VENUE, Operation::Redeem, self.endpoint().path)
                .asset(self.coin.token())
                .amount(self.amt),
        )
    }
}

/// `POST …/{eth|sol}/cancel-redeem`: cancels a pending redemption.
///
/// SOL's is **undocumented since 2026** (only in the Nov-2025 docs and ccxt), probably
/// withdrawn; SOL history rows carry no `ordId`, so the id must come from elsewhere.
/// Expect `50005` or HTTP 404 there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CancelRedeem {
    /// ETH or SOL (selects the endpoint; not in the body).
    #[serde(skip)]
    pub coin: StakingCoin,
    /// The redemption's order id (history `ordId`).
    pub ord_id: String,
}

impl CancelRedeem {
    /// Cancels redemption `ord_id` of `coin`.
    pub fn new(coin: StakingCoin, ord_id: impl Into<String>) -> Self {
        CancelRedeem { coin, ord_id: ord_id.into() }
    }
}

impl ApiRequest for CancelRedeem {
    type Dialect = OkxDialect;
    type Response = Vec<CancelRedeemAck>;

    fn endpoint(&self) -> &'static Endpoint {
        self.coin.pick(&ETH_CANCEL_REDEEM, &SOL_CANCEL_REDEEM)
    }

    fn validate(&self) -> Result<()> {
        check_id("ordId", &self.ord_id)
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }

    fn intent(&self) -> Option<ReconcileIntent> {
        Some(
            ReconcileIntent::new(VENUE, Operation::CancelRedemption, self.endpoint().path)
                .asset(self.coin.token())
                .order_id(OrderId::new(self.ord_id.clone())),
        )
    }
}

/// The answer of [`CancelRedeem`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct CancelRedeemAck {
    /// The order id.
    #[serde(deserialize_with = "lenient::id_string")]
    pub ord_id: String,
}

/// `GET …/{eth|sol}/balance`: rows of BETH/OKSOL (empty when none is held).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GetBalance {
    /// ETH or SOL.
    pub coin: StakingCoin,
}

impl GetBalance {
    /// The `coin` staking balance.
    pub fn new(coin: StakingCoin) -> Self {
        GetBalance { coin }
    }
}

impl ApiRequest for GetBalance {
    type Dialect = OkxDialect;
    type Response = Vec<StakingBalance>;

    fn endpoint(&self) -> &'static Endpoint {
        self.coin.pick(&ETH_BALANCE, &SOL_BALANCE)
    }
}

/// One row of [`GetBalance`]: total BETH/OKSOL, including amounts being redeemed.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct StakingBalance {
    /// `BETH` or `OKSOL`.
    pub ccy: String,
    /// Total amount (trading + funding + being redeemed; never add other balances to it).
    #[serde(deserialize_with = "lenient::opt")]
    pub amt: Option<Amount>,
    /// Last reward accrual.
    #[serde(deserialize_with = "lenient::opt")]
    pub latest_interest_accrual: Option<Amount>,
    /// Cumulative rewards.
    #[serde(deserialize_with = "lenient::opt")]
    pub total_interest_accrual: Option<Amount>,
    /// Data time (ETH only).
    #[serde(deserialize_with = "lenient::opt")]
    pub ts: Option<UnixMillis>,
}

open_enum! {
    /// History row `type`.
    pub enum HistoryType {
        /// A purchase.
        Purchase = "purchase",
        /// A redemption.
        Redeem = "redeem",
    }
}

open_enum! {
    /// History row `status` (SOL never reports `cancelled`).
    pub enum HistoryStatus {
        /// Not settled yet.
        Pending = "pending",
        /// Settled.
        Success = "success",
        /// Failed; funds did not move.
        Failed = "failed",
        /// Cancelled (ETH redemptions).
        Cancelled = "cancelled",
    }
}

/// `GET …/{eth|sol}/purchase-redeem-history`: purchases and redemptions, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetPurchaseRedeemHistory {
    /// ETH or SOL.
    pub coin: StakingCoin,
    /// `purchase` or `redeem`.
    pub r#type: Option<HistoryType>,
    /// Status filter.
    pub status: Option<HistoryStatus>,
    /// Rows with `requestTime` earlier than this.
    pub after: Option<UnixMillis>,
    /// Rows with `requestTime` newer than this.
    pub before: Option<UnixMillis>,
    /// Page size, 1 to 100 (OKX default 100).
    pub limit: Option<u32>,
}

impl GetPurchaseRedeemHistory {
    /// Every row of `coin`, unfiltered.
    pub fn new(coin: StakingCoin) -> Self {
        GetPurchaseRedeemHistory { coin, r#type: None, status: None, after: None, before: None, limit: None }
    }
    /// Sets `type`.
    pub fn r#type(mut self, t: HistoryType) -> Self {
        self.r#type = Some(t);
        self
    }
    /// Sets `status`.
    pub fn status(mut self, s: HistoryStatus) -> Self {
        self.status = Some(s);
        self
    }
    /// Sets `after` (older than).
    pub fn after(mut self, t: UnixMillis) -> Self {
        self.after = Some(t);
        self
    }
    /// Sets `before` (newer than).
    pub fn before(mut self, t: UnixMillis) -> Self {
        self.before = Some(t);
        self
    }
    /// Sets `limit`.
    pub fn limit(mut self, l: u32) -> Self {
        self.limit = Some(l);
        self
    }
}

impl ApiRequest for GetPurchaseRedeemHistory {
    type Dialect = OkxDialect;
    type Response = Vec<HistoryRow>;

    fn endpoint(&self) -> &'static Endpoint {
        self.coin.pick(&ETH_HISTORY, &SOL_HISTORY)
    }

    fn validate(&self) -> Result<()> {
        check_limit(self.limit)
    }

    /// In the documented order: `type`, `status`, `after`, `before`, `limit`.
    fn query(&self) -> Query {
        Query::new()
            .push_opt("type", self.r#type.as_ref())
            .push_opt("status", self.status.as_ref())
            .push_opt("after", self.after.map(|t| t.0))
            .push_opt("before", self.before.map(|t| t.0))
            .push_opt("limit", self.limit)
    }
}

/// One row of [`GetPurchaseRedeemHistory`].
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct HistoryRow {
    /// `purchase` or `redeem`.
    #[serde(deserialize_with = "lenient::opt_enum")]
    pub r#type: Option<HistoryType>,
    /// Amount purchased or redeemed.
    #[serde(deserialize_with = "lenient::opt")]
    pub amt: Option<Amount>,
    /// Amount still being redeemed (`""` → `None`).
    #[serde(deserialize_with = "lenient::opt")]
    pub redeeming_amt: Option<Amount>,
    /// Status.
    #[serde(deserialize_with = "lenient::opt_enum")]
    pub status: Option<HistoryStatus>,
    /// Order id (ETH; documented but often absent; never present for SOL).
    #[serde(deserialize_with = "lenient::id_string")]
    pub ord_id: String,
    /// When requested.
    #[serde(deserialize_with = "lenient::opt")]
    pub request_time: Option<UnixMillis>,
    /// When settled.
    #[serde(deserialize_with = "lenient::opt")]
    pub completed_time: Option<UnixMillis>,
    /// Estimated settlement (`""` → `None`).
    #[serde(deserialize_with = "lenient::opt")]
    pub est_completed_time: Option<UnixMillis>,
}

/// `GET …/{eth|sol}/apy-history` (public): daily APY as fractions, newest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GetApyHistory {
    /// ETH or SOL.
    pub coin: StakingCoin,
    /// Past days, 1 to 365.
    pub days: u32,
}

impl GetApyHistory {
    /// The last `days` days of `coin` staking.
    pub fn new(coin: StakingCoin, days: u32) -> Self {
        GetApyHistory { coin, days }
    }
}

impl ApiRequest for GetApyHistory {
    type Dialect = OkxDialect;
    type Response = Vec<ApyPoint>;

    fn endpoint(&self) -> &'static Endpoint {
        self.coin.pick(&ETH_APY_HISTORY, &SOL_APY_HISTORY)
    }

    fn validate(&self) -> Result<()> {
        if !(1..=365).contains(&self.days) {
            return Err(Error::invalid_input("days", format!("must be between 1 and 365, got {}", self.days)));
        }
        Ok(())
    }

    fn query(&self) -> Query {
        Query::new().push("days", self.days)
    }
}

/// One daily point of [`GetApyHistory`].
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ApyPoint {
    /// APY as a fraction (`0.0269` = 2.69 %).
    #[serde(deserialize_with = "lenient::opt")]
    pub rate: Option<Rate>,
    /// Day.
    #[serde(deserialize_with = "lenient::opt")]
    pub ts: Option<UnixMillis>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_info_reads_object_and_array_and_new_fields_are_optional() {
        let sol: OneOrMany<StakingProductInfo> = serde_json::from_str(
            r#"{"fastRedemptionAvail":"240","fastRedemptionDailyLimit":"240","rate":"5.57","redemptDays":"2","minAmt":"0.01"}"#,
        )
        .unwrap();
        let OneOrMany::One(sol) = sol else { panic!("object") };
        assert_eq!(sol.rate_as_percent().unwrap().to_string(), "0.0557");
        assert_eq!(sol.redempt_days, Some(2));
        let old: OneOrMany<StakingProductInfo> =
            serde_json::from_str(r#"[{"fastRedemptionDailyLimit":"100","unknownNewField":1}]"#).unwrap();
        let OneOrMany::Many(v) = old else { panic!("array") };
        assert_eq!(v[0].min_amt, None);
    }

    #[test]
    fn history_query_is_built_in_documented_order_and_checked() {
        let q = GetPurchaseRedeemHistory::new(StakingCoin::Eth).r#type(HistoryType::Redeem).limit(10);
        assert_eq!(q.query().as_str(), "type=redeem&limit=10");
        assert!(GetPurchaseRedeemHistory::new(StakingCoin::Sol).limit(101).validate().is_err());
        assert!(GetApyHistory::new(StakingCoin::Eth, 366).validate().unwrap_err().to_string().contains("`days`"));
        assert!(GetApyHistory::new(StakingCoin::Eth, 0).validate().is_err());
    }

    #[test]
    fn amounts_are_checked_once_with_every_rule_and_name_the_field() {
        let a = |s: &str| Amount::parse(s).unwrap();
        assert!(Purchase::new(StakingCoin::Eth, a("0.00000001")).validate().is_ok());
        let msg =
            |r: &dyn ApiRequest<Dialect = OkxDialect, Response = Vec<RawJson>>| r.validate().unwrap_err().to_string();
        assert!(msg(&Purchase::new(StakingCoin::Eth, a("0"))).contains("`amt`"));
        assert!(msg(&Redeem::new(StakingCoin::Sol, a("0.000000001"))).contains("at most 8"));
        assert!(msg(&Purchase::new(StakingCoin::Eth, a("0.0001")).min_amt(Some(a("0.001")))).contains("minimum 0.001"));
    }

    #[test]
    fn paths_name_their_coin() {
        assert_eq!(StakingCoin::of_path(ETH_PURCHASE.path), Some(StakingCoin::Eth));
        assert_eq!(StakingCoin::of_path(SOL_CANCEL_REDEEM.path), Some(StakingCoin::Sol));
        assert_eq!(StakingCoin::of_path("/api/v5/finance/staking-defi/purchase"), None);
        assert_eq!(StakingCoin::of_path("/api/v5/finance/staking-defi/ethx/purchase"), None);
    }
}
