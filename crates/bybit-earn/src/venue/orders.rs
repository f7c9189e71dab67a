//! `order()`, `recent_orders()`, the searches reconciliation builds on, and Bybit's order
//! rows in earn-core's vocabulary.

use earn_core::{
    Amount, ClientOrderId, Error, Operation, Order, OrderId, OrderQuery, OrderRef, OrderSide, OrderStatus, Result,
    UnixMillis,
};

use super::BybitEarnVenue;
use super::products::{BybitProductId, NamedProduct, TOKEN_PRODUCT, easy_id, fixed_id};
use crate::VENUE;
use crate::api::byusdt::{BYUSDT, GetTokenOrders, TokenOrder, TokenOrderStatus, TokenOrderType};
use crate::api::common::check_order_link_id;
use crate::api::easy_earn::{EarnCategory, EarnOrder, GetOrderHistory, OrderStatusText, OrderType};
use crate::api::fixed_saving::{FixedCategory, FixedOrder, FixedOrderStatus, FixedOrderType, GetFixedOrders};

/// Fixed Saving order history has no `orderLinkId` filter: at most this many pages are scanned.
const FIXED_SCAN_PAGES: u32 = 5;

/// Which place-order family a keyed write went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Family {
    /// `/v5/earn/place-order` (FlexibleSaving, OnChain).
    Easy,
    /// `/v5/earn/fixed-term/place-order`.
    Fixed,
    /// `/v5/earn/token/place-order` (BYUSDT).
    Token,
}

/// A time window in the venue clock.
pub(super) type Window = Option<(UnixMillis, UnixMillis)>;

fn matches_ref(order: &OrderRef, order_id: &str, link: Option<&str>) -> bool {
    match order {
        OrderRef::Venue(id) => order_id == id.as_str(),
        OrderRef::Client(id) => link == Some(id.as_str()),
    }
}

impl BybitEarnVenue {
    /// Finds an order by venue or client id, in `product`'s category when known (reads only).
    pub(super) async fn find_order(
        &self,
        product: Option<&BybitProductId>,
        order: &OrderRef,
        window: Window,
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
            let mut request = GetOrderHistory::new(category.clone());
            request = match order {
                OrderRef::Venue(id) => request.order_id(id.as_str()),
                OrderRef::Client(id) => request.order_link_id(id.as_str()),
            };
            if let Some((s, e)) = window {
                request = request.range(s, e);
            }
            let page = self.client.send(&request).await?;
            let found = page.list.iter().find(|o| matches_ref(order, &o.order_id, o.order_link_id.as_deref()));
            if let Some(o) = found {
                return Ok(Some(easy_order(&category, o)));
            }
        }
        let Some(default_category) = fixed else { return Ok(None) };
        let mut request = GetFixedOrders::new().limit(50);
        if let Some(BybitProductId::Fixed { category, product_id }) = product {
            request = request.product(category.clone(), product_id.as_str());
        }
        if let OrderRef::Venue(id) = order {
            request = request.order_id(id.as_str());
        }
        if let Some((s, e)) = window {
            request = request.range(s, e);
        }
        let mut pages = self.client.pages(request).max_pages(FIXED_SCAN_PAGES);
        while let Some(list) = pages.next_page().await? {
            if let Some(o) = list.iter().find(|o| matches_ref(order, &o.order_id, o.order_link_id.as_deref())) {
                return Ok(Some(fixed_order(&default_category, o)));
            }
        }
        Ok(None)
    }

    /// Every order of `family` carrying `link` as its `orderLinkId` (reads only). Bybit
    /// answers the latest order of a reused id; Fixed Saving history is scanned.
    pub(super) async fn orders_by_link(
        &self,
        family: Family,
        product: &NamedProduct,
        link: &ClientOrderId,
        window: Window,
    ) -> Result<Vec<Order>> {
        check_order_link_id("client_id", link.as_str())?;
        let is_link = |l: Option<&str>| l == Some(link.as_str());
        let mut out = Vec::new();
        match family {
            Family::Easy => {
                let categories = match product {
                    NamedProduct::Adapter(BybitProductId::Easy { category, .. }) => vec![category.clone()],
                    NamedProduct::Adapter(BybitProductId::Fixed { .. }) => {
                        return Err(Error::invalid_input("intent.product", "a Fixed Saving product on place-order"));
                    }
                    _ => vec![EarnCategory::FlexibleSaving, EarnCategory::OnChain],
                };
                for category in categories {
                    let mut request = GetOrderHistory::new(category.clone()).order_link_id(link.as_str());
                    if let Some((s, e)) = window {
                        request = request.range(s, e);
                    }
                    let page = self.client.send(&request).await?;
                    let rows = page.list.iter().filter(|o| is_link(o.order_link_id.as_deref()));
                    out.extend(rows.map(|o| easy_order(&category, o)));
                }
            }
            Family::Fixed => {
                let mut request = GetFixedOrders::new().order_type(FixedOrderType::Stake).limit(50);
                let mut default_category = FixedCategory::FixedTermSaving;
                if let NamedProduct::Adapter(BybitProductId::Fixed { category, product_id }) = product {
                    request = request.product(category.clone(), product_id.as_str());
                    default_category = category.clone();
                }
                if let Some((s, e)) = window {
                    request = request.range(s, e);
                }
                let mut pages = self.client.pages(request).max_pages(FIXED_SCAN_PAGES);
                while let Some(list) = pages.next_page().await? {
                    let rows = list.iter().filter(|o| is_link(o.order_link_id.as_deref()));
                    out.extend(rows.map(|o| fixed_order(&default_category, o)));
                }
            }
            Family::Token => {
                let mut request = GetTokenOrders::new().order_link_id(link.as_str());
                if let Some((s, e)) = window {
                    request = request.range_seconds(s.0 / 1000, e.0.div_euclid(1000) + 1);
                }
                let page = self.client.send(&request).await?;
                out.extend(page.list.iter().filter(|o| is_link(o.order_link_id.as_deref())).map(token_order));
            }
        }
        Ok(out)
    }

    /// Early redemptions of FundPool products (reads only): Fixed Saving `Redeem` orders in
    /// `window`, of `product_id` when known. They carry no `orderLinkId`.
    pub(super) async fn fixed_redemptions(&self, product_id: Option<&str>, window: Window) -> Result<Vec<FixedOrder>> {
        let mut request = GetFixedOrders::new().order_type(FixedOrderType::Redeem).limit(50);
        request = match product_id {
            Some(id) => request.product(FixedCategory::FundPool, id),
            None => request.category(FixedCategory::FundPool),
        };
        if let Some((s, e)) = window {
            request = request.range(s, e);
        }
        let mut out = Vec::new();
        let mut pages = self.client.pages(request).max_pages(FIXED_SCAN_PAGES);
        while let Some(list) = pages.next_page().await? {
            out.extend(list);
        }
        Ok(out)
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
                return Err(Error::unsupported(VENUE, Operation::RecentOrders));
            }
            Some(BybitProductId::Easy { category, .. }) => Some(category.clone()),
            Some(BybitProductId::Fixed { .. }) => None,
            None => Some(EarnCategory::FlexibleSaving),
        };
        if let Some(category) = easy_category {
            let mut request = GetOrderHistory::new(category.clone()).limit(limit);
            if let Some(BybitProductId::Easy { product_id, .. }) = &product {
                request = request.product_id(product_id.as_str());
            }
            let page = self.client.send(&request).await?;
            out.extend(page.list.iter().map(|o| easy_order(&category, o)));
        }
        if !matches!(product, Some(BybitProductId::Easy { .. })) {
            let mut request = GetFixedOrders::new().limit(limit.min(50));
            let mut default_category = FixedCategory::FixedTermSaving;
            if let Some(BybitProductId::Fixed { category, product_id }) = &product {
                request = request.product(category.clone(), product_id.as_str());
                default_category = category.clone();
            }
            let page = self.client.send(&request).await?;
            out.extend(page.list.iter().map(|o| fixed_order(&default_category, o)));
        }
        if let Some(side) = query.side {
            out.retain(|o| o.side == side);
        }
        out.sort_by_key(|o| std::cmp::Reverse(o.created_at));
        out.truncate(limit as usize);
        Ok(out)
    }
}

/// An Easy Earn order row.
pub(super) fn easy_order(category: &EarnCategory, o: &EarnOrder) -> Order {
    let side = if o.order_type == OrderType::Redeem { OrderSide::Redeem } else { OrderSide::Stake };
    let status = match o.status {
        OrderStatusText::Success => OrderStatus::Succeeded,
        OrderStatusText::Fail => OrderStatus::Failed,
        _ => OrderStatus::Pending,
    };
    let mut out = Order::new(
        VENUE,
        OrderId::new(o.order_id.as_str()),
        easy_id(category, &o.product_id),
        o.coin.as_str().into(),
        side,
        o.order_value,
        status,
        o.status.as_str(),
    );
    out.client_id = o.order_link_id.as_deref().map(ClientOrderId::from);
    out.created_at = o.created_at;
    out.settles_at = if side == OrderSide::Redeem { o.estimate_redeem_time } else { o.estimate_stake_time };
    out
}

/// A Fixed Saving order row (`default_category` when the row names none).
pub(super) fn fixed_order(default_category: &FixedCategory, o: &FixedOrder) -> Order {
    let side = if o.order_type == Some(FixedOrderType::Redeem) { OrderSide::Redeem } else { OrderSide::Stake };
    let status = match o.status {
        FixedOrderStatus::Active | FixedOrderStatus::Complete => OrderStatus::Succeeded,
        FixedOrderStatus::Failed => OrderStatus::Failed,
        _ => OrderStatus::Pending,
    };
    let category = o.category.clone().unwrap_or_else(|| default_category.clone());
    let mut out = Order::new(
        VENUE,
        OrderId::new(o.order_id.as_str()),
        fixed_id(&category, &o.product_id),
        o.coin.as_str().into(),
        side,
        o.amount.unwrap_or(Amount::ZERO),
        status,
        o.status.as_str(),
    );
    out.client_id = o.order_link_id.as_deref().map(ClientOrderId::from);
    out.created_at = o.created_at;
    out
}

/// A BYUSDT order row: a mint is a stake, the amount is what left the source account.
fn token_order(o: &TokenOrder) -> Order {
    let side = if o.order_type == Some(TokenOrderType::Redeem) { OrderSide::Redeem } else { OrderSide::Stake };
    let status = match o.status {
        Some(TokenOrderStatus::Success) => OrderStatus::Succeeded,
        Some(TokenOrderStatus::Fail) => OrderStatus::Failed,
        _ => OrderStatus::Pending,
    };
    let venue_status = o.status.as_ref().map(|s| s.as_str().to_owned()).unwrap_or_default();
    let mut out = Order::new(
        VENUE,
        OrderId::new(o.order_id.as_str()),
        TOKEN_PRODUCT.into(),
        BYUSDT.into(),
        side,
        o.from_amount.unwrap_or(Amount::ZERO),
        status,
        venue_status,
    );
    out.client_id = o.order_link_id.as_deref().map(ClientOrderId::from);
    out.created_at = o.created_time.and_then(|s| s.checked_mul(1000)).map(UnixMillis);
    out
}
