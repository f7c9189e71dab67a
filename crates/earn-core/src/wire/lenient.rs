//! Serde helpers for loosely typed venue JSON.
//!
//! Venues send the same value sometimes as a string and sometimes as a number (ids, terms,
//! timestamps), and `""` where a value is absent. These helpers accept both forms, turn
//! `null` and `""` into `None`, and never let a value pass through a float: a fractional
//! JSON number is refused rather than rounded.
//!
//! Use them with `#[serde(default, deserialize_with = "...")]`:
//!
//! ```
//! use earn_core::{Amount, UnixMillis};
//! use earn_core::wire::lenient;
//! #[derive(serde::Deserialize)]
//! struct Row {
//!     #[serde(default, deserialize_with = "lenient::opt")]
//!     amt: Option<Amount>,
//!     #[serde(default, deserialize_with = "lenient::opt")]
//!     ts: Option<UnixMillis>,
//!     #[serde(default, deserialize_with = "lenient::id_string")]
//!     id: String,
//! }
//! let r: Row = serde_json::from_str(r#"{"amt":"0.5","ts":1700000000000,"id":42}"#).unwrap();
//! assert_eq!(r.amt.unwrap().to_string(), "0.5");
//! assert_eq!(r.id, "42");
//! let r: Row = serde_json::from_str(r#"{"amt":"","ts":null}"#).unwrap();
//! assert!(r.amt.is_none() && r.ts.is_none());
//! assert!(serde_json::from_str::<Row>(r#"{"amt":0.5}"#).is_err());
//! ```

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};

use super::short;
use crate::{Amount, Rate, Sign, UnixMillis, parse_plain_decimal};

/// A type read from a venue's text form of a scalar (or from a JSON integer's digits).
pub trait FromWire: Sized {
    /// Parses the text; the error says what was wrong, without the value.
    fn from_wire(text: &str) -> Result<Self, String>;
}

impl FromWire for Amount {
    fn from_wire(text: &str) -> Result<Self, String> {
        Amount::parse(text).map_err(|e| e.to_string())
    }
}

/// A rate on the wire is a decimal fraction (`"0.05"` = 5 %); percent fields convert
/// explicitly with [`Rate::from_percent`].
impl FromWire for Rate {
    fn from_wire(text: &str) -> Result<Self, String> {
        Rate::parse_fraction(text).map_err(|e| e.to_string())
    }
}

impl FromWire for Decimal {
    fn from_wire(text: &str) -> Result<Self, String> {
        parse_plain_decimal(text, Sign::AllowNegative).map_err(|e| e.to_string())
    }
}

impl FromWire for UnixMillis {
    fn from_wire(text: &str) -> Result<Self, String> {
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err("Unix milliseconds must be plain digits".into());
        }
        text.parse::<i64>().map(UnixMillis).map_err(|e| e.to_string())
    }
}

macro_rules! from_wire_int {
    ($($t:ty),*) => {$(
        impl FromWire for $t {
            fn from_wire(text: &str) -> Result<Self, String> {
                text.parse::<$t>().map_err(|_| format!("expected an integer that fits {}", stringify!($t)))
            }
        }
    )*};
}
from_wire_int!(u32, u64, i64);

impl FromWire for String {
    fn from_wire(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

impl FromWire for bool {
    fn from_wire(text: &str) -> Result<Self, String> {
        match text {
            t if t.eq_ignore_ascii_case("true") => Ok(true),
            t if t.eq_ignore_ascii_case("false") => Ok(false),
            "1" => Ok(true),
            "0" => Ok(false),
            _ => Err("expected a boolean".into()),
        }
    }
}

/// Marker for enums declared with [`open_enum!`](crate::open_enum) (read by [`opt_enum`]).
pub trait OpenEnum: FromStr<Err = Infallible> {}

/// One JSON scalar as text, read without any float conversion; `None` for `null` and `""`.
fn scalar_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, an integer, a boolean or null")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok((!v.is_empty()).then(|| v.to_owned()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok((!v.is_empty()).then_some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(E::custom("a fractional JSON number cannot be read exactly; expected a string"))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(self)
        }
    }
    d.deserialize_any(V)
}

/// An optional scalar: absent, `null` and `""` are `None`; a string or an integer is parsed
/// with [`FromWire`]; a fractional JSON number is refused.
pub fn opt<'de, D: Deserializer<'de>, T: FromWire>(d: D) -> Result<Option<T>, D::Error> {
    match scalar_text(d)? {
        None => Ok(None),
        Some(text) => {
            T::from_wire(&text).map(Some).map_err(|e| de::Error::custom(format_args!("{:?}: {e}", short(&text))))
        }
    }
}

/// A required scalar (see [`opt`]); `null` and `""` are errors.
pub fn req<'de, D: Deserializer<'de>, T: FromWire>(d: D) -> Result<T, D::Error> {
    opt(d)?.ok_or_else(|| de::Error::custom("expected a value, found an empty one"))
}

/// A string that may arrive as a number, a boolean or `null` (codes, ids); `null` → `""`.
pub fn id_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(scalar_text(d)?.unwrap_or_default())
}

/// An optional enum declared with [`open_enum!`](crate::open_enum); `""` and `null` → `None`.
pub fn opt_enum<'de, D: Deserializer<'de>, T: OpenEnum>(d: D) -> Result<Option<T>, D::Error> {
    Ok(scalar_text(d)?.map(|s| match T::from_str(&s) {
        Ok(v) => v,
        Err(never) => match never {},
    }))
}

/// Any JSON value kept as its raw text (shapes a venue leaves open); `null` → `None`.
pub fn opt_raw_json<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let raw = <Option<Box<serde_json::value::RawValue>> as serde::Deserialize>::deserialize(d)?;
    Ok(raw.map(|r| r.get().to_owned()).filter(|t| t != "null"))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "opt")]
        a: Option<Amount>,
        #[serde(default, deserialize_with = "opt")]
        n: Option<i64>,
        #[serde(default, deserialize_with = "opt")]
        t: Option<UnixMillis>,
        #[serde(default, deserialize_with = "opt")]
        p: Option<Decimal>,
        #[serde(default, deserialize_with = "opt")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "opt")]
        u: Option<u32>,
    }

    fn t(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn strings_and_numbers_are_both_accepted_exactly() {
        let v = t(r#"{"a":"0.060810502283105022","n":"0","t":"1759989600000","p":"-0.5","b":"true","u":"7"}"#).unwrap();
        assert_eq!(v.a.unwrap().to_string(), "0.060810502283105022");
        assert_eq!(v.n, Some(0));
        assert_eq!(v.t, Some(UnixMillis(1_759_989_600_000)));
        assert_eq!(v.p.unwrap().to_string(), "-0.5");
        assert_eq!(v.b, Some(true));
        assert_eq!(v.u, Some(7));
        let v = t(r#"{"a":12,"n":7,"t":1759989600000,"b":false,"u":3}"#).unwrap();
        assert_eq!(v.a.unwrap().to_string(), "12");
        assert_eq!(v.n, Some(7));
        assert_eq!(v.b, Some(false));
    }

    #[test]
    fn empty_and_null_are_none_and_floats_are_refused() {
        let v = t(r#"{"a":"","n":"","t":null,"p":""}"#).unwrap();
        assert!(v.a.is_none() && v.n.is_none() && v.t.is_none() && v.p.is_none());
        assert!(t("{}").unwrap().a.is_none());
        assert!(t(r#"{"a":0.1}"#).is_err());
        assert!(t(r#"{"a":"1e-5"}"#).is_err());
        assert!(t(r#"{"a":"-1"}"#).is_err());
        assert!(t(r#"{"n":"x"}"#).is_err());
        assert!(t(r#"{"t":"-5"}"#).is_err());
        assert!(t(r#"{"u":"4294967296"}"#).is_err());
        assert!(t(r#"{"b":"maybe"}"#).is_err());
    }

    #[test]
    fn errors_quote_at_most_a_short_excerpt() {
        let long = "9".repeat(200);
        let err = t(&format!(r#"{{"u":"{long}"}}"#)).err().unwrap().to_string();
        assert!(err.len() < 160, "{err}");
    }
}
