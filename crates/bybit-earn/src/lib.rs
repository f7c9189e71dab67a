//! # bybit-earn
//!
//! Bybit V5 Earn for the `earn` SDK, in two layers:
//!
//! 1. [`BybitEarnClient`]: a typed REST client covering the Earn API one-to-one, in Bybit's
//!    own vocabulary. Every endpoint is one request type in [`api`] (Easy & On-Chain Earn
//!    in [`api::easy_earn`], Fixed Saving in [`api::fixed_saving`], BYUSDT in
//!    [`api::byusdt`], Hold to Earn in [`api::hold_to_earn`], server time in
//!    [`api::market`]), sent with the one generic [`BybitEarnClient::send`]; cursor lists
//!    are walked with [`BybitEarnClient::pages`].
//! 2. [`BybitEarnVenue`]: the [`earn_core::EarnVenue`] adapter over FlexibleSaving, OnChain
//!    and Fixed Saving products, in the shared vocabulary.
//!
//! Amounts are exact ([`earn_core::Amount`]), APRs keep Bybit's text beside the parsed
//! [`earn_core::Rate`] ([`api::common::AprText`]), `""` decodes as `None`. Each request
//! checks itself once, before anything is sent. Every place-order carries an `orderLinkId`;
//! it is repeated with the same body only after a definite rejection (rate limits
//! included), and any ambiguous outcome is [`earn_core::Error::OutcomeUnknown`],
//! reconciled by reading history. Credentials and signatures Bybit echoes in an error
//! (`error sign! origin_string[…]`) never reach an error or a log.
//!
//! ```
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
//! let venue = BybitEarnVenue::new(client);
//! assert_eq!(venue.venue(), VENUE);
//! assert!(!venue.capabilities().supports(Operation::CancelRedemption));
//! # Ok(()) }
//! ```
//!
//! Live use, with keys from `BYBIT_API_KEY` and `BYBIT_API_SECRET`:
//!
//! ```no_run
//! use bybit_earn::api::easy_earn::{EarnCategory, GetPositions};
//! use bybit_earn::{BybitEarnClient, BybitEarnVenue, Environment};
//! use earn_core::{Amount, Credentials, EarnVenue, Error, ProductFilter, StakeRequest};
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
//! for p in venue.products(&ProductFilter::asset("USDT")).await? {
//!     println!("{} apr {:?} min {:?}", p.id, p.apr, p.rules.min);
//! }
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
