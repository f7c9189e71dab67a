//! [`BinanceEarnClient`]: the typed Binance REST client, its builder and its
//! [`Environment`].

use std::time::Duration;

use earn_core::http::{ApiRequest, HttpClient, ServerClock, TransportOptions};
use earn_core::{Credentials, Error, ReconcileIntent, Result, UnixMillis, VenueError};

use crate::VENUE;
use crate::api::common::Paged;
use crate::dialect::{BinanceDialect, UsedWeight};

/// Longest `recvWindow` Binance accepts (§2.4; inclusive).
pub const MAX_RECV_WINDOW: Duration = Duration::from_secs(60);

/// Which Binance host to use. There is **no** sandbox for these endpoints: the spot testnet
/// and demo mode serve only `/api`, never `/sapi` (reference §1). Test against the
/// simulator with [`BinanceEarnClientBuilder::base_url`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Environment {
    /// `https://api.binance.com`.
    Production,
    /// `https://api-gcp.binance.com`.
    Gcp,
    /// `https://api1.binance.com` ("better performance but less stability", as api2–api4).
    Api1,
    /// `https://api2.binance.com`.
    Api2,
    /// `https://api3.binance.com`.
    Api3,
    /// `https://api4.binance.com`.
    Api4,
}

impl Environment {
    /// The REST base URL, without a trailing `/`.
    pub fn base_url(self) -> &'static str {
        match self {
            Environment::Production => "https://api.binance.com",
            Environment::Gcp => "https://api-gcp.binance.com",
            Environment::Api1 => "https://api1.binance.com",
            Environment::Api2 => "https://api2.binance.com",
            Environment::Api3 => "https://api3.binance.com",
            Environment::Api4 => "https://api4.binance.com",
        }
    }
}

/// Builds a [`BinanceEarnClient`].
#[derive(Debug)]
pub struct BinanceEarnClientBuilder {
    environment: Environment,
    base_url: Option<String>,
    credentials: Option<Credentials>,
    recv_window: Duration,
    transport: TransportOptions,
}

impl BinanceEarnClientBuilder {
    /// Replaces the environment's base URL (a simulator, a proxy).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// API key and secret of an HMAC key. Without them only `GET /api/v3/time` works.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Timeouts, retries, clock sync and rate limiting. Reads are repeated through
    /// transient faults; writes never are (no Binance write carries an idempotency key).
    pub fn transport(mut self, transport: TransportOptions) -> Self {
        self.transport = transport;
        self
    }

    /// `recvWindow` (default 5 s, at most 60 s). Keep it small: reconciliation searches
    /// history from `sent − recvWindow`.
    pub fn recv_window(mut self, window: Duration) -> Self {
        self.recv_window = window;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<BinanceEarnClient> {
        if self.recv_window < Duration::from_millis(1) || self.recv_window > MAX_RECV_WINDOW {
            return Err(Error::invalid_input("recv_window", "must be between 1 ms and 60000 ms"));
        }
        let base = self.base_url.unwrap_or_else(|| self.environment.base_url().to_owned());
        let mut b = HttpClient::builder(BinanceDialect::new(self.recv_window), base).transport(self.transport);
        if let Some(c) = self.credentials {
            b = b.credentials(c);
        }
        Ok(BinanceEarnClient { http: b.build()?, environment: self.environment })
    }
}

/// The typed Binance REST client: every endpoint of the reference is a request type in
/// [`api`](crate::api), sent with the one generic [`send`](Self::send).
///
/// Cheap to clone; clones share the connection pool, the rate-limit budgets (each
/// endpoint's weight as a limit, §5), the weight headers last seen, an IP ban, and the
/// clock offset.
#[derive(Clone, Debug)]
pub struct BinanceEarnClient {
    http: HttpClient<BinanceDialect>,
    environment: Environment,
}

/// What [`BinanceEarnClient::all_pages`] collected.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Collected<T> {
    /// Every row of the pages read, in Binance's order.
    pub rows: Vec<T>,
    /// Whether the last page was reached (false: stopped at the page limit).
    pub complete: bool,
}

impl BinanceEarnClient {
    /// A builder for `environment` (5 s `recvWindow`, earn-core's default transport).
    pub fn builder(environment: Environment) -> BinanceEarnClientBuilder {
        BinanceEarnClientBuilder {
            environment,
            base_url: None,
            credentials: None,
            recv_window: Duration::from_secs(5),
            transport: TransportOptions::default(),
        }
    }

    /// Validates `request` (nothing is sent when it breaks a rule), signs it, sends it and
    /// decodes its answer.
    ///
    /// Each attempt is signed afresh, after its rate budget was acquired: `recvWindow` and
    /// `timestamp` (Binance's clock by this client's estimate) follow the request's
    /// parameters, and the signature over exactly the text sent comes last. A timestamp
    /// Binance rejects (`-1021`) makes the client learn Binance's clock and sign and send
    /// once more (nothing was applied). During an IP ban (HTTP 418) requests are refused
    /// locally with [`Error::RateLimited`]. A write that may have been applied without a
    /// clear answer is [`Error::OutcomeUnknown`] carrying the request's
    /// [`intent`](ApiRequest::intent); it is never repeated.
    pub async fn send<R: ApiRequest<Dialect = BinanceDialect>>(&self, request: &R) -> Result<R::Response> {
        self.refuse_during_ban(request)?;
        self.http.send(request).await
    }

    /// [`send`](Self::send) with the adapter's own reconciliation intent.
    pub(crate) async fn send_with_intent<R: ApiRequest<Dialect = BinanceDialect>>(
        &self,
        request: &R,
        intent: ReconcileIntent,
    ) -> Result<R::Response> {
        self.refuse_during_ban(request)?;
        self.http.send_with_intent(request, intent).await
    }

    /// [`Error::RateLimited`] while an HTTP 418 ban is in force: nothing is sent. Invalid
    /// input is still reported as such (the executor validates otherwise, once).
    fn refuse_during_ban<R: ApiRequest<Dialect = BinanceDialect>>(&self, request: &R) -> Result<()> {
        match self.http.dialect().limits().ban_left() {
            Some(left) => {
                request.validate()?;
                let ve = VenueError::new(
                    VENUE,
                    "HTTP 418",
                    "IP banned by Binance; refused locally until the ban ends",
                    None,
                );
                Err(Error::RateLimited { error: ve, retry_after: Some(left) })
            }
            None => Ok(()),
        }
    }

    /// Reads a `current`/`size` paginated endpoint from page 1 with 100 rows per page,
    /// until a short page, the `total` Binance reports, or `max_pages` pages.
    ///
    /// ```no_run
    /// # async fn run(client: binance_earn::BinanceEarnClient) -> earn_core::Result<()> {
    /// use binance_earn::api::flexible::GetFlexibleProducts;
    /// let all = client.all_pages(GetFlexibleProducts::new(), 10).await?;
    /// println!("{} products, complete: {}", all.rows.len(), all.complete);
    /// # Ok(()) }
    /// ```
    pub async fn all_pages<R: Paged>(&self, mut request: R, max_pages: u32) -> Result<Collected<R::Row>> {
        let size = 100u32;
        let mut rows = Vec::new();
        for current in 1..=max_pages.max(1) {
            request.set_page(current, size);
            let page = self.send(&request).await?;
            let got = page.rows.len();
            rows.extend(page.rows);
            let total = page.total.and_then(|t| usize::try_from(t).ok());
            if got < size as usize || total.is_some_and(|t| rows.len() >= t) {
                return Ok(Collected { rows, complete: true });
            }
        }
        Ok(Collected { rows, complete: false })
    }

    /// The environment chosen at build time (the base URL may have been overridden).
    pub fn environment(&self) -> Environment {
        self.environment
    }

    /// The base URL requests go to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }

    /// Whether credentials are configured (every endpoint but the server time needs them).
    pub fn has_credentials(&self) -> bool {
        self.http.has_credentials()
    }

    /// The `recvWindow` sent with every signed request.
    pub fn recv_window(&self) -> Duration {
        Duration::from_millis(self.http.dialect().recv_window_ms())
    }

    /// Binance's clock as this client sees it (the learned offset).
    pub fn clock(&self) -> &ServerClock {
        self.http.clock()
    }

    /// Binance's current time by this client's best estimate.
    pub fn venue_now(&self) -> UnixMillis {
        self.http.clock().now()
    }

    /// Learns Binance's clock offset from `GET /api/v3/time`.
    pub async fn sync_clock(&self) -> Result<()> {
        self.http.sync_clock().await
    }

    /// The weight headers of the last answer from an endpoint path
    /// (`"/sapi/v1/simple-earn/flexible/list"`): `X-SAPI-USED-IP-WEIGHT-1M`,
    /// `X-SAPI-USED-UID-WEIGHT-1M`, `X-MBX-USED-WEIGHT-*`.
    pub fn used_weight(&self, path: &str) -> Option<UsedWeight> {
        self.http.dialect().limits().used(path)
    }

    /// The weight headers of the last answer that had any, with its endpoint path.
    pub fn last_used_weight(&self) -> Option<(&'static str, UsedWeight)> {
        self.http.dialect().limits().last()
    }

    /// Forgets an IP ban recorded after HTTP 418 (requests are refused locally until it ends).
    pub fn clear_ip_ban(&self) {
        self.http.dialect().limits().lift_ban();
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::time::Duration;

    use earn_core::http::{Access, Endpoint, Kind};

    use crate::api::{eth_staking as eth, flexible as fx, locked as lk, simple_earn as se, sol_staking as sol, wallet};
    use crate::dialect::SERVER_TIME;

    /// Every endpoint of the reference, with its IP/UID weight budget (requests per minute)
    /// and whether it has the "1/3s per account" limit.
    fn all() -> Vec<(&'static Endpoint, u32, bool)> {
        vec![
            (&se::ACCOUNT, 80, false),
            (&fx::LIST, 80, false),
            (&lk::LIST, 80, false),
            (&fx::LEFT_QUOTA, 80, false),
            (&lk::LEFT_QUOTA, 80, false),
            (&fx::PREVIEW, 80, false),
            (&lk::PREVIEW, 80, false),
            (&fx::SUBSCRIBE, 12_000, true),
            (&lk::SUBSCRIBE, 12_000, true),
            (&fx::REDEEM, 12_000, true),
            (&lk::REDEEM, 12_000, true),
            (&fx::POSITION, 80, false),
            (&lk::POSITION, 80, false),
            (&fx::SUBSCRIPTION_RECORD, 80, false),
            (&lk::SUBSCRIPTION_RECORD, 80, false),
            (&fx::REDEMPTION_RECORD, 80, false),
            (&lk::REDEMPTION_RECORD, 80, false),
            (&fx::REWARDS_RECORD, 80, false),
            (&lk::REWARDS_RECORD, 80, false),
            (&fx::RATE_HISTORY, 80, false),
            (&fx::COLLATERAL_RECORD, 80, false),
            (&fx::SET_AUTO_SUBSCRIBE, 80, false),
            (&lk::SET_AUTO_SUBSCRIBE, 80, false),
            (&lk::SET_REDEEM_OPTION, 240, false),
            (&SERVER_TIME, 1_000, false),
            (&wallet::SPOT_ACCOUNT, 250, false),
            (&wallet::FUNDING_ASSET, 12_000, false),
            (&wallet::USER_ASSET, 2_400, false),
            (&wallet::WALLET_BALANCE, 200, false),
            (&wallet::TRANSFER, 200, false),
            (&wallet::TRANSFER_HISTORY, 12_000, false),
            (&eth::ACCOUNT, 80, false),
            (&eth::QUOTA, 80, false),
            (&eth::STAKE, 80, true),
            (&eth::REDEEM, 80, true),
            (&eth::STAKING_HISTORY, 80, false),
            (&eth::REDEMPTION_HISTORY, 80, false),
            (&eth::WBETH_REWARDS_HISTORY, 80, false),
            (&eth::RATE_HISTORY, 80, false),
            (&eth::WRAP, 80, false),
            (&eth::WRAP_HISTORY, 80, false),
            (&eth::UNWRAP_HISTORY, 80, false),
            (&sol::ACCOUNT, 80, false),
            (&sol::QUOTA, 80, false),
            (&sol::STAKE, 80, true),
            (&sol::REDEEM, 80, true),
            (&sol::STAKING_HISTORY, 80, false),
            (&sol::REDEMPTION_HISTORY, 80, false),
            (&sol::BNSOL_REWARDS_HISTORY, 80, false),
            (&sol::RATE_HISTORY, 80, false),
            (&sol::BOOST_REWARDS_HISTORY, 80, false),
            (&sol::UNCLAIMED_REWARDS, 80, false),
            (&sol::CLAIM, 80, false),
        ]
    }

    #[test]
    fn fifty_three_endpoints_each_with_its_own_budgets() {
        let endpoints = all();
        assert_eq!(endpoints.len(), 53);
        let mut routes = HashSet::new();
        let mut groups = HashSet::new();
        for (ep, per_minute, per_account) in endpoints {
            assert!(routes.insert((ep.method.clone(), ep.path)), "{} listed twice", ep.path);
            assert_eq!(ep.access == Access::Public, ep.path == "/api/v3/time", "{}", ep.path);
            let [weight, extra] = ep.limits;
            let weight = weight.unwrap();
            assert_eq!((weight.requests, weight.per), (per_minute, Duration::from_secs(60)), "{}", ep.path);
            assert_eq!(extra.is_some(), per_account, "{}", ep.path);
            if let Some(extra) = extra {
                assert_eq!((extra.requests, extra.per), (1, Duration::from_secs(3)), "{}", ep.path);
                assert!(matches!(ep.kind, Kind::Write { .. }), "{}", ep.path);
            }
            // Limits sharing a group share a budget: every group is an endpoint's own.
            for limit in ep.limits.iter().flatten() {
                assert!(groups.insert(limit.group), "group {} used twice", limit.group);
            }
        }
    }
}
