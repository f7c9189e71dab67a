//! [`OkxStakingClient`]: the typed REST client, its builder and the one generic call path.

use earn_core::http::{ApiRequest, HttpClient, TransportOptions};
use earn_core::{Credentials, ReconcileIntent, Result, UnixMillis};
pub use okx_common::{Environment, OkxHost};

use crate::dialect::OkxDialect;

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
    /// API key, secret and passphrase (needed for every signed endpoint).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

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

    /// Timeouts, read retries, clock sync and rate limiting. Writes are never repeated
    /// here (OKX has no idempotency key): a write that may have left and got no clear
    /// answer is [`Error::OutcomeUnknown`](earn_core::Error::OutcomeUnknown).
    pub fn transport(mut self, transport: TransportOptions) -> Self {
        self.transport = transport;
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
/// Every endpoint is a request type in [`crate::api`], in OKX's vocabulary (`amt`,
/// `ordId`, `investData`), sent with the one generic [`send`](Self::send). A request is
/// validated before anything is sent; writes are sent once and never repeated (OKX has no
/// idempotency key): an unclear answer is [`Error::OutcomeUnknown`](earn_core::Error::OutcomeUnknown).
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

    /// Validates `request`, sends it once (reads may be retried) and decodes OKX's `data`.
    ///
    /// Nothing is sent when the request breaks a local rule ([`Error::InvalidInput`](earn_core::Error::InvalidInput)).
    pub async fn send<R: ApiRequest<Dialect = OkxDialect>>(&self, request: &R) -> Result<R::Response> {
        self.http.send(request).await
    }

    /// [`send`](Self::send) with the adapter's own reconciliation intent for a write.
    pub(crate) async fn send_with_intent<R: ApiRequest<Dialect = OkxDialect>>(
        &self,
        request: &R,
        intent: ReconcileIntent,
    ) -> Result<R::Response> {
        self.http.send_with_intent(request, intent).await
    }

    /// The environment this client talks to.
    pub fn environment(&self) -> Environment {
        self.http.dialect().environment()
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }

    /// The OKX clock as this client sees it (local clock plus learned offset).
    pub fn now(&self) -> UnixMillis {
        self.http.clock().now()
    }

    /// The learned offset of the OKX clock from the local one, in milliseconds.
    pub fn clock_offset_ms(&self) -> i64 {
        self.http.clock().offset_ms()
    }

    /// Learns the clock offset from `GET /api/v5/public/time`.
    pub async fn sync_clock(&self) -> Result<()> {
        self.http.sync_clock().await
    }
}
