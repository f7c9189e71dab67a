//! # okx-staking
//!
//! OKX exchange **ETH staking** (ETH → BETH), **SOL staking** (SOL → OKSOL) and **on-chain
//! earn** (`staking-defi`), REST v5, in two layers:
//!
//! 1. [`OkxStakingClient`]: one typed method per OKX endpoint, in OKX's names (`amt`,
//!    `ordId`, `investData`): [`eth_*`](OkxStakingClient::eth_purchase),
//!    [`sol_*`](OkxStakingClient::sol_purchase), [`onchain_*`](OkxStakingClient::onchain_purchase),
//!    [`server_time`](OkxStakingClient::server_time) and [`asset_bills`](OkxStakingClient::asset_bills).
//!    Numbers are exact ([`earn_core::Amount`], [`earn_core::Rate`], [`earn_core::UnixMillis`]),
//!    `""` is `None`, unknown fields are ignored, requests are checked before sending.
//! 2. [`OkxStakingVenue`]: the [`earn_core::EarnVenue`] adapter (products `eth`, `sol`,
//!    `onchain:<productId>`), with reconciliation of writes whose outcome is unknown.
//!
//! Signing is OKX's (`Base64(HMAC-SHA256(secret, timestamp + METHOD + path[?query] + body))`,
//! over exactly the bytes sent, timestamp from the OKX clock); see [`dialect`]. The
//! environment is always explicit: [`Environment::Demo`] adds `x-simulated-trading: 1`,
//! [`Environment::Live`] sends no such header. OKX has no idempotency key for these
//! writes, so they are **sent once and never repeated**: an unclear answer (timeout, 5xx,
//! `50004`, …) is [`earn_core::Error::OutcomeUnknown`], settled by
//! [`EarnVenue::reconcile`](earn_core::EarnVenue::reconcile), which only reads.
//!
//! ```
//! use earn_core::{Amount, Credentials, EarnVenue, ErrorKind, Operation};
//! use okx_staking::{Environment, OkxStakingClient, OkxStakingVenue, StakingAmountRequest, dialect};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> earn_core::Result<()> {
//! // The signature of the reference's vector V2.
//! let creds = Credentials::new("my-key", "TEST_SECRET_1234567890").with_passphrase("my-pass");
//! let path = "/api/v5/finance/staking-defi/eth/redeem";
//! let sign = dialect::signature(&creds, "2026-01-15T23:28:04.872Z", "POST", path, "", br#"{"amt":"10"}"#);
//! assert_eq!(sign, "/GIHao5GEizCLMCCFK2/RCiq7Q2hx7ERv0DhiYK6smY=");
//!
//! // Nothing listens on port 9: only local checks run below.
//! let client = OkxStakingClient::builder(Environment::Demo)
//!     .base_url("http://127.0.0.1:9")
//!     .credentials(creds)
//!     .build()?;
//! let zero = StakingAmountRequest::new(Amount::parse("0").expect("plain decimal"));
//! let err = client.eth_purchase(&zero).await.unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::InvalidInput); // refused before anything was sent
//!
//! let venue = OkxStakingVenue::new(client);
//! assert_eq!(venue.venue(), okx_staking::VENUE);
//! assert!(venue.capabilities().supports(Operation::Reconcile));
//! # Ok(())
//! # }
//! ```
//!
//! Live use, with keys from `OKX_API_KEY`, `OKX_API_SECRET` and `OKX_PASSPHRASE`:
//!
//! ```no_run
//! use std::time::Duration;
//! use earn_core::{Credentials, EarnVenue, Error, ProductFilter, Reconciliation, StakeRequest};
//! use okx_staking::{Environment, OkxHost, OkxStakingClient, OkxStakingVenue};
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let creds = Credentials::from_env("OKX").ok_or("set OKX_API_KEY, OKX_API_SECRET and OKX_PASSPHRASE")?;
//!     let client = OkxStakingClient::builder(Environment::Live)
//!         .host(OkxHost::OpenApi) // OkxHost::Eea for my.okx.com accounts, OkxHost::Us for app.okx.com
//!         .credentials(creds)
//!         .build()?;
//!     client.sync_clock().await?;
//!     let venue = OkxStakingVenue::new(client).reconcile_grace(Duration::from_secs(120));
//!     for p in venue.products(&ProductFilter::asset("ETH")).await? {
//!         println!("{} apr={:?} min={:?}", p.id, p.apr, p.rules.min);
//!     }
//!     match venue.stake(&StakeRequest::new("eth", "0.01".parse()?)).await {
//!         Ok(outcome) => println!("placed {:?}", outcome.order()),
//!         Err(Error::OutcomeUnknown(unknown)) => loop {
//!             // Never stake again to find out: read until the venue's history tells.
//!             match venue.reconcile(&unknown.intent).await? {
//!                 Reconciliation::Happened(order) => break println!("it happened: {}", order.id),
//!                 Reconciliation::DidNotHappen => break println!("it did not happen"),
//!                 _ => tokio::time::sleep(Duration::from_secs(10)).await,
//!             }
//!         },
//!         Err(e) => return Err(e.into()),
//!     }
//!     Ok(())
//! }
//! ```

#[macro_use]
mod staking_coin;

pub mod dialect;
pub mod errors;
pub mod eth;
pub mod funding;
pub mod ids;
pub mod onchain;
pub mod sol;
pub mod staking;

mod client;
mod convert;
mod estimate;
mod reconcile;
mod venue;
mod wire;
mod writes;

pub use client::{OkxHost, OkxStakingClient, OkxStakingClientBuilder};
pub use dialect::{Environment, OkxDialect};
pub use funding::{Bill, BillsQuery};
pub use onchain::{
    ActiveOrdersQuery, EarningData, EarningType, FastRedemptionData, InvestAmount, Offer, OfferInvestData, OfferState,
    OffersQuery, OnchainCancelRequest, OnchainOrder, OnchainOrderState, OnchainPurchaseRequest, OnchainRedeemRequest,
    OrderAck, OrderInvestData, OrdersHistoryQuery, ProtocolType,
};
pub use reconcile::MATCH_MARGIN_MS;
pub use staking::{
    ApyHistoryQuery, ApyPoint, CancelRedeemAck, CancelRedeemRequest, HistoryQuery, HistoryRow, HistoryStatus,
    HistoryType, StakingAmountRequest, StakingBalance, StakingCoin, StakingProductInfo, StakingWriteAck,
};
pub use venue::OkxStakingVenue;
pub use wire::{AMOUNT_MAX_DECIMALS, MAX_PAGE_LIMIT};

use earn_core::VenueId;

/// This venue's id: `"okx-staking"`.
pub const VENUE: VenueId = VenueId::from_static("okx-staking");
