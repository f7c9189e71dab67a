//! v6 user holdings: platform list and detail (#13, #14).

use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use super::V6;
use super::endpoints as ep;
use crate::address::check_for_chain;
use crate::client::Validate;
use crate::holdings::{PlatformDetail, PlatformList, WalletOnChainV6};
use crate::wire::{AnalysisPlatformId, ChainId};

fn check_wallets(list: &[WalletOnChainV6]) -> Result<()> {
    if list.is_empty() {
        return Err(Error::invalid_input("walletAddressList", "needs at least one wallet"));
    }
    list.iter().try_for_each(|w| {
        w.chain_index.check()?;
        check_for_chain("walletAddressList.walletAddress", &w.chain_index, &w.wallet_address)
    })
}

/// #13 body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformListRequestV6 {
    /// Wallets.
    pub wallet_address_list: Vec<WalletOnChainV6>,
    /// Tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

impl Validate for PlatformListRequestV6 {
    fn validate(&self) -> Result<()> {
        check_wallets(&self.wallet_address_list)
    }
}

/// `platformList[]` of #14.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformOnChain {
    /// Chain.
    pub chain_index: ChainId,
    /// Platform.
    pub analysis_platform_id: AnalysisPlatformId,
}

/// #14 body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformDetailRequestV6 {
    /// Wallets.
    pub wallet_address_list: Vec<WalletOnChainV6>,
    /// Platforms.
    pub platform_list: Vec<PlatformOnChain>,
}

impl Validate for PlatformDetailRequestV6 {
    fn validate(&self) -> Result<()> {
        check_wallets(&self.wallet_address_list)?;
        if self.platform_list.is_empty() {
            return Err(Error::invalid_input("platformList", "needs at least one platform"));
        }
        self.platform_list.iter().try_for_each(|p| {
            p.chain_index.check()?;
            p.analysis_platform_id.check()
        })
    }
}

impl V6<'_> {
    /// #13 `POST /api/v6/defi/user/asset/platform/list`.
    pub async fn platform_list(&self, req: &PlatformListRequestV6) -> Result<PlatformList> {
        self.client.post(&ep::PLATFORM_LIST, req).await
    }

    /// #14 `POST /api/v6/defi/user/asset/platform/detail` (an array, one per platform).
    pub async fn platform_detail(&self, req: &PlatformDetailRequestV6) -> Result<Vec<PlatformDetail>> {
        self.client.post(&ep::PLATFORM_DETAIL, req).await
    }
}
