//! v5 call-data builders: authorization, subscription, redemption, bonus (reference §5
//! #8–#11).
//!
//! These endpoints **build** unsigned transactions; they move nothing, so for the executor
//! they are reads (safe to repeat).

use bytes::Bytes;
use earn_core::http::{ApiRequest, Endpoint, json_body};
use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::api::address::{check_any, check_for_chain, check_opt};
use crate::api::common::{CallDataList, TokenInfo};
use crate::api::numbers::HumanAmount;
use crate::api::types::{ChainId, InvestmentId, nullable};
use crate::dialect::OkxWeb3Dialect;

/// #8 authorization (approve) call data.
pub(crate) static AUTHORIZATION: Endpoint = Endpoint::post("/api/v5/defi/transaction/authorization");
/// #9 subscription call data.
pub(crate) static SUBSCRIPTION: Endpoint = Endpoint::post("/api/v5/defi/transaction/subscription");
/// #10 redemption call data.
pub(crate) static REDEMPTION: Endpoint = Endpoint::post("/api/v5/defi/transaction/redemption");
/// #11 bonus claim call data.
pub(crate) static BONUS: Endpoint = Endpoint::post("/api/v5/defi/transaction/bonus");

/// A token and amount in `userInputList` / `expectOutputList`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenAmountInput {
    /// Chain (default: the product's).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<ChainId>,
    /// Amount, human units.
    pub coin_amount: HumanAmount,
    /// Token (default: the product's).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_address: Option<String>,
}

impl TokenAmountInput {
    /// `amount` of `token` on `chain`.
    pub fn new(chain: ChainId, token: impl Into<String>, amount: HumanAmount) -> Self {
        TokenAmountInput { chain_id: Some(chain), coin_amount: amount, token_address: Some(token.into()) }
    }

    /// The same token and amount as a venue row (exact, from `coinAmount` and `tokenPrecision`).
    pub fn from_row(row: &TokenInfo) -> Result<Self> {
        Ok(TokenAmountInput {
            chain_id: row.chain().cloned(),
            coin_amount: HumanAmount::from_token_amount(&row.quantity()?),
            token_address: row.token_address.clone(),
        })
    }

    /// Checks the chain, the token address on it and, for inputs, the amount (> 0; any
    /// amount is below 2²⁵⁶ by construction of [`HumanAmount`]).
    fn check(&self, list: &str, input: bool) -> Result<()> {
        if let Some(c) = &self.chain_id {
            c.check()?;
        }
        if input {
            self.coin_amount.check(&format!("{list}.coinAmount"), None)?;
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

fn check_wallet(address: &str, inputs: &[TokenAmountInput]) -> Result<()> {
    let chain = inputs.iter().find_map(|i| i.chain_id.as_ref());
    match chain {
        Some(c) => check_for_chain("address", c, address),
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

/// #8 `POST /api/v5/defi/transaction/authorization`: the approval call data a subscription,
/// redemption or claim needs first. `expectOutputLIst` is spelled as Docs-v5 spells it
/// (capital I); both spellings are accepted when decoding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildAuthorization {
    /// User wallet.
    pub address: String,
    /// Product.
    pub investment_id: InvestmentId,
    /// What the approval is for.
    #[serde(rename = "type")]
    pub kind: AuthorizationType,
    /// Tokens and amounts to approve.
    pub user_input_list: Vec<TokenAmountInput>,
    /// Expected outputs (optional).
    #[serde(rename = "expectOutputLIst", alias = "expectOutputList", default, skip_serializing_if = "Option::is_none")]
    pub expect_output_list: Option<Vec<TokenAmountInput>>,
}

impl ApiRequest for BuildAuthorization {
    type Dialect = OkxWeb3Dialect;
    type Response = CallDataList;

    fn endpoint(&self) -> &'static Endpoint {
        &AUTHORIZATION
    }

    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        if self.user_input_list.is_empty() {
            return Err(Error::invalid_input("userInputList", "needs at least one token"));
        }
        self.user_input_list.iter().try_for_each(|i| i.check("userInputList", true))?;
        self.expect_output_list.iter().flatten().try_for_each(|i| i.check("expectOutputLIst", false))?;
        check_wallet(&self.address, &self.user_input_list)
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}

/// Which of the two same-shaped call-data builders a [`BuildInvestTransaction`] calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InvestDirection {
    /// #9 `transaction/subscription`: money goes in.
    Subscription,
    /// #10 `transaction/redemption`: money comes out.
    Redemption,
}

/// #9 `POST /api/v5/defi/transaction/subscription` and #10 `POST
/// /api/v5/defi/transaction/redemption` (one body shape; [`direction`](Self::direction)
/// picks the endpoint): the unsigned call data of a subscription or a redemption.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildInvestTransaction {
    /// Subscription or redemption (not sent: it selects the endpoint).
    #[serde(skip)]
    pub direction: InvestDirection,
    /// User wallet.
    pub address: String,
    /// Product.
    pub investment_id: InvestmentId,
    /// Tokens and amounts going in (subscription) or being redeemed (redemption).
    pub user_input_list: Vec<TokenAmountInput>,
    /// Expected outputs (required by Docs-v5).
    pub expect_output_list: Vec<TokenAmountInput>,
    /// JSON text: `{"rewardAddress":…}` (BTC staking) or
    /// `{"redeemCalldataExtInfo":[{"unstakeIndex":…}]}` (SUI/SOL unstaking).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<String>,
}

impl BuildInvestTransaction {
    /// A subscription (#9) with its inputs and expected outputs.
    pub fn subscription(
        address: impl Into<String>,
        investment_id: InvestmentId,
        user_input_list: Vec<TokenAmountInput>,
        expect_output_list: Vec<TokenAmountInput>,
    ) -> Self {
        BuildInvestTransaction {
            direction: InvestDirection::Subscription,
            address: address.into(),
            investment_id,
            user_input_list,
            expect_output_list,
            extra: None,
        }
    }

    /// A redemption (#10) with its inputs and expected outputs.
    pub fn redemption(
        address: impl Into<String>,
        investment_id: InvestmentId,
        user_input_list: Vec<TokenAmountInput>,
        expect_output_list: Vec<TokenAmountInput>,
    ) -> Self {
        BuildInvestTransaction {
            direction: InvestDirection::Redemption,
            ..Self::subscription(address, investment_id, user_input_list, expect_output_list)
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

impl ApiRequest for BuildInvestTransaction {
    type Dialect = OkxWeb3Dialect;
    type Response = CallDataList;

    fn endpoint(&self) -> &'static Endpoint {
        match self.direction {
            InvestDirection::Subscription => &SUBSCRIPTION,
            InvestDirection::Redemption => &REDEMPTION,
        }
    }

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

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}

/// #11 `POST /api/v5/defi/transaction/bonus`: the call data of a bonus claim. As #9, but
/// the list is spelled `expectOutputLIst` (Docs-v5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildBonusClaim {
    /// User wallet.
    pub address: String,
    /// Product.
    pub investment_id: InvestmentId,
    /// Tokens and amounts.
    pub user_input_list: Vec<TokenAmountInput>,
    /// Expected outputs.
    #[serde(rename = "expectOutputLIst", alias = "expectOutputList")]
    pub expect_output_list: Vec<TokenAmountInput>,
    /// JSON text: `{"claimIndex": n}` (from #16 `rewardTokenInfos[].claimIndex`).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub extra: Option<String>,
}

impl ApiRequest for BuildBonusClaim {
    type Dialect = OkxWeb3Dialect;
    type Response = CallDataList;

    fn endpoint(&self) -> &'static Endpoint {
        &BONUS
    }

    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        self.user_input_list.iter().try_for_each(|i| i.check("userInputList", false))?;
        self.expect_output_list.iter().try_for_each(|i| i.check("expectOutputLIst", false))?;
        check_extra(self.extra.as_deref())?;
        check_wallet(&self.address, &self.user_input_list)
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}
