//! Serde plumbing shared by the exact decimal types: strings or integers, never floats.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};

use super::parse::{Sign, parse_plain_decimal};

/// Reads a JSON string of plain decimal text, or a JSON integer, exactly.
///
/// A JSON number with a fraction has already been turned into `f64` by the time a visitor
/// sees it, so it is refused instead of silently rounded.
pub(crate) struct DecimalVisitor {
    pub sign: Sign,
    pub what: &'static str,
}

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} as a string", self.what)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_plain_decimal(v, self.sign).map_err(|e| E::custom(format_args!("{:?}: {e}", excerpt(v))))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        if v < 0 && self.sign == Sign::NonNegative {
            return Err(E::custom(format_args!("{v}: must not be negative")));
        }
        Ok(Decimal::from(v))
    }

    fn visit_f64<E: de::Error>(self, _v: f64) -> Result<Decimal, E> {
        Err(E::custom(format_args!(
            "{} must be sent as a string: a fractional JSON number cannot be read exactly",
            self.what
        )))
    }
}

/// At most 40 characters of a value, for error messages.
pub(crate) fn excerpt(v: &str) -> String {
    if v.chars().count() <= 40 {
        v.to_owned()
    } else {
        let head: String = v.chars().take(40).collect();
        format!("{head}…")
    }
}
