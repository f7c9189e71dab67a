//! One route-table shape and one call path for every simulated venue.
//!
//! A venue is a static table of [`Endpoint`]s plus a [`Venue`] implementation that knows its
//! own authentication, parameters and envelopes. [`router`] serves the table; every request
//! takes the same path: read the raw body, authenticate, handle, record an applied write,
//! render the venue's envelope.

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::response::Response;
use axum::routing::{MethodFilter, on};
use bytes::Bytes;
use http::request::Parts;

use crate::context::SimContext;
use crate::ledger::{Account, Accounts, IdGen};
use crate::params::Params;

/// Largest request body a simulated venue reads.
pub(crate) const MAX_BODY: usize = 64 * 1024;

/// HTTP method of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    Get,
    Post,
}

/// Who may call an endpoint and whether it changes the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// No authentication.
    Public,
    /// Signed; reads only.
    Signed,
    /// Signed; success changes the ledger (counted by `applied_writes`).
    Write,
}

/// One endpoint of a venue's static table.
#[derive(Debug)]
pub(crate) struct Endpoint<H: 'static> {
    pub(crate) verb: Verb,
    pub(crate) path: &'static str,
    pub(crate) access: Access,
    pub(crate) handler: H,
}

impl<H> Endpoint<H> {
    /// An unsigned GET.
    pub(crate) const fn public(path: &'static str, handler: H) -> Self {
        Endpoint { verb: Verb::Get, path, access: Access::Public, handler }
    }

    /// A signed GET.
    pub(crate) const fn read(path: &'static str, handler: H) -> Self {
        Endpoint { verb: Verb::Get, path, access: Access::Signed, handler }
    }

    /// A signed POST that only reads (OKX Web3 builds transactions, it never applies them).
    pub(crate) const fn query(path: &'static str, handler: H) -> Self {
        Endpoint { verb: Verb::Post, path, access: Access::Signed, handler }
    }

    /// A signed POST that changes the ledger.
    pub(crate) const fn write(path: &'static str, handler: H) -> Self {
        Endpoint { verb: Verb::Post, path, access: Access::Write, handler }
    }
}

/// One request, read whole: head, raw body bytes, and the venue clock when it arrived.
#[derive(Debug)]
pub(crate) struct Raw {
    pub(crate) parts: Parts,
    pub(crate) body: Bytes,
    /// Venue time of arrival, Unix ms (the clock signatures are checked against).
    pub(crate) now: i64,
}

impl Raw {
    /// Path plus `?query` exactly as received (what OKX signs).
    pub(crate) fn target(&self) -> &str {
        self.parts.uri.path_and_query().map_or_else(|| self.parts.uri.path(), |pq| pq.as_str())
    }

    /// The raw query string without `?` (what Bybit signs), `""` when none.
    pub(crate) fn query(&self) -> &str {
        self.parts.uri.query().unwrap_or("")
    }

    /// A header as text, `None` when absent, empty or not ASCII.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.parts.headers.get(name).and_then(|v| v.to_str().ok()).filter(|v| !v.is_empty())
    }
}

/// Everything an account-keeping venue handler needs for one request.
pub(crate) struct Call<'a, A> {
    /// Venue time of the request, Unix ms.
    pub(crate) now: i64,
    /// Settlement delay, ms.
    pub(crate) delay: i64,
    pub(crate) params: &'a Params,
    pub(crate) account: &'a mut A,
    pub(crate) ids: &'a IdGen,
}

/// Runs an account-keeping venue's `handler` with `params` on the settled account of `key`.
pub(crate) fn run_on_account<A: Account, R>(
    accounts: &Accounts<A>,
    key: &str,
    now: i64,
    params: &Params,
    handler: fn(&mut Call<'_, A>) -> R,
) -> R {
    let delay = accounts.delay();
    accounts.with(key, now, |account, ids| handler(&mut Call { now, delay, params, account, ids }))
}

/// A simulated venue: how it authenticates, handles and answers.
pub(crate) trait Venue: Send + Sync + 'static {
    /// What an endpoint row carries to its handler.
    type Handler: Sync + 'static;
    /// A successful answer, before the envelope.
    type Answer;
    /// An error answer, before the envelope.
    type Error;

    /// Framework services (clock, settlement delay, recorder).
    fn ctx(&self) -> &SimContext;

    /// The error for a body over [`MAX_BODY`].
    fn body_too_large(&self) -> Self::Error;

    /// Checks the credentials of a non-public endpoint; returns the API key that signed.
    fn authenticate(&self, endpoint: &Endpoint<Self::Handler>, raw: &Raw) -> Result<String, Self::Error>;

    /// Handles an authenticated request (`key` is `None` on public endpoints).
    fn handle(
        &self,
        endpoint: &'static Endpoint<Self::Handler>,
        key: Option<&str>,
        raw: &Raw,
    ) -> Result<Self::Answer, Self::Error>;

    /// Wraps an answer in the venue's envelope.
    fn respond(&self, result: Result<Self::Answer, Self::Error>, raw: &Raw) -> Response;
}

/// A router with one route per entry of `table`, all answered by `venue`.
pub(crate) fn router<V: Venue>(venue: Arc<V>, table: &'static [Endpoint<V::Handler>]) -> Router {
    table.iter().fold(Router::new(), |router, endpoint| {
        let filter = match endpoint.verb {
            Verb::Get => MethodFilter::GET,
            Verb::Post => MethodFilter::POST,
        };
        let venue = Arc::clone(&venue);
        router.route(endpoint.path, on(filter, move |request: Request| dispatch(venue, endpoint, request)))
    })
}

/// The one call path of every venue.
async fn dispatch<V: Venue>(venue: Arc<V>, endpoint: &'static Endpoint<V::Handler>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let now = venue.ctx().now_ms();
    let (body, too_large) = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(body) => (body, false),
        Err(_) => (Bytes::new(), true),
    };
    let raw = Raw { parts, body, now };
    if too_large {
        return venue.respond(Err(venue.body_too_large()), &raw);
    }
    let result = match endpoint.access {
        Access::Public => venue.handle(endpoint, None, &raw),
        Access::Signed | Access::Write => match venue.authenticate(endpoint, &raw) {
            Ok(key) => venue.handle(endpoint, Some(&key), &raw),
            Err(error) => Err(error),
        },
    };
    if endpoint.access == Access::Write && result.is_ok() {
        venue.ctx().record_applied_write(endpoint.path);
    }
    venue.respond(result, &raw)
}
