//! Bad input is refused before any request: addresses, slippage, ids, amounts.

use earn_core::Error;
use okx_web3_defi::api::v5_calculator::{GetRedeemInfo, GetSubscribeInfo};
use okx_web3_defi::api::v5_user::GetBalances;
use okx_web3_defi::api::v6_product::{GetProductDetail, SearchProducts};
use okx_web3_defi::api::v6_transaction::{BuildClaim, BuildEnter, BuildExit, RewardType, UserInput};
use okx_web3_defi::*;
use wiremock::MockServer;

use crate::common::*;

fn field_of(e: &Error) -> &str {
    match e {
        Error::InvalidInput { field, .. } => field,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

#[test]
fn evm_addresses() {
    let ok = [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        "0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED",
        "0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
    ];
    for a in ok {
        assert!(WalletAddress::evm(a).is_ok(), "{a}");
    }
    let bad = [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", // checksum broken
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae",  // 39 digits
        "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00",
        "0x7f****da",
        "0xzzaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        "",
    ];
    for a in bad {
        let e = WalletAddress::evm(a).unwrap_err();
        assert_eq!(field_of(&e), "address", "{a}");
    }
    assert!(WalletAddress::evm(ok[0]).unwrap().to_evm().is_some());
}

#[test]
fn other_families() {
    use ChainFamily::*;
    let ok = [
        (Solana, SOL_WALLET),
        (Solana, "11111111111111111111111111111111"),
        (Sui, "0x02a212de6a9dfa3a69e22387acfbafbb1a9e591bd9d636e7895dcfc8de05f331"),
        (Tron, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
        (Bitcoin, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
        (Bitcoin, "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297"),
        (Bitcoin, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
        (Bitcoin, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
        (Ton, "0:83dfd552e63729b472fcbcc8c45ebcc6691702558b68ec7527e1ba403a0f31a8"),
        (Ton, "EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2N"),
    ];
    for (f, a) in ok {
        assert!(WalletAddress::parse(f, a).is_ok(), "{f} {a}: {:?}", WalletAddress::parse(f, a));
    }
    let bad = [
        (Solana, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"),
        (Solana, "7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLt0"), // '0' is not base58
        (Sui, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"),
        (Tron, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u"),            // checksum
        (Bitcoin, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx"), // checksum
        (Bitcoin, "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"), // testnet
        (Bitcoin, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3"),
        (Ton, "EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2O"), // CRC
    ];
    for (f, a) in bad {
        assert!(WalletAddress::parse(f, a).is_err(), "{f} {a}");
    }
}

#[test]
fn slippage_rules() {
    for s in ["0.01", "0.005", "0.5", "0.999999999999999999"] {
        assert!(Slippage::parse(s).is_ok(), "{s}");
    }
    for s in ["0", "1", "1.5", "-0.01", "1%", "0.01 ", "1e-2", "", "0.0000000000000000001"] {
        assert_eq!(field_of(&Slippage::parse(s).unwrap_err()), "slippage", "{s}");
    }
}

async fn refused<F: std::future::Future<Output = earn_core::Result<T>>, T: std::fmt::Debug>(
    server: &MockServer,
    call: F,
) -> String {
    let e = call.await.unwrap_err();
    let f = field_of(&e).to_owned();
    assert_eq!(request_count(server).await, 0, "nothing was sent");
    f
}

#[tokio::test]
async fn requests_are_refused_before_sending() {
    let s = MockServer::start().await;
    let c = client(&s);
    let inv = InvestmentId::parse("21033").unwrap();
    let amt = |t: &str| HumanAmount::parse(t).unwrap();

    let mut r = GetSubscribeInfo::new(inv.clone(), DAI, amt("1"));
    r.address = Some("0x7f****da".into());
    assert_eq!(refused(&s, c.send(&r)).await, "address");

    let r = GetSubscribeInfo::new(inv.clone(), DAI, amt("0"));
    assert_eq!(refused(&s, c.send(&r)).await, "inputAmount");

    // A Solana address on Ethereum is refused (the venue's 84019, caught locally).
    let r = GetBalances {
        chain_id: ChainId::from_u64(1),
        address: SOL_WALLET.into(),
        token_address_list: vec![DAI.into()],
    };
    assert_eq!(refused(&s, c.send(&r)).await, "address");

    // Unknown chains cannot be validated and are refused.
    let r = GetBalances {
        chain_id: ChainId::from_u64(5757),
        address: EVM_WALLET.into(),
        token_address_list: vec![DAI.into()],
    };
    assert_eq!(refused(&s, c.send(&r)).await, "address");

    let bad_id: InvestmentId = serde_json::from_str("\"12; drop\"").unwrap();
    assert_eq!(refused(&s, c.send(&GetProductDetail::new(bad_id))).await, "investmentId");

    let input = UserInput {
        token_address: USDC.into(),
        chain_index: ChainId::from_u64(1),
        coin_amount: amt("1.0000001"),
        token_symbol: None,
        token_precision: Some(6),
        token_id: None,
    };
    let enter = BuildEnter {
        investment_id: inv.clone(),
        address: EVM_WALLET.into(),
        user_input_list: vec![input],
        slippage: None,
        tick_lower: None,
        tick_upper: None,
        token_id: None,
    };
    assert_eq!(refused(&s, c.send(&enter)).await, "userInputList.coinAmount");

    let exit = BuildExit {
        investment_id: inv.clone(),
        address: EVM_WALLET.into(),
        redeem_percent: Some("1.5".into()),
        user_input_list: None,
        token_id: None,
        slippage: None,
    };
    assert_eq!(refused(&s, c.send(&exit)).await, "redeemPercent");

    let claim = BuildClaim::new(EVM_WALLET, RewardType::RewardPlatform);
    assert_eq!(refused(&s, c.send(&claim)).await, "analysisPlatformId");

    let search = SearchProducts::tokens(Vec::<String>::new());
    assert_eq!(refused(&s, c.send(&search)).await, "tokenKeywordList");

    // Decoding slippage from the wire applies the same rule.
    let r = serde_json::from_str::<GetRedeemInfo>(
        r#"{"inputTokenAmount":"1","investmentId":"1","outputTokenAddress":"0x6b175474e89094c44da98b954eedeac495271d0f","slippage":"2"}"#,
    );
    assert!(r.is_err());
}
