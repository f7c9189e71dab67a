//! [`Amount`]: an exact, non-negative quantity of an asset.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::parse::{ParseDecimalError, Sign, parse_plain_decimal};
use super::serde_text::DecimalVisitor;

/// An exact, non-negative quantity of an asset (`0.1` is exactly one tenth).
///
/// Parsed only from plain decimal text (see [`Amount::parse`]); printed and serialized as
/// the same plain text, never with an exponent and never through a float.
///
/// ```
/// use earn_core::Amount;
/// let a: Amount = "0.1".parse().unwrap();
/// assert_eq!(a.to_string(), "0.1");
/// assert!("1e-7".parse::<Amount>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Amount(Decimal);

impl Amount {
    /// Zero.
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// Parses plain decimal text exactly; never rounds.
    pub fn parse(text: &str) -> Result<Self, ParseDecimalError> {
        parse_plain_decimal(text, Sign::NonNegative).map(Amount)
    }

    /// Wraps a decimal; `None` when it is negative.
    pub fn new(value: Decimal) -> Option<Self> {
        (!value.is_sign_negative() || value.is_zero()).then(|| Amount(value.abs()))
    }

    /// The exact decimal value.
    pub fn decimal(&self) -> Decimal {
        self.0
    }

    /// Whether this is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// Digits after the decimal point once trailing zeros are dropped (`1.50` → 1).
    pub fn fractional_digits(&self) -> u32 {
        self.0.normalize().scale()
    }

    /// The same value with trailing fractional zeros removed (`1.50` → `1.5`).
    pub fn normalized(&self) -> Self {
        Amount(self.0.normalize())
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(&self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }

    /// `self - other`, or `None` when the result would be negative.
    pub fn checked_sub(&self, other: Amount) -> Option<Amount> {
        self.0.checked_sub(other.0).and_then(Amount::new)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({})", self.0)
    }
}

impl FromStr for Amount {
    type Err = ParseDecimalError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Amount::parse(s)
    }
}

impl TryFrom<Decimal> for Amount {
    type Error = ParseDecimalError;
    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        Amount::new(value).ok_or(ParseDecimalError::Negative)
    }
}

impl From<u64> for Amount {
    fn from(value: u64) -> Self {
        Amount(Decimal::from(value))
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(DecimalVisitor { sign: Sign::NonNegative, what: "a non-negative decimal amount" })
            .map(Amount)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_reads_strings_and_integers_exactly() {
        let a: Amount = serde_json::from_str("\"0.1\"").unwrap();
        assert_eq!(a.to_string(), "0.1");
        let b: Amount = serde_json::from_str("12").unwrap();
        assert_eq!(b, Amount::from(12));
        assert!(serde_json::from_str::<Amount>("0.1").is_err(), "fractional JSON numbers go through f64");
        assert!(serde_json::from_str::<Amount>("\"-1\"").is_err());
        assert!(serde_json::from_str::<Amount>("-1").is_err());
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"0.1\"");
    }

    #[test]
    fn arithmetic_stays_non_negative() {
        let a = Amount::parse("1.5").unwrap();
        let b = Amount::parse("2").unwrap();
        assert_eq!(a.checked_sub(b), None);
        assert_eq!(b.checked_sub(a).unwrap().to_string(), "0.5");
        assert_eq!(a.checked_add(b).unwrap().to_string(), "3.5");
        assert_eq!(Amount::parse("1.500").unwrap().fractional_digits(), 1);
        assert_eq!(Amount::new(Decimal::NEGATIVE_ONE), None);
    }
}
