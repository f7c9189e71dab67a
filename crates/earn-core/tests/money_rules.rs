//! Rules of the money types and error categories that a broken money path would violate.

use earn_core::*;
use rust_decimal::Decimal;

#[test]
fn an_integer_beyond_decimal_is_refused_not_truncated() {
    // 2^128 + 1: wrapping the mantissa would read it as 1.
    let text = "340282366920938463463374607431768211457";
    assert!(Amount::parse(text).is_err(), "2^128+1 must not parse");
    assert!(parse_plain_decimal(text, Sign::AllowNegative).is_err());
    // 2^96 (one past Decimal's mantissa) is refused; 2^96 - 1 is exact.
    assert!(Amount::parse("79228162514264337593543950336").is_err());
    assert_eq!(Amount::parse("79228162514264337593543950335").unwrap().to_string(), "79228162514264337593543950335");
}

#[test]
fn amounts_from_decimals_are_checked() {
    assert!(Amount::try_from(Decimal::new(-1, 0)).is_err());
    assert!(Amount::try_from(Decimal::new(-1, 28)).is_err());
    assert_eq!(Amount::try_from(Decimal::new(15, 1)).unwrap().to_string(), "1.5");
    assert_eq!(Amount::try_from(Decimal::ZERO).unwrap(), Amount::ZERO);
}

#[test]
fn rates_keep_their_value_through_serde_and_constructors() {
    let r = Rate::parse_percent("4.5%").unwrap();
    assert_eq!(r.fraction(), Decimal::new(45, 3));
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(json, r#""0.045""#);
    assert_eq!(serde_json::from_str::<Rate>(&json).unwrap(), r);
    assert_eq!(Rate::from_fraction(Decimal::new(5, 2)).fraction(), Decimal::new(5, 2));
    assert_eq!(Rate::from_percent(Decimal::new(5, 0)).unwrap().fraction(), Decimal::new(5, 2));
    assert_eq!(Rate::parse_fraction("0.05").unwrap().percent(), Decimal::new(5, 0));
}

#[test]
fn only_errors_where_the_venue_did_not_act_are_retryable() {
    let venue = VenueId::from_static("v");
    let ve = || VenueError::new(venue.clone(), "1", "m", Some(200));
    let decode = Error::decode(venue.clone(), "/p", "bad", b"{");
    assert!(!decode.is_retryable(), "a decode error says nothing about whether to repeat");
    assert!(!decode.maybe_happened());
    let unknown = Error::outcome_unknown(ReconcileIntent::new(venue.clone(), Operation::Stake, "/p"), "timeout", None);
    assert!(!unknown.is_retryable() && unknown.maybe_happened());
    let pending = Error::unreconciled_write(venue.clone(), Operation::Stake, "ETH stake sent at 5");
    assert_eq!(pending.kind(), ErrorKind::UnreconciledWrite);
    assert!(!pending.is_retryable() && !pending.maybe_happened());
    for e in [
        Error::Rejected(ve()),
        Error::InsufficientBalance(ve()),
        Error::Authentication(ve()),
        Error::invalid_input("f", "r"),
    ] {
        assert!(!e.is_retryable() && !e.maybe_happened(), "{e:?}");
    }
    for e in [Error::Unavailable(ve()), Error::RateLimited { error: ve(), retry_after: None }] {
        assert!(e.is_retryable() && !e.maybe_happened(), "{e:?}");
    }
}

/// Every variant's classification, in one table: what decides whether a write may be
/// repeated (`is_retryable`) and whether it may have happened (`maybe_happened`), the kind,
/// and the accessors a caller reconciles or backs off with. Guards each arm of `Error`'s
/// classification (mutation testing found the accessors unchecked).
#[test]
fn every_error_variant_is_classified() {
    use std::time::Duration;
    let venue = VenueId::from_static("v");
    let ve = || VenueError::new(venue.clone(), "42", "m", Some(503));
    let intent = ReconcileIntent::new(venue.clone(), Operation::Redeem, "/redeem");
    let transport =
        Error::Transport { venue: venue.clone(), endpoint: "/p".into(), message: "refused".into(), source: None };
    let budget = Error::BudgetUnavailable { message: "redis down".into(), source: None };
    let unknown_answered = Error::outcome_unknown(intent.clone(), "undecodable success", Some(ve()));
    let unknown_silent = Error::outcome_unknown(intent.clone(), "timeout", None);
    let wait = Duration::from_millis(1500);
    // (error, kind, retryable, maybe happened, carries the venue's error)
    let table: Vec<(Error, ErrorKind, bool, bool, bool)> = vec![
        (Error::invalid_input("amount", "positive"), ErrorKind::InvalidInput, false, false, false),
        (Error::Authentication(ve()), ErrorKind::Authentication, false, false, true),
        (Error::Permission(ve()), ErrorKind::Permission, false, false, true),
        (Error::RateLimited { error: ve(), retry_after: Some(wait) }, ErrorKind::RateLimited, true, false, true),
        (Error::InsufficientBalance(ve()), ErrorKind::InsufficientBalance, false, false, true),
        (Error::ProductUnavailable(ve()), ErrorKind::ProductUnavailable, false, false, true),
        (Error::Rejected(ve()), ErrorKind::Rejected, false, false, true),
        (Error::Unavailable(ve()), ErrorKind::Unavailable, true, false, true),
        (transport, ErrorKind::Transport, true, false, false),
        (budget, ErrorKind::BudgetUnavailable, true, false, false),
        (
            Error::unreconciled_write(venue.clone(), Operation::Stake, "d"),
            ErrorKind::UnreconciledWrite,
            false,
            false,
            false,
        ),
        (unknown_answered, ErrorKind::OutcomeUnknown, false, true, true),
        (unknown_silent, ErrorKind::OutcomeUnknown, false, true, false),
        (Error::decode(venue.clone(), "/p", "bad", b"{"), ErrorKind::Decode, false, false, false),
        (Error::unsupported(venue.clone(), Operation::Transfer), ErrorKind::Unsupported, false, false, false),
        (Error::Config("c".into()), ErrorKind::Config, false, false, false),
    ];
    for (e, kind, retryable, maybe, has_venue_error) in &table {
        assert_eq!(e.kind(), *kind, "{e:?}");
        assert_eq!(e.is_retryable(), *retryable, "is_retryable of {e:?}");
        assert_eq!(e.maybe_happened(), *maybe, "maybe_happened of {e:?}");
        assert!(!(e.is_retryable() && e.maybe_happened()), "a write that may have happened is never retryable");
        assert_eq!(e.venue_error(), has_venue_error.then(ve).as_ref(), "venue_error of {e:?}");
        assert_eq!(e.reconcile_intent(), maybe.then_some(&intent), "reconcile_intent of {e:?}");
        let expected_wait = (*kind == ErrorKind::RateLimited).then_some(wait);
        assert_eq!(e.retry_after(), expected_wait, "retry_after of {e:?}");
    }
    let no_hint = Error::RateLimited { error: ve(), retry_after: None };
    assert_eq!(no_hint.retry_after(), None);
}

/// An excerpt of an undecodable body ends with `…` exactly when something was cut: at 120
/// characters, or at 480 bytes when the characters are wide. Guards the boundaries of
/// `body_excerpt` (mutation testing found them unchecked).
#[test]
fn body_excerpts_mark_exactly_what_was_cut() {
    let ascii = |n: usize| "a".repeat(n);
    assert_eq!(body_excerpt(ascii(120).as_bytes()), ascii(120), "120 characters are kept whole");
    assert_eq!(body_excerpt(ascii(121).as_bytes()), format!("{}…", ascii(120)));
    // 120 four-byte characters are 480 bytes: whole. One more is cut at 480 bytes.
    let wide = |n: usize| "😀".repeat(n);
    let whole = body_excerpt(wide(120).as_bytes());
    assert!(!whole.ends_with('…'), "480 bytes of 120 characters were marked as cut");
    let cut = body_excerpt(wide(121).as_bytes());
    assert!(cut.ends_with('…'), "481+ bytes were cut without a mark");
    assert_eq!(cut.trim_end_matches('…'), whole, "the same 120 characters are kept");
}

/// Plain formatting keeps the scale and the sign; `normalized` drops only trailing zeros;
/// `Debug` shows the value. Guards `format_plain`, `Amount::normalized` and `Amount`'s
/// `Debug` (mutation testing found them unchecked: each could return a constant).
#[test]
fn amounts_print_what_they_hold() {
    assert_eq!(format_plain(&Decimal::new(150, 2)), "1.50");
    assert_eq!(format_plain(&Decimal::new(-5, 1)), "-0.5");
    assert_eq!(format_plain(&Decimal::new(12_345, 0)), "12345");
    let a = Amount::parse("1.50").unwrap();
    assert_eq!(a.normalized().to_string(), "1.5");
    assert_eq!(a.normalized(), a, "the same value");
    assert_eq!(Amount::parse("100").unwrap().normalized().to_string(), "100");
    assert_eq!(format!("{a:?}"), "Amount(1.50)");
}

/// A percentage too fine to hold as a fraction names the fraction's digit count (two more
/// than the percentage's), and `Rate`'s `Debug` shows the percentage. Guards
/// `Rate::parse_percent`'s error and `Rate`'s `Debug` (mutation testing found both unchecked).
#[test]
fn rates_report_their_digits_and_print_as_percent() {
    let text = format!("0.{}1%", "0".repeat(26)); // 27 fractional digits: 29 as a fraction
    match Rate::parse_percent(&text) {
        Err(ParseDecimalError::TooManyFractionalDigits { found }) => assert_eq!(found, 29),
        other => panic!("{text}: {other:?}"),
    }
    assert_eq!(format!("{:?}", Rate::parse_percent("4.5%").unwrap()), "Rate(4.5%)");
}
