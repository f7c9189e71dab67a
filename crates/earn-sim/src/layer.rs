//! The request layer around every venue router: counting, rate limits, and the faults the
//! venues let through their gate once a request passed authentication.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::json;

use crate::clock::SimClock;
use crate::faults::{FaultKind, FaultTable, Gate};
use crate::rate_limit::{Decision, Family, KeyedBy, RateLimiter, limit_for};
use crate::recorder::Recorder;
use crate::routes::MAX_BODY;
use crate::server::{DropConnection, PeerAddr};

/// Framework state the layer works with.
#[derive(Debug)]
pub(crate) struct Framework {
    pub(crate) clock: Arc<SimClock>,
    pub(crate) recorder: Arc<Recorder>,
    pub(crate) faults: Arc<FaultTable>,
    pub(crate) limiter: RateLimiter,
    pub(crate) enforce_rate_limits: bool,
}

/// Counts the request, applies rate limits, runs the venue handler, then whatever fault the
/// venue's gate picked for it (none for requests that failed authentication).
pub(crate) async fn sim_layer(State(fw): State<Arc<Framework>>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let family = Family::of(&path);
    fw.recorder.request(&path);
    let limit = limit_for(&path);
    let mut decision = None;
    if let Some(limit) = limit.filter(|_| fw.enforce_rate_limits) {
        let mut key = limiter_key(request.headers(), request.extensions().get::<PeerAddr>(), limit.keyed_by);
        if let KeyedBy::CredentialAndField(field) = limit.keyed_by {
            let (buffered, value) = body_field(request, field).await;
            request = buffered;
            key = format!("{key}/{field}:{value}");
        }
        let checked = fw.limiter.check(&path, &key, limit);
        if !checked.allowed {
            fw.recorder.rate_limited();
            return rate_limit_error(family, fw.clock.now_ms(), Some(checked));
        }
        decision = Some(checked);
    }
    let gate = Gate::new(Arc::clone(&fw.faults), &path);
    request.extensions_mut().insert(gate.clone());
    let mut response = next.run(request).await;
    if family == Family::Bybit
        && let Some(decision) = decision
    {
        add_bybit_limit_headers(response.headers_mut(), fw.clock.now_ms(), decision);
    }
    match gate.fired() {
        None => response,
        Some(FaultKind::Status(status)) => html_status(status),
        Some(FaultKind::RateLimit) => {
            let decision =
                limit.map(|l| Decision { allowed: false, limit: l.count, remaining: 0, reset_after: l.window });
            rate_limit_error(family, fw.clock.now_ms(), decision)
        }
        Some(FaultKind::Latency(delay)) => {
            tokio::time::sleep(delay).await;
            response
        }
        Some(FaultKind::MalformedBody) => {
            replace_body(response, Body::from("<html><body>502 Bad Gateway: upstream sent garbage</body></html>")).await
        }
        Some(FaultKind::TruncatedBody) => {
            let (parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
            let half = bytes.slice(..bytes.len() / 2);
            replace_body(Response::from_parts(parts, Body::empty()), Body::from(half)).await
        }
        Some(FaultKind::DropAfterApply) => {
            response.extensions_mut().insert(DropConnection);
            response
        }
    }
}

/// Reads the whole body to find the string `field` of its JSON object (`""` when there is
/// none), and hands back a request with the same body. A body over [`MAX_BODY`] is replaced by
/// one just as oversized, so the venue still refuses it as too large.
async fn body_field(request: Request, field: &str) -> (Request, String) {
    let (parts, body) = request.into_parts();
    let (bytes, value) = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => {
            let value = serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|v| v.get(field).and_then(serde_json::Value::as_str).map(str::to_owned))
                .unwrap_or_default();
            (bytes, value)
        }
        Err(_) => (bytes::Bytes::from(vec![b' '; MAX_BODY + 1]), String::new()),
    };
    (Request::from_parts(parts, Body::from(bytes)), value)
}

/// The key a limit is counted under: the API key header for private limits, else the peer IP.
fn limiter_key(headers: &HeaderMap, peer: Option<&PeerAddr>, keyed_by: KeyedBy) -> String {
    let ip = || peer.map_or_else(|| "unknown".to_owned(), |p| p.0.ip().to_string());
    match keyed_by {
        KeyedBy::Ip => format!("ip:{}", ip()),
        KeyedBy::Credential | KeyedBy::CredentialAndField(_) => ["ok-access-key", "x-bapi-api-key"]
            .iter()
            .find_map(|name| headers.get(*name).and_then(|v| v.to_str().ok()).filter(|v| !v.is_empty()))
            .map_or_else(|| format!("ip:{}", ip()), |key| format!("key:{key}")),
    }
}

/// An HTTP status with an HTML body, as a load balancer in front of a venue would answer.
fn html_status(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let reason = status.canonical_reason().unwrap_or("Error");
    let body = format!(
        "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} {reason}</h1></center>\r\n</body>\r\n</html>\r\n",
        code = status.as_u16()
    );
    (status, [(header::CONTENT_TYPE, "text/html")], body).into_response()
}

/// The venue's own rate-limit answer.
fn rate_limit_error(family: Family, now_ms: i64, decision: Option<Decision>) -> Response {
    match family {
        Family::Binance => crate::binance::too_much_weight(std::time::Duration::from_secs(60)),
        Family::OkxExchange => {
            (StatusCode::TOO_MANY_REQUESTS, axum::Json(json!({"msg": "Too Many Requests", "code": "50011"})))
                .into_response()
        }
        Family::OkxWeb3 => {
            (StatusCode::TOO_MANY_REQUESTS, axum::Json(json!({"code": 50011, "msg": "Too Many Requests"})))
                .into_response()
        }
        Family::Bybit => {
            let body =
                json!({"retCode": 10006, "retMsg": "Too many visits!", "result": {}, "retExtInfo": {}, "time": now_ms});
            let mut response = (StatusCode::OK, axum::Json(body)).into_response();
            if let Some(decision) = decision {
                add_bybit_limit_headers(response.headers_mut(), now_ms, decision);
            }
            response
        }
    }
}

fn add_bybit_limit_headers(headers: &mut HeaderMap, now_ms: i64, decision: Decision) {
    let reset_ms = now_ms + i64::try_from(decision.reset_after.as_millis()).unwrap_or(i64::MAX / 2);
    for (name, value) in [
        ("x-bapi-limit", decision.limit.to_string()),
        ("x-bapi-limit-status", decision.remaining.to_string()),
        ("x-bapi-limit-reset-timestamp", reset_ms.to_string()),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
}

/// Replaces the body of a response applied normally, keeping its status and headers.
async fn replace_body(response: Response, body: Body) -> Response {
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.status = StatusCode::OK;
    Response::from_parts(parts, body)
}
