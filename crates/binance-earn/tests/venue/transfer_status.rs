//! `transfer_status` on the simulator: a universal transfer Binance acknowledged with its
//! `tranId` but has not confirmed is read back pending from the transfer history of its
//! direction, then settled once the simulator's ledger time passes the transfer delay;
//! reading never writes, and bad input never reaches Binance.

use std::sync::Arc;
use std::time::Duration;

use binance_earn::{BinanceEarnClient, BinanceEarnVenue, Environment};
use earn_core::http::{RetryPolicy, TransportOptions};
use earn_core::*;
use earn_sim::{SimAccount, Simulator};

/// Universal transfers (POST) and their history (GET) share the path.
const TRANSFER: &str = "/sapi/v1/asset/transfer";
/// How long a transfer stays pending in the simulator's ledger time.
const DELAY: Duration = Duration::from_secs(300);

async fn simulator() -> Simulator {
    Simulator::builder().transfer_delay(DELAY).start().await.expect("the simulator starts")
}

fn sim_venue(sim: &Simulator) -> Arc<dyn EarnVenue> {
    let client = BinanceEarnClient::builder(Environment::Production)
        .base_url(sim.base_url())
        .credentials(sim.binance_credentials().to_credentials())
        .transport(TransportOptions::default().timeout(Duration::from_secs(5)).retry_policy(RetryPolicy::none()))
        .build()
        .expect("the client builds");
    Arc::new(BinanceEarnVenue::new(client))
}

fn amt(s: &str) -> Amount {
    Amount::parse(s).expect("an amount")
}

#[tokio::test]
async fn a_pending_transfer_is_read_pending_then_settled() {
    let sim = simulator().await;
    let venue = sim_venue(&sim);
    assert!(venue.capabilities().supports(Operation::TransferStatus));
    let spot = sim.account_balance(SimAccount::BINANCE_SPOT, "USDT");
    let request = TransferRequest::new("USDT", amt("25"), "FUNDING", "SPOT").client_id("books-7");
    let sent = venue.transfer(&request).await.unwrap();
    assert_eq!(sent.status, OrderStatus::Pending, "the simulator holds it for {DELAY:?}");
    let applied = sim.applied_writes(TRANSFER);

    let read = venue.transfer_status(&sent).await.unwrap().expect("the history lists it by tranId");
    assert_eq!((&read.id, read.status), (&sent.id, OrderStatus::Pending));
    assert_eq!((read.asset.as_str(), read.amount), ("USDT", amt("25")));
    assert_eq!((read.from.as_str(), read.to.as_str()), ("FUNDING", "SPOT"));
    assert_eq!(read.client_id.as_ref().map(ClientOrderId::as_str), Some("books-7"), "the caller's id, echoed");
    assert!(read.created_at.is_some(), "the row's time");
    assert_eq!(sim.account_balance(SimAccount::BINANCE_SPOT, "USDT"), spot, "not arrived yet");

    sim.advance(DELAY + Duration::from_secs(1));
    let settled = venue.transfer_status(&read).await.unwrap().expect("still listed");
    assert_eq!((&settled.id, settled.status), (&sent.id, OrderStatus::Succeeded));
    assert_eq!(sim.account_balance(SimAccount::BINANCE_SPOT, "USDT") - spot, rust_decimal::Decimal::from(25));
    assert_eq!((applied, sim.applied_writes(TRANSFER)), (1, 1), "reading the status never writes");
}

#[tokio::test]
async fn a_transfer_binance_does_not_list_is_none() {
    let sim = simulator().await;
    let venue = sim_venue(&sim);
    let sent = venue.transfer(&TransferRequest::new("USDT", amt("5"), "SPOT", "FUNDING")).await.unwrap();
    // A tranId Binance never gave.
    let mut unknown = sent.clone();
    unknown.id = OrderId::new("999999999");
    assert_eq!(venue.transfer_status(&unknown).await.unwrap(), None);
    // The right tranId in the other direction's history: not there.
    let mut reversed = sent.clone();
    (reversed.from, reversed.to) = (sent.to.clone(), sent.from.clone());
    assert_eq!(venue.transfer_status(&reversed).await.unwrap(), None);
    // Without a send time the last 30 days are read.
    let mut undated = sent.clone();
    undated.created_at = None;
    assert_eq!(venue.transfer_status(&undated).await.unwrap().map(|t| t.id), Some(sent.id.clone()));
    assert_eq!(sim.applied_writes(TRANSFER), 1);
}

#[tokio::test]
async fn bad_input_never_reaches_binance() {
    let sim = simulator().await;
    let venue = sim_venue(&sim);
    let request = TransferRequest::new("USDT", amt("5"), "SPOT", "FUNDING");
    let elsewhere =
        Transfer::new(VenueId::from_static("okx-staking"), OrderId::new("1"), &request, OrderStatus::Pending);
    let bad_id = Transfer::new(binance_earn::VENUE, OrderId::new("12a"), &request, OrderStatus::Pending);
    let nowhere = TransferRequest::new("USDT", amt("5"), "SPOT", "EARN");
    let bad_direction = Transfer::new(binance_earn::VENUE, OrderId::new("1"), &nowhere, OrderStatus::Pending);
    for (transfer, field) in [(elsewhere, "transfer.venue"), (bad_id, "transfer.id"), (bad_direction, "transfer.to")] {
        match venue.transfer_status(&transfer).await {
            Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field, "{transfer:?}"),
            other => panic!("{transfer:?}: {other:?}"),
        }
    }
    assert_eq!(sim.requests(TRANSFER), 0);
}
