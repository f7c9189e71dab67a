//! Vocabulary every family shares: pages of rows ([`Rows`], [`Paged`]), history windows
//! ([`Window`]), the one list request ([`List`], shaped by a [`ListKind`]), the bare
//! `{"success": true}` answer ([`Ack`]), and the local checks of identifiers and amounts.

use std::marker::PhantomData;
use std::time::Duration;

use earn_core::http::{ApiRequest, Endpoint, Kind, Query};
use earn_core::validate::{check_id, check_limit, check_window};
use earn_core::wire::lenient;
use earn_core::{Amount, AmountRules, Error, ReconcileIntent, Result, UnixMillis};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::simple_earn::{check_product_id, check_project_id};
use crate::VENUE;
use crate::dialect::BinanceDialect;

/// Thirty days: the longest history span this crate sends (§6: the current pages allow
/// three months, the SDK docstrings and some pages 30 days; 30 days satisfies both).
pub const MAX_HISTORY_SPAN: Duration = Duration::from_secs(30 * 24 * 3600);

/// One year: the longest span of the rate-history endpoints (§7.20).
pub const MAX_RATE_HISTORY_SPAN: Duration = Duration::from_secs(365 * 24 * 3600);

/// Most rows per page (`size`, §6).
pub const MAX_PAGE_SIZE: u32 = 100;

/// Decimals accepted where the reference documents none (Simple Earn subscribe and
/// redeem, SOL stake, universal transfer): Binance quotes every such amount with 8
/// decimals, so a 9th is refused locally rather than risking `-1111`.
pub const DEFAULT_PRECISION: u32 = 8;

/// A page of rows: `{"rows": [...], "total": n}` (`total` arrives as a number or a string;
/// `rows` may be absent or `null` when there are none).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
#[non_exhaustive]
pub struct Rows<T> {
    /// `rows`.
    #[serde(default = "Vec::new", deserialize_with = "null_as_empty")]
    pub rows: Vec<T>,
    /// `total`: rows across all pages.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub total: Option<u64>,
}

fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> std::result::Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// `{"success": true}`: the answer of settings and of the SOL rewards claim.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Ack {
    /// `success`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub success: Option<bool>,
}

/// A request to a `current`/`size` paginated endpoint, for
/// [`BinanceEarnClient::all_pages`](crate::BinanceEarnClient::all_pages).
pub trait Paged: ApiRequest<Dialect = BinanceDialect, Response = Rows<Self::Row>> {
    /// One row of a page.
    type Row: Send;

    /// Asks for page `current` (from 1) of `size` rows.
    fn set_page(&mut self, current: u32, size: u32);
}

/// The history window and page of a list request: `startTime`, `endTime`, `current`,
/// `size`, each sent only when set.
///
/// Binance's defaults: no times → the last 30 days; only `startTime` → 30 days from it;
/// only `endTime` → 30 days before it; page 1 of 10 rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Window {
    /// `startTime`.
    pub start_time: Option<UnixMillis>,
    /// `endTime`.
    pub end_time: Option<UnixMillis>,
    /// `current`: page number, from 1.
    pub current: Option<u32>,
    /// `size`: rows per page, 1 to 100.
    pub size: Option<u32>,
}

impl Window {
    /// Binance's defaults (nothing sent).
    pub fn new() -> Self {
        Self::default()
    }

    /// From `start` to `end` (inclusive, ms).
    pub fn between(start: UnixMillis, end: UnixMillis) -> Self {
        Window { start_time: Some(start), end_time: Some(end), ..Self::default() }
    }

    /// Sets `startTime`.
    pub fn start(mut self, t: UnixMillis) -> Self {
        self.start_time = Some(t);
        self
    }

    /// Sets `endTime`.
    pub fn end(mut self, t: UnixMillis) -> Self {
        self.end_time = Some(t);
        self
    }

    /// Sets `current` and `size`.
    pub fn page(mut self, current: u32, size: u32) -> Self {
        self.current = Some(current);
        self.size = Some(size);
        self
    }

    /// Checks the window: start not after end, a span of at most `max_span` when both are
    /// given, non-negative times, `current` from 1 to `max_current`, `size` from 1 to 100.
    pub(crate) fn check(&self, max_span: Option<Duration>, max_current: u32) -> Result<()> {
        for (field, t) in [("startTime", self.start_time), ("endTime", self.end_time)] {
            if t.is_some_and(|t| t.0 < 0) {
                return Err(Error::invalid_input(field, "must not be negative"));
            }
        }
        check_window("startTime", self.start_time.map(|t| t.0), self.end_time.map(|t| t.0))?;
        if let (Some(max), Some(s), Some(e)) = (max_span, self.start_time, self.end_time) {
            let span = i64::try_from(max.as_millis()).unwrap_or(i64::MAX);
            if e.0 - s.0 > span {
                return Err(Error::invalid_input(
                    "startTime",
                    format!("the window may span at most {} days", max.as_secs() / 86_400),
                ));
            }
        }
        check_limit("current", self.current, max_current)?;
        check_limit("size", self.size, MAX_PAGE_SIZE)
    }

    /// Appends the parameters that are set.
    pub(crate) fn push(&self, q: Query) -> Query {
        q.push_opt("startTime", self.start_time.map(|t| t.0))
            .push_opt("endTime", self.end_time.map(|t| t.0))
            .push_opt("current", self.current)
            .push_opt("size", self.size)
    }

    pub(crate) fn set_page(&mut self, current: u32, size: u32) {
        self.current = Some(current);
        self.size = Some(size);
    }
}

/// An optional filter of a list endpoint: its query key and its local check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Filter {
    /// `asset` (1 to 20 ASCII letters or digits).
    Asset,
    /// `productId` (a Simple Earn product id).
    ProductId,
    /// `projectId` (a locked project id, `*` allowed).
    ProjectId,
    /// `positionId` (decimal digits).
    PositionId,
    /// `purchaseId` (decimal digits).
    PurchaseId,
    /// `redeemId` (decimal digits).
    RedeemId,
}

impl Filter {
    const ALL: [Filter; 6] =
        [Filter::Asset, Filter::ProductId, Filter::ProjectId, Filter::PositionId, Filter::PurchaseId, Filter::RedeemId];

    /// The query key.
    pub fn key(self) -> &'static str {
        match self {
            Filter::Asset => "asset",
            Filter::ProductId => "productId",
            Filter::ProjectId => "projectId",
            Filter::PositionId => "positionId",
            Filter::PurchaseId => "purchaseId",
            Filter::RedeemId => "redeemId",
        }
    }

    fn check(self, value: &str) -> Result<()> {
        match self {
            Filter::Asset => check_asset(self.key(), value),
            Filter::ProductId => check_product_id(self.key(), value),
            Filter::ProjectId => check_project_id(self.key(), value),
            Filter::PositionId | Filter::PurchaseId | Filter::RedeemId => check_numeric_id(self.key(), value),
        }
    }
}

/// What makes one list endpoint: its static, its answer, the filters it takes (in the
/// order they are sent) and its window rules. A new list endpoint is a unit type and this
/// impl (the kind is a type only: an empty enum); [`List`] does the rest.
pub trait ListKind: 'static {
    /// The decoded answer (usually [`Rows`]).
    type Response: DeserializeOwned + Send;
    /// The endpoint.
    const ENDPOINT: &'static Endpoint;
    /// The optional filters, in the order they are sent.
    const FILTERS: &'static [Filter] = &[];
    /// Whether the window goes before the filters (the staking histories) or after them.
    const WINDOW_FIRST: bool = false;
    /// The longest time window; `None` for a page-only list that takes no times.
    const MAX_SPAN: Option<Duration> = Some(MAX_HISTORY_SPAN);
    /// The largest page number.
    const MAX_CURRENT: u32 = MAX_CURRENT;
}

/// A list kind that takes an `asset` filter.
pub trait ByAsset: ListKind {}
/// A list kind that takes a `productId` filter.
pub trait ByProductId: ListKind {}
/// A list kind that takes a `projectId` filter.
pub trait ByProjectId: ListKind {}
/// A list kind that takes a `positionId` filter.
pub trait ByPositionId: ListKind {}
/// A list kind that takes a `purchaseId` filter.
pub trait ByPurchaseId: ListKind {}
/// A list kind that takes a `redeemId` filter.
pub trait ByRedeemId: ListKind {}

/// One request type for every `current`/`size` list of the reference (products, positions,
/// records, histories): the kind `K` selects the endpoint, the answer and the filters (each
/// endpoint's own name, e.g. [`GetLockedRedemptionRecord`](super::locked::GetLockedRedemptionRecord),
/// is an alias of `List<its kind>`).
///
/// ```
/// use binance_earn::api::common::Window;
/// use binance_earn::api::locked::GetLockedRedemptionRecord;
/// use earn_core::http::ApiRequest;
/// let r = GetLockedRedemptionRecord::new().position_id("7").asset("BNB").window(Window::new().page(2, 50));
/// assert_eq!(r.query().as_str(), "positionId=7&asset=BNB&current=2&size=50");
/// assert!(GetLockedRedemptionRecord::new().redeem_id("x1").validate().is_err());
/// ```
#[non_exhaustive]
pub struct List<K> {
    /// `startTime`, `endTime`, `current`, `size`.
    pub window: Window,
    filters: [Option<String>; 6],
    kind: PhantomData<fn() -> K>,
}

impl<K> Default for List<K> {
    fn default() -> Self {
        List { window: Window::default(), filters: Default::default(), kind: PhantomData }
    }
}

// By hand rather than derived: a kind is an empty enum and needs none of these traits.
impl<K> Clone for List<K> {
    fn clone(&self) -> Self {
        List { window: self.window, filters: self.filters.clone(), kind: PhantomData }
    }
}

impl<K> PartialEq for List<K> {
    fn eq(&self, other: &Self) -> bool {
        (self.window, &self.filters) == (other.window, &other.filters)
    }
}

impl<K> Eq for List<K> {}

impl<K> std::fmt::Debug for List<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("List").field("window", &self.window).field("filters", &self.filters).finish()
    }
}

impl<K: ListKind> List<K> {
    /// Every row, in Binance's default window and page.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the window and page.
    pub fn window(mut self, window: Window) -> Self {
        self.window = window;
        self
    }

    /// Sets `current` and `size`.
    pub fn page(mut self, current: u32, size: u32) -> Self {
        self.window.set_page(current, size);
        self
    }

    /// The value of `filter`, if set.
    pub fn filter(&self, filter: Filter) -> Option<&str> {
        self.filters[filter as usize].as_deref()
    }

    fn with(mut self, filter: Filter, value: impl Into<String>) -> Self {
        self.filters[filter as usize] = Some(value.into());
        self
    }

    fn push_filters(&self, mut q: Query) -> Query {
        for f in K::FILTERS {
            q = q.push_opt(f.key(), self.filter(*f));
        }
        q
    }
}

impl<K: ByAsset> List<K> {
    /// Only `asset`.
    pub fn asset(self, asset: impl Into<String>) -> Self {
        self.with(Filter::Asset, asset)
    }
}

impl<K: ByProductId> List<K> {
    /// Only `product_id`.
    pub fn product_id(self, id: impl Into<String>) -> Self {
        self.with(Filter::ProductId, id)
    }
}

impl<K: ByProjectId> List<K> {
    /// Only `project_id`.
    pub fn project_id(self, id: impl Into<String>) -> Self {
        self.with(Filter::ProjectId, id)
    }
}

impl<K: ByPositionId> List<K> {
    /// Only `position_id`.
    pub fn position_id(self, id: impl Into<String>) -> Self {
        self.with(Filter::PositionId, id)
    }
}

impl<K: ByPurchaseId> List<K> {
    /// Only `purchase_id` (on the staking histories an SDK-only filter Binance may ignore).
    pub fn purchase_id(self, id: impl Into<String>) -> Self {
        self.with(Filter::PurchaseId, id)
    }
}

impl<K: ByRedeemId> List<K> {
    /// Only `redeem_id` (on the staking histories an SDK-only filter Binance may ignore).
    pub fn redeem_id(self, id: impl Into<String>) -> Self {
        self.with(Filter::RedeemId, id)
    }
}

impl<K: ListKind> ApiRequest for List<K> {
    type Dialect = BinanceDialect;
    type Response = K::Response;

    fn endpoint(&self) -> &'static Endpoint {
        K::ENDPOINT
    }

    fn validate(&self) -> Result<()> {
        if let Some(f) = Filter::ALL.into_iter().find(|f| self.filter(*f).is_some() && !K::FILTERS.contains(f)) {
            return Err(Error::invalid_input(f.key(), "is not a filter of this endpoint"));
        }
        for f in K::FILTERS {
            self.filter(*f).map_or(Ok(()), |v| f.check(v))?;
        }
        if K::MAX_SPAN.is_none() && (self.window.start_time.is_some() || self.window.end_time.is_some()) {
            return Err(Error::invalid_input("startTime", "this endpoint takes no time window"));
        }
        self.window.check(K::MAX_SPAN, K::MAX_CURRENT)
    }

    fn query(&self) -> Query {
        if K::WINDOW_FIRST {
            self.push_filters(self.window.push(Query::new()))
        } else {
            self.window.push(self.push_filters(Query::new()))
        }
    }
}

impl<K, R> Paged for List<K>
where
    K: ListKind<Response = Rows<R>>,
    R: DeserializeOwned + Send,
{
    type Row = R;

    fn set_page(&mut self, current: u32, size: u32) {
        self.window.set_page(current, size);
    }
}

/// What makes one amount-only write (ETH and SOL stake, SOL redeem, BETH wrap): its static,
/// its answer, the decimals it accepts and the asset its reconciliation intent names.
pub trait AmountWriteKind: 'static {
    /// The decoded answer.
    type Response: DeserializeOwned + Send;
    /// The endpoint (a write).
    const ENDPOINT: &'static Endpoint;
    /// Most decimals of `amount`.
    const PRECISION: u32;
    /// The asset the amount is in, as the intent names it.
    const ASSET: &'static str;
}

/// One request type for every write that sends only `amount`; the kind `K` selects the
/// endpoint (each endpoint's own name, e.g. [`StakeSol`](super::sol_staking::StakeSol), is
/// an alias of `AmountWrite<its kind>`).
///
/// ```
/// use binance_earn::api::sol_staking::StakeSol;
/// use earn_core::Amount;
/// use earn_core::http::ApiRequest;
/// let stake = StakeSol::new(Amount::parse("1.5").unwrap());
/// assert_eq!(stake.query().as_str(), "amount=1.5");
/// assert_eq!(stake.intent().unwrap().asset.unwrap().as_str(), "SOL");
/// ```
#[non_exhaustive]
pub struct AmountWrite<K> {
    /// `amount`: above zero, at most `K::PRECISION` decimals.
    pub amount: Amount,
    kind: PhantomData<fn() -> K>,
}

impl<K: AmountWriteKind> AmountWrite<K> {
    /// Write `amount`.
    pub fn new(amount: Amount) -> Self {
        AmountWrite { amount, kind: PhantomData }
    }
}

// By hand rather than derived: a kind is an empty enum and needs none of these traits.
impl<K> Clone for AmountWrite<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for AmountWrite<K> {}

impl<K> PartialEq for AmountWrite<K> {
    fn eq(&self, other: &Self) -> bool {
        self.amount == other.amount
    }
}

impl<K> Eq for AmountWrite<K> {}

impl<K> std::fmt::Debug for AmountWrite<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AmountWrite").field("amount", &self.amount).finish()
    }
}

impl<K: AmountWriteKind> ApiRequest for AmountWrite<K> {
    type Dialect = BinanceDialect;
    type Response = K::Response;

    fn endpoint(&self) -> &'static Endpoint {
        K::ENDPOINT
    }

    fn validate(&self) -> Result<()> {
        check_amount("amount", self.amount, K::PRECISION)
    }

    fn query(&self) -> Query {
        Query::new().push("amount", self.amount)
    }

    fn intent(&self) -> Option<ReconcileIntent> {
        let Kind::Write { operation, .. } = K::ENDPOINT.kind else { return None };
        Some(ReconcileIntent::new(VENUE, operation, K::ENDPOINT.path).asset(K::ASSET).amount(self.amount))
    }
}

/// Largest page number Binance documents for most lists (it documents none; a bound keeps
/// a runaway loop from paging forever).
pub(crate) const MAX_CURRENT: u32 = 1_000_000;

/// An asset symbol (`USDT`, `1000SATS`): 1 to 20 ASCII letters or digits.
pub(crate) fn check_asset(field: &str, asset: &str) -> Result<()> {
    check_id(field, asset, 20)?;
    if asset.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err(Error::invalid_input(field, "may contain only ASCII letters and digits"))
    }
}

/// [`check_asset`] for an optional asset.
pub(crate) fn check_opt_asset(field: &str, asset: Option<&str>) -> Result<()> {
    asset.map_or(Ok(()), |a| check_asset(field, a))
}

/// A numeric id (`positionId`, `purchaseId`, `redeemId`): 1 to 20 decimal digits.
pub(crate) fn check_numeric_id(field: &str, id: &str) -> Result<()> {
    if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(field, format!("{:?} must be 1 to 20 decimal digits", short(id))));
    }
    Ok(())
}

/// [`check_numeric_id`] for an optional id.
pub(crate) fn check_opt_numeric_id(field: &str, id: Option<&str>) -> Result<()> {
    id.map_or(Ok(()), |i| check_numeric_id(field, i))
}

/// An amount above zero with at most `precision` decimals (earn-core's one amount check).
pub(crate) fn check_amount(field: &str, amount: Amount, precision: u32) -> Result<()> {
    AmountRules { min: None, max: None, precision: Some(precision) }.check(field, amount)
}

/// At most 24 characters of `text`, for error messages.
pub(crate) fn short(text: &str) -> String {
    let mut s: String = text.chars().take(24).collect();
    if text.chars().count() > 24 {
        s.push('…');
    }
    s
}

/// `true` or `false`, as Binance documents booleans (never `True`).
pub(crate) fn bool_text(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_checked_and_sent_in_order() {
        let w = Window::between(UnixMillis(1), UnixMillis(2)).page(2, 100);
        assert_eq!(w.push(Query::new()).as_str(), "startTime=1&endTime=2&current=2&size=100");
        assert!(w.check(Some(MAX_HISTORY_SPAN), MAX_CURRENT).is_ok());
        assert!(Window::new().page(1, 101).check(None, MAX_CURRENT).is_err());
        assert!(Window::new().page(0, 10).check(None, MAX_CURRENT).is_err());
        assert!(Window::between(UnixMillis(2), UnixMillis(1)).check(None, MAX_CURRENT).is_err());
        let long = Window::between(UnixMillis(0), UnixMillis(31 * 86_400_000));
        assert!(long.check(Some(MAX_HISTORY_SPAN), MAX_CURRENT).unwrap_err().to_string().contains("30 days"));
        assert!(long.check(Some(MAX_RATE_HISTORY_SPAN), MAX_CURRENT).is_ok());
    }

    #[test]
    fn rows_accept_a_string_total_and_missing_rows() {
        let r: Rows<u8> = serde_json::from_str(r#"{"rows":[1],"total":"1"}"#).unwrap();
        assert_eq!((r.rows, r.total), (vec![1], Some(1)));
        let r: Rows<u8> = serde_json::from_str(r#"{"total":0}"#).unwrap();
        assert!(r.rows.is_empty());
        let r: Rows<u8> = serde_json::from_str(r#"{"rows":null,"total":0}"#).unwrap();
        assert!(r.rows.is_empty());
    }

    #[test]
    fn ids_and_assets() {
        assert!(check_numeric_id("positionId", "347608223").is_ok());
        assert!(check_numeric_id("positionId", "12a").is_err());
        assert!(check_numeric_id("positionId", "").is_err());
        assert!(check_asset("asset", "1000SATS").is_ok());
        assert!(check_asset("asset", "US-DT").is_err());
    }
}
