//! The typed REST API of the OKX Web3 DeFi API, v5 and v6, in the venue's own vocabulary:
//! one module per endpoint family, one request type per endpoint.
//!
//! Every request implements [`ApiRequest`](earn_core::http::ApiRequest) and is sent with
//! [`OkxWeb3DefiClient::send`](crate::OkxWeb3DefiClient::send), which checks it with
//! `validate()` before anything leaves the process. Reads are named `Get…`; the call-data
//! builders, which only **build** unsigned transactions, are named `Build…`.
//!
//! The request vocabulary has modules of its own: [`types`] (ids and loosely typed
//! scalars), [`numbers`] (exact decimal text, human-unit amounts, native values,
//! slippage), [`address`] (per-chain wallet addresses), [`common`] (token rows and call
//! data) and [`holdings`] (position structures of both generations).

pub mod address;
pub mod common;
pub mod holdings;
pub mod numbers;
pub mod types;
pub mod v5_calculator;
pub mod v5_explore;
pub mod v5_transaction;
pub mod v5_user;
pub mod v6_calculator;
pub mod v6_chart;
pub mod v6_product;
pub mod v6_transaction;
pub mod v6_user;
