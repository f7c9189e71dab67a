//! Request parameters: one view over a GET query or a POST JSON body, with the real API's
//! leniency (ids as strings or numbers) and strictness (required, well-formed).

use earn_core::TokenAmount;
use serde_json::{Map, Value};

use super::envelope::ApiError;

/// The parameters of one request (query pairs become string values).
#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    fields: Map<String, Value>,
}

impl Params {
    /// From a JSON body; anything but an object is malformed.
    pub(crate) fn from_body(body: &[u8]) -> Result<Self, ApiError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Params::default());
        }
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(fields)) => Ok(Params { fields }),
            _ => Err(ApiError::invalid("body", "must be a JSON object")),
        }
    }

    /// From decoded query pairs.
    pub(crate) fn from_query(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        Params { fields: pairs.into_iter().map(|(k, v)| (k, Value::String(v))).collect() }
    }

    fn from_value(value: &Value, field: &str) -> Result<Self, ApiError> {
        match value {
            Value::Object(fields) => Ok(Params { fields: fields.clone() }),
            _ => Err(ApiError::invalid(field, "items must be objects")),
        }
    }

    fn present(&self, name: &str) -> Option<&Value> {
        match self.fields.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.is_empty() => None,
            Some(v) => Some(v),
        }
    }

    /// An optional text parameter; numbers are accepted and rendered as sent.
    pub(crate) fn opt_str(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.present(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(ApiError::invalid(name, "must be a string")),
        }
    }

    /// A required text parameter (`50014` when missing or empty).
    pub(crate) fn req_str(&self, name: &str) -> Result<String, ApiError> {
        self.opt_str(name)?.ok_or_else(|| ApiError::missing(name))
    }

    /// An optional id (`"9502"` or `9502`): digits only.
    pub(crate) fn opt_id(&self, name: &str) -> Result<Option<u64>, ApiError> {
        match self.opt_str(name)? {
            None => Ok(None),
            Some(text) => parse_id(&text).map(Some).ok_or_else(|| ApiError::invalid(name, "must be a numeric id")),
        }
    }

    /// A required id.
    pub(crate) fn req_id(&self, name: &str) -> Result<u64, ApiError> {
        self.opt_id(name)?.ok_or_else(|| ApiError::missing(name))
    }

    /// An optional boolean (`true`/`false`, also as text).
    pub(crate) fn opt_bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.present(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if s == "true" || s == "false" => Ok(Some(s == "true")),
            Some(_) => Err(ApiError::invalid(name, "must be a boolean")),
        }
    }

    /// An optional positive integer such as `pageNum`.
    pub(crate) fn opt_u64(&self, name: &str) -> Result<Option<u64>, ApiError> {
        self.opt_id(name)
    }

    /// An optional list of objects (`None` when absent; an empty list is returned as is).
    pub(crate) fn opt_list(&self, name: &str) -> Result<Option<Vec<Params>>, ApiError> {
        match self.fields.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(items)) => {
                items.iter().map(|v| Params::from_value(v, name)).collect::<Result<_, _>>().map(Some)
            }
            Some(_) => Err(ApiError::invalid(name, "must be an array")),
        }
    }

    /// A required non-empty list of objects.
    pub(crate) fn req_list(&self, name: &str) -> Result<Vec<Params>, ApiError> {
        match self.opt_list(name)? {
            Some(items) if !items.is_empty() => Ok(items),
            _ => Err(ApiError::missing(name)),
        }
    }

    /// The first present of several spellings of a list (`expectOutputList` / `expectOutputLIst`).
    pub(crate) fn opt_list_any(&self, names: &[&str]) -> Result<Option<Vec<Params>>, ApiError> {
        for name in names {
            if let Some(list) = self.opt_list(name)? {
                return Ok(Some(list));
            }
        }
        Ok(None)
    }

    /// An optional list of strings.
    pub(crate) fn opt_str_list(&self, name: &str) -> Result<Option<Vec<String>>, ApiError> {
        match self.fields.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s.clone()),
                    Value::Number(n) => Ok(n.to_string()),
                    _ => Err(ApiError::invalid(name, "items must be strings")),
                })
                .collect::<Result<_, _>>()
                .map(Some),
            Some(_) => Err(ApiError::invalid(name, "must be an array")),
        }
    }

    /// A nested object, or a JSON object sent as a string (`extra`).
    pub(crate) fn opt_object_or_json_text(&self, name: &str) -> Result<Option<Params>, ApiError> {
        match self.present(name) {
            None => Ok(None),
            Some(Value::Object(fields)) => Ok(Some(Params { fields: fields.clone() })),
            Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(fields)) => Ok(Some(Params { fields })),
                _ => Err(ApiError::invalid(name, "must be a JSON object text")),
            },
            Some(_) => Err(ApiError::invalid(name, "must be a JSON object text")),
        }
    }
}

/// Digits-only id text to a number.
pub(crate) fn parse_id(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 19 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A human-unit amount: plain positive decimal, at most `decimals` fractional digits.
pub(crate) fn parse_amount(text: &str, decimals: u8, field: &str) -> Result<TokenAmount, ApiError> {
    let plain = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && text.bytes().filter(|b| *b == b'.').count() <= 1
        && !text.starts_with('.')
        && !text.ends_with('.');
    if !plain {
        return Err(ApiError::invalid(field, "must be a plain decimal number"));
    }
    let amount = TokenAmount::parse_units(text, decimals)
        .map_err(|_| ApiError::invalid(field, &format!("has more than {decimals} decimal places or is too large")))?;
    if amount.base_units().is_zero() {
        return Err(ApiError::invalid(field, "must be greater than 0"));
    }
    Ok(amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_as_strings_or_numbers() {
        let p = Params::from_body(br#"{"a":"9502","b":9502,"c":"x","d":""}"#).unwrap();
        assert_eq!(p.req_id("a").unwrap(), 9502);
        assert_eq!(p.req_id("b").unwrap(), 9502);
        assert_eq!(p.req_id("c").unwrap_err().code, 84000);
        assert_eq!(p.req_id("d").unwrap_err().code, 50014);
        assert_eq!(p.req_id("e").unwrap_err().status, 400);
    }

    #[test]
    fn amounts_are_plain_and_within_precision() {
        assert_eq!(parse_amount("1.5", 6, "x").unwrap().base_units().to_string(), "1500000");
        for bad in ["", "-1", "1e3", "0", "0.0000001", ".5", "5.", "1.2.3", " 1"] {
            assert_eq!(parse_amount(bad, 6, "x").unwrap_err().code, 84000, "{bad}");
        }
    }

    #[test]
    fn both_expect_output_spellings() {
        let p = Params::from_body(br#"{"expectOutputLIst":[{"coinAmount":"1"}]}"#).unwrap();
        let list = p.opt_list_any(&["expectOutputList", "expectOutputLIst"]).unwrap().unwrap();
        assert_eq!(list[0].req_str("coinAmount").unwrap(), "1");
    }
}
