//! [`Snapshot`]: what every venue said at one moment, failures included, and its
//! [`Totals`] per asset.

use std::collections::BTreeMap;

use earn_core::{Amount, Asset, Balance, Error, Position, Product, UnixMillis, UsdValue, VenueId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::num;

/// The outcome of one read (balances, positions or products) at one venue.
///
/// A failure is kept, never replaced by an empty list: an empty list means the venue said
/// "nothing", a [`Failed`](Self::Failed) read means nobody knows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", content = "data", rename_all = "snake_case")]
pub enum Read<T> {
    /// The venue answered.
    Ok(T),
    /// The venue does not offer this read (a wallet venue has no balances, for instance).
    Unsupported,
    /// The read failed; what is there is unknown.
    Failed(ReadError),
}

impl<T> Read<T> {
    /// The data, when the venue answered.
    pub fn ok(&self) -> Option<&T> {
        match self {
            Read::Ok(v) => Some(v),
            _ => None,
        }
    }

    /// Whether the read failed (unsupported is not a failure).
    pub fn is_failed(&self) -> bool {
        matches!(self, Read::Failed(_))
    }

    /// The failure, if the read failed.
    pub fn error(&self) -> Option<&ReadError> {
        match self {
            Read::Failed(e) => Some(e),
            _ => None,
        }
    }

    pub(crate) fn ok_mut(&mut self) -> Option<&mut T> {
        match self {
            Read::Ok(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> Read<Vec<T>> {
    /// The items the venue returned; empty when the read failed or is unsupported.
    pub fn items(&self) -> &[T] {
        self.ok().map_or(&[], Vec::as_slice)
    }

    /// Turns a venue's answer into a read: `Unsupported` errors become
    /// [`Read::Unsupported`], every other error [`Read::Failed`].
    pub fn from_result(result: earn_core::Result<Vec<T>>) -> Self {
        match result {
            Ok(v) => Read::Ok(v),
            Err(e) if e.kind() == earn_core::ErrorKind::Unsupported => Read::Unsupported,
            Err(e) => Read::Failed(ReadError::from_error(&e)),
        }
    }
}

/// Why a read failed, in a form that can be stored and shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReadError {
    /// The error category (`Unavailable`, `Transport`, `Authentication`, `Timeout`, …).
    pub kind: String,
    /// The full message (never contains a secret: earn-core's errors never do).
    pub message: String,
    /// Whether reading again later may succeed.
    pub retryable: bool,
}

impl ReadError {
    /// From an earn-core error.
    pub fn from_error(e: &Error) -> Self {
        ReadError { kind: format!("{:?}", e.kind()), message: e.to_string(), retryable: e.is_retryable() }
    }

    /// A read that did not answer within the portfolio's timeout.
    pub fn timeout(after: std::time::Duration) -> Self {
        ReadError {
            kind: "Timeout".into(),
            message: format!("no answer within {} ms", after.as_millis()),
            retryable: true,
        }
    }
}

/// Everything one venue said.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VenueSnapshot {
    /// The venue.
    pub venue: VenueId,
    /// Idle funds per account.
    pub balances: Read<Vec<Balance>>,
    /// Holdings in products.
    pub positions: Read<Vec<Position>>,
    /// Products on offer.
    pub products: Read<Vec<Product>>,
}

impl VenueSnapshot {
    /// A venue's reads.
    pub fn new(
        venue: VenueId,
        balances: Read<Vec<Balance>>,
        positions: Read<Vec<Position>>,
        products: Read<Vec<Product>>,
    ) -> Self {
        VenueSnapshot { venue, balances, positions, products }
    }

    /// Whether any of the three reads failed.
    pub fn has_failures(&self) -> bool {
        self.balances.is_failed() || self.positions.is_failed() || self.products.is_failed()
    }

    /// The failed reads, by name (`"balances"`, `"positions"`, `"products"`).
    pub fn failures(&self) -> Vec<(&'static str, &ReadError)> {
        let mut out = Vec::new();
        if let Some(e) = self.balances.error() {
            out.push(("balances", e));
        }
        if let Some(e) = self.positions.error() {
            out.push(("positions", e));
        }
        if let Some(e) = self.products.error() {
            out.push(("products", e));
        }
        out
    }

    /// The product `id`, when the venue listed it.
    pub fn product(&self, id: &earn_core::ProductId) -> Option<&Product> {
        self.products.items().iter().find(|p| &p.id == id)
    }
}

/// What every venue said at one moment: the planner's only input besides the policy.
///
/// Serializes to JSON (or anything serde writes) and back, so a plan can be reviewed and
/// reproduced from a stored snapshot.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Snapshot {
    /// When it was taken (local clock), when known.
    pub taken_at: Option<UnixMillis>,
    /// One entry per venue, in venue id order.
    pub venues: Vec<VenueSnapshot>,
}

impl Snapshot {
    /// A snapshot of these venues (sorted by venue id).
    pub fn new(taken_at: Option<UnixMillis>, mut venues: Vec<VenueSnapshot>) -> Self {
        venues.sort_by(|a, b| a.venue.cmp(&b.venue));
        Snapshot { taken_at, venues }
    }

    /// The entry of `venue`.
    pub fn venue(&self, venue: &VenueId) -> Option<&VenueSnapshot> {
        self.venues.iter().find(|v| &v.venue == venue)
    }

    pub(crate) fn venue_mut(&mut self, venue: &VenueId) -> Option<&mut VenueSnapshot> {
        self.venues.iter_mut().find(|v| &v.venue == venue)
    }

    /// Whether every read of every venue answered (or is unsupported).
    pub fn is_complete(&self) -> bool {
        !self.venues.iter().any(VenueSnapshot::has_failures)
    }

    /// Venues with at least one failed read.
    pub fn failed_venues(&self) -> Vec<&VenueId> {
        self.venues.iter().filter(|v| v.has_failures()).map(|v| &v.venue).collect()
    }

    /// Totals per asset: idle, earning, redeeming, and their USD valuation.
    pub fn totals(&self) -> Totals {
        let mut assets: BTreeMap<Asset, AssetTotals> = BTreeMap::new();
        for v in &self.venues {
            for b in v.balances.items() {
                let t = assets.entry(asset_key(&b.asset)).or_default();
                t.idle = add(t.idle, b.available);
                t.value_usd.add(b.value_usd.as_ref());
            }
            for p in v.positions.items() {
                let t = assets.entry(asset_key(&p.asset)).or_default();
                match p.amount.to_amount() {
                    Some(a) => t.earning = add(t.earning, a),
                    None => t.uncounted.push(format!(
                        "{} {}: {} base units do not fit an exact decimal",
                        p.venue, p.product, p.amount
                    )),
                }
                if let Some(r) = p.pending_redemption {
                    t.redeeming = add(t.redeeming, r);
                }
                t.value_usd.add(p.value_usd.as_ref());
            }
        }
        Totals { assets, incomplete: self.failed_venues().into_iter().cloned().collect() }
    }
}

fn add(a: Amount, b: Amount) -> Amount {
    // Overflow needs more than 28 significant digits of one asset: saturate visibly.
    a.checked_add(b).unwrap_or(num::amount(Decimal::MAX))
}

/// The key assets are grouped by: the symbol in ASCII upper case (`usdt` and `USDT` are
/// one asset). Requests always use the venue's own spelling.
pub fn asset_key(asset: &Asset) -> Asset {
    if asset.as_str().bytes().any(|b| b.is_ascii_lowercase()) {
        Asset::new(asset.as_str().to_ascii_uppercase())
    } else {
        asset.clone()
    }
}

/// Totals per asset across every venue of a [`Snapshot`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Totals {
    /// Per asset (by [`asset_key`]).
    pub assets: BTreeMap<Asset, AssetTotals>,
    /// Venues with a failed read: every total is a lower bound while this is not empty.
    pub incomplete: Vec<VenueId>,
}

impl Totals {
    /// Whether every venue answered every read.
    pub fn is_complete(&self) -> bool {
        self.incomplete.is_empty()
    }

    /// The USD valuation of everything, with whether any part was rounded or missing.
    pub fn value_usd(&self) -> UsdTotal {
        let mut t = UsdTotal::default();
        for a in self.assets.values() {
            t.merge(&a.value_usd);
        }
        t
    }
}

/// One asset's totals.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AssetTotals {
    /// Available in the venues' accounts (idle).
    pub idle: Amount,
    /// Held in products, earning.
    pub earning: Amount,
    /// On its way back from products (redemptions in flight).
    pub redeeming: Amount,
    /// USD valuation of the parts the venues valued.
    pub value_usd: UsdTotal,
    /// Positions that could not be added exactly (on-chain amounts beyond a decimal), named
    /// rather than dropped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncounted: Vec<String>,
}

impl AssetTotals {
    /// Idle + earning + redeeming.
    pub fn total(&self) -> Amount {
        add(add(self.idle, self.earning), self.redeeming)
    }
}

/// A sum of USD valuations that says whether it is exact.
///
/// Venues value some balances exactly, round others (earn-core's [`UsdValue`] says so),
/// and value some not at all. The sum is [`exact`](Self::is_exact) only when no part was
/// rounded; [`unvalued`](Self::unvalued) counts the parts with no valuation, so a
/// total is never silently partial.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UsdTotal {
    /// The sum of the valued parts (each part's rounded value where it had to be rounded).
    #[serde(with = "crate::num::decimal_text")]
    pub value: Decimal,
    /// How many parts were valued exactly.
    pub exact_parts: u32,
    /// How many parts were valued only after rounding.
    pub rounded_parts: u32,
    /// How many parts had no valuation.
    pub unvalued: u32,
}

impl UsdTotal {
    /// Whether the sum is exact: no part was rounded (parts without a valuation are counted
    /// in [`unvalued`](Self::unvalued), not in the sum).
    pub fn is_exact(&self) -> bool {
        self.rounded_parts == 0
    }

    /// Whether every part had a valuation.
    pub fn is_complete(&self) -> bool {
        self.unvalued == 0
    }

    fn add(&mut self, v: Option<&UsdValue>) {
        match v {
            Some(v) => {
                self.value = self.value.checked_add(v.rounded()).unwrap_or(Decimal::MAX);
                if v.is_exact() {
                    self.exact_parts += 1;
                } else {
                    self.rounded_parts += 1;
                }
            }
            None => self.unvalued += 1,
        }
    }

    fn merge(&mut self, o: &UsdTotal) {
        self.value = self.value.checked_add(o.value).unwrap_or(Decimal::MAX);
        self.exact_parts += o.exact_parts;
        self.rounded_parts += o.rounded_parts;
        self.unvalued += o.unvalued;
    }
}

impl std::fmt::Display for UsdTotal {
    /// `$1234.5`, `~$1234.5 (rounded)`, with `, N unvalued` when parts had no valuation.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_exact() {
            write!(f, "${}", self.value.normalize())?;
        } else {
            write!(f, "~${} (rounded)", self.value.normalize())?;
        }
        if self.unvalued > 0 {
            write!(f, ", {} unvalued", self.unvalued)?;
        }
        Ok(())
    }
}
