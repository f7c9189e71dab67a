//! The conformance suite, written once against `dyn EarnVenue`, run against every venue
//! (and every product family of each) backed by the embedded simulator.

#![cfg(feature = "conformance")]

mod support;

use std::sync::Arc;

use earn::conformance::run;
use support::*;

#[tokio::test]
async fn okx_eth_staking_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(okx_venue(&sim));
    let report = run(&SimHarness::new(sim, venue, OKX_ETH_WRITES).target("eth", "0.5")).await;
    println!("{report}");
    report.assert_passed();
}

#[tokio::test]
async fn okx_sol_staking_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(okx_venue(&sim));
    let report = run(&SimHarness::new(sim, venue, OKX_SOL_WRITES).target("sol", "3")).await;
    println!("{report}");
    report.assert_passed();
}

#[tokio::test]
async fn okx_onchain_earn_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(okx_venue(&sim));
    let report = run(&SimHarness::new(sim, venue, OKX_ONCHAIN_WRITES).target("onchain:101", "5")).await;
    println!("{report}");
    report.assert_passed();
}

#[tokio::test]
async fn bybit_flexible_saving_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(bybit_venue(&sim));
    let report = run(&SimHarness::new(sim, venue, BYBIT_WRITES).target("FlexibleSaving:430", "0.01")).await;
    println!("{report}");
    report.assert_passed();
}

#[tokio::test]
async fn bybit_onchain_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(bybit_venue(&sim));
    let report = run(&SimHarness::new(sim, venue, BYBIT_WRITES).target("OnChain:501", "0.5")).await;
    println!("{report}");
    report.assert_passed();
}

#[tokio::test]
async fn okx_web3_defi_v5_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(web3_venue(&sim, okx_web3_defi::ApiGeneration::V5));
    let report = run(&SimHarness::new(sim, venue, &[]).target("9502", "25")).await;
    println!("{report}");
    report.assert_passed();
}

#[tokio::test]
async fn okx_web3_defi_v6_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(web3_venue(&sim, okx_web3_defi::ApiGeneration::V6));
    let report = run(&SimHarness::new(sim, venue, &[]).target("9502", "25")).await;
    println!("{report}");
    report.assert_passed();
}

#[tokio::test]
async fn binance_flexible_conforms() {
    let sim = simulator().await;
    let venue = Arc::new(binance_venue(&sim));
    let harness = SimHarness::new(sim, venue, BINANCE_FLEXIBLE_WRITES).target("flexible:USDT:USDT001", "25");
    let report = run(&harness).await;
    println!("{report}");
    report.assert_passed();
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
    report.assert_passed();
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
    report.assert_passed();
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
    report.assert_passed();
}
