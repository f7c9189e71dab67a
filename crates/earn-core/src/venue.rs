//! [`EarnVenue`]: the one trait every venue adapter implements.

use async_trait::async_trait;

use crate::{
    Balance, Capabilities, Error, Operation, Order, OrderQuery, OrderRef, Position, Product, ProductFilter,
    ReconcileIntent, Reconciliation, RedeemRequest, RedemptionEstimate, Result, StakeRequest, Transfer,
    TransferRequest, VenueId, WriteOutcome,
};

/// An earn venue: list products, positions and idle balances, move funds between its own
/// accounts, stake, estimate and redeem, follow orders and transfers, and reconcile writes
/// whose outcome was unknown.
///
/// Dyn-compatible and `Send + Sync`: hold venues as `Arc<dyn EarnVenue>`. Every operation
/// the venue lacks returns [`Error::Unsupported`] (the default bodies below) and is absent
/// from [`capabilities`](Self::capabilities).
///
/// Writes validate their input against the product's rules before any request, and never
/// repeat themselves blindly: when a write's outcome is unknown the error is
/// [`Error::OutcomeUnknown`] carrying a [`ReconcileIntent`] for [`reconcile`](Self::reconcile).
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait EarnVenue: Send + Sync {
    /// Which venue this is.
    fn venue(&self) -> VenueId;

    /// What this venue supports.
    fn capabilities(&self) -> Capabilities;

    /// Products on offer, with their rules.
    async fn products(&self, filter: &ProductFilter) -> Result<Vec<Product>>;

    /// Current holdings, including amounts being redeemed.
    async fn positions(&self) -> Result<Vec<Position>>;

    /// Idle funds per account the venue has (OKX funding/trading, Bybit FUND/UNIFIED),
    /// per asset.
    async fn balances(&self) -> Result<Vec<Balance>> {
        Err(Error::unsupported(self.venue(), Operation::Balances))
    }

    /// Moves funds between two of the venue's own accounts.
    ///
    /// Never repeated as a new transfer: an unclear answer is [`Error::OutcomeUnknown`]
    /// with an intent that [`reconcile`](Self::reconcile) settles through the venue's
    /// transfer records. A transfer returned still pending is followed with
    /// [`transfer_status`](Self::transfer_status).
    async fn transfer(&self, request: &TransferRequest) -> Result<Transfer> {
        let _ = request;
        Err(Error::unsupported(self.venue(), Operation::Transfer))
    }

    /// Where a transfer this venue returned stands now: the venue's own record of it, read
    /// by the venue's id (OKX `transId`, Bybit `transferId`, Binance `tranId`), or `Ok(None)`
    /// when the venue does not (yet) list it. Reads only; never writes.
    ///
    /// This follows a **known** transfer (one [`transfer`](Self::transfer) or
    /// [`reconcile`](Self::reconcile) returned, often still
    /// [`Pending`](crate::OrderStatus::Pending)) until it is final. A transfer whose outcome
    /// is unknown has no [`Transfer`] yet: settle it with [`reconcile`](Self::reconcile).
    /// A transfer of another venue is refused ([`Error::InvalidInput`]) before any request.
    ///
    /// ```
    /// # use earn_core::*;
    /// # use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<()> {
    /// # let id = VenueId::from_static("bybit-earn");
    /// # let request = TransferRequest::new("USDT", Amount::from(100), "FUND", "UNIFIED");
    /// # let pending = Transfer::new(id.clone(), OrderId::new("t-1"), &request, OrderStatus::Pending);
    /// # let done = Transfer::new(id.clone(), OrderId::new("t-1"), &request, OrderStatus::Succeeded);
    /// # let mut mock = MockEarnVenue::new();
    /// # mock.expect_transfer().return_once(move |_| Ok(pending));
    /// # mock.expect_transfer_status().return_once(move |_| Ok(Some(done)));
    /// # let venue: &dyn EarnVenue = &mock;
    /// let mut transfer = venue.transfer(&request).await?;
    /// for _ in 0..30 {
    ///     if transfer.status.is_final() {
    ///         break;
    ///     }
    ///     tokio::time::sleep(Duration::from_millis(10)).await;
    ///     if let Some(now) = venue.transfer_status(&transfer).await? {
    ///         transfer = now;
    ///     }
    /// }
    /// assert_eq!(transfer.status, OrderStatus::Succeeded);
    /// # Ok(())
    /// # }
    /// ```
    async fn transfer_status(&self, transfer: &Transfer) -> Result<Option<Transfer>> {
        let _ = transfer;
        Err(Error::unsupported(self.venue(), Operation::TransferStatus))
    }

    /// Stakes or subscribes.
    ///
    /// Custodial venues return [`WriteOutcome::Placed`]; non-custodial ones
    /// [`WriteOutcome::NeedsSignature`], and nothing moves until the caller signs.
    async fn stake(&self, request: &StakeRequest) -> Result<WriteOutcome> {
        let _ = request;
        Err(Error::unsupported(self.venue(), Operation::Stake))
    }

    /// What redeeming would give, and whether it is allowed now.
    async fn redemption_estimate(&self, request: &RedeemRequest) -> Result<RedemptionEstimate> {
        let _ = request;
        Err(Error::unsupported(self.venue(), Operation::RedemptionEstimate))
    }

    /// Redeems.
    async fn redeem(&self, request: &RedeemRequest) -> Result<WriteOutcome> {
        let _ = request;
        Err(Error::unsupported(self.venue(), Operation::Redeem))
    }

    /// Cancels a pending redemption.
    async fn cancel_redemption(&self, order: &OrderRef) -> Result<Order> {
        let _ = order;
        Err(Error::unsupported(self.venue(), Operation::CancelRedemption))
    }

    /// One order by venue or client id; `Ok(None)` when the venue has no such order.
    async fn order(&self, order: &OrderRef) -> Result<Option<Order>> {
        let _ = order;
        Err(Error::unsupported(self.venue(), Operation::OrderLookup))
    }

    /// Recent orders, newest first.
    async fn recent_orders(&self, query: &OrderQuery) -> Result<Vec<Order>> {
        let _ = query;
        Err(Error::unsupported(self.venue(), Operation::RecentOrders))
    }

    /// Finds out, by reading only, whether a write with an unknown outcome happened.
    async fn reconcile(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        let _ = intent;
        Err(Error::unsupported(self.venue(), Operation::Reconcile))
    }
}
