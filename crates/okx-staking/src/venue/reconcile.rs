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
//! * Simple Earn Flexible purchases and redemptions answer with an echo and keep no order
//!   at all (reference §8.2): the evidence is the funding bill (`75` purchase, `76`
//!   redemption) of the same currency with `|balChg|` decimal-equal to the amount, stamped
//!   no earlier than `sent_at − 60 s`, claimed by no other write; two such bills are
//!   `StillUnknown`. The adapter allows at most one unreconciled savings write per currency.
//!   (`lending-history` is not a purchase log and is never used as evidence.) A
//!   set-lending-rate is settled by the rate savings/balance then reports.
//! * Transfers have a `clientId` and a `transId`: `transfer-state`, then the funding bills
//!   carrying the `clientId` (see the accounts module); answered with
//!   [`Reconciliation::TransferHappened`].
//! * Redeem and cancel name an existing order; its state says whether they took effect.
//!   (`claimed` does not apply to them: the intent itself says which order it is about,
//!   whichever write created that order.)
//!
//! An intent names its family by its operation (a transfer), its product (`eth`, `sol`,
//! `onchain:<productId>`, `savings:<CCY>`), else by its endpoint (the typed client's
//! intents, in OKX's own ids), else by its order id.
//! "Did not happen" is only answered once the grace period since `sent_at` has passed
//! without a matching row, and never for a write OKX answered with `code 0`.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::{Arc, Mutex as StdMutex};
use std::time::Duration;

use earn_core::{
    Amount, Error, Operation, Order, OrderId, OrderRef, OrderSide, OrderStatus, ReconcileIntent, Reconciliation,
    Result, UnixMillis,
};
use tokio::sync::Mutex;

use super::accounts::{TransferBook, TransferDesk};
use super::orders::{
    OrderRoute, bills, history_type, onchain_find, onchain_find_all, onchain_invested, onchain_order,
    savings_bill_type, savings_order, staking_order, staking_row_by_ord_id, staking_rows, staking_side,
};
use super::positions::savings_row;
use super::products::{ProductRoute, SAVINGS_PREFIX, savings_product_id, staking_product_id};
use crate::api::asset::GetBills;
use crate::api::check_id;
use crate::api::onchain::{self, OnchainOrderState};
use crate::api::savings::{self, SavingsSide};
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

/// A Simple Earn write OKX accepted (`code 0`) whose funding bill had not appeared yet; its
/// id is `savings:<CCY>:<purchase|redempt>:sent:<sentAt>:<amt>`, which
/// [`EarnVenue::order`](earn_core::EarnVenue::order) keeps resolving until the bill shows up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AcceptedSavings {
    pub ccy: String,
    pub side: SavingsSide,
    pub sent_at: UnixMillis,
    pub amount: Amount,
}

impl AcceptedSavings {
    /// `savings:<CCY>:<side>:sent:<sentAt>:<amt>`.
    pub(crate) fn id(&self) -> OrderId {
        OrderId::new(format!(
            "{SAVINGS_PREFIX}{}:{}:sent:{}:{}",
            self.ccy.to_ascii_uppercase(),
            self.side,
            self.sent_at.0,
            self.amount.normalized()
        ))
    }

    /// The accepted savings write an order reference names, if it names one.
    pub(crate) fn from_ref(order: &OrderRef) -> Option<Self> {
        let OrderRef::Venue(id) = order else { return None };
        let rest = id.as_str().strip_prefix(SAVINGS_PREFIX)?;
        let [ccy, side, "sent", time, amt] = rest.split(':').collect::<Vec<_>>()[..] else { return None };
        let side = side.parse::<SavingsSide>().ok().filter(SavingsSide::is_known)?;
        check_id("ccy", ccy).ok()?;
        Some(AcceptedSavings {
            ccy: ccy.to_ascii_uppercase(),
            side,
            sent_at: UnixMillis(time.parse().ok()?),
            amount: Amount::parse(amt).ok()?,
        })
    }

    /// The pending order standing for it until the bill appears.
    pub(crate) fn order(&self) -> Order {
        let side = if self.side == SavingsSide::Redempt { OrderSide::Redeem } else { OrderSide::Stake };
        let status = "accepted; no funding bill yet";
        let mut o = Order::new(
            VENUE,
            self.id(),
            savings_product_id(&self.ccy),
            self.ccy.as_str().into(),
            side,
            self.amount,
            OrderStatus::Pending,
            status,
        );
        o.created_at = Some(self.sent_at);
        o
    }

    fn key(&self) -> String {
        self.id().as_str().to_owned()
    }
}

/// A write that was sent and is not reconciled yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Outstanding {
    /// Stake or redeem.
    pub op: Operation,
    pub amount: Amount,
    pub sent_at: UnixMillis,
    /// OKX answered `code 0`: it happened, only the row is missing so far.
    pub accepted: bool,
}

/// What a slot serializes: one unreconciled write at a time per key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum SlotKey {
    /// ETH or SOL writes of one type (purchase or redeem).
    Staking(StakingCoin, HistoryType),
    /// Savings writes of one currency, both sides (reference §8.2: one per `ccy`).
    Savings(String),
}

/// One slot: the unreconciled write of its key, if any.
pub(crate) type Slot = Arc<Mutex<Option<Outstanding>>>;

/// The adapter's reconciliation state: slots of unreconciled writes, the history rows and
/// bills already matched to a write, and the unreconciled transfers (shared by clones of
/// the adapter).
#[derive(Default, Debug)]
pub(crate) struct Ledger {
    slots: StdMutex<HashMap<SlotKey, Slot>>,
    claims: StdMutex<HashMap<OrderId, String>>,
    pub(crate) transfers: TransferBook,
}

impl Ledger {
    /// The slot of `key`.
    pub(crate) fn slot(&self, key: SlotKey) -> Slot {
        let key = match key {
            SlotKey::Savings(ccy) => SlotKey::Savings(ccy.to_ascii_uppercase()),
            other => other,
        };
        self.slots.lock().unwrap_or_else(|p| p.into_inner()).entry(key).or_default().clone()
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
    /// Savings purchase or redemption of a currency.
    Savings(String),
    /// Savings set-lending-rate of a currency.
    SavingsRate(String),
    /// A transfer between accounts.
    Transfer,
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

    /// The rows a staking write sent now could be matched to (same type and amount,
    /// stamped since `sent_at − 60 s`), whoever made them. Read before a write is sent: they
    /// existed before it, so none of them is its row.
    pub(crate) async fn staking_rows_like(
        &self,
        coin: StakingCoin,
        ty: &HistoryType,
        amount: Amount,
        sent_at: UnixMillis,
    ) -> Result<Vec<OrderId>> {
        let since = UnixMillis(sent_at.0 - MATCH_MARGIN_MS);
        let rows =
            staking_rows(self.client, GetPurchaseRedeemHistory::new(coin).r#type(ty.clone()).before(since)).await?;
        Ok(rows
            .iter()
            .filter(|r| r.r#type.as_ref() == Some(ty) && r.amt == Some(amount))
            .filter(|r| r.request_time.is_some_and(|t| t >= since))
            .filter_map(|r| staking_order(coin, r))
            .map(|o| o.id)
            .collect())
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

    /// Finds (and claims) the funding bill a savings write produced (`75` purchase, `76`
    /// redemption, `|balChg|` equal to `amount`, stamped no earlier than `sent_at − 60 s`);
    /// bills in `claimed` and bills matched to another write of this adapter are never taken.
    pub(crate) async fn match_savings_write(
        &self,
        ccy: &str,
        side: &SavingsSide,
        amount: Amount,
        sent_at: UnixMillis,
        claimed: &[OrderId],
    ) -> Result<Found> {
        let since = UnixMillis(sent_at.0 - MATCH_MARGIN_MS);
        let q = GetBills::new().ccy(ccy).bill_type(savings_bill_type(side)).before(since);
        let rows = bills(self.client, q).await?;
        let key = AcceptedSavings { ccy: ccy.to_ascii_uppercase(), side: side.clone(), sent_at, amount }.key();
        let candidates: Vec<Order> = rows
            .iter()
            .filter(|b| b.ts.is_some_and(|t| t >= since))
            .filter_map(|b| savings_order(ccy, b))
            .filter(|o| o.amount == amount)
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

    /// `EarnVenue::order` of an accepted savings write: its bill once it appears, else the
    /// pending order.
    pub(crate) async fn accepted_savings_order(&self, write: &AcceptedSavings) -> Result<Option<Order>> {
        Ok(Some(match self.match_savings_write(&write.ccy, &write.side, write.amount, write.sent_at, &[]).await? {
            Found::One(order) => order,
            _ => write.order(),
        }))
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
            Family::Savings(ccy) => self.reconcile_savings(&ccy, intent).await,
            Family::SavingsRate(ccy) => self.reconcile_savings_rate(&ccy, intent).await,
            Family::Transfer => {
                let desk = TransferDesk {
                    client: self.client,
                    book: &self.ledger.transfers,
                    grace: self.grace,
                    confirm_window: Duration::ZERO,
                    poll_interval: Duration::ZERO,
                };
                desk.reconcile(intent).await
            }
        }
    }

    /// A savings purchase or redemption: its funding bill (reference §8.2).
    async fn reconcile_savings(&self, ccy: &str, intent: &ReconcileIntent) -> Result<Reconciliation> {
        let side = match intent.operation {
            Operation::Stake => SavingsSide::Purchase,
            Operation::Redeem => SavingsSide::Redempt,
            op => return Err(Error::invalid_input("intent.operation", format!("{op} is not a savings write"))),
        };
        let amount =
            intent.amount.ok_or_else(|| Error::invalid_input("intent.amount", "is required to match savings bills"))?;
        let sent_at = intent
            .sent_at
            .ok_or_else(|| Error::invalid_input("intent.sent_at", "is required to match savings bills"))?;
        let slot = self.ledger.slot(SlotKey::Savings(ccy.to_owned()));
        let mut slot = slot.lock().await;
        let ours =
            slot.as_ref().is_some_and(|o| o.sent_at == sent_at && o.amount == amount && o.op == intent.operation);
        let accepted = ours && slot.as_ref().is_some_and(|o| o.accepted);
        match self.match_savings_write(ccy, &side, amount, sent_at, &intent.claimed).await? {
            Found::One(order) => {
                if ours {
                    *slot = None;
                }
                Ok(Reconciliation::Happened(order))
            }
            Found::Ambiguous(n) => Ok(Reconciliation::still_unknown(format!(
                "{n} unclaimed {ccy} savings {side} bills of {amount} since {} match equally; list the ones other \
                 writes produced in `claimed`",
                sent_at.0 - MATCH_MARGIN_MS
            ))),
            Found::Nothing if accepted => Ok(Reconciliation::still_unknown(
                "OKX accepted the savings write (code 0); its funding bill has not appeared yet",
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

    /// A set-lending-rate: the intent's amount is the rate; savings/balance says whether it
    /// is the one in force.
    async fn reconcile_savings_rate(&self, ccy: &str, intent: &ReconcileIntent) -> Result<Reconciliation> {
        let wanted = intent
            .amount
            .ok_or_else(|| Error::invalid_input("intent.amount", "must carry the lending rate that was set"))?;
        let row = savings_row(self.client, ccy).await?;
        let rate = row.as_ref().and_then(|r| r.rate);
        if rate.is_some_and(|r| r.fraction() == wanted.decimal()) {
            let id = OrderId::new(format!("{SAVINGS_PREFIX}{ccy}:rate:{}", wanted.normalized()));
            let mut order = Order::new(
                VENUE,
                id,
                savings_product_id(ccy),
                ccy.into(),
                OrderSide::Stake,
                wanted,
                OrderStatus::Succeeded,
                format!("minimum lending rate {wanted} in force (the order's amount is the rate)"),
            );
            order.created_at = intent.sent_at;
            return Ok(Reconciliation::Happened(order));
        }
        Ok(match self.absent(intent.sent_at) {
            Reconciliation::DidNotHappen => Reconciliation::DidNotHappen,
            _ => Reconciliation::still_unknown(format!(
                "savings/balance shows rate {} for {ccy}, not {wanted} yet; setting it again is harmless",
                rate.map_or_else(|| "none".to_owned(), |r| r.to_string())
            )),
        })
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
        let slot = self.ledger.slot(SlotKey::Staking(coin, ty.clone()));
        let mut slot = slot.lock().await;
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
        // Each search asks for one order more than it may weigh: a search cut short cannot
        // show that its one unclaimed order is the only one.
        let (orders, what, most) = match &intent.client_id {
            Some(tag) => {
                let found = onchain_find_all(self.client, product, |o| o.tag == tag.as_str(), 3).await?;
                (found, format!("tagged {tag}"), 2)
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
                let found = onchain_find_all(self.client, product, matches, MAX_CANDIDATES + 1).await?;
                (found, format!("untagged, of {amount} {asset}"), MAX_CANDIDATES)
            }
        };
        if orders.len() > most {
            return Ok(Reconciliation::still_unknown(format!("more than {most} orders {what} match")));
        }
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

/// The family of an intent: a transfer by its operation; otherwise by product, else by
/// endpoint, else by order id.
fn family(intent: &ReconcileIntent) -> Result<Family> {
    if intent.operation == Operation::Transfer {
        return Ok(Family::Transfer);
    }
    let rate = intent.endpoint == savings::SET_LENDING_RATE.path;
    let savings = |ccy: &str| {
        check_id("intent.asset", ccy)?;
        let ccy = ccy.to_ascii_uppercase();
        Ok(if rate { Family::SavingsRate(ccy) } else { Family::Savings(ccy) })
    };
    if let Some(p) = &intent.product {
        return match ProductRoute::parse(p.as_str()) {
            Some(ProductRoute::Staking(coin)) => Ok(Family::Staking(coin)),
            Some(ProductRoute::Onchain(id)) => Ok(Family::Onchain(Some(id))),
            Some(ProductRoute::Savings(ccy)) => savings(&ccy),
            None => Err(Error::invalid_input("intent.product", format!("{p} is not an okx-staking product"))),
        };
    }
    if let Some(coin) = StakingCoin::of_path(&intent.endpoint) {
        return Ok(Family::Staking(coin));
    }
    if onchain::is_write_path(&intent.endpoint) {
        return Ok(Family::Onchain(None));
    }
    if rate || savings::is_purchase_redempt_path(&intent.endpoint) {
        let asset = intent.asset.as_ref().ok_or_else(|| {
            Error::invalid_input("intent.asset", "a savings intent names its currency (asset or product)")
        })?;
        return savings(asset.as_str());
    }
    match intent.order_id.as_ref().and_then(|o| OrderRoute::parse(o.as_str())) {
        Some(OrderRoute::Onchain(_)) => Ok(Family::Onchain(None)),
        Some(OrderRoute::StakingOrder(coin, _) | OrderRoute::StakingRow(coin, ..)) => Ok(Family::Staking(coin)),
        Some(OrderRoute::Savings(ccy, _)) => savings(&ccy),
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
        assert!(matches!(family(&i("/x").product("savings:usdt")), Ok(Family::Savings(c)) if c == "USDT"));
        let savings = ReconcileIntent::new(VENUE, Operation::Redeem, "/api/v5/finance/savings/purchase-redempt");
        assert!(matches!(family(&savings.clone().asset("usdc")), Ok(Family::Savings(c)) if c == "USDC"));
        assert!(family(&savings).is_err(), "a savings intent names its currency");
        let rate = ReconcileIntent::new(VENUE, Operation::Stake, "/api/v5/finance/savings/set-lending-rate");
        assert!(matches!(family(&rate.asset("BTC")), Ok(Family::SavingsRate(c)) if c == "BTC"));
        let t = ReconcileIntent::new(VENUE, Operation::Transfer, "transfer").product("eth");
        assert!(matches!(family(&t), Ok(Family::Transfer)));
    }

    #[test]
    fn accepted_savings_ids_round_trip() {
        let w = AcceptedSavings {
            ccy: "USDT".into(),
            side: SavingsSide::Redempt,
            sent_at: UnixMillis(7),
            amount: Amount::parse("100.50").unwrap(),
        };
        assert_eq!(w.id().as_str(), "savings:USDT:redempt:sent:7:100.5");
        assert_eq!(AcceptedSavings::from_ref(&OrderRef::Venue(w.id())), Some(w.clone()));
        assert_eq!(AcceptedSavings::from_ref(&OrderRef::Venue("savings:USDT:31".into())), None);
        assert_eq!((w.order().side, w.order().status), (OrderSide::Redeem, OrderStatus::Pending));
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
