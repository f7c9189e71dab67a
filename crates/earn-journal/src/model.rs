//! What the journal stores: entries (one per write), their states, claims and leases.

use std::fmt;
use std::time::Duration;

use earn_core::{
    Amount, Asset, ClientOrderId, Operation, Order, OrderId, ProductId, ReconcileIntent, Reconciliation, Transfer,
    UnixMillis, VenueId,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::JournalError;

/// A journal entry's id: a random UUID, assigned before the write is sent.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntryId(Uuid);

impl EntryId {
    /// A fresh random (v4) id.
    pub fn random() -> Self {
        EntryId(Uuid::new_v4())
    }

    /// Wraps an existing UUID.
    pub fn from_uuid(id: Uuid) -> Self {
        EntryId(id)
    }

    /// The UUID.
    pub fn as_uuid(&self) -> Uuid {
        self.0
    }

    /// Parses the hyphenated form that [`Display`](fmt::Display) writes.
    pub fn parse(text: &str) -> Result<Self, JournalError> {
        Uuid::parse_str(text).map(EntryId).map_err(|e| JournalError::corrupt(format!("entry id {text:?}: {e}")))
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

impl fmt::Debug for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EntryId({})", self.0.hyphenated())
    }
}

/// A non-secret name for the API key (the account) writes are made with.
///
/// Leases and claims are scoped by it: replicas sharing one API key must use the same
/// account key, and distinct keys must use distinct account keys. It is stored in clear,
/// so it must never be the key or the secret itself: use a label of your own
/// ([`label`](Self::label)) or a one-way hash of the API key ([`from_api_key`](Self::from_api_key)).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccountKey(String);

impl AccountKey {
    /// A label of your choosing (`"treasury-main"`), stored as given.
    pub fn label(label: impl Into<String>) -> Self {
        AccountKey(label.into())
    }

    /// `sha256:` and the first 32 hex digits of a domain-separated SHA-256 of the API key
    /// (the public key id, not the secret). The key itself is never stored.
    pub fn from_api_key(api_key: &str) -> Self {
        let mut h = Sha256::new();
        h.update(b"earn-journal account key v1\0");
        h.update(api_key.as_bytes());
        let digest = h.finalize();
        AccountKey(format!("sha256:{}", hex::encode(&digest[..16])))
    }

    /// The stored text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for AccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountKey({:?})", self.0)
    }
}

/// How the journal treats one write operation: whether its answer is a history row that
/// must be claimed, and whether it takes a lease where the venue has no client id.
///
/// This is the one table to extend when [`EarnVenue`](earn_core::EarnVenue) gains a write
/// (and one more method on [`Journaled`](crate::Journaled) that hands it to the same
/// journaling path).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WriteKind {
    /// The write creates a venue order or history row, attributed to it by a claim.
    pub claims: bool,
    /// Where the venue has no client id, one unreconciled write per (venue, account,
    /// asset, operation) at a time: its history match would otherwise be ambiguous.
    pub leases: bool,
}

impl WriteKind {
    /// How `op` is journaled, or `None` for reads.
    ///
    /// A cancellation names an existing order and creates no row: its evidence is that
    /// order's state, so it neither claims nor leases.
    pub fn of(op: Operation) -> Option<WriteKind> {
        match op {
            Operation::Stake | Operation::Redeem | Operation::Transfer => {
                Some(WriteKind { claims: true, leases: true })
            }
            Operation::CancelRedemption => Some(WriteKind { claims: false, leases: false }),
            _ => None,
        }
    }
}

/// What became of a write, once known.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Settlement {
    /// The write happened: the venue's order (claimed for the entry where the operation
    /// creates rows, see [`WriteKind`]).
    Happened(Order),
    /// The transfer happened: the venue's transfer (its id claimed for the entry).
    TransferHappened(Transfer),
    /// The write did not happen; nothing moved.
    DidNotHappen {
        /// How this is known (the venue's rejection, or reconciliation).
        reason: String,
    },
}

impl Settlement {
    /// A [`DidNotHappen`](Self::DidNotHappen) with its reason.
    pub fn did_not_happen(reason: impl Into<String>) -> Self {
        Settlement::DidNotHappen { reason: reason.into() }
    }

    /// The same answer in earn-core's vocabulary.
    pub fn to_reconciliation(&self) -> Reconciliation {
        match self {
            Settlement::Happened(o) => Reconciliation::Happened(o.clone()),
            Settlement::TransferHappened(t) => Reconciliation::TransferHappened(t.clone()),
            Settlement::DidNotHappen { .. } => Reconciliation::DidNotHappen,
        }
    }

    /// Whether the write happened.
    pub fn happened(&self) -> bool {
        !matches!(self, Settlement::DidNotHappen { .. })
    }

    /// The venue's id of the order or transfer, when the write happened.
    pub fn venue_id(&self) -> Option<&OrderId> {
        match self {
            Settlement::Happened(o) => Some(&o.id),
            Settlement::TransferHappened(t) => Some(&t.id),
            Settlement::DidNotHappen { .. } => None,
        }
    }
}

/// Where a journaled write stands.
///
/// `Intended -> Sent -> Settled`, with `Unknown` between `Sent` and `Settled` when the
/// answer was lost or ambiguous. `Intended`, `Sent` and `Unknown` are *open*: a crash
/// between recording and sending cannot be told from one after sending, so all three are
/// reconciled the same way, by reading.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum EntryState {
    /// Recorded durably; the request may or may not have left.
    Intended,
    /// Handed to the venue client (recorded without waiting for the disk: a crash may
    /// leave it `Intended`, which reconciles identically).
    Sent,
    /// The outcome is unknown; reconciliation will tell.
    Unknown {
        /// Why (the transport failure, or reconciliation's reason).
        reason: String,
    },
    /// Known for certain.
    Settled(Settlement),
}

impl EntryState {
    /// Whether the write still awaits reconciliation.
    pub fn is_open(&self) -> bool {
        !matches!(self, EntryState::Settled(_))
    }

    /// The state's name as stored: `intended`, `sent`, `unknown`, `happened`, `did_not_happen`.
    pub fn name(&self) -> &'static str {
        match self {
            EntryState::Intended => "intended",
            EntryState::Sent => "sent",
            EntryState::Unknown { .. } => "unknown",
            EntryState::Settled(Settlement::Happened(_) | Settlement::TransferHappened(_)) => "happened",
            EntryState::Settled(Settlement::DidNotHappen { .. }) => "did_not_happen",
        }
    }
}

/// One lease: where the venue keeps no client id, the one open write per (venue,
/// account, asset, operation).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LeaseKey {
    /// Venue.
    pub venue: VenueId,
    /// Account (API key) the write is made with.
    pub account: AccountKey,
    /// Asset written.
    pub asset: Asset,
    /// Operation.
    pub operation: Operation,
}

impl LeaseKey {
    /// The lease a write of `intent` made with `account` takes; `None` when the intent
    /// names no asset.
    pub fn for_intent(account: &AccountKey, intent: &ReconcileIntent) -> Option<LeaseKey> {
        Some(LeaseKey {
            venue: intent.venue.clone(),
            account: account.clone(),
            asset: intent.asset.clone()?,
            operation: intent.operation,
        })
    }
}

impl fmt::Display for LeaseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} at {} for {}", self.operation, self.asset, self.venue, self.account)
    }
}

/// A held lease.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Lease {
    /// What it guards.
    pub key: LeaseKey,
    /// The entry holding it, until that entry settles.
    pub entry: EntryId,
    /// When it was taken (local clock).
    pub acquired_at: UnixMillis,
}

/// A venue order or history row attributed to one journal entry.
///
/// Unique per (venue, account, operation, order id). The operation is part of the key
/// because some venues answer a redemption with the id of the order it redeems (OKX
/// on-chain earn): the purchase and its redemption are two writes, each with its claim.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Claim {
    /// Venue.
    pub venue: VenueId,
    /// Account.
    pub account: AccountKey,
    /// Operation of the claiming write.
    pub operation: Operation,
    /// The venue's order or row id.
    pub order_id: OrderId,
    /// The entry it is attributed to.
    pub entry: EntryId,
    /// When it was claimed (local clock).
    pub claimed_at: UnixMillis,
}

/// A write about to be sent: what [`Journal::record_intent`](crate::Journal::record_intent) stores.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewEntry {
    /// Its id.
    pub id: EntryId,
    /// Account the write is made with.
    pub account: AccountKey,
    /// Everything reconciliation needs; venue, operation, product, asset, amount, client
    /// id and order id are stored in their own columns too. `claimed` is not stored: it is
    /// computed from the claims at each reconciliation.
    pub intent: ReconcileIntent,
    /// The lease to take in the same transaction, if any.
    pub lease: Option<LeaseKey>,
    /// When the write is handed to the venue client (local clock).
    pub local_sent_at: UnixMillis,
}

impl NewEntry {
    /// A new entry with a random id and no lease, sent now.
    pub fn new(account: AccountKey, intent: ReconcileIntent) -> Self {
        let mut intent = intent;
        intent.claimed.clear();
        NewEntry { id: EntryId::random(), account, intent, lease: None, local_sent_at: UnixMillis::now_local() }
    }

    /// Takes `lease` together with the record.
    pub fn with_lease(mut self, lease: LeaseKey) -> Self {
        self.lease = Some(lease);
        self
    }
}

/// One journaled write, as stored.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Entry {
    /// Its id.
    pub id: EntryId,
    /// Venue.
    pub venue: VenueId,
    /// Account the write was made with.
    pub account: AccountKey,
    /// Operation.
    pub operation: Operation,
    /// Product, where known.
    pub product: Option<ProductId>,
    /// Asset, where known.
    pub asset: Option<Asset>,
    /// Exact amount, where the write had one.
    pub amount: Option<Amount>,
    /// Client id sent with the write.
    pub client_id: Option<ClientOrderId>,
    /// Existing venue order the write acted on (cancellations).
    pub order_id: Option<OrderId>,
    /// What reconciliation needs: the journal's own before the call, the adapter's after
    /// an unknown outcome (it names the endpoint and the venue-clock send time).
    pub intent: ReconcileIntent,
    /// Whether the write took a lease (held while the entry is open).
    pub leased: bool,
    /// Where it stands.
    pub state: EntryState,
    /// When it was handed to the venue client (local clock).
    pub local_sent_at: UnixMillis,
    /// When it was recorded.
    pub created_at: UnixMillis,
    /// Last change.
    pub updated_at: UnixMillis,
    /// When it settled.
    pub settled_at: Option<UnixMillis>,
}

/// Which entries [`Journal::history`](crate::Journal::history) lists, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HistoryQuery {
    /// Only this venue.
    pub venue: Option<VenueId>,
    /// Only this account.
    pub account: Option<AccountKey>,
    /// Only this operation.
    pub operation: Option<Operation>,
    /// Only this product.
    pub product: Option<ProductId>,
    /// Only writes sent with this client id.
    pub client_id: Option<ClientOrderId>,
    /// Only entries recorded strictly before this time (paging back).
    pub before: Option<UnixMillis>,
    /// Only open entries.
    pub open_only: bool,
    /// At most this many (default 100, at most 10 000).
    pub limit: u32,
}

impl Default for HistoryQuery {
    fn default() -> Self {
        HistoryQuery {
            venue: None,
            account: None,
            operation: None,
            product: None,
            client_id: None,
            before: None,
            open_only: false,
            limit: 100,
        }
    }
}

impl HistoryQuery {
    /// Every entry, newest first, 100 at a time.
    pub fn all() -> Self {
        Self::default()
    }

    /// Entries of one venue and account.
    pub fn scope(venue: VenueId, account: AccountKey) -> Self {
        HistoryQuery { venue: Some(venue), account: Some(account), ..Self::default() }
    }

    /// Only this operation.
    pub fn operation(mut self, op: Operation) -> Self {
        self.operation = Some(op);
        self
    }

    /// Only this product.
    pub fn product(mut self, product: impl Into<ProductId>) -> Self {
        self.product = Some(product.into());
        self
    }

    /// Only this client id.
    pub fn client_id(mut self, id: impl Into<ClientOrderId>) -> Self {
        self.client_id = Some(id.into());
        self
    }

    /// Only entries recorded before `t`.
    pub fn before(mut self, t: UnixMillis) -> Self {
        self.before = Some(t);
        self
    }

    /// Only open entries.
    pub fn open_only(mut self) -> Self {
        self.open_only = true;
        self
    }

    /// At most `n` entries.
    pub fn limit(mut self, n: u32) -> Self {
        self.limit = n;
        self
    }
}

/// What [`Journal::settle`](crate::Journal::settle) did.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum SettleOutcome {
    /// The entry is settled as asked (claim recorded, lease released).
    Settled,
    /// The entry was settled before; nothing changed. Holds the earlier settlement.
    AlreadySettled(Settlement),
    /// The order is attributed to another entry: it is not evidence for this one. The
    /// entry stays open (`Unknown`, with this as the reason); nothing else changed.
    ClaimedByOther {
        /// The order.
        order: OrderId,
        /// The entry it belongs to.
        holder: EntryId,
    },
}

/// `Duration` to whole milliseconds, saturating.
pub(crate) fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_keys_never_hold_the_key() {
        let k = AccountKey::from_api_key("0d2b5f3e-secret-looking-key");
        assert!(k.as_str().starts_with("sha256:"));
        assert_eq!(k.as_str().len(), "sha256:".len() + 32);
        assert!(!k.as_str().contains("secret"));
        assert_eq!(k, AccountKey::from_api_key("0d2b5f3e-secret-looking-key"));
        assert_ne!(k, AccountKey::from_api_key("another"));
    }

    #[test]
    fn write_kinds() {
        assert_eq!(WriteKind::of(Operation::Stake), Some(WriteKind { claims: true, leases: true }));
        assert_eq!(WriteKind::of(Operation::CancelRedemption), Some(WriteKind { claims: false, leases: false }));
        assert_eq!(WriteKind::of(Operation::Positions), None);
    }
}
