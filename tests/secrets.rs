//! No secret, passphrase, full API key or signature reaches a TRACE log, an error's
//! `Display` or `Debug`, or a client's `Debug`, for any venue.
//!
//! Every venue's reads and writes run against the embedded simulator, through a recording
//! proxy that keeps every signature the clients sent. Each venue is also driven with a wrong
//! secret (the simulator answers its authentication error; Bybit's echoes the signed text,
//! key included), and against a server that echoes the key, the signature and the
//! passphrase it received in its error message, as Bybit does on a bad signature:
//! `error sign! origin_string[<ts><apikey><recv>…]`.
//!
//! One test in this binary: the TRACE subscriber is the global default, because a
//! thread-local default races with callsites registered by tests running in parallel.

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use bybit_earn::api::easy_earn::{EarnCategory, GetPositions, PlaceOrder};
use bybit_earn::{BybitEarnClient, BybitEarnVenue, Environment as BybitEnvironment};
use earn::prelude::*;
use earn::transport::TransportOptions;
use earn_sim::{DemoCredentials, Fault, Simulator};
use okx_staking::api::staking::{GetBalance, Purchase, StakingCoin};
use okx_staking::{Environment as OkxEnvironment, OkxStakingClient, OkxStakingVenue};
use okx_web3_defi::api::v6_product::GetSupportedChains;
use okx_web3_defi::{ApiGeneration, OkxWeb3DefiClient, OkxWeb3DefiVenue, WalletAddress};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One venue's keys: distinctive texts, so that any leak is found by a plain search.
struct Keys {
    key: &'static str,
    secret: &'static str,
    passphrase: Option<&'static str>,
    /// The secret of the client whose signatures the venue refuses (a secret too).
    wrong_secret: &'static str,
}

impl Keys {
    fn demo(&self) -> DemoCredentials {
        let c = DemoCredentials::new(self.key, self.secret);
        match self.passphrase {
            Some(p) => c.with_passphrase(p),
            None => c,
        }
    }

    fn right(&self) -> Credentials {
        self.demo().to_credentials()
    }

    fn wrong(&self) -> Credentials {
        let c = Credentials::new(self.key, self.wrong_secret);
        match self.passphrase {
            Some(p) => c.with_passphrase(p),
            None => c,
        }
    }

    fn texts(&self) -> impl Iterator<Item = &'static str> {
        [Some(self.key), Some(self.secret), self.passphrase, Some(self.wrong_secret)].into_iter().flatten()
    }
}

const OKX: Keys = Keys {
    key: "okx-apikey-7c1f04d2-5e9b-4a3f",
    secret: "OKXSECRET9F3A71C0D2E4B6A8",
    passphrase: Some("okx-Passphrase-Qw7!"),
    wrong_secret: "OKXWRONGSECRET0A1B2C3D4E5F",
};
const BYBIT: Keys = Keys {
    key: "BybitApiKey5Kq2Rz8Tn",
    secret: "BybitSecretZx81Lm4Pq7Vw3Nc6",
    passphrase: None,
    wrong_secret: "BybitWrongSecretHh2Jj4Kk6Ll8",
};
const WEB3: Keys = Keys {
    key: "web3-apikey-d41d8cd9-8f00-b204",
    secret: "WEB3SECRETE9800998ECF8427E",
    passphrase: Some("web3-Passphrase-Zt5#"),
    wrong_secret: "WEB3WRONGSECRET7D793037A0760",
};

/// Header values that are signatures, or carry a key or passphrase, wherever they are seen.
const SENSITIVE_HEADERS: [&str; 5] =
    ["ok-access-sign", "x-bapi-sign", "ok-access-key", "x-bapi-api-key", "ok-access-passphrase"];

/// A `tracing` writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
    }
}

/// Everything the test showed: labelled texts to search for secrets.
#[derive(Default)]
struct Shown(Vec<(String, String)>);

impl Shown {
    fn text(&mut self, label: impl Into<String>, text: String) {
        self.0.push((label.into(), text));
    }

    /// An error as a user sees it: `Display`, `Debug` and every `source` in its chain.
    fn error(&mut self, label: &str, e: &Error) {
        self.text(format!("{label}: Display"), e.to_string());
        self.text(format!("{label}: Debug"), format!("{e:?}"));
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            self.text(format!("{label}: source"), format!("{s} / {s:?}"));
            source = s.source();
        }
    }

    /// A call's result: the value's `Debug`, or the error; returns the result.
    fn outcome<T: Debug>(&mut self, label: &str, r: Result<T>) -> Result<T> {
        match &r {
            Ok(v) => self.text(label, format!("{v:?}")),
            Err(e) => self.error(label, e),
        }
        r
    }

    /// A call that must succeed.
    fn ok<T: Debug>(&mut self, label: &str, r: Result<T>) -> T {
        self.outcome(label, r).unwrap_or_else(|e| panic!("{label}: {e:?}"))
    }

    /// A call that must fail with `kind`; returns the error.
    fn fails<T: Debug>(&mut self, label: &str, kind: ErrorKind, r: Result<T>) -> Error {
        match self.outcome(label, r) {
            Ok(v) => panic!("{label}: expected {kind:?}, got {v:?}"),
            Err(e) => {
                assert_eq!(e.kind(), kind, "{label}: {e:?}");
                e
            }
        }
    }
}

/// A reverse proxy in front of the simulator that records every sensitive header value the
/// clients sent (their signatures above all) and forwards the request untouched.
#[derive(Clone)]
struct Proxy {
    upstream: String,
    http: reqwest::Client,
    seen: Arc<Mutex<BTreeSet<String>>>,
}

fn record_sensitive(headers: &HeaderMap, seen: &Mutex<BTreeSet<String>>) {
    let mut seen = seen.lock().unwrap_or_else(|p| p.into_inner());
    for name in SENSITIVE_HEADERS {
        for value in headers.get_all(name) {
            seen.insert(value.to_str().expect("ASCII header").to_owned());
        }
    }
}

async fn forward(State(proxy): State<Proxy>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await.expect("request body");
    record_sensitive(&parts.headers, &proxy.seen);
    let target = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
    let mut headers = parts.headers.clone();
    for name in [header::HOST, header::CONTENT_LENGTH, header::CONNECTION, header::TRANSFER_ENCODING] {
        headers.remove(name);
    }
    let sent = proxy.http.request(parts.method, format!("{}{target}", proxy.upstream)).headers(headers).body(body);
    let Ok(answer) = sent.send().await else {
        return Response::builder().status(StatusCode::BAD_GATEWAY).body(Body::empty()).expect("response");
    };
    let mut response = Response::builder().status(answer.status());
    for (name, value) in answer.headers() {
        if ![header::CONTENT_LENGTH, header::CONNECTION, header::TRANSFER_ENCODING].contains(name) {
            response = response.header(name, value);
        }
    }
    let body = answer.bytes().await.unwrap_or_default();
    response.body(Body::from(body)).expect("response")
}

/// Starts the recording proxy for `upstream`; returns its base URL and what it saw.
async fn recording_proxy(upstream: String) -> (String, Arc<Mutex<BTreeSet<String>>>) {
    let seen = Arc::new(Mutex::new(BTreeSet::new()));
    let proxy = Proxy { upstream, http: reqwest::Client::new(), seen: seen.clone() };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
    let addr = listener.local_addr().expect("proxy address");
    let app = Router::new().fallback(forward).with_state(proxy);
    tokio::spawn(async move { axum::serve(listener, app).await.expect("proxy serves") });
    (format!("http://{addr}"), seen)
}

/// A server that refuses every signature and echoes, in its message, the key, the signature
/// and the passphrase it received: Bybit's `error sign! origin_string[…]` on Bybit paths,
/// an OKX-style `50113` everywhere else.
async fn echoing_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(|r: &wiremock::Request| {
            let h = |name: &str| r.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
            let signed = if r.method == wiremock::http::Method::GET {
                r.url.query().unwrap_or("").to_owned()
            } else {
                String::from_utf8_lossy(&r.body).into_owned()
            };
            if r.url.path().starts_with("/v5/") {
                let message = format!(
                    "error sign! origin_string[{}{}{}{signed}] sign[{}] passphrase[{}]",
                    h("x-bapi-timestamp"),
                    h("x-bapi-api-key"),
                    h("x-bapi-recv-window"),
                    h("x-bapi-sign"),
                    h("ok-access-passphrase"),
                );
                let body = serde_json::json!({
                    "retCode": 10004, "retMsg": message, "result": {}, "retExtInfo": {}, "time": 1_739_936_607_117_i64,
                });
                ResponseTemplate::new(200).set_body_json(body)
            } else {
                let message = format!(
                    "Invalid Sign: key {} sign {} passphrase {} origin_string[{}{}{}{signed}]",
                    h("ok-access-key"),
                    h("ok-access-sign"),
                    h("ok-access-passphrase"),
                    h("ok-access-timestamp"),
                    r.method,
                    r.url.path(),
                );
                ResponseTemplate::new(401)
                    .set_body_json(serde_json::json!({"code": "50113", "msg": message, "data": []}))
            }
        })
        .mount(&server)
        .await;
    server
}

fn transport() -> TransportOptions {
    TransportOptions::default().timeout(Duration::from_secs(5))
}

fn okx_client(base: &str, credentials: Credentials) -> OkxStakingClient {
    OkxStakingClient::builder(OkxEnvironment::Live)
        .base_url(base)
        .credentials(credentials)
        .transport(transport())
        .build()
        .expect("OKX client builds")
}

fn bybit_client(base: &str, credentials: Credentials) -> BybitEarnClient {
    BybitEarnClient::builder(BybitEnvironment::Mainnet)
        .base_url(base)
        .credentials(credentials)
        .transport(transport())
        .build()
        .expect("Bybit client builds")
}

fn web3_client(base: &str, credentials: Credentials) -> OkxWeb3DefiClient {
    OkxWeb3DefiClient::builder().base_url(base).credentials(credentials).transport(transport()).build().expect("builds")
}

/// What one venue is driven with on the simulator.
struct Plan {
    stake: StakeRequest,
    redeem: RedeemRequest,
    /// The path of the stake write, answered 503 once to produce an unknown outcome.
    stake_path: Option<&'static str>,
    /// The asset moved between the venue's accounts, when it has two.
    transfer_asset: &'static str,
}

/// Every operation of `venue` the capabilities list, each one's result shown; the reads and
/// writes must succeed.
async fn drive(shown: &mut Shown, sim: &Simulator, name: &str, venue: &dyn EarnVenue, plan: &Plan) {
    let caps = venue.capabilities();
    let label = |op: &str| format!("{name} {op}");
    let products = shown.ok(&label("products"), venue.products(&ProductFilter::all()).await);
    assert!(!products.is_empty(), "{name}: the simulator lists products");
    shown.ok(&label("positions"), venue.positions().await);
    if caps.supports(Operation::Balances) {
        shown.ok(&label("balances"), venue.balances().await);
    }
    if caps.supports(Operation::Transfer) && caps.accounts.len() >= 2 {
        let amount = Amount::parse("1").expect("plain decimal");
        let request = TransferRequest::new(plan.transfer_asset, amount, caps.accounts[0], caps.accounts[1]);
        shown.ok(&label("transfer"), venue.transfer(&request).await);
    }
    let staked = shown.ok(&label("stake"), venue.stake(&plan.stake).await);
    if let Some(order) = staked.order()
        && caps.supports(Operation::OrderLookup)
    {
        shown.ok(&label("order"), venue.order(&OrderRef::Venue(order.id.clone())).await);
    }
    if caps.supports(Operation::RecentOrders) {
        shown.ok(&label("recent orders"), venue.recent_orders(&OrderQuery::all()).await);
    } else {
        shown.fails(&label("recent orders"), ErrorKind::Unsupported, venue.recent_orders(&OrderQuery::all()).await);
    }
    if caps.supports(Operation::RedemptionEstimate) {
        shown.ok(&label("estimate"), venue.redemption_estimate(&plan.redeem).await);
    }
    let redeemed = shown.ok(&label("redeem"), venue.redeem(&plan.redeem).await);
    let custodial = caps.custody == Custody::Custodial;
    assert_eq!(redeemed.order().is_some(), custodial, "{name}: a custodial venue places orders");
    assert_eq!(staked.order().is_some(), custodial, "{name}: a custodial venue places orders");
    if let Some(path) = plan.stake_path {
        sim.inject(Fault::on(path).nth(1).status(503));
        let unknown = shown.fails(&label("stake, 503"), ErrorKind::OutcomeUnknown, venue.stake(&plan.stake).await);
        sim.clear_faults();
        let intent = unknown.reconcile_intent().expect("an unknown outcome carries its intent");
        shown.text(label("intent"), format!("{intent:?}"));
        shown.ok(&label("reconcile"), venue.reconcile(intent).await);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_traces_errors_or_debug_output() {
    let captured = Captured::default();
    let sink = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(LevelFilter::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .try_init()
        .expect("the only subscriber of this binary");

    let sim = Simulator::builder()
        .okx_credentials(OKX.demo())
        .bybit_credentials(BYBIT.demo())
        .web3_credentials(WEB3.demo())
        .enforce_rate_limits(false)
        .start()
        .await
        .expect("simulator starts");
    let (base, sent) = recording_proxy(sim.base_url()).await;
    let echo = echoing_server().await;
    let mut shown = Shown::default();

    // Reads and writes of every venue, through the adapters.
    let okx = OkxStakingVenue::new(okx_client(&base, OKX.right()));
    let amount = |text: &str| Amount::parse(text).expect("plain decimal");
    let okx_plan = Plan {
        stake: StakeRequest::new("eth", amount("0.5")),
        redeem: RedeemRequest::new("eth", amount("0.1")),
        stake_path: Some("/api/v5/finance/staking-defi/eth/purchase"),
        transfer_asset: "USDT",
    };
    drive(&mut shown, &sim, "okx", &okx, &okx_plan).await;
    let onchain = StakeRequest::new("onchain:101", amount("5"));
    let placed = shown.ok("okx onchain stake", okx.stake(&onchain).await);
    assert!(placed.order().is_some(), "an on-chain earn purchase is an order");
    let bybit = BybitEarnVenue::new(bybit_client(&base, BYBIT.right()));
    let bybit_plan = Plan {
        stake: StakeRequest::new("FlexibleSaving:430", amount("0.01")),
        redeem: RedeemRequest::new("FlexibleSaving:430", amount("0.01")),
        stake_path: Some("/v5/earn/place-order"),
        transfer_asset: "USDT",
    };
    drive(&mut shown, &sim, "bybit", &bybit, &bybit_plan).await;
    let wallet = || WalletAddress::evm(sim.web3_wallet()).expect("demo wallet");
    let web3_plan = Plan {
        stake: StakeRequest::new("9502", amount("25")),
        redeem: RedeemRequest::new("9502", amount("10")),
        stake_path: None,
        transfer_asset: "USDC",
    };
    for generation in [ApiGeneration::V5, ApiGeneration::V6] {
        let web3 = OkxWeb3DefiVenue::new(web3_client(&base, WEB3.right()), wallet(), generation);
        drive(&mut shown, &sim, &format!("web3 {generation:?}"), &web3, &web3_plan).await;
        shown.text(format!("web3 {generation:?} venue Debug"), format!("{web3:?}"));
    }
    shown.text("okx venue Debug", format!("{okx:?}"));
    shown.text("bybit venue Debug", format!("{bybit:?}"));

    // Signature failures on the simulator: reads and writes, typed clients and adapters.
    let okx_wrong = okx_client(&base, OKX.wrong());
    let auth = ErrorKind::Authentication;
    shown.fails("okx wrong secret: read", auth, okx_wrong.send(&GetBalance::new(StakingCoin::Eth)).await);
    shown.fails("okx wrong secret: write", auth, okx_wrong.send(&Purchase::new(StakingCoin::Eth, amount("0.5"))).await);
    let venue = OkxStakingVenue::new(okx_wrong.clone());
    shown.fails("okx wrong secret: positions", auth, venue.positions().await);
    shown.fails("okx wrong secret: stake", auth, venue.stake(&okx_plan.stake).await);
    shown.text("okx wrong client Debug", format!("{okx_wrong:?}"));

    let bybit_wrong = bybit_client(&base, BYBIT.wrong());
    let flexible = GetPositions::new(EarnCategory::FlexibleSaving);
    let bybit_read = shown.fails("bybit wrong secret: read", auth, bybit_wrong.send(&flexible).await);
    let order = PlaceOrder::stake(EarnCategory::FlexibleSaving, "BTC", "430", amount("0.01"));
    shown.fails("bybit wrong secret: write", auth, bybit_wrong.send(&order).await);
    let venue = BybitEarnVenue::new(bybit_wrong.clone());
    shown.fails("bybit wrong secret: positions", auth, venue.positions().await);
    shown.fails("bybit wrong secret: stake", auth, venue.stake(&bybit_plan.stake).await);
    shown.text("bybit wrong client Debug", format!("{bybit_wrong:?}"));

    let web3_wrong = web3_client(&base, WEB3.wrong());
    shown.fails("web3 wrong secret: read", auth, web3_wrong.send(&GetSupportedChains).await);
    let venue = OkxWeb3DefiVenue::new(web3_wrong.clone(), wallet(), ApiGeneration::V6);
    shown.fails("web3 wrong secret: positions", auth, venue.positions().await);
    shown.fails("web3 wrong secret: stake", auth, venue.stake(&web3_plan.stake).await);
    shown.text("web3 wrong client Debug", format!("{web3_wrong:?}"));

    // A venue that echoes the key, the signature and the passphrase it received.
    let echo_base = echo.uri();
    let bybit_echo = bybit_client(&echo_base, BYBIT.right());
    let echoed = shown.fails("bybit echo: read", auth, bybit_echo.send(&flexible).await);
    assert!(echoed.to_string().contains("error sign! origin_string["), "the echo was read: {echoed}");
    shown.fails("bybit echo: write", auth, bybit_echo.send(&order).await);
    shown.fails("bybit echo: stake", auth, BybitEarnVenue::new(bybit_echo).stake(&bybit_plan.stake).await);
    let okx_echo = okx_client(&echo_base, OKX.right());
    let echoed = shown.fails("okx echo: read", auth, okx_echo.send(&GetBalance::new(StakingCoin::Eth)).await);
    assert!(echoed.to_string().contains("Invalid Sign"), "the echo was read: {echoed}");
    shown.fails("okx echo: write", auth, okx_echo.send(&Purchase::new(StakingCoin::Eth, amount("0.5"))).await);
    shown.fails("okx echo: stake", auth, OkxStakingVenue::new(okx_echo).stake(&okx_plan.stake).await);
    let web3_echo = web3_client(&echo_base, WEB3.right());
    shown.fails("web3 echo: read", auth, web3_echo.send(&GetSupportedChains).await);
    let venue = OkxWeb3DefiVenue::new(web3_echo, wallet(), ApiGeneration::V6);
    shown.fails("web3 echo: stake", auth, venue.stake(&web3_plan.stake).await);

    // Every secret: the keys, secrets and passphrases, and each signature as it was sent.
    let mut secrets: BTreeSet<String> =
        [&OKX, &BYBIT, &WEB3].iter().flat_map(|k| k.texts()).map(str::to_owned).collect();
    let sent = sent.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let echoed_headers = Mutex::new(BTreeSet::new());
    for r in echo.received_requests().await.expect("the echo server records requests") {
        record_sensitive(&r.headers, &echoed_headers);
    }
    let echoed_headers = echoed_headers.into_inner().unwrap_or_else(|p| p.into_inner());
    let signatures = sent.len() + echoed_headers.len();
    secrets.extend(sent);
    secrets.extend(echoed_headers);
    assert!(signatures > 50, "the proxy and the echo server saw the clients' signatures ({signatures})");

    // The capture is real: spans of every venue, Bybit's echoed origin string (scrubbed),
    // the 503s and the retries all reached the TRACE subscriber.
    let logs = captured.text();
    for expected in ["earn.request", "okx-staking", "bybit-earn", "okx-web3-defi", "/v5/earn/place-order", "status=503"]
    {
        assert!(logs.contains(expected), "the TRACE output shows {expected:?}");
    }
    assert!(bybit_read.to_string().contains("origin_string["), "the simulator echoed the signed text: {bybit_read}");
    shown.text("TRACE output", logs);

    let mut leaks = Vec::new();
    for (label, text) in &shown.0 {
        for secret in &secrets {
            if text.contains(secret.as_str()) {
                leaks.push(format!("{label} shows {secret:?}"));
            }
        }
    }
    assert!(leaks.is_empty(), "secrets leaked:\n{}", leaks.join("\n"));
    // The search itself finds what it looks for.
    let canary = format!("{:?}", OKX.secret);
    assert!(secrets.iter().any(|s| canary.contains(s.as_str())));
}
