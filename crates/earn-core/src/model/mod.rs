//! The shared vocabulary every venue adapter translates to.

mod balance;
mod capabilities;
mod estimate;
mod ids;
mod order;
mod outcome;
mod position;
mod product;
mod reconcile;
pub(crate) mod serde_duration;
pub(crate) mod serde_u256;
mod transaction;

pub use balance::{Balance, Transfer, TransferRequest};
pub use capabilities::{Capabilities, Custody, Operation};
pub use estimate::RedemptionEstimate;
pub use ids::{AccountId, Asset, ClientOrderId, OrderId, ProductId, UnixMillis, VenueId};
pub use order::{Order, OrderQuery, OrderRef, OrderSide, OrderStatus, RedeemRequest, StakeRequest};
pub use outcome::WriteOutcome;
pub use position::{AssetQuantity, Position};
pub use product::{Product, ProductFilter, ProductKind, ProductStatus, Quota, RedemptionDelay};
pub use reconcile::{ReconcileIntent, Reconciliation};
pub use transaction::{TransactionPlan, TransactionPurpose, UnsignedTransaction};
