//! `earn-sim`: embedded simulator of the OKX staking, Bybit Earn and OKX Web3 DeFi APIs.
//!
//! One local HTTP server speaks all three venues' APIs on one address (their paths do not
//! collide): same paths, envelopes, field types, error codes, signature checks over the raw
//! bytes received, per-endpoint rate limits, and an in-memory ledger whose orders settle after
//! a configurable delay. Faults (latency, HTTP errors, rate limits, malformed or truncated
//! bodies, connections dropped after the write was applied) and clock skew are programmable.
//!
//! # Embedded use
//!
//! ```
//! use earn_sim::{Fault, SimVenue, Simulator};
//! use rust_decimal::Decimal;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let sim = Simulator::builder()
//!     .settlement_delay(std::time::Duration::from_secs(2))
//!     .balance(SimVenue::Bybit, "USDT", Decimal::from(500))
//!     .start()
//!     .await?;
//! let base_url = sim.base_url(); // point the venue clients here
//! let okx_key = sim.okx_credentials().to_credentials();
//! sim.inject(Fault::on("/v5/earn/place-order").nth(1).drop_after_apply());
//! sim.clock().set_skew_ms(45_000); // stale client timestamps are now rejected
//! assert_eq!(sim.balance(SimVenue::Bybit, "USDT"), Decimal::from(500));
//! assert_eq!(sim.applied_writes("/v5/earn/place-order"), 0);
//! # let _ = (base_url, okx_key);
//! # Ok(())
//! # }
//! // Dropping `sim` shuts the server down.
//! ```
//!
//! Standalone: `cargo run -p earn-sim -- --listen 127.0.0.1:8080` (see `--help`).
//!
//! # Demo credentials (defaults)
//!
//! | venue | API key | secret | passphrase |
//! |---|---|---|---|
//! | OKX exchange | `sim-okx-key` | `sim-okx-secret` | `sim-okx-pass` |
//! | Bybit | `sim-bybit-key` | `sim-bybit-secret` | — |
//! | OKX Web3 | `sim-web3-key` | `sim-web3-secret` | `sim-web3-pass` |
//!
//! Web3 demo wallet: [`DEMO_WALLET`] (`0x7f42B7cD2BB9cF7ea4F2e0d5A0B4EeB2d8d899DA`).
//!
//! # Seeded state
//!
//! * OKX funding account: ETH 10, SOL 200, DOT 500, USDT 10000, BETH 0. Products: ETH staking
//!   (ETH→BETH 1:1, min 0.001), SOL staking (SOL→OKSOL 1:1, min 0.01), on-chain earn DOT
//!   flexible (productId `101`, min 2), USDT fixed 30 days (`102`, early redemption allowed),
//!   ATOM sold out (`103`), ADA stopped (`104`).
//! * Bybit FUND account: BTC 1, USDT 10000, ETH 10. Products: FlexibleSaving BTC (`430`, min
//!   0.001, max 10, precision 8), FlexibleSaving USDT (`428`, min 1, precision 4), FlexibleSaving
//!   SOL (`431`, NotAvailable), OnChain ETH Flexible non-LST (`501`), OnChain ETH LST → METH
//!   (`502`), OnChain USDT Fixed 30 days (`503`); one FlexibleSaving USDT interest coupon.
//!   Fixed Saving: FixedTermSaving USDT 30d (`7001`), FundPool USDT 8h with early
//!   redemption and auto-invest (`7002`), FundPoolPremium BTC 1d sold out (`7003`).
//!
//! # Behaviour worth knowing
//!
//! * Writes settle after `settlement_delay` of venue time (default 0 = at once), evaluated
//!   lazily when anything is read. Pending redemptions show as `pending` (OKX ETH/SOL), state
//!   `2` (OKX on-chain earn) or `Pending` (Bybit) until then.
//! * Rate limits use the venues' published per-endpoint figures (reference tables; Bybit's
//!   suggested defaults where none is published), as a sliding window per API key (public
//!   endpoints: per client IP). Rejections answer OKX HTTP 429 `50011` or Bybit HTTP 200
//!   `10006` with `X-Bapi-Limit*` headers, and are counted by [`Simulator::rate_limited`].
//! * Bybit refuses a reused `orderLinkId` within 30 minutes with `180025` ("order already
//!   exists"); only accepted orders reserve their id.
//! * The simulator pays no interest into balances, so balances move only by the amounts
//!   written; Bybit yield records accrue from settled FlexibleSaving positions per full hour.

pub mod auth;
mod bybit;
pub mod clock;
mod context;
mod faults;
mod layer;
mod ledger;
mod okx_exchange;
mod okx_web3;
mod params;
mod rate_limit;
mod recorder;
mod routes;
mod server;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rust_decimal::Decimal;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub use auth::DemoCredentials;
pub use clock::SimClock;
pub use faults::{Fault, FaultBuilder};

use context::SimContext;
use faults::FaultTable;
use layer::Framework;
use rate_limit::RateLimiter;
use recorder::Recorder;

/// The demo EVM wallet of the OKX Web3 simulator (EIP-55 checksummed).
pub const DEMO_WALLET: &str = okx_web3::DEFAULT_WALLET;

/// A simulated venue, for seeding and reading balances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SimVenue {
    /// OKX exchange (ETH/SOL staking, on-chain earn): the funding account.
    OkxExchange,
    /// Bybit V5 Earn: the FUND account.
    Bybit,
    /// OKX Web3 DeFi: the demo wallet's token balances.
    OkxWeb3,
}

/// Default OKX exchange demo credentials.
pub fn default_okx_credentials() -> DemoCredentials {
    DemoCredentials::new("sim-okx-key", "sim-okx-secret").with_passphrase("sim-okx-pass")
}

/// Default Bybit demo credentials.
pub fn default_bybit_credentials() -> DemoCredentials {
    DemoCredentials::new("sim-bybit-key", "sim-bybit-secret")
}

/// Default OKX Web3 demo credentials.
pub fn default_web3_credentials() -> DemoCredentials {
    DemoCredentials::new("sim-web3-key", "sim-web3-secret").with_passphrase("sim-web3-pass")
}

fn default_balances() -> BTreeMap<SimVenue, BTreeMap<String, Decimal>> {
    let seed = |pairs: &[(&str, i64)]| pairs.iter().map(|(a, n)| ((*a).to_owned(), Decimal::from(*n))).collect();
    BTreeMap::from([
        (SimVenue::OkxExchange, seed(&[("ETH", 10), ("SOL", 200), ("DOT", 500), ("USDT", 10_000), ("BETH", 0)])),
        (SimVenue::Bybit, seed(&[("BTC", 1), ("USDT", 10_000), ("ETH", 10)])),
        (SimVenue::OkxWeb3, BTreeMap::new()),
    ])
}

/// Configures a [`Simulator`]; see [`Simulator::builder`].
#[derive(Debug, Clone)]
#[must_use = "a SimulatorBuilder does nothing until .start() is awaited"]
pub struct SimulatorBuilder {
    listen: SocketAddr,
    settlement_delay: Duration,
    okx: DemoCredentials,
    bybit: DemoCredentials,
    web3: DemoCredentials,
    balances: BTreeMap<SimVenue, BTreeMap<String, Decimal>>,
    enforce_rate_limits: bool,
}

impl Default for SimulatorBuilder {
    fn default() -> Self {
        SimulatorBuilder {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            settlement_delay: Duration::ZERO,
            okx: default_okx_credentials(),
            bybit: default_bybit_credentials(),
            web3: default_web3_credentials(),
            balances: default_balances(),
            enforce_rate_limits: true,
        }
    }
}

impl SimulatorBuilder {
    /// Address to listen on (default `127.0.0.1:0`, an ephemeral port).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Venue time an order stays pending before it settles (default zero: settles at once).
    pub fn settlement_delay(mut self, delay: Duration) -> Self {
        self.settlement_delay = delay;
        self
    }

    /// Credentials the OKX exchange simulator accepts (passphrase required).
    pub fn okx_credentials(mut self, credentials: DemoCredentials) -> Self {
        self.okx = credentials;
        self
    }

    /// Credentials the Bybit simulator accepts.
    pub fn bybit_credentials(mut self, credentials: DemoCredentials) -> Self {
        self.bybit = credentials;
        self
    }

    /// Credentials the OKX Web3 simulator accepts (passphrase required).
    pub fn web3_credentials(mut self, credentials: DemoCredentials) -> Self {
        self.web3 = credentials;
        self
    }

    /// Sets the demo account's starting balance of `asset` at `venue` (replacing the default).
    pub fn balance(mut self, venue: SimVenue, asset: &str, amount: Decimal) -> Self {
        self.balances.entry(venue).or_default().insert(asset.to_owned(), amount);
        self
    }

    /// Whether the published rate limits are enforced (default `true`).
    pub fn enforce_rate_limits(mut self, enforce: bool) -> Self {
        self.enforce_rate_limits = enforce;
        self
    }

    /// Binds the listener and starts serving on the current tokio runtime.
    pub async fn start(self) -> std::io::Result<Simulator> {
        let listener = TcpListener::bind(self.listen).await?;
        let addr = listener.local_addr()?;
        let clock = Arc::new(SimClock::default());
        let recorder = Arc::new(Recorder::default());
        let delay_ms = i64::try_from(self.settlement_delay.as_millis()).unwrap_or(i64::MAX / 4);
        let ctx =
            Arc::new(SimContext { clock: clock.clone(), settlement_delay_ms: delay_ms, recorder: recorder.clone() });
        let seed = |venue| self.balances.get(&venue).cloned().unwrap_or_default();
        let okx = Arc::new(okx_exchange::OkxState::new(ctx.clone(), self.okx.clone(), &seed(SimVenue::OkxExchange)));
        let bybit = Arc::new(bybit::BybitState::new(ctx.clone(), self.bybit.clone(), &seed(SimVenue::Bybit)));
        let web3_config = okx_web3::Web3Config { credentials: vec![self.web3.clone()], wallet: DEMO_WALLET.to_owned() };
        let web3 = Arc::new(okx_web3::Web3State::new(web3_config, ctx.clone()));
        for (asset, amount) in seed(SimVenue::OkxWeb3) {
            if !web3.set_balance(&asset, amount) {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!("web3 balance {asset}={amount}: unknown token or too many decimals"),
                ));
            }
        }
        let framework = Arc::new(Framework {
            clock,
            recorder,
            faults: FaultTable::default(),
            limiter: RateLimiter::default(),
            enforce_rate_limits: self.enforce_rate_limits,
        });
        let router = axum::Router::new()
            .merge(okx_exchange::router(okx.clone()))
            .merge(bybit::router(bybit.clone()))
            .merge(okx_web3::router(web3.clone()))
            .layer(axum::middleware::from_fn_with_state(framework.clone(), layer::sim_layer));
        let (shutdown, shutdown_rx) = oneshot::channel();
        let task = tokio::spawn(server::serve(listener, router, shutdown_rx));
        Ok(Simulator {
            addr,
            ctx,
            framework,
            okx,
            bybit,
            web3,
            okx_credentials: self.okx,
            bybit_credentials: self.bybit,
            web3_credentials: self.web3,
            shutdown: Some(shutdown),
            task,
        })
    }
}

/// A running simulator; dropping it shuts the server down.
#[derive(Debug)]
pub struct Simulator {
    addr: SocketAddr,
    ctx: Arc<SimContext>,
    framework: Arc<Framework>,
    okx: Arc<okx_exchange::OkxState>,
    bybit: Arc<bybit::BybitState>,
    web3: Arc<okx_web3::Web3State>,
    okx_credentials: DemoCredentials,
    bybit_credentials: DemoCredentials,
    web3_credentials: DemoCredentials,
    shutdown: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Simulator {
    /// Starts a simulator on `127.0.0.1:0` with instant settlement, the default demo
    /// credentials and the default balances.
    pub async fn start() -> std::io::Result<Simulator> {
        Self::builder().start().await
    }

    /// A builder for a configured simulator.
    pub fn builder() -> SimulatorBuilder {
        SimulatorBuilder::default()
    }

    /// Base URL serving all three venues, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Credentials accepted by the OKX exchange simulator.
    pub fn okx_credentials(&self) -> &DemoCredentials {
        &self.okx_credentials
    }

    /// Credentials accepted by the Bybit simulator.
    pub fn bybit_credentials(&self) -> &DemoCredentials {
        &self.bybit_credentials
    }

    /// Credentials accepted by the OKX Web3 simulator.
    pub fn web3_credentials(&self) -> &DemoCredentials {
        &self.web3_credentials
    }

    /// The demo EVM wallet (checksummed) that holds the seeded DeFi positions.
    pub fn web3_wallet(&self) -> &str {
        DEMO_WALLET
    }

    /// The venues' clock; skew it with [`SimClock::set_skew_ms`].
    pub fn clock(&self) -> &SimClock {
        &self.ctx.clock
    }

    /// Injects a fault; see [`Fault`].
    pub fn inject(&self, fault: Fault) {
        self.framework.faults.inject(fault);
    }

    /// Removes every injected fault.
    pub fn clear_faults(&self) {
        self.framework.faults.clear();
    }

    /// Writes applied to the ledger on the endpoint `path` (proves no duplicate execution).
    pub fn applied_writes(&self, path: &str) -> usize {
        self.ctx.recorder.applied_writes(path)
    }

    /// Requests received on `path`, whatever their outcome.
    pub fn requests(&self, path: &str) -> usize {
        self.ctx.recorder.requests(path)
    }

    /// Funding/available balance of `asset` in the demo account at `venue` (after settling
    /// whatever is due).
    pub fn balance(&self, venue: SimVenue, asset: &str) -> Decimal {
        match venue {
            SimVenue::OkxExchange => self.okx.funding_balance(&self.okx_credentials.api_key, asset),
            SimVenue::Bybit => self.bybit.fund_balance(&self.bybit_credentials.api_key, asset),
            SimVenue::OkxWeb3 => self.web3.balance(asset),
        }
    }

    /// Requests the limiter rejected so far (injected rate-limit faults are not counted).
    pub fn rate_limited(&self) -> usize {
        self.ctx.recorder.rate_limited_count()
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        // Graceful: stop accepting, let in-flight requests finish briefly. If the server task
        // is already gone (runtime shutting down), make sure it is aborted.
        let signalled = self.shutdown.take().is_some_and(|tx| tx.send(()).is_ok());
        if !signalled {
            self.task.abort();
        }
    }
}
