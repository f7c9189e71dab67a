//! Durations in policy files: `"30d"`, `"8h"`, `"1d12h"`, `"90m"`, `"45s"`, `"0s"`.
//!
//! Whole units only (days, hours, minutes, seconds), so that a duration is exact; written
//! back in the same form.

use std::time::Duration;

/// Parses `"1d12h30m15s"`-style text (each unit at most once, in that order, at least one).
pub(crate) fn parse(text: &str) -> Result<Duration, String> {
    if text.is_empty() {
        return Err("a duration must not be empty; write e.g. \"30d\", \"8h\", \"90m\" or \"0s\"".into());
    }
    let mut secs: u64 = 0;
    let mut rest = text;
    let mut last_rank = 0;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(format!("{text:?} is not a duration: expected digits followed by d, h, m or s"));
        }
        let n: u64 = rest[..digits].parse().map_err(|_| format!("{text:?}: number too large"))?;
        let (unit, rank, factor) = match rest[digits..].chars().next() {
            Some('d') => ('d', 1, 86_400),
            Some('h') => ('h', 2, 3_600),
            Some('m') => ('m', 3, 60),
            Some('s') => ('s', 4, 1),
            Some(c) => return Err(format!("{text:?}: unknown unit {c:?}; use d, h, m or s")),
            None => return Err(format!("{text:?}: a number needs a unit (d, h, m or s)")),
        };
        if rank <= last_rank {
            return Err(format!("{text:?}: unit {unit:?} repeated or out of order (write d, h, m, s in that order)"));
        }
        last_rank = rank;
        secs = n
            .checked_mul(factor)
            .and_then(|v| secs.checked_add(v))
            .ok_or_else(|| format!("{text:?}: duration too large"))?;
        rest = &rest[digits + 1..];
    }
    Ok(Duration::from_secs(secs))
}

/// Writes whole seconds as `"1d12h"`; `"0s"` for zero. Sub-second parts are dropped
/// (policies only hold whole seconds).
pub(crate) fn format(d: Duration) -> String {
    let mut s = d.as_secs();
    if s == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    for (unit, factor) in [('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)] {
        if s >= factor {
            out.push_str(&(s / factor).to_string());
            out.push(unit);
            s %= factor;
        }
    }
    out
}

/// Serde for `Duration` as policy text.
pub(crate) mod serde_text {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer, de};

    pub(crate) fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format(*d))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let text = String::deserialize(d)?;
        super::parse(&text).map_err(de::Error::custom)
    }

    /// The same for `Option<Duration>`.
    pub(crate) mod option {
        use super::*;

        pub(crate) fn serialize<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => s.serialize_some(&super::super::format(*d)),
                None => s.serialize_none(),
            }
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
            let text = Option::<String>::deserialize(d)?;
            text.map(|t| super::super::parse(&t).map_err(de::Error::custom)).transpose()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_vague_text() {
        for (t, secs) in [("30d", 30 * 86_400), ("8h", 8 * 3600), ("1d12h", 36 * 3600), ("90m", 5400), ("0s", 0)] {
            assert_eq!(parse(t).unwrap(), Duration::from_secs(secs), "{t}");
        }
        assert_eq!(format(Duration::from_secs(36 * 3600)), "1d12h");
        assert_eq!(format(Duration::from_secs(5400)), "1h30m");
        assert_eq!(format(Duration::ZERO), "0s");
        for bad in ["", "30", "d", "1.5d", "1h1d", "1d1d", "3w", "-1d", " 1d"] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
