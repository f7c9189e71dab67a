//! The reference's signature vectors (§3: V1–V3, computed by binance-connector 3.13.0),
//! the two examples of Binance's own docs, the percent-encoding rule in force since
//! 2026-01-15, and the header rules.

mod common;

use std::time::Duration;

use binance_earn::BinanceDialect;
use binance_earn::api::flexible::{GetFlexibleSubscriptionRecord, RedeemFlexible, SubscribeFlexible};
use binance_earn::api::locked::GetLockedPersonalLeftQuota;
use binance_earn::api::simple_earn::{DestAccount, SourceAccount};
use common::{KEY, Signed, client, header, hmac_hex, received, split_signature};
use earn_core::http::{ApiRequest, Dialect, HeaderMap, Method, Query, SigningInput};
use earn_core::{Amount, Credentials, UnixMillis};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

const TS: UnixMillis = UnixMillis(1_754_006_400_000);

fn creds() -> Credentials {
    Credentials::new("TESTKEY123", "TEST_SECRET_1234567890")
}

fn dialect() -> BinanceDialect {
    BinanceDialect::new(Duration::from_millis(5000))
}

fn a(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

/// The query one attempt sends, as earn-core's executor builds it: the request's own
/// query, `&`, and the dialect's signed suffix (`recvWindow`, `timestamp`, `signature`).
fn sent_query(params: &Query, body: &[u8], ts: UnixMillis, credentials: &Credentials) -> String {
    let input = SigningInput { method: &Method::POST, path: "/x", query: params.as_str(), body, timestamp: ts };
    let suffix = dialect().signed_query(&input, credentials).unwrap().expect("Binance signs in the query");
    if params.as_str().is_empty() { suffix } else { format!("{}&{suffix}", params.as_str()) }
}

/// Signs `request` as the executor does, at the vectors' timestamp.
fn signed<R: ApiRequest>(request: &R) -> (String, String) {
    let q = sent_query(&request.query(), b"", TS, &creds());
    let (pre, sig) = q.rsplit_once("&signature=").unwrap();
    (pre.to_owned(), sig.to_owned())
}

#[test]
fn v1_flexible_subscribe() {
    let req = SubscribeFlexible::new("USDT001", a("100.5")).auto_subscribe(false).source_account(SourceAccount::Fund);
    let (pre, sig) = signed(&req);
    assert_eq!(
        pre,
        "productId=USDT001&amount=100.5&autoSubscribe=false&sourceAccount=FUND&recvWindow=5000&timestamp=1754006400000"
    );
    assert_eq!(sig, "8f4c3bef73f53e66738649063f28be3fe168174419044b94a2b2346adf4bb7a7");
}

#[test]
fn v2_flexible_redeem() {
    let req = RedeemFlexible::new("USDT001", a("40.25")).dest_account(DestAccount::Fund);
    let (pre, sig) = signed(&req);
    assert_eq!(pre, "productId=USDT001&amount=40.25&destAccount=FUND&recvWindow=5000&timestamp=1754006400000");
    assert_eq!(sig, "5e9ba6e1f94ca99dac0c4ddb634bd03e79fcfa9b3f7cd22cf3a99eb6cfa46431");
}

#[test]
fn v3_flexible_subscription_record() {
    let req = GetFlexibleSubscriptionRecord::new().product_id("USDT001").purchase_id("40607");
    let (pre, sig) = signed(&req);
    assert_eq!(pre, "productId=USDT001&purchaseId=40607&recvWindow=5000&timestamp=1754006400000");
    assert_eq!(sig, "fb38fe2ceb129d71d00d9038280a78ecdc09c17a8affe9ac03ac904caa929262");
}

/// Binance's docs example (Spot `rest-api.md`, "SIGNED Endpoint Examples").
#[test]
fn binance_docs_example() {
    let docs = Credentials::new(
        "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
        "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
    );
    let params = Query::new()
        .push("symbol", "LTCBTC")
        .push("side", "BUY")
        .push("type", "LIMIT")
        .push("timeInForce", "GTC")
        .push("quantity", 1)
        .push("price", "0.1");
    let signed = sent_query(&params, b"", UnixMillis(1_499_827_319_559), &docs);
    assert_eq!(
        signed,
        "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559\
         &signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
    );
}

/// Binance's docs example with non-ASCII text: percent-encoded (UTF-8 bytes) before
/// signing, as required since 2026-01-15.
#[test]
fn binance_docs_example_percent_encoded() {
    let docs = Credentials::new("k", "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j");
    let params = Query::new()
        .push("symbol", "１２３４５６")
        .push("side", "BUY")
        .push("type", "LIMIT")
        .push("timeInForce", "GTC")
        .push("quantity", 1)
        .push("price", "0.1");
    let pre = dialect().presign(&params, UnixMillis(1_499_827_319_559));
    assert_eq!(
        pre.as_str(),
        "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1\
         &price=0.1&recvWindow=5000&timestamp=1499827319559"
    );
    assert_eq!(
        BinanceDialect::signature(&docs, pre.as_str(), b""),
        "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3"
    );
}

/// Every byte outside `A-Z a-z 0-9 _ . - ~` is escaped, `*` included (a WHATWG form
/// encoder would leave it and the signature would fail); space is `%20`.
#[test]
fn the_escape_set_is_binance_s() {
    let q = GetLockedPersonalLeftQuota::new("Axs*90").query();
    assert_eq!(q.as_str(), "projectId=Axs%2A90");
    let all = Query::new().push("x", "aZ09_.-~*@ +/&=");
    assert_eq!(all.as_str(), "x=aZ09_.-~%2A%40%20%2B%2F%26%3D");
}

/// A body, when there is one, follows the query with no separator.
#[test]
fn body_follows_query_without_separator() {
    let c = creds();
    assert_eq!(BinanceDialect::signature(&c, "a=1", b"b=2"), hmac_hex(b"a=1b=2"));
    let q = sent_query(&Query::new().push("a", 1), b"b=2", TS, &c);
    let (pre, sig) = q.rsplit_once("&signature=").unwrap();
    assert_eq!(pre, "a=1&recvWindow=5000&timestamp=1754006400000");
    assert_eq!(sig, hmac_hex(format!("{pre}b=2").as_bytes()));
}

/// A request without parameters: the suffix is the whole query (no leading `&`).
#[test]
fn no_parameters_no_leading_ampersand() {
    let q = sent_query(&Query::new(), b"", TS, &creds());
    let (pre, sig) = q.rsplit_once("&signature=").unwrap();
    assert_eq!(pre, "recvWindow=5000&timestamp=1754006400000");
    assert_eq!(sig, hmac_hex(pre.as_bytes()));
}

/// The suffix agrees with [`BinanceDialect::presign`] and [`BinanceDialect::signature`].
#[test]
fn the_suffix_is_presign_then_signature() {
    let params = Query::new().push("productId", "USDT001").push("amount", "1");
    let pre = dialect().presign(&params, TS);
    let expected = format!("{}&signature={}", pre.as_str(), BinanceDialect::signature(&creds(), pre.as_str(), b""));
    assert_eq!(sent_query(&params, b"", TS, &creds()), expected);
}

/// The key travels in `X-MBX-APIKEY`, marked sensitive; nothing else is added.
#[test]
fn the_key_header_is_sensitive() {
    let input = SigningInput { method: &Method::GET, path: "/x", query: "", body: b"", timestamp: TS };
    let mut h = HeaderMap::new();
    dialect().sign(&input, &creds(), &mut h).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h["X-MBX-APIKEY"], "TESTKEY123");
    assert!(h["X-MBX-APIKEY"].is_sensitive());
}

/// On the wire: the signed order is the sent order, the signature is last and verifies
/// over the raw query, the star is `%2A`, POST parameters travel in the query with an
/// empty body and no JSON content type.
#[tokio::test]
async fn the_client_sends_exactly_what_it_signs() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/sapi/v1/simple-earn/locked/personalLeftQuota"))
        .and(Signed)
        .respond_with(common::ok(r#"{"leftPersonalQuota":"1"}"#))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/sapi/v1/simple-earn/flexible/subscribe"))
        .and(Signed)
        .respond_with(common::ok(r#"{"purchaseId":1,"success":true}"#))
        .mount(&server)
        .await;
    let c = client(&server);
    c.send(&GetLockedPersonalLeftQuota::new("Axs*90")).await.unwrap();
    let req = SubscribeFlexible::new("USDT001", a("100.5")).auto_subscribe(false).source_account(SourceAccount::Fund);
    c.send(&req).await.unwrap();
    let sent = received(&server).await;
    let (quota, sub) = (&sent[0], &sent[1]);
    let (signed_text, sig) = split_signature(quota).unwrap();
    assert!(signed_text.starts_with("projectId=Axs%2A90&recvWindow=5000&timestamp="), "{signed_text}");
    assert_eq!(sig, hmac_hex(signed_text.as_bytes()));
    let (signed_text, sig) = split_signature(sub).unwrap();
    let names: Vec<&str> = sub.url.query().unwrap().split('&').map(|kv| kv.split('=').next().unwrap()).collect();
    assert_eq!(
        names,
        ["productId", "amount", "autoSubscribe", "sourceAccount", "recvWindow", "timestamp", "signature"]
    );
    assert_eq!(sig, hmac_hex(signed_text.as_bytes()));
    assert!(sub.body.is_empty());
    assert_eq!(header(sub, "content-type"), None);
    assert_eq!(header(sub, "x-mbx-apikey"), Some(KEY));
}
