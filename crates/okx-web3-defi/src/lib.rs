//! # okx-web3-defi
//!
//! A typed client and a non-custodial [`earn_core::EarnVenue`] adapter for the OKX Web3
//! DeFi API, both generations:
//!
//! * **v5** "DeFi API": explore, calculators, call-data builders (authorization,
//!   subscription, redemption, bonus), user positions, balances and unstake list
//!   ([`api::v5_explore`], [`api::v5_calculator`], [`api::v5_transaction`], [`api::v5_user`]);
//! * **v6** "OnchainOS DeFi API": products, charts, prepare, enter calculator,
//!   enter/exit/claim call data, user positions ([`api::v6_product`], [`api::v6_chart`],
//!   [`api::v6_calculator`], [`api::v6_transaction`], [`api::v6_user`]).
//!
//! Every endpoint is one request type implementing
//! [`ApiRequest`](earn_core::http::ApiRequest), sent with the client's one generic
//! [`send`](OkxWeb3DefiClient::send), which checks the request (`validate()`) before
//! anything leaves the process.
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
//! use earn_core::http::ApiRequest;
//! use okx_web3_defi::api::v5_calculator::RedeemInfo;
//! use okx_web3_defi::api::v6_transaction::{BuildEnter, UserInput};
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
//! // A request checks itself before anything is sent: 7 decimals for a 6-decimal token.
//! let enter = BuildEnter {
//!     investment_id: InvestmentId::parse("9502").unwrap(),
//!     address: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed".into(),
//!     user_input_list: vec![UserInput {
//!         token_address: "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48".into(),
//!         chain_index: ChainId::from_u64(1),
//!         coin_amount: HumanAmount::parse("1.0000001").unwrap(),
//!         token_symbol: Some("USDC".into()),
//!         token_precision: Some(6),
//!         token_id: None,
//!     }],
//!     slippage: Some(Slippage::one_percent()),
//!     tick_lower: None,
//!     tick_upper: None,
//!     token_id: None,
//! };
//! assert!(enter.validate().is_err());
//! assert!(WalletAddress::evm("0x7f****da").is_err());
//! assert!(Slippage::parse("1.5").is_err());
//! ```
//!
//! ## Live use
//!
//! ```no_run
//! use earn_core::{Amount, Credentials, EarnVenue, ProductFilter, StakeRequest, WriteOutcome};
//! use okx_web3_defi::api::v6_product::GetSupportedChains;
//! use okx_web3_defi::*;
//!
//! # #[tokio::main] async fn main() -> earn_core::Result<()> {
//! // Reads OKX_WEB3_API_KEY, OKX_WEB3_API_SECRET, OKX_WEB3_PASSPHRASE.
//! let creds = Credentials::from_env("OKX_WEB3").expect("set OKX_WEB3_API_KEY and OKX_WEB3_API_SECRET");
//! let client = OkxWeb3DefiClient::builder().credentials(creds).build()?;
//! // The typed client: one request type per endpoint.
//! for chain in client.send(&GetSupportedChains).await? {
//!     println!("{:?} {:?}", chain.chain_index, chain.network);
//! }
//! // The adapter, in the shared vocabulary.
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

pub mod api;
mod client;
mod dialect;
mod errors;
mod venue;

pub use api::address::{ChainFamily, WalletAddress};
pub use api::common::{CallData, CallDataList, TokenInfo};
pub use api::numbers::{DecimalText, HumanAmount, NativeValue, Slippage};
pub use api::types::{AnalysisPlatformId, ChainId, InvestmentId, TokenId};
pub use client::{ClientRateLimit, OkxWeb3DefiClient, OkxWeb3DefiClientBuilder};
pub use dialect::{OkxWeb3Dialect, ServerTime, VENUE};
pub use venue::{ApiGeneration, OkxWeb3DefiVenue};
