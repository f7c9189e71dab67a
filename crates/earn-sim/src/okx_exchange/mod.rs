//! OKX exchange simulator: ETH/SOL staking, on-chain earn, Simple Earn Flexible (savings),
//! the funding and trading accounts with transfers between them, funding bills and server
//! time.
//!
//! Every product draws on and pays back to the **funding** account (reference
//! okx-funding-savings.md §2): ETH/SOL staking, on-chain earn and savings. An ETH redemption
//! consumes funding BETH only; BETH in the trading account must be transferred first
//! (`51736` otherwise). The trading account only holds cash.
//!
//! Every endpoint is one `static` row of [`ENDPOINTS`]; the shared call path
//! ([`crate::routes`]) authenticates over the raw target and body, then [`OkxState`] runs the
//! handler on the caller's settled account.
//!
//! Environments (reference §1, §4.3): requests with `x-simulated-trading: 1` are demo
//! trading and need the demo key; any other value (python-okx sends `0`) or none is
//! production and needs the live key. A key used in the other environment answers `50101`.
//! With the demo key reads work and writes answer `50038`, as OKX's demo trading does not
//! offer staking or earn subscriptions. Public endpoints answer in both environments.
//!
//! Modules depend one way: `catalog` (static products, account codes) ← `state` (ledger,
//! settlement) ← handlers (`public`, `asset`, `account`, `staking`, `onchain`, `savings`) ←
//! this module (the route table).

mod account;
mod asset;
mod catalog;
mod envelope;
mod onchain;
mod params;
mod public;
mod savings;
mod staking;
mod state;

use std::sync::Arc;

use axum::Router;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

pub(crate) use state::OkxState;

use crate::context::SimContext;
use crate::params::Params;
use crate::routes::{self, Access, Endpoint, Raw, Venue, Verb};
use catalog::{ETH, SOL};
use envelope::{OkxError, success};
use state::Call;

type Handler = fn(&mut Call<'_>) -> Result<Value, OkxError>;

static ENDPOINTS: &[Endpoint<Handler>] = &[
    Endpoint::public("/api/v5/public/time", public::time),
    Endpoint::read("/api/v5/asset/balances", asset::balances),
    Endpoint::write("/api/v5/asset/transfer", asset::transfer),
    Endpoint::read("/api/v5/asset/transfer-state", asset::transfer_state),
    Endpoint::read("/api/v5/asset/bills", asset::bills),
    Endpoint::read("/api/v5/account/balance", account::balance),
    Endpoint::read("/api/v5/account/max-withdrawal", account::max_withdrawal),
    Endpoint::read("/api/v5/finance/savings/balance", savings::balance),
    Endpoint::write("/api/v5/finance/savings/purchase-redempt", savings::purchase_redempt),
    Endpoint::write("/api/v5/finance/savings/set-lending-rate", savings::set_lending_rate),
    Endpoint::read("/api/v5/finance/savings/lending-history", savings::lending_history),
    Endpoint::public("/api/v5/finance/savings/lending-rate-summary", savings::lending_rate_summary),
    Endpoint::public("/api/v5/finance/savings/lending-rate-history", savings::lending_rate_history),
    Endpoint::read("/api/v5/finance/staking-defi/eth/product-info", |c| staking::product_info(&ETH, c)),
    Endpoint::write("/api/v5/finance/staking-defi/eth/purchase", |c| staking::purchase(&ETH, c)),
    Endpoint::write("/api/v5/finance/staking-defi/eth/redeem", |c| staking::redeem(&ETH, c)),
    Endpoint::write("/api/v5/finance/staking-defi/eth/cancel-redeem", |c| staking::cancel_redeem(&ETH, c)),
    Endpoint::read("/api/v5/finance/staking-defi/eth/balance", |c| staking::balance(&ETH, c)),
    Endpoint::read("/api/v5/finance/staking-defi/eth/purchase-redeem-history", |c| staking::history(&ETH, c)),
    Endpoint::public("/api/v5/finance/staking-defi/eth/apy-history", |c| staking::apy_history(&ETH, c)),
    Endpoint::read("/api/v5/finance/staking-defi/sol/product-info", |c| staking::product_info(&SOL, c)),
    Endpoint::write("/api/v5/finance/staking-defi/sol/purchase", |c| staking::purchase(&SOL, c)),
    Endpoint::write("/api/v5/finance/staking-defi/sol/redeem", |c| staking::redeem(&SOL, c)),
    Endpoint::write("/api/v5/finance/staking-defi/sol/cancel-redeem", |_| Err(withdrawn())),
    Endpoint::read("/api/v5/finance/staking-defi/sol/balance", |c| staking::balance(&SOL, c)),
    Endpoint::read("/api/v5/finance/staking-defi/sol/purchase-redeem-history", |c| staking::history(&SOL, c)),
    Endpoint::public("/api/v5/finance/staking-defi/sol/apy-history", |c| staking::apy_history(&SOL, c)),
    Endpoint::read("/api/v5/finance/staking-defi/offers", onchain::offers),
    Endpoint::write("/api/v5/finance/staking-defi/purchase", onchain::purchase),
    Endpoint::write("/api/v5/finance/staking-defi/redeem", onchain::redeem),
    Endpoint::write("/api/v5/finance/staking-defi/cancel", onchain::cancel),
    Endpoint::read("/api/v5/finance/staking-defi/orders-active", onchain::orders_active),
    Endpoint::read("/api/v5/finance/staking-defi/orders-history", onchain::orders_history),
];

/// SOL cancel-redeem is gone from every 2026 docs snapshot: answer "endpoint inactive".
fn withdrawn() -> OkxError {
    OkxError { status: http::StatusCode::GONE, code: "50005", msg: "API is offline or unavailable.".to_owned() }
}

/// The OKX exchange routes, served with `state`.
pub(crate) fn router(state: Arc<OkxState>) -> Router {
    routes::router(state, ENDPOINTS)
}

/// One line per seeded product, for the start-up banner.
pub(crate) fn product_lines() -> Vec<String> {
    let staking = [&ETH, &SOL].map(|p| format!("{} staking ({}→{}, min {})", p.asset, p.asset, p.token, p.min_amt));
    let earn = catalog::EARN_PRODUCTS.iter().map(|p| {
        let term = if p.term == 0 { "flexible".to_owned() } else { format!("{} days", p.term) };
        format!("on-chain earn {} {} {term} ({})", p.id, p.ccy, p.state)
    });
    let savings =
        catalog::SAVINGS.iter().map(|p| format!("Simple Earn Flexible {} (market rate {})", p.ccy, p.market_rate));
    staking.into_iter().chain(earn).chain(savings).collect()
}

/// The answer to a path the OKX exchange does not serve: HTTP 404 with a JSON body.
pub(crate) fn not_found() -> Response {
    OkxError { status: http::StatusCode::NOT_FOUND, code: "404", msg: "Not Found".to_owned() }.into_response()
}

/// `50115` (HTTP 405): a known path called with the wrong method.
pub(crate) fn wrong_method() -> Response {
    let msg = "Invalid request method.".to_owned();
    OkxError { status: http::StatusCode::METHOD_NOT_ALLOWED, code: "50115", msg }.into_response()
}

impl Venue for OkxState {
    type Handler = Handler;
    type Answer = Value;
    type Error = OkxError;

    fn ctx(&self) -> &SimContext {
        &self.ctx
    }

    fn body_too_large(&self) -> OkxError {
        OkxError::bad_request("50002", "Json data format error.")
    }

    fn method_not_allowed(&self) -> Response {
        wrong_method()
    }

    fn authenticate(&self, endpoint: &Endpoint<Handler>, raw: &Raw) -> Result<String, OkxError> {
        let demo = raw.header("x-simulated-trading") == Some("1");
        let (own, other) = if demo {
            (&self.demo_credentials, &self.credentials)
        } else {
            (&self.credentials, &self.demo_credentials)
        };
        if raw.header("ok-access-key") == Some(other.api_key.as_str()) {
            let msg = "APIKey does not match current environment.".to_owned();
            return Err(OkxError { status: http::StatusCode::UNAUTHORIZED, code: "50101", msg });
        }
        let (h, accepted) = (&raw.parts, std::slice::from_ref(own));
        let creds = crate::auth::okx::verify(&h.headers, &h.method, raw.target(), &raw.body, accepted, raw.now)?;
        if demo && endpoint.access == Access::Write {
            return Err(OkxError::business("50038", "This feature is unavailable in demo trading"));
        }
        Ok(creds.api_key.clone())
    }

    fn handle(&self, endpoint: &'static Endpoint<Handler>, key: Option<&str>, raw: &Raw) -> Result<Value, OkxError> {
        let params = match endpoint.verb {
            Verb::Get => Params::from_query(raw.parts.uri.query()),
            Verb::Post => params::body_params(&raw.parts.headers, &raw.body)?,
        };
        routes::run_on_account(&self.accounts, key, &self.credentials.api_key, raw, &params, endpoint.handler)
    }

    fn respond(&self, result: Result<Value, OkxError>, _: &Raw) -> Response {
        match result {
            Ok(data) => success(data),
            Err(error) => error.into_response(),
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
