//! # earn-treasury
//!
//! (crate docs written below)

mod duration_text;
pub mod executor;
mod num;
mod plan;
mod planner;
mod policy;
mod portfolio;
mod snapshot;

pub use plan::{Action, ApplyError, Gain, Note, NoteKind, Plan, Reason, Step};
pub use planner::{MAX_ORDERS_PER_PRODUCT, plan};
pub use policy::{KindName, Percent, Policy, PolicyError, ProductRef, Reserve};
pub use portfolio::Portfolio;
pub use rust_decimal::Decimal;
pub use snapshot::{AssetTotals, Read, ReadError, Snapshot, Totals, UsdTotal, VenueSnapshot, asset_key};
