//! Bybit V5 Earn simulator: Easy & On-Chain Earn (`FlexibleSaving`, `OnChain`), Fixed Saving
//! (`FixedTermSaving`, `FundPool`, `FundPoolPremium`), the BYUSDT token, Hold to Earn, the
//! FUND and UNIFIED accounts with internal transfers between them, and server time.
//!
//! Which account each product uses (reference bybit-earn.md §5.10, bybit-account-transfer.md
//! §1): FlexibleSaving stakes from and redeems to the order's `accountType` (`FUND` or
//! `UNIFIED`); OnChain stakes from `FUND` and pays back to `FUND` (LST: `toAccountType`
//! `FUND` or `UNIFIED`); Fixed Saving draws on the order's `accountType` and pays back to
//! `FUND`; BYUSDT redemptions pay `UNIFIED`. OnChain `Fixed` positions are locked for their
//! `term`: an early redemption answers `180029`.
//!
//! The simulator is the mainnet host: the live key works; the demo-trading key belongs to
//! another host (`api-demo.bybit.com`, where Earn is not offered), so here it answers `10003`
//! with HTTP 401, as a key used on the wrong host does (reference §4).
//!
//! Every endpoint is one `static` row of [`ENDPOINTS`]; the shared call path
//! ([`crate::routes`]) authenticates over the raw query or body, then [`BybitState`] runs the
//! handler on the caller's settled account.
//!
//! Modules depend one way: `catalog` (static products, accounts) ← `state` (ledger,
//! settlement) ← handlers (`products`, `orders`, `positions`, `yields`, `fixed`, `token`,
//! `hold`, `asset`, `account`) ← this module (the route table).

mod account;
mod asset;
mod catalog;
mod envelope;
mod fixed;
mod hold;
mod orders;
mod paging;
mod positions;
mod products;
mod state;
mod token;
mod yields;

use std::sync::Arc;

use axum::Router;
use axum::response::Response;
use serde_json::Value;

pub(crate) use state::BybitState;

use crate::context::SimContext;
use crate::params::Params;
use crate::routes::{self, Endpoint, Raw, Venue, Verb};
use envelope::{BybitError, failure, success};
use state::Call;

type Handler = fn(&mut Call<'_>) -> Result<Value, BybitError>;

static ENDPOINTS: &[Endpoint<Handler>] = &[
    Endpoint::public("/v5/market/time", products::market_time),
    Endpoint::public("/v5/earn/product", products::products),
    Endpoint::public("/v5/earn/apr-history", products::apr_history),
    Endpoint::write("/v5/earn/place-order", orders::place_order),
    Endpoint::read("/v5/earn/order", orders::order_history),
    Endpoint::read("/v5/earn/position", positions::positions),
    Endpoint::write("/v5/earn/position/modify", positions::modify),
    Endpoint::read("/v5/earn/yield", yields::daily_yield),
    Endpoint::read("/v5/earn/hourly-yield", yields::hourly_yield),
    Endpoint::read("/v5/earn/coupons", positions::coupons),
    Endpoint::public("/v5/earn/fixed-term/product", fixed::products),
    Endpoint::write("/v5/earn/fixed-term/place-order", fixed::place_order),
    Endpoint::write("/v5/earn/fixed-term/redeem", fixed::redeem),
    Endpoint::read("/v5/earn/fixed-term/position", fixed::positions),
    Endpoint::read("/v5/earn/fixed-term/order", fixed::orders),
    Endpoint::write("/v5/earn/fixed-term/position/auto-invest", fixed::auto_invest),
    Endpoint::optional("/v5/earn/token/product", token::product),
    Endpoint::write("/v5/earn/token/place-order", token::place_order),
    Endpoint::read("/v5/earn/token/order", token::orders),
    Endpoint::read("/v5/earn/token/position", token::position),
    Endpoint::read("/v5/earn/token/yield", token::daily_yield),
    Endpoint::read("/v5/earn/token/hourly-yield", token::hourly_yield),
    Endpoint::public("/v5/earn/token/history-apr", token::history_apr),
    Endpoint::optional("/v5/earn/hold-to-earn/product", hold::products),
    Endpoint::read("/v5/earn/hold-to-earn/yield-history", hold::yield_history),
    Endpoint::read("/v5/asset/transfer/query-account-coins-balance", asset::coins_balance),
    Endpoint::read("/v5/asset/transfer/query-account-coin-balance", asset::coin_balance),
    Endpoint::write("/v5/asset/transfer/inter-transfer", asset::inter_transfer),
    Endpoint::read("/v5/asset/transfer/query-inter-transfer-list", asset::inter_transfer_list),
    Endpoint::read("/v5/asset/transfer/query-transfer-coin-list", asset::transfer_coin_list),
    Endpoint::read("/v5/account/wallet-balance", account::wallet_balance),
    Endpoint::read("/v5/account/withdrawal", account::withdrawal),
];

/// The Bybit routes, served with `state`.
pub(crate) fn router(state: Arc<BybitState>) -> Router {
    routes::router(state, ENDPOINTS)
}

/// One line per seeded product, for the start-up banner.
pub(crate) fn product_lines() -> Vec<String> {
    let easy = catalog::PRODUCTS.iter().map(|p| {
        let state = if p.available { "" } else { " (NotAvailable)" };
        let kind = if p.is_lst() { format!(" {}→{}", p.coin, p.swap_coin) } else { format!(" {}", p.coin) };
        let term = if p.term > 0 { format!(" {} days, locked (no early redemption)", p.term) } else { String::new() };
        format!("{} {}{kind} {}{term}{state}", p.category, p.id, p.duration).replace("  ", " ").trim_end().to_owned()
    });
    let fixed = catalog::FIXED_PRODUCTS
        .iter()
        .map(|p| format!("{} {} {} {} ({})", p.category, p.id, p.coin, p.duration, p.status));
    let token = std::iter::once(format!("BYUSDT token {}", catalog::BYUSDT_PRODUCT_ID));
    let hold = catalog::HOLD_PRODUCTS.iter().map(|p| format!("Hold to Earn {} ({})", p.coin, p.status));
    easy.chain(fixed).chain(token).chain(hold).collect()
}

/// The answer to a path or method Bybit does not serve: HTTP 404, `10017` "route not found".
pub(crate) fn not_found(now_ms: i64) -> Response {
    let error = BybitError { status: http::StatusCode::NOT_FOUND, code: 10017, msg: "route not found".to_owned() };
    failure(error, now_ms)
}

impl Venue for BybitState {
    type Handler = Handler;
    type Answer = Value;
    type Error = BybitError;

    fn ctx(&self) -> &SimContext {
        &self.ctx
    }

    fn body_too_large(&self) -> BybitError {
        BybitError::param("request body too large")
    }

    fn carries_credentials(&self, raw: &Raw) -> bool {
        raw.header("x-bapi-api-key").is_some()
    }

    fn method_not_allowed(&self) -> Response {
        not_found(self.ctx.now_ms())
    }

    fn authenticate(&self, _: &Endpoint<Handler>, raw: &Raw) -> Result<String, BybitError> {
        if raw.header("x-bapi-api-key") == Some(self.demo_credentials.api_key.as_str()) {
            let msg = "API key is invalid. (This is the demo-trading key; this host is mainnet.)".to_owned();
            return Err(BybitError { status: http::StatusCode::UNAUTHORIZED, code: 10003, msg });
        }
        let accepted = std::slice::from_ref(&self.credentials);
        let h = &raw.parts;
        let creds = crate::auth::bybit::verify(&h.headers, &h.method, raw.query(), &raw.body, accepted, raw.now)?;
        Ok(creds.api_key.clone())
    }

    fn handle(&self, endpoint: &'static Endpoint<Handler>, key: Option<&str>, raw: &Raw) -> Result<Value, BybitError> {
        let params = match endpoint.verb {
            Verb::Get => Params::from_query(raw.parts.uri.query()),
            Verb::Post => Params::from_json_object(&raw.body)
                .ok_or_else(|| BybitError::param("request body is not a JSON object"))?,
        };
        routes::run_on_account(&self.accounts, key, &self.credentials.api_key, raw, &params, endpoint.handler)
    }

    fn respond(&self, result: Result<Value, BybitError>, raw: &Raw) -> Response {
        match result {
            Ok(result) => success(result, raw.now),
            Err(error) => failure(error, raw.now),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_readme_lists_every_endpoint() {
        crate::routes::assert_documented(super::ENDPOINTS);
    }
}
