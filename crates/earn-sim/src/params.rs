//! Request parameters of the OKX exchange and Bybit simulators: the query of a GET or the JSON
//! object of a POST, read the same way for both venues.
//!
//! Every accessor fails with a venue-neutral [`ParamError`]; each venue turns it into its own
//! error answer (OKX `50014`/`51000`, Bybit `10001`) with `From`.

use std::collections::HashMap;

use serde_json::{Map, Value};

/// Why a parameter was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ParamError {
    /// Required and absent (or empty).
    Missing(String),
    /// Present with a wrong type or value; `reason` is a complete human sentence.
    Invalid { name: String, reason: String },
}

impl ParamError {
    pub(crate) fn invalid(name: &str, reason: impl Into<String>) -> Self {
        ParamError::Invalid { name: name.to_owned(), reason: reason.into() }
    }
}

/// Parameters of one request.
#[derive(Debug)]
pub(crate) enum Params {
    Query(HashMap<String, String>),
    Body(Map<String, Value>),
}

impl Params {
    /// Parses the raw query of a GET.
    pub(crate) fn from_query(query: Option<&str>) -> Params {
        Params::Query(url::form_urlencoded::parse(query.unwrap_or("").as_bytes()).into_owned().collect())
    }

    /// A POST body that is a JSON object, `None` for anything else.
    pub(crate) fn from_json_object(body: &[u8]) -> Option<Params> {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => Some(Params::Body(map)),
            _ => None,
        }
    }

    /// The raw JSON value of a body field (`None` for queries, absent fields and `null`).
    pub(crate) fn json(&self, name: &str) -> Option<&Value> {
        match self {
            Params::Body(b) => b.get(name).filter(|v| !v.is_null()),
            Params::Query(_) => None,
        }
    }

    /// A string parameter, `None` when absent or empty; JSON non-strings are refused.
    pub(crate) fn opt_str(&self, name: &str) -> Result<Option<&str>, ParamError> {
        let value = match self {
            Params::Query(q) => q.get(name).map(String::as_str),
            Params::Body(b) => match b.get(name) {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.as_str()),
                Some(_) => return Err(ParamError::invalid(name, format!("{name} must be a string"))),
            },
        };
        Ok(value.filter(|v| !v.is_empty()))
    }

    /// A required string parameter.
    pub(crate) fn str(&self, name: &str) -> Result<&str, ParamError> {
        self.opt_str(name)?.ok_or_else(|| ParamError::Missing(name.to_owned()))
    }

    /// An optional parameter that must be one of `allowed`.
    pub(crate) fn opt_choice(&self, name: &str, allowed: &[&'static str]) -> Result<Option<&'static str>, ParamError> {
        let Some(value) = self.opt_str(name)? else { return Ok(None) };
        allowed
            .iter()
            .copied()
            .find(|a| *a == value)
            .map(Some)
            .ok_or_else(|| ParamError::invalid(name, format!("invalid {name}: {value}")))
    }

    /// A required parameter that must be one of `allowed`.
    pub(crate) fn choice(&self, name: &str, allowed: &[&'static str]) -> Result<&'static str, ParamError> {
        self.opt_choice(name, allowed)?.ok_or_else(|| ParamError::Missing(name.to_owned()))
    }

    /// An optional non-negative integer written in digits (cursors, timestamps, limits).
    pub(crate) fn opt_u64(&self, name: &str) -> Result<Option<u64>, ParamError> {
        match self.opt_str(name)? {
            None => Ok(None),
            Some(t) if t.bytes().all(|b| b.is_ascii_digit()) => {
                t.parse().map(Some).map_err(|_| ParamError::invalid(name, format!("invalid {name}")))
            }
            Some(_) => Err(ParamError::invalid(name, format!("invalid {name}"))),
        }
    }

    /// `limit`: 1..=`max`, `default` when absent.
    pub(crate) fn limit_within(&self, default: u64, max: u64) -> Result<usize, ParamError> {
        match self.opt_u64("limit")? {
            None => Ok(default as usize),
            Some(n) if (1..=max).contains(&n) => Ok(n as usize),
            Some(_) => Err(ParamError::invalid("limit", format!("limit must be between 1 and {max}"))),
        }
    }

    /// A required JSON integer (body only; strings are refused).
    pub(crate) fn int(&self, name: &str) -> Result<i64, ParamError> {
        match self {
            Params::Body(b) => match b.get(name) {
                None | Some(Value::Null) => Err(ParamError::Missing(name.to_owned())),
                Some(v) => v.as_i64().ok_or_else(|| ParamError::invalid(name, format!("{name} must be an integer"))),
            },
            Params::Query(_) => Err(ParamError::invalid(name, format!("{name} must be an integer"))),
        }
    }

    /// An optional boolean: a JSON boolean in a body (an empty string counts as absent, as the
    /// venue accepts it from python-okx), `true`/`false` in a query.
    pub(crate) fn opt_bool(&self, name: &str) -> Result<Option<bool>, ParamError> {
        let invalid = || ParamError::invalid(name, format!("{name} must be a boolean"));
        match self {
            Params::Body(b) => match b.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if s.is_empty() => Ok(None),
                Some(Value::Bool(v)) => Ok(Some(*v)),
                Some(_) => Err(invalid()),
            },
            Params::Query(q) => match q.get(name).map(String::as_str) {
                None | Some("") => Ok(None),
                Some("true") => Ok(Some(true)),
                Some("false") => Ok(Some(false)),
                Some(_) => Err(invalid()),
            },
        }
    }

    /// A required, non-empty JSON array of objects.
    pub(crate) fn objects(&self, name: &str) -> Result<&[Value], ParamError> {
        match self.json(name) {
            None => Err(ParamError::Missing(name.to_owned())),
            Some(Value::Array(items)) if items.is_empty() => Err(ParamError::Missing(name.to_owned())),
            Some(Value::Array(items)) if items.iter().all(Value::is_object) => Ok(items),
            Some(_) => Err(ParamError::invalid(name, format!("{name} must be an array of objects"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_strings_are_absent_and_types_are_checked() {
        let body = Params::from_json_object(br#"{"a":"","b":"x","c":1,"d":"","e":true}"#).unwrap();
        assert_eq!(body.opt_str("a"), Ok(None));
        assert_eq!(body.str("b"), Ok("x"));
        assert!(matches!(body.opt_str("c"), Err(ParamError::Invalid { .. })));
        assert_eq!(body.opt_bool("d"), Ok(None), "python-okx sends \"\" for an unset boolean");
        assert_eq!(body.opt_bool("e"), Ok(Some(true)));
        assert_eq!(body.str("z"), Err(ParamError::Missing("z".into())));
        let query = Params::from_query(Some("limit=0&x=7&y=-1"));
        assert!(query.limit_within(20, 50).is_err());
        assert_eq!(query.opt_u64("x"), Ok(Some(7)));
        assert!(query.opt_u64("y").is_err());
        assert_eq!(query.opt_choice("x", &["7"]), Ok(Some("7")));
    }
}
