//! OnChain redemptions in flight, which Bybit can only be asked about one by one.
//!
//! Bybit lists OnChain positions only while they are active, and OnChain orders only by
//! `orderId` or `orderLinkId`, so once an OnChain redemption is placed nothing in a listing
//! shows it until it settles. The adapter remembers the `orderLinkId` of every OnChain
//! redemption it placed (or that may have happened), and [`positions`](super::BybitEarnVenue)
//! asks Bybit about each: a `Pending` order is reported as `pending_redemption`, a final one
//! is forgotten. Redemptions placed elsewhere (another process, the web app) are not seen.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use earn_core::{Amount, ClientOrderId, OrderRef, OrderStatus, ProductId, Result};

use super::{BybitEarnVenue, BybitProductId};

/// An entry not found at the venue this long after it was recorded is dropped.
const FORGET_UNSEEN_AFTER: Duration = Duration::from_secs(24 * 3600);

/// OnChain redemptions this adapter placed and has not yet seen settle; shared by clones.
#[derive(Clone, Debug, Default)]
pub(super) struct InFlight(Arc<Mutex<HashMap<ClientOrderId, (ProductId, Instant)>>>);

impl InFlight {
    /// Remembers an OnChain redemption by its `orderLinkId`.
    pub(super) fn record(&self, link: ClientOrderId, product: ProductId) {
        self.lock().insert(link, (product, Instant::now()));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ClientOrderId, (ProductId, Instant)>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl BybitEarnVenue {
    /// Amounts of remembered OnChain redemptions still pending, per product; settled and
    /// failed ones are forgotten.
    pub(super) async fn onchain_in_flight(&self) -> Result<HashMap<ProductId, Amount>> {
        let entries: Vec<_> = self.in_flight.lock().iter().map(|(k, (p, t))| (k.clone(), p.clone(), *t)).collect();
        let mut pending: HashMap<ProductId, Amount> = HashMap::new();
        for (link, product, recorded) in entries {
            let route = BybitProductId::parse(&product)?;
            match self.find_order(Some(&route), &OrderRef::Client(link.clone()), None).await? {
                Some(order) if order.status == OrderStatus::Pending => {
                    let sum = pending.entry(product).or_default();
                    *sum = sum.checked_add(order.amount).unwrap_or(*sum);
                }
                Some(_) => {
                    self.in_flight.lock().remove(&link);
                }
                None if recorded.elapsed() > FORGET_UNSEEN_AFTER => {
                    self.in_flight.lock().remove(&link);
                }
                None => {}
            }
        }
        Ok(pending)
    }
}
