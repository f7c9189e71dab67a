//! The v5 "DeFi API": `/api/v5/defi/{explore,calculator,transaction,user}/…` (reference §5).
//!
//! Every endpoint only reads or builds unsigned call data; none moves funds.

mod calculator;
mod explore;
mod transaction;
mod user;

pub use calculator::*;
pub use explore::*;
pub use transaction::*;
pub use user::*;

use earn_core::http::Endpoint;

use crate::OkxWeb3DefiClient;

/// The v5 endpoints, one `static` each.
pub mod endpoints {
    use super::Endpoint;

    /// #1 protocol list.
    pub static PROTOCOL_LIST: Endpoint = Endpoint::get("/api/v5/defi/explore/protocol/list");
    /// #2 token list.
    pub static TOKEN_LIST: Endpoint = Endpoint::get("/api/v5/defi/explore/token/list");
    /// #3 product list.
    pub static PRODUCT_LIST: Endpoint = Endpoint::post("/api/v5/defi/explore/product/list");
    /// #4 product detail.
    pub static PRODUCT_DETAIL: Endpoint = Endpoint::get("/api/v5/defi/explore/product/detail");
    /// #5 network list.
    pub static NETWORK_LIST: Endpoint = Endpoint::get("/api/v5/defi/explore/network-list");
    /// #6 subscription estimate.
    pub static SUBSCRIBE_INFO: Endpoint = Endpoint::post("/api/v5/defi/calculator/subscribe-info");
    /// #7 redemption estimate.
    pub static REDEEM_INFO: Endpoint = Endpoint::post("/api/v5/defi/calculator/redeem-info");
    /// #8 authorization (approve) call data.
    pub static AUTHORIZATION: Endpoint = Endpoint::post("/api/v5/defi/transaction/authorization");
    /// #9 subscription call data.
    pub static SUBSCRIPTION: Endpoint = Endpoint::post("/api/v5/defi/transaction/subscription");
    /// #10 redemption call data.
    pub static REDEMPTION: Endpoint = Endpoint::post("/api/v5/defi/transaction/redemption");
    /// #11 bonus claim call data.
    pub static BONUS: Endpoint = Endpoint::post("/api/v5/defi/transaction/bonus");
    /// #12 positions, all platforms.
    pub static PLATFORM_LIST: Endpoint = Endpoint::post("/api/v5/defi/user/asset/platform/list");
    /// #13 positions of one platform.
    pub static PLATFORM_DETAIL: Endpoint = Endpoint::post("/api/v5/defi/user/asset/platform/detail");
    /// #14 positions in one product.
    pub static ASSET_DETAIL: Endpoint = Endpoint::post("/api/v5/defi/user/investment/asset-detail");
    /// #15 token balances.
    pub static BALANCE_LIST: Endpoint = Endpoint::post("/api/v5/defi/user/balance-list");
    /// #16 pending unstake (redemption) applications.
    pub static UNSTAKE_LIST: Endpoint = Endpoint::get("/api/v5/defi/user/investment/unstake-list");
}

/// The v5 API of a client: `client.v5().product_detail(&req)`.
#[derive(Clone, Copy, Debug)]
pub struct V5<'a> {
    client: &'a OkxWeb3DefiClient,
}

impl<'a> V5<'a> {
    pub(crate) fn new(client: &'a OkxWeb3DefiClient) -> Self {
        V5 { client }
    }
}
