//! [`RedisBudget`]: one rate budget per API key, shared by every process through Redis.

use std::num::NonZeroU32;
use std::time::Duration;

use async_trait::async_trait;
use redis::Script;
use redis::aio::ConnectionManager;

use super::rate_limit::{BudgetKey, LocalBudget, RateBudget};
use crate::{Error, Result};

/// GCRA with reservation, in one atomic call: the theoretical arrival time (TAT) of the
/// next request is kept per key; each call reserves the next free slot and returns how
/// many microseconds the caller must wait for it. Redis's own clock (`TIME`) is used, so
/// the callers' clocks do not matter.
///
/// KEYS[1] = the budget key; ARGV[1] = the spacing in µs.
const GCRA: &str = r"
local interval = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if (not tat) or tat < now then tat = now end
local next_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.0f', next_tat), 'PX', math.ceil((next_tat - now) / 1000) + 1000)
return tat - now
";

/// What a [`RedisBudget`] does when Redis does not answer within its timeout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnOutage {
    /// Fail the call with [`Error::BudgetUnavailable`]; nothing is sent.
    Fail,
    /// Fall back to an in-process budget keeping `1/replicas` of every limit, so that
    /// `replicas` processes, all falling back, together stay within the limit.
    LocalShare {
        /// How many processes share the key.
        replicas: NonZeroU32,
    },
}

/// Settings of a [`RedisBudget`].
#[derive(Clone, Debug)]
pub struct RedisBudgetOptions {
    /// Prefix of every key (default `"earn:budget"`). Keys are
    /// `{prefix}:{venue}:{account}:{group}`, where the account is a digest of the API key.
    pub prefix: String,
    /// Longest wait for Redis on one acquire (default 250 ms); past it, [`on_outage`](Self::on_outage) applies.
    pub timeout: Duration,
    /// What to do when Redis is unreachable or slow (default [`OnOutage::Fail`]).
    pub on_outage: OnOutage,
}

impl Default for RedisBudgetOptions {
    fn default() -> Self {
        RedisBudgetOptions {
            prefix: "earn:budget".into(),
            timeout: Duration::from_millis(250),
            on_outage: OnOutage::Fail,
        }
    }
}

/// A rate budget kept in Redis: every process using one API key waits for the same
/// published limits, counted on Redis's clock by one atomic script per request (GCRA).
///
/// ```no_run
/// # async fn run() -> earn_core::Result<()> {
/// use std::num::NonZeroU32;
/// use std::sync::Arc;
/// use earn_core::http::{OnOutage, RedisBudget, RedisBudgetOptions, TransportOptions};
/// let options = RedisBudgetOptions {
///     on_outage: OnOutage::LocalShare { replicas: NonZeroU32::new(4).unwrap() },
///     ..RedisBudgetOptions::default()
/// };
/// let budget = RedisBudget::connect("redis://127.0.0.1:6379", options).await?;
/// let transport = TransportOptions::default().budget(Arc::new(budget));
/// // give `transport` to any venue client builder: `.transport(transport)`
/// # Ok(()) }
/// ```
pub struct RedisBudget {
    connection: ConnectionManager,
    script: Script,
    options: RedisBudgetOptions,
    fallback: Option<LocalBudget>,
}

impl std::fmt::Debug for RedisBudget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisBudget").field("options", &self.options).finish_non_exhaustive()
    }
}

impl RedisBudget {
    /// Connects to Redis at `url` (`redis://host:port/db`). Fails with
    /// [`Error::BudgetUnavailable`] when Redis does not answer within the timeout.
    pub async fn connect(url: &str, options: RedisBudgetOptions) -> Result<Self> {
        let client = redis::Client::open(url).map_err(|e| unavailable("invalid Redis URL", e))?;
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(options.timeout))
            .set_response_timeout(Some(options.timeout))
            .set_number_of_retries(1);
        let connection = tokio::time::timeout(options.timeout * 4, ConnectionManager::new_with_config(client, config))
            .await
            .map_err(|_| Error::BudgetUnavailable { message: "Redis did not answer in time".into(), source: None })?
            .map_err(|e| unavailable("cannot connect to Redis", e))?;
        let fallback = match options.on_outage {
            OnOutage::Fail => None,
            OnOutage::LocalShare { replicas } => Some(LocalBudget::with_share(replicas)),
        };
        Ok(RedisBudget { connection, script: Script::new(GCRA), options, fallback })
    }

    /// The key a budget is kept under.
    pub fn key(&self, key: &BudgetKey<'_>) -> String {
        format!("{}:{}:{}:{}", self.options.prefix, key.venue, key.account, key.limit.group)
    }

    async fn reserve(&self, key: &BudgetKey<'_>) -> Result<Duration> {
        let spacing = u64::try_from(key.limit.spacing().as_micros()).unwrap_or(u64::MAX);
        let mut connection = self.connection.clone();
        let mut call = self.script.key(self.key(key));
        call.arg(spacing);
        let wait_us: i64 = tokio::time::timeout(self.options.timeout, call.invoke_async(&mut connection))
            .await
            .map_err(|_| Error::BudgetUnavailable { message: "Redis did not answer in time".into(), source: None })?
            .map_err(|e| unavailable("Redis rate-budget script failed", e))?;
        Ok(Duration::from_micros(u64::try_from(wait_us).unwrap_or(0)))
    }
}

#[async_trait]
impl RateBudget for RedisBudget {
    async fn acquire(&self, key: &BudgetKey<'_>) -> Result<()> {
        match self.reserve(key).await {
            Ok(wait) => {
                if !wait.is_zero() {
                    tokio::time::sleep(wait).await;
                }
                Ok(())
            }
            Err(e) => match &self.fallback {
                Some(local) => {
                    tracing::warn!(error = %e, "Redis rate budget unavailable; using the local share");
                    local.acquire(key).await
                }
                None => Err(e),
            },
        }
    }
}

fn unavailable(what: &str, e: redis::RedisError) -> Error {
    Error::BudgetUnavailable { message: what.to_owned(), source: Some(Box::new(e)) }
}
