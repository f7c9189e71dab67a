//! Capabilities: non-custodial, and every order operation (lookup, list, cancel,
//! reconcile) is unsupported because there are no orders.

use earn_core::*;
use okx_web3_defi::ApiGeneration;
use wiremock::MockServer;

use crate::venue;

#[tokio::test]
async fn capabilities_are_non_custodial_and_order_operations_are_unsupported() {
    let s = MockServer::start().await;
    for g in [ApiGeneration::V5, ApiGeneration::V6] {
        let v = venue(&s, g);
        let dynv: &dyn EarnVenue = &v;
        let caps = dynv.capabilities();
        assert_eq!(caps.custody, Custody::NonCustodial);
        assert_eq!(dynv.venue(), okx_web3_defi::VENUE);
        for op in [Operation::OrderLookup, Operation::RecentOrders, Operation::CancelRedemption, Operation::Reconcile] {
            assert!(!caps.supports(op));
        }
        assert!(caps.supports(Operation::Stake) && caps.supports(Operation::Redeem));
        assert_eq!(caps.supports(Operation::RedemptionEstimate), g == ApiGeneration::V5);
        let order = OrderRef::Venue(OrderId::new("1"));
        assert_eq!(dynv.order(&order).await.unwrap_err().kind(), ErrorKind::Unsupported);
        assert_eq!(dynv.cancel_redemption(&order).await.unwrap_err().kind(), ErrorKind::Unsupported);
        assert_eq!(dynv.recent_orders(&OrderQuery::default()).await.unwrap_err().kind(), ErrorKind::Unsupported);
        let intent = ReconcileIntent::new(okx_web3_defi::VENUE, Operation::Stake, "/x");
        assert_eq!(dynv.reconcile(&intent).await.unwrap_err().kind(), ErrorKind::Unsupported);
    }
    assert!(s.received_requests().await.unwrap().is_empty());
}
