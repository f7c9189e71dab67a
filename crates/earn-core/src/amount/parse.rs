//! The one strict parser every exact amount type goes through.

use rust_decimal::Decimal;

/// Most fractional digits a [`Decimal`] can hold.
pub const MAX_FRACTIONAL_DIGITS: u32 = 28;

/// Why a piece of text is not an acceptable exact decimal.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseDecimalError {
    /// The text was empty.
    Empty,
    /// A character that plain decimal text cannot contain (exponent, `_`, whitespace, `+`, …).
    InvalidCharacter {
        /// The offending character.
        found: char,
        /// Its byte offset in the text.
        at: usize,
    },
    /// A sign where none is allowed (negative values are rejected by this type).
    Negative,
    /// Text like `.5`, `5.` or `-` that is missing digits on one side of the point.
    MissingDigits,
    /// More than [`MAX_FRACTIONAL_DIGITS`] digits after the point.
    TooManyFractionalDigits {
        /// How many were given.
        found: usize,
    },
    /// More significant digits than a `Decimal` can hold exactly.
    OutOfRange,
}

impl std::fmt::Display for ParseDecimalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => f.write_str("empty text is not a number"),
            Self::InvalidCharacter { found, at } => {
                write!(f, "character {found:?} at offset {at} is not allowed in plain decimal text")
            }
            Self::Negative => f.write_str("must not be negative"),
            Self::MissingDigits => f.write_str("digits are required on both sides of a decimal point"),
            Self::TooManyFractionalDigits { found } => {
                write!(f, "{found} fractional digits exceed the {MAX_FRACTIONAL_DIGITS} that can be held exactly")
            }
            Self::OutOfRange => f.write_str("too many significant digits to be held exactly"),
        }
    }
}

impl std::error::Error for ParseDecimalError {}

/// Whether a leading `-` is acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    /// Only values `>= 0`; any sign character is an error.
    NonNegative,
    /// A single leading `-` is allowed.
    AllowNegative,
}

/// Parses plain decimal text (`digits[.digits]`, optionally with a leading `-`) exactly.
///
/// Rejects exponents, `+`, `_`, whitespace, a leading or trailing `.`, and anything that
/// would need rounding. Trailing zeros are kept as scale (`"1.50"` has scale 2), so the
/// value prints back as it was read.
pub fn parse_plain_decimal(text: &str, sign: Sign) -> Result<Decimal, ParseDecimalError> {
    if text.is_empty() {
        return Err(ParseDecimalError::Empty);
    }
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) if sign == Sign::AllowNegative => (true, rest),
        Some(_) => return Err(ParseDecimalError::Negative),
        None => (false, text),
    };
    let offset = text.len() - unsigned.len();
    let (int_part, frac_part) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    for (i, c) in unsigned.char_indices() {
        if !(c.is_ascii_digit() || (c == '.' && frac_part.is_some() && i == int_part.len())) {
            return Err(ParseDecimalError::InvalidCharacter { found: c, at: i + offset });
        }
    }
    if int_part.is_empty() || frac_part.is_some_and(str::is_empty) {
        return Err(ParseDecimalError::MissingDigits);
    }
    let frac = frac_part.unwrap_or("");
    if frac.len() > MAX_FRACTIONAL_DIGITS as usize {
        return Err(ParseDecimalError::TooManyFractionalDigits { found: frac.len() });
    }
    // Build the mantissa from digits only; i128 holds 38 digits, Decimal's mantissa 96 bits.
    let int_trimmed = int_part.trim_start_matches('0');
    if int_trimmed.len() + frac.len() > 38 {
        return Err(ParseDecimalError::OutOfRange);
    }
    let mut mantissa: i128 = 0;
    for b in int_trimmed.bytes().chain(frac.bytes()) {
        mantissa = mantissa * 10 + i128::from(b - b'0');
    }
    if negative {
        mantissa = -mantissa;
    }
    Decimal::try_from_i128_with_scale(mantissa, frac.len() as u32).map_err(|_| ParseDecimalError::OutOfRange)
}

/// Formats a decimal as plain text: no exponent, scale kept, `-` only when negative.
pub fn format_plain(value: &Decimal) -> String {
    // rust_decimal's Display never uses exponent notation and keeps the scale.
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn accepts_plain_text_exactly() {
        for t in ["0", "0.1", "10", "1.50", "007.5", "79228162514264337593543950335", "0.0000000000000000000000000001"]
        {
            let d = parse_plain_decimal(t, Sign::NonNegative).unwrap();
            assert_eq!(d, Decimal::from_str(t).unwrap(), "{t}");
        }
        assert_eq!(parse_plain_decimal("0.1", Sign::NonNegative).unwrap().to_string(), "0.1");
        assert_eq!(parse_plain_decimal("1.50", Sign::NonNegative).unwrap().to_string(), "1.50");
        assert_eq!(parse_plain_decimal("-2.5", Sign::AllowNegative).unwrap().to_string(), "-2.5");
    }

    #[test]
    fn rejects_everything_else() {
        let bad = [
            ("", ParseDecimalError::Empty),
            ("1e-7", ParseDecimalError::InvalidCharacter { found: 'e', at: 1 }),
            ("+1", ParseDecimalError::InvalidCharacter { found: '+', at: 0 }),
            (".5", ParseDecimalError::MissingDigits),
            ("5.", ParseDecimalError::MissingDigits),
            ("-", ParseDecimalError::Negative),
            ("1_000", ParseDecimalError::InvalidCharacter { found: '_', at: 1 }),
            (" 1", ParseDecimalError::InvalidCharacter { found: ' ', at: 0 }),
            ("1 ", ParseDecimalError::InvalidCharacter { found: ' ', at: 1 }),
            ("NaN", ParseDecimalError::InvalidCharacter { found: 'N', at: 0 }),
            ("1.2.3", ParseDecimalError::InvalidCharacter { found: '.', at: 3 }),
            ("0x10", ParseDecimalError::InvalidCharacter { found: 'x', at: 1 }),
            ("-1", ParseDecimalError::Negative),
            ("0.00000000000000000000000000001", ParseDecimalError::TooManyFractionalDigits { found: 29 }),
            ("79228162514264337593543950336", ParseDecimalError::OutOfRange),
            ("٣", ParseDecimalError::InvalidCharacter { found: '٣', at: 0 }),
        ];
        for (text, want) in bad {
            assert_eq!(parse_plain_decimal(text, Sign::NonNegative), Err(want), "{text:?}");
        }
        assert_eq!(
            parse_plain_decimal("--1", Sign::AllowNegative),
            Err(ParseDecimalError::InvalidCharacter { found: '-', at: 1 })
        );
        assert_eq!(parse_plain_decimal("-.5", Sign::AllowNegative), Err(ParseDecimalError::MissingDigits));
    }

    #[test]
    fn leading_zeros_do_not_count_against_range() {
        let t = "0000000000000000000000000000001.5";
        assert_eq!(parse_plain_decimal(t, Sign::NonNegative).unwrap().to_string(), "1.5");
    }
}
