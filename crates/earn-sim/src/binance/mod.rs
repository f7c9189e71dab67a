//! Binance simulator: Simple Earn flexible and locked products, the SPOT and FUNDING wallets
//! with universal transfers between them, ETH (→ WBETH) and SOL (→ BNSOL) staking, and server
//! time (reference binance-earn.md).
//!
//! Authentication (§2): `X-MBX-APIKEY` plus `signature` = hex HMAC-SHA256 over the query
//! exactly as received without its `signature` parameter, followed by the raw body. Since
//! 2026-01-15 every byte outside `A-Z a-z 0-9 _ . - ~` must be percent-encoded before signing,
//! so a request whose raw query or body holds such a byte (a literal `*` in `USDT*30`) answers
//! `-1022`, as the venue's own re-encoding would make the signature differ. Parameters may
//! travel in the query or a form body (the query wins); the official connector sends them
//! all in the query with an empty body.
//!
//! Every endpoint is one `static` row of [`ENDPOINTS`] with its weight; [`BinanceState`] runs
//! the handler on the caller's settled account. Modules: `state` (catalogue, ledger,
//! settlement) and `weights` ← handlers (`earn`, `wallet`, `staking`) ← this module.

mod earn;
mod staking;
mod state;
mod wallet;
mod weights;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode};
use rust_decimal::Decimal;
use serde_json::{Value, json};

pub(crate) use state::BinanceState;

use crate::context::SimContext;
use crate::ledger::parse_amount;
use crate::params::{ParamError, Params};
use crate::routes::{self, Endpoint, Raw, Venue};
use crate::server::PeerAddr;
use state::{Call, MS_PER_DAY};
use weights::{Pool, Refusal};

type Handler = fn(&mut Call<'_>) -> Result<Value, BinanceError>;

static ENDPOINTS: &[Endpoint<Handler>] = &[
    Endpoint::public("/api/v3/time", wallet::time),
    Endpoint::read("/api/v3/account", wallet::spot_account),
    Endpoint::query("/sapi/v1/asset/get-funding-asset", wallet::funding_asset),
    Endpoint::query("/sapi/v3/asset/getUserAsset", wallet::user_asset),
    Endpoint::read("/sapi/v1/asset/wallet/balance", wallet::wallet_balance),
    Endpoint::write("/sapi/v1/asset/transfer", wallet::transfer),
    Endpoint::read("/sapi/v1/asset/transfer", wallet::transfer_history),
    Endpoint::read("/sapi/v1/simple-earn/account", earn::account),
    Endpoint::read("/sapi/v1/simple-earn/flexible/list", earn::flexible_list),
    Endpoint::read("/sapi/v1/simple-earn/locked/list", earn::locked_list),
    Endpoint::read("/sapi/v1/simple-earn/flexible/personalLeftQuota", earn::flexible_quota),
    Endpoint::read("/sapi/v1/simple-earn/locked/personalLeftQuota", earn::locked_quota),
    Endpoint::read("/sapi/v1/simple-earn/flexible/subscriptionPreview", earn::flexible_preview),
    Endpoint::read("/sapi/v1/simple-earn/locked/subscriptionPreview", earn::locked_preview),
    Endpoint::write("/sapi/v1/simple-earn/flexible/subscribe", earn::flexible_subscribe),
    Endpoint::write("/sapi/v1/simple-earn/locked/subscribe", earn::locked_subscribe),
    Endpoint::write("/sapi/v1/simple-earn/flexible/redeem", earn::flexible_redeem),
    Endpoint::write("/sapi/v1/simple-earn/locked/redeem", earn::locked_redeem),
    Endpoint::read("/sapi/v1/simple-earn/flexible/position", earn::flexible_position),
    Endpoint::read("/sapi/v1/simple-earn/locked/position", earn::locked_position),
    Endpoint::read("/sapi/v1/simple-earn/flexible/history/subscriptionRecord", earn::flexible_subscriptions),
    Endpoint::read("/sapi/v1/simple-earn/locked/history/subscriptionRecord", earn::locked_subscriptions),
    Endpoint::read("/sapi/v1/simple-earn/flexible/history/redemptionRecord", earn::flexible_redemptions),
    Endpoint::read("/sapi/v1/simple-earn/locked/history/redemptionRecord", earn::locked_redemptions),
    Endpoint::read("/sapi/v1/simple-earn/flexible/history/rewardsRecord", earn::flexible_rewards),
    Endpoint::read("/sapi/v1/simple-earn/locked/history/rewardsRecord", earn::locked_rewards),
    Endpoint::read("/sapi/v1/simple-earn/flexible/history/rateHistory", earn::rate_history),
    Endpoint::read("/sapi/v1/simple-earn/flexible/history/collateralRecord", earn::collateral_record),
    Endpoint::write("/sapi/v1/simple-earn/flexible/setAutoSubscribe", earn::flexible_auto_subscribe),
    Endpoint::write("/sapi/v1/simple-earn/locked/setAutoSubscribe", earn::locked_auto_subscribe),
    Endpoint::write("/sapi/v1/simple-earn/locked/setRedeemOption", earn::locked_redeem_option),
    Endpoint::read("/sapi/v2/eth-staking/account", staking::eth_account),
    Endpoint::read("/sapi/v1/eth-staking/eth/quota", staking::eth_quota),
    Endpoint::write("/sapi/v2/eth-staking/eth/stake", staking::eth_stake),
    Endpoint::write("/sapi/v1/eth-staking/eth/redeem", staking::eth_redeem),
    Endpoint::read("/sapi/v1/eth-staking/eth/history/stakingHistory", staking::eth_stakes),
    Endpoint::read("/sapi/v1/eth-staking/eth/history/redemptionHistory", staking::eth_redemptions),
    Endpoint::read("/sapi/v1/eth-staking/eth/history/rateHistory", staking::eth_rates),
    Endpoint::read("/sapi/v1/eth-staking/eth/history/wbethRewardsHistory", staking::wbeth_rewards),
    Endpoint::write("/sapi/v1/eth-staking/wbeth/wrap", staking::wrap),
    Endpoint::read("/sapi/v1/eth-staking/wbeth/history/wrapHistory", staking::wrap_history),
    Endpoint::read("/sapi/v1/eth-staking/wbeth/history/unwrapHistory", staking::unwrap_history),
    Endpoint::read("/sapi/v1/sol-staking/account", staking::sol_account),
    Endpoint::read("/sapi/v1/sol-staking/sol/quota", staking::sol_quota),
    Endpoint::write("/sapi/v1/sol-staking/sol/stake", staking::sol_stake),
    Endpoint::write("/sapi/v1/sol-staking/sol/redeem", staking::sol_redeem),
    Endpoint::read("/sapi/v1/sol-staking/sol/history/stakingHistory", staking::sol_stakes),
    Endpoint::read("/sapi/v1/sol-staking/sol/history/redemptionHistory", staking::sol_redemptions),
    Endpoint::read("/sapi/v1/sol-staking/sol/history/rateHistory", staking::sol_rates),
    Endpoint::read("/sapi/v1/sol-staking/sol/history/bnsolRewardsHistory", staking::bnsol_rewards),
    Endpoint::read("/sapi/v1/sol-staking/sol/history/boostRewardsHistory", staking::boost_rewards),
    Endpoint::read("/sapi/v1/sol-staking/sol/history/unclaimedRewards", staking::unclaimed_rewards),
    Endpoint::query("/sapi/v1/sol-staking/sol/claim", staking::claim),
];

/// The eight writes limited to one per 3 s per account (§5).
const PACED_WRITES: &[&str] = &[
    "/sapi/v1/simple-earn/flexible/subscribe",
    "/sapi/v1/simple-earn/locked/subscribe",
    "/sapi/v1/simple-earn/flexible/redeem",
    "/sapi/v1/simple-earn/locked/redeem",
    "/sapi/v2/eth-staking/eth/stake",
    "/sapi/v1/eth-staking/eth/redeem",
    "/sapi/v1/sol-staking/sol/stake",
    "/sapi/v1/sol-staking/sol/redeem",
];

/// The weight of a request and the budget it is charged to (§5, §7, §8, §10).
pub(crate) fn weight_of(method: &http::Method, path: &str) -> (Pool, u32) {
    match path {
        "/api/v3/time" => (Pool::Api, 1),
        "/api/v3/account" => (Pool::Api, 20),
        "/sapi/v1/asset/transfer" if method == http::Method::POST => (Pool::SapiUid, 900),
        "/sapi/v1/asset/transfer" | "/sapi/v1/asset/get-funding-asset" => (Pool::SapiIp, 1),
        "/sapi/v3/asset/getUserAsset" => (Pool::SapiIp, 5),
        "/sapi/v1/asset/wallet/balance" => (Pool::SapiIp, 60),
        "/sapi/v1/simple-earn/locked/setRedeemOption" => (Pool::SapiIp, 50),
        _ if PACED_WRITES[..4].contains(&path) => (Pool::SapiIp, 1),
        _ if path.starts_with("/api/") => (Pool::Api, 1),
        _ => (Pool::SapiIp, 150),
    }
}

/// The Binance routes, served with `state`.
pub(crate) fn router(state: Arc<BinanceState>) -> Router {
    routes::router(state, ENDPOINTS)
}

/// One line per seeded product, for the start-up banner.
pub(crate) fn product_lines() -> Vec<String> {
    let flexible = state::FLEXIBLE.iter().map(|p| {
        let closed = if p.can_purchase { String::new() } else { format!(" ({})", p.status) };
        format!("Simple Earn flexible {} {} APR {}{closed}", p.product_id, p.asset, p.apr)
    });
    let locked = state::LOCKED.iter().map(|p| {
        let early = if p.can_redeem_early { "early redemption" } else { "no early redemption" };
        format!("Simple Earn locked {} {} {} days APR {} ({early})", p.project_id, p.asset, p.days, p.apr)
    });
    let staking = [state::ETH, state::SOL]
        .into_iter()
        .map(|s| format!("{} staking {}→{} (min {})", s.asset, s.asset, s.token, s.min_stake));
    flexible.chain(locked).chain(staking).collect()
}

/// A Binance error answer: HTTP status, negative `code`, `msg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BinanceError {
    pub(crate) status: StatusCode,
    pub(crate) code: i64,
    pub(crate) msg: String,
    pub(crate) retry_after: Option<Duration>,
}

impl BinanceError {
    /// A request or business error, HTTP 400.
    pub(crate) fn bad(code: i64, msg: impl Into<String>) -> Self {
        BinanceError { status: StatusCode::BAD_REQUEST, code, msg: msg.into(), retry_after: None }
    }

    fn unauthorized(code: i64, msg: &str) -> Self {
        BinanceError { status: StatusCode::UNAUTHORIZED, code, msg: msg.to_owned(), retry_after: None }
    }

    /// `-1102`: a mandatory parameter is missing.
    pub(crate) fn missing(name: &str) -> Self {
        Self::bad(-1102, format!("Mandatory parameter '{name}' was not sent, was empty/null, or malformed."))
    }

    /// `-1130`: a parameter's value is not valid.
    pub(crate) fn invalid(name: &str) -> Self {
        Self::bad(-1130, format!("Data sent for parameter '{name}' is not valid."))
    }
}

impl From<ParamError> for BinanceError {
    fn from(e: ParamError) -> Self {
        match e {
            ParamError::Missing(name) => BinanceError::missing(&name),
            ParamError::Invalid { name, .. } => BinanceError::invalid(&name),
        }
    }
}

/// The answer to a path or method Binance does not serve: HTTP 404 (405 for a known path with
/// the wrong method), `-1000`.
pub(crate) fn not_found() -> Response {
    let body = json!({"code": -1000, "msg": "An unknown error occurred while processing the request. (no such path)"});
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}

/// The answer to a request over its weight budget (also what a `rate_limit` fault answers).
pub(crate) fn too_much_weight(retry_after: Duration) -> Response {
    error_response(&BinanceError {
        status: StatusCode::TOO_MANY_REQUESTS,
        code: -1003,
        msg: "Too much request weight used; current limit is 12000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.".to_owned(),
        retry_after: Some(retry_after),
    })
}

fn error_response(error: &BinanceError) -> Response {
    let mut response = (error.status, Json(json!({"code": error.code, "msg": error.msg}))).into_response();
    if let Some(retry) = error.retry_after
        && let Ok(value) = HeaderValue::from_str(&retry.as_secs().max(1).to_string())
    {
        response.headers_mut().insert(http::header::RETRY_AFTER, value);
    }
    response
}

/// Parameters of a request: the query, then a form body (the query wins on duplicates).
fn params_of(raw: &Raw) -> HashMap<String, String> {
    let mut params: HashMap<String, String> =
        url::form_urlencoded::parse(&raw.body).into_owned().filter(|(k, _)| !k.is_empty()).collect();
    params.extend(url::form_urlencoded::parse(raw.query().as_bytes()).into_owned());
    params
}

/// The query or body without its `signature` parameter, exactly as received otherwise.
fn without_signature(text: &[u8]) -> Vec<u8> {
    let kept: Vec<&[u8]> = text.split(|b| *b == b'&').filter(|part| !part.starts_with(b"signature=")).collect();
    kept.join(&b'&')
}

/// Whether every byte is unreserved, a percent escape, or a separator (`=`, `&`, `+`).
fn encoded_as_required(text: &[u8]) -> bool {
    text.iter().all(|b| b.is_ascii_alphanumeric() || b"_.-~%=&+".contains(b))
}

fn peer_ip(raw: &Raw) -> String {
    raw.parts.extensions.get::<PeerAddr>().map_or_else(|| "unknown".to_owned(), |p| p.0.ip().to_string())
}

impl BinanceState {
    /// Charges the request's weight (counted, and reported in the headers, even when limits
    /// are not enforced).
    fn charge(&self, raw: &Raw, key: &str) -> Result<(), BinanceError> {
        let path = raw.parts.uri.path();
        let (pool, weight) = weight_of(&raw.parts.method, path);
        let ip = peer_ip(raw);
        let bucket = pool.bucket(path, &ip, key);
        let limit = if self.enforce_limits { pool.limit() } else { u32::MAX };
        self.weights.charge(&ip, &bucket, weight, limit).map_err(|refusal| match refusal {
            Refusal::TooMuchWeight(retry) => BinanceError {
                status: StatusCode::TOO_MANY_REQUESTS,
                code: -1003,
                msg: format!(
                    "Too much request weight used; current limit is {} request weight per 1 MINUTE.",
                    pool.limit()
                ),
                retry_after: Some(retry),
            },
            Refusal::Banned(retry) => BinanceError {
                status: StatusCode::IM_A_TEAPOT,
                code: -1003,
                msg: "Way too much request weight used; IP banned for 2 minutes.".to_owned(),
                retry_after: Some(retry),
            },
        })
    }

    fn verify(&self, raw: &Raw, params: &HashMap<String, String>) -> Result<String, BinanceError> {
        let Some(key) = raw.header("x-mbx-apikey") else {
            return Err(BinanceError::unauthorized(-2014, "API-key format invalid."));
        };
        if key != self.book.credentials.api_key {
            return Err(BinanceError::unauthorized(-2015, "Invalid API-key, IP, or permissions for action."));
        }
        let timestamp =
            params.get("timestamp").filter(|t| !t.is_empty()).ok_or_else(|| BinanceError::missing("timestamp"))?;
        let timestamp: i64 = timestamp.parse().map_err(|_| BinanceError::invalid("timestamp"))?;
        let signature =
            params.get("signature").filter(|s| !s.is_empty()).ok_or_else(|| BinanceError::missing("signature"))?;
        let window = match params.get("recvWindow") {
            None => Decimal::from(5000),
            Some(w) => parse_amount(w).ok_or_else(|| BinanceError::invalid("recvWindow"))?,
        };
        if window > Decimal::from(60_000) {
            return Err(BinanceError::bad(-1131, "recvWindow must be less than 60000"));
        }
        if timestamp >= raw.now + 1000 {
            return Err(BinanceError::bad(-1021, "Timestamp for this request was 1000ms ahead of the server's time."));
        }
        if Decimal::from(raw.now - timestamp) > window {
            return Err(BinanceError::bad(-1021, "Timestamp for this request is outside of the recvWindow."));
        }
        let invalid = || BinanceError::bad(-1022, "Signature for this request is not valid.");
        let (query, body) = (raw.query().as_bytes(), &raw.body[..]);
        if !encoded_as_required(query) || !encoded_as_required(body) {
            return Err(invalid());
        }
        let mut payload = without_signature(query);
        payload.extend(without_signature(body));
        let expected = hex::encode(crate::auth::hmac_sha256(&self.book.credentials.secret, &payload));
        if !crate::auth::constant_time_eq(expected.as_bytes(), signature.to_ascii_lowercase().as_bytes()) {
            return Err(invalid());
        }
        Ok(key.to_owned())
    }
}

impl Venue for BinanceState {
    type Handler = Handler;
    type Answer = Value;
    type Error = BinanceError;

    fn ctx(&self) -> &SimContext {
        &self.book.ctx
    }

    fn body_too_large(&self) -> BinanceError {
        BinanceError::bad(-1104, "Not all sent parameters were read; request body too large.")
    }

    fn method_not_allowed(&self) -> Response {
        let body = json!({"code": -1000, "msg": "An unknown error occurred while processing the request. (method not allowed)"});
        (StatusCode::METHOD_NOT_ALLOWED, Json(body)).into_response()
    }

    fn authenticate(&self, _: &Endpoint<Handler>, raw: &Raw) -> Result<String, BinanceError> {
        self.charge(raw, raw.header("x-mbx-apikey").unwrap_or(""))?;
        let key = self.verify(raw, &params_of(raw))?;
        let path = raw.parts.uri.path();
        if self.enforce_limits && PACED_WRITES.contains(&path) && !self.weights.admit_write(&key, path) {
            return Err(BinanceError::bad(-6009, "Request frequency too high"));
        }
        Ok(key)
    }

    fn handle(
        &self,
        endpoint: &'static Endpoint<Handler>,
        key: Option<&str>,
        raw: &Raw,
    ) -> Result<Value, BinanceError> {
        if key.is_none() {
            self.charge(raw, "")?;
        }
        let params = Params::Query(params_of(raw));
        let book = &self.book;
        routes::run_on_account(&book.accounts, key, &book.credentials.api_key, raw, &params, endpoint.handler)
    }

    fn respond(&self, result: Result<Value, BinanceError>, raw: &Raw) -> Response {
        let mut response = match result {
            Ok(value) => (StatusCode::OK, Json(value)).into_response(),
            Err(error) => error_response(&error),
        };
        let path = raw.parts.uri.path();
        let (pool, _) = weight_of(&raw.parts.method, path);
        let bucket = pool.bucket(path, &peer_ip(raw), raw.header("x-mbx-apikey").unwrap_or(""));
        if let Ok(value) = HeaderValue::from_str(&self.weights.used(&bucket).to_string()) {
            response.headers_mut().insert(pool.header(), value);
        }
        response
    }
}

// ---- helpers shared by the handlers ----

/// A required amount: a plain decimal above zero.
pub(crate) fn amount(call: &Call<'_>, name: &str) -> Result<Decimal, BinanceError> {
    let text = call.params.str(name)?;
    let value = parse_amount(text).ok_or_else(|| BinanceError::invalid(name))?;
    if value.is_zero() {
        return Err(BinanceError::bad(-5007, "Quantity must be greater than zero."));
    }
    Ok(value)
}

/// An optional boolean (`true`/`false`, any case: the legacy connector sends `True`).
pub(crate) fn opt_bool(call: &Call<'_>, name: &str) -> Result<Option<bool>, BinanceError> {
    match call.params.opt_str(name)? {
        None => Ok(None),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(_) => Err(BinanceError::invalid(name)),
    }
}

/// An optional integer parameter.
pub(crate) fn opt_int(call: &Call<'_>, name: &str) -> Result<Option<i64>, BinanceError> {
    call.params.opt_str(name)?.map(|v| v.parse::<i64>().map_err(|_| BinanceError::invalid(name))).transpose()
}

/// The history window (§6): no times → the last `default_days`; one bound → that many days
/// from or before it; at most `max_days` wide.
pub(crate) fn window(call: &Call<'_>, default_days: i64, max_days: i64) -> Result<(i64, i64), BinanceError> {
    let (start, end) = (opt_int(call, "startTime")?, opt_int(call, "endTime")?);
    let span = default_days * MS_PER_DAY;
    let (start, end) = match (start, end) {
        (None, None) => (call.now - span, call.now),
        (Some(s), None) => (s, s + span),
        (None, Some(e)) => (e - span, e),
        (Some(s), Some(e)) => (s, e),
    };
    if end < start || end - start > max_days * MS_PER_DAY {
        return Err(BinanceError::bad(-1128, "Combination of optional parameters invalid. (time window)"));
    }
    Ok((start, end))
}

/// One page of `rows` (`current` from 1, `size` default 10, max 100): `{"rows": …, "total":
/// n}`; `rows` is left out when there are none, and `total` is a string when `total_text`.
pub(crate) fn page(call: &Call<'_>, rows: Vec<Value>, total_text: bool) -> Result<Value, BinanceError> {
    let current = opt_int(call, "current")?.unwrap_or(1);
    let size = opt_int(call, "size")?.unwrap_or(10);
    if current < 1 {
        return Err(BinanceError::invalid("current"));
    }
    if !(1..=100).contains(&size) {
        return Err(BinanceError::invalid("size"));
    }
    let total = rows.len();
    let (skip, take) =
        (usize::try_from((current - 1) * size).unwrap_or(usize::MAX), usize::try_from(size).unwrap_or(10));
    let rows: Vec<Value> = rows.into_iter().skip(skip).take(take).collect();
    let total = if total_text { json!(total.to_string()) } else { json!(total) };
    Ok(if total == json!(0) || total == json!("0") {
        json!({"total": total})
    } else {
        json!({"rows": rows, "total": total})
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_lists_every_endpoint() {
        crate::routes::assert_documented(super::ENDPOINTS);
    }

    #[test]
    fn the_payload_drops_only_the_signature() {
        assert_eq!(without_signature(b"a=1&signature=ff&b=2"), b"a=1&b=2");
        assert_eq!(without_signature(b"a=1&timestamp=5&signature=ff"), b"a=1&timestamp=5");
        assert!(encoded_as_required(b"projectId=USDT%2A30&amount=1.5"));
        assert!(!encoded_as_required(b"projectId=USDT*30"));
    }

    #[test]
    fn the_reference_signature_vectors_verify() {
        let sign = |secret: &str, payload: &str| hex::encode(crate::auth::hmac_sha256(secret, payload.as_bytes()));
        let v1 = "productId=USDT001&amount=100.5&autoSubscribe=false&sourceAccount=FUND&recvWindow=5000&timestamp=1754006400000";
        assert_eq!(
            sign("TEST_SECRET_1234567890", v1),
            "8f4c3bef73f53e66738649063f28be3fe168174419044b94a2b2346adf4bb7a7"
        );
        let docs = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
        let secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
        assert_eq!(sign(secret, docs), "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
        let sent = format!("{v1}&signature=8f4c");
        assert_eq!(without_signature(sent.as_bytes()), v1.as_bytes());
    }

    #[test]
    fn weights_follow_the_reference() {
        assert_eq!(weight_of(&http::Method::POST, "/sapi/v1/asset/transfer"), (Pool::SapiUid, 900));
        assert_eq!(weight_of(&http::Method::GET, "/sapi/v1/asset/transfer"), (Pool::SapiIp, 1));
        assert_eq!(weight_of(&http::Method::GET, "/sapi/v1/simple-earn/flexible/list"), (Pool::SapiIp, 150));
        assert_eq!(weight_of(&http::Method::POST, "/sapi/v1/simple-earn/flexible/subscribe"), (Pool::SapiIp, 1));
        assert_eq!(weight_of(&http::Method::GET, "/api/v3/account"), (Pool::Api, 20));
    }
}
