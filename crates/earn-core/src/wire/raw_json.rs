//! [`RawJson`]: a JSON value kept as its exact text.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON value kept as its exact text: no number in it is ever turned into a float.
///
/// ```
/// use earn_core::wire::RawJson;
/// let v: RawJson = serde_json::from_str(r#"{"x":0.10000000000000000001}"#).unwrap();
/// assert_eq!(v.get(), r#"{"x":0.10000000000000000001}"#);
/// ```
#[derive(Clone)]
pub struct RawJson(Box<serde_json::value::RawValue>);

impl RawJson {
    /// The JSON text.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// Parses the text as `T`.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_str(self.0.get())
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Eq for RawJson {}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawJson({})", crate::body_excerpt(self.0.get().as_bytes()))
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Box::<serde_json::value::RawValue>::deserialize(d).map(RawJson)
    }
}
