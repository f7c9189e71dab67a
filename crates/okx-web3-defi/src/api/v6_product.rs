//! v6 product discovery: chains, platforms, search, detail (reference §6 #1–#4).

use bytes::Bytes;
use earn_core::http::{ApiRequest, Endpoint, Query, json_body};
use earn_core::wire::RawJson;
use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::api::common::TokenInfo;
use crate::api::numbers::DecimalText;
use crate::api::types::{AnalysisPlatformId, ChainId, FlexBool, FlexUint, InvestmentId, nullable};
use crate::dialect::OkxWeb3Dialect;

/// #1 supported chains.
pub(crate) static SUPPORTED_CHAINS: Endpoint = Endpoint::get("/api/v6/defi/product/supported-chains");
/// #2 supported platforms.
pub(crate) static SUPPORTED_PLATFORMS: Endpoint = Endpoint::get("/api/v6/defi/product/supported-platforms");
/// #3 product search.
pub(crate) static SEARCH: Endpoint = Endpoint::post("/api/v6/defi/product/search");
/// #4 product detail.
pub(crate) static DETAIL: Endpoint = Endpoint::get("/api/v6/defi/product/detail");

earn_core::open_enum! {
    /// `productGroup`.
    pub enum ProductGroup {
        /// Single-token earn (default).
        SingleEarn = "SINGLE_EARN",
        /// DEX liquidity pools.
        DexPool = "DEX_POOL",
        /// Lending markets.
        Lending = "LENDING",
    }
}

/// #1 `GET /api/v6/defi/product/supported-chains`: the chains the DeFi API covers
/// (refreshed about hourly).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetSupportedChains;

impl ApiRequest for GetSupportedChains {
    type Dialect = OkxWeb3Dialect;
    type Response = Vec<SupportedChain>;

    fn endpoint(&self) -> &'static Endpoint {
        &SUPPORTED_CHAINS
    }
}

/// #1 item.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SupportedChain {
    /// Chain index.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_index: Option<ChainId>,
    /// Network name (`ETH`, `BSC`, …).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
}

/// #2 `GET /api/v6/defi/product/supported-platforms`: the platforms (protocols) on offer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetSupportedPlatforms;

impl ApiRequest for GetSupportedPlatforms {
    type Dialect = OkxWeb3Dialect;
    type Response = Vec<SupportedPlatform>;

    fn endpoint(&self) -> &'static Endpoint {
        &SUPPORTED_PLATFORMS
    }
}

/// #2 item.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SupportedPlatform {
    /// Platform id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub analysis_platform_id: Option<AnalysisPlatformId>,
    /// Name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_name: Option<String>,
    /// Products on offer.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_count: Option<FlexUint>,
}

/// #3 `POST /api/v6/defi/product/search`: products matching token (and platform) keywords,
/// a page of 20 at a time (the venue fixes the page size).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchProducts {
    /// Token keywords (required, at least one).
    pub token_keyword_list: Vec<String>,
    /// Platform keywords.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_keyword_list: Option<Vec<String>>,
    /// Page, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_num: Option<u32>,
    /// Chain filter.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_index: Option<ChainId>,
    /// Group (default `SINGLE_EARN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_group: Option<ProductGroup>,
}

impl SearchProducts {
    /// Products matching any of `tokens`.
    pub fn tokens<I: IntoIterator<Item = S>, S: Into<String>>(tokens: I) -> Self {
        SearchProducts {
            token_keyword_list: tokens.into_iter().map(Into::into).collect(),
            platform_keyword_list: None,
            page_num: None,
            chain_index: None,
            product_group: None,
        }
    }

    /// Page `n` (from 1).
    pub fn page(mut self, n: u32) -> Self {
        self.page_num = Some(n);
        self
    }

    /// Only on `chain`.
    pub fn chain(mut self, chain: ChainId) -> Self {
        self.chain_index = Some(chain);
        self
    }

    /// Only in `group`.
    pub fn group(mut self, group: ProductGroup) -> Self {
        self.product_group = Some(group);
        self
    }
}

impl ApiRequest for SearchProducts {
    type Dialect = OkxWeb3Dialect;
    type Response = SearchResult;

    fn endpoint(&self) -> &'static Endpoint {
        &SEARCH
    }

    fn validate(&self) -> Result<()> {
        if self.token_keyword_list.is_empty() || self.token_keyword_list.iter().any(|k| k.trim().is_empty()) {
            return Err(Error::invalid_input("tokenKeywordList", "needs at least one non-empty keyword"));
        }
        if self.page_num == Some(0) {
            return Err(Error::invalid_input("pageNum", "pages start at 1"));
        }
        self.chain_index.as_ref().map(ChainId::check).transpose().map(|_| ())
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}

/// #3 answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchResult {
    /// Total matches.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub total: Option<FlexUint>,
    /// This page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<Vec<SearchItem>>,
}

/// #3 item.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchItem {
    /// Product id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_id: Option<InvestmentId>,
    /// Name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Platform.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_name: Option<String>,
    /// Yearly rate, fraction.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub rate: Option<DecimalText>,
    /// TVL (USD).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub tvl: Option<DecimalText>,
    /// Chain.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_index: Option<ChainId>,
    /// Web path of the product page.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub detail_path: Option<String>,
    /// Fee rate (typed BigDecimal; read exactly even as a JSON number).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub fee_rate: Option<DecimalText>,
    /// Group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_group: Option<ProductGroup>,
}

/// #4 `GET /api/v6/defi/product/detail`: one product in detail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetProductDetail {
    /// Product.
    pub investment_id: InvestmentId,
}

impl GetProductDetail {
    /// Detail of `investment_id`.
    pub fn new(investment_id: InvestmentId) -> Self {
        GetProductDetail { investment_id }
    }
}

impl ApiRequest for GetProductDetail {
    type Dialect = OkxWeb3Dialect;
    type Response = ProductDetail;

    fn endpoint(&self) -> &'static Endpoint {
        &DETAIL
    }

    fn validate(&self) -> Result<()> {
        self.investment_id.check()
    }

    fn query(&self) -> Query {
        Query::new().push("investmentId", &self.investment_id)
    }
}

/// #4 answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductDetail {
    /// Product id (a JSON number in the doc example).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_id: Option<InvestmentId>,
    /// Name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_name: Option<String>,
    /// Platform.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_name: Option<String>,
    /// Platform logo.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_logo: Option<String>,
    /// 1 save, 2 pool, 3 farm, 4 vaults, 5 stake, 6 borrow, 7 staking, 8 locked, 9 deposit, 10 vesting.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub invest_type: Option<FlexUint>,
    /// Chain.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_index: Option<ChainId>,
    /// Network name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Yearly rate, fraction.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub rate: Option<DecimalText>,
    /// TVL.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub tvl: Option<DecimalText>,
    /// Fee rate.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub fee_rate: Option<DecimalText>,
    /// Whether a bonus is paid.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub has_bonus: Option<FlexBool>,
    /// Whether rewards can be claimed.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub is_support_claim: Option<FlexBool>,
    /// Whether it can be entered now.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub is_investable: Option<FlexBool>,
    /// Whether it can be exited.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub is_support_redeem: Option<FlexBool>,
    /// Platform id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub analysis_platform_id: Option<AnalysisPlatformId>,
    /// Subscription method code.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub subscription_method: Option<FlexUint>,
    /// Redemption method code.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub redeem_method: Option<FlexUint>,
    /// Web path.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub detail_path: Option<String>,
    /// Tokens invested (`tokenPrecision` is an integer here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub underlying_token: Option<Vec<TokenInfo>>,
    /// Related tokens with `marketCap` and `price`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about_token: Option<Vec<TokenInfo>>,
    /// Rate components.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_details: Option<Vec<RateDetail>>,
    /// Questions and answers (kept verbatim).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qa_list: Option<RawJson>,
    /// Health rate (lending), when given.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub health_rate: Option<DecimalText>,
}

/// One component of the rate.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateDetail {
    /// Token paying it.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_address: Option<String>,
    /// Its symbol.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_symbol: Option<String>,
    /// Rate, fraction.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub rate: Option<DecimalText>,
    /// Label.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}
