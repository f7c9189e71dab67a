//! The simulator and venue adapters the end-to-end tests share.

use std::sync::Arc;
use std::time::Duration;

use bybit_earn::{BybitEarnClient, BybitEarnVenue};
use earn_core::http::{RetryPolicy, TransportOptions};
use earn_core::*;
use earn_sim::Simulator;
use okx_staking::{OkxStakingClient, OkxStakingVenue};
use serde_json::Value;

/// OKX ETH staking's purchase endpoint.
pub const OKX_ETH_PURCHASE: &str = "/api/v5/finance/staking-defi/eth/purchase";
/// Bybit Earn's place-order endpoint.
pub const BYBIT_PLACE_ORDER: &str = "/v5/earn/place-order";

/// A simulator with instant settlement and no rate limits (the drill writes faster than
/// OKX's published limits allow; the clients' own limiters still apply).
pub async fn simulator() -> Simulator {
    Simulator::builder().enforce_rate_limits(false).start().await.expect("the simulator starts")
}

/// The HTTP client's timeout and the adapter's reconcile grace.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    pub timeout: Duration,
    pub grace: Duration,
}

fn transport(timeout: Duration) -> TransportOptions {
    TransportOptions::default().timeout(timeout).connect_timeout(timeout).retry_policy(RetryPolicy::none())
}

/// A fresh OKX adapter (what a new process builds) on `base_url`, with the simulator's
/// default live credentials.
pub fn okx_venue(base_url: &str, timing: Timing) -> Arc<OkxStakingVenue> {
    let client = OkxStakingClient::builder(okx_staking::Environment::Live)
        .base_url(base_url)
        .credentials(earn_sim::default_okx_credentials().to_credentials())
        .transport(transport(timing.timeout))
        .build()
        .expect("the OKX client builds");
    Arc::new(
        OkxStakingVenue::new(client)
            .reconcile_grace(timing.grace)
            .confirm_window(Duration::from_millis(300))
            .poll_interval(Duration::from_millis(50)),
    )
}

/// A fresh Bybit adapter on `base_url`, with the simulator's default mainnet credentials.
pub fn bybit_venue(base_url: &str, timing: Timing) -> Arc<BybitEarnVenue> {
    let client = BybitEarnClient::builder(bybit_earn::Environment::Mainnet)
        .base_url(base_url)
        .credentials(earn_sim::default_bybit_credentials().to_credentials())
        .transport(transport(timing.timeout))
        .build()
        .expect("the Bybit client builds");
    Arc::new(BybitEarnVenue::new(client).reconcile_grace(timing.grace))
}

pub fn amount(s: &str) -> Amount {
    Amount::parse(s).expect("a plain decimal")
}

/// The OKX ETH purchases in the simulator's ledger: (`ordId`, `amt`).
pub fn okx_eth_purchases(ledger: &Value) -> Vec<(String, String)> {
    let accounts = ledger["okx"]["accounts"].as_object().cloned().unwrap_or_default();
    let mut rows = Vec::new();
    for (_, account) in accounts {
        for row in account["staking"].as_array().into_iter().flatten() {
            if row["ccy"] == "ETH" && row["type"] == "purchase" {
                rows.push((text(&row["ordId"]), text(&row["amt"])));
            }
        }
    }
    rows
}

/// The Bybit stake orders of one product in the simulator's ledger (`orderId`).
pub fn bybit_stakes(ledger: &Value, product: &str) -> Vec<String> {
    let accounts = ledger["bybit"]["accounts"].as_object().cloned().unwrap_or_default();
    let mut rows = Vec::new();
    for (_, account) in accounts {
        for o in account["orders"].as_array().into_iter().flatten() {
            if o["productId"] == product && o["orderType"] == "Stake" {
                rows.push(text(&o["orderId"]));
            }
        }
    }
    rows
}

fn text(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}
