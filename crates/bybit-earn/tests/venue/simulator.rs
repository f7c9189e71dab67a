//! The adapter on the embedded simulator (earn-sim verifies signatures on its own): whole
//! write lifecycles, answers dropped after the write was applied, and reconciliation.

use std::sync::Arc;
use std::time::Duration;

use bybit_earn::api::fixed_saving::{FixedCategory, GetFixedPositions, RedeemFixedPosition};
use bybit_earn::{BybitEarnClient, BybitEarnVenue, Environment};
use earn_core::conformance::{ConformanceHarness, run};
use earn_core::http::TransportOptions;
use earn_core::*;
use earn_sim::{Fault, SimVenue, Simulator};
use rust_decimal::Decimal;

use crate::common::amt;

/// The simulator's settlement delay in the conformance runs: long enough to see "pending".
const SETTLEMENT: Duration = Duration::from_millis(1200);

/// The conformance suite's view of the simulator: one product, faults on place-order.
struct Harness {
    sim: Arc<Simulator>,
    venue: Arc<dyn EarnVenue>,
    target: (ProductId, Amount),
}

#[async_trait]
impl ConformanceHarness for Harness {
    fn venue(&self) -> Arc<dyn EarnVenue> {
        self.venue.clone()
    }

    fn stake_target(&self) -> Option<(ProductId, Amount)> {
        Some(self.target.clone())
    }

    async fn wait_for_settlement(&self) {
        tokio::time::sleep(SETTLEMENT + Duration::from_millis(150)).await;
    }

    async fn drop_next_write(&self, _operation: Operation) -> Result<(), String> {
        self.sim.inject(Fault::on("/v5/earn/place-order").nth(1).drop_after_apply());
        Ok(())
    }

    async fn clear_faults(&self) {
        self.sim.clear_faults();
    }

    fn applied_writes(&self, _operation: Operation) -> Result<usize, String> {
        Ok(self.sim.applied_writes("/v5/earn/place-order"))
    }
}

async fn conforms(product: &str, amount: &str) {
    let sim = Arc::new(Simulator::builder().settlement_delay(SETTLEMENT).start().await.expect("simulator starts"));
    let venue = Arc::new(BybitEarnVenue::new(sim_client(&sim)));
    let report = run(&Harness { sim, venue, target: (product.into(), amt(amount)) }).await;
    println!("{report}");
    // Bybit runs every check: none may be skipped.
    report.assert_outcomes(&[]);
}

#[tokio::test]
async fn flexible_saving_conforms() {
    conforms("FlexibleSaving:430", "0.01").await;
}

#[tokio::test]
async fn onchain_conforms() {
    conforms("OnChain:501", "0.5").await;
}

async fn simulator() -> Simulator {
    Simulator::builder().start().await.expect("simulator starts")
}

fn sim_client(sim: &Simulator) -> BybitEarnClient {
    BybitEarnClient::builder(Environment::Mainnet)
        .base_url(sim.base_url())
        .credentials(sim.bybit_credentials().to_credentials())
        .transport(TransportOptions::default().timeout(Duration::from_secs(5)))
        .build()
        .expect("client builds")
}

async fn reconcile_until_known(venue: &BybitEarnVenue, intent: &ReconcileIntent) -> Reconciliation {
    for _ in 0..40 {
        match venue.reconcile(intent).await.expect("reconcile reads") {
            Reconciliation::StillUnknown { .. } => tokio::time::sleep(Duration::from_millis(50)).await,
            known => return known,
        }
    }
    panic!("reconciliation stayed unknown")
}

#[tokio::test]
async fn a_stake_settles_into_a_position_and_is_found_by_either_id() {
    let sim = simulator().await;
    let venue = BybitEarnVenue::new(sim_client(&sim));
    let btc = sim.balance(SimVenue::Bybit, "BTC");
    let order = venue.stake(&StakeRequest::new("FlexibleSaving:430", amt("0.01"))).await.unwrap().into_order().unwrap();
    assert_eq!(
        (order.side, order.amount, order.product.as_str()),
        (OrderSide::Stake, amt("0.01"), "FlexibleSaving:430")
    );
    let by_id = venue.order(&OrderRef::Venue(order.id.clone())).await.unwrap().expect("found by venue id");
    let by_link = venue.order(&OrderRef::Client(order.client_id.clone().unwrap())).await.unwrap().expect("by link");
    assert_eq!((by_id.id.clone(), by_link.id.clone()), (order.id.clone(), order.id.clone()));
    assert_eq!(by_id.status, OrderStatus::Succeeded);
    let positions = venue.positions().await.unwrap();
    let held = positions.iter().find(|p| p.product.as_str() == "FlexibleSaving:430").expect("position");
    assert_eq!(held.amount, Quantity::Decimal(amt("0.01")));
    assert_eq!(btc - sim.balance(SimVenue::Bybit, "BTC"), Decimal::new(1, 2));
}

/// Issue 10, defect: nothing reaches the venue for a stake of zero (not even a product read).
#[tokio::test]
async fn a_zero_stake_never_reaches_the_simulator() {
    let sim = simulator().await;
    let venue = BybitEarnVenue::new(sim_client(&sim));
    for product in ["FlexibleSaving:430", "OnChain:501", "FundPool:7002"] {
        let err = venue.stake(&StakeRequest::new(product, Amount::ZERO)).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{product}");
    }
    for path in ["/v5/earn/product", "/v5/earn/fixed-term/product", "/v5/earn/place-order"] {
        assert_eq!(sim.requests(path), 0, "{path}");
    }
}

#[tokio::test]
async fn a_stake_whose_answer_is_lost_is_applied_once_and_reconciles_as_happened() {
    let sim = simulator().await;
    let venue = BybitEarnVenue::new(sim_client(&sim));
    let usdt = sim.balance(SimVenue::Bybit, "USDT");
    sim.inject(Fault::on("/v5/earn/place-order").drop_after_apply());
    let err = venue.stake(&StakeRequest::new("FlexibleSaving:428", amt("25"))).await.unwrap_err();
    assert!(err.maybe_happened(), "{err}");
    let intent = err.reconcile_intent().unwrap().clone();
    let Reconciliation::Happened(order) = reconcile_until_known(&venue, &intent).await else { panic!("lost") };
    assert_eq!((order.side, order.amount), (OrderSide::Stake, amt("25")));
    assert_eq!(sim.applied_writes("/v5/earn/place-order"), 1);
    assert_eq!(usdt - sim.balance(SimVenue::Bybit, "USDT"), Decimal::from(25));
}

/// Issue 10, defect: the Fixed Saving early-redeem intent was refused by `reconcile`; an
/// early redemption whose answer is lost reconciles from the Fixed Saving order history.
#[tokio::test]
async fn a_fixed_early_redemption_whose_answer_is_lost_reconciles_as_happened() {
    let sim = simulator().await;
    let client = sim_client(&sim);
    let venue = BybitEarnVenue::new(client.clone()).reconcile_grace(Duration::from_secs(5));
    let stake = venue.stake(&StakeRequest::new("FundPool:7002", amt("20"))).await.unwrap().into_order().unwrap();
    assert_eq!(stake.product.as_str(), "FundPool:7002");
    let positions = client.send(&GetFixedPositions::new().category(FixedCategory::FundPool)).await.unwrap().list;
    let position = positions.iter().find(|p| p.product_id == "7002").expect("the subscription is active");

    sim.inject(Fault::on("/v5/earn/fixed-term/redeem").drop_after_apply());
    let redeem = RedeemFixedPosition::new(FixedCategory::FundPool, "7002", position.position_id.as_str());
    let err = client.send(&redeem).await.unwrap_err();
    assert!(err.maybe_happened(), "{err}");
    let intent = err.reconcile_intent().unwrap().clone();
    let Reconciliation::Happened(order) = reconcile_until_known(&venue, &intent).await else { panic!("lost") };
    assert_eq!((order.side, order.amount, order.product.as_str()), (OrderSide::Redeem, amt("20"), "FundPool:7002"));
    assert_eq!(sim.applied_writes("/v5/earn/fixed-term/redeem"), 1, "sent once, applied once");
    // Attributed elsewhere by a journal, the same redemption is not evidence for this write.
    let claimed = intent.clone().claimed([order.id.clone()]);
    assert!(venue.reconcile(&claimed).await.unwrap().is_still_unknown(), "within the grace period");
}

/// Issue 11: no product on the simulator claims a liquidity it does not have. `OnChain:503`
/// (30-day fixed, the best USDT APR) is locked for 30 days, FundPool "8h" for exactly 8
/// hours; APRs and APYs stay apart; every product names its accounts.
#[tokio::test]
async fn products_on_the_simulator_claim_no_liquidity_they_lack() {
    let sim = simulator().await;
    let venue = BybitEarnVenue::new(sim_client(&sim));
    let products = venue.products(&ProductFilter::all()).await.unwrap();
    let find = |id: &str| products.iter().find(|p| p.id.as_str() == id).unwrap_or_else(|| panic!("{id} listed"));
    let fixed = find("OnChain:503");
    assert_eq!(fixed.kind, ProductKind::locked_days(30));
    assert!(!fixed.redemption_allowed && fixed.redemption_delay.is_none());
    assert_eq!(find("FundPool:7002").kind, ProductKind::Locked { term: Duration::from_secs(8 * 3600) });
    assert_eq!(find("OnChain:501").kind, ProductKind::OnChain);
    assert_eq!(find("FlexibleSaving:428").kind, ProductKind::Flexible);
    for p in &products {
        assert!(p.apr.is_none() || p.apy.is_none(), "{}: one published rate, never both", p.id);
        assert!(p.draws_from.is_some(), "{}", p.id);
        if p.kind.lock_up().is_some() {
            assert!(!p.redemption_allowed, "{}: locked but redeemable", p.id);
        }
    }
}

/// Issue 11: the simulator lets `OnChain:503` be redeemed early; the adapter refuses it
/// before sending, and the estimate says why.
#[tokio::test]
async fn a_locked_onchain_stake_is_not_redeemed_early_on_the_simulator() {
    let sim = simulator().await;
    let venue = BybitEarnVenue::new(sim_client(&sim));
    assert!(venue.stake(&StakeRequest::new("OnChain:503", amt("20"))).await.unwrap().order().is_some());
    let mut position = None;
    for _ in 0..40 {
        let positions = venue.positions().await.unwrap();
        position = positions.into_iter().find(|p| p.product.as_str() == "OnChain:503" && p.position_id.is_some());
        if position.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let position = position.expect("the stake opened a position");
    let redeems = sim.applied_writes("/v5/earn/place-order");
    let request = RedeemRequest::new("OnChain:503", amt("20")).position_id(position.position_id.unwrap());
    let err = venue.redeem(&request).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("fixed-term"), "{err}");
    let est = venue.redemption_estimate(&request).await.unwrap();
    assert!(!est.allowed && est.reason.is_some());
    assert_eq!(sim.applied_writes("/v5/earn/place-order"), redeems, "nothing sent");
}
