//! A conformance suite written once against `&dyn EarnVenue` (feature `conformance`).
//!
//! Run it against any venue backed by a test server: the workspace runs it against all three
//! venues on the embedded simulator, and a third-party venue crate can run it too by
//! implementing [`ConformanceHarness`].
//!
//! ```no_run
//! # use std::sync::Arc;
//! # use earn_core::conformance::*;
//! # async fn demo(harness: &dyn ConformanceHarness) {
//! let report = run(harness).await;
//! println!("{report}");
//! // Every check ran, none failed, and exactly these were skipped (each with its reason).
//! report.assert_outcomes(&["a locked product refuses early redemption"]);
//! # }
//! ```
//!
//! Checks are selected by the venue's [`Capabilities`](crate::Capabilities): a venue that
//! cannot stake is not asked to, but must answer `Unsupported` when it is.

mod checks;
mod report;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

pub use report::{CheckOutcome, CheckResult, Report};

use crate::{Amount, Asset, EarnVenue, Operation, ProductId};

/// The token a stake target's position is held in, when the venue credits a token whose
/// worth in the product's asset grows (Binance's WBETH for ETH, BNSOL for SOL) instead of
/// the staked amount itself.
///
/// With it, the suite checks that a stake grows the position in `asset` by a positive
/// amount whose value, as the venue's own [redemption
/// estimate](crate::EarnVenue::redemption_estimate) prices it in the product's asset, is the
/// staked amount within the product's precision (one unit of its last decimal); redemptions
/// are then made in the token. Without it (the default), the position must grow by exactly
/// the staked amount, as at every venue whose receipt token is worth its asset one for one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptToken {
    /// The token the position is held in (`WBETH`).
    pub asset: Asset,
    /// Why the position is not held in the product's asset (shown in failures).
    pub reason: String,
}

impl ReceiptToken {
    /// A position held in `asset`, for the stated `reason`.
    pub fn new(asset: impl Into<Asset>, reason: impl Into<String>) -> Self {
        ReceiptToken { asset: asset.into(), reason: reason.into() }
    }
}

/// What the suite needs besides the venue itself: a way to wait for settlement and, where
/// the test server supports it, to inject faults and count what the venue executed.
#[async_trait]
pub trait ConformanceHarness: Send + Sync {
    /// The venue under test.
    fn venue(&self) -> Arc<dyn EarnVenue>;

    /// The product to stake into and redeem from, and an amount the test account can afford.
    /// `None` lets the suite pick the first available product at its minimum amount.
    fn stake_target(&self) -> Option<(ProductId, Amount)> {
        None
    }

    /// The token the stake target's position is held in, when it is not the product's asset
    /// one for one (see [`ReceiptToken`]). `None` (the default): the position grows by
    /// exactly the staked amount.
    fn receipt_token(&self) -> Option<ReceiptToken> {
        None
    }

    /// Waits long enough for pending orders to settle.
    async fn wait_for_settlement(&self);

    /// Arranges that the next `operation` write is applied by the server and its connection
    /// then dropped, or says why the harness cannot (`Err(reason)`). The outcome-unknown
    /// check of `operation` is then skipped and the report shows that reason. There is no
    /// default: every harness states what it can do, so a money check is never skipped
    /// without a stated reason.
    async fn drop_next_write(&self, operation: Operation) -> Result<(), String>;

    /// Removes any fault arranged by [`drop_next_write`](Self::drop_next_write).
    async fn clear_faults(&self) {}

    /// How many `operation` writes the server has applied, or why the harness cannot tell
    /// (`Err(reason)`). The checks that a write was applied exactly once (or not at all) are
    /// then skipped, with that reason in the report. No default, as above.
    fn applied_writes(&self, operation: Operation) -> Result<usize, String>;
}

/// The name of every check, in the order [`run`] runs them: each appears once in every
/// [`Report`], passed, failed or skipped (see [`Report::assert_outcomes`]).
pub const CHECKS: [&str; 15] = [
    "capabilities are coherent",
    "products have consistent rules",
    "unsupported operations answer Unsupported",
    "bad amounts are rejected before any request",
    "stake then see the position",
    "orders can be looked up",
    "estimate matches the redemption",
    "redeem then pending then settled",
    "outcome-unknown stake reconciles to the truth",
    "outcome-unknown stake is applied exactly once",
    "outcome-unknown redeem reconciles to the truth",
    "outcome-unknown redeem is applied exactly once",
    "a write that never happened reconciles as such",
    "a transfer moves idle money between accounts, once",
    "a locked product refuses early redemption",
];

/// The checks about money written exactly once: a run that skips one of them must say why
/// (the harness's or the venue's stated reason), and a test expecting them skipped names
/// them (see [`Report::assert_outcomes`]).
pub const MONEY_CHECKS: [&str; 5] = [
    "outcome-unknown stake reconciles to the truth",
    "outcome-unknown stake is applied exactly once",
    "outcome-unknown redeem reconciles to the truth",
    "outcome-unknown redeem is applied exactly once",
    "a write that never happened reconciles as such",
];

/// How long reconciliation is polled before the suite gives up (bounded loop).
const RECONCILE_ATTEMPTS: u32 = 20;
const RECONCILE_PAUSE: Duration = Duration::from_millis(250);

/// Runs every check that applies to the harness's venue and reports each outcome.
pub async fn run(harness: &dyn ConformanceHarness) -> Report {
    checks::run_all(harness).await
}
