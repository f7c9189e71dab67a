//! [`AprText`]: a yearly rate as Bybit wrote it, beside its exact parsed value.

use std::fmt;

use earn_core::Rate;

/// A yearly rate kept as the venue's text beside the parsed fraction.
///
/// Bybit writes rates in several ways (`estimateApr` `"3%"`, APR history `"15%"` or
/// `"0.055"`, coupons `"0.03"`), so the raw text is kept: if [`rate`](Self::rate) is `None`
/// the text could not be read as either form.
///
/// ```
/// use bybit_earn::AprText;
/// let a = AprText::percent("4.25%");
/// assert_eq!(a.rate().unwrap().to_string(), "0.0425");
/// assert_eq!(a.raw(), "4.25%");
/// assert_eq!(AprText::auto("0.055").rate().unwrap().to_string(), "0.055");
/// assert_eq!(AprText::auto("15%").rate().unwrap().to_string(), "0.15");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AprText {
    raw: String,
    rate: Option<Rate>,
}

impl AprText {
    /// Percent text: `"3%"` or a bare `"3"` both mean 3 %.
    pub fn percent(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let rate = Rate::parse_percent(raw.trim()).ok();
        AprText { raw, rate }
    }

    /// Text whose form is not fixed: a `%` suffix means percent, otherwise a fraction.
    pub fn auto(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let t = raw.trim();
        let rate = if t.ends_with('%') { Rate::parse_percent(t).ok() } else { Rate::parse_fraction(t).ok() };
        AprText { raw, rate }
    }

    /// Fraction text (`"0.03"` = 3 %).
    pub fn fraction(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let rate = Rate::parse_fraction(raw.trim()).ok();
        AprText { raw, rate }
    }

    /// The venue's text, verbatim.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The rate as a fraction, when the text could be read exactly.
    pub fn rate(&self) -> Option<Rate> {
        self.rate
    }
}

impl fmt::Debug for AprText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AprText({:?} = {:?})", self.raw, self.rate)
    }
}

impl fmt::Display for AprText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// An integer Bybit sends "in e8 precision" (`aprE8`, `mintFeeRateE8`), kept exactly.
///
/// Bybit says "divide by 10^8 to get the actual rate", but its own fee example
/// (`5000000 = 0.05%`) reads the divided value as a **percent**. Until that is resolved the
/// raw integer is kept and [`scaled`](Self::scaled) gives the divided value without
/// deciding whether it is a fraction or a percent.
///
/// ```
/// use bybit_earn::E8;
/// assert_eq!(E8(5_000_000).scaled().to_string(), "0.05000000");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct E8(pub i64);

impl E8 {
    /// The value divided by 10^8, exactly.
    pub fn scaled(&self) -> rust_decimal::Decimal {
        rust_decimal::Decimal::new(self.0, 8)
    }
}
