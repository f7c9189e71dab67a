//! The [`Journal`] trait: durable storage of writes, claims and leases.

use async_trait::async_trait;
use earn_core::{Operation, ReconcileIntent, UnixMillis, VenueId};

use crate::{
    AccountKey, Claim, Entry, EntryId, HistoryQuery, JournalError, Lease, NewEntry, SettleOutcome, Settlement,
};

/// Durable storage for journaled writes.
///
/// Object-safe, `Send + Sync`: hold it as `Arc<dyn Journal>` and share it between
/// [`Journaled`](crate::Journaled) venues. Every method is one transaction; the backends
/// ([`SqliteJournal`](crate::SqliteJournal), `PostgresJournal` with feature `postgres`)
/// enforce the rules below with unique constraints, so they hold across processes and
/// replicas, not just within one.
///
/// * An entry is written by [`record_intent`](Self::record_intent) and committed durably
///   before it returns. At most one *open* entry per (venue, account, client id).
/// * Everything after the intent ([`mark_sent`](Self::mark_sent),
///   [`mark_unknown`](Self::mark_unknown), [`settle`](Self::settle)) is committed without
///   waiting for the disk: one flush per write instead of two. The log is ordered, so the
///   next durable commit (any intent, by any process) carries these along; a power loss
///   before one can only revert the last outcomes, leaving their entries open (and their
///   leases held) until reconciliation settles them again by reading. Nothing that was
///   ever acted on depends on a lost outcome: a write that needed a released lease or a
///   freed client id made a durable commit after it.
/// * A lease (venue, account, asset, operation) is taken in the same transaction as the
///   record, or the record is refused ([`JournalError::LeaseHeld`]); it is released in the
///   transaction that settles its entry, and by nothing else.
/// * A claim (venue, account, operation, order id) is recorded in the transaction that
///   settles its entry as happened; a second entry can never claim the same order
///   ([`SettleOutcome::ClaimedByOther`]).
#[async_trait]
pub trait Journal: Send + Sync {
    /// Records a write about to be sent, and takes `entry.lease` if it has one. Returns
    /// only once the record is durable. Nothing may be sent if this fails.
    async fn record_intent(&self, entry: &NewEntry) -> Result<(), JournalError>;

    /// Notes that the write was handed to the venue client. Only `Intended` entries move to
    /// `Sent`. Not waited to the disk: the state is informational, and an entry a crash
    /// leaves `Intended` is reconciled exactly like a `Sent` one.
    async fn mark_sent(&self, id: EntryId, at: UnixMillis) -> Result<(), JournalError>;

    /// Marks an open entry `Unknown` with `reason`, storing `intent` (the adapter's, which
    /// names the endpoint and the venue-clock send time) in place of the recorded one.
    /// Returns `false` (and changes nothing) when the entry is settled already. Not waited
    /// to the disk (see above).
    async fn mark_unknown(&self, id: EntryId, intent: &ReconcileIntent, reason: &str) -> Result<bool, JournalError>;

    /// Settles an entry: claims the order where the operation creates rows, records the
    /// outcome and releases the lease, all in one transaction, not waited to the disk (see
    /// above).
    ///
    /// A settled entry stays as it is ([`SettleOutcome::AlreadySettled`]), with one
    /// exception: evidence that a write happened (a claimable order) replaces an earlier
    /// "did not happen", since the venue applied it late.
    async fn settle(&self, id: EntryId, settlement: &Settlement) -> Result<SettleOutcome, JournalError>;

    /// One entry.
    async fn entry(&self, id: EntryId) -> Result<Option<Entry>, JournalError>;

    /// Every open entry (`Intended`, `Sent`, `Unknown`), oldest first, optionally of one
    /// venue and account.
    async fn open_entries(
        &self,
        venue: Option<&VenueId>,
        account: Option<&AccountKey>,
    ) -> Result<Vec<Entry>, JournalError>;

    /// Entries matching `query`, newest first.
    async fn history(&self, query: &HistoryQuery) -> Result<Vec<Entry>, JournalError>;

    /// Claims of one venue, account and operation whose entries were sent at or after
    /// `since` (local clock).
    async fn claims(
        &self,
        venue: &VenueId,
        account: &AccountKey,
        operation: Operation,
        since: UnixMillis,
    ) -> Result<Vec<Claim>, JournalError>;

    /// Held leases, optionally of one venue and account.
    async fn leases(&self, venue: Option<&VenueId>, account: Option<&AccountKey>) -> Result<Vec<Lease>, JournalError>;
}
