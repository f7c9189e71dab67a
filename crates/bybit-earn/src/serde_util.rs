//! Serde helpers for Bybit's loosely typed JSON.
//!
//! Bybit sends the same kind of value sometimes as a string and sometimes as a number
//! (`redeemProcessingMinute`, `term`, ids), and `""` where a value is absent. These helpers
//! accept both forms, turn `""` into `None`, and never let a value pass through a float:
//! a fractional JSON number is refused rather than rounded.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use earn_core::{Amount, UnixMillis};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};

use crate::apr::{AprText, E8};

/// One JSON scalar, read without any float conversion.
enum Scalar {
    Null,
    Text(String),
    Int(i128),
    Bool(bool),
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, an integer, a boolean or null")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Text(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Int(i128::from(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Int(i128::from(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Scalar, E> {
        Err(E::custom("a fractional JSON number cannot be read exactly; expected a string"))
    }
    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

/// Reads a scalar; `null` and `""` (after trimming nothing) become `None`.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Scalar>, D::Error> {
    Ok(match d.deserialize_any(ScalarVisitor)? {
        Scalar::Null => None,
        Scalar::Text(t) if t.is_empty() => None,
        other => Some(other),
    })
}

fn short(v: &str) -> String {
    v.chars().take(40).collect()
}

/// `Option<Amount>` from a decimal string or an integer; `""`/`null`/absent → `None`.
pub(crate) fn opt_amount<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Amount>, D::Error> {
    match present(d)? {
        None | Some(Scalar::Null) => Ok(None),
        Some(Scalar::Text(t)) => {
            Amount::parse(&t).map(Some).map_err(|e| de::Error::custom(format_args!("amount {:?}: {e}", short(&t))))
        }
        Some(Scalar::Int(i)) => u64::try_from(i)
            .map(|v| Some(Amount::from(v)))
            .map_err(|_| de::Error::custom(format_args!("amount {i} must be a non-negative integer below 2^64"))),
        Some(Scalar::Bool(_)) => Err(de::Error::custom("amount: expected a decimal string, found a boolean")),
    }
}

/// A required [`Amount`] (string or integer).
pub(crate) fn amount<'de, D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
    opt_amount(d)?.ok_or_else(|| de::Error::custom("amount: expected a decimal, found an empty value"))
}

/// `Option<Decimal>` that may be negative (profit and loss).
pub(crate) fn opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    match present(d)? {
        None | Some(Scalar::Null) => Ok(None),
        Some(Scalar::Text(t)) => earn_core::parse_plain_decimal(&t, earn_core::Sign::AllowNegative)
            .map(Some)
            .map_err(|e| de::Error::custom(format_args!("decimal {:?}: {e}", short(&t)))),
        Some(Scalar::Int(i)) => Decimal::try_from_i128_with_scale(i, 0)
            .map(Some)
            .map_err(|_| de::Error::custom(format_args!("decimal {i} out of range"))),
        Some(Scalar::Bool(_)) => Err(de::Error::custom("decimal: expected a string, found a boolean")),
    }
}

fn int_from(s: Scalar, what: &str) -> Result<i128, String> {
    match s {
        Scalar::Int(i) => Ok(i),
        Scalar::Text(t) => t.parse::<i128>().map_err(|_| format!("{what} {:?} is not an integer", short(&t))),
        Scalar::Bool(_) => Err(format!("{what}: expected an integer, found a boolean")),
        Scalar::Null => Err(format!("{what}: missing")),
    }
}

/// `Option<i64>` from a string or a number; `""` → `None`.
pub(crate) fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match present(d)? {
        None => Ok(None),
        Some(s) => {
            let i = int_from(s, "integer").map_err(de::Error::custom)?;
            i64::try_from(i).map(Some).map_err(|_| de::Error::custom(format_args!("integer {i} out of range")))
        }
    }
}

/// `Option<u32>` from a string or a number; `""` → `None`.
pub(crate) fn opt_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    match opt_i64(d)? {
        None => Ok(None),
        Some(i) => u32::try_from(i).map(Some).map_err(|_| de::Error::custom(format_args!("{i} is not a u32"))),
    }
}

/// `Option<UnixMillis>` from a string or a number of milliseconds; `""` → `None`.
pub(crate) fn opt_millis<'de, D: Deserializer<'de>>(d: D) -> Result<Option<UnixMillis>, D::Error> {
    Ok(opt_i64(d)?.map(UnixMillis))
}

/// A required identifier sent as a string or an integer, kept as text.
pub(crate) fn id_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(opt_id_string(d)?.unwrap_or_default())
}

/// An optional identifier sent as a string or an integer; `""` → `None`.
pub(crate) fn opt_id_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match present(d)? {
        None => Ok(None),
        Some(Scalar::Text(t)) => Ok(Some(t)),
        Some(Scalar::Int(i)) => Ok(Some(i.to_string())),
        Some(Scalar::Bool(_)) => Err(de::Error::custom("identifier: expected a string or integer, found a boolean")),
        Some(Scalar::Null) => Ok(None),
    }
}

/// `Option<String>` with `""` → `None`.
pub(crate) fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    opt_id_string(d)
}

/// `Option<bool>` from a boolean or `"true"`/`"false"`.
pub(crate) fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match present(d)? {
        None => Ok(None),
        Some(Scalar::Bool(b)) => Ok(Some(b)),
        Some(Scalar::Text(t)) if t.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Scalar::Text(t)) if t.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(Scalar::Int(0)) => Ok(Some(false)),
        Some(Scalar::Int(1)) => Ok(Some(true)),
        Some(_) => Err(de::Error::custom("expected a boolean")),
    }
}

/// Any JSON value kept as its raw text (shapes the reference leaves open); `null` → `None`.
pub(crate) fn opt_raw_json<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let raw = <Option<Box<serde_json::value::RawValue>> as serde::Deserialize>::deserialize(d)?;
    Ok(raw.map(|r| r.get().to_owned()).filter(|t| t != "null"))
}

/// A result that is either `{"list":[…]}` or a single object.
#[derive(serde::Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrList<T> {
    /// `{"list":[…]}`.
    List {
        /// Items.
        list: Vec<T>,
    },
    /// One object.
    One(T),
}

impl<T> OneOrList<T> {
    pub(crate) fn into_vec(self) -> Vec<T> {
        match self {
            OneOrList::List { list } => list,
            OneOrList::One(t) => vec![t],
        }
    }
}

/// An optional venue enum; `""` → `None`, unknown text kept by the enum's `Unknown` variant.
pub(crate) fn opt_enum<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr<Err = Infallible>,
{
    Ok(opt_string(d)?.map(|s| match T::from_str(&s) {
        Ok(v) => v,
        Err(never) => match never {},
    }))
}

/// An APR written as percent text (`"3%"`, `"4.25%"`, or a bare `"3"` meaning 3 %).
pub(crate) fn apr_percent<'de, D: Deserializer<'de>>(d: D) -> Result<Option<AprText>, D::Error> {
    Ok(opt_string(d)?.map(AprText::percent))
}

/// An APR whose format the venue does not fix: `"15%"` is percent, `"0.055"` a fraction.
pub(crate) fn apr_auto<'de, D: Deserializer<'de>>(d: D) -> Result<Option<AprText>, D::Error> {
    Ok(opt_string(d)?.map(AprText::auto))
}

/// A rate written as a decimal fraction (`"0.03"` = 3 %), raw text kept.
pub(crate) fn apr_fraction<'de, D: Deserializer<'de>>(d: D) -> Result<Option<AprText>, D::Error> {
    Ok(opt_string(d)?.map(AprText::fraction))
}

/// An "e8 precision" integer (`aprE8`, `mintFeeRateE8`), string or number.
pub(crate) fn opt_e8<'de, D: Deserializer<'de>>(d: D) -> Result<Option<E8>, D::Error> {
    Ok(opt_i64(d)?.map(E8))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "opt_amount")]
        a: Option<Amount>,
        #[serde(default, deserialize_with = "opt_i64")]
        n: Option<i64>,
        #[serde(default, deserialize_with = "opt_millis")]
        t: Option<UnixMillis>,
        #[serde(default, deserialize_with = "opt_decimal")]
        p: Option<Decimal>,
        #[serde(default, deserialize_with = "opt_e8")]
        e8: Option<E8>,
        #[serde(default, deserialize_with = "opt_bool")]
        b: Option<bool>,
    }

    fn t(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn strings_and_numbers_are_both_accepted_exactly() {
        let v = t(r#"{"a":"0.060810502283105022","n":"0","t":"1759989600000","p":"-0.5","e8":"250000000","b":"true"}"#)
            .unwrap();
        assert_eq!(v.a.unwrap().to_string(), "0.060810502283105022");
        assert_eq!(v.n, Some(0));
        assert_eq!(v.t, Some(UnixMillis(1_759_989_600_000)));
        assert_eq!(v.p.unwrap().to_string(), "-0.5");
        assert_eq!(v.e8.unwrap().scaled().to_string(), "2.50000000");
        assert_eq!(v.b, Some(true));
        let v = t(r#"{"a":12,"n":7,"t":1759989600000,"e8":250000000,"b":false}"#).unwrap();
        assert_eq!(v.a.unwrap().to_string(), "12");
        assert_eq!(v.n, Some(7));
        assert_eq!(v.t, Some(UnixMillis(1_759_989_600_000)));
        assert_eq!(v.b, Some(false));
    }

    #[test]
    fn empty_and_null_are_none_and_floats_are_refused() {
        let v = t(r#"{"a":"","n":"","t":null,"p":""}"#).unwrap();
        assert!(v.a.is_none() && v.n.is_none() && v.t.is_none() && v.p.is_none());
        let v = t("{}").unwrap();
        assert!(v.a.is_none());
        assert!(t(r#"{"a":0.1}"#).is_err());
        assert!(t(r#"{"a":"1e-5"}"#).is_err());
        assert!(t(r#"{"a":"-1"}"#).is_err());
        assert!(t(r#"{"n":"x"}"#).is_err());
    }
}
