//! v5 explore: protocols, tokens, products, networks (reference §5 #1–#5).

use bytes::Bytes;
use earn_core::http::{ApiRequest, Endpoint, Query, json_body};
use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::api::address::check_opt;
use crate::api::numbers::DecimalText;
use crate::api::types::{
    AnalysisPlatformId, ChainId, ExploreTokenId, FlexBool, FlexText, FlexUint, InvestmentId, PlatformId, nullable,
};
use crate::dialect::OkxWeb3Dialect;

/// #1 protocol list.
pub(crate) static PROTOCOL_LIST: Endpoint = Endpoint::get("/api/v5/defi/explore/protocol/list");
/// #2 token list.
pub(crate) static TOKEN_LIST: Endpoint = Endpoint::get("/api/v5/defi/explore/token/list");
/// #3 product list.
pub(crate) static PRODUCT_LIST: Endpoint = Endpoint::post("/api/v5/defi/explore/product/list");
/// #4 product detail.
pub(crate) static PRODUCT_DETAIL: Endpoint = Endpoint::get("/api/v5/defi/explore/product/detail");
/// #5 network list.
pub(crate) static NETWORK_LIST: Endpoint = Endpoint::get("/api/v5/defi/explore/network-list");

earn_core::open_enum! {
    /// `investmentCategory`.
    pub enum InvestmentCategory {
        /// `"0"`: default.
        Default = "0",
        /// `"1"`: BRC-20.
        Brc20 = "1",
    }
}

earn_core::open_enum! {
    /// `simplifyInvestType` of the product list.
    pub enum SimplifyInvestType {
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

earn_core::open_enum! {
    /// Sort direction.
    pub enum SortDirection {
        /// Ascending.
        Asc = "ASC",
        /// Descending.
        Desc = "DESC",
    }
}

earn_core::open_enum! {
    /// Sort key.
    pub enum SortProperty {
        /// Total value locked.
        Tvl = "TVL",
        /// Rate.
        Rate = "RATE",
    }
}

/// #1 `GET /api/v5/defi/explore/protocol/list`: protocols, all of them or one by id or
/// name (both filters optional).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetProtocols {
    /// One protocol by id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_id: Option<PlatformId>,
    /// One protocol by name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_name: Option<String>,
}

impl ApiRequest for GetProtocols {
    type Dialect = OkxWeb3Dialect;
    type Response = Vec<Protocol>;

    fn endpoint(&self) -> &'static Endpoint {
        &PROTOCOL_LIST
    }

    fn validate(&self) -> Result<()> {
        self.platform_id.as_ref().map(PlatformId::check).transpose().map(|_| ())
    }

    fn query(&self) -> Query {
        Query::new()
            .push_opt("platformId", self.platform_id.as_ref())
            .push_opt("platformName", self.platform_name.as_ref())
    }
}

/// A protocol (#1 item).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Protocol {
    /// Id (a JSON number in the doc example).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_id: Option<PlatformId>,
    /// Name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_name: Option<String>,
    /// Web site.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_web_site: Option<String>,
    /// API URL pattern (documented field).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_api_url_pattern: Option<String>,
    /// Page URL pattern; append `investmentId` (documented field).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_page_url_pattern: Option<String>,
    /// URL pattern as the doc example spells it (kept separately, never merged).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_url_pattern: Option<String>,
    /// Products of this protocol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_min_infos: Option<Vec<PlatformMinInfo>>,
}

/// A product reference inside a protocol.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformMinInfo {
    /// Product id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_id: Option<InvestmentId>,
    /// Protocol id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub protocol_id: Option<FlexText>,
    /// Network name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Chain id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<ChainId>,
}

/// #2 `GET /api/v5/defi/explore/token/list`: tokens the explore API knows, by symbol.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetTokens {
    /// Token contract.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_address: Option<String>,
    /// Chain id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<ChainId>,
}

impl ApiRequest for GetTokens {
    type Dialect = OkxWeb3Dialect;
    type Response = Vec<TokenGroup>;

    fn endpoint(&self) -> &'static Endpoint {
        &TOKEN_LIST
    }

    fn validate(&self) -> Result<()> {
        self.chain_id.as_ref().map(ChainId::check).transpose()?;
        check_opt("tokenAddress", self.chain_id.as_ref(), self.token_address.as_deref())
    }

    fn query(&self) -> Query {
        Query::new().push_opt("tokenAddress", self.token_address.as_ref()).push_opt("chainId", self.chain_id.as_ref())
    }
}

/// #2 item: a symbol and its tokens.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenGroup {
    /// Symbol.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    /// Tokens with this symbol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_infos: Option<Vec<ExploreToken>>,
}

/// A token known to the explore API.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExploreToken {
    /// OKX token id (for `tokenIds` filters).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_id: Option<ExploreTokenId>,
    /// Symbol.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_symbol: Option<String>,
    /// Network name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Logo URL.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// Contract address.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_address: Option<String>,
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

/// #3 `POST /api/v5/defi/explore/product/list`: products of one kind on one network, a page
/// at a time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetProducts {
    /// Required by the table (the doc example omits it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simplify_invest_type: Option<SimplifyInvestType>,
    /// Network name (`ETH`, `BSC`, `OP`, `MATIC`, …). Required.
    pub network: String,
    /// Pool version (default V2).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
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
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
    /// Page size (string of digits). Required.
    pub limit: String,
}

impl GetProducts {
    /// Products of `kind` on `network`, `limit` at a time.
    pub fn new(kind: SimplifyInvestType, network: impl Into<String>, limit: u32) -> Self {
        GetProducts {
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

impl ApiRequest for GetProducts {
    type Dialect = OkxWeb3Dialect;
    type Response = ProductList;

    fn endpoint(&self) -> &'static Endpoint {
        &PRODUCT_LIST
    }

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

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}

fn check_count(field: &str, text: &str, min: u64) -> Result<()> {
    match text.parse::<u64>() {
        Ok(n) if n >= min && text.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
        _ => Err(Error::invalid_input(field, format!("must be an integer ≥ {min} written in digits"))),
    }
}

/// #3 answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductList {
    /// Products (Go-wrapper name; `list` also accepted).
    #[serde(alias = "list")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investments: Option<Vec<ProductInfo>>,
    /// Total count.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub total: Option<FlexText>,
}

/// A product: #3 item, and #4 (which adds the detail-only fields).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductInfo {
    /// Product id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_id: Option<InvestmentId>,
    /// Name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_name: Option<String>,
    /// Chain id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<ChainId>,
    /// Yearly rate as a fraction (`"0.01820"` = 1.82 %).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub rate: Option<DecimalText>,
    /// 1 save, 2 pool, 3 farm, 4 vaults, 5 stake.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub invest_type: Option<FlexUint>,
    /// Protocol name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_name: Option<String>,
    /// Protocol id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_id: Option<PlatformId>,
    /// `0` APY, `1` APR.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub rate_type: Option<FlexUint>,
    /// Total value locked (USD).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub tvl: Option<DecimalText>,
    /// Tokens invested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub underlying_token: Option<Vec<UnderlyingToken>>,
    /// #4: id for rewards and positions.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub analysis_platform_id: Option<AnalysisPlatformId>,
    /// #4: whether it can be invested in (typed String by the venue).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub is_investable: Option<FlexBool>,
    /// #4: utilisation.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub utilization_rate: Option<DecimalText>,
    /// #4: tokens earned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earned_token: Option<Vec<UnderlyingToken>>,
    /// #4: LP tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lp_token: Option<Vec<UnderlyingToken>>,
}

/// A token of a product (`underlyingToken`, `earnedToken`, `lpToken`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnderlyingToken {
    /// Whether it is the native token.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub is_base_token: Option<FlexBool>,
    /// Contract address.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_contract: Option<String>,
    /// Symbol.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_symbol: Option<String>,
}

/// #4 `GET /api/v5/defi/explore/product/detail`: one product in detail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetProductDetail {
    /// Product id.
    pub investment_id: InvestmentId,
    /// Category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investment_category: Option<InvestmentCategory>,
}

impl GetProductDetail {
    /// Detail of one product.
    pub fn new(investment_id: InvestmentId) -> Self {
        GetProductDetail { investment_id, investment_category: None }
    }
}

impl ApiRequest for GetProductDetail {
    type Dialect = OkxWeb3Dialect;
    type Response = ProductInfo;

    fn endpoint(&self) -> &'static Endpoint {
        &PRODUCT_DETAIL
    }

    fn validate(&self) -> Result<()> {
        self.investment_id.check()
    }

    fn query(&self) -> Query {
        Query::new()
            .push("investmentId", &self.investment_id)
            .push_opt("investmentCategory", self.investment_category.as_ref())
    }
}

/// #5 `GET /api/v5/defi/explore/network-list`: networks (fields from a third-party Go
/// wrapper only).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetNetworks {
    /// Network name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Chain id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<ChainId>,
}

impl ApiRequest for GetNetworks {
    type Dialect = OkxWeb3Dialect;
    type Response = Vec<NetworkInfo>;

    fn endpoint(&self) -> &'static Endpoint {
        &NETWORK_LIST
    }

    fn validate(&self) -> Result<()> {
        self.chain_id.as_ref().map(ChainId::check).transpose().map(|_| ())
    }

    fn query(&self) -> Query {
        Query::new().push_opt("network", self.network.as_ref()).push_opt("chainId", self.chain_id.as_ref())
    }
}

/// #5 item.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkInfo {
    /// Network symbol.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    /// Network name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Chain id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<ChainId>,
}
