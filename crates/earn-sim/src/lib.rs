//! `earn-sim`: embedded simulator of the OKX staking, Bybit Earn and OKX Web3 DeFi APIs.

pub mod auth;
pub mod clock;
