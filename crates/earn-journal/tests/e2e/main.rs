//! earn-journal end to end: the real venue adapters (okx-staking, bybit-earn) journaled
//! through [`Journaled`](earn_journal::Journaled), against the embedded simulator (earn-sim,
//! a real HTTP server on loopback that verifies signatures and keeps a ledger), with SQLite
//! files and a real Postgres server (started once for this test binary).
//!
//! * `regressions`: the two defects of the issue that introduced the journal (a phantom
//!   "happened" in a new process, a double stake after a restart), each shown on the bare
//!   adapter (which still has them) and checked on the journaled one;
//! * `binance`: Binance Earn, which has no client ids at all: a lost subscription is
//!   reconciled once under the journal's lease and claims, never doubled after a restart;
//! * `drill`: the crash drill. This test binary re-runs itself as the child process that
//!   the drill kills with SIGKILL mid-write (see `drill::child`).

mod binance;
mod drill;
mod regressions;
mod support;
