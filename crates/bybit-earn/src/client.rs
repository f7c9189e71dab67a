//! [`BybitEarnClient`]: the typed Bybit V5 Earn REST client and its builder.

use std::future::Future;
use std::time::Duration;

use earn_core::http::{Endpoint, HttpClient, Query, Request, TransportOptions};
use earn_core::{Credentials, Error, ReconcileIntent, Result, UnixMillis, VenueError};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::pagination::{Page, Pages};
use crate::{BybitDialect, BybitEnvironment, LimitStatus, VENUE};

/// Longest wait honoured from an exhausted `X-Bapi-Limit-Status` before sending.
const MAX_LIMIT_WAIT: Duration = Duration::from_secs(10);

/// Builds a [`BybitEarnClient`]; the environment is an explicit choice.
#[derive(Debug)]
pub struct BybitEarnClientBuilder {
    environment: BybitEnvironment,
    base_url: Option<String>,
    credentials: Option<Credentials>,
    recv_window: Duration,
    transport: TransportOptions,
}

impl BybitEarnClientBuilder {
    // Retries cover reads, and place-order (keyed by orderLinkId) after a definite rejection.
    earn_core::transport_setters!();

    /// Replaces the environment's base URL (regional hosts, `api.bytick.com`, a simulator).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// API key and secret (HMAC keys). Without them only public endpoints work.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// `X-BAPI-RECV-WINDOW` (default 5 s). A fixed window plus the server-clock offset;
    /// it is never widened on failure.
    pub fn recv_window(mut self, window: Duration) -> Self {
        self.recv_window = window;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<BybitEarnClient> {
        if self.recv_window.is_zero() {
            return Err(Error::invalid_input("recv_window", "must be greater than zero"));
        }
        let base = self.base_url.unwrap_or_else(|| self.environment.base_url().to_owned());
        let mut b = HttpClient::builder(BybitDialect::new(self.recv_window), base).transport(self.transport);
        if let Some(c) = self.credentials {
            b = b.credentials(c);
        }
        Ok(BybitEarnClient { http: b.build()?, environment: self.environment })
    }
}

/// The Bybit V5 Earn REST client: one typed method per endpoint, in Bybit's own vocabulary.
///
/// Cheap to clone; clones share the connection pool, rate-limit budgets, the rate-limit
/// header state and the clock offset. Endpoint methods live in the family modules:
/// [`easy_earn`](crate::easy_earn) (FlexibleSaving and OnChain), [`fixed_saving`](crate::fixed_saving),
/// [`byusdt`](crate::byusdt), [`hold_to_earn`](crate::hold_to_earn) and [`market`](crate::market).
#[derive(Clone, Debug)]
pub struct BybitEarnClient {
    http: HttpClient<BybitDialect>,
    environment: BybitEnvironment,
}

impl BybitEarnClient {
    /// A builder for `environment` (5 s receive window, earn-core's default timeouts and retries).
    pub fn builder(environment: BybitEnvironment) -> BybitEarnClientBuilder {
        BybitEarnClientBuilder {
            environment,
            base_url: None,
            credentials: None,
            recv_window: Duration::from_secs(5),
            transport: TransportOptions::default(),
        }
    }

    /// The environment chosen at build time (the base URL may have been overridden).
    pub fn environment(&self) -> BybitEnvironment {
        self.environment
    }

    /// The shared executor (base URL, clock, dialect).
    pub fn http(&self) -> &HttpClient<BybitDialect> {
        &self.http
    }

    /// Learns Bybit's clock offset from `GET /v5/market/time`.
    pub async fn sync_clock(&self) -> Result<()> {
        self.guard(&crate::endpoints::SERVER_TIME).await?;
        self.http.sync_clock().await
    }

    /// Bybit's current time by this client's best estimate (local clock plus offset).
    pub fn venue_now(&self) -> UnixMillis {
        self.http.clock().now()
    }

    /// The last rate-limit headers seen for an endpoint path (`"/v5/earn/order"`).
    pub fn limit_status(&self, path: &str) -> Option<LimitStatus> {
        self.http.dialect().limits().status(path)
    }

    /// Forgets an IP ban recorded after HTTP 403 (requests are refused locally until it lifts).
    pub fn clear_ip_ban(&self) {
        self.http.dialect().limits().lift_ban();
    }

    /// Refuses locally during an IP ban; waits out an exhausted per-endpoint budget.
    async fn guard(&self, ep: &Endpoint) -> Result<()> {
        let limits = self.http.dialect().limits();
        if let Some(left) = limits.ban_left() {
            let ve = VenueError::new(
                VENUE,
                "HTTP 403",
                "IP banned by Bybit for too-frequent access; refused locally until the ban lifts",
                None,
            );
            return Err(Error::RateLimited { error: ve, retry_after: Some(left) });
        }
        if let Some(wait) = limits.status(ep.path).and_then(|s| s.wait_from(self.venue_now())) {
            tracing::debug!(path = ep.path, wait_ms = wait.as_millis() as u64, "waiting for Bybit limit reset");
            tokio::time::sleep(wait.min(MAX_LIMIT_WAIT)).await;
        }
        Ok(())
    }

    /// The one call path for reads: `GET path?query`.
    pub(crate) async fn get<T: DeserializeOwned>(&self, ep: &'static Endpoint, query: Query) -> Result<T> {
        self.guard(ep).await?;
        self.http.call(Request::new(ep).query(query)).await
    }

    /// The one call path for POSTs: compact JSON body, signed as sent.
    pub(crate) async fn post<T: DeserializeOwned, B: Serialize>(
        &self,
        ep: &'static Endpoint,
        body: &B,
        intent: Option<ReconcileIntent>,
    ) -> Result<T> {
        self.guard(ep).await?;
        let mut request = Request::new(ep).json(body)?;
        if let Some(i) = intent {
            request = request.intent(i);
        }
        self.http.call(request).await
    }

    /// A [`Pages`] walker over a paginated endpoint: `fetch` gets a clone of this client,
    /// the parameters and the cursor to send.
    pub(crate) fn paginate<P, T, F, Fut>(
        &self,
        ep: &'static Endpoint,
        params: P,
        first_cursor: Option<String>,
        fetch: F,
    ) -> Pages<T>
    where
        P: Clone + Send + Sync + 'static,
        T: Send + 'static,
        F: Fn(BybitEarnClient, P, Option<String>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Page<T>>> + Send + 'static,
    {
        let client = self.clone();
        Pages::new(
            ep.path,
            first_cursor,
            Box::new(move |cursor| Box::pin(fetch(client.clone(), params.clone(), cursor))),
        )
    }
}
