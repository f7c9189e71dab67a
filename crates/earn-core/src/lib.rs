//! # earn-core
//!
//! The foundation of the `earn` SDK: one trait, [`EarnVenue`], for moving money in and out
//! of crypto earn products (staking, savings, DeFi vaults) at any venue; exact money types
//! that never touch a float; one error type whose categories a bot can act on; credentials
//! that never print; the shared wire vocabulary ([`wire`]); and, with the default `http`
//! feature, the HTTP machinery every venue crate shares (`earn_core::http`).
//!
//! Users who need only the trait and its mock build it without the HTTP stack:
//! `earn-core = { default-features = false, features = ["mock"] }`.
//!
//! ## Implementing and mocking the trait
//!
//! A venue implements the operations it has; the rest answer [`Error::Unsupported`].
//! With the `mock` feature, [`MockEarnVenue`] stands in for any venue in your tests.
//!
//! ```
//! use std::sync::Arc;
//! use async_trait::async_trait;
//! use earn_core::*;
//!
//! struct Piggybank;
//!
//! #[async_trait]
//! impl EarnVenue for Piggybank {
//!     fn venue(&self) -> VenueId { VenueId::from_static("piggybank") }
//!     fn capabilities(&self) -> Capabilities {
//!         Capabilities::new(Custody::Custodial).with(Operation::Products).with(Operation::Positions)
//!     }
//!     async fn products(&self, _: &ProductFilter) -> Result<Vec<Product>> {
//!         let mut p = Product::new(self.venue(), "coins".into(), "USDC".into(), ProductKind::Flexible);
//!         p.apr = Some(Rate::parse_percent("4.5%").expect("valid percent"));
//!         Ok(vec![p])
//!     }
//!     async fn positions(&self) -> Result<Vec<Position>> { Ok(vec![]) }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<()> {
//! let venue: Arc<dyn EarnVenue> = Arc::new(Piggybank);
//! let products = venue.products(&ProductFilter::all()).await?;
//! assert_eq!(products[0].apr.unwrap().to_string(), "0.045");
//!
//! // Operations a venue lacks are typed errors, never panics.
//! let stake = StakeRequest::new("coins", Amount::parse("10").expect("plain decimal"));
//! let err = venue.stake(&stake).await.unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::Unsupported);
//!
//! // In tests, a mock stands in for any venue (feature `mock`).
//! let mut mock = MockEarnVenue::new();
//! mock.expect_positions().returning(|| Ok(vec![]));
//! let mocked: Arc<dyn EarnVenue> = Arc::new(mock);
//! assert!(mocked.positions().await?.is_empty());
//! # Ok(())
//! # }
//! ```
//!
//! ## Money rules
//!
//! * [`Amount`] is an exact non-negative decimal, parsed only from plain text
//!   (`"0.1"`, never `1e-1`), serialized back as the same text.
//! * [`Rate`] is a fraction (`0.05` = 5 %), built from fraction or percent text explicitly.
//! * [`UsdValue`] is a valuation that says when it had to be rounded and keeps the original.
//! * [`TokenAmount`] holds on-chain quantities as exact uint256 base units.
//! * [`AmountRules`] checks an amount against a product's min, max and precision.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod amount;
#[cfg(feature = "conformance")]
#[cfg_attr(docsrs, doc(cfg(feature = "conformance")))]
pub mod conformance;
mod credentials;
mod error;
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub mod http;
mod model;
pub mod validate;
mod venue;
pub mod wire;

pub use amount::*;
pub use credentials::Credentials;
pub use error::{Error, ErrorKind, OutcomeUnknown, Result, VenueError, body_excerpt};
pub use model::*;
pub use venue::EarnVenue;
#[cfg(any(test, feature = "mock"))]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub use venue::MockEarnVenue;

/// Re-exported so that implementations of [`EarnVenue`] need no direct dependency.
pub use async_trait::async_trait;
