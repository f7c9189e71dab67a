//! Bybit time windows and cursor pagination, on top of [`crate::params::Params`].

use base64::Engine as _;
use serde_json::Value;

use super::catalog::MS_PER_DAY;
use super::envelope::BybitError;
use crate::params::Params;

/// `limit`: 1..=100, default 50.
pub(crate) fn limit(params: &Params) -> Result<usize, BybitError> {
    Ok(params.limit_within(50, 100)?)
}

/// `startTime`/`endTime` in ms: neither → the last 7 days; one → 7 days from/to it; the span
/// may not exceed `max_days` days.
pub(crate) fn time_range(params: &Params, now: i64, max_days: i64) -> Result<(i64, i64), BybitError> {
    window(params, now, 7 * MS_PER_DAY, max_days * MS_PER_DAY)?
        .ok_or_else(|| BybitError::param(format!("startTime and endTime span must be within {max_days} days")))
}

/// `startTime`/`endTime` in the unit of `now`: neither → the last `default`; one → `default`
/// from/to it; `None` when reversed or longer than `max`.
pub(crate) fn window(params: &Params, now: i64, default: i64, max: i64) -> Result<Option<(i64, i64)>, BybitError> {
    let start = params.opt_u64("startTime")?.map(|v| v as i64);
    let end = params.opt_u64("endTime")?.map(|v| v as i64);
    let (start, end) = match (start, end) {
        (None, None) => (now - default, now),
        (Some(s), None) => (s, s + default),
        (None, Some(e)) => (e - default, e),
        (Some(s), Some(e)) => (s, e),
    };
    Ok((start <= end && end - start <= max).then_some((start, end)))
}

/// The page offset from an opaque `cursor` (we issue `"offset:<n>"` base64-encoded).
pub(crate) fn cursor(params: &Params) -> Result<usize, BybitError> {
    let Some(cursor) = params.opt_str("cursor")? else { return Ok(0) };
    base64::engine::general_purpose::STANDARD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix("offset:").and_then(|n| n.parse().ok()))
        .ok_or_else(|| BybitError::param("invalid cursor"))
}

/// One page of `items` from `offset`, with the next cursor (`""` on the last page).
pub(crate) fn page(items: Vec<Value>, offset: usize, limit: usize) -> (Vec<Value>, String) {
    let total = items.len();
    let page: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    let next = offset + page.len();
    let cursor = if next < total {
        base64::engine::general_purpose::STANDARD.encode(format!("offset:{next}"))
    } else {
        String::new()
    };
    (page, cursor)
}
