//! # earn
//!
//! One API for crypto earn products (staking, savings, DeFi vaults) across venues.
//!
//! This facade re-exports [`earn_core`] (the [`EarnVenue`] trait, exact amounts, errors)
//! and, behind one cargo feature each, the venue crates:
//!
//! | feature | crate | venue |
//! |---|---|---|
//! | `okx-staking` (default) | [`okx_staking`] | OKX exchange: ETH/SOL staking, on-chain earn |
//! | `bybit-earn` (default) | [`bybit_earn`] | Bybit V5 Earn: FlexibleSaving, OnChain, Fixed Saving |
//! | `okx-web3-defi` (default) | [`okx_web3_defi`] | OKX Web3 DeFi API (non-custodial) |
//! | `binance-earn` (default) | [`binance_earn`] | Binance Simple Earn (Flexible, Locked), ETH/SOL staking, spot/funding |
//! | `sim` | [`earn_sim`] | embedded simulator of all four |
//! | `mock` | | `MockEarnVenue` for your tests |
//! | `conformance` | | the conformance suite every `EarnVenue` should pass (`earn::conformance`) |
//! | `redis` | | rate limits shared by a fleet through Redis (`earn::transport::RedisBudget`) |
//!
//! A bot that needs one venue only depends on it alone:
//! `earn = { version = "0.1", default-features = false, features = ["bybit-earn"] }`.
//!
//! ## Example
//!
//! A venue behind `dyn EarnVenue`, here Bybit pointed at the embedded simulator (for live
//! use drop `base_url` and pass your keys, e.g. `Credentials::from_env("BYBIT")`):
//!
//! ```
//! use std::sync::Arc;
//! use earn::prelude::*;
//! use earn::bybit_earn::{BybitEarnClient, BybitEarnVenue, Environment};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
//! let sim = earn_sim::Simulator::start().await?;
//! let client = BybitEarnClient::builder(Environment::Mainnet)
//!     .base_url(sim.base_url())
//!     .credentials(sim.bybit_credentials().to_credentials())
//!     .build()?;
//! let venue: Arc<dyn EarnVenue> = Arc::new(BybitEarnVenue::new(client));
//!
//! let request = StakeRequest::new("FlexibleSaving:428", Amount::parse("250")?);
//! match venue.stake(&request).await {
//!     Ok(WriteOutcome::Placed(order)) => println!("order {} is {:?}", order.id, order.status),
//!     Ok(WriteOutcome::NeedsSignature(plan)) => println!("sign {} transactions", plan.transactions.len()),
//!     // Timeout, reset, 5xx: it may have happened. Never repeat it; ask history instead.
//!     Err(e) if e.maybe_happened() => {
//!         let answer = venue.reconcile(e.reconcile_intent().expect("unknown outcomes carry an intent")).await?;
//!         println!("reconciled: {answer:?}");
//!     }
//!     Err(e) => return Err(e.into()),
//! }
//!
//! // Rules are checked before anything is sent.
//! let too_small = StakeRequest::new("FlexibleSaving:428", Amount::parse("0.5")?);
//! assert_eq!(venue.stake(&too_small).await.unwrap_err().kind(), ErrorKind::InvalidInput);
//! # Ok(())
//! # }
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

/// The types a bot uses every day: `use earn::prelude::*;`.
///
/// The trait, the model, exact amounts, errors and credentials; nothing of the HTTP
/// executor's internals.
pub mod prelude {
    #[cfg(feature = "mock")]
    #[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
    pub use earn_core::MockEarnVenue;
    pub use earn_core::{
        AccountId, Amount, AmountRules, Asset, AssetQuantity, Balance, Capabilities, ClientOrderId, Credentials,
        Custody, EarnVenue, Error, ErrorKind, Operation, Order, OrderId, OrderQuery, OrderRef, OrderSide, OrderStatus,
        OutcomeUnknown, Position, Product, ProductFilter, ProductId, ProductKind, ProductStatus, Quantity, Quota, Rate,
        ReconcileIntent, Reconciliation, RedeemRequest, RedemptionDelay, RedemptionEstimate, Result, StakeRequest,
        TokenAmount, TransactionPlan, TransactionPurpose, Transfer, TransferRequest, U256, UnixMillis,
        UnsignedTransaction, UsdValue, VenueError, VenueId, WriteOutcome,
    };
}

pub use prelude::*;

/// Transport settings every venue client builder takes with `.transport(...)`: timeouts,
/// retries, clock sync, and where rate limits are counted.
pub mod transport {
    pub use earn_core::http::{ClockSync, LocalBudget, RateBudget, RetryPolicy, TransportOptions};
    #[cfg(feature = "redis")]
    #[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
    pub use earn_core::http::{OnOutage, RedisBudget, RedisBudgetOptions};
}

/// The conformance suite every `EarnVenue` implementation should pass (feature `conformance`).
#[cfg(feature = "conformance")]
#[cfg_attr(docsrs, doc(cfg(feature = "conformance")))]
pub use earn_core::conformance;

#[cfg(feature = "bybit-earn")]
#[cfg_attr(docsrs, doc(cfg(feature = "bybit-earn")))]
pub use bybit_earn;
#[cfg(feature = "sim")]
#[cfg_attr(docsrs, doc(cfg(feature = "sim")))]
pub use earn_sim;
#[cfg(feature = "okx-staking")]
#[cfg_attr(docsrs, doc(cfg(feature = "okx-staking")))]
pub use okx_staking;
#[cfg(feature = "okx-web3-defi")]
#[cfg_attr(docsrs, doc(cfg(feature = "okx-web3-defi")))]
pub use okx_web3_defi;

#[cfg(feature = "binance-earn")]
#[cfg_attr(docsrs, doc(cfg(feature = "binance-earn")))]
pub use binance_earn;
