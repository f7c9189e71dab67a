//! `order()`, `recent_orders()`, and Binance history rows as [`Order`]s.
//!
//! Order ids are `<family>:<side>:<id>`: `flexible:stake:<purchaseId>`,
//! `flexible:redeem:<redeemId>`, `locked:stake:<purchaseId>`, `locked:redeem:<redeemId>`,
//! `eth:stake:<id>`, `eth:redeem:<id>`, `sol:stake:<id>`, `sol:redeem:<id>`. ETH/SOL history
//! rows carry no id in the documented answers (§10.1 E5/E6, §10.2 S5/S6), although the
//! stake and redeem answers give a `purchaseId`/`redeemId`. So an ETH/SOL `<id>` is:
//! * `t<time>-<amount>`: a row without an id, by its time and amount; after a write is
//!   acknowledged, the adapter reads its row (with the id filter Binance may honour) and
//!   names the order so, as [`recent_orders`](earn_core::EarnVenue::recent_orders) does;
//! * `<purchaseId>`: a row that carries Binance's id;
//! * `<purchaseId>@t<sent>-<amount>`: an acknowledged write whose row was not readable
//!   yet (or not told apart): looked up by the id where rows carry it, else as the only row
//!   of that amount from `sent − recvWindow` on.
//!
//! A BETH wrap found by reconciliation is `eth:wrap:t<time>-<amount>`; wraps are not orders
//! of the trait and cannot be looked up with `order()`.
//!
//! Statuses: `PURCHASING`/`CREATED`/`PENDING` are pending, `SUCCESS`/`PAID`/`CONFIRMED`
//! succeeded, `FAILED` failed; values Binance has not documented are pending (never final
//! by guess). A locked redemption row names no project: its order's product is
//! `locked-position:<positionId>` unless the caller's intent names the product.

use std::fmt;

use earn_core::{
    Amount, Asset, Error, Order, OrderId, OrderQuery, OrderRef, OrderSide, OrderStatus, ProductId, Result, UnixMillis,
};

use super::BinanceEarnVenue;
use super::positions::MAX_PAGES;
use super::products::BinanceProductId;
use crate::VENUE;
use crate::api::common::Window;
use crate::api::eth_staking::{
    EthRedemptionRow, EthStakingRow, GetEthRedemptionHistory, GetEthStakingHistory, StakingStatus,
};
use crate::api::flexible::{
    FlexibleRedemptionRow, FlexibleSubscriptionRow, GetFlexibleRedemptionRecord, GetFlexibleSubscriptionRecord,
};
use crate::api::locked::{
    GetLockedRedemptionRecord, GetLockedSubscriptionRecord, LockedRedemptionRow, LockedSubscriptionRow,
};
use crate::api::simple_earn::{RedemptionStatus, SubscriptionStatus};
use crate::api::sol_staking::{GetSolRedemptionHistory, GetSolStakingHistory, SolRedemptionRow, SolStakingRow};

/// Default number of recent orders.
const DEFAULT_RECENT: usize = 50;

/// How far around a synthesized ETH/SOL id's time a row is looked for.
const SYNTH_BEFORE_MS: i64 = 5 * 60 * 1000;
const SYNTH_AFTER_MS: i64 = 10 * 60 * 1000;

/// The product families orders belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Family {
    Flexible,
    Locked,
    Eth,
    Sol,
}

impl Family {
    fn as_str(self) -> &'static str {
        match self {
            Family::Flexible => "flexible",
            Family::Locked => "locked",
            Family::Eth => "eth",
            Family::Sol => "sol",
        }
    }

    pub(super) fn of(product: &BinanceProductId) -> Family {
        match product {
            BinanceProductId::Flexible { .. } => Family::Flexible,
            BinanceProductId::Locked { .. } => Family::Locked,
            BinanceProductId::EthStaking => Family::Eth,
            BinanceProductId::SolStaking => Family::Sol,
        }
    }
}

/// A parsed order id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct OrderKey {
    pub family: Family,
    pub side: OrderSide,
    pub id: String,
}

impl OrderKey {
    pub(super) fn new(family: Family, side: OrderSide, id: impl Into<String>) -> Self {
        OrderKey { family, side, id: id.into() }
    }

    /// An ETH/SOL id from a row's time and amount.
    pub(super) fn synthesized(family: Family, side: OrderSide, time: UnixMillis, amount: Amount) -> Self {
        OrderKey::new(family, side, format!("t{}-{}", time.0, amount.normalized()))
    }

    /// An acknowledged ETH/SOL write whose row is not known yet: Binance's id, the send
    /// time and the amount.
    pub(super) fn acknowledged(family: Family, side: OrderSide, id: &str, sent: UnixMillis, amount: Amount) -> Self {
        OrderKey::new(family, side, format!("{id}@t{}-{}", sent.0, amount.normalized()))
    }

    /// The parts of an [`acknowledged`](Self::acknowledged) id: (Binance's id, sent, amount).
    pub(super) fn acknowledged_parts(&self) -> Option<(&str, UnixMillis, Amount)> {
        let (id, rest) = self.id.split_once('@')?;
        let (sent, amount) = synthesized_parts(rest)?;
        numeric(id).then_some((id, sent, amount))
    }

    pub(super) fn parse(id: &OrderId) -> Result<Self> {
        let bad = || Error::invalid_input("order", format!("{id} is not a binance-earn order id"));
        let mut parts = id.as_str().splitn(3, ':');
        let (Some(f), Some(s), Some(rest)) = (parts.next(), parts.next(), parts.next()) else { return Err(bad()) };
        let family = match f {
            "flexible" => Family::Flexible,
            "locked" => Family::Locked,
            "eth" => Family::Eth,
            "sol" => Family::Sol,
            _ => return Err(bad()),
        };
        let side = match s {
            "stake" => OrderSide::Stake,
            "redeem" => OrderSide::Redeem,
            _ => return Err(bad()),
        };
        let key = OrderKey { family, side, id: rest.to_owned() };
        let staking = matches!(family, Family::Eth | Family::Sol);
        if numeric(rest) || (staking && (synthesized_parts(rest).is_some() || key.acknowledged_parts().is_some())) {
            Ok(key)
        } else {
            Err(bad())
        }
    }

    pub(super) fn order_id(&self) -> OrderId {
        OrderId::new(self.to_string())
    }
}

impl fmt::Display for OrderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = if self.side == OrderSide::Stake { "stake" } else { "redeem" };
        write!(f, "{}:{side}:{}", self.family.as_str(), self.id)
    }
}

/// Whether `id` is a Binance numeric id.
fn numeric(id: &str) -> bool {
    !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit())
}

/// `t<time>-<amount>` → (time, amount).
fn synthesized_parts(id: &str) -> Option<(UnixMillis, Amount)> {
    let (t, a) = id.strip_prefix('t')?.split_once('-')?;
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((UnixMillis(t.parse().ok()?), Amount::parse(a).ok()?))
}

fn subscription_status(s: Option<&SubscriptionStatus>) -> OrderStatus {
    match s {
        Some(SubscriptionStatus::Success) => OrderStatus::Succeeded,
        Some(SubscriptionStatus::Failed) => OrderStatus::Failed,
        _ => OrderStatus::Pending,
    }
}

fn redemption_status(s: Option<&RedemptionStatus>) -> OrderStatus {
    match s {
        Some(RedemptionStatus::Paid) => OrderStatus::Succeeded,
        Some(RedemptionStatus::Failed) => OrderStatus::Failed,
        _ => OrderStatus::Pending,
    }
}

fn staking_status(s: Option<&StakingStatus>) -> OrderStatus {
    match s {
        Some(StakingStatus::Success) => OrderStatus::Succeeded,
        Some(StakingStatus::Failed) => OrderStatus::Failed,
        _ => OrderStatus::Pending,
    }
}

fn text(s: Option<&impl fmt::Display>) -> String {
    s.map(|s| s.to_string()).unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
fn order(
    key: &OrderKey,
    product: ProductId,
    asset: &str,
    amount: Amount,
    status: OrderStatus,
    venue_status: String,
    created_at: Option<UnixMillis>,
    settles_at: Option<UnixMillis>,
) -> Order {
    let mut o = Order::new(VENUE, key.order_id(), product, Asset::new(asset), key.side, amount, status, venue_status);
    o.created_at = created_at;
    o.settles_at = settles_at;
    o
}

pub(super) fn flexible_subscription(r: &FlexibleSubscriptionRow) -> Option<Order> {
    if r.purchase_id.is_empty() {
        return None;
    }
    let key = OrderKey::new(Family::Flexible, OrderSide::Stake, r.purchase_id.clone());
    let product_id = r.product_id.clone().unwrap_or_else(|| r.asset.clone());
    let product = BinanceProductId::Flexible { asset: r.asset.clone(), product_id }.product_id();
    let status = subscription_status(r.status.as_ref());
    Some(order(&key, product, &r.asset, r.amount?, status, text(r.status.as_ref()), r.time, None))
}

pub(super) fn flexible_redemption(r: &FlexibleRedemptionRow) -> Option<Order> {
    if r.redeem_id.is_empty() {
        return None;
    }
    let key = OrderKey::new(Family::Flexible, OrderSide::Redeem, r.redeem_id.clone());
    let product_id = r.product_id.clone().unwrap_or_else(|| r.asset.clone());
    let product = BinanceProductId::Flexible { asset: r.asset.clone(), product_id }.product_id();
    let status = redemption_status(r.status.as_ref());
    Some(order(&key, product, &r.asset, r.amount?, status, text(r.status.as_ref()), r.time, None))
}

pub(super) fn locked_subscription(r: &LockedSubscriptionRow) -> Option<Order> {
    if r.purchase_id.is_empty() {
        return None;
    }
    let key = OrderKey::new(Family::Locked, OrderSide::Stake, r.purchase_id.clone());
    let project_id = r.project_id.clone().unwrap_or_else(|| r.asset.clone());
    let product = BinanceProductId::Locked { asset: r.asset.clone(), project_id }.product_id();
    let status = subscription_status(r.status.as_ref());
    Some(order(&key, product, &r.asset, r.amount?, status, text(r.status.as_ref()), r.time, None))
}

/// A locked redemption: the amount is the position's (`originalAmount`), what the caller
/// asked to redeem; `amount` (paid, after any loss) is in the venue status.
pub(super) fn locked_redemption(r: &LockedRedemptionRow, product: Option<&ProductId>) -> Option<Order> {
    if r.redeem_id.is_empty() {
        return None;
    }
    let key = OrderKey::new(Family::Locked, OrderSide::Redeem, r.redeem_id.clone());
    let product = product.cloned().unwrap_or_else(|| {
        ProductId::new(format!("locked-position:{}", r.position_id.as_deref().unwrap_or("unknown")))
    });
    let status = match (&r.status, r.is_complete) {
        (_, Some(false)) => OrderStatus::Pending,
        (s, _) => redemption_status(s.as_ref()),
    };
    let amount = r.original_amount.or(r.amount)?;
    let venue_status = format!(
        "{} {}{}",
        text(r.status.as_ref()),
        text(r.kind.as_ref()),
        r.loss_amount.filter(|l| !l.is_zero()).map(|l| format!(" (loss {l})")).unwrap_or_default()
    );
    Some(order(&key, product, &r.asset, amount, status, venue_status.trim().to_owned(), r.time, r.deliver_date))
}

fn staking_key(
    family: Family,
    side: OrderSide,
    id: Option<&String>,
    time: Option<UnixMillis>,
    amount: Amount,
) -> Option<OrderKey> {
    match (id.filter(|i| !i.is_empty()), time) {
        (Some(id), _) => Some(OrderKey::new(family, side, id.clone())),
        (None, Some(t)) => Some(OrderKey::synthesized(family, side, t, amount)),
        (None, None) => None,
    }
}

pub(super) fn eth_stake(r: &EthStakingRow) -> Option<Order> {
    let amount = r.amount?;
    let key = staking_key(Family::Eth, OrderSide::Stake, r.purchase_id.as_ref(), r.time, amount)?;
    let product = BinanceProductId::EthStaking.product_id();
    let asset = if r.asset.is_empty() { "ETH" } else { &r.asset };
    Some(order(&key, product, asset, amount, staking_status(r.status.as_ref()), text(r.status.as_ref()), r.time, None))
}

pub(super) fn eth_redemption(r: &EthRedemptionRow) -> Option<Order> {
    let amount = r.amount?;
    let key = staking_key(Family::Eth, OrderSide::Redeem, r.redeem_id.as_ref(), r.time, amount)?;
    let product = BinanceProductId::EthStaking.product_id();
    let status = staking_status(r.status.as_ref());
    Some(order(&key, product, &r.asset, amount, status, text(r.status.as_ref()), r.time, r.arrival_time))
}

pub(super) fn sol_stake(r: &SolStakingRow) -> Option<Order> {
    let amount = r.amount?;
    let key = staking_key(Family::Sol, OrderSide::Stake, r.purchase_id.as_ref(), r.time, amount)?;
    let product = BinanceProductId::SolStaking.product_id();
    let asset = if r.asset.is_empty() { "SOL" } else { &r.asset };
    Some(order(&key, product, asset, amount, staking_status(r.status.as_ref()), text(r.status.as_ref()), r.time, None))
}

pub(super) fn sol_redemption(r: &SolRedemptionRow) -> Option<Order> {
    let amount = r.amount?;
    let key = staking_key(Family::Sol, OrderSide::Redeem, r.redeem_id.as_ref(), r.time, amount)?;
    let product = BinanceProductId::SolStaking.product_id();
    let asset = if r.asset.is_empty() { "BNSOL" } else { &r.asset };
    let status = staking_status(r.status.as_ref());
    Some(order(&key, product, asset, amount, status, text(r.status.as_ref()), r.time, r.arrival_time))
}

impl BinanceEarnVenue {
    /// The orders of one family and side in `window` (Binance's default window when empty).
    pub(super) async fn family_orders(&self, family: Family, side: OrderSide, window: Window) -> Result<Vec<Order>> {
        let c = &self.client;
        Ok(match (family, side) {
            (Family::Flexible, OrderSide::Stake) => {
                let rows = c.all_pages(GetFlexibleSubscriptionRecord::new().window(window), MAX_PAGES).await?.rows;
                rows.iter().filter_map(flexible_subscription).collect()
            }
            (Family::Flexible, OrderSide::Redeem) => {
                let rows = c.all_pages(GetFlexibleRedemptionRecord::new().window(window), MAX_PAGES).await?.rows;
                rows.iter().filter_map(flexible_redemption).collect()
            }
            (Family::Locked, OrderSide::Stake) => {
                let rows = c.all_pages(GetLockedSubscriptionRecord::new().window(window), MAX_PAGES).await?.rows;
                rows.iter().filter_map(locked_subscription).collect()
            }
            (Family::Locked, OrderSide::Redeem) => {
                let rows = c.all_pages(GetLockedRedemptionRecord::new().window(window), MAX_PAGES).await?.rows;
                rows.iter().filter_map(|r| locked_redemption(r, None)).collect()
            }
            (Family::Eth, OrderSide::Stake) => {
                let rows = c.all_pages(GetEthStakingHistory::new().window(window), MAX_PAGES).await?.rows;
                rows.iter().filter_map(eth_stake).collect()
            }
            (Family::Eth, OrderSide::Redeem) => {
                let rows = c.all_pages(GetEthRedemptionHistory::new().window(window), MAX_PAGES).await?.rows;
                rows.iter().filter_map(eth_redemption).collect()
            }
            (Family::Sol, OrderSide::Stake) => {
                let rows = c.all_pages(GetSolStakingHistory::new().window(window), MAX_PAGES).await?.rows;
                rows.iter().filter_map(sol_stake).collect()
            }
            (Family::Sol, OrderSide::Redeem) => {
                let rows = c.all_pages(GetSolRedemptionHistory::new().window(window), MAX_PAGES).await?.rows;
                rows.iter().filter_map(sol_redemption).collect()
            }
        })
    }

    /// `EarnVenue::order`: one order by the id this adapter gave it (Binance's default
    /// 30-day window; `Ok(None)` when it is not there). Binance keeps no client ids.
    pub(super) async fn find_order(&self, order: &OrderRef) -> Result<Option<Order>> {
        let id = match order {
            OrderRef::Venue(id) => id,
            OrderRef::Client(_) => {
                return Err(Error::invalid_input("order", "Binance keeps no client ids; look orders up by their id"));
            }
        };
        let key = OrderKey::parse(id)?;
        let c = &self.client;
        let want = key.order_id();
        let found = match (key.family, key.side) {
            (Family::Flexible, OrderSide::Stake) => {
                let q = GetFlexibleSubscriptionRecord::new().purchase_id(key.id.clone());
                c.send(&q).await?.rows.iter().filter_map(flexible_subscription).find(|o| o.id == want)
            }
            (Family::Flexible, OrderSide::Redeem) => {
                let q = GetFlexibleRedemptionRecord::new().redeem_id(key.id.clone());
                c.send(&q).await?.rows.iter().filter_map(flexible_redemption).find(|o| o.id == want)
            }
            (Family::Locked, OrderSide::Stake) => {
                let q = GetLockedSubscriptionRecord::new().purchase_id(key.id.clone());
                c.send(&q).await?.rows.iter().filter_map(locked_subscription).find(|o| o.id == want)
            }
            (Family::Locked, OrderSide::Redeem) => {
                let q = GetLockedRedemptionRecord::new().redeem_id(key.id.clone());
                c.send(&q).await?.rows.iter().filter_map(|r| locked_redemption(r, None)).find(|o| o.id == want)
            }
            (Family::Eth | Family::Sol, side) => self.find_staking_order(&key, side).await?,
        };
        Ok(found)
    }

    /// The ETH/SOL rows of one family and side in `window`, asking Binance for only the
    /// row with its id `id` (an SDK-only filter it may ignore: rows are matched anyway).
    async fn staking_orders(&self, family: Family, side: OrderSide, window: Window, id: &str) -> Result<Vec<Order>> {
        let c = &self.client;
        let id = id.to_owned();
        Ok(match (family, side) {
            (Family::Eth, OrderSide::Stake) => {
                let q = GetEthStakingHistory::new().window(window).purchase_id(id);
                c.all_pages(q, MAX_PAGES).await?.rows.iter().filter_map(eth_stake).collect()
            }
            (Family::Eth, OrderSide::Redeem) => {
                let q = GetEthRedemptionHistory::new().window(window).redeem_id(id);
                c.all_pages(q, MAX_PAGES).await?.rows.iter().filter_map(eth_redemption).collect()
            }
            (Family::Sol, OrderSide::Stake) => {
                let q = GetSolStakingHistory::new().window(window).purchase_id(id);
                c.all_pages(q, MAX_PAGES).await?.rows.iter().filter_map(sol_stake).collect()
            }
            (_, OrderSide::Redeem) => {
                let q = GetSolRedemptionHistory::new().window(window).redeem_id(id);
                c.all_pages(q, MAX_PAGES).await?.rows.iter().filter_map(sol_redemption).collect()
            }
            (_, OrderSide::Stake) => Vec::new(),
        })
    }

    /// The row of an acknowledged ETH/SOL write (Binance's `id`, sent at `sent`, `amount`
    /// of `asset`): the row carrying the id, else the only row without one with that amount
    /// and asset from `sent − recvWindow` on that `taken` does not exclude. `None` when it
    /// is not there yet or cannot be told apart.
    pub(super) async fn acknowledged_row(
        &self,
        family: Family,
        side: OrderSide,
        id: &str,
        (sent, amount, asset): (UnixMillis, Amount, &str),
        taken: impl Fn(&Order) -> bool,
    ) -> Result<Option<Order>> {
        let recv = i64::try_from(self.client.recv_window().as_millis()).unwrap_or(i64::MAX);
        let lower = UnixMillis(sent.0.saturating_sub(recv));
        let window = Window::between(lower, UnixMillis(sent.0.saturating_add(SYNTH_AFTER_MS)));
        let orders = self.staking_orders(family, side, window, id).await?;
        let by_id = OrderKey::new(family, side, id).order_id();
        if let Some(o) = orders.iter().find(|o| o.id == by_id) {
            return Ok(Some(o.clone()));
        }
        let without_id = |o: &&Order| {
            OrderKey::parse(&o.id).is_ok_and(|k| synthesized_parts(&k.id).is_some())
                && o.amount.decimal() == amount.decimal()
                && (asset.is_empty() || o.asset.as_str().is_empty() || o.asset.as_str().eq_ignore_ascii_case(asset))
                && o.created_at.is_some_and(|t| t >= lower)
                && !taken(o)
        };
        let same: Vec<&Order> = orders.iter().filter(without_id).collect();
        Ok(if same.len() == 1 { Some(same[0].clone()) } else { None })
    }

    /// An ETH/SOL order: by the id filter Binance may honour (rows carrying the id), by a
    /// synthesized id's time and amount (one row with both, or the only one with that
    /// amount around that time), or, for an acknowledged write's id, as
    /// [`acknowledged_row`](Self::acknowledged_row) finds it (named by the id asked for).
    async fn find_staking_order(&self, key: &OrderKey, side: OrderSide) -> Result<Option<Order>> {
        let want = key.order_id();
        if let Some((id, sent, amount)) = key.acknowledged_parts() {
            let asset = match (key.family, side) {
                (_, OrderSide::Redeem) => "",
                (Family::Eth, _) => "ETH",
                _ => "SOL",
            };
            let found = self.acknowledged_row(key.family, side, id, (sent, amount, asset), |_| false).await?;
            return Ok(found.map(|mut o| {
                o.id = want;
                o
            }));
        }
        if let Some((time, amount)) = synthesized_parts(&key.id) {
            let window = Window::between(UnixMillis(time.0 - SYNTH_BEFORE_MS), UnixMillis(time.0 + SYNTH_AFTER_MS));
            let orders = self.family_orders(key.family, side, window).await?;
            if let Some(exact) = orders.iter().find(|o| o.id == want) {
                return Ok(Some(exact.clone()));
            }
            let same: Vec<&Order> = orders.iter().filter(|o| o.amount.decimal() == amount.decimal()).collect();
            return Ok(if same.len() == 1 { Some(same[0].clone()) } else { None });
        }
        let orders = self.staking_orders(key.family, side, Window::new(), &key.id).await?;
        Ok(orders.into_iter().find(|o| o.id == want))
    }

    /// `EarnVenue::recent_orders`: subscriptions and redemptions of the last 30 days
    /// (Binance's default window), newest first, at most `limit` (default 50).
    pub(super) async fn list_recent(&self, query: &OrderQuery) -> Result<Vec<Order>> {
        let product = query.product.as_ref().map(BinanceProductId::parse).transpose()?;
        let families: Vec<Family> = match &product {
            Some(p) => vec![Family::of(p)],
            None => vec![Family::Flexible, Family::Locked, Family::Eth, Family::Sol],
        };
        let sides: Vec<OrderSide> = match query.side {
            Some(s) => vec![s],
            None => vec![OrderSide::Stake, OrderSide::Redeem],
        };
        let mut out = Vec::new();
        for family in families {
            for side in &sides {
                out.extend(self.family_orders(family, *side, Window::new()).await?);
            }
        }
        if let Some(p) = &product {
            let id = p.product_id();
            // Locked redemption rows name no project; keep them when filtering by a locked
            // product only if their asset matches.
            out.retain(|o| {
                o.product == id || (o.product.as_str().starts_with("locked-position:") && o.asset.as_str() == p.asset())
            });
        }
        out.sort_by_key(|o| std::cmp::Reverse(o.created_at));
        out.truncate(query.limit.map_or(DEFAULT_RECENT, |l| l as usize));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_ids_round_trip() {
        for text in ["flexible:stake:40607", "locked:redeem:1", "eth:stake:t1700000000000-0.5", "sol:redeem:99"] {
            let key = OrderKey::parse(&OrderId::new(text)).unwrap();
            assert_eq!(key.to_string(), text);
        }
        let ack = OrderKey::parse(&OrderId::new("sol:stake:40607@t1700000000000-3")).unwrap();
        assert_eq!(ack.acknowledged_parts(), Some(("40607", UnixMillis(1_700_000_000_000), Amount::from(3))));
        for bad in [
            "flexible:stake:x",
            "locked:stake:t1-1",
            "eth:swap:1",
            "eth:stake:",
            "flexible:stake",
            "flexible:stake:1@t1-1",
            "sol:stake:x@t1-1",
            "sol:stake:1@1-1",
        ] {
            assert!(OrderKey::parse(&OrderId::new(bad)).is_err(), "{bad}");
        }
    }
}
