//! [`BybitEarnVenue`]: the [`EarnVenue`] adapter over FlexibleSaving, OnChain and Fixed Saving.

mod estimate;
mod in_flight;
mod lookup;
mod mapping;
mod product_id;

use std::collections::HashMap;
use std::time::Duration;

use earn_core::{
    Amount, Capabilities, ClientOrderId, Custody, EarnVenue, Error, Operation, Order, OrderId, OrderQuery, OrderRef,
    OrderSide, OrderStatus, Position, Product, ProductFilter, ProductId, ReconcileIntent, Reconciliation,
    RedeemRequest, RedemptionEstimate, Result, StakeRequest, VenueId, WriteOutcome, async_trait,
};

pub use product_id::BybitProductId;

use crate::fixed_saving::{FixedPlaceOrderParams, FixedProduct};
use crate::validate::{check_coin, check_order_link_id, check_positive, new_order_link_id};
use crate::{
    AccountType, BybitEarnClient, EarnCategory, EarnProduct, FixedCategory, OrderHistoryParams, OrderStatusText,
    OrderType, PlaceOrderParams, PositionParams, ProductParams, VENUE,
};

/// Bybit V5 Earn as an [`EarnVenue`] (venue id `"bybit-earn"`).
///
/// Products: FlexibleSaving (`"FlexibleSaving:<id>"`, flexible, redemption up to 48 h),
/// OnChain (`"OnChain:<id>"`, delay from `redeemProcessingMinute`) and Fixed Saving
/// (`"FixedTermSaving:<id>"` etc., locked until maturity). Every stake/redeem carries an
/// `orderLinkId` (the request's client id, or a generated UUID) and returns a pending
/// order; redemptions cannot be cancelled. Order history is searched over Bybit's default
/// window (the last 7 days).
///
/// **Redemption estimates** are derived, read-only, from `/v5/earn/product` and
/// `/v5/earn/position` (Bybit has no estimate endpoint), after the same checks as a
/// redemption (client id, product id, amount > 0, then precision and LST bounds against the
/// product). Fees are empty (Bybit documents none for these redemptions); `gas_limit` is `None`.
/// A position's redeemable amount is its `availableAmount`, or `amount` when absent.
/// * FlexibleSaving: the same coin 1:1; allowed when the product's positions cover the
///   amount; delay 0 to 48 h. Unpaid `claimableYield` (paid with principal) is not added:
///   Bybit does not say how it is split on a partial redemption. The product's `status`
///   governs subscriptions and is not consulted, as Bybit's redeem does not require it.
/// * OnChain non-LST: the same coin 1:1 from the position named by `position_id` (required);
///   allowed when that position is `Active` and covers the amount; delay `redeemProcessingMinute`.
/// * OnChain LST: `amount` (counted in the swap coin held) × `redeemExchangeRate`, in the
///   product's coin, multiplied exactly and then **rounded down** to the product's
///   `precision`, as a venue crediting whole units would (never up); an error if the
///   multiplication cannot be held exactly. Allowed when the named position (or, with none
///   named, all the product's positions) covers the amount; bounds `min/maxRedeemAmount` are
///   checked as for a redemption; delay `redeemProcessingMinute`.
/// * Fixed Saving: `allowed` is `false` (it settles at maturity; this adapter does not
///   redeem it) and `receive` is empty; `delay` runs until the `settlementTime` of the
///   position named by `position_id` (or the product's only position), when known.
#[derive(Clone, Debug)]
pub struct BybitEarnVenue {
    client: BybitEarnClient,
    account_type: AccountType,
    reconcile_grace: Duration,
    in_flight: in_flight::InFlight,
}

impl BybitEarnVenue {
    /// An adapter over `client` (FlexibleSaving account `FUND`, reconcile grace 2 min).
    pub fn new(client: BybitEarnClient) -> Self {
        BybitEarnVenue {
            client,
            account_type: AccountType::Fund,
            reconcile_grace: Duration::from_secs(120),
            in_flight: in_flight::InFlight::default(),
        }
    }

    /// Account FlexibleSaving and Fixed Saving orders use (`FUND` or `UNIFIED`); OnChain is always `FUND`.
    pub fn account_type(mut self, account: AccountType) -> Self {
        self.account_type = account;
        self
    }

    /// How long after sending an order must be absent from history before reconciliation
    /// answers [`Reconciliation::DidNotHappen`] (default 2 min).
    pub fn reconcile_grace(mut self, grace: Duration) -> Self {
        self.reconcile_grace = grace;
        self
    }

    /// The typed client underneath.
    pub fn client(&self) -> &BybitEarnClient {
        &self.client
    }

    async fn easy_product(&self, category: &EarnCategory, product_id: &str) -> Result<EarnProduct> {
        let list = self.client.products(&ProductParams::new(category.clone())).await?;
        list.into_iter()
            .find(|p| p.product_id == product_id)
            .ok_or_else(|| Error::invalid_input("product", format!("Bybit has no {category} product {product_id}")))
    }

    async fn fixed_product(&self, category: &FixedCategory, product_id: &str) -> Result<FixedProduct> {
        let list = self.client.fixed_products(None).await?;
        list.into_iter()
            .find(|p| p.product_id == product_id && p.category == *category)
            .ok_or_else(|| Error::invalid_input("product", format!("Bybit has no {category} product {product_id}")))
    }

    fn link_id(client_id: &Option<ClientOrderId>) -> Result<String> {
        match client_id {
            Some(id) => check_order_link_id("client_id", id.as_str()).map(|_| id.as_str().to_owned()),
            None => Ok(new_order_link_id()),
        }
    }

    /// A redemption's order parameters, checked against its product exactly as they would be
    /// sent (precision, LST redeem bounds, which products name a position); shared by
    /// `redeem` and `redemption_estimate`. Reads the product list only.
    async fn easy_redeem_params(
        &self,
        request: &RedeemRequest,
        category: &EarnCategory,
        product_id: &str,
    ) -> Result<(EarnProduct, PlaceOrderParams)> {
        let product = self.easy_product(category, product_id).await?;
        let account = if *category == EarnCategory::OnChain { AccountType::Fund } else { self.account_type.clone() };
        let mut params =
            PlaceOrderParams::redeem(category.clone(), &product.coin, product_id, request.amount).account_type(account);
        if *category == EarnCategory::OnChain && !product.is_lst() {
            let Some(pos) = &request.position_id else {
                return Err(Error::invalid_input(
                    "position_id",
                    "required to redeem an OnChain non-LST product: pass Position::position_id",
                ));
            };
            params = params.redeem_position_id(pos.as_str());
        } else if *category == EarnCategory::FlexibleSaving && request.position_id.is_some() {
            // An OnChain LST position id is accepted (it names the position being
            // redeemed, by amount); FlexibleSaving has no positions to name.
            return Err(Error::invalid_input("position_id", "FlexibleSaving redemptions do not name a position"));
        }
        params.check_against(&product)?;
        Ok((product, params))
    }

    /// Places an Easy Earn order and turns the answer into a pending [`Order`].
    async fn place_easy(&self, params: PlaceOrderParams, product: &EarnProduct, id: &ProductId) -> Result<Order> {
        params.check_against(product)?;
        let placed = self.client.place_order(&params).await?;
        let side = if params.order_type == OrderType::Stake { OrderSide::Stake } else { OrderSide::Redeem };
        let mut order = Order::new(
            VENUE,
            OrderId::new(placed.order_id),
            id.clone(),
            params.coin.as_str().into(),
            side,
            params.amount,
            OrderStatus::Pending,
            OrderStatusText::Pending.as_str(),
        );
        order.client_id = Some(ClientOrderId::new(placed.order_link_id));
        Ok(order)
    }

    /// Redeem orders of FlexibleSaving still `Pending`, summed per product id.
    async fn pending_flexible_redemptions(&self) -> Result<HashMap<String, Amount>> {
        let mut pages = self.client.order_history(OrderHistoryParams::new(EarnCategory::FlexibleSaving).limit(100))?;
        pages = pages.max_pages(10);
        let mut out: HashMap<String, Amount> = HashMap::new();
        while let Some(orders) = pages.next_page().await? {
            for o in orders.iter().filter(|o| o.order_type == OrderType::Redeem && o.status == OrderStatusText::Pending)
            {
                let sum = out.entry(o.product_id.clone()).or_default();
                *sum = sum.checked_add(o.order_value).unwrap_or(*sum);
            }
        }
        Ok(out)
    }
}

/// The checks of a redemption that need no request, shared by `redeem` and
/// `redemption_estimate`: the client id (when given), the product id and an amount above zero.
fn check_redeem(request: &RedeemRequest) -> Result<BybitProductId> {
    if let Some(id) = &request.client_id {
        check_order_link_id("client_id", id.as_str())?;
    }
    let product = BybitProductId::parse(&request.product)?;
    check_positive("amount", request.amount)?;
    Ok(product)
}

#[async_trait]
impl EarnVenue for BybitEarnVenue {
    fn venue(&self) -> VenueId {
        VENUE
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::new(Custody::Custodial)
            .with_all(&[
                Operation::Products,
                Operation::Positions,
                Operation::Stake,
                Operation::RedemptionEstimate,
                Operation::Redeem,
                Operation::OrderLookup,
                Operation::RecentOrders,
                Operation::Reconcile,
            ])
            .with_client_order_ids(true)
    }

    async fn products(&self, filter: &ProductFilter) -> Result<Vec<Product>> {
        let coin = filter.asset.as_ref().map(|a| a.as_str().to_ascii_uppercase());
        if let Some(c) = &coin {
            check_coin("asset", c)?;
        }
        let mut out = Vec::new();
        for category in [EarnCategory::FlexibleSaving, EarnCategory::OnChain] {
            let mut params = ProductParams::new(category);
            params.coin = coin.clone();
            out.extend(self.client.products(&params).await?.iter().map(mapping::easy_product));
        }
        out.extend(self.client.fixed_products(coin.as_deref()).await?.iter().map(mapping::fixed_product));
        out.retain(|p| filter.matches_asset(&p.asset));
        Ok(out)
    }

    async fn positions(&self) -> Result<Vec<Position>> {
        let mut out = Vec::new();
        let pending = self.pending_flexible_redemptions().await?;
        let mut onchain_pending = self.onchain_in_flight().await?;
        for category in [EarnCategory::FlexibleSaving, EarnCategory::OnChain] {
            for p in self.client.positions(&PositionParams::new(category.clone())).await? {
                let mut pos = mapping::easy_position(&category, &p);
                pos.pending_redemption = match category {
                    EarnCategory::FlexibleSaving => pending.get(&p.product_id).copied(),
                    _ => onchain_pending.remove(&pos.product),
                };
                // FlexibleSaving also lists fully redeemed positions: keep only live ones.
                if !pos.amount.is_zero() || pos.pending_redemption.is_some() || !pos.rewards.is_empty() {
                    out.push(pos);
                }
            }
        }
        // Redemptions in flight whose position Bybit no longer lists (fully redeemed).
        for (product, amount) in onchain_pending {
            let asset = match BybitProductId::parse(&product)? {
                BybitProductId::Easy { category, product_id } => self.easy_product(&category, &product_id).await?.coin,
                BybitProductId::Fixed { .. } => continue,
            };
            let mut pos = Position::new(VENUE, product, asset.as_str().into(), Amount::ZERO);
            pos.pending_redemption = Some(amount);
            out.push(pos);
        }
        out.extend(self.client.fixed_positions(None, None, None).await?.iter().map(mapping::fixed_position));
        Ok(out)
    }

    async fn stake(&self, request: &StakeRequest) -> Result<WriteOutcome> {
        let link = Self::link_id(&request.client_id)?;
        match BybitProductId::parse(&request.product)? {
            BybitProductId::Easy { category, product_id } => {
                let product = self.easy_product(&category, &product_id).await?;
                let account =
                    if category == EarnCategory::OnChain { AccountType::Fund } else { self.account_type.clone() };
                let params = PlaceOrderParams::stake(category, &product.coin, &product_id, request.amount)
                    .account_type(account)
                    .order_link_id(link);
                self.place_easy(params, &product, &request.product).await.map(WriteOutcome::Placed)
            }
            BybitProductId::Fixed { category, product_id } => {
                let product = self.fixed_product(&category, &product_id).await?;
                if product.status != Some(crate::FixedProductStatus::Available) {
                    return Err(Error::invalid_input("product", "Fixed Saving product is not Available"));
                }
                mapping::fixed_product(&product).rules.check("amount", request.amount)?;
                let params = FixedPlaceOrderParams::new(category, &product.coin, &product_id, request.amount)
                    .account_type(self.account_type.clone())
                    .order_link_id(link);
                let placed = self.client.fixed_place_order(&params).await?;
                let mut order = Order::new(
                    VENUE,
                    OrderId::new(placed.order_id),
                    request.product.clone(),
                    product.coin.as_str().into(),
                    OrderSide::Stake,
                    request.amount,
                    OrderStatus::Pending,
                    crate::FixedOrderStatus::Processing.as_str(),
                );
                order.client_id = Some(ClientOrderId::new(placed.order_link_id));
                Ok(WriteOutcome::Placed(order))
            }
        }
    }

    async fn redemption_estimate(&self, request: &RedeemRequest) -> Result<RedemptionEstimate> {
        self.estimate(request).await
    }

    async fn redeem(&self, request: &RedeemRequest) -> Result<WriteOutcome> {
        let link = Self::link_id(&request.client_id)?;
        match check_redeem(request)? {
            BybitProductId::Easy { category, product_id } => {
                let (product, params) = self.easy_redeem_params(request, &category, &product_id).await?;
                let params = params.order_link_id(link.clone());
                let placed = self.place_easy(params, &product, &request.product).await;
                // Remember OnChain redemptions that happened or may have: only this adapter
                // can show them in flight (see `in_flight`).
                let maybe_placed = placed.as_ref().map_or_else(Error::maybe_happened, |_| true);
                if category == EarnCategory::OnChain && maybe_placed {
                    self.in_flight.record(ClientOrderId::new(link), request.product.clone());
                }
                let mut order = placed?;
                if category == EarnCategory::FlexibleSaving {
                    order.settles_at = None;
                }
                Ok(WriteOutcome::Placed(order))
            }
            BybitProductId::Fixed { .. } => Err(Error::invalid_input(
                "product",
                "Fixed Saving settles at maturity; FundPool early redemption is BybitEarnClient::fixed_redeem",
            )),
        }
    }

    async fn order(&self, order: &OrderRef) -> Result<Option<Order>> {
        self.find_order(None, order, None).await
    }

    async fn recent_orders(&self, query: &OrderQuery) -> Result<Vec<Order>> {
        self.list_recent(query).await
    }

    async fn reconcile(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        let answer = self.reconcile_intent(intent).await?;
        if let Reconciliation::Happened(order) = &answer
            && order.side == OrderSide::Redeem
            && order.status == OrderStatus::Pending
            && order.product.as_str().starts_with("OnChain:")
            && let Some(link) = &order.client_id
        {
            self.in_flight.record(link.clone(), order.product.clone());
        }
        Ok(answer)
    }
}
