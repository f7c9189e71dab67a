//! What a user of the simulator controls, written once for its two fronts: the Rust API of
//! `Simulator` and the admin HTTP API.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::binance::BinanceState;
use crate::bybit::BybitState;
use crate::context::SimContext;
use crate::faults::{Fault, FaultTable};
use crate::ledger::{Balances, parse_amount};
use crate::okx_exchange::OkxState;
use crate::okx_web3::{self, Web3State};

/// A simulated venue, for seeding, reading and setting balances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SimVenue {
    /// OKX exchange (ETH/SOL staking, on-chain earn, Simple Earn): the funding account by
    /// default, the trading account through [`SimAccount::OKX_TRADING`].
    OkxExchange,
    /// Bybit V5 Earn: the FUND account by default, UNIFIED through
    /// [`SimAccount::BYBIT_UNIFIED`].
    Bybit,
    /// OKX Web3 DeFi: the demo wallet's token balances.
    OkxWeb3,
    /// Binance (Simple Earn, ETH/SOL staking): the SPOT wallet by default, FUNDING through
    /// [`SimAccount::BINANCE_FUNDING`].
    Binance,
}

impl SimVenue {
    /// The venue's short name, as the command line and the admin API spell it.
    pub fn name(self) -> &'static str {
        match self {
            SimVenue::OkxExchange => "okx",
            SimVenue::Bybit => "bybit",
            SimVenue::OkxWeb3 => "web3",
            SimVenue::Binance => "binance",
        }
    }

    /// The venue's own spelling of `asset`: OKX and Bybit coins upper-case (`eth` → `ETH`), Web3
    /// token symbols as the catalogue writes them (`steth` → `stETH`). Unknown Web3 tokens and
    /// anything that is not a coin symbol are refused.
    pub fn canonical_asset(self, asset: &str) -> Result<String, SimError> {
        let unknown = |known: String| SimError::UnknownAsset { venue: self, asset: asset.to_owned(), known };
        match self {
            SimVenue::OkxExchange | SimVenue::Bybit | SimVenue::Binance => {
                if asset.is_empty() || asset.len() > 20 || !asset.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return Err(unknown("a coin symbol of letters and digits, e.g. USDT".to_owned()));
                }
                Ok(asset.to_ascii_uppercase())
            }
            SimVenue::OkxWeb3 => okx_web3::token_symbol(asset)
                .map(str::to_owned)
                .ok_or_else(|| unknown(okx_web3::token_symbols().join(", "))),
        }
    }
}

impl fmt::Display for SimVenue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SimVenue::OkxExchange => "OKX exchange",
            SimVenue::Bybit => "Bybit",
            SimVenue::OkxWeb3 => "OKX Web3",
            SimVenue::Binance => "Binance",
        })
    }
}

impl FromStr for SimVenue {
    type Err = SimError;

    /// `okx` (or `okx-exchange`), `bybit`, `web3` (or `okx-web3`), `binance`, any case.
    fn from_str(s: &str) -> Result<Self, SimError> {
        match s.to_ascii_lowercase().as_str() {
            "okx" | "okx-exchange" | "okx_exchange" => Ok(SimVenue::OkxExchange),
            "bybit" => Ok(SimVenue::Bybit),
            "web3" | "okx-web3" | "okx_web3" => Ok(SimVenue::OkxWeb3),
            "binance" => Ok(SimVenue::Binance),
            _ => Err(SimError::UnknownVenue(s.to_owned())),
        }
    }
}

/// Why a simulator setting was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SimError {
    /// Not `okx`, `bybit`, `web3` or `binance`.
    UnknownVenue(String),
    /// The venue has no such asset (`known` says what it has).
    UnknownAsset {
        /// The venue asked.
        venue: SimVenue,
        /// The asset as given.
        asset: String,
        /// What the venue accepts.
        known: String,
    },
    /// Not a plain non-negative decimal, or more decimals than the asset has.
    InvalidAmount(String),
    /// The venue has no such account (OKX: `funding`, `trading`; Bybit: `FUND`, `UNIFIED`;
    /// Web3: `wallet`; Binance: `SPOT`, `FUNDING`).
    UnknownAccount {
        /// The venue asked.
        venue: SimVenue,
        /// The account as given.
        account: String,
    },
    /// Not `VENUE:ASSET=AMOUNT` (or `VENUE:ACCOUNT:ASSET=AMOUNT`).
    Malformed(String),
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::UnknownVenue(v) => write!(f, "unknown venue {v:?}: use okx, bybit, web3 or binance"),
            SimError::UnknownAsset { venue, asset, known } => {
                write!(f, "{venue} ({}) has no asset {asset:?}; it takes {known}", venue.name())
            }
            SimError::InvalidAmount(a) => {
                write!(f, "amount {a:?} is not a plain non-negative decimal the asset can hold (e.g. 2500.5)")
            }
            SimError::UnknownAccount { venue, account } => {
                let known: Vec<&str> = SimAccount::of_venue(*venue).map(SimAccount::name).collect();
                write!(f, "{venue} ({}) has no account {account:?}; it has {}", venue.name(), known.join(", "))
            }
            SimError::Malformed(spec) => write!(
                f,
                "expected VENUE:ASSET=AMOUNT or VENUE:ACCOUNT:ASSET=AMOUNT (e.g. bybit:USDT=2500, okx:trading:BETH=1), got {spec:?}"
            ),
        }
    }
}

impl std::error::Error for SimError {}

/// One account of the simulated user at a venue: where idle balances sit, what products
/// draw on and pay back to, and what transfers move money between.
///
/// | account | venue | what uses it |
/// |---|---|---|
/// | [`SimAccount::OKX_FUNDING`] (`okx:funding`, OKX code `6`) | OKX exchange | ETH/SOL staking, on-chain earn and Simple Earn draw on and pay back to it; ETH redemptions consume its BETH only |
/// | [`SimAccount::OKX_TRADING`] (`okx:trading`, OKX code `18`) | OKX exchange | the trading account: `/api/v5/account/balance` |
/// | [`SimAccount::BYBIT_FUND`] (`bybit:FUND`) | Bybit | OnChain, FlexibleSaving and Fixed Saving (by `accountType`); OnChain and Fixed Saving pay back to it |
/// | [`SimAccount::BYBIT_UNIFIED`] (`bybit:UNIFIED`) | Bybit | FlexibleSaving and Fixed Saving stakes with `accountType=UNIFIED`; BYUSDT redemptions; OnChain LST redemptions with `toAccountType=UNIFIED` |
/// | [`SimAccount::WEB3_WALLET`] (`web3:wallet`) | OKX Web3 | the demo wallet's token balances |
/// | [`SimAccount::BINANCE_SPOT`] (`binance:SPOT`) | Binance | Simple Earn `sourceAccount`/`destAccount` `SPOT` (the default), ETH/SOL staking, locked maturities and early redemptions; `MAIN` in transfer types |
/// | [`SimAccount::BINANCE_FUNDING`] (`binance:FUNDING`, also `FUND`) | Binance | Simple Earn `sourceAccount`/`destAccount` `FUND`; `FUNDING` in transfer types |
///
/// ```
/// use earn_sim::{SimAccount, SimVenue};
///
/// let trading: SimAccount = "okx:trading".parse().unwrap();
/// assert_eq!(trading, SimAccount::OKX_TRADING);
/// assert_eq!(SimAccount::of(SimVenue::Bybit, "unified").unwrap().to_string(), "bybit:UNIFIED");
/// assert_eq!(SimAccount::default_for(SimVenue::OkxExchange), SimAccount::OKX_FUNDING);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SimAccount {
    venue: SimVenue,
    name: &'static str,
}

impl SimAccount {
    /// The OKX funding account (code `6`).
    pub const OKX_FUNDING: SimAccount = SimAccount { venue: SimVenue::OkxExchange, name: "funding" };
    /// The OKX trading account (code `18`).
    pub const OKX_TRADING: SimAccount = SimAccount { venue: SimVenue::OkxExchange, name: "trading" };
    /// The Bybit Funding account (`FUND`).
    pub const BYBIT_FUND: SimAccount = SimAccount { venue: SimVenue::Bybit, name: "FUND" };
    /// The Bybit Unified Trading account (`UNIFIED`).
    pub const BYBIT_UNIFIED: SimAccount = SimAccount { venue: SimVenue::Bybit, name: "UNIFIED" };
    /// The OKX Web3 demo wallet.
    pub const WEB3_WALLET: SimAccount = SimAccount { venue: SimVenue::OkxWeb3, name: "wallet" };
    /// The Binance Spot wallet (`SPOT`, `MAIN` in transfer types).
    pub const BINANCE_SPOT: SimAccount = SimAccount { venue: SimVenue::Binance, name: "SPOT" };
    /// The Binance Funding wallet (`FUNDING`; requests name it `FUND`).
    pub const BINANCE_FUNDING: SimAccount = SimAccount { venue: SimVenue::Binance, name: "FUNDING" };

    const ALL: &'static [SimAccount] = &[
        SimAccount::OKX_FUNDING,
        SimAccount::OKX_TRADING,
        SimAccount::BYBIT_FUND,
        SimAccount::BYBIT_UNIFIED,
        SimAccount::WEB3_WALLET,
        SimAccount::BINANCE_SPOT,
        SimAccount::BINANCE_FUNDING,
    ];

    /// Every account of every venue, each venue's default account first.
    pub fn all() -> &'static [SimAccount] {
        Self::ALL
    }

    /// The accounts of `venue`, its default account first.
    pub fn of_venue(venue: SimVenue) -> impl Iterator<Item = SimAccount> {
        Self::ALL.iter().copied().filter(move |a| a.venue == venue)
    }

    /// The account a venue-only balance means (OKX funding, Bybit FUND, the Web3 wallet): what
    /// [`crate::Simulator::balance`] reads and `--balance VENUE:ASSET=AMOUNT` seeds.
    pub fn default_for(venue: SimVenue) -> SimAccount {
        Self::of_venue(venue).next().unwrap_or(SimAccount::WEB3_WALLET)
    }

    /// The account `name` of `venue`, in any case (OKX also takes its codes `6` and `18`).
    pub fn of(venue: SimVenue, name: &str) -> Result<SimAccount, SimError> {
        let name = match (venue, name) {
            (SimVenue::OkxExchange, "6") => "funding",
            (SimVenue::OkxExchange, "18") => "trading",
            (SimVenue::Binance, n) if n.eq_ignore_ascii_case("FUND") || n.eq_ignore_ascii_case("MAIN") => {
                if n.eq_ignore_ascii_case("FUND") { "FUNDING" } else { "SPOT" }
            }
            _ => name,
        };
        Self::of_venue(venue)
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| SimError::UnknownAccount { venue, account: name.to_owned() })
    }

    /// The venue.
    pub fn venue(self) -> SimVenue {
        self.venue
    }

    /// The account's name as the venue spells it (`funding`, `trading`, `FUND`, `UNIFIED`,
    /// `wallet`).
    pub fn name(self) -> &'static str {
        self.name
    }
}

impl fmt::Display for SimAccount {
    /// `venue:account`, e.g. `okx:funding`, `bybit:UNIFIED`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.venue.name(), self.name)
    }
}

impl FromStr for SimAccount {
    type Err = SimError;

    /// `venue:account` (`okx:trading`, `bybit:unified`), or a venue alone for its default
    /// account.
    fn from_str(s: &str) -> Result<Self, SimError> {
        match s.split_once(':') {
            Some((venue, account)) => SimAccount::of(venue.parse()?, account),
            None => Ok(SimAccount::default_for(s.parse()?)),
        }
    }
}

/// A starting balance written `VENUE:ASSET=AMOUNT` (`bybit:USDT=2500.5`), as the command line
/// takes it; the asset is stored in the venue's own spelling (`okx:eth=7` is `ETH`). It seeds
/// the venue's default account; [`AccountSeed`] names the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BalanceSeed {
    /// The venue.
    pub venue: SimVenue,
    /// The asset, canonical.
    pub asset: String,
    /// The amount.
    pub amount: Decimal,
}

impl FromStr for BalanceSeed {
    type Err = SimError;

    fn from_str(spec: &str) -> Result<Self, SimError> {
        let malformed = || SimError::Malformed(spec.to_owned());
        let (venue, rest) = spec.split_once(':').ok_or_else(malformed)?;
        let (asset, amount) = rest.split_once('=').ok_or_else(malformed)?;
        let venue: SimVenue = venue.parse()?;
        let asset = venue.canonical_asset(asset)?;
        let amount = parse_amount(amount).ok_or_else(|| SimError::InvalidAmount(amount.to_owned()))?;
        Ok(BalanceSeed { venue, asset, amount })
    }
}

/// A starting balance of one account, written `VENUE:ACCOUNT:ASSET=AMOUNT`
/// (`okx:trading:BETH=1`, `bybit:UNIFIED:USDT=500`) or `VENUE:ASSET=AMOUNT` for the venue's
/// default account, as `--balance` and the admin API take it.
///
/// ```
/// use earn_sim::{AccountSeed, SimAccount};
///
/// let seed: AccountSeed = "okx:trading:beth=1.5".parse().unwrap();
/// assert_eq!((seed.account, seed.asset.as_str()), (SimAccount::OKX_TRADING, "BETH"));
/// let default: AccountSeed = "bybit:USDT=2500".parse().unwrap();
/// assert_eq!(default.account, SimAccount::BYBIT_FUND);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSeed {
    /// The account.
    pub account: SimAccount,
    /// The asset, canonical.
    pub asset: String,
    /// The amount.
    pub amount: Decimal,
}

impl From<BalanceSeed> for AccountSeed {
    fn from(seed: BalanceSeed) -> Self {
        AccountSeed { account: SimAccount::default_for(seed.venue), asset: seed.asset, amount: seed.amount }
    }
}

impl FromStr for AccountSeed {
    type Err = SimError;

    fn from_str(spec: &str) -> Result<Self, SimError> {
        let malformed = || SimError::Malformed(spec.to_owned());
        let (target, amount) = spec.split_once('=').ok_or_else(malformed)?;
        let (account, asset) = target.rsplit_once(':').ok_or_else(malformed)?;
        let account: SimAccount = account.parse()?;
        let asset = account.venue.canonical_asset(asset)?;
        let amount = parse_amount(amount).ok_or_else(|| SimError::InvalidAmount(amount.to_owned()))?;
        Ok(AccountSeed { account, asset, amount })
    }
}

/// The simulator's moving parts, shared by the Rust API and the admin API.
#[derive(Debug)]
pub(crate) struct Control {
    pub(crate) ctx: Arc<SimContext>,
    pub(crate) faults: Arc<FaultTable>,
    pub(crate) okx: Arc<OkxState>,
    pub(crate) bybit: Arc<BybitState>,
    pub(crate) binance: Arc<BinanceState>,
    pub(crate) web3: Arc<Web3State>,
}

impl Control {
    /// Funding (OKX), FUND (Bybit) or wallet (Web3) balance of `asset`, settled.
    pub(crate) fn balance(&self, venue: SimVenue, asset: &str) -> Decimal {
        self.account_balance(SimAccount::default_for(venue), asset)
    }

    /// Runs `f` on the live user's balances of `account`, settled; `None` for an account kept
    /// outside a [`crate::ledger::Book`] (the Web3 wallet). A new account-keeping venue adds
    /// its arm here, its accounts to [`SimAccount`], and `Account::wallet` to its ledger.
    fn with_wallet<R>(&self, account: SimAccount, f: impl FnOnce(&mut Balances) -> R) -> Option<R> {
        match account.venue {
            SimVenue::OkxExchange => self.okx.with_live_wallet(account.name, f),
            SimVenue::Bybit => self.bybit.with_live_wallet(account.name, f),
            SimVenue::Binance => self.binance.book.with_live_wallet(account.name, f),
            SimVenue::OkxWeb3 => None,
        }
    }

    /// Balance of `asset` in the live user's `account`, settled.
    pub(crate) fn account_balance(&self, account: SimAccount, asset: &str) -> Decimal {
        let asset = account.venue.canonical_asset(asset).unwrap_or_else(|_| asset.to_owned());
        if account == SimAccount::WEB3_WALLET {
            return self.web3.balance(&asset);
        }
        self.with_wallet(account, |balances| balances.get(&asset)).unwrap_or_default()
    }

    /// Every asset credited to the live user's `account` with its balance, settled (Web3: the
    /// demo wallet's non-zero catalogue tokens).
    pub(crate) fn account_balances(&self, account: SimAccount) -> BTreeMap<String, Decimal> {
        if account == SimAccount::WEB3_WALLET {
            return okx_web3::token_symbols()
                .into_iter()
                .map(|symbol| (symbol.to_owned(), self.web3.balance(symbol)))
                .filter(|(_, amount)| !amount.is_zero())
                .collect();
        }
        let list = |balances: &mut Balances| balances.iter().map(|(a, n)| (a.to_owned(), n)).collect();
        self.with_wallet(account, list).unwrap_or_default()
    }

    /// Sets a balance of the live account: `account` names one of `venue`'s accounts
    /// (default: OKX funding, Bybit `FUND`, the Web3 demo wallet). Returns the account and
    /// the asset's canonical spelling.
    pub(crate) fn set_balance(
        &self,
        venue: SimVenue,
        account: Option<&str>,
        asset: &str,
        amount: Decimal,
    ) -> Result<(SimAccount, String), SimError> {
        let account = account.map_or(Ok(SimAccount::default_for(venue)), |name| SimAccount::of(venue, name))?;
        let asset = self.set_account_balance(account, asset, amount)?;
        Ok((account, asset))
    }

    /// Sets the balance of `asset` in the live user's `account`; returns the asset's
    /// canonical spelling.
    pub(crate) fn set_account_balance(
        &self,
        account: SimAccount,
        asset: &str,
        amount: Decimal,
    ) -> Result<String, SimError> {
        let venue = account.venue;
        let asset = venue.canonical_asset(asset)?;
        if amount.is_sign_negative() {
            return Err(SimError::InvalidAmount(amount.to_string()));
        }
        if account == SimAccount::WEB3_WALLET {
            return if self.web3.set_balance(&asset, amount) {
                Ok(asset)
            } else {
                Err(SimError::InvalidAmount(amount.to_string()))
            };
        }
        self.with_wallet(account, |balances| balances.set(&asset, amount))
            .ok_or_else(|| SimError::UnknownAccount { venue, account: account.name.to_owned() })?;
        Ok(asset)
    }

    /// The armed faults as the admin API lists them.
    pub(crate) fn faults_json(&self) -> Value {
        let faults: Vec<Value> = self
            .faults
            .list()
            .into_iter()
            .map(|(fault, seen)| {
                let mut json = fault.to_json();
                json["seen"] = json!(seen);
                json
            })
            .collect();
        json!({"faults": faults})
    }

    /// Arms a fault.
    pub(crate) fn inject(&self, fault: Fault) {
        self.faults.inject(fault);
    }

    /// The clocks as the admin API shows them.
    pub(crate) fn clock_json(&self) -> Value {
        let clock = &self.ctx.clock;
        json!({
            "serverTimeMs": clock.now_ms(),
            "ledgerTimeMs": clock.ledger_now_ms(),
            "skewMs": clock.skew_ms(),
            "advancedMs": clock.advanced_ms(),
        })
    }

    /// Everything the simulator holds: every account of every venue, and the counters.
    pub(crate) fn ledger(&self) -> Value {
        let now = self.ctx.ledger_now_ms();
        json!({
            "ledgerTimeMs": now,
            "okx": self.okx.dump(now),
            "bybit": self.bybit.dump(now),
            "binance": self.binance.dump(now),
            "web3": self.web3.snapshot(),
            "counters": self.ctx.recorder.snapshot(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balance_seeds_name_the_venue_and_use_canonical_assets() {
        let seed: BalanceSeed = "okx:eth=7".parse().unwrap();
        assert_eq!((seed.venue, seed.asset.as_str(), seed.amount), (SimVenue::OkxExchange, "ETH", Decimal::from(7)));
        let web3: BalanceSeed = "WEB3:steth=0.5".parse().unwrap();
        assert_eq!(web3.asset, "stETH");
        let nope = "web3:NOPE=1".parse::<BalanceSeed>().unwrap_err().to_string();
        assert!(nope.contains("OKX Web3") && nope.contains("NOPE") && nope.contains("USDC"), "{nope}");
        let venue = "kraken:ETH=1".parse::<BalanceSeed>().unwrap_err().to_string();
        assert!(venue.contains("kraken") && venue.contains("okx, bybit, web3 or binance"), "{venue}");
        for bad in ["okx:ETH=-1", "okx:ETH=1e3", "okx:=1", "okx:E-TH=1", "okxETH=1", "okx:ETH"] {
            assert!(bad.parse::<BalanceSeed>().is_err(), "{bad}");
            assert!(bad.parse::<AccountSeed>().is_err(), "{bad}");
        }
    }

    #[test]
    fn accounts_are_named_per_venue() {
        let seed: AccountSeed = "bybit:unified:usdt=12.5".parse().unwrap();
        assert_eq!((seed.account, seed.asset.as_str()), (SimAccount::BYBIT_UNIFIED, "USDT"));
        assert_eq!("okx:18:BETH=1".parse::<AccountSeed>().unwrap().account, SimAccount::OKX_TRADING);
        assert_eq!("okx:usdt=5".parse::<AccountSeed>().unwrap().account, SimAccount::OKX_FUNDING);
        let wrong = "okx:FUND:USDT=1".parse::<AccountSeed>().unwrap_err().to_string();
        assert!(wrong.contains("FUND") && wrong.contains("funding, trading"), "{wrong}");
        assert_eq!(SimAccount::all().len(), 7);
        assert_eq!("binance:fund:usdt=1".parse::<AccountSeed>().unwrap().account, SimAccount::BINANCE_FUNDING);
        for account in SimAccount::all() {
            assert_eq!(account.to_string().parse::<SimAccount>().unwrap(), *account);
        }
        assert_eq!(SimAccount::of_venue(SimVenue::Bybit).count(), 2);
    }
}
