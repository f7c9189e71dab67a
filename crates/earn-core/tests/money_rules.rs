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
