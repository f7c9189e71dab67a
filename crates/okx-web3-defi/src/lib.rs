//! # okx-web3-defi
//!
//! A typed client and a non-custodial [`earn_core::EarnVenue`] adapter for the OKX Web3
//! DeFi API, both generations:
//!
//! * **v5** "DeFi API" ([`v5`]): explore, calculators, call-data builders (authorization,
//!   subscription, redemption, bonus), user positions, balances and unstake list;
//! * **v6** "OnchainOS DeFi API" ([`v6`]): products, charts, prepare, enter calculator,
//!   enter/exit/claim call data, user positions.
//!
//! The API never holds keys and never signs: its "transaction" endpoints only **build**
//! unsigned call data. So [`OkxWeb3DefiVenue`]'s `stake` and `redeem` return
//! [`WriteOutcome::NeedsSignature`](earn_core::WriteOutcome::NeedsSignature) with a
//! [`TransactionPlan`](earn_core::TransactionPlan), never an order: nothing has moved until
//! the caller's wallet signs and broadcasts every step.
//!
//! Numbers are never floats: human-unit amounts are exact text ([`DecimalText`],
//! [`HumanAmount`]) convertible to exact base units ([`earn_core::TokenAmount`]); USD
//! valuations keep every digit the venue sent; call values are `U256`. Addresses are
//! validated per chain family ([`WalletAddress`]) before any request.
//!
//! ## Example (runs offline)
//!
//! ```
//! use okx_web3_defi::v5::RedeemInfo;
//! use okx_web3_defi::*;
//!
//! // Decode a redemption estimate exactly as the venue sends it.
//! let data = r#"{"isAllowRedeem":true,"estimateGasFee":"276614",
//!   "receiveTokenList":[{"tokenSymbol":"DAI","tokenPrecision":"18","chainId":"1",
//!   "coinAmount":"1.000000146425127036","currencyAmount":"0.9993097704396316094231068522159962"}]}"#;
//! let info: RedeemInfo = serde_json::from_str(data).unwrap();
//! let dai = &info.receive_token_list.as_ref().unwrap()[0];
//! assert_eq!(dai.quantity().unwrap().base_units().to_string(), "1000000146425127036");
//! // The 34-digit valuation is kept whole; a Decimal view says it was rounded.
//! assert_eq!(dai.currency_amount.as_ref().unwrap().as_str(), "0.9993097704396316094231068522159962");
//! assert!(!dai.usd().unwrap().unwrap().is_exact());
//!
//! // Inputs are checked before anything is sent.
//! assert!(WalletAddress::evm("0x7f****da").is_err());
//! assert!(Slippage::parse("1.5").is_err());
//! ```
//!
//! ## Live use
//!
//! ```no_run
//! use earn_core::{Credentials, EarnVenue, ProductFilter, StakeRequest, Amount, WriteOutcome};
//! use okx_web3_defi::*;
//!
//! # #[tokio::main] async fn main() -> earn_core::Result<()> {
//! // Reads OKX_WEB3_API_KEY, OKX_WEB3_API_SECRET, OKX_WEB3_PASSPHRASE.
//! let creds = Credentials::from_env("OKX_WEB3").expect("set OKX_WEB3_API_KEY and OKX_WEB3_API_SECRET");
//! let client = OkxWeb3DefiClient::builder().credentials(creds).build()?;
//! let wallet = WalletAddress::evm(&std::env::var("WALLET").expect("set WALLET"))?;
//! let venue = OkxWeb3DefiVenue::new(client, wallet, ApiGeneration::V6);
//! for p in venue.products(&ProductFilter::asset("USDC")).await? {
//!     println!("{} {:?} apr={:?}", p.id, p.name, p.apr);
//! }
//! let outcome = venue.stake(&StakeRequest::new("9502", Amount::parse("10").unwrap())).await?;
//! if let WriteOutcome::NeedsSignature(plan) = outcome {
//!     for tx in &plan.transactions {
//!         println!("sign {:?}: to {} value {}", tx.purpose, tx.to, tx.value);
//!     }
//! }
//! # Ok(()) }
//! ```

pub mod address;
mod client;
mod common;
pub mod dialect;
pub mod errors;
mod holdings;
mod json;
mod numbers;
mod slippage;
pub mod v5;
pub mod v6;
mod venue;
mod wire;

pub use address::{ChainFamily, WalletAddress};
pub use client::{
    ClientRateLimit, DEFAULT_BASE_URL, OkxWeb3DefiClient, OkxWeb3DefiClientBuilder, QueryParams, Validate,
};
pub use common::{ApproveStatus, CallData, CallDataList, TokenInfo};
pub use dialect::{OkxWeb3Dialect, ServerTime};
pub use holdings::*;
pub use json::{OneOrMany, RawJson};
pub use numbers::{DecimalText, HumanAmount, NativeValue};
pub use slippage::Slippage;
pub use v5::TokenAmountRequest;
pub use venue::{ApiGeneration, OkxWeb3DefiVenue};
pub use wire::{
    AnalysisPlatformId, ChainId, ExploreTokenId, FlexBool, FlexText, FlexUint, InvestmentId, PlatformId, TokenId,
};

/// This venue's id: `"okx-web3-defi"`.
pub const VENUE: earn_core::VenueId = earn_core::VenueId::from_static("okx-web3-defi");
