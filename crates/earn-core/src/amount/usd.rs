//! [`UsdValue`]: a valuation in US dollars that says whether it was rounded.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

use super::parse::{MAX_FRACTIONAL_DIGITS, ParseDecimalError, Sign, parse_plain_decimal};
use super::serde_text::excerpt;

/// A valuation in US dollars, informational only (never an amount to send).
///
/// Venues report valuations with more digits than a [`Decimal`] holds (OKX Web3 sends
/// 34 significant digits). Such a value is rounded to 28 fractional digits **and says so**:
/// [`UsdValue::is_exact`] is false and [`UsdValue::original`] keeps the venue's text.
///
/// ```
/// use earn_core::UsdValue;
/// let v = UsdValue::parse("0.9993097704396316094231068522159962").unwrap();
/// assert!(!v.is_exact());
/// assert_eq!(v.original(), "0.9993097704396316094231068522159962");
/// assert_eq!(v.rounded().to_string(), "0.9993097704396316094231068522");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UsdValue {
    rounded: Decimal,
    /// The venue's text when it could not be held exactly.
    original: Option<Arc<str>>,
}

impl UsdValue {
    /// An exact valuation.
    pub fn exact(value: Decimal) -> Self {
        UsdValue { rounded: value, original: None }
    }

    /// Parses plain decimal text (a leading `-` allowed). Digits beyond what a `Decimal`
    /// holds are rounded half-to-even, and the original text is kept.
    pub fn parse(text: &str) -> Result<Self, ParseDecimalError> {
        match parse_plain_decimal(text, Sign::AllowNegative) {
            Ok(v) => Ok(UsdValue::exact(v)),
            Err(ParseDecimalError::TooManyFractionalDigits { .. } | ParseDecimalError::OutOfRange) => {
                Self::parse_rounded(text)
            }
            Err(e) => Err(e),
        }
    }

    fn parse_rounded(text: &str) -> Result<Self, ParseDecimalError> {
        let (int_part, frac) = text.split_once('.').unwrap_or((text, ""));
        // Syntax was validated by the strict parser up to its digit limits; re-check cheaply.
        let digits_ok = frac.bytes().all(|b| b.is_ascii_digit());
        if !digits_ok {
            return Err(ParseDecimalError::InvalidCharacter { found: '.', at: int_part.len() });
        }
        let keep = &frac[..frac.len().min(MAX_FRACTIONAL_DIGITS as usize + 1)];
        let mut rounded = Decimal::from_str(&format!("{int_part}.{keep}"))
            .or_else(|_| Decimal::from_str(int_part))
            .map_err(|_| ParseDecimalError::OutOfRange)?;
        rounded =
            rounded.round_dp_with_strategy(MAX_FRACTIONAL_DIGITS, rust_decimal::RoundingStrategy::MidpointNearestEven);
        Ok(UsdValue { rounded, original: Some(Arc::from(text)) })
    }

    /// Whether the value is held exactly as the venue sent it.
    pub fn is_exact(&self) -> bool {
        self.original.is_none()
    }

    /// The value, rounded if [`is_exact`](Self::is_exact) is false.
    pub fn rounded(&self) -> Decimal {
        self.rounded
    }

    /// The exact value, or `None` if it had to be rounded.
    pub fn exact_value(&self) -> Option<Decimal> {
        self.is_exact().then_some(self.rounded)
    }

    /// The venue's original text (or the exact value's text).
    pub fn original(&self) -> String {
        match &self.original {
            Some(t) => t.to_string(),
            None => self.rounded.to_string(),
        }
    }
}

impl fmt::Display for UsdValue {
    /// Writes the venue's original digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.original {
            Some(t) => f.write_str(t),
            None => fmt::Display::fmt(&self.rounded, f),
        }
    }
}

impl fmt::Debug for UsdValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_exact() {
            write!(f, "UsdValue({})", self.rounded)
        } else {
            write!(f, "UsdValue(~{} from {:?})", self.rounded, excerpt(&self.original()))
        }
    }
}

impl Serialize for UsdValue {
    /// Serialized as the original text, so no digit is lost on a round trip.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for UsdValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = UsdValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a USD valuation as a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<UsdValue, E> {
                UsdValue::parse(v).map_err(|e| E::custom(format_args!("{:?}: {e}", excerpt(v))))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<UsdValue, E> {
                Ok(UsdValue::exact(Decimal::from(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<UsdValue, E> {
                Ok(UsdValue::exact(Decimal::from(v)))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_round_and_keep_text() {
        let text = "10076.999426431322729394061370751783986";
        let v = UsdValue::parse(text).unwrap();
        assert!(!v.is_exact());
        assert_eq!(v.to_string(), text);
        assert_eq!(v.exact_value(), None);
        assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{text}\""));
        let back: UsdValue = serde_json::from_str(&format!("\"{text}\"")).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn short_values_are_exact() {
        let v = UsdValue::parse("4.31").unwrap();
        assert!(v.is_exact());
        assert_eq!(v.exact_value().unwrap().to_string(), "4.31");
        assert!(UsdValue::parse("1e5").is_err());
        assert!(UsdValue::parse("").is_err());
        assert!(UsdValue::parse("1.2.3456789012345678901234567890").is_err());
    }
}
