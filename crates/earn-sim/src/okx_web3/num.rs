//! Exact fixed-point arithmetic on [`TokenAmount`] (uint256 units + scale), for USD
//! valuations and estimates. Products of two decimals keep every digit, as the real
//! venue's Java `BigDecimal` does (hence USD strings longer than 28 digits).

use earn_core::{TokenAmount, U256};

/// A decimal constant from the catalogue, scale = its number of fractional digits.
pub(crate) fn fixed(text: &str) -> TokenAmount {
    let scale = text.split_once('.').map_or(0, |(_, frac)| frac.len());
    let scale = u8::try_from(scale).unwrap_or(TokenAmount::MAX_DECIMALS);
    TokenAmount::parse_units(text, scale).unwrap_or_else(|_| zero(0))
}

/// Zero at a scale.
pub(crate) fn zero(scale: u8) -> TokenAmount {
    units(U256::ZERO, scale)
}

/// From units and a scale capped at [`TokenAmount::MAX_DECIMALS`].
pub(crate) fn units(units: U256, scale: u8) -> TokenAmount {
    let scale = scale.min(TokenAmount::MAX_DECIMALS);
    TokenAmount::from_base_units(units, scale).unwrap_or_else(|| zero(0))
}

/// Exact product; the scale is the sum of both scales (capped by rounding down when it
/// would exceed 77). `None` on uint256 overflow.
pub(crate) fn mul(a: &TokenAmount, b: &TokenAmount) -> Option<TokenAmount> {
    let product = a.base_units().checked_mul(b.base_units())?;
    let scale = u16::from(a.decimals()) + u16::from(b.decimals());
    if scale <= u16::from(TokenAmount::MAX_DECIMALS) {
        return TokenAmount::from_base_units(product, scale as u8);
    }
    let drop = scale - u16::from(TokenAmount::MAX_DECIMALS);
    let divisor = U256::from(10u8).checked_pow(U256::from(drop))?;
    TokenAmount::from_base_units(product / divisor, TokenAmount::MAX_DECIMALS)
}

/// Exact sum at the larger scale. `None` on overflow.
pub(crate) fn add(a: &TokenAmount, b: &TokenAmount) -> Option<TokenAmount> {
    let scale = a.decimals().max(b.decimals());
    let a = rescale_up(a, scale)?;
    let b = rescale_up(b, scale)?;
    TokenAmount::from_base_units(a.checked_add(b)?, scale)
}

fn rescale_up(a: &TokenAmount, scale: u8) -> Option<U256> {
    let factor = U256::from(10u8).checked_pow(U256::from(scale - a.decimals()))?;
    a.base_units().checked_mul(factor)
}

/// `a` at `scale` decimals, rounding down when digits are dropped.
pub(crate) fn rescale_floor(a: &TokenAmount, scale: u8) -> Option<TokenAmount> {
    if scale >= a.decimals() {
        return TokenAmount::from_base_units(rescale_up(a, scale)?, scale);
    }
    let divisor = U256::from(10u8).checked_pow(U256::from(a.decimals() - scale))?;
    TokenAmount::from_base_units(a.base_units() / divisor, scale)
}

/// Human text of an amount, written as Java `BigDecimal` writes a zero with a scale
/// (`0E-18`) when it is zero, as the venue does on some position endpoints.
pub(crate) fn java_text(a: &TokenAmount) -> String {
    if a.base_units().is_zero() && a.decimals() > 0 { format!("0E-{}", a.decimals()) } else { a.to_string() }
}

/// Sum of many values (zero at scale 0 when empty); saturates to the running sum on overflow.
pub(crate) fn sum<'a>(values: impl IntoIterator<Item = &'a TokenAmount>) -> TokenAmount {
    values.into_iter().fold(zero(0), |acc, v| add(&acc, v).unwrap_or(acc))
}

/// 2^256 − 1, the "all of it" amount in call data.
pub(crate) fn max_uint() -> U256 {
    U256::MAX
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_products_keep_all_digits() {
        let price = fixed("0.9998765432109876543210987");
        let qty = TokenAmount::parse_units("2500.123456", 6).unwrap();
        let usd = mul(&qty, &price).unwrap().to_string();
        assert_eq!(usd, "2499.8147987859877914945986155611072");
        assert!(usd.chars().filter(char::is_ascii_digit).count() > 28);
    }

    #[test]
    fn sums_rescale_and_zeros() {
        let s = sum(&[fixed("1.5"), fixed("0.25"), fixed("2")]);
        assert_eq!(s.to_string(), "3.75");
        assert_eq!(rescale_floor(&fixed("1.23456789"), 3).unwrap().to_string(), "1.234");
        assert_eq!(java_text(&zero(18)), "0E-18");
        assert_eq!(java_text(&fixed("0.5")), "0.5");
    }
}
