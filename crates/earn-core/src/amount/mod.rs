//! Exact money types: nothing here ever passes through a float.

mod parse;
mod quantity;
mod rate;
mod rules;
mod serde_text;
mod token;
mod usd;

pub use parse::{MAX_FRACTIONAL_DIGITS, ParseDecimalError, Sign, format_plain, parse_plain_decimal};
pub use quantity::Amount;
pub use rate::Rate;
pub use rules::AmountRules;
pub use token::{TokenAmount, U256};
pub use usd::UsdValue;

/// A quantity that is either an exact decimal [`Amount`] or exact on-chain base units.
///
/// Custodial venues report decimals; on-chain positions can exceed a `Decimal` and are
/// kept as [`TokenAmount`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// An exact decimal quantity.
    Decimal(Amount),
    /// Exact base units with the token's decimals.
    Token(TokenAmount),
}

impl Quantity {
    /// The quantity as an exact [`Amount`], or `None` if it does not fit a `Decimal`.
    pub fn to_amount(&self) -> Option<Amount> {
        match self {
            Quantity::Decimal(a) => Some(*a),
            Quantity::Token(t) => t.to_amount(),
        }
    }

    /// Whether the quantity is zero.
    pub fn is_zero(&self) -> bool {
        match self {
            Quantity::Decimal(a) => a.is_zero(),
            Quantity::Token(t) => t.base_units().is_zero(),
        }
    }
}

impl From<Amount> for Quantity {
    fn from(a: Amount) -> Self {
        Quantity::Decimal(a)
    }
}

impl From<TokenAmount> for Quantity {
    fn from(t: TokenAmount) -> Self {
        Quantity::Token(t)
    }
}

impl std::fmt::Display for Quantity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Quantity::Decimal(a) => std::fmt::Display::fmt(a, f),
            Quantity::Token(t) => std::fmt::Display::fmt(t, f),
        }
    }
}
