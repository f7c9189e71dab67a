//! Every endpoint this crate calls, declared once with its published (or default) limits.
//!
//! Limits: Bybit documents none for the core Easy Earn endpoints, so the reference's
//! defaults apply (writes 5/s, private reads 10/s per UID); coupons 10/s; public endpoints
//! 50/s; and every request counts against the 600-per-5-s per-IP budget.

use std::time::Duration;

use earn_core::Operation;
use earn_core::http::{Endpoint, RateLimit};

/// 600 requests per 5 s per IP, across all REST traffic to a host.
const IP: RateLimit = RateLimit::new("bybit-ip", 600, Duration::from_secs(5));

const fn public(path: &'static str) -> Endpoint {
    Endpoint::get(path).public().limit(RateLimit::per_second(path, 50)).limit(IP)
}

const fn read(path: &'static str) -> Endpoint {
    Endpoint::get(path).limit(RateLimit::per_second(path, 10)).limit(IP)
}

/// A signed read of a path that also has a public form (user fields only when signed).
const fn signed_public(path: &'static str) -> Endpoint {
    Endpoint::get(path).limit(RateLimit::per_second(path, 50)).limit(IP)
}

const fn keyed_write(path: &'static str, op: Operation) -> Endpoint {
    Endpoint::post(path).idempotent_write(op).limit(RateLimit::per_second(path, 5)).limit(IP)
}

/// A POST that sets an absolute state (a switch): repeating it with the same body is harmless.
const fn setter(path: &'static str) -> Endpoint {
    Endpoint::post(path).limit(RateLimit::per_second(path, 5)).limit(IP)
}

/// `GET /v5/market/time`.
pub static SERVER_TIME: Endpoint = public("/v5/market/time");

/// `GET /v5/earn/product`.
pub static PRODUCT: Endpoint = public("/v5/earn/product");
/// `POST /v5/earn/place-order` with `orderType=Stake`.
pub static PLACE_ORDER_STAKE: Endpoint = keyed_write("/v5/earn/place-order", Operation::Stake);
/// `POST /v5/earn/place-order` with `orderType=Redeem` (same path and budget).
pub static PLACE_ORDER_REDEEM: Endpoint = keyed_write("/v5/earn/place-order", Operation::Redeem);
/// `GET /v5/earn/order`.
pub static ORDER: Endpoint = read("/v5/earn/order");
/// `GET /v5/earn/position`.
pub static POSITION: Endpoint = read("/v5/earn/position");
/// `GET /v5/earn/yield`.
pub static YIELD: Endpoint = read("/v5/earn/yield");
/// `GET /v5/earn/hourly-yield`.
pub static HOURLY_YIELD: Endpoint = read("/v5/earn/hourly-yield");
/// `GET /v5/earn/apr-history`.
pub static APR_HISTORY: Endpoint = public("/v5/earn/apr-history");
/// `POST /v5/earn/position/modify` (auto-reinvest switch).
pub static POSITION_MODIFY: Endpoint = setter("/v5/earn/position/modify");
/// `GET /v5/earn/coupons` (10/s/UID, documented).
pub static COUPONS: Endpoint = read("/v5/earn/coupons");

/// `GET /v5/earn/fixed-term/product`.
pub static FIXED_PRODUCT: Endpoint = public("/v5/earn/fixed-term/product");
/// `POST /v5/earn/fixed-term/place-order`.
pub static FIXED_PLACE_ORDER: Endpoint = keyed_write("/v5/earn/fixed-term/place-order", Operation::Stake);
/// `POST /v5/earn/fixed-term/redeem` (no idempotency key: sent once, never repeated).
pub static FIXED_REDEEM: Endpoint = Endpoint::post("/v5/earn/fixed-term/redeem")
    .write(Operation::Redeem)
    .limit(RateLimit::per_second("/v5/earn/fixed-term/redeem", 5))
    .limit(IP);
/// `GET /v5/earn/fixed-term/position`.
pub static FIXED_POSITION: Endpoint = read("/v5/earn/fixed-term/position");
/// `GET /v5/earn/fixed-term/order`.
pub static FIXED_ORDER: Endpoint = read("/v5/earn/fixed-term/order");
/// `POST /v5/earn/fixed-term/position/auto-invest`.
pub static FIXED_AUTO_INVEST: Endpoint = setter("/v5/earn/fixed-term/position/auto-invest");

/// `GET /v5/earn/token/product`, unsigned.
pub static TOKEN_PRODUCT_PUBLIC: Endpoint = public("/v5/earn/token/product");
/// `GET /v5/earn/token/product`, signed (fills the user fields).
pub static TOKEN_PRODUCT_SIGNED: Endpoint = signed_public("/v5/earn/token/product");
/// `POST /v5/earn/token/place-order` with `orderType=Mint`.
pub static TOKEN_PLACE_ORDER_MINT: Endpoint = keyed_write("/v5/earn/token/place-order", Operation::Stake);
/// `POST /v5/earn/token/place-order` with `orderType=Redeem`.
pub static TOKEN_PLACE_ORDER_REDEEM: Endpoint = keyed_write("/v5/earn/token/place-order", Operation::Redeem);
/// `GET /v5/earn/token/order`.
pub static TOKEN_ORDER: Endpoint = read("/v5/earn/token/order");
/// `GET /v5/earn/token/position`.
pub static TOKEN_POSITION: Endpoint = read("/v5/earn/token/position");
/// `GET /v5/earn/token/yield`.
pub static TOKEN_YIELD: Endpoint = read("/v5/earn/token/yield");
/// `GET /v5/earn/token/hourly-yield`.
pub static TOKEN_HOURLY_YIELD: Endpoint = read("/v5/earn/token/hourly-yield");
/// `GET /v5/earn/token/history-apr`.
pub static TOKEN_HISTORY_APR: Endpoint = public("/v5/earn/token/history-apr");

/// `GET /v5/earn/hold-to-earn/product`, unsigned.
pub static HOLD_PRODUCT_PUBLIC: Endpoint = public("/v5/earn/hold-to-earn/product");
/// `GET /v5/earn/hold-to-earn/product`, signed (filtered for the user).
pub static HOLD_PRODUCT_SIGNED: Endpoint = signed_public("/v5/earn/hold-to-earn/product");
/// `GET /v5/earn/hold-to-earn/yield-history`.
pub static HOLD_YIELD_HISTORY: Endpoint = read("/v5/earn/hold-to-earn/yield-history");
