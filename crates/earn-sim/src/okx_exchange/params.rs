//! Request parameters of the OKX simulator: the query of a GET or the JSON object of a POST.

use std::collections::HashMap;

use http::{HeaderMap, header};
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::envelope::OkxError;
use crate::ledger::{decimals_written, parse_amount};

/// Most decimal places accepted in an amount (OKX funding precision).
pub(crate) const MAX_AMOUNT_DECIMALS: u32 = 8;

/// Parameters of one request.
#[derive(Debug)]
pub(crate) enum Params {
    Query(HashMap<String, String>),
    Body(Map<String, Value>),
}

impl Params {
    /// Parses the raw query of a GET.
    pub(crate) fn from_query(query: Option<&str>) -> Params {
        let pairs = url::form_urlencoded::parse(query.unwrap_or("").as_bytes()).into_owned().collect();
        Params::Query(pairs)
    }

    /// Parses a POST body: JSON content type (`50006`), not empty (`50000`), a JSON object (`50002`).
    pub(crate) fn from_body(headers: &HeaderMap, body: &[u8]) -> Result<Params, OkxError> {
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
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => Ok(Params::Body(map)),
            _ => Err(OkxError::bad_request("50002", "Json data format error.")),
        }
    }

    /// A string parameter, `None` when absent or empty; a non-string JSON value is `51000`.
    pub(crate) fn opt_str(&self, name: &str) -> Result<Option<&str>, OkxError> {
        let value = match self {
            Params::Query(q) => q.get(name).map(String::as_str),
            Params::Body(b) => match b.get(name) {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.as_str()),
                Some(_) => return Err(OkxError::invalid(name)),
            },
        };
        Ok(value.filter(|v| !v.is_empty()))
    }

    /// A required string parameter (`50014` when missing or empty).
    pub(crate) fn str(&self, name: &str) -> Result<&str, OkxError> {
        self.opt_str(name)?.ok_or_else(|| OkxError::empty(name))
    }

    /// A required positive amount with at most [`MAX_AMOUNT_DECIMALS`] decimals.
    pub(crate) fn amount(&self, name: &str) -> Result<Decimal, OkxError> {
        amount_text(self.str(name)?, name)
    }

    /// An optional JSON boolean (`51000` for any other type).
    pub(crate) fn opt_bool(&self, name: &str) -> Result<Option<bool>, OkxError> {
        match self {
            Params::Body(b) => match b.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Bool(v)) => Ok(Some(*v)),
                Some(_) => Err(OkxError::invalid(name)),
            },
            Params::Query(q) => match q.get(name).map(String::as_str) {
                None | Some("") => Ok(None),
                Some("true") => Ok(Some(true)),
                Some("false") => Ok(Some(false)),
                Some(_) => Err(OkxError::invalid(name)),
            },
        }
    }

    /// A required JSON array of objects.
    pub(crate) fn objects(&self, name: &str) -> Result<&[Value], OkxError> {
        match self {
            Params::Body(b) => match b.get(name) {
                None | Some(Value::Null) => Err(OkxError::empty(name)),
                Some(Value::Array(items)) if items.is_empty() => Err(OkxError::empty(name)),
                Some(Value::Array(items)) if items.iter().all(Value::is_object) => Ok(items),
                Some(_) => Err(OkxError::invalid(name)),
            },
            Params::Query(_) => Err(OkxError::invalid(name)),
        }
    }

    /// An optional non-negative integer parameter (cursors, timestamps).
    pub(crate) fn opt_u64(&self, name: &str) -> Result<Option<u64>, OkxError> {
        match self.opt_str(name)? {
            None => Ok(None),
            Some(text) if text.bytes().all(|b| b.is_ascii_digit()) => {
                text.parse().map(Some).map_err(|_| OkxError::invalid(name))
            }
            Some(_) => Err(OkxError::invalid(name)),
        }
    }

    /// `limit`: 1..=100, default 100.
    pub(crate) fn limit(&self) -> Result<usize, OkxError> {
        match self.opt_u64("limit")? {
            None => Ok(100),
            Some(n @ 1..=100) => Ok(n as usize),
            Some(_) => Err(OkxError::invalid("limit")),
        }
    }

    /// An optional parameter that must be one of `allowed`.
    pub(crate) fn opt_choice(&self, name: &str, allowed: &[&str]) -> Result<Option<&str>, OkxError> {
        match self.opt_str(name)? {
            Some(v) if !allowed.contains(&v) => Err(OkxError::invalid(name)),
            other => Ok(other),
        }
    }
}

/// Parses an amount given as text under parameter `name`.
pub(crate) fn amount_text(text: &str, name: &str) -> Result<Decimal, OkxError> {
    let amount = parse_amount(text).ok_or_else(|| OkxError::invalid(name))?;
    if amount.is_zero() || decimals_written(text) > MAX_AMOUNT_DECIMALS {
        return Err(OkxError::invalid(name));
    }
    Ok(amount)
}
