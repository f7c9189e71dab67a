//! Faults against every write of every venue, through the embedded simulator.
//!
//! * A connection dropped after the simulator applied a write yields `OutcomeUnknown`, and
//!   reconciliation finds the order.
//! * A 5xx or 429 before the write was applied is reported as such, and reconciliation
//!   (which only reads) says it did not happen.
//! * In no case does the simulator's ledger show a write applied twice.
//! * Reads retry through transient faults and succeed.

mod support;

use std::future::Future;
use std::time::Duration;

use earn::*;
use earn_sim::{Fault, SimVenue, Simulator};
use rust_decimal::Decimal;
use support::*;

fn amount(text: &str) -> Amount {
    Amount::parse(text).expect("plain decimal")
}

/// Reads until reconciliation knows (bounded: about five seconds).
async fn reconcile(venue: &dyn EarnVenue, intent: &ReconcileIntent) -> Reconciliation {
    for _ in 0..50 {
        match venue.reconcile(intent).await.expect("reconcile reads") {
            Reconciliation::StillUnknown { .. } => tokio::time::sleep(Duration::from_millis(100)).await,
            known => return known,
        }
    }
    panic!("reconciliation stayed unknown for {intent:?}")
}

/// Drops the connection after the simulator applied `write`; the caller must be told the
/// outcome is unknown, reconciliation must find the order, and the ledger must show one write.
async fn dropped_after_apply<F>(sim: &Simulator, venue: &dyn EarnVenue, path: &str, write: F) -> Order
where
    F: Future<Output = Result<WriteOutcome>>,
{
    let applied = sim.applied_writes(path);
    sim.inject(Fault::on(path).nth(1).drop_after_apply());
    let err = write.await.expect_err("the connection was dropped");
    sim.clear_faults();
    assert!(err.maybe_happened(), "{path}: {err:?}");
    assert!(!err.is_retryable(), "{path}: an unknown write must never look retryable");
    assert_eq!(sim.applied_writes(path), applied + 1, "{path}: applied once");
    let intent = err.reconcile_intent().expect("intent").clone();
    assert!(intent.sent_at.is_some(), "{path}: intent carries the send time");
    match reconcile(venue, &intent).await {
        Reconciliation::Happened(order) => {
            assert_eq!(Some(order.amount), intent.amount.or(Some(order.amount)), "{path}: reconciled amount");
            assert_eq!(sim.applied_writes(path), applied + 1, "{path}: reconciliation only reads");
            order
        }
        other => panic!("{path}: an applied write reconciled as {other:?}"),
    }
}

/// Answers 503 before the simulator touches the ledger: the write's outcome is unknown to the
/// client (a 5xx proves nothing), nothing was applied, and reconciliation says so.
async fn server_error_before_apply<F>(sim: &Simulator, venue: &dyn EarnVenue, path: &str, write: F)
where
    F: Future<Output = Result<WriteOutcome>>,
{
    let applied = sim.applied_writes(path);
    sim.inject(Fault::on(path).nth(1).status(503));
    let err = write.await.expect_err("503");
    sim.clear_faults();
    assert!(err.maybe_happened(), "{path}: a 5xx on a write is outcome-unknown: {err:?}");
    let status = err.venue_error().and_then(|v| v.http_status);
    assert_eq!(status, Some(503), "{path}: the 503 is reported: {err:?}");
    assert_eq!(sim.applied_writes(path), applied, "{path}: nothing applied");
    let intent = err.reconcile_intent().expect("intent").clone();
    assert_eq!(reconcile(venue, &intent).await, Reconciliation::DidNotHappen, "{path}");
}

/// The venue's own rate-limit answer before the ledger: reported as rate limited (OKX), or
/// repeated once with the same idempotency key (Bybit), and never applied twice.
async fn rate_limited_before_apply<F>(sim: &Simulator, path: &str, write: F) -> Result<WriteOutcome>
where
    F: Future<Output = Result<WriteOutcome>>,
{
    let applied = sim.applied_writes(path);
    sim.inject(Fault::on(path).nth(1).rate_limit());
    let result = write.await;
    sim.clear_faults();
    match &result {
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::RateLimited, "{path}: {e:?}");
            assert!(!e.maybe_happened());
            assert_eq!(sim.applied_writes(path), applied, "{path}: nothing applied");
        }
        Ok(_) => assert_eq!(sim.applied_writes(path), applied + 1, "{path}: applied exactly once"),
    }
    result
}

async fn okx_sim(settlement: Duration) -> Simulator {
    Simulator::builder().settlement_delay(settlement).start().await.expect("simulator starts")
}

fn okx(sim: &Simulator) -> okx_staking::OkxStakingVenue {
    okx_venue(sim).reconcile_grace(Duration::ZERO).confirm_window(Duration::from_millis(500))
}

fn bybit(sim: &Simulator) -> bybit_earn::BybitEarnVenue {
    bybit_venue(sim).reconcile_grace(Duration::ZERO)
}

const ETH_PURCHASE: &str = "/api/v5/finance/staking-defi/eth/purchase";
const ETH_REDEEM: &str = "/api/v5/finance/staking-defi/eth/redeem";
const ETH_CANCEL: &str = "/api/v5/finance/staking-defi/eth/cancel-redeem";
const SOL_PURCHASE: &str = "/api/v5/finance/staking-defi/sol/purchase";
const SOL_REDEEM: &str = "/api/v5/finance/staking-defi/sol/redeem";
const EARN_PURCHASE: &str = "/api/v5/finance/staking-defi/purchase";
const EARN_REDEEM: &str = "/api/v5/finance/staking-defi/redeem";
const EARN_CANCEL: &str = "/api/v5/finance/staking-defi/cancel";
const PLACE_ORDER: &str = "/v5/earn/place-order";

#[tokio::test]
async fn okx_eth_and_sol_writes_survive_every_fault() {
    let sim = okx_sim(Duration::from_millis(200)).await;
    let v = okx(&sim);
    for (product, stake_path, redeem_path, qty) in
        [("eth", ETH_PURCHASE, ETH_REDEEM, "0.25"), ("sol", SOL_PURCHASE, SOL_REDEEM, "2")]
    {
        let asset = product.to_uppercase();
        let funds = sim.balance(SimVenue::OkxExchange, &asset);
        let stake = StakeRequest::new(product, amount(qty));
        let order = dropped_after_apply(&sim, &v, stake_path, v.stake(&stake)).await;
        assert_eq!(order.side, OrderSide::Stake);
        server_error_before_apply(&sim, &v, stake_path, v.stake(&stake)).await;
        rate_limited_before_apply(&sim, stake_path, v.stake(&stake)).await.expect_err("OKX writes carry no key");
        let debited = funds - sim.balance(SimVenue::OkxExchange, &asset);
        assert_eq!(debited, amount(qty).decimal(), "{product}: exactly one stake moved funds");

        // The adapter refuses locally a redemption the funding account cannot cover (issue
        // 11), so the three redemptions below (one applied, two that never reach the ledger)
        // need a second stake's tokens in the account.
        let second = v.stake(&stake).await.expect("a second stake");
        assert!(second.order().is_some(), "{product}: the second stake is an order");
        let token = if product == "eth" { "BETH" } else { "OKSOL" };
        let needed = amount(qty).decimal() * Decimal::TWO;
        for _ in 0..50 {
            if sim.balance(SimVenue::OkxExchange, token) >= needed {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(sim.balance(SimVenue::OkxExchange, token) >= needed, "{product}: both stakes credited {token}");

        let redeem = RedeemRequest::new(product, amount(qty));
        let order = dropped_after_apply(&sim, &v, redeem_path, v.redeem(&redeem)).await;
        assert_eq!(order.side, OrderSide::Redeem);
        // The venue settles in its own time: wait until it shows enough funding-account
        // tokens for the next redemption (the adapter refuses one it could not cover).
        let mut allowed = false;
        for _ in 0..100 {
            if v.redemption_estimate(&redeem).await.is_ok_and(|e| e.allowed) {
                allowed = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(allowed, "{product}: the second stake's {token} never showed in the funding account");
        server_error_before_apply(&sim, &v, redeem_path, v.redeem(&redeem)).await;
        rate_limited_before_apply(&sim, redeem_path, v.redeem(&redeem)).await.expect_err("OKX writes carry no key");
    }
}

#[tokio::test]
async fn okx_eth_cancel_redeem_survives_a_dropped_connection() {
    let sim = okx_sim(Duration::from_secs(30)).await;
    let v = okx(&sim);
    let staked = v.stake(&StakeRequest::new("eth", amount("1"))).await.expect("stake");
    assert!(staked.order().is_some());
    let redeem = v.redeem(&RedeemRequest::new("eth", amount("1"))).await.expect("redeem").into_order().expect("order");
    let applied = sim.applied_writes(ETH_CANCEL);
    sim.inject(Fault::on(ETH_CANCEL).nth(1).drop_after_apply());
    let err = v.cancel_redemption(&OrderRef::Venue(redeem.id.clone())).await.expect_err("dropped");
    sim.clear_faults();
    assert!(err.maybe_happened(), "{err:?}");
    assert_eq!(sim.applied_writes(ETH_CANCEL), applied + 1);
    let intent = err.reconcile_intent().expect("intent").clone();
    assert_eq!(intent.operation, Operation::CancelRedemption);
    match reconcile(&v, &intent).await {
        Reconciliation::Happened(order) => assert_eq!(order.status, OrderStatus::Cancelled),
        other => panic!("an applied cancel reconciled as {other:?}"),
    }
}

#[tokio::test]
async fn okx_onchain_earn_purchase_and_redeem_survive_every_fault() {
    let sim = okx_sim(Duration::from_millis(200)).await;
    let v = okx(&sim);
    let stake = StakeRequest::new("onchain:101", amount("5"));
    let placed = dropped_after_apply(&sim, &v, EARN_PURCHASE, v.stake(&stake)).await;
    assert!(placed.client_id.is_some(), "on-chain earn purchases are tagged");
    server_error_before_apply(&sim, &v, EARN_PURCHASE, v.stake(&stake)).await;
    rate_limited_before_apply(&sim, EARN_PURCHASE, v.stake(&stake)).await.expect_err("no key, no repeat");

    // Once the purchase earns, redeem it through a dropped connection.
    tokio::time::sleep(Duration::from_millis(400)).await;
    let redeem = RedeemRequest::new("onchain:101", amount("5")).position_id(placed.id.as_str());
    let order = dropped_after_apply(&sim, &v, EARN_REDEEM, v.redeem(&redeem)).await;
    assert_eq!(order.side, OrderSide::Redeem);
}

#[tokio::test]
async fn okx_onchain_earn_cancel_survives_a_dropped_connection() {
    let sim = okx_sim(Duration::from_secs(30)).await;
    let v = okx(&sim);
    let pending = v.stake(&StakeRequest::new("onchain:101", amount("5"))).await.expect("stake");
    let pending = pending.into_order().expect("custodial order");
    let applied = sim.applied_writes(EARN_CANCEL);
    sim.inject(Fault::on(EARN_CANCEL).nth(1).drop_after_apply());
    let err = v.cancel_redemption(&OrderRef::Venue(pending.id.clone())).await.expect_err("dropped");
    sim.clear_faults();
    assert!(err.maybe_happened(), "{err:?}");
    assert_eq!(sim.applied_writes(EARN_CANCEL), applied + 1);
    match reconcile(&v, err.reconcile_intent().expect("intent")).await {
        Reconciliation::Happened(order) => assert_eq!(order.id, pending.id),
        other => panic!("an applied cancel reconciled as {other:?}"),
    }
}

#[tokio::test]
async fn bybit_place_order_survives_every_fault_without_duplicates() {
    let sim = okx_sim(Duration::from_millis(200)).await;
    let v = bybit(&sim);
    let btc = sim.balance(SimVenue::Bybit, "BTC");
    let stake = StakeRequest::new("FlexibleSaving:430", amount("0.01"));
    let order = dropped_after_apply(&sim, &v, PLACE_ORDER, v.stake(&stake)).await;
    assert!(order.client_id.is_some(), "the orderLinkId found it");
    server_error_before_apply(&sim, &v, PLACE_ORDER, v.stake(&stake)).await;
    // A rate-limit rejection is definite and the order carries its key: repeated once, same key.
    let before = sim.requests(PLACE_ORDER);
    let repeated = rate_limited_before_apply(&sim, PLACE_ORDER, v.stake(&stake)).await;
    assert!(repeated.expect("repeated with the same key").order().is_some());
    assert_eq!(sim.requests(PLACE_ORDER), before + 2);
    assert_eq!(btc - sim.balance(SimVenue::Bybit, "BTC"), Decimal::new(2, 2), "two stakes, each applied once");

    let redeem = RedeemRequest::new("FlexibleSaving:430", amount("0.01"));
    let order = dropped_after_apply(&sim, &v, PLACE_ORDER, v.redeem(&redeem)).await;
    assert_eq!(order.side, OrderSide::Redeem);
    server_error_before_apply(&sim, &v, PLACE_ORDER, v.redeem(&redeem)).await;

    let onchain = StakeRequest::new("OnChain:501", amount("0.5"));
    dropped_after_apply(&sim, &v, PLACE_ORDER, v.stake(&onchain)).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let position = v.positions().await.expect("positions").into_iter().find(|p| p.product.as_str() == "OnChain:501");
    let position_id = position.and_then(|p| p.position_id).expect("OnChain positions name themselves");
    let redeem = RedeemRequest::new("OnChain:501", amount("0.5")).position_id(position_id);
    dropped_after_apply(&sim, &v, PLACE_ORDER, v.redeem(&redeem)).await;
}

#[tokio::test]
async fn reads_retry_through_transient_faults_and_succeed() {
    let sim = okx_sim(Duration::ZERO).await;
    let okx = okx(&sim);
    let bybit = bybit(&sim);
    let web3 = web3_venue(&sim, okx_web3_defi::ApiGeneration::V5);
    let cases: [(&dyn EarnVenue, &str); 3] = [
        (&okx, "/api/v5/finance/staking-defi/eth/balance"),
        (&bybit, "/v5/earn/position"),
        (&web3, "/api/v5/defi/user/asset/platform/list"),
    ];
    for (venue, path) in cases {
        let faults = [
            Fault::on(path).nth(1).status(503),
            Fault::on(path).nth(1).rate_limit(),
            Fault::on(path).nth(1).malformed_body(),
            Fault::on(path).nth(1).truncated_body(),
            Fault::on(path).nth(1).drop_after_apply(),
        ];
        for fault in faults {
            let before = sim.requests(path);
            sim.inject(fault);
            let positions = venue.positions().await;
            sim.clear_faults();
            assert!(positions.is_ok(), "{path}: {positions:?}");
            assert!(sim.requests(path) >= before + 2, "{path}: the read was repeated");
        }
    }
}

#[tokio::test]
async fn non_custodial_builds_retry_and_still_move_nothing() {
    let sim = okx_sim(Duration::ZERO).await;
    for generation in [okx_web3_defi::ApiGeneration::V5, okx_web3_defi::ApiGeneration::V6] {
        let v = web3_venue(&sim, generation);
        let build = match generation {
            okx_web3_defi::ApiGeneration::V5 => "/api/v5/defi/transaction/subscription",
            _ => "/api/v6/defi/transaction/enter",
        };
        sim.inject(Fault::on(build).nth(1).drop_after_apply());
        let outcome = v.stake(&StakeRequest::new("9502", amount("25"))).await;
        sim.clear_faults();
        match outcome {
            Ok(WriteOutcome::NeedsSignature(plan)) => assert!(!plan.transactions.is_empty()),
            other => panic!("{generation:?}: {other:?}"),
        }
    }
}

const BN_FLEX_SUBSCRIBE: &str = "/sapi/v1/simple-earn/flexible/subscribe";
const BN_FLEX_REDEEM: &str = "/sapi/v1/simple-earn/flexible/redeem";
const BN_LOCKED_SUBSCRIBE: &str = "/sapi/v1/simple-earn/locked/subscribe";
const BN_LOCKED_REDEEM: &str = "/sapi/v1/simple-earn/locked/redeem";
const BN_ETH_STAKE: &str = "/sapi/v2/eth-staking/eth/stake";
const BN_ETH_REDEEM: &str = "/sapi/v1/eth-staking/eth/redeem";
const BN_SOL_STAKE: &str = "/sapi/v1/sol-staking/sol/stake";
const BN_SOL_REDEEM: &str = "/sapi/v1/sol-staking/sol/redeem";
const BN_TRANSFER: &str = "/sapi/v1/asset/transfer";

/// A simulator whose Binance writes are not paced (one per 3 s per endpoint): the faults
/// below are injected, not earned by writing fast.
async fn binance_sim(settlement: Duration) -> Simulator {
    Simulator::builder()
        .settlement_delay(settlement)
        .enforce_rate_limits(false)
        .start()
        .await
        .expect("simulator starts")
}

/// A Binance adapter whose "did not happen" comes one receive window (1 s) after the send.
fn binance(sim: &Simulator) -> binance_earn::BinanceEarnVenue {
    let client = binance_earn::BinanceEarnClient::builder(binance_earn::Environment::Production)
        .base_url(sim.base_url())
        .credentials(sim.binance_credentials().to_credentials())
        .transport(transport().enforce_rate_limits(false))
        .recv_window(Duration::from_millis(1000))
        .build()
        .expect("client builds");
    binance_earn::BinanceEarnVenue::new(client).reconcile_grace(Duration::ZERO)
}

/// Binance keeps no client ids: each fault on each write is found (or not) in history,
/// and a refused repeat never reaches the ledger.
async fn binance_write_survives_every_fault<F, Fut>(sim: &Simulator, v: &dyn EarnVenue, path: &str, write: F) -> Order
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<WriteOutcome>>,
{
    let order = dropped_after_apply(sim, v, path, write()).await;
    server_error_before_apply(sim, v, path, write()).await;
    rate_limited_before_apply(sim, path, write()).await.expect_err("no client id, so no repeat");
    order
}

/// Waits until the venue would accept `redeem` (the stake it redeems has settled).
async fn until_redeemable(v: &dyn EarnVenue, redeem: &RedeemRequest) {
    for _ in 0..100 {
        if v.redemption_estimate(redeem).await.is_ok_and(|e| e.allowed) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{redeem:?} never became redeemable");
}

#[tokio::test]
async fn binance_simple_earn_writes_survive_every_fault() {
    let sim = binance_sim(Duration::from_millis(200)).await;
    let v = binance(&sim);
    let usdt = sim.balance(SimVenue::Binance, "USDT");

    let flexible = StakeRequest::new("flexible:USDT:USDT001", amount("25"));
    let order = binance_write_survives_every_fault(&sim, &v, BN_FLEX_SUBSCRIBE, || v.stake(&flexible)).await;
    assert_eq!((order.side, order.product.as_str()), (OrderSide::Stake, "flexible:USDT:USDT001"));
    assert_eq!(usdt - sim.balance(SimVenue::Binance, "USDT"), Decimal::from(25), "one subscription debited SPOT");
    let redeem = RedeemRequest::new("flexible:USDT:USDT001", amount("10"));
    until_redeemable(&v, &redeem).await;
    let order = binance_write_survives_every_fault(&sim, &v, BN_FLEX_REDEEM, || v.redeem(&redeem)).await;
    assert_eq!(order.side, OrderSide::Redeem);

    // Two locked positions: one is redeemed early through a dropped connection; the other
    // takes the 503 and the 429 (a position being redeemed is refused locally).
    let locked = StakeRequest::new("locked:USDT:USDT*30", amount("10"));
    binance_write_survives_every_fault(&sim, &v, BN_LOCKED_SUBSCRIBE, || v.stake(&locked)).await;
    let second = v.stake(&locked).await.expect("a second locked subscription");
    assert!(second.order().is_some(), "the second subscription is an order");
    assert_eq!(sim.applied_writes(BN_LOCKED_SUBSCRIBE), 2, "two subscriptions, each applied once");
    let mut ids = Vec::new();
    for _ in 0..100 {
        let positions = v.positions().await.expect("positions");
        ids = positions
            .into_iter()
            .filter(|p| p.product.as_str() == "locked:USDT:USDT*30")
            .filter_map(|p| p.position_id)
            .collect();
        if ids.len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(ids.len(), 2, "two locked positions: {ids:?}");
    let first = RedeemRequest::new("locked:USDT:USDT*30", amount("10")).position_id(ids[0].clone());
    let order = dropped_after_apply(&sim, &v, BN_LOCKED_REDEEM, v.redeem(&first)).await;
    assert_eq!(order.side, OrderSide::Redeem);
    let second = RedeemRequest::new("locked:USDT:USDT*30", amount("10")).position_id(ids[1].clone());
    server_error_before_apply(&sim, &v, BN_LOCKED_REDEEM, v.redeem(&second)).await;
    rate_limited_before_apply(&sim, BN_LOCKED_REDEEM, v.redeem(&second)).await.expect_err("no client id, no repeat");
    assert_eq!(sim.applied_writes(BN_LOCKED_REDEEM), 1, "one early redemption");
}

#[tokio::test]
async fn binance_eth_and_sol_writes_survive_every_fault() {
    let sim = binance_sim(Duration::from_millis(200)).await;
    let v = binance(&sim);
    for (product, stake_path, redeem_path, qty, tokens) in [
        ("eth-staking", BN_ETH_STAKE, BN_ETH_REDEEM, "0.5", "0.1"),
        ("sol-staking", BN_SOL_STAKE, BN_SOL_REDEEM, "3", "1"),
    ] {
        let asset = if product == "eth-staking" { "ETH" } else { "SOL" };
        let funds = sim.balance(SimVenue::Binance, asset);
        let stake = StakeRequest::new(product, amount(qty));
        let order = binance_write_survives_every_fault(&sim, &v, stake_path, || v.stake(&stake)).await;
        assert_eq!(order.side, OrderSide::Stake);
        assert_eq!(funds - sim.balance(SimVenue::Binance, asset), amount(qty).decimal(), "{product}: one stake");
        // A second stake's tokens, so the redemptions below (each checked locally against
        // the tokens held) have enough after the first one applies.
        let second = v.stake(&stake).await.expect("a second stake");
        assert!(second.order().is_some(), "{product}: the second stake is an order");
        let redeem = RedeemRequest::new(product, amount(tokens));
        until_redeemable(&v, &redeem).await;
        let order = binance_write_survives_every_fault(&sim, &v, redeem_path, || v.redeem(&redeem)).await;
        assert_eq!((order.side, order.amount), (OrderSide::Redeem, amount(tokens)), "{product}");
        assert_eq!(sim.applied_writes(stake_path), 2, "{product}: two stakes");
        assert_eq!(sim.applied_writes(redeem_path), 1, "{product}: one redemption");
    }
}

#[tokio::test]
async fn binance_transfer_survives_every_fault() {
    let sim = binance_sim(Duration::ZERO).await;
    let v = binance(&sim);
    let usdt = sim.balance(SimVenue::Binance, "USDT");
    let transfer = TransferRequest::new("USDT", amount("7"), "SPOT", "FUNDING");

    sim.inject(Fault::on(BN_TRANSFER).nth(1).drop_after_apply());
    let err = v.transfer(&transfer).await.expect_err("the connection was dropped");
    sim.clear_faults();
    assert!(err.maybe_happened() && !err.is_retryable(), "{err:?}");
    let intent = err.reconcile_intent().expect("intent").clone();
    match reconcile(&v, &intent).await {
        Reconciliation::TransferHappened(t) => assert_eq!((t.amount, t.asset.as_str()), (amount("7"), "USDT")),
        other => panic!("an applied transfer reconciled as {other:?}"),
    }
    assert_eq!(sim.applied_writes(BN_TRANSFER), 1);

    sim.inject(Fault::on(BN_TRANSFER).nth(1).status(503));
    let err = v.transfer(&transfer).await.expect_err("503");
    sim.clear_faults();
    assert!(err.maybe_happened(), "{err:?}");
    assert_eq!(reconcile(&v, err.reconcile_intent().expect("intent")).await, Reconciliation::DidNotHappen);

    sim.inject(Fault::on(BN_TRANSFER).nth(1).rate_limit());
    let err = v.transfer(&transfer).await.expect_err("429");
    sim.clear_faults();
    assert_eq!(err.kind(), ErrorKind::RateLimited, "{err:?}");
    assert_eq!(sim.applied_writes(BN_TRANSFER), 1, "the transfer was applied once");
    assert_eq!(usdt - sim.balance(SimVenue::Binance, "USDT"), Decimal::from(7), "SPOT debited once");
}
