//! The checks themselves, each written once against `&dyn EarnVenue`.

use std::collections::HashSet;

use super::report::{CheckOutcome, CheckResult, Report};
use super::{ConformanceHarness, RECONCILE_ATTEMPTS, RECONCILE_PAUSE, ReceiptToken};
use crate::{
    Amount, Capabilities, ClientOrderId, Custody, EarnVenue, ErrorKind, Operation, Order, OrderId, OrderQuery,
    OrderRef, OrderSide, OrderStatus, Position, Product, ProductFilter, ProductId, ProductStatus, ReconcileIntent,
    Reconciliation, RedeemRequest, StakeRequest, Transfer, TransferRequest, UnixMillis, WriteOutcome,
};

/// Why a check did not pass.
enum Stop {
    Failed(String),
    Skipped(String),
}

type Check = Result<(), Stop>;

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(Stop::Failed(format!($($msg)+)));
        }
    };
}

fn skip(why: impl Into<String>) -> Check {
    Err(Stop::Skipped(why.into()))
}

fn failed(why: impl std::fmt::Display) -> Stop {
    Stop::Failed(why.to_string())
}

/// State carried from one check to the next.
struct Ctx<'h> {
    harness: &'h dyn ConformanceHarness,
    venue: std::sync::Arc<dyn EarnVenue>,
    caps: Capabilities,
    products: Vec<Product>,
    target: Option<(ProductId, Amount)>,
    stake_order: Option<Order>,
    unknown_intent: Option<ReconcileIntent>,
    /// The token the target's position is held in, when not its asset one for one.
    token: Option<ReceiptToken>,
    /// What a redemption of the first stake names: the staked amount, or the receipt
    /// tokens it was credited as (set by the stake check).
    redeem_amount: Option<Amount>,
    /// What each outcome-unknown write did to the server's count of applied writes
    /// (before, after), or why the harness cannot count; `None` until that write is made.
    applied_counts: std::collections::HashMap<Operation, Result<(usize, usize), String>>,
}

pub(super) async fn run_all(harness: &dyn ConformanceHarness) -> Report {
    let venue = harness.venue();
    let mut ctx = Ctx {
        harness,
        caps: venue.capabilities(),
        venue,
        products: Vec::new(),
        target: None,
        stake_order: None,
        unknown_intent: None,
        token: harness.receipt_token(),
        redeem_amount: None,
        applied_counts: std::collections::HashMap::new(),
    };
    let mut report = Report { venue: ctx.venue.venue().to_string(), results: Vec::new() };
    macro_rules! check {
        ($name:literal, $f:ident) => {{
            let outcome = match $f(&mut ctx).await {
                Ok(()) => CheckOutcome::Passed,
                Err(Stop::Failed(why)) => CheckOutcome::Failed(why),
                Err(Stop::Skipped(why)) => CheckOutcome::Skipped(why),
            };
            report.results.push(CheckResult { name: $name, outcome });
        }};
    }
    check!("capabilities are coherent", capabilities_are_coherent);
    check!("products have consistent rules", products_have_consistent_rules);
    check!("unsupported operations answer Unsupported", unsupported_operations_answer_unsupported);
    check!("bad amounts are rejected before any request", bad_amounts_are_rejected_before_any_request);
    check!("stake then see the position", stake_then_see_the_position);
    check!("orders can be looked up", orders_can_be_looked_up);
    check!("estimate matches the redemption", estimate_matches_the_redemption);
    check!("redeem then pending then settled", redeem_then_pending_then_settled);
    check!("outcome-unknown stake reconciles to the truth", outcome_unknown_stake_reconciles);
    check!("outcome-unknown stake is applied exactly once", outcome_unknown_stake_is_applied_once);
    check!("outcome-unknown redeem reconciles to the truth", outcome_unknown_redeem_reconciles);
    check!("outcome-unknown redeem is applied exactly once", outcome_unknown_redeem_is_applied_once);
    check!("a write that never happened reconciles as such", a_write_that_never_happened_reconciles);
    check!("a transfer moves idle money between accounts, once", a_transfer_moves_idle_money);
    check!("a locked product refuses early redemption", a_locked_product_refuses_early_redemption);
    report
}

async fn capabilities_are_coherent(ctx: &mut Ctx<'_>) -> Check {
    ensure!(!ctx.venue.venue().as_str().is_empty(), "venue id is empty");
    ensure!(ctx.caps.supports(Operation::Products), "every venue must list products");
    ensure!(ctx.caps.supports(Operation::Positions), "every venue must list positions");
    if ctx.caps.supports(Operation::Reconcile) {
        ensure!(ctx.caps.custody == Custody::Custodial, "only custodial venues have writes to reconcile");
    }
    Ok(())
}

async fn products_have_consistent_rules(ctx: &mut Ctx<'_>) -> Check {
    let products = ctx.venue.products(&ProductFilter::all()).await.map_err(failed)?;
    ensure!(!products.is_empty(), "no products listed");
    let mut ids = HashSet::new();
    for p in &products {
        ensure!(ids.insert(p.id.clone()), "product id {} listed twice", p.id);
        ensure!(p.venue == ctx.venue.venue(), "product {} claims venue {}", p.id, p.venue);
        ensure!(!p.asset.as_str().is_empty(), "product {} has no asset", p.id);
        if let (Some(min), Some(max)) = (p.rules.min, p.rules.max) {
            ensure!(min <= max, "product {}: min {min} > max {max}", p.id);
        }
        if let Some(prec) = p.rules.precision {
            ensure!(prec <= 28, "product {}: precision {prec} exceeds what an Amount holds", p.id);
            if let Some(min) = p.rules.min {
                ensure!(min.fractional_digits() <= prec, "product {}: min {min} finer than precision {prec}", p.id);
            }
        }
        if let Some(apr) = p.apr {
            let f = apr.fraction();
            ensure!(
                f > rust_decimal::Decimal::NEGATIVE_ONE && f < rust_decimal::Decimal::TEN,
                "product {}: APR {apr} is not a plausible fraction",
                p.id
            );
        }
        if let Some(d) = p.redemption_delay {
            ensure!(d.min <= d.max, "product {}: redemption delay min > max", p.id);
        }
        if let (Some(apr), Some(apy)) = (p.apr, p.apy) {
            // Compounding never pays less than simple interest: an APY below its APR means
            // the two were swapped or one was filled from the other.
            ensure!(apy >= apr, "product {}: APY {apy} below APR {apr}", p.id);
        }
        if let crate::ProductKind::Locked { term } = p.kind {
            ensure!(!term.is_zero(), "product {}: locked for no time", p.id);
            ensure!(!p.redemption_allowed, "product {}: locked, yet claims redemption is allowed now", p.id);
        }
        for account in p.draws_from.iter().chain(&p.pays_to) {
            ensure!(
                ctx.caps.accounts.is_empty() || ctx.caps.accounts.contains(&account.as_str()),
                "product {}: account {account} is not among the venue's accounts {:?}",
                p.id,
                ctx.caps.accounts
            );
        }
    }
    let asset = products[0].asset.clone();
    let filtered = ctx.venue.products(&ProductFilter::asset(asset.clone())).await.map_err(failed)?;
    ensure!(!filtered.is_empty(), "filtering by {asset} lost every product");
    ensure!(
        filtered.iter().all(|p| p.asset.as_str().eq_ignore_ascii_case(asset.as_str())),
        "filter by {asset} returned other assets"
    );
    ctx.target = ctx.harness.stake_target().or_else(|| {
        products
            .iter()
            .find(|p| p.status == ProductStatus::Available)
            .map(|p| (p.id.clone(), p.rules.min.unwrap_or(Amount::from(1))))
    });
    ctx.products = products;
    Ok(())
}

async fn unsupported_operations_answer_unsupported(ctx: &mut Ctx<'_>) -> Check {
    let product = ctx.products.first().map(|p| p.id.clone()).unwrap_or_else(|| ProductId::new("x"));
    let amount = Amount::from(1);
    let mut checked = 0;
    for op in Operation::ALL.into_iter().filter(|op| !ctx.caps.supports(*op)) {
        let v = &ctx.venue;
        let order_ref = OrderRef::Venue(OrderId::new("1"));
        let kind = match op {
            Operation::Products => v.products(&ProductFilter::all()).await.err().map(|e| e.kind()),
            Operation::Positions => v.positions().await.err().map(|e| e.kind()),
            Operation::Balances => v.balances().await.err().map(|e| e.kind()),
            Operation::Transfer => {
                let transfer = TransferRequest::new("USDT", amount, "from", "to");
                v.transfer(&transfer).await.err().map(|e| e.kind())
            }
            Operation::Stake => v.stake(&StakeRequest::new(product.clone(), amount)).await.err().map(|e| e.kind()),
            Operation::RedemptionEstimate => {
                v.redemption_estimate(&RedeemRequest::new(product.clone(), amount)).await.err().map(|e| e.kind())
            }
            Operation::Redeem => v.redeem(&RedeemRequest::new(product.clone(), amount)).await.err().map(|e| e.kind()),
            Operation::CancelRedemption => v.cancel_redemption(&order_ref).await.err().map(|e| e.kind()),
            Operation::OrderLookup => v.order(&order_ref).await.err().map(|e| e.kind()),
            Operation::RecentOrders => v.recent_orders(&OrderQuery::all()).await.err().map(|e| e.kind()),
            Operation::Reconcile => {
                let intent = ReconcileIntent::new(v.venue(), Operation::Stake, "/");
                v.reconcile(&intent).await.err().map(|e| e.kind())
            }
            Operation::TransferStatus => {
                let request = TransferRequest::new("USDT", amount, "from", "to");
                let transfer = Transfer::new(v.venue(), OrderId::new("1"), &request, OrderStatus::Pending);
                v.transfer_status(&transfer).await.err().map(|e| e.kind())
            }
        };
        ensure!(kind == Some(ErrorKind::Unsupported), "{op} is not in capabilities but answered {kind:?}");
        checked += 1;
    }
    if checked == 0 {
        return skip("the venue supports every operation");
    }
    Ok(())
}

async fn bad_amounts_are_rejected_before_any_request(ctx: &mut Ctx<'_>) -> Check {
    if !ctx.caps.supports(Operation::Stake) {
        return skip("venue cannot stake");
    }
    let Some((id, _)) = ctx.target.clone() else { return skip("no available product") };
    let Some(product) = ctx.products.iter().find(|p| p.id == id).cloned() else { return skip("target not listed") };
    let mut bad: Vec<(String, Amount)> = vec![("zero".into(), Amount::ZERO)];
    if let Some(prec) = product.rules.precision.filter(|p| *p < 28) {
        let too_fine = Amount::parse(&format!("1.{}1", "0".repeat(prec as usize))).map_err(failed)?;
        bad.push((format!("{} fractional digits", prec + 1), too_fine));
    }
    if let Some(min) = product.rules.min.filter(|m| !m.is_zero()) {
        let below = Amount::new(min.decimal() / rust_decimal::Decimal::TWO).and_then(|a| {
            let p = product.rules.precision.unwrap_or(28);
            Amount::new(a.decimal().round_dp_with_strategy(p, rust_decimal::RoundingStrategy::ToZero))
        });
        if let Some(below) = below.filter(|b| !b.is_zero() && *b < min) {
            bad.push(("below the minimum".into(), below));
        }
    }
    if let Some(above) = product.rules.max.and_then(|max| max.checked_add(Amount::from(1))) {
        bad.push(("above the maximum".into(), above));
    }
    let applied_before = ctx.harness.applied_writes(Operation::Stake);
    for (what, amount) in &bad {
        let res = ctx.venue.stake(&StakeRequest::new(id.clone(), *amount)).await;
        let kind = res.as_ref().err().map(|e| e.kind());
        ensure!(kind == Some(ErrorKind::InvalidInput), "stake of {amount} ({what}) answered {:?}", res.map(|_| ()));
    }
    if ctx.caps.supports(Operation::Redeem) {
        let res = ctx.venue.redeem(&RedeemRequest::new(id.clone(), Amount::ZERO)).await;
        let kind = res.as_ref().err().map(|e| e.kind());
        ensure!(kind == Some(ErrorKind::InvalidInput), "redeem of zero answered {:?}", res.map(|_| ()));
    }
    // Reads (fetching the product's rules) are allowed; no write may have reached the server.
    match (applied_before, ctx.harness.applied_writes(Operation::Stake)) {
        (Ok(before), Ok(after)) => {
            ensure!(before == after, "a rejected stake reached the server ({before} -> {after})");
            Ok(())
        }
        (Err(why), _) | (_, Err(why)) => skip(format!(
            "every bad amount answered InvalidInput, but whether one reached the server is unchecked: \
             the harness cannot count stake writes ({why})"
        )),
    }
}

/// Idle `asset` available in `account`.
async fn idle(ctx: &Ctx<'_>, account: &crate::AccountId, asset: &crate::Asset) -> Result<Amount, Stop> {
    let balances = ctx.venue.balances().await.map_err(failed)?;
    balances
        .iter()
        .filter(|b| &b.account == account && b.asset.as_str().eq_ignore_ascii_case(asset.as_str()))
        .try_fold(Amount::ZERO, |acc, b| acc.checked_add(b.available))
        .ok_or_else(|| failed("balance overflow"))
}

/// The account and asset a stake into `product` draws on, with what is idle there now,
/// where the venue reports balances and the product names its account.
async fn idle_source(
    ctx: &Ctx<'_>,
    product: &ProductId,
) -> Result<Option<(crate::AccountId, crate::Asset, Amount)>, Stop> {
    if !ctx.caps.supports(Operation::Balances) {
        return Ok(None);
    }
    let Some(p) = ctx.products.iter().find(|p| &p.id == product) else { return Ok(None) };
    let Some(account) = p.draws_from.clone() else { return Ok(None) };
    let amount = idle(ctx, &account, &p.asset).await?;
    Ok(Some((account, p.asset.clone(), amount)))
}

async fn a_transfer_moves_idle_money(ctx: &mut Ctx<'_>) -> Check {
    if !ctx.caps.supports(Operation::Transfer) || !ctx.caps.supports(Operation::Balances) {
        return skip("venue has no transfers between its own accounts");
    }
    let [first, second, ..] = ctx.caps.accounts else { return skip("venue lists fewer than two accounts") };
    let (a, b) = (crate::AccountId::new(*first), crate::AccountId::new(*second));
    let balances = ctx.venue.balances().await.map_err(failed)?;
    let Some(source) = balances.iter().filter(|x| x.account == a && !x.available.is_zero()).max_by_key(|x| x.available)
    else {
        return skip(format!("nothing idle in {a} to move"));
    };
    let asset = source.asset.clone();
    let amount = Amount::from(1).min(source.available);
    let (a0, b0) = (idle(ctx, &a, &asset).await?, idle(ctx, &b, &asset).await?);
    let t =
        ctx.venue.transfer(&TransferRequest::new(asset.clone(), amount, a.clone(), b.clone())).await.map_err(failed)?;
    ensure!(t.amount == amount && t.from == a && t.to == b, "the transfer describes another move: {t:?}");
    ctx.harness.wait_for_settlement().await;
    let (a1, b1) = (idle(ctx, &a, &asset).await?, idle(ctx, &b, &asset).await?);
    ensure!(a0.checked_sub(amount) == Some(a1), "{a} went from {a0} to {a1} moving {amount} {asset}");
    ensure!(b0.checked_add(amount) == Some(b1), "{b} went from {b0} to {b1} receiving {amount} {asset}");
    if ctx.caps.supports(Operation::TransferStatus) {
        let read = ctx.venue.transfer_status(&t).await.map_err(failed)?;
        let Some(s) = read else { return Err(failed(format!("transfer_status does not find transfer {}", t.id))) };
        ensure!(
            s.id == t.id
                && s.asset.as_str().eq_ignore_ascii_case(t.asset.as_str())
                && s.amount == amount
                && s.from == a
                && s.to == b,
            "transfer_status of {} describes another transfer: {s:?}",
            t.id
        );
        ensure!(s.status == OrderStatus::Succeeded, "transfer {} moved the money but reads {:?}", t.id, s.status);
    }
    // Put it back, so later checks see the venue as it was.
    ctx.venue.transfer(&TransferRequest::new(asset, amount, b, a)).await.map_err(failed)?;
    ctx.harness.wait_for_settlement().await;
    Ok(())
}

async fn a_locked_product_refuses_early_redemption(ctx: &mut Ctx<'_>) -> Check {
    if !ctx.caps.supports(Operation::Redeem) {
        return skip("venue cannot redeem");
    }
    let Some(p) = ctx.products.iter().find(|p| matches!(p.kind, crate::ProductKind::Locked { .. })).cloned() else {
        return skip("no locked product listed");
    };
    let amount = p.rules.min.filter(|m| !m.is_zero()).unwrap_or(Amount::from(1));
    let applied = ctx.harness.applied_writes(Operation::Redeem);
    let result = ctx.venue.redeem(&RedeemRequest::new(p.id.clone(), amount)).await;
    ensure!(result.is_err(), "redeeming locked {} before maturity was accepted: {result:?}", p.id);
    match (applied, ctx.harness.applied_writes(Operation::Redeem)) {
        (Ok(before), Ok(after)) => {
            ensure!(before == after, "a refused early redemption of {} changed the ledger", p.id);
            Ok(())
        }
        (Err(why), _) | (_, Err(why)) => skip(format!(
            "the early redemption was refused, but whether it reached the ledger is unchecked: the harness \
             cannot count redeem writes ({why})"
        )),
    }
}

/// What `positions` hold in `product`: every position, or with a receipt token only those
/// held in it (the product's other tokens are other positions).
fn held(positions: &[Position], product: &ProductId, token: Option<&ReceiptToken>) -> Option<Amount> {
    let mut total = Amount::ZERO;
    let in_token = |p: &&Position| token.is_none_or(|t| p.asset.as_str().eq_ignore_ascii_case(t.asset.as_str()));
    for p in positions.iter().filter(|p| &p.product == product).filter(in_token) {
        total = total.checked_add(p.amount.to_amount()?)?;
    }
    Some(total)
}

async fn stake_then_see_the_position(ctx: &mut Ctx<'_>) -> Check {
    if !ctx.caps.supports(Operation::Stake) {
        return skip("venue cannot stake");
    }
    let Some((id, amount)) = ctx.target.clone() else { return skip("no available product") };
    let before = ctx.venue.positions().await.map_err(failed)?;
    let source = idle_source(ctx, &id).await?;
    let outcome = ctx.venue.stake(&StakeRequest::new(id.clone(), amount)).await.map_err(failed)?;
    match (ctx.caps.custody, outcome) {
        (Custody::Custodial, WriteOutcome::Placed(order)) => {
            ensure!(order.side == OrderSide::Stake, "stake produced a {:?} order", order.side);
            ensure!(order.amount == amount, "order amount {} != requested {amount}", order.amount);
            ensure!(order.product == id, "order product {} != {id}", order.product);
            ctx.harness.wait_for_settlement().await;
            let after = ctx.venue.positions().await.map_err(failed)?;
            let token = ctx.token.clone();
            let (b, a) = (
                held(&before, &id, token.as_ref()).unwrap_or(Amount::ZERO),
                held(&after, &id, token.as_ref()).unwrap_or(Amount::ZERO),
            );
            ctx.stake_order = Some(order);
            match &token {
                None => {
                    ensure!(
                        a.checked_sub(b) == Some(amount),
                        "position in {id} went from {b} to {a}, expected +{amount}"
                    );
                    ctx.redeem_amount = Some(amount);
                }
                Some(token) => {
                    let grown = a.checked_sub(b).filter(|g| !g.is_zero());
                    let Some(grown) = grown else {
                        return Err(failed(format!(
                            "position in {id} ({}) went from {b} to {a}, expected to grow",
                            token.asset
                        )));
                    };
                    worth_the_stake(ctx, &id, amount, grown, token).await?;
                    ctx.redeem_amount = Some(grown);
                }
            }
            if let Some((account, asset, idle_before)) = source {
                let idle_after = idle(ctx, &account, &asset).await?;
                ensure!(
                    idle_before.checked_sub(amount) == Some(idle_after),
                    "staking {amount} {asset} took {account} from {idle_before} to {idle_after}"
                );
            }
        }
        (Custody::NonCustodial, WriteOutcome::NeedsSignature(plan)) => {
            ensure!(plan.side == OrderSide::Stake && plan.amount == amount, "plan does not describe the stake");
            ensure!(!plan.transactions.is_empty(), "no transactions to sign");
            for tx in &plan.transactions {
                ensure!(!tx.to.is_empty() && !tx.data.is_empty(), "transaction without target or call data: {tx:?}");
            }
            let after = ctx.venue.positions().await.map_err(failed)?;
            ensure!(
                held(&before, &id, None) == held(&after, &id, None),
                "positions changed although nothing was signed"
            );
        }
        (custody, other) => return Err(failed(format!("{custody:?} venue returned {other:?}"))),
    }
    Ok(())
}

/// A stake of `amount` credited as `grown` receipt tokens: the venue's redemption estimate
/// of those tokens must pay back the staked amount in the product's asset, within one unit
/// of the product's precision (both conversions round at the venue).
async fn worth_the_stake(
    ctx: &Ctx<'_>,
    id: &ProductId,
    amount: Amount,
    grown: Amount,
    token: &ReceiptToken,
) -> Result<(), Stop> {
    let why = &token.reason;
    if !ctx.caps.supports(Operation::RedemptionEstimate) {
        return Err(Stop::Skipped(format!(
            "the position is held in {} ({why}) and the venue gives no redemption estimate to value it",
            token.asset
        )));
    }
    let Some(product) = ctx.products.iter().find(|p| &p.id == id) else {
        return Err(failed(format!("{id} is not listed, so its asset and precision are unknown")));
    };
    let req = redeem_request(ctx, id, grown).await?;
    let est = ctx.venue.redemption_estimate(&req).await.map_err(failed)?;
    ensure!(est.allowed, "the {grown} {} a stake credited cannot be redeemed: {:?}", token.asset, est.reason);
    let mut worth = Amount::ZERO;
    for q in est.receive.iter().filter(|q| q.asset.as_str().eq_ignore_ascii_case(product.asset.as_str())) {
        let a = q.amount.to_amount().ok_or_else(|| failed(format!("estimate pays {} inexactly", q.asset)))?;
        worth = worth.checked_add(a).ok_or_else(|| failed("estimate overflow"))?;
    }
    let unit = rust_decimal::Decimal::new(1, product.rules.precision.unwrap_or(8).min(28));
    let gap = (amount.decimal() - worth.decimal()).abs();
    ensure!(
        gap <= unit,
        "staking {amount} {} credited {grown} {} ({why}), which the venue values at {worth} {}: off by {gap}, \
         more than the product's precision ({unit})",
        product.asset,
        token.asset,
        product.asset
    );
    Ok(())
}

async fn orders_can_be_looked_up(ctx: &mut Ctx<'_>) -> Check {
    if !ctx.caps.supports(Operation::OrderLookup) {
        return skip("venue has no order lookup");
    }
    let Some(order) = ctx.stake_order.clone() else { return skip("no order was placed") };
    let found = ctx.venue.order(&OrderRef::Venue(order.id.clone())).await.map_err(failed)?;
    ensure!(found.as_ref().map(|o| &o.id) == Some(&order.id), "order {} not found by venue id", order.id);
    ensure!(found.as_ref().map(|o| o.amount) == Some(order.amount), "looked-up amount differs");
    if let Some(cid) = &order.client_id {
        let by_client = ctx.venue.order(&OrderRef::Client(cid.clone())).await.map_err(failed)?;
        ensure!(by_client.map(|o| o.id) == Some(order.id.clone()), "order not found by client id {cid}");
    }
    if ctx.caps.supports(Operation::RecentOrders) {
        match ctx.venue.recent_orders(&OrderQuery::product(order.product.clone())).await {
            Ok(recent) => ensure!(recent.iter().any(|o| o.id == order.id), "recent orders lack {}", order.id),
            // A venue may lack listing for one product family; it must say so in kind.
            Err(e) if e.kind() == ErrorKind::Unsupported => {}
            Err(e) => return Err(failed(e)),
        }
    }
    Ok(())
}

async fn redeem_request(ctx: &Ctx<'_>, id: &ProductId, amount: Amount) -> Result<RedeemRequest, Stop> {
    let positions = ctx.venue.positions().await.map_err(failed)?;
    let mut req = RedeemRequest::new(id.clone(), amount);
    let position =
        positions.iter().filter(|p| &p.product == id).find(|p| p.amount.to_amount().is_some_and(|a| a >= amount));
    if let Some(pid) = position.and_then(|p| p.position_id.clone()) {
        req = req.position_id(pid);
    }
    Ok(req)
}

/// The product and amount a redemption names: the target, in receipt tokens where the
/// position is held in them.
fn redeem_target(ctx: &Ctx<'_>) -> Option<(ProductId, Amount)> {
    let (id, amount) = ctx.target.clone()?;
    Some((id, ctx.redeem_amount.unwrap_or(amount)))
}

async fn estimate_matches_the_redemption(ctx: &mut Ctx<'_>) -> Check {
    if !ctx.caps.supports(Operation::RedemptionEstimate) {
        return skip("venue gives no redemption estimates");
    }
    let Some((id, amount)) = redeem_target(ctx) else { return skip("no available product") };
    let req = redeem_request(ctx, &id, amount).await?;
    let est = ctx.venue.redemption_estimate(&req).await.map_err(failed)?;
    ensure!(est.product == id && est.amount == amount, "estimate is for {} {}", est.product, est.amount);
    ensure!(est.allowed, "redeeming {amount} of a held position is not allowed");
    ensure!(!est.receive.is_empty(), "estimate says nothing is received");
    Ok(())
}

async fn redeem_then_pending_then_settled(ctx: &mut Ctx<'_>) -> Check {
    if !ctx.caps.supports(Operation::Redeem) {
        return skip("venue cannot redeem");
    }
    let Some((id, amount)) = redeem_target(ctx) else { return skip("no available product") };
    let req = redeem_request(ctx, &id, amount).await?;
    let token = ctx.token.clone();
    let before = ctx.venue.positions().await.map_err(failed)?;
    let outcome = ctx.venue.redeem(&req).await.map_err(failed)?;
    let order = match (ctx.caps.custody, outcome) {
        (Custody::NonCustodial, WriteOutcome::NeedsSignature(plan)) => {
            ensure!(
                plan.side == OrderSide::Redeem && !plan.transactions.is_empty(),
                "redeem plan is empty or mislabelled"
            );
            return Ok(());
        }
        (Custody::Custodial, WriteOutcome::Placed(order)) => order,
        (custody, other) => return Err(failed(format!("{custody:?} venue returned {other:?}"))),
    };
    ensure!(
        order.side == OrderSide::Redeem && order.amount == amount,
        "redeem order is {:?} {}",
        order.side,
        order.amount
    );
    ensure!(
        order.status != OrderStatus::Failed && order.status != OrderStatus::Cancelled,
        "redeem order is {:?}",
        order.status
    );
    if order.status == OrderStatus::Pending {
        // In flight: out of the amount, into pending_redemption.
        let during = ctx.venue.positions().await.map_err(failed)?;
        if still_pending(ctx, &order).await? {
            let (b, d) = (
                held(&before, &id, token.as_ref()).unwrap_or(Amount::ZERO),
                held(&during, &id, token.as_ref()).unwrap_or(Amount::ZERO),
            );
            ensure!(
                b.checked_sub(d) == Some(amount),
                "while redeeming, {id} holds {d} (was {b}); the {amount} in flight must not count"
            );
            let pending = during
                .iter()
                .filter(|p| p.product == id)
                .filter_map(|p| p.pending_redemption)
                .try_fold(Amount::ZERO, |acc, a| acc.checked_add(a))
                .unwrap_or(Amount::ZERO);
            ensure!(pending >= amount, "while redeeming {amount}, pending_redemption shows only {pending}");
        }
    }
    ctx.harness.wait_for_settlement().await;
    if ctx.caps.supports(Operation::OrderLookup) {
        let settled = ctx.venue.order(&OrderRef::Venue(order.id.clone())).await.map_err(failed)?;
        let status = settled.map(|o| o.status);
        ensure!(status == Some(OrderStatus::Succeeded), "redeem order {} is {status:?} after settlement", order.id);
    }
    let after = ctx.venue.positions().await.map_err(failed)?;
    let (b, a) = (
        held(&before, &id, token.as_ref()).unwrap_or(Amount::ZERO),
        held(&after, &id, token.as_ref()).unwrap_or(Amount::ZERO),
    );
    ensure!(b.checked_sub(a) == Some(amount), "position in {id} went from {b} to {a} after redeeming {amount}");
    Ok(())
}

/// Whether `order` is still pending now (true when the venue cannot look orders up).
async fn still_pending(ctx: &Ctx<'_>, order: &Order) -> Result<bool, Stop> {
    if !ctx.caps.supports(Operation::OrderLookup) {
        return Ok(true);
    }
    let now = ctx.venue.order(&OrderRef::Venue(order.id.clone())).await.map_err(failed)?;
    Ok(now.is_some_and(|o| o.status == OrderStatus::Pending))
}

async fn reconcile_until_known(ctx: &Ctx<'_>, intent: &ReconcileIntent) -> Result<Reconciliation, Stop> {
    for _ in 0..RECONCILE_ATTEMPTS {
        match ctx.venue.reconcile(intent).await.map_err(failed)? {
            Reconciliation::StillUnknown { .. } => tokio::time::sleep(RECONCILE_PAUSE).await,
            known => return Ok(known),
        }
    }
    Err(failed("reconciliation stayed unknown"))
}

/// [`outcome_unknown_write_made`], keeping a skip's reason for the checks that depend on
/// the write (applied exactly once, a write that never happened).
async fn outcome_unknown_write(ctx: &mut Ctx<'_>, op: Operation) -> Check {
    let result = outcome_unknown_write_made(ctx, op).await;
    if let Err(Stop::Skipped(why)) = &result {
        ctx.applied_counts.entry(op).or_insert_with(|| Err(why.clone()));
    }
    result
}

async fn outcome_unknown_write_made(ctx: &mut Ctx<'_>, op: Operation) -> Check {
    if ctx.caps.custody == Custody::NonCustodial {
        return skip(format!(
            "non-custodial: a {op} returns transactions to sign and sends no write, so none can be outcome-unknown"
        ));
    }
    if !ctx.caps.supports(op) || !ctx.caps.supports(Operation::Reconcile) {
        return skip(format!("venue cannot {op} and reconcile"));
    }
    let target = if op == Operation::Redeem { redeem_target(ctx) } else { ctx.target.clone() };
    let Some((id, amount)) = target else { return skip("no available product") };
    let redeem = if op == Operation::Redeem { Some(redeem_request(ctx, &id, amount).await?) } else { None };
    if let Err(why) = ctx.harness.drop_next_write(op).await {
        return skip(format!("the harness cannot drop a {op} write's connection: {why}"));
    }
    let applied_before = ctx.harness.applied_writes(op);
    let result = match &redeem {
        Some(req) => ctx.venue.redeem(req).await,
        None => ctx.venue.stake(&StakeRequest::new(id.clone(), amount)).await,
    };
    ctx.harness.clear_faults().await;
    let err = match result {
        Err(e) if e.maybe_happened() => e,
        other => {
            return Err(failed(format!("a dropped {op} answered {:?} instead of OutcomeUnknown", other.map(|_| ()))));
        }
    };
    let Some(intent) = err.reconcile_intent().cloned() else { return Err(failed("OutcomeUnknown without intent")) };
    ensure!(intent.operation == op, "intent says {} for a {op}", intent.operation);
    ensure!(intent.amount == Some(amount), "intent amount {:?} != {amount}", intent.amount);
    ensure!(intent.sent_at.is_some(), "intent lacks the send time");
    match reconcile_until_known(ctx, &intent).await? {
        Reconciliation::Happened(order) => {
            ensure!(order.amount == amount, "reconciled order amount {} != {amount}", order.amount);
            let side = if op == Operation::Stake { OrderSide::Stake } else { OrderSide::Redeem };
            ensure!(order.side == side, "reconciled a {:?} order for a {op}", order.side);
        }
        other => return Err(failed(format!("a write the server applied reconciled as {other:?}"))),
    }
    let counts = match (applied_before, ctx.harness.applied_writes(op)) {
        (Ok(b), Ok(a)) => Ok((b, a)),
        (Err(why), _) | (_, Err(why)) => Err(why),
    };
    ctx.applied_counts.insert(op, counts);
    if op == Operation::Stake {
        // The model for "a write that never happened": a stake names no existing order.
        ctx.unknown_intent = Some(intent);
    }
    ctx.harness.wait_for_settlement().await;
    Ok(())
}

async fn outcome_unknown_stake_reconciles(ctx: &mut Ctx<'_>) -> Check {
    outcome_unknown_write(ctx, Operation::Stake).await
}

async fn outcome_unknown_redeem_reconciles(ctx: &mut Ctx<'_>) -> Check {
    outcome_unknown_write(ctx, Operation::Redeem).await
}

/// The write whose connection was dropped (and which reconciled as happened) was applied by
/// the server exactly once: the client did not send it again on its own.
fn applied_once(ctx: &Ctx<'_>, op: Operation) -> Check {
    match ctx.applied_counts.get(&op) {
        None => skip(format!("no outcome-unknown {op} completed (see the check above)")),
        Some(Err(why)) => skip(format!("not counted: {why}")),
        Some(Ok((before, after))) => {
            ensure!(
                *after == before + 1,
                "the server applied {} {op} writes for one request",
                after.saturating_sub(*before)
            );
            Ok(())
        }
    }
}

async fn outcome_unknown_stake_is_applied_once(ctx: &mut Ctx<'_>) -> Check {
    applied_once(ctx, Operation::Stake)
}

async fn outcome_unknown_redeem_is_applied_once(ctx: &mut Ctx<'_>) -> Check {
    applied_once(ctx, Operation::Redeem)
}

async fn a_write_that_never_happened_reconciles(ctx: &mut Ctx<'_>) -> Check {
    let Some(template) = ctx.unknown_intent.clone() else {
        return skip(match ctx.applied_counts.get(&Operation::Stake) {
            Some(Err(why)) => format!("no outcome-unknown stake to model: {why}"),
            _ => "no outcome-unknown stake to model".to_owned(),
        });
    };
    let mut intent = template;
    // An amount never written, sent long enough ago that any grace period has passed.
    let amount = intent.amount.and_then(|a| a.checked_add(a)).and_then(|a| a.checked_add(a));
    intent.amount = amount;
    intent.sent_at = Some(UnixMillis(UnixMillis::now_local().0 - 10 * 60 * 1000));
    intent.order_id = None;
    if intent.client_id.is_some() {
        let suffix = format!("{:012}", fastrand::u64(..1_000_000_000_000));
        intent.client_id = Some(ClientOrderId::new(format!("cf{}", &suffix[..12])));
    }
    match reconcile_until_known(ctx, &intent).await? {
        Reconciliation::DidNotHappen => Ok(()),
        other => Err(failed(format!("a write that was never sent reconciled as {other:?}"))),
    }
}
