//! A venue for the tests: a ledger that survives "restarts" (it is shared), scripted write
//! behaviours, and reconciliation by client id or by amount and time, like the real ones.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use earn_core::*;

/// What the next write does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behavior {
    /// Applied, answered.
    Apply,
    /// Applied, but the answer is lost (`OutcomeUnknown`).
    ApplyThenLose,
    /// Lost before the venue saw it (`OutcomeUnknown`), not applied.
    LoseBeforeApply,
    /// Rejected (`InsufficientBalance`), not applied.
    Reject,
    /// Applied, answered with something unreadable (`Decode`).
    ApplyThenGarble,
}

/// The venue's side: every write it applied, in order. Shared across restarts.
#[derive(Default)]
pub struct Ledger {
    pub orders: Vec<Order>,
    pub transfers: Vec<Transfer>,
    next: u64,
}

impl Ledger {
    fn next_id(&mut self, prefix: &str) -> OrderId {
        self.next += 1;
        OrderId::new(format!("{prefix}-{}", self.next))
    }
}

pub type Hook = Arc<dyn Fn(Option<ClientOrderId>, Amount) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

pub struct FakeVenue {
    id: VenueId,
    caps: Capabilities,
    pub ledger: Arc<Mutex<Ledger>>,
    script: Mutex<VecDeque<Behavior>>,
    pub calls: AtomicUsize,
    /// Every intent passed to `reconcile`, in order.
    pub reconciled: Mutex<Vec<ReconcileIntent>>,
    hook: Option<Hook>,
    honor_claimed: bool,
    grace_ms: i64,
    delay: Option<Duration>,
}

pub const VENUE: VenueId = VenueId::from_static("fakevenue");

fn side(op: Operation) -> OrderSide {
    if op == Operation::Redeem { OrderSide::Redeem } else { OrderSide::Stake }
}

pub fn asset_of(product: &ProductId) -> Asset {
    Asset::new(product.as_str().to_ascii_uppercase())
}

impl FakeVenue {
    /// A custodial venue; `client_ids` says whether writes take a client id.
    pub fn new(client_ids: bool, ledger: Arc<Mutex<Ledger>>) -> Self {
        FakeVenue {
            id: VENUE,
            caps: Capabilities::new(Custody::Custodial)
                .with_all(&[
                    Operation::Products,
                    Operation::Balances,
                    Operation::Transfer,
                    Operation::Stake,
                    Operation::Redeem,
                    Operation::CancelRedemption,
                    Operation::Reconcile,
                ])
                .with_client_order_ids(client_ids),
            ledger,
            script: Mutex::new(VecDeque::new()),
            calls: AtomicUsize::new(0),
            reconciled: Mutex::new(Vec::new()),
            hook: None,
            honor_claimed: true,
            grace_ms: 0,
            delay: None,
        }
    }

    pub fn non_custodial(mut self) -> Self {
        self.caps = Capabilities::new(Custody::NonCustodial).with(Operation::Stake);
        self
    }

    /// The next writes behave like this (then `Apply`).
    pub fn script(self, behaviors: impl IntoIterator<Item = Behavior>) -> Self {
        self.script.lock().unwrap().extend(behaviors);
        self
    }

    /// Every write behaves like this, forever.
    pub fn always(self, b: Behavior) -> Self {
        self.script(std::iter::repeat_n(b, 10_000))
    }

    pub fn hook(mut self, hook: Hook) -> Self {
        self.hook = Some(hook);
        self
    }

    /// Reconciliation ignores `claimed` (a naive adapter).
    pub fn ignoring_claimed(mut self) -> Self {
        self.honor_claimed = false;
        self
    }

    pub fn grace(mut self, d: Duration) -> Self {
        self.grace_ms = i64::try_from(d.as_millis()).unwrap();
        self
    }

    /// Each write takes this long before it is applied.
    pub fn delay(mut self, d: Duration) -> Self {
        self.delay = Some(d);
        self
    }

    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    fn place(&self, op: Operation, product: &ProductId, amount: Amount, client_id: Option<ClientOrderId>) -> Order {
        let mut ledger = self.ledger.lock().unwrap();
        let id = ledger.next_id("o");
        let mut order = Order::new(
            self.id.clone(),
            id,
            product.clone(),
            asset_of(product),
            side(op),
            amount,
            OrderStatus::Pending,
            "pending",
        );
        order.client_id = client_id;
        order.created_at = Some(UnixMillis::now_local());
        ledger.orders.push(order.clone());
        order
    }

    fn move_funds(&self, request: &TransferRequest) -> Transfer {
        let mut ledger = self.ledger.lock().unwrap();
        let id = ledger.next_id("t");
        let mut t = Transfer::new(self.id.clone(), id, request, OrderStatus::Succeeded);
        t.created_at = Some(UnixMillis::now_local());
        ledger.transfers.push(t.clone());
        t
    }

    /// One write, as the script says: `apply` changes the ledger.
    async fn write<T>(&self, intent: ReconcileIntent, apply: impl FnOnce() -> T) -> Result<T> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if let Some(hook) = &self.hook {
            hook(intent.client_id.clone(), intent.amount.expect("writes have amounts")).await;
        }
        if !self.caps.client_order_ids && intent.client_id.is_some() {
            return Err(Error::invalid_input("client_id", "this venue keeps no client id"));
        }
        let intent = intent.sent_at(UnixMillis::now_local());
        if let Some(d) = self.delay {
            tokio::time::sleep(d).await;
        }
        let behavior = self.script.lock().unwrap().pop_front().unwrap_or(Behavior::Apply);
        match behavior {
            Behavior::Apply => Ok(apply()),
            Behavior::ApplyThenLose => {
                apply();
                Err(Error::outcome_unknown(intent, "timed out", None))
            }
            Behavior::LoseBeforeApply => Err(Error::outcome_unknown(intent, "connection reset", None)),
            Behavior::Reject => Err(Error::InsufficientBalance(VenueError::new(
                self.id.clone(),
                "40001",
                "insufficient balance",
                Some(200),
            ))),
            Behavior::ApplyThenGarble => {
                apply();
                Err(Error::decode(self.id.clone(), intent.endpoint, "not JSON", b"<html>502</html>"))
            }
        }
    }

    async fn order_write(
        &self,
        op: Operation,
        product: &ProductId,
        amount: Amount,
        client_id: Option<ClientOrderId>,
    ) -> Result<WriteOutcome> {
        let mut intent =
            ReconcileIntent::new(self.id.clone(), op, format!("/fake/{op}")).product(product.clone()).amount(amount);
        intent.client_id.clone_from(&client_id);
        self.write(intent, || WriteOutcome::Placed(self.place(op, product, amount, client_id))).await
    }

    fn absent(&self, sent_at: Option<UnixMillis>) -> Reconciliation {
        let past = sent_at.is_some_and(|t| UnixMillis::now_local().0 - t.0 >= self.grace_ms);
        if past { Reconciliation::DidNotHappen } else { Reconciliation::still_unknown("within the grace period") }
    }
}

#[async_trait]
impl EarnVenue for FakeVenue {
    fn venue(&self) -> VenueId {
        self.id.clone()
    }

    fn capabilities(&self) -> Capabilities {
        self.caps
    }

    async fn products(&self, _: &ProductFilter) -> Result<Vec<Product>> {
        Ok(["eth", "sol", "usdc"]
            .map(|p| Product::new(self.id.clone(), p.into(), asset_of(&p.into()), ProductKind::Flexible))
            .to_vec())
    }

    async fn positions(&self) -> Result<Vec<Position>> {
        Ok(vec![])
    }

    async fn stake(&self, request: &StakeRequest) -> Result<WriteOutcome> {
        if self.caps.custody == Custody::NonCustodial {
            self.calls.fetch_add(1, Ordering::SeqCst);
            return Ok(WriteOutcome::NeedsSignature(TransactionPlan::new(
                self.id.clone(),
                request.product.clone(),
                OrderSide::Stake,
                request.amount,
                vec![],
            )));
        }
        self.order_write(Operation::Stake, &request.product, request.amount, request.client_id.clone()).await
    }

    async fn redeem(&self, request: &RedeemRequest) -> Result<WriteOutcome> {
        self.order_write(Operation::Redeem, &request.product, request.amount, request.client_id.clone()).await
    }

    async fn balances(&self) -> Result<Vec<Balance>> {
        Ok(vec![Balance::new(
            self.id.clone(),
            AccountId::new("funding"),
            Asset::new("USDC"),
            Amount::parse("100").unwrap(),
        )])
    }

    async fn transfer(&self, request: &TransferRequest) -> Result<Transfer> {
        let mut intent = ReconcileIntent::new(self.id.clone(), Operation::Transfer, "/fake/transfer")
            .asset(request.asset.clone())
            .amount(request.amount);
        intent.client_id.clone_from(&request.client_id);
        self.write(intent, || self.move_funds(request)).await
    }

    async fn cancel_redemption(&self, order: &OrderRef) -> Result<Order> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let mut ledger = self.ledger.lock().unwrap();
        let found = ledger.orders.iter_mut().find(|o| match order {
            OrderRef::Venue(id) => &o.id == id,
            OrderRef::Client(c) => o.client_id.as_ref() == Some(c),
        });
        match found {
            Some(o) => {
                o.status = OrderStatus::Cancelled;
                Ok(o.clone())
            }
            None => Err(Error::Rejected(VenueError::new(self.id.clone(), "404", "no such order", Some(200)))),
        }
    }

    async fn order(&self, order: &OrderRef) -> Result<Option<Order>> {
        let ledger = self.ledger.lock().unwrap();
        Ok(ledger
            .orders
            .iter()
            .find(|o| match order {
                OrderRef::Venue(id) => &o.id == id,
                OrderRef::Client(c) => o.client_id.as_ref() == Some(c),
            })
            .cloned())
    }

    async fn reconcile(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        self.reconciled.lock().unwrap().push(intent.clone());
        let orders = self.ledger.lock().unwrap().orders.clone();
        if intent.operation == Operation::CancelRedemption {
            let id = intent.order_id.as_ref().expect("a cancellation names its order");
            return Ok(match orders.iter().find(|o| &o.id == id) {
                Some(o) if o.status == OrderStatus::Cancelled => Reconciliation::Happened(o.clone()),
                _ => self.absent(intent.sent_at),
            });
        }
        if intent.operation == Operation::Transfer {
            let transfers = self.ledger.lock().unwrap().transfers.clone();
            let since = intent.sent_at.map_or(i64::MIN, |t| t.0 - 60_000);
            let found =
                transfers.iter().filter(|t| !(self.honor_claimed && intent.is_claimed(&t.id))).find(|t| match &intent
                    .client_id
                {
                    Some(c) => t.client_id.as_ref() == Some(c),
                    None => {
                        Some(&t.asset) == intent.asset.as_ref()
                            && intent.amount.is_some_and(|a| a.decimal() == t.amount.decimal())
                            && t.created_at.is_some_and(|c| c.0 >= since)
                    }
                });
            return Ok(
                found.map_or_else(|| self.absent(intent.sent_at), |t| Reconciliation::TransferHappened(t.clone()))
            );
        }
        let usable = |o: &&Order| !(self.honor_claimed && intent.is_claimed(&o.id));
        if let Some(client_id) = &intent.client_id {
            let found = orders.iter().filter(usable).find(|o| o.client_id.as_ref() == Some(client_id));
            return Ok(found.map_or_else(|| self.absent(intent.sent_at), |o| Reconciliation::Happened(o.clone())));
        }
        let since = intent.sent_at.map_or(i64::MIN, |t| t.0 - 60_000);
        let candidates: Vec<&Order> = orders
            .iter()
            .filter(|o| o.side == side(intent.operation))
            .filter(|o| Some(&o.product) == intent.product.as_ref())
            .filter(|o| intent.amount.is_some_and(|a| a.decimal() == o.amount.decimal()))
            .filter(|o| o.created_at.is_some_and(|t| t.0 >= since))
            .filter(usable)
            .collect();
        Ok(match candidates[..] {
            [] => self.absent(intent.sent_at),
            [one] => Reconciliation::Happened(one.clone()),
            ref many if !self.honor_claimed => Reconciliation::Happened(many[0].clone()),
            _ => Reconciliation::still_unknown("two candidate rows"),
        })
    }
}
