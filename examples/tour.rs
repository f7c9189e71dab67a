//! The tour: the whole product, end to end, against the embedded simulator. No keys, no network.
//!
//! ```sh
//! cargo run --example tour
//! ```
//!
//! It starts the simulator, builds the four venues (OKX staking, Bybit Earn, Binance Simple
//! Earn, OKX Web3 DeFi) as `Arc<dyn EarnVenue>`, shows idle balances per account and moves
//! money where a product draws, lists every product, stakes, shows positions, estimates and
//! redeems (Binance with a destination account), follows the redemptions to settlement,
//! shows the non-custodial DeFi flow, and reconciles a dropped connection. Then it does the
//! treasury job: a portfolio snapshot across venues, a plan from a policy, the plan applied
//! step by step through the executor over venues wrapped in the journal decorator (an
//! SQLite journal in a temporary directory), the resulting positions, and an empty plan
//! when planning again. Every wait is bounded; any failure ends it with a non-zero exit code.

use std::sync::Arc;
use std::time::{Duration, Instant};

use earn::binance_earn::{BinanceEarnClient, BinanceEarnVenue, Environment as BinanceEnvironment};
use earn::bybit_earn::{BybitEarnClient, BybitEarnVenue, Environment as BybitEnvironment};
use earn::okx_staking::{Environment, OkxStakingClient, OkxStakingVenue};
use earn::okx_web3_defi::{ApiGeneration, OkxWeb3DefiClient, OkxWeb3DefiVenue, WalletAddress};
use earn::prelude::*;
use earn_journal::{AccountKey, HistoryQuery, Journal, Journaled, SqliteJournal};
use earn_sim::{Fault, SimVenue, Simulator};
use earn_treasury::executor::{Event, Executor, ExecutorOptions, StepOutcome};
use earn_treasury::{Policy, Portfolio, Snapshot};

/// How long simulated orders take to settle: long enough to watch, short enough to wait for.
const SETTLEMENT: Duration = Duration::from_secs(1);

/// The treasury policy of steps 8 to 10 (what a `policy.toml` holds).
const POLICY: &str = r#"allowed_kinds = ["flexible"]  # money must come back on demand: no lock-up, no staking queue
min_apr_gain_bp = 300         # idle money moves only for at least 3 % APR
max_venue_share = "50%"       # at most half of an asset's holdings in one venue's products

[reserves.USDT]
total = "8000"                          # keep 8000 USDT idle across venues,
venues = { "binance-earn" = "2000" }    # 2000 of them at Binance

[min_order]
USDT = "10"
BTC = "0.001"
ETH = "0.01"
SOL = "1"
"#;

#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let sim = Simulator::builder().settlement_delay(SETTLEMENT).start().await?;
    heading(&format!(
        "earn {} tour: the embedded simulator is serving all four venues at {}",
        env!("CARGO_PKG_VERSION"),
        sim.base_url()
    ));

    let okx: Arc<dyn EarnVenue> = Arc::new(OkxStakingVenue::new(
        OkxStakingClient::builder(Environment::Live)
            .base_url(sim.base_url())
            .credentials(sim.okx_credentials().to_credentials())
            .build()?,
    ));
    let bybit: Arc<dyn EarnVenue> = Arc::new(BybitEarnVenue::new(
        BybitEarnClient::builder(BybitEnvironment::Mainnet)
            .base_url(sim.base_url())
            .credentials(sim.bybit_credentials().to_credentials())
            .build()?,
    ));
    let binance: Arc<dyn EarnVenue> = Arc::new(BinanceEarnVenue::new(
        BinanceEarnClient::builder(BinanceEnvironment::Production)
            .base_url(sim.base_url())
            .credentials(sim.binance_credentials().to_credentials())
            .build()?,
    ));
    let wallet = WalletAddress::evm(sim.web3_wallet())?;
    let defi: Arc<dyn EarnVenue> = Arc::new(OkxWeb3DefiVenue::new(
        OkxWeb3DefiClient::builder()
            .base_url(sim.base_url())
            .credentials(sim.web3_credentials().to_credentials())
            .build()?,
        wallet,
        ApiGeneration::V6,
    ));
    let venues = [okx.clone(), bybit.clone(), binance.clone(), defi.clone()];

    heading("0. Idle money: balances per venue and account, and a transfer to where a product draws");
    let mut rows = vec![row(["venue", "account", "asset", "available", "total"])];
    for venue in &venues {
        if !venue.capabilities().supports(Operation::Balances) {
            continue;
        }
        for b in venue.balances().await? {
            rows.push(row([
                b.venue.to_string(),
                b.account.to_string(),
                b.asset.to_string(),
                b.available.to_string(),
                b.total.map(|a| a.to_string()).unwrap_or_else(|| "-".into()),
            ]));
        }
    }
    table(&rows);
    // OKX Simple Earn draws on the funding account: move idle USDT there from trading first.
    let savings = okx.products(&ProductFilter::asset("USDT")).await?;
    let usdt_savings = savings.iter().find(|p| p.id.as_str() == "savings:USDT").ok_or("savings:USDT listed")?;
    let draws = usdt_savings.draws_from.clone().ok_or("savings:USDT names its account")?;
    let moved = okx.transfer(&TransferRequest::new("USDT", Amount::parse("500")?, "trading", draws.clone())).await?;
    println!(
        "  okx-staking moved {} {} from {} to {} (transfer {}, {:?}): {} earns {}% APR from there",
        moved.amount,
        moved.asset,
        moved.from,
        moved.to,
        moved.id,
        moved.status,
        usdt_savings.id,
        usdt_savings.apr.map(|r| r.percent().round_dp(2).to_string()).unwrap_or_else(|| "-".into())
    );

    heading("1. Every product, across venues: APR and APY apart, exact lock-ups");
    let mut rows = vec![row(["venue", "product", "asset", "kind", "APR", "APY", "min", "max", "redemption delay"])];
    for venue in &venues {
        for p in venue.products(&ProductFilter::all()).await? {
            rows.push(row([
                p.venue.to_string(),
                p.id.to_string(),
                p.asset.to_string(),
                kind(&p.kind),
                p.apr.map(|r| format!("{}%", r.percent().round_dp(2))).unwrap_or_else(|| "-".into()),
                p.apy.map(|r| format!("{}%", r.percent().round_dp(2))).unwrap_or_else(|| "-".into()),
                p.rules.min.map(|a| a.to_string()).unwrap_or_else(|| "-".into()),
                p.rules.max.map(|a| a.to_string()).unwrap_or_else(|| "-".into()),
                p.redemption_delay.map(delay).unwrap_or_else(|| "-".into()),
            ]));
        }
    }
    table(&rows);

    heading("2. Stake (custodial venues place orders), and follow each order until it settles");
    let stakes =
        [(&okx, "eth", "1.5"), (&bybit, "FlexibleSaving:430", "0.05"), (&binance, "flexible:BTC:BTC001", "0.1")];
    for (venue, product, amount) in stakes {
        let request = StakeRequest::new(product, Amount::parse(amount)?);
        let order = match venue.stake(&request).await? {
            WriteOutcome::Placed(order) => order,
            WriteOutcome::NeedsSignature(_) => return Err("a custodial venue returned unsigned transactions".into()),
        };
        println!(
            "  {} staked {amount} into {product}: order {}{}",
            order.venue,
            order.id,
            order.client_id.as_ref().map(|c| format!(" (client id {c})")).unwrap_or_default()
        );
        follow_to_settlement(venue.as_ref(), &order).await?;
    }

    heading("3. Positions");
    print_positions(&venues).await?;

    heading("4. Redemption estimate, then redeem and follow to settlement");
    let redeem = RedeemRequest::new("FlexibleSaving:430", Amount::parse("0.02")?);
    if bybit.capabilities().supports(Operation::RedemptionEstimate) {
        let estimate = bybit.redemption_estimate(&redeem).await?;
        let receive: Vec<String> = estimate.receive.iter().map(|q| format!("{} {}", q.amount, q.asset)).collect();
        println!(
            "  bybit-earn estimate for {} of {}: allowed={}, receive {}, delay {}",
            estimate.amount,
            estimate.product,
            estimate.allowed,
            receive.join(" + "),
            estimate.delay.map(delay).unwrap_or_else(|| "-".into())
        );
    } else {
        println!("  bybit-earn publishes no redemption estimate; the DeFi venue's follows in step 5");
    }
    let order = bybit.redeem(&redeem).await?.into_order()?;
    println!(
        "  redeem order {} placed: {:?}; while it settles the position shows it as redeeming:",
        order.id, order.status
    );
    print_positions(std::slice::from_ref(&bybit)).await?;
    let waited = follow_to_settlement(bybit.as_ref(), &order).await?;
    println!("  redemption settled after {:.1} s:", waited.as_secs_f32());
    print_positions(std::slice::from_ref(&bybit)).await?;
    // Binance pays a flexible redemption into the account the request names (SPOT or FUNDING).
    let funding_btc = || async {
        let balances = binance.balances().await?;
        let held = balances.iter().find(|b| b.account.as_str() == "FUNDING" && b.asset.as_str() == "BTC");
        Ok::<_, Error>(held.map(|b| b.available).unwrap_or(Amount::ZERO))
    };
    let before = funding_btc().await?;
    let redeem = RedeemRequest::new("flexible:BTC:BTC001", Amount::parse("0.04")?).to_account("FUNDING");
    let order = binance.redeem(&redeem).await?.into_order()?;
    println!(
        "  binance-earn redeems {} {} from {} into FUNDING: order {}",
        order.amount, order.asset, order.product, order.id
    );
    follow_to_settlement(binance.as_ref(), &order).await?;
    println!("  binance-earn FUNDING holds {} BTC (was {before})", funding_btc().await?);

    heading("5. Non-custodial DeFi: the venue builds transactions, your wallet signs them");
    let defi_product = "9502";
    let estimate = OkxWeb3DefiVenue::new(
        OkxWeb3DefiClient::builder()
            .base_url(sim.base_url())
            .credentials(sim.web3_credentials().to_credentials())
            .build()?,
        WalletAddress::evm(sim.web3_wallet())?,
        ApiGeneration::V5,
    )
    .redemption_estimate(&RedeemRequest::new(defi_product, Amount::parse("100")?))
    .await?;
    println!(
        "  v5 calculator: redeeming 100 of {defi_product} is allowed={}, gas limit {}, receive {}",
        estimate.allowed,
        estimate.gas_limit.map(|g| g.to_string()).unwrap_or_else(|| "-".into()),
        estimate.receive.iter().map(|q| format!("{} {}", q.amount, q.asset)).collect::<Vec<_>>().join(" + ")
    );
    match defi.stake(&StakeRequest::new(defi_product, Amount::parse("250")?)).await? {
        WriteOutcome::NeedsSignature(plan) => {
            println!("  staking 250 into {} moved nothing; sign and broadcast, in order:", plan.product);
            for (i, tx) in plan.transactions.iter().enumerate() {
                println!(
                    "    {}. {:<8?} chain {} to {} value {} data {}…",
                    i + 1,
                    tx.purpose,
                    tx.chain,
                    tx.to,
                    tx.value,
                    &tx.data[..tx.data.len().min(26)]
                );
            }
        }
        WriteOutcome::Placed(_) => return Err("the non-custodial venue claimed to have placed an order".into()),
    }

    heading("6. A dropped connection, reconciled by reading history (never by repeating the write)");
    let path = "/v5/earn/place-order";
    let applied_before = sim.applied_writes(path);
    let btc_before = sim.balance(SimVenue::Bybit, "BTC");
    sim.inject(Fault::on(path).nth(1).drop_after_apply());
    let err = match bybit.stake(&StakeRequest::new("FlexibleSaving:430", Amount::parse("0.01")?)).await {
        Err(e) if e.maybe_happened() => e,
        other => return Err(format!("expected an unknown outcome, got {other:?}").into()),
    };
    sim.clear_faults();
    println!("  stake failed: {err}");
    println!("  is it safe to retry? {}  might it have happened? {}", err.is_retryable(), err.maybe_happened());
    let intent = err.reconcile_intent().ok_or("no reconciliation intent")?;
    let mut answer = bybit.reconcile(intent).await?;
    for _ in 0..20 {
        if !answer.is_still_unknown() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        answer = bybit.reconcile(intent).await?;
    }
    match answer {
        Reconciliation::Happened(order) => println!(
            "  reconciled: it happened, order {} for {} {} ({:?})",
            order.id, order.amount, order.asset, order.status
        ),
        other => return Err(format!("the simulator applied the stake but reconciliation said {other:?}").into()),
    }
    let applied = sim.applied_writes(path) - applied_before;
    let moved = btc_before - sim.balance(SimVenue::Bybit, "BTC");
    println!("  the simulator's ledger applied {applied} write and moved {moved} BTC: no duplicate");
    if applied != 1 {
        return Err("the write was applied more than once".into());
    }

    heading("7. The treasury job. Snapshot: every venue read at once, totals per asset");
    // Production wraps every venue in the journal decorator: each write is recorded before
    // it leaves, and whatever a crash left open is settled at start-up by reading only.
    let dir = tempfile::tempdir()?;
    let journal: Arc<dyn Journal> = Arc::new(SqliteJournal::open(dir.path().join("journal.sqlite")).await?);
    let journaled: Vec<Arc<Journaled>> = venues
        .iter()
        .map(|v| Arc::new(Journaled::new(v.clone(), journal.clone(), AccountKey::label(v.venue().as_str()))))
        .collect();
    for venue in &journaled {
        let pending = venue.reconcile_pending().await?;
        if !pending.all_settled() {
            return Err(format!("{}: the journal has writes left open: {pending:?}", venue.venue()).into());
        }
    }
    let treasury: Vec<Arc<dyn EarnVenue>> = journaled.iter().map(|v| v.clone() as Arc<dyn EarnVenue>).collect();
    let portfolio = Portfolio::new(treasury.clone()).read_timeout(Duration::from_secs(10));
    let snapshot = portfolio.snapshot().await;
    print_totals(&snapshot)?;

    heading("8. Plan: what the policy asks for, each step with its reason and expected gain");
    let policy = Policy::from_toml_str(POLICY)?;
    for line in POLICY.lines().filter(|l| !l.trim().is_empty()) {
        println!("  | {line}");
    }
    let plan = earn_treasury::plan(&snapshot, &policy)?;
    if plan.is_empty() {
        return Err("the demo policy should find idle money to put to work".into());
    }
    for (i, step) in plan.steps.iter().enumerate() {
        println!("  {:>2}. {step}", i + 1);
    }
    for note in &plan.notes {
        println!("  note: {note}");
    }

    heading("9. Apply: one step at a time through the journal, each followed until it settles");
    let options = ExecutorOptions::default()
        .polling(Duration::from_millis(200), Duration::from_millis(500))
        .settle_timeout(Duration::from_secs(20))
        .reconciling(5, Duration::from_millis(500));
    let run_started = Instant::now();
    let progress = |event: &Event<'_>| {
        if let Event::StepFinished { index, outcome } = event {
            let what = match outcome {
                StepOutcome::Settled { .. } => "settled".to_owned(),
                other => format!("{other:?}"),
            };
            let step = &plan.steps[*index];
            println!(
                "  [{:>4.1} s] {:>2}. {}: {} — {what}",
                run_started.elapsed().as_secs_f32(),
                index + 1,
                step.venue,
                step.action
            );
        }
    };
    let report = Executor::new(treasury.clone()).with_options(options).run(&plan, &progress).await;
    if !report.is_complete() || report.settled().count() != plan.steps.len() {
        return Err(format!("the plan did not settle: {report:?}").into());
    }
    let recorded = journal.history(&HistoryQuery::all()).await?;
    let open = recorded.iter().filter(|e| e.state.is_open()).count();
    println!(
        "  {} steps settled in {:.1} s; the journal recorded {} writes, {open} left open",
        report.settled().count(),
        run_started.elapsed().as_secs_f32(),
        recorded.len()
    );

    heading("10. The result: positions at every venue, and nothing left to do");
    print_positions(&treasury).await?;
    let after = portfolio.snapshot().await;
    print_totals(&after)?;
    let again = earn_treasury::plan(&after, &policy)?;
    if !again.is_empty() {
        return Err(format!("planning again should find nothing to do, found {:?}", again.steps).into());
    }
    println!("  planning again with the same policy: nothing to do");

    heading(&format!("Tour complete in {:.1} s", started.elapsed().as_secs_f32()));
    Ok(())
}

async fn follow_to_settlement(venue: &dyn EarnVenue, order: &Order) -> Result<Duration> {
    let started = Instant::now();
    let mut last = None;
    // Bounded: settlement is a few seconds; give up after thirty.
    while started.elapsed() < Duration::from_secs(30) {
        let current = venue.order(&OrderRef::Venue(order.id.clone())).await?.map(|o| o.status);
        if current != last {
            println!(
                "  [{:>4.1} s] order {}: {:?}",
                started.elapsed().as_secs_f32(),
                order.id,
                current.unwrap_or(OrderStatus::Pending)
            );
            last = current;
        }
        match current {
            Some(OrderStatus::Succeeded) => return Ok(started.elapsed()),
            Some(s) if s.is_final() => return Err(Error::invalid_input("order", format!("ended {s:?}"))),
            _ => tokio::time::sleep(Duration::from_millis(250)).await,
        }
    }
    Err(Error::invalid_input("order", "did not settle within 30 s"))
}

async fn print_positions(venues: &[Arc<dyn EarnVenue>]) -> Result<()> {
    let mut rows = vec![row(["venue", "product", "asset", "amount", "redeeming", "USD value"])];
    for venue in venues {
        for p in venue.positions().await? {
            rows.push(row([
                p.venue.to_string(),
                p.product.to_string(),
                p.asset.to_string(),
                p.amount.to_string(),
                p.pending_redemption.map(|a| a.to_string()).unwrap_or_else(|| "-".into()),
                p.value_usd.map(|v| v.rounded().round_dp(2).to_string()).unwrap_or_else(|| "-".into()),
            ]));
        }
    }
    table(&rows);
    Ok(())
}

fn print_totals(snapshot: &Snapshot) -> std::result::Result<(), Box<dyn std::error::Error>> {
    for v in &snapshot.venues {
        for (read, e) in v.failures() {
            println!("  {}: {read} could not be read: {e:?}", v.venue);
        }
    }
    let totals = snapshot.totals();
    let mut rows = vec![row(["asset", "idle", "earning", "redeeming", "USD value"])];
    for (asset, t) in &totals.assets {
        let usd = &t.value_usd;
        // Exact, or marked `~` when a venue's valuation had to be rounded; parts a venue
        // did not value are counted, never silently left out.
        let mut value = match (usd.exact_parts + usd.rounded_parts, usd.is_exact()) {
            (0, _) => "-".to_owned(),
            (_, true) => usd.value.round_dp(2).to_string(),
            (_, false) => format!("~{}", usd.value.round_dp(2)),
        };
        if usd.unvalued > 0 && value != "-" {
            value.push_str(&format!(" (+{} unvalued)", usd.unvalued));
        }
        // Positions too large for an exact decimal are named, not added.
        let mut earning = t.earning.to_string();
        if !t.uncounted.is_empty() {
            earning.push_str(&format!(" (+{} uncounted)", t.uncounted.len()));
        }
        rows.push(row([asset.to_string(), t.idle.to_string(), earning, t.redeeming.to_string(), value]));
    }
    table(&rows);
    if !totals.is_complete() {
        return Err(format!("venues that could not be read: {:?}", totals.incomplete).into());
    }
    Ok(())
}

fn kind(k: &ProductKind) -> String {
    match k {
        ProductKind::Flexible => "flexible".into(),
        ProductKind::Locked { term } => format!("locked {}", duration(*term)),
        ProductKind::OnChain => "on-chain".into(),
        ProductKind::DeFi => "DeFi".into(),
        other => format!("{other:?}"),
    }
}

/// A duration in the largest whole unit: `30d`, `8h`, `90min`, `instant`.
fn duration(d: Duration) -> String {
    match d.as_secs() {
        0 => "instant".to_owned(),
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3_600 == 0 => format!("{}h", s / 3_600),
        s if s % 60 == 0 => format!("{}min", s / 60),
        s => format!("{s}s"),
    }
}

fn delay(d: RedemptionDelay) -> String {
    if d.min == d.max { duration(d.min) } else { format!("{}-{}", duration(d.min), duration(d.max)) }
}

fn heading(text: &str) {
    println!("\n== {text}");
}

fn row<const N: usize, S: Into<String>>(cells: [S; N]) -> Vec<String> {
    cells.into_iter().map(Into::into).collect()
}

fn table(rows: &[Vec<String>]) {
    let cols = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..cols).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    for r in rows {
        let line: Vec<String> = r.iter().zip(&widths).map(|(cell, w)| format!("{cell:<w$}")).collect();
        println!("  {}", line.join("  ").trim_end());
    }
}
