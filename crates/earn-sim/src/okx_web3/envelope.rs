//! The Web3 API envelope: `{"code": 0, "msg": "", "data": ...}` with a numeric `code`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// A successful answer and how its envelope is dressed.
#[derive(Debug)]
pub(crate) struct Reply {
    data: Value,
    style: Style,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `{"code":0,"msg":"","data":…}`.
    Standard,
    /// Several v6 examples omit `msg`.
    NoMsg,
    /// Some v5 user endpoints add `error_code`, `error_message`, `detailMsg` strings.
    LegacyUser,
}

impl Reply {
    /// The standard envelope.
    pub(crate) fn ok(data: Value) -> Self {
        Reply { data, style: Style::Standard }
    }

    /// The envelope without `msg` (v6 product endpoints).
    pub(crate) fn ok_no_msg(data: Value) -> Self {
        Reply { data, style: Style::NoMsg }
    }

    /// The envelope with the extra v5 user fields.
    pub(crate) fn ok_legacy_user(data: Value) -> Self {
        Reply { data, style: Style::LegacyUser }
    }

    /// The JSON body.
    pub(crate) fn body(&self) -> Value {
        let mut body = Map::new();
        body.insert("code".into(), json!(0));
        if self.style != Style::NoMsg {
            body.insert("msg".into(), json!(""));
        }
        if self.style == Style::LegacyUser {
            body.insert("error_code".into(), json!("0"));
            body.insert("error_message".into(), json!(""));
            body.insert("detailMsg".into(), json!(""));
        }
        body.insert("data".into(), self.data.clone());
        Value::Object(body)
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        json_response(StatusCode::OK, &self.body())
    }
}

/// A failed request: HTTP status, numeric OKX code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) status: u16,
    pub(crate) code: u32,
    pub(crate) msg: String,
}

impl ApiError {
    /// 400 + `50014`: a required parameter is missing or empty.
    pub(crate) fn missing(field: &str) -> Self {
        ApiError { status: 400, code: 50014, msg: format!("Parameter {field} can not be empty") }
    }

    /// 400 + `84000`: a parameter is malformed.
    pub(crate) fn invalid(field: &str, rule: &str) -> Self {
        ApiError { status: 400, code: 84000, msg: format!("Parameter error: {field} {rule}") }
    }

    /// HTTP 200 + a business code (`84xxx`).
    pub(crate) fn business(code: u32, msg: impl Into<String>) -> Self {
        ApiError { status: 200, code, msg: msg.into() }
    }

    /// `84024`: the investment product does not exist.
    pub(crate) fn unknown_product(id: &str) -> Self {
        Self::business(84024, format!("Investment product does not exist: {id}"))
    }

    /// `84010`: the token is not supported by this product.
    pub(crate) fn unsupported_token(address: &str) -> Self {
        Self::business(84010, format!("Token not supported: {address}"))
    }

    /// `84019`: the address does not match the chain.
    pub(crate) fn address_mismatch(address: &str, chain: &str) -> Self {
        Self::business(84019, format!("Address format does not match chain {chain}: {address}"))
    }

    /// `84014`: balance (or position) validation failed.
    pub(crate) fn insufficient(what: &str) -> Self {
        Self::business(84014, format!("Balance validation failed: {what}"))
    }

    /// `84025`: nothing to claim.
    pub(crate) fn nothing_to_claim() -> Self {
        Self::business(84025, "No rewards to claim")
    }

    /// The JSON body.
    pub(crate) fn body(&self) -> Value {
        json!({"code": self.code, "msg": self.msg, "data": []})
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        json_response(status, &self.body())
    }
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let text = body.to_string();
    (status, [(axum::http::header::CONTENT_TYPE, "application/json")], text).into_response()
}

/// Result of an endpoint handler.
pub(crate) type Handled = Result<Reply, ApiError>;
