//! Per-wallet holdings: token balances, product positions, pending rewards, ERC-20
//! allowances and withdrawal requests (Lido-style unstaking).

use std::collections::HashMap;

use earn_core::{TokenAmount, U256};

use super::catalog::{self, Product, Token};

/// The demo EVM wallet (EIP-55 form of `0x7f42b7cd2bb9cf7ea4f2e0d5a0b4eeb2d8d899da`).
pub(crate) const DEFAULT_WALLET: &str = "0x7f42B7cD2BB9cF7ea4F2e0d5A0B4EeB2d8d899DA";

/// A demo Solana wallet holding a JitoSOL position and some SOL.
pub(crate) const DEMO_SOLANA_WALLET: &str = "dABkhATR2Pdgzyn2phuKQR2u9m2tFRfTvv6rYnNdMMQ";

/// A withdrawal request of an unstaking product.
#[derive(Debug, Clone)]
pub(crate) struct Withdrawal {
    /// The request id (`claimIndex`, `principalIndex`).
    pub(crate) request_id: u64,
    pub(crate) product_id: u64,
    /// Underlying base units.
    pub(crate) amount: U256,
    pub(crate) claimable: bool,
}

/// Everything one wallet holds.
#[derive(Debug, Default, Clone)]
pub(crate) struct Holdings {
    /// (chain id, token address) → base units.
    balances: HashMap<(u64, String), U256>,
    /// product id → position-token base units.
    positions: HashMap<u64, U256>,
    /// product id → reward-token base units.
    rewards: HashMap<u64, U256>,
    /// (chain id, token address, spender) → allowance.
    allowances: HashMap<(u64, String, String), U256>,
    pub(crate) withdrawals: Vec<Withdrawal>,
}

fn key(address: &str) -> String {
    if address.starts_with("0x") || address.starts_with("0X") {
        address.to_ascii_lowercase()
    } else {
        address.to_owned()
    }
}

impl Holdings {
    /// Token balance.
    pub(crate) fn balance(&self, token: &Token) -> TokenAmount {
        let units = self.balances.get(&(token.chain_id, key(token.address))).copied().unwrap_or(U256::ZERO);
        super::num::units(units, token.decimals)
    }

    /// Sets a token balance.
    pub(crate) fn set_balance(&mut self, token: &Token, amount: U256) {
        self.balances.insert((token.chain_id, key(token.address)), amount);
    }

    /// Position in a product, in position-token units.
    pub(crate) fn position(&self, product: &Product) -> TokenAmount {
        let units = self.positions.get(&product.id).copied().unwrap_or(U256::ZERO);
        super::num::units(units, product.receive.decimals)
    }

    /// Pending reward of a product, in reward-token units (zero if it pays none).
    pub(crate) fn reward(&self, product: &Product) -> Option<TokenAmount> {
        let token = product.reward?;
        let units = self.rewards.get(&product.id).copied().unwrap_or(U256::ZERO);
        Some(super::num::units(units, token.decimals))
    }

    /// Allowance of `token` granted to `spender`.
    pub(crate) fn allowance(&self, token: &Token, spender: &str) -> U256 {
        self.allowances.get(&(token.chain_id, key(token.address), key(spender))).copied().unwrap_or(U256::ZERO)
    }

    /// Whether the wallet holds anything in this product (position, reward or withdrawal).
    pub(crate) fn is_invested(&self, product: &Product) -> bool {
        !self.position(product).base_units().is_zero()
            || self.reward(product).is_some_and(|r| !r.base_units().is_zero())
            || self.withdrawals.iter().any(|w| w.product_id == product.id)
    }
}

/// All wallets, keyed by address (EVM lower-cased).
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    wallets: HashMap<String, Holdings>,
}

impl Ledger {
    /// The demo holdings for `evm_wallet` and [`DEMO_SOLANA_WALLET`].
    pub(crate) fn seeded(evm_wallet: &str) -> Self {
        let mut ledger = Ledger::default();
        let evm = ledger.wallets.entry(key(evm_wallet)).or_default();
        let units = |text: &str, token: &Token| {
            TokenAmount::parse_units(text, token.decimals).map(|t| t.base_units()).unwrap_or(U256::ZERO)
        };
        for (token, amount) in [
            (&catalog::ETH, "5.5"),
            (&catalog::USDC, "10000"),
            (&catalog::DAI, "1000.5"),
            (&catalog::OP_ETH, "0.8"),
            (&catalog::OP_USDC, "5000"),
        ] {
            evm.set_balance(token, units(amount, token));
        }
        for (id, amount) in [
            (9502, "2500.123456"),
            (21033, "100000000000.123456789012345678"),
            (10005, "12.345678901234567891"),
            (8973, "1200.5"),
        ] {
            if let Some(p) = catalog::product(id) {
                evm.positions.insert(id, units(amount, p.receive));
            }
        }
        evm.rewards.insert(8973, units("0.012345678901234567", &catalog::OP_COMP));
        // USDC is already approved to the Aave pool; every other spender needs an approval.
        let aave_pool = catalog::product(9502).map_or("", |p| p.contract);
        evm.allowances.insert((1, key(catalog::USDC.address), key(aave_pool)), U256::MAX);
        evm.withdrawals = vec![
            Withdrawal { request_id: 41234, product_id: 10005, amount: units("1.5", &catalog::ETH), claimable: true },
            Withdrawal { request_id: 41235, product_id: 10005, amount: units("0.75", &catalog::ETH), claimable: false },
        ];
        let sol = ledger.wallets.entry(DEMO_SOLANA_WALLET.to_owned()).or_default();
        sol.set_balance(&catalog::SOL, units("25.5", &catalog::SOL));
        sol.positions.insert(22180, units("3.123456789", &catalog::JITO_SOL));
        ledger
    }

    /// The holdings of `address` (empty for unknown wallets).
    pub(crate) fn holdings(&self, address: &str) -> Holdings {
        self.wallets.get(&key(address)).cloned().unwrap_or_default()
    }

    /// Mutable holdings of `address`, created empty if unknown.
    pub(crate) fn holdings_mut(&mut self, address: &str) -> &mut Holdings {
        self.wallets.entry(key(address)).or_default()
    }
}
