//! The v6 "OnchainOS DeFi API": `/api/v6/defi/{product,calculator,transaction,user}/…`
//! (reference §6).
//!
//! Every endpoint only reads or builds unsigned call data; none moves funds.

mod calculator;
mod chart;
mod product;
mod transaction;
mod user;

pub use calculator::*;
pub use chart::*;
pub use product::*;
pub use transaction::*;
pub use user::*;

use earn_core::http::Endpoint;

use crate::OkxWeb3DefiClient;

/// The v6 endpoints, one `static` each.
pub mod endpoints {
    use super::Endpoint;

    /// #1 supported chains.
    pub static SUPPORTED_CHAINS: Endpoint = Endpoint::get("/api/v6/defi/product/supported-chains");
    /// #2 supported platforms.
    pub static SUPPORTED_PLATFORMS: Endpoint = Endpoint::get("/api/v6/defi/product/supported-platforms");
    /// #3 product search.
    pub static SEARCH: Endpoint = Endpoint::post("/api/v6/defi/product/search");
    /// #4 product detail.
    pub static DETAIL: Endpoint = Endpoint::get("/api/v6/defi/product/detail");
    /// #5 rate chart.
    pub static RATE_CHART: Endpoint = Endpoint::get("/api/v6/defi/product/rate/chart");
    /// #6 TVL chart.
    pub static TVL_CHART: Endpoint = Endpoint::get("/api/v6/defi/product/tvl/chart");
    /// #7 depth / price chart (V3 pools).
    pub static DEPTH_PRICE_CHART: Endpoint = Endpoint::get("/api/v6/defi/product/depth-price/chart");
    /// #8 prepare (tokens accepted and received).
    pub static PREPARE: Endpoint = Endpoint::post("/api/v6/defi/product/detail/prepare");
    /// #9 enter calculator.
    pub static ENTER_INFO: Endpoint = Endpoint::post("/api/v6/defi/calculator/enter/info");
    /// #10 enter call data.
    pub static ENTER: Endpoint = Endpoint::post("/api/v6/defi/transaction/enter");
    /// #11 exit call data.
    pub static EXIT: Endpoint = Endpoint::post("/api/v6/defi/transaction/exit");
    /// #12 claim call data.
    pub static CLAIM: Endpoint = Endpoint::post("/api/v6/defi/transaction/claim");
    /// #13 positions, all platforms.
    pub static PLATFORM_LIST: Endpoint = Endpoint::post("/api/v6/defi/user/asset/platform/list");
    /// #14 positions by platform.
    pub static PLATFORM_DETAIL: Endpoint = Endpoint::post("/api/v6/defi/user/asset/platform/detail");
}

/// The v6 API of a client: `client.v6().detail(&id)`.
#[derive(Clone, Copy, Debug)]
pub struct V6<'a> {
    client: &'a OkxWeb3DefiClient,
}

impl<'a> V6<'a> {
    pub(crate) fn new(client: &'a OkxWeb3DefiClient) -> Self {
        V6 { client }
    }
}

/// `{"investmentId": …}`: the query of #4 and the body of #8.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvestmentRequest {
    /// Product.
    pub investment_id: crate::InvestmentId,
}

impl crate::client::Validate for InvestmentRequest {
    fn validate(&self) -> earn_core::Result<()> {
        self.investment_id.check()
    }
}

impl crate::client::QueryParams for InvestmentRequest {
    fn to_query(&self) -> earn_core::http::Query {
        earn_core::http::Query::new().push("investmentId", &self.investment_id)
    }
}
