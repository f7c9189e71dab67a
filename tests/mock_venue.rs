//! Using the `mock` feature the way a downstream bot's tests would: through `Arc<dyn EarnVenue>`.

#![cfg(feature = "mock")]

use std::sync::Arc;

use earn::*;
use mockall::predicate::eq;

/// A tiny "bot" under test: stakes its idle balance into the best product, if any.
async fn put_idle_balance_to_work(venue: &dyn EarnVenue, idle: Amount) -> Result<Option<WriteOutcome>> {
    let products = venue.products(&ProductFilter::asset("USDT")).await?;
    let Some(best) = products.iter().filter(|p| p.status == ProductStatus::Available).max_by_key(|p| p.apr) else {
        return Ok(None);
    };
    best.rules.check("amount", idle)?;
    venue.stake(&StakeRequest::new(best.id.clone(), idle)).await.map(Some)
}

fn product(id: &str, apr: &str) -> Product {
    let mut p = Product::new(VenueId::from_static("mock"), id.into(), "USDT".into(), ProductKind::Flexible);
    p.apr = Some(Rate::parse_percent(apr).unwrap());
    p.rules.min = Some(Amount::parse("1").unwrap());
    p
}

#[tokio::test]
async fn the_bot_stakes_into_the_best_product() {
    let mut mock = MockEarnVenue::new();
    mock.expect_products().returning(|_| Ok(vec![product("low", "2%"), product("high", "5%")]));
    let expected = StakeRequest::new("high", Amount::parse("100").unwrap());
    mock.expect_stake().with(eq(expected)).times(1).returning(|r| {
        Ok(WriteOutcome::Placed(Order::new(
            VenueId::from_static("mock"),
            "o-1".into(),
            r.product.clone(),
            "USDT".into(),
            OrderSide::Stake,
            r.amount,
            OrderStatus::Pending,
            "Pending",
        )))
    });
    let venue: Arc<dyn EarnVenue> = Arc::new(mock);
    let outcome = put_idle_balance_to_work(venue.as_ref(), Amount::parse("100").unwrap()).await.unwrap().unwrap();
    assert_eq!(outcome.order().unwrap().id.as_str(), "o-1");
}

#[tokio::test]
async fn the_bot_refuses_amounts_below_the_minimum_before_any_stake() {
    let mut mock = MockEarnVenue::new();
    mock.expect_products().returning(|_| Ok(vec![product("p", "3%")]));
    mock.expect_stake().never();
    let venue: Arc<dyn EarnVenue> = Arc::new(mock);
    let err = put_idle_balance_to_work(venue.as_ref(), Amount::parse("0.5").unwrap()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("amount"), "{err}");
}

#[tokio::test]
async fn outcome_unknown_errors_carry_the_intent_for_reconcile() {
    let mut mock = MockEarnVenue::new();
    let intent = ReconcileIntent::new(VenueId::from_static("mock"), Operation::Stake, "/stake")
        .amount(Amount::parse("5").unwrap())
        .client_id("bot-1");
    let for_stake = intent.clone();
    mock.expect_stake().returning(move |_| Err(Error::outcome_unknown(for_stake.clone(), "timeout", None)));
    mock.expect_reconcile().with(eq(intent)).returning(|_| Ok(Reconciliation::DidNotHappen));
    let venue: Arc<dyn EarnVenue> = Arc::new(mock);
    let err = venue.stake(&StakeRequest::new("p", Amount::parse("5").unwrap())).await.unwrap_err();
    assert!(err.maybe_happened());
    let answer = venue.reconcile(err.reconcile_intent().unwrap()).await.unwrap();
    assert_eq!(answer, Reconciliation::DidNotHappen);
}
