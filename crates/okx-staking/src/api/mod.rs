//! The typed OKX REST API, one module per endpoint family. Every endpoint is one request
//! type implementing [`ApiRequest`], sent with
//! [`OkxStakingClient::send`](crate::OkxStakingClient::send); reads are named `Get…`,
//! writes by their verb.
//!
//! * [`staking`]: ETH staking (ETH → BETH) and SOL staking (SOL → OKSOL), one API with a
//!   [`StakingCoin`](staking::StakingCoin) field.
//! * [`onchain`]: on-chain earn (`staking-defi` offers and orders).
//! * [`savings`]: Simple Earn Flexible (`/api/v5/finance/savings/…`): balance, purchase and
//!   redemption, lending rate, lending history, public lending rates.
//! * [`asset`]: the funding account (`/api/v5/asset/…`): balances, transfers between
//!   funding and trading, transfer state, bills.
//! * [`account`]: the trading account (`/api/v5/account/…`): balance and the most that can
//!   be moved to funding.
//! * [`public`]: the OKX server time.

use std::marker::PhantomData;
use std::time::Duration;

use earn_core::http::{ApiRequest, Endpoint, Query, RateLimit};
use earn_core::{Amount, AmountRules, Error, Operation, Result};
use serde::de::DeserializeOwned;

use crate::dialect::OkxDialect;

pub mod account;
pub mod asset;
pub mod onchain;
pub mod public;
pub mod savings;
pub mod staking;

/// Most fractional digits accepted in a request amount.
///
/// OKX does not document the precision of `amt`; every documented example and every
/// balance it reports uses at most 8 decimals, so larger precision is refused locally
/// rather than risking a truncation at the venue.
pub const AMOUNT_MAX_DECIMALS: u32 = 8;

/// Largest `limit` any paginated endpoint here accepts.
pub const MAX_PAGE_LIMIT: u32 = 100;

/// Most currencies one `ccy` list may name (`ccy=BTC,ETH`, balances and max-withdrawal).
pub const MAX_CCY_LIST: usize = 20;

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

/// The `after` (older than) / `before` (newer than) cursors of a time-paginated read: when
/// both are given, `before` must be earlier than `after`, or the window is empty.
pub(crate) fn check_cursors(after: Option<i64>, before: Option<i64>) -> Result<()> {
    earn_core::validate::check_window("before", before, after)
}

/// A `ccy` list: at most [`MAX_CCY_LIST`] well-formed currencies, none twice.
pub(crate) fn check_ccy_list(ccy: &[String]) -> Result<()> {
    if ccy.len() > MAX_CCY_LIST {
        return Err(Error::invalid_input("ccy", format!("names at most {MAX_CCY_LIST} currencies, got {}", ccy.len())));
    }
    for (i, c) in ccy.iter().enumerate() {
        check_id("ccy", c)?;
        if ccy[..i].iter().any(|d| d.eq_ignore_ascii_case(c)) {
            return Err(Error::invalid_input("ccy", format!("names {c} twice")));
        }
    }
    Ok(())
}

/// Appends `ccy=A,B,…` when the list is not empty (the comma is percent-encoded once, and
/// the encoded text is what is signed and sent).
pub(crate) fn push_ccy_list(query: Query, ccy: &[String]) -> Query {
    query.push_opt("ccy", (!ccy.is_empty()).then(|| ccy.join(",")))
}

/// A row of a read filtered only by a `ccy` list (the trading and funding balances, the max
/// withdrawal), naming the endpoint that answers with it.
pub trait CcyRow: DeserializeOwned + Send + 'static {
    /// The endpoint.
    const ENDPOINT: &'static Endpoint;
}

/// One request type for every read filtered only by a `ccy` list; the row type `K` selects
/// the endpoint ([`GetTradingBalance`](account::GetTradingBalance),
/// [`GetMaxWithdrawal`](account::GetMaxWithdrawal) and
/// [`GetFundingBalances`](asset::GetFundingBalances) are aliases).
#[non_exhaustive]
pub struct GetByCcy<K> {
    /// Currencies (at most 20; empty = every currency held).
    pub ccy: Vec<String>,
    kind: PhantomData<fn() -> K>,
}

impl<K: CcyRow> GetByCcy<K> {
    /// Every currency held.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `ccy` to the list.
    pub fn ccy(mut self, ccy: impl Into<String>) -> Self {
        self.ccy.push(ccy.into());
        self
    }
}

// By hand rather than derived: a kind is an empty enum and needs none of these traits.
impl<K> Default for GetByCcy<K> {
    fn default() -> Self {
        GetByCcy { ccy: Vec::new(), kind: PhantomData }
    }
}

impl<K> Clone for GetByCcy<K> {
    fn clone(&self) -> Self {
        GetByCcy { ccy: self.ccy.clone(), kind: PhantomData }
    }
}

impl<K> PartialEq for GetByCcy<K> {
    fn eq(&self, other: &Self) -> bool {
        self.ccy == other.ccy
    }
}

impl<K> Eq for GetByCcy<K> {}

impl<K> std::fmt::Debug for GetByCcy<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GetByCcy").field("ccy", &self.ccy).finish()
    }
}

impl<K: CcyRow> ApiRequest for GetByCcy<K> {
    type Dialect = OkxDialect;
    type Response = Vec<K>;

    fn endpoint(&self) -> &'static Endpoint {
        K::ENDPOINT
    }

    fn validate(&self) -> Result<()> {
        check_ccy_list(&self.ccy)
    }

    fn query(&self) -> Query {
        push_ccy_list(Query::new(), &self.ccy)
    }
}

/// A signed read limited to `per_second` requests per second (its own budget).
const fn read(path: &'static str, per_second: u32) -> Endpoint {
    Endpoint::get(path).limit(RateLimit::per_second(path, per_second))
}

/// A signed read limited to `requests` per `per` (its own budget).
const fn read_per(path: &'static str, requests: u32, per: Duration) -> Endpoint {
    Endpoint::get(path).limit(RateLimit::new(path, requests, per))
}

/// A public (unsigned) read limited to `per_second` requests per second per IP.
const fn public_read(path: &'static str, per_second: u32) -> Endpoint {
    Endpoint::get(path).public().limit(RateLimit::per_second(path, per_second))
}

/// A signed write without idempotency key, limited to `per_second` requests per second.
const fn write(path: &'static str, operation: Operation, per_second: u32) -> Endpoint {
    Endpoint::post(path).write(operation).limit(RateLimit::per_second(path, per_second))
}
