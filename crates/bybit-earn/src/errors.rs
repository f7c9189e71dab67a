//! Bybit's error codes mapped to earn-core categories (reference §3–§4).

use std::time::Duration;

use earn_core::http::{Endpoint, RetryHint, Verdict};
use earn_core::{Error, ErrorKind, VenueError};

/// What a write answered with a code means, per the reference's R/U/D column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteEffect {
    /// Bybit did not act.
    Rejected,
    /// Bybit may have acted: reconcile by `orderLinkId` before anything else.
    Unknown,
    /// An order with this `orderLinkId` already exists: fetch it and compare.
    Duplicate,
}

/// The mapping of one documented `retCode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeInfo {
    /// The earn-core category of the error (for [`WriteEffect::Unknown`] codes on reads: `Unavailable`).
    pub kind: ErrorKind,
    /// What it means for a write.
    pub effect: WriteEffect,
}

const fn info(kind: ErrorKind, effect: WriteEffect) -> Option<CodeInfo> {
    Some(CodeInfo { kind, effect })
}

/// The category of a documented Bybit `retCode` (general V5 and Earn codes); `None` when
/// the code is not documented (an unlisted code on a write is outcome-unknown).
///
/// ```
/// use bybit_earn::errors::{ret_code_info, WriteEffect};
/// use earn_core::ErrorKind;
/// assert_eq!(ret_code_info(180016).unwrap().kind, ErrorKind::InsufficientBalance);
/// assert_eq!(ret_code_info(10016).unwrap().effect, WriteEffect::Unknown);
/// assert_eq!(ret_code_info(180025).unwrap().effect, WriteEffect::Duplicate);
/// assert!(ret_code_info(123456).is_none());
/// ```
pub fn ret_code_info(code: i64) -> Option<CodeInfo> {
    use ErrorKind::*;
    use WriteEffect::{Duplicate, Rejected as R, Unknown};
    match code {
        10000 | 10014 | 10016 | 180018 => info(Unavailable, Unknown),
        10001 | 10017 => info(Rejected, R),
        10002 | 10003 | 10004 | 10007 => info(Authentication, R),
        10005 | 10008 | 10009 | 10010 | 10024 | 10027 | 10028 => info(Permission, R),
        10006 | 10018 => info(RateLimited, R),
        180001 | 180006 | 180012 | 180014 | 180019 | 180020 | 180021 | 180026 | 180028 | 180029 | 180030 => {
            info(Rejected, R)
        }
        180002 | 180007 | 180008 | 180009 | 180013 | 180015 => info(ProductUnavailable, R),
        180003 | 180004 | 180005 | 180010 | 180011 | 180017 | 180022 | 180024 | 180027 => info(Permission, R),
        180016 => info(InsufficientBalance, R),
        180023 => info(Unavailable, R),
        180025 | 180031 => info(Rejected, Duplicate),
        _ => None,
    }
}

/// Whether `code` says an order with this `orderLinkId` already exists (180025, 180031).
pub fn is_duplicate_code(code: &str) -> bool {
    code.parse().ok().and_then(ret_code_info).is_some_and(|i| i.effect == WriteEffect::Duplicate)
}

/// The earn-core error for a definite rejection of category `kind`.
pub(crate) fn error_of(kind: ErrorKind, ve: VenueError, retry_after: Option<Duration>) -> Error {
    match kind {
        ErrorKind::Authentication => Error::Authentication(ve),
        ErrorKind::Permission => Error::Permission(ve),
        ErrorKind::RateLimited => Error::RateLimited { error: ve, retry_after },
        ErrorKind::InsufficientBalance => Error::InsufficientBalance(ve),
        ErrorKind::ProductUnavailable => Error::ProductUnavailable(ve),
        ErrorKind::Unavailable => Error::Unavailable(ve),
        _ => Error::Rejected(ve),
    }
}

/// The verdict for an envelope with a non-zero `retCode`.
///
/// `rate_limit_wait` is how long `X-Bapi-Limit-Reset-Timestamp` asks to wait.
pub(crate) fn classify_ret_code<'a>(ep: &Endpoint, ve: VenueError, rate_limit_wait: Option<Duration>) -> Verdict<'a> {
    let Some(info) = ve.code.parse().ok().and_then(ret_code_info) else {
        // Unlisted: a write may have been executed; a read simply failed.
        return if ep.is_write() {
            Verdict::Uncertain(ve)
        } else {
            Verdict::Rejected { error: Error::Rejected(ve), retry: RetryHint::Never }
        };
    };
    if info.effect == WriteEffect::Unknown {
        return Verdict::Uncertain(ve);
    }
    let retry = match ve.code.as_str() {
        "10002" => RetryHint::ResyncClock,
        "10006" => RetryHint::Transient { after: rate_limit_wait },
        "180023" => RetryHint::Transient { after: None },
        _ => RetryHint::Never,
    };
    let retry_after = if ve.code == "10006" { rate_limit_wait } else { None };
    Verdict::Rejected { error: error_of(info.kind, ve, retry_after), retry }
}

/// How long an IP ban (HTTP 403 "access too frequent") lasts at least.
pub const IP_BAN_BACKOFF: Duration = Duration::from_secs(600);

/// The verdict for a non-200 HTTP status (reference §3).
pub(crate) fn classify_http<'a>(
    ep: &Endpoint,
    ve: VenueError,
    status: u16,
    retry_after: Option<Duration>,
) -> Verdict<'a> {
    let never = |error| Verdict::Rejected { error, retry: RetryHint::Never };
    match status {
        401 => never(Error::Authentication(ve)),
        403 => never(Error::RateLimited { error: ve, retry_after: Some(IP_BAN_BACKOFF) }),
        429 if ep.is_write() => Verdict::Uncertain(ve),
        429 => Verdict::Rejected {
            error: Error::RateLimited { error: ve, retry_after },
            retry: RetryHint::Transient { after: retry_after },
        },
        400..=499 => never(Error::Rejected(ve)),
        _ => Verdict::Uncertain(ve),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_is_mapped() {
        let general = [10000, 10001, 10002, 10003, 10004, 10005, 10006, 10007, 10008, 10009, 10010, 10014, 10016];
        let more = [10017, 10018, 10024, 10027, 10028];
        for code in general.into_iter().chain(more).chain(180001..=180031) {
            assert!(ret_code_info(code).is_some(), "{code}");
        }
        let unknown: Vec<i64> = (180001..=180031)
            .chain(general)
            .filter(|c| ret_code_info(*c).unwrap().effect == WriteEffect::Unknown)
            .collect();
        assert_eq!(unknown, vec![180018, 10000, 10014, 10016]);
        assert!(is_duplicate_code("180025") && is_duplicate_code("180031") && !is_duplicate_code("180016"));
    }
}
