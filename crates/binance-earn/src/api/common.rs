//! Vocabulary every family shares: pages of rows ([`Rows`], [`Paged`]), history windows
//! ([`Window`]), the bare `{"success": true}` answer ([`Ack`]), and the local checks of
//! identifiers and amounts.

use std::time::Duration;

use earn_core::http::{ApiRequest, Query};
use earn_core::validate::{check_id, check_limit, check_window};
use earn_core::wire::lenient;
use earn_core::{Amount, AmountRules, Error, Result, UnixMillis};
use serde::{Deserialize, Deserializer};

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
