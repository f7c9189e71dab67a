//! Position structures of the user endpoints, shared by v5 and v6 (v5 names networks
//! `chainId`, v6 `chainIndex`; both fields exist and whichever arrived is kept).

use serde::{Deserialize, Serialize};

use crate::common::TokenInfo;
use crate::json::RawJson;
use crate::numbers::DecimalText;
use crate::wire::{AnalysisPlatformId, ChainId, FlexBool, FlexText, FlexUint, InvestmentId, TokenId, wire_struct};

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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pub_key: Option<String>,
}

wire_struct! {
    /// `data` of the platform-list endpoints.
    pub struct PlatformList {
        /// One entry per wallet.
        wallet_id_platform_list: Vec<WalletPlatforms>,
    }
}

wire_struct! {
    /// The platforms one wallet holds positions in.
    pub struct WalletPlatforms {
        /// Platforms.
        platform_list: Vec<PlatformSummary>,
        /// Account id, when given.
        account_id: FlexText,
        /// Wallet id, when given.
        wallet_id: FlexText,
    }
}

wire_struct! {
    /// A platform (protocol) the wallet holds positions in.
    pub struct PlatformSummary {
        /// Name.
        platform_name: String,
        /// Id for rewards and position detail.
        analysis_platform_id: AnalysisPlatformId,
        /// Logo URL.
        platform_logo: String,
        /// Brand colour (v5).
        platform_color: String,
        /// USD value of the positions (unbounded digits).
        currency_amount: DecimalText,
        /// Whether OKX supports investing through the API here.
        is_support_invest: FlexBool,
        /// Bonus marker (v5, integer).
        bonus_tag: FlexUint,
        /// Platform URL.
        platform_url: String,
        /// v5: value per network.
        network_balance_vo_list: Vec<NetworkBalance>,
        /// v6: value per network.
        network_balance_list: Vec<NetworkBalance>,
        /// Number of products held.
        investment_count: FlexUint,
    }
}

wire_struct! {
    /// USD value held on one network.
    pub struct NetworkBalance {
        /// Network name.
        network: String,
        /// Network logo URL.
        network_logo: String,
        /// v5 chain id.
        chain_id: ChainId,
        /// v6 chain index.
        chain_index: ChainId,
        /// USD value.
        currency_amount: DecimalText,
    }
}

wire_struct! {
    /// One platform's positions (`data` of v5 platform detail; one element of v6's array).
    pub struct PlatformDetail {
        /// One entry per wallet.
        wallet_id_platform_detail_list: Vec<WalletPlatformDetail>,
        /// Platform name.
        platform_name: String,
        /// Platform id.
        analysis_platform_id: AnalysisPlatformId,
        /// Logo URL.
        platform_logo: String,
        /// Platform URL.
        platform_url: String,
    }
}

wire_struct! {
    /// One wallet's positions on a platform.
    pub struct WalletPlatformDetail {
        /// Per network.
        network_hold_vo_list: Vec<NetworkHold>,
        /// Account id (third-party sources only).
        account_id: FlexText,
    }
}

wire_struct! {
    /// Positions on one network.
    pub struct NetworkHold {
        /// Network name.
        network: String,
        /// v5 chain id.
        chain_id: ChainId,
        /// v6 chain index.
        chain_index: ChainId,
        /// v6: whether investing is supported.
        is_support_invest: FlexBool,
        /// v6: total USD value.
        total_asset: DecimalText,
        /// Direct positions (pools, staking, vaults).
        invest_token_balance_vo_list: Vec<InvestTokenBalance>,
        /// v6: lending-market positions (Aave-style: supply and borrow).
        invest_market_token_balance_vo_list: Vec<MarketBalance>,
        /// Claimable rewards (shape varies by protocol; kept verbatim).
        available_rewards: RawJson,
        /// Airdrop rewards (third-party sources only; kept verbatim).
        air_drop_reward_info: RawJson,
    }
}

wire_struct! {
    /// One position: v5 `investTokenBalanceVoList[]` and asset-detail items, v6 the same.
    pub struct InvestTokenBalance {
        /// Product id.
        investment_id: InvestmentId,
        /// Product name.
        investment_name: String,
        /// Upstream product id.
        source_investment_id: FlexText,
        /// 1 save, 2 pool, 3 farm, 4 vaults, 5 stake; v6 also 6 borrow, 7 staking, 8 locked, 9 deposit, 10 vesting.
        invest_type: FlexUint,
        /// Name of the investment type.
        invest_name: String,
        /// The tokens held.
        assets_token_list: Vec<TokenInfo>,
        /// Rewards.
        reward_defi_token_info: Vec<RewardInfo>,
        /// Total USD value.
        total_value: DecimalText,
        /// V3 position NFT.
        token_id: TokenId,
    }
}

wire_struct! {
    /// A reward group: `rewardDefiTokenInfo[]`.
    pub struct RewardInfo {
        /// Reward tokens.
        base_defi_token_infos: Vec<TokenInfo>,
        /// Button action.
        button_type: FlexUint,
        /// v5: integer; v6: `REWARD_INVESTMENT`, `REWARD_PLATFORM`, … (kept as text).
        reward_type: FlexText,
    }
}

wire_struct! {
    /// A lending-market position (v6).
    pub struct MarketBalance {
        /// `SUPPLY` and `BORROW` rows.
        asset_map: AssetMap,
        /// Market rewards (kept verbatim).
        market_rewards: RawJson,
        /// Health rate, when given.
        health_rate: DecimalText,
    }
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
