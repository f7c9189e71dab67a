//! [`Error`]: one error type with categories a bot can act on.

use std::fmt;
use std::time::Duration;

use crate::{Operation, ReconcileIntent, VenueId};

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A venue's own account of an error: its code and message, kept verbatim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VenueError {
    /// Venue that answered.
    pub venue: VenueId,
    /// The venue's code as text (`"51736"`, `"180016"`, `"HTTP 403"`).
    pub code: String,
    /// The venue's message.
    pub message: String,
    /// HTTP status of the answer.
    pub http_status: Option<u16>,
}

impl VenueError {
    /// A venue error.
    pub fn new(venue: VenueId, code: impl Into<String>, message: impl Into<String>, http_status: Option<u16>) -> Self {
        VenueError { venue, code: code.into(), message: message.into(), http_status }
    }
}

impl fmt::Display for VenueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} code {}: {}", self.venue, self.code, self.message)?;
        if let Some(s) = self.http_status {
            write!(f, " (HTTP {s})")?;
        }
        Ok(())
    }
}

/// Details of a write whose outcome is unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeUnknown {
    /// What reconciliation needs.
    pub intent: ReconcileIntent,
    /// Why the outcome is unknown (timeout, reset, 5xx, ambiguous code).
    pub cause: String,
    /// The venue's answer, if one arrived.
    pub venue_error: Option<VenueError>,
}

/// Every failure of the earn SDK.
///
/// Match on [`Error::kind`] for the category, or ask [`Error::is_retryable`] and
/// [`Error::maybe_happened`] without matching at all. Nothing here ever contains a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The caller's input broke a rule; nothing was sent.
    #[error("invalid `{field}`: {rule}")]
    InvalidInput {
        /// The field, as named in the request.
        field: String,
        /// The rule it broke.
        rule: String,
    },
    /// The venue rejected the credentials or the signature (also a stale timestamp).
    #[error("authentication failed: {0}")]
    Authentication(VenueError),
    /// The key lacks a permission, or the account may not use this.
    #[error("permission denied: {0}")]
    Permission(VenueError),
    /// The venue's rate limit was hit; the request was rejected and did not act.
    #[error("rate limited{}: {error}", retry_after.map(|d| format!(" (retry after {} ms)", d.as_millis())).unwrap_or_default())]
    RateLimited {
        /// The venue's answer.
        error: VenueError,
        /// How long the venue asked to wait, when it said.
        retry_after: Option<Duration>,
    },
    /// Not enough balance to stake or redeem.
    #[error("insufficient balance: {0}")]
    InsufficientBalance(VenueError),
    /// The product is sold out, suspended, closed, or unknown.
    #[error("product unavailable: {0}")]
    ProductUnavailable(VenueError),
    /// Any other definite rejection by the venue; it did not act.
    #[error("rejected: {0}")]
    Rejected(VenueError),
    /// The venue is down or busy; a read may be retried later.
    #[error("venue unavailable: {0}")]
    Unavailable(VenueError),
    /// The request did not take effect: it never left, or it was a read. Safe to retry.
    #[error("transport failure calling {venue} {endpoint}: {message}")]
    Transport {
        /// Venue.
        venue: VenueId,
        /// Endpoint path.
        endpoint: String,
        /// What failed, in a word (`timed out`, `could not connect`).
        message: String,
        /// The underlying cause (the HTTP client's error chain).
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// The shared rate budget could not be reached in time; the request was not sent.
    /// Safe to retry later.
    #[error("rate budget unavailable: {message}")]
    BudgetUnavailable {
        /// What failed.
        message: String,
        /// The underlying cause.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// An earlier write of the same kind (venue, asset, operation) has an unknown outcome
    /// and is not reconciled yet; a new one would make any history match ambiguous. Nothing
    /// was sent: reconcile the earlier write first.
    #[error("an earlier {operation} at {venue} is not reconciled yet: {detail}")]
    UnreconciledWrite {
        /// Venue.
        venue: VenueId,
        /// The operation refused.
        operation: Operation,
        /// Which earlier write blocks it.
        detail: String,
    },
    /// A write may or may not have happened. Never repeat it: pass the intent to
    /// [`EarnVenue::reconcile`](crate::EarnVenue::reconcile).
    #[error("outcome unknown for {} {} at {}: {}", .0.intent.operation, .0.intent.venue, .0.intent.endpoint, .0.cause)]
    OutcomeUnknown(Box<OutcomeUnknown>),
    /// The venue's answer could not be understood.
    #[error("could not decode {venue} {endpoint}: {message}; body starts {excerpt:?}")]
    Decode {
        /// Venue.
        venue: VenueId,
        /// Endpoint path.
        endpoint: String,
        /// What was wrong.
        message: String,
        /// A short excerpt of the body.
        excerpt: String,
    },
    /// The venue does not offer this operation.
    #[error("{operation} is not supported by {venue}")]
    Unsupported {
        /// Venue.
        venue: VenueId,
        /// The operation asked for.
        operation: Operation,
    },
    /// The client was configured wrongly (bad base URL, bad TLS setup, …).
    #[error("configuration: {0}")]
    Config(String),
}

/// The category of an [`Error`], for matching without the details.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// See [`Error::InvalidInput`].
    InvalidInput,
    /// See [`Error::Authentication`].
    Authentication,
    /// See [`Error::Permission`].
    Permission,
    /// See [`Error::RateLimited`].
    RateLimited,
    /// See [`Error::InsufficientBalance`].
    InsufficientBalance,
    /// See [`Error::ProductUnavailable`].
    ProductUnavailable,
    /// See [`Error::Rejected`].
    Rejected,
    /// See [`Error::Unavailable`].
    Unavailable,
    /// See [`Error::Transport`].
    Transport,
    /// See [`Error::OutcomeUnknown`].
    OutcomeUnknown,
    /// See [`Error::UnreconciledWrite`].
    UnreconciledWrite,
    /// See [`Error::BudgetUnavailable`].
    BudgetUnavailable,
    /// See [`Error::Decode`].
    Decode,
    /// See [`Error::Unsupported`].
    Unsupported,
    /// See [`Error::Config`].
    Config,
}

impl Error {
    /// An [`Error::InvalidInput`] naming the field and the rule.
    pub fn invalid_input(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Error::InvalidInput { field: field.into(), rule: rule.into() }
    }

    /// An [`Error::Unsupported`].
    pub fn unsupported(venue: VenueId, operation: Operation) -> Self {
        Error::Unsupported { venue, operation }
    }

    /// An [`Error::UnreconciledWrite`].
    pub fn unreconciled_write(venue: VenueId, operation: Operation, detail: impl Into<String>) -> Self {
        Error::UnreconciledWrite { venue, operation, detail: detail.into() }
    }

    /// An [`Error::OutcomeUnknown`].
    pub fn outcome_unknown(intent: ReconcileIntent, cause: impl Into<String>, venue_error: Option<VenueError>) -> Self {
        Error::OutcomeUnknown(Box::new(OutcomeUnknown { intent, cause: cause.into(), venue_error }))
    }

    /// An [`Error::Decode`] with an excerpt of at most 120 characters of `body`.
    pub fn decode(venue: VenueId, endpoint: impl Into<String>, message: impl fmt::Display, body: &[u8]) -> Self {
        Error::Decode { venue, endpoint: endpoint.into(), message: message.to_string(), excerpt: body_excerpt(body) }
    }

    /// The category.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidInput { .. } => ErrorKind::InvalidInput,
            Error::Authentication(_) => ErrorKind::Authentication,
            Error::Permission(_) => ErrorKind::Permission,
            Error::RateLimited { .. } => ErrorKind::RateLimited,
            Error::InsufficientBalance(_) => ErrorKind::InsufficientBalance,
            Error::ProductUnavailable(_) => ErrorKind::ProductUnavailable,
            Error::Rejected(_) => ErrorKind::Rejected,
            Error::Unavailable(_) => ErrorKind::Unavailable,
            Error::Transport { .. } => ErrorKind::Transport,
            Error::OutcomeUnknown(_) => ErrorKind::OutcomeUnknown,
            Error::UnreconciledWrite { .. } => ErrorKind::UnreconciledWrite,
            Error::BudgetUnavailable { .. } => ErrorKind::BudgetUnavailable,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::Unsupported { .. } => ErrorKind::Unsupported,
            Error::Config(_) => ErrorKind::Config,
        }
    }

    /// Whether repeating the same call later is safe and may succeed.
    ///
    /// True only where the venue did not act: the request never took effect, was rate
    /// limited, or the venue was unavailable for a read. Never true for
    /// [`Error::OutcomeUnknown`].
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Error::Transport { .. }
                | Error::RateLimited { .. }
                | Error::Unavailable(_)
                | Error::BudgetUnavailable { .. }
        )
    }

    /// Whether the operation may have taken effect at the venue (reconcile before acting).
    pub fn maybe_happened(&self) -> bool {
        matches!(self, Error::OutcomeUnknown(_))
    }

    /// The venue's code and message, when the venue answered.
    pub fn venue_error(&self) -> Option<&VenueError> {
        match self {
            Error::Authentication(e)
            | Error::Permission(e)
            | Error::InsufficientBalance(e)
            | Error::ProductUnavailable(e)
            | Error::Rejected(e)
            | Error::Unavailable(e)
            | Error::RateLimited { error: e, .. } => Some(e),
            Error::OutcomeUnknown(o) => o.venue_error.as_ref(),
            _ => None,
        }
    }

    /// What reconciliation needs, for [`Error::OutcomeUnknown`].
    pub fn reconcile_intent(&self) -> Option<&ReconcileIntent> {
        match self {
            Error::OutcomeUnknown(o) => Some(&o.intent),
            _ => None,
        }
    }

    /// How long the venue asked to wait, when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// At most 120 characters of a body, lossy UTF-8, control characters escaped.
pub fn body_excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(480)]);
    let mut out: String = text
        .chars()
        .take(120)
        .flat_map(|c| if c.is_control() { ' '.escape_default() } else { c.escape_default() })
        .collect();
    // escape_default turns quotes and unicode into escapes; keep readable ASCII as is.
    out = out.replace("\\\"", "\"").replace("\\'", "'");
    if text.chars().count() > 120 || body.len() > 480 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_without_matching() {
        let v = VenueError::new(VenueId::from_static("x"), "50011", "Too Many Requests", Some(429));
        let e = Error::RateLimited { error: v.clone(), retry_after: Some(Duration::from_millis(1500)) };
        assert!(e.is_retryable());
        assert!(!e.maybe_happened());
        assert_eq!(e.venue_error().unwrap().code, "50011");
        assert!(e.to_string().contains("retry after 1500 ms"));
        let u = Error::outcome_unknown(
            ReconcileIntent::new(VenueId::from_static("x"), Operation::Stake, "/p"),
            "timeout",
            None,
        );
        assert!(u.maybe_happened());
        assert!(!u.is_retryable());
        assert_eq!(u.kind(), ErrorKind::OutcomeUnknown);
        assert!(u.reconcile_intent().is_some());
    }

    #[test]
    fn excerpts_are_short() {
        let long = "x".repeat(1000);
        let ex = body_excerpt(long.as_bytes());
        assert_eq!(ex.chars().count(), 121);
        assert_eq!(body_excerpt(b"<html>\n502</html>"), "<html> 502</html>");
    }
}
