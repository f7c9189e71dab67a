//! Structures both generations share: token rows, approval status, built call data.

use earn_core::{Asset, AssetQuantity, Error, Quantity, Result, TokenAmount, TransactionPurpose, UsdValue};
use serde::{Deserialize, Serialize};

use earn_core::wire::RawJson;

use crate::api::numbers::{DecimalText, NativeValue};
use crate::api::types::{ChainId, FlexBool, FlexUint, InvestmentId, TokenId, nullable};
use crate::dialect::VENUE;

/// A token with an amount (reference §4 "TokenAmount"): `investWithTokenList`,
/// `gainsTokenList`, `receiveTokenInfo`, `receiveTokenList`, `swapFromTokenList`,
/// `mySupply`, balance and position rows.
///
/// `coinAmount` is in human units with `tokenPrecision` decimals; `currencyAmount` is USD
/// with unbounded digits. Both are kept as exact text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenInfo {
    /// Symbol.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_symbol: Option<String>,
    /// Name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_name: Option<String>,
    /// Contract address (the native token is `0xeeee…eeee` on EVM chains).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_address: Option<String>,
    /// Decimals (string in v5, integer in some v6 answers).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_precision: Option<FlexUint>,
    /// Whether it is the chain's native token.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub is_base_token: Option<FlexBool>,
    /// Network name (`ETH`, `BSC`, …).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// v5 chain id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<ChainId>,
    /// v6 chain index.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_index: Option<ChainId>,
    /// Human-unit quantity.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub coin_amount: Option<DecimalText>,
    /// USD valuation.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub currency_amount: Option<DecimalText>,
    /// Subscribe: 0 interest, 1 mining, 2 fees, 3 bonus; redeem: 0 principal, 1 rewards, 2 trading fee, 3 bonus.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub data_type: Option<FlexUint>,
    /// v6: V3 position NFT id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_id: Option<TokenId>,
    /// Logo URL.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_logo: Option<String>,
    /// Block explorer URL (balance list).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub browser_url: Option<String>,
    /// Which action this row's button triggers (reward rows).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub button_type: Option<FlexUint>,
    /// Token price (v6 `aboutToken`).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub price: Option<DecimalText>,
    /// Market capitalisation (v6 `aboutToken`).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub market_cap: Option<DecimalText>,
    /// Product the row belongs to (v6 position rows).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub investment_id: Option<InvestmentId>,
}

impl TokenInfo {
    /// The chain: v5 `chainId` or v6 `chainIndex`.
    pub fn chain(&self) -> Option<&ChainId> {
        self.chain_id.as_ref().or(self.chain_index.as_ref())
    }

    /// The token's decimals, from `tokenPrecision`.
    pub fn decimals(&self) -> Result<u8> {
        let p = self.token_precision.ok_or_else(|| missing("tokenPrecision"))?.get();
        u8::try_from(p)
            .ok()
            .filter(|d| *d <= TokenAmount::MAX_DECIMALS)
            .ok_or_else(|| decode(format!("tokenPrecision {p} is out of range"), ""))
    }

    /// `coinAmount` as exact base units, using `tokenPrecision` (accepts `0E-18`).
    pub fn quantity(&self) -> Result<TokenAmount> {
        let amount = self.coin_amount.as_ref().ok_or_else(|| missing("coinAmount"))?;
        let decimals = self.decimals()?;
        amount
            .to_token_amount(decimals)
            .map_err(|e| decode(format!("coinAmount with {decimals} decimals: {e}"), amount.as_str()))
    }

    /// `currencyAmount` as a [`UsdValue`] (rounded to 28 fractional digits when longer,
    /// flagged as such, original text kept).
    pub fn usd(&self) -> Option<Result<UsdValue>> {
        self.currency_amount
            .as_ref()
            .map(|c| c.to_usd().map_err(|e| decode(format!("currencyAmount: {e}"), c.as_str())))
    }

    /// The row as an [`AssetQuantity`] in exact base units, with its USD value when valid.
    pub fn to_asset_quantity(&self) -> Result<AssetQuantity> {
        let mut q = AssetQuantity::new(
            Asset::new(self.token_symbol.clone().unwrap_or_default()),
            Quantity::Token(self.quantity()?),
        );
        q.value_usd = self.usd().and_then(|r| r.ok());
        Ok(q)
    }
}

fn missing(field: &str) -> Error {
    decode(format!("`{field}` is missing"), "")
}

/// A token row the venue sent that cannot be read as the SDK's types; `text` is the
/// offending value.
fn decode(message: String, text: &str) -> Error {
    Error::decode(VENUE, "token row", message, text.as_bytes())
}

/// Whether a token must be approved before the next step (`approveStatusList[]`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApproveStatus {
    /// Symbol.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_symbol: Option<String>,
    /// Contract address.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_address: Option<String>,
    /// Decimals.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token_precision: Option<FlexUint>,
    /// Whether an approval transaction is needed first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_need_approve: Option<bool>,
    /// The spender to approve.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub approve_address: Option<String>,
    /// Network name.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// v5 chain id.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<ChainId>,
    /// v6 chain index.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_index: Option<ChainId>,
    /// 3 buy authorisation, 4 redeem authorisation, 8 enter farm, 9 leave farm.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub order_type: Option<FlexUint>,
}

/// One unsigned transaction built by the venue (`dataList[]`). Execute strictly in order,
/// stopping at the first failure. Nothing has moved until the wallet signs it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallData {
    /// Sender: the user's wallet.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Target contract.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Native value in base units (`""`, hex or decimal on the wire).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub value: Option<NativeValue>,
    /// Call data: EVM hex, Solana base58, Sui base64 BCS.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub serialized_data: Option<String>,
    /// ABI / metadata as JSON text (EVM).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub original_data: Option<String>,
    /// v5: authorization/subscription/redemption/claim; v6: `APPROVE`, `DEPOSIT`,
    /// `SWAP,DEPOSIT`, `WITHDRAW`, `WITHDRAW,SWAP`.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub call_data_type: Option<String>,
    /// OKX's signature over `to + serializedData + originalData`.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub signature_data: Option<String>,
    /// v6: Aptos transaction payload (JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_payload: Option<RawJson>,
    /// v6: gas for non-EVM chains.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub gas: Option<DecimalText>,
    /// Chain, when the venue says.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_index: Option<ChainId>,
    /// Chain (v5), when the venue says.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<ChainId>,
}

impl CallData {
    /// What this step does, from `callDataType`, else `default` (the endpoint's purpose).
    pub fn purpose(&self, default: TransactionPurpose) -> TransactionPurpose {
        let Some(t) = self.call_data_type.as_deref().filter(|t| !t.is_empty()) else { return default };
        let first = t.split(',').map(|s| s.trim().to_ascii_lowercase()).find(|s| s != "swap");
        match first.as_deref() {
            Some("approve" | "authorization" | "authorize" | "approval") => TransactionPurpose::Approve,
            Some("deposit" | "subscription" | "subscribe" | "enter") => TransactionPurpose::Deposit,
            Some("withdraw" | "redemption" | "redeem" | "exit") => TransactionPurpose::Withdraw,
            Some("claim" | "bonus") => TransactionPurpose::Claim,
            _ => TransactionPurpose::Other(t.to_owned()),
        }
    }

    /// The gas hint as an integer, when given and integral.
    pub fn gas_limit(&self) -> Option<u64> {
        self.gas.as_ref().and_then(|g| g.to_plain().parse().ok())
    }
}

/// `{"dataList": [CallData]}`: what every transaction endpoint returns.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CallDataList {
    /// Steps to sign, in order.
    pub data_list: Vec<CallData>,
}
