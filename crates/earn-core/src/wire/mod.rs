//! Shared wire vocabulary: what every venue's JSON needs, written once.
//!
//! * [`open_enum!`](crate::open_enum): a venue enumeration that keeps values this SDK does
//!   not know yet (`Other(text)`), so a new venue value never breaks decoding.
//! * [`lenient`]: serde helpers for loosely typed JSON (a value sent as a string or as a
//!   number, `""` meaning absent), never through a float.
//! * [`OneOrMany`]: a field documented as an object that sometimes arrives as an array.
//! * [`RawJson`]: a JSON value kept as its exact text.

pub mod lenient;
mod one_or_many;
mod open_enum;
mod raw_json;

pub use one_or_many::OneOrMany;
pub use raw_json::RawJson;

/// At most 40 characters of `text`, for error messages about one field.
pub(crate) fn short(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}
