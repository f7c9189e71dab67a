//! The portfolio reads every venue at once and never hides a failure.

use std::sync::Arc;

use earn_core::{
    AccountId, Amount, Balance, EarnVenue, Error, MockEarnVenue, Position, Product, ProductKind, UsdValue, VenueError,
    VenueId,
};
use earn_treasury::{Portfolio, Read};

fn venue(id: &'static str, fail_positions: bool, usd: &'static str) -> Arc<dyn EarnVenue> {
    let mut m = MockEarnVenue::new();
    m.expect_venue().returning(move || VenueId::from_static(id));
    m.expect_balances().returning(move || {
        let mut b = Balance::new(VenueId::from_static(id), AccountId::new("FUND"), "usdt".into(), Amount::from(100));
        b.value_usd = Some(UsdValue::parse(usd).unwrap());
        Ok(vec![b])
    });
    m.expect_positions().returning(move || {
        if fail_positions {
            Err(Error::Unavailable(VenueError::new(VenueId::from_static(id), "503", "busy", Some(503))))
        } else {
            let mut p = Position::new(VenueId::from_static(id), "p".into(), "USDT".into(), Amount::from(50));
            p.pending_redemption = Some(Amount::from(5));
            Ok(vec![p])
        }
    });
    m.expect_products().returning(move |_| {
        Ok(vec![Product::new(VenueId::from_static(id), "p".into(), "USDT".into(), ProductKind::Flexible)])
    });
    Arc::new(m)
}

#[tokio::test]
async fn failures_are_kept_per_venue_and_totals_say_what_they_miss() {
    let portfolio = Portfolio::new([venue("b", true, "100"), venue("a", false, "100.0000000000000000000000000000001")]);
    let s = portfolio.snapshot().await;
    assert_eq!(s.venues.iter().map(|v| v.venue.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    assert!(!s.is_complete());
    let b = s.venue(&VenueId::from_static("b")).unwrap();
    assert!(matches!(&b.positions, Read::Failed(e) if e.kind == "Unavailable" && e.retryable));
    assert!(b.balances.ok().is_some(), "the other reads of a failing venue are kept");

    let t = s.totals();
    assert_eq!(t.incomplete, vec![VenueId::from_static("b")]);
    let usdt = &t.assets[&earn_core::Asset::new("USDT")];
    assert_eq!(usdt.idle.to_string(), "200", "usdt and USDT are one asset");
    assert_eq!(usdt.earning.to_string(), "50");
    assert_eq!(usdt.redeeming.to_string(), "5");
    // One valuation was rounded, so the sum says so; positions had none.
    assert!(!usdt.value_usd.is_exact());
    assert_eq!(usdt.value_usd.rounded_parts, 1);
    assert_eq!(usdt.value_usd.exact_parts, 1);
    assert_eq!(usdt.value_usd.unvalued, 1);
    assert!(t.value_usd().to_string().starts_with("~$200"), "{}", t.value_usd());

    // The snapshot round-trips through JSON, failures included.
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<earn_treasury::Snapshot>(&json).unwrap(), s);
}

#[tokio::test]
async fn unsupported_reads_are_not_failures() {
    let mut m = MockEarnVenue::new();
    m.expect_venue().returning(|| VenueId::from_static("wallet"));
    m.expect_balances()
        .returning(|| Err(Error::unsupported(VenueId::from_static("wallet"), earn_core::Operation::Balances)));
    m.expect_positions().returning(|| Ok(vec![]));
    m.expect_products().returning(|_| Ok(vec![]));
    let s = Portfolio::new([Arc::new(m) as Arc<dyn EarnVenue>]).snapshot().await;
    assert!(s.is_complete());
    assert_eq!(s.venues[0].balances, Read::Unsupported);
}

#[tokio::test(start_paused = true)]
async fn a_read_that_takes_too_long_is_a_failure_not_an_empty_list() {
    struct Stuck;
    #[earn_core::async_trait]
    impl EarnVenue for Stuck {
        fn venue(&self) -> VenueId {
            VenueId::from_static("stuck")
        }
        fn capabilities(&self) -> earn_core::Capabilities {
            earn_core::Capabilities::new(earn_core::Custody::Custodial)
        }
        async fn products(&self, _: &earn_core::ProductFilter) -> earn_core::Result<Vec<Product>> {
            Ok(vec![])
        }
        async fn positions(&self) -> earn_core::Result<Vec<Position>> {
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
            Ok(vec![])
        }
    }
    let p = Portfolio::new([Arc::new(Stuck) as Arc<dyn EarnVenue>]).read_timeout(std::time::Duration::from_secs(5));
    let started = tokio::time::Instant::now();
    let s = p.snapshot().await;
    assert_eq!(started.elapsed(), std::time::Duration::from_secs(5));
    assert!(matches!(&s.venues[0].positions, Read::Failed(e) if e.kind == "Timeout"));
    assert_eq!(s.venues[0].balances, Read::Unsupported);
    assert_eq!(s.failed_venues(), vec![&VenueId::from_static("stuck")]);
}
