//! Identifiers: which venue, which product, which order, which asset, and when.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Which venue a value came from (`"okx-staking"`, `"bybit-earn"`, `"okx-web3-defi"`, …).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct VenueId(Cow<'static, str>);

impl VenueId {
    /// A venue id known at compile time.
    pub const fn from_static(id: &'static str) -> Self {
        VenueId(Cow::Borrowed(id))
    }

    /// A venue id built at run time (third-party venues).
    pub fn new(id: impl Into<String>) -> Self {
        VenueId(Cow::Owned(id.into()))
    }

    /// The id text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VenueId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for VenueId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VenueId({})", self.0)
    }
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps the venue's text as is.
            pub fn new(id: impl Into<String>) -> Self {
                $name(id.into())
            }

            /// The id text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name(s)
            }
        }
    };
}

string_id! {
    /// A product as the adapter names it; opaque to callers, stable across calls.
    ProductId
}
string_id! {
    /// An order id assigned by the venue.
    OrderId
}
string_id! {
    /// An order id chosen by the caller (Bybit `orderLinkId`, OKX on-chain earn `tag`).
    ///
    /// Each venue checks its own length and character rules before sending.
    ClientOrderId
}
string_id! {
    /// An asset symbol as the venue writes it (`ETH`, `BTC`, `USDC`).
    Asset
}
string_id! {
    /// One of a venue's own accounts that hold idle funds, as the adapter names it
    /// (OKX `funding`/`trading`, Bybit `FUND`/`UNIFIED`, Binance `SPOT`/`FUNDING`). Each
    /// adapter lists its accounts in [`Capabilities::accounts`](crate::Capabilities::accounts).
    AccountId
}

/// A point in time as Unix milliseconds (the venues' own unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnixMillis(pub i64);

impl UnixMillis {
    /// The local clock now (not corrected for server offset).
    pub fn now_local() -> Self {
        let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        UnixMillis(i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
    }

    /// Formats as UTC ISO-8601 with exactly three fractional digits: `2020-12-08T09:08:57.715Z`.
    pub fn to_iso8601(&self) -> String {
        let ms = self.0.rem_euclid(1000);
        let secs = self.0.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        let sod = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z", sod / 3600, (sod % 3600) / 60, sod % 60)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS.mmmZ` (exactly the form [`to_iso8601`](Self::to_iso8601) writes).
    pub fn parse_iso8601(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() != 24
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
            || b[19] != b'.'
            || b[23] != b'Z'
        {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let s = text.get(r)?;
            s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())?
        };
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, s, ms) = (num(11..13)?, num(14..16)?, num(17..19)?, num(20..23)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 59 {
            return None;
        }
        let days = days_from_civil(y, mo, d);
        Some(UnixMillis(((days * 86_400 + h * 3600 + mi * 60 + s) * 1000) + ms))
    }
}

// Howard Hinnant's civil calendar algorithms (public domain).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl fmt::Display for UnixMillis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso8601())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_matches_okx_examples() {
        // 2026-01-15T23:28:04.872Z is the timestamp of the reference's signature vectors.
        let t = UnixMillis::parse_iso8601("2026-01-15T23:28:04.872Z").unwrap();
        assert_eq!(t.0, 1_768_519_684_872);
        assert_eq!(t.to_iso8601(), "2026-01-15T23:28:04.872Z");
        assert_eq!(UnixMillis(0).to_iso8601(), "1970-01-01T00:00:00.000Z");
        assert_eq!(UnixMillis(951_782_400_000).to_iso8601(), "2000-02-29T00:00:00.000Z");
        assert_eq!(UnixMillis::parse_iso8601("2026-01-15T23:28:04Z"), None);
        assert_eq!(UnixMillis::parse_iso8601("2026-13-15T23:28:04.872Z"), None);
    }
}
