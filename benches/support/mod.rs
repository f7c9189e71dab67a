//! Shared by the benchmarks: fixtures, a canned local server, the venue clients built
//! against a base URL, and the hand-written baseline clients.

#![allow(dead_code)]

pub mod baseline;
pub mod fixtures;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::RawQuery;
use axum::http::header;
use axum::routing::{get, post};
use earn_core::Credentials;
use earn_core::http::{RetryPolicy, TransportOptions};

/// Canned-server paths, one position read per venue.
pub const OKX_POSITIONS_PATH: &str = "/api/v5/finance/staking-defi/orders-active";
/// Bybit positions.
pub const BYBIT_POSITIONS_PATH: &str = "/v5/earn/position";
/// OKX ETH staking balance (the small answer: one row).
pub const OKX_ETH_BALANCE_PATH: &str = "/api/v5/finance/staking-defi/eth/balance";
/// The Bybit product whose position is the small answer (`productId` in the query: one position).
pub const BYBIT_SMALL_PRODUCT: &str = "430";
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
/// body and checks nothing, so that the server's cost is the same, and small, for the
/// clients and for the baseline: 100 items for the large answers, one row for the small
/// ones (OKX `eth/balance`; Bybit positions filtered by `productId`). It runs on its own
/// thread and runtime for the life of the process.
pub fn canned_server() -> String {
    // Bodies are shared `Bytes`: answering costs the server a reference count, not a copy.
    let body = |text: String| Bytes::from(text);
    let okx = body(fixtures::okx_envelope(&fixtures::okx_orders()));
    let okx_balance = body(fixtures::okx_envelope(&fixtures::okx_eth_balance()));
    let bybit = body(fixtures::bybit_envelope(&fixtures::bybit_positions()));
    let bybit_one = body(fixtures::bybit_envelope(&fixtures::bybit_position()));
    let web3 = body(fixtures::okx_envelope(&fixtures::web3_positions()));
    let json = |body: Bytes| move || std::future::ready(([(header::CONTENT_TYPE, "application/json")], body));
    // One product asked for: its one position; otherwise all 100.
    let wanted: Arc<str> = format!("productId={BYBIT_SMALL_PRODUCT}").into();
    let bybit_positions = move |RawQuery(query): RawQuery| {
        let one = query.is_some_and(|q| q.split('&').any(|p| p == &*wanted));
        std::future::ready(([(header::CONTENT_TYPE, "application/json")], if one { bybit_one } else { bybit }))
    };
    let router = Router::new()
        .route(OKX_POSITIONS_PATH, get(json(okx)))
        .route(OKX_ETH_BALANCE_PATH, get(json(okx_balance)))
        .route(BYBIT_POSITIONS_PATH, get(bybit_positions))
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

/// Transport of every bench client: no retries, and client-side rate limits off (the
/// canned server does not limit; the limiter's accuracy is tested separately).
pub fn transport() -> TransportOptions {
    TransportOptions::default()
        .timeout(Duration::from_secs(10))
        .retry_policy(RetryPolicy::none())
        .enforce_rate_limits(false)
}

/// The OKX staking client at `base_url`, client-side limits off (the server does not limit).
pub fn okx_client(base_url: &str, credentials: Credentials) -> okx_staking::OkxStakingClient {
    okx_staking::OkxStakingClient::builder(okx_staking::Environment::Live)
        .base_url(base_url)
        .credentials(credentials)
        .transport(transport())
        .build()
        .expect("OKX client builds")
}

/// The Bybit Earn client at `base_url`, client-side limits off.
pub fn bybit_client(base_url: &str, credentials: Credentials) -> bybit_earn::BybitEarnClient {
    bybit_earn::BybitEarnClient::builder(bybit_earn::Environment::Mainnet)
        .base_url(base_url)
        .credentials(credentials)
        .transport(transport())
        .build()
        .expect("Bybit client builds")
}

/// The OKX Web3 DeFi client at `base_url`, client-side budget off.
pub fn web3_client(base_url: &str, credentials: Credentials) -> okx_web3_defi::OkxWeb3DefiClient {
    okx_web3_defi::OkxWeb3DefiClient::builder()
        .base_url(base_url)
        .credentials(credentials)
        .transport(transport())
        .build()
        .expect("Web3 client builds")
}

/// The v6 platform-detail request for [`WALLET`] on Aave V3 (platform 44) on Ethereum.
pub fn web3_positions_request() -> okx_web3_defi::api::v6_user::GetPlatformDetail {
    serde_json::from_str(&format!(
        r#"{{"walletAddressList":[{{"chainIndex":"1","walletAddress":"{WALLET}"}}],"platformList":[{{"chainIndex":"1","analysisPlatformId":"44"}}]}}"#
    ))
    .expect("valid platform-detail request")
}

/// A runtime for the client side of a benchmark.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("bench runtime")
}
