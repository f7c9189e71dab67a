//! v5 calculators: subscription and redemption estimates (#6, #7).

use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use super::V5;
use super::endpoints as ep;
use super::explore::InvestmentCategory;
use crate::address::check_any;
use crate::client::Validate;
use crate::common::{ApproveStatus, TokenInfo};
use crate::json::{OneOrMany, RawJson};
use crate::numbers::{DecimalText, HumanAmount};
use crate::slippage::{Slippage, slippage_or_empty};
use crate::wire::{FlexBool, InvestmentId, wire_struct};

/// #6 body. Fields in the venue's alphabetical order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscribeInfoRequest {
    /// User wallet (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

impl SubscribeInfoRequest {
    /// Estimate investing `amount` of `token` into `investment_id`.
    pub fn new(investment_id: InvestmentId, token: impl Into<String>, amount: HumanAmount) -> Self {
        SubscribeInfoRequest {
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

impl Validate for SubscribeInfoRequest {
    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        if self.input_amount.is_zero() {
            return Err(Error::invalid_input("inputAmount", "must be greater than zero"));
        }
        check_any("inputTokenAddress", &self.input_token_address)?;
        self.address.as_deref().map(|a| check_any("address", a)).transpose().map(|_| ())
    }
}

wire_struct! {
    /// #6 answer.
    pub struct SubscribeInfo {
        /// Validator (super node) name.
        validator_name: String,
        /// Whether subscribing is allowed now.
        is_allow_subscribe: FlexBool,
        /// Estimated gas limit (gas units).
        estimate_gas_fee: DecimalText,
        /// Whether the investment swaps first.
        is_swap_invest: FlexBool,
        /// Exchange rate.
        exchange_rate: DecimalText,
        /// Tokens invested.
        invest_with_token_list: Vec<TokenInfo>,
        /// Tokens earned.
        gains_token_list: Vec<TokenInfo>,
        /// Token received (an object; the table says array — both accepted).
        receive_token_info: OneOrMany<TokenInfo>,
        /// Approvals needed first.
        approve_status_list: Vec<ApproveStatus>,
    }
}

/// #7 body, exactly as the seed sends it (alphabetical order, undocumented
/// `outputTokenDecimal` and `redeemId` included).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RedeemInfoRequest {
    /// User wallet (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_token_decimal: Option<String>,
    /// Redemption id (undocumented, `""` in the doc example).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeem_id: Option<String>,
    /// Slippage fraction; `""` (venue default) when `None`.
    #[serde(default, with = "slippage_or_empty")]
    pub slippage: Option<Slippage>,
}

impl RedeemInfoRequest {
    /// Estimate redeeming `amount` from `investment_id` into `output_token`.
    pub fn new(investment_id: InvestmentId, output_token: impl Into<String>, amount: HumanAmount) -> Self {
        RedeemInfoRequest {
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

impl Validate for RedeemInfoRequest {
    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        if self.input_token_amount.is_zero() {
            return Err(Error::invalid_input("inputTokenAmount", "must be greater than zero"));
        }
        check_any("outputTokenAddress", &self.output_token_address)?;
        if let Some(d) = &self.output_token_decimal
            && !(d.is_empty() || d.parse::<u8>().is_ok_and(|n| n <= 77))
        {
            return Err(Error::invalid_input("outputTokenDecimal", "must be a decimals count 0–77"));
        }
        self.address.as_deref().map(|a| check_any("address", a)).transpose().map(|_| ())
    }
}

wire_struct! {
    /// #7 answer (the seed).
    pub struct RedeemInfo {
        /// Whether redeeming is allowed now.
        is_allow_redeem: FlexBool,
        /// Estimated gas limit (gas units).
        estimate_gas_fee: DecimalText,
        /// Whether it swaps on the way out.
        is_swap_invest: FlexBool,
        /// USD value of the input (unbounded digits).
        input_currency_amount: DecimalText,
        /// Tokens received (with `dataType`).
        receive_token_list: Vec<TokenInfo>,
        /// Tokens swapped from.
        swap_from_token_list: Vec<TokenInfo>,
        /// What is redeemable.
        my_supply: TokenInfo,
        /// Approvals needed first.
        approve_status_list: Vec<ApproveStatus>,
        /// Orders with `redeemExtra` for #10 `extra` (third-party sources only).
        invest_order_list: Vec<InvestOrder>,
    }
}

wire_struct! {
    /// An order with the data #10's `extra` needs (third-party sources only).
    pub struct InvestOrder {
        /// Kept verbatim.
        redeem_extra: RawJson,
    }
}

impl V5<'_> {
    /// #6 `POST /api/v5/defi/calculator/subscribe-info`.
    pub async fn subscribe_info(&self, req: &SubscribeInfoRequest) -> Result<SubscribeInfo> {
        self.client.post(&ep::SUBSCRIBE_INFO, req).await
    }

    /// #7 `POST /api/v5/defi/calculator/redeem-info`.
    pub async fn redeem_info(&self, req: &RedeemInfoRequest) -> Result<RedeemInfo> {
        self.client.post(&ep::REDEEM_INFO, req).await
    }
}
