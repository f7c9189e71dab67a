//! The conformance suite checked against an in-memory venue: a correct venue passes every
//! check, and each deliberately broken variant fails the check that guards against it.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use earn_core::conformance::{CHECKS, CheckOutcome, ConformanceHarness, MONEY_CHECKS, Report, run};
use earn_core::*;

#[derive(Clone, Copy, Default)]
struct Flaws {
    skips_validation: bool,
    double_applies_dropped_writes: bool,
    reconcile_always_happened: bool,
    hides_pending_redemptions: bool,
}

/// A custodial venue with one product and an in-memory ledger.
struct MemoryVenue {
    flaws: Flaws,
    held: Mutex<Amount>,
    redeeming: Mutex<Amount>,
    orders: Mutex<Vec<Order>>,
    drop_next: Mutex<Option<Operation>>,
    applied: [AtomicUsize; 2],
    settled: AtomicBool,
}

const VENUE: VenueId = VenueId::from_static("memory");

impl MemoryVenue {
    fn new(flaws: Flaws) -> Self {
        MemoryVenue {
            flaws,
            held: Mutex::new(Amount::ZERO),
            redeeming: Mutex::new(Amount::ZERO),
            orders: Mutex::new(Vec::new()),
            drop_next: Mutex::new(None),
            applied: [AtomicUsize::new(0), AtomicUsize::new(0)],
            settled: AtomicBool::new(false),
        }
    }

    fn product() -> Product {
        let mut p = Product::new(VENUE, "flex-usdt".into(), "USDT".into(), ProductKind::Flexible);
        p.rules =
            AmountRules { min: Some(Amount::parse("1").unwrap()), max: Some(Amount::from(1000)), precision: Some(2) };
        p.apr = Some(Rate::parse_percent("5%").unwrap());
        p
    }

    fn write(&self, op: Operation, side: OrderSide, amount: Amount) -> Result<WriteOutcome> {
        if !self.flaws.skips_validation {
            Self::product().rules.check("amount", amount)?;
        }
        let idx = usize::from(op == Operation::Redeem);
        let times =
            if self.drop_next.lock().unwrap().is_some() && self.flaws.double_applies_dropped_writes { 2 } else { 1 };
        let mut order = None;
        for _ in 0..times {
            self.applied[idx].fetch_add(1, Ordering::SeqCst);
            let mut held = self.held.lock().unwrap();
            *held = match side {
                OrderSide::Stake => held.checked_add(amount).unwrap(),
                OrderSide::Redeem => {
                    held.checked_sub(amount).ok_or_else(|| Error::invalid_input("amount", "exceeds position"))?
                }
            };
            if side == OrderSide::Redeem {
                // A new redemption is in flight until the harness waits for settlement.
                self.settled.store(false, Ordering::SeqCst);
                let mut r = self.redeeming.lock().unwrap();
                *r = r.checked_add(amount).unwrap();
            }
            let mut orders = self.orders.lock().unwrap();
            let id = OrderId::new(format!("o{}", orders.len() + 1));
            let status = if side == OrderSide::Redeem { OrderStatus::Pending } else { OrderStatus::Succeeded };
            let o = Order::new(VENUE, id, Self::product().id, "USDT".into(), side, amount, status, "x");
            orders.push(o.clone());
            order = Some(o);
        }
        if self.drop_next.lock().unwrap().take() == Some(op) {
            let intent = ReconcileIntent::new(VENUE, op, "/write").amount(amount).sent_at(UnixMillis::now_local());
            return Err(Error::outcome_unknown(intent, "connection dropped", None));
        }
        Ok(WriteOutcome::Placed(order.unwrap()))
    }
}

#[async_trait]
impl EarnVenue for MemoryVenue {
    fn venue(&self) -> VenueId {
        VENUE
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::new(Custody::Custodial).with_all(&[
            Operation::Products,
            Operation::Positions,
            Operation::Stake,
            Operation::Redeem,
            Operation::RedemptionEstimate,
            Operation::OrderLookup,
            Operation::Reconcile,
        ])
    }

    async fn products(&self, filter: &ProductFilter) -> Result<Vec<Product>> {
        Ok(vec![Self::product()].into_iter().filter(|p| filter.matches_asset(&p.asset)).collect())
    }

    async fn positions(&self) -> Result<Vec<Position>> {
        let held = *self.held.lock().unwrap();
        let mut p = Position::new(VENUE, Self::product().id, "USDT".into(), held);
        let redeeming = *self.redeeming.lock().unwrap();
        if !redeeming.is_zero() && !self.settled.load(Ordering::SeqCst) && !self.flaws.hides_pending_redemptions {
            p.pending_redemption = Some(redeeming);
        }
        Ok(vec![p])
    }

    async fn stake(&self, r: &StakeRequest) -> Result<WriteOutcome> {
        self.write(Operation::Stake, OrderSide::Stake, r.amount)
    }

    async fn redeem(&self, r: &RedeemRequest) -> Result<WriteOutcome> {
        self.write(Operation::Redeem, OrderSide::Redeem, r.amount)
    }

    async fn redemption_estimate(&self, r: &RedeemRequest) -> Result<RedemptionEstimate> {
        Ok(RedemptionEstimate::new(
            r.product.clone(),
            r.amount,
            true,
            vec![AssetQuantity::new("USDT".into(), r.amount)],
        ))
    }

    async fn order(&self, r: &OrderRef) -> Result<Option<Order>> {
        let settled = self.settled.load(Ordering::SeqCst);
        Ok(self.orders.lock().unwrap().iter().find(|o| matches!(r, OrderRef::Venue(id) if *id == o.id)).cloned().map(
            |mut o| {
                if settled {
                    o.status = OrderStatus::Succeeded;
                }
                o
            },
        ))
    }

    async fn reconcile(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        let side = if intent.operation == Operation::Stake { OrderSide::Stake } else { OrderSide::Redeem };
        let orders = self.orders.lock().unwrap();
        let found = orders.iter().rev().find(|o| o.side == side && Some(o.amount) == intent.amount);
        Ok(match found {
            Some(o) => Reconciliation::Happened(o.clone()),
            None if self.flaws.reconcile_always_happened => Reconciliation::Happened(orders[0].clone()),
            None => Reconciliation::DidNotHappen,
        })
    }
}

struct Harness(Arc<MemoryVenue>);

#[async_trait]
impl ConformanceHarness for Harness {
    fn venue(&self) -> Arc<dyn EarnVenue> {
        self.0.clone()
    }
    fn stake_target(&self) -> Option<(ProductId, Amount)> {
        Some(("flex-usdt".into(), Amount::parse("2.5").unwrap()))
    }
    async fn wait_for_settlement(&self) {
        self.0.settled.store(true, Ordering::SeqCst);
        *self.0.redeeming.lock().unwrap() = Amount::ZERO;
    }
    async fn drop_next_write(&self, op: Operation) -> Result<(), String> {
        *self.0.drop_next.lock().unwrap() = Some(op);
        Ok(())
    }
    fn applied_writes(&self, op: Operation) -> Result<usize, String> {
        Ok(self.0.applied[usize::from(op == Operation::Redeem)].load(Ordering::SeqCst))
    }
}

async fn report_for(flaws: Flaws) -> earn_core::conformance::Report {
    run(&Harness(Arc::new(MemoryVenue::new(flaws)))).await
}

fn outcome<'r>(report: &'r earn_core::conformance::Report, name: &str) -> &'r CheckOutcome {
    &report.results.iter().find(|r| r.name == name).unwrap_or_else(|| panic!("no check {name}")).outcome
}

/// The memory venue has no transfers and no locked product.
const MEMORY_SKIPS: [&str; 2] =
    ["a transfer moves idle money between accounts, once", "a locked product refuses early redemption"];

#[tokio::test]
async fn a_correct_venue_passes_every_check() {
    let report = report_for(Flaws::default()).await;
    report.assert_outcomes(&MEMORY_SKIPS);
    assert_eq!(report.passed(), CHECKS.len() - MEMORY_SKIPS.len(), "{report}");
}

/// Whether `f` panics.
fn panics(f: impl FnOnce()) -> bool {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).is_err()
}

/// Guards `assert_outcomes` itself: a check skipped that was expected to pass, a check
/// expected skipped that passed, a missing check and an empty reason all fail it.
#[tokio::test]
async fn assert_outcomes_pins_what_ran_and_what_was_skipped() {
    let report = report_for(Flaws::default()).await;
    assert!(panics(|| report.assert_outcomes(&MEMORY_SKIPS[..1])), "an unexpected skip passed");
    let mut more = MEMORY_SKIPS.to_vec();
    more.push("stake then see the position");
    assert!(panics(|| report.assert_outcomes(&more)), "a passed check expected skipped passed");
    assert!(panics(|| report.assert_outcomes(&["no such check"])), "an unknown name passed");
    let mut missing = report.clone();
    missing.results.pop();
    assert!(panics(|| missing.assert_outcomes(&MEMORY_SKIPS)), "a run missing a check passed");
    let mut silent: Report = report.clone();
    for r in &mut silent.results {
        if let CheckOutcome::Skipped(why) = &mut r.outcome {
            why.clear();
        }
    }
    assert!(panics(|| silent.assert_outcomes(&MEMORY_SKIPS)), "a skip without a reason passed");
    report.assert_outcomes(&MEMORY_SKIPS);
}

/// A harness that can neither drop connections nor count writes: every money check is
/// skipped, each with the harness's own reason in the report, never passed silently.
struct Blind(Arc<MemoryVenue>);

#[async_trait]
impl ConformanceHarness for Blind {
    fn venue(&self) -> Arc<dyn EarnVenue> {
        self.0.clone()
    }
    fn stake_target(&self) -> Option<(ProductId, Amount)> {
        Some(("flex-usdt".into(), Amount::parse("2.5").unwrap()))
    }
    async fn wait_for_settlement(&self) {
        self.0.settled.store(true, Ordering::SeqCst);
        *self.0.redeeming.lock().unwrap() = Amount::ZERO;
    }
    async fn drop_next_write(&self, _op: Operation) -> Result<(), String> {
        Err("blind harness: no fault injection".into())
    }
    fn applied_writes(&self, _op: Operation) -> Result<usize, String> {
        Err("blind harness: no write counter".into())
    }
}

#[tokio::test]
async fn money_checks_a_harness_cannot_run_are_skipped_with_its_reason() {
    let report = run(&Blind(Arc::new(MemoryVenue::new(Flaws::default())))).await;
    let mut skipped: Vec<&str> = MEMORY_SKIPS.to_vec();
    skipped.extend(MONEY_CHECKS);
    skipped.push("bad amounts are rejected before any request");
    report.assert_outcomes(&skipped);
    for name in MONEY_CHECKS {
        let CheckOutcome::Skipped(why) = outcome(&report, name) else { panic!("{name} not skipped: {report}") };
        assert!(why.contains("blind harness"), "{name}: the harness's reason is not shown: {why}");
    }
    let CheckOutcome::Skipped(why) = outcome(&report, "bad amounts are rejected before any request") else {
        panic!("{report}")
    };
    assert!(why.contains("no write counter"), "{why}");
}

#[tokio::test]
async fn skipping_validation_is_caught() {
    let report = report_for(Flaws { skips_validation: true, ..Flaws::default() }).await;
    assert!(
        matches!(outcome(&report, "bad amounts are rejected before any request"), CheckOutcome::Failed(_)),
        "{report}"
    );
}

#[tokio::test]
async fn double_execution_is_caught() {
    let report = report_for(Flaws { double_applies_dropped_writes: true, ..Flaws::default() }).await;
    assert!(
        matches!(outcome(&report, "outcome-unknown stake is applied exactly once"), CheckOutcome::Failed(_)),
        "{report}"
    );
}

#[tokio::test]
async fn a_reconcile_that_invents_orders_is_caught() {
    let report = report_for(Flaws { reconcile_always_happened: true, ..Flaws::default() }).await;
    assert!(
        matches!(outcome(&report, "a write that never happened reconciles as such"), CheckOutcome::Failed(_)),
        "{report}"
    );
}

#[tokio::test]
async fn hiding_redemptions_in_flight_is_caught() {
    let report = report_for(Flaws { hides_pending_redemptions: true, ..Flaws::default() }).await;
    assert!(matches!(outcome(&report, "redeem then pending then settled"), CheckOutcome::Failed(_)), "{report}");
}
