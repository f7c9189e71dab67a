//! The client-side rate limiters against the simulator, which enforces the venues' published
//! limits exactly (sliding window per endpoint and API key).
//!
//! Several tasks per venue share one client and call one endpoint as fast as they can for a
//! few seconds. The limiter must keep every venue under its limit (the simulator rejects
//! nothing) while still using at least 90 % of the rate the venue allows.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bybit_earn::api::easy_earn::{EarnCategory, GetPositions};
use bybit_earn::{BybitEarnClient, Environment as BybitEnvironment};
use earn_sim::Simulator;
use okx_staking::api::onchain::GetActiveOrders;
use okx_staking::api::staking::{GetBalance, StakingCoin};
use okx_staking::{Environment, OkxStakingClient};
use okx_web3_defi::api::v6_product::GetSupportedChains;
use okx_web3_defi::{ClientRateLimit, OkxWeb3DefiClient};

/// How long each venue is flooded.
const FLOOD: Duration = Duration::from_secs(3);
/// Tasks sharing one client per endpoint (a bot fanning out over one client).
const TASKS: usize = 4;
/// The share of the allowed rate the limiter must reach, in percent.
const MIN_UTILISATION_PERCENT: u128 = 90;

/// One flooded endpoint: the limit the simulator enforces on it and what was achieved.
struct Flooded {
    path: &'static str,
    /// Requests the venue allows per `window`.
    allowed: u128,
    window: Duration,
    /// Requests the simulator received on the path.
    received: usize,
    /// From the first call to the last answer.
    elapsed: Duration,
}

impl Flooded {
    /// Whether `(received - 1) / elapsed >= 90 % of allowed / window` (integers only).
    fn reaches_target(&self) -> bool {
        let intervals = u128::try_from(self.received.saturating_sub(1)).unwrap_or(u128::MAX);
        intervals * self.window.as_micros() * 100 >= MIN_UTILISATION_PERCENT * self.allowed * self.elapsed.as_micros()
    }

    /// What was achieved against what is allowed (rates per 100 s, to stay in integers).
    fn describe(&self) -> String {
        let intervals = u128::try_from(self.received.saturating_sub(1)).unwrap_or(u128::MAX);
        let achieved = intervals * 100_000_000 / self.elapsed.as_micros().max(1);
        let allowed = self.allowed * 100_000_000 / self.window.as_micros().max(1);
        format!(
            "{}: {} requests in {:?} = {achieved} per 100 s, allowed {allowed} per 100 s",
            self.path, self.received, self.elapsed
        )
    }
}

/// Calls `call` from `TASKS` tasks until `FLOOD` has passed; every call must succeed.
async fn flood<F, Fut>(sim: Arc<Simulator>, path: &'static str, allowed: u128, call: F) -> Flooded
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = earn_core::Result<()>> + Send,
{
    let started = Instant::now();
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let call = call.clone();
            tokio::spawn(async move {
                while started.elapsed() < FLOOD {
                    call().await.expect("every call succeeds");
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("flooding task completes");
    }
    Flooded { path, allowed, window: Duration::from_secs(1), received: sim.requests(path), elapsed: started.elapsed() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limiters_use_the_published_rate_without_a_single_rejection() {
    let sim = Arc::new(Simulator::builder().start().await.expect("simulator starts"));

    let okx = OkxStakingClient::builder(Environment::Live)
        .base_url(sim.base_url())
        .credentials(sim.okx_credentials().to_credentials())
        .build()
        .expect("OKX client builds");
    let bybit = BybitEarnClient::builder(BybitEnvironment::Mainnet)
        .base_url(sim.base_url())
        .credentials(sim.bybit_credentials().to_credentials())
        .build()
        .expect("Bybit client builds");
    // OKX publishes no DeFi limit; the client's default budget (5/s) is deliberately below
    // the 10/s the simulator assumes, so configure the figure the simulator enforces.
    let web3 = OkxWeb3DefiClient::builder()
        .base_url(sim.base_url())
        .credentials(sim.web3_credentials().to_credentials())
        .rate_limit(ClientRateLimit { requests: 10, per: Duration::from_secs(1) })
        .build()
        .expect("Web3 client builds");

    let eth_balance = {
        let c = okx.clone();
        move || {
            let c = c.clone();
            async move { c.send(&GetBalance::new(StakingCoin::Eth)).await.map(drop) }
        }
    };
    let onchain_active = {
        let c = okx.clone();
        move || {
            let c = c.clone();
            async move { c.send(&GetActiveOrders::new()).await.map(drop) }
        }
    };
    let bybit_positions = {
        let c = bybit.clone();
        move || {
            let c = c.clone();
            async move { c.send(&GetPositions::new(EarnCategory::FlexibleSaving)).await.map(drop) }
        }
    };
    let web3_chains = {
        let c = web3.clone();
        move || {
            let c = c.clone();
            async move { c.send(&GetSupportedChains).await.map(drop) }
        }
    };

    // All four endpoints at once, as a bot would, sharing the two cores.
    let results = tokio::join!(
        flood(sim.clone(), "/api/v5/finance/staking-defi/eth/balance", 6, eth_balance),
        flood(sim.clone(), "/api/v5/finance/staking-defi/orders-active", 3, onchain_active),
        flood(sim.clone(), "/v5/earn/position", 10, bybit_positions),
        flood(sim.clone(), "/api/v6/defi/product/supported-chains", 10, web3_chains),
    );

    let results = [results.0, results.1, results.2, results.3];
    let report: Vec<String> = results.iter().map(Flooded::describe).collect();
    assert_eq!(sim.rate_limited(), 0, "the simulator rejected requests for exceeding a published limit: {report:#?}");
    for f in &results {
        assert!(f.reaches_target(), "below {MIN_UTILISATION_PERCENT} % of the allowed rate: {}", f.describe());
    }
}
