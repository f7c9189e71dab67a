//! `capabilities()` and the Bybit accounts the adapter's orders use (balances and
//! transfers come with issue 11).

use earn_core::{Capabilities, Custody, Operation};

use super::BybitEarnVenue;
use crate::api::common::AccountType;
use crate::api::easy_earn::EarnCategory;

impl BybitEarnVenue {
    /// Everything but cancelling a redemption (Bybit has no cancel); writes take client ids.
    pub(super) fn supported(&self) -> Capabilities {
        Capabilities::new(Custody::Custodial)
            .with_all(&[
                Operation::Products,
                Operation::Positions,
                Operation::Stake,
                Operation::RedemptionEstimate,
                Operation::Redeem,
                Operation::OrderLookup,
                Operation::RecentOrders,
                Operation::Reconcile,
            ])
            .with_client_order_ids(true)
    }

    /// The account an Easy Earn order uses: the configured one, `FUND` for OnChain (its only one).
    pub(super) fn account_for(&self, category: &EarnCategory) -> AccountType {
        if *category == EarnCategory::OnChain { AccountType::Fund } else { self.account_type.clone() }
    }

    /// The account a Fixed Saving subscription uses: the configured one.
    pub(super) fn fixed_account(&self) -> AccountType {
        self.account_type.clone()
    }
}
