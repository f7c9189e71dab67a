//! Ledger of the OKX exchange simulator: funding balances, staking rows, earn orders, bills.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rust_decimal::Decimal;

use super::envelope::OkxError;
use super::onchain::EarnOrder;
use super::staking::StakeRow;
use crate::auth::DemoCredentials;
use crate::context::SimContext;
use crate::ledger::Balances;

/// Shared state of the OKX exchange simulator.
#[derive(Debug)]
pub(crate) struct OkxState {
    pub(crate) ctx: Arc<SimContext>,
    pub(crate) credentials: DemoCredentials,
    accounts: Mutex<HashMap<String, OkxAccount>>,
    ids: IdGen,
}

/// Increasing numeric ids (order ids and bill ids grow over time, as on OKX).
#[derive(Debug)]
pub(crate) struct IdGen(AtomicU64);

impl IdGen {
    pub(crate) fn next(&self) -> u64 {
        self.0.fetch_add(1, Ordering::Relaxed)
    }
}

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
        after: Decimal,
        (bill_type, notes): (&'static str, &'static str),
        ts: i64,
    ) {
        self.bills.push(Bill {
            bill_id: ids.next(),
            ccy: ccy.to_owned(),
            change,
            balance_after: after,
            bill_type,
            ts,
            notes,
        });
    }

    /// Settles everything due at venue time `now` with the given settlement delay.
    pub(crate) fn settle(&mut self, ids: &IdGen, now: i64, delay: i64) {
        super::staking::settle(self, ids, now, delay);
        super::onchain::settle(self, ids, now, delay);
    }
}

impl OkxState {
    pub(crate) fn new(ctx: Arc<SimContext>, credentials: DemoCredentials, seed: &BTreeMap<String, Decimal>) -> Self {
        let account = OkxAccount { funding: Balances::from_seed(seed), ..OkxAccount::default() };
        let accounts = HashMap::from([(credentials.api_key.clone(), account)]);
        OkxState { ctx, credentials, accounts: Mutex::new(accounts), ids: IdGen(AtomicU64::new(754_147)) }
    }

    /// Runs `f` on the account of `api_key` (the demo account when `None`), settled at `now`
    /// before and after.
    pub(crate) fn with_account<R>(
        &self,
        api_key: Option<&str>,
        now: i64,
        f: impl FnOnce(&mut OkxAccount, &IdGen) -> R,
    ) -> R {
        let delay = self.ctx.settlement_delay_ms();
        let mut accounts = self.accounts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let key = api_key.unwrap_or(&self.credentials.api_key);
        let account = accounts.entry(key.to_owned()).or_default();
        account.settle(&self.ids, now, delay);
        let result = f(account, &self.ids);
        account.settle(&self.ids, now, delay);
        result
    }

    /// Funding balance of `asset` for `api_key`.
    pub(crate) fn funding_balance(&self, api_key: &str, asset: &str) -> Decimal {
        self.with_account(Some(api_key), self.ctx.now_ms(), |account, _| account.funding.get(asset))
    }
}
