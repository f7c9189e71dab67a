//! End to end on loopback: the same read through each venue's typed client and through the
//! hand-written baseline (reqwest + hmac + serde_json into `String` fields), against the
//! same canned local server, in the same run. Report: client / baseline.
//!
//! Two sizes: a large answer (100 positions), where decoding dominates, and a small one
//! (OKX `eth/balance`, one row; Bybit one position), where the fixed cost of a call shows:
//! signing, headers, the rate-limit budget, the span, the envelope.

mod support;

use std::time::Duration;

use bybit_earn::api::easy_earn::{EarnCategory, GetPositions};
use criterion::{Criterion, criterion_group, criterion_main};
use okx_staking::api::onchain::GetActiveOrders;
use okx_staking::api::staking::{GetBalance, StakingCoin};
use support::baseline::{Baseline, Keys};
use support::fixtures::ITEMS;

fn loopback(c: &mut Criterion) {
    let base = support::canned_server();
    let rt = support::runtime();
    let okx = support::okx_client(&base, support::okx_credentials());
    let bybit = support::bybit_client(&base, support::bybit_credentials());
    let web3 = support::web3_client(&base, support::okx_credentials());
    let web3_request = support::web3_positions_request();
    let baseline = Baseline::new(
        &base,
        Keys { key: "bench-okx-key", secret: "bench-okx-secret", passphrase: "bench-okx-pass" },
        Keys { key: "bench-bybit-key", secret: "bench-bybit-secret", passphrase: "" },
    );
    let flexible = GetPositions::new(EarnCategory::FlexibleSaving);
    let one_product = GetPositions::new(EarnCategory::FlexibleSaving).product_id(support::BYBIT_SMALL_PRODUCT);
    let active = GetActiveOrders::new();
    let eth_balance = GetBalance::new(StakingCoin::Eth);

    // Both sides must really read the same rows before anything is timed.
    rt.block_on(async {
        assert_eq!(okx.send(&active).await.expect("OKX client reads").len(), ITEMS);
        assert_eq!(baseline.okx_positions().await.expect("OKX baseline reads").len(), ITEMS);
        assert_eq!(bybit.send(&flexible).await.expect("Bybit client reads").list.len(), ITEMS);
        assert_eq!(baseline.bybit_positions().await.expect("Bybit baseline reads").len(), ITEMS);
        let detail = web3.send(&web3_request).await.expect("Web3 client reads");
        assert_eq!(detail.len(), 1);
        assert_eq!(baseline.web3_positions().await.expect("Web3 baseline reads").len(), 1);
        assert_eq!(okx.send(&eth_balance).await.expect("OKX client reads the balance").len(), 1);
        assert_eq!(baseline.okx_eth_balance().await.expect("OKX baseline reads the balance").len(), 1);
        assert_eq!(bybit.send(&one_product).await.expect("Bybit client reads one position").list.len(), 1);
        assert_eq!(baseline.bybit_position().await.expect("Bybit baseline reads one position").len(), 1);
    });

    let mut g = c.benchmark_group("loopback");
    g.sample_size(50).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    g.bench_function("okx-staking/client", |b| {
        b.to_async(&rt).iter(|| async { okx.send(&active).await.expect("read") })
    });
    g.bench_function("okx-staking/baseline", |b| {
        b.to_async(&rt).iter(|| async { baseline.okx_positions().await.expect("read") })
    });
    g.bench_function("bybit-earn/client", |b| {
        b.to_async(&rt).iter(|| async { bybit.send(&flexible).await.expect("read") })
    });
    g.bench_function("bybit-earn/baseline", |b| {
        b.to_async(&rt).iter(|| async { baseline.bybit_positions().await.expect("read") })
    });
    g.bench_function("okx-web3-defi/client", |b| {
        b.to_async(&rt).iter(|| async { web3.send(&web3_request).await.expect("read") })
    });
    g.bench_function("okx-web3-defi/baseline", |b| {
        b.to_async(&rt).iter(|| async { baseline.web3_positions().await.expect("read") })
    });
    g.finish();

    let mut g = c.benchmark_group("loopback-small");
    g.sample_size(50).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    g.bench_function("okx-staking eth-balance/client", |b| {
        b.to_async(&rt).iter(|| async { okx.send(&eth_balance).await.expect("read") })
    });
    g.bench_function("okx-staking eth-balance/baseline", |b| {
        b.to_async(&rt).iter(|| async { baseline.okx_eth_balance().await.expect("read") })
    });
    g.bench_function("bybit-earn one-position/client", |b| {
        b.to_async(&rt).iter(|| async { bybit.send(&one_product).await.expect("read") })
    });
    g.bench_function("bybit-earn one-position/baseline", |b| {
        b.to_async(&rt).iter(|| async { baseline.bybit_position().await.expect("read") })
    });
    g.finish();
}

criterion_group!(benches, loopback);
criterion_main!(benches);
