//! Bybit envelopes: `{"retCode":0,"retMsg":"OK","result":…,"retExtInfo":{},"time":…}`.

use axum::Json;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde_json::{Value, json};

use crate::auth::bybit::AuthFailure;
use crate::params::ParamError;

/// A Bybit error answer: HTTP status (200 for business errors), `retCode` and `retMsg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BybitError {
    pub(crate) status: StatusCode,
    pub(crate) code: i64,
    pub(crate) msg: String,
}

impl BybitError {
    /// An Earn business error (`1800xx`), HTTP 200.
    pub(crate) fn earn(code: i64, msg: impl Into<String>) -> Self {
        BybitError { status: StatusCode::OK, code, msg: msg.into() }
    }

    /// `10001`: request parameter error, HTTP 200.
    pub(crate) fn param(msg: impl Into<String>) -> Self {
        BybitError { status: StatusCode::OK, code: 10001, msg: msg.into() }
    }
}

impl From<AuthFailure> for BybitError {
    fn from(f: AuthFailure) -> Self {
        BybitError {
            status: StatusCode::from_u16(f.status).unwrap_or(StatusCode::OK),
            code: f.ret_code,
            msg: f.message,
        }
    }
}

impl From<ParamError> for BybitError {
    fn from(e: ParamError) -> Self {
        match e {
            ParamError::Missing(name) => BybitError::param(format!("params error: {name} is required")),
            ParamError::Invalid { reason, .. } => BybitError::param(reason),
        }
    }
}

/// Renders an error at venue time `now_ms`.
pub(crate) fn failure(error: BybitError, now_ms: i64) -> Response {
    let body = json!({"retCode": error.code, "retMsg": error.msg, "result": {}, "retExtInfo": {}, "time": now_ms});
    (error.status, Json(body)).into_response()
}

/// A success envelope around `result`.
pub(crate) fn success(result: Value, now_ms: i64) -> Response {
    let body = json!({"retCode": 0, "retMsg": "OK", "result": result, "retExtInfo": {}, "time": now_ms});
    (StatusCode::OK, Json(body)).into_response()
}
