//! Ledger of the Bybit simulator: account balances, orders, positions, coupons.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rust_decimal::Decimal;

use super::fixed::{FixedOrder, FixedPosition};
use super::products::Product;
use crate::auth::DemoCredentials;
use crate::context::SimContext;
use crate::ledger::Balances;

/// Shared state of the Bybit simulator.
#[derive(Debug)]
pub(crate) struct BybitState {
    pub(crate) ctx: Arc<SimContext>,
    pub(crate) credentials: DemoCredentials,
    accounts: Mutex<HashMap<String, BybitAccount>>,
    ids: AtomicU64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OrderKind {
    Stake,
    Redeem,
}

impl OrderKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            OrderKind::Stake => "Stake",
            OrderKind::Redeem => "Redeem",
        }
    }
}

/// One stake or redeem order.
#[derive(Debug, Clone)]
pub(crate) struct Order {
    pub(crate) order_id: String,
    pub(crate) link_id: String,
    pub(crate) product: &'static Product,
    pub(crate) kind: OrderKind,
    pub(crate) amount: Decimal,
    pub(crate) settled: bool,
    pub(crate) created: i64,
    pub(crate) settle_at: i64,
    /// Account credited when a redemption settles / debited by a stake.
    pub(crate) account_type: &'static str,
    /// OnChain non-LST: the position the order created or redeems.
    pub(crate) position_id: Option<u64>,
}

/// A staked position.
#[derive(Debug, Clone)]
pub(crate) struct Position {
    pub(crate) id: u64,
    pub(crate) product: &'static Product,
    /// Principal: settled stakes minus redemptions placed.
    pub(crate) amount: Decimal,
    /// OnChain non-LST: `Processing` until the stake settles.
    pub(crate) active: bool,
    pub(crate) order_id: String,
    pub(crate) created: i64,
    pub(crate) settle_at: i64,
    pub(crate) auto_reinvest: bool,
    /// Principal after each change `(venue ms, amount)`, for yield accrual.
    pub(crate) history: Vec<(i64, Decimal)>,
}

impl Position {
    /// Principal at venue time `t`.
    pub(crate) fn amount_at(&self, t: i64) -> Decimal {
        self.history.iter().rev().find(|(at, _)| *at <= t).map_or(Decimal::ZERO, |(_, a)| *a)
    }
}

/// A FlexibleSaving interest coupon (`/v5/earn/coupons`).
#[derive(Debug, Clone)]
pub(crate) struct Coupon {
    pub(crate) award_id: i64,
    pub(crate) spec_code: &'static str,
    pub(crate) coin: &'static str,
    pub(crate) claimed_at_s: i64,
    pub(crate) used_at_s: i64,
    pub(crate) product_id: i64,
    pub(crate) effective_amount: Decimal,
}

/// One user's account.
#[derive(Debug, Default)]
pub(crate) struct BybitAccount {
    pub(crate) fund: Balances,
    pub(crate) unified: Balances,
    pub(crate) orders: Vec<Order>,
    /// `orderLinkId` → venue ms of the accepted order using it.
    pub(crate) link_ids: HashMap<String, i64>,
    pub(crate) positions: Vec<Position>,
    pub(crate) coupons: Vec<Coupon>,
    pub(crate) fixed_orders: Vec<FixedOrder>,
    pub(crate) fixed_positions: Vec<FixedPosition>,
}

impl BybitAccount {
    pub(crate) fn balances(&mut self, account_type: &str) -> &mut Balances {
        if account_type == "UNIFIED" { &mut self.unified } else { &mut self.fund }
    }

    /// Settles orders whose delay has passed.
    pub(crate) fn settle(&mut self, ids: &AtomicU64, now: i64) {
        for i in 0..self.orders.len() {
            if self.orders[i].settled || now < self.orders[i].settle_at {
                continue;
            }
            self.orders[i].settled = true;
            let order = self.orders[i].clone();
            match order.kind {
                OrderKind::Redeem => {
                    self.balances(order.account_type).credit(order.product.coin, order.amount);
                }
                OrderKind::Stake => self.settle_stake(ids, &order),
            }
        }
        super::fixed::settle(self, now);
    }

    fn settle_stake(&mut self, ids: &AtomicU64, order: &Order) {
        let at = order.settle_at;
        let existing = match order.position_id {
            Some(id) => self.positions.iter_mut().find(|p| p.id == id),
            None => self.positions.iter_mut().find(|p| std::ptr::eq(p.product, order.product)),
        };
        match existing {
            Some(position) if order.position_id.is_some() => {
                position.active = true;
                position.history.push((at, position.amount));
            }
            Some(position) => {
                position.amount += order.amount;
                position.history.push((at, position.amount));
            }
            None => self.positions.push(Position {
                id: ids.fetch_add(1, Ordering::Relaxed),
                product: order.product,
                amount: order.amount,
                active: true,
                order_id: order.order_id.clone(),
                created: at,
                settle_at: at,
                auto_reinvest: false,
                history: vec![(at, order.amount)],
            }),
        }
    }
}

impl BybitState {
    pub(crate) fn new(ctx: Arc<SimContext>, credentials: DemoCredentials, seed: &BTreeMap<String, Decimal>) -> Self {
        let claimed = ctx.now_ms().div_euclid(1000);
        let account = BybitAccount {
            fund: Balances::from_seed(seed),
            coupons: vec![Coupon {
                award_id: 1001,
                spec_code: "FS_APY_3PCT_30D",
                coin: "USDT",
                claimed_at_s: claimed,
                used_at_s: 0,
                product_id: 0,
                effective_amount: Decimal::ZERO,
            }],
            ..BybitAccount::default()
        };
        let accounts = HashMap::from([(credentials.api_key.clone(), account)]);
        BybitState { ctx, credentials, accounts: Mutex::new(accounts), ids: AtomicU64::new(326) }
    }

    /// Runs `f` on the account of `api_key` (the demo account when `None`), settled at `now`
    /// before and after.
    pub(crate) fn with_account<R>(
        &self,
        api_key: Option<&str>,
        now: i64,
        f: impl FnOnce(&mut BybitAccount, &AtomicU64) -> R,
    ) -> R {
        let mut accounts = self.accounts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let account = accounts.entry(api_key.unwrap_or(&self.credentials.api_key).to_owned()).or_default();
        account.settle(&self.ids, now);
        let result = f(account, &self.ids);
        account.settle(&self.ids, now);
        result
    }

    /// FUND balance of `asset` for `api_key`.
    pub(crate) fn fund_balance(&self, api_key: &str, asset: &str) -> Decimal {
        self.with_account(Some(api_key), self.ctx.now_ms(), |account, _| account.fund.get(asset))
    }
}
