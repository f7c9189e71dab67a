//! The two defects that made the journal necessary, end to end: OKX ETH staking (no client
//! id: history rows are matched by amount and time) on the simulator, SQLite journal.
//!
//! Each test first shows the defect on the bare adapter (what a bot without the journal
//! sees after a restart), then that the journaled adapter does not have it.

use std::sync::Arc;
use std::time::Duration;

use earn_core::*;
use earn_journal::{AccountKey, EntryState, Journal, Journaled, Settlement, SqliteJournal};
use earn_sim::Fault;

use crate::support::*;

/// Short enough to wait for in a test, and well above the simulator's latency.
const TIMING: Timing = Timing { timeout: Duration::from_secs(2), grace: Duration::from_millis(1500) };

/// A fresh adapter and a fresh `Journaled` over `journal`: what a new process builds.
fn journaled(base_url: &str, journal: Arc<dyn Journal>) -> Journaled {
    Journaled::new(okx_venue(base_url, TIMING), journal, AccountKey::label("okx-main"))
}

async fn open(path: &std::path::Path) -> Arc<dyn Journal> {
    Arc::new(SqliteJournal::open(path).await.expect("the SQLite journal opens"))
}

fn eth(amt: &str) -> StakeRequest {
    StakeRequest::new("eth", amount(amt))
}

/// A first OKX ETH stake of 0.0231 succeeds; a second gets HTTP 500 and is never applied.
/// A new process must not report the second as happened with the first one's row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_phantom_happened_in_a_new_process() {
    let sim = simulator().await;
    let url = sim.base_url();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite");

    // Process 1: the first stake happens, the second is answered 500 and not applied.
    let first_process = journaled(&url, open(&path).await);
    let first = first_process.stake(&eth("0.0231")).await.expect("the first stake succeeds");
    let first_order = first.order().expect("an order").clone();
    assert!(!first_order.id.as_str().contains(":sent:"), "matched to its history row: {first_order:?}");
    sim.inject(Fault::on(OKX_ETH_PURCHASE).nth(1).status(500));
    let err = first_process.stake(&eth("0.0231")).await.expect_err("HTTP 500");
    let Error::OutcomeUnknown(unknown) = &err else { panic!("a 500 to a write is an unknown outcome: {err:?}") };
    let adapter_intent = unknown.intent.clone();
    assert_eq!(okx_eth_purchases(&sim.ledger()).len(), 1, "the second stake was never applied");
    drop(first_process);

    // The pre-journal design: a new process has only the adapter's intent, and the bare
    // adapter (whose claimed rows lived in the old process's memory) takes the first row.
    let bare = okx_venue(&url, TIMING);
    let phantom = bare.reconcile(&adapter_intent).await.unwrap();
    assert!(
        matches!(&phantom, Reconciliation::Happened(o) if o.id == first_order.id),
        "the defect this test guards against is still in the bare adapter: {phantom:?}"
    );

    // Process 2: a fresh adapter and a fresh Journaled over the same journal file.
    let second_process = journaled(&url, open(&path).await);
    let open_entries = second_process.open_entries().await.unwrap();
    assert_eq!(open_entries.len(), 1, "the 500 left one open entry: {open_entries:?}");
    let report = second_process.reconcile_pending().await.unwrap();
    assert_eq!(report.happened(), 0, "no phantom: {report:?}");
    match &report.entries[0].answer {
        Ok(Reconciliation::DidNotHappen) => {}
        Ok(r) if r.is_still_unknown() => {
            // Within the grace period absence proves nothing; after it, it does.
            tokio::time::sleep(TIMING.grace + Duration::from_millis(200)).await;
            let report = second_process.reconcile_pending().await.unwrap();
            assert_eq!((report.happened(), report.did_not_happen()), (0, 1), "{report:?}");
        }
        other => panic!("neither DidNotHappen nor StillUnknown: {other:?}"),
    }
    // Reconciling the adapter's intent through the journal (what a bot holding the error
    // asks) gives the same answer, never the first write's order.
    assert_eq!(second_process.reconcile(&adapter_intent).await.unwrap(), Reconciliation::DidNotHappen);
    let history = second_process.history(10).await.unwrap();
    let happened: Vec<_> = history
        .iter()
        .filter_map(|e| match &e.state {
            EntryState::Settled(Settlement::Happened(o)) => Some(o.id.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(happened, vec![first_order.id.clone()], "one write happened, on its own row");
    assert!(second_process.leases().await.unwrap().is_empty(), "the lease is released");
    assert_eq!(okx_eth_purchases(&sim.ledger()).len(), 1);
}

/// A stake's answer is lost after the simulator applied it. Repeated after a restart, the
/// pre-journal adapter sends it again (two rows); the journaled one refuses until the first
/// is reconciled, and reconciliation finds that it happened.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_double_stake_after_a_restart() {
    // The pre-journal design, on a simulator of its own: a restart forgets the guard.
    {
        let sim = simulator().await;
        let url = sim.base_url();
        sim.inject(Fault::on(OKX_ETH_PURCHASE).nth(1).drop_after_apply());
        let before = okx_venue(&url, TIMING).stake(&eth("0.0231")).await.expect_err("the answer is lost");
        assert!(before.maybe_happened(), "{before:?}");
        let after_restart = okx_venue(&url, TIMING).stake(&eth("0.0231")).await;
        assert!(after_restart.is_ok(), "the bare adapter forgets across a restart: {after_restart:?}");
        assert_eq!(okx_eth_purchases(&sim.ledger()).len(), 2, "the defect: two rows");
    }

    // The answer dropped after the write applied, or held beyond the client's timeout.
    let faults = [
        Fault::on(OKX_ETH_PURCHASE).nth(1).drop_after_apply(),
        Fault::on(OKX_ETH_PURCHASE).nth(1).latency(TIMING.timeout * 2),
    ];
    for fault in faults {
        let sim = simulator().await;
        let url = sim.base_url();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.sqlite");

        let first_process = journaled(&url, open(&path).await);
        sim.inject(fault.clone());
        let err = first_process.stake(&eth("0.0231")).await.expect_err("the answer is lost");
        assert!(matches!(err, Error::OutcomeUnknown(_)), "{fault:?}: {err:?}");
        assert_eq!(sim.applied_writes(OKX_ETH_PURCHASE), 1, "{fault:?}");
        drop(first_process);

        // The restart: a fresh adapter and a fresh Journaled on the same SQLite file.
        let second_process = journaled(&url, open(&path).await);
        let sent_before = sim.requests(OKX_ETH_PURCHASE);
        let refused = second_process.stake(&eth("0.0231")).await.expect_err("refused while unreconciled");
        assert_eq!(refused.kind(), ErrorKind::UnreconciledWrite, "{fault:?}: {refused:?}");
        // So is a replica on the same journal with an adapter of its own.
        let replica = journaled(&url, open(&path).await);
        let refused = replica.stake(&eth("0.0231")).await.expect_err("refused on a replica too");
        assert_eq!(refused.kind(), ErrorKind::UnreconciledWrite, "{fault:?}: {refused:?}");
        assert_eq!(sim.requests(OKX_ETH_PURCHASE), sent_before, "{fault:?}: nothing was sent");

        let report = second_process.reconcile_pending().await.unwrap();
        assert_eq!(report.happened(), 1, "{fault:?}: the lost answer's write happened: {report:?}");
        let rows = okx_eth_purchases(&sim.ledger());
        assert_eq!(rows.len(), 1, "{fault:?}: never two rows: {rows:?}");
        let history = second_process.history(10).await.unwrap();
        let EntryState::Settled(Settlement::Happened(order)) = &history[0].state else {
            panic!("{fault:?}: {history:?}")
        };
        assert_eq!(order.id.as_str(), format!("eth:{}", rows[0].0), "{fault:?}: attributed to its own row");
        assert!(second_process.leases().await.unwrap().is_empty(), "{fault:?}: the lease is released");
    }
}

/// Issue 12: "after a restart, a pending Bybit OnChain redemption disappears from
/// `positions()`". Bybit lists an OnChain order only by its id, so a new adapter cannot
/// find the redemption; the journal can, since every replica records what it placed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redemption_in_flight_survives_a_restart() {
    let delay = Duration::from_secs(3600);
    let sim = earn_sim::Simulator::builder()
        .enforce_rate_limits(false)
        .settlement_delay(delay)
        .start()
        .await
        .expect("the simulator starts");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite");
    let account = AccountKey::label("bybit-main");
    let product = ProductId::new("OnChain:501");
    let pending_on = |positions: &[Position]| {
        positions.iter().find(|p| p.product == product).and_then(|p| p.pending_redemption).map(|a| a.to_string())
    };

    {
        let first = Journaled::new(bybit_venue(&sim.base_url(), TIMING), open(&path).await, account.clone());
        let staked = first.stake(&StakeRequest::new(product.clone(), amount("1.5"))).await.expect("stake placed");
        assert!(staked.order().is_some(), "{staked:?}");
        sim.advance(delay + Duration::from_secs(1));
        let held = first.positions().await.unwrap().into_iter().find(|p| p.product == product).expect("staked");
        let position_id = held.position_id.expect("OnChain positions name their id");
        let redeem = RedeemRequest::new(product.clone(), amount("0.4")).position_id(position_id.as_str());
        let placed = first.redeem(&redeem).await.expect("redeem placed");
        assert_eq!(placed.order().map(|o| o.status), Some(OrderStatus::Pending));
        assert_eq!(pending_on(&first.positions().await.unwrap()).as_deref(), Some("0.4"), "before the restart");
    }

    // A new process: the bare adapter has forgotten the redemption...
    let bare = bybit_venue(&sim.base_url(), TIMING);
    assert_eq!(pending_on(&bare.positions().await.unwrap()), None, "the defect, on the bare adapter");
    // ...the journaled one finds it, once (not added to anything the venue lists).
    let second = Journaled::new(bare, open(&path).await, account);
    let after = second.positions().await.unwrap();
    assert_eq!(pending_on(&after).as_deref(), Some("0.4"), "after the restart: {after:?}");
    assert_eq!(after.iter().filter(|p| p.product == product).count(), 1, "{after:?}");

    // Once Bybit settles it, it is no longer in flight.
    sim.advance(delay + Duration::from_secs(1));
    assert_eq!(pending_on(&second.positions().await.unwrap()), None, "settled");
}
