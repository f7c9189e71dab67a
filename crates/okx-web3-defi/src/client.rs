//! [`OkxWeb3DefiClient`]: the typed REST client, its builder and its one call path.

use std::time::Duration;

use earn_core::http::{ClockSync, Endpoint, HttpClient, Query, RateLimit, Request, TransportOptions};
use earn_core::{Credentials, Error, Result};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::dialect::{OkxWeb3Dialect, ServerTime};

/// The production host.
pub const DEFAULT_BASE_URL: &str = "https://web3.okx.com";

/// Checks a request before it is sent; every request type implements it.
pub trait Validate {
    /// `Err(Error::InvalidInput)` naming the field and the rule it breaks.
    fn validate(&self) -> Result<()>;
}

/// Turns a GET request into its query string.
pub trait QueryParams {
    /// The query, in the order the venue documents it.
    fn to_query(&self) -> Query;
}

/// No parameters.
impl Validate for () {
    fn validate(&self) -> Result<()> {
        Ok(())
    }
}

impl QueryParams for () {
    fn to_query(&self) -> Query {
        Query::new()
    }
}

/// Client-side request budget, shared by every clone of a client.
///
/// OKX documents **no** rate limit for any DeFi endpoint (only that throttling answers
/// HTTP 429 / `50011`). The default, 5 requests per second per client with no burst, is a
/// conservative guess below the limits OKX publishes for its other Web3 APIs; requests are
/// spaced like earn-core's limits ([`RateLimit::spacing`]: a 2 % margin over `per / requests`)
/// and the executor retries 429s with backoff.
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
    rate_limit: Option<ClientRateLimit>,
}

impl OkxWeb3DefiClientBuilder {
    // Every endpoint of this API is safe to repeat; clock sync is only meaningful with
    // `ServerTime::OkxPublicTime`.
    earn_core::transport_setters!();

    /// Replaces the base URL (default `https://web3.okx.com`; legacy `https://www.okx.com`;
    /// a simulator).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// API key, secret and passphrase from the OKX Web3 developer portal.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
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

    /// Client-side request budget (default [`ClientRateLimit::default`]).
    pub fn rate_limit(mut self, limit: ClientRateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Turns the client-side budget off (tests, or when you throttle yourself).
    pub fn no_rate_limit(mut self) -> Self {
        self.rate_limit = None;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<OkxWeb3DefiClient> {
        if self.transport.clock_sync == ClockSync::BeforeFirstRequest && self.server_time == ServerTime::LocalClock {
            return Err(Error::Config(
                "ClockSync::BeforeFirstRequest needs a time source: set .server_time(ServerTime::OkxPublicTime)".into(),
            ));
        }
        if self.rate_limit.is_some_and(|l| l.requests == 0 || l.per.is_zero()) {
            return Err(Error::Config("rate limit needs at least one request per non-zero period".into()));
        }
        let dialect = OkxWeb3Dialect::new(self.project_id.as_deref(), self.server_time)?;
        // One budget for every endpoint, shared by clones, enforced by the executor on every
        // attempt (retries included).
        let budget = self.rate_limit.map(|l| RateLimit::new("okx-web3-defi", l.requests, l.per));
        let mut b = HttpClient::builder(dialect, self.base_url).transport(self.transport).client_limit(budget);
        if let Some(c) = self.credentials {
            b = b.credentials(c);
        }
        Ok(OkxWeb3DefiClient { http: b.build()? })
    }
}

/// Typed client of the OKX Web3 DeFi API, both generations: [`v5`](Self::v5) and [`v6`](Self::v6).
///
/// Cheap to clone; clones share connections, the request budget and the clock. None of
/// the endpoints moves funds: the transaction endpoints only **build** unsigned call data,
/// so every call is a read for the executor and is safely retried.
#[derive(Clone, Debug)]
pub struct OkxWeb3DefiClient {
    http: HttpClient<OkxWeb3Dialect>,
}

impl OkxWeb3DefiClient {
    /// A builder with the production base URL and default settings.
    pub fn builder() -> OkxWeb3DefiClientBuilder {
        OkxWeb3DefiClientBuilder {
            base_url: DEFAULT_BASE_URL.to_owned(),
            credentials: None,
            project_id: None,
            transport: TransportOptions::default(),
            server_time: ServerTime::default(),
            rate_limit: Some(ClientRateLimit::default()),
        }
    }

    /// The v5 "DeFi API" (explore, calculator, transaction, user).
    pub fn v5(&self) -> crate::v5::V5<'_> {
        crate::v5::V5::new(self)
    }

    /// The v6 "OnchainOS DeFi API" (product, calculator, transaction, user).
    pub fn v6(&self) -> crate::v6::V6<'_> {
        crate::v6::V6::new(self)
    }

    /// The shared executor (base URL, clock).
    pub fn http(&self) -> &HttpClient<OkxWeb3Dialect> {
        &self.http
    }

    /// Learns the clock offset (needs [`ServerTime::OkxPublicTime`]).
    pub async fn sync_clock(&self) -> Result<()> {
        self.http.sync_clock().await
    }

    /// GET `ep` with `params` in the query string (validated first).
    pub(crate) async fn get<P, T>(&self, ep: &'static Endpoint, params: &P) -> Result<T>
    where
        P: QueryParams + Validate + ?Sized,
        T: DeserializeOwned + Default,
    {
        params.validate()?;
        let data: Option<T> = self.http.call(Request::new(ep).query(params.to_query())).await?;
        Ok(data.unwrap_or_default())
    }

    /// POST `body` as compact JSON to `ep` (validated first; the bytes sent are the bytes signed).
    pub(crate) async fn post<B, T>(&self, ep: &'static Endpoint, body: &B) -> Result<T>
    where
        B: Serialize + Validate + ?Sized,
        T: DeserializeOwned + Default,
    {
        body.validate()?;
        let data: Option<T> = self.http.call(Request::new(ep).json(body)?).await?;
        Ok(data.unwrap_or_default())
    }
}
