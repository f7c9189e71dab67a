//! Position structures of the user endpoints, shared by v5 and v6 (v5 names networks
//! `chainId`, v6 `chainIndex`; both fields exist and whichever arrived is kept).

use serde::{Deserialize, Serialize};

use earn_core::wire::RawJson;
use earn_core::{Error, Result};

use crate::api::address::check_for_chain;
use crate::api::common::TokenInfo;
use crate::api::numbers::DecimalText;
use crate::api::types::{AnalysisPlatformId, ChainId, FlexBool, FlexText, FlexUint, InvestmentId, TokenId, nullable};

/// One wallet on one chain (`walletAddressList[]`) — v5 spelling (`chainId`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WalletOnChainV5 {
    /// Chain.
    pub chain_id: ChainId,
    /// Address on that chain.
    pub wallet_address: String,
}

/// One wallet on one chain (`walletAddressList[]`) — v6 spelling (`chainIndex`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WalletOnChainV6 {
    /// Chain.
    pub chain_index: ChainId,
    /// Address on that chain.
    pub wallet_address: String,
    /// Public key (Bitcoin only).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub pub_key: Option<String>,
}

/// A wallet of a `walletAddressList`, in either generation's spelling.
pub(crate) trait WalletOnChain {
    /// Its chain and its address.
    fn parts(&self) -> (&ChainId, &str);
}

impl WalletOnChain for WalletOnChainV5 {
    fn parts(&self) -> (&ChainId, &str) {
        (&self.chain_id, &self.wallet_address)
    }
}

impl WalletOnChain for WalletOnChainV6 {
    fn parts(&self) -> (&ChainId, &str) {
        (&self.chain_index, &self.wallet_address)
    }
}

/// Checks a `walletAddressList`: at least one wallet, each address valid on its chain.
pub(crate) fn check_wallets(list: &[impl WalletOnChain]) -> Result<()> {
    if list.is_empty() {
        return Err(Error::invalid_input("walletAddressList", "needs at least one wallet"));
    }
    list.iter().try_for_each(|w| {
        let (chain, address) = w.parts();
        chain.check()?;
        check_for_chain("walletAddressList.walletAddress", chain, address)
    })
}

/// `data` of the platform-list endpoints.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformList {
    /// One entry per wallet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wallet_id_platform_list: Option<Vec<WalletPlatforms>>,
}

/// The platforms one wallet holds positions in.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WalletPlatforms {
    /// Platforms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_list: Option<Vec<PlatformSummary>>,
    /// Account id, when given.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub account_id: Option<FlexText>,
    /// Wallet id, when given.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub wallet_id: Option<FlexText>,
}

/// A platform (protocol) the wallet holds positions in.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformSummary {
    /// Name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_name: Option<String>,
    /// Id for rewards and position detail.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub analysis_platform_id: Option<AnalysisPlatformId>,
    /// Logo URL.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_logo: Option<String>,
    /// Brand colour (v5).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_color: Option<String>,
    /// USD value of the positions (unbounded digits).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub currency_amount: Option<DecimalText>,
    /// Whether OKX supports investing through the API here.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub is_support_invest: Option<FlexBool>,
    /// Bonus marker (v5, integer).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub bonus_tag: Option<FlexUint>,
    /// Platform URL.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_url: Option<String>,
    /// v5: value per network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_balance_vo_list: Option<Vec<NetworkBalance>>,
    /// v6: value per network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_balance_list: Option<Vec<NetworkBalance>>,
    /// Number of products held.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_count: Option<FlexUint>,
}

/// USD value held on one network.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkBalance {
    /// Network name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Network logo URL.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub network_logo: Option<String>,
    /// v5 chain id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<ChainId>,
    /// v6 chain index.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_index: Option<ChainId>,
    /// USD value.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub currency_amount: Option<DecimalText>,
}

/// One platform's positions (`data` of v5 platform detail; one element of v6's array).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformDetail {
    /// One entry per wallet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wallet_id_platform_detail_list: Option<Vec<WalletPlatformDetail>>,
    /// Platform name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_name: Option<String>,
    /// Platform id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub analysis_platform_id: Option<AnalysisPlatformId>,
    /// Logo URL.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_logo: Option<String>,
    /// Platform URL.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub platform_url: Option<String>,
}

/// One wallet's positions on a platform.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WalletPlatformDetail {
    /// Per network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_hold_vo_list: Option<Vec<NetworkHold>>,
    /// Account id (third-party sources only).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub account_id: Option<FlexText>,
}

/// Positions on one network.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkHold {
    /// Network name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// v5 chain id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<ChainId>,
    /// v6 chain index.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_index: Option<ChainId>,
    /// v6: whether investing is supported.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub is_support_invest: Option<FlexBool>,
    /// v6: total USD value.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub total_asset: Option<DecimalText>,
    /// Direct positions (pools, staking, vaults).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invest_token_balance_vo_list: Option<Vec<InvestTokenBalance>>,
    /// v6: lending-market positions (Aave-style: supply and borrow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invest_market_token_balance_vo_list: Option<Vec<MarketBalance>>,
    /// Claimable rewards (shape varies by protocol; kept verbatim).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_rewards: Option<RawJson>,
    /// Airdrop rewards (third-party sources only; kept verbatim).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub air_drop_reward_info: Option<RawJson>,
}

/// One position: v5 `investTokenBalanceVoList[]` and asset-detail items, v6 the same.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvestTokenBalance {
    /// Product id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_id: Option<InvestmentId>,
    /// Product name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_name: Option<String>,
    /// Upstream product id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub source_investment_id: Option<FlexText>,
    /// 1 save, 2 pool, 3 farm, 4 vaults, 5 stake; v6 also 6 borrow, 7 staking, 8 locked, 9 deposit, 10 vesting.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub invest_type: Option<FlexUint>,
    /// Name of the investment type.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub invest_name: Option<String>,
    /// The tokens held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assets_token_list: Option<Vec<TokenInfo>>,
    /// Rewards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reward_defi_token_info: Option<Vec<RewardInfo>>,
    /// Total USD value.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub total_value: Option<DecimalText>,
    /// V3 position NFT.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_id: Option<TokenId>,
}

/// A reward group: `rewardDefiTokenInfo[]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RewardInfo {
    /// Reward tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_defi_token_infos: Option<Vec<TokenInfo>>,
    /// Button action.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub button_type: Option<FlexUint>,
    /// v5: integer; v6: `REWARD_INVESTMENT`, `REWARD_PLATFORM`, … (kept as text).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub reward_type: Option<FlexText>,
}

/// A lending-market position (v6).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarketBalance {
    /// `SUPPLY` and `BORROW` rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_map: Option<AssetMap>,
    /// Market rewards (kept verbatim).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_rewards: Option<RawJson>,
    /// Health rate, when given.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub health_rate: Option<DecimalText>,
}

/// `assetMap`: supplied and borrowed tokens.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssetMap {
    /// Supplied (earning) rows.
    #[serde(rename = "SUPPLY", skip_serializing_if = "Option::is_none")]
    pub supply: Option<Vec<TokenInfo>>,
    /// Borrowed rows.
    #[serde(rename = "BORROW", skip_serializing_if = "Option::is_none")]
    pub borrow: Option<Vec<TokenInfo>>,
}
