//! The venue's codes mapped to earn-core error categories (reference §3).

use std::time::Duration;

use earn_core::http::{Endpoint, RetryHint, Verdict};
use earn_core::{Error, VenueError};

/// What a venue code means for the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodeCategory {
    /// Rate limited (`50011`): retry later.
    RateLimited,
    /// The request was malformed (`50014`, `51000`, `84000`, `84010`, `84019`, `84022`, `84031`, `84032`, `84400`).
    InvalidInput,
    /// Key, passphrase or signature rejected (`50103`–`50113`).
    Authentication,
    /// Timestamp stale or garbled (`50102`, `50112`): resync the clock and re-sign.
    StaleTimestamp,
    /// Protocol, product or platform not available (`84001`, `84003`, `84007`, `84024`, `84026`).
    ProductUnavailable,
    /// Balance check failed (`84014`).
    InsufficientBalance,
    /// A definite business rejection (`84011`, `84013`, `84016`–`84018`, `84023`, `84025`, `84027`, `84029`, `84030`, `84998`).
    Rejected,
    /// Temporarily unable to answer (`84021` assets syncing, `84028` asset query failed): retry later.
    Retryable,
    /// Server-side failure that says nothing about effects (`50026`, `84999`).
    ServerError,
    /// A code the reference does not list.
    Unknown,
}

/// The category of a venue code.
pub fn category(code: &str) -> CodeCategory {
    match code {
        "50011" => CodeCategory::RateLimited,
        "50014" | "51000" | "84000" | "84010" | "84019" | "84022" | "84031" | "84032" | "84400" => {
            CodeCategory::InvalidInput
        }
        "50102" | "50112" => CodeCategory::StaleTimestamp,
        "50103" | "50104" | "50105" | "50106" | "50107" | "50111" | "50113" => CodeCategory::Authentication,
        "84001" | "84003" | "84007" | "84024" | "84026" => CodeCategory::ProductUnavailable,
        "84014" => CodeCategory::InsufficientBalance,
        "84011" | "84013" | "84016" | "84017" | "84018" | "84023" | "84025" | "84027" | "84029" | "84030" | "84998" => {
            CodeCategory::Rejected
        }
        "84021" | "84028" => CodeCategory::Retryable,
        "50026" | "84999" => CodeCategory::ServerError,
        _ => CodeCategory::Unknown,
    }
}

/// Turns a venue error into a verdict for the executor.
///
/// Every endpoint of this API only reads or builds unsigned call data, so unknown codes
/// are definite rejections; on an endpoint declared as a write they would be uncertain.
pub(crate) fn verdict<'a>(ep: &Endpoint, ve: VenueError, retry_after: Option<Duration>) -> Verdict<'a> {
    let never = |error| Verdict::Rejected { error, retry: RetryHint::Never };
    match category(&ve.code) {
        CodeCategory::RateLimited => Verdict::Rejected {
            error: Error::RateLimited { error: ve, retry_after },
            retry: RetryHint::Transient { after: retry_after },
        },
        CodeCategory::InvalidInput => never(Error::InvalidInput {
            field: format!("request ({} code {})", ve.venue, ve.code),
            rule: if ve.message.is_empty() { "parameter error".to_owned() } else { ve.message },
        }),
        CodeCategory::Authentication => never(Error::Authentication(ve)),
        CodeCategory::StaleTimestamp => {
            Verdict::Rejected { error: Error::Authentication(ve), retry: RetryHint::ResyncClock }
        }
        CodeCategory::ProductUnavailable => never(Error::ProductUnavailable(ve)),
        CodeCategory::InsufficientBalance => never(Error::InsufficientBalance(ve)),
        CodeCategory::Rejected => never(Error::Rejected(ve)),
        CodeCategory::Retryable => {
            Verdict::Rejected { error: Error::Unavailable(ve), retry: RetryHint::Transient { after: retry_after } }
        }
        CodeCategory::ServerError => Verdict::Uncertain(ve),
        CodeCategory::Unknown if ep.is_write() => Verdict::Uncertain(ve),
        CodeCategory::Unknown => never(Error::Rejected(ve)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        assert_eq!(category("84019"), CodeCategory::InvalidInput);
        assert_eq!(category("84014"), CodeCategory::InsufficientBalance);
        assert_eq!(category("84024"), CodeCategory::ProductUnavailable);
        assert_eq!(category("50113"), CodeCategory::Authentication);
        assert_eq!(category("50112"), CodeCategory::StaleTimestamp);
        assert_eq!(category("84999"), CodeCategory::ServerError);
        assert_eq!(category("12345"), CodeCategory::Unknown);
    }
}
