//! Wire conventions shared by every OKX model: numeric strings, `""` as "not applicable",
//! string enums that tolerate values added later, and the request checks.

use std::fmt;

use earn_core::{Amount, Error, Rate, Result, Sign, UnixMillis, parse_plain_decimal};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};

/// Most fractional digits accepted in a request amount.
///
/// OKX does not document the precision of `amt`; every documented example and every
/// balance it reports uses at most 8 decimals, so larger precision is refused locally
/// rather than risking a truncation at the venue.
pub const AMOUNT_MAX_DECIMALS: u32 = 8;

/// Largest `limit` any paginated OKX endpoint here accepts.
pub const MAX_PAGE_LIMIT: u32 = 100;

/// A type read from OKX's text form of a number.
pub(crate) trait FromWire: Sized {
    fn from_wire(text: &str) -> std::result::Result<Self, String>;
}

impl FromWire for Amount {
    fn from_wire(text: &str) -> std::result::Result<Self, String> {
        Amount::parse(text).map_err(|e| e.to_string())
    }
}

impl FromWire for Rate {
    fn from_wire(text: &str) -> std::result::Result<Self, String> {
        Rate::parse_fraction(text).map_err(|e| e.to_string())
    }
}

impl FromWire for Decimal {
    fn from_wire(text: &str) -> std::result::Result<Self, String> {
        parse_plain_decimal(text, Sign::AllowNegative).map_err(|e| e.to_string())
    }
}

impl FromWire for UnixMillis {
    fn from_wire(text: &str) -> std::result::Result<Self, String> {
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err("Unix milliseconds must be plain digits".into());
        }
        text.parse::<i64>().map(UnixMillis).map_err(|e| e.to_string())
    }
}

impl FromWire for u32 {
    fn from_wire(text: &str) -> std::result::Result<Self, String> {
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err("expected a non-negative integer".into());
        }
        text.parse::<u32>().map_err(|e| e.to_string())
    }
}

/// Reads a numeric string (or integer): absent, `null` and `""` are `None`; fractional JSON
/// numbers are refused (they have been through a float).
pub(crate) fn opt<'de, D: Deserializer<'de>, T: FromWire>(d: D) -> std::result::Result<Option<T>, D::Error> {
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: FromWire> Visitor<'de> for V<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a numeric string, \"\" or null")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
            if v.is_empty() {
                return Ok(None);
            }
            T::from_wire(v).map(Some).map_err(|e| E::custom(format_args!("{:?}: {e}", short(v))))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
            self.visit_str(&v.to_string())
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Self::Value, E> {
            self.visit_str(&v.to_string())
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<Self::Value, E> {
            Err(E::custom("a fractional JSON number cannot be read exactly; OKX sends numbers as strings"))
        }
        fn visit_none<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> std::result::Result<Self::Value, D2::Error> {
            d.deserialize_any(self)
        }
    }
    d.deserialize_any(V(std::marker::PhantomData))
}

/// Reads a string field that may also arrive as a number or `null` (OKX `code`, ids).
pub(crate) fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<String, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or an integer")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_unit<E: de::Error>(self) -> std::result::Result<String, E> {
            Ok(String::new())
        }
    }
    d.deserialize_any(V)
}

fn short(v: &str) -> String {
    v.chars().take(40).collect()
}

/// Declares an OKX string enum: known values as variants, anything newer kept as `Other`.
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
            /// A value this crate does not know yet, kept verbatim.
            Other(String),
        }

        impl $name {
            /// The text OKX writes.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(s) => s,
                }
            }

            /// Reads OKX's text (letters compared case-insensitively).
            pub fn from_text(text: &str) -> Self {
                $(if text.eq_ignore_ascii_case($text) { return $name::$variant; })+
                $name::Other(text.to_owned())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                $crate::wire::lenient_string(d).map(|s| $name::from_text(&s))
            }
        }
    };
}
pub(crate) use text_enum;

/// Checks a request amount: above zero and at most [`AMOUNT_MAX_DECIMALS`] decimals.
pub(crate) fn check_amount(field: &str, amount: Amount) -> Result<()> {
    if amount.is_zero() {
        return Err(Error::invalid_input(field, "must be greater than zero"));
    }
    if amount.fractional_digits() > AMOUNT_MAX_DECIMALS {
        return Err(Error::invalid_input(
            field,
            format!(
                "{amount} has {} fractional digits; at most {AMOUNT_MAX_DECIMALS} allowed",
                amount.fractional_digits()
            ),
        ));
    }
    Ok(())
}

/// Checks an identifier sent to OKX (order ids, product ids, currencies): non-empty,
/// at most 64 characters, ASCII letters, digits, `-` and `_` only.
pub(crate) fn check_id(field: &str, id: &str) -> Result<()> {
    if id.is_empty() {
        return Err(Error::invalid_input(field, "is required and must not be empty"));
    }
    if id.len() > 64 {
        return Err(Error::invalid_input(field, format!("must be at most 64 characters, got {}", id.len())));
    }
    if !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(Error::invalid_input(field, "may contain only ASCII letters, digits, '-' and '_'"));
    }
    Ok(())
}

/// Checks an optional identifier filter.
pub(crate) fn check_opt_id(field: &str, id: Option<&str>) -> Result<()> {
    id.map_or(Ok(()), |id| check_id(field, id))
}

/// Checks a page `limit`: 1 to [`MAX_PAGE_LIMIT`].
pub(crate) fn check_limit(limit: Option<u32>) -> Result<()> {
    match limit {
        Some(l) if l == 0 || l > MAX_PAGE_LIMIT => {
            Err(Error::invalid_input("limit", format!("must be between 1 and {MAX_PAGE_LIMIT}, got {l}")))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Default)]
    struct Row {
        #[serde(default, deserialize_with = "opt")]
        amt: Option<Amount>,
        #[serde(default, deserialize_with = "opt")]
        ts: Option<UnixMillis>,
    }

    #[test]
    fn empty_text_and_absence_are_none() {
        let r: Row = serde_json::from_str(r#"{"amt":"","ts":null}"#).unwrap();
        assert!(r.amt.is_none() && r.ts.is_none());
        let r: Row = serde_json::from_str("{}").unwrap();
        assert!(r.amt.is_none());
        let r: Row = serde_json::from_str(r#"{"amt":"0.62666630","ts":"1683413171000"}"#).unwrap();
        assert_eq!(r.amt.unwrap().to_string(), "0.62666630");
        assert_eq!(r.ts.unwrap(), UnixMillis(1_683_413_171_000));
        assert!(serde_json::from_str::<Row>(r#"{"amt":0.5}"#).is_err());
        assert!(serde_json::from_str::<Row>(r#"{"amt":"1e-7"}"#).is_err());
        assert!(serde_json::from_str::<Row>(r#"{"ts":"-5"}"#).is_err());
    }

    #[test]
    fn amount_and_limit_rules_name_the_field() {
        let a = |s: &str| Amount::parse(s).unwrap();
        assert!(check_amount("amt", a("0.00000001")).is_ok());
        assert!(check_amount("amt", a("0")).unwrap_err().to_string().contains("`amt`"));
        assert!(check_amount("amt", a("0.000000001")).unwrap_err().to_string().contains("at most 8"));
        assert!(check_limit(Some(101)).is_err());
        assert!(check_limit(Some(0)).is_err());
        assert!(check_limit(Some(100)).is_ok());
        assert!(check_id("ordId", "12a-_").is_ok());
        assert!(check_id("ordId", "1&x=2").is_err());
        assert!(check_id("ordId", "").is_err());
    }
}
