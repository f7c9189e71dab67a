//! What each subcommand does.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use earn_core::{
    AccountId, Amount, Asset, EarnVenue, OrderId, OrderRef, Product, ProductFilter, ProductId, ProductKind,
};
use earn_treasury::executor::{Event, Executor, ExecutorOptions, Progress, RunReport, StepOutcome};
use earn_treasury::{Action, Plan, Policy, Portfolio, Reason, Snapshot, Step, plan};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::cli::{
    Cli, Command, ConfirmArgs, KindFilter, ProductsArgs, SimArgs, SortBy, TransferArgs, WatchArgs, WriteArgs,
};
use crate::output::{self, right};
use crate::venues::{self, Setup};

/// What a command returns when it fails.
pub type CommandError = Box<dyn std::error::Error + Send + Sync>;

/// Exit code of a command whose confirmation was refused: nothing was sent.
const NOT_CONFIRMED: u8 = 3;

/// How long a step may take to settle before the run goes on without it (it is then
/// reported as still settling: accepted, money on its way).
const SETTLE_TIMEOUT: Duration = Duration::from_secs(20);

/// Whether a run did what it could: no step failed or is unknown (steps still settling
/// were accepted by the venue and are on their way).
fn run_ok(report: &RunReport) -> bool {
    report.failed().next().is_none() && report.unknown().next().is_none() && report.stopped.is_none()
}

/// Runs one command.
pub async fn run(cli: Cli) -> Result<ExitCode, CommandError> {
    if let Command::Sim(args) = &cli.command {
        return serve_sim(args).await;
    }
    let setup = venues::setup(&cli.config, cli.sim, cli.journal.as_deref()).await?;
    let json = cli.json;
    match cli.command {
        Command::Venues => venues_cmd(&setup, json),
        Command::Products(args) => products(&setup, &args, json).await,
        Command::Balances => balances(&setup, json).await,
        Command::Positions => positions(&setup, json).await,
        Command::Plan => plan_cmd(&setup, json).await,
        Command::Apply(confirm) => apply(&setup, &confirm, json).await,
        Command::Stake(args) => stake(&setup, &args, json).await,
        Command::Redeem(args) => redeem(&setup, &args.write, args.position.clone(), json).await,
        Command::Transfer(args) => transfer(&setup, &args, json).await,
        Command::Watch(args) => watch(&setup, &args, json).await,
        Command::Reconcile => reconcile(&setup, json).await,
        Command::Sim(_) => unreachable!("handled above"),
    }
}

fn venues_cmd(setup: &Setup, json: bool) -> Result<ExitCode, CommandError> {
    #[derive(Serialize)]
    struct Row {
        name: String,
        venue: String,
        custody: earn_core::Custody,
        operations: Vec<earn_core::Operation>,
        accounts: Vec<&'static str>,
    }
    let rows: Vec<Row> = setup
        .venues
        .iter()
        .map(|v| {
            let caps = v.venue.capabilities();
            Row {
                name: v.name.clone(),
                venue: v.venue.venue().to_string(),
                custody: caps.custody,
                operations: caps.operations().collect(),
                accounts: caps.accounts.to_vec(),
            }
        })
        .collect();
    if json {
        output::json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut t = output::table(&["name", "venue", "custody", "accounts", "operations"]);
    for r in &rows {
        let ops: Vec<String> = r.operations.iter().map(ToString::to_string).collect();
        t.add_row(vec![
            r.name.clone(),
            r.venue.clone(),
            format!("{:?}", r.custody).to_lowercase(),
            r.accounts.join(", "),
            ops.join(", "),
        ]);
    }
    println!("{t}");
    Ok(ExitCode::SUCCESS)
}

/// A snapshot of every venue, with failures printed (never hidden).
async fn snapshot(setup: &Setup, json: bool) -> Snapshot {
    let snapshot = Portfolio::new(setup.all()).snapshot().await;
    if !json {
        for v in &snapshot.venues {
            for (what, e) in v.failures() {
                eprintln!("warning: {} {what}: {} ({})", v.venue, e.message, e.kind);
            }
        }
    }
    snapshot
}

fn name_of(setup: &Setup, venue: &earn_core::VenueId) -> String {
    setup.venues.iter().find(|v| &v.venue.venue() == venue).map_or_else(|| venue.to_string(), |v| v.name.clone())
}

async fn products(setup: &Setup, args: &ProductsArgs, json: bool) -> Result<ExitCode, CommandError> {
    let filter = args.asset.as_deref().map_or_else(ProductFilter::all, ProductFilter::asset);
    let mut rows: Vec<(String, Product)> = Vec::new();
    for v in &setup.venues {
        match v.venue.products(&filter).await {
            Ok(list) => rows.extend(list.into_iter().map(|p| (v.name.clone(), p))),
            Err(e) => eprintln!("warning: {}: products: {e}", v.name),
        }
    }
    rows.retain(|(_, p)| match args.kind {
        None => true,
        Some(KindFilter::Flexible) => p.kind == ProductKind::Flexible,
        Some(KindFilter::Locked) => matches!(p.kind, ProductKind::Locked { .. }),
        Some(KindFilter::Onchain) => p.kind == ProductKind::OnChain,
        Some(KindFilter::Defi) => p.kind == ProductKind::DeFi,
    });
    match args.sort {
        SortBy::Venue => rows.sort_by(|a, b| (&a.0, a.1.id.as_str()).cmp(&(&b.0, b.1.id.as_str()))),
        SortBy::Asset => rows.sort_by(|a, b| (a.1.asset.as_str(), &a.0).cmp(&(b.1.asset.as_str(), &b.0))),
        SortBy::Apr => rows.sort_by(|a, b| b.1.apr.cmp(&a.1.apr).then_with(|| a.0.cmp(&b.0))),
    }
    if json {
        let list: Vec<&Product> = rows.iter().map(|(_, p)| p).collect();
        output::json(&list)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut t = output::table(&["venue", "product", "asset", "kind", "APR", "APY", "redemption", "min", "status"]);
    for (name, p) in &rows {
        t.add_row(vec![
            name.into(),
            p.id.to_string().into(),
            p.asset.to_string().into(),
            output::kind(p).into(),
            right(output::percent(p.apr)),
            right(output::percent(p.apy)),
            output::redemption(p).into(),
            right(p.rules.min.map_or_else(|| "-".to_owned(), |m| m.to_string())),
            format!("{:?}", p.status).to_lowercase().into(),
        ]);
    }
    println!("{t}");
    Ok(ExitCode::SUCCESS)
}

async fn balances(setup: &Setup, json: bool) -> Result<ExitCode, CommandError> {
    let snapshot = snapshot(setup, json).await;
    if json {
        let all: Vec<_> = snapshot.venues.iter().map(|v| (&v.venue, &v.balances)).collect();
        output::json(&all)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut t = output::table(&["venue", "account", "asset", "available", "total"]);
    for v in &snapshot.venues {
        for b in v.balances.items() {
            t.add_row(vec![
                name_of(setup, &v.venue).into(),
                b.account.to_string().into(),
                b.asset.to_string().into(),
                right(b.available),
                right(b.total.map_or_else(|| "-".to_owned(), |a| a.to_string())),
            ]);
        }
    }
    println!("{t}");
    Ok(ExitCode::SUCCESS)
}

async fn positions(setup: &Setup, json: bool) -> Result<ExitCode, CommandError> {
    let snapshot = snapshot(setup, json).await;
    if json {
        let all: Vec<_> = snapshot.venues.iter().map(|v| (&v.venue, &v.positions)).collect();
        output::json(&all)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut t = output::table(&["venue", "product", "asset", "earning", "redeeming", "rewards"]);
    for v in &snapshot.venues {
        for p in v.positions.items() {
            let rewards: Vec<String> = p.rewards.iter().map(|r| format!("{} {}", r.amount, r.asset)).collect();
            t.add_row(vec![
                name_of(setup, &v.venue).into(),
                p.product.to_string().into(),
                p.asset.to_string().into(),
                right(p.amount),
                right(p.pending_redemption.map_or_else(|| "-".to_owned(), |a| a.to_string())),
                rewards.join(", ").into(),
            ]);
        }
    }
    println!("{t}");
    let totals = snapshot.totals();
    let mut t = output::table(&["asset", "idle", "earning", "redeeming", "total"]);
    for (asset, a) in &totals.assets {
        t.add_row(vec![
            asset.to_string().into(),
            right(a.idle),
            right(a.earning),
            right(a.redeeming),
            right(a.total()),
        ]);
    }
    println!("{t}");
    if !totals.is_complete() {
        let names: Vec<String> = totals.incomplete.iter().map(ToString::to_string).collect();
        println!("totals are incomplete: {} could not be read", names.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

fn policy(setup: &Setup) -> Result<Policy, CommandError> {
    let (source, text) = setup
        .policy
        .as_ref()
        .ok_or("no policy: add [policy] or policy_file to the configuration (or run with --sim)")?;
    Policy::from_toml_str(text).map_err(|e| format!("{source}: {e}").into())
}

fn print_plan(setup: &Setup, plan: &Plan) {
    if plan.is_empty() {
        println!("Nothing to do: the policy is met.");
    }
    for (i, step) in plan.steps.iter().enumerate() {
        println!("{:>2}. [{}] {step}", i + 1, name_of(setup, &step.venue));
    }
    for note in &plan.notes {
        println!("note: {}", note.message);
    }
}

async fn plan_cmd(setup: &Setup, json: bool) -> Result<ExitCode, CommandError> {
    let policy = policy(setup)?;
    let snapshot = snapshot(setup, json).await;
    let plan = plan(&snapshot, &policy)?;
    if json {
        output::json(&plan)?;
    } else {
        print_plan(setup, &plan);
    }
    Ok(ExitCode::SUCCESS)
}

/// Asks before money moves. `Ok(true)` to proceed; with `--dry-run`, `Ok(false)` after
/// saying so; a refusal, or no answer, is `Ok(false)`.
fn confirm(args: &ConfirmArgs, what: &str) -> Result<bool, CommandError> {
    if args.dry_run {
        eprintln!("Dry run: nothing was sent.");
        return Ok(false);
    }
    if args.yes {
        return Ok(true);
    }
    eprint!("{what} Proceed? [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    let yes = matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes");
    if !yes {
        eprintln!("Not confirmed: nothing was sent.");
    }
    Ok(yes)
}

/// Draws executor events as a progress bar (or nothing, when not interactive).
struct Bar(ProgressBar);

impl Bar {
    fn new(steps: usize, json: bool) -> Bar {
        let bar = if output::interactive(json) { ProgressBar::new(steps as u64) } else { ProgressBar::hidden() };
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{pos}/{len}] {elapsed_precise} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Bar(bar)
    }
}

impl Progress for Bar {
    fn event(&self, event: &Event<'_>) {
        match event {
            Event::StepStarted { index, step } => self.0.set_message(format!("step {}: {step}", index + 1)),
            Event::Placed { index, status } => self.0.set_message(format!("step {}: placed ({status:?})", index + 1)),
            Event::Waiting { index, status, elapsed } => {
                self.0.set_message(format!("step {}: {status:?} for {}s", index + 1, elapsed.as_secs()))
            }
            Event::Reconciling { index, attempt, of } => {
                self.0.set_message(format!("step {}: outcome unknown, reconciling ({attempt}/{of})", index + 1))
            }
            Event::StepFinished { .. } => self.0.inc(1),
            Event::Finished { .. } => self.0.finish_and_clear(),
            _ => {}
        }
    }
}

fn print_report(setup: &Setup, report: &RunReport) {
    for s in &report.steps {
        let what = match &s.outcome {
            StepOutcome::Settled { .. } => "settled".to_owned(),
            StepOutcome::Settling { record } => {
                format!("accepted, still settling ({:?}); `earn watch` follows it", record.status())
            }
            other => format!("{other:?}"),
        };
        println!("{:>2}. [{}] {} — {what}", s.index + 1, name_of(setup, &s.step.venue), s.step);
    }
    if let Some(stop) = &report.stopped {
        println!("stopped: {stop:?}");
    }
    if !report.not_run.is_empty() {
        let rest: Vec<String> = report.not_run.iter().map(|i| (i + 1).to_string()).collect();
        println!("not run: steps {}", rest.join(", "));
    }
}

fn executor(setup: &Setup) -> Executor {
    let options = ExecutorOptions::default().settle_timeout(SETTLE_TIMEOUT);
    Executor::new(setup.all()).with_options(options)
}

async fn execute(setup: &Setup, plan: &Plan, json: bool) -> Result<RunReport, CommandError> {
    let bar = Bar::new(plan.steps.len(), json);
    let report = executor(setup).run(plan, &bar).await;
    if json {
        output::json(&report)?;
    } else {
        print_report(setup, &report);
    }
    Ok(report)
}

async fn apply(setup: &Setup, args: &ConfirmArgs, json: bool) -> Result<ExitCode, CommandError> {
    let policy = policy(setup)?;
    let before = snapshot(setup, json).await;
    let plan = plan(&before, &policy)?;
    if !json {
        print_plan(setup, &plan);
    }
    if plan.is_empty() {
        if json {
            output::json(&plan)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !confirm(args, &format!("{} step(s) will move money.", plan.steps.len()))? {
        return Ok(if args.dry_run { ExitCode::SUCCESS } else { ExitCode::from(NOT_CONFIRMED) });
    }
    let report = execute(setup, &plan, json).await?;
    if !run_ok(&report) {
        return Ok(ExitCode::FAILURE);
    }
    let after = plan::plan_after(setup, &policy).await?;
    if !json {
        if after.is_empty() {
            println!("Done: planning again finds nothing to do.");
        } else {
            println!("Planning again finds {} more step(s) (redemptions settling first):", after.steps.len());
            print_plan(setup, &after);
        }
    }
    Ok(ExitCode::SUCCESS)
}

mod plan {
    use super::*;

    /// The plan on a fresh snapshot, once the run is over.
    pub async fn plan_after(setup: &Setup, policy: &Policy) -> Result<Plan, CommandError> {
        let snapshot = Portfolio::new(setup.all()).snapshot().await;
        Ok(earn_treasury::plan(&snapshot, policy)?)
    }
}

fn amount(text: &str) -> Result<Amount, CommandError> {
    Amount::parse(text).map_err(|e| format!("AMOUNT {text:?}: {e}").into())
}

async fn product(venue: &Arc<dyn EarnVenue>, id: &str) -> Result<Product, CommandError> {
    let products = venue.products(&ProductFilter::all()).await?;
    products
        .into_iter()
        .find(|p| p.id.as_str() == id)
        .ok_or_else(|| format!("no product {id:?} at {}", venue.venue()).into())
}

async fn one_step(setup: &Setup, step: Step, confirm_args: &ConfirmArgs, json: bool) -> Result<ExitCode, CommandError> {
    let plan = Plan::new(vec![step]);
    if !json {
        print_plan(setup, &plan);
    }
    if !confirm(confirm_args, "This moves money.")? {
        return Ok(if confirm_args.dry_run { ExitCode::SUCCESS } else { ExitCode::from(NOT_CONFIRMED) });
    }
    let report = execute(setup, &plan, json).await?;
    Ok(if run_ok(&report) { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

async fn stake(setup: &Setup, args: &WriteArgs, json: bool) -> Result<ExitCode, CommandError> {
    let named = setup.venue(&args.venue)?;
    let amount = amount(&args.amount)?;
    let product = product(&named.as_dyn(), &args.product).await?;
    product.rules.check("AMOUNT", amount)?;
    let account = product.draws_from.clone().unwrap_or_else(|| AccountId::new("default"));
    let action = Action::Stake { product: product.id.clone(), asset: product.asset.clone(), amount, account };
    one_step(setup, Step::new(named.venue.venue(), action, Reason::Requested), &args.confirm, json).await
}

async fn redeem(
    setup: &Setup,
    args: &WriteArgs,
    position: Option<String>,
    json: bool,
) -> Result<ExitCode, CommandError> {
    let named = setup.venue(&args.venue)?;
    let amount = amount(&args.amount)?;
    let product = product(&named.as_dyn(), &args.product).await?;
    let action = Action::Redeem {
        product: ProductId::new(args.product.clone()),
        asset: product.asset.clone(),
        amount,
        position_id: position,
    };
    one_step(setup, Step::new(named.venue.venue(), action, Reason::Requested), &args.confirm, json).await
}

async fn transfer(setup: &Setup, args: &TransferArgs, json: bool) -> Result<ExitCode, CommandError> {
    let named = setup.venue(&args.venue)?;
    let action = Action::Transfer {
        asset: Asset::new(args.asset.clone()),
        amount: amount(&args.amount)?,
        from: AccountId::new(args.from.clone()),
        to: AccountId::new(args.to.clone()),
    };
    one_step(setup, Step::new(named.venue.venue(), action, Reason::Requested), &args.confirm, json).await
}

async fn watch(setup: &Setup, args: &WatchArgs, json: bool) -> Result<ExitCode, CommandError> {
    let named = setup.venue(&args.venue)?;
    let reference = OrderRef::Venue(OrderId::new(args.order.clone()));
    let bar = if output::interactive(json) { ProgressBar::new_spinner() } else { ProgressBar::hidden() };
    bar.enable_steady_tick(Duration::from_millis(120));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.timeout);
    let mut interval = Duration::from_millis(250);
    loop {
        let order =
            named.venue.order(&reference).await?.ok_or_else(|| format!("no order {} at {}", args.order, args.venue))?;
        bar.set_message(format!("{} {:?} ({})", order.id, order.status, order.venue_status));
        if order.status.is_final() || Instant::now() >= deadline {
            bar.finish_and_clear();
            if json {
                output::json(&order)?;
            } else {
                println!(
                    "order {} ({:?} {} {}): {:?} after {}s",
                    order.id,
                    order.side,
                    order.amount,
                    order.asset,
                    order.status,
                    started.elapsed().as_secs()
                );
            }
            return Ok(if order.status.is_final() { ExitCode::SUCCESS } else { ExitCode::FAILURE });
        }
        tokio::time::sleep(interval).await;
        interval = (interval * 2).min(Duration::from_secs(5));
    }
}

async fn reconcile(setup: &Setup, json: bool) -> Result<ExitCode, CommandError> {
    #[derive(Serialize)]
    struct Row {
        venue: String,
        happened: usize,
        did_not_happen: usize,
        still_unknown: usize,
        failed: usize,
    }
    let mut rows = Vec::new();
    for v in &setup.venues {
        let report = v.venue.reconcile_pending().await?;
        rows.push(Row {
            venue: v.name.clone(),
            happened: report.happened(),
            did_not_happen: report.did_not_happen(),
            still_unknown: report.still_unknown(),
            failed: report.failed(),
        });
    }
    let open = rows.iter().any(|r| r.still_unknown + r.failed > 0);
    if json {
        output::json(&rows)?;
    } else {
        let mut t = output::table(&["venue", "happened", "did not happen", "still unknown", "failed"]);
        for r in &rows {
            t.add_row(vec![
                r.venue.clone().into(),
                right(r.happened),
                right(r.did_not_happen),
                right(r.still_unknown),
                right(r.failed),
            ]);
        }
        println!("{t}");
    }
    Ok(if open { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

async fn serve_sim(args: &SimArgs) -> Result<ExitCode, CommandError> {
    let sim = earn_sim::Simulator::builder()
        .listen(args.listen)
        .settlement_delay(Duration::from_secs(args.settlement_secs))
        .start()
        .await?;
    println!("earn simulator listening on {}", sim.base_url());
    println!("  okx   key {} (passphrase set)", sim.okx_credentials().api_key);
    println!("  bybit key {}", sim.bybit_credentials().api_key);
    println!("  binance key {}", sim.binance_credentials().api_key);
    println!("  web3  key {}, wallet {}", sim.web3_credentials().api_key, sim.web3_wallet());
    if let Some(admin) = sim.admin_url() {
        println!("  admin API {admin}");
    }
    println!("Ctrl-C stops it.");
    tokio::signal::ctrl_c().await?;
    Ok(ExitCode::SUCCESS)
}
