//! Issue 11 end to end on the simulator, through `dyn EarnVenue` alone: idle money is
//! read, moved to the account a product draws on, staked, redeemed to the account of the
//! caller's choice, and seen idle again; a lost transfer answer reconciles to the truth;
//! OKX's funding-only BETH redemption rule is enforced before anything is sent.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use earn::prelude::*;
use earn_sim::{Fault, SimAccount, Simulator};
use rust_decimal::Decimal;
use support::*;

fn usdt(venue: &[Balance], account: &str) -> Decimal {
    venue
        .iter()
        .filter(|b| b.account.as_str() == account && b.asset.as_str() == "USDT")
        .map(|b| b.available.decimal())
        .sum()
}

/// Polls `balances()` until `account` holds at least `want` USDT (settlement is in venue time).
async fn wait_for_idle(venue: &dyn EarnVenue, account: &str, want: Decimal) -> Decimal {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = usdt(&venue.balances().await.expect("balances"), account);
        if now >= want || Instant::now() > deadline {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Read idle USDT, move it where the product draws, stake, redeem to `pay_to`, idle again.
async fn round_trip(sim: &Simulator, venue: Arc<dyn EarnVenue>, product: &str, from: &str, pay_to: &str) {
    let amount = Amount::parse("100").unwrap();
    let caps = venue.capabilities();
    assert!(caps.supports(Operation::Balances) && caps.supports(Operation::Transfer), "{caps:?}");
    let products = venue.products(&ProductFilter::asset("USDT")).await.unwrap();
    let p = products.iter().find(|p| p.id.as_str() == product).unwrap_or_else(|| panic!("{product} listed"));
    let draws = p.draws_from.clone().expect("the product says which account it draws on");
    assert!(caps.accounts.contains(&draws.as_str()), "{draws} is one of the venue's accounts");

    // 1. Idle USDT.
    let before = venue.balances().await.unwrap();
    assert!(usdt(&before, from) >= amount.decimal(), "idle USDT in {from}: {before:?}");
    let idle_in_draws = usdt(&before, draws.as_str());

    // 2. Move it to the account the product draws on.
    let transfer = venue.transfer(&TransferRequest::new("USDT", amount, from, draws.clone())).await.unwrap();
    assert_eq!(transfer.amount, amount);
    let moved = wait_for_idle(&*venue, draws.as_str(), idle_in_draws + amount.decimal()).await;
    assert_eq!(moved, idle_in_draws + amount.decimal(), "the transfer arrived once");

    // 3. Stake it, then redeem to the account of the caller's choice.
    let staked = venue.stake(&StakeRequest::new(product, amount)).await.unwrap();
    assert!(staked.order().is_some(), "custodial stake places an order");
    let after_stake = usdt(&venue.balances().await.unwrap(), draws.as_str());
    assert_eq!(after_stake, idle_in_draws, "the stake drew on {draws}");
    sim.advance(Duration::from_secs(3600));
    tokio::time::sleep(support::SETTLEMENT).await;
    let idle_in_pay_to = usdt(&venue.balances().await.unwrap(), pay_to);
    let redeem = RedeemRequest::new(product, amount).to_account(pay_to);
    let redeemed = venue.redeem(&redeem).await.unwrap();
    assert!(redeemed.order().is_some());

    // 4. The money is idle again, in the chosen account.
    let back = wait_for_idle(&*venue, pay_to, idle_in_pay_to + amount.decimal()).await;
    assert!(back >= idle_in_pay_to + amount.decimal(), "redeemed USDT is idle in {pay_to} again: {back}");
}

#[tokio::test]
async fn okx_idle_usdt_to_savings_and_back() {
    let sim = simulator().await;
    let okx: Arc<dyn EarnVenue> = Arc::new(okx_venue(&sim));
    round_trip(&sim, okx, "savings:USDT", "trading", "funding").await;
}

#[tokio::test]
async fn bybit_idle_usdt_to_flexible_saving_and_back() {
    let sim = simulator().await;
    let bybit: Arc<dyn EarnVenue> = Arc::new(bybit_venue(&sim));
    round_trip(&sim, bybit, "FlexibleSaving:428", "UNIFIED", "FUND").await;
}

#[tokio::test]
async fn a_transfer_whose_answer_is_lost_reconciles_to_happened_once() {
    let sim = simulator().await;
    for (venue, path, from, to) in [
        (Arc::new(okx_venue(&sim)) as Arc<dyn EarnVenue>, "/api/v5/asset/transfer", "trading", "funding"),
        (Arc::new(bybit_venue(&sim)) as Arc<dyn EarnVenue>, "/v5/asset/transfer/inter-transfer", "UNIFIED", "FUND"),
    ] {
        sim.inject(Fault::on(path).nth(1).drop_after_apply());
        let request = TransferRequest::new("USDT", Amount::parse("25").unwrap(), from, to);
        let err = venue.transfer(&request).await.unwrap_err();
        assert!(err.maybe_happened(), "{err}");
        let intent = err.reconcile_intent().unwrap().clone();
        let mut answer = venue.reconcile(&intent).await.unwrap();
        for _ in 0..50 {
            if !answer.is_still_unknown() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            answer = venue.reconcile(&intent).await.unwrap();
        }
        let Reconciliation::TransferHappened(t) = answer else { panic!("{path}: {answer:?}") };
        assert_eq!(t.amount, request.amount);
        assert_eq!(sim.applied_writes(path), 1, "{path}: applied once, never repeated");
    }
}

#[tokio::test]
async fn okx_beth_in_trading_cannot_be_redeemed_and_nothing_is_sent() {
    let sim = simulator().await;
    assert!(sim.account_balance(SimAccount::OKX_TRADING, "BETH") > Decimal::ZERO, "seeded BETH in trading");
    assert_eq!(sim.account_balance(SimAccount::OKX_FUNDING, "BETH"), Decimal::ZERO);
    let okx = okx_venue(&sim);
    let request = RedeemRequest::new("eth", Amount::parse("0.5").unwrap());
    let estimate = okx.redemption_estimate(&request).await.unwrap();
    assert!(!estimate.allowed, "{estimate:?}");
    assert!(estimate.reason.as_deref().unwrap_or("").contains("funding"), "{estimate:?}");
    assert_eq!(estimate.shortfall, Some(Amount::parse("0.5").unwrap()), "{estimate:?}");
    assert!(okx.redeem(&request).await.is_err());
    assert_eq!(sim.requests("/api/v5/finance/staking-defi/eth/redeem"), 0, "the refused redeem was never sent");
}

#[tokio::test]
async fn no_product_claims_a_liquidity_it_does_not_have() {
    let sim = simulator().await;
    let venues: Vec<Arc<dyn EarnVenue>> = vec![Arc::new(okx_venue(&sim)), Arc::new(bybit_venue(&sim))];
    for venue in venues {
        for p in venue.products(&ProductFilter::all()).await.unwrap() {
            if let ProductKind::Locked { term } = p.kind {
                assert!(!term.is_zero(), "{} locked for no time", p.id);
                assert!(!p.redemption_allowed, "{} is locked yet redeemable", p.id);
            }
            if p.name.as_deref().unwrap_or("").to_ascii_lowercase().contains("30d") || p.id.as_str() == "OnChain:503" {
                assert!(matches!(p.kind, ProductKind::Locked { .. }), "{} is a fixed term: {:?}", p.id, p.kind);
            }
            if let (Some(apr), Some(apy)) = (p.apr, p.apy) {
                assert!(apr <= apy, "{}: an APY is never below its APR", p.id);
            }
        }
    }
}
