//! The simulator's own throughput: signed reads per second, rate limits off, with the
//! clients sharing the machine's cores with the server (so this is a lower bound).

mod support;

use std::time::Duration;

use bybit_earn::api::easy_earn::{EarnCategory, GetPositions};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use earn_sim::Simulator;
use futures::StreamExt as _;
use okx_staking::api::staking::{GetBalance, StakingCoin};

/// Signed requests per iteration.
const BATCH: usize = 256;
/// Requests in flight at once.
const CONCURRENCY: usize = 16;

fn simulator(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let sim = rt.block_on(Simulator::builder().enforce_rate_limits(false).start()).expect("simulator starts");
    let base = sim.base_url();
    let okx = support::okx_client(&base, sim.okx_credentials().to_credentials());
    let bybit = support::bybit_client(&base, sim.bybit_credentials().to_credentials());
    let flexible = GetPositions::new(EarnCategory::FlexibleSaving);
    let eth_balance = GetBalance::new(StakingCoin::Eth);

    let mut g = c.benchmark_group("simulator");
    g.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    g.throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("signed reads/okx eth balance", |b| {
        b.to_async(&rt).iter(|| async {
            futures::stream::iter(0..BATCH)
                .map(|_| okx.send(&eth_balance))
                .buffer_unordered(CONCURRENCY)
                .for_each(|r| async move {
                    r.expect("read");
                })
                .await
        })
    });
    g.bench_function("signed reads/bybit positions", |b| {
        b.to_async(&rt).iter(|| async {
            futures::stream::iter(0..BATCH)
                .map(|_| bybit.send(&flexible))
                .buffer_unordered(CONCURRENCY)
                .for_each(|r| async move {
                    r.expect("read");
                })
                .await
        })
    });
    g.finish();
    drop(sim);
}

criterion_group!(benches, simulator);
criterion_main!(benches);
