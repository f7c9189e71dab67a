//! Bybit V5 Earn simulator: Easy & On-Chain Earn (`FlexibleSaving`, `OnChain`), Fixed Saving
//! (`FixedTermSaving`, `FundPool`, `FundPoolPremium`) and server time.
//!
//! Every endpoint is one `static` [`Endpoint`] row; one generic path authenticates (over the
//! raw query or body), parses parameters, runs the handler on the caller's settled account
//! and records applied writes.

mod envelope;
mod fixed;
mod orders;
mod params;
mod positions;
mod products;
mod state;
mod yields;

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use axum::Router;
use axum::extract::Request;
use axum::response::Response;
use serde_json::Value;

pub(crate) use state::BybitState;

use crate::routes::{self, MAX_BODY, Route, Verb};
use envelope::{BybitError, failure, success};
use params::Params;
use state::BybitAccount;

/// Everything a handler needs for one request.
pub(crate) struct Call<'a> {
    /// Venue time of the request, Unix ms.
    pub(crate) now: i64,
    /// Settlement delay, ms.
    pub(crate) delay: i64,
    pub(crate) params: &'a Params,
    pub(crate) account: &'a mut BybitAccount,
    /// Position id sequence.
    pub(crate) ids: &'a AtomicU64,
}

type Handler = fn(&mut Call<'_>) -> Result<Value, BybitError>;

/// One endpoint of the simulator.
struct Endpoint {
    verb: Verb,
    path: &'static str,
    signed: bool,
    /// Success changes the ledger (counted by `applied_writes`).
    write: bool,
    handler: Handler,
}

impl Route for Endpoint {
    fn verb(&self) -> Verb {
        self.verb
    }
    fn path(&self) -> &'static str {
        self.path
    }
}

const fn public(path: &'static str, handler: Handler) -> Endpoint {
    Endpoint { verb: Verb::Get, path, signed: false, write: false, handler }
}

const fn read(path: &'static str, handler: Handler) -> Endpoint {
    Endpoint { verb: Verb::Get, path, signed: true, write: false, handler }
}

const fn write(path: &'static str, handler: Handler) -> Endpoint {
    Endpoint { verb: Verb::Post, path, signed: true, write: true, handler }
}

static ENDPOINTS: &[Endpoint] = &[
    public("/v5/market/time", products::market_time),
    public("/v5/earn/product", products::products),
    public("/v5/earn/apr-history", products::apr_history),
    write("/v5/earn/place-order", orders::place_order),
    read("/v5/earn/order", orders::order_history),
    read("/v5/earn/position", positions::positions),
    write("/v5/earn/position/modify", positions::modify),
    read("/v5/earn/yield", yields::daily_yield),
    read("/v5/earn/hourly-yield", yields::hourly_yield),
    read("/v5/earn/coupons", positions::coupons),
    public("/v5/earn/fixed-term/product", fixed::products),
    write("/v5/earn/fixed-term/place-order", fixed::place_order),
    write("/v5/earn/fixed-term/redeem", fixed::redeem),
    read("/v5/earn/fixed-term/position", fixed::positions),
    read("/v5/earn/fixed-term/order", fixed::orders),
    write("/v5/earn/fixed-term/position/auto-invest", fixed::auto_invest),
];

/// The Bybit routes, served with `state`.
pub(crate) fn router(state: Arc<BybitState>) -> Router {
    routes::router(state, ENDPOINTS, dispatch)
}

async fn dispatch(state: Arc<BybitState>, endpoint: &'static Endpoint, request: Request) -> Response {
    let now = state.ctx.now_ms();
    match run(&state, endpoint, request, now).await {
        Ok(result) => {
            if endpoint.write {
                state.ctx.record_applied_write(endpoint.path);
            }
            success(result, now)
        }
        Err(error) => failure(error, now),
    }
}

async fn run(state: &BybitState, endpoint: &'static Endpoint, request: Request, now: i64) -> Result<Value, BybitError> {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| BybitError::param("request body too large"))?;
    let api_key = if endpoint.signed {
        let accepted = std::slice::from_ref(&state.credentials);
        let query = parts.uri.query().unwrap_or("");
        let creds = crate::auth::bybit::verify(&parts.headers, &parts.method, query, &body, accepted, now)?;
        Some(creds.api_key.clone())
    } else {
        None
    };
    let params = match endpoint.verb {
        Verb::Get => Params::from_query(parts.uri.query()),
        Verb::Post => Params::from_body(&body)?,
    };
    let delay = state.ctx.settlement_delay_ms();
    state.with_account(api_key.as_deref(), now, |account, ids| {
        (endpoint.handler)(&mut Call { now, delay, params: &params, account, ids })
    })
}
