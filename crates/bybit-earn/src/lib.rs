//! # bybit-earn
//!
//! Bybit V5 Earn for the `earn` SDK, in two layers:
//!
//! 1. [`BybitEarnClient`]: a typed REST client covering the Earn API one-to-one, in Bybit's
//!    own vocabulary. Every endpoint is one request type in [`api`] (Easy & On-Chain Earn
//!    in [`api::easy_earn`], Fixed Saving in [`api::fixed_saving`], BYUSDT in
//!    [`api::byusdt`], Hold to Earn in [`api::hold_to_earn`], FUND balances and internal
//!    transfers in [`api::asset`], UNIFIED balances in [`api::account`], server time in
//!    [`api::market`]), sent with the one generic [`BybitEarnClient::send`]; cursor lists
//!    are walked with [`BybitEarnClient::pages`].
//! 2. [`BybitEarnVenue`]: the [`earn_core::EarnVenue`] adapter over FlexibleSaving, OnChain
//!    and Fixed Saving products, and the `FUND`/`UNIFIED` accounts (idle balances,
//!    transfers between them), in the shared vocabulary.
//!
//! Amounts are exact ([`earn_core::Amount`]), APRs keep Bybit's text beside the parsed
//! [`earn_core::Rate`] ([`api::common::AprText`]), `""` decodes as `None`. Each request
//! checks itself once, before anything is sent. Every place-order carries an `orderLinkId`;
//! it is repeated with the same body only after a definite rejection (rate limits
//! included), and any ambiguous outcome is [`earn_core::Error::OutcomeUnknown`],
//! reconciled by reading history. A transfer carries a `transferId` UUID and is never
//! repeated (Bybit promises no de-duplication); an unclear answer is reconciled from the
//! transfer records. Credentials and signatures Bybit echoes in an error
//! (`error sign! origin_string[…]`) never reach an error or a log.
//!
//! ```
//! use bybit_earn::api::asset::CreateInternalTransfer;
//! use bybit_earn::api::common::AccountType;
//! use bybit_earn::api::easy_earn::{EarnCategory, PlaceOrder};
//! use bybit_earn::{BybitEarnClient, BybitEarnVenue, Environment, VENUE};
//! use earn_core::http::ApiRequest;
//! use earn_core::{Amount, EarnVenue, Operation};
//!
//! # fn main() -> earn_core::Result<()> {
//! let client = BybitEarnClient::builder(Environment::Testnet).build()?;
//! assert_eq!(client.base_url(), "https://api-testnet.bybit.com");
//!
//! // Invalid input never reaches the network: the error names the field and the rule.
//! let order = PlaceOrder::stake(EarnCategory::FlexibleSaving, "BTC", "430", Amount::parse("0.35").unwrap())
//!     .order_link_id("not allowed!");
//! assert!(order.validate().unwrap_err().to_string().contains("orderLinkId"));
//!
//! // A transfer id is a lower-case UUID, checked before sending.
//! let transfer = CreateInternalTransfer::new("USDT", Amount::parse("250").unwrap(), AccountType::Unified, AccountType::Fund)
//!     .transfer_id("my-transfer");
//! assert!(transfer.validate().unwrap_err().to_string().contains("transferId"));
//!
//! let venue = BybitEarnVenue::new(client);
//! assert_eq!(venue.venue(), VENUE);
//! assert!(!venue.capabilities().supports(Operation::CancelRedemption));
//! assert_eq!(venue.capabilities().accounts, ["FUND", "UNIFIED"]);
//! # Ok(()) }
//! ```
//!
//! Live use, with keys from `BYBIT_API_KEY` and `BYBIT_API_SECRET`:
//!
//! ```no_run
//! use bybit_earn::api::easy_earn::{EarnCategory, GetPositions};
//! use bybit_earn::{BybitEarnClient, BybitEarnVenue, Environment};
//! use earn_core::{Amount, Credentials, EarnVenue, Error, ProductFilter, StakeRequest, TransferRequest};
//!
//! # #[tokio::main] async fn main() -> earn_core::Result<()> {
//! let credentials = Credentials::from_env("BYBIT").ok_or_else(|| Error::Config("set BYBIT_API_KEY/SECRET".into()))?;
//! let client = BybitEarnClient::builder(Environment::Mainnet).credentials(credentials).build()?;
//! client.sync_clock().await?;
//!
//! // Layer 1: Bybit's own vocabulary.
//! for p in client.send(&GetPositions::new(EarnCategory::FlexibleSaving)).await?.list {
//!     println!("{} {} claimable {:?}", p.product_id, p.amount, p.claimable_yield);
//! }
//!
//! // Layer 2: the shared vocabulary.
//! let venue = BybitEarnVenue::new(client);
//! for b in venue.balances().await? {
//!     println!("{} {} idle {} of {:?}", b.account, b.asset, b.available, b.total);
//! }
//! for p in venue.products(&ProductFilter::asset("USDT")).await? {
//!     println!("{} {:?} apr {:?} draws on {:?}", p.id, p.kind, p.apr, p.draws_from);
//! }
//! // FlexibleSaving draws on the adapter's account (FUND by default): move idle USDT there first.
//! venue.transfer(&TransferRequest::new("USDT", Amount::parse("10").unwrap(), "UNIFIED", "FUND")).await?;
//! match venue.stake(&StakeRequest::new("FlexibleSaving:428", Amount::parse("10").unwrap())).await {
//!     Ok(outcome) => println!("placed {:?}", outcome.order().map(|o| &o.client_id)),
//!     Err(e) if e.maybe_happened() => {
//!         // Never resend: ask the venue what happened, by orderLinkId.
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

pub use client::{BybitEarnClient, BybitEarnClientBuilder, Environment, Paged, Pages, Paginated, Row};
pub use dialect::{BybitDialect, LimitStatus};
pub use venue::BybitEarnVenue;
pub use venue::products::BybitProductId;

use earn_core::VenueId;

/// This venue's id: `"bybit-earn"`.
pub const VENUE: VenueId = VenueId::from_static("bybit-earn");
