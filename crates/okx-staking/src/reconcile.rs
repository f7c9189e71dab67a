//! Finding orders in OKX's histories, and reconciling writes whose outcome is unknown
//! (reference §10). Everything here only reads.
//!
//! * ETH/SOL purchase and redeem answer without an order id. The order is the
//!   `purchase-redeem-history` row with the same `type`, a decimal-equal `amt` and a
//!   `requestTime` no earlier than `sent_at − 60 s`, not already claimed by another write.
//!   The adapter allows at most one unreconciled write per (asset, type), so the match is
//!   unambiguous for writes made through it.
//! * On-chain earn purchases carry a unique `tag`, found in `orders-active` or `orders-history`.
//! * Redeem and cancel name an existing order; its state says whether they took effect.
//!
//! "Did not happen" is only answered once the grace period since `sent_at` has passed
//! without a matching row, and never for a write OKX answered with `code 0`.

use std::collections::HashMap;
use std::sync::Mutex as StdMutex;

use earn_core::{
    Amount, Error, Operation, Order, OrderId, OrderRef, OrderStatus, ReconcileIntent, Reconciliation, Result,
    UnixMillis,
};
use tokio::sync::Mutex;

use crate::convert::{accepted_staking_order, onchain_order, staking_order};
use crate::ids::{OrderRoute, ProductRoute};
use crate::onchain::{ActiveOrdersQuery, OnchainOrder, OnchainOrderState, OrdersHistoryQuery};
use crate::staking::{HistoryQuery, HistoryRow, HistoryStatus, HistoryType, StakingCoin};
use crate::venue::OkxStakingVenue;

/// How far before `sent_at` a matching history row may be stamped (covers OKX's 30 s window).
pub const MATCH_MARGIN_MS: i64 = 60_000;
/// Most history pages read in one search.
pub(crate) const MAX_PAGES: usize = 10;
const PAGE: u32 = 100;

/// A staking write that was sent and is not reconciled yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Outstanding {
    pub amount: Amount,
    pub sent_at: UnixMillis,
    /// OKX answered `code 0`: it happened, only the row is missing so far.
    pub accepted: bool,
}

/// Per-(asset, type) slots and the history rows already claimed by writes.
#[derive(Default, Debug)]
pub(crate) struct Ledger {
    slots: [Mutex<Option<Outstanding>>; 4],
    claims: StdMutex<HashMap<OrderId, String>>,
}

impl Ledger {
    pub(crate) fn slot(&self, coin: StakingCoin, ty: &HistoryType) -> &Mutex<Option<Outstanding>> {
        let c = usize::from(coin == StakingCoin::Sol);
        let t = usize::from(*ty == HistoryType::Redeem);
        &self.slots[c * 2 + t]
    }

    fn claimed_by_other(&self, id: &OrderId, key: &str) -> bool {
        let claims = self.claims.lock().unwrap_or_else(|p| p.into_inner());
        claims.get(id).is_some_and(|k| k != key)
    }

    fn claim(&self, id: &OrderId, key: &str) {
        let mut claims = self.claims.lock().unwrap_or_else(|p| p.into_inner());
        claims.insert(id.clone(), key.to_owned());
    }
}

fn intent_key(coin: StakingCoin, ty: &HistoryType, amount: Amount, sent_at: UnixMillis) -> String {
    format!("{}:{ty}:{}:{}", coin.product_id(), sent_at.0, amount.normalized())
}

fn history_type(op: Operation) -> Option<HistoryType> {
    match op {
        Operation::Stake => Some(HistoryType::Purchase),
        Operation::Redeem => Some(HistoryType::Redeem),
        _ => None,
    }
}

impl OkxStakingVenue {
    /// Whether the grace period since `sent_at` (venue clock) has passed.
    fn past_grace(&self, sent_at: Option<UnixMillis>) -> bool {
        let grace = i64::try_from(self.reconcile_grace_period().as_millis()).unwrap_or(i64::MAX);
        sent_at.is_some_and(|t| self.client().now().0.saturating_sub(t.0) >= grace)
    }

    fn absent(&self, sent_at: Option<UnixMillis>) -> Reconciliation {
        if self.past_grace(sent_at) { Reconciliation::DidNotHappen } else { Reconciliation::StillUnknown }
    }

    /// History rows (newest first), paging back with `after` while pages are full.
    pub(crate) async fn staking_rows(&self, coin: StakingCoin, query: HistoryQuery) -> Result<Vec<HistoryRow>> {
        let mut q = query.limit(PAGE);
        let mut out = Vec::new();
        for _ in 0..MAX_PAGES {
            let page = self.client().staking_history(coin, &q).await?;
            let full = page.len() >= PAGE as usize;
            let oldest = page.iter().filter_map(|r| r.request_time).min();
            out.extend(page);
            match oldest {
                Some(t) if full => q.after = Some(t),
                _ => break,
            }
        }
        Ok(out)
    }

    /// Finds (and claims) the history row a staking write produced.
    pub(crate) async fn match_staking_write(
        &self,
        coin: StakingCoin,
        ty: &HistoryType,
        amount: Amount,
        sent_at: UnixMillis,
    ) -> Result<Option<Order>> {
        let since = UnixMillis(sent_at.0 - MATCH_MARGIN_MS);
        let rows = self.staking_rows(coin, HistoryQuery::new().r#type(ty.clone()).before(since)).await?;
        let key = intent_key(coin, ty, amount, sent_at);
        let best = rows
            .iter()
            .filter(|r| r.r#type.as_ref() == Some(ty) && r.amt == Some(amount))
            .filter(|r| r.request_time.is_some_and(|t| t >= since))
            .filter_map(|r| staking_order(coin, r))
            .filter(|o| !self.ledger().claimed_by_other(&o.id, &key))
            .min_by_key(|o| o.created_at.map_or(i64::MAX, |t| (t.0 - sent_at.0).abs()));
        if let Some(o) = &best {
            self.ledger().claim(&o.id, &key);
        }
        Ok(best)
    }

    /// The staking row with OKX `ordId` `ord_id`.
    pub(crate) async fn staking_row_by_ord_id(&self, coin: StakingCoin, ord_id: &str) -> Result<Option<HistoryRow>> {
        let rows = self.staking_rows(coin, HistoryQuery::new()).await?;
        Ok(rows.into_iter().find(|r| r.ord_id == ord_id))
    }

    /// The staking row with exactly this type, request time and amount.
    async fn staking_order_by_row(
        &self,
        coin: StakingCoin,
        ty: &HistoryType,
        at: UnixMillis,
        amount: Amount,
    ) -> Result<Option<Order>> {
        let q = HistoryQuery::new().r#type(ty.clone()).after(UnixMillis(at.0 + 1)).before(UnixMillis(at.0 - 1));
        let rows = self.staking_rows(coin, q).await?;
        Ok(rows
            .iter()
            .filter(|r| r.request_time == Some(at) && r.amt == Some(amount) && r.r#type.as_ref() == Some(ty))
            .find_map(|r| staking_order(coin, r)))
    }

    /// The first on-chain earn order (active first, then history) satisfying `pred`.
    pub(crate) async fn onchain_find(
        &self,
        product_id: Option<&str>,
        pred: impl Fn(&OnchainOrder) -> bool,
    ) -> Result<Option<OnchainOrder>> {
        let mut active = ActiveOrdersQuery::new();
        active.product_id = product_id.map(str::to_owned);
        if let Some(o) = self.client().onchain_orders_active(&active).await?.into_iter().find(&pred) {
            return Ok(Some(o));
        }
        let mut q = OrdersHistoryQuery::new().limit(PAGE);
        q.product_id = product_id.map(str::to_owned);
        for _ in 0..MAX_PAGES {
            let page = self.client().onchain_orders_history(&q).await?;
            let full = page.len() >= PAGE as usize;
            let last = page.last().map(|o| o.ord_id.clone());
            if let Some(o) = page.into_iter().find(&pred) {
                return Ok(Some(o));
            }
            match last {
                Some(id) if full && !id.is_empty() => q.after = Some(id),
                _ => break,
            }
        }
        Ok(None)
    }

    /// `EarnVenue::order`: by adapter order id, or by on-chain earn tag.
    pub(crate) async fn lookup(&self, order: &OrderRef) -> Result<Option<Order>> {
        let id = match order {
            OrderRef::Client(tag) => {
                let found = self.onchain_find(None, |o| o.tag == tag.as_str()).await?;
                return Ok(found.as_ref().and_then(onchain_order));
            }
            OrderRef::Venue(id) => id,
        };
        match OrderRoute::parse(id.as_str()) {
            None => Ok(None),
            Some(OrderRoute::Onchain(ord)) => {
                Ok(self.onchain_find(None, |o| o.ord_id == ord).await?.as_ref().and_then(onchain_order))
            }
            Some(OrderRoute::StakingOrder(coin, ord)) => {
                Ok(self.staking_row_by_ord_id(coin, &ord).await?.as_ref().and_then(|r| staking_order(coin, r)))
            }
            Some(OrderRoute::StakingRow(coin, ty, at, amt)) => self.staking_order_by_row(coin, &ty, at, amt).await,
            Some(OrderRoute::StakingAccepted(coin, ty, sent_at, amt)) => {
                let found = self.match_staking_write(coin, &ty, amt, sent_at).await?;
                Ok(Some(found.unwrap_or_else(|| accepted_staking_order(coin, &ty, sent_at, amt))))
            }
        }
    }

    /// `EarnVenue::reconcile`.
    pub(crate) async fn reconcile_intent(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        if intent.venue != crate::VENUE {
            return Err(Error::invalid_input("intent.venue", format!("is {}, not {}", intent.venue, crate::VENUE)));
        }
        let route = match (&intent.product, &intent.order_id) {
            (Some(p), _) => ProductRoute::parse(p.as_str()),
            (None, Some(o)) => match OrderRoute::parse(o.as_str()) {
                Some(OrderRoute::Onchain(_)) => Some(ProductRoute::Onchain(String::new())),
                Some(
                    OrderRoute::StakingOrder(c, _) | OrderRoute::StakingRow(c, ..) | OrderRoute::StakingAccepted(c, ..),
                ) => Some(ProductRoute::Staking(c)),
                None => None,
            },
            (None, None) => None,
        };
        match route {
            Some(ProductRoute::Staking(coin)) => self.reconcile_staking(coin, intent).await,
            Some(ProductRoute::Onchain(product)) => self.reconcile_onchain(&product, intent).await,
            None => Err(Error::invalid_input("intent.product", "must name an okx-staking product or order")),
        }
    }

    async fn reconcile_staking(&self, coin: StakingCoin, intent: &ReconcileIntent) -> Result<Reconciliation> {
        if intent.operation == Operation::CancelRedemption {
            let ord = match intent.order_id.as_ref().and_then(|o| OrderRoute::parse(o.as_str())) {
                Some(OrderRoute::StakingOrder(_, ord)) => ord,
                _ => return Err(Error::invalid_input("intent.order_id", "must be an `eth:<ordId>` order id")),
            };
            let row = self.staking_row_by_ord_id(coin, &ord).await?;
            return Ok(match row.as_ref().map(|r| (r.status.clone(), staking_order(coin, r))) {
                Some((Some(HistoryStatus::Cancelled), Some(o))) => Reconciliation::Happened(o),
                Some((Some(HistoryStatus::Success | HistoryStatus::Failed), _)) => Reconciliation::DidNotHappen,
                _ => self.absent(intent.sent_at),
            });
        }
        let ty = history_type(intent.operation).ok_or_else(|| {
            Error::invalid_input("intent.operation", format!("{} is not reconcilable", intent.operation))
        })?;
        let amount = intent
            .amount
            .ok_or_else(|| Error::invalid_input("intent.amount", "is required to match ETH/SOL history rows"))?;
        let sent_at = intent
            .sent_at
            .ok_or_else(|| Error::invalid_input("intent.sent_at", "is required to match ETH/SOL history rows"))?;
        let mut slot = self.ledger().slot(coin, &ty).lock().await;
        let ours = slot.as_ref().is_some_and(|o| o.sent_at == sent_at && o.amount == amount);
        let accepted = ours && slot.as_ref().is_some_and(|o| o.accepted);
        if let Some(order) = self.match_staking_write(coin, &ty, amount, sent_at).await? {
            if ours {
                *slot = None;
            }
            return Ok(Reconciliation::Happened(order));
        }
        if accepted {
            return Ok(Reconciliation::StillUnknown);
        }
        let answer = self.absent(Some(sent_at));
        if ours && answer == Reconciliation::DidNotHappen {
            *slot = None;
        }
        Ok(answer)
    }

    async fn reconcile_onchain(&self, product: &str, intent: &ReconcileIntent) -> Result<Reconciliation> {
        let product = (!product.is_empty()).then_some(product);
        if intent.operation == Operation::Stake {
            let tag = intent.client_id.as_ref().ok_or_else(|| {
                Error::invalid_input("intent.client_id", "the purchase tag is required to find on-chain earn orders")
            })?;
            let found = self.onchain_find(product, |o| o.tag == tag.as_str()).await?;
            return Ok(match found.as_ref().and_then(onchain_order) {
                Some(o) => Reconciliation::Happened(o),
                None => self.absent(intent.sent_at),
            });
        }
        let ord = match intent.order_id.as_ref().and_then(|o| OrderRoute::parse(o.as_str())) {
            Some(OrderRoute::Onchain(ord)) => ord,
            _ => return Err(Error::invalid_input("intent.order_id", "must be an `onchain:<ordId>` order id")),
        };
        let found = self.onchain_find(product, |o| o.ord_id == ord).await?;
        let Some((row, mut order)) = found.and_then(|o| onchain_order(&o).map(|ord| (o, ord))) else {
            return Ok(self.absent(intent.sent_at));
        };
        let state = row.state.unwrap_or(OnchainOrderState::Other(String::new()));
        let happened = match intent.operation {
            Operation::Redeem => matches!(state, OnchainOrderState::Redeeming | OnchainOrderState::Completed),
            Operation::CancelRedemption => {
                if state == OnchainOrderState::Completed {
                    order.status = OrderStatus::Cancelled;
                }
                matches!(state, OnchainOrderState::Cancelling | OnchainOrderState::Completed)
            }
            op => return Err(Error::invalid_input("intent.operation", format!("{op} is not reconcilable"))),
        };
        Ok(if happened { Reconciliation::Happened(order) } else { self.absent(intent.sent_at) })
    }
}
