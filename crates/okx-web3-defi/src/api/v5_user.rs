//! v5 user: positions, balances, unstake applications (#12–#16).

use earn_core::http::Query;
use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use super::V5;
use super::endpoints as ep;
use crate::address::{check_any, check_for_chain, check_opt};
use crate::client::{QueryParams, Validate};
use crate::common::TokenInfo;
use crate::holdings::{InvestTokenBalance, PlatformDetail, PlatformList, WalletOnChainV5};
use crate::numbers::DecimalText;
use crate::wire::{AnalysisPlatformId, ChainId, FlexBool, FlexText, FlexUint, InvestmentId, TokenId, wire_struct};

fn check_wallets(list: &[WalletOnChainV5]) -> Result<()> {
    if list.is_empty() {
        return Err(Error::invalid_input("walletAddressList", "needs at least one wallet"));
    }
    list.iter().try_for_each(|w| {
        w.chain_id.check()?;
        check_for_chain("walletAddressList.walletAddress", &w.chain_id, &w.wallet_address)
    })
}

/// #12 body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformListRequest {
    /// Wallets to look up.
    pub wallet_address_list: Vec<WalletOnChainV5>,
}

impl Validate for PlatformListRequest {
    fn validate(&self) -> Result<()> {
        check_wallets(&self.wallet_address_list)
    }
}

/// `accountIdInfoList[]` of #13 (the doc example's shape).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountIdInfo {
    /// Wallets.
    pub wallet_address_list: Vec<WalletOnChainV5>,
}

/// #13 body. Docs-v5's table puts `walletAddressList` at the top level; its example nests
/// it in `accountIdInfoList[]`. [`PlatformDetailRequest::new`] fills both, so the venue
/// finds the wallets whichever shape it reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformDetailRequest {
    /// Platform.
    pub analysis_platform_id: AnalysisPlatformId,
    /// Wallets (table shape).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wallet_address_list: Option<Vec<WalletOnChainV5>>,
    /// Wallets (example shape).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id_info_list: Option<Vec<AccountIdInfo>>,
}

impl PlatformDetailRequest {
    /// Positions of `wallets` in `platform`, in both documented shapes.
    pub fn new(platform: AnalysisPlatformId, wallets: Vec<WalletOnChainV5>) -> Self {
        PlatformDetailRequest {
            analysis_platform_id: platform,
            wallet_address_list: Some(wallets.clone()),
            account_id_info_list: Some(vec![AccountIdInfo { wallet_address_list: wallets }]),
        }
    }
}

impl Validate for PlatformDetailRequest {
    fn validate(&self) -> Result<()> {
        self.analysis_platform_id.check()?;
        let mut any = false;
        if let Some(l) = &self.wallet_address_list {
            check_wallets(l)?;
            any = true;
        }
        for a in self.account_id_info_list.iter().flatten() {
            check_wallets(&a.wallet_address_list)?;
            any = true;
        }
        if !any {
            return Err(Error::invalid_input("walletAddressList", "needs at least one wallet"));
        }
        Ok(())
    }
}

/// #14 body: one of `investmentId` / `poolId` is required.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssetDetailRequest {
    /// User wallet.
    pub address: String,
    /// Chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<ChainId>,
    /// Product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investment_id: Option<InvestmentId>,
    /// BRC-20 pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_id: Option<String>,
    /// Uniswap V3 farm check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub farm_investment_id: Option<InvestmentId>,
}

impl AssetDetailRequest {
    /// Positions of `address` in `investment_id` on `chain`.
    pub fn new(address: impl Into<String>, chain: ChainId, investment_id: InvestmentId) -> Self {
        AssetDetailRequest {
            address: address.into(),
            chain_id: Some(chain),
            investment_id: Some(investment_id),
            pool_id: None,
            farm_investment_id: None,
        }
    }
}

impl Validate for AssetDetailRequest {
    fn validate(&self) -> Result<()> {
        if self.investment_id.is_none() && self.pool_id.as_deref().is_none_or(str::is_empty) {
            return Err(Error::invalid_input("investmentId", "one of investmentId or poolId is required"));
        }
        self.investment_id.as_ref().map(InvestmentId::check).transpose()?;
        self.farm_investment_id.as_ref().map(InvestmentId::check).transpose()?;
        self.chain_id.as_ref().map(ChainId::check).transpose()?;
        check_opt("address", self.chain_id.as_ref(), Some(&self.address))
    }
}

/// #15 body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BalanceListRequest {
    /// Chain.
    pub chain_id: ChainId,
    /// User wallet.
    pub address: String,
    /// Tokens (the native token by its conventional address).
    pub token_address_list: Vec<String>,
}

impl Validate for BalanceListRequest {
    fn validate(&self) -> Result<()> {
        self.chain_id.check()?;
        check_for_chain("address", &self.chain_id, &self.address)?;
        if self.token_address_list.is_empty() {
            return Err(Error::invalid_input("tokenAddressList", "needs at least one token address"));
        }
        self.token_address_list.iter().try_for_each(|t| check_for_chain("tokenAddressList", &self.chain_id, t))
    }
}

/// #16 query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnstakeListRequest {
    /// Product.
    pub investment_id: InvestmentId,
    /// User wallet.
    pub user_address: String,
}

impl Validate for UnstakeListRequest {
    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        check_any("userAddress", &self.user_address)
    }
}

impl QueryParams for UnstakeListRequest {
    fn to_query(&self) -> Query {
        Query::new().push("investmentId", &self.investment_id).push("userAddress", &self.user_address)
    }
}

wire_struct! {
    /// #16 answer: redemption applications waiting to be claimed.
    pub struct UnstakeList {
        /// Wallet.
        user_address: String,
        /// Product (a JSON number in the doc example).
        investment_id: InvestmentId,
        /// Whether everything can be claimed at once.
        can_claim_all: FlexBool,
        /// Total amount, human units.
        coin_amount: DecimalText,
        /// Total USD value.
        currency_amount: DecimalText,
        /// Applications.
        reward_token_infos: Vec<UnstakeEntry>,
    }
}

wire_struct! {
    /// One redemption application.
    pub struct UnstakeEntry {
        /// Reward type (integer, e.g. 2).
        reward_type: FlexUint,
        /// Index to pass as `extra.claimIndex` to #11.
        claim_index: FlexText,
        /// Symbol.
        token_symbol: String,
        /// Logo.
        token_logo: String,
        /// Contract address.
        token_address: String,
        /// Network.
        network: String,
        /// Decimals.
        token_precision: FlexUint,
        /// Amount, human units.
        coin_amount: DecimalText,
        /// USD value.
        currency_amount: DecimalText,
        /// Description.
        reward_description: String,
        /// Tip.
        reward_tip: String,
        /// V3 position NFT, when given.
        token_id: TokenId,
    }
}

impl V5<'_> {
    /// #12 `POST /api/v5/defi/user/asset/platform/list`.
    pub async fn platform_list(&self, req: &PlatformListRequest) -> Result<PlatformList> {
        self.client.post(&ep::PLATFORM_LIST, req).await
    }

    /// #13 `POST /api/v5/defi/user/asset/platform/detail`.
    pub async fn platform_detail(&self, req: &PlatformDetailRequest) -> Result<PlatformDetail> {
        self.client.post(&ep::PLATFORM_DETAIL, req).await
    }

    /// #14 `POST /api/v5/defi/user/investment/asset-detail`.
    pub async fn asset_detail(&self, req: &AssetDetailRequest) -> Result<Vec<InvestTokenBalance>> {
        self.client.post(&ep::ASSET_DETAIL, req).await
    }

    /// #15 `POST /api/v5/defi/user/balance-list`.
    pub async fn balance_list(&self, req: &BalanceListRequest) -> Result<Vec<TokenInfo>> {
        self.client.post(&ep::BALANCE_LIST, req).await
    }

    /// #16 `GET /api/v5/defi/user/investment/unstake-list`.
    pub async fn unstake_list(&self, req: &UnstakeListRequest) -> Result<UnstakeList> {
        self.client.get(&ep::UNSTAKE_LIST, req).await
    }
}
