//! v5 explore: protocols, tokens, products, networks (#1–#5).

use earn_core::http::Query;
use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use super::V5;
use super::endpoints as ep;
use crate::address::check_opt;
use crate::client::{QueryParams, Validate};
use crate::numbers::DecimalText;
use crate::wire::{
    AnalysisPlatformId, ChainId, ExploreTokenId, FlexBool, FlexText, FlexUint, InvestmentId, PlatformId, code_enum,
    wire_struct,
};

code_enum! {
    /// `investmentCategory`.
    InvestmentCategory {
        /// `"0"`: default.
        Default = "0",
        /// `"1"`: BRC-20.
        Brc20 = "1",
    }
}

code_enum! {
    /// `simplifyInvestType` of the product list.
    SimplifyInvestType {
        /// `100` stablecoin.
        Stablecoin = "100",
        /// `101` single token.
        Single = "101",
        /// `102` multiple tokens.
        Multi = "102",
        /// `103` vaults.
        Vaults = "103",
    }
}

code_enum! {
    /// Sort direction.
    SortDirection {
        /// Ascending.
        Asc = "ASC",
        /// Descending.
        Desc = "DESC",
    }
}

code_enum! {
    /// Sort key.
    SortProperty {
        /// Total value locked.
        Tvl = "TVL",
        /// Rate.
        Rate = "RATE",
    }
}

/// #1 query: both optional (none → all protocols).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProtocolListRequest {
    /// One protocol by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_id: Option<PlatformId>,
    /// One protocol by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_name: Option<String>,
}

impl Validate for ProtocolListRequest {
    fn validate(&self) -> Result<()> {
        self.platform_id.as_ref().map(PlatformId::check).transpose().map(|_| ())
    }
}

impl QueryParams for ProtocolListRequest {
    fn to_query(&self) -> Query {
        Query::new()
            .push_opt("platformId", self.platform_id.as_ref())
            .push_opt("platformName", self.platform_name.as_ref())
    }
}

wire_struct! {
    /// A protocol (#1 item).
    pub struct Protocol {
        /// Id (a JSON number in the doc example).
        platform_id: PlatformId,
        /// Name.
        platform_name: String,
        /// Web site.
        platform_web_site: String,
        /// API URL pattern (documented field).
        investment_api_url_pattern: String,
        /// Page URL pattern; append `investmentId` (documented field).
        investment_page_url_pattern: String,
        /// URL pattern as the doc example spells it (kept separately, never merged).
        investment_url_pattern: String,
        /// Products of this protocol.
        platform_min_infos: Vec<PlatformMinInfo>,
    }
}

wire_struct! {
    /// A product reference inside a protocol.
    pub struct PlatformMinInfo {
        /// Product id.
        investment_id: InvestmentId,
        /// Protocol id.
        protocol_id: FlexText,
        /// Network name.
        network: String,
        /// Chain id.
        chain_id: ChainId,
    }
}

/// #2 query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenListRequest {
    /// Token contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_address: Option<String>,
    /// Chain id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<ChainId>,
}

impl Validate for TokenListRequest {
    fn validate(&self) -> Result<()> {
        self.chain_id.as_ref().map(ChainId::check).transpose()?;
        check_opt("tokenAddress", self.chain_id.as_ref(), self.token_address.as_deref())
    }
}

impl QueryParams for TokenListRequest {
    fn to_query(&self) -> Query {
        Query::new().push_opt("tokenAddress", self.token_address.as_ref()).push_opt("chainId", self.chain_id.as_ref())
    }
}

wire_struct! {
    /// #2 item: a symbol and its tokens.
    pub struct TokenGroup {
        /// Symbol.
        symbol: String,
        /// Tokens with this symbol.
        token_infos: Vec<ExploreToken>,
    }
}

wire_struct! {
    /// A token known to the explore API.
    pub struct ExploreToken {
        /// OKX token id (for `tokenIds` filters).
        token_id: ExploreTokenId,
        /// Symbol.
        token_symbol: String,
        /// Network name.
        network: String,
        /// Logo URL.
        logo_url: String,
        /// Contract address.
        token_address: String,
    }
}

/// `sort.orders[]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SortOrder {
    /// `ASC` / `DESC`.
    pub direction: SortDirection,
    /// `TVL` / `RATE`.
    pub property: SortProperty,
}

/// `sort`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sort {
    /// Keys, in priority order.
    pub orders: Vec<SortOrder>,
}

/// #3 body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductListRequest {
    /// Required by the table (the doc example omits it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simplify_invest_type: Option<SimplifyInvestType>,
    /// Network name (`ETH`, `BSC`, `OP`, `MATIC`, …). Required.
    pub network: String,
    /// Pool version (default V2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_version: Option<String>,
    /// Protocol filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_ids: Option<Vec<PlatformId>>,
    /// Token filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_ids: Option<Vec<ExploreTokenId>>,
    /// Sort.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<Sort>,
    /// Offset (string of digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
    /// Page size (string of digits). Required.
    pub limit: String,
}

impl ProductListRequest {
    /// Products of `kind` on `network`, `limit` at a time.
    pub fn new(kind: SimplifyInvestType, network: impl Into<String>, limit: u32) -> Self {
        ProductListRequest {
            simplify_invest_type: Some(kind),
            network: network.into(),
            pool_version: None,
            platform_ids: None,
            token_ids: None,
            sort: None,
            offset: None,
            limit: limit.to_string(),
        }
    }

    /// Skips the first `offset` products.
    pub fn offset(mut self, offset: u32) -> Self {
        self.offset = Some(offset.to_string());
        self
    }

    /// Sorts by `property` in `direction`.
    pub fn sort_by(mut self, property: SortProperty, direction: SortDirection) -> Self {
        self.sort.get_or_insert_with(Sort::default).orders.push(SortOrder { direction, property });
        self
    }
}

fn check_count(field: &str, text: &str, min: u64) -> Result<()> {
    match text.parse::<u64>() {
        Ok(n) if n >= min && text.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
        _ => Err(Error::invalid_input(field, format!("must be an integer ≥ {min} written in digits"))),
    }
}

impl Validate for ProductListRequest {
    fn validate(&self) -> Result<()> {
        if self.network.is_empty() || !self.network.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(Error::invalid_input("network", "must be a network name such as ETH, BSC, OP"));
        }
        check_count("limit", &self.limit, 1)?;
        if let Some(o) = &self.offset {
            check_count("offset", o, 0)?;
        }
        self.platform_ids.iter().flatten().try_for_each(PlatformId::check)?;
        self.token_ids.iter().flatten().try_for_each(ExploreTokenId::check)
    }
}

wire_struct! {
    /// #3 answer.
    pub struct ProductList {
        /// Products (Go-wrapper name; `list` also accepted).
        #[serde(alias = "list")]
        investments: Vec<ProductInfo>,
        /// Total count.
        total: FlexText,
    }
}

wire_struct! {
    /// A product: #3 item, and #4 (which adds the detail-only fields).
    pub struct ProductInfo {
        /// Product id.
        investment_id: InvestmentId,
        /// Name.
        investment_name: String,
        /// Chain id.
        chain_id: ChainId,
        /// Yearly rate as a fraction (`"0.01820"` = 1.82 %).
        rate: DecimalText,
        /// 1 save, 2 pool, 3 farm, 4 vaults, 5 stake.
        invest_type: FlexUint,
        /// Protocol name.
        platform_name: String,
        /// Protocol id.
        platform_id: PlatformId,
        /// `0` APY, `1` APR.
        rate_type: FlexUint,
        /// Total value locked (USD).
        tvl: DecimalText,
        /// Tokens invested.
        underlying_token: Vec<UnderlyingToken>,
        /// #4: id for rewards and positions.
        analysis_platform_id: AnalysisPlatformId,
        /// #4: whether it can be invested in (typed String by the venue).
        is_investable: FlexBool,
        /// #4: utilisation.
        utilization_rate: DecimalText,
        /// #4: tokens earned.
        earned_token: Vec<UnderlyingToken>,
        /// #4: LP tokens.
        lp_token: Vec<UnderlyingToken>,
    }
}

wire_struct! {
    /// A token of a product (`underlyingToken`, `earnedToken`, `lpToken`).
    pub struct UnderlyingToken {
        /// Whether it is the native token.
        is_base_token: FlexBool,
        /// Contract address.
        token_contract: String,
        /// Symbol.
        token_symbol: String,
    }
}

/// #4 query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductDetailRequest {
    /// Product id.
    pub investment_id: InvestmentId,
    /// Category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investment_category: Option<InvestmentCategory>,
}

impl ProductDetailRequest {
    /// Detail of one product.
    pub fn new(investment_id: InvestmentId) -> Self {
        ProductDetailRequest { investment_id, investment_category: None }
    }
}

impl Validate for ProductDetailRequest {
    fn validate(&self) -> Result<()> {
        self.investment_id.check()
    }
}

impl QueryParams for ProductDetailRequest {
    fn to_query(&self) -> Query {
        Query::new()
            .push("investmentId", &self.investment_id)
            .push_opt("investmentCategory", self.investment_category.as_ref())
    }
}

/// #5 query (third-party Go wrapper only).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkListRequest {
    /// Network name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Chain id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<ChainId>,
}

impl Validate for NetworkListRequest {
    fn validate(&self) -> Result<()> {
        self.chain_id.as_ref().map(ChainId::check).transpose().map(|_| ())
    }
}

impl QueryParams for NetworkListRequest {
    fn to_query(&self) -> Query {
        Query::new().push_opt("network", self.network.as_ref()).push_opt("chainId", self.chain_id.as_ref())
    }
}

wire_struct! {
    /// #5 item.
    pub struct NetworkInfo {
        /// Network symbol.
        symbol: String,
        /// Network name.
        network: String,
        /// Chain id.
        chain_id: ChainId,
    }
}

impl V5<'_> {
    /// #1 `GET /api/v5/defi/explore/protocol/list`.
    pub async fn protocol_list(&self, req: &ProtocolListRequest) -> Result<Vec<Protocol>> {
        self.client.get(&ep::PROTOCOL_LIST, req).await
    }

    /// #2 `GET /api/v5/defi/explore/token/list`.
    pub async fn token_list(&self, req: &TokenListRequest) -> Result<Vec<TokenGroup>> {
        self.client.get(&ep::TOKEN_LIST, req).await
    }

    /// #3 `POST /api/v5/defi/explore/product/list`.
    pub async fn product_list(&self, req: &ProductListRequest) -> Result<ProductList> {
        self.client.post(&ep::PRODUCT_LIST, req).await
    }

    /// #4 `GET /api/v5/defi/explore/product/detail`.
    pub async fn product_detail(&self, req: &ProductDetailRequest) -> Result<ProductInfo> {
        self.client.get(&ep::PRODUCT_DETAIL, req).await
    }

    /// #5 `GET /api/v5/defi/explore/network-list`.
    pub async fn network_list(&self, req: &NetworkListRequest) -> Result<Vec<NetworkInfo>> {
        self.client.get(&ep::NETWORK_LIST, req).await
    }
}
