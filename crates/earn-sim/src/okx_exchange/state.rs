//! Ledger of the OKX exchange simulator: funding balances, staking rows, on-chain earn orders,
//! bills, and how they settle. Data and its invariants only; the handlers depend on it.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::catalog::{EarnProduct, StakingProduct};
use super::envelope::OkxError;
use crate::auth::DemoCredentials;
use crate::context::SimContext;
use crate::ledger::{Account, Accounts, Balances, Book, IdGen, fmt_amount, rows};

/// What an OKX exchange handler receives.
pub(crate) type Call<'a> = crate::routes::Call<'a, OkxAccount>;

/// Shared state of the OKX exchange simulator: demo keys are sent with
/// `x-simulated-trading: 1`.
pub(crate) type OkxState = Book<OkxAccount>;

/// One funding-bill row (`GET /api/v5/asset/bills`).
#[derive(Debug, Clone)]
pub(crate) struct Bill {
    pub(crate) bill_id: u64,
    pub(crate) ccy: String,
    /// Signed balance change.
    pub(crate) change: Decimal,
    pub(crate) balance_after: Decimal,
    pub(crate) bill_type: &'static str,
    pub(crate) ts: i64,
    pub(crate) notes: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowKind {
    Purchase,
    Redeem,
}

impl RowKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RowKind::Purchase => "purchase",
            RowKind::Redeem => "redeem",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowStatus {
    Pending,
    Success,
    Cancelled,
}

impl RowStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RowStatus::Pending => "pending",
            RowStatus::Success => "success",
            RowStatus::Cancelled => "cancelled",
        }
    }
}

/// One purchase or redemption of ETH/SOL staking.
#[derive(Debug, Clone)]
pub(crate) struct StakeRow {
    pub(crate) product: &'static StakingProduct,
    pub(crate) kind: RowKind,
    pub(crate) amt: Decimal,
    pub(crate) ord_id: u64,
    pub(crate) status: RowStatus,
    pub(crate) request_time: i64,
    pub(crate) completed_time: Option<i64>,
    pub(crate) est_completed_time: Option<i64>,
}

/// Where an on-chain earn order is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Bought at `purchased`; `8`, `9`, then `1` as the settlement delay passes.
    Active,
    CancellingPurchase {
        since: i64,
    },
    Redeeming {
        since: i64,
    },
    Completed {
        at: i64,
    },
}

/// One on-chain earn order.
#[derive(Debug, Clone)]
pub(crate) struct EarnOrder {
    pub(crate) ord_id: u64,
    pub(crate) product: &'static EarnProduct,
    pub(crate) amt: Decimal,
    pub(crate) tag: String,
    pub(crate) purchased: i64,
    pub(crate) phase: Phase,
}

impl EarnOrder {
    /// The order's `state` code at `now`.
    pub(crate) fn state(&self, now: i64, delay: i64) -> &'static str {
        match self.phase {
            Phase::Active if now < self.purchased.saturating_add(delay / 2) && delay > 0 => "8",
            Phase::Active if now < self.purchased.saturating_add(delay) => "9",
            Phase::Active => "1",
            Phase::CancellingPurchase { .. } => "13",
            Phase::Redeeming { .. } => "2",
            Phase::Completed { .. } => "3",
        }
    }
}

/// One user's account.
#[derive(Debug, Default)]
pub(crate) struct OkxAccount {
    pub(crate) funding: Balances,
    pub(crate) staking: Vec<StakeRow>,
    pub(crate) earn_orders: Vec<EarnOrder>,
    pub(crate) bills: Vec<Bill>,
}

impl OkxAccount {
    /// Credits the funding account and writes the bill.
    pub(crate) fn credit(
        &mut self,
        ids: &IdGen,
        ccy: &str,
        amount: Decimal,
        bill: (&'static str, &'static str),
        now: i64,
    ) {
        let after = self.funding.credit(ccy, amount);
        self.push_bill(ids, ccy, amount, after, bill, now);
    }

    /// Debits the funding account (`51736` when short) and writes the bill.
    pub(crate) fn debit(
        &mut self,
        ids: &IdGen,
        ccy: &str,
        amount: Decimal,
        bill: (&'static str, &'static str),
        now: i64,
    ) -> Result<(), OkxError> {
        let after = self
            .funding
            .debit(ccy, amount)
            .map_err(|_| OkxError::business("51736", format!("Insufficient {ccy} balance")))?;
        self.push_bill(ids, ccy, -amount, after, bill, now);
        Ok(())
    }

    fn push_bill(
        &mut self,
        ids: &IdGen,
        ccy: &str,
        change: Decimal,
        balance_after: Decimal,
        (bill_type, notes): (&'static str, &'static str),
        ts: i64,
    ) {
        let bill_id = ids.next();
        self.bills.push(Bill { bill_id, ccy: ccy.to_owned(), change, balance_after, bill_type, ts, notes });
    }

    /// The account as the admin API dumps it.
    fn snapshot(&self, environment: &str, now: i64, delay: i64) -> Value {
        let opt = |v: Option<i64>| v.map_or_else(String::new, |ms| ms.to_string());
        let staking = rows(&self.staking, |r| {
            json!({
                "ordId": r.ord_id.to_string(), "ccy": r.product.asset, "type": r.kind.as_str(),
                "amt": fmt_amount(r.amt), "status": r.status.as_str(),
                "requestTime": r.request_time.to_string(), "completedTime": opt(r.completed_time),
            })
        });
        let earn = rows(&self.earn_orders, |o| {
            json!({
                "ordId": o.ord_id.to_string(), "productId": o.product.id, "ccy": o.product.ccy,
                "amt": fmt_amount(o.amt), "state": o.state(now, delay), "tag": o.tag,
                "purchasedTime": o.purchased.to_string(),
            })
        });
        let bills = rows(&self.bills, |b| {
            json!({
                "billId": b.bill_id.to_string(), "ccy": b.ccy, "balChg": b.change.normalize().to_string(),
                "bal": fmt_amount(b.balance_after), "type": b.bill_type, "ts": b.ts.to_string(),
            })
        });
        let funding = self.funding.to_json();
        json!({"environment": environment, "funding": funding, "staking": staking, "onchainEarn": earn, "bills": bills})
    }

    /// ETH/SOL redemptions whose delay has passed: the staked asset is credited.
    fn settle_staking(&mut self, ids: &IdGen, now: i64, delay: i64) {
        for i in 0..self.staking.len() {
            let row = &mut self.staking[i];
            let settle_at = row.request_time.saturating_add(delay);
            if row.status != RowStatus::Pending || now < settle_at {
                continue;
            }
            row.status = RowStatus::Success;
            row.completed_time = Some(settle_at);
            let (product, amt) = (row.product, row.amt);
            self.credit(ids, product.asset, amt, product.bills[3], settle_at);
        }
    }

    /// On-chain earn cancellations and redemptions whose delay has passed: funds credited.
    fn settle_earn(&mut self, ids: &IdGen, now: i64, delay: i64) {
        for i in 0..self.earn_orders.len() {
            let order = &mut self.earn_orders[i];
            let (since, notes) = match order.phase {
                Phase::Redeeming { since } => (since, "On-chain earn redemption"),
                Phase::CancellingPurchase { since } => (since, "On-chain earn subscription cancelled"),
                Phase::Active | Phase::Completed { .. } => continue,
            };
            let at = since.saturating_add(delay);
            if now < at {
                continue;
            }
            order.phase = Phase::Completed { at };
            let (ccy, amt) = (order.product.ccy, order.amt);
            self.credit(ids, ccy, amt, ("82", notes), at);
        }
    }
}

impl Account for OkxAccount {
    fn settle(&mut self, ids: &IdGen, now: i64, delay: i64) {
        self.settle_staking(ids, now, delay);
        self.settle_earn(ids, now, delay);
    }
}

impl OkxState {
    /// The live and the demo account both start with the `seed` funding balances.
    pub(crate) fn new(
        ctx: Arc<SimContext>,
        credentials: DemoCredentials,
        demo_credentials: DemoCredentials,
        seed: &BTreeMap<String, Decimal>,
    ) -> Self {
        let seeded = |key: &DemoCredentials| {
            (key.api_key.clone(), OkxAccount { funding: Balances::from_seed(seed), ..OkxAccount::default() })
        };
        let seed = [seeded(&credentials), seeded(&demo_credentials)];
        let accounts = Accounts::new(seed, 754_147, ctx.settlement_delay_ms());
        Book { ctx, credentials, demo_credentials, accounts }
    }

    /// Every account as the admin API dumps it, settled at ledger time `now`.
    pub(crate) fn dump(&self, now: i64) -> Value {
        let delay = self.accounts.delay();
        self.snapshot(now, |key, account| {
            let environment = if key == self.demo_credentials.api_key { "demo" } else { "live" };
            account.snapshot(environment, now, delay)
        })
    }
}
