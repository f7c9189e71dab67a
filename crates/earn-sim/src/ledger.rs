//! Shared ledger helpers: exact balances and wire-format amounts.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;

/// Balances of one account, by asset symbol. Never negative.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Balances {
    by_asset: BTreeMap<String, Decimal>,
}

/// A debit larger than the balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Insufficient;

impl Balances {
    pub(crate) fn from_seed(seed: &BTreeMap<String, Decimal>) -> Self {
        Balances { by_asset: seed.clone() }
    }

    /// Balance of `asset` (zero when never credited).
    pub(crate) fn get(&self, asset: &str) -> Decimal {
        self.by_asset.get(asset).copied().unwrap_or(Decimal::ZERO)
    }

    pub(crate) fn credit(&mut self, asset: &str, amount: Decimal) -> Decimal {
        let entry = self.by_asset.entry(asset.to_owned()).or_default();
        *entry += amount;
        *entry
    }

    /// Debits `amount`, or leaves the balance untouched when it is too small.
    pub(crate) fn debit(&mut self, asset: &str, amount: Decimal) -> Result<Decimal, Insufficient> {
        let current = self.get(asset);
        if current < amount {
            return Err(Insufficient);
        }
        let left = current - amount;
        self.by_asset.insert(asset.to_owned(), left);
        Ok(left)
    }
}

/// Parses a wire amount: plain decimal digits with an optional fraction (`"10"`, `"0.35"`).
///
/// Rejects signs, exponents, spaces, empty parts and anything `Decimal` cannot hold exactly.
pub(crate) fn parse_amount(text: &str) -> Option<Decimal> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || (text.contains('.') && frac.is_empty()) {
        return None;
    }
    let value = Decimal::from_str(text).ok()?;
    // `Decimal` silently rounds what it cannot hold: accept only exact round trips.
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let canonical = match (int.is_empty(), frac.is_empty()) {
        (true, true) => "0".to_owned(),
        (true, false) => format!("0.{frac}"),
        (false, true) => int.to_owned(),
        (false, false) => format!("{int}.{frac}"),
    };
    (fmt_amount(value) == canonical).then_some(value)
}

/// Number of decimal places written in `text` (`"1.50"` → 2).
pub(crate) fn decimals_written(text: &str) -> u32 {
    text.split_once('.').map_or(0, |(_, frac)| u32::try_from(frac.len()).unwrap_or(u32::MAX))
}

/// Formats an amount for the wire: plain digits, no exponent, no trailing zeros.
pub(crate) fn fmt_amount(amount: Decimal) -> String {
    amount.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_plain_decimals() {
        assert_eq!(parse_amount("10"), Some(Decimal::from(10)));
        assert_eq!(parse_amount("0.35"), Some(Decimal::from_str("0.35").unwrap()));
        for bad in [
            "",
            "-1",
            "+1",
            "1e3",
            "1.",
            ".5",
            " 1",
            "1,5",
            "abc",
            "1.2.3",
            "99999999999999999999999999999999",
            "0.12345678901234567890123456789",
        ] {
            assert_eq!(parse_amount(bad), None, "{bad:?}");
        }
        assert_eq!(decimals_written("1.500"), 3);
        assert_eq!(fmt_amount(Decimal::from_str("1.500").unwrap()), "1.5");
    }

    #[test]
    fn debit_never_goes_negative() {
        let mut b = Balances::default();
        b.credit("ETH", Decimal::from(2));
        assert_eq!(b.debit("ETH", Decimal::from(3)), Err(Insufficient));
        assert_eq!(b.debit("ETH", Decimal::from(2)), Ok(Decimal::ZERO));
    }
}
