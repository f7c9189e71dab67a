//! OKX Web3 DeFi API simulator (v5 "DeFi API" and v6 "OnchainOS DeFi API").
//!
//! Every request is authenticated with [`crate::auth::okx::verify_for`] over the raw request
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
mod state;
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

use std::sync::Arc;

use axum::Router;
use axum::extract::Query;
use axum::response::{IntoResponse, Response};

use crate::auth::okx;
use crate::context::SimContext;
use crate::routes::{self, Endpoint, Raw, Venue, Verb};
use envelope::{ApiError, Handled, Reply};
use params::Params;

pub(crate) use positions::DEFAULT_WALLET;
#[cfg(test)]
pub(crate) use positions::DEMO_SOLANA_WALLET;
pub(crate) use state::{Web3Config, Web3State, token_symbol, token_symbols};

type Handler = fn(&Web3State, &Params) -> Handled;

/// Every v5 and v6 DeFi endpoint.
static ENDPOINTS: &[Endpoint<Handler>] = &[
    Endpoint::read("/api/v5/defi/explore/protocol/list", v5_explore::protocol_list),
    Endpoint::read("/api/v5/defi/explore/token/list", v5_explore::token_list),
    Endpoint::query("/api/v5/defi/explore/product/list", v5_explore::product_list),
    Endpoint::read("/api/v5/defi/explore/product/detail", v5_explore::product_detail),
    Endpoint::read("/api/v5/defi/explore/network-list", v5_explore::network_list),
    Endpoint::query("/api/v5/defi/calculator/subscribe-info", v5_calculator::subscribe_info),
    Endpoint::query("/api/v5/defi/calculator/redeem-info", v5_calculator::redeem_info),
    Endpoint::query("/api/v5/defi/transaction/authorization", v5_transaction::authorization),
    Endpoint::query("/api/v5/defi/transaction/subscription", v5_transaction::subscription),
    Endpoint::query("/api/v5/defi/transaction/redemption", v5_transaction::redemption),
    Endpoint::query("/api/v5/defi/transaction/bonus", v5_transaction::bonus),
    Endpoint::query("/api/v5/defi/user/asset/platform/list", v5_user::platform_list),
    Endpoint::query("/api/v5/defi/user/asset/platform/detail", v5_user::platform_detail),
    Endpoint::query("/api/v5/defi/user/investment/asset-detail", v5_user::asset_detail),
    Endpoint::query("/api/v5/defi/user/balance-list", v5_user::balance_list),
    Endpoint::read("/api/v5/defi/user/investment/unstake-list", v5_user::unstake_list),
    Endpoint::read("/api/v6/defi/product/supported-chains", v6_product::supported_chains),
    Endpoint::read("/api/v6/defi/product/supported-platforms", v6_product::supported_platforms),
    Endpoint::query("/api/v6/defi/product/search", v6_product::search),
    Endpoint::read("/api/v6/defi/product/detail", v6_product::detail),
    Endpoint::read("/api/v6/defi/product/rate/chart", v6_product::rate_chart),
    Endpoint::read("/api/v6/defi/product/tvl/chart", v6_product::tvl_chart),
    Endpoint::read("/api/v6/defi/product/depth-price/chart", v6_product::depth_price_chart),
    Endpoint::query("/api/v6/defi/product/detail/prepare", v6_product::prepare),
    Endpoint::query("/api/v6/defi/calculator/enter/info", v6_transaction::enter_info),
    Endpoint::query("/api/v6/defi/transaction/enter", v6_transaction::enter),
    Endpoint::query("/api/v6/defi/transaction/exit", v6_transaction::exit),
    Endpoint::query("/api/v6/defi/transaction/claim", v6_transaction::claim),
    Endpoint::query("/api/v6/defi/user/asset/platform/list", v6_user::platform_list),
    Endpoint::query("/api/v6/defi/user/asset/platform/detail", v6_user::platform_detail),
];

/// All v5 and v6 DeFi routes (full paths), authenticated.
pub(crate) fn router(state: Arc<Web3State>) -> Router {
    routes::router(state, ENDPOINTS)
}

/// One line per seeded product, for the start-up banner.
pub(crate) fn product_lines() -> Vec<String> {
    catalog::PRODUCTS
        .iter()
        .map(|p| format!("investmentId {} {} {} (chain {})", p.id, p.platform.name, p.name, p.chain_id))
        .collect()
}

/// The answer to a DeFi path the simulator does not serve: HTTP 404 with a JSON body.
pub(crate) fn not_found() -> Response {
    ApiError { status: 404, code: 404, msg: "Not Found".to_owned() }.into_response()
}

impl Venue for Web3State {
    type Handler = Handler;
    type Answer = Reply;
    type Error = ApiError;

    fn ctx(&self) -> &SimContext {
        &self.ctx
    }

    fn body_too_large(&self) -> ApiError {
        ApiError::invalid("body", "is too large")
    }

    fn method_not_allowed(&self) -> Response {
        ApiError { status: 405, code: 50115, msg: "Invalid request method.".to_owned() }.into_response()
    }

    fn authenticate(&self, _: &Endpoint<Handler>, raw: &Raw) -> Result<String, ApiError> {
        let (h, accepted) = (&raw.parts, &self.config.credentials);
        match okx::verify_for(okx::OkxApi::Web3, (&h.headers, &h.method, raw.target(), &raw.body), accepted, raw.now) {
            Ok(creds) => Ok(creds.api_key.clone()),
            Err(failure) => {
                let code = failure.code.parse().unwrap_or(50113);
                Err(ApiError { status: failure.status, code, msg: failure.message.to_owned() })
            }
        }
    }

    fn handle(&self, endpoint: &'static Endpoint<Handler>, _: Option<&str>, raw: &Raw) -> Handled {
        let params = match endpoint.verb {
            Verb::Get => match Query::<Vec<(String, String)>>::try_from_uri(&raw.parts.uri) {
                Ok(Query(pairs)) => Params::from_query(pairs),
                Err(_) => return Err(ApiError::invalid("query", "is not a valid query string")),
            },
            Verb::Post => Params::from_body(&raw.body)?,
        };
        (endpoint.handler)(self, &params)
    }

    fn respond(&self, result: Handled, _: &Raw) -> Response {
        match result {
            Ok(reply) => reply.into_response(),
            Err(error) => error.into_response(),
        }
    }
}
