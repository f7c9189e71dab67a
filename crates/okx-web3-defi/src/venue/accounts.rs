//! The adapter's identity: capabilities, and the one wallet it acts for.
//!
//! A non-custodial venue holds no accounts of its own: the only "account" is the wallet
//! the adapter was built for, and every unsigned transaction it returns is sent from it.
//! (Wallet balances through the trait come with issue 11.)

use earn_core::{Capabilities, Custody, Error, Operation, Result};

use super::{ApiGeneration, OkxWeb3DefiVenue};
use crate::api::address::ChainFamily;
use crate::api::types::ChainId;

/// What the adapter offers: products, positions, and stake/redeem as unsigned
/// transactions; v5 also redemption estimates. No orders exist, so order lookup, recent
/// orders, cancel and reconcile are absent (and answer `Unsupported`).
pub(super) fn capabilities(generation: ApiGeneration) -> Capabilities {
    let c = Capabilities::new(Custody::NonCustodial)
        .with(Operation::Products)
        .with(Operation::Positions)
        .with(Operation::Stake)
        .with(Operation::Redeem);
    match generation {
        ApiGeneration::V5 => c.with(Operation::RedemptionEstimate),
        ApiGeneration::V6 => c,
    }
}

/// The main chain and v5 network name of a wallet family: where the adapter looks by default.
pub(super) fn defaults(family: ChainFamily) -> (Vec<ChainId>, Vec<String>) {
    let (chain, network) = match family {
        ChainFamily::Evm => (1, "ETH"),
        ChainFamily::Solana => (501, "SOL"),
        ChainFamily::Sui => (784, "SUI"),
        ChainFamily::Aptos => (637, "APT"),
        ChainFamily::Tron => (195, "TRX"),
        ChainFamily::Bitcoin => (0, "BTC"),
        ChainFamily::Ton => (607, "TON"),
    };
    (vec![ChainId::from_u64(chain)], vec![network.to_owned()])
}

impl OkxWeb3DefiVenue {
    /// Refuses a product on a chain where the wallet cannot act.
    pub(super) fn ensure_chain(&self, chain: &ChainId) -> Result<()> {
        if self.wallet.fits_chain(chain) {
            Ok(())
        } else {
            Err(Error::invalid_input(
                "product",
                format!(
                    "the product is on chain {chain}, where the {} wallet {} cannot act",
                    self.wallet.family(),
                    self.wallet
                ),
            ))
        }
    }
}
