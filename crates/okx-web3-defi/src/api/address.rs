//! Wallet and token addresses, validated per chain family before anything is sent.
//!
//! | family | rule |
//! |---|---|
//! | EVM | `0x` + 40 hex; all-lowercase or all-uppercase accepted; mixed case must be a valid EIP-55 checksum |
//! | Solana | base58, decodes to 32 bytes |
//! | Sui, Aptos | `0x` + 64 hex |
//! | Tron | base58check, 21-byte payload starting `0x41` (`T…`) |
//! | Bitcoin | mainnet bech32/bech32m segwit (`bc1…`), or base58check P2PKH/P2SH (`1…`/`3…`) |
//! | TON | raw `0:`/`-1:` + 64 hex, or 48-character user-friendly base64 with a valid CRC16 |
//!
//! Chains the client does not know (Stacks, future chains) are rejected with a clear error
//! rather than sent unchecked.

use std::fmt;

use base64::Engine as _;
use earn_core::{Error, Result};
use sha2::{Digest, Sha256};

use crate::api::types::{ChainId, excerpt};

/// How a chain writes addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChainFamily {
    /// Ethereum and EVM-compatible chains.
    Evm,
    /// Solana.
    Solana,
    /// Sui.
    Sui,
    /// Aptos.
    Aptos,
    /// Tron.
    Tron,
    /// Bitcoin mainnet.
    Bitcoin,
    /// TON.
    Ton,
}

/// EVM chains named by the reference (v5 chain table and v6 chain list).
const EVM_CHAINS: &[u64] =
    &[1, 10, 56, 66, 100, 137, 169, 196, 204, 250, 324, 1101, 1116, 5000, 8453, 42161, 43114, 59144, 534352];

impl ChainFamily {
    /// The family of an OKX chain id (v5 `chainId` / v6 `chainIndex`), if this client knows it.
    pub fn of_chain(chain: &ChainId) -> Option<ChainFamily> {
        let n = chain.as_u64()?;
        match n {
            0 => Some(ChainFamily::Bitcoin),
            195 => Some(ChainFamily::Tron),
            501 => Some(ChainFamily::Solana),
            607 => Some(ChainFamily::Ton),
            637 => Some(ChainFamily::Aptos),
            784 => Some(ChainFamily::Sui),
            n if EVM_CHAINS.contains(&n) => Some(ChainFamily::Evm),
            _ => None,
        }
    }

    /// Every family, in detection order.
    pub const ALL: [ChainFamily; 7] = [
        ChainFamily::Evm,
        ChainFamily::Sui,
        ChainFamily::Aptos,
        ChainFamily::Solana,
        ChainFamily::Tron,
        ChainFamily::Bitcoin,
        ChainFamily::Ton,
    ];

    /// Whether `text` is a valid address of this family; the error says why not.
    pub fn check(self, text: &str) -> std::result::Result<(), String> {
        match self {
            ChainFamily::Evm => check_evm(text),
            ChainFamily::Solana => check_solana(text),
            ChainFamily::Sui | ChainFamily::Aptos => check_hex32(text),
            ChainFamily::Tron => check_tron(text),
            ChainFamily::Bitcoin => check_bitcoin(text),
            ChainFamily::Ton => check_ton(text),
        }
    }
}

impl fmt::Display for ChainFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            ChainFamily::Evm => "EVM",
            ChainFamily::Solana => "Solana",
            ChainFamily::Sui => "Sui",
            ChainFamily::Aptos => "Aptos",
            ChainFamily::Tron => "Tron",
            ChainFamily::Bitcoin => "Bitcoin",
            ChainFamily::Ton => "TON",
        };
        f.write_str(s)
    }
}

/// A wallet address validated for its chain family.
///
/// ```
/// use okx_web3_defi::{ChainFamily, WalletAddress};
/// let w = WalletAddress::parse(ChainFamily::Evm, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed").unwrap();
/// assert_eq!(w.family(), ChainFamily::Evm);
/// // Mixed case with a wrong checksum is refused; all-lowercase is accepted.
/// assert!(WalletAddress::parse(ChainFamily::Evm, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD").is_err());
/// assert!(WalletAddress::parse(ChainFamily::Evm, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed").is_ok());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct WalletAddress {
    family: ChainFamily,
    text: String,
}

impl WalletAddress {
    /// Validates `text` as an address of `family`.
    pub fn parse(family: ChainFamily, text: &str) -> Result<Self> {
        family.check(text).map_err(|why| Error::invalid_input("address", format!("not a {family} address: {why}")))?;
        Ok(WalletAddress { family, text: text.to_owned() })
    }

    /// An EVM address (`0x` + 40 hex, EIP-55 checked when mixed-case).
    pub fn evm(text: &str) -> Result<Self> {
        Self::parse(ChainFamily::Evm, text)
    }

    /// A Solana address (base58, 32 bytes).
    pub fn solana(text: &str) -> Result<Self> {
        Self::parse(ChainFamily::Solana, text)
    }

    /// The family.
    pub fn family(&self) -> ChainFamily {
        self.family
    }

    /// The address text as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The 20-byte EVM address, for EVM wallets.
    pub fn to_evm(&self) -> Option<alloy_primitives::Address> {
        (self.family == ChainFamily::Evm).then(|| self.text.parse().ok()).flatten()
    }

    /// Whether this wallet can act on `chain` (same address family).
    pub fn fits_chain(&self, chain: &ChainId) -> bool {
        ChainFamily::of_chain(chain) == Some(self.family)
            || (self.family == ChainFamily::Sui && ChainFamily::of_chain(chain) == Some(ChainFamily::Aptos))
            || (self.family == ChainFamily::Aptos && ChainFamily::of_chain(chain) == Some(ChainFamily::Sui))
    }
}

impl fmt::Display for WalletAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for WalletAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WalletAddress({} {})", self.family, self.text)
    }
}

/// Checks `text` is an address valid on `chain`; unknown chains are refused.
pub(crate) fn check_for_chain(field: &str, chain: &ChainId, text: &str) -> Result<()> {
    let family = ChainFamily::of_chain(chain).ok_or_else(|| {
        Error::invalid_input(
            field,
            format!("chain {chain} is unknown to this client, so its address format cannot be validated"),
        )
    })?;
    family
        .check(text)
        .map_err(|why| Error::invalid_input(field, format!("not a {family} address for chain {chain}: {why}")))
}

/// Checks `text` is an address of some supported family (requests that name no chain).
pub(crate) fn check_any(field: &str, text: &str) -> Result<()> {
    if ChainFamily::ALL.iter().any(|f| f.check(text).is_ok()) {
        return Ok(());
    }
    let why = ChainFamily::Evm.check(text).err().unwrap_or_default();
    Err(Error::invalid_input(
        field,
        format!("{:?} is not a valid address of any supported chain family (EVM: {why})", excerpt(text)),
    ))
}

/// Checks an optional address against an optional chain.
pub(crate) fn check_opt(field: &str, chain: Option<&ChainId>, text: Option<&str>) -> Result<()> {
    match (chain, text) {
        (_, None) => Ok(()),
        (Some(c), Some(t)) => check_for_chain(field, c, t),
        (None, Some(t)) => check_any(field, t),
    }
}

fn check_evm(text: &str) -> std::result::Result<(), String> {
    let hex = text.strip_prefix("0x").ok_or("must start with 0x")?;
    if hex.len() != 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("must be 0x followed by 40 hex digits, got {} characters", text.chars().count()));
    }
    let has_lower = hex.bytes().any(|b| b.is_ascii_lowercase());
    let has_upper = hex.bytes().any(|b| b.is_ascii_uppercase());
    if has_lower && has_upper {
        alloy_primitives::Address::parse_checksummed(text, None)
            .map_err(|_| "mixed-case address with an invalid EIP-55 checksum".to_owned())?;
    }
    Ok(())
}

fn check_hex32(text: &str) -> std::result::Result<(), String> {
    let hex = text.strip_prefix("0x").ok_or("must start with 0x")?;
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("must be 0x followed by 64 hex digits".to_owned());
    }
    Ok(())
}

fn check_solana(text: &str) -> std::result::Result<(), String> {
    if !(32..=44).contains(&text.len()) {
        return Err("must be 32 to 44 base58 characters".to_owned());
    }
    let bytes = bs58::decode(text).into_vec().map_err(|e| format!("not base58: {e}"))?;
    if bytes.len() != 32 {
        return Err(format!("decodes to {} bytes, not 32", bytes.len()));
    }
    Ok(())
}

/// Decodes base58check: returns the payload without its 4-byte double-SHA256 checksum.
fn base58check(text: &str) -> std::result::Result<Vec<u8>, String> {
    let bytes = bs58::decode(text).into_vec().map_err(|e| format!("not base58: {e}"))?;
    if bytes.len() < 5 {
        return Err("too short for base58check".to_owned());
    }
    let (payload, sum) = bytes.split_at(bytes.len() - 4);
    let digest = Sha256::digest(Sha256::digest(payload));
    if &digest[..4] != sum {
        return Err("base58check checksum mismatch".to_owned());
    }
    Ok(payload.to_vec())
}

fn check_tron(text: &str) -> std::result::Result<(), String> {
    if !text.starts_with('T') || text.len() != 34 {
        return Err("must be 34 base58 characters starting with T".to_owned());
    }
    let payload = base58check(text)?;
    if payload.len() != 21 || payload[0] != 0x41 {
        return Err("payload must be 21 bytes starting with 0x41".to_owned());
    }
    Ok(())
}

fn check_bitcoin(text: &str) -> std::result::Result<(), String> {
    if text.len() > 3 && text[..3].eq_ignore_ascii_case("bc1") {
        let (hrp, _version, _program) =
            bech32::segwit::decode(text).map_err(|e| format!("invalid segwit address: {e}"))?;
        if hrp != bech32::hrp::BC {
            return Err("not a mainnet (bc) address".to_owned());
        }
        return Ok(());
    }
    if !(25..=35).contains(&text.len()) {
        return Err("must be bc1… (segwit) or a 25–35 character base58check address".to_owned());
    }
    let payload = base58check(text)?;
    if payload.len() != 21 || !(payload[0] == 0x00 || payload[0] == 0x05) {
        return Err("base58check payload must be a mainnet P2PKH (0x00) or P2SH (0x05) hash".to_owned());
    }
    Ok(())
}

fn check_ton(text: &str) -> std::result::Result<(), String> {
    if let Some((wc, hash)) = text.split_once(':') {
        if !(wc == "0" || wc == "-1") {
            return Err("raw TON address workchain must be 0 or -1".to_owned());
        }
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("raw TON address needs 64 hex digits after the colon".to_owned());
        }
        return Ok(());
    }
    if text.len() != 48 {
        return Err("user-friendly TON address must be 48 characters".to_owned());
    }
    let bytes = if text.contains(['-', '_']) {
        base64::engine::general_purpose::URL_SAFE.decode(text)
    } else {
        base64::engine::general_purpose::STANDARD.decode(text)
    }
    .map_err(|e| format!("not base64: {e}"))?;
    if bytes.len() != 36 {
        return Err("user-friendly TON address must decode to 36 bytes".to_owned());
    }
    if !matches!(bytes[0] & 0x7f, 0x11 | 0x51) || !matches!(bytes[1], 0x00 | 0xff) {
        return Err("unknown TON address tag or workchain".to_owned());
    }
    let crc = crc16_xmodem(&bytes[..34]);
    if crc.to_be_bytes() != bytes[34..] {
        return Err("TON address CRC16 mismatch".to_owned());
    }
    Ok(())
}

fn crc16_xmodem(data: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &b in data {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc16_check_value() {
        assert_eq!(crc16_xmodem(b"123456789"), 0x31c3);
    }
}
