//! Issue 11: every endpoint of `bybit-account-transfer.md` (asset and account families):
//! method, path, exact query, signature, body, decoding, local validation, and what a
//! transfer's answers mean.

use std::time::Duration;

use bybit_earn::api::account::{GetTransferableAmount, GetWalletBalance};
use bybit_earn::api::asset::*;
use bybit_earn::api::common::AccountType;
use earn_core::http::{ApiRequest, TransportOptions};
use earn_core::{Error, ErrorKind, Operation, UnixMillis};
use rust_decimal::Decimal;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

const ID: &str = "7c9b4c2e-5d1a-4f3e-9b8a-1e2d3c4b5a69";

/// A client that does not space requests (the transfer family allows 60 per minute).
fn unthrottled(server: &MockServer) -> bybit_earn::BybitEarnClient {
    client_with(
        server,
        TransportOptions::default()
            .retry_policy(fast_retry())
            .timeout(Duration::from_millis(500))
            .enforce_rate_limits(false),
    )
}

#[tokio::test]
async fn all_coins_balance_is_the_fund_view_read_exactly() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v5/asset/transfer/query-account-coins-balance"))
        .and(QueryIs("accountType=FUND&coin=USDC"))
        .and(Signed)
        .respond_with(ok(
            r#"{"memberId":"XXXX","accountType":"FUND","balance":[{"coin":"USDC","transferBalance":"0","walletBalance":"0","bonus":""}]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v5/asset/transfer/query-account-coins-balance"))
        .and(QueryIs("accountType=FUND&memberId=123&withBonus=1"))
        .and(Signed)
        .respond_with(ok(
            r#"{"memberId":123,"accountType":"FUND","balance":[{"coin":"USDT","transferBalance":"120.000000000000000001","walletBalance":"150.5","bonus":"1"}]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let c = unthrottled(&server);
    let usdc = c.send(&GetAllCoinsBalance::new(AccountType::Fund).coin("USDC")).await.unwrap();
    assert_eq!((usdc.account_type, usdc.member_id.as_str()), (Some(AccountType::Fund), "XXXX"));
    let row = &usdc.balance[0];
    assert_eq!((row.coin.as_str(), row.wallet_balance, row.transfer_balance), ("USDC", Some(amt("0")), Some(amt("0"))));
    assert_eq!(row.bonus, None, "\"\" means not queried");
    let all = c.send(&GetAllCoinsBalance::new(AccountType::Fund).member_id("123").with_bonus()).await.unwrap();
    assert_eq!(all.member_id, "123", "a numeric memberId is read as text");
    assert_eq!(all.balance[0].transfer_balance, Some(amt("120.000000000000000001")), "18 decimals, exactly");
    assert_eq!(all.balance[0].wallet_balance, Some(amt("150.5")));

    // UNIFIED needs its coins named, at most 10; coins are upper case; nothing is sent.
    let unified = GetAllCoinsBalance::new(AccountType::Unified);
    let eleven = (0..11).fold(GetAllCoinsBalance::new(AccountType::Unified), |r, i| r.coin(format!("C{i}")));
    let spot = GetAllCoinsBalance::new("SPOT".parse().unwrap());
    for (bad, field) in [
        (unified, "coin"),
        (eleven, "coin"),
        (GetAllCoinsBalance::new(AccountType::Fund).coin("usdt"), "coin"),
        (spot, "accountType"),
        (GetAllCoinsBalance::new(AccountType::Fund).member_id("abc"), "memberId"),
    ] {
        let err = c.send(&bad).await.unwrap_err();
        assert!(matches!(&err, Error::InvalidInput { field: f, .. } if f == field), "{field}: {err}");
    }
    let ok_unified = GetAllCoinsBalance::new(AccountType::Unified).coin("USDT").coin("USDC");
    assert_eq!(ok_unified.query().as_str(), "accountType=UNIFIED&coin=USDT%2CUSDC");
    assert_eq!(all_requests(&server).await, 2);
}

#[tokio::test]
async fn single_coin_balance_reads_the_transferable_amount_to_another_account() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v5/asset/transfer/query-account-coin-balance"))
        .and(QueryIs("accountType=UNIFIED&coin=USDT&toAccountType=FUND&withLtvTransferSafeAmount=1"))
        .and(Signed)
        .respond_with(ok(
            r#"{"accountType":"UNIFIED","bizType":1,"accountId":"1631385","memberId":"1631373","balance":{"coin":"USDT","walletBalance":"11999","transferBalance":"11999","bonus":"0","transferSafeAmount":"","ltvTransferSafeAmount":"7602.4861"}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let c = unthrottled(&server);
    let request = GetCoinBalance::new(AccountType::Unified, "USDT")
        .to_account_type(AccountType::Fund)
        .with_ltv_transfer_safe_amount();
    let b = c.send(&request).await.unwrap();
    assert_eq!((b.biz_type, b.account_id.as_str(), b.member_id.as_str()), (Some(1), "1631385", "1631373"));
    assert_eq!(b.balance.transfer_balance, Some(amt("11999")));
    assert_eq!(b.balance.transfer_safe_amount, None);
    assert_eq!(b.balance.ltv_transfer_safe_amount, Some(amt("7602.4861")));
    // The LTV amount needs a destination.
    let err = c.send(&GetCoinBalance::new(AccountType::Fund, "USDT").with_ltv_transfer_safe_amount()).await;
    assert!(matches!(err, Err(Error::InvalidInput { field, .. }) if field == "withLtvTransferSafeAmount"));
    let all = GetCoinBalance::new(AccountType::Fund, "BTC")
        .member_id("1")
        .to_member_id("2")
        .with_bonus()
        .with_transfer_safe_amount();
    assert_eq!(
        all.query().as_str(),
        "accountType=FUND&coin=BTC&memberId=1&toMemberId=2&withBonus=1&withTransferSafeAmount=1"
    );
    assert_eq!(all_requests(&server).await, 1);
}

#[tokio::test]
async fn wallet_balance_is_the_unified_view_with_negative_and_boolean_fields() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v5/account/wallet-balance"))
        .and(QueryIs("accountType=UNIFIED&coin=BTC"))
        .and(Signed)
        .respond_with(ok(
            r#"{"list":[{"totalEquity":"3.31216591","accountType":"UNIFIED","totalAvailableBalance":"3.00326056","totalWalletBalance":"3.00326056","accountLTV":"","coin":[{"coin":"BTC","equity":"-0.5","walletBalance":"0","locked":"0","borrowAmount":"0.0","usdValue":"0","availableToWithdraw":"","unrealisedPnl":"-0.5","spotBorrow":"0","collateralSwitch":true,"marginCollateral":true,"colRes":"x"}]}]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let c = unthrottled(&server);
    let list = c.send(&GetWalletBalance::unified().coin("BTC")).await.unwrap().list;
    let account = &list[0];
    assert_eq!(account.account_type, Some(AccountType::Unified));
    assert_eq!(account.total_equity, Some("3.31216591".parse().unwrap()));
    let btc = &account.coin[0];
    assert_eq!(btc.equity, Some(Decimal::new(-5, 1)), "equity can be negative");
    assert_eq!(btc.borrow_amount, Some(Decimal::ZERO));
    assert_eq!(btc.available_to_withdraw, None, "deprecated: \"\"");
    assert_eq!((btc.collateral_switch, btc.margin_collateral), (Some(true), Some(true)));
}

#[tokio::test]
async fn transferable_amount_names_up_to_twenty_coins() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v5/account/withdrawal"))
        .and(QueryIs("coinName=BTC%2CSOL"))
        .and(Signed)
        .respond_with(ok(
            r#"{"availableWithdrawal":"4.54549050","availableWithdrawalMap":{"BTC":"4.54549050","SOL":"33.16713007"}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let c = unthrottled(&server);
    let t = c.send(&GetTransferableAmount::new(["BTC", "SOL"])).await.unwrap();
    assert_eq!(t.available_withdrawal_map["BTC"], amt("4.5454905"));
    assert_eq!(t.available_withdrawal_map["SOL"], amt("33.16713007"));
    let many: Vec<String> = (0..21).map(|i| format!("C{i}")).collect();
    assert_eq!(c.send(&GetTransferableAmount::new(many)).await.unwrap_err().kind(), ErrorKind::InvalidInput);
    assert_eq!(all_requests(&server).await, 1);
}

#[tokio::test]
async fn a_transfer_sends_its_uuid_in_the_documented_compact_body_signed() {
    let server = MockServer::start().await;
    let body = format!(
        r#"{{"transferId":"{ID}","coin":"USDT","amount":"250.5","fromAccountType":"UNIFIED","toAccountType":"FUND"}}"#
    );
    Mock::given(method("POST"))
        .and(path("/v5/asset/transfer/inter-transfer"))
        .and(QueryIs(""))
        .and(BodyIs(body))
        .and(Signed)
        .respond_with(ok(&format!(r#"{{"transferId":"{ID}","status":"SUCCESS"}}"#)))
        .expect(1)
        .mount(&server)
        .await;
    let c = unthrottled(&server);
    let t = CreateInternalTransfer::new("USDT", amt("250.50"), AccountType::Unified, AccountType::Fund).transfer_id(ID);
    let r = c.send(&t).await.unwrap();
    assert_eq!((r.transfer_id.as_str(), r.status), (ID, Some(TransferStatus::Success)));
    // A fresh transfer gets a fresh lower-case UUID v4.
    let fresh = CreateInternalTransfer::new("USDT", amt("1"), AccountType::Fund, AccountType::Unified);
    assert_eq!(uuid::Uuid::parse_str(&fresh.transfer_id).unwrap().get_version_num(), 4);
    assert_eq!(fresh.transfer_id, fresh.transfer_id.to_lowercase());
    assert_ne!(
        fresh.transfer_id,
        CreateInternalTransfer::new("USDT", amt("1"), AccountType::Fund, AccountType::Unified).transfer_id
    );
    // The typed client's intent names the transferId, so the adapter can reconcile it.
    let intent = t.intent().unwrap();
    assert_eq!(
        (intent.operation, intent.endpoint.as_str()),
        (Operation::Transfer, "/v5/asset/transfer/inter-transfer")
    );
    assert_eq!((intent.client_id.unwrap().as_str(), intent.amount), (ID, Some(amt("250.5"))));
}

#[tokio::test]
async fn invalid_transfers_never_reach_the_network() {
    let server = MockServer::start().await;
    let c = unthrottled(&server);
    let base = || CreateInternalTransfer::new("USDT", amt("1"), AccountType::Unified, AccountType::Fund);
    let mut same = base();
    same.to_account_type = AccountType::Unified;
    let mut zero = base();
    zero.amount = amt("0");
    let mut legacy = base();
    legacy.to_account_type = "CONTRACT".parse().unwrap();
    let cases = [
        (base().transfer_id("my-transfer-1"), "transferId"),
        (base().transfer_id(ID.to_uppercase()), "transferId"),
        (same, "toAccountType"),
        (zero, "amount"),
        (legacy, "toAccountType"),
        (CreateInternalTransfer::new("usdt", amt("1"), AccountType::Unified, AccountType::Fund), "coin"),
    ];
    for (t, field) in cases {
        let err = c.send(&t).await.unwrap_err();
        assert!(matches!(&err, Error::InvalidInput { field: f, .. } if f == field), "{field}: {err}");
    }
    assert_eq!(all_requests(&server).await, 0);
}

#[tokio::test]
async fn a_transfer_is_sent_once_whatever_the_answer() {
    let server = MockServer::start().await;
    let t = || CreateInternalTransfer::new("USDT", amt("5"), AccountType::Fund, AccountType::Unified).transfer_id(ID);
    let c = unthrottled(&server);
    // A dropped answer, 131214 (an id that exists), a server error: each is an unknown
    // outcome carrying the transferId, after exactly one request.
    for (answer, cause) in [
        (ok("{}").set_delay(Duration::from_secs(2)), "no answer"),
        (code(131214, "TransferId exist"), "131214"),
        (code(10016, "server error"), "10016"),
        (code(131230, "The system is busy, please try again later"), "131230"),
        (ResponseTemplate::new(502), "502"),
    ] {
        server.reset().await;
        Mock::given(path("/v5/asset/transfer/inter-transfer")).respond_with(answer).mount(&server).await;
        let err = c.send(&t()).await.unwrap_err();
        assert!(err.maybe_happened(), "{cause}: {err}");
        assert!(err.to_string().contains(cause), "{cause}: {err}");
        let intent = err.reconcile_intent().unwrap();
        assert_eq!(intent.client_id.as_ref().unwrap().as_str(), ID);
        assert!(intent.sent_at.is_some());
        assert_eq!(all_requests(&server).await, 1, "{cause}: never repeated");
    }
    // Definite rejections are typed and never repeated either (not even a rate limit).
    for (status, kind) in [
        (code(131212, "Insufficient balance"), ErrorKind::InsufficientBalance),
        (code(131211, "fromAccountType can't be the same as toAccountType"), ErrorKind::Rejected),
        (code(10006, "Too many visits!"), ErrorKind::RateLimited),
        (code(10005, "permission denied"), ErrorKind::Permission),
    ] {
        server.reset().await;
        Mock::given(path("/v5/asset/transfer/inter-transfer")).respond_with(status).mount(&server).await;
        assert_eq!(c.send(&t()).await.unwrap_err().kind(), kind);
        assert_eq!(all_requests(&server).await, 1);
    }
}

#[tokio::test]
async fn transfer_records_decode_legacy_accounts_prefixed_ids_and_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v5/asset/transfer/query-inter-transfer-list"))
        .and(QueryIs("coin=USDT&limit=1"))
        .and(Signed)
        .respond_with(ok(
            r#"{"list":[{"transferId":"selfTransfer_a1091cc7-9364-4b74-8de1-18f02c6f2d5c","coin":"USDT","amount":"5000","fromAccountType":"SPOT","toAccountType":"UNIFIED","timestamp":"1667283263000","status":"SUCCESS"}],"nextPageCursor":"eyJtaW5JRCI6MTM1ODQ2OCwibWF4SUQiOjEzNTg0Njh9"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v5/asset/transfer/query-inter-transfer-list"))
        .and(QueryIs("coin=USDT&cursor=eyJtaW5JRCI6MTM1ODQ2OCwibWF4SUQiOjEzNTg0Njh9&limit=1"))
        .and(Signed)
        .respond_with(ok(
            r#"{"list":[{"transferId":"b2","coin":"USDT","amount":"1.5","fromAccountType":"FUND","toAccountType":"UNIFIED","timestamp":"1667283200000","status":"PENDING"}],"nextPageCursor":""}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let c = unthrottled(&server);
    let rows = c.pages(GetInternalTransfers::new().coin("USDT").limit(1)).collect_all().await.unwrap();
    assert_eq!(rows.len(), 2);
    let first = &rows[0];
    assert!(first.is_transfer("a1091cc7-9364-4b74-8de1-18f02c6f2d5c"), "the prefix is not part of our id");
    assert_eq!(first.from_account_type, "SPOT".parse::<AccountType>().unwrap(), "legacy types kept verbatim");
    assert_eq!((first.amount, first.timestamp), (amt("5000"), Some(UnixMillis(1_667_283_263_000))));
    assert_eq!(
        (first.status.clone(), rows[1].status.clone()),
        (Some(TransferStatus::Success), Some(TransferStatus::Pending))
    );

    // The reference's vector T2 query, and the seven-day and 1–50 rules.
    assert_eq!(GetInternalTransfers::new().transfer_id(ID).query().as_str(), format!("transferId={ID}"));
    let day = 86_400_000;
    for (bad, field) in [
        (GetInternalTransfers::new().limit(51), "limit"),
        (GetInternalTransfers::new().range(UnixMillis(0), UnixMillis(7 * day + 1)), "endTime"),
        (GetInternalTransfers::new().status(TransferStatus::StatusUnknown), "status"),
        (GetInternalTransfers::new().transfer_id("a b"), "transferId"),
    ] {
        let err = c.send(&bad).await.unwrap_err();
        assert!(matches!(&err, Error::InvalidInput { field: f, .. } if f == field), "{field}: {err}");
    }
    let full = GetInternalTransfers::new().status(TransferStatus::Failed).since(UnixMillis(5));
    assert_eq!(full.query().as_str(), "startTime=5&status=FAILED");
    assert_eq!(all_requests(&server).await, 2);
}

#[tokio::test]
async fn transferable_coins_between_two_accounts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v5/asset/transfer/query-transfer-coin-list"))
        .and(QueryIs("fromAccountType=UNIFIED&toAccountType=FUND"))
        .and(Signed)
        .respond_with(ok(r#"{"list":["BTC","ETH"]}"#))
        .expect(1)
        .mount(&server)
        .await;
    let c = unthrottled(&server);
    let coins = c.send(&GetTransferableCoins::new(AccountType::Unified, AccountType::Fund)).await.unwrap();
    assert_eq!(coins.list, ["BTC", "ETH"]);
    let legacy = GetTransferableCoins::new("CONTRACT".parse().unwrap(), AccountType::Fund);
    assert_eq!(c.send(&legacy).await.unwrap_err().kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn the_transfer_family_is_spaced_to_sixty_a_minute() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/asset/transfer/query-transfer-coin-list"))
        .respond_with(ok(r#"{"list":[]}"#))
        .mount(&server)
        .await;
    let c = client(&server);
    let started = std::time::Instant::now();
    for _ in 0..2 {
        c.send(&GetTransferableCoins::new(AccountType::Fund, AccountType::Unified)).await.unwrap();
    }
    assert!(started.elapsed() >= Duration::from_millis(1000), "{:?}", started.elapsed());
}
