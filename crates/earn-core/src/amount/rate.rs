//! [`Rate`]: an annual yield held as a fraction (`0.05` means 5 %).

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::parse::{ParseDecimalError, Sign, parse_plain_decimal};
use super::serde_text::DecimalVisitor;

/// A yearly rate (APR or APY) held as a **fraction**: `0.05` means 5 %.
///
/// Venues write rates both ways (OKX `"0.0312"`, Bybit `"3%"`); construct with the
/// constructor that says which one you have. Rates may be negative.
///
/// ```
/// use earn_core::Rate;
/// let a = Rate::parse_fraction("0.05").unwrap();
/// let b = Rate::parse_percent("5%").unwrap();
/// assert_eq!(a, b);
/// assert_eq!(b.to_string(), "0.05");
/// assert_eq!(b.percent().to_string(), "5");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Rate(Decimal);

impl Rate {
    /// A rate from a fraction (`0.05` = 5 %).
    pub fn from_fraction(fraction: Decimal) -> Self {
        Rate(fraction)
    }

    /// A rate from a percentage (`5` = 5 %); `None` if dividing by 100 would lose digits.
    pub fn from_percent(percent: Decimal) -> Option<Self> {
        let mut fraction = percent;
        fraction.set_scale(percent.scale() + 2).ok()?;
        Some(Rate(fraction))
    }

    /// Parses fraction text such as `"0.0312"` exactly.
    pub fn parse_fraction(text: &str) -> Result<Self, ParseDecimalError> {
        parse_plain_decimal(text, Sign::AllowNegative).map(Rate)
    }

    /// Parses percent text such as `"3%"`, `"4.25%"` or `"4.25"` exactly.
    pub fn parse_percent(text: &str) -> Result<Self, ParseDecimalError> {
        let digits = text.strip_suffix('%').unwrap_or(text);
        let percent = parse_plain_decimal(digits, Sign::AllowNegative)?;
        Rate::from_percent(percent)
            .ok_or(ParseDecimalError::TooManyFractionalDigits { found: percent.scale() as usize + 2 })
    }

    /// The fraction (`0.05` for 5 %).
    pub fn fraction(&self) -> Decimal {
        self.0
    }

    /// The percentage (`5` for 5 %), trailing zeros dropped.
    pub fn percent(&self) -> Decimal {
        (self.0 * Decimal::ONE_HUNDRED).normalize()
    }
}

impl fmt::Display for Rate {
    /// Writes the fraction; use [`Rate::percent`] for a percentage.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rate({}%)", self.percent())
    }
}

impl Serialize for Rate {
    /// Serialized as fraction text.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Rate {
    /// Deserialized from fraction text; percent fields need [`Rate::parse_percent`].
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DecimalVisitor { sign: Sign::AllowNegative, what: "a rate fraction" }).map(Rate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_and_fraction_agree() {
        assert_eq!(Rate::parse_percent("4.25%").unwrap(), Rate::parse_fraction("0.0425").unwrap());
        assert_eq!(Rate::parse_percent("3").unwrap().to_string(), "0.03");
        assert_eq!(Rate::parse_fraction("0.1767").unwrap().percent().to_string(), "17.67");
        assert!(Rate::parse_percent("%").is_err());
        assert!(Rate::parse_percent("3 %").is_err());
        assert!(Rate::parse_fraction("3%").is_err());
        assert_eq!(Rate::parse_fraction("-0.01").unwrap().percent().to_string(), "-1");
    }
}
