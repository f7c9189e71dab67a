//! [`VenuePolicy`]: what [`Journaled`](crate::Journaled) needs to know about a venue's writes.

use std::collections::BTreeMap;
use std::time::Duration;

use earn_core::{Asset, Capabilities, ClientOrderId, Operation, ProductId, VenueId};
use uuid::Uuid;

/// How client ids the journal assigns look: an optional prefix and `hex_len` lowercase
/// hex digits of a random (v4) UUID, or a whole hyphenated UUID.
///
/// Each venue has its own rules: Bybit's `orderLinkId` takes up to 36 characters and its
/// `transferId` must be a UUID, OKX on-chain earn's `tag` 1 to 16 letters or digits. The
/// default is 32 hex digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientIdFormat {
    prefix: String,
    /// Hex digits, or `None` for a hyphenated UUID.
    hex_len: Option<usize>,
}

impl Default for ClientIdFormat {
    fn default() -> Self {
        ClientIdFormat { prefix: String::new(), hex_len: Some(32) }
    }
}

impl ClientIdFormat {
    /// `hex_len` hex digits (clamped to 8..=32: fewer would collide too easily, a UUID has 32).
    pub fn hex(hex_len: usize) -> Self {
        ClientIdFormat { prefix: String::new(), hex_len: Some(hex_len.clamp(8, 32)) }
    }

    /// A hyphenated UUID, 36 characters (`8c1e…-…`), as Bybit's `transferId` requires.
    pub fn uuid() -> Self {
        ClientIdFormat { prefix: String::new(), hex_len: None }
    }

    /// Starts every id with `prefix` (it must satisfy the venue's character rules).
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// The length of the ids made.
    pub fn len(&self) -> usize {
        self.prefix.len() + self.hex_len.unwrap_or(36)
    }

    /// Whether the ids are empty (never: at least 8 characters).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A fresh id.
    pub fn generate(&self) -> ClientOrderId {
        let id = Uuid::new_v4();
        let body = match self.hex_len {
            Some(n) => id.simple().to_string()[..n].to_owned(),
            None => id.hyphenated().to_string(),
        };
        ClientOrderId::new(format!("{}{body}", self.prefix))
    }
}

/// Whether a venue takes a caller-chosen id on a write.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientIds {
    /// The venue keeps no client id on this write: history is matched by amount and time,
    /// so the journal allows one unreconciled write per (venue, account, asset, operation)
    /// (a lease).
    None,
    /// The journal assigns an id where the request has none.
    Assign {
        /// What the ids look like.
        format: ClientIdFormat,
        /// Where the venue refuses a second write with an id it saw within this window
        /// (Bybit `orderLinkId`), a write repeated after "did not happen" reuses the
        /// earlier id while inside the window, so a late first write cannot double.
        dedup_window: Option<Duration>,
    },
}

impl ClientIds {
    /// Ids in `format`, not deduplicated by the venue.
    pub fn assign(format: ClientIdFormat) -> Self {
        ClientIds::Assign { format, dedup_window: None }
    }

    /// Declares that the venue deduplicates on the id within `window`.
    pub fn deduplicated_within(self, window: Duration) -> Self {
        match self {
            ClientIds::Assign { format, .. } => ClientIds::Assign { format, dedup_window: Some(window) },
            ClientIds::None => ClientIds::None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Rule {
    operation: Option<Operation>,
    product_prefix: Option<String>,
    ids: ClientIds,
}

/// What the journal needs to know about one venue's writes.
///
/// Built from the venue's capabilities by default ([`from_capabilities`](Self::from_capabilities)):
/// client ids of 32 hex digits where the venue declares them, leases where it does not.
/// Venues whose products differ (OKX: ETH/SOL staking keeps no client id, on-chain earn
/// purchases take a 16-character `tag`) add rules; the first matching rule wins.
///
/// ```
/// use std::time::Duration;
/// use earn_core::{Operation, ProductId};
/// use earn_journal::{ClientIdFormat, ClientIds, VenuePolicy};
///
/// // OKX staking: no client ids, except `tag` on on-chain earn purchases.
/// let okx = VenuePolicy::new(ClientIds::None)
///     .rule(Some(Operation::Stake), Some("onchain:"), ClientIds::assign(ClientIdFormat::hex(16)));
/// assert_eq!(okx.client_ids(Operation::Stake, Some(&ProductId::new("eth"))), &ClientIds::None);
/// assert!(matches!(okx.client_ids(Operation::Stake, Some(&ProductId::new("onchain:ETH-1"))), ClientIds::Assign { .. }));
///
/// // Bybit: `orderLinkId` on every write, deduplicated (the window here is an example).
/// let bybit = VenuePolicy::new(ClientIds::assign(ClientIdFormat::hex(32)).deduplicated_within(Duration::from_secs(600)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VenuePolicy {
    default: ClientIds,
    rules: Vec<Rule>,
    assets: BTreeMap<ProductId, Asset>,
    claim_horizon: Duration,
    in_flight_horizon: Option<Duration>,
}

impl VenuePolicy {
    /// The default claim horizon: 7 days.
    pub const DEFAULT_CLAIM_HORIZON: Duration = Duration::from_secs(7 * 24 * 3600);

    /// The default horizon for redemptions in flight: 30 days.
    pub const DEFAULT_IN_FLIGHT_HORIZON: Duration = Duration::from_secs(30 * 24 * 3600);

    /// Every write follows `ids` unless a rule says otherwise.
    pub fn new(ids: ClientIds) -> Self {
        VenuePolicy {
            default: ids,
            rules: Vec::new(),
            assets: BTreeMap::new(),
            claim_horizon: Self::DEFAULT_CLAIM_HORIZON,
            in_flight_horizon: Some(Self::DEFAULT_IN_FLIGHT_HORIZON),
        }
    }

    /// Client ids of 32 hex digits where the venue declares client ids
    /// ([`Capabilities::client_order_ids`]), leases where it does not.
    pub fn from_capabilities(caps: &Capabilities) -> Self {
        if caps.client_order_ids {
            Self::new(ClientIds::assign(ClientIdFormat::default()))
        } else {
            Self::new(ClientIds::None)
        }
    }

    /// The policy of a venue this workspace has an adapter for, by its id; `None` for
    /// any other venue. [`Journaled::new`](crate::Journaled::new) uses it when it exists.
    pub fn known(venue: &VenueId) -> Option<Self> {
        match venue.as_str() {
            "okx-staking" => Some(Self::okx_staking()),
            "bybit-earn" => Some(Self::bybit_earn()),
            "binance-earn" => Some(Self::binance_earn()),
            _ => None,
        }
    }

    /// OKX staking (`okx-staking`): ETH/SOL staking, Simple Earn (`savings:`) and every
    /// redemption keep no client id (leases); on-chain earn purchases (`onchain:` products)
    /// take a `tag` of at most 16 letters or digits; transfers a `clientId` of at most 32.
    /// OKX promises no deduplication on either, so ids are never reused.
    pub fn okx_staking() -> Self {
        Self::new(ClientIds::None)
            .rule(Some(Operation::Stake), Some("onchain:"), ClientIds::assign(ClientIdFormat::hex(16)))
            .rule(Some(Operation::Transfer), None, ClientIds::assign(ClientIdFormat::hex(32)))
            .asset("eth", "ETH")
            .asset("sol", "SOL")
    }

    /// Bybit Earn (`bybit-earn`): every stake and redemption carries an `orderLinkId`, a
    /// transfer a lower-case UUID `transferId`. The adapter settles a repeated id by
    /// reading the earlier write (orders over Bybit's 7-day history window), so a write
    /// repeated after "did not happen" within a day reuses its id.
    pub fn bybit_earn() -> Self {
        let day = Duration::from_secs(24 * 3600);
        Self::new(ClientIds::assign(ClientIdFormat::hex(32)).deduplicated_within(day)).rule(
            Some(Operation::Transfer),
            None,
            ClientIds::assign(ClientIdFormat::uuid()).deduplicated_within(day),
        )
    }

    /// Binance Earn (`binance-earn`): no client ids; every write takes a lease.
    pub fn binance_earn() -> Self {
        Self::new(ClientIds::None)
    }

    /// Writes of `operation` (any when `None`) to products whose id starts with
    /// `product_prefix` (any when `None`) follow `ids`. Rules are tried in the order added.
    pub fn rule(mut self, operation: Option<Operation>, product_prefix: Option<&str>, ids: ClientIds) -> Self {
        self.rules.push(Rule { operation, product_prefix: product_prefix.map(str::to_owned), ids });
        self
    }

    /// Declares the asset of a product, so the journal need not list the venue's products
    /// to find it (it must, for writes that take a lease).
    pub fn asset(mut self, product: impl Into<ProductId>, asset: impl Into<Asset>) -> Self {
        self.assets.insert(product.into(), asset.into());
        self
    }

    /// How far back claims are handed to reconciliation (`ReconcileIntent::claimed`),
    /// counted from the write's send time. Must exceed the window in which a venue's
    /// history row can be matched to a write (minutes at every venue today).
    pub fn claim_horizon(mut self, horizon: Duration) -> Self {
        self.claim_horizon = horizon;
        self
    }

    /// The claim horizon.
    pub fn claim_horizon_duration(&self) -> Duration {
        self.claim_horizon
    }

    /// How far back [`Journaled`](crate::Journaled)`::positions` looks for
    /// journaled redemptions the venue still shows pending (by reading each order), or
    /// `None` to report the venue's positions as they are. Default 30 days: longer than
    /// any redemption delay of the supported products.
    pub fn redemptions_in_flight_within(mut self, horizon: Option<Duration>) -> Self {
        self.in_flight_horizon = horizon;
        self
    }

    /// The horizon for redemptions in flight, if they are looked up.
    pub fn in_flight_horizon(&self) -> Option<Duration> {
        self.in_flight_horizon
    }

    /// Whether a write of `operation` to `product` takes a client id.
    pub fn client_ids(&self, operation: Operation, product: Option<&ProductId>) -> &ClientIds {
        self.rules
            .iter()
            .find(|r| {
                r.operation.is_none_or(|op| op == operation)
                    && r.product_prefix.as_deref().is_none_or(|p| product.is_some_and(|id| id.as_str().starts_with(p)))
            })
            .map_or(&self.default, |r| &r.ids)
    }

    /// The asset declared for `product`, if any.
    pub fn declared_asset(&self, product: &ProductId) -> Option<&Asset> {
        self.assets.get(product)
    }
}

#[cfg(test)]
mod tests {
    use earn_core::Custody;

    use super::*;

    #[test]
    fn generated_ids_follow_the_format() {
        let f = ClientIdFormat::hex(16).prefix("ej");
        let id = f.generate();
        assert_eq!(id.as_str().len(), 18);
        assert!(id.as_str().starts_with("ej"));
        assert!(id.as_str()[2..].bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(f.generate(), id);
        assert_eq!(ClientIdFormat::default().generate().as_str().len(), 32);
        assert_eq!(ClientIdFormat::hex(99).len(), 32);
        let u = ClientIdFormat::uuid().generate();
        assert!(Uuid::parse_str(u.as_str()).is_ok() && u.as_str().len() == 36, "{u:?}");
    }

    #[test]
    fn known_venues() {
        let okx = VenuePolicy::known(&VenueId::from_static("okx-staking")).unwrap();
        for (op, product) in [(Operation::Stake, "eth"), (Operation::Redeem, "eth"), (Operation::Redeem, "onchain:x")] {
            assert_eq!(okx.client_ids(op, Some(&ProductId::new(product))), &ClientIds::None, "{op} {product}");
        }
        match okx.client_ids(Operation::Stake, Some(&ProductId::new("onchain:ETH-1"))) {
            ClientIds::Assign { format, dedup_window: None } => assert_eq!(format.generate().as_str().len(), 16),
            other => panic!("{other:?}"),
        }
        assert!(matches!(okx.client_ids(Operation::Transfer, None), ClientIds::Assign { .. }));
        assert_eq!(okx.declared_asset(&ProductId::new("sol")), Some(&Asset::new("SOL")));

        let bybit = VenuePolicy::known(&VenueId::from_static("bybit-earn")).unwrap();
        match bybit.client_ids(Operation::Transfer, None) {
            ClientIds::Assign { format, dedup_window: Some(_) } => assert_eq!(format.generate().as_str().len(), 36),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            bybit.client_ids(Operation::Redeem, Some(&ProductId::new("FlexibleSaving:1"))),
            ClientIds::Assign { dedup_window: Some(_), .. }
        ));
        let binance = VenuePolicy::known(&VenueId::from_static("binance-earn")).unwrap();
        assert_eq!(binance.client_ids(Operation::Transfer, None), &ClientIds::None);
        assert!(VenuePolicy::known(&VenueId::from_static("piggybank")).is_none());
    }

    #[test]
    fn rules_match_in_order() {
        let p = VenuePolicy::new(ClientIds::None)
            .rule(Some(Operation::Stake), Some("onchain:"), ClientIds::assign(ClientIdFormat::hex(16)))
            .rule(None, Some("onchain:"), ClientIds::None);
        let onchain = ProductId::new("onchain:x");
        assert!(matches!(p.client_ids(Operation::Stake, Some(&onchain)), ClientIds::Assign { .. }));
        assert_eq!(p.client_ids(Operation::Redeem, Some(&onchain)), &ClientIds::None);
        assert_eq!(p.client_ids(Operation::Stake, None), &ClientIds::None);
        let caps = Capabilities::new(Custody::Custodial).with_client_order_ids(true);
        assert!(matches!(
            VenuePolicy::from_capabilities(&caps).client_ids(Operation::Redeem, None),
            ClientIds::Assign { .. }
        ));
    }
}
