//! The adapter's writes: stake, redeem and cancel, each validated before it is sent and
//! sent exactly once.

use std::time::Instant;

use earn_core::{
    Amount, AmountRules, Asset, ClientOrderId, Error, Order, OrderRef, OrderSide, OrderStatus, RedeemRequest, Result,
    StakeRequest, WriteOutcome,
};

use crate::convert::{accepted_staking_order, onchain_invested, onchain_order, staking_order, staking_rules};
use crate::ids::{self, OrderRoute, ProductRoute};
use crate::onchain::{
    ActiveOrdersQuery, OffersQuery, OnchainCancelRequest, OnchainOrder, OnchainOrderState, OnchainPurchaseRequest,
    OnchainRedeemRequest, check_tag,
};
use crate::reconcile::Outstanding;
use crate::staking::{CancelRedeemRequest, HistoryType, StakingAmountRequest, StakingCoin};
use crate::venue::{OkxStakingVenue, route};
use crate::wire::{AMOUNT_MAX_DECIMALS, check_id};

/// A fresh on-chain earn tag: 16 random ASCII letters and digits.
pub(crate) fn generate_tag() -> String {
    (0..crate::onchain::MAX_TAG_LEN).map(|_| fastrand::alphanumeric()).collect()
}

/// Adds the adapter's product, asset and amount to an outcome-unknown error's intent.
fn enrich(mut err: Error, product: &str, asset: &str, amount: Amount) -> Error {
    if let Error::OutcomeUnknown(o) = &mut err {
        o.intent.product.get_or_insert_with(|| product.into());
        o.intent.asset.get_or_insert_with(|| asset.into());
        o.intent.amount.get_or_insert(amount);
    }
    err
}

/// The local checks of a redemption, shared by `redeem` and `redemption_estimate` and run
/// before any request: no client id (OKX keeps none for redemptions), a well-formed product
/// id, and an amount above zero with at most [`AMOUNT_MAX_DECIMALS`] decimals.
pub(crate) fn check_redeem(request: &RedeemRequest) -> Result<ProductRoute> {
    if request.client_id.is_some() {
        return Err(Error::invalid_input("client_id", "OKX redemptions keep no client order id; leave it empty"));
    }
    let route = route(&request.product)?;
    if let ProductRoute::Onchain(product_id) = &route {
        check_id("product", product_id)?;
    }
    AmountRules { min: None, max: None, precision: Some(AMOUNT_MAX_DECIMALS) }.check("amount", request.amount)?;
    Ok(route)
}

/// The on-chain earn order a redemption names (`position_id`, or the product's only earning
/// order), its currency and invested amount; the request must be for the whole amount.
pub(crate) fn choose_onchain_order<'a>(
    active: &'a [OnchainOrder],
    product_id: &str,
    request: &RedeemRequest,
) -> Result<(&'a OnchainOrder, Asset, Amount)> {
    let chosen: &OnchainOrder = match &request.position_id {
        Some(pos) => {
            let ord = pos.strip_prefix(ids::ONCHAIN_PREFIX).unwrap_or(pos);
            active.iter().find(|o| o.ord_id == ord).ok_or_else(|| {
                Error::invalid_input(
                    "position_id",
                    format!("no active order {ord} in on-chain earn product {product_id}"),
                )
            })?
        }
        None => match active.iter().filter(|o| o.state == Some(OnchainOrderState::Earning)).collect::<Vec<_>>()[..] {
            [one] => one,
            ref many => {
                return Err(Error::invalid_input(
                    "position_id",
                    format!(
                        "on-chain earn redeems whole orders: name the order (ordId); product {product_id} has {} earning orders",
                        many.len()
                    ),
                ));
            }
        },
    };
    let (asset, held) = onchain_invested(chosen)
        .ok_or_else(|| Error::decode(crate::VENUE, "orders-active", "order without investData amount", b""))?;
    if held != request.amount {
        return Err(Error::invalid_input(
            "amount",
            format!("on-chain earn redeems whole orders: order {} holds {held} {asset}", chosen.ord_id),
        ));
    }
    Ok((chosen, asset, held))
}

impl OkxStakingVenue {
    pub(crate) async fn stake_impl(&self, request: &StakeRequest) -> Result<WriteOutcome> {
        match route(&request.product)? {
            ProductRoute::Staking(coin) => {
                if request.client_id.is_some() {
                    return Err(Error::invalid_input(
                        "client_id",
                        format!("{} staking keeps no client order id at OKX; leave it empty", coin.asset()),
                    ));
                }
                let info = self.client().staking_product_info(coin).await?;
                staking_rules(info.min_amt).check("amount", request.amount)?;
                self.staking_write(coin, HistoryType::Purchase, request.amount).await
            }
            ProductRoute::Onchain(product_id) => self.onchain_stake(&product_id, request).await,
        }
    }

    async fn onchain_stake(&self, product_id: &str, request: &StakeRequest) -> Result<WriteOutcome> {
        let tag = match &request.client_id {
            Some(id) => {
                check_tag(id.as_str()).map_err(|_| {
                    Error::invalid_input("client_id", "OKX on-chain earn tags are 1 to 16 ASCII letters or digits")
                })?;
                id.as_str().to_owned()
            }
            None => generate_tag(),
        };
        let offers = self.client().onchain_offers(&OffersQuery::new().product_id(product_id)).await?;
        let offer = offers.iter().find(|o| o.product_id == product_id).ok_or_else(|| {
            Error::invalid_input("product", format!("OKX lists no on-chain earn offer with productId {product_id}"))
        })?;
        let product = crate::convert::onchain_product(offer);
        product.rules.check("amount", request.amount)?;
        let mut body = OnchainPurchaseRequest::new(product_id, offer.ccy.as_str(), request.amount).tag(tag.as_str());
        body.term = offer.term.filter(|t| *t > 0);
        let ack = self.client().onchain_purchase(&body).await?;
        let mut order = Order::new(
            crate::VENUE,
            ids::onchain_order_id(&ack.ord_id),
            product.id,
            product.asset,
            OrderSide::Stake,
            request.amount,
            OrderStatus::Pending,
            "accepted",
        );
        order.client_id = Some(ClientOrderId::new(tag));
        order.created_at = Some(self.client().now());
        Ok(WriteOutcome::Placed(order))
    }

    pub(crate) async fn redeem_impl(&self, request: &RedeemRequest) -> Result<WriteOutcome> {
        match check_redeem(request)? {
            ProductRoute::Staking(coin) => self.staking_write(coin, HistoryType::Redeem, request.amount).await,
            ProductRoute::Onchain(product_id) => self.onchain_redeem(&product_id, request).await,
        }
    }

    async fn onchain_redeem(&self, product_id: &str, request: &RedeemRequest) -> Result<WriteOutcome> {
        let active = self.client().onchain_orders_active(&ActiveOrdersQuery::new().product_id(product_id)).await?;
        let (chosen, asset, held) = choose_onchain_order(&active, product_id, request)?;
        let product = ids::onchain_product_id(product_id);
        let ack = self
            .client()
            .onchain_redeem(&OnchainRedeemRequest::new(chosen.ord_id.as_str()))
            .await
            .map_err(|e| enrich(e, &product, asset.as_str(), held))?;
        let mut order = Order::new(
            crate::VENUE,
            ids::onchain_order_id(&ack.ord_id),
            product.into(),
            asset,
            OrderSide::Redeem,
            held,
            OrderStatus::Pending,
            "redeem requested",
        );
        order.client_id = (!chosen.tag.is_empty()).then(|| ClientOrderId::new(chosen.tag.clone()));
        order.created_at = chosen.purchased_time;
        Ok(WriteOutcome::Placed(order))
    }

    /// One ETH/SOL purchase or redemption: serialized per (asset, type), refused while an
    /// earlier one is unreconciled, sent once, then matched to its history row.
    async fn staking_write(&self, coin: StakingCoin, ty: HistoryType, amount: Amount) -> Result<WriteOutcome> {
        let mut slot = self.ledger().slot(coin, &ty).lock().await;
        if let Some(prev) = slot.clone() {
            let found = self.match_staking_write(coin, &ty, prev.amount, prev.sent_at).await?;
            let settled = found.is_some() || (!prev.accepted && self.grace_passed(prev.sent_at));
            if !settled {
                return Err(Error::invalid_input(
                    "amount",
                    format!(
                        "an earlier {} {ty} of {} sent at {} is not reconciled yet; reconcile it first \
                         (at most one unreconciled write per asset and type)",
                        coin.asset(),
                        prev.amount,
                        prev.sent_at
                    ),
                ));
            }
            *slot = None;
        }
        let request = StakingAmountRequest::new(amount);
        let sent = match ty {
            HistoryType::Redeem => self.client().staking_redeem(coin, &request).await,
            _ => self.client().staking_purchase(coin, &request).await,
        };
        let ack = match sent {
            Ok(ack) => ack,
            Err(e) => {
                if let Some(sent_at) = e.reconcile_intent().and_then(|i| i.sent_at) {
                    *slot = Some(Outstanding { amount, sent_at, accepted: false });
                }
                return Err(e);
            }
        };
        let started = Instant::now();
        loop {
            match self.match_staking_write(coin, &ty, amount, ack.requested_at).await {
                Ok(Some(order)) => return Ok(WriteOutcome::Placed(order)),
                Ok(None) => {}
                Err(e) => tracing::debug!(error = %e, "history read failed while confirming a staking write"),
            }
            if started.elapsed() >= self.confirm_window_period() {
                break;
            }
            tokio::time::sleep(self.poll_interval_period()).await;
        }
        *slot = Some(Outstanding { amount, sent_at: ack.requested_at, accepted: true });
        Ok(WriteOutcome::Placed(accepted_staking_order(coin, &ty, ack.requested_at, amount)))
    }

    fn grace_passed(&self, sent_at: earn_core::UnixMillis) -> bool {
        let grace = i64::try_from(self.reconcile_grace_period().as_millis()).unwrap_or(i64::MAX);
        self.client().now().0.saturating_sub(sent_at.0) >= grace
    }

    pub(crate) async fn cancel_impl(&self, order: &OrderRef) -> Result<Order> {
        let ord = match order {
            OrderRef::Client(tag) => {
                let o = self.onchain_find(None, |o| o.tag == tag.as_str()).await?;
                let o =
                    o.ok_or_else(|| Error::invalid_input("order", format!("no on-chain earn order tagged {tag}")))?;
                return self.onchain_cancel(o).await;
            }
            OrderRef::Venue(id) => OrderRoute::parse(id.as_str())
                .ok_or_else(|| Error::invalid_input("order", format!("{id} is not an okx-staking order id")))?,
        };
        match ord {
            OrderRoute::StakingOrder(StakingCoin::Eth, ord_id) => {
                let row = self.staking_row_by_ord_id(StakingCoin::Eth, &ord_id).await?;
                let mut current = row
                    .as_ref()
                    .and_then(|r| staking_order(StakingCoin::Eth, r))
                    .filter(|o| o.side == OrderSide::Redeem)
                    .ok_or_else(|| Error::invalid_input("order", format!("no ETH redemption with ordId {ord_id}")))?;
                self.client()
                    .eth_cancel_redeem(&CancelRedeemRequest::new(ord_id))
                    .await
                    .map_err(|e| enrich(e, "eth", "BETH", current.amount))?;
                current.venue_status = "cancel requested".into();
                Ok(current)
            }
            OrderRoute::Onchain(ord_id) => {
                let o = self.onchain_find(None, |o| o.ord_id == ord_id).await?;
                let o = o.ok_or_else(|| Error::invalid_input("order", format!("no on-chain earn order {ord_id}")))?;
                self.onchain_cancel(o).await
            }
            _ => Err(Error::invalid_input(
                "order",
                "only ETH redemptions (eth:<ordId>) and on-chain earn orders can be cancelled; \
                 OKX no longer documents SOL cancel-redeem and SOL rows carry no ordId",
            )),
        }
    }

    async fn onchain_cancel(&self, o: OnchainOrder) -> Result<Order> {
        let mut order = onchain_order(&o)
            .ok_or_else(|| Error::decode(crate::VENUE, "orders-active", "order without state or amount", b""))?;
        self.client()
            .onchain_cancel(&OnchainCancelRequest::new(o.ord_id.as_str()))
            .await
            .map_err(|e| enrich(e, order.product.as_str(), order.asset.as_str(), order.amount))?;
        order.status = OrderStatus::Pending;
        order.venue_status = "cancel requested".into();
        Ok(order)
    }
}
