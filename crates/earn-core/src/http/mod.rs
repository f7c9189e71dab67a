//! The HTTP machinery every venue shares.
//!
//! A venue crate describes its endpoints as [`Endpoint`] constants, each request as an
//! [`ApiRequest`] type, implements [`Dialect`] (signing, envelope, server time) and calls
//! [`HttpClient::send`]. The
//! client does the rest: rate limits per group shared by clones, the venue clock offset,
//! retries only where a repeat is safe, and a tracing span per request that never holds
//! a secret.

mod client;
mod clock;
mod codes;
mod deadline;
mod dialect;
mod endpoint;
mod headers;
mod query;
mod rate_limit;
mod redact;
#[cfg(feature = "redis")]
mod redis_budget;
mod request;
mod retry;
mod transport;

/// The body bytes type of [`ApiRequest::body`], re-exported so venue crates need no direct dependency.
pub use bytes::Bytes;
pub use client::{HttpClient, HttpClientBuilder};
pub use clock::{ClockSync, ServerClock};
pub use codes::{CodeClass, verdict};
pub use dialect::{Dialect, RawResponse, RetryHint, SigningInput, Verdict, retry_after_header};
pub use endpoint::{Access, Endpoint, Idempotency, Kind, RateLimit};
pub use headers::{sensitive_base64_header, sensitive_header, sensitive_hex_header};
pub use query::Query;
pub use rate_limit::{BudgetKey, LocalBudget, RateBudget};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use redis_budget::{OnOutage, RedisBudget, RedisBudgetOptions};
pub use request::{ApiRequest, json_body};
pub use reqwest::Method;
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
pub use retry::RetryPolicy;
pub use transport::TransportOptions;
