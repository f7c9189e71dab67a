//! Structures both generations share: token rows, approval status, built call data.

use earn_core::{Asset, AssetQuantity, Error, Quantity, Result, TokenAmount, TransactionPurpose, UsdValue};
use serde::{Deserialize, Serialize};

use crate::VENUE;
use crate::json::RawJson;
use crate::numbers::{DecimalText, NativeValue};
use crate::wire::{ChainId, FlexBool, FlexUint, InvestmentId, TokenId, wire_struct};

wire_struct! {
    /// A token with an amount (reference §4 "TokenAmount"): `investWithTokenList`,
    /// `gainsTokenList`, `receiveTokenInfo`, `receiveTokenList`, `swapFromTokenList`,
    /// `mySupply`, balance and position rows.
    ///
    /// `coinAmount` is in human units with `tokenPrecision` decimals; `currencyAmount` is USD
    /// with unbounded digits. Both are kept as exact text.
    pub struct TokenInfo {
        /// Symbol.
        token_symbol: String,
        /// Name.
        token_name: String,
        /// Contract address (the native token is `0xeeee…eeee` on EVM chains).
        token_address: String,
        /// Decimals (string in v5, integer in some v6 answers).
        token_precision: FlexUint,
        /// Whether it is the chain's native token.
        is_base_token: FlexBool,
        /// Network name (`ETH`, `BSC`, …).
        network: String,
        /// v5 chain id.
        chain_id: ChainId,
        /// v6 chain index.
        chain_index: ChainId,
        /// Human-unit quantity.
        coin_amount: DecimalText,
        /// USD valuation.
        currency_amount: DecimalText,
        /// Subscribe: 0 interest, 1 mining, 2 fees, 3 bonus; redeem: 0 principal, 1 rewards, 2 trading fee, 3 bonus.
        data_type: FlexUint,
        /// v6: V3 position NFT id.
        token_id: TokenId,
        /// Logo URL.
        token_logo: String,
        /// Block explorer URL (balance list).
        browser_url: String,
        /// Which action this row's button triggers (reward rows).
        button_type: FlexUint,
        /// Token price (v6 `aboutToken`).
        price: DecimalText,
        /// Market capitalisation (v6 `aboutToken`).
        market_cap: DecimalText,
        /// Product the row belongs to (v6 position rows).
        investment_id: InvestmentId,
    }
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
            .ok_or_else(|| decode(format!("tokenPrecision {p} is out of range")))
    }

    /// `coinAmount` as exact base units, using `tokenPrecision` (accepts `0E-18`).
    pub fn quantity(&self) -> Result<TokenAmount> {
        let amount = self.coin_amount.as_ref().ok_or_else(|| missing("coinAmount"))?;
        let decimals = self.decimals()?;
        amount
            .to_token_amount(decimals)
            .map_err(|e| decode(format!("coinAmount {amount} with {decimals} decimals: {e}")))
    }

    /// `currencyAmount` as a [`UsdValue`] (rounded to 28 fractional digits when longer,
    /// flagged as such, original text kept).
    pub fn usd(&self) -> Option<Result<UsdValue>> {
        self.currency_amount.as_ref().map(|c| c.to_usd().map_err(|e| decode(format!("currencyAmount {c}: {e}"))))
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

pub(crate) fn missing(field: &str) -> Error {
    decode(format!("`{field}` is missing"))
}

pub(crate) fn decode(message: String) -> Error {
    Error::Decode { venue: VENUE, endpoint: String::new(), message, excerpt: String::new() }
}

wire_struct! {
    /// Whether a token must be approved before the next step (`approveStatusList[]`).
    pub struct ApproveStatus {
        /// Symbol.
        token_symbol: String,
        /// Contract address.
        token_address: String,
        /// Decimals.
        token_precision: FlexUint,
        /// Whether an approval transaction is needed first.
        is_need_approve: bool,
        /// The spender to approve.
        approve_address: String,
        /// Network name.
        network: String,
        /// v5 chain id.
        chain_id: ChainId,
        /// v6 chain index.
        chain_index: ChainId,
        /// 3 buy authorisation, 4 redeem authorisation, 8 enter farm, 9 leave farm.
        order_type: FlexUint,
    }
}

wire_struct! {
    /// One unsigned transaction built by the venue (`dataList[]`). Execute strictly in order,
    /// stopping at the first failure. Nothing has moved until the wallet signs it.
    pub struct CallData {
        /// Sender: the user's wallet.
        from: String,
        /// Target contract.
        to: String,
        /// Native value in base units (`""`, hex or decimal on the wire).
        value: NativeValue,
        /// Call data: EVM hex, Solana base58, Sui base64 BCS.
        serialized_data: String,
        /// ABI / metadata as JSON text (EVM).
        original_data: String,
        /// v5: authorization/subscription/redemption/claim; v6: `APPROVE`, `DEPOSIT`,
        /// `SWAP,DEPOSIT`, `WITHDRAW`, `WITHDRAW,SWAP`.
        call_data_type: String,
        /// OKX's signature over `to + serializedData + originalData`.
        signature_data: String,
        /// v6: Aptos transaction payload (JSON).
        transaction_payload: RawJson,
        /// v6: gas for non-EVM chains.
        gas: DecimalText,
        /// Chain, when the venue says.
        chain_index: ChainId,
        /// Chain (v5), when the venue says.
        chain_id: ChainId,
    }
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
