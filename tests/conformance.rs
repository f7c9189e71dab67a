//! The conformance suite, written once against `dyn EarnVenue`, run against every venue
//! (and every product family of each) backed by the embedded simulator.

#![cfg(feature = "conformance")]

mod support;

use std::sync::Arc;

use earn::conformance::run;
use support::*;

/// OKX supports every operation, so it has nothing to answer `Unsupported`.
const OKX_SKIPS: &[&str] = &["unsupported operations answer Unsupported"];
/// Bybit and Binance run every check.
const NO_SKIPS: &[&str] = &[];
/// OKX Web3 DeFi is non-custodial: a stake or redemption returns transactions to sign and
/// sends no write, so there is no order to look up and no write whose outcome can be
/// unknown (each skip carries that reason in the report); it has no transfers and no
/// locked product. Everything else runs, including "bad amounts never reach the server",
/// counted on the requests that build the transactions.
const WEB3_SKIPS: &[&str] = &[
    "orders can be looked up",
    "outcome-unknown stake reconciles to the truth",
    "outcome-unknown stake is applied exactly once",
    "outcome-unknown redeem reconciles to the truth",
    "outcome-unknown redeem is applied exactly once",
    "a write that never happened reconciles as such",
    "a transfer moves idle money between accounts, once",
    "a locked product refuses early redemption",
];
/// The v6 generation also gives no redemption estimate (the v5 calculator has no v6 twin).
const WEB3_V6_EXTRA_SKIPS: &[&str] = &["estimate matches the redemption"];

#[tokio::test]
async fn okx_eth_staking_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(okx_venue(&sim));
    let report = run(&SimHarness::new(sim, venue, OKX_ETH_WRITES).target("eth", "0.5")).await;
    println!("{report}");
    report.assert_outcomes(OKX_SKIPS);
}

#[tokio::test]
async fn okx_sol_staking_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(okx_venue(&sim));
    let report = run(&SimHarness::new(sim, venue, OKX_SOL_WRITES).target("sol", "3")).await;
    println!("{report}");
    report.assert_outcomes(OKX_SKIPS);
}

#[tokio::test]
async fn okx_onchain_earn_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(okx_venue(&sim));
    let report = run(&SimHarness::new(sim, venue, OKX_ONCHAIN_WRITES).target("onchain:101", "5")).await;
    println!("{report}");
    report.assert_outcomes(OKX_SKIPS);
}

#[tokio::test]
async fn bybit_flexible_saving_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(bybit_venue(&sim));
    let report = run(&SimHarness::new(sim, venue, BYBIT_WRITES).target("FlexibleSaving:430", "0.01")).await;
    println!("{report}");
    report.assert_outcomes(NO_SKIPS);
}

#[tokio::test]
async fn bybit_onchain_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(bybit_venue(&sim));
    let report = run(&SimHarness::new(sim, venue, BYBIT_WRITES).target("OnChain:501", "0.5")).await;
    println!("{report}");
    report.assert_outcomes(NO_SKIPS);
}

#[tokio::test]
async fn okx_web3_defi_v5_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(web3_venue(&sim, okx_web3_defi::ApiGeneration::V5));
    let report = run(&SimHarness::new(sim, venue, &[]).calldata(WEB3_V5_CALLDATA).target("9502", "25")).await;
    println!("{report}");
    report.assert_outcomes(WEB3_SKIPS);
}

#[tokio::test]
async fn okx_web3_defi_v6_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(web3_venue(&sim, okx_web3_defi::ApiGeneration::V6));
    let report = run(&SimHarness::new(sim, venue, &[]).calldata(WEB3_V6_CALLDATA).target("9502", "25")).await;
    println!("{report}");
    report.assert_outcomes(&[WEB3_SKIPS, WEB3_V6_EXTRA_SKIPS].concat());
}

#[tokio::test]
async fn binance_flexible_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(binance_venue(&sim));
    let harness = SimHarness::new(sim, venue, BINANCE_FLEXIBLE_WRITES).target("flexible:USDT:USDT001", "25");
    let report = run(&harness).await;
    println!("{report}");
    report.assert_outcomes(NO_SKIPS);
}

/// `USDT*30` allows early redemption (`canRedeemEarly`), so the redemption checks run;
/// the suite's own locked check finds the 90-day project, which does not.
#[tokio::test]
async fn binance_locked_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(binance_venue(&sim));
    let harness = SimHarness::new(sim, venue, BINANCE_LOCKED_WRITES).target("locked:USDT:USDT*30", "10");
    let report = run(&harness).await;
    println!("{report}");
    report.assert_outcomes(NO_SKIPS);
}

/// Binance credits ETH staking as WBETH at its published exchange rate (ETH per WBETH,
/// above one and growing), and redeems WBETH: the position is held in WBETH.
#[tokio::test]
async fn binance_eth_staking_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(binance_venue(&sim));
    let harness = SimHarness::new(sim, venue, BINANCE_ETH_WRITES).target("eth-staking", "0.5").receipt_token(
        "WBETH",
        "Binance credits staked ETH as WBETH at its exchange rate and redeems WBETH (reference §10.1)",
    );
    let report = run(&harness).await;
    println!("{report}");
    report.assert_outcomes(NO_SKIPS);
}

/// As ETH: SOL staking is credited, and redeemed, as BNSOL at its exchange rate.
#[tokio::test]
async fn binance_sol_staking_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(binance_venue(&sim));
    let harness = SimHarness::new(sim, venue, BINANCE_SOL_WRITES).target("sol-staking", "3").receipt_token(
        "BNSOL",
        "Binance credits staked SOL as BNSOL at its exchange rate and redeems BNSOL (reference §10.2)",
    );
    let report = run(&harness).await;
    println!("{report}");
    report.assert_outcomes(NO_SKIPS);
}
