//! v5 user: positions, balances, unstake applications (reference §5 #12–#16).

use bytes::Bytes;
use earn_core::http::{ApiRequest, Endpoint, Query, json_body};
use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::api::address::{check_any, check_for_chain, check_opt};
use crate::api::common::TokenInfo;
use crate::api::holdings::{InvestTokenBalance, PlatformDetail, PlatformList, WalletOnChainV5, check_wallets};
use crate::api::numbers::DecimalText;
use crate::api::types::{AnalysisPlatformId, ChainId, FlexBool, FlexText, FlexUint, InvestmentId, TokenId, nullable};
use crate::dialect::OkxWeb3Dialect;

/// #12 positions, all platforms.
pub(crate) static PLATFORM_LIST: Endpoint = Endpoint::post("/api/v5/defi/user/asset/platform/list");
/// #13 positions of one platform.
pub(crate) static PLATFORM_DETAIL: Endpoint = Endpoint::post("/api/v5/defi/user/asset/platform/detail");
/// #14 positions in one product.
pub(crate) static ASSET_DETAIL: Endpoint = Endpoint::post("/api/v5/defi/user/investment/asset-detail");
/// #15 token balances.
pub(crate) static BALANCE_LIST: Endpoint = Endpoint::post("/api/v5/defi/user/balance-list");
/// #16 pending unstake (redemption) applications.
pub(crate) static UNSTAKE_LIST: Endpoint = Endpoint::get("/api/v5/defi/user/investment/unstake-list");

/// #12 `POST /api/v5/defi/user/asset/platform/list`: the platforms a wallet holds positions
/// in, with their USD value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetPlatforms {
    /// Wallets to look up.
    pub wallet_address_list: Vec<WalletOnChainV5>,
}

impl ApiRequest for GetPlatforms {
    type Dialect = OkxWeb3Dialect;
    type Response = PlatformList;

    fn endpoint(&self) -> &'static Endpoint {
        &PLATFORM_LIST
    }

    fn validate(&self) -> Result<()> {
        check_wallets(&self.wallet_address_list)
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}

/// `accountIdInfoList[]` of #13 (the doc example's shape).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountIdInfo {
    /// Wallets.
    pub wallet_address_list: Vec<WalletOnChainV5>,
}

/// The wallets of a [`GetPlatformDetail`], in exactly one of the two shapes Docs-v5 shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DetailWallets {
    /// `accountIdInfoList[].walletAddressList`: the shape of Docs-v5's example, and the one
    /// a third-party integration of the live API sends.
    #[serde(rename = "accountIdInfoList")]
    Accounts(Vec<AccountIdInfo>),
    /// `walletAddressList` at the top level: the shape of Docs-v5's field table (and of v6).
    #[serde(rename = "walletAddressList")]
    TopLevel(Vec<WalletOnChainV5>),
}

/// #13 `POST /api/v5/defi/user/asset/platform/detail`: a wallet's positions in one platform.
///
/// Docs-v5's field table puts `walletAddressList` at the top level; its example nests it
/// in `accountIdInfoList[]`. A request sends exactly one of the two
/// ([`DetailWallets`]); [`new`](Self::new) sends the example's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetPlatformDetail {
    /// Platform.
    pub analysis_platform_id: AnalysisPlatformId,
    /// Wallets, in one shape.
    #[serde(flatten)]
    pub wallets: DetailWallets,
}

impl GetPlatformDetail {
    /// Positions of `wallets` in `platform`, sent as `accountIdInfoList` (the doc example).
    pub fn new(platform: AnalysisPlatformId, wallets: Vec<WalletOnChainV5>) -> Self {
        GetPlatformDetail {
            analysis_platform_id: platform,
            wallets: DetailWallets::Accounts(vec![AccountIdInfo { wallet_address_list: wallets }]),
        }
    }

    /// Positions of `wallets` in `platform`, sent as a top-level `walletAddressList` (the
    /// field table).
    pub fn top_level(platform: AnalysisPlatformId, wallets: Vec<WalletOnChainV5>) -> Self {
        GetPlatformDetail { analysis_platform_id: platform, wallets: DetailWallets::TopLevel(wallets) }
    }
}

impl ApiRequest for GetPlatformDetail {
    type Dialect = OkxWeb3Dialect;
    type Response = PlatformDetail;

    fn endpoint(&self) -> &'static Endpoint {
        &PLATFORM_DETAIL
    }

    fn validate(&self) -> Result<()> {
        self.analysis_platform_id.check()?;
        match &self.wallets {
            DetailWallets::TopLevel(list) => check_wallets(list),
            DetailWallets::Accounts(accounts) if accounts.is_empty() => {
                Err(Error::invalid_input("accountIdInfoList", "needs at least one account"))
            }
            DetailWallets::Accounts(accounts) => {
                accounts.iter().try_for_each(|a| check_wallets(&a.wallet_address_list))
            }
        }
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}

/// #14 `POST /api/v5/defi/user/investment/asset-detail`: a wallet's positions in one
/// product. One of `investmentId` / `poolId` is required.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetAssetDetail {
    /// User wallet.
    pub address: String,
    /// Chain.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<ChainId>,
    /// Product.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_id: Option<InvestmentId>,
    /// BRC-20 pool.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub pool_id: Option<String>,
    /// Uniswap V3 farm check.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub farm_investment_id: Option<InvestmentId>,
}

impl GetAssetDetail {
    /// Positions of `address` in `investment_id` on `chain`.
    pub fn new(address: impl Into<String>, chain: ChainId, investment_id: InvestmentId) -> Self {
        GetAssetDetail {
            address: address.into(),
            chain_id: Some(chain),
            investment_id: Some(investment_id),
            pool_id: None,
            farm_investment_id: None,
        }
    }
}

impl ApiRequest for GetAssetDetail {
    type Dialect = OkxWeb3Dialect;
    type Response = Vec<InvestTokenBalance>;

    fn endpoint(&self) -> &'static Endpoint {
        &ASSET_DETAIL
    }

    fn validate(&self) -> Result<()> {
        if self.investment_id.is_none() && self.pool_id.as_deref().is_none_or(str::is_empty) {
            return Err(Error::invalid_input("investmentId", "one of investmentId or poolId is required"));
        }
        self.investment_id.as_ref().map(InvestmentId::check).transpose()?;
        self.farm_investment_id.as_ref().map(InvestmentId::check).transpose()?;
        self.chain_id.as_ref().map(ChainId::check).transpose()?;
        check_opt("address", self.chain_id.as_ref(), Some(&self.address))
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}

/// #15 `POST /api/v5/defi/user/balance-list`: a wallet's token balances on one chain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetBalances {
    /// Chain.
    pub chain_id: ChainId,
    /// User wallet.
    pub address: String,
    /// Tokens (the native token by its conventional address).
    pub token_address_list: Vec<String>,
}

impl ApiRequest for GetBalances {
    type Dialect = OkxWeb3Dialect;
    type Response = Vec<TokenInfo>;

    fn endpoint(&self) -> &'static Endpoint {
        &BALANCE_LIST
    }

    fn validate(&self) -> Result<()> {
        self.chain_id.check()?;
        check_for_chain("address", &self.chain_id, &self.address)?;
        if self.token_address_list.is_empty() {
            return Err(Error::invalid_input("tokenAddressList", "needs at least one token address"));
        }
        self.token_address_list.iter().try_for_each(|t| check_for_chain("tokenAddressList", &self.chain_id, t))
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}

/// #16 `GET /api/v5/defi/user/investment/unstake-list`: redemption applications waiting to
/// be claimed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetUnstakeList {
    /// Product.
    pub investment_id: InvestmentId,
    /// User wallet.
    pub user_address: String,
}

impl ApiRequest for GetUnstakeList {
    type Dialect = OkxWeb3Dialect;
    type Response = UnstakeList;

    fn endpoint(&self) -> &'static Endpoint {
        &UNSTAKE_LIST
    }

    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        check_any("userAddress", &self.user_address)
    }

    fn query(&self) -> Query {
        Query::new().push("investmentId", &self.investment_id).push("userAddress", &self.user_address)
    }
}

/// #16 answer: redemption applications waiting to be claimed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnstakeList {
    /// Wallet.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub user_address: Option<String>,
    /// Product (a JSON number in the doc example).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_id: Option<InvestmentId>,
    /// Whether everything can be claimed at once.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub can_claim_all: Option<FlexBool>,
    /// Total amount, human units.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub coin_amount: Option<DecimalText>,
    /// Total USD value.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub currency_amount: Option<DecimalText>,
    /// Applications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reward_token_infos: Option<Vec<UnstakeEntry>>,
}

/// One redemption application.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnstakeEntry {
    /// Reward type (integer, e.g. 2).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub reward_type: Option<FlexUint>,
    /// Index to pass as `extra.claimIndex` to #11.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub claim_index: Option<FlexText>,
    /// Symbol.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_symbol: Option<String>,
    /// Logo.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_logo: Option<String>,
    /// Contract address.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_address: Option<String>,
    /// Network.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Decimals.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_precision: Option<FlexUint>,
    /// Amount, human units.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub coin_amount: Option<DecimalText>,
    /// USD value.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub currency_amount: Option<DecimalText>,
    /// Description.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub reward_description: Option<String>,
    /// Tip.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub reward_tip: Option<String>,
    /// V3 position NFT, when given.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_id: Option<TokenId>,
}
