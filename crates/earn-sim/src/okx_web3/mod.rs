//! OKX Web3 DeFi API simulator (v5 "DeFi API" and v6 "OnchainOS DeFi API").
//!
//! Every request is authenticated with [`crate::auth::okx::verify`] over the raw request
//! target and body, then answered from a seeded catalogue ([`catalog`]) and per-wallet
//! holdings ([`positions`]). Transaction endpoints build unsigned call data ([`calldata`]);
//! nothing is broadcast, so holdings only change through [`Web3State::set_balance`].

mod base58;
mod calldata;
mod catalog;
mod envelope;
mod flows;
mod holdings_view;
mod keccak;
mod num;
mod params;
mod positions;
mod render;
mod v5_calculator;
mod v5_explore;
mod v5_transaction;
mod v5_user;
mod v6_product;
mod v6_transaction;
mod v6_user;
mod validate;

#[cfg(test)]
mod tests;

use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::{Query, Request};
use axum::response::{IntoResponse, Response};
use rust_decimal::Decimal;

use crate::auth::{DemoCredentials, okx};
use crate::clock::SimClock;
use crate::routes::{self, MAX_BODY, Route, Verb};
use envelope::{ApiError, Handled};
use params::Params;
use positions::{Holdings, Ledger};

/// The demo EVM wallet (EIP-55 form of `0x7f42b7cd2bb9cf7ea4f2e0d5a0b4eeb2d8d899da`).
pub(crate) const DEFAULT_WALLET: &str = "0x7f42B7cD2BB9cF7ea4F2e0d5A0B4EeB2d8d899DA";

/// A demo Solana wallet holding a JitoSOL position and some SOL.
pub(crate) const DEMO_SOLANA_WALLET: &str = "dABkhATR2Pdgzyn2phuKQR2u9m2tFRfTvv6rYnNdMMQ";

/// What the Web3 simulator is started with.
#[derive(Debug, Clone)]
pub(crate) struct Web3Config {
    /// Accepted Web3 portal keys (passphrase required).
    pub credentials: Vec<DemoCredentials>,
    /// The demo EVM wallet (EIP-55) that holds the seeded positions.
    pub wallet: String,
}

/// Catalogue, holdings and clock of the Web3 simulator; internally synchronized.
#[derive(Debug)]
pub(crate) struct Web3State {
    config: Web3Config,
    clock: Arc<SimClock>,
    ledger: RwLock<Ledger>,
}

impl Web3State {
    /// A simulator with the seeded catalogue and the demo holdings for `config.wallet`.
    pub(crate) fn new(config: Web3Config, clock: Arc<SimClock>) -> Self {
        let ledger = RwLock::new(Ledger::seeded(&config.wallet));
        Web3State { config, clock, ledger }
    }

    /// The demo wallet's balance of the token [`Web3State::set_balance`] sets for this symbol,
    /// as a `Decimal` (zero if unknown; `Decimal::MAX` if it does not fit).
    pub(crate) fn balance(&self, symbol: &str) -> Decimal {
        let Some(token) = token_for_symbol(symbol) else {
            return Decimal::ZERO;
        };
        let amount = self.holdings(&self.config.wallet).balance(token);
        amount.to_string().parse().unwrap_or(Decimal::MAX)
    }

    /// Sets the demo wallet's balance of the first token with this symbol (Ethereum first).
    /// Returns `false` if the symbol is unknown or the amount is negative or too precise.
    pub(crate) fn set_balance(&self, symbol: &str, amount: Decimal) -> bool {
        let Some(token) = token_for_symbol(symbol) else {
            return false;
        };
        let Ok(parsed) = earn_core::TokenAmount::parse_units(&amount.normalize().to_string(), token.decimals) else {
            return false;
        };
        let mut ledger = self.ledger.write().unwrap_or_else(|e| e.into_inner());
        ledger.holdings_mut(&self.config.wallet).set_balance(token, parsed.base_units());
        true
    }

    /// A snapshot of a wallet's holdings.
    pub(crate) fn holdings(&self, address: &str) -> Holdings {
        self.ledger.read().unwrap_or_else(|e| e.into_inner()).holdings(address)
    }

    /// The venue clock, Unix milliseconds.
    pub(crate) fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
}

/// The first catalogue token with this symbol (Ethereum tokens come first).
fn token_for_symbol(symbol: &str) -> Option<&'static catalog::Token> {
    catalog::TOKENS.iter().copied().find(|t| t.symbol.eq_ignore_ascii_case(symbol))
}

/// One endpoint: method, full path and handler.
struct Endpoint {
    verb: Verb,
    path: &'static str,
    handler: fn(&Web3State, &Params) -> Handled,
}

impl Route for Endpoint {
    fn verb(&self) -> Verb {
        self.verb
    }
    fn path(&self) -> &'static str {
        self.path
    }
}

const fn get(path: &'static str, handler: fn(&Web3State, &Params) -> Handled) -> Endpoint {
    Endpoint { verb: Verb::Get, path, handler }
}

const fn post(path: &'static str, handler: fn(&Web3State, &Params) -> Handled) -> Endpoint {
    Endpoint { verb: Verb::Post, path, handler }
}

/// Every v5 and v6 DeFi endpoint.
static ENDPOINTS: &[Endpoint] = &[
    get("/api/v5/defi/explore/protocol/list", v5_explore::protocol_list),
    get("/api/v5/defi/explore/token/list", v5_explore::token_list),
    post("/api/v5/defi/explore/product/list", v5_explore::product_list),
    get("/api/v5/defi/explore/product/detail", v5_explore::product_detail),
    get("/api/v5/defi/explore/network-list", v5_explore::network_list),
    post("/api/v5/defi/calculator/subscribe-info", v5_calculator::subscribe_info),
    post("/api/v5/defi/calculator/redeem-info", v5_calculator::redeem_info),
    post("/api/v5/defi/transaction/authorization", v5_transaction::authorization),
    post("/api/v5/defi/transaction/subscription", v5_transaction::subscription),
    post("/api/v5/defi/transaction/redemption", v5_transaction::redemption),
    post("/api/v5/defi/transaction/bonus", v5_transaction::bonus),
    post("/api/v5/defi/user/asset/platform/list", v5_user::platform_list),
    post("/api/v5/defi/user/asset/platform/detail", v5_user::platform_detail),
    post("/api/v5/defi/user/investment/asset-detail", v5_user::asset_detail),
    post("/api/v5/defi/user/balance-list", v5_user::balance_list),
    get("/api/v5/defi/user/investment/unstake-list", v5_user::unstake_list),
    get("/api/v6/defi/product/supported-chains", v6_product::supported_chains),
    get("/api/v6/defi/product/supported-platforms", v6_product::supported_platforms),
    post("/api/v6/defi/product/search", v6_product::search),
    get("/api/v6/defi/product/detail", v6_product::detail),
    get("/api/v6/defi/product/rate/chart", v6_product::rate_chart),
    get("/api/v6/defi/product/tvl/chart", v6_product::tvl_chart),
    get("/api/v6/defi/product/depth-price/chart", v6_product::depth_price_chart),
    post("/api/v6/defi/product/detail/prepare", v6_product::prepare),
    post("/api/v6/defi/calculator/enter/info", v6_transaction::enter_info),
    post("/api/v6/defi/transaction/enter", v6_transaction::enter),
    post("/api/v6/defi/transaction/exit", v6_transaction::exit),
    post("/api/v6/defi/transaction/claim", v6_transaction::claim),
    post("/api/v6/defi/user/asset/platform/list", v6_user::platform_list),
    post("/api/v6/defi/user/asset/platform/detail", v6_user::platform_detail),
];

/// All v5 and v6 DeFi routes (full paths), authenticated.
pub(crate) fn router(state: Arc<Web3State>) -> Router {
    routes::router(state, ENDPOINTS, dispatch)
}

/// The one call path: read raw bytes, verify the signature, parse parameters, handle.
async fn dispatch(state: Arc<Web3State>, endpoint: &'static Endpoint, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return ApiError::invalid("body", "is too large").into_response();
    };
    let target = parts.uri.path_and_query().map_or_else(|| parts.uri.path(), |pq| pq.as_str());
    let now = state.now_ms();
    if let Err(failure) = okx::verify(&parts.headers, &parts.method, target, &bytes, &state.config.credentials, now) {
        let code = failure.code.parse().unwrap_or(50113);
        return ApiError { status: failure.status, code, msg: failure.message.to_owned() }.into_response();
    }
    let params = match endpoint.verb {
        Verb::Get => match Query::<Vec<(String, String)>>::try_from_uri(&parts.uri) {
            Ok(Query(pairs)) => Params::from_query(pairs),
            Err(_) => return ApiError::invalid("query", "is not a valid query string").into_response(),
        },
        Verb::Post => match Params::from_body(&bytes) {
            Ok(params) => params,
            Err(error) => return error.into_response(),
        },
    };
    match (endpoint.handler)(&state, &params) {
        Ok(reply) => reply.into_response(),
        Err(error) => error.into_response(),
    }
}
