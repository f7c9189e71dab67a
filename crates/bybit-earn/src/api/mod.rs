//! The typed REST API, one module per endpoint family of the reference, one request type
//! per endpoint; send any of them with [`BybitEarnClient::send`](crate::BybitEarnClient::send).

pub mod account;
pub mod asset;
pub mod byusdt;
pub mod common;
pub mod easy_earn;
pub mod fixed_saving;
pub mod hold_to_earn;
pub mod market;
