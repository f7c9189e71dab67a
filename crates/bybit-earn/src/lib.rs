//! # bybit-earn
//!
//! Bybit V5 Earn for the `earn` SDK, in two layers:
//!
//! 1. [`BybitEarnClient`]: a typed REST client, one method per endpoint, in Bybit's own
//!    vocabulary — Easy & On-Chain Earn ([`easy_earn`]: products, place order, order history,
//!    positions, yields, hourly yields, APR history, position modify, coupons), Fixed Saving
//!    ([`fixed_saving`]), BYUSDT ([`byusdt`]), Hold to Earn ([`hold_to_earn`]) and server
//!    time ([`market`]).
//! 2. [`BybitEarnVenue`]: the [`earn_core::EarnVenue`] adapter over FlexibleSaving, OnChain
//!    and Fixed Saving products.
//!
//! Amounts are exact ([`earn_core::Amount`]), APRs keep Bybit's text beside the parsed
//! [`earn_core::Rate`] ([`AprText`]), `""` decodes as `None`. Requests are checked locally
//! before sending. Every place-order carries an `orderLinkId` (generated when absent); it is
//! repeated with the same body only after a definite rejection, and any ambiguous outcome is
//! [`earn_core::Error::OutcomeUnknown`], reconciled by `orderLinkId`.
//!
//! ```
//! use bybit_earn::{BybitEarnClient, BybitEnvironment, EarnCategory, PlaceOrderParams, BybitEarnVenue, VENUE};
//! use earn_core::{Amount, EarnVenue, Operation};
//!
//! # fn main() -> earn_core::Result<()> {
//! let client = BybitEarnClient::builder(BybitEnvironment::Testnet).build()?;
//! assert_eq!(client.http().base_url(), "https://api-testnet.bybit.com");
//!
//! // Invalid input never reaches the network: the error names the field and the rule.
//! let order = PlaceOrderParams::stake(EarnCategory::FlexibleSaving, "BTC", "430", Amount::parse("0.35").unwrap())
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
//! use bybit_earn::{BybitEarnClient, BybitEarnVenue, BybitEnvironment};
//! use earn_core::{Amount, Credentials, EarnVenue, Error, ProductFilter, StakeRequest};
//!
//! # #[tokio::main] async fn main() -> earn_core::Result<()> {
//! let credentials = Credentials::from_env("BYBIT").ok_or_else(|| Error::Config("set BYBIT_API_KEY/SECRET".into()))?;
//! let client = BybitEarnClient::builder(BybitEnvironment::Mainnet).credentials(credentials).build()?;
//! client.sync_clock().await?;
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

mod apr;
pub mod byusdt;
mod client;
pub mod dialect;
pub mod easy_earn;
pub mod endpoints;
mod enums;
mod environment;
pub mod errors;
pub mod fixed_saving;
pub mod hold_to_earn;
mod limits;
pub mod market;
mod pagination;
mod serde_util;
pub mod validate;
mod venue;

pub use apr::{AprText, E8};
pub use client::{BybitEarnClient, BybitEarnClientBuilder};
pub use dialect::BybitDialect;
pub use easy_earn::*;
pub use enums::*;
pub use environment::{BybitEnvironment, MAINNET_ALTERNATIVE};
pub use limits::LimitStatus;
pub use pagination::{Page, Pages};
pub use venue::{BybitEarnVenue, BybitProductId};

use earn_core::VenueId;

/// This venue's id: `"bybit-earn"`.
pub const VENUE: VenueId = VenueId::from_static("bybit-earn");
