//! The adapter on both generations, against a mock venue: products, positions, and writes
//! that only ever return unsigned transactions; no orders, nothing to reconcile.

mod common;

#[path = "venue/capabilities.rs"]
mod capabilities;
#[path = "venue/v5.rs"]
mod v5;
#[path = "venue/v6.rs"]
mod v6;

use common::*;
use okx_web3_defi::{ApiGeneration, OkxWeb3DefiVenue, WalletAddress};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

pub(crate) const WALLET_LC: &str = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed";

pub(crate) async fn mount(s: &MockServer, m: &str, p: &str, data: &str) {
    Mock::given(method(m)).and(path(p)).respond_with(ok(data)).mount(s).await;
}

pub(crate) fn venue(s: &MockServer, g: ApiGeneration) -> OkxWeb3DefiVenue {
    OkxWeb3DefiVenue::new(client(s), WalletAddress::evm(EVM_WALLET).unwrap(), g)
}

pub(crate) fn calls(kind: &str, to: &str) -> String {
    format!(
        r#"{{"dataList":[{{"from":"{WALLET_LC}","to":"{to}","value":"","serializedData":"0xabcdef","callDataType":"{kind}","signatureData":"0xsig"}}]}}"#
    )
}

pub(crate) fn paths(reqs: &[wiremock::Request]) -> Vec<String> {
    reqs.iter()
        .map(|r| r.url.path().trim_start_matches("/api/v5/defi/").trim_start_matches("/api/v6/defi/").to_owned())
        .collect()
}
