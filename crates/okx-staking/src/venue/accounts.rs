//! `capabilities()` and the venue's accounts. Every ETH/SOL and on-chain earn write moves
//! funding-account money; balances and transfers between OKX accounts are not offered yet.

use earn_core::{Capabilities, Custody, Operation};

/// What the adapter offers: every operation but balances and transfers; on-chain earn
/// purchases carry the caller's client id as their OKX `tag`.
pub(crate) fn capabilities() -> Capabilities {
    Capabilities::new(Custody::Custodial)
        .with_all(&[
            Operation::Products,
            Operation::Positions,
            Operation::Stake,
            Operation::RedemptionEstimate,
            Operation::Redeem,
            Operation::CancelRedemption,
            Operation::OrderLookup,
            Operation::RecentOrders,
            Operation::Reconcile,
        ])
        .with_client_order_ids(true)
}
