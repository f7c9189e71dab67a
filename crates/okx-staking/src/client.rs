//! [`OkxStakingClient`]: the typed REST client, its builder and the one generic call path.

use earn_core::http::{Endpoint, HttpClient, Query, Request, TransportOptions};
use earn_core::{Credentials, ReconcileIntent, Result, UnixMillis};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::dialect::{Environment, OkxDialect, PUBLIC_TIME};

/// Which OKX REST host to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum OkxHost {
    /// `https://www.okx.com`: the older global host, still the default of OKX's SDKs.
    Global,
    /// `https://openapi.okx.com`: the global production host of the current (2026) docs. Default.
    #[default]
    OpenApi,
    /// `https://us.okx.com`: accounts registered on app.okx.com (US, AU).
    Us,
    /// `https://eea.okx.com`: accounts registered on my.okx.com (EU/EEA); the global hosts
    /// answer these keys with `50119`.
    Eea,
}

impl OkxHost {
    /// The base URL.
    pub fn base_url(self) -> &'static str {
        match self {
            OkxHost::Global => "https://www.okx.com",
            OkxHost::OpenApi => "https://openapi.okx.com",
            OkxHost::Us => "https://us.okx.com",
            OkxHost::Eea => "https://eea.okx.com",
        }
    }
}

/// Builds an [`OkxStakingClient`]. The environment is always explicit.
#[derive(Debug)]
pub struct OkxStakingClientBuilder {
    environment: Environment,
    host: OkxHost,
    base_url: Option<String>,
    credentials: Option<Credentials>,
    transport: TransportOptions,
}

impl OkxStakingClientBuilder {
    // Writes here are never repeated (OKX has no idempotency key); a write that times out
    // after it was sent becomes `Error::OutcomeUnknown`.
    earn_core::transport_setters!();

    /// Selects the host (default [`OkxHost::OpenApi`]). Ignored when [`base_url`](Self::base_url) is set.
    pub fn host(mut self, host: OkxHost) -> Self {
        self.host = host;
        self
    }

    /// Overrides the base URL (the simulator, a proxy, a test server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// API key, secret and passphrase (needed for every signed endpoint).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<OkxStakingClient> {
        let base = self.base_url.unwrap_or_else(|| self.host.base_url().to_owned());
        let mut b = HttpClient::builder(OkxDialect::new(self.environment), base).transport(self.transport);
        if let Some(c) = self.credentials {
            b = b.credentials(c);
        }
        Ok(OkxStakingClient { http: b.build()? })
    }
}

/// Typed client for OKX ETH staking, SOL staking and on-chain earn (REST v5).
///
/// One method per endpoint, in OKX's vocabulary (`amt`, `ordId`, `investData`). Requests
/// are validated before anything is sent; writes are sent once and never repeated (OKX has
/// no idempotency key): an unclear answer is [`Error::OutcomeUnknown`](earn_core::Error::OutcomeUnknown).
/// Cheap to clone; clones share rate limits and the clock offset.
#[derive(Clone, Debug)]
pub struct OkxStakingClient {
    http: HttpClient<OkxDialect>,
}

impl OkxStakingClient {
    /// A builder for `environment` (no default: live and demo keys differ).
    pub fn builder(environment: Environment) -> OkxStakingClientBuilder {
        OkxStakingClientBuilder {
            environment,
            host: OkxHost::default(),
            base_url: None,
            credentials: None,
            transport: TransportOptions::default(),
        }
    }

    /// The underlying executor (base URL, clock, dialect).
    pub fn http(&self) -> &HttpClient<OkxDialect> {
        &self.http
    }

    /// The environment this client talks to.
    pub fn environment(&self) -> Environment {
        self.http.dialect().environment()
    }

    /// The OKX clock as this client sees it (local clock plus learned offset).
    pub fn now(&self) -> UnixMillis {
        self.http.clock().now()
    }

    /// Learns the clock offset from `GET /api/v5/public/time`.
    pub async fn sync_clock(&self) -> Result<()> {
        self.http.sync_clock().await
    }

    /// `GET /api/v5/public/time`: the OKX server time.
    pub async fn server_time(&self) -> Result<UnixMillis> {
        use earn_core::http::Dialect as _;
        let raw: Box<serde_json::value::RawValue> = self.http.call(Request::new(&PUBLIC_TIME)).await?;
        self.http.dialect().parse_server_time(raw.get())
    }

    /// The generic read: `endpoint` with `query`, `data` decoded as `T`.
    pub(crate) async fn read<T: DeserializeOwned>(&self, endpoint: &'static Endpoint, query: Query) -> Result<T> {
        self.http.call(Request::new(endpoint).query(query)).await
    }

    /// The generic write: `body` serialized once (compact JSON), signed and sent once.
    pub(crate) async fn write<T: DeserializeOwned, B: Serialize>(
        &self,
        endpoint: &'static Endpoint,
        body: &B,
        intent: ReconcileIntent,
    ) -> Result<T> {
        self.http.call(Request::new(endpoint).json(body)?.intent(intent)).await
    }
}
