//! Wire scalars that absorb the venue's type drift without losing what it sent.
//!
//! The API types ids as strings but its own examples send JSON numbers (`"investmentId": 9502`),
//! `tokenPrecision` is a string in v5 and an integer in v6, and some booleans are typed as
//! strings. These types accept both forms, keep the value exactly, and write back the form
//! they were read in, so a decoded answer serializes to the same JSON.
//!
//! Decoding is allocation-light: ids and short text are stored inline (no allocation), a
//! decimal keeps the one buffer serde_json fills for it (no second copy, no second parse),
//! small integers and booleans take eight and two bytes, and optional fields read `null`
//! themselves.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::num::NonZeroU64;

use earn_core::{Error, Result};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

/// Longest id text accepted in a request (the venue's ids are Java longs: ≤ 19 digits).
pub const MAX_ID_DIGITS: usize = 19;

/// At most 48 characters of `text`, for error messages.
pub(crate) fn excerpt(text: &str) -> String {
    text.chars().take(48).collect()
}

/// A field type that reads JSON `null` itself, as `None`.
///
/// Response models decode their optional scalar fields with
/// `#[serde(default, deserialize_with = "nullable")]`: the same answer as serde's own
/// `Option<T>` (absent and `null` are `None`), without serde_json's separate `null` probe
/// before every value (measured: about 8 % of a 100-row decode).
pub(crate) trait Nullable: Sized {
    /// `None` for `null`, else the value.
    fn nullable<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Self>, D::Error>;
}

/// `deserialize_with` for an `Option<T>` field whose type reads `null` itself.
pub(crate) fn nullable<'de, D: Deserializer<'de>, T: Nullable>(d: D) -> std::result::Result<Option<T>, D::Error> {
    T::nullable(d)
}

impl Nullable for String {
    fn nullable<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Self>, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Option<String>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
                Ok(Some(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Self::Value, E> {
                Ok(Some(v))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
                Ok(None)
            }
        }
        d.deserialize_any(V)
    }
}

/// Longest text kept inline in a [`Scalar`] (no allocation): ids, chain ids, short text.
const INLINE: usize = 22;

/// A JSON string or integer, kept as it arrived, in 24 bytes: short text (ids, chain ids)
/// inline, without an allocation (measured on the loopback benchmark: cheaper there than
/// one allocation per id).
#[derive(Clone)]
pub(crate) enum Scalar {
    /// A string's text, at most [`INLINE`] bytes.
    SmallText { len: u8, buf: [u8; INLINE] },
    /// An integer's digits, at most [`INLINE`] bytes, right-aligned: `buf[start..]`.
    SmallInt { start: u8, buf: [u8; INLINE] },
    /// A longer string's text.
    Text(Box<str>),
    /// A longer integer's digits.
    Int(Box<str>),
}

impl Scalar {
    /// Text sent as a JSON string.
    #[inline]
    pub(crate) fn text(text: impl Into<String>) -> Self {
        let text = text.into();
        Scalar::small_text(&text).unwrap_or_else(|| Scalar::Text(text.into_boxed_str()))
    }

    /// `text` inline, when it is short enough.
    #[inline]
    fn small_text(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() > INLINE {
            return None;
        }
        let mut buf = [0; INLINE];
        buf[..bytes.len()].copy_from_slice(bytes);
        Some(Scalar::SmallText { len: bytes.len() as u8, buf })
    }

    /// The digits of `n`, written straight into the inline buffer (20 digits at most).
    #[inline]
    fn uint(mut n: u64) -> Self {
        let mut buf = [0; INLINE];
        let mut i = INLINE;
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        Scalar::SmallInt { start: i as u8, buf }
    }

    /// A string's text or an integer's digits.
    #[inline]
    pub(crate) fn as_str(&self) -> &str {
        match self {
            // Inline bytes were copied from a `&str` whole, or are ASCII digits: UTF-8.
            Scalar::SmallText { len, buf } => std::str::from_utf8(&buf[..usize::from(*len)]).unwrap_or_default(),
            Scalar::SmallInt { start, buf } => std::str::from_utf8(&buf[usize::from(*start)..]).unwrap_or_default(),
            Scalar::Text(t) | Scalar::Int(t) => t,
        }
    }

    /// Whether it arrived as a JSON number.
    #[inline]
    pub(crate) fn is_number(&self) -> bool {
        matches!(self, Scalar::SmallInt { .. } | Scalar::Int(_))
    }

    /// Reads a JSON string or integer through a visitor (`null` is `None`): works with any
    /// serde source (flattened and buffered content included), never through a float, and
    /// without an allocation for short text.
    pub(crate) fn read_opt<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Self>, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Option<Scalar>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an integer")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
                Ok(Some(Scalar::small_text(v).unwrap_or_else(|| Scalar::Text(v.into()))))
            }
            fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Self::Value, E> {
                Ok(Some(Scalar::small_text(&v).unwrap_or_else(|| Scalar::Text(v.into_boxed_str()))))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
                Ok(Some(Scalar::uint(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Self::Value, E> {
                match u64::try_from(v) {
                    Ok(n) => Ok(Some(Scalar::uint(n))),
                    Err(_) => Ok(Some(Scalar::Int(v.to_string().into_boxed_str()))),
                }
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Self::Value, E> {
                Err(E::custom(format_args!("expected an integer, got the fractional number {v}")))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
                Ok(None)
            }
        }
        d.deserialize_any(V)
    }

    /// [`read_opt`](Self::read_opt) where `null` is refused.
    pub(crate) fn read<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Scalar::read_opt(d)?.ok_or_else(|| de::Error::custom("expected a string or an integer, got null"))
    }
}

impl Serialize for Scalar {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let t = self.as_str();
        if self.is_number() {
            if let Ok(n) = t.parse::<u64>() {
                return s.serialize_u64(n);
            }
            if let Ok(n) = t.parse::<i64>() {
                return s.serialize_i64(n);
            }
        }
        s.serialize_str(t)
    }
}

/// A JSON number or numeric string kept as serde_json's own token, in 16 bytes: a quoted
/// string (`"12.5"`) or a number literal (`12.5`), read without a float and without a
/// second copy. Its text never needs escaping: the owner validates it (digits, `.`, `-`,
/// `x`, exponents) before a `RawToken` exists.
#[derive(Clone)]
pub(crate) struct RawToken(Box<RawValue>);

impl RawToken {
    /// Validated `text` as a JSON string.
    pub(crate) fn string(text: &str) -> Self {
        let json = format!("\"{text}\"");
        // Validated text holds no quote, backslash or control character: this is JSON.
        RawToken(RawValue::from_string(json).unwrap_or_else(|_| RawValue::NULL.to_owned()))
    }

    /// A string's text or a number's literal.
    #[inline]
    pub(crate) fn as_str(&self) -> &str {
        let t = self.0.get();
        match t.strip_prefix('"') {
            Some(inner) => &inner[..inner.len() - 1],
            None => t,
        }
    }

    /// Whether it arrived as a JSON number.
    #[inline]
    pub(crate) fn is_number(&self) -> bool {
        !self.0.get().starts_with('"')
    }

    /// Reads a JSON string or any number literal (fractions included) exactly, keeping
    /// serde_json's buffer, and checks the text (a string's contents or a number's literal)
    /// with `valid`; `explain` words a refusal. serde_json sources only (as for any
    /// `RawValue`).
    pub(crate) fn read_opt<'de, D: Deserializer<'de>>(
        d: D,
        valid: fn(&str) -> bool,
        explain: fn(&str) -> String,
    ) -> std::result::Result<Option<Self>, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        let t = raw.get();
        match t.as_bytes().first() {
            Some(b'"') => {
                let inner = &t[1..t.len() - 1];
                // The common case, in one pass: valid text holds no escape.
                if valid(inner) {
                    return Ok(Some(RawToken(raw)));
                }
                if !inner.contains('\\') {
                    return Err(de::Error::custom(explain(inner)));
                }
                let text = serde_json::from_str::<String>(t).map_err(de::Error::custom)?;
                if valid(&text) { Ok(Some(RawToken::string(&text))) } else { Err(de::Error::custom(explain(&text))) }
            }
            Some(b'-' | b'0'..=b'9') if valid(t) => Ok(Some(RawToken(raw))),
            Some(b'-' | b'0'..=b'9') => Err(de::Error::custom(explain(t))),
            _ if t == "null" => Ok(None),
            _ => Err(de::Error::custom(format_args!("expected a string or a number, got {}", excerpt(t)))),
        }
    }
}

impl Serialize for RawToken {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        // A number literal goes out as the same literal (never through a float).
        if self.is_number() { self.0.serialize(s) } else { s.serialize_str(self.as_str()) }
    }
}

impl PartialEq for RawToken {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Eq for RawToken {}

impl Hash for RawToken {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.get().hash(state);
    }
}

impl PartialEq for Scalar {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str() && self.is_number() == other.is_number()
    }
}

impl Eq for Scalar {}

impl Hash for Scalar {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
        self.is_number().hash(state);
    }
}

impl PartialOrd for Scalar {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Scalar {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.as_str(), self.is_number()).cmp(&(other.as_str(), other.is_number()))
    }
}

mod sealed {
    pub trait Sealed {}
}

/// Which venue id an [`Id`] is: its field name in errors and its name in `Debug`.
///
/// Sealed: one marker per id the venue uses ([`Investment`], [`Platform`],
/// [`AnalysisPlatform`], [`Chain`], [`Token`], [`ExploreToken`]).
pub trait IdKind: sealed::Sealed + 'static {
    /// The venue's field name (`investmentId`).
    const FIELD: &'static str;
    /// The Rust name (`InvestmentId`).
    const NAME: &'static str;
}

/// Marker of [`InvestmentId`].
#[derive(Debug)]
pub enum Investment {}
/// Marker of [`PlatformId`].
#[derive(Debug)]
pub enum Platform {}
/// Marker of [`AnalysisPlatformId`].
#[derive(Debug)]
pub enum AnalysisPlatform {}
/// Marker of [`ChainId`].
#[derive(Debug)]
pub enum Chain {}
/// Marker of [`TokenId`].
#[derive(Debug)]
pub enum Token {}
/// Marker of [`ExploreTokenId`].
#[derive(Debug)]
pub enum ExploreToken {}

impl sealed::Sealed for Investment {}
impl sealed::Sealed for Platform {}
impl sealed::Sealed for AnalysisPlatform {}
impl sealed::Sealed for Chain {}
impl sealed::Sealed for Token {}
impl sealed::Sealed for ExploreToken {}

impl IdKind for Investment {
    const FIELD: &'static str = "investmentId";
    const NAME: &'static str = "InvestmentId";
}
impl IdKind for Platform {
    const FIELD: &'static str = "platformId";
    const NAME: &'static str = "PlatformId";
}
impl IdKind for AnalysisPlatform {
    const FIELD: &'static str = "analysisPlatformId";
    const NAME: &'static str = "AnalysisPlatformId";
}
impl IdKind for Chain {
    const FIELD: &'static str = "chainId";
    const NAME: &'static str = "ChainId";
}
impl IdKind for Token {
    const FIELD: &'static str = "tokenId";
    const NAME: &'static str = "TokenId";
}
impl IdKind for ExploreToken {
    const FIELD: &'static str = "tokenIds";
    const NAME: &'static str = "ExploreTokenId";
}

/// An investment (product) id, `investmentId`.
pub type InvestmentId = Id<Investment>;
/// A protocol id of the v5 explore API, `platformId`.
pub type PlatformId = Id<Platform>;
/// A platform id of the positions and rewards APIs, `analysisPlatformId`.
pub type AnalysisPlatformId = Id<AnalysisPlatform>;
/// A chain id: v5 `chainId` (OKX-defined, may differ from EIP-155) or v6 `chainIndex`.
pub type ChainId = Id<Chain>;
/// A Uniswap-V3-style position NFT id, `tokenId` (v6 and v5 farm checks).
pub type TokenId = Id<Token>;
/// OKX's id of a token in the v5 explore API (`tokenInfos[].tokenId`, `tokenIds`).
pub type ExploreTokenId = Id<ExploreToken>;

/// A venue id of kind `K` ([`InvestmentId`], [`ChainId`], …).
///
/// Read from a JSON string or integer; kept as text; written back in the form read
/// (strings when built locally). Requests check it is 1–19 ASCII digits.
///
/// ```
/// use okx_web3_defi::InvestmentId;
/// let a: InvestmentId = serde_json::from_str("9502").unwrap();
/// assert!(a.was_number());
/// assert_eq!(serde_json::to_string(&a).unwrap(), "9502");
/// assert!(InvestmentId::parse("12a").is_err());
/// ```
pub struct Id<K> {
    value: Scalar,
    kind: PhantomData<fn() -> K>,
}

impl<K: IdKind> Id<K> {
    /// Parses and validates id text (1–19 ASCII digits).
    pub fn parse(text: impl Into<String>) -> Result<Self> {
        let id = Id { value: Scalar::text(text), kind: PhantomData };
        id.check()?;
        Ok(id)
    }

    /// The id text.
    pub fn as_str(&self) -> &str {
        self.value.as_str()
    }

    /// Whether the venue sent it as a JSON number.
    pub fn was_number(&self) -> bool {
        self.value.is_number()
    }

    /// Checks the id is 1–19 ASCII digits (what the venue's ids are).
    pub fn check(&self) -> Result<()> {
        check_digits(K::FIELD, self.as_str())
    }
}

impl Id<Chain> {
    /// A chain id from its number (`1` for Ethereum, `501` for Solana).
    pub fn from_u64(n: u64) -> Self {
        Id { value: Scalar::text(n.to_string()), kind: PhantomData }
    }

    /// The chain id as a number, when it is one.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_str().parse().ok()
    }
}

impl<K> Id<K> {
    fn from_scalar(value: Scalar) -> Self {
        Id { value, kind: PhantomData }
    }
}

impl<K> Nullable for Id<K> {
    fn nullable<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Self>, D::Error> {
        Ok(Scalar::read_opt(d)?.map(Id::from_scalar))
    }
}

impl<K> Clone for Id<K> {
    fn clone(&self) -> Self {
        Id { value: self.value.clone(), kind: PhantomData }
    }
}

impl<K> PartialEq for Id<K> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<K> Eq for Id<K> {}

impl<K> Hash for Id<K> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<K> PartialOrd for Id<K> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<K> Ord for Id<K> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl<K> fmt::Display for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.value.as_str())
    }
}

impl<K: IdKind> fmt::Debug for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", K::NAME, self.value.as_str())
    }
}

impl<K> Serialize for Id<K> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<'de, K> Deserialize<'de> for Id<K> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Scalar::read(d).map(Id::from_scalar)
    }
}

pub(crate) fn check_digits(field: &str, text: &str) -> Result<()> {
    if text.is_empty() || text.len() > MAX_ID_DIGITS || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(
            field,
            format!("must be 1 to {MAX_ID_DIGITS} ASCII digits, got {:?}", excerpt(text)),
        ));
    }
    Ok(())
}

/// A small unsigned integer the venue sends as a number or as numeric text
/// (`tokenPrecision`, `investType`, `dataType`, `orderType`, `rewardType` …), below 2⁶³.
///
/// Equality compares the value only; serialization writes the form that was read. Eight
/// bytes, also as an `Option`.
#[derive(Clone, Copy, Eq)]
pub struct FlexUint(NonZeroU64);

impl FlexUint {
    /// Largest value held.
    pub const MAX: u64 = (1 << 63) - 2;

    /// The value and whether it was text, packed: `(value << 1 | quoted) + 1`, never zero.
    #[inline]
    const fn pack(value: u64, quoted: bool) -> Self {
        let v = if value > Self::MAX { Self::MAX } else { value };
        match NonZeroU64::new((v << 1 | quoted as u64) + 1) {
            Some(n) => FlexUint(n),
            None => FlexUint(NonZeroU64::MIN),
        }
    }

    /// A value written as a JSON string (the v5 convention); at most [`MAX`](Self::MAX).
    pub const fn text(value: u64) -> Self {
        Self::pack(value, true)
    }

    /// A value written as a JSON number (the v6 convention); at most [`MAX`](Self::MAX).
    pub const fn number(value: u64) -> Self {
        Self::pack(value, false)
    }

    /// The value.
    #[inline]
    pub const fn get(&self) -> u64 {
        (self.0.get() - 1) >> 1
    }

    #[inline]
    const fn quoted(&self) -> bool {
        (self.0.get() - 1) & 1 == 1
    }

    #[inline]
    fn checked<E: de::Error>(value: u64, quoted: bool) -> std::result::Result<Self, E> {
        if value > Self::MAX {
            return Err(E::custom(format_args!("{value} is too large for a small integer")));
        }
        Ok(Self::pack(value, quoted))
    }
}

impl PartialEq for FlexUint {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Hash for FlexUint {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.get().hash(state);
    }
}

impl fmt::Debug for FlexUint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.get())
    }
}

impl fmt::Display for FlexUint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.get())
    }
}

impl Serialize for FlexUint {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        if self.quoted() { s.collect_str(&self.get()) } else { s.serialize_u64(self.get()) }
    }
}

impl FlexUint {
    /// Reads a number or numeric text; `null` is `None`.
    fn read_opt<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Self>, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Option<FlexUint>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an unsigned integer or its text")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
                FlexUint::checked(v, false).map(Some)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Self::Value, E> {
                let v =
                    u64::try_from(v).map_err(|_| E::custom(format_args!("expected an unsigned integer, got {v}")))?;
                FlexUint::checked(v, false).map(Some)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Self::Value, E> {
                Err(E::custom(format_args!("expected an unsigned integer, got the fractional number {v}")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
                let value = v
                    .parse::<u64>()
                    .map_err(|_| E::custom(format_args!("expected an unsigned integer, got {:?}", excerpt(v))))?;
                FlexUint::checked(value, true).map(Some)
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
                Ok(None)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for FlexUint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        FlexUint::read_opt(d)?.ok_or_else(|| de::Error::custom("expected an unsigned integer, got null"))
    }
}

impl Nullable for FlexUint {
    fn nullable<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Self>, D::Error> {
        FlexUint::read_opt(d)
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
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        if self.quoted {
            s.serialize_str(if self.value { "true" } else { "false" })
        } else {
            s.serialize_bool(self.value)
        }
    }
}

impl FlexBool {
    /// Reads a boolean, its text or 0/1; `null` is `None`.
    fn read_opt<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Self>, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Option<FlexBool>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean, \"true\"/\"false\", or 0/1")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<Self::Value, E> {
                Ok(Some(FlexBool { value: v, quoted: false }))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
                match v {
                    "true" | "TRUE" | "True" | "1" => Ok(Some(FlexBool { value: true, quoted: true })),
                    "false" | "FALSE" | "False" | "0" => Ok(Some(FlexBool { value: false, quoted: true })),
                    _ => Err(E::custom(format_args!("expected a boolean, got {:?}", excerpt(v)))),
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
                match v {
                    0 | 1 => Ok(Some(FlexBool { value: v == 1, quoted: false })),
                    _ => Err(E::custom(format_args!("expected 0 or 1, got {v}"))),
                }
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
                Ok(None)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for FlexBool {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        FlexBool::read_opt(d)?.ok_or_else(|| de::Error::custom("expected a boolean, got null"))
    }
}

impl Nullable for FlexBool {
    fn nullable<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Self>, D::Error> {
        FlexBool::read_opt(d)
    }
}

/// Text the venue sends as a JSON string or integer (`claimIndex`, `protocolId`, `total`),
/// kept verbatim and written back in the same form. Not validated.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct FlexText(Scalar);

impl FlexText {
    /// Text sent as a JSON string.
    pub fn new(text: impl Into<String>) -> Self {
        FlexText(Scalar::text(text))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Debug for FlexText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0.as_str())
    }
}

impl fmt::Display for FlexText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl Serialize for FlexText {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for FlexText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Scalar::read(d).map(FlexText)
    }
}

impl Nullable for FlexText {
    fn nullable<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Self>, D::Error> {
        Ok(Scalar::read_opt(d)?.map(FlexText))
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
    fn escaped_and_odd_text_is_read_exactly() {
        let a: FlexText = serde_json::from_str(r#""a\"b\u0031""#).unwrap();
        assert_eq!(a.as_str(), "a\"b1");
        assert_eq!(serde_json::to_string(&a).unwrap(), r#""a\"b1""#);
        assert!(serde_json::from_str::<FlexText>("true").is_err());
        assert!(serde_json::from_str::<FlexText>("1e3").is_err());
        let neg: FlexText = serde_json::from_str("-887220").unwrap();
        assert_eq!(neg.as_str(), "-887220");
        assert_eq!(format!("{:?}", ChainId::from_u64(1)), "ChainId(1)");
    }

    /// Ids are read through a visitor, so they decode from buffered content too
    /// (`#[serde(flatten)]`, untagged enums, `serde_json::Value`).
    #[test]
    fn ids_decode_inside_flattened_structs() {
        #[derive(Deserialize)]
        struct Outer {
            #[serde(flatten)]
            inner: Inner,
        }
        #[derive(Deserialize)]
        struct Inner {
            id: InvestmentId,
            text: FlexText,
        }
        let o: Outer = serde_json::from_str(r#"{"id":9502,"text":"x"}"#).unwrap();
        assert!(o.inner.id.was_number());
        assert_eq!(o.inner.text.as_str(), "x");
        let v: ChainId = serde_json::from_value(serde_json::json!("42161")).unwrap();
        assert_eq!(v.as_u64(), Some(42161));
    }

    #[test]
    fn flex_ints_and_bools() {
        let p: FlexUint = serde_json::from_str("\"18\"").unwrap();
        let q: FlexUint = serde_json::from_str("18").unwrap();
        assert_eq!(p, q);
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"18\"");
        assert_eq!(serde_json::to_string(&q).unwrap(), "18");
        assert!(serde_json::from_str::<FlexUint>("\"-1\"").is_err());
        assert!(serde_json::from_str::<FlexUint>("-1").is_err());
        assert!(serde_json::from_str::<FlexUint>("1.5").is_err());
        assert!(serde_json::from_str::<FlexUint>(&u64::MAX.to_string()).is_err());
        let max = FlexUint::text(FlexUint::MAX);
        assert_eq!(max.get(), FlexUint::MAX);
        assert_eq!(serde_json::to_string(&max).unwrap(), format!("\"{}\"", FlexUint::MAX));
        assert_eq!(FlexUint::number(0).get(), 0);
        assert_eq!(std::mem::size_of::<Option<FlexUint>>(), 8);
        let t: FlexBool = serde_json::from_str("\"true\"").unwrap();
        assert!(t.get());
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"true\"");
        assert!(!serde_json::from_str::<FlexBool>("false").unwrap().get());
        assert!(serde_json::from_str::<FlexBool>("\"maybe\"").is_err());
    }
}
