//! The admin HTTP API under [`PREFIX`]: faults, clocks, balances and the ledger, for bots
//! written in any language. Requests here are not counted, limited or faulted. Answers are
//! JSON; errors are `{"error": "…"}` with HTTP 400 (bad input), 403 (not from loopback),
//! 404 (unknown admin path) or 405 (wrong method). The crate README lists every route.

use std::net::IpAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any, get, post};
use http::StatusCode;
use serde_json::{Value, json};

use crate::control::{AccountSeed, Control, SimError, SimVenue};
use crate::faults::Fault;
use crate::server::PeerAddr;

/// Every admin route starts with this; no venue path does.
pub const PREFIX: &str = "/__admin";

type Answer = Result<Value, (StatusCode, String)>;

fn bad(message: impl Into<String>) -> (StatusCode, String) {
    (StatusCode::BAD_REQUEST, message.into())
}

fn reply(answer: Answer) -> Response {
    match answer {
        Ok(body) => (StatusCode::OK, axum::Json(body)).into_response(),
        Err((status, message)) => (status, axum::Json(json!({"error": message}))).into_response(),
    }
}

/// A JSON object body.
fn object(body: &Bytes) -> Result<Value, (StatusCode, String)> {
    match serde_json::from_slice::<Value>(body) {
        Ok(value @ Value::Object(_)) => Ok(value),
        _ => Err(bad("the body must be a JSON object")),
    }
}

/// A JSON integer field `name` (`ms`).
fn integer(body: &Value, name: &str) -> Result<i64, (StatusCode, String)> {
    body.get(name).and_then(Value::as_i64).ok_or_else(|| bad(format!("{name} must be an integer")))
}

fn index() -> Value {
    json!({
        "admin": PREFIX,
        "routes": [
            {"GET": "/__admin/faults", "does": "list armed faults (with how many requests each counted)"},
            {"POST": "/__admin/faults", "does": "arm a fault", "body": {"path": "/v5/earn/place-order", "kind": "status|latency|rate_limit|malformed_body|truncated_body|drop_after_apply", "status": 503, "latencyMs": 300, "nth": 1, "times": 1, "always": false}},
            {"DELETE": "/__admin/faults", "does": "clear every fault"},
            {"GET": "/__admin/clock", "does": "server time, ledger time, skew, advanced"},
            {"POST": "/__admin/clock/skew", "does": "set the server clock skew (stale signatures)", "body": {"ms": 45000}},
            {"POST": "/__admin/clock/advance", "does": "move ledger time forward (settle, mature, accrue)", "body": {"ms": 86400000}},
            {"POST": "/__admin/balances", "does": "set a balance of one of the live user's accounts", "body": {"venue": "okx|bybit|web3|binance", "account": "okx: funding (default) | trading; bybit: FUND (default) | UNIFIED; web3: wallet; binance: SPOT (default) | FUNDING", "asset": "USDT", "amount": "2500"}, "or": {"balance": "okx:trading:BETH=1"}},
            {"GET": "/__admin/ledger", "does": "dump every account of every venue and the request counters"},
        ],
    })
}

fn arm(control: &Control, body: &Bytes) -> Answer {
    let fault = Fault::from_json(&object(body)?).map_err(bad)?;
    let armed = fault.to_json();
    control.inject(fault);
    Ok(json!({"armed": armed, "faults": control.faults_json()["faults"]}))
}

fn skew(control: &Control, body: &Bytes) -> Answer {
    control.ctx.clock.set_skew_ms(integer(&object(body)?, "ms")?);
    Ok(control.clock_json())
}

fn advance(control: &Control, body: &Bytes) -> Answer {
    let ms = integer(&object(body)?, "ms")?;
    if ms < 0 {
        return Err(bad("ms must not be negative: venue time never runs backwards"));
    }
    control.ctx.clock.advance_ms(ms);
    Ok(control.clock_json())
}

/// `POST /__admin/balances`: `{"venue","account"?,"asset","amount"}`, or the command line's
/// spelling `{"balance": "okx:trading:BETH=1"}`.
fn set_balance(control: &Control, body: &Bytes) -> Answer {
    let body = object(body)?;
    let text = |name: &str| body.get(name).and_then(Value::as_str);
    let (account, asset) = if let Some(spec) = text("balance") {
        let seed: AccountSeed = spec.parse().map_err(|e: SimError| bad(e.to_string()))?;
        (
            seed.account,
            control.set_account_balance(seed.account, &seed.asset, seed.amount).map_err(|e| bad(e.to_string()))?,
        )
    } else {
        let venue: SimVenue = text("venue")
            .ok_or_else(|| {
                bad("venue is required (okx, bybit, web3, binance), or give \"balance\": \"okx:trading:BETH=1\"")
            })?
            .parse()
            .map_err(|e: SimError| bad(e.to_string()))?;
        let asset = text("asset").ok_or_else(|| bad("asset is required"))?;
        let amount_text = match body.get("amount") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => return Err(bad("amount is required, as a decimal string such as \"2500.5\"")),
        };
        let amount = crate::ledger::parse_amount(&amount_text)
            .ok_or_else(|| bad(format!("amount {amount_text:?} is not a plain non-negative decimal")))?;
        let account = text("account").map(|name| name.rsplit(':').next().unwrap_or(name));
        control.set_balance(venue, account, asset, amount).map_err(|e| bad(e.to_string()))?
    };
    let amount = crate::ledger::fmt_amount(control.account_balance(account, &asset));
    Ok(json!({"venue": account.venue().name(), "account": account.name(), "asset": asset, "amount": amount}))
}

/// Answers requests from loopback only, unless told otherwise.
async fn loopback_only(request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<PeerAddr>().map(|p| p.0.ip());
    if peer.is_some_and(|ip: IpAddr| !ip.is_loopback()) {
        return reply(Err((StatusCode::FORBIDDEN, "the admin API answers loopback clients only".to_owned())));
    }
    next.run(request).await
}

fn method_not_allowed<S: Clone + Send + Sync + 'static>(route: MethodRouter<S>) -> MethodRouter<S> {
    route.fallback(|| async { reply(Err((StatusCode::METHOD_NOT_ALLOWED, "method not allowed here".to_owned()))) })
}

/// The admin routes; `from_anywhere` lets non-loopback clients in.
pub(crate) fn router(control: Arc<Control>, from_anywhere: bool) -> Router {
    let routes = Router::new()
        .route(PREFIX, method_not_allowed(get(|| async { reply(Ok(index())) })))
        .route(
            "/__admin/faults",
            method_not_allowed(
                get(|State(c): State<Arc<Control>>| async move { reply(Ok(c.faults_json())) })
                    .post(|State(c): State<Arc<Control>>, body: Bytes| async move { reply(arm(&c, &body)) })
                    .delete(
                        |State(c): State<Arc<Control>>| async move { reply(Ok(json!({"cleared": c.faults.clear()}))) },
                    ),
            ),
        )
        .route(
            "/__admin/clock",
            method_not_allowed(get(|State(c): State<Arc<Control>>| async move { reply(Ok(c.clock_json())) })),
        )
        .route(
            "/__admin/clock/skew",
            method_not_allowed(post(
                |State(c): State<Arc<Control>>, body: Bytes| async move { reply(skew(&c, &body)) },
            )),
        )
        .route(
            "/__admin/clock/advance",
            method_not_allowed(post(
                |State(c): State<Arc<Control>>, body: Bytes| async move { reply(advance(&c, &body)) },
            )),
        )
        .route(
            "/__admin/balances",
            method_not_allowed(post(|State(c): State<Arc<Control>>, body: Bytes| async move {
                reply(set_balance(&c, &body))
            })),
        )
        .route(
            "/__admin/ledger",
            method_not_allowed(get(|State(c): State<Arc<Control>>| async move { reply(Ok(c.ledger())) })),
        )
        .route(
            "/__admin/{*rest}",
            any(|| async {
                reply(Err((StatusCode::NOT_FOUND, format!("no such admin route; GET {PREFIX} lists them"))))
            }),
        )
        .with_state(control);
    if from_anywhere { routes } else { routes.layer(axum::middleware::from_fn(loopback_only)) }
}
