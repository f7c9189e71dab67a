//! Ledger of the OKX exchange simulator: funding and trading balances, transfers between them,
//! staking rows, on-chain earn orders, Simple Earn savings, bills, and how they settle. Data
//! and its invariants only; the handlers depend on it.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::catalog::{EarnProduct, FUNDING, SavingsProduct, StakingProduct, TRADING};
use super::envelope::OkxError;
use crate::auth::DemoCredentials;
use crate::context::SimContext;
use crate::ledger::{Account, Accounts, Balances, Book, IdGen, WalletSeed, fmt_amount, rows};

const HOUR_MS: i64 = 3_600_000;
const HOURS_PER_YEAR: i64 = 8_760;
/// Lending records older than this are dropped (`lending-history` covers the past month).
const LENDING_KEPT_MS: i64 = 31 * 86_400_000;

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
    /// The transfer's `clientId` (`""` for other bills).
    pub(crate) client_id: String,
}

/// A transfer between the user's funding (`6`) and trading (`18`) accounts: the source is
/// debited when it is accepted, the destination credited when it settles.
#[derive(Debug, Clone)]
pub(crate) struct Transfer {
    pub(crate) trans_id: u64,
    pub(crate) client_id: String,
    pub(crate) ccy: String,
    pub(crate) amt: Decimal,
    pub(crate) from: &'static str,
    pub(crate) to: &'static str,
    pub(crate) created: i64,
    pub(crate) settles_at: i64,
    pub(crate) settled: bool,
}

impl Transfer {
    /// `transfer-state` `state`: `pending` until it settles, then `success`.
    pub(crate) fn state(&self) -> &'static str {
        if self.settled { "success" } else { "pending" }
    }
}

/// The Simple Earn Flexible holding of one currency: `amt = loanAmt + pendingAmt`.
///
/// Lending is matched on the hour: at each full hour everything is lent (`pendingAmt` →
/// `loanAmt`) when the user's minimum rate is at most the market rate, and nothing is lent
/// otherwise. Lent money earns the market rate for the hour, paid at its end into `loanAmt`
/// (compounding) and counted in `earnings`.
#[derive(Debug, Clone)]
pub(crate) struct Savings {
    pub(crate) product: &'static SavingsProduct,
    pub(crate) loan: Decimal,
    pub(crate) pending: Decimal,
    pub(crate) earnings: Decimal,
    /// The user's minimum annual lending rate.
    pub(crate) rate: Decimal,
    /// Start of the first hour not yet accrued.
    pub(crate) accrued_to: i64,
}

impl Savings {
    pub(crate) fn new(product: &'static SavingsProduct, rate: Decimal, now: i64) -> Self {
        let accrued_to = now - now.rem_euclid(HOUR_MS);
        Savings { product, loan: Decimal::ZERO, pending: Decimal::ZERO, earnings: Decimal::ZERO, rate, accrued_to }
    }

    /// What is in savings: lent plus waiting to be lent.
    pub(crate) fn amt(&self) -> Decimal {
        self.loan + self.pending
    }

    /// Takes `amount` out, the unlent part first; `false` (nothing taken) when it holds less.
    pub(crate) fn take(&mut self, amount: Decimal) -> bool {
        if amount > self.amt() {
            return false;
        }
        let from_pending = amount.min(self.pending);
        self.pending -= from_pending;
        self.loan -= amount - from_pending;
        true
    }

    /// Accrues every full hour before `now`, writing one lending record per hour lent.
    fn accrue(&mut self, now: i64, records: &mut Vec<LendingRecord>) {
        let market = self.product.market_rate();
        let hourly = market / Decimal::from(HOURS_PER_YEAR);
        while self.accrued_to.saturating_add(HOUR_MS) <= now {
            let hour = self.accrued_to;
            if !self.loan.is_zero() {
                let interest = (self.loan * hourly).round_dp(16);
                records.push(LendingRecord {
                    ccy: self.product.ccy,
                    amt: self.loan,
                    earnings: interest,
                    rate: market,
                    ts: hour,
                });
                self.loan += interest;
                self.earnings += interest;
            }
            if self.rate <= market {
                self.loan += self.pending;
                self.pending = Decimal::ZERO;
            } else {
                self.pending += self.loan;
                self.loan = Decimal::ZERO;
            }
            self.accrued_to = hour + HOUR_MS;
        }
    }
}

/// One hour of lending (`lending-history`).
#[derive(Debug, Clone)]
pub(crate) struct LendingRecord {
    pub(crate) ccy: &'static str,
    /// Lent during the hour.
    pub(crate) amt: Decimal,
    /// Earned during the hour.
    pub(crate) earnings: Decimal,
    pub(crate) rate: Decimal,
    /// Start of the hour.
    pub(crate) ts: i64,
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
    /// The funding account (`6`): what every earn product draws on and pays back to.
    pub(crate) funding: Balances,
    /// The trading account (`18`): cash only (spot mode, no orders, no borrowing).
    pub(crate) trading: Balances,
    pub(crate) staking: Vec<StakeRow>,
    pub(crate) earn_orders: Vec<EarnOrder>,
    /// Simple Earn Flexible holdings by currency.
    pub(crate) savings: BTreeMap<&'static str, Savings>,
    /// Hourly lending records, oldest first.
    pub(crate) lending: Vec<LendingRecord>,
    pub(crate) transfers: Vec<Transfer>,
    pub(crate) bills: Vec<Bill>,
}

/// A funding bill to write: `(type, notes)`.
pub(crate) type BillKind = (&'static str, &'static str);

/// Funding bill types of transfers (reference §3.4) and Simple Earn Flexible.
pub(crate) const BILL_FROM_TRADING: BillKind = ("130", "Transferred from Trading account");
pub(crate) const BILL_TO_TRADING: BillKind = ("131", "Transferred to Trading account");
pub(crate) const BILL_SAVINGS_PURCHASE: BillKind = ("75", "[Simple earn flexible] Subscription");
pub(crate) const BILL_SAVINGS_REDEMPTION: BillKind = ("76", "[Simple earn flexible] Redemption");

impl OkxAccount {
    /// Credits the funding account and writes the bill.
    pub(crate) fn credit(&mut self, ids: &IdGen, ccy: &str, amount: Decimal, bill: BillKind, now: i64) {
        self.credit_tagged(ids, ccy, amount, bill, now, "");
    }

    /// Credits the funding account and writes the bill with a transfer's `clientId`.
    pub(crate) fn credit_tagged(
        &mut self,
        ids: &IdGen,
        ccy: &str,
        amount: Decimal,
        bill: BillKind,
        now: i64,
        client_id: &str,
    ) {
        let after = self.funding.credit(ccy, amount);
        self.push_bill(ids, ccy, amount, after, bill, now, client_id);
    }

    /// Debits the funding account (`51736` when short) and writes the bill.
    pub(crate) fn debit(
        &mut self,
        ids: &IdGen,
        ccy: &str,
        amount: Decimal,
        bill: BillKind,
        now: i64,
    ) -> Result<(), OkxError> {
        let after = self
            .funding
            .debit(ccy, amount)
            .map_err(|_| OkxError::business("51736", format!("Insufficient {ccy} balance")))?;
        self.push_bill(ids, ccy, -amount, after, bill, now, "");
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn push_bill(
        &mut self,
        ids: &IdGen,
        ccy: &str,
        change: Decimal,
        balance_after: Decimal,
        (bill_type, notes): BillKind,
        ts: i64,
        client_id: &str,
    ) {
        let bill_id = ids.next();
        let client_id = client_id.to_owned();
        self.bills.push(Bill { bill_id, ccy: ccy.to_owned(), change, balance_after, bill_type, ts, notes, client_id });
    }

    /// Accepts a transfer of `amt` `ccy` from account code `from` to `to`: debits the source
    /// now (`None` when it holds less, nothing changed) and records it, pending until
    /// `settles_at` (settled at once when that is now).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn transfer(
        &mut self,
        ids: &IdGen,
        ccy: &str,
        amt: Decimal,
        (from, to): (&'static str, &'static str),
        client_id: &str,
        now: i64,
        settles_at: i64,
    ) -> Option<u64> {
        if from == FUNDING {
            let after = self.funding.debit(ccy, amt).ok()?;
            self.push_bill(ids, ccy, -amt, after, BILL_TO_TRADING, now, client_id);
        } else {
            self.trading.debit(ccy, amt).ok()?;
        }
        let trans_id = ids.next();
        self.transfers.push(Transfer {
            trans_id,
            client_id: client_id.to_owned(),
            ccy: ccy.to_owned(),
            amt,
            from,
            to,
            created: now,
            settles_at,
            settled: false,
        });
        self.settle_transfers(ids, now);
        Some(trans_id)
    }

    /// Transfers whose delay has passed: the destination is credited.
    fn settle_transfers(&mut self, ids: &IdGen, now: i64) {
        for i in 0..self.transfers.len() {
            let t = &mut self.transfers[i];
            if t.settled || now < t.settles_at {
                continue;
            }
            t.settled = true;
            let (ccy, amt, to, at, client_id) = (t.ccy.clone(), t.amt, t.to, t.settles_at, t.client_id.clone());
            if to == TRADING {
                self.trading.credit(&ccy, amt);
            } else {
                self.credit_tagged(ids, &ccy, amt, BILL_FROM_TRADING, at, &client_id);
            }
        }
    }

    /// Savings: hourly lending and interest up to `now`.
    fn settle_savings(&mut self, now: i64) {
        let before = self.lending.len();
        for savings in self.savings.values_mut() {
            savings.accrue(now, &mut self.lending);
        }
        if self.lending.len() != before {
            self.lending.sort_by_key(|r| r.ts);
            let oldest = now.saturating_sub(LENDING_KEPT_MS);
            self.lending.retain(|r| r.ts >= oldest);
        }
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
                "clientId": b.client_id,
            })
        });
        let savings: serde_json::Map<String, Value> = self
            .savings
            .iter()
            .map(|(ccy, s)| {
                let row = json!({
                    "amt": fmt_amount(s.amt()), "loanAmt": fmt_amount(s.loan), "pendingAmt": fmt_amount(s.pending),
                    "earnings": fmt_amount(s.earnings), "rate": fmt_amount(s.rate),
                });
                ((*ccy).to_owned(), row)
            })
            .collect();
        let transfers = rows(&self.transfers, |t| {
            json!({
                "transId": t.trans_id.to_string(), "clientId": t.client_id, "ccy": t.ccy, "amt": fmt_amount(t.amt),
                "from": t.from, "to": t.to, "state": t.state(), "ts": t.created.to_string(),
            })
        });
        json!({
            "environment": environment, "funding": self.funding.to_json(), "trading": self.trading.to_json(),
            "savings": savings, "transfers": transfers, "staking": staking, "onchainEarn": earn, "bills": bills,
        })
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
        self.settle_transfers(ids, now);
        self.settle_staking(ids, now, delay);
        self.settle_earn(ids, now, delay);
        self.settle_savings(now);
    }

    fn wallet(&mut self, name: &str) -> Option<&mut Balances> {
        match name {
            "funding" => Some(&mut self.funding),
            "trading" => Some(&mut self.trading),
            _ => None,
        }
    }
}

impl OkxState {
    /// The live and the demo user both start with the `seed` balances (funding, trading).
    pub(crate) fn new(
        ctx: Arc<SimContext>,
        credentials: DemoCredentials,
        demo_credentials: DemoCredentials,
        seed: &WalletSeed,
    ) -> Self {
        let seeded = |key: &DemoCredentials| (key.api_key.clone(), OkxAccount::seeded(seed));
        let seed = [seeded(&credentials), seeded(&demo_credentials)];
        let accounts =
            Accounts::new(seed, 754_147, ctx.settlement_delay_ms()).with_transfer_delay(ctx.transfer_delay_ms);
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
