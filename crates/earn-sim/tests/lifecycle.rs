//! Simulator handle: addresses, credentials, shutdown on drop.

mod common;

use std::time::Duration;

use common::*;
use earn_sim::{DemoCredentials, SimVenue, Simulator};

#[tokio::test]
async fn defaults_and_builder_settings() {
    let sim = Simulator::start().await.unwrap();
    assert!(sim.base_url().starts_with("http://127.0.0.1:"));
    assert_eq!(sim.base_url(), format!("http://{}", sim.addr()));
    assert_eq!(sim.okx_credentials().api_key, "sim-okx-key");
    assert_eq!(sim.okx_credentials().passphrase.as_deref(), Some("sim-okx-pass"));
    assert_eq!(sim.bybit_credentials().passphrase, None);
    assert_eq!(sim.web3_credentials().api_key, "sim-web3-key");
    assert_eq!(sim.web3_wallet().to_lowercase(), "0x7f42b7cd2bb9cf7ea4f2e0d5a0b4eeb2d8d899da");
    assert_ne!(sim.web3_wallet(), sim.web3_wallet().to_lowercase(), "checksummed form");
    assert_eq!(sim.balance(SimVenue::OkxExchange, "USDT"), dec("10000"));
    assert_eq!(sim.balance(SimVenue::Bybit, "ETH"), dec("10"));

    let custom = Simulator::builder()
        .okx_credentials(DemoCredentials::new("k2", "s2").with_passphrase("p2"))
        .balance(SimVenue::OkxExchange, "ETH", dec("0.5"))
        .start()
        .await
        .unwrap();
    assert_eq!(custom.balance(SimVenue::OkxExchange, "ETH"), dec("0.5"));
    let a = okx_post(&custom, "/api/v5/finance/staking-defi/eth/purchase", r#"{"amt":"1"}"#).await;
    assert_eq!(a.code(), "51736", "signed with the custom key, short of ETH");
}

#[tokio::test]
async fn dropping_the_handle_stops_the_server() {
    let sim = Simulator::start().await.unwrap();
    let addr = sim.addr();
    assert!(tokio::net::TcpStream::connect(addr).await.is_ok());
    drop(sim);
    let mut refused = false;
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(refused, "the listener is closed after drop");
}

#[tokio::test]
async fn unknown_paths_are_not_found_and_counted() {
    let sim = Simulator::start().await.unwrap();
    let response = reqwest::get(format!("{}/api/v5/nope", sim.base_url())).await.unwrap();
    assert_eq!(response.status().as_u16(), 404);
    assert_eq!(sim.requests("/api/v5/nope"), 1);
}
