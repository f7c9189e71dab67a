//! The funding-account endpoints (`/api/v5/asset/…`): balances, transfer, transfer state
//! and bills. Method, path, exact query or body, signature, decoding, and how a transfer's
//! unclear answer becomes an unknown outcome that is never repeated.

use earn_core::{ErrorKind, Operation, UnixMillis};
use okx_staking::api::asset::*;
use wiremock::MockServer;

use crate::common::*;

const BALANCES: &str = "/api/v5/asset/balances";
const TRANSFER: &str = "/api/v5/asset/transfer";
const STATE: &str = "/api/v5/asset/transfer-state";

fn beth_to_funding() -> TransferFunds {
    TransferFunds::new("BETH", amt("0.5"), AccountType::Trading, AccountType::Funding).client_id("ethRedeemPrep001")
}

#[tokio::test]
async fn funding_balances_take_a_currency_list_and_decode_exactly() {
    let server = MockServer::start().await;
    signed("GET", BALANCES)
        .and(ExactQuery("ccy=BTC%2CETH"))
        .and(BodyBytes(""))
        .respond_with(ok(r#"[{"availBal":"37.11827078","bal":"37.11827078","ccy":"ETH","frozenBal":"0"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let rows = client(&server).send(&GetFundingBalances::new().ccy("BTC").ccy("ETH")).await.unwrap();
    assert_eq!(rows.len(), 1, "BTC has nothing, so OKX leaves it out");
    assert_eq!(
        (rows[0].ccy.as_str(), rows[0].avail_bal, rows[0].frozen_bal),
        ("ETH", Some(amt("37.11827078")), Some(amt("0")))
    );
}

#[tokio::test]
async fn transfer_sends_the_f1_body_signed_and_decodes_the_ack() {
    let server = MockServer::start().await;
    signed("POST", TRANSFER)
        .and(BodyBytes(r#"{"ccy":"BETH","amt":"0.5","from":"18","to":"6","clientId":"ethRedeemPrep001"}"#))
        .respond_with(ok(
            r#"[{"transId":"754147","ccy":"BETH","clientId":"ethRedeemPrep001","from":"18","amt":"0.5","to":"6"}]"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let ack = client(&server).send(&beth_to_funding()).await.unwrap();
    assert_eq!(ack[0].trans_id, "754147");
    assert_eq!((ack[0].from.clone(), ack[0].to.clone()), (Some(AccountType::Trading), Some(AccountType::Funding)));
    assert_eq!(ack[0].amt, Some(amt("0.5")));
}

#[tokio::test]
async fn a_transfer_being_processed_is_an_unknown_outcome_sent_once() {
    let server = MockServer::start().await;
    signed("POST", TRANSFER)
        .respond_with(okx_error(200, "58124", "Your transfer is being processed, transfer id:1. Please check"))
        .mount(&server)
        .await;
    let err = client(&server).send(&beth_to_funding()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err:?}");
    let intent = err.reconcile_intent().unwrap();
    assert_eq!(intent.operation, Operation::Transfer);
    assert_eq!(intent.client_id.as_ref().unwrap().as_str(), "ethRedeemPrep001");
    assert_eq!((intent.asset.as_ref().unwrap().as_str(), intent.amount), ("BETH", Some(amt("0.5"))));
    assert!(intent.sent_at.is_some());
    assert_eq!(requests(&server, TRANSFER).await.len(), 1, "never repeated");
}

#[tokio::test]
async fn a_timed_out_transfer_is_unknown_and_definite_refusals_keep_their_kind() {
    let server = MockServer::start().await;
    signed("POST", TRANSFER).respond_with(ok("[]").set_delay(std::time::Duration::from_secs(3))).mount(&server).await;
    let err = client(&server).send(&beth_to_funding()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err:?}");
    assert_eq!(requests(&server, TRANSFER).await.len(), 1);
    for (code, kind) in [
        ("58116", ErrorKind::InsufficientBalance),
        ("58123", ErrorKind::InvalidInput),
        ("58110", ErrorKind::Rejected),
        ("58119", ErrorKind::Permission),
        ("58102", ErrorKind::RateLimited),
    ] {
        let server = MockServer::start().await;
        let status = if code == "58102" { 429 } else { 200 };
        signed("POST", TRANSFER).respond_with(okx_error(status, code, "no")).mount(&server).await;
        let err = client(&server).send(&beth_to_funding()).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{code}: {err:?}");
        assert_eq!(requests(&server, TRANSFER).await.len(), 1, "{code}: a write is never repeated");
    }
}

#[tokio::test]
async fn transfer_state_by_client_id_is_the_f2_query() {
    let server = MockServer::start().await;
    signed("GET", STATE)
        .and(ExactQuery("clientId=ethRedeemPrep001"))
        .respond_with(ok(r#"[{"amt":"0.5","ccy":"BETH","clientId":"ethRedeemPrep001","from":"18","instId":"","state":"pending","subAcct":"","to":"6","toInstId":"","transId":"754147","type":"0"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    signed("GET", STATE).and(ExactQuery("transId=754147&type=0")).respond_with(ok("[]")).expect(1).mount(&server).await;
    let c = client(&server);
    let rows = c.send(&GetTransferState::by_client_id("ethRedeemPrep001")).await.unwrap();
    assert_eq!(rows[0].state, Some(TransferStatus::Pending));
    assert_eq!((rows[0].trans_id.as_str(), rows[0].transfer_type.clone()), ("754147", Some(TransferType::Internal)));
    let none = c.send(&GetTransferState::by_trans_id("754147").transfer_type(TransferType::Internal)).await.unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn bills_query_and_signed_balance_change() {
    let server = MockServer::start().await;
    signed("GET", BILLS)
        .and(ExactQuery("ccy=ETH&type=137&after=1700000000000&limit=100"))
        .respond_with(ok(r#"[{"billId":"12344","ccy":"ETH","clientId":"","balChg":"-0.5","bal":"1.25","type":"137","ts":"1699999999000","notes":""}]"#))
        .expect(1)
        .mount(&server)
        .await;
    signed("GET", BILLS)
        .and(ExactQuery("type=75&clientId=abc123"))
        .respond_with(ok("[]"))
        .expect(1)
        .mount(&server)
        .await;
    let q = GetBills::new()
        .ccy("ETH")
        .bill_type(bill_type::ETH_SUBSCRIPTION)
        .after(UnixMillis(1_700_000_000_000))
        .limit(100);
    let c = client(&server);
    let bills = c.send(&q).await.unwrap();
    assert_eq!(bills[0].bal_chg.unwrap().to_string(), "-0.5");
    assert_eq!(bills[0].bal.unwrap().to_string(), "1.25");
    assert_eq!(bills[0].r#type, Some(137));
    assert_eq!(bills[0].bill_id, "12344");
    assert!(
        c.send(&GetBills::new().bill_type(bill_type::SAVINGS_SUBSCRIPTION).client_id("abc123"))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn bad_transfers_never_leave() {
    let server = MockServer::start().await;
    let c = client(&server);
    let field = |e: earn_core::Error| match e {
        earn_core::Error::InvalidInput { field, .. } => field,
        other => panic!("{other:?}"),
    };
    let same = TransferFunds::new("USDT", amt("1"), AccountType::Funding, AccountType::Funding);
    assert_eq!(field(c.send(&same).await.unwrap_err()), "to");
    let zero = TransferFunds::new("USDT", amt("0"), AccountType::Funding, AccountType::Trading);
    assert_eq!(field(c.send(&zero).await.unwrap_err()), "amt");
    let long_id = beth_to_funding().client_id("x".repeat(33));
    assert_eq!(field(c.send(&long_id).await.unwrap_err()), "clientId");
    let sub = beth_to_funding().transfer_type(TransferType::MasterToSub);
    assert_eq!(field(c.send(&sub).await.unwrap_err()), "subAcct");
    let mut no_id = GetTransferState::by_client_id("x");
    no_id.client_id = None;
    assert_eq!(field(c.send(&no_id).await.unwrap_err()), "transId");
    let list = (0..21).fold(GetFundingBalances::new(), |q, i| q.ccy(format!("C{i}")));
    assert_eq!(field(c.send(&list).await.unwrap_err()), "ccy");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
}
