//! Shared by the benchmarks: fixtures, a canned local server, the venue clients built
//! against a base URL, and the hand-written baseline clients.

#![allow(dead_code)]

pub mod baseline;
pub mod fixtures;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::http::header;
use axum::routing::{get, post};
use earn_core::Credentials;
use earn_core::http::RetryPolicy;

/// Canned-server paths, one position read per venue.
pub const OKX_POSITIONS_PATH: &str = "/api/v5/finance/staking-defi/orders-active";
/// Bybit positions.
pub const BYBIT_POSITIONS_PATH: &str = "/v5/earn/position";
/// OKX Web3 v6 platform detail (positions).
pub const WEB3_POSITIONS_PATH: &str = "/api/v6/defi/user/asset/platform/detail";

/// The demo wallet whose positions are read.
pub const WALLET: &str = "0x7f42B7cD2BB9cF7ea4F2e0d5A0B4EeB2d8d899DA";

/// Credentials the canned server ignores (it verifies nothing).
pub fn okx_credentials() -> Credentials {
    Credentials::new("bench-okx-key", "bench-okx-secret").with_passphrase("bench-okx-pass")
}

/// Bybit credentials for the canned server.
pub fn bybit_credentials() -> Credentials {
    Credentials::new("bench-bybit-key", "bench-bybit-secret")
}

/// A local HTTP/1.1 server that answers each venue's position read at once with a canned
/// 100-item body and checks nothing, so that the server's cost is the same, and small, for
/// the clients and for the baseline. It runs on its own thread and runtime for the life of
/// the process.
pub fn canned_server() -> String {
    let okx = fixtures::okx_envelope(&fixtures::okx_orders());
    let bybit = fixtures::bybit_envelope(&fixtures::bybit_positions());
    let web3 = fixtures::okx_envelope(&fixtures::web3_positions());
    let json = |body: String| move || std::future::ready(([(header::CONTENT_TYPE, "application/json")], body));
    let router = Router::new()
        .route(OKX_POSITIONS_PATH, get(json(okx)))
        .route(BYBIT_POSITIONS_PATH, get(json(bybit)))
        .route(WEB3_POSITIONS_PATH, post(json(web3)));
    let listener = std::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local address");
    listener.set_nonblocking(true).expect("non-blocking listener");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("server runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            axum::serve(listener, router).await.expect("canned server runs");
        });
    });
    format!("http://{addr}")
}

/// The OKX staking client at `base_url`, client-side limits off (the server does not limit).
pub fn okx_client(base_url: &str, credentials: Credentials) -> okx_staking::OkxStakingClient {
    okx_staking::OkxStakingClient::builder(okx_staking::Environment::Live)
        .base_url(base_url)
        .credentials(credentials)
        .timeout(Duration::from_secs(10))
        .retry_policy(RetryPolicy::none())
        .enforce_rate_limits(false)
        .build()
        .expect("OKX client builds")
}

/// The Bybit Earn client at `base_url`, client-side limits off.
pub fn bybit_client(base_url: &str, credentials: Credentials) -> bybit_earn::BybitEarnClient {
    bybit_earn::BybitEarnClient::builder(bybit_earn::BybitEnvironment::Mainnet)
        .base_url(base_url)
        .credentials(credentials)
        .timeout(Duration::from_secs(10))
        .retry_policy(RetryPolicy::none())
        .enforce_rate_limits(false)
        .build()
        .expect("Bybit client builds")
}

/// The OKX Web3 DeFi client at `base_url`, client-side budget off.
pub fn web3_client(base_url: &str, credentials: Credentials) -> okx_web3_defi::OkxWeb3DefiClient {
    okx_web3_defi::OkxWeb3DefiClient::builder()
        .base_url(base_url)
        .credentials(credentials)
        .timeout(Duration::from_secs(10))
        .retry_policy(RetryPolicy::none())
        .no_rate_limit()
        .build()
        .expect("Web3 client builds")
}

/// The v6 platform-detail request for [`WALLET`] on Aave V3 (platform 44) on Ethereum.
pub fn web3_positions_request() -> okx_web3_defi::v6::PlatformDetailRequestV6 {
    serde_json::from_str(&format!(
        r#"{{"walletAddressList":[{{"chainIndex":"1","walletAddress":"{WALLET}"}}],"platformList":[{{"chainIndex":"1","analysisPlatformId":"44"}}]}}"#
    ))
    .expect("valid platform-detail request")
}

/// A runtime for the client side of a benchmark.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("bench runtime")
}
