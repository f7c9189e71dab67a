//! What every Bybit Earn family shares: accounts, APR texts, `e8` integers, list and page
//! results, the place-order answer, and the local rules for ids, coins and time windows.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use earn_core::http::Endpoint;
use earn_core::wire::lenient::{self, FromWire};
use earn_core::{Amount, Error, Rate, Result, UnixMillis};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::client::Paged;

earn_core::open_enum! {
    /// Bybit account (`accountType`, `toAccountType`).
    pub enum AccountType {
        /// Funding account.
        Fund = "FUND",
        /// Unified trading account.
        Unified = "UNIFIED",
    }
}

/// Longest `orderLinkId` Bybit accepts.
pub(crate) const ORDER_LINK_ID_MAX_LEN: usize = 36;

/// Longest product, order or position id this crate sends.
pub(crate) const ID_MAX_LEN: usize = 64;

/// A fresh `orderLinkId`: a random UUID v4, 36 characters of `[0-9a-f-]`.
pub(crate) fn new_order_link_id() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

/// Checks an `orderLinkId`: 1–36 characters of `[A-Za-z0-9_-]`.
pub(crate) fn check_order_link_id(field: &str, id: &str) -> Result<()> {
    earn_core::validate::check_id(field, id, ORDER_LINK_ID_MAX_LEN)
}

/// Checks a product, order or position id: 1–64 characters of `[A-Za-z0-9_-]`.
pub(crate) fn check_id(field: &str, id: &str) -> Result<()> {
    earn_core::validate::check_id(field, id, ID_MAX_LEN)
}

/// Checks a coin symbol: non-empty upper-case letters and digits.
pub(crate) fn check_coin(field: &str, coin: &str) -> Result<()> {
    if coin.is_empty() {
        return Err(Error::invalid_input(field, "must not be empty"));
    }
    if !coin.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
        return Err(Error::invalid_input(field, format!("{coin:?} must be upper-case letters and digits (e.g. BTC)")));
    }
    Ok(())
}

/// Checks a comma list of coins: at most `max`, each upper-case.
pub(crate) fn check_coins(field: &str, coins: &[String], max: usize) -> Result<()> {
    if coins.len() > max {
        return Err(Error::invalid_input(field, format!("at most {max} coins per request, {} given", coins.len())));
    }
    coins.iter().try_for_each(|c| check_coin(field, c))
}

/// Seven days, the longest span most history endpoints accept.
pub(crate) const SEVEN_DAYS: Duration = Duration::from_secs(7 * 86_400);

/// Checks a `startTime`/`endTime` pair: start not after end, the span at most `max_span`.
pub(crate) fn check_span(start: Option<UnixMillis>, end: Option<UnixMillis>, max_span: Duration) -> Result<()> {
    earn_core::validate::check_window("startTime", start.map(|t| t.0), end.map(|t| t.0))?;
    if let (Some(s), Some(e)) = (start, end) {
        let span = Duration::from_millis(u64::try_from(e.0 - s.0).unwrap_or(u64::MAX));
        if span > max_span {
            return Err(Error::invalid_input(
                "endTime",
                format!("span from startTime is {} s; at most {} s allowed", span.as_secs(), max_span.as_secs()),
            ));
        }
    }
    Ok(())
}

/// An amount as it goes on the wire, the one spelling every body uses: plain decimal text
/// without trailing fractional zeros (`0.350` is sent as `"0.35"`).
pub(crate) fn amount_text<S: Serializer>(amount: &Amount, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(&amount.normalized())
}

/// A yearly rate kept as the venue's text beside the parsed fraction.
///
/// Bybit writes rates in several ways (`estimateApr` `"3%"`, APR history `"15%"` or
/// `"0.055"`, coupons `"0.03"`), so the raw text is kept: if [`rate`](Self::rate) is `None`
/// the text could not be read as either form. Read from JSON (as [`FromWire`]) a `%`
/// suffix means percent, otherwise a fraction.
///
/// ```
/// use bybit_earn::api::common::AprText;
/// let a = AprText::percent("4.25%");
/// assert_eq!(a.rate().unwrap().to_string(), "0.0425");
/// assert_eq!(a.raw(), "4.25%");
/// assert_eq!(AprText::auto("0.055").rate().unwrap().to_string(), "0.055");
/// assert_eq!(AprText::auto("15%").rate().unwrap().to_string(), "0.15");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AprText {
    raw: String,
    rate: Option<Rate>,
}

impl AprText {
    /// Percent text: `"3%"` or a bare `"3"` both mean 3 %.
    pub fn percent(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let rate = Rate::parse_percent(raw.trim()).ok();
        AprText { raw, rate }
    }

    /// Text whose form is not fixed: a `%` suffix means percent, otherwise a fraction.
    pub fn auto(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let t = raw.trim();
        let rate = if t.ends_with('%') { Rate::parse_percent(t).ok() } else { Rate::parse_fraction(t).ok() };
        AprText { raw, rate }
    }

    /// Fraction text (`"0.03"` = 3 %).
    pub fn fraction(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let rate = Rate::parse_fraction(raw.trim()).ok();
        AprText { raw, rate }
    }

    /// The venue's text, verbatim.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The rate as a fraction, when the text could be read exactly.
    pub fn rate(&self) -> Option<Rate> {
        self.rate
    }
}

impl FromWire for AprText {
    fn from_wire(text: &str) -> std::result::Result<Self, String> {
        Ok(AprText::auto(text))
    }
}

impl fmt::Debug for AprText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AprText({:?} = {:?})", self.raw, self.rate)
    }
}

impl fmt::Display for AprText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// A field written as percent text (`estimateApr`: `"3%"`, or a bare `"3"` meaning 3 %).
pub(crate) fn apr_percent<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<AprText>, D::Error> {
    Ok(lenient::opt::<D, String>(d)?.map(AprText::percent))
}

/// A field written as a decimal fraction (`"0.03"` = 3 %).
pub(crate) fn apr_fraction<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<AprText>, D::Error> {
    Ok(lenient::opt::<D, String>(d)?.map(AprText::fraction))
}

/// An integer Bybit sends "in e8 precision" (`aprE8`, `mintFeeRateE8`), kept exactly.
///
/// Bybit says "divide by 10^8 to get the actual rate", but its own fee example
/// (`5000000 = 0.05%`) reads the divided value as a **percent**. Until that is resolved the
/// raw integer is kept and [`scaled`](Self::scaled) gives the divided value without
/// deciding whether it is a fraction or a percent.
///
/// ```
/// use bybit_earn::api::common::E8;
/// assert_eq!(E8(5_000_000).scaled().to_string(), "0.05000000");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct E8(pub i64);

impl E8 {
    /// The value divided by 10^8, exactly.
    pub fn scaled(&self) -> rust_decimal::Decimal {
        rust_decimal::Decimal::new(self.0, 8)
    }
}

impl FromWire for E8 {
    fn from_wire(text: &str) -> std::result::Result<Self, String> {
        i64::from_wire(text).map(E8)
    }
}

/// A list result: `{"list":[…]}`. A bare object (BYUSDT product and position) is read
/// as a list of one; `{}` and `null` as an empty list.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct List<T> {
    /// The items.
    pub list: Vec<T>,
}

impl<T> List<T> {
    /// The items.
    pub fn into_vec(self) -> Vec<T> {
        self.list
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(ListVisitor(PhantomData))
    }
}

/// Reads `{"list":[…]}` in one pass; fields before `list` are kept raw only in case the
/// object turns out to be a bare item.
struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for ListVisitor<T> {
    type Value = List<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with a `list` array, or one item")
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<List<T>, E> {
        Ok(List { list: Vec::new() })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<List<T>, A::Error> {
        let mut list = None;
        let mut fields: Vec<(String, Box<RawValue>)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "list" {
                list = Some(map.next_value::<Option<Vec<T>>>()?.unwrap_or_default());
            } else if list.is_none() {
                fields.push((key, map.next_value()?));
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        if let Some(list) = list {
            return Ok(List { list });
        }
        if fields.is_empty() {
            return Ok(List { list: Vec::new() });
        }
        // A bare item (BYUSDT): read it from the fields it had.
        let mut text = String::from("{");
        for (i, (key, value)) in fields.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&serde_json::to_string(key).map_err(de::Error::custom)?);
            text.push(':');
            text.push_str(value.get());
        }
        text.push('}');
        serde_json::from_str(&text).map(|item| List { list: vec![item] }).map_err(de::Error::custom)
    }
}

/// One page of a cursor-paginated list: `{"list":[…],"nextPageCursor":"…"}` (the daily
/// yield endpoint also writes `yield` for `list`; both are read).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", bound = "T: DeserializeOwned")]
#[non_exhaustive]
pub struct Page<T> {
    /// The items.
    #[serde(default = "Vec::new", alias = "yield")]
    pub list: Vec<T>,
    /// Cursor for the next page; `None` on the last page (`""` on the wire).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub next_page_cursor: Option<String>,
}

impl<T: Send> Paged for Page<T> {
    type Item = T;

    fn into_parts(self) -> (Vec<T>, Option<String>) {
        (self.list, self.next_page_cursor)
    }
}

/// The daily or hourly twin of a yield read (Easy Earn, BYUSDT): one request type per
/// family serves both, and the kind selects the endpoint and the row it answers with.
pub trait YieldKind: 'static {
    /// One yield record.
    type Row: DeserializeOwned + Send;
    /// The endpoint.
    const ENDPOINT: &'static Endpoint;
    /// Whether this is the hourly read (Easy Earn: `FlexibleSaving` only).
    const HOURLY: bool = false;
}

/// `result` of the place-order endpoints. Accepted is not settled: follow the order in its
/// history.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PlaceOrderResult {
    /// `orderId`.
    #[serde(deserialize_with = "lenient::id_string")]
    pub order_id: String,
    /// `orderLinkId`: the one sent.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub order_link_id: String,
}

/// The empty `result` of a switch (`{}`); whatever it holds is ignored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ack;

impl<'de> Deserialize<'de> for Ack {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        de::IgnoredAny::deserialize(d).map(|_| Ack)
    }
}

/// Serializes `body` (a field order fixed by its struct) as a request body.
pub(crate) fn body<T: Serialize>(body: &T) -> Result<Option<bytes::Bytes>> {
    earn_core::http::json_body(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_link_ids() {
        let id = new_order_link_id();
        assert_eq!(id.len(), 36);
        assert!(check_order_link_id("orderLinkId", &id).is_ok());
        assert_ne!(id, new_order_link_id());
        assert!(check_order_link_id("orderLinkId", &"a".repeat(36)).is_ok());
        let long = check_order_link_id("orderLinkId", &"a".repeat(37)).unwrap_err().to_string();
        assert!(long.contains("orderLinkId") && long.contains("at most 36"), "{long}");
        assert!(check_order_link_id("orderLinkId", "").is_err());
        assert!(check_order_link_id("orderLinkId", "a b").unwrap_err().to_string().contains("orderLinkId"));
        assert!(check_order_link_id("orderLinkId", "é").is_err());
    }

    #[test]
    fn spans_and_coins() {
        let day = 86_400_000;
        assert!(check_span(Some(UnixMillis(0)), Some(UnixMillis(7 * day)), SEVEN_DAYS).is_ok());
        assert!(check_span(Some(UnixMillis(0)), Some(UnixMillis(7 * day + 1)), SEVEN_DAYS).is_err());
        assert!(check_span(Some(UnixMillis(5)), Some(UnixMillis(1)), SEVEN_DAYS).is_err());
        assert!(check_span(None, Some(UnixMillis(1)), SEVEN_DAYS).is_ok());
        assert!(check_coin("coin", "btc").is_err());
        assert!(check_coin("coin", "BTC").is_ok());
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Row {
        #[serde(default, deserialize_with = "lenient::opt")]
        a: Option<Amount>,
        #[serde(default, deserialize_with = "lenient::opt")]
        apr: Option<AprText>,
        #[serde(default, deserialize_with = "lenient::opt")]
        e8: Option<E8>,
    }

    #[test]
    fn lists_read_every_shape_bybit_sends() {
        let l: List<Row> = serde_json::from_str(r#"{"list":[{"a":"0.5"},{"a":""}]}"#).unwrap();
        assert_eq!(l.list.len(), 2);
        assert_eq!(l.list[0].a.unwrap().to_string(), "0.5");
        let one: List<Row> = serde_json::from_str(r#"{"a":"1","e8":250000000}"#).unwrap();
        assert_eq!(one.list[0].e8.unwrap().scaled().to_string(), "2.50000000");
        let text: List<Row> = serde_json::from_str(r#"{"list":[{"e8":"250000000","a":12}]}"#).unwrap();
        assert_eq!((text.list[0].e8, text.list[0].a), (Some(E8(250_000_000)), Some(Amount::from(12))));
        assert!(serde_json::from_str::<List<Row>>("{}").unwrap().list.is_empty());
        assert!(serde_json::from_str::<List<Row>>(r#"{"list":null}"#).unwrap().list.is_empty());
        let apr: List<Row> = serde_json::from_str(r#"{"nextPageCursor":"","list":[{"apr":"15%"}]}"#).unwrap();
        assert_eq!(apr.list[0].apr.as_ref().unwrap().rate().unwrap().to_string(), "0.15");
        let bare: List<Row> = serde_json::from_str(r#"{"apr":"3%","a":"1.50"}"#).unwrap();
        assert_eq!(bare.list[0].a, Some(Amount::parse("1.5").unwrap()));
        assert!(serde_json::from_str::<List<Row>>("null").unwrap().list.is_empty());
        let page: Page<Row> = serde_json::from_str(r#"{"yield":[{"a":"2"}],"nextPageCursor":""}"#).unwrap();
        assert_eq!((page.list.len(), page.next_page_cursor), (1, None));
        assert!(serde_json::from_str::<List<Row>>(r#"{"list":[{"a":0.1}]}"#).is_err(), "never through a float");
    }
}
