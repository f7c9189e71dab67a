//! One route-table shape and one call path for every simulated venue.
//!
//! A venue is a static table of [`Endpoint`]s plus a [`Venue`] implementation that knows its
//! own authentication, parameters and envelopes. [`router`] serves the table; every request
//! takes the same path: read the raw body, authenticate, pass the fault gate (faults only
//! ever hit requests that passed authentication), handle, record an applied write, render
//! the venue's envelope. A wrong method gets the venue's own JSON error.

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::response::IntoResponse;
use axum::response::Response;
use axum::routing::MethodFilter;
use bytes::Bytes;
use http::request::Parts;

use crate::context::SimContext;
use crate::faults::Gate;
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
    /// Public, but authenticated when the request carries credentials (the answer then
    /// includes the caller's own fields).
    Optional,
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

    /// A GET that is public unsigned and personal when signed.
    pub(crate) const fn optional(path: &'static str, handler: H) -> Self {
        Endpoint { verb: Verb::Get, path, access: Access::Optional, handler }
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
    /// Server time of arrival, Unix ms (the clock signatures are checked against).
    pub(crate) now: i64,
    /// Ledger time of arrival, Unix ms (server time plus what was advanced).
    pub(crate) ledger_now: i64,
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
    /// Ledger time of the request, Unix ms.
    pub(crate) now: i64,
    /// Server time of the request, Unix ms (what the time endpoints report).
    pub(crate) server_time: i64,
    /// Settlement delay, ms.
    pub(crate) delay: i64,
    /// How long a transfer between the user's own accounts stays pending, ms.
    pub(crate) transfer_delay: i64,
    /// Whether the request was signed (public endpoints leave personal fields empty).
    pub(crate) signed: bool,
    pub(crate) params: &'a Params,
    pub(crate) account: &'a mut A,
    pub(crate) ids: &'a IdGen,
}

/// Runs an account-keeping venue's `handler` with `params` on the settled account of `key`
/// (`default_key`'s account, unsigned, when the request was public).
pub(crate) fn run_on_account<A: Account, R>(
    accounts: &Accounts<A>,
    key: Option<&str>,
    default_key: &str,
    raw: &Raw,
    params: &Params,
    handler: fn(&mut Call<'_, A>) -> R,
) -> R {
    let (now, server_time, delay, signed) = (raw.ledger_now, raw.now, accounts.delay(), key.is_some());
    let transfer_delay = accounts.transfer_delay();
    accounts.with(key.unwrap_or(default_key), now, |account, ids| {
        handler(&mut Call { now, server_time, delay, transfer_delay, signed, params, account, ids })
    })
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

    /// Whether the request carries credentials (decides [`Access::Optional`] endpoints).
    fn carries_credentials(&self, _raw: &Raw) -> bool {
        false
    }

    /// The venue's answer to a known path called with the wrong method.
    fn method_not_allowed(&self) -> Response;

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

/// A router with one route per path of `table` (a path may be served by a GET and a POST
/// row), all answered by `venue`.
pub(crate) fn router<V: Venue>(venue: Arc<V>, table: &'static [Endpoint<V::Handler>]) -> Router {
    let mut paths: Vec<&'static str> = table.iter().map(|e| e.path).collect();
    paths.sort_unstable();
    paths.dedup();
    paths.into_iter().fold(Router::new(), |router, path| {
        let refusing = Arc::clone(&venue);
        let method_router =
            table.iter().filter(|e| e.path == path).fold(axum::routing::MethodRouter::new(), |methods, endpoint| {
                let filter = match endpoint.verb {
                    Verb::Get => MethodFilter::GET,
                    Verb::Post => MethodFilter::POST,
                };
                let serving = Arc::clone(&venue);
                methods.on(filter, move |request: Request| dispatch(serving, endpoint, request))
            });
        router.route(path, method_router.fallback(move || std::future::ready(refusing.method_not_allowed())))
    })
}

/// The one call path of every venue.
async fn dispatch<V: Venue>(venue: Arc<V>, endpoint: &'static Endpoint<V::Handler>, request: Request) -> Response {
    let gate = request.extensions().get::<Gate>().cloned();
    let (parts, body) = request.into_parts();
    let (now, ledger_now) = (venue.ctx().now_ms(), venue.ctx().ledger_now_ms());
    let (body, too_large) = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(body) => (body, false),
        Err(_) => (Bytes::new(), true),
    };
    let raw = Raw { parts, body, now, ledger_now };
    if too_large {
        return venue.respond(Err(venue.body_too_large()), &raw);
    }
    let signed = match endpoint.access {
        Access::Public => false,
        Access::Signed | Access::Write => true,
        Access::Optional => venue.carries_credentials(&raw),
    };
    let key = match signed.then(|| venue.authenticate(endpoint, &raw)).transpose() {
        Ok(key) => key,
        Err(error) => return venue.respond(Err(error), &raw),
    };
    if gate.is_some_and(|gate| gate.admit()) {
        // A fault answers instead of the venue; the framework layer writes that answer.
        return http::StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let result = venue.handle(endpoint, key.as_deref(), &raw);
    if endpoint.access == Access::Write && result.is_ok() {
        venue.ctx().record_applied_write(endpoint.path);
    }
    venue.respond(result, &raw)
}

/// Fails unless the crate README lists every path of `table` (the banner points users there).
#[cfg(test)]
pub(crate) fn assert_documented<H>(table: &[Endpoint<H>]) {
    let readme = include_str!("../README.md");
    for endpoint in table {
        assert!(readme.contains(&format!("`{}`", endpoint.path)), "README.md does not list {}", endpoint.path);
    }
}
