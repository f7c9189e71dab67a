//! Journal overhead per write, SQLite (a file in a temporary directory) and Postgres (a
//! server this benchmark starts on loopback):
//!
//! * `journal/<backend>`: what the journal adds to every write: record the intent with a
//!   lease (durable commit), mark it sent, settle it with a claimed order (durable commit).
//! * `journaled/<backend>`: a stake through [`Journaled`] around a venue that answers at
//!   once, so the time is the decorator's and the journal's alone.
//!
//! Before criterion's runs, each is timed write by write and p50, p90, p99 and max are
//! printed, for the journal's three steps too (`EARN_JOURNAL_BENCH_WRITES` writes, 2000 by
//! default; 20 when run as a test).
//!
//! `cargo bench -p earn-journal --bench journal`

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::Criterion;
use earn_core::*;
use earn_journal::testing::TestPostgres;
use earn_journal::*;

const VENUE: VenueId = VenueId::from_static("bench-venue");

fn order(n: u64) -> Order {
    Order::new(
        VENUE,
        OrderId::new(format!("o-{n}")),
        ProductId::new("eth"),
        Asset::new("ETH"),
        OrderSide::Stake,
        Amount::parse("0.0231").expect("plain decimal"),
        OrderStatus::Pending,
        "pending",
    )
}

/// One write's worth of journal work: intent with lease, sent, settled with a claim.
/// Returns how long each step took.
async fn journal_write(journal: &dyn Journal, account: &AccountKey, n: u64) -> [Duration; 3] {
    let intent = ReconcileIntent::new(VENUE, Operation::Stake, "")
        .product("eth")
        .asset("ETH")
        .amount(Amount::parse("0.0231").expect("plain decimal"))
        .sent_at(UnixMillis::now_local());
    let lease = LeaseKey::for_intent(account, &intent).expect("asset set");
    let entry = NewEntry::new(account.clone(), intent).with_lease(lease);
    let t0 = Instant::now();
    journal.record_intent(&entry).await.expect("record");
    let t1 = Instant::now();
    journal.mark_sent(entry.id, UnixMillis::now_local()).await.expect("sent");
    let t2 = Instant::now();
    let out = journal.settle(entry.id, &Settlement::Happened(order(n))).await.expect("settle");
    let t3 = Instant::now();
    assert_eq!(out, SettleOutcome::Settled);
    [t1 - t0, t2 - t1, t3 - t2]
}

/// A venue without client ids that places every stake at once.
struct Instant0 {
    next: std::sync::atomic::AtomicU64,
}

#[async_trait]
impl EarnVenue for Instant0 {
    fn venue(&self) -> VenueId {
        VENUE
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities::new(Custody::Custodial).with(Operation::Stake)
    }
    async fn products(&self, _: &ProductFilter) -> Result<Vec<Product>> {
        Ok(vec![Product::new(VENUE, "eth".into(), "ETH".into(), ProductKind::Flexible)])
    }
    async fn positions(&self) -> Result<Vec<Position>> {
        Ok(vec![])
    }
    async fn stake(&self, _: &StakeRequest) -> Result<WriteOutcome> {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(WriteOutcome::Placed(order(n)))
    }
}

fn percentile(sorted: &[Duration], permille: usize) -> Duration {
    sorted[(sorted.len() - 1) * permille / 1000]
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{name:<20} n={:<5} p50={:>9.3?} p90={:>9.3?} p99={:>9.3?} max={:>9.3?}",
        samples.len(),
        percentile(&samples, 500),
        percentile(&samples, 900),
        percentile(&samples, 990),
        samples[samples.len() - 1],
    );
}

fn main() {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let writes: u64 = std::env::var("EARN_JOURNAL_BENCH_WRITES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if benchmarking { 2000 } else { 20 });
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    let dir = tempfile::tempdir().expect("temporary directory");
    let server = TestPostgres::start().unwrap_or_else(|e| panic!("{e}"));
    let backends: Vec<(&str, Arc<dyn Journal>)> = rt.block_on(async {
        let sqlite = SqliteJournal::open(dir.path().join("bench.sqlite")).await.expect("open SQLite");
        let conninfo = server.create_database().await.expect("create database");
        let postgres = PostgresJournal::connect(&conninfo).await.expect("connect Postgres");
        vec![("sqlite", Arc::new(sqlite) as Arc<dyn Journal>), ("postgres", Arc::new(postgres) as Arc<dyn Journal>)]
    });
    let mut criterion = Criterion::default().configure_from_args();
    let mut n = 0u64;
    for (name, journal) in &backends {
        let account = AccountKey::label(format!("bench-{name}"));
        let venue = Journaled::new(
            Arc::new(Instant0 { next: std::sync::atomic::AtomicU64::new(1_000_000_000) }),
            Arc::clone(journal),
            account.clone(),
        );
        let request = StakeRequest::new("eth", Amount::parse("0.0231").expect("plain decimal"));

        println!("journal overhead per write ({writes} sequential writes each):");
        let (samples, steps) = rt.block_on(async {
            let (mut out, mut steps) = (Vec::new(), [Vec::new(), Vec::new(), Vec::new()]);
            for _ in 0..writes {
                n += 1;
                let t = Instant::now();
                let parts = journal_write(journal.as_ref(), &account, n).await;
                out.push(t.elapsed());
                for (all, part) in steps.iter_mut().zip(parts) {
                    all.push(part);
                }
            }
            (out, steps)
        });
        report(&format!("journal/{name}"), samples);
        for (step, samples) in ["record", "sent", "settle"].iter().zip(steps) {
            report(&format!("  {step}"), samples);
        }
        let samples = rt.block_on(async {
            let mut out = Vec::new();
            for _ in 0..writes {
                let t = Instant::now();
                let _placed = venue.stake(&request).await.expect("stake");
                out.push(t.elapsed());
            }
            out
        });
        report(&format!("journaled/{name}"), samples);

        criterion.bench_function(&format!("journal/{name}"), |b| {
            b.to_async(&rt).iter(|| {
                n += 1;
                let account = &account;
                let n = n;
                async move {
                    journal_write(journal.as_ref(), account, n).await;
                }
            })
        });
        criterion.bench_function(&format!("journaled/{name}"), |b| {
            b.to_async(&rt).iter(|| async { venue.stake(&request).await.expect("stake") })
        });
    }
    criterion.final_summary();
    drop(backends);
    server.stop();
}
