//! v6 call-data builders: enter, exit, claim (#10–#12). They move nothing.

use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use super::V6;
use super::endpoints as ep;
use crate::address::{check_any, check_for_chain};
use crate::client::Validate;
use crate::common::CallDataList;
use crate::numbers::HumanAmount;
use crate::slippage::Slippage;
use crate::wire::{AnalysisPlatformId, ChainId, FlexText, InvestmentId, TokenId, code_enum};

code_enum! {
    /// `rewardType` of a claim.
    RewardType {
        /// Product rewards (needs `investmentId`).
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_symbol: Option<String>,
    /// Decimals (an integer per Docs-v6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_precision: Option<u8>,
    /// V3 position NFT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_id: Option<TokenId>,
}

impl UserInput {
    fn check(&self, list: &str) -> Result<()> {
        self.chain_index.check()?;
        check_for_chain(&format!("{list}.tokenAddress"), &self.chain_index, &self.token_address)?;
        if let Some(t) = &self.token_id {
            t.check()?;
        }
        match self.token_precision {
            Some(d) => self.coin_amount.check_precision(&format!("{list}.coinAmount"), d).map(|_| ()),
            None if self.coin_amount.is_zero() => {
                Err(Error::invalid_input(format!("{list}.coinAmount"), "must be greater than zero"))
            }
            None => Ok(()),
        }
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

/// #10 body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnterRequest {
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_id: Option<TokenId>,
}

impl Validate for EnterRequest {
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
}

/// #11 body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExitRequest {
    /// Product.
    pub investment_id: InvestmentId,
    /// User wallet.
    pub address: String,
    /// Fraction to redeem, `0 < p ≤ 1` (`"1"` = all; recommended: the call then uses
    /// `MAX_UINT256` and suits rebasing tokens).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeem_percent: Option<String>,
    /// LP token (farm/V2) or target token with its amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_input_list: Option<Vec<UserInput>>,
    /// V3 position (required for V3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_id: Option<TokenId>,
    /// Slippage fraction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slippage: Option<Slippage>,
}

impl Validate for ExitRequest {
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
}

/// #12 body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimRequest {
    /// User wallet.
    pub address: String,
    /// What to claim.
    pub reward_type: RewardType,
    /// Product (all but `REWARD_PLATFORM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investment_id: Option<InvestmentId>,
    /// Platform (`REWARD_PLATFORM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis_platform_id: Option<AnalysisPlatformId>,
    /// Expected outputs (`REWARD_MERKLE_BONUS`, platform rewards).
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "expectOutputLIst")]
    pub expect_output_list: Option<Vec<ExpectOutput>>,
    /// V3 position (`V3_FEE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_id: Option<TokenId>,
    /// Principal index (`UNLOCKED_PRINCIPAL`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_index: Option<FlexText>,
    /// Top-level chain (undocumented; OKX's CLI sends it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_index: Option<ChainId>,
}

impl ClaimRequest {
    /// A claim of `reward_type` for `address`; add the fields the type needs.
    pub fn new(address: impl Into<String>, reward_type: RewardType) -> Self {
        ClaimRequest {
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

impl Validate for ClaimRequest {
    fn validate(&self) -> Result<()> {
        let need = |ok: bool, field: &str| {
            if ok { Ok(()) } else { Err(Error::invalid_input(field, format!("required for {}", self.reward_type))) }
        };
        match self.reward_type {
            RewardType::RewardPlatform => need(self.analysis_platform_id.is_some(), "analysisPlatformId")?,
            RewardType::V3Fee => {
                need(self.investment_id.is_some(), "investmentId")?;
                need(self.token_id.is_some(), "tokenId")?;
            }
            RewardType::UnlockedPrincipal => need(self.principal_index.is_some(), "principalIndex")?,
            RewardType::RewardMerkleBonus => {
                need(self.investment_id.is_some(), "investmentId")?;
                need(self.expect_output_list.as_ref().is_some_and(|l| !l.is_empty()), "expectOutputList")?;
            }
            _ => need(self.investment_id.is_some(), "investmentId")?,
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
}

impl V6<'_> {
    /// #10 `POST /api/v6/defi/transaction/enter`: deposit call data.
    pub async fn enter(&self, req: &EnterRequest) -> Result<CallDataList> {
        self.client.post(&ep::ENTER, req).await
    }

    /// #11 `POST /api/v6/defi/transaction/exit`: withdrawal call data.
    pub async fn exit(&self, req: &ExitRequest) -> Result<CallDataList> {
        self.client.post(&ep::EXIT, req).await
    }

    /// #12 `POST /api/v6/defi/transaction/claim`: claim call data.
    pub async fn claim(&self, req: &ClaimRequest) -> Result<CallDataList> {
        self.client.post(&ep::CLAIM, req).await
    }
}
