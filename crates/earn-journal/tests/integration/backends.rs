//! The `Journal` contract, on both backends.

use std::sync::Arc;

use earn_core::*;
use earn_journal::testing::TestPostgres;
use earn_journal::*;

use crate::on_both_backends;
use crate::support::{Store, account, order, stake_intent};

on_both_backends!(
    records_and_reads_back,
    lease_is_exclusive_until_settled,
    open_client_ids_are_unique,
    a_row_is_claimed_once,
    unknown_then_settled,
    late_evidence_replaces_did_not_happen,
    leases_under_concurrency,
    claims_under_concurrency,
    claims_within_a_horizon,
    transfers_claim_their_ids,
);

fn leased(intent: ReconcileIntent) -> NewEntry {
    let key = LeaseKey::for_intent(&account(), &intent).unwrap();
    NewEntry::new(account(), intent).with_lease(key)
}

async fn records_and_reads_back(store: Store) {
    let j = store.open().await;
    let mut intent = stake_intent("eth", "0.02310").client_id("c-1");
    intent.claimed.push(OrderId::new("not-stored"));
    let entry = NewEntry::new(account(), intent.clone());
    j.record_intent(&entry).await.unwrap();

    let got = j.entry(entry.id).await.unwrap().expect("recorded");
    assert_eq!(got.id, entry.id);
    assert_eq!(got.venue, crate::fake::VENUE);
    assert_eq!(got.account, account());
    assert_eq!(got.operation, Operation::Stake);
    assert_eq!(got.product, Some(ProductId::new("eth")));
    assert_eq!(got.asset, Some(Asset::new("ETH")));
    assert_eq!(got.amount.unwrap().to_string(), "0.02310", "the exact text is kept");
    assert_eq!(got.client_id, Some(ClientOrderId::new("c-1")));
    assert_eq!(got.state, EntryState::Intended);
    assert!(!got.leased);
    assert!(got.intent.claimed.is_empty(), "claims are computed, never stored in the intent");
    intent.claimed.clear();
    assert_eq!(got.intent, intent);
    assert_eq!(got.local_sent_at, entry.local_sent_at);

    j.mark_sent(entry.id, UnixMillis::now_local()).await.unwrap();
    assert_eq!(j.entry(entry.id).await.unwrap().unwrap().state, EntryState::Sent);

    // A second instance (another process) sees it, open.
    let other = store.open().await;
    let open = other.open_entries(Some(&crate::fake::VENUE), Some(&account())).await.unwrap();
    assert_eq!(open.iter().map(|e| e.id).collect::<Vec<_>>(), vec![entry.id]);
    assert!(other.open_entries(None, Some(&AccountKey::label("someone-else"))).await.unwrap().is_empty());

    assert!(matches!(j.record_intent(&entry).await, Err(JournalError::Duplicate(id)) if id == entry.id));
    assert!(j.entry(EntryId::random()).await.unwrap().is_none());

    // History is newest first and filters.
    let second = NewEntry::new(account(), stake_intent("sol", "1"));
    j.record_intent(&second).await.unwrap();
    let all = j.history(&HistoryQuery::scope(crate::fake::VENUE, account())).await.unwrap();
    assert_eq!(all.iter().map(|e| e.id).collect::<Vec<_>>(), vec![second.id, entry.id]);
    let sol = j.history(&HistoryQuery::all().product("sol")).await.unwrap();
    assert_eq!(sol.len(), 1);
    let by_client = j.history(&HistoryQuery::all().client_id("c-1")).await.unwrap();
    assert_eq!(by_client[0].id, entry.id);
    assert_eq!(j.history(&HistoryQuery::all().limit(1)).await.unwrap().len(), 1);
}

async fn lease_is_exclusive_until_settled(store: Store) {
    let j = store.open().await;
    let a = leased(stake_intent("eth", "1"));
    j.record_intent(&a).await.unwrap();
    assert!(j.entry(a.id).await.unwrap().unwrap().leased);

    // Another replica, another amount: same (venue, account, asset, operation), refused.
    let other = store.open().await;
    let b = leased(stake_intent("eth", "2"));
    match other.record_intent(&b).await {
        Err(JournalError::LeaseHeld { holder, key }) => {
            assert_eq!(holder, a.id);
            assert_eq!(key.asset, Asset::new("ETH"));
        }
        r => panic!("expected LeaseHeld, got {r:?}"),
    }
    assert!(other.entry(b.id).await.unwrap().is_none(), "a refused record leaves nothing behind");

    // Other assets and operations are free.
    other.record_intent(&leased(stake_intent("sol", "2"))).await.unwrap();
    let mut redeem = stake_intent("eth", "2");
    redeem.operation = Operation::Redeem;
    other.record_intent(&leased(redeem)).await.unwrap();

    let leases = j.leases(Some(&crate::fake::VENUE), Some(&account())).await.unwrap();
    assert_eq!(leases.len(), 3);
    assert!(leases.iter().any(|l| l.entry == a.id && l.key.operation == Operation::Stake));

    // Unknown keeps the lease; settling releases it.
    assert!(j.mark_unknown(a.id, &a.intent, "timed out").await.unwrap());
    assert!(matches!(
        other.record_intent(&leased(stake_intent("eth", "3"))).await,
        Err(JournalError::LeaseHeld { .. })
    ));
    assert_eq!(j.settle(a.id, &Settlement::did_not_happen("no row")).await.unwrap(), SettleOutcome::Settled);
    other.record_intent(&b).await.unwrap();
}

async fn open_client_ids_are_unique(store: Store) {
    let j = store.open().await;
    let a = NewEntry::new(account(), stake_intent("eth", "1").client_id("same"));
    j.record_intent(&a).await.unwrap();
    let b = NewEntry::new(account(), stake_intent("eth", "1").client_id("same"));
    assert!(matches!(j.record_intent(&b).await, Err(JournalError::ClientIdInUse { holder, .. }) if holder == a.id));
    // Another account may use it.
    j.record_intent(&NewEntry::new(AccountKey::label("other"), stake_intent("eth", "1").client_id("same")))
        .await
        .unwrap();
    // Once settled, the id may be sent again (a resend after "did not happen").
    j.settle(a.id, &Settlement::did_not_happen("rejected")).await.unwrap();
    j.record_intent(&b).await.unwrap();
}

async fn a_row_is_claimed_once(store: Store) {
    let j = store.open().await;
    let a = NewEntry::new(account(), stake_intent("eth", "0.0231"));
    let b = NewEntry::new(account(), stake_intent("eth", "0.0231"));
    j.record_intent(&a).await.unwrap();
    j.record_intent(&b).await.unwrap();

    let o1 = order("o-1");
    assert_eq!(j.settle(a.id, &Settlement::Happened(o1.clone())).await.unwrap(), SettleOutcome::Settled);
    assert_eq!(j.entry(a.id).await.unwrap().unwrap().state, EntryState::Settled(Settlement::Happened(o1.clone())));

    // From another instance: the same row is not evidence for b.
    let other = store.open().await;
    let out = other.settle(b.id, &Settlement::Happened(o1.clone())).await.unwrap();
    assert_eq!(out, SettleOutcome::ClaimedByOther { order: o1.id.clone(), holder: a.id });
    match other.entry(b.id).await.unwrap().unwrap().state {
        EntryState::Unknown { reason } => assert!(reason.contains("o-1") && reason.contains(&a.id.to_string())),
        s => panic!("b must stay open, is {s:?}"),
    }
    // Settling a settled entry changes nothing.
    assert_eq!(
        j.settle(a.id, &Settlement::did_not_happen("late")).await.unwrap(),
        SettleOutcome::AlreadySettled(Settlement::Happened(o1.clone()))
    );

    let claims = j.claims(&crate::fake::VENUE, &account(), Operation::Stake, UnixMillis(0)).await.unwrap();
    assert_eq!(claims.len(), 1);
    assert_eq!((claims[0].entry, claims[0].order_id.clone()), (a.id, o1.id.clone()));
    assert!(j.claims(&crate::fake::VENUE, &account(), Operation::Redeem, UnixMillis(0)).await.unwrap().is_empty());

    // A redemption may name the same venue order (OKX on-chain earn): its own claim.
    let mut redeem = stake_intent("eth", "0.0231");
    redeem.operation = Operation::Redeem;
    let r = NewEntry::new(account(), redeem);
    j.record_intent(&r).await.unwrap();
    assert_eq!(j.settle(r.id, &Settlement::Happened(o1.clone())).await.unwrap(), SettleOutcome::Settled);

    // Cancellations claim nothing: two may both see the order cancelled.
    for _ in 0..2 {
        let c = NewEntry::new(
            account(),
            ReconcileIntent::new(crate::fake::VENUE, Operation::CancelRedemption, "").order_id("o-1"),
        );
        j.record_intent(&c).await.unwrap();
        assert_eq!(j.settle(c.id, &Settlement::Happened(o1.clone())).await.unwrap(), SettleOutcome::Settled);
    }
}

async fn unknown_then_settled(store: Store) {
    let j = store.open().await;
    let a = NewEntry::new(account(), stake_intent("eth", "1"));
    j.record_intent(&a).await.unwrap();
    let adapter_intent = ReconcileIntent::new(crate::fake::VENUE, Operation::Stake, "/fake/stake")
        .product("eth")
        .amount(crate::support::amount("1"))
        .sent_at(UnixMillis(42));
    assert!(j.mark_unknown(a.id, &adapter_intent, "HTTP 500").await.unwrap());
    let got = j.entry(a.id).await.unwrap().unwrap();
    assert_eq!(got.state, EntryState::Unknown { reason: "HTTP 500".into() });
    assert_eq!(got.intent, adapter_intent);
    j.settle(a.id, &Settlement::did_not_happen("no row")).await.unwrap();
    assert!(!j.mark_unknown(a.id, &adapter_intent, "late").await.unwrap(), "settled entries stay settled");
    assert!(matches!(j.mark_unknown(EntryId::random(), &adapter_intent, "x").await, Err(JournalError::NotFound(_))));
    assert!(matches!(
        j.settle(EntryId::random(), &Settlement::did_not_happen("x")).await,
        Err(JournalError::NotFound(_))
    ));
    let got = j.entry(a.id).await.unwrap().unwrap();
    assert_eq!(got.state, EntryState::Settled(Settlement::did_not_happen("no row")));
    assert!(got.settled_at.is_some());
    assert!(j.open_entries(None, None).await.unwrap().is_empty());
}

async fn late_evidence_replaces_did_not_happen(store: Store) {
    let j = store.open().await;
    let a = NewEntry::new(account(), stake_intent("eth", "1"));
    j.record_intent(&a).await.unwrap();
    j.settle(a.id, &Settlement::did_not_happen("grace passed")).await.unwrap();
    // A second absence of evidence changes nothing: the first answer stands.
    let again = j.settle(a.id, &Settlement::did_not_happen("checked again")).await.unwrap();
    assert_eq!(again, SettleOutcome::AlreadySettled(Settlement::did_not_happen("grace passed")));
    let got = j.entry(a.id).await.unwrap().unwrap();
    assert_eq!(got.state, EntryState::Settled(Settlement::did_not_happen("grace passed")));
    assert_eq!(j.settle(a.id, &Settlement::Happened(order("o-9"))).await.unwrap(), SettleOutcome::Settled);
    let got = j.entry(a.id).await.unwrap().unwrap();
    assert_eq!(got.state, EntryState::Settled(Settlement::Happened(order("o-9"))));
}

/// Many replicas race for one lease: exactly one gets it.
async fn leases_under_concurrency(store: Store) {
    let store = Arc::new(store);
    let journals = [store.open().await, store.open().await];
    let mut tasks = Vec::new();
    for i in 0..24 {
        let j = Arc::clone(&journals[i % 2]);
        tasks.push(tokio::spawn(async move {
            let e = leased(stake_intent("eth", &format!("{}", i + 1)));
            j.record_intent(&e).await.map(|()| e.id)
        }));
    }
    let mut won = Vec::new();
    for t in tasks {
        match t.await.unwrap() {
            Ok(id) => won.push(id),
            Err(JournalError::LeaseHeld { .. }) => {}
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!(won.len(), 1, "exactly one write holds the lease");
    let leases = journals[0].leases(None, None).await.unwrap();
    assert_eq!(leases.len(), 1);
    assert_eq!(leases[0].entry, won[0]);
    assert_eq!(journals[0].open_entries(None, None).await.unwrap().len(), 1);
}

/// Many entries race to claim one row: exactly one gets it, the others stay open.
async fn claims_under_concurrency(store: Store) {
    let journals = [store.open().await, store.open().await];
    let mut ids = Vec::new();
    for _ in 0..16 {
        let e = NewEntry::new(account(), stake_intent("eth", "0.0231"));
        journals[0].record_intent(&e).await.unwrap();
        ids.push(e.id);
    }
    let mut tasks = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let j = Arc::clone(&journals[i % 2]);
        let id = *id;
        tasks.push(tokio::spawn(async move { j.settle(id, &Settlement::Happened(order("o-1"))).await.unwrap() }));
    }
    let mut settled = 0;
    for t in tasks {
        match t.await.unwrap() {
            SettleOutcome::Settled => settled += 1,
            SettleOutcome::ClaimedByOther { .. } => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(settled, 1, "one row, one write");
    assert_eq!(journals[1].open_entries(None, None).await.unwrap().len(), 15);
    let claims = journals[1].claims(&crate::fake::VENUE, &account(), Operation::Stake, UnixMillis(0)).await.unwrap();
    assert_eq!(claims.len(), 1);
}

async fn claims_within_a_horizon(store: Store) {
    let j = store.open().await;
    let mut old = NewEntry::new(account(), stake_intent("eth", "1"));
    old.local_sent_at = UnixMillis(1_000);
    let new = NewEntry::new(account(), stake_intent("eth", "1"));
    for (e, o) in [(&old, "o-old"), (&new, "o-new")] {
        j.record_intent(e).await.unwrap();
        j.settle(e.id, &Settlement::Happened(order(o))).await.unwrap();
    }
    let since = UnixMillis(new.local_sent_at.0 - 60_000);
    let claims = j.claims(&crate::fake::VENUE, &account(), Operation::Stake, since).await.unwrap();
    assert_eq!(claims.iter().map(|c| c.order_id.as_str()).collect::<Vec<_>>(), vec!["o-new"]);
}

async fn transfers_claim_their_ids(store: Store) {
    let j = store.open().await;
    let request = TransferRequest::new("USDC", crate::support::amount("25"), "funding", "trading");
    let t = Transfer::new(crate::fake::VENUE, OrderId::new("t-1"), &request, OrderStatus::Succeeded);
    let mut ids = Vec::new();
    for _ in 0..2 {
        let intent = ReconcileIntent::new(crate::fake::VENUE, Operation::Transfer, "")
            .asset("USDC")
            .amount(crate::support::amount("25"));
        let e = NewEntry::new(account(), intent);
        j.record_intent(&e).await.unwrap();
        ids.push(e.id);
    }
    let happened = Settlement::TransferHappened(t.clone());
    assert_eq!(j.settle(ids[0], &happened).await.unwrap(), SettleOutcome::Settled);
    assert_eq!(
        j.settle(ids[1], &happened).await.unwrap(),
        SettleOutcome::ClaimedByOther { order: OrderId::new("t-1"), holder: ids[0] }
    );
    let again = store.open().await.entry(ids[0]).await.unwrap().unwrap();
    assert_eq!(again.state, EntryState::Settled(happened));
}

/// `Debug` shows what identifies a journal (the SQLite file; the Postgres pool's size),
/// never the Postgres connection string, which may hold a password.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn journals_describe_themselves_without_their_connection_string() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite");
    let sqlite = SqliteJournal::open(&path).await.unwrap();
    let text = format!("{sqlite:?}");
    assert!(text.starts_with("SqliteJournal {") && text.contains("journal.sqlite"), "{text}");
    let conninfo = TestPostgres::shared().create_database().await.expect("a fresh test database");
    let postgres = PostgresJournal::connect(&conninfo).await.unwrap();
    let text = format!("{postgres:?}");
    assert!(text.starts_with("PostgresJournal {") && text.contains("max"), "{text}");
    assert!(!text.contains(&conninfo) && !text.contains("host="), "{text}");
}
