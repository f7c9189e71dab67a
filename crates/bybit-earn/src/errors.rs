//! Bybit's `retCode` table (reference §3–§4), mapped to earn-core's [`CodeClass`].
//!
//! The reference's write column maps as: R (rejected) to a definite class, U (unknown) to
//! [`CodeClass::MaybeActed`], D (an order with this `orderLinkId` already exists) to
//! [`CodeClass::Repeated`]: a write answered so is an unknown outcome, settled by reading
//! the order back by its `orderLinkId`.
//!
//! Asset codes (`bybit-account-transfer.md` §5, internal transfers): U (`131001`, `131003`,
//! `131200`, `131201`, `131205`, `131216`, `131230`) may hide an effect; `131214
//! TransferId exist` is D: a transfer with this `transferId` exists, settled by reading its
//! record; every other documented one is a definite rejection.

use earn_core::http::CodeClass;

/// The class of a Bybit `retCode` (general V5 and Earn codes); [`CodeClass::Unlisted`]
/// for any code the reference does not document.
pub(crate) fn classify(code: &str) -> CodeClass {
    use CodeClass::*;
    match code {
        "10000" | "10014" | "10016" | "180018" => MaybeActed,
        "10001" | "10017" => Rejected,
        "10002" => StaleTimestamp,
        "10003" | "10004" | "10007" => Authentication,
        "10005" | "10008" | "10009" | "10010" | "10024" | "10027" | "10028" => Permission,
        "10006" | "10018" => RateLimited,
        "180001" | "180006" | "180012" | "180014" | "180019" | "180020" | "180021" | "180026" | "180028" | "180029"
        | "180030" => Rejected,
        "180002" | "180007" | "180008" | "180009" | "180013" | "180015" => ProductUnavailable,
        "180003" | "180004" | "180005" | "180010" | "180011" | "180017" | "180022" | "180024" | "180027" => Permission,
        "180016" => InsufficientBalance,
        "180023" => Unavailable,
        "180025" | "180031" => Repeated,
        "131001" | "131003" | "131200" | "131201" | "131205" | "131216" | "131230" => MaybeActed,
        "131214" => Repeated,
        "131212" | "131228" => InsufficientBalance,
        "131004" | "131208" | "131217" | "131226" | "131227" | "131229" | "131233" => Permission,
        "131002" | "131202" | "131203" | "131204" | "131206" | "131207" | "131209" | "131210" | "131211" | "131213"
        | "131215" | "131231" | "131232" | "131239" => Rejected,
        _ => Unlisted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_is_mapped_and_only_four_may_hide_an_effect() {
        let general = [10000, 10001, 10002, 10003, 10004, 10005, 10006, 10007, 10008, 10009, 10010, 10014, 10016];
        let more = [10017, 10018, 10024, 10027, 10028];
        let codes: Vec<String> =
            general.into_iter().chain(more).chain(180001..=180031).map(|c| c.to_string()).collect();
        for code in &codes {
            assert_ne!(classify(code), CodeClass::Unlisted, "{code}");
        }
        let unknown: Vec<&str> =
            codes.iter().map(String::as_str).filter(|c| classify(c) == CodeClass::MaybeActed).collect();
        assert_eq!(unknown, ["10000", "10014", "10016", "180018"]);
        let duplicate: Vec<&str> =
            codes.iter().map(String::as_str).filter(|c| classify(c) == CodeClass::Repeated).collect();
        assert_eq!(duplicate, ["180025", "180031"]);
        assert_eq!(classify("180016"), CodeClass::InsufficientBalance);
        assert_eq!(classify("123456"), CodeClass::Unlisted);
    }

    /// Issue 11: the asset (transfer) codes of `bybit-account-transfer.md` §5, all mapped;
    /// only the U codes and `131214` may hide an effect.
    #[test]
    fn every_documented_asset_code_is_mapped() {
        let codes: Vec<String> = (131001..=131004)
            .chain(131200..=131217)
            .chain(131226..=131233)
            .chain([131239])
            .map(|c| c.to_string())
            .collect();
        for code in &codes {
            assert_ne!(classify(code), CodeClass::Unlisted, "{code}");
        }
        let unknown: Vec<&str> =
            codes.iter().map(String::as_str).filter(|c| classify(c) == CodeClass::MaybeActed).collect();
        assert_eq!(unknown, ["131001", "131003", "131200", "131201", "131205", "131216", "131230"]);
        let duplicate: Vec<&str> =
            codes.iter().map(String::as_str).filter(|c| classify(c) == CodeClass::Repeated).collect();
        assert_eq!(duplicate, ["131214"]);
        assert_eq!(classify("131212"), CodeClass::InsufficientBalance);
        assert_eq!(classify("131211"), CodeClass::Rejected);
    }
}
