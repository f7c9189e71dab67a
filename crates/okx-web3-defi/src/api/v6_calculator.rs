//! v6 prepare and enter calculator (#8, #9).

use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use super::endpoints as ep;
use super::{InvestmentRequest, V6};
use crate::address::check_any;
use crate::client::Validate;
use crate::common::TokenInfo;
use crate::json::OneOrMany;
use crate::numbers::{DecimalText, HumanAmount};
use crate::wire::{InvestmentId, wire_struct};

wire_struct! {
    /// #8 answer: what the product accepts and gives.
    pub struct Prepare {
        /// Tokens accepted.
        invest_with_token_list: Vec<TokenInfo>,
        /// Token received.
        receive_token_info: OneOrMany<TokenInfo>,
        /// Tokens earned.
        gains_token_list: Vec<TokenInfo>,
        /// DEX pool: fee rate.
        fee_rate: DecimalText,
        /// DEX pool: current tick.
        current_tick: DecimalText,
        /// DEX pool: current price.
        current_price: DecimalText,
        /// DEX pool: tick spacing.
        tick_spacing: DecimalText,
        /// DEX pool: the pool's tokens.
        underlying_token_list: Vec<TokenInfo>,
    }
}

/// #9 body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnterInfoRequest {
    /// Product.
    pub investment_id: InvestmentId,
    /// User wallet.
    pub address: String,
    /// Token put in.
    pub input_token_address: String,
    /// Amount, human units.
    pub input_amount: HumanAmount,
    /// Its decimals, as a string.
    pub token_decimal: String,
    /// V3 range lower tick.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tick_lower: Option<i64>,
    /// V3 range upper tick.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tick_upper: Option<i64>,
}

impl Validate for EnterInfoRequest {
    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        check_any("address", &self.address)?;
        check_any("inputTokenAddress", &self.input_token_address)?;
        let decimals = self
            .token_decimal
            .parse::<u8>()
            .map_err(|_| Error::invalid_input("tokenDecimal", "must be the token's decimals (0–77)"))?;
        self.input_amount.check_precision("inputAmount", decimals)?;
        if let (Some(l), Some(u)) = (self.tick_lower, self.tick_upper)
            && l >= u
        {
            return Err(Error::invalid_input("tickLower", "must be below tickUpper"));
        }
        Ok(())
    }
}

wire_struct! {
    /// #9 answer: amounts of each pool token. OKX's code reads `investWithTokenList`, its
    /// CLI reference says `tokenList`; both are kept ([`EnterInfo::tokens`] picks one).
    pub struct EnterInfo {
        /// Amounts (name used by OKX's code).
        invest_with_token_list: Vec<TokenInfo>,
        /// Amounts (name in OKX's CLI reference).
        token_list: Vec<TokenInfo>,
    }
}

impl EnterInfo {
    /// The amounts, from whichever list the venue filled.
    pub fn tokens(&self) -> &[TokenInfo] {
        self.invest_with_token_list.as_deref().filter(|l| !l.is_empty()).or(self.token_list.as_deref()).unwrap_or(&[])
    }
}

impl V6<'_> {
    /// #8 `POST /api/v6/defi/product/detail/prepare`.
    pub async fn prepare(&self, investment_id: &InvestmentId) -> Result<Prepare> {
        self.client.post(&ep::PREPARE, &InvestmentRequest { investment_id: investment_id.clone() }).await
    }

    /// #9 `POST /api/v6/defi/calculator/enter/info`.
    pub async fn enter_info(&self, req: &EnterInfoRequest) -> Result<EnterInfo> {
        self.client.post(&ep::ENTER_INFO, req).await
    }
}
