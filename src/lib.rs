//! # earn
//!
//! One API for crypto earn products (staking, savings, DeFi vaults) across venues.
//!
//! This facade re-exports [`earn_core`] (the [`EarnVenue`] trait, exact amounts, errors)
//! and, behind one cargo feature each, the venue crates:
//!
//! | feature | crate | venue |
//! |---|---|---|
//! | `okx-staking` (default) | [`okx_staking`] | OKX exchange: ETH/SOL staking, on-chain earn |
//! | `bybit-earn` (default) | [`bybit_earn`] | Bybit V5 Earn: FlexibleSaving, OnChain, Fixed Saving |
//! | `okx-web3-defi` (default) | [`okx_web3_defi`] | OKX Web3 DeFi API (non-custodial) |
//! | `sim` | [`earn_sim`] | embedded simulator of all three |
//! | `mock` | | `MockEarnVenue` for your tests |
//!
//! A bot that needs one venue only depends on it alone:
//! `earn = { version = "0.1", default-features = false, features = ["bybit-earn"] }`.

pub use earn_core::*;

#[cfg(feature = "bybit-earn")]
pub use bybit_earn;
#[cfg(feature = "sim")]
pub use earn_sim;
#[cfg(feature = "okx-staking")]
pub use okx_staking;
#[cfg(feature = "okx-web3-defi")]
pub use okx_web3_defi;
