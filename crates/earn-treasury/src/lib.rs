//! # earn-treasury
//!
//! The treasury engine of the `earn` SDK: keep idle money earning, and pull it back before
//! it is needed, across any set of venues behind [`earn_core::EarnVenue`].
//!
//! 1. A [`Portfolio`] reads every venue at once into a [`Snapshot`]: balances per account,
//!    positions, products. A read that failed stays in the snapshot as
//!    [`Read::Failed`]; [`Snapshot::totals`] gives idle, earning and redeeming per asset,
//!    with USD valuations that say whether any part was rounded ([`UsdTotal`]).
//! 2. A [`Policy`] (a TOML file) says what may be done: reserves, allowed venues, products
//!    and kinds, maximum lock-up and redemption delay, minimum APR gain, maximum shares,
//!    minimum order.
//! 3. [`plan`] turns a snapshot and a policy into a [`Plan`]: transfers, stakes and redeems,
//!    each with its [`Reason`] and expected [`Gain`]. It is pure and deterministic.
//!    [`Plan::apply_to`] shows the snapshot once the plan is done; planning again on it
//!    gives an empty plan.
//! 4. An [`executor::Executor`] runs the plan one step at a time, waits for settlement,
//!    reconciles unknown outcomes without ever repeating a write, stops at the first
//!    definite failure and reports through a [`executor::Progress`] callback.
//!
//! The crate depends on earn-core's trait and model only (no HTTP stack, no venue crate).
//! Money is [`earn_core::Amount`] and [`Decimal`] throughout: never a float.
//!
//! ## Example
//!
//! A toy venue keeps USDT in its `SPOT` account; its savings product draws on `EARN`. The
//! policy keeps 200 USDT idle. The plan moves the rest to `EARN` and stakes it; after the
//! run, planning again finds nothing to do.
//!
//! ```
//! use std::sync::{Arc, Mutex};
//! use std::time::Duration;
//!
//! use earn_core::*;
//! use earn_treasury::executor::{Executor, NoProgress};
//! use earn_treasury::{Policy, Portfolio, plan};
//!
//! struct Toy {
//!     spot: Mutex<Amount>,
//!     earn: Mutex<Amount>,
//!     staked: Mutex<Amount>,
//! }
//!
//! #[async_trait]
//! impl EarnVenue for Toy {
//!     fn venue(&self) -> VenueId {
//!         VenueId::from_static("toy")
//!     }
//!     fn capabilities(&self) -> Capabilities {
//!         Capabilities::new(Custody::Custodial)
//!     }
//!     async fn products(&self, _: &ProductFilter) -> Result<Vec<Product>> {
//!         let mut p = Product::new(self.venue(), "savings".into(), "USDT".into(), ProductKind::Flexible);
//!         p.apr = Some(Rate::parse_percent("4.5%").expect("percent"));
//!         p.redemption_delay = Some(RedemptionDelay::fixed(Duration::ZERO));
//!         p.rules.precision = Some(2);
//!         p.draws_from = Some("EARN".into());
//!         Ok(vec![p])
//!     }
//!     async fn positions(&self) -> Result<Vec<Position>> {
//!         let held = *self.staked.lock().unwrap();
//!         Ok(vec![Position::new(self.venue(), "savings".into(), "USDT".into(), held)])
//!     }
//!     async fn balances(&self) -> Result<Vec<Balance>> {
//!         Ok(vec![
//!             Balance::new(self.venue(), "SPOT".into(), "USDT".into(), *self.spot.lock().unwrap()),
//!             Balance::new(self.venue(), "EARN".into(), "USDT".into(), *self.earn.lock().unwrap()),
//!         ])
//!     }
//!     async fn transfer(&self, r: &TransferRequest) -> Result<Transfer> {
//!         let (mut spot, mut earn) = (self.spot.lock().unwrap(), self.earn.lock().unwrap());
//!         *spot = spot.checked_sub(r.amount).expect("enough");
//!         *earn = earn.checked_add(r.amount).expect("no overflow");
//!         Ok(Transfer::new(self.venue(), "t-1".into(), r, OrderStatus::Succeeded))
//!     }
//!     async fn stake(&self, r: &StakeRequest) -> Result<WriteOutcome> {
//!         let (mut earn, mut staked) = (self.earn.lock().unwrap(), self.staked.lock().unwrap());
//!         *earn = earn.checked_sub(r.amount).expect("enough");
//!         *staked = staked.checked_add(r.amount).expect("no overflow");
//!         let o = Order::new(self.venue(), "o-1".into(), r.product.clone(), "USDT".into(),
//!             OrderSide::Stake, r.amount, OrderStatus::Succeeded, "done");
//!         Ok(WriteOutcome::Placed(o))
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
//! let toy: Arc<dyn EarnVenue> = Arc::new(Toy {
//!     spot: Mutex::new(Amount::parse("1000.555")?),
//!     earn: Mutex::new(Amount::ZERO),
//!     staked: Mutex::new(Amount::ZERO),
//! });
//! let portfolio = Portfolio::new([toy.clone()]);
//! let policy = Policy::from_toml_str("[reserves.USDT]\ntotal = \"200\"\n")?;
//!
//! let snapshot = portfolio.snapshot().await;
//! let plan = plan(&snapshot, &policy)?;
//! let shown: Vec<String> = plan.steps.iter().map(|s| s.to_string()).collect();
//! assert_eq!(shown, [
//!     "toy: transfer 800.55 USDT from SPOT to EARN (to the account savings draws on)",
//!     "toy: stake 800.55 USDT into savings (idle money earns 4.5% APR; +450 bp, +36.02475 USDT/year)",
//! ]);
//! // What the venues will look like afterwards: nothing left to do.
//! assert!(earn_treasury::plan(&plan.apply_to(&snapshot)?, &policy)?.is_empty());
//!
//! // Run it (pass venues wrapped in the journal decorator in production).
//! let report = Executor::new([toy]).run(&plan, &NoProgress).await;
//! assert!(report.is_complete());
//! assert_eq!(report.settled().count(), 2);
//!
//! let after = portfolio.snapshot().await;
//! assert!(earn_treasury::plan(&after, &policy)?.is_empty());
//! assert_eq!(after.totals().assets[&Asset::new("USDT")].earning.to_string(), "800.55");
//! # Ok(())
//! # }
//! ```
//!
//! ## How a CLI uses it
//!
//! * `earn balances` / `positions` / `products`: [`Portfolio::snapshot`], then
//!   [`Snapshot::totals`] and the per-venue [`VenueSnapshot`]s; show
//!   [`VenueSnapshot::failures`] rather than empty tables.
//! * `earn plan`: [`Policy::load`] (its [`PolicyError`] names the file, the field and the
//!   rule), [`plan`], then print each [`Step`] (its `Display` gives action, reason and
//!   gain) and each [`Note`]. Everything is serde, for `--json`.
//! * `earn apply`: the same plan, confirmation, then [`executor::Executor::run`] with a
//!   [`executor::Progress`] that drives a progress bar; print the
//!   [`executor::RunReport`]: settled, settling, failed, unknown, not run.
//! * `earn stake|redeem VENUE PRODUCT AMOUNT`: a one-step [`Plan::new`] of
//!   [`Step::new`] with [`Reason::Requested`], through the same executor.
//!
//! ## Planner rules
//!
//! The planner works asset by asset (assets are grouped case-insensitively, see
//! [`asset_key`]; requests keep each venue's own spelling), in three phases, and emits
//! reserve redemptions first, then transfers and stakes, then moves.
//!
//! **Which venues.** A venue the policy does not allow is never acted on. A venue with any
//! failed read is left out of planning (a [`NoteKind::VenueSkipped`] note says so); what it
//! did report still counts in totals and shares. Unknown money never counts as available.
//!
//! **Ready money and reserves.** Money counts toward a reserve when it is *ready*: idle
//! (the `available` balance of any of the venue's accounts), or a redemption in flight
//! whose product publishes a longest redemption delay within the policy's
//! `reserve_horizon` (default 0: only products that pay back at once). A product with no
//! published delay is treated as slow. Money earning in products is not ready. When a
//! reserve (per venue first, then overall) is short:
//! 1. it redeems from products whose redemption arrives within the horizon, fastest first,
//!    then lowest APR (unknown APR first), then venue, product and position id;
//! 2. if that is not enough, it redeems from slower products only what redemptions
//!    already in flight will not bring back, with the reason saying the money arrives after
//!    the horizon, and a [`NoteKind::ReserveShort`] note.
//!
//! Locked products (redemption before maturity is refused), products whose redemption is
//! not allowed, and DeFi positions (unless `defi` is an allowed kind) are never sources.
//! A reserve redemption is at least the minimum order, rounded *up* to the product's
//! precision (so that the reserve is met), and never more than the position holds.
//!
//! **Staking idle money.** Idle money beyond the reserves goes to candidates in order of
//! APR (highest first), then shorter lock-up, shorter longest redemption delay, venue id,
//! product id: ties are broken by ids, so the plan is deterministic. A candidate is a
//! product at a planned venue, [`ProductStatus::Available`](earn_core::ProductStatus),
//! allowed by [`Policy::refusal`] (venue, allowed products, kind, lock-up term within
//! `max_lock_up`, longest redemption delay within `max_redemption_delay`; an unpublished
//! delay is refused when there is a limit) and whose APR is at least `min_apr_gain_bp`
//! (idle money earns nothing). **Comparisons use APR only**: a product that publishes
//! only an APY is never chosen, and APR is never derived from APY (simple yearly rates
//! compare like with like; APY bakes in a compounding the venue may not deliver). A stake
//! is limited by:
//! * the venue's idle money after its reserve, and the overall reserve;
//! * the product's quota (`remaining`, `user_remaining`) and `per_user_max` minus what it
//!   holds;
//! * `max_product_share` and `max_venue_share` of the asset's holdings (idle + earning +
//!   redeeming across every venue); holdings count redemptions in flight, so a redemption
//!   never frees room in the same plan;
//! * the product's precision (rounded *down*), minimum and the policy's minimum order; an
//!   amount above the product's per-order maximum is split into several orders (at most
//!   [`MAX_ORDERS_PER_PRODUCT`], else a [`NoteKind::SplitLimit`] note).
//!
//! Money is taken from the account the product draws on (`draws_from`), topped up by
//! transfers from the venue's other accounts in account id order; each stake lists those
//! transfers in [`Step::after`]. A product that names no account is used only when the
//! venue holds the asset in a single account ([`NoteKind::AccountUnknown`] otherwise).
//!
//! **Moves.** Money in a product moves to a better product at the same venue when the APR
//! gain is positive and at least `min_apr_gain_bp`, the better product has room after this
//! plan's stakes, it names the account it draws on, and the amount fits both products'
//! rules. The plan redeems; a later plan stakes the money once it is idle. No move is
//! planned at a venue while a redemption of that asset is in flight there, or where this
//! plan redeems for a reserve. Holdings above a share limit are reported
//! ([`NoteKind::ShareExceeded`]), not redeemed.
//!
//! **Expected gain.** Each stake and redemption carries its APR difference in basis
//! points and `amount × APR difference` per year, exact (negative for reserve
//! redemptions).
//!
//! **Fixed point.** Redemptions planned here that arrive within the horizon count as ready
//! when the plan stakes, exactly as they will once placed, so
//! `plan(plan.apply_to(snapshot))` is empty (property-tested), unless a
//! [`NoteKind::SplitLimit`] note says money was left for the next plan.

#![cfg_attr(docsrs, feature(doc_cfg))]

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
/// The exact decimal type of gains and valuations (re-exported from `rust_decimal`).
pub use rust_decimal::Decimal;
pub use snapshot::{AssetTotals, Read, ReadError, Snapshot, Totals, UsdTotal, VenueSnapshot, asset_key};
