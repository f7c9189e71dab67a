//! Raw HTTP helpers for the simulator tests: requests signed here, independently of the
//! venue crates, exactly as the venues document it.
#![allow(dead_code)]

use base64::Engine as _;
use earn_sim::{DemoCredentials, Simulator};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use sha2::Sha256;

pub fn hmac(secret: &str, message: &str) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(message.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// A decoded answer: HTTP status, venue body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    /// OKX `code` (string).
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("<missing>")
    }

    /// Bybit `retCode`.
    pub fn ret_code(&self) -> i64 {
        self.body["retCode"].as_i64().unwrap_or(-1)
    }
}

async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.unwrap();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| panic!("not JSON (HTTP {status}): {}", String::from_utf8_lossy(&bytes)));
    Answer { status, headers, body }
}

// ---------------------------------------------------------------- OKX

/// OKX `OK-ACCESS-TIMESTAMP` for Unix ms.
pub fn okx_timestamp(ms: i64) -> String {
    earn_core::UnixMillis(ms).to_iso8601()
}

pub fn okx_sign(secret: &str, ts: &str, method: &str, target: &str, body: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(hmac(secret, &format!("{ts}{method}{target}{body}")))
}

/// An OKX request signed with `creds` at venue time `ts_ms`.
pub fn okx_request(
    sim: &Simulator,
    creds: &DemoCredentials,
    ts_ms: i64,
    method: reqwest::Method,
    target: &str,
    body: &str,
) -> reqwest::RequestBuilder {
    let ts = okx_timestamp(ts_ms);
    let sign = okx_sign(&creds.secret, &ts, method.as_str(), target, body);
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{target}", sim.base_url()))
        .header("OK-ACCESS-KEY", &creds.api_key)
        .header("OK-ACCESS-SIGN", sign)
        .header("OK-ACCESS-TIMESTAMP", ts)
        .header("OK-ACCESS-PASSPHRASE", creds.passphrase.clone().unwrap_or_default())
        .header("Content-Type", "application/json");
    if !body.is_empty() {
        request = request.body(body.to_owned());
    }
    request
}

pub async fn okx_get(sim: &Simulator, target: &str) -> Answer {
    let request = okx_request(sim, sim.okx_credentials(), sim.clock().now_ms(), reqwest::Method::GET, target, "");
    answer(request.send().await.unwrap()).await
}

/// A POST signed with the live OKX key now.
pub fn okx_post_request(sim: &Simulator, path: &str, body: &str) -> reqwest::RequestBuilder {
    okx_request(sim, sim.okx_credentials(), sim.clock().now_ms(), reqwest::Method::POST, path, body)
}

pub async fn okx_post(sim: &Simulator, path: &str, body: &str) -> Answer {
    send(okx_post_request(sim, path, body)).await
}

/// An unsigned GET of `target` (path and query).
pub async fn public_get(sim: &Simulator, target: &str) -> Answer {
    send(reqwest::Client::new().get(format!("{}{target}", sim.base_url()))).await
}

pub async fn send(request: reqwest::RequestBuilder) -> Answer {
    answer(request.send().await.unwrap()).await
}

// ---------------------------------------------------------------- Bybit

pub fn bybit_sign(secret: &str, ts: &str, key: &str, recv_window: &str, payload: &str) -> String {
    hex::encode(hmac(secret, &format!("{ts}{key}{recv_window}{payload}")))
}

/// A Bybit request signed at venue time `ts_ms`; `query` without `?`.
pub fn bybit_request(
    sim: &Simulator,
    ts_ms: i64,
    method: reqwest::Method,
    path: &str,
    query: &str,
    body: &str,
) -> reqwest::RequestBuilder {
    let creds = sim.bybit_credentials();
    let ts = ts_ms.to_string();
    let payload = if method == reqwest::Method::GET { query } else { body };
    let sign = bybit_sign(&creds.secret, &ts, &creds.api_key, "5000", payload);
    let url = if query.is_empty() {
        format!("{}{path}", sim.base_url())
    } else {
        format!("{}{path}?{query}", sim.base_url())
    };
    let mut request = reqwest::Client::new()
        .request(method, url)
        .header("X-BAPI-API-KEY", &creds.api_key)
        .header("X-BAPI-SIGN", sign)
        .header("X-BAPI-SIGN-TYPE", "2")
        .header("X-BAPI-TIMESTAMP", ts)
        .header("X-BAPI-RECV-WINDOW", "5000")
        .header("Content-Type", "application/json");
    if !body.is_empty() {
        request = request.body(body.to_owned());
    }
    request
}

pub async fn bybit_get(sim: &Simulator, path: &str, query: &str) -> Answer {
    send(bybit_request(sim, sim.clock().now_ms(), reqwest::Method::GET, path, query, "")).await
}

pub async fn bybit_post(sim: &Simulator, path: &str, body: &str) -> Answer {
    send(bybit_request(sim, sim.clock().now_ms(), reqwest::Method::POST, path, "", body)).await
}

/// A Bybit stake/redeem body (compact JSON).
pub fn bybit_order(category: &str, order_type: &str, coin: &str, product: &str, amount: &str, link: &str) -> String {
    format!(
        r#"{{"category":"{category}","orderType":"{order_type}","accountType":"FUND","amount":"{amount}","coin":"{coin}","productId":"{product}","orderLinkId":"{link}"}}"#
    )
}

pub fn dec(text: &str) -> rust_decimal::Decimal {
    text.parse().unwrap()
}

/// A simulator without rate limits whose orders settle after `delay_ms` of venue time.
pub async fn delayed(delay_ms: i64) -> Simulator {
    Simulator::builder()
        .settlement_delay(std::time::Duration::from_millis(delay_ms as u64))
        .enforce_rate_limits(false)
        .start()
        .await
        .unwrap()
}

/// Moves the venue clock `ms` further (no sleeping).
pub fn advance(sim: &Simulator, ms: i64) {
    sim.clock().set_skew_ms(sim.clock().skew_ms() + ms);
}

/// A simulator without rate limits (for functional tests that send bursts).
pub async fn unlimited() -> Simulator {
    Simulator::builder().enforce_rate_limits(false).start().await.unwrap()
}
