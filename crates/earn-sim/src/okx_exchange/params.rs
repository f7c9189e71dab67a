//! OKX request rules on top of [`crate::params::Params`]: POST framing and amounts.

use http::{HeaderMap, header};
use rust_decimal::Decimal;

use super::envelope::OkxError;
use crate::ledger::{decimals_written, parse_amount};
use crate::params::Params;

/// Most decimal places accepted in an amount (OKX funding precision).
pub(crate) const MAX_AMOUNT_DECIMALS: u32 = 8;

/// Parses a POST body: JSON content type (`50006`), not empty (`50000`), a JSON object (`50002`).
pub(crate) fn body_params(headers: &HeaderMap, body: &[u8]) -> Result<Params, OkxError> {
    let json_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().to_ascii_lowercase().starts_with("application/json"));
    if !json_type {
        return Err(OkxError::bad_request("50006", "Invalid Content-Type, please use \"application/json\" format"));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(OkxError::bad_request("50000", "Body can not be empty."));
    }
    Params::from_json_object(body).ok_or_else(|| OkxError::bad_request("50002", "Json data format error."))
}

/// A required positive amount with at most [`MAX_AMOUNT_DECIMALS`] decimals.
pub(crate) fn amount(params: &Params, name: &str) -> Result<Decimal, OkxError> {
    amount_text(params.str(name)?, name)
}

/// Parses an amount given as text under parameter `name`.
pub(crate) fn amount_text(text: &str, name: &str) -> Result<Decimal, OkxError> {
    let amount = parse_amount(text).ok_or_else(|| OkxError::invalid(name))?;
    if amount.is_zero() || decimals_written(text) > MAX_AMOUNT_DECIMALS {
        return Err(OkxError::invalid(name));
    }
    Ok(amount)
}

/// `limit`: 1..=100, default 100.
pub(crate) fn limit(params: &Params) -> Result<usize, OkxError> {
    Ok(params.limit_within(100, 100)?)
}

/// An optional comma-separated currency list (`ccy=BTC,ETH`), at most `max` entries (`51000`
/// otherwise); `None` when absent.
pub(crate) fn ccy_list(params: &Params, max: usize) -> Result<Option<Vec<&str>>, OkxError> {
    let Some(text) = params.opt_str("ccy")? else { return Ok(None) };
    let list: Vec<&str> = text.split(',').collect();
    if list.len() > max || list.iter().any(|c| c.is_empty()) {
        return Err(OkxError::invalid("ccy"));
    }
    Ok(Some(list))
}

/// `after`/`before` (Unix ms): records earlier than `after`, newer than `before`.
pub(crate) fn time_bounds(params: &Params) -> Result<(Option<i64>, Option<i64>), OkxError> {
    let ms = |name| params.opt_u64(name).map(|v| v.map(|v| i64::try_from(v).unwrap_or(i64::MAX)));
    Ok((ms("after")?, ms("before")?))
}
