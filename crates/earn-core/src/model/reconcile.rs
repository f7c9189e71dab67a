//! Reconciliation: settling a write whose outcome is unknown, by reading only.

use serde::{Deserialize, Serialize};

use crate::{
    AccountId, Amount, Asset, ClientOrderId, Operation, Order, OrderId, ProductId, Transfer, UnixMillis, VenueId,
};

/// Everything needed to find out later whether a write happened.
///
/// Carried by [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown) and passed to
/// [`EarnVenue::reconcile`](crate::EarnVenue::reconcile).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReconcileIntent {
    /// Venue written to.
    pub venue: VenueId,
    /// What the write was.
    pub operation: Operation,
    /// Venue endpoint path.
    pub endpoint: String,
    /// Product, where known.
    pub product: Option<ProductId>,
    /// Asset, where known.
    pub asset: Option<Asset>,
    /// Exact amount, where the write had one.
    pub amount: Option<Amount>,
    /// Caller's id sent with the write (Bybit `orderLinkId`, OKX on-chain earn `tag`).
    pub client_id: Option<ClientOrderId>,
    /// Venue order the write acted on (redeem or cancel of an existing order).
    pub order_id: Option<OrderId>,
    /// Venue position the write acted on (a redemption of a named position).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position_id: Option<String>,
    /// Account debited (a transfer, or the account a stake drew on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_account: Option<AccountId>,
    /// Account credited (a transfer, or where a redemption pays).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_account: Option<AccountId>,
    /// When the request was sent, in the venue's clock.
    pub sent_at: Option<UnixMillis>,
    /// Venue orders or history rows already attributed to other writes (by a journal, or
    /// by the adapter itself). Reconciliation never answers `Happened` with one of them:
    /// a row that may be someone else's is not evidence for this write.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claimed: Vec<OrderId>,
}

impl ReconcileIntent {
    /// An intent for `operation` at `endpoint`; fill the rest with the builder methods.
    pub fn new(venue: VenueId, operation: Operation, endpoint: impl Into<String>) -> Self {
        ReconcileIntent {
            venue,
            operation,
            endpoint: endpoint.into(),
            product: None,
            asset: None,
            amount: None,
            client_id: None,
            order_id: None,
            position_id: None,
            from_account: None,
            to_account: None,
            sent_at: None,
            claimed: Vec::new(),
        }
    }

    /// Sets the product.
    pub fn product(mut self, p: impl Into<ProductId>) -> Self {
        self.product = Some(p.into());
        self
    }

    /// Sets the asset.
    pub fn asset(mut self, a: impl Into<Asset>) -> Self {
        self.asset = Some(a.into());
        self
    }

    /// Sets the exact amount.
    pub fn amount(mut self, a: Amount) -> Self {
        self.amount = Some(a);
        self
    }

    /// Sets the client id.
    pub fn client_id(mut self, id: impl Into<ClientOrderId>) -> Self {
        self.client_id = Some(id.into());
        self
    }

    /// Sets the venue order acted on.
    pub fn order_id(mut self, id: impl Into<OrderId>) -> Self {
        self.order_id = Some(id.into());
        self
    }

    /// Sets the venue position acted on.
    pub fn position_id(mut self, id: impl Into<String>) -> Self {
        self.position_id = Some(id.into());
        self
    }

    /// Sets the accounts debited and credited.
    pub fn accounts(mut self, from: Option<AccountId>, to: Option<AccountId>) -> Self {
        self.from_account = from;
        self.to_account = to;
        self
    }

    /// Sets the send time (venue clock).
    pub fn sent_at(mut self, t: UnixMillis) -> Self {
        self.sent_at = Some(t);
        self
    }

    /// Excludes rows already attributed to other writes (see [`claimed`](Self::claimed)).
    pub fn claimed(mut self, orders: impl IntoIterator<Item = OrderId>) -> Self {
        self.claimed.extend(orders);
        self
    }

    /// Whether `order` is attributed to another write.
    pub fn is_claimed(&self, order: &OrderId) -> bool {
        self.claimed.contains(order)
    }
}

/// What reconciliation found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reconciliation {
    /// The write happened; here is the order.
    Happened(Order),
    /// The transfer happened; here it is.
    TransferHappened(Transfer),
    /// The write did not happen; it is safe to decide afresh.
    DidNotHappen,
    /// History does not tell yet, or tells ambiguously (two candidates, a row that may be
    /// another write's); ask again later. Do **not** repeat the write.
    StillUnknown {
        /// Why it is still unknown.
        reason: String,
    },
}

impl Reconciliation {
    /// A [`StillUnknown`](Self::StillUnknown) with its reason.
    pub fn still_unknown(reason: impl Into<String>) -> Self {
        Reconciliation::StillUnknown { reason: reason.into() }
    }

    /// Whether the write happened (an order or a transfer).
    pub fn happened(&self) -> bool {
        matches!(self, Reconciliation::Happened(_) | Reconciliation::TransferHappened(_))
    }

    /// Whether the answer is still unknown.
    pub fn is_still_unknown(&self) -> bool {
        matches!(self, Reconciliation::StillUnknown { .. })
    }
}
