//! Property tests: amounts parse and print exactly, and bad text is always rejected.

use earn_core::{Amount, Rate, TokenAmount, U256, UsdValue};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn decimal() -> impl Strategy<Value = Decimal> {
    // Any 96-bit mantissa with any scale Decimal allows.
    (0u128..(1u128 << 96), 0u32..=28).prop_map(|(m, s)| Decimal::from_i128_with_scale(m as i128, s))
}

fn plain_text() -> impl Strategy<Value = String> {
    ("[0-9]{1,12}", proptest::option::of("[0-9]{1,16}")).prop_map(|(i, f)| match f {
        Some(f) => format!("{i}.{f}"),
        None => i,
    })
}

proptest! {
    #[test]
    fn decimals_round_trip_through_text(d in decimal()) {
        let text = d.to_string();
        let a = Amount::parse(&text).unwrap();
        prop_assert_eq!(a.decimal(), d);
        prop_assert_eq!(a.to_string(), text);
        let json = serde_json::to_string(&a).unwrap();
        let back: Amount = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back.to_string(), a.to_string());
    }

    #[test]
    fn plain_text_is_kept_digit_for_digit(t in plain_text()) {
        let a = Amount::parse(&t).unwrap();
        // Only leading zeros of the integer part may differ.
        let expect = {
            let (i, f) = t.split_once('.').map_or((t.as_str(), None), |(i, f)| (i, Some(f)));
            let i = i.trim_start_matches('0');
            let i = if i.is_empty() { "0" } else { i };
            match f { Some(f) => format!("{i}.{f}"), None => i.to_owned() }
        };
        prop_assert_eq!(a.to_string(), expect);
    }

    #[test]
    fn one_foreign_character_is_always_rejected(
        t in plain_text(),
        bad in prop::sample::select(vec!['e', 'E', '+', '_', ' ', '\t', '\n', ',', 'x', '%', '$']),
        at in any::<prop::sample::Index>(),
    ) {
        let mut chars: Vec<char> = t.chars().collect();
        let pos = at.index(chars.len() + 1);
        chars.insert(pos, bad);
        let text: String = chars.into_iter().collect();
        prop_assert!(Amount::parse(&text).is_err(), "{text:?} was accepted");
        prop_assert!(Rate::parse_fraction(&text).is_err());
    }

    #[test]
    fn too_many_fractional_digits_are_rejected_not_rounded(i in "[0-9]{1,3}", f in "[0-9]{29,40}") {
        let text = format!("{i}.{f}");
        prop_assert!(Amount::parse(&text).is_err());
        let usd = UsdValue::parse(&text).unwrap();
        prop_assert!(!usd.is_exact());
        prop_assert_eq!(usd.to_string(), text);
    }

    #[test]
    fn token_amounts_round_trip(limbs in any::<[u64; 4]>(), decimals in 0u8..=36) {
        let units = U256::from_limbs(limbs);
        let t = TokenAmount::from_base_units(units, decimals).unwrap();
        let back = TokenAmount::parse_units(&t.to_string(), decimals).unwrap();
        prop_assert_eq!(back.base_units(), units);
    }

    #[test]
    fn percent_is_fraction_times_hundred(m in 0u128..(1u128 << 90), s in 0u32..=26) {
        // At most 26 fractional digits, so that the fraction (two more) still fits.
        let d = Decimal::from_i128_with_scale(m as i128, s).normalize();
        let p = Rate::parse_percent(&d.to_string()).unwrap();
        prop_assert_eq!(p.percent(), d);
        prop_assert_eq!(p.fraction() * Decimal::ONE_HUNDRED, d);
    }
}

#[test]
fn the_issue_examples() {
    for bad in ["1e-7", "+1", ".5", "1_000", " 1", "0.00000000000000000000000000001", "", "NaN"] {
        let err = Amount::parse(bad).unwrap_err();
        assert!(!err.to_string().is_empty(), "{bad:?}");
    }
    assert_eq!(Amount::parse("0.1").unwrap().decimal(), Decimal::new(1, 1));
    assert_eq!(Amount::parse("0.1").unwrap().to_string(), "0.1");
}
