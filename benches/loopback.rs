//! End to end on loopback: the same read through each venue's typed client and through the
//! hand-written baseline (reqwest + hmac + serde_json into `String` fields), against the
//! same canned local server, in the same run. Report: client / baseline.
//!
//! Two sizes: a large answer (100 positions), where decoding dominates, and a small one
//! (OKX `eth/balance`, one row; Bybit one position), where the fixed cost of a call shows:
//! signing, headers, the rate-limit budget, the span, the envelope.
//!
//! Criterion times each side on its own, one after the other; on a shared machine the load
//! can change between the two, and the ratio of two such medians then measures the load.
//! So after Criterion, each pair is also measured **paired**: client and baseline calls
//! alternate one by one (the order flipping every pair), and the ratio of their medians is
//! printed. That ratio is the one BENCHMARKS.md reports.

mod support;

use std::time::{Duration, Instant};

use bybit_earn::BybitEarnClient;
use bybit_earn::api::easy_earn::{EarnCategory, GetPositions};
use criterion::Criterion;
use okx_staking::OkxStakingClient;
use okx_staking::api::onchain::GetActiveOrders;
use okx_staking::api::staking::{GetBalance, StakingCoin};
use okx_web3_defi::OkxWeb3DefiClient;
use okx_web3_defi::api::v6_user::GetPlatformDetail;
use support::baseline::{Baseline, Keys};
use support::fixtures::ITEMS;
use tokio::runtime::Runtime;

/// One pair: a read through a venue client, and the same read by hand.
#[derive(Clone, Copy)]
enum Pair {
    /// OKX on-chain earn `orders-active`, 100 orders.
    OkxOrders,
    /// Bybit FlexibleSaving positions, 100 positions.
    BybitPositions,
    /// OKX Web3 v6 platform detail, 100 holdings.
    Web3Detail,
    /// OKX ETH staking `eth/balance`, one row.
    OkxEthBalance,
    /// Bybit positions of one product, one position.
    BybitOnePosition,
}

impl Pair {
    const ALL: [Pair; 5] =
        [Pair::OkxOrders, Pair::BybitPositions, Pair::Web3Detail, Pair::OkxEthBalance, Pair::BybitOnePosition];

    /// The Criterion group and the benchmark name (without `/client` or `/baseline`).
    fn id(self) -> (&'static str, &'static str) {
        match self {
            Pair::OkxOrders => ("loopback", "okx-staking"),
            Pair::BybitPositions => ("loopback", "bybit-earn"),
            Pair::Web3Detail => ("loopback", "okx-web3-defi"),
            Pair::OkxEthBalance => ("loopback-small", "okx-staking eth-balance"),
            Pair::BybitOnePosition => ("loopback-small", "bybit-earn one-position"),
        }
    }

    /// Calls alternated per side in the paired pass (about a second each).
    fn pairs(self) -> usize {
        match self.id().0 {
            "loopback" => 1500,
            _ => 5000,
        }
    }
}

/// The server, the clients, the baseline and the requests, built once.
struct Setup {
    rt: Runtime,
    okx: OkxStakingClient,
    bybit: BybitEarnClient,
    web3: OkxWeb3DefiClient,
    baseline: Baseline,
    active: GetActiveOrders,
    flexible: GetPositions,
    web3_request: GetPlatformDetail,
    eth_balance: GetBalance,
    one_product: GetPositions,
}

impl Setup {
    fn new() -> Self {
        let base = support::canned_server();
        Setup {
            rt: support::runtime(),
            okx: support::okx_client(&base, support::okx_credentials()),
            bybit: support::bybit_client(&base, support::bybit_credentials()),
            web3: support::web3_client(&base, support::okx_credentials()),
            baseline: Baseline::new(
                &base,
                Keys { key: "bench-okx-key", secret: "bench-okx-secret", passphrase: "bench-okx-pass" },
                Keys { key: "bench-bybit-key", secret: "bench-bybit-secret", passphrase: "" },
            ),
            active: GetActiveOrders::new(),
            flexible: GetPositions::new(EarnCategory::FlexibleSaving),
            web3_request: support::web3_positions_request(),
            eth_balance: GetBalance::new(StakingCoin::Eth),
            one_product: GetPositions::new(EarnCategory::FlexibleSaving).product_id(support::BYBIT_SMALL_PRODUCT),
        }
    }

    /// One call of `pair` through the client (`true`) or the baseline; returns the rows read.
    async fn call(&self, pair: Pair, client: bool) -> usize {
        let b = &self.baseline;
        match (pair, client) {
            (Pair::OkxOrders, true) => self.okx.send(&self.active).await.expect("read").len(),
            (Pair::OkxOrders, false) => b.okx_positions().await.expect("read").len(),
            (Pair::BybitPositions, true) => self.bybit.send(&self.flexible).await.expect("read").list.len(),
            (Pair::BybitPositions, false) => b.bybit_positions().await.expect("read").len(),
            (Pair::Web3Detail, true) => self.web3.send(&self.web3_request).await.expect("read").len(),
            (Pair::Web3Detail, false) => b.web3_positions().await.expect("read").len(),
            (Pair::OkxEthBalance, true) => self.okx.send(&self.eth_balance).await.expect("read").len(),
            (Pair::OkxEthBalance, false) => b.okx_eth_balance().await.expect("read").len(),
            (Pair::BybitOnePosition, true) => self.bybit.send(&self.one_product).await.expect("read").list.len(),
            (Pair::BybitOnePosition, false) => b.bybit_position().await.expect("read").len(),
        }
    }

    /// Both sides must really read the same rows before anything is timed.
    fn check(&self) {
        self.rt.block_on(async {
            for pair in Pair::ALL {
                let rows = match pair {
                    Pair::OkxOrders | Pair::BybitPositions => ITEMS,
                    // One platform holding the 100 tokens; one balance row; one position.
                    _ => 1,
                };
                assert_eq!(self.call(pair, true).await, rows, "{:?} client", pair.id());
                assert_eq!(self.call(pair, false).await, rows, "{:?} baseline", pair.id());
            }
        });
    }

    fn criterion(&self, c: &mut Criterion) {
        for group in ["loopback", "loopback-small"] {
            let mut g = c.benchmark_group(group);
            g.sample_size(50).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
            for pair in Pair::ALL.into_iter().filter(|p| p.id().0 == group) {
                for (client, side) in [(true, "client"), (false, "baseline")] {
                    g.bench_function(format!("{}/{side}", pair.id().1), |b| {
                        b.to_async(&self.rt).iter(|| self.call(pair, client))
                    });
                }
            }
            g.finish();
        }
    }

    /// Client and baseline alternated call by call; the medians of each side and their ratio.
    fn paired(&self, pair: Pair) -> (Duration, Duration) {
        let n = pair.pairs();
        let warm_up = n / 10;
        let (mut client, mut baseline) = (Vec::with_capacity(n), Vec::with_capacity(n));
        self.rt.block_on(async {
            for i in 0..warm_up + n {
                let client_first = i % 2 == 0;
                for is_client in [client_first, !client_first] {
                    let started = Instant::now();
                    std::hint::black_box(self.call(pair, is_client).await);
                    let took = started.elapsed();
                    if i >= warm_up {
                        if is_client { client.push(took) } else { baseline.push(took) }
                    }
                }
            }
        });
        (median(&mut client), median(&mut baseline))
    }
}

/// `123.4 µs`.
fn micros(d: Duration) -> String {
    let tenths = d.as_nanos() / 100;
    format!("{}.{} µs", tenths / 10, tenths % 10)
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

/// Criterion's options that take a value as the next argument (`--warm-up-time 1`).
const VALUED_OPTIONS: [&str; 16] = [
    "--warm-up-time",
    "--measurement-time",
    "--sample-size",
    "--nresamples",
    "--noise-threshold",
    "--confidence-level",
    "--significance-level",
    "--save-baseline",
    "--baseline",
    "--load-baseline",
    "--profile-time",
    "--plotting-backend",
    "--output-format",
    "--color",
    "--format",
    "--baseline-lenient",
];

/// The first free argument: neither an option nor the value of one.
fn name_filter(args: &[String]) -> Option<String> {
    let mut skip_next = false;
    for a in args {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        if a.starts_with('-') {
            skip_next = !a.contains('=') && VALUED_OPTIONS.contains(&a.as_str());
            continue;
        }
        return Some(a.clone());
    }
    None
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The benchmark-name filter Criterion was given, if any (its first free argument).
    let filter = name_filter(&args);
    let setup = Setup::new();
    setup.check();
    // `EARN_BENCH_PAIRED_ONLY=1` skips Criterion's timings and runs the paired pass only.
    if std::env::var_os("EARN_BENCH_PAIRED_ONLY").is_none_or(|v| v != "1") {
        let mut c = Criterion::default().configure_from_args();
        setup.criterion(&mut c);
        c.final_summary();
    }

    // `cargo test --benches` runs this once without `--bench`: the check above is the test.
    if !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--list" || a == "--profile-time") {
        return;
    }
    println!("\npaired: client and baseline alternated call by call, median per call");
    for pair in Pair::ALL {
        let (group, name) = pair.id();
        let id = format!("{group}/{name}");
        if filter.as_deref().is_some_and(|f| !id.contains(f)) {
            continue;
        }
        let (client, baseline) = setup.paired(pair);
        // Integers only (the workspace forbids float arithmetic): the ratio in thousandths.
        let ratio = client.as_nanos() * 1000 / baseline.as_nanos().max(1);
        println!(
            "{id:40} client {:>9}  baseline {:>9}  ratio {}.{:03}  ({} pairs)",
            micros(client),
            micros(baseline),
            ratio / 1000,
            ratio % 1000,
            pair.pairs()
        );
    }
}
