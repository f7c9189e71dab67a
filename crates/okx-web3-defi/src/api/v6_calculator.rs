//! v6 prepare and enter calculator (reference §6 #8, #9).

use bytes::Bytes;
use earn_core::http::{ApiRequest, Endpoint, json_body};
use earn_core::wire::OneOrMany;
use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::api::address::check_any;
use crate::api::common::TokenInfo;
use crate::api::numbers::{DecimalText, HumanAmount};
use crate::api::types::{InvestmentId, nullable};
use crate::dialect::OkxWeb3Dialect;

/// #8 prepare (tokens accepted and received).
pub(crate) static PREPARE: Endpoint = Endpoint::post("/api/v6/defi/product/detail/prepare");
/// #9 enter calculator.
pub(crate) static ENTER_INFO: Endpoint = Endpoint::post("/api/v6/defi/calculator/enter/info");

/// #8 `POST /api/v6/defi/product/detail/prepare`: the tokens a product accepts and gives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetPrepare {
    /// Product (sent as a string; the doc example's number decodes too).
    pub investment_id: InvestmentId,
}

impl GetPrepare {
    /// What `investment_id` accepts and gives.
    pub fn new(investment_id: InvestmentId) -> Self {
        GetPrepare { investment_id }
    }
}

impl ApiRequest for GetPrepare {
    type Dialect = OkxWeb3Dialect;
    type Response = Prepare;

    fn endpoint(&self) -> &'static Endpoint {
        &PREPARE
    }

    fn validate(&self) -> Result<()> {
        self.investment_id.check()
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}

/// #8 answer: what the product accepts and gives.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Prepare {
    /// Tokens accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invest_with_token_list: Option<Vec<TokenInfo>>,
    /// Token received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receive_token_info: Option<OneOrMany<TokenInfo>>,
    /// Tokens earned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gains_token_list: Option<Vec<TokenInfo>>,
    /// DEX pool: fee rate.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub fee_rate: Option<DecimalText>,
    /// DEX pool: current tick.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub current_tick: Option<DecimalText>,
    /// DEX pool: current price.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub current_price: Option<DecimalText>,
    /// DEX pool: tick spacing.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub tick_spacing: Option<DecimalText>,
    /// DEX pool: the pool's tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub underlying_token_list: Option<Vec<TokenInfo>>,
}

/// #9 `POST /api/v6/defi/calculator/enter/info`: the amounts of each pool token an entry
/// needs (DEX pools).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetEnterInfo {
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

impl ApiRequest for GetEnterInfo {
    type Dialect = OkxWeb3Dialect;
    type Response = EnterInfo;

    fn endpoint(&self) -> &'static Endpoint {
        &ENTER_INFO
    }

    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        check_any("address", &self.address)?;
        check_any("inputTokenAddress", &self.input_token_address)?;
        let decimals = self
            .token_decimal
            .parse::<u8>()
            .map_err(|_| Error::invalid_input("tokenDecimal", "must be the token's decimals (0–77)"))?;
        self.input_amount.check("inputAmount", Some(decimals))?;
        if let (Some(l), Some(u)) = (self.tick_lower, self.tick_upper)
            && l >= u
        {
            return Err(Error::invalid_input("tickLower", "must be below tickUpper"));
        }
        Ok(())
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}

/// #9 answer: amounts of each pool token. OKX's code reads `investWithTokenList`, its
/// CLI reference says `tokenList`; both are kept ([`EnterInfo::tokens`] picks one).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnterInfo {
    /// Amounts (name used by OKX's code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invest_with_token_list: Option<Vec<TokenInfo>>,
    /// Amounts (name in OKX's CLI reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_list: Option<Vec<TokenInfo>>,
}

impl EnterInfo {
    /// The amounts, from whichever list the venue filled.
    pub fn tokens(&self) -> &[TokenInfo] {
        self.invest_with_token_list.as_deref().filter(|l| !l.is_empty()).or(self.token_list.as_deref()).unwrap_or(&[])
    }
}
