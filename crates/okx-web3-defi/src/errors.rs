//! The OKX Web3 DeFi code table (reference §3): this API's own codes first, then the codes
//! both OKX APIs share.

use earn_core::http::CodeClass;
use okx_common::codes::{classify_common, code_number};

/// What a venue code means for the caller.
pub(crate) fn classify(code: &str) -> CodeClass {
    match code_number(code) {
        Some(50014 | 51000 | 84000 | 84010 | 84019 | 84022 | 84031 | 84032 | 84400) => CodeClass::InvalidRequest,
        // A stale or garbled timestamp: resync the clock (when a time source is set) and re-sign.
        Some(50102 | 50112) => CodeClass::StaleTimestamp,
        Some(84001 | 84003 | 84007 | 84024 | 84026) => CodeClass::ProductUnavailable,
        Some(84014) => CodeClass::InsufficientBalance,
        Some(84011 | 84013 | 84016..=84018 | 84023 | 84025 | 84027 | 84029 | 84030 | 84998) => CodeClass::Rejected,
        // Assets syncing, asset query failed: a read may be repeated.
        Some(84021 | 84028) => CodeClass::Unavailable,
        // Default error: says nothing about effects.
        Some(84999) => CodeClass::MaybeActed,
        _ => classify_common(code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_codes_first_then_the_shared_table() {
        assert_eq!(classify("84019"), CodeClass::InvalidRequest);
        assert_eq!(classify("50014"), CodeClass::InvalidRequest);
        assert_eq!(classify("84014"), CodeClass::InsufficientBalance);
        assert_eq!(classify("84024"), CodeClass::ProductUnavailable);
        assert_eq!(classify("84021"), CodeClass::Unavailable);
        assert_eq!(classify("50112"), CodeClass::StaleTimestamp);
        assert_eq!(classify("84999"), CodeClass::MaybeActed);
        assert_eq!(classify("50113"), CodeClass::Authentication);
        assert_eq!(classify("50011"), CodeClass::RateLimited);
        assert_eq!(classify("50026"), CodeClass::MaybeActed);
        assert_eq!(classify("12345"), CodeClass::Unlisted);
    }
}
