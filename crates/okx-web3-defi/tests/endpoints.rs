//! Every endpoint of both generations against a mock server (method, path, query, headers,
//! signature, body), the envelope and its error codes, local validation before sending,
//! exact numbers, the seed, and the defects of issue 10.

mod common;

#[path = "endpoints/big_numbers.rs"]
mod big_numbers;
#[path = "endpoints/defects.rs"]
mod defects;
#[path = "endpoints/envelope.rs"]
mod envelope;
#[path = "endpoints/seed.rs"]
mod seed;
#[path = "endpoints/v5.rs"]
mod v5;
#[path = "endpoints/v6.rs"]
mod v6;
#[path = "endpoints/validation.rs"]
mod validation;
