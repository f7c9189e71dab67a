//! v5 call-data builders: authorization, subscription, redemption, bonus (#8–#11).
//!
//! These endpoints **build** unsigned transactions; they move nothing.

use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use super::V5;
use super::endpoints as ep;
use crate::address::{check_any, check_opt};
use crate::client::Validate;
use crate::common::{CallDataList, TokenInfo};
use crate::numbers::HumanAmount;
use crate::wire::{ChainId, InvestmentId};

/// A token and amount in `userInputList` / `expectOutputList`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenAmountRequest {
    /// Chain (default: the product's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<ChainId>,
    /// Amount, human units.
    pub coin_amount: HumanAmount,
    /// Token (default: the product's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_address: Option<String>,
}

impl TokenAmountRequest {
    /// `amount` of `token` on `chain`.
    pub fn new(chain: ChainId, token: impl Into<String>, amount: HumanAmount) -> Self {
        TokenAmountRequest { chain_id: Some(chain), coin_amount: amount, token_address: Some(token.into()) }
    }

    /// The same token and amount as a venue row (exact, from `coinAmount` and `tokenPrecision`).
    pub fn from_row(row: &TokenInfo) -> Result<Self> {
        Ok(TokenAmountRequest {
            chain_id: row.chain().cloned(),
            coin_amount: HumanAmount::from_token_amount(&row.quantity()?),
            token_address: row.token_address.clone(),
        })
    }

    fn check(&self, list: &str, need_positive: bool) -> Result<()> {
        if let Some(c) = &self.chain_id {
            c.check()?;
        }
        if need_positive && self.coin_amount.is_zero() {
            return Err(Error::invalid_input(format!("{list}.coinAmount"), "must be greater than zero"));
        }
        check_opt(&format!("{list}.tokenAddress"), self.chain_id.as_ref(), self.token_address.as_deref())
    }
}

/// Authorization `type`: what the approval is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum AuthorizationType {
    /// 3: subscribe.
    Subscribe,
    /// 4: redeem.
    Redeem,
    /// 5: claim.
    Claim,
}

impl From<AuthorizationType> for u8 {
    fn from(t: AuthorizationType) -> u8 {
        match t {
            AuthorizationType::Subscribe => 3,
            AuthorizationType::Redeem => 4,
            AuthorizationType::Claim => 5,
        }
    }
}

impl TryFrom<u8> for AuthorizationType {
    type Error = String;
    fn try_from(v: u8) -> std::result::Result<Self, String> {
        match v {
            3 => Ok(AuthorizationType::Subscribe),
            4 => Ok(AuthorizationType::Redeem),
            5 => Ok(AuthorizationType::Claim),
            _ => Err(format!("authorization type {v} is not 3, 4 or 5")),
        }
    }
}

fn check_wallet(address: &str, inputs: &[TokenAmountRequest]) -> Result<()> {
    let chain = inputs.iter().find_map(|i| i.chain_id.as_ref());
    match chain {
        Some(c) => crate::address::check_for_chain("address", c, address),
        None => check_any("address", address),
    }
}

fn check_extra(extra: Option<&str>) -> Result<()> {
    if let Some(e) = extra
        && serde_json::from_str::<serde::de::IgnoredAny>(e).is_err()
    {
        return Err(Error::invalid_input("extra", "must be JSON text (it is sent as a string inside the body)"));
    }
    Ok(())
}

/// #8 body. `expectOutputLIst` is spelled as Docs-v5 spells it (capital I); both spellings
/// are accepted when decoding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationRequest {
    /// User wallet.
    pub address: String,
    /// Product.
    pub investment_id: InvestmentId,
    /// What the approval is for.
    #[serde(rename = "type")]
    pub kind: AuthorizationType,
    /// Tokens and amounts to approve.
    pub user_input_list: Vec<TokenAmountRequest>,
    /// Expected outputs (optional).
    #[serde(rename = "expectOutputLIst", alias = "expectOutputList", default, skip_serializing_if = "Option::is_none")]
    pub expect_output_list: Option<Vec<TokenAmountRequest>>,
}

impl Validate for AuthorizationRequest {
    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        if self.user_input_list.is_empty() {
            return Err(Error::invalid_input("userInputList", "needs at least one token"));
        }
        self.user_input_list.iter().try_for_each(|i| i.check("userInputList", true))?;
        self.expect_output_list.iter().flatten().try_for_each(|i| i.check("expectOutputLIst", false))?;
        check_wallet(&self.address, &self.user_input_list)
    }
}

/// #9 subscription and #10 redemption body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvestTransactionRequest {
    /// User wallet.
    pub address: String,
    /// Product.
    pub investment_id: InvestmentId,
    /// Tokens and amounts going in (subscription) or being redeemed (redemption).
    pub user_input_list: Vec<TokenAmountRequest>,
    /// Expected outputs (required by Docs-v5).
    #[serde(alias = "expectOutputLIst")]
    pub expect_output_list: Vec<TokenAmountRequest>,
    /// JSON text: `{"rewardAddress":…}` (BTC staking) or
    /// `{"redeemCalldataExtInfo":[{"unstakeIndex":…}]}` (SUI/SOL unstaking).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<String>,
}

impl InvestTransactionRequest {
    /// A request with its inputs and expected outputs.
    pub fn new(
        address: impl Into<String>,
        investment_id: InvestmentId,
        user_input_list: Vec<TokenAmountRequest>,
        expect_output_list: Vec<TokenAmountRequest>,
    ) -> Self {
        InvestTransactionRequest {
            address: address.into(),
            investment_id,
            user_input_list,
            expect_output_list,
            extra: None,
        }
    }

    /// Sets `extra` from any serializable value (sent as JSON text inside a string).
    pub fn extra_json<T: Serialize>(mut self, extra: &T) -> Result<Self> {
        self.extra = Some(
            serde_json::to_string(extra)
                .map_err(|e| Error::invalid_input("extra", format!("cannot serialize: {e}")))?,
        );
        Ok(self)
    }
}

impl Validate for InvestTransactionRequest {
    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        if self.user_input_list.is_empty() {
            return Err(Error::invalid_input("userInputList", "needs at least one token"));
        }
        self.user_input_list.iter().try_for_each(|i| i.check("userInputList", true))?;
        self.expect_output_list.iter().try_for_each(|i| i.check("expectOutputList", false))?;
        check_extra(self.extra.as_deref())?;
        check_wallet(&self.address, &self.user_input_list)
    }
}

/// #11 bonus body: as #9 but the list is spelled `expectOutputLIst` (Docs-v5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BonusRequest {
    /// User wallet.
    pub address: String,
    /// Product.
    pub investment_id: InvestmentId,
    /// Tokens and amounts.
    pub user_input_list: Vec<TokenAmountRequest>,
    /// Expected outputs.
    #[serde(rename = "expectOutputLIst", alias = "expectOutputList")]
    pub expect_output_list: Vec<TokenAmountRequest>,
    /// JSON text: `{"claimIndex": n}` (from #16 `rewardTokenInfos[].claimIndex`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<String>,
}

impl Validate for BonusRequest {
    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        self.user_input_list.iter().try_for_each(|i| i.check("userInputList", false))?;
        self.expect_output_list.iter().try_for_each(|i| i.check("expectOutputLIst", false))?;
        check_extra(self.extra.as_deref())?;
        check_wallet(&self.address, &self.user_input_list)
    }
}

impl V5<'_> {
    /// #8 `POST /api/v5/defi/transaction/authorization`: approval call data.
    pub async fn authorization(&self, req: &AuthorizationRequest) -> Result<CallDataList> {
        self.client.post(&ep::AUTHORIZATION, req).await
    }

    /// #9 `POST /api/v5/defi/transaction/subscription`: subscription call data.
    pub async fn subscription(&self, req: &InvestTransactionRequest) -> Result<CallDataList> {
        self.client.post(&ep::SUBSCRIPTION, req).await
    }

    /// #10 `POST /api/v5/defi/transaction/redemption`: redemption call data.
    pub async fn redemption(&self, req: &InvestTransactionRequest) -> Result<CallDataList> {
        self.client.post(&ep::REDEMPTION, req).await
    }

    /// #11 `POST /api/v5/defi/transaction/bonus`: bonus-claim call data.
    pub async fn bonus(&self, req: &BonusRequest) -> Result<CallDataList> {
        self.client.post(&ep::BONUS, req).await
    }
}
