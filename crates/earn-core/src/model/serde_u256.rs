//! `U256` in the JSON model: exact decimal text.

use serde::{Deserialize, Deserializer, Serializer};

use crate::U256;

pub(crate) fn serialize<S: Serializer>(v: &U256, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&v.to_string())
}

pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<U256, D::Error> {
    let text = String::deserialize(d)?;
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(serde::de::Error::custom("a uint256 must be plain decimal digits"));
    }
    U256::from_str_radix(&text, 10).map_err(|_| serde::de::Error::custom("the value does not fit a uint256"))
}
