//! # okx-common
//!
//! What the two OKX APIs of the `earn` SDK share, written once: the `OK-ACCESS-*` request
//! signing ([`sign`]), the `{code, msg, data}` response envelope ([`envelope`]), the error
//! codes both APIs use and what each means for a caller ([`codes`]), the hosts ([`OkxHost`]),
//! the environment ([`Environment`]) and the public time endpoint ([`time`]).
//!
//! It is used by `okx-staking` (the exchange API) and `okx-web3-defi` (the Web3 DeFi API);
//! neither depends on the other.
//!
//! ```
//! use earn_core::Credentials;
//! use okx_common::sign::signature;
//! let c = Credentials::new("k", "TEST_SECRET_1234567890").with_passphrase("p");
//! let s = signature(&c, "2026-01-15T23:28:04.872Z", "POST",
//!     "/api/v5/finance/staking-defi/eth/redeem", "", br#"{"amt":"10"}"#);
//! assert_eq!(s, "/GIHao5GEizCLMCCFK2/RCiq7Q2hx7ERv0DhiYK6smY=");
//! ```

pub mod codes;
pub mod envelope;
mod host;
pub mod sign;
pub mod time;

pub use host::{Environment, OkxHost, WEB3_HOST};
