//! Ledger of the Bybit simulator: account balances, orders, positions, coupons, Fixed Saving,
//! and how they settle. Data and its invariants only; the handlers depend on it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rust_decimal::Decimal;

use super::catalog::{FixedProduct, Product};
use crate::auth::DemoCredentials;
use crate::context::SimContext;
use crate::ledger::{Account, Accounts, Balances, IdGen};

/// What a Bybit handler receives.
pub(crate) type Call<'a> = crate::routes::Call<'a, BybitAccount>;

/// How long an accepted `orderLinkId` cannot be reused.
pub(crate) const LINK_ID_TTL_MS: i64 = 30 * 60 * 1000;

/// Shared state of the Bybit simulator.
#[derive(Debug)]
pub(crate) struct BybitState {
    pub(crate) ctx: Arc<SimContext>,
    pub(crate) credentials: DemoCredentials,
    pub(crate) accounts: Accounts<BybitAccount>,
}

/// Stake or redeem, for Easy Earn and Fixed Saving orders alike.
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

/// One Fixed Saving order.
#[derive(Debug, Clone)]
pub(crate) struct FixedOrder {
    pub(crate) order_id: String,
    pub(crate) link_id: String,
    pub(crate) kind: OrderKind,
    pub(crate) product: &'static FixedProduct,
    pub(crate) amount: Decimal,
    pub(crate) created: i64,
    pub(crate) settle_at: i64,
    pub(crate) position_id: u64,
    pub(crate) complete: bool,
}

/// One Fixed Saving position.
#[derive(Debug, Clone)]
pub(crate) struct FixedPosition {
    pub(crate) id: u64,
    pub(crate) product: &'static FixedProduct,
    pub(crate) amount: Decimal,
    /// `None` while the subscription is processing.
    pub(crate) matures: Option<i64>,
    pub(crate) auto_invest: bool,
    /// Set by an early redemption: when it settles.
    pub(crate) redeeming_until: Option<i64>,
    pub(crate) closed: bool,
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

    /// Whether `link_id` was accepted less than [`LINK_ID_TTL_MS`] before `now`.
    pub(crate) fn link_id_in_use(&self, link_id: &str, now: i64) -> bool {
        self.link_ids.get(link_id).is_some_and(|at| now - at < LINK_ID_TTL_MS)
    }

    /// The open Fixed Saving position `id` of `product`.
    pub(crate) fn open_fixed_position(
        &mut self,
        product: &'static FixedProduct,
        id: &str,
    ) -> Option<&mut FixedPosition> {
        self.fixed_positions
            .iter_mut()
            .find(|p| !p.closed && std::ptr::eq(p.product, product) && p.id.to_string() == id)
    }

    /// Easy & On-Chain Earn orders whose delay has passed.
    fn settle_orders(&mut self, ids: &IdGen, now: i64) {
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
    }

    fn settle_stake(&mut self, ids: &IdGen, order: &Order) {
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
                id: ids.next(),
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

    /// Fixed Saving: activates subscriptions, matures positions and settles early redemptions.
    fn settle_fixed(&mut self, now: i64) {
        for order in self.fixed_orders.iter_mut().filter(|o| !o.complete && now >= o.settle_at) {
            let Some(position) = self.fixed_positions.iter_mut().find(|p| p.id == order.position_id) else { continue };
            match order.kind {
                OrderKind::Stake if position.matures.is_none() => {
                    position.matures = Some(order.settle_at + order.product.duration_ms);
                }
                OrderKind::Redeem if !position.closed => {
                    position.closed = true;
                    self.fund.credit(order.product.coin, position.amount);
                    order.complete = true;
                }
                _ => {}
            }
        }
        for position in self.fixed_positions.iter_mut().filter(|p| !p.closed && p.redeeming_until.is_none()) {
            let Some(mut matures) = position.matures else { continue };
            while position.auto_invest && now >= matures {
                matures += position.product.duration_ms;
            }
            position.matures = Some(matures);
            if now >= matures {
                position.closed = true;
                self.fund.credit(position.product.coin, position.amount);
            }
        }
        for order in self.fixed_orders.iter_mut().filter(|o| o.kind == OrderKind::Stake && !o.complete) {
            order.complete = self.fixed_positions.iter().any(|p| p.id == order.position_id && p.closed);
        }
    }
}

impl Account for BybitAccount {
    fn settle(&mut self, ids: &IdGen, now: i64, _delay: i64) {
        self.settle_orders(ids, now);
        self.settle_fixed(now);
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
        let accounts = Accounts::new([(credentials.api_key.clone(), account)], 326, ctx.settlement_delay_ms());
        BybitState { ctx, credentials, accounts }
    }

    /// FUND balance of `asset` for `api_key`.
    pub(crate) fn fund_balance(&self, api_key: &str, asset: &str) -> Decimal {
        self.accounts.with(api_key, self.ctx.now_ms(), |account, _| account.fund.get(asset))
    }
}
