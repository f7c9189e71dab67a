//! The `Journaled` decorator over a fake venue, on real journals.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use async_trait::async_trait;
use earn_core::*;
use earn_journal::*;

use crate::fake::{Behavior, FakeVenue, Hook, Ledger, VENUE};
use crate::on_both_backends;
use crate::support::{Store, account, amount, order, stake_intent};

on_both_backends!(intent_is_durable_before_the_call, a_journal_that_cannot_record_refuses_the_write);

fn ledger() -> Arc<Mutex<Ledger>> {
    Arc::new(Mutex::new(Ledger::default()))
}

fn journaled(journal: Arc<dyn Journal>, fake: FakeVenue) -> (Journaled, Arc<FakeVenue>) {
    let fake = Arc::new(fake);
    let venue = Journaled::new(Arc::clone(&fake) as Arc<dyn EarnVenue>, journal, account());
    (venue, fake)
}

fn stake(product: &str, amt: &str) -> StakeRequest {
    StakeRequest::new(product, amount(amt))
}

fn state_of(entries: &[Entry], id: EntryId) -> EntryState {
    entries.iter().find(|e| e.id == id).expect("entry").state.clone()
}

/// The venue is called only once the intent is committed: another connection (another
/// process) already sees it, open, when the venue receives the request.
async fn intent_is_durable_before_the_call(store: Store) {
    let checker = store.open().await;
    let seen = Arc::new(AtomicUsize::new(0));
    let hook: Hook = {
        let (checker, seen) = (Arc::clone(&checker), Arc::clone(&seen));
        Arc::new(move |client_id, amt| {
            let (checker, seen) = (Arc::clone(&checker), Arc::clone(&seen));
            Box::pin(async move {
                let open = checker.open_entries(Some(&VENUE), Some(&account())).await.unwrap();
                let e = open
                    .iter()
                    .find(|e| e.client_id == client_id && e.amount == Some(amt))
                    .expect("the intent is committed before the venue is called");
                assert!(matches!(e.state, EntryState::Intended | EntryState::Sent), "{:?}", e.state);
                seen.fetch_add(1, Ordering::SeqCst);
            })
        })
    };
    // With client ids.
    let (v, _) = journaled(store.open().await, FakeVenue::new(true, ledger()).hook(Arc::clone(&hook)));
    let order = v.stake(&stake("eth", "1.5")).await.unwrap().into_order().unwrap();
    assert!(order.client_id.is_some());
    // Without (the write takes a lease).
    let (v, _) = journaled(store.open().await, FakeVenue::new(false, ledger()).hook(hook));
    let _ = v.redeem(&RedeemRequest::new("sol", amount("2")).position_id("p-7")).await.unwrap();
    let redeemed = v.history(1).await.unwrap().remove(0);
    assert_eq!(redeemed.intent.position_id.as_deref(), Some("p-7"));
    assert_eq!(seen.load(Ordering::SeqCst), 2);
    assert!(checker.open_entries(None, None).await.unwrap().is_empty(), "both settled");
}

/// A journal whose storage fails.
struct BrokenJournal;

fn broken() -> JournalError {
    JournalError::Storage { message: "disk I/O error".into(), source: None }
}

#[async_trait]
impl Journal for BrokenJournal {
    async fn record_intent(&self, _: &NewEntry) -> Result<(), JournalError> {
        Err(broken())
    }
    async fn mark_sent(&self, _: EntryId, _: UnixMillis) -> Result<(), JournalError> {
        Err(broken())
    }
    async fn mark_unknown(&self, _: EntryId, _: &ReconcileIntent, _: &str) -> Result<bool, JournalError> {
        Err(broken())
    }
    async fn settle(&self, _: EntryId, _: &Settlement) -> Result<SettleOutcome, JournalError> {
        Err(broken())
    }
    async fn entry(&self, _: EntryId) -> Result<Option<Entry>, JournalError> {
        Err(broken())
    }
    async fn open_entries(&self, _: Option<&VenueId>, _: Option<&AccountKey>) -> Result<Vec<Entry>, JournalError> {
        Err(broken())
    }
    async fn history(&self, _: &HistoryQuery) -> Result<Vec<Entry>, JournalError> {
        Err(broken())
    }
    async fn claims(
        &self,
        _: &VenueId,
        _: &AccountKey,
        _: Operation,
        _: UnixMillis,
    ) -> Result<Vec<Claim>, JournalError> {
        Err(broken())
    }
    async fn leases(&self, _: Option<&VenueId>, _: Option<&AccountKey>) -> Result<Vec<Lease>, JournalError> {
        Err(broken())
    }
}

fn assert_refused(err: &Error) {
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert!(err.to_string().contains("not sent"), "{err}");
    let source = std::error::Error::source(err).expect("the journal error is the source");
    assert!(source.downcast_ref::<JournalError>().is_some());
}

#[tokio::test]
async fn a_broken_journal_refuses_every_write() {
    for client_ids in [true, false] {
        let (v, fake) = journaled(Arc::new(BrokenJournal), FakeVenue::new(client_ids, ledger()));
        assert_refused(&v.stake(&stake("eth", "1")).await.unwrap_err());
        assert_refused(&v.redeem(&RedeemRequest::new("eth", amount("1"))).await.unwrap_err());
        assert_refused(&v.cancel_redemption(&OrderRef::Venue(OrderId::new("o-1"))).await.unwrap_err());
        assert_eq!(fake.calls(), 0, "nothing reaches the venue unrecorded");
        assert!(fake.ledger.lock().unwrap().orders.is_empty());
        // Reads still pass through.
        assert_eq!(v.products(&ProductFilter::all()).await.unwrap().len(), 3);
    }
}

/// A real journal whose storage breaks under it: the write is refused, never sent.
async fn a_journal_that_cannot_record_refuses_the_write(store: Store) {
    let (v, fake) = journaled(store.open().await, FakeVenue::new(true, ledger()));
    let _ = v.stake(&stake("eth", "1")).await.unwrap();
    assert_eq!(fake.calls(), 1);
    store.sabotage().await;
    assert_refused(&v.stake(&stake("eth", "2")).await.unwrap_err());
    assert_eq!(fake.calls(), 1, "the second write never reached the venue");
    assert_eq!(fake.ledger.lock().unwrap().orders.len(), 1);
}

#[tokio::test]
async fn client_ids_follow_the_policy() {
    let store = Store::sqlite().await;
    // One venue, one ledger (order ids are the venue's: a second ledger would reuse them).
    let ledger = ledger();
    // A venue that takes client ids: 32 hex digits by default, the caller's kept.
    let (v, _) = journaled(store.open().await, FakeVenue::new(true, Arc::clone(&ledger)));
    let o = v.stake(&stake("eth", "1")).await.unwrap().into_order().unwrap();
    let id = o.client_id.unwrap();
    assert_eq!(id.as_str().len(), 32);
    assert!(id.as_str().bytes().all(|b| b.is_ascii_hexdigit()));
    let o = v.stake(&stake("eth", "1").client_id("mine-1")).await.unwrap().into_order().unwrap();
    assert_eq!(o.client_id, Some(ClientOrderId::new("mine-1")));
    let last = &v.history(1).await.unwrap()[0];
    assert_eq!(last.client_id, Some(ClientOrderId::new("mine-1")));
    assert_eq!(last.asset, Some(Asset::new("ETH")), "the asset comes from the venue's products");

    // Per product: `usdc` takes 16 digits with a prefix, `eth` none (and a lease).
    let policy = VenuePolicy::new(ClientIds::None).rule(
        Some(Operation::Stake),
        Some("usdc"),
        ClientIds::assign(ClientIdFormat::hex(16).prefix("ej")),
    );
    let (v, _) = journaled(store.open().await, FakeVenue::new(true, ledger));
    let v = v.with_policy(policy);
    let o = v.stake(&stake("usdc", "10")).await.unwrap().into_order().unwrap();
    let id = o.client_id.unwrap();
    assert!(id.as_str().starts_with("ej") && id.as_str().len() == 18, "{id:?}");
    let o = v.stake(&stake("eth", "1")).await.unwrap().into_order().unwrap();
    assert_eq!(o.client_id, None);
    assert!(v.history(1).await.unwrap()[0].leased);
}

/// The "double stake": a write times out; repeating it is refused before the
/// restart and after it, until reconciliation settles the first.
#[tokio::test]
async fn no_double_write_after_a_restart() {
    let store = Store::sqlite().await;
    let ledger = ledger();
    {
        let fake = FakeVenue::new(false, Arc::clone(&ledger))
            .script([Behavior::ApplyThenLose])
            .grace(Duration::from_secs(3600));
        let (v, fake) = journaled(store.open().await, fake);
        let err = v.stake(&stake("eth", "0.0231")).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutcomeUnknown);
        let again = v.stake(&stake("eth", "0.0231")).await.unwrap_err();
        assert_eq!(again.kind(), ErrorKind::UnreconciledWrite, "{again}");
        assert_eq!(fake.calls(), 1);
    } // the process dies: journal and adapter dropped
    let fake = FakeVenue::new(false, Arc::clone(&ledger)).grace(Duration::from_secs(3600));
    let (v, fake) = journaled(store.open().await, fake);
    let again = v.stake(&stake("eth", "0.0231")).await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::UnreconciledWrite, "{again}");
    assert_eq!(fake.calls(), 0);
    assert_eq!(ledger.lock().unwrap().orders.len(), 1);
    // Another asset is not blocked.
    let _ = v.stake(&stake("sol", "1")).await.unwrap();

    let report = v.reconcile_pending().await.unwrap();
    assert_eq!((report.happened(), report.entries.len()), (1, 1));
    assert!(report.all_settled());
    assert!(v.leases().await.unwrap().is_empty());
    // Now a new write is a new write.
    let _ = v.stake(&stake("eth", "0.0231")).await.unwrap();
    let orders = ledger.lock().unwrap().orders.clone();
    assert_eq!(orders.iter().filter(|o| o.product.as_str() == "eth").count(), 2, "each intended once");
}

/// A bot restarts and settles every write its crash left open, with no code of its own.
#[tokio::test]
async fn reconcile_pending_after_a_restart() {
    let store = Store::sqlite().await;
    let ledger = ledger();
    let (lost_after, lost_before, never_sent);
    {
        let fake =
            FakeVenue::new(false, Arc::clone(&ledger)).script([Behavior::ApplyThenLose, Behavior::LoseBeforeApply]);
        let (v, _) = journaled(store.open().await, fake);
        v.stake(&stake("eth", "1")).await.unwrap_err();
        v.redeem(&RedeemRequest::new("eth", amount("3"))).await.unwrap_err();
        let hist = v.history(10).await.unwrap();
        lost_before = hist[0].id;
        lost_after = hist[1].id;
        // A crash between recording and sending: the intent is there, the request never left.
        let intent = stake_intent("sol", "2");
        let e = NewEntry::new(account(), intent.clone()).with_lease(LeaseKey::for_intent(&account(), &intent).unwrap());
        never_sent = e.id;
        v.journal().record_intent(&e).await.unwrap();
        assert_eq!(v.open_entries().await.unwrap().len(), 3);
    }
    let (v, fake) = journaled(store.open().await, FakeVenue::new(false, Arc::clone(&ledger)));
    assert_eq!(v.leases().await.unwrap().len(), 3, "leases outlive the process");
    let report = v.reconcile_pending().await.unwrap();
    assert_eq!(report.entries.len(), 3);
    assert_eq!((report.happened(), report.did_not_happen()), (1, 2));
    assert!(report.all_settled());
    assert_eq!(fake.calls(), 0, "reconciliation only reads");
    let hist = v.history(10).await.unwrap();
    let applied = ledger.lock().unwrap().orders[0].clone();
    assert_eq!(state_of(&hist, lost_after), EntryState::Settled(Settlement::Happened(applied.clone())));
    assert!(matches!(state_of(&hist, lost_before), EntryState::Settled(Settlement::DidNotHappen { .. })));
    assert!(matches!(state_of(&hist, never_sent), EntryState::Settled(Settlement::DidNotHappen { .. })));
    assert!(v.open_entries().await.unwrap().is_empty());
    assert!(v.leases().await.unwrap().is_empty());
    let claims = v.journal().claims(&VENUE, &account(), Operation::Stake, UnixMillis(0)).await.unwrap();
    assert_eq!((claims.len(), claims[0].entry, &claims[0].order_id), (1, lost_after, &applied.id));
}

/// The "phantom happened": a first stake succeeded (row o-1), a second of the same
/// amount was never applied. After a restart, reconciling the second must not answer
/// Happened with the first's row.
#[tokio::test]
async fn no_phantom_happened_after_a_restart() {
    let store = Store::sqlite().await;
    let ledger = ledger();
    let second;
    {
        let fake = FakeVenue::new(false, Arc::clone(&ledger)).script([Behavior::Apply, Behavior::LoseBeforeApply]);
        let (v, _) = journaled(store.open().await, fake);
        let first = v.stake(&stake("eth", "0.0231")).await.unwrap().into_order().unwrap();
        assert_eq!(first.id.as_str(), "o-1");
        v.stake(&stake("eth", "0.0231")).await.unwrap_err();
        second = v.history(1).await.unwrap()[0].id;
    }
    // A new process, inside the venue's grace period: still unknown, not happened.
    let fake = FakeVenue::new(false, Arc::clone(&ledger)).grace(Duration::from_secs(3600));
    let (v, fake) = journaled(store.open().await, fake);
    let report = v.reconcile_pending().await.unwrap();
    assert_eq!(report.still_unknown(), 1);
    let asked = fake.reconciled.lock().unwrap()[0].clone();
    assert_eq!(asked.claimed, vec![OrderId::new("o-1")], "the first write's row is passed as claimed");
    // Past the grace period: did not happen.
    let (v, _) = journaled(store.open().await, FakeVenue::new(false, Arc::clone(&ledger)));
    let report = v.reconcile_pending().await.unwrap();
    assert_eq!((report.did_not_happen(), report.happened()), (1, 0));
    assert!(matches!(
        v.entry(second).await.unwrap().unwrap().state,
        EntryState::Settled(Settlement::DidNotHappen { .. })
    ));
}

/// Even an adapter that ignores `claimed` cannot attribute a claimed row to a second write:
/// the decorator checks the answer, and the unique claim stops it when the row is beyond
/// the claim horizon.
#[tokio::test]
async fn a_naive_adapter_cannot_double_attribute() {
    for horizon in [VenuePolicy::DEFAULT_CLAIM_HORIZON, Duration::ZERO] {
        let store = Store::sqlite().await;
        let ledger = ledger();
        let fake = FakeVenue::new(false, Arc::clone(&ledger)).script([Behavior::Apply, Behavior::LoseBeforeApply]);
        let (v, _) = journaled(store.open().await, fake);
        let first_entry = {
            let _ = v.stake(&stake("eth", "0.0231")).await.unwrap();
            v.history(1).await.unwrap()[0].id
        };
        tokio::time::sleep(Duration::from_millis(5)).await;
        v.stake(&stake("eth", "0.0231")).await.unwrap_err();
        let second = v.history(1).await.unwrap()[0].id;

        let naive = FakeVenue::new(false, Arc::clone(&ledger)).ignoring_claimed();
        let (v, _) = journaled(store.open().await, naive);
        let v = v.with_policy(VenuePolicy::new(ClientIds::None).claim_horizon(horizon));
        let report = v.reconcile_pending().await.unwrap();
        assert_eq!((report.still_unknown(), report.happened()), (1, 0), "horizon {horizon:?}");
        match v.entry(second).await.unwrap().unwrap().state {
            EntryState::Unknown { reason } => assert!(reason.contains("o-1"), "{reason}"),
            s => panic!("{s:?}"),
        }
        let claims = v.journal().claims(&VENUE, &account(), Operation::Stake, UnixMillis(0)).await.unwrap();
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].entry, first_entry);
    }
}

/// Two replicas reconcile the same open writes at once; the venue (naively) answers the
/// same row for both: one gets it, the other stays unknown.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn replicas_reconciling_at_once_attribute_a_row_once() {
    let store = Store::postgres().await;
    let ledger = ledger();
    let journal = store.open().await;
    for _ in 0..2 {
        // Written by processes that predate leases, say: two open writes of one amount.
        journal.record_intent(&NewEntry::new(account(), stake_intent("eth", "0.0231"))).await.unwrap();
    }
    let (seed, _) = journaled(store.open().await, FakeVenue::new(true, Arc::clone(&ledger)));
    let _ = seed.inner().stake(&stake("eth", "0.0231")).await.unwrap();
    let replicas: Vec<Arc<Journaled>> = vec![
        Arc::new(journaled(store.open().await, FakeVenue::new(false, Arc::clone(&ledger)).ignoring_claimed()).0),
        Arc::new(journaled(store.open().await, FakeVenue::new(false, Arc::clone(&ledger)).ignoring_claimed()).0),
    ];
    let tasks: Vec<_> = replicas
        .iter()
        .map(|r| {
            let r = Arc::clone(r);
            tokio::spawn(async move { r.reconcile_pending().await.unwrap() })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let entries = journal.history(&HistoryQuery::all()).await.unwrap();
    let happened = entries.iter().filter(|e| matches!(e.state, EntryState::Settled(Settlement::Happened(_)))).count();
    assert_eq!(happened, 1, "{entries:#?}");
    assert_eq!(journal.claims(&VENUE, &account(), Operation::Stake, UnixMillis(0)).await.unwrap().len(), 1);
}

/// A write repeated after "did not happen" reuses the client id where the venue
/// deduplicates on it, so a late first write cannot double.
#[tokio::test]
async fn a_resend_reuses_the_client_id() {
    let store = Store::sqlite().await;
    let policy =
        VenuePolicy::new(ClientIds::assign(ClientIdFormat::default()).deduplicated_within(Duration::from_secs(3600)));
    let ledger = ledger();
    let fake = FakeVenue::new(true, Arc::clone(&ledger)).script([Behavior::LoseBeforeApply]);
    let (v, _) = journaled(store.open().await, fake);
    let v = v.with_policy(policy);
    let err = v.stake(&stake("eth", "5")).await.unwrap_err();
    let intent = err.reconcile_intent().unwrap().clone();
    let first_id = intent.client_id.clone().unwrap();
    assert_eq!(v.reconcile(&intent).await.unwrap(), Reconciliation::DidNotHappen);

    let o = v.stake(&stake("eth", "5.0")).await.unwrap().into_order().unwrap();
    assert_eq!(o.client_id.as_ref(), Some(&first_id), "the resend reuses the id");
    // After it happened, a new write is a new write.
    let o = v.stake(&stake("eth", "5")).await.unwrap().into_order().unwrap();
    assert_ne!(o.client_id.as_ref(), Some(&first_id));
    // Another amount never reuses.
    let o = v.stake(&stake("eth", "6")).await.unwrap().into_order().unwrap();
    assert_ne!(o.client_id.as_ref(), Some(&first_id));

    // Without deduplication at the venue, ids are never reused.
    let fake = FakeVenue::new(true, ledger).script([Behavior::Reject]);
    let (v, _) = journaled(store.open().await, fake);
    let err = v.stake(&stake("sol", "5")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientBalance);
    let rejected = v.history(1).await.unwrap()[0].client_id.clone();
    let o = v.stake(&stake("sol", "5")).await.unwrap().into_order().unwrap();
    assert_ne!(o.client_id, rejected);
}

/// `reconcile` on the decorator settles the entry of an intent it returned.
#[tokio::test]
async fn unknown_outcomes_carry_the_adapters_intent_and_reconcile() {
    let store = Store::sqlite().await;
    let fake = FakeVenue::new(true, ledger()).script([Behavior::ApplyThenLose, Behavior::ApplyThenGarble]);
    let (v, _) = journaled(store.open().await, fake);

    let err = v.stake(&stake("eth", "1")).await.unwrap_err();
    let intent = err.reconcile_intent().expect("OutcomeUnknown").clone();
    assert_eq!(intent.endpoint, "/fake/stake", "the adapter's intent");
    assert_eq!(intent.asset, Some(Asset::new("ETH")), "completed from the journal's");
    let entry = v.history(1).await.unwrap().remove(0);
    assert_eq!(entry.intent, intent);
    assert!(matches!(entry.state, EntryState::Unknown { ref reason } if reason == "timed out"));
    match v.reconcile(&intent).await.unwrap() {
        Reconciliation::Happened(o) => assert_eq!(o.client_id, intent.client_id),
        r => panic!("{r:?}"),
    }
    assert!(matches!(v.entry(entry.id).await.unwrap().unwrap().state, EntryState::Settled(Settlement::Happened(_))));
    // Again: answered from the journal.
    assert!(matches!(v.reconcile(&intent).await.unwrap(), Reconciliation::Happened(_)));

    // An unreadable answer to a write is an unknown outcome, not a plain error.
    let err = v.stake(&stake("eth", "2")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err}");
    let report = v.reconcile_pending().await.unwrap();
    assert_eq!(report.happened(), 1);
}

#[tokio::test]
async fn a_rejection_settles_and_frees_the_lease() {
    let store = Store::sqlite().await;
    let fake = FakeVenue::new(false, ledger()).script([Behavior::Reject]);
    let (v, fake) = journaled(store.open().await, fake);
    let err = v.stake(&stake("eth", "1")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientBalance);
    let e = v.history(1).await.unwrap().remove(0);
    match e.state {
        EntryState::Settled(Settlement::DidNotHappen { reason }) => assert!(reason.contains("insufficient")),
        s => panic!("{s:?}"),
    }
    assert!(v.leases().await.unwrap().is_empty());
    let _ = v.stake(&stake("eth", "1")).await.unwrap();
    assert_eq!(fake.calls(), 2);
}

#[tokio::test]
async fn non_custodial_writes_pass_through() {
    let store = Store::sqlite().await;
    let (v, fake) = journaled(store.open().await, FakeVenue::new(true, ledger()).non_custodial());
    let out = v.stake(&stake("eth", "1")).await.unwrap();
    assert!(out.plan().is_some());
    assert_eq!(fake.calls(), 1);
    assert!(v.history(10).await.unwrap().is_empty());
}

#[tokio::test]
async fn cancellations_are_journaled_without_claims() {
    let store = Store::sqlite().await;
    let (v, _) = journaled(store.open().await, FakeVenue::new(true, ledger()));
    let staked = v.stake(&stake("eth", "1").client_id("c-9")).await.unwrap().into_order().unwrap();
    let cancelled = v.cancel_redemption(&OrderRef::Venue(staked.id.clone())).await.unwrap();
    assert_eq!(cancelled.status, OrderStatus::Cancelled);
    let e = v.history(1).await.unwrap().remove(0);
    assert_eq!((e.operation, e.order_id.clone()), (Operation::CancelRedemption, Some(staked.id.clone())));
    // A cancellation carries no client id, so none is recorded (though the policy assigns
    // them): reconciliation must not look for an id the venue never saw.
    assert_eq!(e.client_id, None);
    assert!(matches!(e.state, EntryState::Settled(Settlement::Happened(_))));
    // By client id: the order is looked up first, so the entry names it.
    v.cancel_redemption(&OrderRef::Client(ClientOrderId::new("c-9"))).await.unwrap();
    let e = v.history(1).await.unwrap().remove(0);
    assert_eq!((e.order_id, e.asset), (Some(staked.id), Some(Asset::new("ETH"))));
    assert!(matches!(e.state, EntryState::Settled(Settlement::Happened(_))));
}

/// A caller that gives up mid-write (the future is dropped) leaves the entry open and its
/// lease held; reconciliation settles it.
#[tokio::test]
async fn an_abandoned_write_is_reconciled() {
    let store = Store::sqlite().await;
    let hook: Hook = Arc::new(|_, _| Box::pin(tokio::time::sleep(Duration::from_secs(3600))));
    let (v, _) = journaled(store.open().await, FakeVenue::new(false, ledger()).hook(hook));
    let r = tokio::time::timeout(Duration::from_millis(200), v.stake(&stake("eth", "1"))).await;
    assert!(r.is_err(), "timed out");
    let open = v.open_entries().await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].state, EntryState::Sent);
    assert_eq!(v.leases().await.unwrap().len(), 1);
    let report = v.reconcile_pending().await.unwrap();
    assert_eq!(report.did_not_happen(), 1);
    assert!(v.leases().await.unwrap().is_empty());
}

/// Entries this instance is sending right now are not reconciled under its feet.
#[tokio::test]
async fn writes_in_flight_are_skipped() {
    let store = Store::sqlite().await;
    let cell: Arc<OnceLock<Arc<Journaled>>> = Arc::new(OnceLock::new());
    let reports: Arc<Mutex<Vec<PendingReport>>> = Arc::default();
    let hook: Hook = {
        let (cell, reports) = (Arc::clone(&cell), Arc::clone(&reports));
        Arc::new(move |_, _| {
            let (cell, reports) = (Arc::clone(&cell), Arc::clone(&reports));
            Box::pin(async move {
                let v = cell.get().unwrap();
                let report = v.reconcile_pending().await.unwrap();
                reports.lock().unwrap().push(report);
            })
        })
    };
    let (v, _) = journaled(store.open().await, FakeVenue::new(false, ledger()).hook(hook));
    let v = Arc::new(v);
    cell.set(Arc::clone(&v)).unwrap();
    let _ = v.stake(&stake("eth", "1")).await.unwrap();
    let reports = reports.lock().unwrap();
    assert_eq!(reports[0].in_flight.len(), 1);
    assert!(reports[0].entries.is_empty());
    assert!(!reports[0].all_settled());
}

/// Two replicas on one Postgres, many tasks each, hammering one asset and operation on a
/// venue without client ids: exactly one write holds the lease and reaches the venue.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_lease_across_replicas() {
    let store = Store::postgres().await;
    let ledger = ledger();
    let mk = |b: Behavior| FakeVenue::new(false, Arc::clone(&ledger)).always(b).delay(Duration::from_millis(300));
    let a = journaled(store.open().await, mk(Behavior::LoseBeforeApply));
    let b = journaled(store.open().await, mk(Behavior::LoseBeforeApply));
    let replicas = [Arc::new(a.0), Arc::new(b.0)];
    let fakes = [a.1, b.1];

    let hammer = |replicas: &[Arc<Journaled>; 2]| {
        let tasks: Vec<_> = (0..20)
            .map(|i| {
                let r = Arc::clone(&replicas[i % 2]);
                tokio::spawn(async move { r.stake(&stake("eth", &format!("0.{}", i + 1))).await })
            })
            .collect();
        async move {
            let mut out = Vec::new();
            for t in tasks {
                out.push(t.await.unwrap());
            }
            out
        }
    };
    let results = hammer(&replicas).await;
    let kinds: Vec<ErrorKind> = results.iter().map(|r| r.as_ref().unwrap_err().kind()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == ErrorKind::OutcomeUnknown).count(), 1, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == ErrorKind::UnreconciledWrite).count(), 19, "{kinds:?}");
    assert_eq!(fakes.iter().map(|f| f.calls()).sum::<usize>(), 1, "one write reached the venue");
    assert_eq!(replicas[0].leases().await.unwrap().len(), 1);

    // The other replica reconciles it; the lease is free again.
    let report = replicas[1].reconcile_pending().await.unwrap();
    assert_eq!(report.did_not_happen(), 1);
    assert!(replicas[0].leases().await.unwrap().is_empty());

    // Again, with writes that succeed: still one at a time.
    let a = journaled(store.open().await, mk(Behavior::Apply));
    let b = journaled(store.open().await, mk(Behavior::Apply));
    let replicas = [Arc::new(a.0), Arc::new(b.0)];
    let results = hammer(&replicas).await;
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert!(ok >= 1);
    for r in &results {
        if let Err(e) = r {
            assert_eq!(e.kind(), ErrorKind::UnreconciledWrite, "{e}");
        }
    }
    assert_eq!(a.1.calls() + b.1.calls(), ok, "only lease holders reach the venue");
    assert_eq!(ledger.lock().unwrap().orders.len(), ok);
}

/// Transfers go through the same path: client id (a UUID here, as Bybit's `transferId`),
/// intent first, the transfer id claimed, unknown outcomes reconciled.
#[tokio::test]
async fn transfers_are_journaled() {
    let store = Store::sqlite().await;
    let policy = VenuePolicy::new(ClientIds::assign(ClientIdFormat::default())).rule(
        Some(Operation::Transfer),
        None,
        ClientIds::assign(ClientIdFormat::uuid()),
    );
    let fake = FakeVenue::new(true, ledger()).script([Behavior::Apply, Behavior::ApplyThenLose]);
    let (v, fake) = journaled(store.open().await, fake);
    let v = v.with_policy(policy);
    let request = TransferRequest::new("USDC", amount("25"), "funding", "trading");
    let t = v.transfer(&request).await.unwrap();
    assert_eq!(t.client_id.as_ref().map(|c| c.as_str().len()), Some(36));
    let e = v.history(1).await.unwrap().remove(0);
    assert_eq!(
        (e.operation, e.asset.clone(), e.client_id.clone()),
        (Operation::Transfer, Some(Asset::new("USDC")), t.client_id.clone())
    );
    assert_eq!(e.state, EntryState::Settled(Settlement::TransferHappened(t.clone())));
    assert_eq!(
        (e.intent.from_account.clone(), e.intent.to_account.clone()),
        (Some(AccountId::new("funding")), Some(AccountId::new("trading"))),
        "the direction is in the intent"
    );

    let err = v.transfer(&request).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown);
    let report = v.reconcile_pending().await.unwrap();
    assert_eq!(report.happened(), 1);
    let claims = v.journal().claims(&VENUE, &account(), Operation::Transfer, UnixMillis(0)).await.unwrap();
    assert_eq!(claims.len(), 2);
    assert_eq!(fake.ledger.lock().unwrap().transfers.len(), 2);
    // Reads pass through.
    assert_eq!(v.balances().await.unwrap().len(), 1);
}

#[tokio::test]
async fn transfers_without_client_ids_take_the_lease() {
    let store = Store::sqlite().await;
    let fake = FakeVenue::new(false, ledger()).script([Behavior::LoseBeforeApply]);
    let (v, fake) = journaled(store.open().await, fake);
    let request = TransferRequest::new("USDC", amount("25"), "funding", "trading");
    assert_eq!(v.transfer(&request).await.unwrap_err().kind(), ErrorKind::OutcomeUnknown);
    let again = TransferRequest::new("USDC", amount("30"), "trading", "funding");
    assert_eq!(v.transfer(&again).await.unwrap_err().kind(), ErrorKind::UnreconciledWrite);
    v.transfer(&TransferRequest::new("ETH", amount("1"), "funding", "trading")).await.unwrap();
    assert_eq!(fake.calls(), 2);
    assert_eq!(v.reconcile_pending().await.unwrap().did_not_happen(), 1);
    v.transfer(&again).await.unwrap();
}

/// `transfer_status` is a read: the inner venue answers it as is, once, and the journal
/// records nothing (it is neither a write nor a reconciliation).
#[tokio::test]
async fn transfer_status_passes_through_unjournaled() {
    let store = Store::sqlite().await;
    let request = TransferRequest::new("USDC", amount("5"), "funding", "trading");
    let pending = Transfer::new(VENUE, OrderId::new("t-9"), &request, OrderStatus::Pending);
    let settled = Transfer::new(VENUE, OrderId::new("t-9"), &request, OrderStatus::Succeeded);
    let mut inner = MockEarnVenue::new();
    inner.expect_venue().return_const(VENUE);
    inner.expect_capabilities().return_const(Capabilities::new(Custody::Custodial).with(Operation::TransferStatus));
    inner
        .expect_transfer_status()
        .withf(|t| t.id.as_str() == "t-9" && t.status == OrderStatus::Pending)
        .times(1)
        .return_once(move |_| Ok(Some(settled)));
    let venue = Journaled::new(Arc::new(inner), store.open().await, account());
    let read = venue.transfer_status(&pending).await.unwrap().expect("the inner venue's answer");
    assert_eq!((read.id.as_str(), read.status), ("t-9", OrderStatus::Succeeded));
    assert!(venue.history(10).await.unwrap().is_empty());
    assert!(venue.leases().await.unwrap().is_empty());
}

/// A venue whose product list fails (mockall: `products` answers `Unavailable`), stakes
/// answered with `stake`, and the given client-id capability.
fn unlisted_venue(client_ids: bool, stakes: usize) -> MockEarnVenue {
    let mut inner = MockEarnVenue::new();
    inner.expect_venue().return_const(VENUE);
    let mut caps = Capabilities::new(Custody::Custodial).with_all(&[Operation::Products, Operation::Stake]);
    caps.client_order_ids = client_ids;
    inner.expect_capabilities().return_const(caps);
    inner
        .expect_products()
        .returning(|_| Err(Error::Unavailable(VenueError::new(VENUE, "503", "products are down", Some(503)))));
    inner.expect_stake().times(stakes).returning(|r| {
        let order = Order::new(
            VENUE,
            OrderId::new("o-1"),
            r.product.clone(),
            Asset::new("ETH"),
            OrderSide::Stake,
            r.amount,
            OrderStatus::Pending,
            "pending",
        );
        Ok(WriteOutcome::Placed(order))
    });
    inner
}

/// Where the lease needs the product's asset and the venue cannot list its products, the
/// write is refused with the venue's own error and nothing is sent or recorded.
#[tokio::test]
async fn a_write_whose_lease_needs_an_unlisted_asset_is_refused_unsent() {
    let store = Store::sqlite().await;
    let venue = Journaled::new(Arc::new(unlisted_venue(false, 0)), store.open().await, account());
    let err = venue.stake(&stake("eth", "1")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unavailable, "{err:?}");
    assert!(venue.history(10).await.unwrap().is_empty());
    assert!(venue.leases().await.unwrap().is_empty());
}

/// Where no lease is needed (the venue takes client ids), the asset is only informative:
/// a product list that fails does not stop the write, which is recorded without it.
#[tokio::test]
async fn a_write_that_needs_no_lease_goes_ahead_without_the_asset() {
    let store = Store::sqlite().await;
    let venue = Journaled::new(Arc::new(unlisted_venue(true, 1)), store.open().await, account());
    let placed = venue.stake(&stake("eth", "1")).await.unwrap().into_order().unwrap();
    assert_eq!(placed.id.as_str(), "o-1");
    let e = venue.history(1).await.unwrap().remove(0);
    assert_eq!(e.asset, None);
    assert!(e.client_id.is_some(), "a client id was assigned");
    assert!(matches!(e.state, EntryState::Settled(Settlement::Happened(_))));
}

/// `Debug` names the venue, account and policy, and nothing of the wrapped venue.
#[tokio::test]
async fn a_journaled_venue_describes_itself() {
    let store = Store::sqlite().await;
    let (v, _) = journaled(store.open().await, FakeVenue::new(true, ledger()));
    let text = format!("{v:?}");
    assert!(text.starts_with("Journaled {"), "{text}");
    for part in ["venue", "fakevenue", "account", "policy"] {
        assert!(text.contains(part), "{part} in {text}");
    }
}

fn pending_on(positions: &[Position], product: &str) -> Option<rust_decimal::Decimal> {
    positions.iter().find(|p| p.product.as_str() == product).and_then(|p| p.pending_redemption).map(|a| a.decimal())
}

fn set_status(ledger: &Mutex<Ledger>, id: &OrderId, status: OrderStatus) {
    ledger.lock().unwrap().orders.iter_mut().find(|o| &o.id == id).expect("the order").status = status;
}

/// Redemptions this journal placed that the venue still shows pending are added to
/// `positions` (the fake venue lists none itself), summed per product; one the venue shows
/// final is dropped, and is not read again; stakes are not redemptions.
#[tokio::test]
async fn journaled_redemptions_still_pending_show_in_positions_until_final() {
    let store = Store::sqlite().await;
    let ledger = ledger();
    let (v, _) = journaled(store.open().await, FakeVenue::new(true, Arc::clone(&ledger)));
    let first = v.redeem(&RedeemRequest::new("eth", amount("0.4"))).await.unwrap().into_order().unwrap();
    let _ = v.redeem(&RedeemRequest::new("eth", amount("0.6"))).await.unwrap();
    let _ = v.redeem(&RedeemRequest::new("sol", amount("2"))).await.unwrap();
    let _ = v.stake(&stake("usdc", "5")).await.unwrap();
    let positions = v.positions().await.unwrap();
    assert_eq!(pending_on(&positions, "eth"), Some(rust_decimal::Decimal::ONE), "{positions:?}");
    assert_eq!(pending_on(&positions, "sol"), Some(rust_decimal::Decimal::TWO));
    assert_eq!(pending_on(&positions, "usdc"), None, "a stake is not a redemption");
    let eth = positions.iter().find(|p| p.product.as_str() == "eth").unwrap();
    assert!(eth.amount.is_zero(), "a product the venue no longer lists has a zero position");

    // The venue pays the first redemption out: it is no longer in flight.
    set_status(&ledger, &first.id, OrderStatus::Succeeded);
    let after = v.positions().await.unwrap();
    assert_eq!(pending_on(&after, "eth").map(|d| d.to_string()), Some("0.6".to_owned()));
    // Seen final once, it is not read again (were it, it would count as pending here).
    set_status(&ledger, &first.id, OrderStatus::Pending);
    assert_eq!(pending_on(&v.positions().await.unwrap(), "eth").map(|d| d.to_string()), Some("0.6".to_owned()));
    // Nor is a redemption the venue answered cancelled or failed.
    set_status(&ledger, &first.id, OrderStatus::Failed);
    let all_failed = ledger.lock().unwrap().orders.iter().map(|o| o.id.clone()).collect::<Vec<_>>();
    for id in &all_failed {
        set_status(&ledger, id, OrderStatus::Failed);
    }
    let none = v.positions().await.unwrap();
    assert_eq!((pending_on(&none, "eth"), pending_on(&none, "sol")), (None, None), "{none:?}");
}

/// Only redemptions recorded within the policy's horizon are looked up; without a horizon
/// the venue's positions are reported as they are.
#[tokio::test]
async fn redemptions_in_flight_are_looked_up_within_the_horizon_only() {
    let store = Store::sqlite().await;
    let journal = store.open().await;
    let ledger = ledger();
    let (v, _) = journaled(Arc::clone(&journal), FakeVenue::new(true, Arc::clone(&ledger)));
    let _ = v.redeem(&RedeemRequest::new("eth", amount("0.4"))).await.unwrap();
    tokio::time::sleep(Duration::from_millis(20)).await;
    let policy = v.policy().clone();
    let (short, _) = journaled(Arc::clone(&journal), FakeVenue::new(true, Arc::clone(&ledger)));
    let short = short.with_policy(policy.clone().redemptions_in_flight_within(Some(Duration::from_millis(10))));
    assert_eq!(pending_on(&short.positions().await.unwrap(), "eth"), None, "recorded before the horizon");
    let (off, _) = journaled(Arc::clone(&journal), FakeVenue::new(true, Arc::clone(&ledger)));
    let off = off.with_policy(policy.clone().redemptions_in_flight_within(None));
    assert!(off.positions().await.unwrap().is_empty(), "no lookup without a horizon");
    let (long, _) = journaled(journal, FakeVenue::new(true, ledger));
    let long = long.with_policy(policy.redemptions_in_flight_within(Some(Duration::from_secs(3600))));
    assert_eq!(pending_on(&long.positions().await.unwrap(), "eth").map(|d| d.to_string()), Some("0.4".to_owned()));
}

/// Order reads pass through to the inner venue, answered as it answers.
#[tokio::test]
async fn order_reads_pass_through() {
    let store = Store::sqlite().await;
    let order = order("o-7");
    let mut inner = MockEarnVenue::new();
    inner.expect_venue().return_const(VENUE);
    inner.expect_capabilities().return_const(Capabilities::new(Custody::Custodial));
    let one = order.clone();
    inner.expect_order().times(1).return_once(move |_| Ok(Some(one)));
    let listed = order.clone();
    inner.expect_recent_orders().times(1).return_once(move |_| Ok(vec![listed]));
    let venue = Journaled::new(Arc::new(inner), store.open().await, account());
    assert_eq!(venue.order(&OrderRef::Venue(OrderId::new("o-7"))).await.unwrap(), Some(order.clone()));
    assert_eq!(venue.recent_orders(&OrderQuery::default()).await.unwrap(), vec![order]);
    assert!(venue.history(10).await.unwrap().is_empty(), "reads are not journaled");
}
