//! Ledger of the Bybit simulator: FUND and UNIFIED balances, internal transfers, orders,
//! positions, coupons, Fixed Saving, and how they settle. Data and its invariants only; the
//! handlers depend on it.

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::catalog::{BYUSDT_SAVINGS_PRODUCT, FixedProduct, HOLD_PRODUCTS, MS_PER_DAY, Product};
use crate::auth::DemoCredentials;
use crate::context::SimContext;
use crate::ledger::{Account, Accounts, Balances, Book, IdGen, WalletSeed, fmt_amount, rows};

/// What a Bybit handler receives.
pub(crate) type Call<'a> = crate::routes::Call<'a, BybitAccount>;

/// How long an accepted `orderLinkId` cannot be reused.
pub(crate) const LINK_ID_TTL_MS: i64 = 30 * 60 * 1000;

/// Shared state of the Bybit simulator. The simulator is the mainnet host: demo-trading keys
/// belong to another host, so here they answer `10003`.
pub(crate) type BybitState = Book<BybitAccount>;

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
    pub(crate) settle_at: i64,
    pub(crate) auto_reinvest: bool,
    /// Principal after each change `(venue ms, amount)`, for yield accrual.
    pub(crate) history: Vec<(i64, Decimal)>,
    /// OnChain `Fixed`: when the term ends (`settlementTime`); the principal is locked until
    /// then, and returns to FUND then unless auto-reinvest rolls it into another term.
    pub(crate) matures: Option<i64>,
}

impl Position {
    /// Whether the position is locked in a fixed term at `now`.
    pub(crate) fn locked_at(&self, now: i64) -> bool {
        self.matures.is_some_and(|m| now < m)
    }
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
    /// The subscription order.
    pub(crate) order_id: String,
    pub(crate) created: i64,
    /// `None` while the subscription is processing.
    pub(crate) matures: Option<i64>,
    pub(crate) auto_invest: bool,
    /// Set by an early redemption: when it settles.
    pub(crate) redeeming_until: Option<i64>,
    pub(crate) closed: bool,
}

/// A BYUSDT mint or redemption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// USDT from FlexibleSaving → BYUSDT.
    Mint,
    /// BYUSDT → USDT into UNIFIED.
    Redeem,
}

impl TokenKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            TokenKind::Mint => "Mint",
            TokenKind::Redeem => "Redeem",
        }
    }
}

/// One BYUSDT order: the source is taken when it is placed, the target paid when it settles.
#[derive(Debug, Clone)]
pub(crate) struct TokenOrder {
    pub(crate) order_id: String,
    pub(crate) link_id: String,
    pub(crate) kind: TokenKind,
    pub(crate) from_amount: Decimal,
    /// Net of the fee.
    pub(crate) to_amount: Decimal,
    pub(crate) fee: Decimal,
    pub(crate) created: i64,
    pub(crate) settle_at: i64,
    pub(crate) settled: bool,
}

/// One Hold to Earn airdrop record (already distributed).
#[derive(Debug, Clone)]
pub(crate) struct Airdrop {
    pub(crate) coin: &'static str,
    pub(crate) yield_coin: &'static str,
    pub(crate) effective_amount: Decimal,
    pub(crate) pnl: Decimal,
    pub(crate) apy: &'static str,
    /// Unix seconds.
    pub(crate) created_s: i64,
}

/// An internal transfer between the user's FUND and UNIFIED accounts: the source is debited
/// when it is accepted, the destination credited when it settles.
#[derive(Debug, Clone)]
pub(crate) struct InterTransfer {
    pub(crate) transfer_id: String,
    pub(crate) coin: String,
    pub(crate) amount: Decimal,
    pub(crate) from: &'static str,
    pub(crate) to: &'static str,
    pub(crate) created: i64,
    pub(crate) settles_at: i64,
    pub(crate) settled: bool,
}

impl InterTransfer {
    /// `SUCCESS` once settled, `PENDING` before.
    pub(crate) fn status(&self) -> &'static str {
        if self.settled { "SUCCESS" } else { "PENDING" }
    }
}

/// One user's account.
#[derive(Debug, Default)]
pub(crate) struct BybitAccount {
    /// The Funding account: OnChain draws on it; OnChain, Fixed Saving pay back to it.
    pub(crate) fund: Balances,
    /// The Unified Trading account.
    pub(crate) unified: Balances,
    pub(crate) transfers: Vec<InterTransfer>,
    pub(crate) orders: Vec<Order>,
    /// `orderLinkId` → venue ms of the accepted order using it.
    pub(crate) link_ids: HashMap<String, i64>,
    pub(crate) positions: Vec<Position>,
    pub(crate) coupons: Vec<Coupon>,
    pub(crate) fixed_orders: Vec<FixedOrder>,
    pub(crate) fixed_positions: Vec<FixedPosition>,
    /// BYUSDT held, after each change `(venue ms, amount)`; the last entry is the holding.
    pub(crate) byusdt: Vec<(i64, Decimal)>,
    pub(crate) token_orders: Vec<TokenOrder>,
    pub(crate) airdrops: Vec<Airdrop>,
}

impl BybitAccount {
    pub(crate) fn balances(&mut self, account_type: &str) -> &mut Balances {
        if account_type == "UNIFIED" { &mut self.unified } else { &mut self.fund }
    }

    /// The transfer with this `transferId` (any case), if one was accepted.
    pub(crate) fn transfer(&self, transfer_id: &str) -> Option<&InterTransfer> {
        self.transfers.iter().find(|t| t.transfer_id.eq_ignore_ascii_case(transfer_id))
    }

    /// Accepts a transfer: debits `from` now (`false`, nothing changed, when it holds less)
    /// and records it, pending until `settles_at` (settled at once when that is now).
    pub(crate) fn start_transfer(&mut self, mut transfer: InterTransfer, now: i64) -> bool {
        if self.balances(transfer.from).debit(&transfer.coin, transfer.amount).is_err() {
            return false;
        }
        transfer.settled = false;
        self.transfers.push(transfer);
        self.settle_transfers(now);
        true
    }

    /// Transfers whose delay has passed: the destination is credited.
    fn settle_transfers(&mut self, now: i64) {
        for i in 0..self.transfers.len() {
            let t = &mut self.transfers[i];
            if t.settled || now < t.settles_at {
                continue;
            }
            t.settled = true;
            let (to, coin, amount) = (t.to, t.coin.clone(), t.amount);
            self.balances(to).credit(&coin, amount);
        }
    }

    /// OnChain fixed-term positions whose term has ended: rolled over (auto-reinvest) or
    /// paid back to FUND (the simulator pays no interest into balances).
    fn settle_fixed_terms(&mut self, now: i64) {
        let mut paid = Vec::new();
        for p in self.positions.iter_mut().filter(|p| p.active && !p.amount.is_zero()) {
            let Some(mut matures) = p.matures else { continue };
            let term = p.product.term.max(1) * super::catalog::MS_PER_DAY;
            while p.auto_reinvest && now >= matures {
                matures += term;
            }
            p.matures = Some(matures);
            if now >= matures {
                paid.push((p.product.coin, p.amount));
                p.amount = Decimal::ZERO;
                p.history.push((matures, Decimal::ZERO));
            }
        }
        for (coin, amount) in paid {
            self.fund.credit(coin, amount);
        }
    }

    /// The account as the admin API dumps it.
    fn snapshot(&self) -> Value {
        let orders = rows(&self.orders, |o| {
            json!({
                "orderId": o.order_id, "orderLinkId": o.link_id, "category": o.product.category,
                "productId": o.product.id, "orderType": o.kind.as_str(), "amount": fmt_amount(o.amount),
                "status": if o.settled { "Success" } else { "Pending" }, "createdAt": o.created.to_string(),
            })
        });
        let positions = rows(&self.positions, |p| {
            json!({
                "id": p.id.to_string(), "category": p.product.category, "productId": p.product.id,
                "coin": p.product.coin, "amount": fmt_amount(p.amount),
                "status": if p.active { "Active" } else { "Processing" },
            })
        });
        let fixed = rows(&self.fixed_positions, |p| {
            let status = match (p.closed, p.redeeming_until.is_some(), p.matures.is_some()) {
                (true, _, _) => "Closed",
                (false, true, _) => "EarlyRedemptionProcessing",
                (false, false, true) => "Active",
                (false, false, false) => "Processing",
            };
            json!({
                "positionId": p.id.to_string(), "category": p.product.category, "productId": p.product.id,
                "coin": p.product.coin, "amount": fmt_amount(p.amount), "status": status,
            })
        });
        let tokens = rows(&self.token_orders, |o| {
            json!({
                "orderId": o.order_id, "orderLinkId": o.link_id, "orderType": o.kind.as_str(),
                "fromAmount": fmt_amount(o.from_amount), "toAmount": fmt_amount(o.to_amount),
                "status": if o.settled { "Success" } else { "Processing" },
            })
        });
        let transfers = rows(&self.transfers, |t| {
            json!({
                "transferId": t.transfer_id, "coin": t.coin, "amount": fmt_amount(t.amount),
                "fromAccountType": t.from, "toAccountType": t.to, "status": t.status(),
                "timestamp": t.created.to_string(),
            })
        });
        json!({
            "FUND": self.fund.to_json(), "UNIFIED": self.unified.to_json(), "BYUSDT": fmt_amount(self.byusdt_holding()),
            "transfers": transfers, "orders": orders, "positions": positions, "fixedPositions": fixed,
            "tokenOrders": tokens,
        })
    }

    /// BYUSDT held now.
    pub(crate) fn byusdt_holding(&self) -> Decimal {
        self.byusdt.last().map_or(Decimal::ZERO, |(_, a)| *a)
    }

    /// BYUSDT held at venue time `t`.
    pub(crate) fn byusdt_at(&self, t: i64) -> Decimal {
        self.byusdt.iter().rev().find(|(at, _)| *at <= t).map_or(Decimal::ZERO, |(_, a)| *a)
    }

    /// Changes the BYUSDT holding by `change` at `at`.
    pub(crate) fn move_byusdt(&mut self, at: i64, change: Decimal) {
        let held = self.byusdt_holding() + change;
        self.byusdt.push((at, held));
    }

    /// The FlexibleSaving USDT position a BYUSDT mint draws on.
    pub(crate) fn savings_position(&mut self) -> Option<&mut Position> {
        self.positions
            .iter_mut()
            .find(|p| p.product.category == "FlexibleSaving" && p.product.id == BYUSDT_SAVINGS_PRODUCT)
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
                settle_at: at,
                auto_reinvest: false,
                history: vec![(at, order.amount)],
                matures: None,
            }),
        }
    }

    /// BYUSDT orders whose delay has passed: minted tokens or redeemed USDT arrive.
    fn settle_tokens(&mut self, now: i64) {
        for i in 0..self.token_orders.len() {
            let order = &mut self.token_orders[i];
            if order.settled || now < order.settle_at {
                continue;
            }
            order.settled = true;
            let (kind, at, amount) = (order.kind, order.settle_at, order.to_amount);
            match kind {
                TokenKind::Mint => self.move_byusdt(at, amount),
                TokenKind::Redeem => {
                    self.unified.credit("USDT", amount);
                }
            }
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
        self.settle_transfers(now);
        self.settle_orders(ids, now);
        self.settle_fixed_terms(now);
        self.settle_fixed(now);
        self.settle_tokens(now);
    }

    fn wallet(&mut self, name: &str) -> Option<&mut Balances> {
        match name {
            "FUND" => Some(&mut self.fund),
            "UNIFIED" => Some(&mut self.unified),
            _ => None,
        }
    }
}

impl BybitState {
    pub(crate) fn new(
        ctx: Arc<SimContext>,
        credentials: DemoCredentials,
        demo_credentials: DemoCredentials,
        seed: &WalletSeed,
    ) -> Self {
        let now = ctx.ledger_now_ms();
        let claimed = now.div_euclid(1000);
        let seeded = BybitAccount::seeded(seed);
        let fund_usdt = seeded.fund.get("USDT");
        let account = BybitAccount {
            coupons: vec![Coupon {
                award_id: 1001,
                spec_code: "FS_APY_3PCT_30D",
                coin: "USDT",
                claimed_at_s: claimed,
                used_at_s: 0,
                product_id: 0,
                effective_amount: Decimal::ZERO,
            }],
            airdrops: seeded_airdrops(now, fund_usdt),
            ..seeded
        };
        let accounts = Accounts::new([(credentials.api_key.clone(), account)], 326, ctx.settlement_delay_ms())
            .with_transfer_delay(ctx.transfer_delay_ms);
        Book { ctx, credentials, demo_credentials, accounts }
    }

    /// Every account as the admin API dumps it, settled at ledger time `now`.
    pub(crate) fn dump(&self, now: i64) -> Value {
        self.snapshot(now, |_, account| account.snapshot())
    }
}

/// Hold to Earn history of the seeded account: the USDT airdrop of each of the three UTC days
/// before `now`, on the seeded FUND USDT (distributed at 00:00 UTC the day after).
fn seeded_airdrops(now: i64, usdt: Decimal) -> Vec<Airdrop> {
    let Some(product) = HOLD_PRODUCTS.iter().find(|p| p.coin == "USDT") else { return Vec::new() };
    let rate = product.apy.trim_end_matches('%').parse::<Decimal>().unwrap_or_default() / Decimal::ONE_HUNDRED;
    let today = now - now.rem_euclid(MS_PER_DAY);
    (1..=3)
        .map(|days_ago| Airdrop {
            coin: product.coin,
            yield_coin: product.coin,
            effective_amount: usdt,
            pnl: (usdt * rate / Decimal::from(365)).round_dp(8),
            apy: product.apy,
            created_s: (today - (days_ago - 1) * MS_PER_DAY).div_euclid(1000),
        })
        .filter(|a| !a.pnl.is_zero())
        .collect()
}
