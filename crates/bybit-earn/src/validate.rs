//! Local checks run before any request: each error names the field and the rule.

use std::time::Duration;

use earn_core::{Amount, Error, Result, UnixMillis};

/// Longest `orderLinkId` Bybit accepts.
pub const ORDER_LINK_ID_MAX_LEN: usize = 36;

/// A fresh `orderLinkId`: a random UUID v4, 36 characters of `[0-9a-f-]`.
pub fn new_order_link_id() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

/// Checks an `orderLinkId`: 1–36 characters of `[A-Za-z0-9_-]`.
pub fn check_order_link_id(field: &str, id: &str) -> Result<()> {
    if id.is_empty() {
        return Err(Error::invalid_input(field, "must not be empty"));
    }
    if id.chars().count() > ORDER_LINK_ID_MAX_LEN {
        return Err(Error::invalid_input(
            field,
            format!("{} characters; at most {ORDER_LINK_ID_MAX_LEN} allowed", id.chars().count()),
        ));
    }
    if let Some(c) = id.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-')) {
        return Err(Error::invalid_input(field, format!("character {c:?} not allowed; use [A-Za-z0-9_-]")));
    }
    Ok(())
}

/// Checks that an amount is above zero.
pub(crate) fn check_positive(field: &str, amount: Amount) -> Result<()> {
    if amount.is_zero() { Err(Error::invalid_input(field, "must be greater than zero")) } else { Ok(()) }
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

/// Checks a non-empty identifier of ASCII letters, digits, `_` and `-` (no characters that
/// would need URL encoding).
pub(crate) fn check_id(field: &str, id: &str) -> Result<()> {
    if id.is_empty() {
        return Err(Error::invalid_input(field, "must not be empty"));
    }
    if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(Error::invalid_input(field, format!("{id:?} must be letters, digits, '_' or '-'")));
    }
    Ok(())
}

/// Checks a numeric id (Bybit `productId`, position `id`) and returns it as an integer.
pub(crate) fn numeric_id(field: &str, id: &str) -> Result<u64> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(field, format!("{id:?} must be a decimal integer")));
    }
    id.parse().map_err(|_| Error::invalid_input(field, format!("{id:?} is too large")))
}

/// Checks `limit` against `min..=max`.
pub(crate) fn check_limit(field: &str, limit: Option<u32>, min: u32, max: u32) -> Result<()> {
    match limit {
        Some(l) if !(min..=max).contains(&l) => {
            Err(Error::invalid_input(field, format!("{l} is outside the allowed range {min}..={max}")))
        }
        _ => Ok(()),
    }
}

/// Checks a `startTime`/`endTime` pair: start before end and the span at most `max_span`.
pub(crate) fn check_span(start: Option<UnixMillis>, end: Option<UnixMillis>, max_span: Duration) -> Result<()> {
    if let (Some(s), Some(e)) = (start, end) {
        if s > e {
            return Err(Error::invalid_input("startTime", "must not be after endTime"));
        }
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

/// Seven days, the longest span most history endpoints accept.
pub(crate) const SEVEN_DAYS: Duration = Duration::from_secs(7 * 86_400);

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
        assert!(check_order_link_id("orderLinkId", "a b").unwrap_err().to_string().contains("' '"));
        assert!(check_order_link_id("orderLinkId", "é").is_err());
    }

    #[test]
    fn spans_and_limits() {
        let day = 86_400_000;
        assert!(check_span(Some(UnixMillis(0)), Some(UnixMillis(7 * day)), SEVEN_DAYS).is_ok());
        assert!(check_span(Some(UnixMillis(0)), Some(UnixMillis(7 * day + 1)), SEVEN_DAYS).is_err());
        assert!(check_span(Some(UnixMillis(5)), Some(UnixMillis(1)), SEVEN_DAYS).is_err());
        assert!(check_span(None, Some(UnixMillis(1)), SEVEN_DAYS).is_ok());
        assert!(check_limit("limit", Some(0), 1, 100).is_err());
        assert!(check_limit("limit", Some(101), 1, 100).is_err());
        assert!(check_limit("limit", Some(100), 1, 100).is_ok());
        assert!(check_coin("coin", "btc").is_err());
        assert_eq!(numeric_id("productId", "430").unwrap(), 430);
        assert!(numeric_id("productId", "43a").is_err());
    }
}
