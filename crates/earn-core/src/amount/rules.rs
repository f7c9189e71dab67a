//! [`AmountRules`]: a product's limits, checked locally before any request.

use serde::{Deserialize, Serialize};

use super::quantity::Amount;
use crate::Error;

/// A product's amount limits: minimum, maximum and decimal precision.
///
/// ```
/// use earn_core::{Amount, AmountRules};
/// let rules = AmountRules { min: Some("0.01".parse().unwrap()), max: None, precision: Some(2) };
/// assert!(rules.check("amount", "0.5".parse().unwrap()).is_ok());
/// let err = rules.check("amount", "0.005".parse().unwrap()).unwrap_err();
/// assert!(err.to_string().contains("amount"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmountRules {
    /// Smallest accepted amount, inclusive.
    pub min: Option<Amount>,
    /// Largest accepted amount, inclusive.
    pub max: Option<Amount>,
    /// Most fractional digits accepted.
    pub precision: Option<u32>,
}

impl AmountRules {
    /// Checks `amount` against the rules and that it is above zero.
    ///
    /// The error names `field` and the rule that failed.
    pub fn check(&self, field: &str, amount: Amount) -> Result<(), Error> {
        if amount.is_zero() {
            return Err(Error::invalid_input(field, "must be greater than zero"));
        }
        if let Some(p) = self.precision
            && amount.fractional_digits() > p
        {
            return Err(Error::invalid_input(
                field,
                format!("{amount} has {} fractional digits; at most {p} allowed", amount.fractional_digits()),
            ));
        }
        if let Some(min) = self.min
            && amount < min
        {
            return Err(Error::invalid_input(field, format!("{amount} is below the minimum {min}")));
        }
        if let Some(max) = self.max
            && amount > max
        {
            return Err(Error::invalid_input(field, format!("{amount} is above the maximum {max}")));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> Amount {
        s.parse().unwrap()
    }

    #[test]
    fn each_rule_names_itself() {
        let r = AmountRules { min: Some(a("1")), max: Some(a("10")), precision: Some(2) };
        assert!(r.check("amt", a("1")).is_ok());
        assert!(r.check("amt", a("10.00")).is_ok());
        let msg = |s| r.check("amt", a(s)).unwrap_err().to_string();
        assert!(msg("0").contains("greater than zero"));
        assert!(msg("0.5").contains("below the minimum 1"));
        assert!(msg("10.01").contains("above the maximum 10"));
        assert!(msg("1.001").contains("at most 2"));
        assert!(msg("1.001").contains("amt"));
    }
}
