//! The crash drill: a child process runs a journaled venue (OKX ETH staking, Bybit
//! FlexibleSaving) against the simulator with a SQLite journal, and is killed with SIGKILL
//! in the middle of a write; a new child process then runs `reconcile_pending()` and does
//! what a bot would (write again only what did not happen). At the end the simulator's
//! ledger is compared with the journal: nothing applied twice, nothing applied that the
//! journal does not know, nothing unresolved after the grace period.
//!
//! The child is this test binary, run again with `--exact drill::child` and the
//! `EARN_DRILL_*` variables (without them `child` is an empty test that passes). Where it is
//! killed is chosen by a failpoint (`EARN_DRILL_STAGE`): the child prints
//! `DRILL-STAGE <stage>` and blocks there, and the parent kills it. The stages:
//!
//! * `before-intent`: inside `Journal::record_intent`, before the intent is recorded;
//! * `after-intent`: right after the intent is committed, before anything is sent;
//! * `in-flight`: the request was sent and the simulator applied it; the answer has not
//!   come back (a latency fault holds it for 30 s);
//! * `after-answer`: the venue answered, the outcome is not recorded (inside
//!   `Journal::settle` / `Journal::mark_unknown`, before the commit);
//! * `random`: no failpoint; the kill lands 0–40 ms into the write, wherever it is.
//!
//! Also here: two replicas sharing one Postgres journal and one account key hammer the
//! same asset and operation at once, with faults on the write endpoint.

/// Writes straight to stderr, past the test harness's capture, so CI shows the counts.
macro_rules! report {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use earn_core::*;
use earn_journal::testing::TestPostgres;
use earn_journal::{
    AccountKey, Claim, Entry, EntryId, EntryState, HistoryQuery, Journal, JournalError, Journaled, Lease, NewEntry,
    PostgresJournal, SettleOutcome, Settlement, SqliteJournal,
};
use earn_sim::{Fault, Simulator};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader, Lines};
use tokio::process::ChildStdout;

use crate::support::*;

/// The drill's adapters: short timeouts, so that grace periods pass within a test. The
/// grace stays a multiple of the client timeout, as it is in production (15 s against
/// 60 s at OKX, 120 s at Bybit).
const TIMING: Timing = Timing { timeout: Duration::from_millis(800), grace: Duration::from_millis(2000) };

/// Kill runs per venue.
const OKX_RUNS: usize = 50;
const BYBIT_RUNS: usize = 25;

const STAGES: [&str; 5] = ["before-intent", "after-intent", "in-flight", "after-answer", "random"];

const ACCOUNT: &str = "drill";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DrillVenue {
    Okx,
    Bybit,
}

impl DrillVenue {
    fn name(self) -> &'static str {
        match self {
            DrillVenue::Okx => "okx",
            DrillVenue::Bybit => "bybit",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "okx" => DrillVenue::Okx,
            "bybit" => DrillVenue::Bybit,
            other => panic!("unknown drill venue {other}"),
        }
    }

    /// The write every run makes: the same product and amount each time, as a bot topping
    /// up a position would (rows of equal amounts are what history matching must tell apart).
    fn stake(self) -> StakeRequest {
        match self {
            DrillVenue::Okx => StakeRequest::new("eth", amount("0.0231")),
            DrillVenue::Bybit => StakeRequest::new("FlexibleSaving:428", amount("1.5")),
        }
    }

    fn write_path(self) -> &'static str {
        match self {
            DrillVenue::Okx => OKX_ETH_PURCHASE,
            DrillVenue::Bybit => BYBIT_PLACE_ORDER,
        }
    }

    /// A fresh adapter, journaled with the venue's built-in policy.
    fn journaled(self, base_url: &str, journal: Arc<dyn Journal>) -> Journaled {
        self.journaled_with(base_url, journal, TIMING)
    }

    fn journaled_with(self, base_url: &str, journal: Arc<dyn Journal>, timing: Timing) -> Journaled {
        let account = AccountKey::label(ACCOUNT);
        match self {
            DrillVenue::Okx => Journaled::new(okx_venue(base_url, timing), journal, account),
            DrillVenue::Bybit => Journaled::new(bybit_venue(base_url, timing), journal, account),
        }
    }

    /// The stakes the simulator applied, named as the adapter names their orders.
    fn ledger_rows(self, ledger: &Value) -> Vec<OrderId> {
        match self {
            DrillVenue::Okx => {
                okx_eth_purchases(ledger).into_iter().map(|(id, _)| OrderId::new(format!("eth:{id}"))).collect()
            }
            DrillVenue::Bybit => bybit_stakes(ledger, "428").into_iter().map(OrderId::new).collect(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// The child process.
// ---------------------------------------------------------------------------------------

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// Announces the stage and blocks until killed (gives up after a minute, should the
/// parent be gone).
fn hang(stage: &str) -> ! {
    say(&format!("DRILL-STAGE {stage}"));
    std::thread::sleep(Duration::from_secs(60));
    std::process::exit(3)
}

/// The journal with failpoints: blocks at the stage named, for the parent to kill it there.
struct Failpoints {
    inner: Arc<dyn Journal>,
    stage: String,
}

#[async_trait]
impl Journal for Failpoints {
    async fn record_intent(&self, entry: &NewEntry) -> Result<(), JournalError> {
        if self.stage == "before-intent" {
            hang("before-intent");
        }
        self.inner.record_intent(entry).await?;
        if self.stage == "after-intent" {
            hang("after-intent");
        }
        Ok(())
    }

    async fn mark_sent(&self, id: EntryId, at: UnixMillis) -> Result<(), JournalError> {
        self.inner.mark_sent(id, at).await
    }

    async fn mark_unknown(&self, id: EntryId, intent: &ReconcileIntent, reason: &str) -> Result<bool, JournalError> {
        if self.stage == "after-answer" {
            hang("after-answer");
        }
        self.inner.mark_unknown(id, intent, reason).await
    }

    async fn settle(&self, id: EntryId, settlement: &Settlement) -> Result<SettleOutcome, JournalError> {
        if self.stage == "after-answer" {
            hang("after-answer");
        }
        self.inner.settle(id, settlement).await
    }

    async fn entry(&self, id: EntryId) -> Result<Option<Entry>, JournalError> {
        self.inner.entry(id).await
    }

    async fn open_entries(
        &self,
        venue: Option<&VenueId>,
        account: Option<&AccountKey>,
    ) -> Result<Vec<Entry>, JournalError> {
        self.inner.open_entries(venue, account).await
    }

    async fn history(&self, query: &HistoryQuery) -> Result<Vec<Entry>, JournalError> {
        self.inner.history(query).await
    }

    async fn claims(
        &self,
        venue: &VenueId,
        account: &AccountKey,
        operation: Operation,
        since: UnixMillis,
    ) -> Result<Vec<Claim>, JournalError> {
        self.inner.claims(venue, account, operation, since).await
    }

    async fn leases(&self, venue: Option<&VenueId>, account: Option<&AccountKey>) -> Result<Vec<Lease>, JournalError> {
        self.inner.leases(venue, account).await
    }
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is set by the drill"))
}

/// The child process (see the module docs). Without `EARN_DRILL_ROLE` it does nothing.
#[test]
fn child() {
    let Ok(role) = std::env::var("EARN_DRILL_ROLE") else { return };
    let venue = DrillVenue::parse(&env("EARN_DRILL_VENUE"));
    let url = env("EARN_DRILL_URL");
    let path = PathBuf::from(env("EARN_DRILL_JOURNAL"));
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async move {
        let journal: Arc<dyn Journal> = Arc::new(SqliteJournal::open(&path).await.expect("the journal opens"));
        match role.as_str() {
            "write" => {
                let journal = Arc::new(Failpoints { inner: journal, stage: env("EARN_DRILL_STAGE") });
                let j = venue.journaled(&url, journal);
                say("DRILL-READY");
                let outcome = j.stake(&venue.stake()).await;
                say(&format!("DRILL-DONE {}", json!({"ok": outcome.is_ok(), "answer": format!("{outcome:?}")})));
            }
            "resume" => {
                let since = UnixMillis(env("EARN_DRILL_SINCE").parse().unwrap());
                let summary = resume(venue, &url, journal, since).await;
                say(&format!("DRILL-DONE {summary}"));
            }
            other => panic!("unknown role {other}"),
        }
    });
}

/// After a restart: settle what the crash left open (`reconcile_pending`, again while some
/// entries are still unknown), then make the run's write if it did not happen, as a bot
/// whose job is "this stake, once" does (and settle that one too, should its answer be
/// lost on a busy machine).
async fn resume(venue: DrillVenue, url: &str, journal: Arc<dyn Journal>, since: UnixMillis) -> Value {
    let j = venue.journaled(url, journal);
    let deadline = Instant::now() + TIMING.grace * 4 + Duration::from_secs(10);
    let mut passes = 0;
    let mut answers = BTreeMap::<&str, usize>::new();
    let mut resent = 0;
    loop {
        passes += 1;
        let report = j.reconcile_pending().await.expect("the journal lists its open entries");
        for e in &report.entries {
            let name = match &e.answer {
                Ok(r) if r.happened() => "happened",
                Ok(Reconciliation::DidNotHappen) => "did_not_happen",
                Ok(_) => "still_unknown",
                Err(_) => "failed",
            };
            *answers.entry(name).or_default() += 1;
        }
        assert!(Instant::now() < deadline, "entries stay unresolved past the grace period: {report:?}");
        if !report.all_settled() {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        }
        let mine = j.history(50).await.unwrap().into_iter().filter(|e| e.local_sent_at >= since);
        if mine.into_iter().any(|e| matches!(&e.state, EntryState::Settled(s) if s.happened())) {
            break;
        }
        resent += 1;
        match j.stake(&venue.stake()).await {
            Ok(_) => break,
            Err(e) if e.maybe_happened() => {}
            Err(e) => panic!("the write after the restart fails: {e:?}"),
        }
    }
    json!({"passes": passes, "answers": answers, "resent": resent})
}

// ---------------------------------------------------------------------------------------
// The parent: the drill itself.
// ---------------------------------------------------------------------------------------

struct ChildSpec<'a> {
    venue: DrillVenue,
    url: &'a str,
    journal: &'a Path,
}

impl ChildSpec<'_> {
    fn command(&self, role: &str) -> tokio::process::Command {
        let mut cmd = tokio::process::Command::new(std::env::current_exe().expect("the test binary"));
        cmd.args(["--exact", "drill::child", "--nocapture", "--test-threads=1", "-q"])
            .env("EARN_DRILL_ROLE", role)
            .env("EARN_DRILL_VENUE", self.venue.name())
            .env("EARN_DRILL_URL", self.url)
            .env("EARN_DRILL_JOURNAL", self.journal)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        cmd
    }
}

/// What one kill run did.
#[derive(Debug)]
struct Run {
    stage: &'static str,
    /// Killed while running (a `random` kill may land after the write finished).
    killed: bool,
    /// Stakes the simulator applied during the run (the crashed write and any resend).
    rows_added: usize,
    /// What the resuming child reported.
    resume: Value,
}

async fn next_line(lines: &mut Lines<BufReader<ChildStdout>>, prefix: &str) -> Result<String, String> {
    let found = tokio::time::timeout(Duration::from_secs(30), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if line.starts_with(prefix) {
                return Some(line);
            }
        }
        None
    })
    .await;
    match found {
        Ok(Some(line)) => Ok(line),
        Ok(None) => Err(format!("the child exited before printing {prefix}")),
        Err(_) => Err(format!("the child printed no {prefix} within 30 s")),
    }
}

async fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// Everything a failed child printed.
async fn output_of(child: &mut tokio::process::Child, lines: &mut Lines<BufReader<ChildStdout>>) -> String {
    let mut out = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = stderr.read_to_string(&mut out).await;
    }
    while let Ok(Some(line)) = lines.next_line().await {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// One run: a child writing, killed at `stage`; then a child resuming, to its end.
async fn kill_run(sim: &Simulator, spec: &ChildSpec<'_>, stage: &'static str) -> Run {
    let venue = spec.venue;
    let rows_before = venue.ledger_rows(&sim.ledger()).len();
    let applied_before = sim.applied_writes(venue.write_path());
    let since = UnixMillis::now_local();
    if stage == "in-flight" {
        sim.inject(Fault::on(venue.write_path()).nth(1).latency(Duration::from_secs(30)));
    }
    let mut writer = spec.command("write").env("EARN_DRILL_STAGE", stage).spawn().expect("the child starts");
    let mut lines = BufReader::new(writer.stdout.take().unwrap()).lines();
    let mut reached = next_line(&mut lines, "DRILL-READY").await;
    if reached.is_ok() {
        reached = match stage {
            "in-flight" => {
                wait_until("the simulator applied the write", || {
                    sim.applied_writes(venue.write_path()) > applied_before
                })
                .await;
                Ok(String::new())
            }
            "random" => {
                tokio::time::sleep(Duration::from_micros(fastrand::u64(0..40_000))).await;
                Ok(String::new())
            }
            _ => next_line(&mut lines, &format!("DRILL-STAGE {stage}")).await,
        };
    }
    if let Err(e) = reached {
        panic!("the writing child never reached {stage}: {e}: {}", output_of(&mut writer, &mut lines).await);
    }
    writer.start_kill().expect("SIGKILL");
    let killed = !writer.wait().await.expect("the child is reaped").success();
    sim.clear_faults();

    let mut resumer = spec.command("resume").env("EARN_DRILL_SINCE", since.0.to_string()).spawn().unwrap();
    let mut lines = BufReader::new(resumer.stdout.take().unwrap()).lines();
    let done = next_line(&mut lines, "DRILL-DONE").await;
    let status = resumer.wait().await.unwrap();
    let done = match done {
        Ok(line) if status.success() => line,
        other => panic!(
            "the child resuming after a kill at {stage} failed ({status}, {other:?}): {}",
            output_of(&mut resumer, &mut lines).await
        ),
    };
    let resume: Value = serde_json::from_str(done.trim_start_matches("DRILL-DONE ")).unwrap();
    let rows_added = venue.ledger_rows(&sim.ledger()).len() - rows_before;
    Run { stage, killed, rows_added, resume }
}

/// The simulator's ledger compared with the journal.
#[derive(Debug, Default)]
struct Audit {
    /// Stakes the simulator applied.
    rows: usize,
    /// Journal entries, and those settled as happened.
    entries: usize,
    happened: usize,
    /// Writes applied twice: ledger rows attributed to two entries, leased entries open at
    /// the same time (a lease broken), runs that added more than one row.
    applied_twice: usize,
    /// Applied writes the journal does not know: ledger rows that no entry claims.
    unknown_to_journal: usize,
    /// Entries settled as happened on an order that is not a ledger row.
    phantoms: usize,
    /// Entries still open after the grace period.
    unresolved: usize,
}

impl Audit {
    fn clean(&self) -> bool {
        self.applied_twice == 0 && self.unknown_to_journal == 0 && self.phantoms == 0 && self.unresolved == 0
    }
}

impl std::fmt::Display for Audit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} stakes applied, {} journal entries ({} happened): {} applied twice, {} applied unknown to the \
             journal, {} phantom, {} unresolved",
            self.rows,
            self.entries,
            self.happened,
            self.applied_twice,
            self.unknown_to_journal,
            self.phantoms,
            self.unresolved,
        )
    }
}

/// Settles what is left (waiting out the grace period), then compares the ledger's rows
/// with the journal's entries.
async fn audit(venue: &Journaled, rows: &[OrderId]) -> Audit {
    let deadline = Instant::now() + TIMING.grace * 4 + Duration::from_secs(5);
    while !venue.reconcile_pending().await.unwrap().all_settled() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let entries = venue.journal().history(&HistoryQuery::all().limit(100_000)).await.unwrap();
    let mut audit = Audit { rows: rows.len(), entries: entries.len(), ..Audit::default() };
    let mut claimed: HashMap<&OrderId, usize> = HashMap::new();
    for e in &entries {
        match &e.state {
            EntryState::Settled(s) if s.happened() => {
                audit.happened += 1;
                let id = s.venue_id().expect("a happened stake names its order");
                *claimed.entry(id).or_default() += 1;
                audit.phantoms += usize::from(!rows.contains(id));
            }
            EntryState::Settled(_) => {}
            _ => audit.unresolved += 1,
        }
    }
    audit.applied_twice += claimed.values().filter(|n| **n > 1).count();
    audit.unknown_to_journal = rows.iter().filter(|r| !claimed.contains_key(r)).count();
    // A lease allows one open write per asset and operation: leased entries never overlap.
    let mut leased: Vec<&Entry> = entries.iter().filter(|e| e.leased).collect();
    leased.sort_by_key(|e| e.created_at);
    for pair in leased.windows(2) {
        audit.applied_twice += usize::from(pair[0].settled_at.is_none_or(|end| pair[1].created_at < end));
    }
    audit
}

async fn crash_drill(venue: DrillVenue, runs: usize) {
    let started = Instant::now();
    let sim = simulator().await;
    let url = sim.base_url();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite");
    let spec = ChildSpec { venue, url: &url, journal: &path };
    // Every stage equally often, in a random order.
    let mut stages: Vec<&'static str> = (0..runs).map(|i| STAGES[i % STAGES.len()]).collect();
    fastrand::shuffle(&mut stages);
    let mut done = Vec::new();
    for stage in stages {
        done.push(kill_run(&sim, &spec, stage).await);
    }
    let journal: Arc<dyn Journal> = Arc::new(SqliteJournal::open(&path).await.unwrap());
    let rows = venue.ledger_rows(&sim.ledger());
    let mut audit = audit(&venue.journaled(&url, journal), &rows).await;
    audit.applied_twice += done.iter().filter(|r| r.rows_added > 1).count();
    let lost = done.iter().filter(|r| r.rows_added == 0).count();

    report!("crash drill, {}: {runs} runs in {:.1} s", venue.name(), started.elapsed().as_secs_f64());
    let mut by_stage: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for r in &done {
        let s = by_stage.entry(r.stage).or_default();
        s.0 += 1;
        s.1 += usize::from(r.killed);
        s.2 += usize::from(r.resume["resent"].as_u64() > Some(0));
    }
    for (stage, (n, killed, resent)) in &by_stage {
        report!("  {stage:>13}: {n} runs, {killed} killed, {resent} written again after the restart");
    }
    report!("  {audit}; {lost} runs lost their write");
    for r in done.iter().filter(|r| r.rows_added != 1) {
        report!("  a run killed at {} added {} stakes; the restart reported {}", r.stage, r.rows_added, r.resume);
    }
    assert!(done.iter().filter(|r| r.killed).count() >= runs * 3 / 4, "most runs were killed");
    assert!(audit.clean(), "{audit}");
    assert_eq!((lost, audit.rows), (0, runs), "each run's write applied exactly once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crash_drill_okx() {
    crash_drill(DrillVenue::Okx, OKX_RUNS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crash_drill_bybit() {
    crash_drill(DrillVenue::Bybit, BYBIT_RUNS).await;
}

// ---------------------------------------------------------------------------------------
// Two replicas on one Postgres journal.
// ---------------------------------------------------------------------------------------

#[derive(Debug, Default)]
struct Tally {
    placed: AtomicUsize,
    refused: AtomicUsize,
    unknown: AtomicUsize,
    failed: AtomicUsize,
}

/// The replicas' adapters: shorter still, so that a write held open by a fault (its lease,
/// and the adapter's own one-unreconciled-write guard) frees up quickly.
const REPLICA_TIMING: Timing = Timing { timeout: Duration::from_millis(400), grace: Duration::from_millis(2000) };

/// Two replicas (each with its own adapter and its own Postgres pool, one account key)
/// stake the same ETH amount as fast as they can while faults hit the write endpoint:
/// answers lost after the write applied, 500s, slow answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_replicas_on_postgres() {
    let started = Instant::now();
    let conninfo = TestPostgres::shared().create_database().await.expect("a test database");
    let sim = Arc::new(simulator().await);
    sim.set_balance(earn_sim::SimVenue::OkxExchange, "ETH", 1000.into()).unwrap();
    let url = sim.base_url();
    let mut replicas = Vec::new();
    for _ in 0..2 {
        let journal: Arc<dyn Journal> = Arc::new(PostgresJournal::connect(&conninfo).await.unwrap());
        replicas.push(Arc::new(DrillVenue::Okx.journaled_with(&url, journal, REPLICA_TIMING)));
    }
    let tally = Arc::new(Tally::default());
    let hammer_for = Duration::from_secs(8);
    let faults = {
        let sim = sim.clone();
        tokio::spawn(async move {
            let end = Instant::now() + hammer_for;
            let mut i = 0u32;
            while Instant::now() < end {
                i += 1;
                // A 500 holds the lease for the grace period (absence proves nothing sooner):
                // one in five faults.
                let f = Fault::on(OKX_ETH_PURCHASE).nth(1 + fastrand::usize(0..3));
                sim.inject(match i % 5 {
                    0 => f.status(500),
                    1 | 3 => f.drop_after_apply(),
                    _ => f.latency(REPLICA_TIMING.timeout / 4),
                });
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            sim.clear_faults();
        })
    };
    let tasks: Vec<_> = replicas
        .iter()
        .map(|r| {
            let (r, tally) = (r.clone(), tally.clone());
            tokio::spawn(async move {
                let end = Instant::now() + hammer_for;
                while Instant::now() < end {
                    let counter = match r.stake(&DrillVenue::Okx.stake()).await {
                        Ok(_) => &tally.placed,
                        Err(e) if e.kind() == ErrorKind::UnreconciledWrite => &tally.refused,
                        Err(Error::OutcomeUnknown(_)) => &tally.unknown,
                        Err(e) => {
                            println!("a write failed: {e}");
                            &tally.failed
                        }
                    };
                    counter.fetch_add(1, Ordering::Relaxed);
                    if !std::ptr::eq(counter, &tally.placed) {
                        let _ = r.reconcile_pending().await;
                    }
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    faults.await.unwrap();
    let rows = DrillVenue::Okx.ledger_rows(&sim.ledger());
    let audit = audit(&replicas[0], &rows).await;
    report!(
        "two replicas on Postgres, {:.1} s: {} placed, {} refused while a write was open, {} unknown, {} failed",
        started.elapsed().as_secs_f64(),
        tally.placed.load(Ordering::Relaxed),
        tally.refused.load(Ordering::Relaxed),
        tally.unknown.load(Ordering::Relaxed),
        tally.failed.load(Ordering::Relaxed),
    );
    report!("  {audit}");
    assert!(audit.clean(), "{audit}");
    assert!(audit.rows >= 5, "the replicas wrote: {audit}");
    assert_eq!(audit.rows, audit.happened, "{audit}");
}
