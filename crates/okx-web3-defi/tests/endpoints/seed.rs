//! Seed 002 (v5 redeem-info): the request and the response decode exactly, and the
//! response round-trips with every digit.

use earn_core::U256;
use okx_web3_defi::api::v5_calculator::{GetRedeemInfo, RedeemInfo};
use okx_web3_defi::api::v5_explore::InvestmentCategory;
use serde_json::Value;

const REQUEST: &str = include_str!("../fixtures/seed_002_request.json");
const RESPONSE: &str = include_str!("../fixtures/seed_002_response.json");

fn data() -> String {
    let v: Value = serde_json::from_str(RESPONSE).unwrap();
    assert_eq!(v["code"], 0);
    serde_json::to_string(&v["data"]).unwrap()
}

#[test]
fn the_request_decodes_field_by_field() {
    let r: GetRedeemInfo = serde_json::from_str(REQUEST).unwrap();
    assert_eq!(r.address.as_deref(), Some("0x7f****da"));
    assert_eq!(r.input_token_amount.as_str(), "1.000000146425127036");
    assert_eq!(r.investment_category, Some(InvestmentCategory::Default));
    assert_eq!(r.investment_id.as_str(), "21033");
    assert_eq!(r.is_single, Some(false));
    assert_eq!(r.output_token_address, "0x6b175474e89094c44da98b954eedeac495271d0f");
    assert_eq!(r.output_token_decimal.as_deref(), Some("18"));
    assert_eq!(r.redeem_id.as_deref(), Some(""));
    assert_eq!(r.slippage, None);
    let back: Value = serde_json::to_value(&r).unwrap();
    assert_eq!(back, serde_json::from_str::<Value>(REQUEST).unwrap());
    assert_eq!(
        r.input_token_amount.to_token_amount(18).unwrap().base_units(),
        U256::from(1_000_000_146_425_127_036u64)
    );
}

#[test]
fn the_response_decodes_exactly() {
    let info: RedeemInfo = serde_json::from_str(&data()).unwrap();
    assert!(info.is_allow_redeem.unwrap().get());
    assert!(!info.is_swap_invest.unwrap().get());
    assert_eq!(info.estimate_gas_fee.as_ref().unwrap().as_str(), "276614");
    assert_eq!(info.input_currency_amount.as_ref().unwrap().as_str(), "0.9993097704396316094231068522159962");
    let receive = info.receive_token_list.as_ref().unwrap();
    assert_eq!(receive.len(), 1);
    let dai = &receive[0];
    assert_eq!(dai.token_symbol.as_deref(), Some("DAI"));
    assert_eq!(dai.token_name.as_deref(), Some("Dai Stablecoin"));
    assert_eq!(dai.token_address.as_deref(), Some("0x6b****0f"));
    assert_eq!(dai.network.as_deref(), Some("ETH"));
    assert_eq!(dai.chain().unwrap().as_str(), "1");
    assert_eq!(dai.decimals().unwrap(), 18);
    assert!(!dai.is_base_token.unwrap().get());
    assert_eq!(dai.data_type.unwrap().get(), 0);
    let q = dai.quantity().unwrap();
    assert_eq!(q.base_units().to_string(), "1000000146425127036");
    assert_eq!(q.to_string(), "1.000000146425127036");
    let usd = dai.usd().unwrap().unwrap();
    assert!(!usd.is_exact(), "34 significant digits cannot be a Decimal");
    assert_eq!(usd.original(), "0.9993097704396316094231068522159962");
    assert_eq!(usd.rounded().to_string(), "0.9993097704396316094231068522");
    let supply = info.my_supply.as_ref().unwrap();
    assert!(supply.quantity().unwrap().base_units().is_zero());
    assert_eq!(info.swap_from_token_list.as_ref().unwrap().len(), 1);
    assert!(info.approve_status_list.is_none());
}

#[test]
fn the_response_round_trips_without_losing_a_digit() {
    let original = data();
    let info: RedeemInfo = serde_json::from_str(&original).unwrap();
    let again = serde_json::to_string(&info).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&again).unwrap(), serde_json::from_str::<Value>(&original).unwrap());
    assert_eq!(again.matches("0.9993097704396316094231068522159962").count(), 3);
    assert_eq!(again.matches("1.000000146425127036").count(), 2);
    let twice: RedeemInfo = serde_json::from_str(&again).unwrap();
    assert_eq!(twice, info);
}

#[tokio::test]
async fn the_seed_request_is_refused_before_sending_because_its_address_is_masked() {
    let server = wiremock::MockServer::start().await;
    let client = okx_web3_defi::OkxWeb3DefiClient::builder()
        .base_url(server.uri())
        .credentials(earn_core::Credentials::new("k", "s").with_passphrase("p"))
        .build()
        .unwrap();
    let r: GetRedeemInfo = serde_json::from_str(REQUEST).unwrap();
    let err = client.send(&r).await.unwrap_err();
    assert!(matches!(&err, earn_core::Error::InvalidInput { field, .. } if field == "address"), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
