//! The typed REST API: one module per endpoint family of the reference, one request type
//! per endpoint (53 in all); send any of them with
//! [`BinanceEarnClient::send`](crate::BinanceEarnClient::send).
//!
//! | Family | Module | Endpoints |
//! |---|---|---|
//! | Simple Earn account (§7.1) and shared vocabulary | [`simple_earn`] | 1 |
//! | Simple Earn Flexible (§7) | [`flexible`] | 12 |
//! | Simple Earn Locked (§7) | [`locked`] | 11 |
//! | Spot and Funding balances, universal transfer (§8.2–8.7) | [`wallet`] | 6 |
//! | Server time (§8.1) | [`market`] | 1 |
//! | ETH staking (§10.1) | [`eth_staking`] | 11 |
//! | SOL staking (§10.2) | [`sol_staking`] | 11 |
//!
//! Pages, windows and checks every family shares are in [`common`].

pub mod common;
pub mod eth_staking;
pub mod flexible;
pub mod locked;
pub mod market;
pub mod simple_earn;
pub mod sol_staking;
pub mod wallet;
