//! Cross-venue fan-out: positions from all three venues at once through `dyn EarnVenue`,
//! against the simulator with the same injected latency on one request of each venue's
//! `positions()`. Concurrent total should be close to the slowest venue alone, not the sum.

mod support;

use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use earn_core::EarnVenue;
use earn_sim::{Fault, Simulator};

/// Latency injected on one request of each venue's `positions()`.
const LATENCY: Duration = Duration::from_millis(20);

/// The request of each venue's `positions()` that is made exactly once per call.
const SLOW_PATHS: [&str; 3] = [
    "/api/v5/finance/staking-defi/eth/balance",
    "/v5/earn/fixed-term/position",
    "/api/v6/defi/user/asset/platform/list",
];

fn venues(sim: &Simulator) -> Vec<(&'static str, Arc<dyn EarnVenue>)> {
    let base = sim.base_url();
    let okx = support::okx_client(&base, sim.okx_credentials().to_credentials());
    let bybit = support::bybit_client(&base, sim.bybit_credentials().to_credentials());
    let web3 = support::web3_client(&base, sim.web3_credentials().to_credentials());
    let wallet = okx_web3_defi::WalletAddress::evm(sim.web3_wallet()).expect("demo wallet");
    vec![
        ("okx-staking", Arc::new(okx_staking::OkxStakingVenue::new(okx))),
        ("bybit-earn", Arc::new(bybit_earn::BybitEarnVenue::new(bybit))),
        (
            "okx-web3-defi",
            Arc::new(okx_web3_defi::OkxWeb3DefiVenue::new(web3, wallet, okx_web3_defi::ApiGeneration::V6)),
        ),
    ]
}

fn fanout(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    // Rate limits off on both sides: the simulator's are measured by tests/rate_limit_accuracy.rs.
    let sim = rt.block_on(Simulator::builder().enforce_rate_limits(false).start()).expect("simulator starts");
    for path in SLOW_PATHS {
        sim.inject(Fault::on(path).always().latency(LATENCY));
    }
    let venues = venues(&sim);
    rt.block_on(async {
        for (name, v) in &venues {
            v.positions().await.unwrap_or_else(|e| panic!("{name} positions: {e}"));
        }
    });

    let mut g = c.benchmark_group("fanout");
    g.sample_size(30).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    for (name, v) in &venues {
        g.bench_function(format!("one venue/{name}"), |b| {
            b.to_async(&rt).iter(|| async { v.positions().await.expect("positions") })
        });
    }
    g.bench_function("three venues concurrently", |b| {
        b.to_async(&rt).iter(|| async {
            futures::future::try_join_all(venues.iter().map(|(_, v)| v.positions())).await.expect("positions")
        })
    });
    g.bench_function("three venues one after another", |b| {
        b.to_async(&rt).iter(|| async {
            for (_, v) in &venues {
                v.positions().await.expect("positions");
            }
        })
    });
    g.finish();
}

criterion_group!(benches, fanout);
criterion_main!(benches);
