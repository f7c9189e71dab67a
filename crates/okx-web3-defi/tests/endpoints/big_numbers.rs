//! Big-number edge cases: uint256 call values, large-supply 18-decimal tokens, 34-digit
//! valuations, Java `0E-18`, fractional JSON numbers read without a float.

use earn_core::{Quantity, U256};
use okx_web3_defi::*;
use proptest::prelude::*;

#[test]
fn call_values_up_to_uint256() {
    let max = U256::MAX.to_string();
    assert_eq!(max.len(), 78);
    let call: CallData = serde_json::from_str(&format!(r#"{{"to":"0x1","value":"{max}"}}"#)).unwrap();
    assert_eq!(call.value.as_ref().unwrap().get(), U256::MAX);
    let hex: CallData = serde_json::from_str(&format!(r#"{{"value":"0x{}"}}"#, "f".repeat(64))).unwrap();
    assert_eq!(hex.value.unwrap().get(), U256::MAX);
    let empty: CallData = serde_json::from_str(r#"{"value":""}"#).unwrap();
    assert!(empty.value.as_ref().unwrap().get().is_zero());
    assert_eq!(serde_json::to_string(&empty).unwrap(), r#"{"value":""}"#);
    let overflow = format!(r#"{{"value":"{}"}}"#, "9".repeat(79));
    assert!(serde_json::from_str::<CallData>(&overflow).is_err());
    assert!(serde_json::from_str::<CallData>(r#"{"value":"1.5"}"#).is_err());
}

#[test]
fn large_supply_eighteen_decimal_amounts_stay_exact() {
    // 100 billion SHIB at 18 decimals: 30 significant digits, beyond a Decimal.
    let row: TokenInfo = serde_json::from_str(
        r#"{"tokenSymbol":"SHIB","tokenPrecision":"18","coinAmount":"100000000000.123456789012345678"}"#,
    )
    .unwrap();
    let q = row.quantity().unwrap();
    assert_eq!(q.base_units().to_string(), "100000000000123456789012345678");
    assert_eq!(q.to_amount(), None, "does not fit an Amount");
    assert!(matches!(row.to_asset_quantity().unwrap().amount, Quantity::Token(_)));
    let back = HumanAmount::from_token_amount(&q);
    assert_eq!(back.as_str(), "100000000000.123456789012345678");
    // More digits than the token has is an error, never a rounding.
    let bad: TokenInfo = serde_json::from_str(r#"{"tokenPrecision":"6","coinAmount":"1.0000001"}"#).unwrap();
    assert!(bad.quantity().is_err());
}

#[test]
fn valuations_keep_all_digits() {
    for text in ["0.9993097704396316094231068522159962", "10076.999426431322729394061370751783986"] {
        let row: TokenInfo = serde_json::from_str(&format!(r#"{{"currencyAmount":"{text}"}}"#)).unwrap();
        assert_eq!(row.currency_amount.as_ref().unwrap().as_str(), text);
        let usd = row.usd().unwrap().unwrap();
        assert!(!usd.is_exact());
        assert_eq!(usd.to_string(), text);
        assert!(serde_json::to_string(&row).unwrap().contains(text));
    }
}

#[test]
fn java_zero_and_exponents() {
    let z = DecimalText::parse("0E-18").unwrap();
    assert!(z.is_zero());
    assert_eq!(z.to_token_amount(18).unwrap().base_units(), U256::ZERO);
    assert_eq!(z.to_token_amount(6).unwrap().base_units(), U256::ZERO, "trailing zeros are not precision");
    assert_eq!(DecimalText::parse("1.5E+2").unwrap().to_token_amount(0).unwrap().base_units(), U256::from(150));
    assert!(DecimalText::parse("1E-7").unwrap().to_token_amount(6).is_err());
}

#[test]
fn fractional_json_numbers_are_read_without_a_float() {
    // 0.1 + f64 would print as 0.1 but 0.30000000000000004-style values would not survive.
    let t: DecimalText = serde_json::from_str("0.123456789012345678901234567890123").unwrap();
    assert_eq!(t.as_str(), "0.123456789012345678901234567890123");
    assert_eq!(serde_json::to_string(&t).unwrap(), "0.123456789012345678901234567890123");
}

proptest! {
    #[test]
    fn base_units_round_trip_through_human_text(units in any::<[u64; 4]>(), decimals in 0u8..=30) {
        let u = U256::from_limbs(units);
        let t = earn_core::TokenAmount::from_base_units(u, decimals).unwrap();
        let human = HumanAmount::from_token_amount(&t);
        prop_assert_eq!(human.to_token_amount(decimals).unwrap().base_units(), u);
        let text = DecimalText::parse(human.as_str()).unwrap();
        prop_assert_eq!(text.to_token_amount(decimals).unwrap().base_units(), u);
    }

    #[test]
    fn call_values_parse_hex_and_decimal_alike(units in any::<[u64; 4]>()) {
        let u = U256::from_limbs(units);
        prop_assert_eq!(NativeValue::parse(format!("{u:#x}")).unwrap().get(), u);
        prop_assert_eq!(NativeValue::parse(u.to_string()).unwrap().get(), u);
    }
}

/// `null` and absent fields are both `None` (the models read `null` themselves), and a row
/// decodes from a `serde_json::Value` as well as from text.
#[test]
fn nulls_are_none_and_rows_decode_from_any_json_source() {
    let text = r#"{"tokenSymbol":null,"chainId":null,"tokenPrecision":null,"isBaseToken":null,"coinAmount":null,"investmentId":null,"tokenAddress":"0xa0"}"#;
    let row: TokenInfo = serde_json::from_str(text).unwrap();
    assert_eq!(row, TokenInfo { token_address: Some("0xa0".into()), ..TokenInfo::default() });
    assert_eq!(serde_json::to_string(&row).unwrap(), r#"{"tokenAddress":"0xa0"}"#);
    let call: CallData = serde_json::from_str(r#"{"value":null,"gas":null}"#).unwrap();
    assert!(call.value.is_none() && call.gas.is_none());

    let value = serde_json::json!({"tokenSymbol":"DAI","chainIndex":1,"tokenPrecision":"18","coinAmount":"1.5","investmentId":9502});
    let row: TokenInfo = serde_json::from_value(value).unwrap();
    assert_eq!(row.quantity().unwrap().base_units().to_string(), "1500000000000000000");
    assert!(row.investment_id.unwrap().was_number());
    assert!(serde_json::from_str::<TokenInfo>(r#"{"tokenSymbol":7}"#).is_err(), "a number is not a symbol");
}
