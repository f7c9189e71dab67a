//! Orders: this venue has none.
//!
//! The OKX Web3 DeFi API is non-custodial: it only builds unsigned transactions, and a
//! transaction the wallet signs and broadcasts is not an order the venue tracks. So there
//! is nothing to look up or list; both operations answer `Unsupported`, and the
//! capabilities ([`accounts`](super::accounts)) do not list them.

use earn_core::{Error, Operation, Order, OrderQuery, OrderRef, Result};

use crate::dialect::VENUE;

/// No orders to look up.
pub(super) fn order(_order: &OrderRef) -> Result<Option<Order>> {
    Err(Error::unsupported(VENUE, Operation::OrderLookup))
}

/// No orders to list.
pub(super) fn recent_orders(_query: &OrderQuery) -> Result<Vec<Order>> {
    Err(Error::unsupported(VENUE, Operation::RecentOrders))
}
