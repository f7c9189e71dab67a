//! `earn-sim`: embedded simulator of the OKX staking, Bybit Earn, OKX Web3 DeFi and Binance Simple Earn APIs.
//!
//! Each simulated user has the venue's accounts ([`SimAccount`]: OKX funding and trading,
//! Bybit FUND and UNIFIED), balance endpoints for them, transfers between them, and products
//! that draw on and pay back to the account the venue documents.
//!
//! One local HTTP server speaks all four venues' APIs on one address (their paths do not
//! collide): same paths, envelopes, field types, error codes, signature checks over the raw
//! bytes received, per-endpoint rate limits, and an in-memory ledger whose orders settle after
//! a configurable delay. Faults (latency, HTTP errors, rate limits, malformed or truncated
//! bodies, connections dropped after the write was applied) hit only requests that passed
//! authentication; they, the clocks, balances and a dump of the ledger are controlled from
//! Rust or, for bots in any language, through the admin HTTP API under `/__admin`
//! (see the crate README).
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
//! sim.advance(std::time::Duration::from_secs(3)); // orders placed now have settled
//! assert_eq!(sim.balance(SimVenue::Bybit, "USDT"), Decimal::from(500));
//! sim.set_balance(SimVenue::Bybit, "usdt", Decimal::from(750)).unwrap(); // canonical: USDT
//! assert_eq!(sim.balance(SimVenue::Bybit, "USDT"), Decimal::from(750));
//! assert_eq!(sim.applied_writes("/v5/earn/place-order"), 0);
//! assert!(sim.ledger()["bybit"]["accounts"]["sim-bybit-key"]["FUND"]["USDT"] == "750");
//! # let _ = (base_url, okx_key);
//! # Ok(())
//! # }
//! // Dropping `sim` shuts the server down.
//! ```
//!
//! Standalone: `cargo run -p earn-sim -- --listen 127.0.0.1:8080` (see `--help`); it serves
//! the admin API too.
//!
//! # Credentials (defaults; test values, safe to print)
//!
//! | venue | environment | API key | secret | passphrase |
//! |---|---|---|---|---|
//! | OKX exchange | live | `sim-okx-key` | `sim-okx-secret` | `sim-okx-pass` |
//! | OKX exchange | demo (`x-simulated-trading: 1`) | `sim-okx-demo-key` | `sim-okx-demo-secret` | `sim-okx-demo-pass` |
//! | Bybit | mainnet | `sim-bybit-key` | `sim-bybit-secret` | — |
//! | Bybit | demo trading (another host: `10003` here) | `sim-bybit-demo-key` | `sim-bybit-demo-secret` | — |
//! | OKX Web3 | (no demo environment) | `sim-web3-key` | `sim-web3-secret` | `sim-web3-pass` |
//! | Binance | production (HMAC) | `sim-binance-key` | `sim-binance-secret` | — |
//!
//! OKX demo keys read the demo account (seeded like the live one); their writes answer
//! `50038`; a key sent to the other environment answers `50101`. Public endpoints answer in
//! both environments.
//!
//! Web3 demo wallet: [`DEMO_WALLET`] (`0x7f42B7cD2BB9cF7ea4F2e0d5A0B4EeB2d8d899DA`).
//!
//! # Seeded state
//!
//! * OKX funding account: ETH 10, SOL 200, DOT 500, USDT 10000, BETH 0; trading account: USDT
//!   2000, BETH 1 (visible in `eth/balance`, but an ETH redemption uses funding BETH only:
//!   transfer it first). Simple Earn Flexible USDT, USDC, ETH, BTC. Products: ETH staking
//!   (ETH→BETH 1:1, min 0.001), SOL staking (SOL→OKSOL 1:1, min 0.01), on-chain earn DOT
//!   flexible (productId `101`, min 2), USDT fixed 30 days (`102`, early redemption allowed),
//!   ATOM sold out (`103`), ADA stopped (`104`).
//! * Bybit FUND account: BTC 1, USDT 10000, ETH 10; UNIFIED: USDT 2000. Products:
//!   FlexibleSaving BTC (`430`, min
//!   0.001, max 10, precision 8), FlexibleSaving USDT (`428`, min 1, precision 4), FlexibleSaving
//!   SOL (`431`, NotAvailable), OnChain ETH Flexible non-LST (`501`), OnChain ETH LST → METH
//!   (`502`), OnChain USDT Fixed 30 days (`503`, `duration` `Fixed`, `term` 30: locked, an
//!   early redemption answers `180029`); one FlexibleSaving USDT interest coupon.
//!   Fixed Saving: FixedTermSaving USDT 30d (`7001`), FundPool USDT 8h with early
//!   redemption and auto-invest (`7002`), FundPoolPremium BTC 1d sold out (`7003`). BYUSDT
//!   token product `1` (mints draw on the FlexibleSaving USDT position); Hold to Earn USDT,
//!   MNT (online) and BTC (ended), with three days of USDT airdrops.
//! * Binance SPOT wallet: USDT 10000, BTC 1, ETH 10, SOL 100; FUNDING: USDT 5000, ETH 2.
//!   Simple Earn flexible `USDT001`, `BTC001`, `ETH001` (`BUSD001` ended), locked `USDT*30`
//!   (early redemption allowed) and `USDT*90` (none); ETH staking (→ WBETH) and SOL staking
//!   (→ BNSOL). Signatures over the raw query with every byte outside `A-Z a-z 0-9 _ . - ~`
//!   percent-encoded; request weights enforced and reported (see the crate README).
//!
//! # Behaviour worth knowing
//!
//! * Writes settle after `settlement_delay` of ledger time (default 0 = at once), evaluated
//!   lazily when anything is read. [`Simulator::advance`] moves ledger time forward without
//!   making signatures stale; [`SimClock::set_skew_ms`] moves the server clock, which does.
//!   Pending redemptions show as `pending` (OKX ETH/SOL), state `2` (OKX on-chain earn) or
//!   `Pending` (Bybit) until then.
//! * Transfers between a user's accounts settle after
//!   [`SimulatorBuilder::transfer_delay`] (default 0: at once). OKX `clientId` is a
//!   correlation key (a repeated one is a new transfer); Bybit refuses a known `transferId`
//!   with `131214`.
//! * Rate limits use the venues' published per-endpoint figures (reference tables; Bybit's
//!   suggested defaults where none is published), as a sliding window per API key (public
//!   endpoints: per client IP). Rejections answer OKX HTTP 429 `50011` or Bybit HTTP 200
//!   `10006` with `X-Bapi-Limit*` headers, and are counted by [`Simulator::rate_limited`].
//! * Bybit refuses a reused `orderLinkId` within 30 minutes with `180025` ("order already
//!   exists"); only accepted orders reserve their id.
//! * The simulator pays no interest into balances, so balances move only by the amounts
//!   written; Bybit yield records accrue from settled FlexibleSaving positions per full hour.
//!   OKX Simple Earn is the exception: savings accrue interest each full hour of ledger time
//!   into the holding itself (`amt`, `earnings`), paid out with the redemption.
//! * Unknown paths and wrong methods answer each venue's JSON error (OKX `50115` with HTTP
//!   405 for a wrong method, HTTP 404 otherwise; Bybit HTTP 404 with `10017`).

mod admin;
pub mod auth;
mod binance;
mod bybit;
pub mod clock;
mod context;
mod control;
mod faults;
mod layer;
mod ledger;
mod okx_exchange;
mod okx_web3;
mod params;
mod prices;
mod rate_limit;
mod recorder;
mod routes;
mod server;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::response::Response;
use rust_decimal::Decimal;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub use admin::PREFIX as ADMIN_PREFIX;
pub use auth::DemoCredentials;
pub use clock::SimClock;
pub use control::{AccountSeed, BalanceSeed, SimAccount, SimError, SimVenue};
pub use faults::{Fault, FaultBuilder};

use context::SimContext;
use control::Control;
use faults::FaultTable;
use layer::Framework;
use rate_limit::{Family, LimiterClock, RateLimiter};
use recorder::Recorder;

/// The demo EVM wallet of the OKX Web3 simulator (EIP-55 checksummed).
pub const DEMO_WALLET: &str = okx_web3::DEFAULT_WALLET;

/// Default OKX exchange live credentials.
pub fn default_okx_credentials() -> DemoCredentials {
    DemoCredentials::new("sim-okx-key", "sim-okx-secret").with_passphrase("sim-okx-pass")
}

/// Default OKX exchange demo-trading credentials (sent with `x-simulated-trading: 1`).
pub fn default_okx_demo_credentials() -> DemoCredentials {
    DemoCredentials::new("sim-okx-demo-key", "sim-okx-demo-secret").with_passphrase("sim-okx-demo-pass")
}

/// Default Bybit mainnet credentials.
pub fn default_bybit_credentials() -> DemoCredentials {
    DemoCredentials::new("sim-bybit-key", "sim-bybit-secret")
}

/// Default Bybit demo-trading credentials (they belong to another host: `10003` here).
pub fn default_bybit_demo_credentials() -> DemoCredentials {
    DemoCredentials::new("sim-bybit-demo-key", "sim-bybit-demo-secret")
}

/// Default Binance credentials (HMAC key).
pub fn default_binance_credentials() -> DemoCredentials {
    DemoCredentials::new("sim-binance-key", "sim-binance-secret")
}

/// Default OKX Web3 credentials.
pub fn default_web3_credentials() -> DemoCredentials {
    DemoCredentials::new("sim-web3-key", "sim-web3-secret").with_passphrase("sim-web3-pass")
}

/// The seeded balances of the live (and OKX demo) accounts: idle money where a newcomer looks
/// for it. OKX keeps 1 BETH in the trading account, where an ETH redemption cannot use it
/// (the seed-000 rule: transfer it to funding first).
fn default_balances() -> BTreeMap<SimAccount, BTreeMap<String, Decimal>> {
    let seed = |pairs: &[(&str, i64)]| pairs.iter().map(|(a, n)| ((*a).to_owned(), Decimal::from(*n))).collect();
    BTreeMap::from([
        (SimAccount::OKX_FUNDING, seed(&[("ETH", 10), ("SOL", 200), ("DOT", 500), ("USDT", 10_000), ("BETH", 0)])),
        (SimAccount::OKX_TRADING, seed(&[("USDT", 2_000), ("BETH", 1)])),
        (SimAccount::BYBIT_FUND, seed(&[("BTC", 1), ("USDT", 10_000), ("ETH", 10)])),
        (SimAccount::BYBIT_UNIFIED, seed(&[("USDT", 2_000)])),
        (SimAccount::WEB3_WALLET, BTreeMap::new()),
        (SimAccount::BINANCE_SPOT, seed(&[("USDT", 10_000), ("BTC", 1), ("ETH", 10), ("SOL", 100)])),
        (SimAccount::BINANCE_FUNDING, seed(&[("USDT", 5_000), ("ETH", 2)])),
    ])
}

/// The seeds of `venue`'s accounts, by account name.
fn wallet_seed(balances: &BTreeMap<SimAccount, BTreeMap<String, Decimal>>, venue: SimVenue) -> ledger::WalletSeed {
    balances.iter().filter(|(account, _)| account.venue() == venue).map(|(a, b)| (a.name(), b.clone())).collect()
}

/// Configures a [`Simulator`]; see [`Simulator::builder`].
#[derive(Debug, Clone)]
#[must_use = "a SimulatorBuilder does nothing until .start() is awaited"]
pub struct SimulatorBuilder {
    listen: SocketAddr,
    settlement_delay: Duration,
    transfer_delay: Duration,
    okx: DemoCredentials,
    okx_demo: DemoCredentials,
    bybit: DemoCredentials,
    bybit_demo: DemoCredentials,
    web3: DemoCredentials,
    binance: DemoCredentials,
    balances: BTreeMap<SimAccount, BTreeMap<String, Decimal>>,
    enforce_rate_limits: bool,
    manual_rate_limit_clock: bool,
    admin_api: bool,
    admin_from_anywhere: bool,
}

impl Default for SimulatorBuilder {
    fn default() -> Self {
        SimulatorBuilder {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            settlement_delay: Duration::ZERO,
            transfer_delay: Duration::ZERO,
            okx: default_okx_credentials(),
            okx_demo: default_okx_demo_credentials(),
            bybit: default_bybit_credentials(),
            bybit_demo: default_bybit_demo_credentials(),
            web3: default_web3_credentials(),
            binance: default_binance_credentials(),
            balances: default_balances(),
            enforce_rate_limits: true,
            manual_rate_limit_clock: false,
            admin_api: false,
            admin_from_anywhere: false,
        }
    }
}

impl SimulatorBuilder {
    /// Address to listen on (default `127.0.0.1:0`, an ephemeral port).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Ledger time an order stays pending before it settles (default zero: settles at once).
    pub fn settlement_delay(mut self, delay: Duration) -> Self {
        self.settlement_delay = delay;
        self
    }

    /// Ledger time a transfer between a user's own accounts (OKX funding ↔ trading, Bybit
    /// FUND ↔ UNIFIED) stays pending before the money arrives (default zero: OKX `success`,
    /// Bybit `SUCCESS` at once). While pending, OKX `transfer-state` says `pending` and Bybit
    /// answers and records `PENDING`; the source is debited at once.
    pub fn transfer_delay(mut self, delay: Duration) -> Self {
        self.transfer_delay = delay;
        self
    }

    /// Live credentials the OKX exchange simulator accepts (passphrase required).
    pub fn okx_credentials(mut self, credentials: DemoCredentials) -> Self {
        self.okx = credentials;
        self
    }

    /// Demo-trading credentials of the OKX exchange simulator (`x-simulated-trading: 1`).
    pub fn okx_demo_credentials(mut self, credentials: DemoCredentials) -> Self {
        self.okx_demo = credentials;
        self
    }

    /// Mainnet credentials the Bybit simulator accepts.
    pub fn bybit_credentials(mut self, credentials: DemoCredentials) -> Self {
        self.bybit = credentials;
        self
    }

    /// Demo-trading credentials of Bybit (answered `10003`: they belong to another host).
    pub fn bybit_demo_credentials(mut self, credentials: DemoCredentials) -> Self {
        self.bybit_demo = credentials;
        self
    }

    /// Credentials the OKX Web3 simulator accepts (passphrase required).
    pub fn web3_credentials(mut self, credentials: DemoCredentials) -> Self {
        self.web3 = credentials;
        self
    }

    /// Credentials the Binance simulator accepts (HMAC).
    pub fn binance_credentials(mut self, credentials: DemoCredentials) -> Self {
        self.binance = credentials;
        self
    }

    /// Sets the starting balance of `asset` at `venue` (replacing the default). The asset is
    /// taken in the venue's own spelling (`eth` is `ETH`); [`SimulatorBuilder::start`] refuses
    /// assets the venue does not have (see [`SimVenue::canonical_asset`]).
    pub fn balance(self, venue: SimVenue, asset: &str, amount: Decimal) -> Self {
        self.account_balance(SimAccount::default_for(venue), asset, amount)
    }

    /// Sets the starting balance of `asset` in `account` (replacing the default), e.g.
    /// `.account_balance(SimAccount::OKX_TRADING, "BETH", 2.into())`; the asset is taken in
    /// the venue's own spelling.
    pub fn account_balance(mut self, account: SimAccount, asset: &str, amount: Decimal) -> Self {
        let asset = account.venue().canonical_asset(asset).unwrap_or_else(|_| asset.to_owned());
        self.balances.entry(account).or_default().insert(asset, amount);
        self
    }

    /// Whether the published rate limits are enforced (default `true`).
    pub fn enforce_rate_limits(mut self, enforce: bool) -> Self {
        self.enforce_rate_limits = enforce;
        self
    }

    /// Runs the rate limits on a manual clock that stands still until
    /// [`Simulator::advance_rate_limit_clock`] (default `false`: the local monotonic clock).
    /// For deterministic tests: a burst is judged as if sent in one instant, however loaded
    /// the machine is.
    pub fn manual_rate_limit_clock(mut self, manual: bool) -> Self {
        self.manual_rate_limit_clock = manual;
        self
    }

    /// Serves the admin HTTP API under [`ADMIN_PREFIX`] (default `false` when embedded; the
    /// standalone binary turns it on). It answers loopback clients only unless
    /// [`SimulatorBuilder::admin_from_anywhere`].
    pub fn admin_api(mut self, enabled: bool) -> Self {
        self.admin_api = enabled;
        self
    }

    /// Lets clients that are not on loopback use the admin API (default `false`).
    pub fn admin_from_anywhere(mut self, allowed: bool) -> Self {
        self.admin_from_anywhere = allowed;
        self
    }

    /// Checks the seeded balances: every asset known to its venue, every amount non-negative.
    fn check_balances(&self) -> std::io::Result<()> {
        let invalid = |e: SimError| std::io::Error::new(std::io::ErrorKind::InvalidInput, e);
        for (account, assets) in &self.balances {
            for (asset, amount) in assets {
                account.venue().canonical_asset(asset).map_err(invalid)?;
                if amount.is_sign_negative() {
                    return Err(invalid(SimError::InvalidAmount(amount.to_string())));
                }
            }
        }
        Ok(())
    }

    /// Binds the listener and starts serving on the current tokio runtime.
    ///
    /// Fails with [`std::io::ErrorKind::InvalidInput`] (carrying a [`SimError`]) when a seeded
    /// balance is refused, before anything is bound.
    pub async fn start(self) -> std::io::Result<Simulator> {
        self.check_balances()?;
        let clock = Arc::new(SimClock::default());
        let recorder = Arc::new(Recorder::default());
        let ms = |d: Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 4);
        let ctx = Arc::new(SimContext {
            clock: clock.clone(),
            settlement_delay_ms: ms(self.settlement_delay),
            transfer_delay_ms: ms(self.transfer_delay),
            recorder: recorder.clone(),
        });
        let seed = |venue| wallet_seed(&self.balances, venue);
        let okx = Arc::new(okx_exchange::OkxState::new(
            ctx.clone(),
            self.okx.clone(),
            self.okx_demo.clone(),
            &seed(SimVenue::OkxExchange),
        ));
        let bybit = Arc::new(bybit::BybitState::new(
            ctx.clone(),
            self.bybit.clone(),
            self.bybit_demo.clone(),
            &seed(SimVenue::Bybit),
        ));
        let binance = Arc::new(binance::BinanceState::new(
            ctx.clone(),
            self.binance.clone(),
            &seed(SimVenue::Binance),
            self.enforce_rate_limits,
        ));
        let web3_config = okx_web3::Web3Config { credentials: vec![self.web3.clone()], wallet: DEMO_WALLET.to_owned() };
        let web3 = Arc::new(okx_web3::Web3State::new(web3_config, ctx.clone()));
        let faults = Arc::new(FaultTable::default());
        let control = Arc::new(Control { ctx: ctx.clone(), faults: faults.clone(), okx, bybit, binance, web3 });
        for (asset, amount) in seed(SimVenue::OkxWeb3).into_values().flatten() {
            control.set_balance(SimVenue::OkxWeb3, None, &asset, amount).map_err(|e| {
                std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("web3 balance {asset}={amount}: {e}"))
            })?;
        }
        let limiter_clock =
            Arc::new(if self.manual_rate_limit_clock { LimiterClock::manual() } else { LimiterClock::default() });
        let framework = Arc::new(Framework {
            clock: clock.clone(),
            recorder,
            faults,
            limiter: RateLimiter::with_clock(limiter_clock.clone()),
            enforce_rate_limits: self.enforce_rate_limits,
        });
        let fallback_clock = clock.clone();
        let mut router = axum::Router::new()
            .merge(okx_exchange::router(control.okx.clone()))
            .merge(bybit::router(control.bybit.clone()))
            .merge(okx_web3::router(control.web3.clone()))
            .merge(binance::router(control.binance.clone()))
            .fallback(move |uri: http::Uri| std::future::ready(unknown_path(uri.path(), fallback_clock.now_ms())))
            .layer(axum::middleware::from_fn_with_state(framework.clone(), layer::sim_layer));
        if self.admin_api {
            router = router.merge(admin::router(control.clone(), self.admin_from_anywhere));
        }
        let listener = TcpListener::bind(self.listen).await?;
        let addr = listener.local_addr()?;
        let (shutdown, shutdown_rx) = oneshot::channel();
        let task = tokio::spawn(server::serve(listener, router, shutdown_rx));
        Ok(Simulator {
            addr,
            control,
            admin_api: self.admin_api,
            limiter_clock,
            okx_credentials: self.okx,
            okx_demo_credentials: self.okx_demo,
            bybit_credentials: self.bybit,
            bybit_demo_credentials: self.bybit_demo,
            web3_credentials: self.web3,
            binance_credentials: self.binance,
            shutdown: Some(shutdown),
            task,
        })
    }
}

/// The seeded products of every venue, one line each (what the standalone banner prints).
pub fn seeded_products() -> Vec<(SimVenue, String)> {
    let tag = |venue: SimVenue| move |line: String| (venue, line);
    okx_exchange::product_lines()
        .into_iter()
        .map(tag(SimVenue::OkxExchange))
        .chain(bybit::product_lines().into_iter().map(tag(SimVenue::Bybit)))
        .chain(okx_web3::product_lines().into_iter().map(tag(SimVenue::OkxWeb3)))
        .chain(binance::product_lines().into_iter().map(tag(SimVenue::Binance)))
        .collect()
}

/// The answer to a path no venue serves, in the envelope of the venue its prefix names.
fn unknown_path(path: &str, now_ms: i64) -> Response {
    match Family::of(path) {
        Family::OkxExchange => okx_exchange::not_found(),
        Family::Bybit => bybit::not_found(now_ms),
        Family::OkxWeb3 => okx_web3::not_found(),
        Family::Binance => binance::not_found(),
    }
}

/// A running simulator; dropping it shuts the server down.
#[derive(Debug)]
pub struct Simulator {
    addr: SocketAddr,
    control: Arc<Control>,
    admin_api: bool,
    limiter_clock: Arc<LimiterClock>,
    okx_credentials: DemoCredentials,
    okx_demo_credentials: DemoCredentials,
    bybit_credentials: DemoCredentials,
    bybit_demo_credentials: DemoCredentials,
    web3_credentials: DemoCredentials,
    binance_credentials: DemoCredentials,
    shutdown: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Simulator {
    /// Starts a simulator on `127.0.0.1:0` with instant settlement, the default
    /// credentials and the default balances.
    pub async fn start() -> std::io::Result<Simulator> {
        Self::builder().start().await
    }

    /// A builder for a configured simulator.
    pub fn builder() -> SimulatorBuilder {
        SimulatorBuilder::default()
    }

    /// Base URL serving all four venues, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The admin API's base URL (`…/__admin`), when it is served.
    pub fn admin_url(&self) -> Option<String> {
        self.admin_api.then(|| format!("{}{}", self.base_url(), ADMIN_PREFIX))
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Live credentials accepted by the OKX exchange simulator.
    pub fn okx_credentials(&self) -> &DemoCredentials {
        &self.okx_credentials
    }

    /// Demo-trading credentials of the OKX exchange simulator (`x-simulated-trading: 1`).
    pub fn okx_demo_credentials(&self) -> &DemoCredentials {
        &self.okx_demo_credentials
    }

    /// Mainnet credentials accepted by the Bybit simulator.
    pub fn bybit_credentials(&self) -> &DemoCredentials {
        &self.bybit_credentials
    }

    /// Bybit demo-trading credentials (answered `10003`: they belong to another host).
    pub fn bybit_demo_credentials(&self) -> &DemoCredentials {
        &self.bybit_demo_credentials
    }

    /// Credentials accepted by the OKX Web3 simulator.
    pub fn web3_credentials(&self) -> &DemoCredentials {
        &self.web3_credentials
    }

    /// Credentials accepted by the Binance simulator.
    pub fn binance_credentials(&self) -> &DemoCredentials {
        &self.binance_credentials
    }

    /// The demo EVM wallet (checksummed) that holds the seeded DeFi positions.
    pub fn web3_wallet(&self) -> &str {
        DEMO_WALLET
    }

    /// The venues' clock: skew it with [`SimClock::set_skew_ms`], advance the ledgers with
    /// [`SimClock::advance_ms`].
    pub fn clock(&self) -> &SimClock {
        &self.control.ctx.clock
    }

    /// Moves ledger time forward by `by`: orders settle, positions mature and yields accrue
    /// as if that time had passed; signatures made with the server clock stay valid.
    pub fn advance(&self, by: Duration) {
        self.clock().advance_ms(i64::try_from(by.as_millis()).unwrap_or(i64::MAX / 4));
    }

    /// Injects a fault; see [`Fault`].
    pub fn inject(&self, fault: Fault) {
        self.control.inject(fault);
    }

    /// The armed faults (spent ones are gone).
    pub fn faults(&self) -> Vec<Fault> {
        self.control.faults.list().into_iter().map(|(fault, _)| fault).collect()
    }

    /// Removes every injected fault.
    pub fn clear_faults(&self) {
        self.control.faults.clear();
    }

    /// Writes applied to the ledger on the endpoint `path` (proves no duplicate execution).
    pub fn applied_writes(&self, path: &str) -> usize {
        self.control.ctx.recorder.applied_writes(path)
    }

    /// Requests received on `path`, whatever their outcome.
    pub fn requests(&self, path: &str) -> usize {
        self.control.ctx.recorder.requests(path)
    }

    /// Funding/available balance of `asset` in the live account at `venue` (after settling
    /// whatever is due).
    pub fn balance(&self, venue: SimVenue, asset: &str) -> Decimal {
        self.control.balance(venue, asset)
    }

    /// Sets the balance of `asset` in the live account at `venue` (OKX funding, Bybit FUND,
    /// the Web3 demo wallet); `asset` is taken in the venue's own spelling.
    pub fn set_balance(&self, venue: SimVenue, asset: &str, amount: Decimal) -> Result<(), SimError> {
        self.control.set_balance(venue, None, asset, amount).map(|_| ())
    }

    /// Balance of `asset` in the live user's `account` (after settling whatever is due):
    /// OKX funding/trading `availBal`, Bybit FUND/UNIFIED `walletBalance`, the Web3 wallet.
    pub fn account_balance(&self, account: SimAccount, asset: &str) -> Decimal {
        self.control.account_balance(account, asset)
    }

    /// Every asset the live user's `account` was ever credited with, and its balance (zero
    /// included; Web3: the demo wallet's non-zero tokens), after settling whatever is due.
    pub fn account_balances(&self, account: SimAccount) -> BTreeMap<String, Decimal> {
        self.control.account_balances(account)
    }

    /// Sets the balance of `asset` in the live user's `account`; `asset` is taken in the
    /// venue's own spelling.
    pub fn set_account_balance(&self, account: SimAccount, asset: &str, amount: Decimal) -> Result<(), SimError> {
        self.control.set_account_balance(account, asset, amount).map(|_| ())
    }

    /// Every account of every venue and the request counters, as JSON (the admin API's
    /// `GET /__admin/ledger`).
    pub fn ledger(&self) -> Value {
        self.control.ledger()
    }

    /// Moves the rate limiter's manual clock (see [`SimulatorBuilder::manual_rate_limit_clock`])
    /// forward by `by`; returns `false` and does nothing when the limiter runs on the real clock.
    pub fn advance_rate_limit_clock(&self, by: Duration) -> bool {
        self.limiter_clock.advance(by)
    }

    /// Requests the limiter rejected so far (injected rate-limit faults are not counted).
    pub fn rate_limited(&self) -> usize {
        self.control.ctx.recorder.rate_limited_count()
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
