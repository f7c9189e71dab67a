//! Every endpoint of the typed client against wiremock: method, path, query, headers,
//! signature, body and decoding; error mapping, rate limits, the clock, `orderLinkId`
//! handling and secret scrubbing; the asset and account families (balances, transfers).

mod common;

#[path = "endpoints/asset.rs"]
mod asset;
#[path = "endpoints/easy_earn.rs"]
mod easy_earn;
#[path = "endpoints/errors.rs"]
mod errors;
#[path = "endpoints/idempotency.rs"]
mod idempotency;
#[path = "endpoints/limits_clock.rs"]
mod limits_clock;
#[path = "endpoints/other_families.rs"]
mod other_families;
