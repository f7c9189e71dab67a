//! [`TokenAmount`]: an on-chain token quantity as exact integer base units.

use std::fmt;

pub use ruint::aliases::U256;

use super::parse::ParseDecimalError;
use super::quantity::Amount;

/// An on-chain token quantity: exact unsigned 256-bit base units plus the token's decimals.
///
/// `1.5` of an 18-decimal token is `1500000000000000000` base units. Any uint256 fits,
/// including quantities (100 billion SHIB at 18 decimals) that exceed a `Decimal`.
///
/// ```
/// use earn_core::TokenAmount;
/// let t = TokenAmount::parse_units("1.5", 18).unwrap();
/// assert_eq!(t.base_units().to_string(), "1500000000000000000");
/// assert_eq!(t.to_string(), "1.5");
/// assert!(TokenAmount::parse_units("0.0000001", 6).is_err()); // more digits than decimals
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "TokenAmountJson", into = "TokenAmountJson")]
pub struct TokenAmount {
    units: U256,
    decimals: u8,
}

/// The JSON form of a [`TokenAmount`]: `{"units": "<decimal digits>", "decimals": 18}`.
#[derive(serde::Serialize, serde::Deserialize)]
struct TokenAmountJson {
    #[serde(with = "crate::model::serde_u256")]
    units: U256,
    decimals: u8,
}

impl From<TokenAmount> for TokenAmountJson {
    fn from(t: TokenAmount) -> Self {
        TokenAmountJson { units: t.units, decimals: t.decimals }
    }
}

impl TryFrom<TokenAmountJson> for TokenAmount {
    type Error = String;
    fn try_from(j: TokenAmountJson) -> Result<Self, String> {
        TokenAmount::from_base_units(j.units, j.decimals)
            .ok_or_else(|| format!("decimals must be at most {}", TokenAmount::MAX_DECIMALS))
    }
}

impl TokenAmount {
    /// Largest `decimals` accepted (10^77 still fits in 256 bits).
    pub const MAX_DECIMALS: u8 = 77;

    /// From base units and decimals; `None` if `decimals` exceeds [`Self::MAX_DECIMALS`].
    pub fn from_base_units(units: U256, decimals: u8) -> Option<Self> {
        (decimals <= Self::MAX_DECIMALS).then_some(TokenAmount { units, decimals })
    }

    /// Parses human-unit text (`"1.5"`) for a token with `decimals` decimals, exactly.
    ///
    /// Accepts plain decimal text; also the Java-style `0E-18` zero some venues send.
    /// More fractional digits than `decimals` is an error, never a rounding.
    pub fn parse_units(text: &str, decimals: u8) -> Result<Self, ParseDecimalError> {
        if decimals > Self::MAX_DECIMALS {
            return Err(ParseDecimalError::OutOfRange);
        }
        let text = normalize_java_zero(text);
        if text.is_empty() {
            return Err(ParseDecimalError::Empty);
        }
        let (int_part, frac) = match text.split_once('.') {
            Some((i, f)) => (i, f),
            None => (text, ""),
        };
        for (i, c) in text.char_indices() {
            if !(c.is_ascii_digit() || (c == '.' && i == int_part.len())) {
                return Err(if c == '-' {
                    ParseDecimalError::Negative
                } else {
                    ParseDecimalError::InvalidCharacter { found: c, at: i }
                });
            }
        }
        if int_part.is_empty() || (text.contains('.') && frac.is_empty()) {
            return Err(ParseDecimalError::MissingDigits);
        }
        let significant = frac.trim_end_matches('0');
        if significant.len() > decimals as usize {
            return Err(ParseDecimalError::TooManyFractionalDigits { found: significant.len() });
        }
        let mut digits = String::with_capacity(int_part.len() + decimals as usize);
        digits.push_str(int_part);
        digits.push_str(significant);
        digits.extend(std::iter::repeat_n('0', decimals as usize - significant.len()));
        let units = U256::from_str_radix(&digits, 10).map_err(|_| ParseDecimalError::OutOfRange)?;
        Ok(TokenAmount { units, decimals })
    }

    /// The exact base units.
    pub fn base_units(&self) -> U256 {
        self.units
    }

    /// The token's decimals.
    pub fn decimals(&self) -> u8 {
        self.decimals
    }

    /// The exact value as an [`Amount`], or `None` if it does not fit a `Decimal`.
    pub fn to_amount(&self) -> Option<Amount> {
        Amount::parse(&self.to_string()).ok()
    }

    /// The amount as a token quantity with `decimals`, or `None` if it has more
    /// fractional digits than the token allows or does not fit 256 bits.
    pub fn from_amount(amount: Amount, decimals: u8) -> Option<Self> {
        Self::parse_units(&amount.to_string(), decimals).ok()
    }
}

fn normalize_java_zero(text: &str) -> &str {
    // Java BigDecimal prints a zero with scale n as "0E-n"; it is exactly zero.
    match text.strip_prefix("0E-") {
        Some(rest) if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) => "0",
        _ => text,
    }
}

impl fmt::Display for TokenAmount {
    /// Writes human units exactly, trailing zeros dropped (`1500000000000000000`/18 → `1.5`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.units.to_string();
        let d = self.decimals as usize;
        if d == 0 {
            return f.write_str(&digits);
        }
        let padded = if digits.len() <= d { format!("{}{digits}", "0".repeat(d + 1 - digits.len())) } else { digits };
        let (int_part, frac) = padded.split_at(padded.len() - d);
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() { f.write_str(int_part) } else { write!(f, "{int_part}.{frac}") }
    }
}

impl fmt::Debug for TokenAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenAmount({} = {} units / 10^{})", self, self.units, self.decimals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_supplies_fit() {
        // 100 billion SHIB at 18 decimals exceeds Decimal but not uint256.
        let t = TokenAmount::parse_units("100000000000.123456789012345678", 18).unwrap();
        assert_eq!(t.base_units().to_string(), "100000000000123456789012345678");
        assert_eq!(t.to_string(), "100000000000.123456789012345678");
        assert_eq!(t.to_amount(), None);
        let max = TokenAmount::from_base_units(U256::MAX, 18).unwrap();
        let back = TokenAmount::parse_units(&max.to_string(), 18).unwrap();
        assert_eq!(back.base_units(), U256::MAX);
    }

    #[test]
    fn edge_texts() {
        assert_eq!(TokenAmount::parse_units("0E-18", 18).unwrap().base_units(), U256::ZERO);
        assert_eq!(TokenAmount::parse_units("0.000000000000000001", 18).unwrap().base_units(), U256::from(1));
        assert_eq!(TokenAmount::parse_units("1.000", 0).unwrap().base_units(), U256::from(1));
        assert!(TokenAmount::parse_units("1e5", 18).is_err());
        assert!(TokenAmount::parse_units("-1", 18).is_err());
        assert!(TokenAmount::parse_units(".1", 18).is_err());
        assert!(TokenAmount::parse_units("1.", 18).is_err());
        assert!(TokenAmount::parse_units("0.0000001", 6).is_err());
        let too_big = format!("{}0", U256::MAX);
        assert!(TokenAmount::parse_units(&too_big, 0).is_err());
        assert_eq!(TokenAmount::from_base_units(U256::from(5), 0).unwrap().to_string(), "5");
        assert_eq!(TokenAmount::from_base_units(U256::from(5), 3).unwrap().to_string(), "0.005");
        assert_eq!(TokenAmount::from_base_units(U256::ZERO, 3).unwrap().to_string(), "0");
    }
}
