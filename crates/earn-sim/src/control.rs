//! What a user of the simulator controls, written once for its two fronts: the Rust API of
//! `Simulator` and the admin HTTP API.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::bybit::BybitState;
use crate::context::SimContext;
use crate::faults::{Fault, FaultTable};
use crate::ledger::parse_amount;
use crate::okx_exchange::OkxState;
use crate::okx_web3::{self, Web3State};

/// A simulated venue, for seeding, reading and setting balances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SimVenue {
    /// OKX exchange (ETH/SOL staking, on-chain earn): the funding account.
    OkxExchange,
    /// Bybit V5 Earn: the FUND account (UNIFIED through the admin API).
    Bybit,
    /// OKX Web3 DeFi: the demo wallet's token balances.
    OkxWeb3,
}

impl SimVenue {
    /// The venue's short name, as the command line and the admin API spell it.
    pub fn name(self) -> &'static str {
        match self {
            SimVenue::OkxExchange => "okx",
            SimVenue::Bybit => "bybit",
            SimVenue::OkxWeb3 => "web3",
        }
    }

    /// The venue's own spelling of `asset`: OKX and Bybit coins upper-case (`eth` → `ETH`), Web3
    /// token symbols as the catalogue writes them (`steth` → `stETH`). Unknown Web3 tokens and
    /// anything that is not a coin symbol are refused.
    pub fn canonical_asset(self, asset: &str) -> Result<String, SimError> {
        let unknown = |known: String| SimError::UnknownAsset { venue: self, asset: asset.to_owned(), known };
        match self {
            SimVenue::OkxExchange | SimVenue::Bybit => {
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
        })
    }
}

impl FromStr for SimVenue {
    type Err = SimError;

    /// `okx` (or `okx-exchange`), `bybit`, `web3` (or `okx-web3`), any case.
    fn from_str(s: &str) -> Result<Self, SimError> {
        match s.to_ascii_lowercase().as_str() {
            "okx" | "okx-exchange" | "okx_exchange" => Ok(SimVenue::OkxExchange),
            "bybit" => Ok(SimVenue::Bybit),
            "web3" | "okx-web3" | "okx_web3" => Ok(SimVenue::OkxWeb3),
            _ => Err(SimError::UnknownVenue(s.to_owned())),
        }
    }
}

/// Why a simulator setting was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SimError {
    /// Not `okx`, `bybit` or `web3`.
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
    /// The venue has no such account (Bybit: `FUND`, `UNIFIED`).
    UnknownAccount {
        /// The venue asked.
        venue: SimVenue,
        /// The account as given.
        account: String,
    },
    /// Not `VENUE:ASSET=AMOUNT`.
    Malformed(String),
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::UnknownVenue(v) => write!(f, "unknown venue {v:?}: use okx, bybit or web3"),
            SimError::UnknownAsset { venue, asset, known } => {
                write!(f, "{venue} ({}) has no asset {asset:?}; it takes {known}", venue.name())
            }
            SimError::InvalidAmount(a) => {
                write!(f, "amount {a:?} is not a plain non-negative decimal the asset can hold (e.g. 2500.5)")
            }
            SimError::UnknownAccount { venue, account } => {
                write!(f, "{venue} ({}) has no account {account:?}", venue.name())
            }
            SimError::Malformed(spec) => write!(f, "expected VENUE:ASSET=AMOUNT (e.g. bybit:USDT=2500), got {spec:?}"),
        }
    }
}

impl std::error::Error for SimError {}

/// A starting balance written `VENUE:ASSET=AMOUNT` (`bybit:USDT=2500.5`), as the command line
/// takes it; the asset is stored in the venue's own spelling (`okx:eth=7` is `ETH`).
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

/// The simulator's moving parts, shared by the Rust API and the admin API.
#[derive(Debug)]
pub(crate) struct Control {
    pub(crate) ctx: Arc<SimContext>,
    pub(crate) faults: Arc<FaultTable>,
    pub(crate) okx: Arc<OkxState>,
    pub(crate) bybit: Arc<BybitState>,
    pub(crate) web3: Arc<Web3State>,
}

impl Control {
    /// Funding (OKX), FUND (Bybit) or wallet (Web3) balance of `asset`, settled.
    pub(crate) fn balance(&self, venue: SimVenue, asset: &str) -> Decimal {
        let asset = venue.canonical_asset(asset).unwrap_or_else(|_| asset.to_owned());
        match venue {
            SimVenue::OkxExchange => self.okx.with_live(|account| account.funding.get(&asset)),
            SimVenue::Bybit => self.bybit.with_live(|account| account.fund.get(&asset)),
            SimVenue::OkxWeb3 => self.web3.balance(&asset),
        }
    }

    /// Sets a balance of the live account: OKX funding, Bybit `account` (`FUND` by default or
    /// `UNIFIED`), the Web3 demo wallet. Returns the asset's canonical spelling.
    pub(crate) fn set_balance(
        &self,
        venue: SimVenue,
        account: Option<&str>,
        asset: &str,
        amount: Decimal,
    ) -> Result<String, SimError> {
        let asset = venue.canonical_asset(asset)?;
        if amount.is_sign_negative() {
            return Err(SimError::InvalidAmount(amount.to_string()));
        }
        let wrong_account = |account: &str| SimError::UnknownAccount { venue, account: account.to_owned() };
        match (venue, account) {
            (SimVenue::OkxExchange, None | Some("funding")) => {
                self.okx.with_live(|account| account.funding.set(&asset, amount));
            }
            (SimVenue::Bybit, None | Some("FUND" | "UNIFIED")) => {
                self.bybit.with_live(|live| live.balances(account.unwrap_or("FUND")).set(&asset, amount));
            }
            (SimVenue::OkxWeb3, None | Some("wallet")) => {
                if !self.web3.set_balance(&asset, amount) {
                    return Err(SimError::InvalidAmount(amount.to_string()));
                }
            }
            (_, Some(other)) => return Err(wrong_account(other)),
        }
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
        assert!(venue.contains("kraken") && venue.contains("okx, bybit or web3"), "{venue}");
        for bad in ["okx:ETH=-1", "okx:ETH=1e3", "okx:=1", "okx:E-TH=1", "okxETH=1", "okx:ETH"] {
            assert!(bad.parse::<BalanceSeed>().is_err(), "{bad}");
        }
    }
}
