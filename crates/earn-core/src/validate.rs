//! Field checks every venue's requests share; each error names the field and the rule.
//!
//! Amount checks live in one place, [`AmountRules`](crate::AmountRules).

use crate::{Error, Result};

/// Checks an identifier sent to a venue (order, product, position, currency ids): not
/// empty, at most `max_len` bytes, ASCII letters, digits, `-` and `_` only, so that it can
/// never change the meaning of a query string or a signed body.
///
/// ```
/// use earn_core::validate::check_id;
/// assert!(check_id("ordId", "12a-_", 64).is_ok());
/// assert!(check_id("ordId", "1&x=2", 64).unwrap_err().to_string().contains("ordId"));
/// ```
pub fn check_id(field: &str, id: &str, max_len: usize) -> Result<()> {
    if id.is_empty() {
        return Err(Error::invalid_input(field, "is required and must not be empty"));
    }
    if id.len() > max_len {
        return Err(Error::invalid_input(field, format!("must be at most {max_len} characters, got {}", id.len())));
    }
    if !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(Error::invalid_input(field, "may contain only ASCII letters, digits, '-' and '_'"));
    }
    Ok(())
}

/// [`check_id`] for an optional identifier.
pub fn check_opt_id(field: &str, id: Option<&str>, max_len: usize) -> Result<()> {
    id.map_or(Ok(()), |id| check_id(field, id, max_len))
}

/// Checks a page size: from 1 to `max`.
///
/// ```
/// use earn_core::validate::check_limit;
/// assert!(check_limit("limit", Some(100), 100).is_ok());
/// assert!(check_limit("limit", Some(0), 100).is_err());
/// assert!(check_limit("limit", None, 100).is_ok());
/// ```
pub fn check_limit(field: &str, limit: Option<u32>, max: u32) -> Result<()> {
    match limit {
        Some(l) if l == 0 || l > max => {
            Err(Error::invalid_input(field, format!("must be between 1 and {max}, got {l}")))
        }
        _ => Ok(()),
    }
}

/// Checks a time window: `start` not after `end`, both when given.
pub fn check_window(start_field: &str, start: Option<i64>, end: Option<i64>) -> Result<()> {
    match (start, end) {
        (Some(s), Some(e)) if s > e => {
            Err(Error::invalid_input(start_field, format!("must not be after the end of the window ({s} > {e})")))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_limits_and_windows() {
        assert!(check_id("id", "", 8).unwrap_err().to_string().contains("must not be empty"));
        assert!(check_id("id", "123456789", 8).unwrap_err().to_string().contains("at most 8"));
        assert!(check_id("id", "12345678", 8).is_ok());
        assert!(check_id("id", "a b", 8).is_err());
        assert!(check_id("id", "é", 8).is_err());
        assert!(check_opt_id("id", None, 8).is_ok());
        assert!(check_opt_id("id", Some("?"), 8).is_err());
        assert!(check_limit("limit", Some(101), 100).unwrap_err().to_string().contains("between 1 and 100"));
        assert!(check_limit("limit", Some(1), 100).is_ok());
        assert!(check_window("startTime", Some(2), Some(1)).is_err());
        assert!(check_window("startTime", Some(1), Some(1)).is_ok());
        assert!(check_window("startTime", None, Some(1)).is_ok());
    }
}
