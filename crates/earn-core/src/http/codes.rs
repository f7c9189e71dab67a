//! [`CodeClass`]: what a venue's error code means for the caller, for every venue.
//!
//! Each venue crate keeps its own code table (a private `errors.rs` mapping codes to a
//! [`CodeClass`]); [`verdict`] turns any class into what the executor does next, the same
//! way at every venue.

use std::time::Duration;

use super::{RetryHint, Verdict};
use crate::{Error, VenueError};

/// What a venue error code means for the caller.
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
    /// The venue may have acted.
    MaybeActed,
    /// A repeated request was refused, but an identical earlier one may have succeeded
    /// (OKX `50042`). Writes treat it as an unknown outcome and reconcile.
    Repeated,
    /// Not in the venue's reference table.
    Unlisted,
}

/// What the executor does with a definite venue rejection of class `class`.
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
    use crate::{ErrorKind, VenueId};

    use super::*;

    fn ve(code: &str) -> VenueError {
        VenueError::new(VenueId::from_static("v"), code, "m", Some(200))
    }

    fn kind(v: Verdict<'_>) -> Option<ErrorKind> {
        match v {
            Verdict::Rejected { error, .. } => Some(error.kind()),
            _ => None,
        }
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
