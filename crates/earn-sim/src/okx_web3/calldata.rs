//! Unsigned transaction builders: ABI-encoded EVM calls and Solana transactions.

use earn_core::{TokenAmount, U256};
use serde_json::{Value, json};

use super::base58;
use super::catalog::{Product, Protocol, Token};
use super::envelope::ApiError;
use super::keccak::{keccak256, selector};

/// Lido withdrawal queue (spender of stETH for redemptions).
const LIDO_WITHDRAWAL_QUEUE: &str = "0x889edc2edab5f40e902b864ad4d7ade8e412f9b1";
/// Compound V3 rewards contract on Optimism.
const COMET_REWARDS: &str = "0x443ea0340cb75a160f31a440722dec7b5bc3c2e9";
/// SPL stake-pool instruction tags.
const DEPOSIT_SOL: u8 = 14;
const WITHDRAW_SOL: u8 = 16;

/// What a call does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Approve,
    Deposit,
    Withdraw,
    Claim,
}

/// One unsigned call of a `dataList`.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    from: String,
    to: String,
    /// Native value in wei / lamports.
    value: U256,
    serialized: String,
    original: String,
    kind: Kind,
}

impl Call {
    /// v5 rendering: decimal `value` ("" when zero), lower-case `callDataType` words.
    pub(crate) fn v5_json(&self) -> Value {
        let kind = match self.kind {
            Kind::Approve => "authorization",
            Kind::Deposit => "subscription",
            Kind::Withdraw => "redemption",
            Kind::Claim => "claim",
        };
        let value = if self.value.is_zero() { String::new() } else { self.value.to_string() };
        self.json(value, kind)
    }

    /// v6 rendering: hex `value`, `APPROVE`/`DEPOSIT`/`WITHDRAW`/`CLAIM`.
    pub(crate) fn v6_json(&self) -> Value {
        let kind = match self.kind {
            Kind::Approve => "APPROVE",
            Kind::Deposit => "DEPOSIT",
            Kind::Withdraw => "WITHDRAW",
            Kind::Claim => "CLAIM",
        };
        self.json(format!("{:#x}", self.value), kind)
    }

    fn json(&self, value: String, kind: &str) -> Value {
        json!({
            "from": self.from,
            "to": self.to,
            "value": value,
            "serializedData": self.serialized,
            "originalData": self.original,
            "callDataType": kind,
            "signatureData": self.signature(),
        })
    }

    /// A simulator signature over `to + serializedData + originalData` (65 bytes, hex);
    /// OKX's signing key is not published, so it only has the right shape.
    fn signature(&self) -> String {
        let message = [self.to.as_bytes(), self.serialized.as_bytes(), self.original.as_bytes()].concat();
        let r = keccak256(&[b"earn-sim okx-web3".as_slice(), &message].concat());
        let s = keccak256(&r);
        format!("0x{}{}1b", hex::encode(r), hex::encode(s))
    }
}

/// An ABI argument.
enum Arg<'a> {
    Address(&'a str),
    Uint(U256),
    Bool(bool),
    /// A one-element `uint256[]`.
    UintArray1(U256),
}

fn word_address(address: &str) -> [u8; 32] {
    let mut word = [0u8; 32];
    if let Ok(bytes) = hex::decode(address.trim_start_matches("0x"))
        && bytes.len() == 20
    {
        word[12..].copy_from_slice(&bytes);
    }
    word
}

fn word_uint(value: U256) -> [u8; 32] {
    value.to_be_bytes::<32>()
}

/// `selector(signature) ++ head ++ tail` per the Solidity ABI.
fn encode(signature: &str, args: &[Arg<'_>]) -> String {
    let mut head = Vec::with_capacity(32 * args.len());
    let mut tail = Vec::new();
    for arg in args {
        match arg {
            Arg::Address(a) => head.extend_from_slice(&word_address(a)),
            Arg::Uint(v) => head.extend_from_slice(&word_uint(*v)),
            Arg::Bool(b) => head.extend_from_slice(&word_uint(U256::from(u8::from(*b)))),
            Arg::UintArray1(v) => {
                let offset = 32 * args.len() + tail.len();
                head.extend_from_slice(&word_uint(U256::from(offset)));
                tail.extend_from_slice(&word_uint(U256::from(1u8)));
                tail.extend_from_slice(&word_uint(*v));
            }
        }
    }
    format!("0x{}{}{}", hex::encode(selector(signature)), hex::encode(head), hex::encode(tail))
}

fn evm(from: &str, to: &str, value: U256, signature: &str, args: &[Arg<'_>], kind: Kind) -> Call {
    let rendered: Vec<String> = args
        .iter()
        .map(|a| match a {
            Arg::Address(a) => (*a).to_owned(),
            Arg::Uint(v) => v.to_string(),
            Arg::Bool(b) => b.to_string(),
            Arg::UintArray1(v) => format!("[{v}]"),
        })
        .collect();
    let original =
        json!({"methodId": format!("0x{}", hex::encode(selector(signature))), "method": signature, "params": rendered});
    Call {
        from: from.to_owned(),
        to: to.to_owned(),
        value,
        serialized: encode(signature, args),
        original: original.to_string(),
        kind,
    }
}

/// `approve(spender, amount)` on `token`.
pub(crate) fn approve(from: &str, token: &Token, spender: &str, amount: U256) -> Call {
    evm(
        from,
        token.address,
        U256::ZERO,
        "approve(address,uint256)",
        &[Arg::Address(spender), Arg::Uint(amount)],
        Kind::Approve,
    )
}

/// The ERC-20 a deposit spends and its spender, or `None` for native-coin deposits.
pub(crate) fn deposit_spender(product: &Product) -> Option<(&'static Token, &'static str)> {
    (!product.underlying.is_native && product.protocol != Protocol::SplStakePool)
        .then_some((product.underlying, product.contract))
}

/// The position token a redemption spends and its spender, if it needs an approval.
pub(crate) fn redeem_spender(product: &Product) -> Option<(&'static Token, &'static str)> {
    (product.protocol == Protocol::Lido).then_some((product.receive, LIDO_WITHDRAWAL_QUEUE))
}

/// Deposit `amount` (underlying units) into the product.
pub(crate) fn deposit(product: &Product, from: &str, amount: &TokenAmount, now_ms: i64) -> Result<Call, ApiError> {
    let units = amount.base_units();
    let asset = product.underlying.address;
    Ok(match product.protocol {
        Protocol::AaveV3 => evm(
            from,
            product.contract,
            U256::ZERO,
            "supply(address,uint256,address,uint16)",
            &[Arg::Address(asset), Arg::Uint(units), Arg::Address(from), Arg::Uint(U256::ZERO)],
            Kind::Deposit,
        ),
        Protocol::CompoundV3 => evm(
            from,
            product.contract,
            U256::ZERO,
            "supply(address,uint256)",
            &[Arg::Address(asset), Arg::Uint(units)],
            Kind::Deposit,
        ),
        Protocol::Lido => {
            evm(from, product.contract, units, "submit(address)", &[Arg::Address(&zero_address())], Kind::Deposit)
        }
        Protocol::SplStakePool => solana(product, from, DEPOSIT_SOL, units, now_ms, Kind::Deposit)?,
    })
}

/// Withdraw `units` of the position (position-token units; `U256::MAX` = everything).
pub(crate) fn withdraw(product: &Product, from: &str, units: U256, now_ms: i64) -> Result<Call, ApiError> {
    let asset = product.underlying.address;
    Ok(match product.protocol {
        Protocol::AaveV3 => evm(
            from,
            product.contract,
            U256::ZERO,
            "withdraw(address,uint256,address)",
            &[Arg::Address(asset), Arg::Uint(units), Arg::Address(from)],
            Kind::Withdraw,
        ),
        Protocol::CompoundV3 => evm(
            from,
            product.contract,
            U256::ZERO,
            "withdraw(address,uint256)",
            &[Arg::Address(asset), Arg::Uint(units)],
            Kind::Withdraw,
        ),
        Protocol::Lido => evm(
            from,
            LIDO_WITHDRAWAL_QUEUE,
            U256::ZERO,
            "requestWithdrawals(uint256[],address)",
            &[Arg::UintArray1(units), Arg::Address(from)],
            Kind::Withdraw,
        ),
        Protocol::SplStakePool => solana(product, from, WITHDRAW_SOL, units, now_ms, Kind::Withdraw)?,
    })
}

/// Claim the pending protocol rewards of a product (Compound V3 only pays any).
pub(crate) fn claim_rewards(product: &Product, from: &str) -> Option<Call> {
    (product.protocol == Protocol::CompoundV3).then(|| {
        evm(
            from,
            COMET_REWARDS,
            U256::ZERO,
            "claim(address,address,bool)",
            &[Arg::Address(product.contract), Arg::Address(from), Arg::Bool(true)],
            Kind::Claim,
        )
    })
}

/// Claim a finalized withdrawal request (Lido).
pub(crate) fn claim_withdrawal(from: &str, request_id: u64) -> Call {
    evm(
        from,
        LIDO_WITHDRAWAL_QUEUE,
        U256::ZERO,
        "claimWithdrawal(uint256)",
        &[Arg::Uint(U256::from(request_id))],
        Kind::Withdraw,
    )
}

fn zero_address() -> String {
    format!("0x{}", "0".repeat(40))
}

/// A legacy Solana transaction, base58, with the 65-byte signature placeholder first
/// (1 signature count byte + 64 zero bytes) as the venue sends it.
fn solana(product: &Product, from: &str, tag: u8, units: U256, now_ms: i64, kind: Kind) -> Result<Call, ApiError> {
    let amount = u64::try_from(units).map_err(|_| ApiError::business(84027, "Building transaction data failed"))?;
    let key = |address: &str| base58::decode(address).filter(|k| k.len() == 32);
    let (Some(user), Some(mint), Some(program)) = (key(from), key(product.receive.address), key(product.contract))
    else {
        return Err(ApiError::business(84027, "Building transaction data failed"));
    };
    let mut tx = vec![1u8];
    tx.extend_from_slice(&[0u8; 64]);
    tx.extend_from_slice(&[1, 0, 1]); // 1 signer, 0 read-only signed, 1 read-only unsigned (the program)
    tx.push(3);
    for k in [&user, &mint, &program] {
        tx.extend_from_slice(k);
    }
    tx.extend_from_slice(&keccak256(&now_ms.to_be_bytes())); // recent blockhash
    tx.extend_from_slice(&[1, 2, 2, 0, 1, 9, tag]); // 1 instruction: program 2, accounts [0, 1], 9 data bytes
    tx.extend_from_slice(&amount.to_le_bytes());
    let value = if kind == Kind::Deposit { units } else { U256::ZERO };
    Ok(Call {
        from: from.to_owned(),
        to: product.contract.to_owned(),
        value,
        serialized: base58::encode(&tx),
        original: String::new(),
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::okx_web3::catalog;

    #[test]
    fn approve_is_abi_encoded() {
        let call = approve(
            "0x7f42b7cd2bb9cf7ea4f2e0d5a0b4eeb2d8d899da",
            &catalog::USDC,
            "0x87870bca3f3fd6335c3f4ce8392d69350b4fa4e2",
            U256::from(1_500_000u64),
        );
        let data = call.serialized.clone();
        assert_eq!(&data[..10], "0x095ea7b3");
        assert_eq!(data.len(), 2 + 8 + 128);
        assert_eq!(&data[10 + 24..10 + 64], "87870bca3f3fd6335c3f4ce8392d69350b4fa4e2");
        assert_eq!(U256::from_str_radix(&data[74..], 16).unwrap(), U256::from(1_500_000u64));
        assert_eq!(call.v6_json()["value"], "0x0");
        assert_eq!(call.v5_json()["value"], "");
    }

    #[test]
    fn dynamic_array_layout() {
        let data = encode(
            "requestWithdrawals(uint256[],address)",
            &[Arg::UintArray1(U256::from(7u8)), Arg::Address("0x00000000000000000000000000000000000000aa")],
        );
        let words: Vec<&str> = data.as_bytes()[10..].chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
        assert_eq!(words.len(), 4);
        assert!(words[0].ends_with("40"));
        assert!(words[1].ends_with("aa"));
        assert!(words[2].ends_with("01"));
        assert!(words[3].ends_with("07"));
    }
}
