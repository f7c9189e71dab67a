//! CPU-only costs per venue, no network: signing one request, encoding one request,
//! decoding a 100-item product list and a 100-item position list into the crates' exact
//! types, and parsing and formatting amounts.

mod support;

use std::hint::black_box;
use std::time::Duration;

use bybit_earn::BybitDialect;
use bybit_earn::api::easy_earn::{EarnCategory, EarnPosition, EarnProduct, PlaceOrder};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use earn_core::http::{ApiRequest, Bytes, Dialect, HeaderMap, Method, SigningInput};
use earn_core::{Amount, Rate, TokenAmount, UnixMillis, UsdValue};
use okx_staking::api::onchain::{Offer, OnchainOrder, Purchase};
use okx_staking::{Environment, OkxDialect};
use okx_web3_defi::api::holdings::PlatformDetail;
use okx_web3_defi::api::v6_product::SearchResult;
use okx_web3_defi::api::v6_transaction::BuildEnter;
use okx_web3_defi::{HumanAmount, OkxWeb3Dialect};
use support::fixtures;

fn configure<'a>(c: &'a mut Criterion, name: &str) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(50).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    g
}

fn sign(c: &mut Criterion) {
    let okx = OkxDialect::new(Environment::Live);
    let bybit = BybitDialect::new(Duration::from_secs(5));
    let web3 = OkxWeb3Dialect::default();
    let (okx_creds, bybit_creds) = (support::okx_credentials(), support::bybit_credentials());
    let body = br#"{"productId":"101","investData":[{"ccy":"DOT","amt":"2.5"}],"tag":"bot1"}"#;
    let input =
        |method, path, query, body| SigningInput { method, path, query, body, timestamp: UnixMillis::now_local() };
    let mut g = configure(c, "sign");
    g.bench_function("okx-staking/POST purchase", |b| {
        b.iter(|| {
            let mut h = HeaderMap::new();
            okx.sign(&input(&Method::POST, "/api/v5/finance/staking-defi/purchase", "", body), &okx_creds, &mut h)
                .expect("signs");
            h
        })
    });
    g.bench_function("bybit-earn/GET position", |b| {
        b.iter(|| {
            let mut h = HeaderMap::new();
            let i = input(&Method::GET, "/v5/earn/position", "category=FlexibleSaving&productId=430", b"");
            bybit.sign(&i, &bybit_creds, &mut h).expect("signs");
            h
        })
    });
    g.bench_function("okx-web3-defi/POST platform detail", |b| {
        b.iter(|| {
            let mut h = HeaderMap::new();
            web3.sign(&input(&Method::POST, support::WEB3_POSITIONS_PATH, "", body), &okx_creds, &mut h)
                .expect("signs");
            h
        })
    });
    g.finish();
}

/// What a client does with a request before sending it: `validate()` once, then the body
/// (POST) or the query (GET) it signs and sends.
fn prepare<R: ApiRequest>(request: &R) -> Option<Bytes> {
    request.validate().expect("valid");
    let body = request.body().expect("serializes");
    if body.is_none() {
        black_box(request.query());
    }
    body
}

fn encode(c: &mut Criterion) {
    let amount = Amount::parse("2.5").expect("plain decimal");
    let purchase = Purchase::new("101", "DOT", amount).tag("bot1");
    let place = PlaceOrder::stake(EarnCategory::FlexibleSaving, "BTC", "430", amount).order_link_id("bot-1");
    let enter: BuildEnter = serde_json::from_str(&format!(
        r#"{{"investmentId":"9502","address":"{}","userInputList":[{{"chainIndex":"1","coinAmount":"2.5","tokenAddress":"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"}}],"slippage":"0.01"}}"#,
        support::WALLET
    ))
    .expect("valid enter request");
    let detail = support::web3_positions_request();
    let mut g = configure(c, "encode");
    g.bench_function("okx-staking/purchase validate + body", |b| b.iter(|| prepare(black_box(&purchase))));
    g.bench_function("bybit-earn/place-order validate + body", |b| b.iter(|| prepare(black_box(&place))));
    g.bench_function("okx-web3-defi/enter validate + body", |b| b.iter(|| prepare(black_box(&enter))));
    g.bench_function("okx-web3-defi/platform detail validate + body", |b| b.iter(|| prepare(black_box(&detail))));
    g.finish();
}

fn decode(c: &mut Criterion) {
    let okx_offers = fixtures::okx_offers();
    let okx_orders = fixtures::okx_orders();
    let bybit_products = fixtures::bybit_products();
    let bybit_positions = fixtures::bybit_positions();
    let web3_search = fixtures::web3_search();
    let web3_positions = fixtures::web3_positions();
    let mut g = configure(c, "decode");
    g.throughput(Throughput::Elements(fixtures::ITEMS as u64));
    g.bench_function("okx-staking/100 products", |b| {
        b.iter(|| serde_json::from_str::<Vec<Offer>>(black_box(&okx_offers)).expect("decodes"))
    });
    g.bench_function("okx-staking/100 positions", |b| {
        b.iter(|| serde_json::from_str::<Vec<OnchainOrder>>(black_box(&okx_orders)).expect("decodes"))
    });
    g.bench_function("bybit-earn/100 products", |b| {
        b.iter(|| serde_json::from_str::<Vec<EarnProduct>>(black_box(&bybit_products)).expect("decodes"))
    });
    g.bench_function("bybit-earn/100 positions", |b| {
        b.iter(|| serde_json::from_str::<Vec<EarnPosition>>(black_box(&bybit_positions)).expect("decodes"))
    });
    g.bench_function("okx-web3-defi/100 products", |b| {
        b.iter(|| serde_json::from_str::<SearchResult>(black_box(&web3_search)).expect("decodes"))
    });
    g.bench_function("okx-web3-defi/100 positions", |b| {
        b.iter(|| serde_json::from_str::<Vec<PlatformDetail>>(black_box(&web3_positions)).expect("decodes"))
    });
    // The loopback baseline's rows (seven `String`/`u64` fields a holding): the decode's share
    // of the Web3 loopback ratio.
    g.bench_function("okx-web3-defi/100 positions, baseline rows", |b| {
        b.iter(|| {
            serde_json::from_str::<Vec<support::baseline::Web3PlatformRow>>(black_box(&web3_positions))
                .expect("decodes")
        })
    });
    g.finish();
}

fn amounts(c: &mut Criterion) {
    let amount = Amount::parse("12345.678901234567").expect("plain decimal");
    let token = TokenAmount::parse_units("1.000000146425127036", 18).expect("18 decimals");
    let mut g = configure(c, "amount");
    g.bench_function("Amount parse", |b| b.iter(|| Amount::parse(black_box("12345.678901234567")).expect("parses")));
    g.bench_function("Amount format", |b| b.iter(|| black_box(&amount).to_string()));
    g.bench_function("Rate parse percent", |b| b.iter(|| Rate::parse_percent(black_box("4.25%")).expect("parses")));
    g.bench_function("UsdValue parse 34 digits", |b| {
        b.iter(|| UsdValue::parse(black_box("0.9993097704396316094231068522159962")).expect("parses"))
    });
    g.bench_function("TokenAmount parse 18 decimals", |b| {
        b.iter(|| TokenAmount::parse_units(black_box("1.000000146425127036"), 18).expect("parses"))
    });
    g.bench_function("TokenAmount format", |b| b.iter(|| black_box(&token).to_string()));
    g.bench_function("HumanAmount to base units", |b| {
        b.iter(|| HumanAmount::parse(black_box("1.000000146425127036")).expect("parses").to_token_amount(18))
    });
    g.finish();
}

criterion_group!(benches, sign, encode, decode, amounts);
criterion_main!(benches);
