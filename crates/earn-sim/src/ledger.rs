//! Shared ledger helpers: per-key accounts, increasing ids, exact balances and wire-format
//! amounts.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::auth::DemoCredentials;
use crate::context::SimContext;

/// Increasing numeric ids (order, bill and position ids grow over time, as at the venues).
#[derive(Debug)]
pub(crate) struct IdGen(AtomicU64);

impl IdGen {
    pub(crate) const fn starting_at(first: u64) -> Self {
        IdGen(AtomicU64::new(first))
    }

    pub(crate) fn next(&self) -> u64 {
        self.0.fetch_add(1, Ordering::Relaxed)
    }
}

/// One user's account at a venue: whatever it holds, settled lazily.
pub(crate) trait Account: Default + Send {
    /// Settles everything due at venue time `now` with the given settlement delay.
    fn settle(&mut self, ids: &IdGen, now: i64, delay: i64);

    /// The balances of the user's account `name` at the venue (OKX `funding`/`trading`,
    /// Bybit `FUND`/`UNIFIED`), `None` when the venue has no such account. Names are the
    /// canonical ones of [`crate::SimAccount`].
    fn wallet(&mut self, name: &str) -> Option<&mut Balances>;

    /// A fresh account holding `seed` (account name → asset → amount); unknown account
    /// names are ignored (the builder checked them).
    fn seeded(seed: &WalletSeed) -> Self {
        let mut account = Self::default();
        for (name, assets) in seed {
            if let Some(wallet) = account.wallet(name) {
                for (asset, amount) in assets {
                    wallet.set(asset, *amount);
                }
            }
        }
        account
    }
}

/// Starting balances of one venue's accounts: account name → asset → amount.
pub(crate) type WalletSeed = BTreeMap<&'static str, BTreeMap<String, Decimal>>;

/// The accounts of one venue, keyed by API key, with the venue's id sequence.
#[derive(Debug)]
pub(crate) struct Accounts<A> {
    accounts: Mutex<HashMap<String, A>>,
    ids: IdGen,
    delay: i64,
    transfer_delay: i64,
}

impl<A: Account> Accounts<A> {
    /// `seed` accounts; ids start at `first_id`; orders settle after `delay` ms.
    pub(crate) fn new(seed: impl IntoIterator<Item = (String, A)>, first_id: u64, delay: i64) -> Self {
        let accounts = Mutex::new(seed.into_iter().collect());
        Accounts { accounts, ids: IdGen::starting_at(first_id), delay, transfer_delay: 0 }
    }

    /// Transfers between a user's own accounts stay pending for `ms` of venue time.
    pub(crate) fn with_transfer_delay(mut self, ms: i64) -> Self {
        self.transfer_delay = ms;
        self
    }

    /// How long, in ms of venue time, an order stays pending before it settles.
    pub(crate) fn delay(&self) -> i64 {
        self.delay
    }

    /// How long, in ms of venue time, a transfer between accounts stays pending.
    pub(crate) fn transfer_delay(&self) -> i64 {
        self.transfer_delay
    }

    /// `f` applied to every account (settled at `now`), sorted by key.
    pub(crate) fn map_all<R>(&self, now: i64, mut f: impl FnMut(&str, &A) -> R) -> Vec<R> {
        let mut accounts = self.accounts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut keys: Vec<String> = accounts.keys().cloned().collect();
        keys.sort();
        keys.iter()
            .filter_map(|key| {
                let account = accounts.get_mut(key)?;
                account.settle(&self.ids, now, self.delay);
                Some(f(key, account))
            })
            .collect()
    }

    /// Runs `f` on the account of `key` (created empty if unknown), settled at `now` before
    /// and after.
    pub(crate) fn with<R>(&self, key: &str, now: i64, f: impl FnOnce(&mut A, &IdGen) -> R) -> R {
        let mut accounts = self.accounts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let account = accounts.entry(key.to_owned()).or_default();
        account.settle(&self.ids, now, self.delay);
        let result = f(account, &self.ids);
        account.settle(&self.ids, now, self.delay);
        result
    }
}

/// One account-keeping venue: its framework services, its live and demo keys, its accounts.
#[derive(Debug)]
pub(crate) struct Book<A> {
    pub(crate) ctx: Arc<SimContext>,
    /// Live (production, mainnet) keys; their account is the one the Rust and admin APIs read.
    pub(crate) credentials: DemoCredentials,
    /// Demo-trading keys.
    pub(crate) demo_credentials: DemoCredentials,
    pub(crate) accounts: Accounts<A>,
}

impl<A: Account> Book<A> {
    /// Runs `f` on the live account, settled at ledger time now.
    pub(crate) fn with_live<R>(&self, f: impl FnOnce(&mut A) -> R) -> R {
        self.accounts.with(&self.credentials.api_key, self.ctx.ledger_now_ms(), |account, _| f(account))
    }

    /// Runs `f` on the balances of the live user's account `name` (`None`: no such account).
    pub(crate) fn with_live_wallet<R>(&self, name: &str, f: impl FnOnce(&mut Balances) -> R) -> Option<R> {
        self.with_live(|account| account.wallet(name).map(f))
    }

    /// `{"accounts": {key: row(key, account)}}`, every account settled at `now`.
    pub(crate) fn snapshot(&self, now: i64, mut row: impl FnMut(&str, &A) -> Value) -> Value {
        let accounts: serde_json::Map<String, Value> =
            self.accounts.map_all(now, |key, account| (key.to_owned(), row(key, account))).into_iter().collect();
        json!({"accounts": accounts})
    }
}

/// Balances of one account, by asset symbol. Never negative.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Balances {
    by_asset: BTreeMap<String, Decimal>,
}

/// A debit larger than the balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Insufficient;

impl Balances {
    /// Balance of `asset` (zero when never credited).
    pub(crate) fn get(&self, asset: &str) -> Decimal {
        self.by_asset.get(asset).copied().unwrap_or(Decimal::ZERO)
    }

    /// Sets the balance of `asset` (the admin API's "set balances").
    pub(crate) fn set(&mut self, asset: &str, amount: Decimal) {
        self.by_asset.insert(asset.to_owned(), amount);
    }

    /// Every asset ever credited, with its balance (zero included), sorted by symbol.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, Decimal)> {
        self.by_asset.iter().map(|(asset, amount)| (asset.as_str(), *amount))
    }

    /// Assets with a balance above zero, sorted by symbol.
    pub(crate) fn held(&self) -> impl Iterator<Item = (&str, Decimal)> {
        self.iter().filter(|(_, amount)| !amount.is_zero())
    }

    /// `{"ETH": "10", …}`, as the admin API dumps balances.
    pub(crate) fn to_json(&self) -> Value {
        self.by_asset.iter().map(|(asset, amount)| (asset.clone(), Value::String(fmt_amount(*amount)))).collect()
    }

    pub(crate) fn credit(&mut self, asset: &str, amount: Decimal) -> Decimal {
        let entry = self.by_asset.entry(asset.to_owned()).or_default();
        *entry += amount;
        *entry
    }

    /// Debits `amount`, or leaves the balance untouched when it is too small.
    pub(crate) fn debit(&mut self, asset: &str, amount: Decimal) -> Result<Decimal, Insufficient> {
        let current = self.get(asset);
        if current < amount {
            return Err(Insufficient);
        }
        let left = current - amount;
        self.by_asset.insert(asset.to_owned(), left);
        Ok(left)
    }
}

/// `items` as a JSON array, one `row` each (the admin API's ledger dump).
pub(crate) fn rows<T>(items: &[T], row: impl Fn(&T) -> Value) -> Value {
    Value::Array(items.iter().map(row).collect())
}

/// Parses a wire amount: plain decimal digits with an optional fraction (`"10"`, `"0.35"`).
///
/// Rejects signs, exponents, spaces, empty parts and anything `Decimal` cannot hold exactly.
pub(crate) fn parse_amount(text: &str) -> Option<Decimal> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || (text.contains('.') && frac.is_empty()) {
        return None;
    }
    let value = Decimal::from_str(text).ok()?;
    // `Decimal` silently rounds what it cannot hold: accept only exact round trips.
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let canonical = match (int.is_empty(), frac.is_empty()) {
        (true, true) => "0".to_owned(),
        (true, false) => format!("0.{frac}"),
        (false, true) => int.to_owned(),
        (false, false) => format!("{int}.{frac}"),
    };
    (fmt_amount(value) == canonical).then_some(value)
}

/// Number of decimal places written in `text` (`"1.50"` → 2).
pub(crate) fn decimals_written(text: &str) -> u32 {
    text.split_once('.').map_or(0, |(_, frac)| u32::try_from(frac.len()).unwrap_or(u32::MAX))
}

/// Formats an amount for the wire: plain digits, no exponent, no trailing zeros.
pub(crate) fn fmt_amount(amount: Decimal) -> String {
    amount.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_plain_decimals() {
        assert_eq!(parse_amount("10"), Some(Decimal::from(10)));
        assert_eq!(parse_amount("0.35"), Some(Decimal::from_str("0.35").unwrap()));
        for bad in [
            "",
            "-1",
            "+1",
            "1e3",
            "1.",
            ".5",
            " 1",
            "1,5",
            "abc",
            "1.2.3",
            "99999999999999999999999999999999",
            "0.12345678901234567890123456789",
        ] {
            assert_eq!(parse_amount(bad), None, "{bad:?}");
        }
        assert_eq!(decimals_written("1.500"), 3);
        assert_eq!(fmt_amount(Decimal::from_str("1.500").unwrap()), "1.5");
    }

    #[test]
    fn debit_never_goes_negative() {
        let mut b = Balances::default();
        b.credit("ETH", Decimal::from(2));
        assert_eq!(b.debit("ETH", Decimal::from(3)), Err(Insufficient));
        assert_eq!(b.debit("ETH", Decimal::from(2)), Ok(Decimal::ZERO));
    }
}
