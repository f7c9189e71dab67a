//! The executor against hand-written fake venues: one write per step, reconciled never
//! repeated, stops at the first definite failure, bounded waits.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use earn_core::{
    AccountId, Amount, Capabilities, Custody, EarnVenue, Error, Operation, Order, OrderId, OrderRef, OrderSide,
    OrderStatus, Position, Product, ProductFilter, ReconcileIntent, Reconciliation, RedeemRequest, Result,
    StakeRequest, TransactionPlan, Transfer, TransferRequest, VenueError, VenueId, WriteOutcome, async_trait,
};
use earn_treasury::executor::{Event, Executor, ExecutorOptions, StepOutcome, Stop};
use earn_treasury::{Action, Plan, Reason, Step};

type Queue<T> = Mutex<VecDeque<Result<T>>>;

#[derive(Default)]
struct Fake {
    writes: Queue<WriteOutcome>,
    transfers: Queue<Transfer>,
    orders: Queue<Option<Order>>,
    reconciles: Queue<Reconciliation>,
    /// Answers of `transfer_status`; the last repeats, none is `Ok(None)`.
    statuses: Queue<Option<Transfer>>,
    /// `transfer_status` is not implemented: the trait's default (`Unsupported`).
    no_transfer_status: bool,
    write_calls: AtomicUsize,
    order_calls: AtomicUsize,
    reconcile_calls: AtomicUsize,
    status_calls: AtomicUsize,
}

fn pop<T>(q: &Queue<T>, what: &str) -> Result<T> {
    q.lock().unwrap().pop_front().unwrap_or_else(|| panic!("unexpected {what} call"))
}

#[async_trait]
impl EarnVenue for Fake {
    fn venue(&self) -> VenueId {
        VenueId::from_static("fake")
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities::new(Custody::Custodial)
    }
    async fn products(&self, _: &ProductFilter) -> Result<Vec<Product>> {
        Ok(vec![])
    }
    async fn positions(&self) -> Result<Vec<Position>> {
        Ok(vec![])
    }
    async fn transfer(&self, _: &TransferRequest) -> Result<Transfer> {
        self.write_calls.fetch_add(1, Ordering::SeqCst);
        pop(&self.transfers, "transfer")
    }
    async fn stake(&self, _: &StakeRequest) -> Result<WriteOutcome> {
        self.write_calls.fetch_add(1, Ordering::SeqCst);
        pop(&self.writes, "stake")
    }
    async fn redeem(&self, _: &RedeemRequest) -> Result<WriteOutcome> {
        self.write_calls.fetch_add(1, Ordering::SeqCst);
        pop(&self.writes, "redeem")
    }
    async fn order(&self, _: &OrderRef) -> Result<Option<Order>> {
        self.order_calls.fetch_add(1, Ordering::SeqCst);
        let mut q = self.orders.lock().unwrap();
        // The last answer repeats: an order that stays pending.
        if q.len() > 1 { q.pop_front().unwrap() } else { q.front().map(clone_result).unwrap_or(Ok(None)) }
    }
    async fn transfer_status(&self, transfer: &Transfer) -> Result<Option<Transfer>> {
        self.status_calls.fetch_add(1, Ordering::SeqCst);
        if self.no_transfer_status {
            return Err(Error::unsupported(self.venue(), Operation::TransferStatus));
        }
        assert_eq!(transfer.id.as_str(), "t-1", "the transfer the venue returned is the one read");
        let mut q = self.statuses.lock().unwrap();
        if q.len() > 1 { q.pop_front().unwrap() } else { q.front().map(clone_result).unwrap_or(Ok(None)) }
    }
    async fn reconcile(&self, _: &ReconcileIntent) -> Result<Reconciliation> {
        self.reconcile_calls.fetch_add(1, Ordering::SeqCst);
        let mut q = self.reconciles.lock().unwrap();
        if q.len() > 1 { q.pop_front().unwrap() } else { q.front().map(clone_result).unwrap_or(Ok(still())) }
    }
}

fn clone_result<T: Clone>(r: &Result<T>) -> Result<T> {
    match r {
        Ok(v) => Ok(v.clone()),
        Err(e) => Err(Error::Config(e.to_string())),
    }
}

fn still() -> Reconciliation {
    Reconciliation::still_unknown("no record yet")
}

fn order(status: OrderStatus) -> Order {
    Order::new(
        VenueId::from_static("fake"),
        OrderId::new("o-1"),
        "p".into(),
        "USDT".into(),
        OrderSide::Stake,
        Amount::from(10),
        status,
        "x",
    )
}

fn transfer(status: OrderStatus) -> Transfer {
    let req = TransferRequest::new("USDT", Amount::from(10), "UNIFIED", "FUND");
    Transfer::new(VenueId::from_static("fake"), OrderId::new("t-1"), &req, status)
}

fn unknown() -> Error {
    Error::outcome_unknown(
        ReconcileIntent::new(VenueId::from_static("fake"), Operation::Stake, "/stake"),
        "connection reset after send",
        None,
    )
}

fn rejected() -> Error {
    Error::Rejected(VenueError::new(VenueId::from_static("fake"), "400", "nope", None))
}

fn step(action: Action, after: Vec<usize>) -> Step {
    Step::new(VenueId::from_static("fake"), action, Reason::Requested).after(after)
}

fn stake() -> Action {
    Action::Stake {
        product: "p".into(),
        asset: "USDT".into(),
        amount: Amount::from(10),
        account: AccountId::new("FUND"),
    }
}

fn redeem() -> Action {
    Action::Redeem { product: "p".into(), asset: "USDT".into(), amount: Amount::from(10), position_id: None }
}

fn xfer() -> Action {
    Action::Transfer { asset: "USDT".into(), amount: Amount::from(10), from: "UNIFIED".into(), to: "FUND".into() }
}

fn plan(steps: Vec<Step>) -> Plan {
    Plan::new(steps)
}

fn queue<T>(items: Vec<Result<T>>) -> Queue<T> {
    Mutex::new(items.into())
}

fn options() -> ExecutorOptions {
    ExecutorOptions::default()
        .polling(Duration::from_secs(1), Duration::from_secs(8))
        .settle_timeout(Duration::from_secs(60))
        .reconciling(3, Duration::from_secs(2))
}

async fn run(fake: &Arc<Fake>, plan: &Plan) -> (earn_treasury::executor::RunReport, Vec<String>) {
    let exec = Executor::new([fake.clone() as Arc<dyn EarnVenue>]).with_options(options());
    let events = Mutex::new(Vec::new());
    let progress = |e: &Event<'_>| {
        let name = match e {
            Event::Started { .. } => "started".to_string(),
            Event::StepStarted { index, .. } => format!("step {index}"),
            Event::Placed { index, .. } => format!("placed {index}"),
            Event::Waiting { index, .. } => format!("waiting {index}"),
            Event::Reconciling { index, attempt, .. } => format!("reconciling {index} #{attempt}"),
            Event::StepFinished { index, .. } => format!("finished {index}"),
            Event::Finished { .. } => "done".to_string(),
            _ => "other".to_string(),
        };
        events.lock().unwrap().push(name);
    };
    let report = exec.run(plan, &progress).await;
    let events = events.into_inner().unwrap();
    (report, events)
}

#[tokio::test(start_paused = true)]
async fn happy_path_waits_for_settlement() {
    let fake = Arc::new(Fake {
        transfers: queue(vec![Ok(transfer(OrderStatus::Succeeded))]),
        writes: queue(vec![
            Ok(WriteOutcome::Placed(order(OrderStatus::Pending))),
            Ok(WriteOutcome::Placed(order(OrderStatus::Succeeded))),
        ]),
        orders: queue(vec![Ok(Some(order(OrderStatus::Pending))), Ok(Some(order(OrderStatus::Succeeded)))]),
        ..Fake::default()
    });
    let p = plan(vec![step(xfer(), vec![]), step(stake(), vec![0]), step(redeem(), vec![])]);
    let (report, events) = run(&fake, &p).await;
    assert!(report.is_complete(), "{report:#?}");
    assert_eq!(report.settled().count(), 3);
    assert_eq!(fake.write_calls.load(Ordering::SeqCst), 3);
    assert_eq!(fake.order_calls.load(Ordering::SeqCst), 2);
    assert_eq!(events.first().unwrap(), "started");
    assert_eq!(events.last().unwrap(), "done");
    assert!(events.contains(&"waiting 1".to_string()));
}

#[tokio::test(start_paused = true)]
async fn unknown_outcome_reconciled_to_happened_is_never_resent() {
    let fake = Arc::new(Fake {
        writes: queue(vec![Err(unknown())]),
        reconciles: queue(vec![Ok(still()), Ok(Reconciliation::Happened(order(OrderStatus::Succeeded)))]),
        ..Fake::default()
    });
    let (report, events) = run(&fake, &plan(vec![step(stake(), vec![])])).await;
    assert!(report.is_complete());
    assert!(report.steps[0].outcome.is_settled());
    assert_eq!(fake.write_calls.load(Ordering::SeqCst), 1, "the write is sent once");
    assert_eq!(fake.reconcile_calls.load(Ordering::SeqCst), 2);
    assert!(events.contains(&"reconciling 0 #2".to_string()));
}

#[tokio::test(start_paused = true)]
async fn unknown_outcome_that_did_not_happen_stops_the_run() {
    let fake = Arc::new(Fake {
        writes: queue(vec![Err(unknown())]),
        reconciles: queue(vec![Ok(Reconciliation::DidNotHappen)]),
        ..Fake::default()
    });
    let (report, _) = run(&fake, &plan(vec![step(stake(), vec![]), step(redeem(), vec![])])).await;
    assert_eq!(report.stopped, Some(Stop::Failed { index: 0 }));
    assert!(matches!(&report.steps[0].outcome, StepOutcome::Failed { kind, .. } if kind == "DidNotHappen"));
    assert_eq!(report.not_run, vec![1]);
    assert_eq!(fake.write_calls.load(Ordering::SeqCst), 1, "never re-sent, and the next step never ran");
}

#[tokio::test(start_paused = true)]
async fn still_unknown_after_every_attempt_is_reported_with_its_intent() {
    let fake = Arc::new(Fake { writes: queue(vec![Err(unknown())]), ..Fake::default() });
    let started = tokio::time::Instant::now();
    let (report, _) = run(&fake, &plan(vec![step(stake(), vec![]), step(redeem(), vec![])])).await;
    assert_eq!(report.stopped, Some(Stop::Unknown { index: 0 }));
    match &report.steps[0].outcome {
        StepOutcome::Unknown { intent, reason } => {
            assert_eq!(intent.endpoint, "/stake");
            assert!(reason.contains("no record yet"), "{reason}");
        }
        o => panic!("{o:?}"),
    }
    assert_eq!(report.unknown().count(), 1);
    assert_eq!(fake.reconcile_calls.load(Ordering::SeqCst), 3, "bounded attempts");
    assert_eq!(fake.write_calls.load(Ordering::SeqCst), 1);
    assert_eq!(started.elapsed(), Duration::from_secs(4), "two waits between three attempts");
}

#[tokio::test(start_paused = true)]
async fn a_definite_failure_stops_the_run_and_reports_what_was_done() {
    let fake = Arc::new(Fake {
        writes: queue(vec![Ok(WriteOutcome::Placed(order(OrderStatus::Succeeded))), Err(rejected())]),
        ..Fake::default()
    });
    let p = plan(vec![step(stake(), vec![]), step(stake(), vec![]), step(redeem(), vec![])]);
    let (report, _) = run(&fake, &p).await;
    assert_eq!(report.stopped, Some(Stop::Failed { index: 1 }));
    assert_eq!(report.settled().map(|s| s.index).collect::<Vec<_>>(), vec![0]);
    assert_eq!(report.failed().map(|s| s.index).collect::<Vec<_>>(), vec![1]);
    assert_eq!(report.not_run, vec![2]);
    assert_eq!(fake.write_calls.load(Ordering::SeqCst), 2);
    // A venue that reports the order failed after accepting it is a failure too.
    let fake = Arc::new(Fake {
        writes: queue(vec![Ok(WriteOutcome::Placed(order(OrderStatus::Pending)))]),
        orders: queue(vec![Ok(Some(order(OrderStatus::Failed)))]),
        ..Fake::default()
    });
    let (report, _) = run(&fake, &plan(vec![step(stake(), vec![])])).await;
    assert_eq!(report.stopped, Some(Stop::Failed { index: 0 }));
}

#[tokio::test(start_paused = true)]
async fn settlement_waits_are_bounded() {
    // An order that never settles: reported as settling at the deadline, with doubling
    // poll intervals capped at 8 s (1+2+4+8+8+... within 60 s).
    let fake = Arc::new(Fake {
        writes: queue(vec![
            Ok(WriteOutcome::Placed(order(OrderStatus::Pending))),
            Ok(WriteOutcome::Placed(order(OrderStatus::Succeeded))),
        ]),
        orders: queue(vec![Ok(Some(order(OrderStatus::Pending)))]),
        ..Fake::default()
    });
    let started = tokio::time::Instant::now();
    let (report, _) = run(&fake, &plan(vec![step(redeem(), vec![]), step(stake(), vec![])])).await;
    assert_eq!(started.elapsed(), Duration::from_secs(60));
    assert!(matches!(report.steps[0].outcome, StepOutcome::Settling { .. }));
    assert!(report.is_complete(), "nothing depends on the redemption: the run goes on");
    assert!(report.steps[1].outcome.is_settled());
    assert_eq!(fake.order_calls.load(Ordering::SeqCst), 10, "1+2+4+8+8+8+8+8+8+5");

    // A transfer that does not settle in time: the stake that needs it does not run.
    let fake = Arc::new(Fake { transfers: queue(vec![Ok(transfer(OrderStatus::Pending))]), ..Fake::default() });
    let (report, _) = run(&fake, &plan(vec![step(xfer(), vec![]), step(stake(), vec![0])])).await;
    assert_eq!(report.stopped, Some(Stop::DependencyNotSettled { index: 1, dependency: 0 }));
    assert_eq!(report.not_run, vec![1]);
    assert_eq!(fake.write_calls.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn unsigned_transactions_stop_the_run() {
    let tx = TransactionPlan::new(VenueId::from_static("fake"), "p".into(), OrderSide::Stake, Amount::from(10), vec![]);
    let fake = Arc::new(Fake { writes: queue(vec![Ok(WriteOutcome::NeedsSignature(tx))]), ..Fake::default() });
    let (report, _) = run(&fake, &plan(vec![step(stake(), vec![]), step(redeem(), vec![])])).await;
    assert_eq!(report.stopped, Some(Stop::NeedsSignature { index: 0 }));
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains("needs_signature"), "{json}");
}

#[tokio::test(start_paused = true)]
async fn a_retryable_write_error_is_not_retried() {
    let limited = Error::RateLimited {
        error: VenueError::new(VenueId::from_static("fake"), "429", "slow down", Some(429)),
        retry_after: Some(Duration::from_secs(1)),
    };
    let fake = Arc::new(Fake { writes: queue(vec![Err(limited)]), ..Fake::default() });
    let (report, _) = run(&fake, &plan(vec![step(stake(), vec![])])).await;
    assert_eq!(report.stopped, Some(Stop::Failed { index: 0 }));
    assert!(matches!(&report.steps[0].outcome, StepOutcome::Failed { kind, .. } if kind == "RateLimited"));
    assert_eq!(fake.write_calls.load(Ordering::SeqCst), 1);
    assert_eq!(fake.reconcile_calls.load(Ordering::SeqCst), 0, "a definite answer needs no reconciliation");
}

#[tokio::test(start_paused = true)]
async fn a_step_at_a_venue_the_executor_does_not_have_sends_nothing() {
    let fake = Arc::new(Fake::default());
    let other = Step::new(VenueId::from_static("elsewhere"), stake(), Reason::Requested);
    let (report, _) = run(&fake, &plan(vec![other])).await;
    assert_eq!(report.stopped, Some(Stop::Failed { index: 0 }));
    assert_eq!(fake.write_calls.load(Ordering::SeqCst), 0);
}

/// A pending transfer is followed with `transfer_status` (its record, by the venue's id),
/// not by reconciling a synthetic intent: reconciliation is for writes whose outcome is
/// unknown.
#[tokio::test(start_paused = true)]
async fn a_pending_transfer_is_followed_by_reading_its_record() {
    let fake = Arc::new(Fake {
        transfers: queue(vec![Ok(transfer(OrderStatus::Pending))]),
        statuses: queue(vec![
            Ok(None),
            Ok(Some(transfer(OrderStatus::Pending))),
            Ok(Some(transfer(OrderStatus::Succeeded))),
        ]),
        writes: queue(vec![Ok(WriteOutcome::Placed(order(OrderStatus::Succeeded)))]),
        ..Fake::default()
    });
    let (report, _) = run(&fake, &plan(vec![step(xfer(), vec![]), step(stake(), vec![0])])).await;
    assert!(report.is_complete(), "{report:#?}");
    assert_eq!(report.settled().count(), 2);
    assert_eq!(fake.write_calls.load(Ordering::SeqCst), 2, "the transfer was sent once");
    assert_eq!(fake.status_calls.load(Ordering::SeqCst), 3, "not listed yet, pending, settled");
    assert_eq!(fake.reconcile_calls.load(Ordering::SeqCst), 0, "a known transfer is read, not reconciled");
    // A transfer the venue reports failed after accepting it is a failure.
    let fake = Arc::new(Fake {
        transfers: queue(vec![Ok(transfer(OrderStatus::Pending))]),
        statuses: queue(vec![Ok(Some(transfer(OrderStatus::Failed)))]),
        ..Fake::default()
    });
    let (report, _) = run(&fake, &plan(vec![step(xfer(), vec![]), step(stake(), vec![0])])).await;
    assert_eq!(report.stopped, Some(Stop::Failed { index: 0 }));
    assert!(matches!(&report.steps[0].outcome, StepOutcome::Failed { message, .. } if message.contains("transfer")));
    assert_eq!(fake.write_calls.load(Ordering::SeqCst), 1, "the stake that needed it never ran");
}

/// A venue that cannot read a transfer's status (the trait's default) leaves a pending
/// transfer settling after one question: no reconciliation, no waiting to the deadline.
#[tokio::test(start_paused = true)]
async fn a_transfer_a_venue_cannot_read_is_reported_settling() {
    let fake = Arc::new(Fake {
        transfers: queue(vec![Ok(transfer(OrderStatus::Pending))]),
        writes: queue(vec![Ok(WriteOutcome::Placed(order(OrderStatus::Succeeded)))]),
        no_transfer_status: true,
        ..Fake::default()
    });
    let started = tokio::time::Instant::now();
    let (report, _) = run(&fake, &plan(vec![step(xfer(), vec![]), step(stake(), vec![])])).await;
    assert!(report.is_complete(), "{report:#?}");
    assert!(
        matches!(&report.steps[0].outcome, StepOutcome::Settling { record } if record.status() == OrderStatus::Pending)
    );
    assert!(report.steps[1].outcome.is_settled(), "nothing depends on the transfer: the run goes on");
    assert_eq!(fake.status_calls.load(Ordering::SeqCst), 1);
    assert_eq!(fake.reconcile_calls.load(Ordering::SeqCst), 0);
    assert_eq!(started.elapsed(), Duration::from_secs(1), "one poll interval, not the settle timeout");
}
