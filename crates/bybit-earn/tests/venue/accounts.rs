//! Issue 11 on the adapter, against wiremock: idle balances per account, transfers between
//! FUND and UNIFIED and their reconciliation by `transferId`, the account each product draws
//! on and pays to, redemptions naming their account, and fixed-term OnChain products that
//! are locked until maturity.

use std::time::Duration;

use bybit_earn::BybitEarnVenue;
use bybit_earn::api::asset::CreateInternalTransfer;
use bybit_earn::api::common::AccountType;
use earn_core::http::{ApiRequest, TransportOptions};
use earn_core::*;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer};

use crate::adapter::mount_products;
use crate::common::*;

const ID: &str = "7c9b4c2e-5d1a-4f3e-9b8a-1e2d3c4b5a69";
const TRANSFER: &str = "/v5/asset/transfer/inter-transfer";
const RECORDS: &str = "/v5/asset/transfer/query-inter-transfer-list";

/// An adapter whose client does not space requests (the transfer family allows 60/min).
fn venue(server: &MockServer) -> BybitEarnVenue {
    let client = client_with(
        server,
        TransportOptions::default()
            .retry_policy(fast_retry())
            .timeout(Duration::from_millis(400))
            .enforce_rate_limits(false),
    );
    BybitEarnVenue::new(client)
}

fn field(err: Error) -> String {
    match err {
        Error::InvalidInput { field, .. } => field,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

fn record(id: &str, amount: &str, from: &str, to: &str, status: &str) -> String {
    format!(
        r#"{{"transferId":"{id}","coin":"USDT","amount":"{amount}","fromAccountType":"{from}","toAccountType":"{to}","timestamp":"1770712200000","status":"{status}"}}"#
    )
}

async fn mount_records(server: &MockServer, id: &str, rows: &[String]) {
    Mock::given(method("GET"))
        .and(path(RECORDS))
        .and(query_param("transferId", id))
        .and(Signed)
        .respond_with(ok(&format!(r#"{{"list":[{}],"nextPageCursor":""}}"#, rows.join(","))))
        .mount(server)
        .await;
}

async fn posts(server: &MockServer, p: &str) -> usize {
    received(server, p).await.iter().filter(|r| r.method.as_str() == "POST").count()
}

#[tokio::test]
async fn capabilities_name_both_accounts_balances_and_transfers() {
    let server = MockServer::start().await;
    let caps = venue(&server).capabilities();
    assert!(caps.supports(Operation::Balances) && caps.supports(Operation::Transfer));
    assert_eq!(caps.accounts, ["FUND", "UNIFIED"]);
}

/// Issue 11: nothing read an idle balance (a treasury bot could not see what is idle).
#[tokio::test]
async fn balances_list_fund_and_unified_coins_available_and_total() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v5/asset/transfer/query-account-coins-balance"))
        .and(QueryIs("accountType=FUND"))
        .and(Signed)
        .respond_with(ok(r#"{"memberId":"1","accountType":"FUND","balance":[
            {"coin":"USDT","walletBalance":"120","transferBalance":"100","bonus":""},
            {"coin":"BTC","walletBalance":"0","transferBalance":"0","bonus":""},
            {"coin":"ETH","walletBalance":"0.5","transferBalance":"","bonus":""}]}"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v5/account/wallet-balance"))
        .and(QueryIs("accountType=UNIFIED"))
        .and(Signed)
        .respond_with(ok(r#"{"list":[{"accountType":"UNIFIED","totalEquity":"100","coin":[
            {"coin":"USDT","walletBalance":"50","equity":"50","usdValue":"50.01","locked":"0"},
            {"coin":"SOL","walletBalance":"3","equity":"2.5","usdValue":"","locked":"1"}]}]}"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v5/account/withdrawal"))
        .and(QueryIs("coinName=USDT%2CSOL"))
        .and(Signed)
        .respond_with(ok(r#"{"availableWithdrawal":"40","availableWithdrawalMap":{"USDT":"40"}}"#))
        .expect(1)
        .mount(&server)
        .await;
    let balances = venue(&server).balances().await.unwrap();
    let rows: Vec<(&str, &str, Amount, Option<Amount>)> =
        balances.iter().map(|b| (b.account.as_str(), b.asset.as_str(), b.available, b.total)).collect();
    assert_eq!(
        rows,
        [
            ("FUND", "USDT", amt("100"), Some(amt("120"))),
            ("FUND", "ETH", amt("0"), Some(amt("0.5"))),
            ("UNIFIED", "USDT", amt("40"), Some(amt("50"))),
            ("UNIFIED", "SOL", amt("0"), Some(amt("3"))),
        ],
        "empty coins left out; available is what can move now, never more than Bybit says"
    );
    assert_eq!(balances[2].value_usd.as_ref().map(|v| v.rounded().to_string()), Some("50.01".into()));
    assert!(balances.iter().all(|b| b.venue == bybit_earn::VENUE));
}

#[tokio::test]
async fn an_empty_unified_account_asks_for_no_transferable_amounts() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/asset/transfer/query-account-coins-balance"))
        .respond_with(ok(r#"{"accountType":"FUND","balance":[]}"#))
        .mount(&server)
        .await;
    Mock::given(path("/v5/account/wallet-balance"))
        .respond_with(ok(r#"{"list":[{"accountType":"UNIFIED","coin":[]}]}"#))
        .mount(&server)
        .await;
    assert!(venue(&server).balances().await.unwrap().is_empty());
    assert!(received(&server, "/v5/account/withdrawal").await.is_empty());
}

#[tokio::test]
async fn a_transfer_moves_between_the_accounts_under_the_callers_transfer_id() {
    let server = MockServer::start().await;
    let body = format!(
        r#"{{"transferId":"{ID}","coin":"USDT","amount":"250.5","fromAccountType":"UNIFIED","toAccountType":"FUND"}}"#
    );
    Mock::given(method("POST"))
        .and(path(TRANSFER))
        .and(BodyIs(body))
        .and(Signed)
        .respond_with(ok(&format!(r#"{{"transferId":"{ID}","status":"SUCCESS"}}"#)))
        .expect(1)
        .mount(&server)
        .await;
    let v = venue(&server);
    let t = v.transfer(&TransferRequest::new("USDT", amt("250.50"), "UNIFIED", "FUND").client_id(ID)).await.unwrap();
    assert_eq!((t.id.as_str(), t.client_id.as_ref().unwrap().as_str()), (ID, ID));
    assert_eq!(
        (t.from.as_str(), t.to.as_str(), t.amount, t.status),
        ("UNIFIED", "FUND", amt("250.5"), OrderStatus::Succeeded)
    );
    assert_eq!(t.asset.as_str(), "USDT");
}

#[tokio::test]
async fn a_generated_transfer_id_is_a_fresh_uuid_and_pending_is_not_final() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TRANSFER))
        .respond_with(|r: &wiremock::Request| {
            let id = body_json(r)["transferId"].as_str().unwrap().to_owned();
            ok(&format!(r#"{{"transferId":"{id}","status":"PENDING"}}"#))
        })
        .mount(&server)
        .await;
    let v = venue(&server);
    let request = TransferRequest::new("usdt", amt("1"), "FUND", "UNIFIED");
    let a = v.transfer(&request).await.unwrap();
    let b = v.transfer(&request).await.unwrap();
    let id = a.client_id.clone().unwrap();
    assert_eq!(uuid::Uuid::parse_str(id.as_str()).unwrap().get_version_num(), 4);
    assert_ne!(a.client_id, b.client_id, "no caller id: each call is its own transfer");
    assert_eq!((a.status, a.asset.as_str()), (OrderStatus::Pending, "USDT"));
    let sent = received(&server, TRANSFER).await;
    assert_eq!(body_json(&sent[0])["coin"], "USDT", "the asset is sent upper-case");
    assert_eq!(body_json(&sent[0])["transferId"], id.as_str());
}

#[tokio::test]
async fn a_transfer_bybit_answers_failed_is_a_rejection() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TRANSFER))
        .respond_with(ok(&format!(r#"{{"transferId":"{ID}","status":"FAILED"}}"#)))
        .mount(&server)
        .await;
    let err = venue(&server).transfer(&TransferRequest::new("USDT", amt("1"), "FUND", "UNIFIED").client_id(ID)).await;
    let err = err.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Rejected);
    assert!(err.to_string().contains("FAILED"), "{err}");
}

#[tokio::test]
async fn invalid_transfers_are_refused_before_any_request() {
    let server = MockServer::start().await;
    let v = venue(&server);
    let base = |from: &str, to: &str| TransferRequest::new("USDT", amt("1"), from, to);
    let cases = [
        (base("SPOT", "FUND"), "from"),
        (base("FUND", "funding"), "to"),
        (base("FUND", "FUND"), "to"),
        (TransferRequest::new("USDT", amt("0"), "FUND", "UNIFIED"), "amount"),
        (TransferRequest::new("US DT", amt("1"), "FUND", "UNIFIED"), "asset"),
        (base("FUND", "UNIFIED").client_id("my-transfer-1"), "client_id"),
        (base("FUND", "UNIFIED").client_id(ID.to_uppercase()), "client_id"),
    ];
    for (request, name) in cases {
        assert_eq!(field(v.transfer(&request).await.unwrap_err()), name);
    }
    assert_eq!(all_requests(&server).await, 0);
}

/// Issue 11 ("done when"): a transfer whose answer is lost after it was applied reconciles
/// to "happened", from the records by `transferId`, and was sent once.
#[tokio::test]
async fn a_transfer_whose_answer_is_lost_reconciles_to_happened_and_was_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TRANSFER))
        .respond_with(ok(&format!(r#"{{"transferId":"{ID}","status":"SUCCESS"}}"#)).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    // The record carries Bybit's `selfTransfer_` prefix.
    mount_records(&server, ID, &[record(&format!("selfTransfer_{ID}"), "250.5", "UNIFIED", "FUND", "SUCCESS")]).await;
    let v = venue(&server);
    let err =
        v.transfer(&TransferRequest::new("USDT", amt("250.5"), "UNIFIED", "FUND").client_id(ID)).await.unwrap_err();
    assert!(err.maybe_happened(), "{err}");
    let intent = err.reconcile_intent().unwrap().clone();
    assert_eq!((intent.operation, intent.endpoint.as_str()), (Operation::Transfer, TRANSFER));
    assert_eq!((intent.client_id.as_ref().unwrap().as_str(), intent.amount), (ID, Some(amt("250.5"))));
    let sent_at = intent.sent_at.expect("the executor stamps the send time");

    let Reconciliation::TransferHappened(t) = v.reconcile(&intent).await.unwrap() else { panic!("not happened") };
    assert_eq!((t.id.as_str(), t.client_id.as_ref().unwrap().as_str()), (format!("selfTransfer_{ID}").as_str(), ID));
    assert_eq!(
        (t.from.as_str(), t.to.as_str(), t.amount, t.status),
        ("UNIFIED", "FUND", amt("250.5"), OrderStatus::Succeeded)
    );
    assert_eq!(t.created_at, Some(UnixMillis(1_770_712_200_000)));
    assert_eq!(posts(&server, TRANSFER).await, 1, "never repeated");
    let lookup = &received(&server, RECORDS).await[0];
    let q = lookup.url.query().unwrap();
    assert!(q.contains(&format!("startTime={}", sent_at.0 - 60_000)) && q.contains(&format!("transferId={ID}")), "{q}");
}

/// `131214 TransferId exist`: the record with that id decides, at once.
#[tokio::test]
async fn a_duplicate_transfer_id_is_settled_by_reading_its_record() {
    let request = TransferRequest::new("USDT", amt("5"), "FUND", "UNIFIED").client_id(ID);
    let case = |rows: Vec<String>| async move {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(TRANSFER))
            .respond_with(code(131214, "TransferId exist"))
            .mount(&server)
            .await;
        mount_records(&server, ID, &rows).await;
        (
            venue(&server).transfer(&TransferRequest::new("USDT", amt("5"), "FUND", "UNIFIED").client_id(ID)).await,
            server,
        )
    };
    // The same transfer: it happened once, here it is.
    let (same, server) = case(vec![record(ID, "5", "FUND", "UNIFIED", "SUCCESS")]).await;
    let same = same.unwrap();
    assert_eq!(
        (same.amount, same.status, same.client_id.clone()),
        (amt("5"), OrderStatus::Succeeded, request.client_id.clone())
    );
    assert_eq!(posts(&server, TRANSFER).await, 1);
    // The id belongs to another transfer: a rejection naming it.
    let (other, _) = case(vec![record(ID, "6", "FUND", "UNIFIED", "SUCCESS")]).await;
    let other = other.unwrap_err();
    assert_eq!(other.kind(), ErrorKind::Rejected);
    assert!(other.to_string().contains("different transfer"), "{other}");
    let (reversed, _) = case(vec![record(ID, "5", "UNIFIED", "FUND", "SUCCESS")]).await;
    assert_eq!(reversed.unwrap_err().kind(), ErrorKind::Rejected, "the direction is part of the transfer");
    // No record yet: still unknown, to reconcile.
    let (none, _) = case(vec![]).await;
    assert!(none.unwrap_err().maybe_happened());
}

#[tokio::test]
async fn transfer_reconciliation_never_guesses() {
    let server = MockServer::start().await;
    let id = |n: u32| format!("00000000-0000-4000-8000-{n:012}");
    mount_records(&server, &id(1), &[record(&id(1), "9", "FUND", "UNIFIED", "SUCCESS")]).await;
    mount_records(&server, &id(2), &[record(&id(2), "5", "FUND", "UNIFIED", "SUCCESS")]).await;
    mount_records(
        &server,
        &id(3),
        &[
            record(&id(3), "5", "FUND", "UNIFIED", "SUCCESS"),
            record(&format!("x_{}", id(3)), "5", "FUND", "UNIFIED", "SUCCESS"),
        ],
    )
    .await;
    mount_records(&server, &id(4), &[]).await;
    mount_records(&server, &id(5), &[record(&id(5), "5", "FUND", "UNIFIED", "PENDING")]).await;
    mount_records(&server, &id(6), &[record(&id(6), "5", "FUND", "UNIFIED", "FAILED")]).await;
    let v = venue(&server).reconcile_grace(Duration::from_secs(60));
    let now = UnixMillis::now_local();
    let intent = |n: u32, sent: UnixMillis| {
        ReconcileIntent::new(bybit_earn::VENUE, Operation::Transfer, TRANSFER)
            .asset("USDT")
            .amount(amt("5"))
            .client_id(id(n))
            .sent_at(sent)
    };
    let unknown = |r: Reconciliation, why: &str| match r {
        Reconciliation::StillUnknown { reason } => assert!(reason.contains(why), "{reason}"),
        other => panic!("{why}: {other:?}"),
    };
    unknown(v.reconcile(&intent(1, now)).await.unwrap(), "different transfer");
    let claimed = intent(2, now).claimed([OrderId::new(id(2))]);
    unknown(v.reconcile(&claimed).await.unwrap(), "claimed");
    unknown(v.reconcile(&intent(3, now)).await.unwrap(), "2 unclaimed");
    unknown(v.reconcile(&intent(4, now)).await.unwrap(), "grace");
    let long_ago = UnixMillis(now.0 - 10 * 60_000);
    assert_eq!(v.reconcile(&intent(4, long_ago)).await.unwrap(), Reconciliation::DidNotHappen);
    let Reconciliation::TransferHappened(p) = v.reconcile(&intent(5, now)).await.unwrap() else { panic!() };
    assert_eq!(p.status, OrderStatus::Pending, "accepted, not final: ask again later");
    let Reconciliation::TransferHappened(f) = v.reconcile(&intent(6, now)).await.unwrap() else { panic!() };
    assert_eq!(f.status, OrderStatus::Failed, "recorded and failed: nothing moved");
    let mut anonymous = intent(2, now);
    anonymous.client_id = None;
    assert_eq!(field(v.reconcile(&anonymous).await.unwrap_err()), "intent.client_id");
    assert_eq!(posts(&server, TRANSFER).await, 0, "reconciliation only reads");
}

/// The typed client's transfer intent is reconciled by the adapter too.
#[tokio::test]
async fn the_typed_clients_transfer_intent_reconciles() {
    let server = MockServer::start().await;
    mount_records(&server, ID, &[record(ID, "5", "FUND", "UNIFIED", "SUCCESS")]).await;
    let intent = CreateInternalTransfer::new("USDT", amt("5"), AccountType::Fund, AccountType::Unified)
        .transfer_id(ID)
        .intent()
        .unwrap()
        .sent_at(UnixMillis::now_local());
    assert!(matches!(venue(&server).reconcile(&intent).await.unwrap(), Reconciliation::TransferHappened(_)));
}

/// Issue 11: the products said nothing about where money comes from and goes back to.
#[tokio::test]
async fn products_say_which_account_they_draw_on_and_pay_back_to() {
    let server = MockServer::start().await;
    mount_products(&server).await;
    let accounts = |products: &[Product]| -> Vec<(String, Option<String>, Option<String>)> {
        products
            .iter()
            .map(|p| {
                let name = |a: &Option<AccountId>| a.as_ref().map(|a| a.as_str().to_owned());
                (p.id.as_str().to_owned(), name(&p.draws_from), name(&p.pays_to))
            })
            .collect()
    };
    let s = |x: &str| Some(x.to_owned());
    let fund = venue(&server).products(&ProductFilter::all()).await.unwrap();
    assert_eq!(
        accounts(&fund),
        [
            ("FlexibleSaving:430".into(), s("FUND"), s("FUND")),
            ("OnChain:8".into(), s("FUND"), s("FUND")),
            ("OnChain:9".into(), s("FUND"), s("FUND")),
            ("OnChain:503".into(), s("FUND"), s("FUND")),
            ("FixedTermSaving:77".into(), s("FUND"), None),
        ]
    );
    let unified = venue(&server).account_type(AccountType::Unified).products(&ProductFilter::all()).await.unwrap();
    assert_eq!(
        accounts(&unified),
        [
            ("FlexibleSaving:430".into(), s("UNIFIED"), s("UNIFIED")),
            ("OnChain:8".into(), s("FUND"), s("FUND")),
            ("OnChain:9".into(), s("FUND"), s("FUND")),
            ("OnChain:503".into(), s("FUND"), s("FUND")),
            ("FixedTermSaving:77".into(), s("UNIFIED"), None),
        ],
        "OnChain uses FUND whatever the adapter's account"
    );
}

/// Issue 11: `RedeemRequest` could not name the destination account.
#[tokio::test]
async fn redemptions_name_their_account_only_where_bybit_allows_it() {
    let server = MockServer::start().await;
    mount_products(&server).await;
    Mock::given(method("POST"))
        .and(path("/v5/earn/place-order"))
        .and(Signed)
        .respond_with(|r: &wiremock::Request| {
            ok(&format!(r#"{{"orderId":"o","orderLinkId":{}}}"#, body_json(r)["orderLinkId"]))
        })
        .mount(&server)
        .await;
    let v = venue(&server);
    let redeem = |p: &str, a: &str| RedeemRequest::new(p, amt(a));
    // LST: FUND or UNIFIED, the caller's choice; FUND when none is named.
    assert!(v.redeem(&redeem("OnChain:9", "1").to_account("UNIFIED")).await.unwrap().order().is_some());
    assert!(v.redeem(&redeem("OnChain:9", "1")).await.unwrap().order().is_some());
    // Non-LST: FUND only, always sent.
    assert!(v.redeem(&redeem("OnChain:8", "1").position_id("326").to_account("FUND")).await.unwrap().order().is_some());
    // FlexibleSaving: only its own account (the adapter's), never sent as toAccountType.
    assert!(v.redeem(&redeem("FlexibleSaving:430", "0.5").to_account("FUND")).await.unwrap().order().is_some());
    let unified = venue(&server).account_type(AccountType::Unified);
    assert!(
        unified.redeem(&redeem("FlexibleSaving:430", "0.5").to_account("UNIFIED")).await.unwrap().order().is_some()
    );
    let sent: Vec<serde_json::Value> = received(&server, "/v5/earn/place-order").await.iter().map(body_json).collect();
    let to: Vec<Option<&str>> = sent.iter().map(|b| b.get("toAccountType").and_then(|t| t.as_str())).collect();
    assert_eq!(to, [Some("UNIFIED"), Some("FUND"), Some("FUND"), None, None]);
    assert_eq!(sent[4]["accountType"], "UNIFIED");

    // Refused where Bybit gives no choice, naming the field; nothing sent, estimates too.
    let refused = [
        redeem("OnChain:8", "1").position_id("326").to_account("UNIFIED"),
        redeem("FlexibleSaving:430", "0.5").to_account("UNIFIED"),
        redeem("OnChain:9", "1").to_account("SPOT"),
        redeem("FixedTermSaving:77", "10").to_account("FUND"),
    ];
    for r in &refused[..3] {
        assert_eq!(field(v.redeem(r).await.unwrap_err()), "to_account", "{r:?}");
    }
    for r in &refused {
        assert_eq!(field(v.redemption_estimate(r).await.unwrap_err()), "to_account", "{r:?}");
    }
    assert_eq!(posts(&server, "/v5/earn/place-order").await, 5);
}

/// Issue 11: `OnChain:503` (30-day fixed, best USDT APR) was listed as on-chain, redeemable,
/// with a 0–0 redemption delay; the lock showed only in its name.
#[tokio::test]
async fn a_fixed_term_onchain_product_is_locked_for_the_term_its_fields_give() {
    let server = MockServer::start().await;
    let other = ONCHAIN_FIXED_PRODUCT
        .replace(r#""productId":"503""#, r#""productId":"504""#)
        .replace(r#""term":30"#, r#""term":"7""#);
    let flexible_with_term = ONCHAIN_FLEX_PRODUCT.replace(r#""term":0"#, r#""term":90"#);
    Mock::given(path("/v5/earn/product"))
        .and(query_param("category", "OnChain"))
        .respond_with(ok(&format!(r#"{{"list":[{ONCHAIN_FIXED_PRODUCT},{other},{flexible_with_term}]}}"#)))
        .mount(&server)
        .await;
    for (p, body) in [("/v5/earn/product", r#"{"list":[]}"#), ("/v5/earn/fixed-term/product", r#"{"list":[]}"#)] {
        Mock::given(path(p)).respond_with(ok(body)).mount(&server).await;
    }
    let products = venue(&server).products(&ProductFilter::all()).await.unwrap();
    let fixed = &products[0];
    assert_eq!(fixed.id.as_str(), "OnChain:503");
    assert_eq!(fixed.kind, ProductKind::Locked { term: Duration::from_secs(30 * 86_400) });
    assert!(!fixed.redemption_allowed, "not redeemable before maturity");
    assert_eq!(fixed.redemption_delay, None, "no 0–0 delay for a locked product");
    assert_eq!((fixed.apr.map(|r| r.to_string()), fixed.apy), (Some("0.08".into()), None), "an APR, never an APY");
    assert_eq!(products[1].kind, ProductKind::locked_days(7), "the term is read from `term`, text or number");
    assert_eq!(products[2].kind, ProductKind::OnChain, "a Flexible product is liquid whatever its `term`");
    assert!(products[2].redemption_allowed);
    assert_eq!(products[2].redemption_delay, Some(RedemptionDelay::fixed(Duration::from_secs(2880 * 60))));
}

/// Issue 11: redeeming a fixed-term OnChain product before maturity was sent (the simulator
/// even applied it); it is refused locally, with when it matures.
#[tokio::test]
async fn a_fixed_term_onchain_redemption_before_maturity_is_refused_locally() {
    let day = 86_400_000;
    let now = UnixMillis::now_local().0;
    let scenario = |settlement: String| async move {
        let server = MockServer::start().await;
        Mock::given(path("/v5/earn/product"))
            .and(query_param("category", "OnChain"))
            .respond_with(ok(&format!(r#"{{"list":[{ONCHAIN_FIXED_PRODUCT}]}}"#)))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/v5/earn/position"))
            .and(query_param("category", "OnChain"))
            .and(query_param("productId", "503"))
            .and(Signed)
            .respond_with(ok(&format!(
                r#"{{"list":[{{"coin":"USDT","productId":"503","amount":"100","id":"900","status":"Active","settlementTime":"{settlement}"}}]}}"#
            )))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/v5/earn/place-order"))
            .respond_with(ok(r#"{"orderId":"o","orderLinkId":"l"}"#))
            .mount(&server)
            .await;
        server
    };
    let request = RedeemRequest::new("OnChain:503", amt("100")).position_id("900");

    let matures = now + 10 * day;
    let server = scenario(matures.to_string()).await;
    let v = venue(&server);
    let err = v.redeem(&request).await.unwrap_err();
    let text = err.to_string();
    assert_eq!(field(err), "product");
    assert!(text.contains("fixed-term") && text.contains("30 days"), "{text}");
    assert!(text.contains(&UnixMillis(matures).to_iso8601()), "says when it matures: {text}");
    let est = v.redemption_estimate(&request).await.unwrap();
    assert!(!est.allowed);
    assert!(est.reason.as_deref().unwrap().contains("fixed-term"), "{est:?}");
    let delay = est.delay.unwrap().min;
    assert!(delay > Duration::from_secs(9 * 86_400) && delay <= Duration::from_secs(10 * 86_400), "{delay:?}");
    assert_eq!(posts(&server, "/v5/earn/place-order").await, 0, "nothing sent before maturity");

    // Bybit gives no maturity: still locked.
    let server = scenario(String::new()).await;
    assert_eq!(field(venue(&server).redeem(&request).await.unwrap_err()), "product");
    assert_eq!(posts(&server, "/v5/earn/place-order").await, 0);

    // Matured: Bybit decides.
    let server = scenario((now - day).to_string()).await;
    let v = venue(&server);
    assert!(v.redemption_estimate(&request).await.unwrap().allowed);
    assert!(v.redeem(&request).await.unwrap().order().is_some());
    assert_eq!(posts(&server, "/v5/earn/place-order").await, 1);
}
