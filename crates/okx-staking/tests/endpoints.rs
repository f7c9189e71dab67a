//! Every endpoint against a mock server: method, path, query, headers, signature, body and
//! decoding; how OKX codes and HTTP statuses map to error kinds; transport behaviour
//! (environments, hosts, clock, rate limits) and local validation before any request.

mod common;

#[path = "endpoints/account.rs"]
mod account;
#[path = "endpoints/asset.rs"]
mod asset;
#[path = "endpoints/errors.rs"]
mod errors;
#[path = "endpoints/eth.rs"]
mod eth;
#[path = "endpoints/onchain.rs"]
mod onchain;
#[path = "endpoints/public.rs"]
mod public;
#[path = "endpoints/savings.rs"]
mod savings;
#[path = "endpoints/sol.rs"]
mod sol;
#[path = "endpoints/transport.rs"]
mod transport;
