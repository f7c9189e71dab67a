//! [`HttpClient`]: the one executor every venue shares.

use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;
use tracing::{Instrument, field};

use super::deadline::Deadlines;
use super::dialect::{Dialect, RawResponse, RetryHint, SigningInput, Verdict};
use super::rate_limit::{BudgetKey, LocalBudget, RateBudget};
use super::redact::{Redactor, SentSecrets};
use super::{
    Access, ApiRequest, ClockSync, Endpoint, Kind, Query, RateLimit, RetryPolicy, ServerClock, TransportOptions,
};
use crate::{Credentials, Error, ReconcileIntent, Result, UnixMillis, VenueError};

/// One call: an endpoint plus its query, body and (for writes) reconciliation intent.
#[derive(Debug, Clone)]
pub(crate) struct Request<'a> {
    endpoint: &'a Endpoint,
    query: Query,
    body: Option<Bytes>,
    intent: Option<ReconcileIntent>,
}

impl<'a> Request<'a> {
    /// A call to `endpoint` with no parameters.
    pub(crate) fn new(endpoint: &'a Endpoint) -> Self {
        Request { endpoint, query: Query::new(), body: None, intent: None }
    }
}

/// Builds an [`HttpClient`].
#[derive(Debug)]
pub struct HttpClientBuilder<D> {
    dialect: D,
    base_url: String,
    credentials: Option<Credentials>,
    transport: TransportOptions,
    client_limit: Option<RateLimit>,
    http: Option<reqwest::Client>,
}

impl<D: Dialect> HttpClientBuilder<D> {
    /// Timeouts, retries, clock sync and rate limiting, all at once.
    pub fn transport(mut self, transport: TransportOptions) -> Self {
        self.transport = transport;
        self
    }

    /// Credentials for signed endpoints.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Replaces the base URL (testnets, regional hosts, the simulator).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// A budget every request of this client (and its clones) draws from, on top of the
    /// endpoints' own limits; for venues that publish one limit per key. `None` removes it.
    pub fn client_limit(mut self, limit: Option<RateLimit>) -> Self {
        self.client_limit = limit;
        self
    }

    /// Uses an existing reqwest client (its own timeouts then apply).
    pub fn http_client(mut self, c: reqwest::Client) -> Self {
        self.http = Some(c);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<HttpClient<D>> {
        let base = self.base_url.trim_end_matches('/').to_owned();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(Error::Config(format!("base URL must start with http:// or https://, got {base:?}")));
        }
        // A client of our own bounds each attempt by `transport.timeout` on a kept timer
        // (see `Deadlines`) rather than with reqwest's per-request timer; a client passed in
        // keeps its own timeouts.
        let (http, deadlines) = match self.http {
            Some(c) => (c, None),
            None => (
                reqwest::Client::builder()
                    .connect_timeout(self.transport.connect_timeout)
                    .user_agent(concat!("earn/", env!("CARGO_PKG_VERSION")))
                    .build()
                    .map_err(|e| Error::Config(format!("HTTP client: {e}")))?,
                Some(Deadlines::new(self.transport.timeout)),
            ),
        };
        let account = account_digest(self.credentials.as_ref());
        Ok(HttpClient {
            inner: Arc::new(Inner {
                http,
                deadlines,
                base_url: base,
                dialect: self.dialect,
                credentials: self.credentials,
                budget: self.transport.budget.clone().unwrap_or_else(|| Arc::new(LocalBudget::new())),
                account,
                enforce_rate_limits: self.transport.enforce_rate_limits,
                client_limit: self.client_limit,
                clock: ServerClock::default(),
                retry: self.transport.retry,
                clock_sync: self.transport.clock_sync,
            }),
        })
    }
}

/// The shared HTTP executor: signing hook, rate limits, clock offset, safe retries, tracing.
///
/// Cloning is cheap; clones share the connection pool, the rate-limit budgets and the clock.
///
/// Repeats are made only when safe: reads; writes whose connection never opened; and
/// writes with an idempotency key after a definite rejection. A write that may have
/// reached the venue and got no clear answer becomes [`Error::OutcomeUnknown`].
pub struct HttpClient<D> {
    inner: Arc<Inner<D>>,
}

impl<D> Clone for HttpClient<D> {
    fn clone(&self) -> Self {
        HttpClient { inner: Arc::clone(&self.inner) }
    }
}

impl<D: Dialect> std::fmt::Debug for HttpClient<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("venue", &self.inner.dialect.venue())
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("clock_offset_ms", &self.inner.clock.offset_ms())
            .finish_non_exhaustive()
    }
}

struct Inner<D> {
    http: reqwest::Client,
    /// Each attempt's time limit, when `http` is the client built here.
    deadlines: Option<Deadlines>,
    base_url: String,
    dialect: D,
    credentials: Option<Credentials>,
    budget: Arc<dyn RateBudget>,
    /// The account as budgets know it: a digest of the API key, never the key.
    account: String,
    enforce_rate_limits: bool,
    client_limit: Option<RateLimit>,
    clock: ServerClock,
    retry: RetryPolicy,
    clock_sync: ClockSync,
}

/// A failure below HTTP: was the request possibly sent?
struct TransportFailure {
    maybe_sent: bool,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl<D: Dialect> HttpClient<D> {
    /// A builder for `dialect` at `base_url`.
    pub fn builder(dialect: D, base_url: impl Into<String>) -> HttpClientBuilder<D> {
        HttpClientBuilder {
            dialect,
            base_url: base_url.into(),
            credentials: None,
            transport: TransportOptions::default(),
            client_limit: None,
            http: None,
        }
    }

    /// The venue dialect.
    pub fn dialect(&self) -> &D {
        &self.inner.dialect
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The venue clock as this client sees it.
    pub fn clock(&self) -> &ServerClock {
        &self.inner.clock
    }

    /// Whether credentials are configured.
    pub fn has_credentials(&self) -> bool {
        self.inner.credentials.is_some()
    }

    /// Learns the venue's clock offset from its public time endpoint.
    pub async fn sync_clock(&self) -> Result<()> {
        let d = &self.inner.dialect;
        let ep =
            d.time_endpoint().ok_or_else(|| Error::Config(format!("{} has no server-time endpoint", d.venue())))?;
        let before = UnixMillis::now_local();
        let payload: Box<serde_json::value::RawValue> = self.call(Request::new(ep)).await?;
        let after = UnixMillis::now_local();
        let server = d.parse_server_time(payload.get())?;
        self.inner.clock.observe(server, before, after);
        tracing::debug!(venue = %d.venue(), offset_ms = self.inner.clock.offset_ms(), "clock synced");
        Ok(())
    }

    /// Validates `request`, then sends it and decodes its success payload.
    ///
    /// Nothing is sent when [`ApiRequest::validate`] fails. A write whose outcome is unknown
    /// fails with [`Error::OutcomeUnknown`] carrying the request's own
    /// [`intent`](ApiRequest::intent), or one naming the endpoint and operation.
    pub async fn send<R: ApiRequest<Dialect = D>>(&self, request: &R) -> Result<R::Response> {
        request.validate()?;
        let mut call = Request::new(request.endpoint());
        call.query = request.query();
        call.body = request.body()?;
        call.intent = request.intent();
        self.call(call).await
    }

    /// [`send`](Self::send) with the caller's own reconciliation intent for a write (an
    /// adapter's, in the shared vocabulary); the executor stamps the send time on it.
    pub async fn send_with_intent<R: ApiRequest<Dialect = D>>(
        &self,
        request: &R,
        intent: ReconcileIntent,
    ) -> Result<R::Response> {
        request.validate()?;
        let mut call = Request::new(request.endpoint());
        call.query = request.query();
        call.body = request.body()?;
        call.intent = Some(intent);
        self.call(call).await
    }

    /// Executes `request` and decodes the success payload as `T`.
    pub(crate) async fn call<T: DeserializeOwned>(&self, request: Request<'_>) -> Result<T> {
        let ep = request.endpoint;
        let span = tracing::info_span!(
            "earn.request",
            venue = %self.inner.dialect.venue(),
            endpoint = ep.path,
            method = %ep.method,
            attempt = field::Empty,
            status = field::Empty,
            latency_ms = field::Empty,
        );
        self.execute(request).instrument(span).await
    }

    async fn execute<T: DeserializeOwned>(&self, request: Request<'_>) -> Result<T> {
        let inner = &*self.inner;
        let ep = request.endpoint;
        let venue = inner.dialect.venue();
        if ep.access == Access::Signed {
            if inner.credentials.is_none() {
                return Err(Error::Config(format!("{} {} needs credentials", venue, ep.path)));
            }
            if inner.clock_sync == ClockSync::BeforeFirstRequest && !inner.clock.is_synced() {
                Box::pin(self.sync_clock()).await?;
            }
        }
        let body = request.body.clone().unwrap_or_default();
        let mut retries = 0u32;
        let mut resynced = false;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            tracing::Span::current().record("attempt", attempt);
            if inner.enforce_rate_limits {
                let venue_name = venue.as_str();
                for limit in inner.client_limit.iter().chain(ep.limits.iter().flatten()) {
                    let account = if ep.access == Access::Signed { inner.account.as_str() } else { "public" };
                    inner.budget.acquire(&BudgetKey { venue: venue_name, account, limit }).await?;
                }
            }
            let sent_at = inner.clock.now();
            let http_request = self.build_request(ep, request.query.as_str(), &body, sent_at)?;
            // The sensitive values as sent, by reference count: a success never reads them.
            let sent_secrets = SentSecrets::of(http_request.headers(), inner.credentials.as_ref());
            let started = Instant::now();
            let result = self.transmit(http_request).await;
            let span = tracing::Span::current();
            span.record("latency_ms", started.elapsed().as_millis() as u64);

            let mut retry_after = None;
            let failure: Error = match result {
                Err(t) if t.maybe_sent && ep.is_write() => {
                    tracing::warn!(cause = %t.message, "write outcome unknown");
                    return Err(self.unknown(&request, sent_at, format!("no answer: {}", t.message), None));
                }
                Err(t) => Error::Transport {
                    venue: venue.clone(),
                    endpoint: ep.path.to_owned(),
                    message: t.message,
                    source: t.source,
                },
                Ok(raw) => {
                    span.record("status", raw.status);
                    if let Some(value) = inner.dialect.decode_success::<T>(ep, &raw) {
                        return Ok(value);
                    }
                    // Anything read from here on may reach an error or a log: first remove
                    // every credential and signature the venue may have echoed back.
                    let raw = Redactor::new(inner.credentials.as_ref(), &sent_secrets).scrub(raw);
                    match inner.dialect.interpret(ep, &raw) {
                        Verdict::Success(payload) => match serde_json::from_str::<T>(payload) {
                            Ok(v) => return Ok(v),
                            Err(e) if ep.is_write() => {
                                return Err(self.unknown(
                                    &request,
                                    sent_at,
                                    format!("undecodable success answer: {e}"),
                                    None,
                                ));
                            }
                            Err(e) => Error::decode(venue.clone(), ep.path, e, &raw.body),
                        },
                        Verdict::Undecodable(msg) if ep.is_write() => {
                            return Err(self.unknown(&request, sent_at, format!("undecodable answer: {msg}"), None));
                        }
                        Verdict::Undecodable(msg) => Error::decode(venue.clone(), ep.path, msg, &raw.body),
                        Verdict::Uncertain(ve) if ep.is_write() => {
                            tracing::warn!(code = %ve.code, "write outcome unknown");
                            let cause = format!("ambiguous answer {}: {}", ve.code, ve.message);
                            return Err(self.unknown(&request, sent_at, cause, Some(ve)));
                        }
                        Verdict::Uncertain(ve) => Error::Unavailable(ve),
                        Verdict::Rejected { error, retry: RetryHint::ResyncClock } => {
                            if resynced || inner.dialect.time_endpoint().is_none() {
                                return Err(error);
                            }
                            // The venue rejected the timestamp before acting: re-signing once is safe.
                            resynced = true;
                            tracing::debug!("timestamp rejected; resyncing clock");
                            Box::pin(self.sync_clock()).await?;
                            continue;
                        }
                        Verdict::Rejected { error, retry: RetryHint::Transient { after } } if ep.repeat_is_safe() => {
                            retry_after = after;
                            error
                        }
                        Verdict::Rejected { error, .. } => return Err(error),
                    }
                }
            };
            // Here `failure` is safe to repeat: a read, a write that never left, or a
            // keyed write the venue definitely rejected.
            if !failure_is_transient(&failure) || retries >= inner.retry.max_retries {
                return Err(failure);
            }
            let wait = inner.retry.backoff(retries, retry_after.or_else(|| failure.retry_after()));
            retries += 1;
            tracing::debug!(retry = retries, backoff_ms = wait.as_millis() as u64, error = %failure, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt's request: signed now (after the rate budget was acquired), with the
    /// dialect's query suffix where the venue signs in the query string.
    fn build_request(&self, ep: &Endpoint, query: &str, body: &Bytes, ts: UnixMillis) -> Result<reqwest::Request> {
        let inner = &*self.inner;
        let mut headers = HeaderMap::new();
        inner.dialect.common_headers(&mut headers);
        let mut suffix = None;
        if ep.access == Access::Signed {
            let creds = inner.credentials.as_ref().ok_or_else(|| Error::Config("credentials missing".into()))?;
            let input = SigningInput { method: &ep.method, path: ep.path, query, body, timestamp: ts };
            suffix = inner.dialect.signed_query(&input, creds)?;
            inner.dialect.sign(&input, creds, &mut headers)?;
        }
        let url = match (query.is_empty(), suffix) {
            (true, None) => format!("{}{}", inner.base_url, ep.path),
            (false, None) => format!("{}{}?{query}", inner.base_url, ep.path),
            (true, Some(s)) => format!("{}{}?{s}", inner.base_url, ep.path),
            (false, Some(s)) => format!("{}{}?{query}&{s}", inner.base_url, ep.path),
        };
        if !body.is_empty() {
            headers.insert(reqwest::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        let mut request = inner
            .http
            .request(ep.method.clone(), &url)
            .build()
            .map_err(|e| Error::Config(format!("cannot build request for {}: {e}", ep.path)))?;
        // Moved in whole when the builder added nothing (a URL with user info adds basic
        // auth), rather than through `RequestBuilder::headers`, which inserts each one again.
        if request.headers().is_empty() {
            *request.headers_mut() = headers;
        } else {
            request.headers_mut().extend(headers);
        }
        if !body.is_empty() {
            *request.body_mut() = Some(body.clone().into());
        }
        Ok(request)
    }

    /// One attempt on the wire, within the transport's timeout (headers and body alike).
    async fn transmit(&self, request: reqwest::Request) -> std::result::Result<RawResponse, TransportFailure> {
        let Some(deadlines) = &self.inner.deadlines else {
            return self.exchange(request).await;
        };
        let mut deadline = deadlines.start();
        match deadline.bound(self.exchange(request)).await {
            Some(answer) => answer,
            // As reqwest's own total timeout: the request may have left.
            None => Err(TransportFailure {
                maybe_sent: true,
                message: "timed out".to_owned(),
                source: Some(Box::new(TimedOut(deadlines.timeout()))),
            }),
        }
    }

    async fn exchange(&self, request: reqwest::Request) -> std::result::Result<RawResponse, TransportFailure> {
        let mut response = self.inner.http.execute(request).await.map_err(|e| TransportFailure {
            // A connect error means no byte of the request left this machine.
            maybe_sent: !e.is_connect(),
            message: transport_message(&e).to_owned(),
            source: Some(Box::new(e.without_url())),
        })?;
        let status = response.status().as_u16();
        // Moved out, not copied: reading the body needs none of them.
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(|e| TransportFailure {
            maybe_sent: true,
            message: format!("reading body after HTTP {status}: {}", transport_message(&e)),
            source: Some(Box::new(e.without_url())),
        })?;
        Ok(RawResponse { status, headers, body })
    }

    fn unknown(&self, request: &Request<'_>, sent_at: UnixMillis, cause: String, ve: Option<VenueError>) -> Error {
        let ep = request.endpoint;
        let intent = match request.intent.clone() {
            Some(i) => i,
            None => {
                let op = match ep.kind {
                    Kind::Write { operation, .. } => operation,
                    Kind::Read => crate::Operation::Reconcile,
                };
                ReconcileIntent::new(self.inner.dialect.venue(), op, ep.path)
            }
        };
        Error::outcome_unknown(intent.sent_at(sent_at), cause, ve)
    }
}

/// A stable, non-secret name for the account behind `credentials`: the first 16 hex digits
/// of SHA-256 of the API key (`"anonymous"` without credentials).
fn account_digest(credentials: Option<&Credentials>) -> String {
    use sha2::Digest as _;
    match credentials {
        Some(c) => hex::encode(&sha2::Sha256::digest(c.api_key().as_bytes())[..8]),
        None => "anonymous".to_owned(),
    }
}

/// No complete answer (status, headers and body) within the transport's timeout.
#[derive(Debug)]
struct TimedOut(std::time::Duration);

impl std::fmt::Display for TimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no complete answer within {} ms", self.0.as_millis())
    }
}

impl std::error::Error for TimedOut {}

fn failure_is_transient(e: &Error) -> bool {
    e.is_retryable() || matches!(e, Error::Decode { .. })
}

/// What went wrong below HTTP, in a word; the cause chain stays in the error's `source`.
fn transport_message(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "connection failed"
    }
}
