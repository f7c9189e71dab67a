//! Binance's error codes (reference §4.3), mapped to earn-core's [`CodeClass`] as the
//! write-outcome table of §4.4 says: "rejected" codes to a definite class, "outcome
//! unknown" codes to [`CodeClass::MaybeActed`] (a write answered so is reconciled, never
//! repeated). Codes the reference does not list are [`CodeClass::Unlisted`], which a write
//! also treats as an unknown outcome.

use earn_core::http::CodeClass;

/// The class of a Binance `code` (text of the negative integer, `"-1021"`).
pub(crate) fn classify(code: &str) -> CodeClass {
    use CodeClass::*;
    match code {
        // §4.4 "outcome unknown": the docs say so (-1000, -1001, -1006, -1007), busy or
        // internal errors (-1004, -1008, -3000, -3044), ambiguous wording (-6013
        // "Purchasing failed", -6019 "Need confirm"), a transfer still pending (-5012), and
        // transfer failures read conservatively (-5010, -3029).
        "-1000" | "-1001" | "-1004" | "-1006" | "-1007" | "-1008" | "-3000" | "-3044" | "-6013" | "-6019" | "-5012"
        | "-5010" | "-3029" => MaybeActed,
        "-1002" => Permission,
        "-1003" | "-6009" => RateLimited,
        "-1021" => StaleTimestamp,
        "-1022" | "-2014" => Authentication,
        // "Invalid API-key, IP, or permissions for action."
        "-2015" => Permission,
        "-1100" | "-1101" | "-1102" | "-1103" | "-1104" | "-1105" | "-1106" | "-1111" | "-1128" | "-1130" | "-1131"
        | "-5007" | "-6015" | "-6016" => InvalidRequest,
        "-6001" | "-6003" | "-6004" | "-6008" | "-6020" | "-5009" => ProductUnavailable,
        "-6012" | "-6018" | "-5002" | "-5003" => InsufficientBalance,
        "-6017" | "-3005" | "-3043" => Permission,
        "-6005" | "-6006" | "-6007" | "-6011" | "-6014" => Rejected,
        _ => Unlisted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code of §4.3.
    const DOCUMENTED: &[i32] = &[
        -1000, -1001, -1002, -1003, -1004, -1006, -1007, -1008, -1021, -1022, -1100, -1101, -1102, -1103, -1104, -1105,
        -1106, -1111, -1128, -1130, -1131, -2014, -2015, -3000, -3005, -3029, -3043, -3044, -5002, -5003, -5007, -5009,
        -5010, -5012, -6001, -6003, -6004, -6005, -6006, -6007, -6008, -6009, -6011, -6012, -6013, -6014, -6015, -6016,
        -6017, -6018, -6019, -6020,
    ];

    #[test]
    fn every_documented_code_is_mapped_and_the_unknown_set_is_the_reference_s() {
        for code in DOCUMENTED {
            assert_ne!(classify(&code.to_string()), CodeClass::Unlisted, "{code}");
        }
        let unknown: Vec<i32> =
            DOCUMENTED.iter().copied().filter(|c| classify(&c.to_string()) == CodeClass::MaybeActed).collect();
        assert_eq!(
            unknown,
            [-1000, -1001, -1004, -1006, -1007, -1008, -3000, -3029, -3044, -5010, -5012, -6013, -6019]
        );
        assert_eq!(classify("-1021"), CodeClass::StaleTimestamp);
        assert_eq!(classify("-6012"), CodeClass::InsufficientBalance);
        assert_eq!(classify("-9999"), CodeClass::Unlisted);
    }
}
