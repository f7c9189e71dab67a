//! `transfer_status` on the simulator: a transfer Bybit answered `PENDING` is read back
//! pending by its `transferId`, then settled once the simulator's ledger time passes the
//! transfer delay; reading never writes, and bad input never reaches Bybit.

use std::sync::Arc;
use std::time::Duration;

use bybit_earn::{BybitEarnClient, BybitEarnVenue, Environment};
use earn_core::http::{RetryPolicy, TransportOptions};
use earn_core::*;
use earn_sim::{SimAccount, Simulator};
use rust_decimal::Decimal;

use crate::common::amt;

const TRANSFER: &str = "/v5/asset/transfer/inter-transfer";
const RECORDS: &str = "/v5/asset/transfer/query-inter-transfer-list";
/// How long a transfer stays pending in the simulator's ledger time.
const DELAY: Duration = Duration::from_secs(300);

async fn simulator() -> Simulator {
    Simulator::builder().transfer_delay(DELAY).start().await.expect("the simulator starts")
}

fn sim_venue(sim: &Simulator) -> Arc<dyn EarnVenue> {
    let client = BybitEarnClient::builder(Environment::Mainnet)
        .base_url(sim.base_url())
        .credentials(sim.bybit_credentials().to_credentials())
        .transport(TransportOptions::default().timeout(Duration::from_secs(5)).retry_policy(RetryPolicy::none()))
        .build()
        .expect("the client builds");
    Arc::new(BybitEarnVenue::new(client))
}

#[tokio::test]
async fn a_pending_transfer_is_read_pending_then_settled() {
    let sim = simulator().await;
    let venue = sim_venue(&sim);
    assert!(venue.capabilities().supports(Operation::TransferStatus));
    let unified = sim.account_balance(SimAccount::BYBIT_UNIFIED, "USDT");
    let sent = venue.transfer(&TransferRequest::new("USDT", amt("25"), "FUND", "UNIFIED")).await.unwrap();
    assert_eq!(sent.status, OrderStatus::Pending, "the simulator holds it for {DELAY:?}");
    let transfer_id = sent.client_id.clone().expect("the adapter names every transfer");

    let read = venue.transfer_status(&sent).await.unwrap().expect("Bybit lists it by transferId");
    assert_eq!((&read.id, read.status), (&sent.id, OrderStatus::Pending));
    assert_eq!((read.asset.as_str(), read.amount), ("USDT", amt("25")));
    assert_eq!((read.from.as_str(), read.to.as_str()), ("FUND", "UNIFIED"));
    assert_eq!(read.client_id.as_ref(), Some(&transfer_id));
    assert!(read.created_at.is_some(), "the record's time");
    assert_eq!(sim.account_balance(SimAccount::BYBIT_UNIFIED, "USDT"), unified, "not arrived yet");

    sim.advance(DELAY + Duration::from_secs(1));
    let settled = venue.transfer_status(&read).await.unwrap().expect("still listed");
    assert_eq!((&settled.id, settled.status), (&sent.id, OrderStatus::Succeeded));
    assert_eq!(sim.account_balance(SimAccount::BYBIT_UNIFIED, "USDT") - unified, Decimal::from(25));
    assert_eq!(sim.applied_writes(TRANSFER), 1, "reading the status never writes");
}

#[tokio::test]
async fn a_transfer_bybit_does_not_list_is_none() {
    let sim = simulator().await;
    let venue = sim_venue(&sim);
    let sent = venue.transfer(&TransferRequest::new("USDT", amt("5"), "FUND", "UNIFIED")).await.unwrap();
    let request = TransferRequest::new("USDT", amt("5"), "FUND", "UNIFIED");
    let unknown = Transfer::new(
        bybit_earn::VENUE,
        OrderId::new("0b0c9a3e-5d1a-4f3e-9b8a-1e2d3c4b5a69"),
        &request,
        OrderStatus::Pending,
    );
    assert_eq!(venue.transfer_status(&unknown).await.unwrap(), None);
    // The right transferId but another move (another coin, amount or direction) is not
    // this transfer: no record of that id moved it.
    let mut other = sent.clone();
    other.id = OrderId::new("selfTransfer_x");
    other.amount = amt("6");
    assert_eq!(venue.transfer_status(&other).await.unwrap(), None);
    other.amount = sent.amount;
    other.from = sent.to.clone();
    other.to = sent.from.clone();
    assert_eq!(venue.transfer_status(&other).await.unwrap(), None);
    // Its own id finds it, whatever the caller kept.
    other.id = sent.id.clone();
    assert_eq!(venue.transfer_status(&other).await.unwrap().map(|t| t.id), Some(sent.id.clone()));
    assert_eq!(sim.applied_writes(TRANSFER), 1);
}

#[tokio::test]
async fn bad_input_never_reaches_bybit() {
    let sim = simulator().await;
    let venue = sim_venue(&sim);
    let request = TransferRequest::new("USDT", amt("5"), "FUND", "UNIFIED");
    let elsewhere =
        Transfer::new(VenueId::from_static("okx-staking"), OrderId::new("1"), &request, OrderStatus::Pending);
    let bad_id = Transfer::new(bybit_earn::VENUE, OrderId::new("a b"), &request, OrderStatus::Pending);
    let mut bad_client = Transfer::new(bybit_earn::VENUE, OrderId::new("1"), &request, OrderStatus::Pending);
    bad_client.client_id = Some("x&transferId=y".into());
    for (transfer, field) in
        [(elsewhere, "transfer.venue"), (bad_id, "transfer.id"), (bad_client, "transfer.client_id")]
    {
        match venue.transfer_status(&transfer).await {
            Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field, "{transfer:?}"),
            other => panic!("{transfer:?}: {other:?}"),
        }
    }
    assert_eq!(sim.requests(RECORDS), 0);
}
