//! OKX error codes and what each means for a caller.
//!
//! Both OKX APIs answer with the same 5xxxx codes (authentication, rate limits, server
//! faults); each adds its own business codes (`517xx` earn, `84xxx` DeFi). A venue crate
//! classifies its own codes first and falls back to [`classify_common`]; [`verdict`] turns
//! any class into what the shared executor does next.

use std::time::Duration;

use earn_core::http::{RetryHint, Verdict};
use earn_core::{Error, VenueError};

/// What an OKX error code means for the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodeClass {
    /// Credentials, signature or timestamp headers rejected.
    Authentication,
    /// Timestamp expired: resync the clock, re-sign, send once more.
    StaleTimestamp,
    /// Key permission, IP binding, account status, KYC, region, or a demo key on a write.
    Permission,
    /// Rate limit reached: rejected, repeat after a backoff.
    RateLimited,
    /// Not enough balance.
    InsufficientBalance,
    /// Product sold out, suspended, closed or unknown.
    ProductUnavailable,
    /// Definite rejection that may pass later (temporary limit, maintenance).
    RejectedTransient,
    /// The venue could not answer now (assets syncing); a read may be repeated.
    Unavailable,
    /// A parameter was malformed; the venue names it in its message.
    InvalidRequest,
    /// Any other definite rejection (business rules).
    Rejected,
    /// The venue may have acted (`50001`, `50004`, `50013`, `50026`, bare `1`/`2`).
    MaybeActed,
    /// `50042` repeated request: this request was refused, but an identical earlier one
    /// may have succeeded. Writes treat it as an unknown outcome and reconcile.
    Repeated,
    /// Not in any reference table.
    Unlisted,
}

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

/// What the executor does with a definite non-zero `code` of class `class`.
///
/// On a write, a code that may hide an effect ([`CodeClass::MaybeActed`],
/// [`CodeClass::Repeated`], [`CodeClass::Unlisted`]) is an unknown outcome, never a
/// rejection.
pub fn verdict<'a>(class: CodeClass, ve: VenueError, write: bool, retry_after: Option<Duration>) -> Verdict<'a> {
    let never = |error| Verdict::Rejected { error, retry: RetryHint::Never };
    let transient = |error| Verdict::Rejected { error, retry: RetryHint::Transient { after: retry_after } };
    match class {
        CodeClass::MaybeActed => Verdict::Uncertain(ve),
        CodeClass::Repeated if write => Verdict::Uncertain(ve),
        CodeClass::Repeated => transient(Error::Rejected(ve)),
        CodeClass::Unlisted if write => Verdict::Uncertain(ve),
        CodeClass::Unlisted | CodeClass::Rejected => never(Error::Rejected(ve)),
        CodeClass::InvalidRequest => never(Error::InvalidInput {
            field: format!("request ({} code {})", ve.venue, ve.code),
            rule: if ve.message.is_empty() { "parameter error".to_owned() } else { ve.message },
        }),
        CodeClass::StaleTimestamp => {
            Verdict::Rejected { error: Error::Authentication(ve), retry: RetryHint::ResyncClock }
        }
        CodeClass::Authentication => never(Error::Authentication(ve)),
        CodeClass::Permission => never(Error::Permission(ve)),
        CodeClass::InsufficientBalance => never(Error::InsufficientBalance(ve)),
        CodeClass::ProductUnavailable => never(Error::ProductUnavailable(ve)),
        CodeClass::RejectedTransient => transient(Error::Rejected(ve)),
        CodeClass::Unavailable => transient(Error::Unavailable(ve)),
        CodeClass::RateLimited => transient(Error::RateLimited { error: ve, retry_after }),
    }
}

#[cfg(test)]
mod tests {
    use earn_core::{ErrorKind, VenueId};

    use super::*;

    fn ve(code: &str) -> VenueError {
        VenueError::new(VenueId::from_static("okx"), code, "m", Some(200))
    }

    fn kind(v: Verdict<'_>) -> Option<ErrorKind> {
        match v {
            Verdict::Rejected { error, .. } => Some(error.kind()),
            _ => None,
        }
    }

    #[test]
    fn shared_codes() {
        assert_eq!(classify_common("50102"), CodeClass::StaleTimestamp);
        assert_eq!(classify_common("50113"), CodeClass::Authentication);
        assert_eq!(classify_common("50038"), CodeClass::Permission);
        assert_eq!(classify_common("50042"), CodeClass::Repeated);
        assert_eq!(classify_common("51000_1"), CodeClass::Rejected);
        assert_eq!(classify_common("abc"), CodeClass::Unlisted);
    }

    #[test]
    fn writes_never_turn_a_possible_effect_into_a_rejection() {
        for class in [CodeClass::MaybeActed, CodeClass::Repeated, CodeClass::Unlisted] {
            assert!(matches!(verdict(class, ve("1"), true, None), Verdict::Uncertain(_)), "{class:?}");
        }
        assert!(matches!(verdict(CodeClass::MaybeActed, ve("1"), false, None), Verdict::Uncertain(_)));
        assert_eq!(kind(verdict(CodeClass::Unlisted, ve("9"), false, None)), Some(ErrorKind::Rejected));
        assert!(matches!(
            verdict(CodeClass::Repeated, ve("50042"), false, None),
            Verdict::Rejected { retry: RetryHint::Transient { .. }, .. }
        ));
        assert!(matches!(
            verdict(CodeClass::StaleTimestamp, ve("50102"), true, None),
            Verdict::Rejected { retry: RetryHint::ResyncClock, .. }
        ));
        assert_eq!(kind(verdict(CodeClass::RateLimited, ve("50011"), true, None)), Some(ErrorKind::RateLimited));
        assert_eq!(kind(verdict(CodeClass::InvalidRequest, ve("51000"), true, None)), Some(ErrorKind::InvalidInput));
        assert_eq!(kind(verdict(CodeClass::Unavailable, ve("84021"), false, None)), Some(ErrorKind::Unavailable));
    }
}
