//! Planner and portfolio benchmarks (issue 14 targets):
//! * a plan over 3 venues x 100 products x 20 assets: <= 1 ms;
//! * a portfolio snapshot over three fake venues with fixed latencies: <= 1.2x the slowest.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use earn_core::{
    AccountId, Amount, AmountRules, Balance, Capabilities, Custody, EarnVenue, Position, Product, ProductFilter,
    ProductKind, Rate, RedemptionDelay, Result, VenueId, async_trait,
};
use earn_treasury::{Percent, Policy, Portfolio, Read, Reserve, Snapshot, VenueSnapshot, plan};
use rust_decimal::Decimal;

const VENUES: usize = 3;
const PRODUCTS: usize = 100;
const ASSETS: usize = 20;

fn asset(i: usize) -> String {
    format!("A{i:02}")
}

fn products(v: &VenueId, vi: usize) -> Vec<Product> {
    (0..PRODUCTS)
        .map(|k| {
            let kind = match k % 4 {
                0 => ProductKind::locked_days(30 + (k as u64 % 3) * 30),
                1 => ProductKind::OnChain,
                _ => ProductKind::Flexible,
            };
            let mut p = Product::new(v.clone(), format!("p{k:03}").into(), asset(k % ASSETS).into(), kind);
            p.apr = Some(Rate::from_fraction(Decimal::new(((k * 37 + vi * 11) % 900) as i64 + 50, 4)));
            p.rules = AmountRules {
                min: Some(Amount::from(1)),
                max: Some(Amount::from(50_000)),
                precision: Some((k % 6) as u32 + 2),
            };
            p.redemption_delay = Some(RedemptionDelay::fixed(Duration::from_secs((k as u64 % 3) * 86_400)));
            p.draws_from = Some(AccountId::new(if k % 2 == 0 { "FUND" } else { "UNIFIED" }));
            p.pays_to = Some(AccountId::new("FUND"));
            p
        })
        .collect()
}

fn venue_snapshot(vi: usize) -> VenueSnapshot {
    let v = VenueId::new(format!("venue-{vi}"));
    let products = products(&v, vi);
    let mut balances = Vec::new();
    for a in 0..ASSETS {
        for acc in ["FUND", "UNIFIED"] {
            let amount = Amount::new(Decimal::new(((a * 7919 + vi * 104_729) % 1_000_000) as i64 + 1000, 2)).unwrap();
            balances.push(Balance::new(v.clone(), AccountId::new(acc), asset(a).into(), amount));
        }
    }
    let positions = products
        .iter()
        .enumerate()
        .filter(|(k, _)| k % 2 == 0)
        .map(|(k, p)| {
            let mut pos = Position::new(v.clone(), p.id.clone(), p.asset.clone(), Amount::from(1000 + k as u64 * 13));
            if k % 10 == 0 {
                pos.pending_redemption = Some(Amount::from(50));
            }
            pos
        })
        .collect();
    VenueSnapshot::new(v, Read::Ok(balances), Read::Ok(positions), Read::Ok(products))
}

fn policy() -> Policy {
    let mut p = Policy::default();
    for a in 0..ASSETS {
        let mut r = Reserve::total(Amount::from(2000 + a as u64 * 100));
        if a % 3 == 0 {
            r = r.at("venue-1", Amount::from(1500));
        }
        p.reserves.insert(asset(a), r);
        p.min_order.insert(asset(a), Amount::from(5));
    }
    p.max_lock_up = Duration::from_secs(60 * 86_400);
    p.max_redemption_delay = Some(Duration::from_secs(2 * 86_400));
    p.min_apr_gain_bp = 20;
    p.max_venue_share = Percent::new(Decimal::from(60)).unwrap();
    p.max_product_share = Percent::new(Decimal::from(25)).unwrap();
    p
}

fn bench_plan(c: &mut Criterion) {
    let snapshot = Snapshot::new(None, (0..VENUES).map(venue_snapshot).collect());
    let policy = policy();
    let p = plan(&snapshot, &policy).unwrap();
    assert!(!p.steps.is_empty());
    eprintln!("plan: {} steps, {} notes", p.steps.len(), p.notes.len());
    // Wall time suffers when other processes share the machine; on-CPU time does not.
    if let Some(start) = on_cpu_ns() {
        let n = 500;
        for _ in 0..n {
            black_box(plan(black_box(&snapshot), black_box(&policy)).unwrap());
        }
        if let Some(end) = on_cpu_ns() {
            eprintln!("plan: {} µs of CPU per call (mean of {n})", (end - start) / n / 1000);
        }
    }
    c.bench_function("plan 3 venues x 100 products x 20 assets", |b| {
        b.iter(|| plan(black_box(&snapshot), black_box(&policy)).unwrap())
    });
}

/// Nanoseconds this thread has run on a CPU (Linux `/proc/thread-self/schedstat`).
fn on_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// A venue that answers every read after a fixed latency.
struct Slow {
    snapshot: VenueSnapshot,
    latency: Duration,
}

#[async_trait]
impl EarnVenue for Slow {
    fn venue(&self) -> VenueId {
        self.snapshot.venue.clone()
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities::new(Custody::Custodial)
    }
    async fn products(&self, _: &ProductFilter) -> Result<Vec<Product>> {
        tokio::time::sleep(self.latency).await;
        Ok(self.snapshot.products.items().to_vec())
    }
    async fn positions(&self) -> Result<Vec<Position>> {
        tokio::time::sleep(self.latency).await;
        Ok(self.snapshot.positions.items().to_vec())
    }
    async fn balances(&self) -> Result<Vec<Balance>> {
        tokio::time::sleep(self.latency).await;
        Ok(self.snapshot.balances.items().to_vec())
    }
}

fn bench_snapshot(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let latencies = [10u64, 20, 30];
    let venues: Vec<Arc<dyn EarnVenue>> = latencies
        .iter()
        .enumerate()
        .map(|(i, ms)| {
            Arc::new(Slow { snapshot: venue_snapshot(i), latency: Duration::from_millis(*ms) }) as Arc<dyn EarnVenue>
        })
        .collect();
    let portfolio = Portfolio::new(venues);
    let mut g = c.benchmark_group("portfolio");
    g.sample_size(20).measurement_time(Duration::from_secs(4));
    g.bench_function("snapshot of three venues at 10/20/30 ms (slowest 30 ms)", |b| {
        b.to_async(&rt).iter(|| portfolio.snapshot())
    });
    g.finish();
}

criterion_group!(benches, bench_plan, bench_snapshot);
criterion_main!(benches);
