//! Numbers without loss: decimal text of any length, human-unit request amounts, native
//! call values up to uint256, and slippage.
//!
//! Nothing here passes through `f64`. JSON numbers are read from their literal text
//! (serde_json `RawValue`), so `feeRate: 0.0003` arrives exactly as `"0.0003"`. A decoded
//! number keeps serde_json's own buffer (one allocation, no second parse) and is validated
//! in a single pass over its bytes.

use std::fmt;

use earn_core::{
    Amount, AmountRules, Error, ParseDecimalError, Rate, Result, Sign, TokenAmount, U256, UsdValue, parse_plain_decimal,
};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::api::types::{Nullable, RawToken, excerpt};

/// Largest exponent magnitude accepted in `1E-18`-style text (keeps expansion bounded).
const MAX_EXPONENT: i64 = 400;

/// Exact decimal text as the venue sent it: plain (`"0.0312"`), any number of digits
/// (`"0.9993097704396316094231068522159962"`), or Java `BigDecimal` exponent form (`"0E-18"`).
///
/// Read from a JSON string or a JSON number literal without a float; written back in the
/// same form, so a decode/encode round trip keeps every digit. Convert with the named
/// methods, each of which says whether it is exact or how it rounds.
///
/// ```
/// use okx_web3_defi::DecimalText;
/// let v: DecimalText = serde_json::from_str("\"0E-18\"").unwrap();
/// assert_eq!(v.to_plain(), "0.000000000000000000");
/// assert_eq!(v.to_token_amount(18).unwrap().base_units().to_string(), "0");
/// let fee: DecimalText = serde_json::from_str("0.0003").unwrap(); // a JSON number
/// assert_eq!(fee.as_str(), "0.0003");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DecimalText(RawToken);

/// The parts of validated decimal text.
struct Parts<'a> {
    negative: bool,
    int: &'a str,
    frac: &'a str,
    exp: i64,
}

/// Validates `[-]digits[.digits][(e|E)[±]digits]` in one pass over the bytes.
fn split(text: &str) -> std::result::Result<Parts<'_>, ParseDecimalError> {
    let b = text.as_bytes();
    if b.is_empty() {
        return Err(ParseDecimalError::Empty);
    }
    let negative = b[0] == b'-';
    let digits = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let int_start = usize::from(negative);
    let int_end = digits(int_start);
    let mut i = int_end;
    let (mut frac_start, mut frac_end) = (i, i);
    if b.get(i) == Some(&b'.') {
        frac_start = i + 1;
        frac_end = digits(frac_start);
        i = frac_end;
    }
    let mut exp = 0;
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let at = i;
        let sign = matches!(b.get(i + 1), Some(b'+' | b'-'));
        let start = i + 1 + usize::from(sign);
        let end = digits(start);
        if end == start || end - start > 6 || end != b.len() {
            return Err(ParseDecimalError::InvalidCharacter { found: char::from(b[at]), at });
        }
        let n: i64 = text[start..end].parse().map_err(|_| ParseDecimalError::OutOfRange)?;
        if n > MAX_EXPONENT {
            return Err(ParseDecimalError::OutOfRange);
        }
        exp = if b[i + 1] == b'-' { -n } else { n };
        i = end;
    }
    if i != b.len() {
        let found = text[i..].chars().next().unwrap_or('?');
        return Err(ParseDecimalError::InvalidCharacter { found, at: i });
    }
    if int_end == int_start || (frac_start > int_end && frac_end == frac_start) {
        return Err(ParseDecimalError::MissingDigits);
    }
    Ok(Parts { negative, int: &text[int_start..int_end], frac: &text[frac_start..frac_end], exp })
}

impl DecimalText {
    /// Validates decimal text: `[-]digits[.digits][E[±]digits]`.
    pub fn parse(text: impl Into<String>) -> std::result::Result<Self, ParseDecimalError> {
        let text = text.into();
        split(&text)?;
        Ok(DecimalText(RawToken::string(&text)))
    }

    /// The venue's text, unchanged.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Whether the venue sent a JSON number rather than a string.
    pub fn was_number(&self) -> bool {
        self.0.is_number()
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.as_str().starts_with('-') && !self.is_zero()
    }

    /// Whether the value is zero (`"0"`, `"0.00"`, `"0E-18"`).
    pub fn is_zero(&self) -> bool {
        split(self.as_str()).map(|p| p.int.bytes().chain(p.frac.bytes()).all(|b| b == b'0')).unwrap_or(false)
    }

    /// The exact value as plain text (no exponent, scale kept: `0E-18` → 18 zeros after the point).
    pub fn to_plain(&self) -> String {
        let text = self.as_str();
        let Ok(p) = split(text) else { return text.to_owned() };
        if p.exp == 0 && !p.int.starts_with('0') {
            // Already plain (the common case): no rebuilding.
            return text.to_owned();
        }
        let digits: String = format!("{}{}", p.int, p.frac);
        let scale = p.frac.len() as i64 - p.exp;
        let mut out = if scale <= 0 {
            format!("{digits}{}", "0".repeat((-scale) as usize))
        } else {
            let scale = scale as usize;
            let padded = if digits.len() <= scale {
                format!("{}{digits}", "0".repeat(scale + 1 - digits.len()))
            } else {
                digits
            };
            let (i, f) = padded.split_at(padded.len() - scale);
            format!("{i}.{f}")
        };
        // Drop redundant leading zeros of the integer part ("007.5" → "7.5").
        let int_len = out.find('.').unwrap_or(out.len());
        let lead = out[..int_len].bytes().take_while(|b| *b == b'0').count().min(int_len - 1);
        out.drain(..lead);
        if p.negative && !self.is_zero() { format!("-{out}") } else { out }
    }

    /// Exact on-chain quantity for a token with `decimals` decimals.
    ///
    /// Errors if negative or if it has non-zero digits beyond `decimals` (never rounds).
    pub fn to_token_amount(&self, decimals: u8) -> std::result::Result<TokenAmount, ParseDecimalError> {
        if self.is_negative() {
            return Err(ParseDecimalError::Negative);
        }
        TokenAmount::parse_units(self.to_plain().trim_start_matches('-'), decimals)
    }

    /// Exact [`Amount`]; errors when negative or beyond a `Decimal` (28 fractional digits,
    /// about 28 significant digits). Trailing fractional zeros beyond 28 digits are dropped,
    /// which does not change the value.
    pub fn to_amount(&self) -> std::result::Result<Amount, ParseDecimalError> {
        if self.is_negative() {
            return Err(ParseDecimalError::Negative);
        }
        Amount::parse(&trim_zero_fraction(self.to_plain().trim_start_matches('-')))
    }

    /// Exact [`Rate`] read as a fraction (`"0.0182"` = 1.82 %); errors beyond a `Decimal`.
    pub fn to_rate(&self) -> std::result::Result<Rate, ParseDecimalError> {
        Rate::parse_fraction(&trim_zero_fraction(&self.to_plain()))
    }

    /// A [`Rate`] rounded half-to-even to 28 fractional digits when it does not fit exactly.
    pub fn to_rate_rounded(&self) -> std::result::Result<Rate, ParseDecimalError> {
        self.to_decimal_rounded().map(Rate::from_fraction)
    }

    /// A `Decimal`, rounded half-to-even to 28 fractional digits when needed.
    /// Errors only when the integer part exceeds a `Decimal`.
    pub fn to_decimal_rounded(&self) -> std::result::Result<Decimal, ParseDecimalError> {
        UsdValue::parse(&self.to_plain()).map(|u| u.rounded())
    }

    /// The exact `Decimal`, or an error when it would need rounding.
    pub fn to_decimal_exact(&self) -> std::result::Result<Decimal, ParseDecimalError> {
        parse_plain_decimal(&trim_zero_fraction(&self.to_plain()), Sign::AllowNegative)
    }

    /// A [`UsdValue`]: exact when it fits a `Decimal`; otherwise rounded half-to-even to 28
    /// fractional digits, flagged as rounded, with the full text kept.
    pub fn to_usd(&self) -> std::result::Result<UsdValue, ParseDecimalError> {
        UsdValue::parse(&self.to_plain())
    }
}

/// `"1.500000"` → `"1.5"`, `"2.000"` → `"2"`: same value, fewer digits.
fn trim_zero_fraction(plain: &str) -> String {
    match plain.split_once('.') {
        Some((i, f)) => {
            let f = f.trim_end_matches('0');
            if f.is_empty() { i.to_owned() } else { format!("{i}.{f}") }
        }
        None => plain.to_owned(),
    }
}

impl fmt::Display for DecimalText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for DecimalText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DecimalText({})", self.as_str())
    }
}

impl std::str::FromStr for DecimalText {
    type Err = ParseDecimalError;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        DecimalText::parse(s)
    }
}

impl Serialize for DecimalText {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for DecimalText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        DecimalText::nullable(d)?.ok_or_else(|| de::Error::custom("expected a decimal, got null"))
    }
}

impl Nullable for DecimalText {
    fn nullable<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Self>, D::Error> {
        let explain = |text: &str| match split(text) {
            Err(e) => format!("{:?}: {e}", excerpt(text)),
            Ok(_) => String::new(),
        };
        Ok(RawToken::read_opt(d, is_decimal, explain)?.map(DecimalText))
    }
}

/// Whether `text` is `[-]digits[.digits][(e|E)[±]digits]` with at most 6 exponent digits:
/// the fast check of [`split`] (no error building, digits 8 at a time) for decoding.
#[inline]
fn is_decimal(text: &str) -> bool {
    let b = text.as_bytes();
    let b = b.strip_prefix(b"-").unwrap_or(b);
    let int = digit_run(b);
    if int == 0 {
        return false;
    }
    let mut rest = &b[int..];
    if let [b'.', tail @ ..] = rest {
        let frac = digit_run(tail);
        if frac == 0 {
            return false;
        }
        rest = &tail[frac..];
    }
    match rest {
        [] => true,
        // Exponents are rare (`0E-18`): the full parser decides, bounds included.
        [b'e' | b'E', ..] => split(text).is_ok(),
        _ => false,
    }
}

/// The length of the run of ASCII digits that starts `b`, read 8 bytes at a time.
#[inline]
fn digit_run(b: &[u8]) -> usize {
    const ZEROS: u64 = u64::from_le_bytes([b'0'; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    const ADD: u64 = u64::from_le_bytes([0x76; 8]);
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        // Per byte, x = byte ^ '0' is 0..=9 for a digit; then x + 0x76 stays below 0x80.
        // Any other byte sets the high bit of x or of x + 0x76; a carry out of a flagged
        // byte only reaches later bytes, so the lowest flag is the first non-digit.
        let x = u64::from_le_bytes(word) ^ ZEROS;
        let flags = (x | x.wrapping_add(ADD)) & HIGH;
        if flags != 0 {
            return i + (flags.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count()
}

/// A token quantity in human units for a request (`"1.5"` USDC), exact and of any length.
///
/// Plain non-negative decimal text only (no exponent, no sign), below 2²⁵⁶: no token can
/// hold more base units than a uint256, whatever its decimals, so a larger amount is
/// refused when it is built, before any request. Unlike [`Amount`] it is not limited to a
/// `Decimal`, so 100 billion of an 18-decimal token fits.
///
/// ```
/// use okx_web3_defi::HumanAmount;
/// let a = HumanAmount::parse("100000000000.123456789012345678").unwrap();
/// assert_eq!(a.to_token_amount(18).unwrap().base_units().to_string(), "100000000000123456789012345678");
/// assert!(HumanAmount::parse("1e5").is_err());
/// // 2^256 base units cannot exist on any chain.
/// assert!(HumanAmount::parse("115792089237316195423570985008687907853269984665640564039457584007913129639936").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct HumanAmount(String);

impl HumanAmount {
    /// Validates plain non-negative decimal text below 2²⁵⁶.
    pub fn parse(text: impl Into<String>) -> std::result::Result<Self, ParseDecimalError> {
        let text = text.into();
        let p = split(&text)?;
        if p.negative {
            return Err(ParseDecimalError::Negative);
        }
        if p.exp != 0 || text.contains(['e', 'E']) {
            return Err(ParseDecimalError::InvalidCharacter { found: 'E', at: text.find(['e', 'E']).unwrap_or(0) });
        }
        // The integer part alone must fit a uint256 (decimals can only make it larger).
        U256::from_str_radix(p.int, 10).map_err(|_| ParseDecimalError::OutOfRange)?;
        Ok(HumanAmount(text))
    }

    /// The exact amount of an [`Amount`].
    pub fn from_amount(amount: Amount) -> Self {
        HumanAmount(amount.to_string())
    }

    /// The exact human-unit amount of a [`TokenAmount`].
    pub fn from_token_amount(amount: &TokenAmount) -> Self {
        HumanAmount(amount.to_string())
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it is zero.
    pub fn is_zero(&self) -> bool {
        self.0.bytes().all(|b| b == b'0' || b == b'.')
    }

    /// Exact base units for a token with `decimals` decimals; errors on excess precision
    /// and beyond a uint256.
    pub fn to_token_amount(&self, decimals: u8) -> std::result::Result<TokenAmount, ParseDecimalError> {
        TokenAmount::parse_units(&self.0, decimals)
    }

    /// The request rule for an amount: above zero and, when the token's `decimals` are
    /// known, no more fractional digits than it has and at most a uint256 of base units.
    ///
    /// Amounts a `Decimal` holds are checked with [`AmountRules`], like every other amount
    /// of the SDK; longer ones (beyond 28 digits) through their exact base units.
    pub fn check(&self, field: &str, decimals: Option<u8>) -> Result<()> {
        match Amount::parse(&self.0) {
            Ok(amount) => {
                AmountRules { precision: decimals.map(u32::from), ..AmountRules::default() }.check(field, amount)?
            }
            Err(_) if self.is_zero() => return Err(Error::invalid_input(field, "must be greater than zero")),
            Err(_) => {}
        }
        match decimals {
            Some(d) => self.to_token_amount(d).map(|_| ()).map_err(|e| {
                Error::invalid_input(field, format!("{} does not fit a token with {d} decimals: {e}", self.0))
            }),
            None => Ok(()),
        }
    }
}

impl fmt::Display for HumanAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for HumanAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HumanAmount({})", self.0)
    }
}

impl From<Amount> for HumanAmount {
    fn from(a: Amount) -> Self {
        HumanAmount::from_amount(a)
    }
}

impl Serialize for HumanAmount {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for HumanAmount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let quoted = excerpt(&s);
        HumanAmount::parse(s).map_err(|e| de::Error::custom(format_args!("{quoted:?}: {e}")))
    }
}

/// The native value attached to a built transaction (`dataList[].value`), in base units.
///
/// The venue sends `""` (v5 default: nothing), hex (`"0x1a"`) or decimal text; any uint256
/// fits. The original text is kept and written back.
///
/// ```
/// use okx_web3_defi::NativeValue;
/// assert_eq!(NativeValue::parse("").unwrap().get().to_string(), "0");
/// assert_eq!(NativeValue::parse("0x1a").unwrap().get().to_string(), "26");
/// assert!(NativeValue::parse("1.5").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct NativeValue {
    value: U256,
    text: RawToken,
}

impl NativeValue {
    /// Parses `""`, `0x…` hex (≤ 64 digits) or decimal integer text (≤ uint256).
    pub fn parse(text: impl Into<String>) -> std::result::Result<Self, ParseDecimalError> {
        let text = text.into();
        let value = parse_u256(&text)?;
        Ok(NativeValue { value, text: RawToken::string(&text) })
    }

    /// The value in base units (wei on EVM chains).
    pub fn get(&self) -> U256 {
        self.value
    }

    /// The venue's text.
    pub fn as_str(&self) -> &str {
        self.text.as_str()
    }
}

fn parse_u256(text: &str) -> std::result::Result<U256, ParseDecimalError> {
    if text.is_empty() {
        return Ok(U256::ZERO);
    }
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        if hex.is_empty() || hex.len() > 64 {
            return Err(if hex.is_empty() { ParseDecimalError::MissingDigits } else { ParseDecimalError::OutOfRange });
        }
        if let Some((at, found)) = hex.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
            return Err(ParseDecimalError::InvalidCharacter { found, at: at + 2 });
        }
        return U256::from_str_radix(hex, 16).map_err(|_| ParseDecimalError::OutOfRange);
    }
    if let Some((at, found)) = text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(if found == '-' {
            ParseDecimalError::Negative
        } else {
            ParseDecimalError::InvalidCharacter { found, at }
        });
    }
    U256::from_str_radix(text, 10).map_err(|_| ParseDecimalError::OutOfRange)
}

impl fmt::Debug for NativeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NativeValue({} from {:?})", self.value, self.as_str())
    }
}

impl Serialize for NativeValue {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.text.serialize(s)
    }
}

impl<'de> Deserialize<'de> for NativeValue {
    /// `null` reads as zero (`""`), as the venue's "empty by default" means.
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let explain = |t: &str| match parse_u256(t) {
            Err(e) => format!("value {:?}: {e}", excerpt(t)),
            Ok(_) => String::new(),
        };
        let text = RawToken::read_opt(d, |t| parse_u256(t).is_ok(), explain)?.unwrap_or_else(|| RawToken::string(""));
        let value = parse_u256(text.as_str()).map_err(de::Error::custom)?;
        Ok(NativeValue { value, text })
    }
}

impl Nullable for NativeValue {
    fn nullable<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Self>, D::Error> {
        let explain = |t: &str| match parse_u256(t) {
            Err(e) => format!("value {:?}: {e}", excerpt(t)),
            Ok(_) => String::new(),
        };
        let Some(text) = RawToken::read_opt(d, |t| parse_u256(t).is_ok(), explain)? else { return Ok(None) };
        let value = parse_u256(text.as_str()).map_err(de::Error::custom)?;
        Ok(Some(NativeValue { value, text }))
    }
}

/// Maximum price slippage as a **fraction**: `"0.01"` = 1 %.
///
/// Rule (both generations): plain decimal text with `0 < s < 1` and at most 18 fractional
/// digits. v6 documents the fraction form (default `"0.01"`); v5 says only "string, default
/// 1%", so this client sends the same fraction form there and sends `""` (venue default)
/// when no slippage is given, as the v5 documentation example does.
///
/// ```
/// use okx_web3_defi::Slippage;
/// assert_eq!(Slippage::parse("0.005").unwrap().as_str(), "0.005");
/// assert!(Slippage::parse("1").is_err());
/// assert!(Slippage::parse("0").is_err());
/// assert!(Slippage::parse("5%").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Slippage(String);

impl Slippage {
    /// Most fractional digits accepted.
    pub const MAX_DIGITS: u32 = 18;

    /// The venue's documented default, 1 %.
    pub fn one_percent() -> Self {
        Slippage("0.01".to_owned())
    }

    /// Validates fraction text: `0 < s < 1`.
    pub fn parse(text: &str) -> Result<Self> {
        let rule = |why: &str| Error::invalid_input("slippage", format!("{why}; got {:?}", excerpt(text)));
        let d = parse_plain_decimal(text, Sign::NonNegative)
            .map_err(|e| rule(&format!("must be a plain decimal fraction such as \"0.01\" (1 %): {e}")))?;
        if d.is_zero() || d >= Decimal::ONE {
            return Err(rule("must be a fraction strictly between 0 and 1 (\"0.01\" = 1 %)"));
        }
        if d.normalize().scale() > Self::MAX_DIGITS {
            return Err(rule("must have at most 18 fractional digits"));
        }
        Ok(Slippage(text.to_owned()))
    }

    /// The fraction text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Slippage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Slippage({})", self.0)
    }
}

impl fmt::Display for Slippage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Slippage {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Slippage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Slippage::parse(&s).map_err(de::Error::custom)
    }
}

/// Serde for v5 `slippage`: `""` means "venue default" and is what `None` writes.
pub(crate) mod slippage_or_empty {
    use super::*;

    pub fn serialize<S: Serializer>(v: &Option<Slippage>, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(v.as_ref().map(Slippage::as_str).unwrap_or(""))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Slippage>, D::Error> {
        let s = Option::<String>::deserialize(d)?.unwrap_or_default();
        if s.is_empty() { Ok(None) } else { Slippage::parse(&s).map(Some).map_err(de::Error::custom) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_forms() {
        let p = |t: &str| DecimalText::parse(t).unwrap().to_plain();
        assert_eq!(p("0E-18"), "0.000000000000000000");
        assert_eq!(p("1.5E+3"), "1500");
        assert_eq!(p("1.5e-3"), "0.0015");
        assert_eq!(p("-12.50"), "-12.50");
        assert_eq!(p("007.5"), "7.5");
        assert_eq!(p("0.9993097704396316094231068522159962"), "0.9993097704396316094231068522159962");
        for bad in ["", ".5", "5.", "1e", "1e+", "0x10", "1.2.3", "+1", "--1", "1e999999999"] {
            assert!(DecimalText::parse(bad).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        /// The decoder's fast check accepts exactly what the full parser accepts.
        #[test]
        fn the_fast_check_agrees_with_the_parser(text in "[-+0-9.eEx\\\\ ]{0,40}") {
            proptest::prop_assert_eq!(is_decimal(&text), split(&text).is_ok(), "{:?}", text);
        }

        #[test]
        fn digit_runs_are_counted_exactly(text in "[0-9]{0,30}[^0-9]?[0-9a]{0,12}") {
            let expected = text.bytes().take_while(u8::is_ascii_digit).count();
            proptest::prop_assert_eq!(digit_run(text.as_bytes()), expected);
        }
    }

    #[test]
    fn decimal_text_decodes_and_refuses_like_the_parser() {
        for ok in ["\"12.45\"", "\"0E-18\"", "0.00030000000000000000001", "-887220", "\"\\u0031.5\""] {
            let d: DecimalText = serde_json::from_str(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
            assert!(split(d.as_str()).is_ok(), "{ok}");
        }
        assert_eq!(serde_json::from_str::<DecimalText>("\"\\u0031.5\"").unwrap().as_str(), "1.5");
        for bad in ["\"\"", "\"1.\"", "\"12,5\"", "\"1e9999999\"", "true", "\"0x10\"", "\"1.5\\n\""] {
            assert!(serde_json::from_str::<DecimalText>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn conversions_say_how_they_round() {
        let usd = DecimalText::parse("0.9993097704396316094231068522159962").unwrap();
        assert!(usd.to_amount().is_err());
        assert!(usd.to_decimal_exact().is_err());
        assert_eq!(usd.to_decimal_rounded().unwrap().to_string(), "0.9993097704396316094231068522");
        let v = usd.to_usd().unwrap();
        assert!(!v.is_exact());
        assert_eq!(v.original(), usd.as_str());
        let z = DecimalText::parse("0E-18").unwrap();
        assert!(z.is_zero() && !z.is_negative());
        assert_eq!(z.to_amount().unwrap(), Amount::ZERO);
        assert_eq!(DecimalText::parse("0.01820").unwrap().to_rate().unwrap().to_string(), "0.0182");
        assert!(DecimalText::parse("-1").unwrap().to_token_amount(18).is_err());
    }

    #[test]
    fn native_values() {
        assert_eq!(NativeValue::parse("0x0").unwrap().get(), U256::ZERO);
        assert_eq!(NativeValue::parse("1000").unwrap().get(), U256::from(1000));
        let max = format!("0x{}", "f".repeat(64));
        assert_eq!(NativeValue::parse(max).unwrap().get(), U256::MAX);
        assert_eq!(NativeValue::parse(U256::MAX.to_string()).unwrap().get(), U256::MAX);
        assert!(NativeValue::parse(format!("0x1{}", "0".repeat(64))).is_err());
        assert!(
            NativeValue::parse("115792089237316195423570985008687907853269984665640564039457584007913129639936")
                .is_err()
        );
        assert!(NativeValue::parse("-1").is_err());
        assert!(NativeValue::parse("0x").is_err());
        let n: NativeValue = serde_json::from_str("12").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "12");
    }
}

#[cfg(test)]
mod unify {
    /// earn-core's `U256` (ruint) and alloy's are the same type once versions unify.
    #[test]
    fn earn_core_and_alloy_share_u256() {
        let a: alloy_primitives::U256 = earn_core::U256::MAX;
        assert_eq!(a, alloy_primitives::U256::MAX);
    }
}
