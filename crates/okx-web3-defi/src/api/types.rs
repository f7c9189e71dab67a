//! Wire primitives that absorb the venue's type drift without losing what it sent.
//!
//! The API types ids as strings but its own examples send JSON numbers (`"investmentId": 9502`),
//! `tokenPrecision` is a string in v5 and an integer in v6, and some booleans are typed as
//! strings. These types accept both forms, keep the value exactly, and write back the form
//! they were read in, so a decoded answer serializes to the same JSON.

use std::fmt;

use earn_core::Error;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Longest id text accepted in a request (the venue's ids are Java longs: ≤ 19 digits).
pub const MAX_ID_DIGITS: usize = 19;

macro_rules! flex_id {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        ///
        /// Read from a JSON string or integer; kept as text; written back in the form read
        /// (strings when built locally). Requests check it is 1–19 ASCII digits.
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name {
            text: String,
            number: bool,
        }

        impl $name {
            /// Parses and validates id text (1–19 ASCII digits).
            pub fn parse(text: impl Into<String>) -> earn_core::Result<Self> {
                let id = $name { text: text.into(), number: false };
                id.check()?;
                Ok(id)
            }

            /// The id text.
            pub fn as_str(&self) -> &str {
                &self.text
            }

            /// Whether the venue sent it as a JSON number.
            pub fn was_number(&self) -> bool {
                self.number
            }

            /// Checks the id is 1–19 ASCII digits (what the venue's ids are).
            pub fn check(&self) -> earn_core::Result<()> {
                crate::wire::check_digits($field, &self.text)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.text)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                crate::wire::serialize_flex(&self.text, self.number, s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let (text, number) = d.deserialize_any(crate::wire::TextOrInt)?;
                Ok($name { text, number })
            }
        }
    };
}

flex_id! {
    /// An investment (product) id, `investmentId`.
    InvestmentId, "investmentId"
}
flex_id! {
    /// A protocol id of the v5 explore API, `platformId`.
    PlatformId, "platformId"
}
flex_id! {
    /// A platform id of the positions and rewards APIs, `analysisPlatformId`.
    AnalysisPlatformId, "analysisPlatformId"
}
flex_id! {
    /// A chain id: v5 `chainId` (OKX-defined, may differ from EIP-155) or v6 `chainIndex`.
    ChainId, "chainId"
}
flex_id! {
    /// A Uniswap-V3-style position NFT id, `tokenId` (v6 and v5 farm checks).
    TokenId, "tokenId"
}
flex_id! {
    /// OKX's id of a token in the v5 explore API (`tokenInfos[].tokenId`, `tokenIds`).
    ExploreTokenId, "tokenIds"
}

impl ChainId {
    /// A chain id from its number (`1` for Ethereum, `501` for Solana).
    pub fn from_u64(n: u64) -> Self {
        ChainId { text: n.to_string(), number: false }
    }

    /// The chain id as a number, when it is one.
    pub fn as_u64(&self) -> Option<u64> {
        self.text.parse().ok()
    }
}

pub(crate) fn check_digits(field: &str, text: &str) -> earn_core::Result<()> {
    if text.is_empty() || text.len() > MAX_ID_DIGITS || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(
            field,
            format!("must be 1 to {MAX_ID_DIGITS} ASCII digits, got {:?}", excerpt(text)),
        ));
    }
    Ok(())
}

pub(crate) fn excerpt(text: &str) -> String {
    text.chars().take(48).collect()
}

/// Writes `text` as a JSON number when it was read as one (and is an integer), else a string.
pub(crate) fn serialize_flex<S: Serializer>(text: &str, number: bool, s: S) -> Result<S::Ok, S::Error> {
    if number {
        if let Ok(n) = text.parse::<u64>() {
            return s.serialize_u64(n);
        }
        if let Ok(n) = text.parse::<i64>() {
            return s.serialize_i64(n);
        }
    }
    s.serialize_str(text)
}

/// Reads a JSON string or integer as text; `true` when it was a number.
pub(crate) struct TextOrInt;

impl Visitor<'_> for TextOrInt {
    type Value = (String, bool);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or an integer")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok((v.to_owned(), false))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok((v.to_string(), true))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok((v.to_string(), true))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Err(E::custom(format_args!("expected an integer id or code, got the fractional number {v}")))
    }
}

/// A small unsigned integer the venue sends as a number or as numeric text
/// (`tokenPrecision`, `investType`, `dataType`, `orderType`, `rewardType` …).
///
/// Equality compares the value only; serialization writes the form that was read.
#[derive(Clone, Copy, Eq)]
pub struct FlexUint {
    value: u64,
    quoted: bool,
}

impl FlexUint {
    /// A value written as a JSON string (the v5 convention).
    pub const fn text(value: u64) -> Self {
        FlexUint { value, quoted: true }
    }

    /// A value written as a JSON number (the v6 convention).
    pub const fn number(value: u64) -> Self {
        FlexUint { value, quoted: false }
    }

    /// The value.
    pub const fn get(&self) -> u64 {
        self.value
    }
}

impl PartialEq for FlexUint {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl std::hash::Hash for FlexUint {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl fmt::Debug for FlexUint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value)
    }
}

impl fmt::Display for FlexUint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value)
    }
}

impl Serialize for FlexUint {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.quoted { s.collect_str(&self.value) } else { s.serialize_u64(self.value) }
    }
}

impl<'de> Deserialize<'de> for FlexUint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (text, number) = d.deserialize_any(TextOrInt)?;
        let value = text
            .parse::<u64>()
            .map_err(|_| de::Error::custom(format_args!("expected an unsigned integer, got {:?}", excerpt(&text))))?;
        Ok(FlexUint { value, quoted: !number })
    }
}

/// A boolean the venue sends as `true`/`false`, as `"true"`/`"false"` (v5 `isInvestable` is
/// typed String), or as `0`/`1`. Equality compares the value; serialization keeps the form.
#[derive(Clone, Copy, Eq)]
pub struct FlexBool {
    value: bool,
    quoted: bool,
}

impl FlexBool {
    /// The value.
    pub const fn get(&self) -> bool {
        self.value
    }
}

impl From<bool> for FlexBool {
    fn from(value: bool) -> Self {
        FlexBool { value, quoted: false }
    }
}

impl PartialEq for FlexBool {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl fmt::Debug for FlexBool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value)
    }
}

impl Serialize for FlexBool {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.quoted {
            s.serialize_str(if self.value { "true" } else { "false" })
        } else {
            s.serialize_bool(self.value)
        }
    }
}

impl<'de> Deserialize<'de> for FlexBool {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = FlexBool;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean, \"true\"/\"false\", or 0/1")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<FlexBool, E> {
                Ok(FlexBool { value: v, quoted: false })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FlexBool, E> {
                match v {
                    "true" | "TRUE" | "True" | "1" => Ok(FlexBool { value: true, quoted: true }),
                    "false" | "FALSE" | "False" | "0" => Ok(FlexBool { value: false, quoted: true }),
                    _ => Err(E::custom(format_args!("expected a boolean, got {:?}", excerpt(v)))),
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FlexBool, E> {
                match v {
                    0 | 1 => Ok(FlexBool { value: v == 1, quoted: false }),
                    _ => Err(E::custom(format_args!("expected 0 or 1, got {v}"))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// Declares a response struct: camelCase names, every field optional (the venue omits
/// fields freely) and skipped when absent, so decoding then encoding gives the same JSON.
macro_rules! wire_struct {
    ($(#[$m:meta])* pub struct $name:ident { $( $(#[$fm:meta])* $field:ident : $ty:ty ),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase", default)]
        pub struct $name {
            $(
                $(#[$fm])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }
    };
}
pub(crate) use wire_struct;

/// Declares an enum of the venue's string codes, with `Other` for values this client
/// does not know yet (decoding never fails on a new code).
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $( $(#[$vm:meta])* $variant:ident = $code:literal ),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vm])* $variant, )*
            /// A value this client does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// The wire text.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $code, )*
                    $name::Other(s) => s,
                }
            }

            /// From wire text.
            pub fn from_code(code: &str) -> Self {
                match code {
                    $( $code => $name::$variant, )*
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let (text, _) = d.deserialize_any(crate::wire::TextOrInt)?;
                Ok($name::from_code(&text))
            }
        }
    };
}
pub(crate) use code_enum;

/// Text the venue sends as a JSON string or integer (`claimIndex`, `protocolId`, `total`),
/// kept verbatim and written back in the same form. Not validated.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct FlexText {
    text: String,
    number: bool,
}

impl FlexText {
    /// Text sent as a JSON string.
    pub fn new(text: impl Into<String>) -> Self {
        FlexText { text: text.into(), number: false }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for FlexText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.text)
    }
}

impl fmt::Display for FlexText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for FlexText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_flex(&self.text, self.number, s)
    }
}

impl<'de> Deserialize<'de> for FlexText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (text, number) = d.deserialize_any(TextOrInt)?;
        Ok(FlexText { text, number })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_numbers_and_strings_and_write_back_the_same_form() {
        let a: InvestmentId = serde_json::from_str("9502").unwrap();
        let b: InvestmentId = serde_json::from_str("\"9502\"").unwrap();
        assert_eq!(a.as_str(), "9502");
        assert!(a.was_number() && !b.was_number());
        assert_eq!(serde_json::to_string(&a).unwrap(), "9502");
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"9502\"");
        assert!(serde_json::from_str::<InvestmentId>("1.5").is_err());
        assert!(InvestmentId::parse("12a").is_err());
        assert!(InvestmentId::parse("").is_err());
        assert!(InvestmentId::parse("1".repeat(20)).is_err());
        assert_eq!(InvestmentId::parse("21033").unwrap().to_string(), "21033");
    }

    #[test]
    fn flex_ints_and_bools() {
        let p: FlexUint = serde_json::from_str("\"18\"").unwrap();
        let q: FlexUint = serde_json::from_str("18").unwrap();
        assert_eq!(p, q);
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"18\"");
        assert_eq!(serde_json::to_string(&q).unwrap(), "18");
        assert!(serde_json::from_str::<FlexUint>("\"-1\"").is_err());
        let t: FlexBool = serde_json::from_str("\"true\"").unwrap();
        assert!(t.get());
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"true\"");
        assert!(!serde_json::from_str::<FlexBool>("false").unwrap().get());
        assert!(serde_json::from_str::<FlexBool>("\"maybe\"").is_err());
    }
}
