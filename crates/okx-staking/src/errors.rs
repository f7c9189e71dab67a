//! The OKX exchange codes of this crate's endpoints: the earn `517xx` codes (staking
//! reference §4.3, §4.4), the funding `58xxx` codes and the few account codes a transfer can
//! meet (funding-savings reference §7), then the codes both OKX APIs share
//! ([`classify_common`]).

use earn_core::http::CodeClass;
use okx_common::codes::{classify_common, code_number};

/// What an OKX code means for the caller (sub-codes such as `51008_1000` by their base).
pub(crate) fn classify(code: &str) -> CodeClass {
    let Some(n) = code_number(code) else { return CodeClass::Unlisted };
    match n {
        // KYC level, risk control, KYC country, sub-account, identity, funding account frozen, region.
        51732..=51735 | 51737 | 51738 | 51773 => CodeClass::Permission,
        51736 | 51764 => CodeClass::InsufficientBalance,
        // Redemption unsupported now, sold out, purchase suspended, temporarily unavailable.
        51724 | 51730 | 51731 | 51739 => CodeClass::ProductUnavailable,
        // Temporary redemption limit, maintenance: may pass later.
        51759 | 51767 => CodeClass::RejectedTransient,
        51720..=51723
        | 51725..=51729
        | 51750..=51758
        | 51760..=51763
        | 51765
        | 51766
        | 51768..=51772
        | 51774
        | 51784
        | 51785 => CodeClass::Rejected,
        // Funding (58xxx): savings not activated, account or transfer restrictions (risk
        // control, P2P, identity, sub-account permissions, API-key type).
        58002 | 58100 | 58104 | 58105 | 58119 | 58127 | 58128 | 58131 | 58132 => CodeClass::Permission,
        // Savings does not support the currency; a crypto that cannot be transferred.
        58003 | 58113 => CodeClass::ProductUnavailable,
        58116 | 58350 | 59693 => CodeClass::InsufficientBalance,
        58102 => CodeClass::RateLimited,
        58006 | 58007 => CodeClass::Unavailable,
        // Transfers suspended or unavailable for now, funding fees being charged: try later.
        58101 | 58103 | 58110 | 58111 | 58120 | 51024 => CodeClass::RejectedTransient,
        // "Your transfer is being processed": pending, to be settled through transfer-state.
        58124 => CodeClass::MaybeActed,
        // Amount not above zero, `from` equal to `to`: malformed requests.
        58114 | 58123 => CodeClass::InvalidRequest,
        // Amount limits, failed or refused transfers, sub-account or `type` mismatches
        // (58129 on transfer-state means "not found"), margin rules.
        58005 | 58112 | 58115 | 58117 | 58121 | 58122 | 58125 | 58126 | 58129 | 58404 | 59522 | 59674 => {
            CodeClass::Rejected
        }
        _ => classify_common(code),
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
        let funding = [
            58002, 58003, 58005, 58006, 58007, 58100, 58101, 58102, 58103, 58104, 58105, 58110, 58111, 58112, 58113,
            58114, 58115, 58116, 58117, 58119, 58120, 58121, 58122, 58123, 58124, 58125, 58126, 58127, 58128, 58129,
            58131, 58132, 51024, 59522, 59674, 59693,
        ];
        let finance = (51720..=51739).chain(51750..=51774).chain(funding).map(|n: u32| n.to_string());
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
        assert_eq!(classify("51759"), CodeClass::RejectedTransient);
        assert_eq!(classify("51732"), CodeClass::Permission);
        assert_eq!(classify("58124"), CodeClass::MaybeActed, "a transfer being processed is not a rejection");
        assert_eq!(classify("58116"), CodeClass::InsufficientBalance);
        assert_eq!(classify("58102"), CodeClass::RateLimited);
        assert_eq!(classify("58123"), CodeClass::InvalidRequest);
        assert_eq!(classify("58129"), CodeClass::Rejected);
        assert_eq!(classify("58110"), CodeClass::RejectedTransient);
    }
}
