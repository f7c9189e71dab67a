//! The `EarnVenue` adapter against a mock server: products, positions, lookups, writes,
//! redemption estimates, reconciliation, balances and transfers, Simple Earn, seed 000, the
//! honest product terms of issue 11, and the defects fixed in issue 10.

mod common;

#[path = "venue/accounts.rs"]
mod accounts;
#[path = "venue/adapter.rs"]
mod adapter;
#[path = "venue/defects.rs"]
mod defects;
#[path = "venue/estimate.rs"]
mod estimate;
#[path = "venue/ledger.rs"]
mod ledger;
#[path = "venue/reconcile_paths.rs"]
mod reconcile_paths;
#[path = "venue/reconciliation.rs"]
mod reconciliation;
#[path = "venue/savings.rs"]
mod savings;
#[path = "venue/seed000.rs"]
mod seed000;
#[path = "venue/terms.rs"]
mod terms;
#[path = "venue/transfer_status.rs"]
mod transfer_status;
