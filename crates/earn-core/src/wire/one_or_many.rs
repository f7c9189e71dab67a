//! [`OneOrMany`]: an object or an array of them.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

/// A field documented as an object that sometimes arrives as an array (or the reverse);
/// both are accepted and the shape that arrived is kept.
///
/// ```
/// use earn_core::wire::OneOrMany;
/// let one: OneOrMany<u8> = serde_json::from_str("7").unwrap();
/// let many: OneOrMany<u8> = serde_json::from_str("[7,8]").unwrap();
/// assert_eq!(one.as_slice(), &[7]);
/// assert_eq!(many.into_vec(), vec![7, 8]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OneOrMany<T> {
    /// One value.
    One(T),
    /// An array.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The items, whichever shape arrived.
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(t) => std::slice::from_ref(t),
            OneOrMany::Many(v) => v,
        }
    }

    /// The items as a vector.
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(t) => vec![t],
            OneOrMany::Many(v) => v,
        }
    }
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            OneOrMany::One(t) => t.serialize(s),
            OneOrMany::Many(v) => v.serialize(s),
        }
    }
}

impl<'de, T: de::DeserializeOwned> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<serde_json::value::RawValue>::deserialize(d)?;
        let text = raw.get();
        if text.trim_start().starts_with('[') {
            serde_json::from_str(text).map(OneOrMany::Many).map_err(de::Error::custom)
        } else {
            serde_json::from_str(text).map(OneOrMany::One).map_err(de::Error::custom)
        }
    }
}
