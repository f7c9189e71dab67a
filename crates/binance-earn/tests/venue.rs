//! The adapter, `BinanceEarnVenue`, against wiremock (the simulator comes with part 2):
//! products with honest terms, positions, balances and transfers, stake and redeem with
//! their local checks, estimates, orders, and reconciliation under the
//! one-unreconciled-write rule; and `transfer_status` on the simulator.

mod common;

#[path = "venue/accounts.rs"]
mod accounts;
#[path = "venue/evidence.rs"]
mod evidence;
#[path = "venue/fixtures.rs"]
mod fixtures;
#[path = "venue/orders.rs"]
mod orders;
#[path = "venue/products.rs"]
mod products;
#[path = "venue/reconcile.rs"]
mod reconcile;
#[path = "venue/transfer_status.rs"]
mod transfer_status;
#[path = "venue/writes.rs"]
mod writes;
