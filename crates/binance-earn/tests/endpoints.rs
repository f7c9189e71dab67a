//! Every endpoint of the reference against wiremock: method, path, parameters in order,
//! the signature over the exact query sent, the key header, and the decoded answer
//! (documented and drifted forms); bad input refused before any request; errors and
//! write outcomes classified as reference §4 says.

mod common;

#[path = "endpoints/errors.rs"]
mod errors;
#[path = "endpoints/flexible.rs"]
mod flexible;
#[path = "endpoints/locked.rs"]
mod locked;
#[path = "endpoints/staking.rs"]
mod staking;
#[path = "endpoints/validation.rs"]
mod validation;
#[path = "endpoints/wallet.rs"]
mod wallet;
