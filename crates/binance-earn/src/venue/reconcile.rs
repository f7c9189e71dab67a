//! `reconcile()`, by reading only (reference §9), and the adapter's reconciliation state:
//! the lease of each (asset, operation) whose last write is unreconciled, and the history
//! rows already attributed to a write.
//!
//! No Binance write carries a client id, so a write is found by what it was:
//!
//! | write (intent endpoint) | history read | a row matches when |
//! |---|---|---|
//! | flexible subscribe | 7.14 by `productId` | type `NORMAL`, same product, amount and `sourceAccount` |
//! | flexible redeem | 7.16 by `productId` | same product, amount (any, for `redeemAll`) and `destAccount` |
//! | locked subscribe | 7.15 by asset | type `NORMAL`, same project, amount and `sourceAccount` |
//! | locked redeem | 7.17 by `positionId` (the intent's `position_id`) | type `AHEAD` |
//! | ETH stake / redeem / wrap | E5 / E6 / E10 | same amount (and redeemed asset) |
//! | SOL stake / redeem | S5 / S6 | same amount |
//! | universal transfer | 8.7 of the intent's direction (`from_account` → `to_account`) | same asset and amount |
//!
//! The account a subscription drew on is the intent's `from_account` and the account a
//! flexible redemption paid is its `to_account` (`SPOT` or `FUNDING`, as records spell
//! them): a row naming another account is another write's; no account (a subscription
//! from `ALL`) filters nothing. Intents recorded before earn-core had these fields (a
//! journal's) are still read: a locked redemption's position in `order_id`, a transfer's
//! direction in `product` (`MAIN_FUNDING`).
//!
//! and, for every family, a time no earlier than `sent − recvWindow` (a request is
//! processed within its receive window, §2.4). A row listed in the intent's `claimed`
//! (by its order id or Binance's id), or already matched to another write of this adapter,
//! or acknowledged as another write's answer, is never evidence. One candidate: the write
//! happened. Two or more, a matching row without a time, or history longer than was read:
//! `StillUnknown`, with the reason, never a guess. None: `DidNotHappen` once `recvWindow`
//! and the grace period have passed since the send, `StillUnknown` before.
//!
//! Intents of the typed client (Binance's own ids as product) and of the adapter (its
//! product ids) are both accepted.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use earn_core::{
    AccountId, Amount, Error, Operation, Order, OrderId, OrderSide, OrderStatus, ProductId, ReconcileIntent,
    Reconciliation, Result, Transfer, UnixMillis,
};

use super::BinanceEarnVenue;
use super::accounts::transfer_of;
use super::orders::{
    Family, OrderKey, eth_redemption, eth_stake, flexible_redemption, flexible_subscription, locked_redemption,
    locked_subscription, sol_redemption, sol_stake,
};
use super::positions::MAX_PAGES;
use super::products::BinanceProductId;
use crate::VENUE;
use crate::api::common::{MAX_HISTORY_SPAN, Window};
use crate::api::eth_staking::{
    self, GetEthRedemptionHistory, GetEthStakingHistory, GetWbethWrapHistory, StakingStatus,
};
use crate::api::flexible::{self, GetFlexibleRedemptionRecord, GetFlexibleSubscriptionRecord};
use crate::api::locked::{self, GetLockedRedemptionRecord, GetLockedSubscriptionRecord, LockedRedemptionType};
use crate::api::simple_earn::{RecordAccount, SubscriptionType, check_product_id, check_project_id};
use crate::api::sol_staking::{self, GetSolRedemptionHistory, GetSolStakingHistory};
use crate::api::wallet::{self, GetUniversalTransferHistory, TransferType};

/// The owner recorded for rows that were the answer of an acknowledged write.
const ACKNOWLEDGED: &str = "acknowledged write";

type Key = (String, Operation);

/// The adapter's reconciliation state, shared by its clones.
#[derive(Debug, Default)]
pub(super) struct State {
    /// The intent of the last unreconciled write per (asset, operation).
    leases: Mutex<HashMap<Key, ReconcileIntent>>,
    /// Serializes writes per (asset, operation).
    locks: Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>,
    /// Row id (order id or transfer id) → the write it belongs to.
    claims: Mutex<HashMap<String, String>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Identifies one write across clones of its intent (`claimed` excluded).
fn owner(intent: &ReconcileIntent) -> String {
    format!(
        "{}|{}|{}|{}|{}|{}|{}|{}|{}",
        intent.endpoint,
        intent.product.as_ref().map(ProductId::as_str).unwrap_or(""),
        intent.asset.as_ref().map(|a| a.as_str()).unwrap_or(""),
        intent.amount.map(|a| a.normalized().to_string()).unwrap_or_default(),
        intent.sent_at.map(|t| t.0).unwrap_or_default(),
        intent.order_id.as_ref().map(OrderId::as_str).unwrap_or(""),
        intent.position_id.as_deref().unwrap_or(""),
        intent.from_account.as_ref().map(AccountId::as_str).unwrap_or(""),
        intent.to_account.as_ref().map(AccountId::as_str).unwrap_or(""),
    )
}

impl State {
    pub(super) fn lock_for(&self, key: &Key) -> Arc<tokio::sync::Mutex<()>> {
        lock(&self.locks).entry(key.clone()).or_default().clone()
    }

    pub(super) fn lease(&self, key: &Key) -> Option<ReconcileIntent> {
        lock(&self.leases).get(key).cloned()
    }

    pub(super) fn hold(&self, key: Key, intent: ReconcileIntent) {
        lock(&self.leases).insert(key, intent);
    }

    /// Releases the lease held by this write, if any: every final answer of
    /// `reconcile_intent` passes here, so a lease never outlives its write's answer.
    fn settle(&self, intent: &ReconcileIntent) {
        let me = owner(intent);
        lock(&self.leases).retain(|_, held| owner(held) != me);
    }

    /// Records that row `id` was the answer of an acknowledged write.
    pub(super) fn claim_acknowledged(&self, id: &str) {
        lock(&self.claims).insert(id.to_owned(), ACKNOWLEDGED.to_owned());
    }

    /// The ids of the acknowledged writes; those whose rows were not identified are the
    /// ones named `<id>@t<sent>-<amount>` (the caller keeps those).
    fn acknowledged(&self) -> Vec<String> {
        lock(&self.claims).iter().filter(|(_, o)| *o == ACKNOWLEDGED).map(|(id, _)| id.clone()).collect()
    }

    /// Whether row `id` is attributed to any write (an empty id names no row).
    pub(super) fn is_claimed(&self, id: &str) -> bool {
        !id.is_empty() && lock(&self.claims).contains_key(id)
    }

    fn claimed_by_other(&self, id: &str, me: &str) -> bool {
        !id.is_empty() && lock(&self.claims).get(id).is_some_and(|o| o != me)
    }

    /// Attributes row `id` to write `me` (an empty id, a row without Binance's id, names
    /// no row and is not recorded: it would claim every such row).
    fn claim(&self, id: &str, me: &str) {
        if !id.is_empty() {
            lock(&self.claims).entry(id.to_owned()).or_insert_with(|| me.to_owned());
        }
    }
}

/// What an intent wrote, by its endpoint.
enum Route {
    FlexibleSubscribe { product_id: String, asset: Option<String>, source: Option<RecordAccount> },
    FlexibleRedeem { product_id: String, asset: Option<String>, dest: Option<RecordAccount> },
    LockedSubscribe { project_id: String, asset: Option<String>, source: Option<RecordAccount> },
    LockedRedeem { position_id: String },
    Eth(OrderSide),
    EthWrap,
    Sol(OrderSide),
    Transfer(TransferType),
}

/// A flexible `productId` from an intent's product: the adapter's id or Binance's own.
fn flexible_id(intent: &ReconcileIntent) -> Result<(String, Option<String>)> {
    let p = intent.product.as_ref().ok_or_else(|| Error::invalid_input("intent.product", "names no product"))?;
    match BinanceProductId::parse(p) {
        Ok(BinanceProductId::Flexible { asset, product_id }) => Ok((product_id, Some(asset))),
        Ok(other) => Err(Error::invalid_input("intent.product", format!("{other} is not a flexible product"))),
        Err(_) => {
            check_product_id("intent.product", p.as_str())?;
            Ok((p.as_str().to_owned(), intent.asset.as_ref().map(|a| a.as_str().to_owned())))
        }
    }
}

/// A locked `projectId` from an intent's product: the adapter's id or Binance's own.
fn locked_id(intent: &ReconcileIntent) -> Result<(String, Option<String>)> {
    let p = intent.product.as_ref().ok_or_else(|| Error::invalid_input("intent.product", "names no product"))?;
    match BinanceProductId::parse(p) {
        Ok(BinanceProductId::Locked { asset, project_id }) => Ok((project_id, Some(asset))),
        Ok(other) => Err(Error::invalid_input("intent.product", format!("{other} is not a locked product"))),
        Err(_) => {
            check_project_id("intent.product", p.as_str())?;
            Ok((p.as_str().to_owned(), intent.asset.as_ref().map(|a| a.as_str().to_owned())))
        }
    }
}

/// A Simple Earn account of an intent (`SPOT`, `FUNDING`, any case) as records spell it.
fn record_account(account: Option<&AccountId>, field: &str) -> Result<Option<RecordAccount>> {
    match account {
        None => Ok(None),
        Some(a) if a.as_str().eq_ignore_ascii_case("SPOT") => Ok(Some(RecordAccount::Spot)),
        Some(a) if a.as_str().eq_ignore_ascii_case("FUNDING") => Ok(Some(RecordAccount::Funding)),
        Some(a) => Err(Error::invalid_input(field, format!("{a} is not SPOT or FUNDING"))),
    }
}

/// Whether a record's account agrees with the intent's: a documented, different account
/// is another write's; an account missing on either side (or one this SDK does not know)
/// excludes nothing.
fn same_account(row: Option<&RecordAccount>, want: Option<&RecordAccount>) -> bool {
    match (row, want) {
        (Some(r), Some(w)) if r.is_known() => r == w,
        _ => true,
    }
}

/// A transfer's direction: the intent's accounts, or (an intent recorded before earn-core
/// had them) the direction named as its product.
fn transfer_kind(intent: &ReconcileIntent) -> Result<TransferType> {
    match (&intent.from_account, &intent.to_account) {
        (Some(from), Some(to)) => TransferType::between(from, to).ok_or_else(|| {
            Error::invalid_input("intent.to_account", format!("Binance has no universal transfer from {from} to {to}"))
        }),
        (None, None) => {
            let text = intent.product.as_ref().map(ProductId::as_str).unwrap_or("");
            let kind: TransferType = text.parse().unwrap_or_else(|never| match never {});
            if kind.is_known() {
                Ok(kind)
            } else {
                Err(Error::invalid_input(
                    "intent.from_account",
                    "a transfer is found by its direction: name from_account and to_account",
                ))
            }
        }
        _ => Err(Error::invalid_input(
            "intent.from_account",
            "a transfer is found by its direction: name both from_account and to_account",
        )),
    }
}

impl Route {
    fn of(intent: &ReconcileIntent) -> Result<Self> {
        let path = intent.endpoint.as_str();
        let side = |op: Operation| if op == Operation::Redeem { OrderSide::Redeem } else { OrderSide::Stake };
        let source = || record_account(intent.from_account.as_ref(), "intent.from_account");
        Ok(if path == flexible::SUBSCRIBE.path {
            let (product_id, asset) = flexible_id(intent)?;
            Route::FlexibleSubscribe { product_id, asset, source: source()? }
        } else if path == flexible::REDEEM.path {
            let (product_id, asset) = flexible_id(intent)?;
            let dest = record_account(intent.to_account.as_ref(), "intent.to_account")?;
            Route::FlexibleRedeem { product_id, asset, dest }
        } else if path == locked::SUBSCRIBE.path {
            let (project_id, asset) = locked_id(intent)?;
            Route::LockedSubscribe { project_id, asset, source: source()? }
        } else if path == locked::REDEEM.path {
            // `order_id`: intents recorded before earn-core named positions.
            let position_id = intent
                .position_id
                .clone()
                .or_else(|| intent.order_id.as_ref().map(|o| o.as_str().to_owned()))
                .ok_or_else(|| {
                    Error::invalid_input(
                        "intent.position_id",
                        "a locked redemption is found by its positionId; none recorded",
                    )
                })?;
            crate::api::common::check_numeric_id("intent.position_id", &position_id)?;
            Route::LockedRedeem { position_id }
        } else if path == eth_staking::STAKE.path || path == eth_staking::REDEEM.path {
            Route::Eth(side(if path == eth_staking::REDEEM.path { Operation::Redeem } else { Operation::Stake }))
        } else if path == eth_staking::WRAP.path {
            Route::EthWrap
        } else if path == sol_staking::STAKE.path || path == sol_staking::REDEEM.path {
            Route::Sol(side(if path == sol_staking::REDEEM.path { Operation::Redeem } else { Operation::Stake }))
        } else if path == wallet::TRANSFER.path || intent.operation == Operation::Transfer {
            // A transfer followed by a caller that knows only the operation (a treasury
            // executor polling a pending transfer) is still a universal transfer.
            Route::Transfer(transfer_kind(intent)?)
        } else {
            return Err(Error::invalid_input("intent.endpoint", format!("{path:?} is not a binance-earn write")));
        })
    }
}

/// One row that may be the write's.
enum Candidate {
    Order(Order, String),
    Transfer(Transfer, String),
}

impl Candidate {
    fn ids(&self) -> (String, String) {
        match self {
            Candidate::Order(o, raw) => (o.id.as_str().to_owned(), raw.clone()),
            Candidate::Transfer(t, raw) => (t.id.as_str().to_owned(), raw.clone()),
        }
    }
}

/// The rows read for one intent.
struct Evidence {
    candidates: Vec<Candidate>,
    /// Rows that match but carry no time, so cannot be placed.
    undated: usize,
    /// Whether every page of the window was read.
    complete: bool,
}

fn same(a: Option<Amount>, want: Option<Amount>) -> bool {
    match (a, want) {
        (_, None) => true,
        (Some(a), Some(w)) => a.decimal() == w.decimal(),
        (None, Some(_)) => false,
    }
}

/// Sorts matching rows into dated candidates (from `lower` on) and undated ones.
fn sort<T>(
    rows: &[T],
    complete: bool,
    lower: UnixMillis,
    time: impl Fn(&T) -> Option<UnixMillis>,
    matches: impl Fn(&T) -> bool,
    candidate: impl Fn(&T) -> Option<Candidate>,
) -> Evidence {
    let mut e = Evidence { candidates: Vec::new(), undated: 0, complete };
    for row in rows.iter().filter(|r| matches(r)) {
        match time(row) {
            None => e.undated += 1,
            Some(t) if t >= lower => e.candidates.extend(candidate(row)),
            Some(_) => {}
        }
    }
    e
}

impl BinanceEarnVenue {
    /// `EarnVenue::reconcile`.
    pub(super) async fn reconcile_intent(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        if intent.venue != VENUE {
            return Err(Error::invalid_input("intent.venue", format!("{} is not {VENUE}", intent.venue)));
        }
        let route = Route::of(intent)?;
        let Some(sent) = intent.sent_at else {
            return Ok(Reconciliation::still_unknown(
                "the intent has no send time: without it, history cannot tell this write from another",
            ));
        };
        let now = self.client.venue_now();
        let recv = i64::try_from(self.client.recv_window().as_millis()).unwrap_or(i64::MAX);
        let lower = UnixMillis(sent.0.saturating_sub(recv));
        if now <= lower {
            return Ok(Reconciliation::still_unknown("the send time is in the future of Binance's clock"));
        }
        let span = i64::try_from(MAX_HISTORY_SPAN.as_millis()).unwrap_or(i64::MAX) - 1;
        let window = Window::between(lower, UnixMillis(now.0.min(lower.0.saturating_add(span))));
        let evidence = self.evidence(intent, &route, window, lower).await?;
        let me = owner(intent);
        // The venue's own id for this write (a transfer's tranId, acknowledged before it
        // settled) names its row: only the caller's claim list can exclude it.
        let own = |id: &str| intent.order_id.as_ref().is_some_and(|o| o.as_str() == id);
        let claimed = |c: &Candidate| {
            let (id, raw) = c.ids();
            let listed = intent.is_claimed(&OrderId::new(id.as_str()))
                || (!raw.is_empty() && intent.is_claimed(&OrderId::new(raw.as_str())));
            if own(&id) || own(&raw) {
                return listed;
            }
            listed || self.state.claimed_by_other(&id, &me) || self.state.claimed_by_other(&raw, &me)
        };
        let (taken, mut open): (Vec<Candidate>, Vec<Candidate>) = evidence.candidates.into_iter().partition(claimed);
        // An acknowledged ETH/SOL write whose row was not identified (its id names Binance's
        // id, not the row) may own any row of its amount since its send: such a row is
        // never this write's evidence by elimination.
        let unidentified: Vec<OrderKey> = intent
            .claimed
            .iter()
            .map(|o| o.as_str().to_owned())
            .chain(self.state.acknowledged())
            .filter_map(|id| OrderKey::parse(&OrderId::new(id)).ok())
            .filter(|k| k.acknowledged_parts().is_some())
            .collect();
        if let Some((row, ack)) = open.iter().find_map(|c| maybe_acknowledged(c, &unidentified, recv)) {
            return Ok(Reconciliation::still_unknown(format!(
                "history row {row} may be the answer of the acknowledged write {ack}, whose row was not identified"
            )));
        }
        if evidence.undated > 0 {
            return Ok(Reconciliation::still_unknown(format!(
                "{} matching history rows carry no time: they cannot be told apart from this write",
                evidence.undated
            )));
        }
        if !evidence.complete {
            return Ok(Reconciliation::still_unknown(
                "history since the send is longer than was read; a match could be on a later page",
            ));
        }
        match open.len() {
            1 => {
                let found = open.remove(0);
                let (id, raw) = found.ids();
                self.state.claim(&id, &me);
                self.state.claim(&raw, &me);
                self.state.settle(intent);
                Ok(match found {
                    Candidate::Order(o, _) => Reconciliation::Happened(o),
                    Candidate::Transfer(t, _) => Reconciliation::TransferHappened(t),
                })
            }
            0 => {
                let deadline = sent
                    .0
                    .saturating_add(recv)
                    .saturating_add(i64::try_from(self.reconcile_grace.as_millis()).unwrap_or(i64::MAX));
                if now.0 >= deadline {
                    self.state.settle(intent);
                    Ok(Reconciliation::DidNotHappen)
                } else {
                    let others = if taken.is_empty() {
                        String::new()
                    } else {
                        format!(" ({} matching rows belong to other writes)", taken.len())
                    };
                    Ok(Reconciliation::still_unknown(format!(
                        "no matching history row yet{others}; Binance's records may lag, so absence proves nothing \
                         until {} s after the send",
                        (deadline - sent.0) / 1000
                    )))
                }
            }
            n => Ok(Reconciliation::still_unknown(format!(
                "{n} unclaimed history rows match this write ({}); list the ones attributed to other writes in \
                 `claimed`",
                open.iter().map(|c| c.ids().0).collect::<Vec<_>>().join(", ")
            ))),
        }
    }

    /// Reads the history of the intent's family in `window` and sorts its rows.
    async fn evidence(
        &self,
        intent: &ReconcileIntent,
        route: &Route,
        window: Window,
        lower: UnixMillis,
    ) -> Result<Evidence> {
        let c = &self.client;
        let want = intent.amount;
        let product = intent.product.clone();
        Ok(match route {
            Route::FlexibleSubscribe { product_id, asset, source } => {
                let mut q = GetFlexibleSubscriptionRecord::new().product_id(product_id.as_str()).window(window);
                if let Some(a) = asset {
                    q = q.asset(a.as_str());
                }
                let got = c.all_pages(q, MAX_PAGES).await?;
                sort(
                    &got.rows,
                    got.complete,
                    lower,
                    |r| r.time,
                    |r| {
                        r.kind.as_ref().is_none_or(|k| *k == SubscriptionType::Normal)
                            && r.product_id.as_ref().is_none_or(|p| p == product_id)
                            && same(r.amount, want)
                            && same_account(r.source_account.as_ref(), source.as_ref())
                    },
                    |r| {
                        flexible_subscription(r)
                            .map(|o| Candidate::Order(with_product(o, &product), r.purchase_id.clone()))
                    },
                )
            }
            Route::FlexibleRedeem { product_id, asset, dest } => {
                let mut q = GetFlexibleRedemptionRecord::new().product_id(product_id.as_str()).window(window);
                if let Some(a) = asset {
                    q = q.asset(a.as_str());
                }
                let got = c.all_pages(q, MAX_PAGES).await?;
                sort(
                    &got.rows,
                    got.complete,
                    lower,
                    |r| r.time,
                    |r| {
                        r.product_id.as_ref().is_none_or(|p| p == product_id)
                            && same(r.amount, want)
                            && same_account(r.dest_account.as_ref(), dest.as_ref())
                    },
                    |r| {
                        flexible_redemption(r).map(|o| Candidate::Order(with_product(o, &product), r.redeem_id.clone()))
                    },
                )
            }
            Route::LockedSubscribe { project_id, asset, source } => {
                let mut q = GetLockedSubscriptionRecord::new().window(window);
                if let Some(a) = asset {
                    q = q.asset(a.as_str());
                }
                let got = c.all_pages(q, MAX_PAGES).await?;
                sort(
                    &got.rows,
                    got.complete,
                    lower,
                    |r| r.time,
                    |r| {
                        r.kind.as_ref().is_none_or(|k| *k == SubscriptionType::Normal)
                            && r.project_id.as_ref().is_none_or(|p| p == project_id)
                            && same(r.amount, want)
                            && same_account(r.source_account.as_ref(), source.as_ref())
                    },
                    |r| {
                        locked_subscription(r)
                            .map(|o| Candidate::Order(with_product(o, &product), r.purchase_id.clone()))
                    },
                )
            }
            Route::LockedRedeem { position_id } => {
                let q = GetLockedRedemptionRecord::new().position_id(position_id.as_str()).window(window);
                let got = c.all_pages(q, MAX_PAGES).await?;
                let named = product.as_ref().filter(|p| BinanceProductId::parse(p).is_ok());
                sort(
                    &got.rows,
                    got.complete,
                    lower,
                    |r| r.time,
                    |r| {
                        r.position_id.as_deref().is_none_or(|p| p == position_id)
                            && r.kind.as_ref().is_none_or(|k| *k == LockedRedemptionType::Ahead)
                    },
                    |r| {
                        let mut o = locked_redemption(r, named)?;
                        if let Some(a) = want {
                            o.amount = a;
                        }
                        Some(Candidate::Order(o, r.redeem_id.clone()))
                    },
                )
            }
            Route::Eth(OrderSide::Stake) => {
                let got = c.all_pages(GetEthStakingHistory::new().window(window), MAX_PAGES).await?;
                sort(
                    &got.rows,
                    got.complete,
                    lower,
                    |r| r.time,
                    |r| same(r.amount, want),
                    |r| eth_stake(r).map(|o| Candidate::Order(o, r.purchase_id.clone().unwrap_or_default())),
                )
            }
            Route::Eth(OrderSide::Redeem) => {
                let asset = intent.asset.as_ref().map(|a| a.as_str().to_ascii_uppercase());
                let got = c.all_pages(GetEthRedemptionHistory::new().window(window), MAX_PAGES).await?;
                sort(
                    &got.rows,
                    got.complete,
                    lower,
                    |r| r.time,
                    |r| {
                        same(r.amount, want)
                            && asset.as_ref().is_none_or(|a| r.asset.is_empty() || r.asset.eq_ignore_ascii_case(a))
                    },
                    |r| eth_redemption(r).map(|o| Candidate::Order(o, r.redeem_id.clone().unwrap_or_default())),
                )
            }
            Route::EthWrap => {
                let got = c.all_pages(GetWbethWrapHistory::new().window(window), MAX_PAGES).await?;
                sort(
                    &got.rows,
                    got.complete,
                    lower,
                    |r| r.time,
                    |r| same(r.from_amount, want),
                    |r| {
                        let (time, amount) = (r.time?, r.from_amount?);
                        let key = OrderKey::synthesized(Family::Eth, OrderSide::Stake, time, amount);
                        let id = OrderId::new(format!("eth:wrap:{}", key.id));
                        let status = match r.status {
                            Some(StakingStatus::Success) => OrderStatus::Succeeded,
                            Some(StakingStatus::Failed) => OrderStatus::Failed,
                            _ => OrderStatus::Pending,
                        };
                        let venue_status = r.status.as_ref().map(|s| s.to_string()).unwrap_or_default();
                        let mut o = Order::new(
                            VENUE,
                            id,
                            BinanceProductId::EthStaking.product_id(),
                            "BETH".into(),
                            OrderSide::Stake,
                            amount,
                            status,
                            venue_status,
                        );
                        o.created_at = Some(time);
                        Some(Candidate::Order(o, String::new()))
                    },
                )
            }
            Route::Sol(OrderSide::Stake) => {
                let got = c.all_pages(GetSolStakingHistory::new().window(window), MAX_PAGES).await?;
                sort(
                    &got.rows,
                    got.complete,
                    lower,
                    |r| r.time,
                    |r| same(r.amount, want),
                    |r| sol_stake(r).map(|o| Candidate::Order(o, r.purchase_id.clone().unwrap_or_default())),
                )
            }
            Route::Sol(OrderSide::Redeem) => {
                let got = c.all_pages(GetSolRedemptionHistory::new().window(window), MAX_PAGES).await?;
                sort(
                    &got.rows,
                    got.complete,
                    lower,
                    |r| r.time,
                    |r| same(r.amount, want),
                    |r| sol_redemption(r).map(|o| Candidate::Order(o, r.redeem_id.clone().unwrap_or_default())),
                )
            }
            Route::Transfer(kind) => {
                let asset = intent.asset.as_ref().map(|a| a.as_str().to_owned());
                let got = c.all_pages(GetUniversalTransferHistory::new(kind.clone()).window(window), MAX_PAGES).await?;
                sort(
                    &got.rows,
                    got.complete,
                    lower,
                    |r| r.timestamp,
                    |r| {
                        same(r.amount, want)
                            && asset.as_ref().is_none_or(|a| r.asset.eq_ignore_ascii_case(a))
                            && r.kind.as_ref().is_none_or(|k| k == kind)
                    },
                    |r| transfer_of(kind, r).map(|t| Candidate::Transfer(t, r.tran_id.clone())),
                )
            }
        })
    }
}

/// The first unidentified acknowledged write (`acks`) that `candidate`'s row may belong to:
/// same family, side and amount, the row no older than the write's send − `recv`.
fn maybe_acknowledged(candidate: &Candidate, acks: &[OrderKey], recv: i64) -> Option<(String, String)> {
    let Candidate::Order(o, _) = candidate else { return None };
    let row = OrderKey::parse(&o.id).ok()?;
    acks.iter().find_map(|k| {
        let (_, sent, amount) = k.acknowledged_parts()?;
        let after = o.created_at.is_none_or(|t| t.0 >= sent.0.saturating_sub(recv));
        (k.family == row.family && k.side == row.side && o.amount.decimal() == amount.decimal() && after)
            .then(|| (o.id.to_string(), k.order_id().to_string()))
    })
}

/// The order with the intent's product when the intent names an adapter product (rows
/// may lack the product, or name it in Binance's terms only).
fn with_product(mut order: Order, product: &Option<ProductId>) -> Order {
    if let Some(p) = product.as_ref().filter(|p| BinanceProductId::parse(p).is_ok()) {
        order.product = p.clone();
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_700_000_000_000;
    const RECV: i64 = 5_000;

    fn amount(s: &str) -> Amount {
        Amount::parse(s).unwrap()
    }

    /// A SOL stake row of 3 at `T`, named by its time and amount.
    fn row() -> Candidate {
        let key = OrderKey::synthesized(Family::Sol, OrderSide::Stake, UnixMillis(T), amount("3"));
        let mut o = Order::new(
            VENUE,
            key.order_id(),
            ProductId::new("sol-staking"),
            "SOL".into(),
            OrderSide::Stake,
            amount("3"),
            OrderStatus::Succeeded,
            "SUCCESS",
        );
        o.created_at = Some(UnixMillis(T));
        Candidate::Order(o, String::new())
    }

    fn ack(family: Family, side: OrderSide, sent: i64, of: &str) -> OrderKey {
        OrderKey::acknowledged(family, side, "40607", UnixMillis(sent), amount(of))
    }

    /// A row may be an unidentified acknowledged write's only if it is of that write's
    /// family, side and amount, and not older than its send (less the receive window).
    #[test]
    fn a_row_may_be_an_acknowledged_writes_only_if_everything_agrees() {
        let may = |k: OrderKey| maybe_acknowledged(&row(), &[k], RECV);
        let (id, ack_id) = may(ack(Family::Sol, OrderSide::Stake, T - 10, "3")).expect("it may be");
        assert_eq!(
            (id.as_str(), ack_id.as_str()),
            (format!("sol:stake:t{T}-3").as_str(), format!("sol:stake:40607@t{}-3", T - 10).as_str())
        );
        // The row is from within the receive window before the send: it may still be.
        assert!(may(ack(Family::Sol, OrderSide::Stake, T + RECV, "3")).is_some());
        // Each condition failing alone rules the row out.
        assert_eq!(may(ack(Family::Eth, OrderSide::Stake, T - 10, "3")), None, "another family");
        assert_eq!(may(ack(Family::Sol, OrderSide::Redeem, T - 10, "3")), None, "another side");
        assert_eq!(may(ack(Family::Sol, OrderSide::Stake, T - 10, "4")), None, "another amount");
        assert_eq!(may(ack(Family::Sol, OrderSide::Stake, T + RECV + 1, "3")), None, "older than the send");
        // A key that is not an acknowledged one, and no keys at all: nothing.
        let plain = OrderKey::new(Family::Sol, OrderSide::Stake, "40607");
        assert_eq!(maybe_acknowledged(&row(), &[plain], RECV), None);
        assert_eq!(maybe_acknowledged(&row(), &[], RECV), None);
    }
}
