//! Router tests: the module served on 127.0.0.1:0 and called with raw, independently
//! signed HTTP requests.

mod auth;
mod flows;
mod quirks;
mod shapes;

use std::sync::Arc;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use super::{DEFAULT_WALLET, Web3Config, Web3State, router};
use crate::auth::DemoCredentials;
use crate::clock::SimClock;
use crate::context::SimContext;
use crate::recorder::Recorder;

pub(super) const KEY: &str = "test-web3-key";
pub(super) const SECRET: &str = "test-web3-secret";
pub(super) const PASSPHRASE: &str = "test-web3-pass";

pub(super) struct Sim {
    pub(super) base: String,
    pub(super) clock: Arc<SimClock>,
    pub(super) http: reqwest::Client,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Sim {
    fn drop(&mut self) {
        self.server.abort();
    }
}

pub(super) async fn start() -> Sim {
    let clock = Arc::new(SimClock::default());
    let config = Web3Config {
        credentials: vec![DemoCredentials::new(KEY, SECRET).with_passphrase(PASSPHRASE)],
        wallet: DEFAULT_WALLET.to_owned(),
    };
    let ctx = SimContext {
        clock: Arc::clone(&clock),
        settlement_delay_ms: 0,
        transfer_delay_ms: 0,
        recorder: Arc::new(Recorder::default()),
    };
    let app = router(Arc::new(Web3State::new(config, Arc::new(ctx))));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Sim { base, clock, http: reqwest::Client::builder().no_proxy().build().unwrap(), server }
}

/// ISO-8601 UTC with milliseconds of the local clock.
pub(super) fn timestamp_now() -> String {
    earn_core::UnixMillis::now_local().to_iso8601()
}

/// `Base64(HMAC-SHA256(secret, ts + METHOD + target + body))`, computed here from scratch.
pub(super) fn sign(secret: &str, ts: &str, method: &str, target: &str, body: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{ts}{method}{target}{body}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

impl Sim {
    pub(super) async fn raw(&self, method: &str, target: &str, body: &str, signature: Option<String>) -> (u16, Value) {
        let ts = timestamp_now();
        let signature = signature.unwrap_or_else(|| sign(SECRET, &ts, method, target, body));
        let url = format!("{}{target}", self.base);
        let request = if method == "GET" { self.http.get(url) } else { self.http.post(url).body(body.to_owned()) };
        let response = request
            .header("OK-ACCESS-KEY", KEY)
            .header("OK-ACCESS-PASSPHRASE", PASSPHRASE)
            .header("OK-ACCESS-TIMESTAMP", ts)
            .header("OK-ACCESS-SIGN", signature)
            .header("Content-Type", "application/json")
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}")))
    }

    pub(super) async fn get(&self, target: &str) -> Value {
        let (status, body) = self.raw("GET", target, "", None).await;
        assert_eq!(status, 200, "{target}: {body}");
        body
    }

    pub(super) async fn post(&self, path: &str, body: Value) -> Value {
        let (status, body) = self.raw("POST", path, &body.to_string(), None).await;
        assert_eq!(status, 200, "{path}: {body}");
        body
    }

    /// `data` of a successful answer (numeric `code` 0).
    pub(super) async fn ok_get(&self, target: &str) -> Value {
        let body = self.get(target).await;
        assert_eq!(body["code"], json!(0), "{target}: {body}");
        body["data"].clone()
    }

    pub(super) async fn ok_post(&self, path: &str, body: Value) -> Value {
        let body = self.post(path, body).await;
        assert_eq!(body["code"], json!(0), "{path}: {body}");
        body["data"].clone()
    }

    /// HTTP status and numeric code of a failed POST.
    pub(super) async fn post_err(&self, path: &str, body: Value) -> (u16, u64) {
        let (status, body) = self.raw("POST", path, &body.to_string(), None).await;
        (status, body["code"].as_u64().unwrap_or_else(|| panic!("code not a number: {body}")))
    }
}

pub(super) fn wallet() -> String {
    DEFAULT_WALLET.to_lowercase()
}

/// Seed body of the reference (§9 a1), with our wallet and product.
pub(super) fn seed_body(pretty: bool) -> String {
    let body = json!({
        "address": wallet(),
        "inputTokenAmount": "1.000000146425127036",
        "investmentCategory": "0",
        "investmentId": "21033",
        "isSingle": false,
        "outputTokenAddress": "0x6b175474e89094c44da98b954eedeac495271d0f",
        "outputTokenDecimal": "18",
        "redeemId": "",
        "slippage": ""
    });
    if pretty { serde_json::to_string_pretty(&body).unwrap() } else { body.to_string() }
}

#[test]
fn the_readme_lists_every_endpoint() {
    crate::routes::assert_documented(super::ENDPOINTS);
}
