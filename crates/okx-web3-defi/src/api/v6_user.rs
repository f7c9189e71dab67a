//! v6 user holdings: platform list and detail (reference §6 #13, #14).

use bytes::Bytes;
use earn_core::http::{ApiRequest, Endpoint, json_body};
use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::api::holdings::{PlatformDetail, PlatformList, WalletOnChainV6, check_wallets};
use crate::api::types::{AnalysisPlatformId, ChainId, nullable};
use crate::dialect::OkxWeb3Dialect;

/// #13 positions, all platforms.
pub(crate) static PLATFORM_LIST: Endpoint = Endpoint::post("/api/v6/defi/user/asset/platform/list");
/// #14 positions by platform.
pub(crate) static PLATFORM_DETAIL: Endpoint = Endpoint::post("/api/v6/defi/user/asset/platform/detail");

/// #13 `POST /api/v6/defi/user/asset/platform/list`: the platforms a wallet holds positions
/// in, with their USD value per network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetPlatforms {
    /// Wallets.
    pub wallet_address_list: Vec<WalletOnChainV6>,
    /// Tag.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
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

/// `platformList[]` of #14.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformOnChain {
    /// Chain.
    pub chain_index: ChainId,
    /// Platform.
    pub analysis_platform_id: AnalysisPlatformId,
}

/// #14 `POST /api/v6/defi/user/asset/platform/detail`: a wallet's positions in the given
/// platforms (one answer per platform).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetPlatformDetail {
    /// Wallets.
    pub wallet_address_list: Vec<WalletOnChainV6>,
    /// Platforms.
    pub platform_list: Vec<PlatformOnChain>,
}

impl ApiRequest for GetPlatformDetail {
    type Dialect = OkxWeb3Dialect;
    type Response = Vec<PlatformDetail>;

    fn endpoint(&self) -> &'static Endpoint {
        &PLATFORM_DETAIL
    }

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

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}
