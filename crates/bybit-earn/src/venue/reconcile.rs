//! `reconcile()`, by reading only, and the adapter's reconciliation state: the OnChain
//! redemptions it placed and has not yet seen settle.
//!
//! Every intent this crate produces is reconcilable:
//! * keyed writes (`/v5/earn/place-order`, `/v5/earn/fixed-term/place-order`,
//!   `/v5/earn/token/place-order`, from the adapter or the typed client) by their
//!   `orderLinkId` in the family's order history;
//! * Fixed Saving early redemptions (`/v5/earn/fixed-term/redeem`, no key) by the FundPool
//!   `Redeem` orders of the product created since the send.
//! * internal transfers (`/v5/asset/transfer/inter-transfer`, from the adapter or the typed
//!   client) by their `transferId` in the transfer records, answering
//!   [`Reconciliation::TransferHappened`].
//!
//! Rows in [`ReconcileIntent::claimed`] are other writes' and never count as evidence. Two
//! unclaimed candidates, or a row for this `orderLinkId` that does not match the intent, is
//! ambiguous: the answer is then `StillUnknown` with the reason, never a guess. A write
//! with no trace in history is `DidNotHappen` only once the grace period has passed since
//! it was sent.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

// Tokio's clock (the std clock outside tests) so a test can move a day on by hand.
use tokio::time::Instant;

use earn_core::{
    Amount, ClientOrderId, Error, Operation, Order, OrderId, OrderRef, OrderSide, OrderStatus, ProductId,
    ReconcileIntent, Reconciliation, Result, UnixMillis,
};

use super::BybitEarnVenue;
use super::accounts::{record_matches, transfer_of};
use super::orders::{Family, Window, fixed_order};
use super::products::{BybitProductId, NamedProduct};
use crate::VENUE;
use crate::api::asset::{INTER_TRANSFER, TransferRecord};
use crate::api::byusdt::TOKEN_PLACE_ORDER_MINT;
use crate::api::common::{SEVEN_DAYS, check_id};
use crate::api::easy_earn::{EarnCategory, PLACE_ORDER_STAKE};
use crate::api::fixed_saving::{FIXED_PLACE_ORDER, FIXED_REDEEM, FixedCategory};

/// A keyed write's order is searched from this long before its send time.
const KEYED_LOOKBACK: Duration = Duration::from_secs(300);

/// An unkeyed early redemption's order is searched from this long before its send time
/// (clock error between this client and Bybit); older redemptions are someone else's.
const REDEEM_CLOCK_MARGIN: Duration = Duration::from_secs(30);

/// An in-flight entry not found at the venue this long after it was recorded is dropped.
const FORGET_UNSEEN_AFTER: Duration = Duration::from_secs(24 * 3600);

/// OnChain redemptions this adapter placed (or that may have happened) and has not yet
/// seen settle; shared by clones.
///
/// Bybit lists OnChain positions only while they are active, and OnChain orders only by
/// `orderId` or `orderLinkId`, so once an OnChain redemption is placed nothing in a listing
/// shows it until it settles. [`positions`](earn_core::EarnVenue::positions) asks Bybit
/// about each remembered one: a `Pending` order is reported as `pending_redemption`, a
/// final one is forgotten. Redemptions placed elsewhere (another process, the web app) are
/// not seen.
#[derive(Clone, Debug, Default)]
pub(super) struct InFlight(Arc<Mutex<HashMap<ClientOrderId, (ProductId, Instant)>>>);

impl InFlight {
    /// Remembers an OnChain redemption by its `orderLinkId`.
    pub(super) fn record(&self, link: ClientOrderId, product: ProductId) {
        self.lock().insert(link, (product, Instant::now()));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ClientOrderId, (ProductId, Instant)>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// `from` minus `back`, to at most seven days later (Bybit's longest history span) or now.
fn window_from(from: UnixMillis, back: Duration, now: UnixMillis) -> Window {
    let start = UnixMillis(from.0 - i64::try_from(back.as_millis()).unwrap_or(i64::MAX));
    let end = UnixMillis((start.0 + i64::try_from(SEVEN_DAYS.as_millis()).unwrap_or(i64::MAX)).min(now.0));
    (start < end).then_some((start, end))
}

fn side_of(operation: Operation) -> Option<OrderSide> {
    match operation {
        Operation::Stake => Some(OrderSide::Stake),
        Operation::Redeem => Some(OrderSide::Redeem),
        _ => None,
    }
}

/// Whether `order` is what `intent` asked for: side, product, asset and amount.
pub(super) fn matches_intent(intent: &ReconcileIntent, product: &NamedProduct, order: &Order) -> bool {
    side_of(intent.operation).is_none_or(|s| s == order.side)
        && intent.amount.is_none_or(|a| a.decimal() == order.amount.decimal())
        && intent.asset.as_ref().is_none_or(|a| a.as_str().eq_ignore_ascii_case(order.asset.as_str()))
        && product.matches(&order.product)
}

/// The family of an adapter write recorded without an endpoint (a journal records its
/// intent before the adapter picks the endpoint): by its product, as the adapter's stake
/// and redeem route it.
fn adapter_write_family(intent: &ReconcileIntent, product: &NamedProduct) -> Result<Family> {
    match (product, intent.operation) {
        (NamedProduct::Adapter(BybitProductId::Easy { .. }), Operation::Stake | Operation::Redeem) => Ok(Family::Easy),
        (NamedProduct::Adapter(BybitProductId::Fixed { .. }), Operation::Stake) => Ok(Family::Fixed),
        (NamedProduct::Adapter(_), op) => {
            Err(Error::invalid_input("intent.operation", format!("the adapter makes no {op} of {:?}", intent.product)))
        }
        _ => Err(Error::invalid_input(
            "intent.product",
            "an intent without an endpoint names the adapter's product (\"<category>:<productId>\")",
        )),
    }
}

fn describe(order: &Order) -> String {
    format!("{} ({:?} {} {} of {})", order.id, order.side, order.amount, order.asset, order.product)
}

impl BybitEarnVenue {
    /// Settles an outcome-unknown write by reading history.
    pub(super) async fn reconcile_intent(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        if intent.venue != VENUE {
            return Err(Error::invalid_input("intent.venue", format!("{} is not bybit-earn", intent.venue)));
        }
        let path = intent.endpoint.as_str();
        if path == INTER_TRANSFER.path || (path.is_empty() && intent.operation == Operation::Transfer) {
            return self.reconcile_transfer(intent).await;
        }
        let product = NamedProduct::from_intent(intent.product.as_ref())?;
        let answer = if path == FIXED_REDEEM.path {
            self.reconcile_fixed_redemption(intent, &product).await?
        } else {
            let family = if path == PLACE_ORDER_STAKE.path {
                Family::Easy
            } else if path == FIXED_PLACE_ORDER.path {
                Family::Fixed
            } else if path == TOKEN_PLACE_ORDER_MINT.path {
                Family::Token
            } else if path.is_empty() {
                adapter_write_family(intent, &product)?
            } else {
                return Err(Error::invalid_input("intent.endpoint", format!("{path:?} is not a Bybit Earn write")));
            };
            self.reconcile_keyed(intent, family, &product).await?
        };
        if let Reconciliation::Happened(order) = &answer
            && order.side == OrderSide::Redeem
            && order.status == OrderStatus::Pending
            && let Ok(BybitProductId::Easy { category: EarnCategory::OnChain, .. }) =
                BybitProductId::parse(&order.product)
            && let Some(link) = &order.client_id
        {
            self.in_flight.record(link.clone(), order.product.clone());
        }
        Ok(answer)
    }

    /// A write carrying `orderLinkId`: the order with it, if it is this write's.
    async fn reconcile_keyed(
        &self,
        intent: &ReconcileIntent,
        family: Family,
        product: &NamedProduct,
    ) -> Result<Reconciliation> {
        let Some(link) = &intent.client_id else {
            return Err(Error::invalid_input("intent.client_id", "Bybit reconciles by orderLinkId; none was recorded"));
        };
        let now = self.client.venue_now();
        let window = intent.sent_at.and_then(|sent| window_from(sent, KEYED_LOOKBACK, now));
        let rows = self.orders_by_link(family, product, link, window).await?;
        let (claimed, open): (Vec<Order>, Vec<Order>) = rows.into_iter().partition(|o| intent.is_claimed(&o.id));
        let (mut matching, other): (Vec<Order>, Vec<Order>) =
            open.into_iter().partition(|o| matches_intent(intent, product, o));
        match matching.len() {
            1 => return Ok(Reconciliation::Happened(matching.remove(0))),
            0 => {}
            n => {
                return Ok(Reconciliation::still_unknown(format!(
                    "{n} unclaimed orders carry orderLinkId {link} and match the intent"
                )));
            }
        }
        if let Some(o) = other.first() {
            return Ok(Reconciliation::still_unknown(format!(
                "orderLinkId {link} belongs to a different order {}; it may be another write's",
                describe(o)
            )));
        }
        if let Some(o) = claimed.first() {
            return Ok(Reconciliation::still_unknown(format!(
                "the order with orderLinkId {link}, {}, is claimed by another write",
                describe(o)
            )));
        }
        Ok(self.absent(intent, now, &format!("no order carries orderLinkId {link}")))
    }

    /// A Fixed Saving early redemption (no key): the one unclaimed FundPool `Redeem` order
    /// of the product created since the send.
    async fn reconcile_fixed_redemption(
        &self,
        intent: &ReconcileIntent,
        product: &NamedProduct,
    ) -> Result<Reconciliation> {
        let Some(sent) = intent.sent_at else {
            return Ok(Reconciliation::still_unknown(
                "an early redemption has no key: without its send time it cannot be told from an older one",
            ));
        };
        if let NamedProduct::Adapter(BybitProductId::Easy { .. }) = product {
            return Err(Error::invalid_input("intent.product", "an Easy Earn product on a Fixed Saving redemption"));
        }
        let now = self.client.venue_now();
        let window = window_from(sent, REDEEM_CLOCK_MARGIN, now);
        let Some((start, _)) = window else {
            return Ok(self.absent(intent, now, "the send time is in the future"));
        };
        let rows = self.fixed_redemptions(product.product_id(), window).await?;
        let position = intent.order_id.as_ref().map(|id| id.as_str());
        let mut candidates: Vec<Order> = rows
            .iter()
            .filter(|o| o.created_at.is_none_or(|t| t >= start))
            .filter(|o| product.product_id().is_none_or(|id| id == o.product_id))
            .filter(|o| match (position, o.position_id.as_deref()) {
                (Some(want), Some(got)) => want == got,
                _ => true,
            })
            .map(|o| fixed_order(&FixedCategory::FundPool, o))
            .filter(|o| !intent.is_claimed(&o.id) && matches_intent(intent, product, o))
            .collect();
        match candidates.len() {
            1 => Ok(Reconciliation::Happened(candidates.remove(0))),
            0 => Ok(self.absent(intent, now, "no unclaimed early redemption of the product since the send")),
            n => Ok(Reconciliation::still_unknown(format!(
                "{n} unclaimed early redemptions of the product since the send ({}); an early redemption \
                 carries no key: list the ones attributed to other writes in `claimed`",
                candidates.iter().map(|o| o.id.as_str()).collect::<Vec<_>>().join(", ")
            ))),
        }
    }

    /// An internal transfer: the one unclaimed record carrying its `transferId` (bare or
    /// behind a `selfTransfer_` prefix) that moved the intent's coin and amount. A record
    /// for the id that moved something else, or one already claimed, is not evidence.
    async fn reconcile_transfer(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        let Some(id) = &intent.client_id else {
            return Err(Error::invalid_input(
                "intent.client_id",
                "Bybit finds a transfer by its transferId; none was recorded",
            ));
        };
        let id = id.as_str();
        check_id("intent.client_id", id)?;
        let now = self.client.venue_now();
        let records = self.transfer_records(id, intent.sent_at).await?;
        let (claimed, open): (Vec<&TransferRecord>, Vec<&TransferRecord>) = records
            .iter()
            .filter(|r| r.is_transfer(id))
            .partition(|r| intent.is_claimed(&OrderId::new(r.transfer_id.as_str())));
        let (matching, other): (Vec<&TransferRecord>, Vec<&TransferRecord>) =
            open.into_iter().partition(|r| record_matches(intent, r));
        match matching.as_slice() {
            [one] => return Ok(Reconciliation::TransferHappened(transfer_of(one, id))),
            [] => {}
            many => {
                return Ok(Reconciliation::still_unknown(format!(
                    "{} unclaimed transfer records carry transferId {id} and match the intent",
                    many.len()
                )));
            }
        }
        let describe = |r: &TransferRecord| {
            format!("{} ({} {} from {} to {})", r.transfer_id, r.amount, r.coin, r.from_account_type, r.to_account_type)
        };
        if let Some(r) = other.first() {
            return Ok(Reconciliation::still_unknown(format!(
                "transferId {id} belongs to a different transfer {}; it may be another write's",
                describe(r)
            )));
        }
        if let Some(r) = claimed.first() {
            return Ok(Reconciliation::still_unknown(format!(
                "the transfer with transferId {id}, {}, is claimed by another write",
                describe(r)
            )));
        }
        Ok(self.absent(intent, now, &format!("no transfer record carries transferId {id}")))
    }

    /// No trace in history: `DidNotHappen` once the grace period has passed since the send.
    fn absent(&self, intent: &ReconcileIntent, now: UnixMillis, what: &str) -> Reconciliation {
        let Some(sent) = intent.sent_at else {
            return Reconciliation::still_unknown(format!("{what}, and the intent has no send time"));
        };
        let elapsed = Duration::from_millis(u64::try_from(now.0 - sent.0).unwrap_or(0));
        if elapsed >= self.reconcile_grace {
            Reconciliation::DidNotHappen
        } else {
            Reconciliation::still_unknown(format!(
                "{what} yet; Bybit may still be processing it ({} s of the {} s grace period passed)",
                elapsed.as_secs(),
                self.reconcile_grace.as_secs()
            ))
        }
    }

    /// Amounts of remembered OnChain redemptions still pending, per product; settled and
    /// failed ones are forgotten.
    pub(super) async fn onchain_in_flight(&self) -> Result<HashMap<ProductId, Amount>> {
        let entries: Vec<_> = self.in_flight.lock().iter().map(|(k, (p, t))| (k.clone(), p.clone(), *t)).collect();
        let mut pending: HashMap<ProductId, Amount> = HashMap::new();
        for (link, product, recorded) in entries {
            let route = BybitProductId::parse(&product)?;
            match self.find_order(Some(&route), &OrderRef::Client(link.clone()), None).await? {
                Some(order) if order.status == OrderStatus::Pending => {
                    let sum = pending.entry(product).or_default();
                    *sum = sum.checked_add(order.amount).unwrap_or(*sum);
                }
                Some(_) => {
                    self.in_flight.lock().remove(&link);
                }
                None if recorded.elapsed() > FORGET_UNSEEN_AFTER => {
                    self.in_flight.lock().remove(&link);
                }
                None => {}
            }
        }
        Ok(pending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY_MS: i64 = 24 * 3600 * 1000;

    #[test]
    fn a_window_runs_from_before_the_send_to_now_or_seven_days_and_is_never_empty() {
        let w =
            |from: i64, back: u64, now: i64| window_from(UnixMillis(from), Duration::from_secs(back), UnixMillis(now));
        assert_eq!(w(100_000, 30, 200_000), Some((UnixMillis(70_000), UnixMillis(200_000))));
        // Bybit's longest span: seven days from the start, even when now is later.
        assert_eq!(w(0, 0, 30 * DAY_MS), Some((UnixMillis(0), UnixMillis(7 * DAY_MS))));
        // A send time `back` or more ahead of the venue's clock: an empty window, nothing to read.
        assert_eq!(w(130_000, 30, 100_000), None);
        assert_eq!(w(200_000, 30, 100_000), None);
        // One millisecond less ahead: a window of one millisecond.
        assert_eq!(w(129_999, 30, 100_000), Some((UnixMillis(99_999), UnixMillis(100_000))));
    }

    #[test]
    fn an_intent_without_an_endpoint_is_routed_by_the_adapters_product_or_refused_by_its_field() {
        let family = |op: Operation, product: &str| {
            let intent = ReconcileIntent::new(VENUE, op, "").product(product);
            let named = NamedProduct::from_intent(intent.product.as_ref()).unwrap();
            adapter_write_family(&intent, &named)
        };
        assert_eq!(family(Operation::Stake, "FlexibleSaving:1").unwrap(), Family::Easy);
        assert_eq!(family(Operation::Redeem, "OnChain:8").unwrap(), Family::Easy);
        assert_eq!(family(Operation::Stake, "FundPool:1001").unwrap(), Family::Fixed);
        let field = |e: Error| match e {
            Error::InvalidInput { field, .. } => field,
            other => panic!("{other:?}"),
        };
        // The adapter never redeems Fixed Saving through a keyed order: the operation is wrong.
        assert_eq!(field(family(Operation::Redeem, "FundPool:1001").unwrap_err()), "intent.operation");
        assert_eq!(field(family(Operation::Transfer, "FlexibleSaving:1").unwrap_err()), "intent.operation");
        // A venue product id (not `<category>:<id>`): the product is wrong.
        assert_eq!(field(family(Operation::Stake, "BYUSDT").unwrap_err()), "intent.product");
    }
}
