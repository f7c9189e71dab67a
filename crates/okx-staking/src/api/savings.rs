//! Simple Earn Flexible, OKX's savings (`/api/v5/finance/savings/…`, funding-savings
//! reference §5): money lent to margin traders, subscribed and redeemed through the funding
//! account. Every rate is an **annual fraction** (`0.1` = 10 %), a simple annual rate:
//! OKX publishes no compounded yield (APY) for savings.
//!
//! | request | endpoint | limit |
//! |---|---|---|
//! | [`GetSavingsBalance`] | `GET …/savings/balance` | 6/s per user |
//! | [`PurchaseRedempt`] | `POST …/savings/purchase-redempt` | 6/s per user |
//! | [`SetLendingRate`] | `POST …/savings/set-lending-rate` | 6/s per user |
//! | [`GetLendingHistory`] | `GET …/savings/lending-history` | 6/s per user |
//! | [`GetLendingRateSummary`] | `GET …/savings/lending-rate-summary` (public) | 6/s per IP |
//! | [`GetLendingRateHistory`] | `GET …/savings/lending-rate-history` (public) | 6/s per IP |
//!
//! A purchase or redemption answers with an echo only: **no order id, no client id**. It is
//! found afterwards in the funding bills (types `75` and `76`, [`GetBills`](super::asset::GetBills)).
//!
//! ```
//! use earn_core::{Amount, Rate, http::ApiRequest};
//! use okx_staking::api::savings::PurchaseRedempt;
//! let buy = PurchaseRedempt::purchase("USDT", Amount::parse("100").unwrap())
//!     .rate(Rate::parse_fraction("0.01").unwrap());
//! assert_eq!(buy.body().unwrap().unwrap().as_ref(), br#"{"ccy":"USDT","amt":"100","side":"purchase","rate":"0.01"}"#);
//! let sell = PurchaseRedempt::redempt("USDT", Amount::parse("100").unwrap());
//! assert_eq!(sell.body().unwrap().unwrap().as_ref(), br#"{"ccy":"USDT","amt":"100","side":"redempt"}"#);
//! ```

use bytes::Bytes;
use earn_core::http::{ApiRequest, Endpoint, Query, json_body};
use earn_core::wire::lenient;
use earn_core::{Amount, Error, Operation, Rate, ReconcileIntent, Result, UnixMillis, open_enum};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{amount_rules, check_cursors, check_id, check_limit, check_opt_id, public_read, read, write};
use crate::dialect::{OkxDialect, VENUE};

const PURCHASE_REDEMPT_PATH: &str = "/api/v5/finance/savings/purchase-redempt";

pub(crate) static BALANCE: Endpoint = read("/api/v5/finance/savings/balance", 6);
/// A purchase and a redemption are one endpoint with one budget (the limit's group is the path).
pub(crate) static PURCHASE: Endpoint = write(PURCHASE_REDEMPT_PATH, Operation::Stake, 6);
pub(crate) static REDEMPT: Endpoint = write(PURCHASE_REDEMPT_PATH, Operation::Redeem, 6);
/// Sets the minimum lending rate of the savings subscription (a term of the stake).
pub(crate) static SET_LENDING_RATE: Endpoint = write("/api/v5/finance/savings/set-lending-rate", Operation::Stake, 6);
pub(crate) static LENDING_HISTORY: Endpoint = read("/api/v5/finance/savings/lending-history", 6);
pub(crate) static LENDING_RATE_SUMMARY: Endpoint = public_read("/api/v5/finance/savings/lending-rate-summary", 6);
pub(crate) static LENDING_RATE_HISTORY: Endpoint = public_read("/api/v5/finance/savings/lending-rate-history", 6);

/// Whether `path` is the savings purchase/redemption endpoint.
pub(crate) fn is_purchase_redempt_path(path: &str) -> bool {
    path == PURCHASE_REDEMPT_PATH
}

/// Lowest minimum lending rate OKX accepts: 1 % a year.
pub fn min_lending_rate() -> Rate {
    Rate::from_fraction(Decimal::new(1, 2))
}

/// Highest minimum lending rate OKX accepts: 365 % a year.
pub fn max_lending_rate() -> Rate {
    Rate::from_fraction(Decimal::new(365, 2))
}

/// A lending `rate`: from 1 % to 365 % a year, bounds included (OKX: "between 1% and 365%").
fn check_lending_rate(rate: Rate) -> Result<()> {
    if rate < min_lending_rate() || rate > max_lending_rate() {
        return Err(Error::invalid_input("rate", format!("must be between 0.01 and 3.65 (1 % to 365 %), got {rate}")));
    }
    Ok(())
}

open_enum! {
    /// Purchase-redempt `side` (OKX spells the redemption `redempt`).
    pub enum SavingsSide {
        /// Subscribe.
        Purchase = "purchase",
        /// Redeem.
        Redempt = "redempt",
    }
}

/// `GET …/savings/balance`: what is in savings, per currency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetSavingsBalance {
    /// Only this currency.
    pub ccy: Option<String>,
}

impl GetSavingsBalance {
    /// Every currency.
    pub fn new() -> Self {
        Self::default()
    }
    /// Only `ccy`.
    pub fn ccy(mut self, ccy: impl Into<String>) -> Self {
        self.ccy = Some(ccy.into());
        self
    }
}

impl ApiRequest for GetSavingsBalance {
    type Dialect = OkxDialect;
    type Response = Vec<SavingsBalance>;

    fn endpoint(&self) -> &'static Endpoint {
        &BALANCE
    }

    fn validate(&self) -> Result<()> {
        check_opt_id("ccy", self.ccy.as_deref())
    }

    fn query(&self) -> Query {
        Query::new().push_opt("ccy", self.ccy.as_deref())
    }
}

/// One currency of [`GetSavingsBalance`]: `amt = loanAmt + pendingAmt`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct SavingsBalance {
    /// Currency.
    pub ccy: String,
    /// Amount in savings (lent plus pending).
    #[serde(deserialize_with = "lenient::opt")]
    pub amt: Option<Amount>,
    /// Earnings (cumulative; whether `amt` already contains them is undocumented, and the
    /// documented example suggests it does).
    #[serde(deserialize_with = "lenient::opt")]
    pub earnings: Option<Amount>,
    /// The **minimum** annual lending rate the user configured.
    #[serde(deserialize_with = "lenient::opt")]
    pub rate: Option<Rate>,
    /// Lent out.
    #[serde(deserialize_with = "lenient::opt")]
    pub loan_amt: Option<Amount>,
    /// Not lent yet.
    #[serde(deserialize_with = "lenient::opt")]
    pub pending_amt: Option<Amount>,
}

/// `POST …/savings/purchase-redempt`: subscribes or redeems `amt` of `ccy`, from and to the
/// funding account (signed, **Trade** permission).
///
/// One endpoint, two sides: [`purchase`](Self::purchase) and [`redempt`](Self::redempt).
/// OKX answers with an echo: no order id; a lost answer is reconciled through the funding
/// bills `75`/`76`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PurchaseRedempt {
    /// Currency.
    pub ccy: String,
    /// Amount.
    pub amt: Amount,
    /// `purchase` or `redempt`.
    pub side: SavingsSide,
    /// Minimum annual lending rate of a purchase (`0.01`–`3.65`); it replaces the rate of
    /// the earlier subscription. Omitted when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<Rate>,
}

impl PurchaseRedempt {
    /// Subscribes `amt` of `ccy`.
    pub fn purchase(ccy: impl Into<String>, amt: Amount) -> Self {
        PurchaseRedempt { ccy: ccy.into(), amt, side: SavingsSide::Purchase, rate: None }
    }
    /// Redeems `amt` of `ccy`.
    pub fn redempt(ccy: impl Into<String>, amt: Amount) -> Self {
        PurchaseRedempt { ccy: ccy.into(), amt, side: SavingsSide::Redempt, rate: None }
    }
    /// Sets the minimum lending `rate` (purchases only).
    pub fn rate(mut self, rate: Rate) -> Self {
        self.rate = Some(rate);
        self
    }
}

impl ApiRequest for PurchaseRedempt {
    type Dialect = OkxDialect;
    type Response = Vec<PurchaseRedemptAck>;

    fn endpoint(&self) -> &'static Endpoint {
        match self.side {
            SavingsSide::Redempt => &REDEMPT,
            _ => &PURCHASE,
        }
    }

    /// `ccy` well-formed, `amt` above zero with at most 8 decimals, `side` documented,
    /// `rate` only on a purchase and between 1 % and 365 %.
    fn validate(&self) -> Result<()> {
        check_id("ccy", &self.ccy)?;
        amount_rules(None, None).check("amt", self.amt)?;
        match (&self.side, self.rate) {
            (SavingsSide::Purchase, Some(rate)) => check_lending_rate(rate),
            (SavingsSide::Purchase, None) => Ok(()),
            (SavingsSide::Redempt, Some(_)) => Err(Error::invalid_input("rate", "is only for purchases")),
            (SavingsSide::Redempt, None) => Ok(()),
            (other, _) => Err(Error::invalid_input("side", format!("must be purchase or redempt, got {other}"))),
        }
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }

    fn intent(&self) -> Option<ReconcileIntent> {
        let op = if self.side == SavingsSide::Redempt { Operation::Redeem } else { Operation::Stake };
        Some(ReconcileIntent::new(VENUE, op, PURCHASE_REDEMPT_PATH).asset(self.ccy.as_str()).amount(self.amt))
    }
}

/// The answer of [`PurchaseRedempt`]: an echo of the request.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct PurchaseRedemptAck {
    /// Currency.
    pub ccy: String,
    /// Amount.
    #[serde(deserialize_with = "lenient::opt")]
    pub amt: Option<Amount>,
    /// `purchase` or `redempt`.
    #[serde(deserialize_with = "lenient::opt_enum")]
    pub side: Option<SavingsSide>,
    /// Annual purchase rate.
    #[serde(deserialize_with = "lenient::opt")]
    pub rate: Option<Rate>,
}

/// `POST …/savings/set-lending-rate`: sets the minimum annual lending rate of `ccy`
/// (signed, **Trade** permission). Setting a value twice is harmless.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SetLendingRate {
    /// Currency.
    pub ccy: String,
    /// Minimum annual lending rate, `0.01`–`3.65`.
    pub rate: Rate,
}

impl SetLendingRate {
    /// Sets `ccy`'s minimum lending rate to `rate`.
    pub fn new(ccy: impl Into<String>, rate: Rate) -> Self {
        SetLendingRate { ccy: ccy.into(), rate }
    }
}

impl ApiRequest for SetLendingRate {
    type Dialect = OkxDialect;
    type Response = Vec<LendingRateAck>;

    fn endpoint(&self) -> &'static Endpoint {
        &SET_LENDING_RATE
    }

    fn validate(&self) -> Result<()> {
        check_id("ccy", &self.ccy)?;
        check_lending_rate(self.rate)
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }

    /// The intent's `amount` is the **rate** (a fraction): this write has no amount, and
    /// reconciliation compares the rate OKX then reports ([`SavingsBalance::rate`]).
    fn intent(&self) -> Option<ReconcileIntent> {
        let intent = ReconcileIntent::new(VENUE, Operation::Stake, SET_LENDING_RATE.path).asset(self.ccy.as_str());
        Some(match Amount::new(self.rate.fraction()) {
            Some(rate) => intent.amount(rate),
            None => intent,
        })
    }
}

/// The answer of [`SetLendingRate`]: an echo.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct LendingRateAck {
    /// Currency.
    pub ccy: String,
    /// The rate set.
    #[serde(deserialize_with = "lenient::opt")]
    pub rate: Option<Rate>,
}

/// `GET …/savings/lending-history`: lending records of the past month, newest first
/// (what was lent, at which rate, what it earned; **not** a log of purchases).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetLendingHistory {
    /// Currency.
    pub ccy: Option<String>,
    /// Records earlier than this time.
    pub after: Option<UnixMillis>,
    /// Records newer than this time.
    pub before: Option<UnixMillis>,
    /// Page size, 1 to 100 (default 100).
    pub limit: Option<u32>,
}

impl GetLendingHistory {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }
    /// Only `ccy`.
    pub fn ccy(mut self, ccy: impl Into<String>) -> Self {
        self.ccy = Some(ccy.into());
        self
    }
    /// Records earlier than `t`.
    pub fn after(mut self, t: UnixMillis) -> Self {
        self.after = Some(t);
        self
    }
    /// Records newer than `t`.
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

impl ApiRequest for GetLendingHistory {
    type Dialect = OkxDialect;
    type Response = Vec<LendingRecord>;

    fn endpoint(&self) -> &'static Endpoint {
        &LENDING_HISTORY
    }

    fn validate(&self) -> Result<()> {
        check_opt_id("ccy", self.ccy.as_deref())?;
        check_cursors(self.after.map(|t| t.0), self.before.map(|t| t.0))?;
        check_limit(self.limit)
    }

    fn query(&self) -> Query {
        time_page_query(self.ccy.as_deref(), self.after, self.before, self.limit)
    }
}

fn time_page_query(
    ccy: Option<&str>,
    after: Option<UnixMillis>,
    before: Option<UnixMillis>,
    limit: Option<u32>,
) -> Query {
    Query::new()
        .push_opt("ccy", ccy)
        .push_opt("after", after.map(|t| t.0))
        .push_opt("before", before.map(|t| t.0))
        .push_opt("limit", limit)
}

/// One record of [`GetLendingHistory`].
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct LendingRecord {
    /// Currency.
    pub ccy: String,
    /// Amount lent.
    #[serde(deserialize_with = "lenient::opt")]
    pub amt: Option<Amount>,
    /// Earnings.
    #[serde(deserialize_with = "lenient::opt")]
    pub earnings: Option<Amount>,
    /// Annual lending rate.
    #[serde(deserialize_with = "lenient::opt")]
    pub rate: Option<Rate>,
    /// Lending time.
    #[serde(deserialize_with = "lenient::opt")]
    pub ts: Option<UnixMillis>,
}

/// `GET …/savings/lending-rate-summary` (public): the market's **borrowing** rates per
/// currency (what borrowers pay, not what a saver earns).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetLendingRateSummary {
    /// Only this currency.
    pub ccy: Option<String>,
}

impl GetLendingRateSummary {
    /// Every currency.
    pub fn new() -> Self {
        Self::default()
    }
    /// Only `ccy`.
    pub fn ccy(mut self, ccy: impl Into<String>) -> Self {
        self.ccy = Some(ccy.into());
        self
    }
}

impl ApiRequest for GetLendingRateSummary {
    type Dialect = OkxDialect;
    type Response = Vec<LendingRateSummary>;

    fn endpoint(&self) -> &'static Endpoint {
        &LENDING_RATE_SUMMARY
    }

    fn validate(&self) -> Result<()> {
        check_opt_id("ccy", self.ccy.as_deref())
    }

    fn query(&self) -> Query {
        Query::new().push_opt("ccy", self.ccy.as_deref())
    }
}

/// One currency of [`GetLendingRateSummary`] (annual borrowing rates, fractions).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct LendingRateSummary {
    /// Currency.
    pub ccy: String,
    /// 24-hour average borrowing rate.
    #[serde(deserialize_with = "lenient::opt")]
    pub avg_rate: Option<Rate>,
    /// Last borrowing rate.
    #[serde(deserialize_with = "lenient::opt")]
    pub pre_rate: Option<Rate>,
    /// Next estimated borrowing rate.
    #[serde(deserialize_with = "lenient::opt")]
    pub est_rate: Option<Rate>,
    /// Deprecated: 24-hour average borrowed amount.
    #[serde(deserialize_with = "lenient::opt")]
    pub avg_amt: Option<Decimal>,
    /// Deprecated: the same in USD.
    #[serde(deserialize_with = "lenient::opt")]
    pub avg_amt_usd: Option<Decimal>,
}

/// `GET …/savings/lending-rate-history` (public): hourly rates since 14 Dec 2021, newest
/// first. Without `ccy`, every currency of the latest time is returned and `limit` is ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetLendingRateHistory {
    /// Currency.
    pub ccy: Option<String>,
    /// Records earlier than this time.
    pub after: Option<UnixMillis>,
    /// Records newer than this time.
    pub before: Option<UnixMillis>,
    /// Page size, 1 to 100 (default 100; ignored without `ccy`).
    pub limit: Option<u32>,
}

impl GetLendingRateHistory {
    /// Every currency, latest time.
    pub fn new() -> Self {
        Self::default()
    }
    /// Only `ccy`.
    pub fn ccy(mut self, ccy: impl Into<String>) -> Self {
        self.ccy = Some(ccy.into());
        self
    }
    /// Records earlier than `t`.
    pub fn after(mut self, t: UnixMillis) -> Self {
        self.after = Some(t);
        self
    }
    /// Records newer than `t`.
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

impl ApiRequest for GetLendingRateHistory {
    type Dialect = OkxDialect;
    type Response = Vec<LendingRatePoint>;

    fn endpoint(&self) -> &'static Endpoint {
        &LENDING_RATE_HISTORY
    }

    fn validate(&self) -> Result<()> {
        check_opt_id("ccy", self.ccy.as_deref())?;
        check_cursors(self.after.map(|t| t.0), self.before.map(|t| t.0))?;
        check_limit(self.limit)
    }

    fn query(&self) -> Query {
        time_page_query(self.ccy.as_deref(), self.after, self.before, self.limit)
    }
}

/// One point of [`GetLendingRateHistory`].
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct LendingRatePoint {
    /// Currency.
    pub ccy: String,
    /// The annual **lending** rate: what savings earned at `ts` (new in the 2026 docs; may
    /// be absent).
    #[serde(deserialize_with = "lenient::opt")]
    pub lending_rate: Option<Rate>,
    /// An annual rate the English docs call the *borrowing* rate and the Chinese docs the
    /// *lending* rate; kept apart from [`lending_rate`](Self::lending_rate), never
    /// substituted for it.
    #[serde(deserialize_with = "lenient::opt")]
    pub rate: Option<Rate>,
    /// Deprecated: lending amount.
    #[serde(deserialize_with = "lenient::opt")]
    pub amt: Option<Decimal>,
    /// Time (hourly).
    #[serde(deserialize_with = "lenient::opt")]
    pub ts: Option<UnixMillis>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> Amount {
        Amount::parse(s).unwrap()
    }

    fn r(s: &str) -> Rate {
        Rate::parse_fraction(s).unwrap()
    }

    #[test]
    fn sides_pick_their_operation_and_share_one_path() {
        let buy = PurchaseRedempt::purchase("USDT", a("1"));
        let sell = PurchaseRedempt::redempt("USDT", a("1"));
        assert_eq!(buy.endpoint().path, sell.endpoint().path);
        assert_eq!(buy.endpoint().limits, sell.endpoint().limits, "one budget");
        assert_eq!(buy.intent().unwrap().operation, Operation::Stake);
        assert_eq!(sell.intent().unwrap().operation, Operation::Redeem);
        assert!(is_purchase_redempt_path(sell.endpoint().path));
    }

    #[test]
    fn rates_and_amounts_are_checked_locally() {
        let field = |e: Error| match e {
            Error::InvalidInput { field, .. } => field,
            other => panic!("{other:?}"),
        };
        assert!(PurchaseRedempt::purchase("USDT", a("1")).rate(r("0.01")).validate().is_ok());
        assert!(PurchaseRedempt::purchase("USDT", a("1")).rate(r("3.65")).validate().is_ok());
        assert_eq!(field(PurchaseRedempt::purchase("USDT", a("1")).rate(r("0.009")).validate().unwrap_err()), "rate");
        assert_eq!(field(PurchaseRedempt::purchase("USDT", a("1")).rate(r("3.66")).validate().unwrap_err()), "rate");
        assert_eq!(field(PurchaseRedempt::redempt("USDT", a("1")).rate(r("0.02")).validate().unwrap_err()), "rate");
        assert_eq!(field(PurchaseRedempt::redempt("USDT", a("0")).validate().unwrap_err()), "amt");
        assert_eq!(field(PurchaseRedempt::redempt("US DT", a("1")).validate().unwrap_err()), "ccy");
        let mut odd = PurchaseRedempt::purchase("USDT", a("1"));
        odd.side = SavingsSide::Other("redeem".into());
        assert_eq!(field(odd.validate().unwrap_err()), "side");
        assert_eq!(field(SetLendingRate::new("USDT", r("0")).validate().unwrap_err()), "rate");
        let set = SetLendingRate::new("BTC", r("0.02"));
        assert_eq!(set.body().unwrap().unwrap().as_ref(), br#"{"ccy":"BTC","rate":"0.02"}"#);
        assert_eq!(set.intent().unwrap().amount, Some(a("0.02")));
    }

    #[test]
    fn documented_examples_decode() {
        let b: SavingsBalance = serde_json::from_str(r#"{"earnings":"0.0010737388791526","redemptAmt":"","rate":"0.0100000000000000","ccy":"USDT","amt":"11.0010737453457821","loanAmt":"11.0010630707982819","pendingAmt":"0.0000106745475002"}"#).unwrap();
        assert_eq!(b.amt, Some(a("11.0010737453457821")), "16 decimals, exactly");
        assert_eq!(b.rate, Some(r("0.01")));
        let p: LendingRatePoint = serde_json::from_str(
            r#"{"ccy":"BTC","amt":"0.01","rate":"0.001","lendingRate":"0.0009","ts":"1597026383085"}"#,
        )
        .unwrap();
        assert_eq!((p.lending_rate, p.rate), (Some(r("0.0009")), Some(r("0.001"))));
        let old: LendingRatePoint = serde_json::from_str(r#"{"ccy":"BTC","rate":"0.001","ts":"1"}"#).unwrap();
        assert_eq!(old.lending_rate, None, "never filled from `rate`");
        let s: LendingRateSummary = serde_json::from_str(r#"{"ccy":"BTC","avgAmt":"10000","avgAmtUsd":"10000000000","avgRate":"0.03","preRate":"0.02","estRate":"0.01"}"#).unwrap();
        assert_eq!(s.est_rate, Some(r("0.01")));
    }

    #[test]
    fn pages_are_checked() {
        let q = GetLendingRateHistory::new().ccy("BTC").after(UnixMillis(5)).limit(1);
        assert_eq!(q.query().as_str(), "ccy=BTC&after=5&limit=1");
        assert!(GetLendingHistory::new().limit(101).validate().is_err());
        assert!(GetLendingHistory::new().after(UnixMillis(1)).before(UnixMillis(9)).validate().is_err());
    }
}
