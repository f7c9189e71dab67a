//! OKX exchange simulator: ETH/SOL staking, on-chain earn, server time and funding bills.
//!
//! Every endpoint is one `static` [`Endpoint`] row; one generic path authenticates
//! (over the raw target and body), parses parameters, runs the handler on the caller's
//! settled account and records applied writes.

mod account;
mod envelope;
mod onchain;
mod params;
mod staking;
mod state;

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

pub(crate) use state::OkxState;

use crate::routes::{self, MAX_BODY, Route, Verb};
use envelope::{OkxError, success};
use params::Params;
use staking::{ETH, SOL};
use state::{IdGen, OkxAccount};

/// Everything a handler needs for one request.
pub(crate) struct Call<'a> {
    /// Venue time of the request, Unix ms.
    pub(crate) now: i64,
    /// Settlement delay, ms.
    pub(crate) delay: i64,
    pub(crate) params: &'a Params,
    pub(crate) account: &'a mut OkxAccount,
    pub(crate) ids: &'a IdGen,
}

type Handler = fn(&mut Call<'_>) -> Result<Value, OkxError>;

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

const fn get(path: &'static str, signed: bool, handler: Handler) -> Endpoint {
    Endpoint { verb: Verb::Get, path, signed, write: false, handler }
}

const fn post(path: &'static str, handler: Handler) -> Endpoint {
    Endpoint { verb: Verb::Post, path, signed: true, write: true, handler }
}

static ENDPOINTS: &[Endpoint] = &[
    get("/api/v5/public/time", false, account::time),
    get("/api/v5/asset/bills", true, account::bills),
    get("/api/v5/finance/staking-defi/eth/product-info", true, |c| staking::product_info(&ETH, c)),
    post("/api/v5/finance/staking-defi/eth/purchase", |c| staking::purchase(&ETH, c)),
    post("/api/v5/finance/staking-defi/eth/redeem", |c| staking::redeem(&ETH, c)),
    post("/api/v5/finance/staking-defi/eth/cancel-redeem", |c| staking::cancel_redeem(&ETH, c)),
    get("/api/v5/finance/staking-defi/eth/balance", true, |c| staking::balance(&ETH, c)),
    get("/api/v5/finance/staking-defi/eth/purchase-redeem-history", true, |c| staking::history(&ETH, c)),
    get("/api/v5/finance/staking-defi/eth/apy-history", false, |c| staking::apy_history(&ETH, c)),
    get("/api/v5/finance/staking-defi/sol/product-info", true, |c| staking::product_info(&SOL, c)),
    post("/api/v5/finance/staking-defi/sol/purchase", |c| staking::purchase(&SOL, c)),
    post("/api/v5/finance/staking-defi/sol/redeem", |c| staking::redeem(&SOL, c)),
    post("/api/v5/finance/staking-defi/sol/cancel-redeem", |_| Err(withdrawn())),
    get("/api/v5/finance/staking-defi/sol/balance", true, |c| staking::balance(&SOL, c)),
    get("/api/v5/finance/staking-defi/sol/purchase-redeem-history", true, |c| staking::history(&SOL, c)),
    get("/api/v5/finance/staking-defi/sol/apy-history", false, |c| staking::apy_history(&SOL, c)),
    get("/api/v5/finance/staking-defi/offers", true, onchain::offers),
    post("/api/v5/finance/staking-defi/purchase", onchain::purchase),
    post("/api/v5/finance/staking-defi/redeem", onchain::redeem),
    post("/api/v5/finance/staking-defi/cancel", onchain::cancel),
    get("/api/v5/finance/staking-defi/orders-active", true, onchain::orders_active),
    get("/api/v5/finance/staking-defi/orders-history", true, onchain::orders_history),
];

/// SOL cancel-redeem is gone from every 2026 docs snapshot: answer "endpoint inactive".
fn withdrawn() -> OkxError {
    OkxError { status: http::StatusCode::GONE, code: "50005", msg: "API is offline or unavailable.".to_owned() }
}

/// The OKX exchange routes, served with `state`.
pub(crate) fn router(state: Arc<OkxState>) -> Router {
    routes::router(state, ENDPOINTS, dispatch)
}

async fn dispatch(state: Arc<OkxState>, endpoint: &'static Endpoint, request: Request) -> Response {
    match run(&state, endpoint, request).await {
        Ok(data) => {
            if endpoint.write {
                state.ctx.record_applied_write(endpoint.path);
            }
            success(data)
        }
        Err(error) => error.into_response(),
    }
}

async fn run(state: &OkxState, endpoint: &'static Endpoint, request: Request) -> Result<Value, OkxError> {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| OkxError::bad_request("50002", "Json data format error."))?;
    let now = state.ctx.now_ms();
    // The simulator is a production venue: demo-trading requests meet a live key.
    if parts.headers.get("x-simulated-trading").is_some_and(|v| v.as_bytes() == b"1") {
        let msg = "APIKey does not match current environment.".to_owned();
        return Err(OkxError { status: http::StatusCode::UNAUTHORIZED, code: "50101", msg });
    }
    let api_key = if endpoint.signed {
        let target = parts.uri.path_and_query().map_or_else(|| parts.uri.path(), |pq| pq.as_str());
        let accepted = std::slice::from_ref(&state.credentials);
        let creds = crate::auth::okx::verify(&parts.headers, &parts.method, target, &body, accepted, now)?;
        Some(creds.api_key.clone())
    } else {
        None
    };
    let params = match endpoint.verb {
        Verb::Get => Params::from_query(parts.uri.query()),
        Verb::Post => Params::from_body(&parts.headers, &body)?,
    };
    let delay = state.ctx.settlement_delay_ms();
    state.with_account(api_key.as_deref(), now, |account, ids| {
        (endpoint.handler)(&mut Call { now, delay, params: &params, account, ids })
    })
}
