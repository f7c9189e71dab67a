//! OKX envelopes: `{"code":"0","msg":"","data":…}` and error bodies.

use axum::Json;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde_json::{Value, json};

use crate::auth::okx::AuthFailure;
use crate::params::ParamError;

/// An OKX error answer: HTTP status, code (string on the wire) and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OkxError {
    pub(crate) status: StatusCode,
    pub(crate) code: &'static str,
    pub(crate) msg: String,
}

impl OkxError {
    /// A business error (HTTP 200), answered with `data: []`.
    pub(crate) fn business(code: &'static str, msg: impl Into<String>) -> Self {
        OkxError { status: StatusCode::OK, code, msg: msg.into() }
    }

    /// `50014`: a required parameter is missing or empty (HTTP 400).
    pub(crate) fn empty(param: &str) -> Self {
        OkxError { status: StatusCode::BAD_REQUEST, code: "50014", msg: format!("Parameter {param} can not be empty.") }
    }

    /// `51000`: a parameter has a wrong value or type (HTTP 400).
    pub(crate) fn invalid(param: &str) -> Self {
        OkxError { status: StatusCode::BAD_REQUEST, code: "51000", msg: format!("Parameter {param} error") }
    }

    /// A framing error answered with HTTP 400 (`50000`, `50002`, `50006`).
    pub(crate) fn bad_request(code: &'static str, msg: &str) -> Self {
        OkxError { status: StatusCode::BAD_REQUEST, code, msg: msg.to_owned() }
    }
}

impl From<AuthFailure> for OkxError {
    fn from(f: AuthFailure) -> Self {
        OkxError {
            status: StatusCode::from_u16(f.status).unwrap_or(StatusCode::UNAUTHORIZED),
            code: f.code,
            msg: f.message.to_owned(),
        }
    }
}

impl From<ParamError> for OkxError {
    fn from(e: ParamError) -> Self {
        match e {
            ParamError::Missing(name) => OkxError::empty(&name),
            ParamError::Invalid { name, .. } => OkxError::invalid(&name),
        }
    }
}

impl IntoResponse for OkxError {
    fn into_response(self) -> Response {
        // Business errors carry `data: []`; HTTP-level errors have no `data`, as OKX answers.
        let body = if self.status == StatusCode::OK {
            json!({"code": self.code, "msg": self.msg, "data": []})
        } else {
            json!({"msg": self.msg, "code": self.code})
        };
        (self.status, Json(body)).into_response()
    }
}

/// A success envelope around `data` (normally an array).
pub(crate) fn success(data: Value) -> Response {
    (StatusCode::OK, Json(json!({"code": "0", "msg": "", "data": data}))).into_response()
}
