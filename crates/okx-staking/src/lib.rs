//! # okx-staking
//!
//! OKX exchange **ETH staking** (ETH → BETH), **SOL staking** (SOL → OKSOL), **on-chain
//! earn** (`staking-defi`), **Simple Earn Flexible** (savings), and the **funding and trading
//! accounts** with transfers between them, REST v5, in two layers:
//!
//! 1. [`OkxStakingClient`]: the typed client. Every OKX endpoint is one request type in
//!    [`api`], in OKX's names (`amt`, `ordId`, `investData`, `clientId`), sent with the one
//!    generic [`send`](OkxStakingClient::send): [`api::staking`] (ETH and SOL, one type per
//!    endpoint with a [`StakingCoin`](api::staking::StakingCoin) field), [`api::onchain`],
//!    [`api::savings`], [`api::asset`] (funding account, transfers, bills),
//!    [`api::account`] (trading account) and [`api::public`]. Numbers are exact
//!    ([`earn_core::Amount`], [`earn_core::Rate`], [`earn_core::UnixMillis`]), `""` is
//!    `None`, unknown fields are ignored, and each request checks every local rule once,
//!    before anything is sent.
//! 2. [`OkxStakingVenue`]: the [`earn_core::EarnVenue`] adapter (products `eth`, `sol`,
//!    `onchain:<productId>`, `savings:<CCY>`; accounts `funding` and `trading`), with
//!    reconciliation of writes whose outcome is unknown.
//!
//! Signing, the envelope, the shared error codes and the hosts are OKX-wide and come from
//! `okx-common`; [`OkxDialect`] teaches them to earn-core's executor. The environment is
//! always explicit: [`Environment::Demo`] adds `x-simulated-trading: 1`,
//! [`Environment::Live`] sends no such header. OKX has no idempotency key for these
//! writes (a transfer's `clientId` is a correlation key OKX does not promise to
//! de-duplicate), so they are **sent once and never repeated**: an unclear answer
//! (timeout, 5xx, `50004`, …) is [`earn_core::Error::OutcomeUnknown`], settled by
//! [`EarnVenue::reconcile`](earn_core::EarnVenue::reconcile), which only reads.
//!
//! Every earn product draws on the **funding** account, and OKX redeems only BETH that
//! sits there: with the BETH in the trading account the redemption estimate says "not
//! allowed" (with the reason and the shortfall) and `redeem` sends nothing. Move it first,
//! explicitly, with [`EarnVenue::transfer`](earn_core::EarnVenue::transfer); the adapter
//! never transfers on its own.
//!
//! ```
//! use earn_core::http::ApiRequest;
//! use earn_core::{Amount, Credentials, EarnVenue, ErrorKind, Operation, TransferRequest};
//! use okx_staking::api::staking::{GetPurchaseRedeemHistory, HistoryType, Purchase, StakingCoin};
//! use okx_staking::{Environment, OkxStakingClient, OkxStakingVenue};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> earn_core::Result<()> {
//! // A request is a value: its endpoint, its query or body, its own checks.
//! let history = GetPurchaseRedeemHistory::new(StakingCoin::Eth).r#type(HistoryType::Redeem).limit(10);
//! assert_eq!(history.endpoint().path, "/api/v5/finance/staking-defi/eth/purchase-redeem-history");
//! assert_eq!(history.query().as_str(), "type=redeem&limit=10");
//!
//! // Nothing listens on port 9: only local checks run below.
//! let creds = Credentials::new("my-key", "my-secret").with_passphrase("my-pass");
//! let client = OkxStakingClient::builder(Environment::Demo)
//!     .base_url("http://127.0.0.1:9")
//!     .credentials(creds)
//!     .build()?;
//! let zero = Purchase::new(StakingCoin::Eth, Amount::parse("0").expect("plain decimal"));
//! let err = client.send(&zero).await.unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::InvalidInput); // refused before anything was sent
//!
//! let venue = OkxStakingVenue::new(client);
//! assert_eq!(venue.venue(), okx_staking::VENUE);
//! assert!(venue.capabilities().supports(Operation::Reconcile));
//! assert_eq!(venue.capabilities().accounts, ["funding", "trading"]);
//! // A transfer to an account OKX does not have is refused before anything is sent.
//! let odd = TransferRequest::new("USDT", Amount::parse("10").expect("plain decimal"), "trading", "spot");
//! assert_eq!(venue.transfer(&odd).await.unwrap_err().kind(), ErrorKind::InvalidInput);
//! # Ok(())
//! # }
//! ```
//!
//! Live use, with keys from `OKX_API_KEY`, `OKX_API_SECRET` and `OKX_PASSPHRASE`:
//!
//! ```no_run
//! use std::time::Duration;
//! use earn_core::{Credentials, EarnVenue, Error, ProductFilter, Reconciliation, StakeRequest};
//! use okx_staking::api::onchain::GetOffers;
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
//!     for offer in client.send(&GetOffers::new().ccy("DOT")).await? {
//!         println!("{} {} apy={:?}", offer.product_id, offer.protocol, offer.apy);
//!     }
//!     let venue = OkxStakingVenue::new(client).reconcile_grace(Duration::from_secs(120));
//!     for p in venue.products(&ProductFilter::asset("ETH")).await? {
//!         println!("{} apr={:?} apy={:?} min={:?}", p.id, p.apr, p.apy, p.rules.min);
//!     }
//!     for b in venue.balances().await? {
//!         println!("{} {} available {} of {:?}", b.account, b.asset, b.available, b.total);
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

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod api;

mod client;
mod dialect;
mod errors;
mod venue;

pub use api::AMOUNT_MAX_DECIMALS;
pub use client::{Environment, OkxHost, OkxStakingClient, OkxStakingClientBuilder};
pub use dialect::{OkxDialect, VENUE};
pub use venue::{MATCH_MARGIN_MS, OkxStakingVenue};
