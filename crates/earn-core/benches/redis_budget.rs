//! Overhead of one acquire on a Redis rate budget over loopback (target: p99 <= 250 µs).
//!
//! Starts its own redis-server on a free loopback port. Criterion reports the mean; the
//! p50/p99 of 20,000 single acquires are printed too, since the target is a tail latency.
//! The limit is high enough that no acquire ever has to wait for a slot: what is measured
//! is the round trip and the script, not the budget's spacing.

#[path = "../tests/support/redis_server.rs"]
mod redis_server;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use earn_core::http::{BudgetKey, OnOutage, RateBudget, RateLimit, RedisBudget, RedisBudgetOptions};

static LIMIT: RateLimit = RateLimit::new("bench", 1_000_000, Duration::from_millis(100));

fn acquire(c: &mut Criterion) {
    let server = redis_server::RedisServer::start();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let options = RedisBudgetOptions { on_outage: OnOutage::Fail, ..RedisBudgetOptions::default() };
    let budget = rt.block_on(RedisBudget::connect(&server.url(), options)).unwrap();
    let key = BudgetKey { venue: "bench", account: "acct", limit: &LIMIT };

    let mut samples: Vec<Duration> = Vec::with_capacity(20_000);
    rt.block_on(async {
        for _ in 0..1_000 {
            budget.acquire(&key).await.unwrap();
        }
        for _ in 0..20_000 {
            let started = Instant::now();
            budget.acquire(&key).await.unwrap();
            samples.push(started.elapsed());
        }
    });
    samples.sort();
    let pct = |p: usize| samples[samples.len() * p / 100 - 1];
    println!(
        "redis budget acquire over loopback: p50 {:?}, p99 {:?}, max {:?}",
        pct(50),
        pct(99),
        samples[samples.len() - 1]
    );

    c.bench_function("redis_budget_acquire", |b| b.to_async(&rt).iter(|| budget.acquire(&key)));
}

criterion_group!(benches, acquire);
criterion_main!(benches);
