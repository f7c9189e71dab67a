//! Signature checks, computed here independently of the venue crates.
//!
//! Each check works on the raw request target and body bytes as received, so a body sent
//! as `{"amt": "10"}` verifies as well as `{"amt":"10"}`.

pub mod bybit;
mod credentials;
pub mod okx;

pub use credentials::DemoCredentials;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// HMAC-SHA256 of `message` keyed with `secret`'s UTF-8 bytes.
pub(crate) fn hmac_sha256(secret: &str, message: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Constant-time equality of two byte strings.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
