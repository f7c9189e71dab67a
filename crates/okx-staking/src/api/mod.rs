//! The typed OKX REST API, one module per endpoint family. Every endpoint is one request
//! type implementing [`ApiRequest`](earn_core::http::ApiRequest), sent with
//! [`OkxStakingClient::send`](crate::OkxStakingClient::send); reads are named `Get…`,
//! writes by their verb.
//!
//! * [`staking`]: ETH staking (ETH → BETH) and SOL staking (SOL → OKSOL), one API with a
//!   [`StakingCoin`](staking::StakingCoin) field.
//! * [`onchain`]: on-chain earn (`staking-defi` offers and orders).
//! * [`funding`]: funding-account bills, for reconciliation cross-checks.
//! * [`public`]: the OKX server time.

use earn_core::http::{Endpoint, RateLimit};
use earn_core::{Amount, AmountRules, Operation, Result};

pub mod funding;
pub mod onchain;
pub mod public;
pub mod staking;

/// Most fractional digits accepted in a request amount.
///
/// OKX does not document the precision of `amt`; every documented example and every
/// balance it reports uses at most 8 decimals, so larger precision is refused locally
/// rather than risking a truncation at the venue.
pub const AMOUNT_MAX_DECIMALS: u32 = 8;

/// Largest `limit` any paginated endpoint here accepts.
pub const MAX_PAGE_LIMIT: u32 = 100;

/// Longest identifier sent to OKX (order, product, currency ids).
const MAX_ID_LEN: usize = 64;

/// The amount rules of every OKX request: above zero, at most [`AMOUNT_MAX_DECIMALS`]
/// decimals, and the product's limits where the caller knows them.
pub(crate) fn amount_rules(min: Option<Amount>, max: Option<Amount>) -> AmountRules {
    AmountRules { min, max, precision: Some(AMOUNT_MAX_DECIMALS) }
}

/// An identifier sent to OKX: 1 to 64 ASCII letters, digits, `-` or `_`.
pub(crate) fn check_id(field: &str, id: &str) -> Result<()> {
    earn_core::validate::check_id(field, id, MAX_ID_LEN)
}

/// An optional identifier filter (see [`check_id`]).
pub(crate) fn check_opt_id(field: &str, id: Option<&str>) -> Result<()> {
    earn_core::validate::check_opt_id(field, id, MAX_ID_LEN)
}

/// A page `limit`: 1 to [`MAX_PAGE_LIMIT`].
pub(crate) fn check_limit(limit: Option<u32>) -> Result<()> {
    earn_core::validate::check_limit("limit", limit, MAX_PAGE_LIMIT)
}

/// A signed read limited to `per_second` requests per second (its own budget).
const fn read(path: &'static str, per_second: u32) -> Endpoint {
    Endpoint::get(path).limit(RateLimit::per_second(path, per_second))
}

/// A signed write without idempotency key, limited to `per_second` requests per second.
const fn write(path: &'static str, operation: Operation, per_second: u32) -> Endpoint {
    Endpoint::post(path).write(operation).limit(RateLimit::per_second(path, per_second))
}
