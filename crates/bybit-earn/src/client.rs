//! [`BybitEarnClient`]: the typed Bybit V5 Earn REST client, its builder, its
//! [`Environment`], and cursor pagination ([`Pages`]).

use std::time::Duration;

use earn_core::http::{ApiRequest, Endpoint, HttpClient, ServerClock, TransportOptions};
use earn_core::{Credentials, Error, ReconcileIntent, Result, UnixMillis, VenueError};

use crate::VENUE;
use crate::dialect::{BybitDialect, LimitStatus};

/// Longest wait honoured from an exhausted `X-Bapi-Limit-Status` before sending.
const MAX_LIMIT_WAIT: Duration = Duration::from_secs(10);

/// Which Bybit deployment to use. API keys belong to one environment: a mainnet key on
/// testnet fails with retCode 10003.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Environment {
    /// Production, `https://api.bybit.com`.
    Mainnet,
    /// Testnet, `https://api-testnet.bybit.com` (own keys; all Earn doc examples use it).
    Testnet,
    /// Demo trading, `https://api-demo.bybit.com` (own keys). Bybit does **not** list Earn
    /// among the demo-trading APIs, so Earn calls will most likely be refused there.
    Demo,
}

impl Environment {
    /// Alternative mainnet host (`api.bytick.com`), for [`BybitEarnClientBuilder::base_url`].
    pub const MAINNET_ALTERNATIVE: &'static str = "https://api.bytick.com";

    /// The REST base URL, without a trailing `/`.
    pub fn base_url(self) -> &'static str {
        match self {
            Environment::Mainnet => "https://api.bybit.com",
            Environment::Testnet => "https://api-testnet.bybit.com",
            Environment::Demo => "https://api-demo.bybit.com",
        }
    }
}

/// Builds a [`BybitEarnClient`]; the environment is an explicit choice.
#[derive(Debug)]
pub struct BybitEarnClientBuilder {
    environment: Environment,
    base_url: Option<String>,
    credentials: Option<Credentials>,
    recv_window: Duration,
    transport: TransportOptions,
}

impl BybitEarnClientBuilder {
    /// Replaces the environment's base URL (regional hosts,
    /// [`Environment::MAINNET_ALTERNATIVE`], a simulator).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// API key and secret (HMAC keys). Without them only public endpoints work.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Timeouts, retries, clock sync and rate limiting. Retries cover reads, and writes
    /// carrying `orderLinkId` after a definite rejection (same body, same id).
    pub fn transport(mut self, transport: TransportOptions) -> Self {
        self.transport = transport;
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

/// The Bybit V5 Earn REST client: every endpoint is a request type in [`api`](crate::api),
/// sent with the one generic [`send`](Self::send).
///
/// Cheap to clone; clones share the connection pool, rate-limit budgets, the rate-limit
/// header state (and an IP ban) and the clock offset.
#[derive(Clone, Debug)]
pub struct BybitEarnClient {
    http: HttpClient<BybitDialect>,
    environment: Environment,
}

impl BybitEarnClient {
    /// A builder for `environment` (5 s receive window, earn-core's default transport).
    pub fn builder(environment: Environment) -> BybitEarnClientBuilder {
        BybitEarnClientBuilder {
            environment,
            base_url: None,
            credentials: None,
            recv_window: Duration::from_secs(5),
            transport: TransportOptions::default(),
        }
    }

    /// Validates `request` (nothing is sent when it breaks a rule), sends it, and decodes
    /// its answer.
    ///
    /// During an IP ban (after HTTP 403) requests are refused locally with
    /// [`Error::RateLimited`]; an exhausted `X-Bapi-Limit-Status` budget is waited out
    /// first. A write that may have been applied without a clear answer is
    /// [`Error::OutcomeUnknown`], carrying the request's `orderLinkId` for
    /// [`EarnVenue::reconcile`](earn_core::EarnVenue::reconcile).
    pub async fn send<R: ApiRequest<Dialect = BybitDialect>>(&self, request: &R) -> Result<R::Response> {
        self.guard(request.endpoint()).await?;
        self.http.send(request).await
    }

    /// [`send`](Self::send) with the adapter's own reconciliation intent.
    pub(crate) async fn send_with_intent<R: ApiRequest<Dialect = BybitDialect>>(
        &self,
        request: &R,
        intent: ReconcileIntent,
    ) -> Result<R::Response> {
        self.guard(request.endpoint()).await?;
        self.http.send_with_intent(request, intent).await
    }

    /// Walks a cursor-paginated endpoint, page by page, starting at the request's cursor.
    ///
    /// ```no_run
    /// # async fn run(client: bybit_earn::BybitEarnClient) -> earn_core::Result<()> {
    /// use bybit_earn::api::easy_earn::{EarnCategory, GetOrderHistory};
    /// let mut pages = client.pages(GetOrderHistory::new(EarnCategory::FlexibleSaving));
    /// while let Some(orders) = pages.next_page().await? {
    ///     for o in orders {
    ///         println!("{} {} {}", o.order_id, o.order_type, o.order_value);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pages<R: Paginated>(&self, mut request: R) -> Pages<R> {
        let cursor = request.cursor_mut().clone();
        Pages { client: self.clone(), request, cursor, finished: false, truncated: false, fetched: 0, max_pages: 100 }
    }

    /// The environment chosen at build time (the base URL may have been overridden).
    pub fn environment(&self) -> Environment {
        self.environment
    }

    /// The base URL requests go to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }

    /// Bybit's clock as this client sees it (the learned offset).
    pub fn clock(&self) -> &ServerClock {
        self.http.clock()
    }

    /// Whether credentials are configured (signed endpoints need them).
    pub fn has_credentials(&self) -> bool {
        self.http.has_credentials()
    }

    /// Learns Bybit's clock offset from `GET /v5/market/time`.
    pub async fn sync_clock(&self) -> Result<()> {
        self.guard(&crate::dialect::SERVER_TIME).await?;
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
}

/// A request to a cursor-paginated endpoint: it sends a `cursor`, its answer names the
/// next one ([`Paged`]).
pub trait Paginated: ApiRequest<Dialect = BybitDialect, Response: Paged> + Send + 'static {
    /// The `cursor` parameter this request sends (`None`: the first page).
    fn cursor_mut(&mut self) -> &mut Option<String>;
}

/// One page of answers: its rows, and the cursor of the next page.
pub trait Paged {
    /// One row.
    type Item: Send;

    /// The rows and the next page's cursor (`None` on the last page).
    fn into_parts(self) -> (Vec<Self::Item>, Option<String>);
}

/// The rows a walk over `R` yields.
pub type Row<R> = <<R as ApiRequest>::Response as Paged>::Item;

/// Walks a cursor-paginated endpoint page by page ([`BybitEarnClient::pages`]).
///
/// Stops at the last page (empty cursor), when the venue repeats a cursor (an error), or
/// after [`max_pages`](Self::max_pages) pages (default 100; [`is_truncated`](Self::is_truncated)
/// then says so). Each page is one request, subject to the client's rate limits.
pub struct Pages<R> {
    client: BybitEarnClient,
    request: R,
    cursor: Option<String>,
    finished: bool,
    truncated: bool,
    fetched: u32,
    max_pages: u32,
}

impl<R: Paginated> Pages<R> {
    /// Fetches at most `n` pages in all (at least 1).
    pub fn max_pages(mut self, n: u32) -> Self {
        self.max_pages = n.max(1);
        self
    }

    /// The next page's rows, or `None` when there are no more pages.
    pub async fn next_page(&mut self) -> Result<Option<Vec<Row<R>>>> {
        if self.finished {
            return Ok(None);
        }
        if self.fetched >= self.max_pages {
            self.finished = true;
            self.truncated = true;
            return Ok(None);
        }
        let (items, next) = self.client.send(&self.request).await?.into_parts();
        self.fetched += 1;
        match next {
            Some(next) if self.cursor.as_deref() == Some(next.as_str()) => {
                self.finished = true;
                let path = self.request.endpoint().path;
                return Err(Error::decode(VENUE, path, "nextPageCursor did not advance", next.as_bytes()));
            }
            Some(next) => {
                *self.request.cursor_mut() = Some(next.clone());
                self.cursor = Some(next);
            }
            None => self.finished = true,
        }
        Ok(Some(items))
    }

    /// Every remaining row, page after page (bounded by [`max_pages`](Self::max_pages)).
    pub async fn collect_all(mut self) -> Result<Vec<Row<R>>> {
        let mut all = Vec::new();
        while let Some(mut items) = self.next_page().await? {
            all.append(&mut items);
        }
        Ok(all)
    }

    /// Whether the walk stopped at the page bound while the venue still had pages.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// The cursor the next request will send.
    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }
}

impl<R: Paginated> std::fmt::Debug for Pages<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("path", &self.request.endpoint().path)
            .field("cursor", &self.cursor)
            .field("fetched", &self.fetched)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}
