//! A fleet on one API key: four clients that share nothing but Redis stay within the
//! venue's limit, and the same four with in-process budgets do not.
//!
//! The simulator enforces OKX's published limits per credential (a sliding window per
//! endpoint and API key). Four separate clients, each with its own connection pool and
//! budget object, call `GET …/eth/balance` (6 per second per user) as fast as they may
//! for a few seconds, without retries, so every venue rejection is counted.
#![cfg(feature = "redis")]

#[path = "../crates/earn-core/tests/support/redis_server.rs"]
mod redis_server;

use std::sync::Arc;
use std::time::{Duration, Instant};

use earn::ErrorKind;
use earn::transport::{OnOutage, RateBudget, RedisBudget, RedisBudgetOptions, RetryPolicy, TransportOptions};
use earn_sim::Simulator;
use okx_staking::api::staking::{GetBalance, StakingCoin};
use okx_staking::{Environment, OkxStakingClient};

const CLIENTS: usize = 4;
const FLOOD: Duration = Duration::from_secs(3);
/// OKX's limit on the endpoint: 6 requests per second per user.
const ALLOWED_PER_SECOND: u128 = 6;

struct Run {
    accepted: usize,
    rejected: usize,
    elapsed: Duration,
}

impl Run {
    /// Accepted requests per 100 s (integers only).
    fn rate_per_100s(&self) -> u128 {
        (self.accepted.saturating_sub(1) as u128) * 100_000_000 / self.elapsed.as_micros().max(1)
    }

    fn describe(&self, what: &str) -> String {
        format!(
            "{what}: {CLIENTS} clients, {} accepted, {} rejected by the venue in {:?} = {} per 100 s (allowed {})",
            self.accepted,
            self.rejected,
            self.elapsed,
            self.rate_per_100s(),
            ALLOWED_PER_SECOND * 100
        )
    }
}

/// Floods the endpoint from `CLIENTS` separate clients, each built with `budget()`.
async fn flood(sim: &Simulator, budget: impl Fn() -> Option<Arc<dyn RateBudget>>) -> Run {
    let started = Instant::now();
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let mut transport = TransportOptions::default().retry_policy(RetryPolicy::none());
            if let Some(b) = budget() {
                transport = transport.budget(b);
            }
            let client = OkxStakingClient::builder(Environment::Live)
                .base_url(sim.base_url())
                .credentials(sim.okx_credentials().to_credentials())
                .transport(transport)
                .build()
                .expect("client builds");
            tokio::spawn(async move {
                let (mut accepted, mut rejected) = (0, 0);
                while started.elapsed() < FLOOD {
                    match client.send(&GetBalance::new(StakingCoin::Eth)).await {
                        Ok(_) => accepted += 1,
                        Err(e) if e.kind() == ErrorKind::RateLimited => rejected += 1,
                        Err(e) => panic!("unexpected error: {e}"),
                    }
                }
                (accepted, rejected)
            })
        })
        .collect();
    let (mut accepted, mut rejected) = (0, 0);
    for t in tasks {
        let (a, r) = t.await.expect("task");
        accepted += a;
        rejected += r;
    }
    Run { accepted, rejected, elapsed: started.elapsed() }
}

/// Writes straight to stderr, past the test harness's capture, so CI shows the figures.
fn report(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{line}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_sharing_redis_stays_within_the_limit_and_one_without_does_not() {
    let redis = redis_server::RedisServer::start();
    let sim = Simulator::builder().start().await.expect("simulator starts");

    // Four budgets that share nothing but the Redis server, like four processes.
    let mut budgets: Vec<Arc<dyn RateBudget>> = Vec::new();
    for _ in 0..CLIENTS {
        let options = RedisBudgetOptions { on_outage: OnOutage::Fail, ..RedisBudgetOptions::default() };
        budgets.push(Arc::new(RedisBudget::connect(&redis.url(), options).await.expect("Redis answers")));
    }
    let next = std::sync::Mutex::new(budgets.into_iter());
    let shared = flood(&sim, || next.lock().unwrap().next()).await;
    report(&shared.describe("shared Redis budget"));

    // Let the venue's window empty before the second run.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let local = flood(&sim, || None).await;
    report(&local.describe("in-process budgets"));

    assert_eq!(shared.rejected, 0, "{}", shared.describe("shared"));
    assert!(
        shared.rate_per_100s() * 100 >= 90 * ALLOWED_PER_SECOND * 100,
        "the shared budget must use at least 90 % of the allowed rate: {}",
        shared.describe("shared")
    );
    assert!(local.rejected > 0, "four uncoordinated clients must exceed the limit: {}", local.describe("local"));
}
