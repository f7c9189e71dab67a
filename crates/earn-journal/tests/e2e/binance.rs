//! Binance Earn journaled, end to end (issue 16): no Binance write carries a client id, so
//! every write takes the one-unreconciled-write lease, and a lost subscription is found in
//! history by product, amount, account and time, with the rows of earlier writes claimed.
//! The simulator's ledger must show each subscription once, across restarts.

use std::sync::Arc;
use std::time::Duration;

use binance_earn::{BinanceEarnClient, BinanceEarnVenue};
use earn_core::http::{RetryPolicy, TransportOptions};
use earn_core::*;
use earn_journal::{AccountKey, EntryState, Journal, Journaled, Settlement, SqliteJournal};
use earn_sim::{Fault, SimVenue, Simulator};
use rust_decimal::Decimal;
use serde_json::Value;

use crate::support::{amount, simulator};

const SUBSCRIBE: &str = "/sapi/v1/simple-earn/flexible/subscribe";
const PRODUCT: &str = "flexible:USDT:USDT001";

/// A fresh Binance adapter (what a new process builds) on the simulator's default key.
fn binance_venue(base_url: &str) -> Arc<BinanceEarnVenue> {
    let transport = TransportOptions::default()
        .timeout(Duration::from_secs(2))
        .retry_policy(RetryPolicy::none())
        .enforce_rate_limits(false);
    let client = BinanceEarnClient::builder(binance_earn::Environment::Production)
        .base_url(base_url)
        .credentials(earn_sim::default_binance_credentials().to_credentials())
        .transport(transport)
        .build()
        .expect("the Binance client builds");
    Arc::new(BinanceEarnVenue::new(client))
}

fn journaled(base_url: &str, journal: Arc<dyn Journal>) -> Journaled {
    Journaled::new(binance_venue(base_url), journal, AccountKey::label("binance-main"))
}

async fn open(path: &std::path::Path) -> Arc<dyn Journal> {
    Arc::new(SqliteJournal::open(path).await.expect("the SQLite journal opens"))
}

/// How many flexible subscriptions the simulator's ledger holds for the demo account.
fn subscriptions(ledger: &Value) -> u64 {
    let accounts = ledger["binance"]["accounts"].as_object().cloned().unwrap_or_default();
    accounts.values().filter_map(|a| a["flexibleSubscriptions"].as_u64()).sum()
}

/// The orders the journal settled as happened, oldest first.
async fn happened(j: &Journaled) -> Vec<Order> {
    let mut out: Vec<Order> = j
        .history(50)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.state {
            EntryState::Settled(Settlement::Happened(o)) => Some(o),
            _ => None,
        })
        .collect();
    out.reverse();
    out
}

fn stake() -> StakeRequest {
    StakeRequest::new(PRODUCT, amount("25"))
}

/// A flexible subscription whose answer is lost: the journal holds its lease across a
/// restart (a repeat is refused and never sent, on a replica too), reconciliation finds
/// the one row it wrote, and the ledger shows one subscription. A second lost subscription
/// of the same amount, reconciled by yet another fresh process, is attributed to its own
/// row, never to the first one's (the journal hands the first row over as claimed).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_binance_subscribe_is_reconciled_once_and_never_doubled_after_a_restart() {
    let sim: Simulator = simulator().await;
    let url = sim.base_url();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite");
    let usdt = sim.balance(SimVenue::Binance, "USDT");

    // Process 1: the subscription is applied, its answer lost.
    let first_process = journaled(&url, open(&path).await);
    sim.inject(Fault::on(SUBSCRIBE).nth(1).drop_after_apply());
    let err = first_process.stake(&stake()).await.expect_err("the answer is lost");
    sim.clear_faults();
    assert!(matches!(err, Error::OutcomeUnknown(_)), "{err:?}");
    assert_eq!(sim.applied_writes(SUBSCRIBE), 1);
    let leases = first_process.leases().await.unwrap();
    assert_eq!(leases.len(), 1, "Binance has no client ids: the write took a lease: {leases:?}");
    assert_eq!((leases[0].key.asset.as_str(), leases[0].key.operation), ("USDT", Operation::Stake));
    drop(first_process);

    // Process 2 (a restart) and a replica on the same journal: the repeat is refused.
    let second_process = journaled(&url, open(&path).await);
    let replica = journaled(&url, open(&path).await);
    let sent = sim.requests(SUBSCRIBE);
    for j in [&second_process, &replica] {
        let refused = j.stake(&stake()).await.expect_err("refused while unreconciled");
        assert_eq!(refused.kind(), ErrorKind::UnreconciledWrite, "{refused:?}");
    }
    assert_eq!(sim.requests(SUBSCRIBE), sent, "nothing was sent");

    let report = second_process.reconcile_pending().await.unwrap();
    assert_eq!(report.happened(), 1, "the lost subscription happened: {report:?}");
    assert_eq!(subscriptions(&sim.ledger()), 1, "the ledger shows it once");
    assert_eq!(usdt - sim.balance(SimVenue::Binance, "USDT"), Decimal::from(25), "SPOT debited once");
    let first = happened(&second_process).await;
    assert_eq!(first.len(), 1, "{first:?}");
    assert!(first[0].id.as_str().starts_with("flexible:stake:"), "its own row: {:?}", first[0]);
    assert!(second_process.leases().await.unwrap().is_empty(), "the lease is released");
    assert_eq!(second_process.reconcile_pending().await.unwrap().entries.len(), 0, "nothing left open");

    // A second subscription of the same amount, also lost; a third process reconciles it.
    // Its adapter remembers nothing: only the journal's claims keep the first row out.
    sim.inject(Fault::on(SUBSCRIBE).nth(1).drop_after_apply());
    let err = second_process.stake(&stake()).await.expect_err("the answer is lost again");
    sim.clear_faults();
    assert!(err.maybe_happened(), "{err:?}");
    drop(second_process);
    drop(replica);
    let third_process = journaled(&url, open(&path).await);
    let report = third_process.reconcile_pending().await.unwrap();
    assert_eq!(report.happened(), 1, "{report:?}");
    let both = happened(&third_process).await;
    assert_eq!(both.len(), 2, "{both:?}");
    assert_ne!(both[0].id, both[1].id, "each write on its own row");
    assert_eq!(subscriptions(&sim.ledger()), 2, "two subscriptions, each once");
    assert_eq!(sim.applied_writes(SUBSCRIBE), 2);
    assert_eq!(usdt - sim.balance(SimVenue::Binance, "USDT"), Decimal::from(50));
}
