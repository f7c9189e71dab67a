//! Order lookup, recent orders and reconciliation: reads only.

use std::time::Duration;

use earn_core::{
    Error, Operation, Order, OrderQuery, OrderRef, OrderSide, ReconcileIntent, Reconciliation, Result, UnixMillis,
};

use super::{BybitEarnVenue, BybitProductId, mapping};
use crate::fixed_saving::FixedOrderParams;
use crate::validate::{SEVEN_DAYS, check_order_link_id};
use crate::{EarnCategory, FixedCategory, OrderHistoryParams};

/// Fixed Saving order history has no `orderLinkId` filter: at most this many pages are scanned.
const FIXED_SCAN_PAGES: u32 = 5;

impl BybitEarnVenue {
    /// Finds an order by venue or client id, in `product`'s category when known.
    pub(super) async fn find_order(
        &self,
        product: Option<&BybitProductId>,
        order: &OrderRef,
        window: Option<(UnixMillis, UnixMillis)>,
    ) -> Result<Option<Order>> {
        if let OrderRef::Client(id) = order {
            check_order_link_id("client_id", id.as_str())?;
        }
        let (easy, fixed): (Vec<EarnCategory>, Option<FixedCategory>) = match product {
            Some(BybitProductId::Easy { category, .. }) => (vec![category.clone()], None),
            Some(BybitProductId::Fixed { category, .. }) => (vec![], Some(category.clone())),
            None => (vec![EarnCategory::FlexibleSaving, EarnCategory::OnChain], Some(FixedCategory::FixedTermSaving)),
        };
        for category in easy {
            let mut params = OrderHistoryParams::new(category.clone());
            params = match order {
                OrderRef::Venue(id) => params.order_id(id.as_str()),
                OrderRef::Client(id) => params.order_link_id(id.as_str()),
            };
            if let Some((s, e)) = window {
                params = params.range(s, e);
            }
            let page = self.client.order_history_page(&params).await?;
            let found = page.list.iter().find(|o| match order {
                OrderRef::Venue(id) => o.order_id == id.as_str(),
                OrderRef::Client(id) => o.order_link_id.as_deref() == Some(id.as_str()),
            });
            if let Some(o) = found {
                return Ok(Some(mapping::easy_order(&category, o)));
            }
        }
        let Some(default_category) = fixed else { return Ok(None) };
        let mut params = FixedOrderParams::new().limit(50);
        if let Some(BybitProductId::Fixed { category, product_id }) = product {
            params = params.product(category.clone(), product_id.as_str());
        }
        if let OrderRef::Venue(id) = order {
            params = params.order_id(id.as_str());
        }
        if let Some((s, e)) = window {
            params = params.range(s, e);
        }
        let mut pages = self.client.fixed_orders(params)?.max_pages(FIXED_SCAN_PAGES);
        while let Some(list) = pages.next_page().await? {
            let found = list.iter().find(|o| match order {
                OrderRef::Venue(id) => o.order_id == id.as_str(),
                OrderRef::Client(id) => o.order_link_id.as_deref() == Some(id.as_str()),
            });
            if let Some(o) = found {
                return Ok(Some(mapping::fixed_order(&default_category, o)));
            }
        }
        Ok(None)
    }

    /// Recent FlexibleSaving and Fixed Saving orders (OnChain history needs an order id).
    pub(super) async fn list_recent(&self, query: &OrderQuery) -> Result<Vec<Order>> {
        let limit = query.limit.unwrap_or(50).clamp(1, 100);
        let product = query.product.as_ref().map(BybitProductId::parse).transpose()?;
        let mut out = Vec::new();
        let easy_category = match &product {
            Some(BybitProductId::Easy { category: EarnCategory::OnChain, .. }) => {
                // Bybit lists OnChain orders only by orderId or orderLinkId (use `order()`):
                // listing them by product is an operation this venue lacks for that category.
                return Err(Error::unsupported(crate::VENUE, Operation::RecentOrders));
            }
            Some(BybitProductId::Easy { category, .. }) => Some(category.clone()),
            Some(BybitProductId::Fixed { .. }) => None,
            None => Some(EarnCategory::FlexibleSaving),
        };
        if let Some(category) = easy_category {
            let mut params = OrderHistoryParams::new(category.clone()).limit(limit);
            if let Some(BybitProductId::Easy { product_id, .. }) = &product {
                params = params.product_id(product_id.as_str());
            }
            let page = self.client.order_history_page(&params).await?;
            out.extend(page.list.iter().map(|o| mapping::easy_order(&category, o)));
        }
        if !matches!(product, Some(BybitProductId::Easy { .. })) {
            let mut params = FixedOrderParams::new().limit(limit.min(50));
            let mut default_category = FixedCategory::FixedTermSaving;
            if let Some(BybitProductId::Fixed { category, product_id }) = &product {
                params = params.product(category.clone(), product_id.as_str());
                default_category = category.clone();
            }
            let page = self.client.fixed_orders_page(&params).await?;
            out.extend(page.list.iter().map(|o| mapping::fixed_order(&default_category, o)));
        }
        if let Some(side) = query.side {
            out.retain(|o| o.side == side);
        }
        out.sort_by_key(|o| std::cmp::Reverse(o.created_at));
        out.truncate(limit as usize);
        Ok(out)
    }

    /// Reads history by `orderLinkId` to settle an outcome-unknown write.
    pub(super) async fn reconcile_intent(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        if intent.venue != crate::VENUE {
            return Err(Error::invalid_input("intent.venue", format!("{} is not bybit-earn", intent.venue)));
        }
        let Some(link) = &intent.client_id else {
            return Err(Error::invalid_input("intent.client_id", "Bybit reconciles by orderLinkId; none was recorded"));
        };
        let product = intent.product.as_ref().map(BybitProductId::parse).transpose()?;
        let now = self.client.venue_now();
        // Search a window starting just before the send, so old intents are still found.
        let window = intent.sent_at.and_then(|sent| {
            let start = UnixMillis(sent.0 - 300_000);
            let end = UnixMillis((start.0 + i64::try_from(SEVEN_DAYS.as_millis()).unwrap_or(i64::MAX)).min(now.0));
            (start < end).then_some((start, end))
        });
        let found = self.find_order(product.as_ref(), &OrderRef::Client(link.clone()), window).await?;
        if let Some(order) = found {
            let side_ok = match intent.operation {
                Operation::Stake => order.side == OrderSide::Stake,
                Operation::Redeem => order.side == OrderSide::Redeem,
                _ => true,
            };
            let amount_ok = intent.amount.is_none_or(|a| a.decimal() == order.amount.decimal());
            let product_ok = intent.product.as_ref().is_none_or(|p| *p == order.product);
            if side_ok && amount_ok && product_ok {
                return Ok(Reconciliation::Happened(order));
            }
            return Err(Error::invalid_input(
                "intent.client_id",
                format!(
                    "orderLinkId {link} belongs to a different order ({:?} {} of {})",
                    order.side, order.amount, order.product
                ),
            ));
        }
        let elapsed = intent.sent_at.map(|s| Duration::from_millis(u64::try_from(now.0 - s.0).unwrap_or(0)));
        match elapsed {
            Some(e) if e >= self.reconcile_grace => Ok(Reconciliation::DidNotHappen),
            _ => Ok(Reconciliation::StillUnknown),
        }
    }
}
