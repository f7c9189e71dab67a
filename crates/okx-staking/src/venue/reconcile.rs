//! `reconcile()` and the adapter's reconciliation state (reference §10). Everything here
//! only reads.
//!
//! * ETH/SOL purchase and redeem answer without an order id. The order is the
//!   `purchase-redeem-history` row with the same `type`, a decimal-equal `amt` and a
//!   `requestTime` no earlier than `sent_at − 60 s`, not claimed by another write: neither
//!   listed in the intent's `claimed` nor matched to another write of this adapter. Two
//!   such rows are ambiguous: the answer is `StillUnknown`, never a guess. The adapter
//!   allows at most one unreconciled write per (asset, type), so its own writes never are.
//! * On-chain earn purchases carry a unique `tag`, found in `orders-active` or
//!   `orders-history` (a purchase sent without one is matched like an ETH/SOL write, by
//!   currency, amount and time).
//! * Redeem and cancel name an existing order; its state says whether they took effect.
//!   (`claimed` does not apply to them: the intent itself says which order it is about,
//!   whichever write created that order.)
//!
//! An intent names its family by its product (`eth`, `sol`, `onchain:<productId>`), else by
//! its endpoint (the typed client's intents, in OKX's own ids), else by its order id.
//! "Did not happen" is only answered once the grace period since `sent_at` has passed
//! without a matching row, and never for a write OKX answered with `code 0`.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Mutex as StdMutex;
use std::time::Duration;

use earn_core::{
    Amount, Error, Operation, Order, OrderId, OrderRef, OrderStatus, ReconcileIntent, Reconciliation, Result,
    UnixMillis,
};
use tokio::sync::Mutex;

use super::orders::{
    OrderRoute, history_type, onchain_find, onchain_find_all, onchain_invested, onchain_order, staking_order,
    staking_row_by_ord_id, staking_rows, staking_side,
};
use super::products::{ProductRoute, staking_product_id};
use crate::api::check_id;
use crate::api::onchain::{self, OnchainOrderState};
use crate::api::staking::{GetPurchaseRedeemHistory, HistoryStatus, HistoryType, StakingCoin};
use crate::client::OkxStakingClient;
use crate::dialect::VENUE;

/// How far before `sent_at` a matching history row may be stamped (covers OKX's 30 s window).
pub const MATCH_MARGIN_MS: i64 = 60_000;

/// Most candidates looked at when matching an untagged on-chain earn purchase.
const MAX_CANDIDATES: usize = 10;

/// A staking write OKX accepted (`code 0`) whose history row had not appeared yet; its id is
/// `<coin>:<type>:sent:<sentAt>:<amt>`, which [`EarnVenue::order`](earn_core::EarnVenue::order)
/// keeps resolving until the row shows up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AcceptedWrite {
    pub coin: StakingCoin,
    pub ty: HistoryType,
    pub sent_at: UnixMillis,
    pub amount: Amount,
}

impl AcceptedWrite {
    /// `<coin>:<type>:sent:<sentAt>:<amt>`.
    pub(crate) fn id(&self) -> OrderId {
        let coin = staking_product_id(self.coin);
        OrderId::new(format!("{coin}:{}:sent:{}:{}", self.ty, self.sent_at.0, self.amount.normalized()))
    }

    /// The accepted write an order reference names, if it names one.
    pub(crate) fn from_ref(order: &OrderRef) -> Option<Self> {
        let OrderRef::Venue(id) = order else { return None };
        let (coin, rest) = id.as_str().split_once(':')?;
        let Some(ProductRoute::Staking(coin)) = ProductRoute::parse(coin) else { return None };
        let [t, "sent", time, amt] = rest.split(':').collect::<Vec<_>>()[..] else { return None };
        Some(AcceptedWrite {
            coin,
            ty: history_type(t)?,
            sent_at: UnixMillis(time.parse().ok()?),
            amount: Amount::parse(amt).ok()?,
        })
    }

    /// The pending order standing for it until the row appears.
    pub(crate) fn order(&self) -> Order {
        let (side, asset) = staking_side(self.coin, &self.ty);
        let product = staking_product_id(self.coin).into();
        let status = "accepted; not in purchase-redeem-history yet";
        let mut o =
            Order::new(VENUE, self.id(), product, asset.into(), side, self.amount, OrderStatus::Pending, status);
        o.created_at = Some(self.sent_at);
        o
    }

    /// The key under which this write claims its history row.
    fn key(&self) -> String {
        self.id().as_str().to_owned()
    }
}

/// A staking write that was sent and is not reconciled yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Outstanding {
    pub amount: Amount,
    pub sent_at: UnixMillis,
    /// OKX answered `code 0`: it happened, only the row is missing so far.
    pub accepted: bool,
}

/// The adapter's reconciliation state: per-(asset, type) slots of unreconciled writes, and
/// the history rows already matched to a write (shared by clones of the adapter).
#[derive(Default, Debug)]
pub(crate) struct Ledger {
    slots: [Mutex<Option<Outstanding>>; 4],
    claims: StdMutex<HashMap<OrderId, String>>,
}

impl Ledger {
    /// The slot of `coin` writes of type `ty`.
    pub(crate) fn slot(&self, coin: StakingCoin, ty: &HistoryType) -> &Mutex<Option<Outstanding>> {
        let c = usize::from(coin == StakingCoin::Sol);
        let t = usize::from(*ty == HistoryType::Redeem);
        &self.slots[c * 2 + t]
    }

    fn claims(&self) -> std::sync::MutexGuard<'_, HashMap<OrderId, String>> {
        self.claims.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn claimed_by_other(&self, id: &OrderId, key: &str) -> bool {
        self.claims().get(id).is_some_and(|k| k != key)
    }

    fn claimed_by(&self, id: &OrderId, key: &str) -> bool {
        self.claims().get(id).is_some_and(|k| k == key)
    }

    /// Claims `id` for `key` unless another write holds it.
    fn try_claim(&self, id: &OrderId, key: &str) -> bool {
        match self.claims().entry(id.clone()) {
            Entry::Occupied(e) => e.get() == key,
            Entry::Vacant(e) => {
                e.insert(key.to_owned());
                true
            }
        }
    }
}

/// What a history search found for one write.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Found {
    /// No row (yet).
    Nothing,
    /// Exactly one row, now claimed by the write.
    One(Order),
    /// This many unclaimed rows match equally well.
    Ambiguous(usize),
}

/// The family an intent belongs to.
enum Family {
    Staking(StakingCoin),
    /// On-chain earn, with the `productId` when the intent names it.
    Onchain(Option<String>),
}

/// Reconciliation with the adapter's state: a borrowed view of the adapter.
pub(crate) struct Reconciler<'a> {
    pub client: &'a OkxStakingClient,
    pub ledger: &'a Ledger,
    /// How long after `sent_at` a missing row proves a write did not happen.
    pub grace: Duration,
}

impl Reconciler<'_> {
    /// Whether the grace period since `sent_at` (venue clock) has passed.
    pub(crate) fn past_grace(&self, sent_at: UnixMillis) -> bool {
        let grace = i64::try_from(self.grace.as_millis()).unwrap_or(i64::MAX);
        self.client.now().0.saturating_sub(sent_at.0) >= grace
    }

    fn absent(&self, sent_at: Option<UnixMillis>) -> Reconciliation {
        match sent_at {
            Some(t) if self.past_grace(t) => Reconciliation::DidNotHappen,
            Some(_) => Reconciliation::still_unknown(format!(
                "no matching order yet; OKX's histories may lag, so absence proves nothing until {} s after sending",
                self.grace.as_secs()
            )),
            None => Reconciliation::still_unknown("no matching order yet, and the intent has no send time"),
        }
    }

    /// Finds (and claims) the history row a staking write produced; rows in `claimed` and
    /// rows matched to another write of this adapter are never taken.
    pub(crate) async fn match_staking_write(
        &self,
        coin: StakingCoin,
        ty: &HistoryType,
        amount: Amount,
        sent_at: UnixMillis,
        claimed: &[OrderId],
    ) -> Result<Found> {
        let since = UnixMillis(sent_at.0 - MATCH_MARGIN_MS);
        let rows =
            staking_rows(self.client, GetPurchaseRedeemHistory::new(coin).r#type(ty.clone()).before(since)).await?;
        let key = AcceptedWrite { coin, ty: ty.clone(), sent_at, amount }.key();
        let candidates: Vec<Order> = rows
            .iter()
            .filter(|r| r.r#type.as_ref() == Some(ty) && r.amt == Some(amount))
            .filter(|r| r.request_time.is_some_and(|t| t >= since))
            .filter_map(|r| staking_order(coin, r))
            .filter(|o| !claimed.contains(&o.id) && !self.ledger.claimed_by_other(&o.id, &key))
            .collect();
        if let Some(mine) = candidates.iter().find(|o| self.ledger.claimed_by(&o.id, &key)) {
            return Ok(Found::One(mine.clone()));
        }
        Ok(match candidates.as_slice() {
            [] => Found::Nothing,
            [one] if self.ledger.try_claim(&one.id, &key) => Found::One(one.clone()),
            [_] => Found::Nothing,
            many => Found::Ambiguous(many.len()),
        })
    }

    /// `EarnVenue::order` of an accepted write: its row once it appears, else the pending order.
    pub(crate) async fn accepted_order(&self, write: &AcceptedWrite) -> Result<Option<Order>> {
        Ok(Some(match self.match_staking_write(write.coin, &write.ty, write.amount, write.sent_at, &[]).await? {
            Found::One(order) => order,
            _ => write.order(),
        }))
    }

    /// `EarnVenue::reconcile`.
    pub(crate) async fn reconcile(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        if intent.venue != VENUE {
            return Err(Error::invalid_input("intent.venue", format!("is {}, not {VENUE}", intent.venue)));
        }
        match family(intent)? {
            Family::Staking(coin) => self.reconcile_staking(coin, intent).await,
            Family::Onchain(product) => self.reconcile_onchain(product.as_deref(), intent).await,
        }
    }

    async fn reconcile_staking(&self, coin: StakingCoin, intent: &ReconcileIntent) -> Result<Reconciliation> {
        let ty = match intent.operation {
            Operation::Stake => HistoryType::Purchase,
            Operation::Redeem => HistoryType::Redeem,
            Operation::CancelRedemption => return self.reconcile_staking_cancel(coin, intent).await,
            op => return Err(Error::invalid_input("intent.operation", format!("{op} is not reconcilable"))),
        };
        let amount = intent
            .amount
            .ok_or_else(|| Error::invalid_input("intent.amount", "is required to match ETH/SOL history rows"))?;
        let sent_at = intent
            .sent_at
            .ok_or_else(|| Error::invalid_input("intent.sent_at", "is required to match ETH/SOL history rows"))?;
        let mut slot = self.ledger.slot(coin, &ty).lock().await;
        let ours = slot.as_ref().is_some_and(|o| o.sent_at == sent_at && o.amount == amount);
        let accepted = ours && slot.as_ref().is_some_and(|o| o.accepted);
        match self.match_staking_write(coin, &ty, amount, sent_at, &intent.claimed).await? {
            Found::One(order) => {
                if ours {
                    *slot = None;
                }
                Ok(Reconciliation::Happened(order))
            }
            Found::Ambiguous(n) => Ok(Reconciliation::still_unknown(format!(
                "{n} unclaimed {coin} {ty} rows of {amount} since {} match equally; list the ones other writes \
                 produced in `claimed`",
                sent_at.0 - MATCH_MARGIN_MS
            ))),
            Found::Nothing if accepted => Ok(Reconciliation::still_unknown(
                "OKX accepted the write (code 0); its history row has not appeared yet",
            )),
            Found::Nothing => {
                let answer = self.absent(Some(sent_at));
                if ours && answer == Reconciliation::DidNotHappen {
                    *slot = None;
                }
                Ok(answer)
            }
        }
    }

    /// A cancel names its redemption: its row's status says whether the cancel took effect.
    async fn reconcile_staking_cancel(&self, coin: StakingCoin, intent: &ReconcileIntent) -> Result<Reconciliation> {
        let ord = intent.order_id.as_ref().and_then(|o| staking_ord_id(coin, o)).ok_or_else(|| {
            Error::invalid_input("intent.order_id", format!("must be a `{coin}:<ordId>` order id or OKX's ordId"))
        })?;
        let row = staking_row_by_ord_id(self.client, coin, &ord).await?;
        Ok(match row.as_ref().map(|r| (r.status.clone(), staking_order(coin, r))) {
            Some((Some(HistoryStatus::Cancelled), Some(o))) => Reconciliation::Happened(o),
            Some((Some(HistoryStatus::Success | HistoryStatus::Failed), _)) => Reconciliation::DidNotHappen,
            _ => self.absent(intent.sent_at),
        })
    }

    async fn reconcile_onchain(&self, product: Option<&str>, intent: &ReconcileIntent) -> Result<Reconciliation> {
        match intent.operation {
            Operation::Stake => self.reconcile_onchain_purchase(product, intent).await,
            Operation::Redeem | Operation::CancelRedemption => self.reconcile_onchain_order(product, intent).await,
            op => Err(Error::invalid_input("intent.operation", format!("{op} is not reconcilable"))),
        }
    }

    /// A purchase is the order carrying its tag; without a tag, the one untagged order of
    /// the same currency and amount purchased since `sent_at − 60 s`.
    async fn reconcile_onchain_purchase(
        &self,
        product: Option<&str>,
        intent: &ReconcileIntent,
    ) -> Result<Reconciliation> {
        let (orders, what) = match &intent.client_id {
            Some(tag) => {
                let found = onchain_find_all(self.client, product, |o| o.tag == tag.as_str(), 2).await?;
                (found, format!("tagged {tag}"))
            }
            None => {
                let (Some(asset), Some(amount), Some(sent_at)) = (&intent.asset, intent.amount, intent.sent_at) else {
                    return Err(Error::invalid_input(
                        "intent.client_id",
                        "the purchase tag (or the asset, amount and send time) is required to find on-chain earn orders",
                    ));
                };
                let since = UnixMillis(sent_at.0 - MATCH_MARGIN_MS);
                let matches = |o: &onchain::OnchainOrder| {
                    o.tag.is_empty()
                        && o.purchased_time.is_some_and(|t| t >= since)
                        && onchain_invested(o).is_some_and(|(a, amt)| a == *asset && amt == amount)
                };
                let found = onchain_find_all(self.client, product, matches, MAX_CANDIDATES).await?;
                (found, format!("untagged, of {amount} {asset}"))
            }
        };
        let candidates: Vec<Order> =
            orders.iter().filter_map(onchain_order).filter(|o| !intent.is_claimed(&o.id)).collect();
        Ok(match candidates.as_slice() {
            [one] => Reconciliation::Happened(one.clone()),
            [] if orders.is_empty() => self.absent(intent.sent_at),
            [] => Reconciliation::still_unknown(format!("the only order {what} is claimed by another write")),
            many => Reconciliation::still_unknown(format!("{} unclaimed orders {what} match", many.len())),
        })
    }

    /// A redeem or cancel names its order: its state says whether the write took effect.
    async fn reconcile_onchain_order(&self, product: Option<&str>, intent: &ReconcileIntent) -> Result<Reconciliation> {
        let ord = intent.order_id.as_ref().and_then(onchain_ord_id).ok_or_else(|| {
            Error::invalid_input("intent.order_id", "must be an `onchain:<ordId>` order id or OKX's ordId")
        })?;
        let found = onchain_find(self.client, product, |o| o.ord_id == ord).await?;
        let Some((row, mut order)) = found.and_then(|o| onchain_order(&o).map(|ord| (o, ord))) else {
            return Ok(self.absent(intent.sent_at));
        };
        let state = row.state.unwrap_or(OnchainOrderState::Other(String::new()));
        let happened = if intent.operation == Operation::Redeem {
            matches!(state, OnchainOrderState::Redeeming | OnchainOrderState::Completed)
        } else {
            if state == OnchainOrderState::Completed {
                order.status = OrderStatus::Cancelled;
            }
            matches!(state, OnchainOrderState::Cancelling | OnchainOrderState::Completed)
        };
        Ok(if happened { Reconciliation::Happened(order) } else { self.absent(intent.sent_at) })
    }
}

/// The family of an intent: by product, else by endpoint, else by order id.
fn family(intent: &ReconcileIntent) -> Result<Family> {
    if let Some(p) = &intent.product {
        return match ProductRoute::parse(p.as_str()) {
            Some(ProductRoute::Staking(coin)) => Ok(Family::Staking(coin)),
            Some(ProductRoute::Onchain(id)) => Ok(Family::Onchain(Some(id))),
            None => Err(Error::invalid_input("intent.product", format!("{p} is not an okx-staking product"))),
        };
    }
    if let Some(coin) = StakingCoin::of_path(&intent.endpoint) {
        return Ok(Family::Staking(coin));
    }
    if onchain::is_write_path(&intent.endpoint) {
        return Ok(Family::Onchain(None));
    }
    match intent.order_id.as_ref().and_then(|o| OrderRoute::parse(o.as_str())) {
        Some(OrderRoute::Onchain(_)) => Ok(Family::Onchain(None)),
        Some(OrderRoute::StakingOrder(coin, _) | OrderRoute::StakingRow(coin, ..)) => Ok(Family::Staking(coin)),
        None => Err(Error::invalid_input("intent.product", "must name an okx-staking product, endpoint or order")),
    }
}

/// The OKX `ordId` a staking intent names: the adapter's `<coin>:<ordId>` or OKX's own.
fn staking_ord_id(coin: StakingCoin, id: &OrderId) -> Option<String> {
    match OrderRoute::parse(id.as_str()) {
        Some(OrderRoute::StakingOrder(c, ord)) if c == coin => Some(ord),
        Some(_) => None,
        None => bare_ord_id(id),
    }
}

/// The OKX `ordId` an on-chain earn intent names: the adapter's `onchain:<ordId>` or OKX's own.
fn onchain_ord_id(id: &OrderId) -> Option<String> {
    match OrderRoute::parse(id.as_str()) {
        Some(OrderRoute::Onchain(ord)) => Some(ord),
        Some(_) => None,
        None => bare_ord_id(id),
    }
}

/// An id as OKX issues it (the typed client's intents carry these).
fn bare_ord_id(id: &OrderId) -> Option<String> {
    check_id("ordId", id.as_str()).is_ok().then(|| id.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_write_ids_round_trip() {
        let w = AcceptedWrite {
            coin: StakingCoin::Eth,
            ty: HistoryType::Redeem,
            sent_at: UnixMillis(7),
            amount: Amount::parse("1.50").unwrap(),
        };
        assert_eq!(w.id().as_str(), "eth:redeem:sent:7:1.5");
        assert_eq!(AcceptedWrite::from_ref(&OrderRef::Venue(w.id())), Some(w.clone()));
        assert_eq!(AcceptedWrite::from_ref(&OrderRef::Venue("eth:redeem:7:1.5".into())), None);
        assert_eq!(w.order().status, OrderStatus::Pending);
        assert_eq!(w.order().asset.as_str(), "BETH");
    }

    #[test]
    fn intents_name_their_family_by_product_endpoint_or_order() {
        let i = |endpoint: &str| ReconcileIntent::new(VENUE, Operation::Stake, endpoint);
        assert!(matches!(family(&i("/x").product("sol")), Ok(Family::Staking(StakingCoin::Sol))));
        assert!(matches!(family(&i("/x").product("onchain:7")), Ok(Family::Onchain(Some(p))) if p == "7"));
        assert!(family(&i("/x").product("btc")).is_err());
        assert!(matches!(
            family(&i("/api/v5/finance/staking-defi/eth/purchase")),
            Ok(Family::Staking(StakingCoin::Eth))
        ));
        assert!(matches!(family(&i("/api/v5/finance/staking-defi/cancel")), Ok(Family::Onchain(None))));
        assert!(matches!(family(&i("/x").order_id("onchain:5")), Ok(Family::Onchain(None))));
        assert!(family(&i("/x").order_id("5")).is_err());
        assert_eq!(staking_ord_id(StakingCoin::Eth, &"eth:77".into()), Some("77".into()));
        assert_eq!(staking_ord_id(StakingCoin::Eth, &"77".into()), Some("77".into()));
        assert_eq!(staking_ord_id(StakingCoin::Eth, &"sol:77".into()), None);
        assert_eq!(onchain_ord_id(&"onchain:5".into()), Some("5".into()));
        assert_eq!(onchain_ord_id(&"5&x".into()), None);
    }

    #[test]
    fn a_row_is_claimed_by_one_write_only() {
        let ledger = Ledger::default();
        let id = OrderId::new("eth:1");
        assert!(ledger.try_claim(&id, "a"));
        assert!(ledger.try_claim(&id, "a"));
        assert!(!ledger.try_claim(&id, "b"));
        assert!(ledger.claimed_by(&id, "a") && ledger.claimed_by_other(&id, "b"));
    }
}
