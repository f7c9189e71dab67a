//! v6 product discovery: chains, platforms, search, detail (#1–#4).

use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use super::endpoints as ep;
use super::{InvestmentRequest, V6};
use crate::client::Validate;
use crate::common::TokenInfo;
use crate::json::RawJson;
use crate::numbers::DecimalText;
use crate::wire::{AnalysisPlatformId, ChainId, FlexBool, FlexUint, InvestmentId, code_enum, wire_struct};

code_enum! {
    /// `productGroup`.
    ProductGroup {
        /// Single-token earn (default).
        SingleEarn = "SINGLE_EARN",
        /// DEX liquidity pools.
        DexPool = "DEX_POOL",
        /// Lending markets.
        Lending = "LENDING",
    }
}

wire_struct! {
    /// #1 item.
    pub struct SupportedChain {
        /// Chain index.
        chain_index: ChainId,
        /// Network name (`ETH`, `BSC`, …).
        network: String,
    }
}

wire_struct! {
    /// #2 item.
    pub struct SupportedPlatform {
        /// Platform id.
        analysis_platform_id: AnalysisPlatformId,
        /// Name.
        platform_name: String,
        /// Products on offer.
        investment_count: FlexUint,
    }
}

/// #3 body. Page size is fixed at 20 by the venue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchRequest {
    /// Token keywords (required, at least one).
    pub token_keyword_list: Vec<String>,
    /// Platform keywords.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_keyword_list: Option<Vec<String>>,
    /// Page, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_num: Option<u32>,
    /// Chain filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_index: Option<ChainId>,
    /// Group (default `SINGLE_EARN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_group: Option<ProductGroup>,
}

impl SearchRequest {
    /// Products matching any of `tokens`.
    pub fn tokens<I: IntoIterator<Item = S>, S: Into<String>>(tokens: I) -> Self {
        SearchRequest {
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

impl Validate for SearchRequest {
    fn validate(&self) -> Result<()> {
        if self.token_keyword_list.is_empty() || self.token_keyword_list.iter().any(|k| k.trim().is_empty()) {
            return Err(Error::invalid_input("tokenKeywordList", "needs at least one non-empty keyword"));
        }
        if self.page_num == Some(0) {
            return Err(Error::invalid_input("pageNum", "pages start at 1"));
        }
        self.chain_index.as_ref().map(ChainId::check).transpose().map(|_| ())
    }
}

wire_struct! {
    /// #3 answer.
    pub struct SearchResult {
        /// Total matches.
        total: FlexUint,
        /// This page.
        list: Vec<SearchItem>,
    }
}

wire_struct! {
    /// #3 item.
    pub struct SearchItem {
        /// Product id.
        investment_id: InvestmentId,
        /// Name.
        name: String,
        /// Platform.
        platform_name: String,
        /// Yearly rate, fraction.
        rate: DecimalText,
        /// TVL (USD).
        tvl: DecimalText,
        /// Chain.
        chain_index: ChainId,
        /// Web path of the product page.
        detail_path: String,
        /// Fee rate (typed BigDecimal; read exactly even as a JSON number).
        fee_rate: DecimalText,
        /// Group.
        product_group: ProductGroup,
    }
}

wire_struct! {
    /// #4 answer.
    pub struct ProductDetail {
        /// Product id (a JSON number in the doc example).
        investment_id: InvestmentId,
        /// Name.
        investment_name: String,
        /// Platform.
        platform_name: String,
        /// Platform logo.
        platform_logo: String,
        /// 1 save, 2 pool, 3 farm, 4 vaults, 5 stake, 6 borrow, 7 staking, 8 locked, 9 deposit, 10 vesting.
        invest_type: FlexUint,
        /// Chain.
        chain_index: ChainId,
        /// Network name.
        network: String,
        /// Yearly rate, fraction.
        rate: DecimalText,
        /// TVL.
        tvl: DecimalText,
        /// Fee rate.
        fee_rate: DecimalText,
        /// Whether a bonus is paid.
        has_bonus: FlexBool,
        /// Whether rewards can be claimed.
        is_support_claim: FlexBool,
        /// Whether it can be entered now.
        is_investable: FlexBool,
        /// Whether it can be exited.
        is_support_redeem: FlexBool,
        /// Platform id.
        analysis_platform_id: AnalysisPlatformId,
        /// Subscription method code.
        subscription_method: FlexUint,
        /// Redemption method code.
        redeem_method: FlexUint,
        /// Web path.
        detail_path: String,
        /// Tokens invested (`tokenPrecision` is an integer here).
        underlying_token: Vec<TokenInfo>,
        /// Related tokens with `marketCap` and `price`.
        about_token: Vec<TokenInfo>,
        /// Rate components.
        rate_details: Vec<RateDetail>,
        /// Questions and answers (kept verbatim).
        qa_list: RawJson,
        /// Health rate (lending), when given.
        health_rate: DecimalText,
    }
}

wire_struct! {
    /// One component of the rate.
    pub struct RateDetail {
        /// Token paying it.
        token_address: String,
        /// Its symbol.
        token_symbol: String,
        /// Rate, fraction.
        rate: DecimalText,
        /// Label.
        title: String,
    }
}

impl V6<'_> {
    /// #1 `GET /api/v6/defi/product/supported-chains`.
    pub async fn supported_chains(&self) -> Result<Vec<SupportedChain>> {
        self.client.get(&ep::SUPPORTED_CHAINS, &()).await
    }

    /// #2 `GET /api/v6/defi/product/supported-platforms`.
    pub async fn supported_platforms(&self) -> Result<Vec<SupportedPlatform>> {
        self.client.get(&ep::SUPPORTED_PLATFORMS, &()).await
    }

    /// #3 `POST /api/v6/defi/product/search`.
    pub async fn search(&self, req: &SearchRequest) -> Result<SearchResult> {
        self.client.post(&ep::SEARCH, req).await
    }

    /// #4 `GET /api/v6/defi/product/detail`.
    pub async fn detail(&self, investment_id: &InvestmentId) -> Result<ProductDetail> {
        self.client.get(&ep::DETAIL, &InvestmentRequest { investment_id: investment_id.clone() }).await
    }
}
