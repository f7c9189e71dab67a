//! What a venue can do: [`Operation`] and [`Capabilities`].

use std::fmt;

use serde::{Deserialize, Serialize};

/// One operation of [`EarnVenue`](crate::EarnVenue).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Operation {
    /// List products.
    Products,
    /// Idle balances per account.
    Balances,
    /// Move funds between the venue's own accounts.
    Transfer,
    /// List positions.
    Positions,
    /// Stake or subscribe.
    Stake,
    /// Estimate a redemption.
    RedemptionEstimate,
    /// Redeem.
    Redeem,
    /// Cancel a pending redemption.
    CancelRedemption,
    /// Look an order up by venue or client id.
    OrderLookup,
    /// List recent orders.
    RecentOrders,
    /// Settle an outcome-unknown write by reading history.
    Reconcile,
    /// Read where a transfer this venue returned stands.
    TransferStatus,
}

impl Operation {
    /// Every operation, in declaration order.
    pub const ALL: [Operation; 12] = [
        Operation::Products,
        Operation::Balances,
        Operation::Transfer,
        Operation::Positions,
        Operation::Stake,
        Operation::RedemptionEstimate,
        Operation::Redeem,
        Operation::CancelRedemption,
        Operation::OrderLookup,
        Operation::RecentOrders,
        Operation::Reconcile,
        Operation::TransferStatus,
    ];

    /// Whether the operation moves (or would move) funds.
    pub fn is_write(self) -> bool {
        matches!(self, Operation::Stake | Operation::Redeem | Operation::CancelRedemption | Operation::Transfer)
    }

    const fn bit(self) -> u16 {
        1 << self as u16
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Operation::Products => "products",
            Operation::Balances => "balances",
            Operation::Transfer => "transfer",
            Operation::Positions => "positions",
            Operation::Stake => "stake",
            Operation::RedemptionEstimate => "redemption estimate",
            Operation::Redeem => "redeem",
            Operation::CancelRedemption => "cancel redemption",
            Operation::OrderLookup => "order lookup",
            Operation::RecentOrders => "recent orders",
            Operation::Reconcile => "reconcile",
            Operation::TransferStatus => "transfer status",
        };
        f.write_str(s)
    }
}

/// Who moves the funds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Custody {
    /// The venue holds the funds and executes writes itself; writes return orders.
    Custodial,
    /// The venue only builds transactions; the caller signs and broadcasts them.
    NonCustodial,
}

/// What a venue supports. Anything not listed returns [`Error::Unsupported`](crate::Error::Unsupported).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Capabilities {
    ops: u16,
    /// Who moves the funds.
    pub custody: Custody,
    /// Whether writes accept a caller-chosen [`ClientOrderId`](crate::ClientOrderId).
    pub client_order_ids: bool,
    /// The venue's own accounts holding idle funds, by [`AccountId`](crate::AccountId) text
    /// (empty for a wallet venue without accounts).
    pub accounts: &'static [&'static str],
}

impl Capabilities {
    /// No operations yet.
    pub const fn new(custody: Custody) -> Self {
        Capabilities { ops: 0, custody, client_order_ids: false, accounts: &[] }
    }

    /// Adds an operation.
    pub const fn with(mut self, op: Operation) -> Self {
        self.ops |= op.bit();
        self
    }

    /// Adds several operations.
    pub fn with_all(mut self, ops: &[Operation]) -> Self {
        for op in ops {
            self = self.with(*op);
        }
        self
    }

    /// Declares whether writes accept a client order id.
    pub const fn with_client_order_ids(mut self, yes: bool) -> Self {
        self.client_order_ids = yes;
        self
    }

    /// Declares the venue's accounts (see [`accounts`](Self::accounts)).
    pub const fn with_accounts(mut self, accounts: &'static [&'static str]) -> Self {
        self.accounts = accounts;
        self
    }

    /// Whether `op` is supported.
    pub const fn supports(&self, op: Operation) -> bool {
        self.ops & op.bit() != 0
    }

    /// The supported operations.
    pub fn operations(&self) -> impl Iterator<Item = Operation> + '_ {
        Operation::ALL.into_iter().filter(|op| self.supports(*op))
    }
}

impl fmt::Debug for Capabilities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Capabilities")
            .field("custody", &self.custody)
            .field("client_order_ids", &self.client_order_ids)
            .field("accounts", &self.accounts)
            .field("operations", &self.operations().collect::<Vec<_>>())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_semantics() {
        let c = Capabilities::new(Custody::Custodial).with(Operation::Stake).with(Operation::Redeem);
        assert!(c.supports(Operation::Stake));
        assert!(!c.supports(Operation::CancelRedemption));
        assert_eq!(c.operations().count(), 2);
    }
}
