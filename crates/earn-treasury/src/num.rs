//! Exact decimal helpers: rounding to a product's precision, basis points, text serde.
//!
//! Nothing here touches a float.

use earn_core::{Amount, Rate};
use rust_decimal::{Decimal, RoundingStrategy};

/// Basis points in one whole (1 = 10 000 bp).
pub(crate) const BP_PER_ONE: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);

/// A rate in basis points (`0.0525` → `525`), exact.
pub(crate) fn bp(rate: Rate) -> Decimal {
    rate.fraction() * BP_PER_ONE
}

/// `amount` rounded down to `precision` fractional digits (unchanged when `None`).
pub(crate) fn round_down(amount: Decimal, precision: Option<u32>) -> Decimal {
    match precision {
        Some(p) if amount.scale() > p => amount.round_dp_with_strategy(p, RoundingStrategy::ToZero),
        _ => amount,
    }
}

/// `amount` rounded up to `precision` fractional digits (unchanged when `None`).
pub(crate) fn round_up(amount: Decimal, precision: Option<u32>) -> Decimal {
    match precision {
        Some(p) if amount.scale() > p => amount.round_dp_with_strategy(p, RoundingStrategy::AwayFromZero),
        _ => amount,
    }
}

/// The coarser of two precisions (fewer digits wins; `None` is unlimited).
pub(crate) fn coarser(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// A non-negative decimal as an [`Amount`], normalized (`1.50` → `1.5`); zero for negatives.
pub(crate) fn amount(d: Decimal) -> Amount {
    Amount::new(d.normalize()).unwrap_or(Amount::ZERO)
}

/// `max(a - b, 0)`.
pub(crate) fn sub_floor(a: Decimal, b: Decimal) -> Decimal {
    if a > b { a - b } else { Decimal::ZERO }
}

/// Serde for a [`Decimal`] as plain text (`"-12.5"`), read back exactly: strings or
/// integers, never floats.
pub(crate) mod decimal_text {
    use std::fmt;

    use earn_core::{Sign, parse_plain_decimal};
    use rust_decimal::Decimal;
    use serde::{Deserializer, Serializer, de};

    pub(crate) fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal as a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
                parse_plain_decimal(v, Sign::AllowNegative).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
                Ok(Decimal::from(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
                Ok(Decimal::from(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounding_is_directional_and_exact() {
        assert_eq!(round_down(d("1.239"), Some(2)), d("1.23"));
        assert_eq!(round_up(d("1.231"), Some(2)), d("1.24"));
        assert_eq!(round_down(d("1.2"), Some(2)), d("1.2"));
        assert_eq!(round_down(d("7.9"), Some(0)), d("7"));
        assert_eq!(round_down(d("7.9"), None), d("7.9"));
        assert_eq!(bp(Rate::parse_fraction("0.0525").unwrap()), d("525"));
        assert_eq!(bp(Rate::parse_fraction("0.00001").unwrap()), d("0.1"));
        assert_eq!(coarser(Some(8), Some(2)), Some(2));
        assert_eq!(coarser(None, Some(2)), Some(2));
        assert_eq!(sub_floor(d("1"), d("2")), Decimal::ZERO);
    }
}
