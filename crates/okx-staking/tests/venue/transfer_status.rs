//! `transfer_status` on the simulator: a transfer OKX accepted but has not moved yet is read
//! back pending by its `transId`, then settled once the simulator's ledger time passes the
//! transfer delay; reading never writes, and bad input never reaches OKX.

use std::sync::Arc;
use std::time::Duration;

use earn_core::http::{RetryPolicy, TransportOptions};
use earn_core::*;
use earn_sim::{SimAccount, Simulator};
use okx_staking::{OkxStakingClient, OkxStakingVenue};
use rust_decimal::Decimal;

use crate::common::BILLS;

const TRANSFER: &str = "/api/v5/asset/transfer";
const STATE: &str = "/api/v5/asset/transfer-state";
/// How long a transfer stays pending in the simulator's ledger time.
const DELAY: Duration = Duration::from_secs(300);

async fn simulator() -> Simulator {
    Simulator::builder().transfer_delay(DELAY).start().await.expect("the simulator starts")
}

fn sim_venue(sim: &Simulator) -> Arc<dyn EarnVenue> {
    let client = OkxStakingClient::builder(okx_staking::Environment::Live)
        .base_url(sim.base_url())
        .credentials(sim.okx_credentials().to_credentials())
        .transport(TransportOptions::default().timeout(Duration::from_secs(5)).retry_policy(RetryPolicy::none()))
        .build()
        .expect("the client builds");
    // Look at the transfer's state once: `transfer()` returns it as it stands.
    Arc::new(OkxStakingVenue::new(client).confirm_window(Duration::ZERO))
}

fn usdt(amount: &str) -> Amount {
    Amount::parse(amount).expect("an amount")
}

#[tokio::test]
async fn a_pending_transfer_is_read_pending_then_settled() {
    let sim = simulator().await;
    let venue = sim_venue(&sim);
    assert!(venue.capabilities().supports(Operation::TransferStatus));
    let trading = sim.account_balance(SimAccount::OKX_TRADING, "USDT");
    let request = TransferRequest::new("USDT", usdt("25"), "trading", "funding").client_id("follow0001");
    let sent = venue.transfer(&request).await.expect("OKX accepts the transfer");
    assert_eq!(sent.status, OrderStatus::Pending, "the simulator holds it for {DELAY:?}");
    // The transfer itself checked that OKX did not know the clientId yet (state and bills).
    let bills = sim.requests(BILLS);

    let read = venue.transfer_status(&sent).await.unwrap().expect("OKX lists it by transId");
    assert_eq!((&read.id, read.status), (&sent.id, OrderStatus::Pending));
    assert_eq!((read.asset.as_str(), read.amount), ("USDT", usdt("25")));
    assert_eq!((read.from.as_str(), read.to.as_str()), ("trading", "funding"));
    assert_eq!(read.client_id.as_ref().map(ClientOrderId::as_str), Some("follow0001"));
    assert_eq!(read.created_at, sent.created_at, "the send time the adapter recorded is kept");

    sim.advance(DELAY + Duration::from_secs(1));
    let settled = venue.transfer_status(&read).await.unwrap().expect("still listed");
    assert_eq!((&settled.id, settled.status), (&sent.id, OrderStatus::Succeeded));
    assert_eq!(trading - sim.account_balance(SimAccount::OKX_TRADING, "USDT"), Decimal::from(25));
    assert_eq!(sim.applied_writes(TRANSFER), 1, "reading the status never writes");
    assert_eq!(sim.requests(BILLS), bills, "transfer-state by transId answered: no bill was read");
}

#[tokio::test]
async fn a_transfer_okx_does_not_list_is_none() {
    let sim = simulator().await;
    let venue = sim_venue(&sim);
    let request = TransferRequest::new("USDT", usdt("5"), "trading", "funding").client_id("never0001");
    let mut unknown = Transfer::new(okx_staking::VENUE, OrderId::new("987654321"), &request, OrderStatus::Pending);
    assert_eq!(venue.transfer_status(&unknown).await.unwrap(), None);
    // Without a client id only transfer-state by transId is asked.
    unknown.client_id = None;
    assert_eq!(venue.transfer_status(&unknown).await.unwrap(), None);
    // Another transfer's clientId does not make its record this one's.
    let other = venue
        .transfer(&TransferRequest::new("USDT", usdt("5"), "trading", "funding").client_id("other0001"))
        .await
        .unwrap();
    unknown.client_id = Some("other0001".into());
    assert_eq!(venue.transfer_status(&unknown).await.unwrap(), None, "transfer {} is another transfer", other.id);
    assert_eq!(sim.applied_writes(TRANSFER), 1);
}

#[tokio::test]
async fn bad_input_never_reaches_okx() {
    let sim = simulator().await;
    let venue = sim_venue(&sim);
    let request = TransferRequest::new("USDT", usdt("5"), "trading", "funding").client_id("bad00001");
    let elsewhere =
        Transfer::new(VenueId::from_static("bybit-earn"), OrderId::new("1"), &request, OrderStatus::Pending);
    let bad_id = Transfer::new(okx_staking::VENUE, OrderId::new("1 OR 1=1"), &request, OrderStatus::Pending);
    let mut bad_client = Transfer::new(okx_staking::VENUE, OrderId::new("1"), &request, OrderStatus::Pending);
    bad_client.client_id = Some("not-allowed!".into());
    let mut bill_without_client =
        Transfer::new(okx_staking::VENUE, OrderId::new("bill-9"), &request, OrderStatus::Succeeded);
    bill_without_client.client_id = None;
    for (transfer, field) in [
        (elsewhere, "transfer.venue"),
        (bad_id, "transfer.id"),
        (bad_client, "transfer.client_id"),
        (bill_without_client, "transfer.client_id"),
    ] {
        match venue.transfer_status(&transfer).await {
            Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field, "{transfer:?}"),
            other => panic!("{transfer:?}: {other:?}"),
        }
    }
    assert_eq!((sim.requests(STATE), sim.requests(BILLS)), (0, 0));
}

/// A transfer older than transfer-state's two weeks is read from the funding bill carrying
/// its `clientId` (same currency and amount: the money moved), keeping the id it was asked
/// about; a bill of that `clientId` moving another amount is not this transfer.
#[tokio::test]
async fn an_old_transfer_is_read_from_its_bill() {
    use crate::common::{ExactQuery, ok, signed, venue};
    let server = wiremock::MockServer::start().await;
    signed("GET", STATE).respond_with(ok("[]")).mount(&server).await;
    signed("GET", BILLS)
        .and(ExactQuery("clientId=old0001"))
        .respond_with(ok(r#"[{"billId":"881","ccy":"USDT","clientId":"old0001","balChg":"25","bal":"25","type":"130","ts":"1700000000000","notes":""}]"#))
        .mount(&server)
        .await;
    let v: Arc<dyn EarnVenue> = Arc::new(venue(&server, Duration::ZERO));
    let request = TransferRequest::new("USDT", usdt("25"), "trading", "funding").client_id("old0001");
    let old = Transfer::new(okx_staking::VENUE, OrderId::new("5150"), &request, OrderStatus::Pending);
    let read = v.transfer_status(&old).await.unwrap().expect("the bill shows it");
    assert_eq!((read.id.as_str(), read.status), ("5150", OrderStatus::Succeeded));
    assert_eq!((read.from.as_str(), read.to.as_str(), read.amount), ("trading", "funding", usdt("25")));
    let by_bill = Transfer::new(okx_staking::VENUE, OrderId::new("bill-881"), &request, OrderStatus::Succeeded);
    assert_eq!(v.transfer_status(&by_bill).await.unwrap().map(|t| t.status), Some(OrderStatus::Succeeded));
    let other_amount = TransferRequest::new("USDT", usdt("24"), "trading", "funding").client_id("old0001");
    let other = Transfer::new(okx_staking::VENUE, OrderId::new("5150"), &other_amount, OrderStatus::Pending);
    assert_eq!(v.transfer_status(&other).await.unwrap(), None);
    let state_queries: Vec<String> =
        crate::common::requests(&server, STATE).await.iter().map(|r| r.url.query().unwrap_or("").to_owned()).collect();
    assert!(
        !state_queries.iter().any(|q| q.contains("bill")),
        "a bill id is never sent as a transId: {state_queries:?}"
    );
}
