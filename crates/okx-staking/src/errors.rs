//! OKX error codes (reference §4.3, §4.4) and the earn-core category each maps to.

/// What an OKX error code means for the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodeClass {
    /// Credentials, signature or timestamp headers rejected (`50101`–`50107`, `50111`–`50114`, `50119`).
    Authentication,
    /// `50102` timestamp expired: resync the clock, re-sign, send once more.
    StaleTimestamp,
    /// Key permission, IP binding, account status, KYC or region (`50030`, `50110`, `51732`, …).
    Permission,
    /// Rate limit reached (`50011`, `50040`): rejected, repeat after a backoff.
    RateLimited,
    /// Not enough balance (`51736`, `51764`).
    InsufficientBalance,
    /// Product sold out, suspended or temporarily closed (`51724`, `51730`, `51731`, `51739`).
    ProductUnavailable,
    /// Definite rejection that may pass later (`51759` temporary limit, `51767` maintenance).
    RejectedTransient,
    /// Any other definite rejection (format, business rules).
    Rejected,
    /// The venue may have acted (`50001`, `50004`, `50013`, `50026`, bare `1`/`2`).
    MaybeActed,
    /// `50042` repeated request: this request was refused, but an identical earlier one
    /// may have succeeded. Writes treat it as an unknown outcome and reconcile.
    Repeated,
    /// Not in the reference tables.
    Unlisted,
}

/// Classifies an OKX `code` (sub-codes such as `51008_1000` are classified by their base).
pub fn classify(code: &str) -> CodeClass {
    let base = code.split('_').next().unwrap_or(code);
    let Ok(n) = base.parse::<u32>() else { return CodeClass::Unlisted };
    match n {
        1 | 2 | 50001 | 50004 | 50013 | 50026 => CodeClass::MaybeActed,
        50042 => CodeClass::Repeated,
        50102 => CodeClass::StaleTimestamp,
        50101 | 50103..=50107 | 50111..=50114 | 50119 => CodeClass::Authentication,
        50007
        | 50009
        | 50012
        | 50030
        | 50035
        | 50038
        | 50051
        | 50052
        | 50059
        | 50060
        | 50100
        | 50110
        | 50120
        | 50121
        | 51732..=51735
        | 51737
        | 51738
        | 51773
        | 58004 => CodeClass::Permission,
        50011 | 50040 => CodeClass::RateLimited,
        51736 | 51764 => CodeClass::InsufficientBalance,
        51724 | 51730 | 51731 | 51739 => CodeClass::ProductUnavailable,
        51759 | 51767 => CodeClass::RejectedTransient,
        50000
        | 50002
        | 50005
        | 50006
        | 50014..=50016
        | 50024
        | 50025
        | 50039
        | 50115
        | 51000
        | 51720..=51723
        | 51725..=51729
        | 51750..=51758
        | 51760..=51763
        | 51765
        | 51766
        | 51768..=51772
        | 51774
        | 51784
        | 51785 => CodeClass::Rejected,
        _ => CodeClass::Unlisted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_has_a_class() {
        let documented = [
            "1", "2", "50000", "50001", "50002", "50004", "50005", "50006", "50007", "50009", "50011", "50012",
            "50013", "50014", "50015", "50016", "50024", "50025", "50026", "50030", "50035", "50038", "50039", "50040",
            "50042", "50051", "50052", "50059", "50060", "50100", "50101", "50102", "50103", "50104", "50105", "50106",
            "50107", "50110", "50111", "50112", "50113", "50114", "50115", "50119", "50120", "50121", "51000", "58004",
        ];
        let finance = (51720..=51739).chain(51750..=51774).map(|n: u32| n.to_string());
        for c in documented.iter().map(|c| c.to_string()).chain(finance) {
            assert_ne!(classify(&c), CodeClass::Unlisted, "{c}");
        }
        assert_ne!(classify("51784"), CodeClass::Unlisted);
        assert_eq!(classify("99999"), CodeClass::Unlisted);
        assert_eq!(classify("abc"), CodeClass::Unlisted);
    }

    #[test]
    fn representative_codes() {
        assert_eq!(classify("50004"), CodeClass::MaybeActed);
        assert_eq!(classify("1"), CodeClass::MaybeActed);
        assert_eq!(classify("50102"), CodeClass::StaleTimestamp);
        assert_eq!(classify("50113"), CodeClass::Authentication);
        assert_eq!(classify("50011"), CodeClass::RateLimited);
        assert_eq!(classify("51736"), CodeClass::InsufficientBalance);
        assert_eq!(classify("51730"), CodeClass::ProductUnavailable);
        assert_eq!(classify("51727"), CodeClass::Rejected);
        assert_eq!(classify("51000_1"), CodeClass::Rejected);
        assert_eq!(classify("50042"), CodeClass::Repeated);
        assert_eq!(classify("50120"), CodeClass::Permission);
    }
}
