//! Catalogue, holdings and clock of the OKX Web3 simulator: what every handler reads.

use std::sync::{Arc, RwLock};

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::catalog;
use super::positions::{Holdings, Ledger};
use crate::auth::DemoCredentials;
use crate::context::SimContext;

/// What the Web3 simulator is started with.
#[derive(Debug, Clone)]
pub(crate) struct Web3Config {
    /// Accepted Web3 portal keys (passphrase required).
    pub credentials: Vec<DemoCredentials>,
    /// The demo EVM wallet (EIP-55) that holds the seeded positions.
    pub wallet: String,
}

/// Catalogue, holdings and clock of the Web3 simulator; internally synchronized.
#[derive(Debug)]
pub(crate) struct Web3State {
    pub(crate) config: Web3Config,
    pub(crate) ctx: Arc<SimContext>,
    ledger: RwLock<Ledger>,
}

impl Web3State {
    /// A simulator with the seeded catalogue and the demo holdings for `config.wallet`.
    pub(crate) fn new(config: Web3Config, ctx: Arc<SimContext>) -> Self {
        let ledger = RwLock::new(Ledger::seeded(&config.wallet));
        Web3State { config, ctx, ledger }
    }

    /// The demo wallet's balance of the token [`Web3State::set_balance`] sets for this symbol,
    /// as a `Decimal` (zero if unknown; `Decimal::MAX` if it does not fit).
    pub(crate) fn balance(&self, symbol: &str) -> Decimal {
        let Some(token) = token_for_symbol(symbol) else {
            return Decimal::ZERO;
        };
        let amount = self.holdings(&self.config.wallet).balance(token);
        amount.to_string().parse().unwrap_or(Decimal::MAX)
    }

    /// Sets the demo wallet's balance of the first token with this symbol (Ethereum first).
    /// Returns `false` if the symbol is unknown or the amount is negative or too precise.
    pub(crate) fn set_balance(&self, symbol: &str, amount: Decimal) -> bool {
        let Some(token) = token_for_symbol(symbol) else {
            return false;
        };
        let Ok(parsed) = earn_core::TokenAmount::parse_units(&amount.normalize().to_string(), token.decimals) else {
            return false;
        };
        let mut ledger = self.ledger.write().unwrap_or_else(|e| e.into_inner());
        ledger.holdings_mut(&self.config.wallet).set_balance(token, parsed.base_units());
        true
    }

    /// A snapshot of a wallet's holdings.
    pub(crate) fn holdings(&self, address: &str) -> Holdings {
        self.ledger.read().unwrap_or_else(|e| e.into_inner()).holdings(address)
    }

    /// The venue's ledger clock, Unix milliseconds.
    pub(crate) fn now_ms(&self) -> i64 {
        self.ctx.ledger_now_ms()
    }
}

impl Web3State {
    /// The demo wallet as the admin API dumps it: token balances and positions (non-zero).
    pub(crate) fn snapshot(&self) -> Value {
        let holdings = self.holdings(&self.config.wallet);
        let balances: serde_json::Map<String, Value> = catalog::TOKENS
            .iter()
            .map(|t| (t, holdings.balance(t)))
            .filter(|(_, a)| !a.base_units().is_zero())
            .map(|(t, a)| (format!("{}@{}", t.symbol, t.chain_id), json!(a.to_string())))
            .collect();
        let positions: serde_json::Map<String, Value> = catalog::PRODUCTS
            .iter()
            .map(|p| (p, holdings.position(p)))
            .filter(|(_, a)| !a.base_units().is_zero())
            .map(|(p, a)| {
                (p.id.to_string(), json!({"name": p.name, "token": p.receive.symbol, "amount": a.to_string()}))
            })
            .collect();
        json!({"wallet": self.config.wallet, "balances": balances, "positions": positions})
    }
}

/// The catalogue's own spelling of a token symbol (`steth` → `stETH`), `None` if unknown.
pub(crate) fn token_symbol(symbol: &str) -> Option<&'static str> {
    token_for_symbol(symbol).map(|t| t.symbol)
}

/// Every token symbol the Web3 simulator knows, catalogue order, without repeats.
pub(crate) fn token_symbols() -> Vec<&'static str> {
    let mut symbols: Vec<&'static str> = Vec::new();
    for t in catalog::TOKENS.iter() {
        if !symbols.contains(&t.symbol) {
            symbols.push(t.symbol);
        }
    }
    symbols
}

/// The first catalogue token with this symbol (Ethereum tokens come first).
fn token_for_symbol(symbol: &str) -> Option<&'static catalog::Token> {
    catalog::TOKENS.iter().copied().find(|t| t.symbol.eq_ignore_ascii_case(symbol))
}
