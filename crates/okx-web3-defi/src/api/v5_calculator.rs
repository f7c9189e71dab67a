//! v5 calculators: subscription and redemption estimates (reference §5 #6, #7).

use bytes::Bytes;
use earn_core::http::{ApiRequest, Endpoint, json_body};
use earn_core::wire::{OneOrMany, RawJson};
use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::api::address::check_any;
use crate::api::common::{ApproveStatus, TokenInfo};
use crate::api::numbers::{DecimalText, HumanAmount, Slippage, slippage_or_empty};
use crate::api::types::{FlexBool, InvestmentId, nullable};
use crate::api::v5_explore::InvestmentCategory;
use crate::dialect::OkxWeb3Dialect;

/// #6 subscription estimate.
pub(crate) static SUBSCRIBE_INFO: Endpoint = Endpoint::post("/api/v5/defi/calculator/subscribe-info");
/// #7 redemption estimate.
pub(crate) static REDEEM_INFO: Endpoint = Endpoint::post("/api/v5/defi/calculator/redeem-info");

/// #6 `POST /api/v5/defi/calculator/subscribe-info`: what investing an amount would give,
/// cost and need approved. Fields in the venue's alphabetical order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetSubscribeInfo {
    /// User wallet (optional).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Amount to invest, human units.
    pub input_amount: HumanAmount,
    /// Token to invest.
    pub input_token_address: String,
    /// Category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investment_category: Option<InvestmentCategory>,
    /// Product.
    pub investment_id: InvestmentId,
    /// Single-token (`true`) or multi-token investment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_single: Option<bool>,
    /// Slippage fraction; `""` (venue default, 1 %) when `None`.
    #[serde(default, with = "slippage_or_empty")]
    pub slippage: Option<Slippage>,
}

impl GetSubscribeInfo {
    /// Estimate investing `amount` of `token` into `investment_id`.
    pub fn new(investment_id: InvestmentId, token: impl Into<String>, amount: HumanAmount) -> Self {
        GetSubscribeInfo {
            address: None,
            input_amount: amount,
            input_token_address: token.into(),
            investment_category: None,
            investment_id,
            is_single: None,
            slippage: None,
        }
    }
}

impl ApiRequest for GetSubscribeInfo {
    type Dialect = OkxWeb3Dialect;
    type Response = SubscribeInfo;

    fn endpoint(&self) -> &'static Endpoint {
        &SUBSCRIBE_INFO
    }

    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        self.input_amount.check("inputAmount", None)?;
        check_any("inputTokenAddress", &self.input_token_address)?;
        self.address.as_deref().map(|a| check_any("address", a)).transpose().map(|_| ())
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}

/// #6 answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscribeInfo {
    /// Validator (super node) name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub validator_name: Option<String>,
    /// Whether subscribing is allowed now.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub is_allow_subscribe: Option<FlexBool>,
    /// Estimated gas limit (gas units).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub estimate_gas_fee: Option<DecimalText>,
    /// Whether the investment swaps first.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub is_swap_invest: Option<FlexBool>,
    /// Exchange rate.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub exchange_rate: Option<DecimalText>,
    /// Tokens invested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invest_with_token_list: Option<Vec<TokenInfo>>,
    /// Tokens earned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gains_token_list: Option<Vec<TokenInfo>>,
    /// Token received (an object; the table says array — both accepted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receive_token_info: Option<OneOrMany<TokenInfo>>,
    /// Approvals needed first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approve_status_list: Option<Vec<ApproveStatus>>,
}

/// #7 `POST /api/v5/defi/calculator/redeem-info`: what redeeming an amount would give.
/// Fields exactly as the seed sends them (alphabetical order, undocumented
/// `outputTokenDecimal` and `redeemId` included).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetRedeemInfo {
    /// User wallet (optional).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Amount to redeem, human units.
    pub input_token_amount: HumanAmount,
    /// Category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investment_category: Option<InvestmentCategory>,
    /// Product.
    pub investment_id: InvestmentId,
    /// Single-token or multi-token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_single: Option<bool>,
    /// Token to receive.
    pub output_token_address: String,
    /// Decimals of the output token (undocumented, sent by the doc example).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub output_token_decimal: Option<String>,
    /// Redemption id (undocumented, `""` in the doc example).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub redeem_id: Option<String>,
    /// Slippage fraction; `""` (venue default) when `None`.
    #[serde(default, with = "slippage_or_empty")]
    pub slippage: Option<Slippage>,
}

impl GetRedeemInfo {
    /// Estimate redeeming `amount` from `investment_id` into `output_token`.
    pub fn new(investment_id: InvestmentId, output_token: impl Into<String>, amount: HumanAmount) -> Self {
        GetRedeemInfo {
            address: None,
            input_token_amount: amount,
            investment_category: None,
            investment_id,
            is_single: None,
            output_token_address: output_token.into(),
            output_token_decimal: None,
            redeem_id: None,
            slippage: None,
        }
    }
}

impl ApiRequest for GetRedeemInfo {
    type Dialect = OkxWeb3Dialect;
    type Response = RedeemInfo;

    fn endpoint(&self) -> &'static Endpoint {
        &REDEEM_INFO
    }

    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        self.input_token_amount.check("inputTokenAmount", None)?;
        check_any("outputTokenAddress", &self.output_token_address)?;
        if let Some(d) = &self.output_token_decimal
            && !(d.is_empty() || d.parse::<u8>().is_ok_and(|n| n <= 77))
        {
            return Err(Error::invalid_input("outputTokenDecimal", "must be a decimals count 0–77"));
        }
        self.address.as_deref().map(|a| check_any("address", a)).transpose().map(|_| ())
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }
}

/// #7 answer (the seed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RedeemInfo {
    /// Whether redeeming is allowed now.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub is_allow_redeem: Option<FlexBool>,
    /// Estimated gas limit (gas units).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub estimate_gas_fee: Option<DecimalText>,
    /// Whether it swaps on the way out.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub is_swap_invest: Option<FlexBool>,
    /// USD value of the input (unbounded digits).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub input_currency_amount: Option<DecimalText>,
    /// Tokens received (with `dataType`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receive_token_list: Option<Vec<TokenInfo>>,
    /// Tokens swapped from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub swap_from_token_list: Option<Vec<TokenInfo>>,
    /// What is redeemable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub my_supply: Option<TokenInfo>,
    /// Approvals needed first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approve_status_list: Option<Vec<ApproveStatus>>,
    /// Orders with `redeemExtra` for #10 `extra` (third-party sources only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invest_order_list: Option<Vec<InvestOrder>>,
}

/// An order with the data #10's `extra` needs (third-party sources only).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvestOrder {
    /// Kept verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeem_extra: Option<RawJson>,
}
