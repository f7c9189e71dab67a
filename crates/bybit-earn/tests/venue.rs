//! The `EarnVenue` adapter: against wiremock (exact requests, every branch; balances and
//! transfers, which the simulator does not serve yet) and on the embedded simulator (whole
//! write lifecycles, dropped answers, reconciliation).

mod common;

#[path = "venue/accounts.rs"]
mod accounts;
#[path = "venue/adapter.rs"]
mod adapter;
#[path = "venue/reconcile.rs"]
mod reconcile;
#[path = "venue/reconcile_paths.rs"]
mod reconcile_paths;
#[path = "venue/redemption_estimate.rs"]
mod redemption_estimate;
#[path = "venue/simulator.rs"]
mod simulator;
#[path = "venue/transfer_status.rs"]
mod transfer_status;
