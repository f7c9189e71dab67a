//! The `EarnVenue` adapter against a mock server: products, positions, lookups, writes,
//! redemption estimates, reconciliation, and the defects fixed in issue 10.

mod common;

#[path = "venue/adapter.rs"]
mod adapter;
#[path = "venue/defects.rs"]
mod defects;
#[path = "venue/estimate.rs"]
mod estimate;
#[path = "venue/reconciliation.rs"]
mod reconciliation;
