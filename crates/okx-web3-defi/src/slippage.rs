//! [`Slippage`]: maximum price slippage as a validated fraction.

use std::fmt;

use earn_core::{Error, Result, Sign, parse_plain_decimal};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::wire::excerpt;

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
