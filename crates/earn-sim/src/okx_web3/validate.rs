//! Input checks shared by the endpoints: products, chains, addresses, slippage.

use earn_core::TokenAmount;

use super::base58;
use super::catalog::{self, Chain, Family, Product, Token};
use super::envelope::ApiError;
use super::params::{Params, parse_amount};

/// The product named by the id parameter `field` (`84024` if unknown).
pub(crate) fn product(params: &Params, field: &str) -> Result<&'static Product, ApiError> {
    let id = params.req_id(field)?;
    catalog::product(id).ok_or_else(|| ApiError::unknown_product(&id.to_string()))
}

/// An optional chain parameter (`chainId`/`chainIndex`, string or number).
pub(crate) fn opt_chain(params: &Params, field: &str) -> Result<Option<&'static Chain>, ApiError> {
    match params.opt_id(field)? {
        None => Ok(None),
        Some(id) => catalog::chain(id).map(Some).ok_or_else(|| ApiError::invalid(field, "is not a supported chain")),
    }
}

/// A required chain parameter.
pub(crate) fn req_chain(params: &Params, field: &str) -> Result<&'static Chain, ApiError> {
    opt_chain(params, field)?.ok_or_else(|| ApiError::missing(field))
}

/// `0x` + 40 hex digits.
pub(crate) fn is_evm_address(address: &str) -> bool {
    address.len() == 42 && address.starts_with("0x") && address[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// Base58 of exactly 32 bytes.
pub(crate) fn is_solana_address(address: &str) -> bool {
    (32..=44).contains(&address.len()) && base58::decode(address).is_some_and(|bytes| bytes.len() == 32)
}

/// Checks that `address` has the format of `chain`'s family (`84019` otherwise).
pub(crate) fn address_on(chain: &Chain, address: &str) -> Result<(), ApiError> {
    let ok = match chain.family {
        Family::Evm => is_evm_address(address),
        Family::Solana => is_solana_address(address),
    };
    if ok { Ok(()) } else { Err(ApiError::address_mismatch(address, chain.v5_network)) }
}

/// The required wallet address parameter `field`, checked against `chain`.
pub(crate) fn wallet(params: &Params, field: &str, chain: &Chain) -> Result<String, ApiError> {
    let address = params.req_str(field)?;
    address_on(chain, &address)?;
    Ok(address)
}

/// A token address parameter that must name `expected` (`84010` otherwise); absent means `expected`.
pub(crate) fn token_is(params: &Params, field: &str, expected: &'static Token) -> Result<&'static Token, ApiError> {
    match params.opt_str(field)? {
        None => Ok(expected),
        Some(address) if expected.is(&address) => Ok(expected),
        Some(address) => Err(ApiError::unsupported_token(&address)),
    }
}

/// A chain given next to a token (`chainId`/`chainIndex`) must be the product's.
pub(crate) fn same_chain(params: &Params, field: &str, product: &Product) -> Result<(), ApiError> {
    match opt_chain(params, field)? {
        Some(chain) if chain.id != product.chain_id => {
            Err(ApiError::invalid(field, "does not match the product's chain"))
        }
        _ => Ok(()),
    }
}

/// An amount of `token` in parameter `field` (plain decimal, within precision, > 0).
pub(crate) fn amount(params: &Params, field: &str, token: &Token) -> Result<TokenAmount, ApiError> {
    parse_amount(&params.req_str(field)?, token.decimals, field)
}

/// A fraction strictly between 0 and 1 (`slippage`); `default` when absent or empty.
pub(crate) fn fraction(params: &Params, field: &str, default: &str) -> Result<TokenAmount, ApiError> {
    let text = params.opt_str(field)?.unwrap_or_else(|| default.to_owned());
    let value = parse_amount(&text, 18, field).map_err(|_| ApiError::invalid(field, "must be a decimal in (0, 1)"))?;
    if value.base_units() >= TokenAmount::parse_units("1", 18).map(|t| t.base_units()).unwrap_or_default() {
        return Err(ApiError::invalid(field, "must be a decimal in (0, 1)"));
    }
    Ok(value)
}

/// A fraction in (0, 1] (`redeemPercent`).
pub(crate) fn percent(text: &str, field: &str) -> Result<TokenAmount, ApiError> {
    let value = parse_amount(text, 18, field).map_err(|_| ApiError::invalid(field, "must be a decimal in (0, 1]"))?;
    if value.base_units() > TokenAmount::parse_units("1", 18).map(|t| t.base_units()).unwrap_or_default() {
        return Err(ApiError::invalid(field, "must be a decimal in (0, 1]"));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_families() {
        assert!(is_evm_address("0x7f42b7cd2bb9cf7ea4f2e0d5a0b4eeb2d8d899da"));
        assert!(!is_evm_address("0x7f42b7cd2bb9cf7ea4f2e0d5a0b4eeb2d8d899d"));
        assert!(!is_evm_address("7f42b7cd2bb9cf7ea4f2e0d5a0b4eeb2d8d899daaa"));
        assert!(is_solana_address(super::super::positions::DEMO_SOLANA_WALLET));
        assert!(is_solana_address("J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn"));
        assert!(!is_solana_address("0x7f42b7cd2bb9cf7ea4f2e0d5a0b4eeb2d8d899da"));
        let sol = catalog::chain(501).unwrap();
        assert_eq!(address_on(sol, "0x7f42b7cd2bb9cf7ea4f2e0d5a0b4eeb2d8d899da").unwrap_err().code, 84019);
    }

    #[test]
    fn fractions() {
        let p = Params::from_body(br#"{"a":"0.005","b":"1","c":"0","d":"1%"}"#).unwrap();
        assert_eq!(fraction(&p, "a", "0.01").unwrap().to_string(), "0.005");
        assert_eq!(fraction(&p, "missing", "0.01").unwrap().to_string(), "0.01");
        for bad in ["b", "c", "d"] {
            assert_eq!(fraction(&p, bad, "0.01").unwrap_err().code, 84000);
        }
        assert_eq!(percent("1", "x").unwrap().to_string(), "1");
        assert!(percent("1.5", "x").is_err());
    }
}
