//! v6 call-data builders: enter, exit, claim (reference §6 #10–#12).
//!
//! These endpoints **build** unsigned transactions; they move nothing, so for the executor
//! they are reads (safe to repeat).

use bytes::Bytes;
use earn_core::http::{ApiRequest, Endpoint, json_body};
use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::api::address::{check_any, check_for_chain};
use crate::api::common::CallDataList;
use crate::api::numbers::{HumanAmount, Slippage};
use crate::api::types::{AnalysisPlatformId, ChainId, FlexText, InvestmentId, TokenId, nullable};
use crate::dialect::OkxWeb3Dialect;

/// #10 enter call data.
pub(crate) static ENTER: Endpoint = Endpoint::post("/api/v6/defi/transaction/enter");
/// #11 exit call data.
pub(crate) static EXIT: Endpoint = Endpoint::post("/api/v6/defi/transaction/exit");
/// #12 claim call data.
pub(crate) static CLAIM: Endpoint = Endpoint::post("/api/v6/defi/transaction/claim");

earn_core::open_enum! {
    /// `rewardType` of a claim. Every type but [`RewardPlatform`](Self::RewardPlatform) needs
    /// an `investmentId`.
    pub enum RewardType {
        /// Product rewards.
        RewardInvestment = "REWARD_INVESTMENT",
        /// Platform rewards (needs `analysisPlatformId`).
        RewardPlatform = "REWARD_PLATFORM",
        /// V3 fees (needs `tokenId`).
        V3Fee = "V3_FEE",
        /// OKX bonus.
        RewardOkxBonus = "REWARD_OKX_BONUS",
        /// Merkle bonus (needs `expectOutputList`).
        RewardMerkleBonus = "REWARD_MERKLE_BONUS",
        /// Unlocked principal (needs `principalIndex`).
        UnlockedPrincipal = "UNLOCKED_PRINCIPAL",
    }
}

/// `userInputList[]` of enter/exit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserInput {
    /// Token.
    pub token_address: String,
    /// Chain.
    pub chain_index: ChainId,
    /// Amount, human units.
    pub coin_amount: HumanAmount,
    /// Symbol.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_symbol: Option<String>,
    /// Decimals (an integer per Docs-v6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_precision: Option<u8>,
    /// V3 position NFT.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_id: Option<TokenId>,
}

impl UserInput {
    fn check(&self, list: &str) -> Result<()> {
        self.chain_index.check()?;
        check_for_chain(&format!("{list}.tokenAddress"), &self.chain_index, &self.token_address)?;
        if let Some(t) = &self.token_id {
            t.check()?;
        }
        // Without `tokenPrecision` only the uint256 bound of every `HumanAmount` applies.
        self.coin_amount.check(&format!("{list}.coinAmount"), self.token_precision)
    }
}

/// `expectOutputList[]` of a claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpectOutput {
    /// Chain.
    pub chain_index: ChainId,
    /// Token.
    pub token_address: String,
    /// Amount, human units.
    pub coin_amount: HumanAmount,
}

fn check_wallet(address: &str, chain: Option<&ChainId>) -> Result<()> {
    match chain {
        Some(c) => check_for_chain("address", c, address),
        None => check_any("address", address),
    }
}

/// #10 `POST /api/v6/defi/transaction/enter`: the unsigned call data that puts tokens into
/// a product (approvals first).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildEnter {
    /// Product.
    pub investment_id: InvestmentId,
    /// User wallet.
    pub address: String,
    /// Tokens put in.
    pub user_input_list: Vec<UserInput>,
    /// Slippage fraction (venue default `"0.01"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slippage: Option<Slippage>,
    /// New V3 position: lower tick.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tick_lower: Option<i64>,
    /// New V3 position: upper tick.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tick_upper: Option<i64>,
    /// Existing V3 position to add to.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_id: Option<TokenId>,
}

impl ApiRequest for BuildEnter {
    type Dialect = OkxWeb3Dialect;
    type Response = CallDataList;

    fn endpoint(&self) -> &'static Endpoint {
        &ENTER
    }

    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        if self.user_input_list.is_empty() {
            return Err(Error::invalid_input("userInputList", "needs at least one token"));
        }
        self.user_input_list.iter().try_for_each(|u| u.check("userInputList"))?;
        if let (Some(l), Some(u)) = (self.tick_lower, self.tick_upper)
            && l >= u
        {
            return Err(Error::invalid_input("tickLower", "must be below tickUpper"));
        }
        check_wallet(&self.address, self.user_input_list.first().map(|u| &u.chain_index))
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}

/// #11 `POST /api/v6/defi/transaction/exit`: the unsigned call data that takes tokens out
/// of a product.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildExit {
    /// Product.
    pub investment_id: InvestmentId,
    /// User wallet.
    pub address: String,
    /// Fraction to redeem, `0 < p ≤ 1` (`"1"` = all; recommended: the call then uses
    /// `MAX_UINT256` and suits rebasing tokens).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub redeem_percent: Option<String>,
    /// LP token (farm/V2) or target token with its amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_input_list: Option<Vec<UserInput>>,
    /// V3 position (required for V3).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_id: Option<TokenId>,
    /// Slippage fraction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slippage: Option<Slippage>,
}

impl ApiRequest for BuildExit {
    type Dialect = OkxWeb3Dialect;
    type Response = CallDataList;

    fn endpoint(&self) -> &'static Endpoint {
        &EXIT
    }

    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        if let Some(p) = &self.redeem_percent {
            let d = earn_core::parse_plain_decimal(p, earn_core::Sign::NonNegative)
                .map_err(|e| Error::invalid_input("redeemPercent", format!("must be a plain fraction: {e}")))?;
            if d.is_zero() || d > rust_decimal::Decimal::ONE {
                return Err(Error::invalid_input("redeemPercent", "must be a fraction with 0 < p ≤ 1 (\"1\" = 100 %)"));
            }
        }
        let inputs = self.user_input_list.as_deref().unwrap_or(&[]);
        if self.redeem_percent.is_none() && inputs.is_empty() {
            return Err(Error::invalid_input("redeemPercent", "give redeemPercent or userInputList"));
        }
        inputs.iter().try_for_each(|u| u.check("userInputList"))?;
        if let Some(t) = &self.token_id {
            t.check()?;
        }
        check_wallet(&self.address, inputs.first().map(|u| &u.chain_index))
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}

/// #12 `POST /api/v6/defi/transaction/claim`: the unsigned call data of a reward claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildClaim {
    /// User wallet.
    pub address: String,
    /// What to claim.
    pub reward_type: RewardType,
    /// Product (all but `REWARD_PLATFORM`).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_id: Option<InvestmentId>,
    /// Platform (`REWARD_PLATFORM`).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub analysis_platform_id: Option<AnalysisPlatformId>,
    /// Expected outputs (`REWARD_MERKLE_BONUS`, platform rewards).
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "expectOutputLIst")]
    pub expect_output_list: Option<Vec<ExpectOutput>>,
    /// V3 position (`V3_FEE`).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_id: Option<TokenId>,
    /// Principal index (`UNLOCKED_PRINCIPAL`).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub principal_index: Option<FlexText>,
    /// Top-level chain (undocumented; OKX's CLI sends it).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_index: Option<ChainId>,
}

impl BuildClaim {
    /// A claim of `reward_type` for `address`; add the fields the type needs.
    pub fn new(address: impl Into<String>, reward_type: RewardType) -> Self {
        BuildClaim {
            address: address.into(),
            reward_type,
            investment_id: None,
            analysis_platform_id: None,
            expect_output_list: None,
            token_id: None,
            principal_index: None,
            chain_index: None,
        }
    }
}

impl ApiRequest for BuildClaim {
    type Dialect = OkxWeb3Dialect;
    type Response = CallDataList;

    fn endpoint(&self) -> &'static Endpoint {
        &CLAIM
    }

    fn validate(&self) -> Result<()> {
        let need = |ok: bool, field: &str| {
            if ok { Ok(()) } else { Err(Error::invalid_input(field, format!("required for {}", self.reward_type))) }
        };
        // Reference §6 #12: `investmentId` for every reward type but REWARD_PLATFORM.
        if self.reward_type != RewardType::RewardPlatform {
            need(self.investment_id.is_some(), "investmentId")?;
        }
        match self.reward_type {
            RewardType::RewardPlatform => need(self.analysis_platform_id.is_some(), "analysisPlatformId")?,
            RewardType::V3Fee => need(self.token_id.is_some(), "tokenId")?,
            RewardType::UnlockedPrincipal => need(self.principal_index.is_some(), "principalIndex")?,
            RewardType::RewardMerkleBonus => {
                need(self.expect_output_list.as_ref().is_some_and(|l| !l.is_empty()), "expectOutputList")?
            }
            _ => {}
        }
        self.investment_id.as_ref().map(InvestmentId::check).transpose()?;
        self.analysis_platform_id.as_ref().map(AnalysisPlatformId::check).transpose()?;
        self.token_id.as_ref().map(TokenId::check).transpose()?;
        for o in self.expect_output_list.iter().flatten() {
            o.chain_index.check()?;
            check_for_chain("expectOutputList.tokenAddress", &o.chain_index, &o.token_address)?;
        }
        let chain = self
            .chain_index
            .as_ref()
            .or_else(|| self.expect_output_list.iter().flatten().next().map(|o| &o.chain_index));
        check_wallet(&self.address, chain)
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}
