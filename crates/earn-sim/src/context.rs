//! [`SimContext`]: what every venue module receives from the framework.
//!
//! Contract for venue modules (`okx_exchange`, `bybit`, `okx_web3`): each exposes
//! `pub(crate) fn router(state) -> axum::Router` whose state holds an `Arc<SimContext>`;
//! handlers read time from [`SimContext::ledger_now_ms`] (the skewable, advanceable venue
//! clock; signatures are checked against [`SimContext::now_ms`]), settle orders
//! after [`SimContext::settlement_delay_ms`], and call [`SimContext::record_applied_write`]
//! with the request path whenever a write changed the ledger (that is what
//! `Simulator::applied_writes` reports). Faults, rate limits and request counting are applied
//! by the framework around every router; venue modules do not handle them.
//!
//! An account-keeping venue (OKX exchange, Bybit) keeps a `ledger::Book<A>` whose account
//! type implements `ledger::Account`: `settle` (lazy settlement at ledger time) and `wallet`
//! (the balances of each of the user's accounts, by the names of `crate::SimAccount`). Adding
//! one: a static `routes::Endpoint` table and a `routes::Venue` impl, its accounts as
//! `SimAccount` constants (seeding, `--balance`, the admin API and the banner follow), one arm
//! in `Control::with_wallet`, and its rate-limit figures in `rate_limit::limit_for`.
//! Transfers between a user's own accounts settle after `transfer_delay_ms`.

use std::sync::Arc;

use crate::clock::SimClock;
use crate::recorder::Recorder;

/// Framework services shared by all venue simulators of one [`crate::Simulator`].
#[derive(Debug)]
pub(crate) struct SimContext {
    pub(crate) clock: Arc<SimClock>,
    pub(crate) settlement_delay_ms: i64,
    /// How long a transfer between a user's own accounts stays pending, ms of venue time.
    pub(crate) transfer_delay_ms: i64,
    pub(crate) recorder: Arc<Recorder>,
}

impl SimContext {
    /// Server time now, Unix ms (local clock plus the configured skew).
    pub(crate) fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Ledger time now, Unix ms (server time plus what was advanced).
    pub(crate) fn ledger_now_ms(&self) -> i64 {
        self.clock.ledger_now_ms()
    }

    /// How long, in ms of venue time, an order stays pending before it settles.
    pub(crate) fn settlement_delay_ms(&self) -> i64 {
        self.settlement_delay_ms
    }

    /// Records that a write on `path` was applied to the ledger.
    pub(crate) fn record_applied_write(&self, path: &str) {
        self.recorder.applied_write(path);
    }
}
