//! # earn-journal
//!
//! Writes that survive crashes and replicas: a durable write-ahead journal for any
//! [`EarnVenue`](earn_core::EarnVenue), and [`Journaled`], the decorator that uses it.
//!
//! A treasury bot that stakes, redeems or cancels through [`Journaled`] never sends a
//! write the journal has not recorded, and after a crash or restart
//! [`Journaled::reconcile_pending`] settles every write left open, by reading the venue's
//! history only. What used to live in one adapter's memory lives in the journal, shared by
//! every process using the same API key:
//!
//! * **intents** — each write is an [`Entry`]: venue, account, operation, product, asset,
//!   exact amount, client id, the full [`ReconcileIntent`](earn_core::ReconcileIntent) and
//!   local send time, committed durably *before* the request is sent. Its state goes
//!   `Intended → Sent → Settled(Happened order | DidNotHappen)`, or `Unknown(reason)`
//!   until reconciliation tells ([`EntryState`]);
//! * **claims** — the venue order or history row attributed to a write ([`Claim`]).
//!   Unique per (venue, account, operation, row): a row can never be evidence for two
//!   writes, so a second write of the same amount can never be reported as happened on
//!   the first one's row (the "phantom happened");
//! * **leases** — where the venue keeps no client id (OKX ETH/SOL staking), history is
//!   matched by amount and time, so only one unreconciled write per (venue, account,
//!   asset, operation) may exist ([`Lease`]). The lease is taken in the transaction that
//!   records the intent and released in the one that settles it: a write repeated after a
//!   restart, or by another replica, is refused until the first is reconciled (no double
//!   stake).
//!
//! ## Backends
//!
//! * [`SqliteJournal`] (feature `sqlite`, default): one file, no server, WAL with
//!   `synchronous=FULL`. Several processes on one machine may share the file.
//! * `PostgresJournal` (feature `postgres`): one database shared by replicas on many
//!   machines. Leases and claims are unique constraints, so they hold under concurrency.
//!
//! Both implement [`Journal`], an object-safe async trait: hold it as `Arc<dyn Journal>`.
//! Their tables are `earn_journal_writes`, `earn_journal_claims`, `earn_journal_leases`
//! and `earn_journal_meta` (schema version); operators can read them directly, or through
//! [`Journal::open_entries`], [`Journal::entry`], [`Journal::history`] and
//! [`Journal::leases`].
//!
//! ## Example
//!
//! A venue (here a mock that places every stake) journaled in a SQLite file:
//!
//! ```
//! use std::sync::Arc;
//! use earn_core::*;
//! use earn_journal::{AccountKey, EntryState, Journaled, Settlement, SqliteJournal};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let journal = Arc::new(SqliteJournal::open(dir.path().join("journal.sqlite")).await?);
//!
//! let piggybank = VenueId::from_static("piggybank");
//! let mut inner = MockEarnVenue::new();
//! inner.expect_venue().return_const(piggybank.clone());
//! inner.expect_capabilities().return_const(
//!     Capabilities::new(Custody::Custodial).with(Operation::Stake).with_client_order_ids(true),
//! );
//! let product = Product::new(piggybank.clone(), "coins".into(), "USDC".into(), ProductKind::Flexible);
//! inner.expect_products().returning(move |_| Ok(vec![product.clone()]));
//! inner.expect_stake().returning(move |req| {
//!     let mut order = Order::new(
//!         piggybank.clone(), OrderId::new("o-1"), req.product.clone(), Asset::new("USDC"),
//!         OrderSide::Stake, req.amount, OrderStatus::Succeeded, "done",
//!     );
//!     order.client_id = req.client_id.clone();
//!     Ok(WriteOutcome::Placed(order))
//! });
//!
//! // Replicas sharing an API key share an account key (a label, or a hash of the key).
//! let venue = Journaled::new(Arc::new(inner), journal, AccountKey::label("treasury-main"));
//!
//! // At start-up: settle whatever a crash left open (nothing, the first time).
//! assert!(venue.reconcile_pending().await?.all_settled());
//!
//! let outcome = venue.stake(&StakeRequest::new("coins", Amount::parse("10").expect("plain decimal"))).await?;
//! let order = outcome.order().expect("custodial venues place orders");
//! // The journal assigned the client id (32 hex digits by default) and recorded the order.
//! assert_eq!(order.client_id.as_ref().map(|c| c.as_str().len()), Some(32));
//! let last = &venue.history(1).await?[0];
//! assert_eq!(last.client_id, order.client_id);
//! assert!(matches!(&last.state, EntryState::Settled(Settlement::Happened(o)) if o.id == order.id));
//! # Ok(())
//! # }
//! ```
//!
//! ## Using it for a venue
//!
//! Wrap each venue adapter once, with the journal and the account key. A [`VenuePolicy`]
//! says which writes take a client id (and in what format), which take a lease, and
//! whether the venue deduplicates on the client id. The venues of this workspace have
//! theirs built in ([`VenuePolicy::known`], used by [`Journaled::new`]); for another venue
//! the default follows its capabilities, or write one:
//!
//! ```
//! # use std::time::Duration;
//! # use earn_core::Operation;
//! # use earn_journal::{ClientIdFormat, ClientIds, VenuePolicy};
//! // A venue like OKX staking (this is part of VenuePolicy::okx_staking()): most writes
//! // keep no client id (leases); on-chain earn purchases take a `tag` of at most 16
//! // letters or digits.
//! let okx = VenuePolicy::new(ClientIds::None)
//!     .rule(Some(Operation::Stake), Some("onchain:"), ClientIds::assign(ClientIdFormat::hex(16)))
//!     .asset("eth", "ETH")
//!     .asset("sol", "SOL");
//! // Bybit: `orderLinkId` on stakes and redemptions, deduplicated by the venue for a while
//! // (the window here is an example: use the venue's documented one); a transfer's
//! // `transferId` must be a lower-case UUID.
//! let bybit = VenuePolicy::new(
//!     ClientIds::assign(ClientIdFormat::hex(32)).deduplicated_within(Duration::from_secs(600)),
//! )
//! .rule(Some(Operation::Transfer), None, ClientIds::assign(ClientIdFormat::uuid()));
//! ```
//!
//! Then use the [`Journaled`] value as the venue everywhere (it is an `EarnVenue`), call
//! [`Journaled::reconcile_pending`] at start-up and periodically while some entries stay
//! unknown, and let [`Journaled::reconcile`](earn_core::EarnVenue::reconcile) settle an
//! [`Error::OutcomeUnknown`](earn_core::Error::OutcomeUnknown) it returned. An adapter
//! reconciling a journaled intent must honour [`ReconcileIntent::claimed`](earn_core::ReconcileIntent::claimed)
//! (never answer `Happened` with one of those rows), accept an empty `endpoint` and a
//! local-clock `sent_at`, and answer a write repeated with a known client id with the
//! existing order (or an unknown outcome), never a plain rejection.
//!
//! The journal records, it does not decide: a write it refuses
//! ([`Error::UnreconciledWrite`](earn_core::Error::UnreconciledWrite) while a lease is held,
//! or [`Error::Transport`](earn_core::Error::Transport) from `earn-journal` when it cannot
//! record) was not sent, and may be tried again once the reason is gone.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod error;
mod journal;
mod journaled;
mod model;
mod policy;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "sqlite")]
mod sqlite;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
mod store;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;

pub use error::JournalError;
pub use journal::Journal;
pub use journaled::{Journaled, PendingEntry, PendingReport};
pub use model::{
    AccountKey, Claim, Entry, EntryId, EntryState, HistoryQuery, Lease, LeaseKey, NewEntry, SettleOutcome, Settlement,
    WriteKind,
};
pub use policy::{ClientIdFormat, ClientIds, VenuePolicy};
#[cfg(feature = "postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
pub use postgres::PostgresJournal;
#[cfg(feature = "sqlite")]
#[cfg_attr(docsrs, doc(cfg(feature = "sqlite")))]
pub use sqlite::SqliteJournal;
/// The Postgres connection settings [`PostgresJournal::connect_with`] takes.
#[cfg(feature = "postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
pub use tokio_postgres::Config as PostgresConfig;
