//! ETH and SOL staking share one shape (reference §7, §8): the models and the generic
//! methods live here; `eth.rs` and `sol.rs` declare the endpoints and one-line methods.

use earn_core::http::{Endpoint, Query};
use earn_core::{Amount, Error, Operation, Rate, ReconcileIntent, Result, UnixMillis};
use rust_decimal::Decimal;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::wire::{self, check_amount, check_id, check_limit, text_enum};
use crate::{OkxStakingClient, VENUE};

/// ETH or SOL staking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StakingCoin {
    /// ETH → BETH (`/api/v5/finance/staking-defi/eth/…`).
    Eth,
    /// SOL → OKSOL (`/api/v5/finance/staking-defi/sol/…`).
    Sol,
}

impl StakingCoin {
    /// The adapter's product id and order-id prefix: `eth` or `sol`.
    pub fn product_id(self) -> &'static str {
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

    /// From `"eth"` / `"sol"` (case-insensitive).
    pub fn from_product_id(id: &str) -> Option<Self> {
        [StakingCoin::Eth, StakingCoin::Sol].into_iter().find(|c| c.product_id().eq_ignore_ascii_case(id))
    }

    pub(crate) fn endpoints(self) -> &'static StakingEndpoints {
        match self {
            StakingCoin::Eth => &crate::eth::ENDPOINTS,
            StakingCoin::Sol => &crate::sol::ENDPOINTS,
        }
    }
}

/// The endpoints of one staking family.
#[derive(Debug)]
pub(crate) struct StakingEndpoints {
    pub product_info: &'static Endpoint,
    pub purchase: &'static Endpoint,
    pub redeem: &'static Endpoint,
    pub cancel_redeem: &'static Endpoint,
    pub balance: &'static Endpoint,
    pub history: &'static Endpoint,
    pub apy_history: &'static Endpoint,
}

/// `product-info` (ETH: array of one object; SOL: an object; both accepted for either).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct StakingProductInfo {
    /// Daily fast-redemption cap, shared by master and sub-accounts.
    #[serde(deserialize_with = "wire::opt")]
    pub fast_redemption_daily_limit: Option<Amount>,
    /// SOL only: current maximum fast-redeemable amount.
    #[serde(deserialize_with = "wire::opt")]
    pub fast_redemption_avail: Option<Amount>,
    /// Latest APY **as published**; OKX does not document the unit (`"2.23"` looks like
    /// percent). See [`rate_as_percent`](Self::rate_as_percent).
    #[serde(deserialize_with = "wire::opt")]
    pub rate: Option<Decimal>,
    /// Standard redemption period in days.
    #[serde(deserialize_with = "wire::opt")]
    pub redempt_days: Option<u32>,
    /// Minimum subscription.
    #[serde(deserialize_with = "wire::opt")]
    pub min_amt: Option<Amount>,
}

impl StakingProductInfo {
    /// [`rate`](Self::rate) read as a percentage (`2.23` → 2.23 %), the inferred unit.
    pub fn rate_as_percent(&self) -> Option<Rate> {
        self.rate.and_then(Rate::from_percent)
    }
}

/// Body of `purchase` and `redeem`: `{"amt":"…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StakingAmountRequest {
    /// Amount (ETH/SOL for a purchase, BETH/OKSOL for a redemption).
    pub amt: Amount,
}

impl StakingAmountRequest {
    /// A request for `amt`.
    pub fn new(amt: Amount) -> Self {
        StakingAmountRequest { amt }
    }

    fn validate(&self) -> Result<()> {
        check_amount("amt", self.amt)
    }
}

/// What a `purchase`/`redeem` returns: OKX answers `data: []` (no order id), so this holds
/// only the venue-clock time just before the request left, for matching the history row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StakingWriteAck {
    /// Venue-clock time taken before sending (a lower bound of OKX's `requestTime`).
    pub requested_at: UnixMillis,
}

/// Body of `cancel-redeem`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelRedeemRequest {
    /// The redemption's order id (history `ordId`).
    pub ord_id: String,
}

impl CancelRedeemRequest {
    /// Cancels redemption `ord_id`.
    pub fn new(ord_id: impl Into<String>) -> Self {
        CancelRedeemRequest { ord_id: ord_id.into() }
    }
}

/// Answer of `cancel-redeem`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct CancelRedeemAck {
    /// The order id.
    #[serde(deserialize_with = "wire::lenient_string")]
    pub ord_id: String,
}

/// One row of `balance`: total BETH/OKSOL, including amounts being redeemed.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct StakingBalance {
    /// `BETH` or `OKSOL`.
    pub ccy: String,
    /// Total amount (trading + funding + being redeemed; never add other balances to it).
    #[serde(deserialize_with = "wire::opt")]
    pub amt: Option<Amount>,
    /// Last reward accrual.
    #[serde(deserialize_with = "wire::opt")]
    pub latest_interest_accrual: Option<Amount>,
    /// Cumulative rewards.
    #[serde(deserialize_with = "wire::opt")]
    pub total_interest_accrual: Option<Amount>,
    /// Data time (ETH only).
    #[serde(deserialize_with = "wire::opt")]
    pub ts: Option<UnixMillis>,
}

text_enum! {
    /// History row `type`.
    HistoryType {
        /// A purchase.
        Purchase = "purchase",
        /// A redemption.
        Redeem = "redeem",
    }
}

text_enum! {
    /// History row `status` (SOL never reports `cancelled`).
    HistoryStatus {
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

/// Query of `purchase-redeem-history`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct HistoryQuery {
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

impl HistoryQuery {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
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

    fn to_query(&self) -> Result<Query> {
        check_limit(self.limit)?;
        Ok(Query::new()
            .push_opt("type", self.r#type.as_ref())
            .push_opt("status", self.status.as_ref())
            .push_opt("after", self.after.map(|t| t.0))
            .push_opt("before", self.before.map(|t| t.0))
            .push_opt("limit", self.limit))
    }
}

/// One row of `purchase-redeem-history`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct HistoryRow {
    /// `purchase` or `redeem`.
    pub r#type: Option<HistoryType>,
    /// Amount purchased or redeemed.
    #[serde(deserialize_with = "wire::opt")]
    pub amt: Option<Amount>,
    /// Amount still being redeemed (`""` → `None`).
    #[serde(deserialize_with = "wire::opt")]
    pub redeeming_amt: Option<Amount>,
    /// Status.
    pub status: Option<HistoryStatus>,
    /// Order id (ETH; documented but often absent; never present for SOL).
    #[serde(deserialize_with = "wire::lenient_string")]
    pub ord_id: String,
    /// When requested.
    #[serde(deserialize_with = "wire::opt")]
    pub request_time: Option<UnixMillis>,
    /// When settled.
    #[serde(deserialize_with = "wire::opt")]
    pub completed_time: Option<UnixMillis>,
    /// Estimated settlement (`""` → `None`).
    #[serde(deserialize_with = "wire::opt")]
    pub est_completed_time: Option<UnixMillis>,
}

/// Query of the public `apy-history`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApyHistoryQuery {
    /// Past days, 1 to 365.
    pub days: u32,
}

impl ApyHistoryQuery {
    /// The last `days` days.
    pub fn days(days: u32) -> Self {
        ApyHistoryQuery { days }
    }

    fn to_query(self) -> Result<Query> {
        if !(1..=365).contains(&self.days) {
            return Err(Error::invalid_input("days", format!("must be between 1 and 365, got {}", self.days)));
        }
        Ok(Query::new().push("days", self.days))
    }
}

/// One daily point of `apy-history`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ApyPoint {
    /// APY as a fraction (`0.0269` = 2.69 %).
    #[serde(deserialize_with = "wire::opt")]
    pub rate: Option<Rate>,
    /// Day.
    #[serde(deserialize_with = "wire::opt")]
    pub ts: Option<UnixMillis>,
}

/// `data` as either one object or an array of objects.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    Many(Vec<T>),
    One(T),
}

impl OkxStakingClient {
    /// `GET …/{eth|sol}/product-info`.
    pub async fn staking_product_info(&self, coin: StakingCoin) -> Result<StakingProductInfo> {
        let ep = coin.endpoints().product_info;
        match self.read::<OneOrMany<StakingProductInfo>>(ep, Query::new()).await? {
            OneOrMany::One(p) => Ok(p),
            OneOrMany::Many(v) => {
                v.into_iter().next().ok_or_else(|| Error::decode(VENUE, ep.path, "`data` is empty", b"[]"))
            }
        }
    }

    /// `POST …/{eth|sol}/purchase`: stakes `amt` from the funding account.
    pub async fn staking_purchase(&self, coin: StakingCoin, request: &StakingAmountRequest) -> Result<StakingWriteAck> {
        self.staking_amount_write(coin, coin.endpoints().purchase, Operation::Stake, coin.asset(), request).await
    }

    /// `POST …/{eth|sol}/redeem`: redeems `amt` of BETH/OKSOL from the funding account.
    pub async fn staking_redeem(&self, coin: StakingCoin, request: &StakingAmountRequest) -> Result<StakingWriteAck> {
        self.staking_amount_write(coin, coin.endpoints().redeem, Operation::Redeem, coin.token(), request).await
    }

    async fn staking_amount_write(
        &self,
        coin: StakingCoin,
        ep: &'static Endpoint,
        op: Operation,
        asset: &str,
        request: &StakingAmountRequest,
    ) -> Result<StakingWriteAck> {
        request.validate()?;
        let intent =
            ReconcileIntent::new(VENUE, op, ep.path).product(coin.product_id()).asset(asset).amount(request.amt);
        let requested_at = self.now();
        let _: IgnoredAny = self.write(ep, request, intent).await?;
        Ok(StakingWriteAck { requested_at })
    }

    /// `POST …/{eth|sol}/cancel-redeem` (SOL's is undocumented since 2026; see [`sol_cancel_redeem`](Self::sol_cancel_redeem)).
    pub async fn staking_cancel_redeem(
        &self,
        coin: StakingCoin,
        request: &CancelRedeemRequest,
    ) -> Result<CancelRedeemAck> {
        check_id("ordId", &request.ord_id)?;
        let ep = coin.endpoints().cancel_redeem;
        let intent = ReconcileIntent::new(VENUE, Operation::CancelRedemption, ep.path)
            .product(coin.product_id())
            .asset(coin.token())
            .order_id(crate::ids::staking_order_id(coin, &request.ord_id));
        let acks: Vec<CancelRedeemAck> = self.write(ep, request, intent).await?;
        Ok(acks.into_iter().next().unwrap_or_else(|| CancelRedeemAck { ord_id: request.ord_id.clone() }))
    }

    /// `GET …/{eth|sol}/balance`: rows of BETH/OKSOL (empty when none is held).
    pub async fn staking_balance(&self, coin: StakingCoin) -> Result<Vec<StakingBalance>> {
        self.read(coin.endpoints().balance, Query::new()).await
    }

    /// `GET …/{eth|sol}/purchase-redeem-history`: newest first.
    pub async fn staking_history(&self, coin: StakingCoin, query: &HistoryQuery) -> Result<Vec<HistoryRow>> {
        self.read(coin.endpoints().history, query.to_query()?).await
    }

    /// `GET …/{eth|sol}/apy-history` (public): daily APY as fractions, newest first.
    pub async fn staking_apy_history(&self, coin: StakingCoin, query: ApyHistoryQuery) -> Result<Vec<ApyPoint>> {
        self.read(coin.endpoints().apy_history, query.to_query()?).await
    }
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
        let q = HistoryQuery::new().r#type(HistoryType::Redeem).limit(10).to_query().unwrap();
        assert_eq!(q.as_str(), "type=redeem&limit=10");
        assert!(HistoryQuery::new().limit(101).to_query().is_err());
        assert!(ApyHistoryQuery::days(366).to_query().unwrap_err().to_string().contains("`days`"));
        assert!(ApyHistoryQuery::days(0).to_query().is_err());
    }
}
