//! The error codes both OKX APIs share, and what each means for a caller.
//!
//! Both OKX APIs answer with the same 5xxxx codes (authentication, rate limits, server
//! faults); each adds its own business codes (`517xx` earn, `84xxx` DeFi). A venue crate
//! classifies its own codes first and falls back to [`classify_common`]; earn-core's
//! [`verdict`] turns any class into what the shared executor does next.

pub use earn_core::http::{CodeClass, verdict};

/// Classifies the codes both OKX APIs share (sub-codes such as `51000_1` by their base).
///
/// ```
/// use okx_common::codes::{CodeClass, classify_common};
/// assert_eq!(classify_common("50011"), CodeClass::RateLimited);
/// assert_eq!(classify_common("50004"), CodeClass::MaybeActed);
/// assert_eq!(classify_common("99999"), CodeClass::Unlisted);
/// ```
pub fn classify_common(code: &str) -> CodeClass {
    let Some(n) = code_number(code) else { return CodeClass::Unlisted };
    match n {
        1 | 2 | 50001 | 50004 | 50013 | 50026 => CodeClass::MaybeActed,
        50042 => CodeClass::Repeated,
        50102 => CodeClass::StaleTimestamp,
        50101 | 50103..=50107 | 50111..=50114 | 50119 => CodeClass::Authentication,
        50007 | 50009 | 50012 | 50030 | 50035 | 50038 | 50051 | 50052 | 50059 | 50060 | 50100 | 50110 | 50120
        | 50121 | 58004 => CodeClass::Permission,
        50011 | 50040 => CodeClass::RateLimited,
        50000 | 50002 | 50005 | 50006 | 50014..=50016 | 50024 | 50025 | 50039 | 50115 | 51000 => CodeClass::Rejected,
        _ => CodeClass::Unlisted,
    }
}

/// The number of a code, ignoring a `_suffix` (`"51008_1000"` → 51008).
pub fn code_number(code: &str) -> Option<u32> {
    code.split('_').next().unwrap_or(code).parse::<u32>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_codes() {
        assert_eq!(classify_common("50102"), CodeClass::StaleTimestamp);
        assert_eq!(classify_common("50113"), CodeClass::Authentication);
        assert_eq!(classify_common("50038"), CodeClass::Permission);
        assert_eq!(classify_common("50042"), CodeClass::Repeated);
        assert_eq!(classify_common("51000_1"), CodeClass::Rejected);
        assert_eq!(classify_common("abc"), CodeClass::Unlisted);
        assert_eq!(code_number("51008_1000"), Some(51008));
    }
}
