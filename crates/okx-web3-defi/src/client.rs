//! [`OkxWeb3DefiClient`]: the typed REST client, its builder and its one call path.

use std::time::Duration;

use earn_core::http::{ApiRequest, ClockSync, HttpClient, RateLimit, ServerClock, TransportOptions};
use earn_core::{Credentials, Error, Result};

use crate::dialect::{OkxWeb3Dialect, ServerTime};

/// Client-side request budget, shared by every clone of a client.
///
/// OKX documents **no** rate limit for any DeFi endpoint (only that throttling answers
/// HTTP 429 / `50011`). The default, 5 requests per second per client with no burst, is a
/// conservative guess below the limits OKX publishes for its other Web3 APIs; requests are
/// spaced like earn-core's limits ([`RateLimit::spacing`]: a 2 % margin over `per / requests`)
/// and the executor retries 429s with backoff. Turn every client-side limit off with
/// [`TransportOptions::enforce_rate_limits`]`(false)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientRateLimit {
    /// Requests allowed per `per`.
    pub requests: u32,
    /// Window.
    pub per: Duration,
}

impl Default for ClientRateLimit {
    fn default() -> Self {
        ClientRateLimit { requests: 5, per: Duration::from_secs(1) }
    }
}

/// Builds an [`OkxWeb3DefiClient`].
#[derive(Debug)]
pub struct OkxWeb3DefiClientBuilder {
    base_url: String,
    credentials: Option<Credentials>,
    project_id: Option<String>,
    transport: TransportOptions,
    server_time: ServerTime,
    rate_limit: ClientRateLimit,
}

impl OkxWeb3DefiClientBuilder {
    /// Replaces the base URL (default [`okx_common::WEB3_HOST`], `https://web3.okx.com`;
    /// legacy `https://www.okx.com`; a simulator).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// API key, secret and passphrase from the OKX Web3 developer portal.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Timeouts, retries, clock sync and rate limiting, all at once. Every endpoint of this
    /// API is safe to repeat (none moves funds).
    pub fn transport(mut self, transport: TransportOptions) -> Self {
        self.transport = transport;
        self
    }

    /// Sends `OK-ACCESS-PROJECT` with every request (optional for the DeFi API).
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Where the server clock comes from (default: the local clock; see [`ServerTime`]).
    pub fn server_time(mut self, s: ServerTime) -> Self {
        self.server_time = s;
        self
    }

    /// The client-wide request budget (default [`ClientRateLimit::default`]).
    pub fn rate_limit(mut self, limit: ClientRateLimit) -> Self {
        self.rate_limit = limit;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<OkxWeb3DefiClient> {
        if self.transport.clock_sync == ClockSync::BeforeFirstRequest && self.server_time == ServerTime::LocalClock {
            return Err(Error::Config(
                "ClockSync::BeforeFirstRequest needs a time source: set .server_time(ServerTime::OkxPublicTime)".into(),
            ));
        }
        let limit = self.rate_limit;
        if limit.requests == 0 || limit.per.is_zero() {
            return Err(Error::Config("rate limit needs at least one request per non-zero period".into()));
        }
        let dialect = OkxWeb3Dialect::new(self.project_id.as_deref(), self.server_time)?;
        // One budget for every endpoint, shared by clones, enforced by the executor on every
        // attempt (retries included).
        let budget = RateLimit::new("okx-web3-defi", limit.requests, limit.per);
        let mut b = HttpClient::builder(dialect, self.base_url).transport(self.transport).client_limit(Some(budget));
        if let Some(c) = self.credentials {
            b = b.credentials(c);
        }
        Ok(OkxWeb3DefiClient { http: b.build()? })
    }
}

/// Typed client of the OKX Web3 DeFi API, both generations.
///
/// Every endpoint is a request type in [`api`](crate::api); [`send`](Self::send) checks it
/// and sends it. Cheap to clone; clones share connections, the request budget and the
/// clock. None of the endpoints moves funds: the transaction endpoints only **build**
/// unsigned call data, so every call is a read for the executor and is safely retried.
#[derive(Clone, Debug)]
pub struct OkxWeb3DefiClient {
    http: HttpClient<OkxWeb3Dialect>,
}

impl OkxWeb3DefiClient {
    /// A builder with the production base URL ([`okx_common::WEB3_HOST`]) and default settings.
    pub fn builder() -> OkxWeb3DefiClientBuilder {
        OkxWeb3DefiClientBuilder {
            base_url: okx_common::WEB3_HOST.to_owned(),
            credentials: None,
            project_id: None,
            transport: TransportOptions::default(),
            server_time: ServerTime::default(),
            rate_limit: ClientRateLimit::default(),
        }
    }

    /// Checks `request` (its `validate()`), sends it and decodes the venue's answer.
    ///
    /// Nothing is sent when the request breaks a rule that can be checked locally.
    pub async fn send<R: ApiRequest<Dialect = OkxWeb3Dialect>>(&self, request: &R) -> Result<R::Response> {
        self.http.send(request).await
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }

    /// The venue clock as this client sees it.
    pub fn clock(&self) -> &ServerClock {
        self.http.clock()
    }

    /// Learns the clock offset (needs [`ServerTime::OkxPublicTime`]).
    pub async fn sync_clock(&self) -> Result<()> {
        self.http.sync_clock().await
    }
}
