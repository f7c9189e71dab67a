//! Request parameters of the Bybit simulator: the query of a GET or the JSON object of a POST.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::envelope::BybitError;

/// Parameters of one request.
#[derive(Debug)]
pub(crate) enum Params {
    Query(HashMap<String, String>),
    Body(Map<String, Value>),
}

const MS_PER_DAY: i64 = 86_400_000;

impl Params {
    pub(crate) fn from_query(query: Option<&str>) -> Params {
        Params::Query(url::form_urlencoded::parse(query.unwrap_or("").as_bytes()).into_owned().collect())
    }

    /// A POST body must be a JSON object (`10001` otherwise).
    pub(crate) fn from_body(body: &[u8]) -> Result<Params, BybitError> {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => Ok(Params::Body(map)),
            _ => Err(BybitError::param("request body is not a JSON object")),
        }
    }

    /// A string parameter, `None` when absent or empty; JSON non-strings are `10001`.
    pub(crate) fn opt_str(&self, name: &str) -> Result<Option<&str>, BybitError> {
        let value = match self {
            Params::Query(q) => q.get(name).map(String::as_str),
            Params::Body(b) => match b.get(name) {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.as_str()),
                Some(_) => return Err(BybitError::param(format!("{name} must be a string"))),
            },
        };
        Ok(value.filter(|v| !v.is_empty()))
    }

    /// A required string parameter.
    pub(crate) fn str(&self, name: &str) -> Result<&str, BybitError> {
        self.opt_str(name)?.ok_or_else(|| BybitError::param(format!("params error: {name} is required")))
    }

    /// A required parameter that must be one of `allowed`.
    pub(crate) fn choice(&self, name: &str, allowed: &[&'static str]) -> Result<&'static str, BybitError> {
        let value = self.str(name)?;
        allowed
            .iter()
            .copied()
            .find(|a| *a == value)
            .ok_or_else(|| BybitError::param(format!("invalid {name}: {value}")))
    }

    /// A required JSON integer (body only; strings are refused, as the reference types them).
    pub(crate) fn int(&self, name: &str) -> Result<i64, BybitError> {
        match self {
            Params::Body(b) => match b.get(name) {
                None | Some(Value::Null) => Err(BybitError::param(format!("params error: {name} is required"))),
                Some(v) => v.as_i64().ok_or_else(|| BybitError::param(format!("{name} must be an integer"))),
            },
            Params::Query(_) => Err(BybitError::param(format!("{name} must be an integer"))),
        }
    }

    /// An optional non-negative integer in the query (`startTime`, `limit`…).
    pub(crate) fn opt_u64(&self, name: &str) -> Result<Option<u64>, BybitError> {
        match self.opt_str(name)? {
            None => Ok(None),
            Some(t) if t.bytes().all(|b| b.is_ascii_digit()) => {
                t.parse().map(Some).map_err(|_| BybitError::param(format!("invalid {name}")))
            }
            Some(_) => Err(BybitError::param(format!("invalid {name}"))),
        }
    }

    /// `limit`: 1..=100, default 50.
    pub(crate) fn limit(&self) -> Result<usize, BybitError> {
        self.limit_within(50, 100)
    }

    /// `limit`: 1..=`max`, default `default`.
    pub(crate) fn limit_within(&self, default: u64, max: u64) -> Result<usize, BybitError> {
        match self.opt_u64("limit")? {
            None => Ok(default as usize),
            Some(n) if (1..=max).contains(&n) => Ok(n as usize),
            Some(_) => Err(BybitError::param(format!("limit must be between 1 and {max}"))),
        }
    }

    /// `startTime`/`endTime`: neither → the last 7 days; one → 7 days from/to it; the span
    /// may not exceed `max_days` days.
    pub(crate) fn time_range(&self, now: i64, max_days: i64) -> Result<(i64, i64), BybitError> {
        let start = self.opt_u64("startTime")?.map(|v| v as i64);
        let end = self.opt_u64("endTime")?.map(|v| v as i64);
        let week = 7 * MS_PER_DAY;
        let (start, end) = match (start, end) {
            (None, None) => (now - week, now),
            (Some(s), None) => (s, s + week),
            (None, Some(e)) => (e - week, e),
            (Some(s), Some(e)) => (s, e),
        };
        if start > end || end - start > max_days * MS_PER_DAY {
            return Err(BybitError::param(format!("startTime and endTime span must be within {max_days} days")));
        }
        Ok((start, end))
    }

    /// The page offset from an opaque `cursor` (we issue `"<offset>"` base64-encoded).
    pub(crate) fn cursor(&self) -> Result<usize, BybitError> {
        use base64::Engine as _;
        let Some(cursor) = self.opt_str("cursor")? else { return Ok(0) };
        base64::engine::general_purpose::STANDARD
            .decode(cursor)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.strip_prefix("offset:").and_then(|n| n.parse().ok()))
            .ok_or_else(|| BybitError::param("invalid cursor"))
    }
}

/// One page of `items` from `offset`, with the `nextPageCursor` (`""` on the last page).
pub(crate) fn page(items: Vec<Value>, offset: usize, limit: usize) -> (Vec<Value>, String) {
    use base64::Engine as _;
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
