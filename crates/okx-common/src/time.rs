//! `GET /api/v5/public/time`: OKX's public server time.

use std::time::Duration;

use earn_core::http::{Endpoint, RateLimit};
use earn_core::{Error, Result, UnixMillis, VenueId};
use serde::Deserialize;

/// `GET /api/v5/public/time`: public, 10 requests per 2 s per IP.
pub static PUBLIC_TIME: Endpoint = Endpoint::get("/api/v5/public/time").public().limit(RateLimit::new(
    "/api/v5/public/time",
    10,
    Duration::from_secs(2),
));

/// Reads `[{"ts":"…"}]`, the payload of [`PUBLIC_TIME`].
///
/// ```
/// use earn_core::{UnixMillis, VenueId};
/// let ts = okx_common::time::parse_server_time(VenueId::from_static("okx"), r#"[{"ts":"1700000000000"}]"#);
/// assert_eq!(ts.unwrap(), UnixMillis(1_700_000_000_000));
/// ```
pub fn parse_server_time(venue: VenueId, payload: &str) -> Result<UnixMillis> {
    #[derive(Deserialize)]
    struct Time {
        #[serde(default, deserialize_with = "earn_core::wire::lenient::opt")]
        ts: Option<UnixMillis>,
    }
    let rows: Vec<Time> = serde_json::from_str(payload)
        .map_err(|e| Error::decode(venue.clone(), PUBLIC_TIME.path, e, payload.as_bytes()))?;
    rows.into_iter()
        .next()
        .and_then(|t| t.ts)
        .ok_or_else(|| Error::decode(venue, PUBLIC_TIME.path, "no `ts` in data", payload.as_bytes()))
}
