//! # binance-earn
//!
//! Binance Simple Earn (Flexible and Locked), ETH and SOL staking, and the Spot and
//! Funding wallets for the `earn` SDK, in two layers:
//!
//! 1. [`BinanceEarnClient`]: a typed REST client covering the reference one-to-one (53
//!    endpoints), in Binance's own vocabulary. Every endpoint is one request type in
//!    [`api`] ([`api::flexible`], [`api::locked`], [`api::simple_earn`], [`api::wallet`],
//!    [`api::market`], [`api::eth_staking`], [`api::sol_staking`]), sent with the one
//!    generic [`BinanceEarnClient::send`]; `current`/`size` lists are walked with
//!    [`BinanceEarnClient::all_pages`].
//! 2. [`BinanceEarnVenue`]: the [`earn_core::EarnVenue`] adapter, in the shared
//!    vocabulary: flexible, locked, ETH and SOL staking products; positions; `SPOT` and
//!    `FUNDING` balances and transfers; stake, redeem, estimates, orders, reconciliation.
//!
//! **Signing** (reference §2): HMAC-SHA256, lowercase hex, over the query string exactly as
//! sent: the request's parameters in their documented order, then `recvWindow`, then
//! `timestamp`, every byte outside `A-Z a-z 0-9 _ . - ~` percent-encoded (so a locked
//! `projectId` `Axs*90` is signed and sent as `Axs%2A90`), and `signature` last. The key
//! travels in `X-MBX-APIKEY`, marked sensitive. Each attempt is signed afresh with
//! Binance's clock (a rejected timestamp, `-1021`, resyncs the clock and signs again once).
//!
//! **Limits** (§5): each endpoint's published weight is a rate limit (IP weights out of
//! 12000 per minute per endpoint, the transfer's UID weight out of 180000, the `/api`
//! weights sharing 6000, and "1/3s per account" on the stake/redeem writes); the
//! `X-SAPI-USED-*` and `X-MBX-USED-WEIGHT-*` headers are read back
//! ([`BinanceEarnClient::used_weight`]); an HTTP 418 ban is honoured locally.
//!
//! **Answers** (§4, §6): amounts exact ([`earn_core::Amount`]); numbers accepted where
//! strings are documented and the reverse (`positionId`, `duration`, `total`); `apy` and
//! `APY` both read; unknown enum values kept. A write Binance may have applied without
//! saying so (5XX, `-1006`, `-1007`, `-6019`, `success` other than `true`, …) is
//! [`earn_core::Error::OutcomeUnknown`], never repeated, and reconciled by reading history.
//!
//! ```
//! use binance_earn::api::flexible::SubscribeFlexible;
//! use binance_earn::api::locked::SubscribeLocked;
//! use binance_earn::api::simple_earn::SourceAccount;
//! use binance_earn::{BinanceEarnClient, BinanceEarnVenue, Environment, VENUE};
//! use earn_core::http::ApiRequest;
//! use earn_core::{Amount, EarnVenue, Operation};
//!
//! # fn main() -> earn_core::Result<()> {
//! let client = BinanceEarnClient::builder(Environment::Production).build()?;
//! assert_eq!(client.base_url(), "https://api.binance.com");
//!
//! // Parameters in the documented order; `*` percent-encoded as Binance signs it.
//! let locked = SubscribeLocked::new("Axs*90", Amount::parse("1.5").unwrap());
//! assert_eq!(
//!     locked.query().as_str(),
//!     "projectId=Axs%2A90&amount=1.5&autoSubscribe=false&redeemTo=SPOT"
//! );
//!
//! // Invalid input never reaches the network: the error names the field and the rule.
//! let too_fine = SubscribeFlexible::new("USDT001", Amount::parse("0.000000001").unwrap())
//!     .source_account(SourceAccount::Fund);
//! assert!(too_fine.validate().unwrap_err().to_string().contains("amount"));
//!
//! let venue = BinanceEarnVenue::new(client);
//! assert_eq!(venue.venue(), VENUE);
//! assert_eq!(venue.capabilities().accounts, &["SPOT", "FUNDING"]);
//! assert!(!venue.capabilities().supports(Operation::CancelRedemption));
//! # Ok(()) }
//! ```
//!
//! Live use, with keys from `BINANCE_API_KEY` and `BINANCE_API_SECRET`:
//!
//! ```no_run
//! use binance_earn::api::flexible::GetFlexiblePositions;
//! use binance_earn::{BinanceEarnClient, BinanceEarnVenue, Environment};
//! use earn_core::{Amount, Credentials, EarnVenue, Error, ProductFilter, StakeRequest};
//!
//! # #[tokio::main] async fn main() -> earn_core::Result<()> {
//! let credentials =
//!     Credentials::from_env("BINANCE").ok_or_else(|| Error::Config("set BINANCE_API_KEY/SECRET".into()))?;
//! let client = BinanceEarnClient::builder(Environment::Production).credentials(credentials).build()?;
//! client.sync_clock().await?;
//!
//! // Layer 1: Binance's own vocabulary.
//! for p in client.send(&GetFlexiblePositions::new()).await?.rows {
//!     println!("{} {} {:?}", p.product_id, p.asset, p.total_amount);
//! }
//!
//! // Layer 2: the shared vocabulary.
//! let venue = BinanceEarnVenue::new(client);
//! for p in venue.products(&ProductFilter::asset("USDT")).await? {
//!     println!("{} {:?} apr {:?} min {:?}", p.id, p.kind, p.apr, p.rules.min);
//! }
//! match venue.stake(&StakeRequest::new("flexible:USDT:USDT001", Amount::parse("10").unwrap())).await {
//!     Ok(outcome) => println!("placed {:?}", outcome.order().map(|o| &o.id)),
//!     Err(e) if e.maybe_happened() => {
//!         // Never resend: ask Binance's history what happened.
//!         let intent = e.reconcile_intent().expect("outcome-unknown errors carry an intent");
//!         println!("{:?}", venue.reconcile(intent).await?);
//!     }
//!     Err(e) => return Err(e),
//! }
//! # Ok(()) }
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod api;
mod client;
mod dialect;
mod errors;
mod venue;

pub use client::{BinanceEarnClient, BinanceEarnClientBuilder, Collected, Environment, MAX_RECV_WINDOW};
pub use dialect::{BinanceDialect, UsedWeight};
pub use venue::{BinanceEarnVenue, BinanceProductId, SubscriptionPreview};

use earn_core::VenueId;

/// This venue's id: `"binance-earn"`.
pub const VENUE: VenueId = VenueId::from_static("binance-earn");
