//! The JSON form of the model is stable: exact strings for amounts, snake_case tags, and
//! every type round-trips. A journal stores these; a change here breaks stored data.

use std::time::Duration;

use earn_core::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T, expected_json: &str) {
    let json = serde_json::to_string(value).unwrap();
    assert_eq!(json, expected_json);
    let back: T = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, value);
}

fn venue() -> VenueId {
    VenueId::from_static("okx-staking")
}

fn amount(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

#[test]
fn reconcile_intent() {
    let intent = ReconcileIntent::new(venue(), Operation::Stake, "/api/v5/finance/staking-defi/eth/purchase")
        .product("eth")
        .asset("ETH")
        .amount(amount("0.0231000000"))
        .sent_at(UnixMillis(1_700_000_000_123));
    round_trip(
        &intent,
        r#"{"venue":"okx-staking","operation":"stake","endpoint":"/api/v5/finance/staking-defi/eth/purchase","product":"eth","asset":"ETH","amount":"0.0231000000","client_id":null,"order_id":null,"sent_at":1700000000123}"#,
    );
    let claimed = intent.clone().claimed([OrderId::new("row-1")]);
    let json = serde_json::to_string(&claimed).unwrap();
    assert!(json.ends_with(r#""claimed":["row-1"]}"#), "{json}");
    assert_eq!(serde_json::from_str::<ReconcileIntent>(&json).unwrap(), claimed);
}

#[test]
fn order_and_reconciliation() {
    let mut order = Order::new(
        venue(),
        OrderId::new("123"),
        ProductId::new("eth"),
        Asset::new("ETH"),
        OrderSide::Redeem,
        amount("1.50"),
        OrderStatus::Pending,
        "pending",
    );
    order.client_id = Some(ClientOrderId::new("c-1"));
    order.settles_at = Some(UnixMillis(5));
    let order_json = r#"{"venue":"okx-staking","id":"123","client_id":"c-1","product":"eth","asset":"ETH","side":"redeem","amount":"1.50","status":"pending","venue_status":"pending","created_at":null,"settles_at":5}"#;
    round_trip(&order, order_json);
    round_trip(&Reconciliation::Happened(order), &format!(r#"{{"answer":"happened",{}"#, &order_json[1..]));
    round_trip(&Reconciliation::DidNotHappen, r#"{"answer":"did_not_happen"}"#);
    round_trip(
        &Reconciliation::still_unknown("two candidates"),
        r#"{"answer":"still_unknown","reason":"two candidates"}"#,
    );
}

#[test]
fn product_and_position() {
    let mut p = Product::new(venue(), ProductId::new("eth"), Asset::new("ETH"), ProductKind::locked_days(30));
    p.apr = Some(Rate::parse_percent("4.5%").unwrap());
    p.rules.min = Some(amount("0.01"));
    p.rules.precision = Some(8);
    p.redemption_delay = Some(RedemptionDelay { min: Duration::from_secs(3600), max: Duration::from_secs(86_400) });
    round_trip(
        &p,
        r#"{"venue":"okx-staking","id":"eth","asset":"ETH","name":null,"kind":{"type":"locked","term_ms":2592000000},"apr":"0.045","apy":null,"rules":{"min":"0.01","max":null,"precision":8},"redemption_delay":{"min_ms":3600000,"max_ms":86400000},"redemption_allowed":true,"status":"available","quota":{"remaining":null,"per_user_max":null,"user_remaining":null},"draws_from":null,"pays_to":null}"#,
    );
    let mut pos = Position::new(venue(), ProductId::new("eth"), Asset::new("ETH"), amount("2"));
    pos.pending_redemption = Some(amount("0.5"));
    let token = TokenAmount::parse_units("100000000000.000000000000000001", 18).unwrap();
    pos.rewards.push(AssetQuantity::new(Asset::new("SHIB"), token));
    round_trip(
        &pos,
        r#"{"venue":"okx-staking","product":"eth","asset":"ETH","amount":{"decimal":"2"},"pending_redemption":"0.5","position_id":null,"rewards":[{"asset":"SHIB","amount":{"token":{"units":"100000000000000000000000000001","decimals":18}},"value_usd":null}],"value_usd":null}"#,
    );
}

#[test]
fn unexact_or_unknown_input_is_refused() {
    assert!(serde_json::from_str::<Amount>("0.1").is_err(), "a float is never read");
    assert!(serde_json::from_str::<Amount>(r#""-1""#).is_err());
    assert!(serde_json::from_str::<TokenAmount>(r#"{"units":"1","decimals":78}"#).is_err());
    assert!(serde_json::from_str::<TokenAmount>(r#"{"units":"0x10","decimals":1}"#).is_err());
    let too_big = format!(r#"{{"units":"1{}","decimals":1}}"#, "0".repeat(78));
    assert!(serde_json::from_str::<TokenAmount>(&too_big).is_err());
    assert!(serde_json::from_str::<OrderStatus>(r#""exploded""#).is_err());
}
