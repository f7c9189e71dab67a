//! `stake()`, `redeem()`, `redemption_estimate()` and `cancel_redemption()`.
//!
//! Every write is checked locally before any request (amount above zero with at most 8
//! decimals, well-formed ids and tags, a redemption paid into `funding`, the only account
//! OKX pays redemptions into), then against what OKX just published (product minimum, offer
//! limits and state, the funding account's BETH/OKSOL, an order's maturity, what savings
//! hold) before it is sent, and sent exactly once, with the adapter's own reconciliation
//! intent. A redemption the estimate calls "not allowed" is never sent; nothing here ever
//! transfers between accounts on its own.

use std::time::{Duration, Instant};

use earn_core::http::ApiRequest;
use earn_core::{
    Amount, Asset, AssetQuantity, ClientOrderId, Error, Operation, Order, OrderRef, OrderSide, OrderStatus, ProductId,
    ReconcileIntent, RedeemRequest, RedemptionEstimate, Result, StakeRequest, UnixMillis, VenueError, WriteOutcome,
};

use super::accounts::{FUNDING, TRADING, funding_available, is_funding, trading_transferable};
use super::orders::{
    OrderRoute, onchain_find, onchain_invested, onchain_order, onchain_order_id, staking_order, staking_row_by_ord_id,
};
use super::positions::{savings_row, staking_holding};
use super::products::{
    ONCHAIN_PREFIX, ProductRoute, onchain_product, onchain_product_id, product_info, redeem_period, route,
    savings_product_id, staking_delay, staking_product_id,
};
use super::reconcile::{AcceptedSavings, AcceptedWrite, Found, Outstanding, Reconciler, SlotKey};
use crate::api::amount_rules;
use crate::api::onchain::{
    self, EarningType, GetActiveOrders, GetOffers, MAX_TAG_LEN, OnchainOrder, OnchainOrderState, check_tag,
};
use crate::api::savings::{PurchaseRedempt, SavingsSide};
use crate::api::staking::{self, CancelRedeem, HistoryType, StakingCoin};
use crate::dialect::VENUE;

const DAY_MS: i64 = 86_400_000;

/// The adapter's writes: a borrowed view of the adapter.
pub(crate) struct Writer<'a> {
    pub rec: Reconciler<'a>,
    /// How long a successful ETH/SOL write waits for its history row.
    pub confirm_window: Duration,
    /// Pause between history polls inside the confirm window.
    pub poll_interval: Duration,
}

/// A fresh on-chain earn tag: 16 random ASCII letters and digits.
fn generate_tag() -> String {
    (0..MAX_TAG_LEN).map(|_| fastrand::alphanumeric()).collect()
}

/// The amount rules every OKX request applies (above zero, at most 8 decimals), checked
/// before any request so that a hopeless write costs no read either.
fn check_amount(amount: Amount) -> Result<()> {
    amount_rules(None, None).check("amount", amount)
}

/// A request's amount error in the adapter's words: OKX's `amt` is the caller's `amount`.
fn in_shared_terms(err: Error) -> Error {
    match err {
        Error::InvalidInput { field, rule } if field == "amt" || field.ends_with("].amt") => {
            Error::InvalidInput { field: "amount".into(), rule }
        }
        other => other,
    }
}

/// The local checks of a redemption, shared by `redeem` and `redemption_estimate` and run
/// before any request: no client id (OKX keeps none for redemptions), a well-formed product
/// id, an amount above zero with at most 8 decimals, and no destination but `funding` (OKX
/// pays every redemption into the funding account; move it afterwards with a transfer).
fn check_redeem(request: &RedeemRequest) -> Result<ProductRoute> {
    if request.client_id.is_some() {
        return Err(Error::invalid_input("client_id", "OKX redemptions keep no client order id; leave it empty"));
    }
    let route = route(&request.product)?;
    check_amount(request.amount)?;
    if let Some(to) = request.to_account.as_ref().filter(|a| !is_funding(a)) {
        return Err(Error::invalid_input(
            "to_account",
            format!("OKX pays redemptions into `{FUNDING}` only, not {to}; transfer afterwards"),
        ));
    }
    Ok(route)
}

/// Why a redemption would not be accepted now, and how much more would have to sit where
/// OKX redeems from when that is why.
struct Refusal {
    reason: String,
    shortfall: Option<Amount>,
}

impl Refusal {
    fn apply(self, est: &mut RedemptionEstimate) {
        est.allowed = false;
        est.reason = Some(self.reason);
        est.shortfall = self.shortfall;
    }
}

/// A redemption refused locally, in the words of the code OKX would answer with.
fn refused(code: &str, refusal: Refusal, insufficient: bool) -> Error {
    let ve = VenueError::new(VENUE, code, format!("not sent: {}", refusal.reason), None);
    if insufficient { Error::InsufficientBalance(ve) } else { Error::Rejected(ve) }
}

/// The on-chain earn order a redemption names (`position_id`, or the product's only earning
/// order), its currency and invested amount; the request must be for the whole amount.
fn choose_onchain_order<'a>(
    active: &'a [OnchainOrder],
    product_id: &str,
    request: &RedeemRequest,
) -> Result<(&'a OnchainOrder, Asset, Amount)> {
    let chosen: &OnchainOrder = match &request.position_id {
        Some(pos) => {
            let ord = pos.strip_prefix(ONCHAIN_PREFIX).unwrap_or(pos);
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
    let (asset, held) = onchain_invested(chosen).ok_or_else(|| {
        let body = format!("{chosen:?}");
        Error::decode(
            VENUE,
            onchain::ORDERS_ACTIVE.path,
            "an active order without an investData amount",
            body.as_bytes(),
        )
    })?;
    if held != request.amount {
        return Err(Error::invalid_input(
            "amount",
            format!("on-chain earn redeems whole orders: order {} holds {held} {asset}", chosen.ord_id),
        ));
    }
    Ok((chosen, asset, held))
}

/// Why [`EarnVenue::redeem`](earn_core::EarnVenue::redeem) of this order would not be
/// accepted at `now`, if it would not: it must be earning, have no fast redemption in
/// flight, and be flexible or matured (`purchasedTime` plus `term` days; an inference: OKX
/// publishes no maturity time). The adapter never sends `allowEarlyRedeem`, so before
/// maturity OKX refuses (`51729`). The OKX code that refusal stands for comes with it.
fn onchain_refusal(order: &OnchainOrder, now: UnixMillis) -> Option<(&'static str, Refusal)> {
    let why = |code, reason: String| Some((code, Refusal { reason, shortfall: None }));
    let state = order.state.as_ref().map_or("unknown", |s| s.as_str());
    if order.state != Some(OnchainOrderState::Earning) {
        return why("51720", format!("order {} is in state {state}, not earning (1)", order.ord_id));
    }
    if order.fast_redemption_data.iter().any(|f| f.redeeming_amt.is_some_and(|a| !a.is_zero())) {
        return why("51720", format!("order {} has a fast redemption in flight", order.ord_id));
    }
    match order.term.unwrap_or(0) {
        0 => None,
        term => {
            let matures = order.purchased_time.map(|t| t.0.saturating_add(i64::from(term).saturating_mul(DAY_MS)));
            match matures {
                Some(m) if m <= now.0 => None,
                Some(m) => why(
                    "51729",
                    format!(
                        "order {} is locked for {term} days until {}; this adapter never redeems a locked order \
                         before maturity",
                        order.ord_id,
                        UnixMillis(m)
                    ),
                ),
                None => why(
                    "51729",
                    format!("order {} is locked for {term} days and OKX gives no purchase time", order.ord_id),
                ),
            }
        }
    }
}

/// Whether [`EarnVenue::redeem`](earn_core::EarnVenue::redeem) of this order would be accepted
/// at `now` (see [`onchain_refusal`]).
#[cfg(test)]
fn onchain_redeemable(order: &OnchainOrder, now: UnixMillis) -> bool {
    onchain_refusal(order, now).is_none()
}

impl Writer<'_> {
    fn client(&self) -> &crate::client::OkxStakingClient {
        self.rec.client
    }

    /// `EarnVenue::stake`.
    pub(crate) async fn stake(&self, request: &StakeRequest) -> Result<WriteOutcome> {
        match route(&request.product)? {
            ProductRoute::Staking(coin) => {
                if request.client_id.is_some() {
                    return Err(Error::invalid_input(
                        "client_id",
                        format!("{} staking keeps no client order id at OKX; leave it empty", coin.asset()),
                    ));
                }
                check_amount(request.amount)?;
                let info = product_info(self.client(), coin).await?;
                let purchase = staking::Purchase::new(coin, request.amount).min_amt(info.min_amt);
                self.staking_write(coin, HistoryType::Purchase, Write::Purchase(purchase)).await
            }
            ProductRoute::Onchain(product_id) => self.onchain_stake(&product_id, request).await,
            ProductRoute::Savings(ccy) => {
                if request.client_id.is_some() {
                    return Err(Error::invalid_input(
                        "client_id",
                        "OKX Simple Earn keeps no client order id; leave it empty",
                    ));
                }
                check_amount(request.amount)?;
                self.savings_write(&ccy, SavingsSide::Purchase, request.amount).await
            }
        }
    }

    /// On-chain earn purchase, checked against the offer just read: its limits, and its
    /// state (sold out or stopped is refused locally; OKX would answer `51730`/`51731`).
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
        check_amount(request.amount)?;
        let offers = self.client().send(&GetOffers::new().product_id(product_id)).await?;
        let offer = offers.iter().find(|o| o.product_id == product_id).ok_or_else(|| {
            Error::invalid_input("product", format!("OKX lists no on-chain earn offer with productId {product_id}"))
        })?;
        let product = onchain_product(offer);
        let mut purchase = onchain::Purchase::new(product_id, offer.ccy.as_str(), request.amount)
            .limits(product.rules.min, product.rules.max)
            .tag(tag.as_str())
            .offer_state(offer.state.clone());
        purchase.term = offer.term.filter(|t| *t > 0);
        let intent = ReconcileIntent::new(VENUE, Operation::Stake, onchain::PURCHASE.path)
            .product(product.id.clone())
            .asset(product.asset.clone())
            .amount(request.amount)
            .client_id(tag.as_str());
        let sent_at = self.client().now();
        let acks = self.client().send_with_intent(&purchase, intent.clone()).await.map_err(in_shared_terms)?;
        let Some(ack) = acks.into_iter().next().filter(|a| !a.ord_id.is_empty()) else {
            return Err(Error::outcome_unknown(intent.sent_at(sent_at), "OKX answered code 0 without an ordId", None));
        };
        let mut order = Order::new(
            VENUE,
            onchain_order_id(&ack.ord_id),
            product.id,
            product.asset,
            OrderSide::Stake,
            request.amount,
            OrderStatus::Pending,
            "accepted",
        );
        order.client_id = Some(ClientOrderId::new(tag));
        order.created_at = Some(sent_at);
        Ok(WriteOutcome::Placed(order))
    }

    /// `EarnVenue::redeem`.
    pub(crate) async fn redeem(&self, request: &RedeemRequest) -> Result<WriteOutcome> {
        match check_redeem(request)? {
            ProductRoute::Staking(coin) => {
                // Only funding-account BETH/OKSOL can be redeemed: never send what OKX refuses.
                if let Some(refusal) = self.funding_refusal(coin, request.amount).await? {
                    return Err(refused("51736", refusal, true));
                }
                let redeem = staking::Redeem::new(coin, request.amount);
                self.staking_write(coin, HistoryType::Redeem, Write::Redeem(redeem)).await
            }
            ProductRoute::Onchain(product_id) => self.onchain_redeem(&product_id, request).await,
            ProductRoute::Savings(ccy) => {
                if let Some(refusal) = self.savings_refusal(&ccy, request.amount).await? {
                    return Err(refused("51736", refusal, true));
                }
                self.savings_write(&ccy, SavingsSide::Redempt, request.amount).await
            }
        }
    }

    /// Why a redemption of `amount` BETH/OKSOL would be refused because of where the token
    /// sits, if it would: OKX redeems only what is in the funding account (reference §2:
    /// "If your BETH is in your trading account, you can make funding transfer first"). The
    /// reason says how much the trading account could move over; the adapter itself never
    /// transfers.
    async fn funding_refusal(&self, coin: StakingCoin, amount: Amount) -> Result<Option<Refusal>> {
        let token = coin.token();
        let in_funding = funding_available(self.client(), token).await?;
        let Some(shortfall) = amount.checked_sub(in_funding).filter(|s| !s.is_zero()) else { return Ok(None) };
        let in_trading = trading_transferable(self.client(), token).await?;
        let remedy = if in_trading >= shortfall {
            format!("transfer {shortfall} {token} from `{TRADING}` to `{FUNDING}` first (EarnVenue::transfer)")
        } else {
            format!("even with {in_trading} {token} movable from `{TRADING}`, {shortfall} {token} are missing")
        };
        Ok(Some(Refusal {
            reason: format!(
                "OKX redeems only {token} in the funding account: {in_funding} {token} there, {amount} asked; {remedy}"
            ),
            shortfall: Some(shortfall),
        }))
    }

    /// Why a savings redemption of `amount` would be refused, if it would: more than savings hold.
    async fn savings_refusal(&self, ccy: &str, amount: Amount) -> Result<Option<Refusal>> {
        let held = savings_row(self.client(), ccy).await?.and_then(|r| r.amt).unwrap_or(Amount::ZERO);
        Ok(amount.checked_sub(held).filter(|s| !s.is_zero()).map(|short| Refusal {
            reason: format!("Simple Earn holds {held} {ccy}, {amount} asked"),
            shortfall: Some(short),
        }))
    }

    async fn onchain_redeem(&self, product_id: &str, request: &RedeemRequest) -> Result<WriteOutcome> {
        let active = self.client().send(&GetActiveOrders::new().product_id(product_id)).await?;
        let (chosen, asset, held) = choose_onchain_order(&active, product_id, request)?;
        // Never redeem a locked order early (the adapter never sends `allowEarlyRedeem`), nor
        // an order OKX would not redeem now.
        if let Some((code, refusal)) = onchain_refusal(chosen, self.client().now()) {
            return Err(refused(code, refusal, false));
        }
        let product = onchain_product_id(product_id);
        let intent = ReconcileIntent::new(VENUE, Operation::Redeem, onchain::REDEEM.path)
            .product(product.clone())
            .asset(asset.clone())
            .amount(held)
            .order_id(onchain_order_id(&chosen.ord_id));
        let acks = self.client().send_with_intent(&onchain::Redeem::new(chosen.ord_id.as_str()), intent).await?;
        let ord_id = acks.into_iter().next().map(|a| a.ord_id).filter(|o| !o.is_empty());
        let mut order = Order::new(
            VENUE,
            onchain_order_id(ord_id.as_deref().unwrap_or(&chosen.ord_id)),
            product,
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
    async fn staking_write(&self, coin: StakingCoin, ty: HistoryType, write: Write) -> Result<WriteOutcome> {
        let amount = write.amount();
        let op = if ty == HistoryType::Redeem { Operation::Redeem } else { Operation::Stake };
        let slot = self.rec.ledger.slot(SlotKey::Staking(coin, ty.clone()));
        let mut slot = slot.lock().await;
        if let Some(prev) = slot.clone() {
            let found = self.rec.match_staking_write(coin, &ty, prev.amount, prev.sent_at, &[]).await?;
            let settled = matches!(found, Found::One(_)) || (!prev.accepted && self.rec.past_grace(prev.sent_at));
            if !settled {
                return Err(Error::unreconciled_write(
                    VENUE,
                    op,
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
        let asset = if ty == HistoryType::Redeem { coin.token() } else { coin.asset() };
        let intent =
            ReconcileIntent::new(VENUE, op, write.path()).product(staking_product_id(coin)).asset(asset).amount(amount);
        // A hopeless write costs no history read.
        match &write {
            Write::Purchase(p) => p.validate(),
            Write::Redeem(r) => r.validate(),
        }
        .map_err(in_shared_terms)?;
        // Rows of the same amount already there are not this write's, whichever process made
        // them (a fresh adapter remembers no claims): without them, two equal writes within a
        // minute leave the second one's row unmatched (a pending `…:sent:…` order), free to
        // be taken later as evidence for another write.
        let earlier = self.rec.staking_rows_like(coin, &ty, amount, self.client().now()).await?;
        let requested_at = self.client().now();
        let sent = match &write {
            Write::Purchase(p) => self.client().send_with_intent(p, intent).await,
            Write::Redeem(r) => self.client().send_with_intent(r, intent).await,
        };
        if let Err(e) = sent {
            if let Some(sent_at) = e.reconcile_intent().and_then(|i| i.sent_at) {
                *slot = Some(Outstanding { op, amount, sent_at, accepted: false });
            }
            return Err(in_shared_terms(e));
        }
        let started = Instant::now();
        loop {
            match self.rec.match_staking_write(coin, &ty, amount, requested_at, &earlier).await {
                Ok(Found::One(order)) => return Ok(WriteOutcome::Placed(order)),
                Ok(_) => {}
                Err(e) => tracing::debug!(error = %e, "history read failed while confirming a staking write"),
            }
            if started.elapsed() >= self.confirm_window {
                break;
            }
            tokio::time::sleep(self.poll_interval).await;
        }
        *slot = Some(Outstanding { op, amount, sent_at: requested_at, accepted: true });
        Ok(WriteOutcome::Placed(AcceptedWrite { coin, ty, sent_at: requested_at, amount }.order()))
    }

    /// One Simple Earn purchase or redemption: serialized per currency and refused while an
    /// earlier one of that currency is unreconciled (reference §8.2), sent once, then matched
    /// to its funding bill (`75`/`76`). A purchase keeps the minimum lending rate already
    /// configured for the currency (sent again, explicitly) and otherwise leaves it to OKX.
    async fn savings_write(&self, ccy: &str, side: SavingsSide, amount: Amount) -> Result<WriteOutcome> {
        let op = if side == SavingsSide::Redempt { Operation::Redeem } else { Operation::Stake };
        let slot = self.rec.ledger.slot(SlotKey::Savings(ccy.to_owned()));
        let mut slot = slot.lock().await;
        if let Some(prev) = slot.clone() {
            let prev_side = if prev.op == Operation::Redeem { SavingsSide::Redempt } else { SavingsSide::Purchase };
            let found = self.rec.match_savings_write(ccy, &prev_side, prev.amount, prev.sent_at, &[]).await?;
            let settled = matches!(found, Found::One(_)) || (!prev.accepted && self.rec.past_grace(prev.sent_at));
            if !settled {
                return Err(Error::unreconciled_write(
                    VENUE,
                    op,
                    format!(
                        "an earlier {ccy} savings {prev_side} of {} sent at {} is not reconciled yet; reconcile it \
                         first (at most one unreconciled savings write per currency)",
                        prev.amount, prev.sent_at
                    ),
                ));
            }
            *slot = None;
        }
        let request = match side {
            SavingsSide::Redempt => PurchaseRedempt::redempt(ccy, amount),
            _ => {
                let configured = savings_row(self.client(), ccy).await?.and_then(|r| r.rate);
                let mut p = PurchaseRedempt::purchase(ccy, amount);
                p.rate = configured;
                p
            }
        };
        let intent = ReconcileIntent::new(VENUE, op, request.endpoint().path)
            .product(savings_product_id(ccy))
            .asset(ccy)
            .amount(amount);
        let requested_at = self.client().now();
        if let Err(e) = self.client().send_with_intent(&request, intent).await {
            if let Some(sent_at) = e.reconcile_intent().and_then(|i| i.sent_at) {
                *slot = Some(Outstanding { op, amount, sent_at, accepted: false });
            }
            return Err(in_shared_terms(e));
        }
        let started = Instant::now();
        loop {
            match self.rec.match_savings_write(ccy, &side, amount, requested_at, &[]).await {
                Ok(Found::One(order)) => return Ok(WriteOutcome::Placed(order)),
                Ok(_) => {}
                Err(e) => tracing::debug!(error = %e, "bills read failed while confirming a savings write"),
            }
            if started.elapsed() >= self.confirm_window {
                break;
            }
            tokio::time::sleep(self.poll_interval).await;
        }
        *slot = Some(Outstanding { op, amount, sent_at: requested_at, accepted: true });
        let accepted = AcceptedSavings { ccy: ccy.to_ascii_uppercase(), side, sent_at: requested_at, amount };
        Ok(WriteOutcome::Placed(accepted.order()))
    }

    /// `EarnVenue::cancel_redemption`: ETH redemptions (`eth:<ordId>`) and on-chain earn
    /// orders (a pending purchase or redemption).
    pub(crate) async fn cancel(&self, order: &OrderRef) -> Result<Order> {
        let route = match order {
            OrderRef::Client(tag) => {
                let o = onchain_find(self.client(), None, |o| o.tag == tag.as_str()).await?;
                let o =
                    o.ok_or_else(|| Error::invalid_input("order", format!("no on-chain earn order tagged {tag}")))?;
                return self.onchain_cancel(o).await;
            }
            OrderRef::Venue(id) => OrderRoute::parse(id.as_str())
                .ok_or_else(|| Error::invalid_input("order", format!("{id} is not an okx-staking order id")))?,
        };
        match route {
            OrderRoute::StakingOrder(StakingCoin::Eth, ord_id) => {
                let coin = StakingCoin::Eth;
                let row = staking_row_by_ord_id(self.client(), coin, &ord_id).await?;
                let mut current = row
                    .as_ref()
                    .and_then(|r| staking_order(coin, r))
                    .filter(|o| o.side == OrderSide::Redeem)
                    .ok_or_else(|| Error::invalid_input("order", format!("no ETH redemption with ordId {ord_id}")))?;
                let request = CancelRedeem::new(coin, ord_id);
                let intent = ReconcileIntent::new(VENUE, Operation::CancelRedemption, request.endpoint().path)
                    .product(staking_product_id(coin))
                    .asset(coin.token())
                    .amount(current.amount)
                    .order_id(current.id.clone());
                self.client().send_with_intent(&request, intent).await?;
                current.venue_status = "cancel requested".into();
                Ok(current)
            }
            OrderRoute::Onchain(ord_id) => {
                let o = onchain_find(self.client(), None, |o| o.ord_id == ord_id).await?;
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
        let mut order = onchain_order(&o).ok_or_else(|| {
            let body = format!("{o:?}");
            Error::decode(
                VENUE,
                onchain::ORDERS_ACTIVE.path,
                "an order without state or investData amount",
                body.as_bytes(),
            )
        })?;
        let intent = ReconcileIntent::new(VENUE, Operation::CancelRedemption, onchain::CANCEL.path)
            .product(order.product.clone())
            .asset(order.asset.clone())
            .amount(order.amount)
            .order_id(order.id.clone());
        self.client().send_with_intent(&onchain::Cancel::new(o.ord_id.as_str()), intent).await?;
        order.status = OrderStatus::Pending;
        order.venue_status = "cancel requested".into();
        Ok(order)
    }

    /// `EarnVenue::redemption_estimate`, derived read-only from what OKX publishes.
    pub(crate) async fn estimate(&self, request: &RedeemRequest) -> Result<RedemptionEstimate> {
        match check_redeem(request)? {
            ProductRoute::Staking(coin) => self.staking_estimate(coin, request).await,
            ProductRoute::Onchain(product_id) => self.onchain_estimate(&product_id, request).await,
            ProductRoute::Savings(ccy) => {
                let receive = vec![AssetQuantity::new(ccy.as_str().into(), request.amount)];
                let mut est = RedemptionEstimate::new(request.product.clone(), request.amount, true, receive);
                if let Some(refusal) = self.savings_refusal(&ccy, request.amount).await? {
                    refusal.apply(&mut est);
                }
                Ok(est)
            }
        }
    }

    /// BETH/OKSOL → ETH/SOL 1:1; allowed when the **funding account** holds the amount (OKX
    /// redeems nothing else) and the balance not already being redeemed covers it.
    async fn staking_estimate(&self, coin: StakingCoin, request: &RedeemRequest) -> Result<RedemptionEstimate> {
        let info = product_info(self.client(), coin).await?;
        let free = staking_holding(self.client(), coin).await?.map_or(Amount::ZERO, |h| h.free());
        let receive = vec![AssetQuantity::new(coin.asset().into(), request.amount)];
        let mut est = RedemptionEstimate::new(request.product.clone(), request.amount, true, receive);
        est.delay = staking_delay(&info);
        if let Some(refusal) = self.funding_refusal(coin, request.amount).await? {
            refusal.apply(&mut est);
        } else if request.amount > free {
            let reason = format!(
                "only {free} {} of the {} staking balance is not already being redeemed",
                coin.token(),
                coin.asset()
            );
            Refusal { reason, shortfall: None }.apply(&mut est);
        }
        Ok(est)
    }

    /// The whole order's principal plus its not-yet-paid earnings, after the offer's `redeemPeriod`.
    async fn onchain_estimate(&self, product_id: &str, request: &RedeemRequest) -> Result<RedemptionEstimate> {
        let active = self.client().send(&GetActiveOrders::new().product_id(product_id)).await?;
        let (order, asset, held) = choose_onchain_order(&active, product_id, request)?;
        let offers = self.client().send(&GetOffers::new().product_id(product_id)).await?;
        let offer = offers.iter().find(|o| o.product_id == product_id);
        let mut receive = vec![AssetQuantity::new(asset, held)];
        receive.extend(
            order
                .earning_data
                .iter()
                .filter(|e| e.earning_type != Some(EarningType::Cumulative))
                .filter_map(|e| e.earnings.filter(|a| !a.is_zero()).map(|a| (e, a)))
                .map(|(e, a)| AssetQuantity::new(e.ccy.as_str().into(), a)),
        );
        let product: ProductId = request.product.clone();
        let mut est = RedemptionEstimate::new(product, request.amount, true, receive);
        if let Some((_, refusal)) = onchain_refusal(order, self.client().now()) {
            refusal.apply(&mut est);
        }
        est.delay = offer.and_then(|o| redeem_period(&o.redeem_period));
        Ok(est)
    }
}

/// An ETH/SOL write: a purchase or a redemption.
enum Write {
    Purchase(staking::Purchase),
    Redeem(staking::Redeem),
}

impl Write {
    fn amount(&self) -> Amount {
        match self {
            Write::Purchase(p) => p.amt,
            Write::Redeem(r) => r.amt,
        }
    }

    fn path(&self) -> &'static str {
        match self {
            Write::Purchase(p) => p.endpoint().path,
            Write::Redeem(r) => r.endpoint().path,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(json: &str) -> OnchainOrder {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn fixed_term_orders_are_redeemable_only_after_maturity() {
        let o = order(r#"{"ordId":"1","state":"1","term":"30","purchasedTime":"1000"}"#);
        let matures = 1000 + 30 * DAY_MS;
        assert!(!onchain_redeemable(&o, UnixMillis(matures - 1)));
        assert!(onchain_redeemable(&o, UnixMillis(matures)));
        let no_time = order(r#"{"ordId":"1","state":"1","term":"30"}"#);
        assert!(!onchain_redeemable(&no_time, UnixMillis(i64::MAX)));
        let flexible = order(r#"{"ordId":"1","state":"1","term":"0"}"#);
        assert!(onchain_redeemable(&flexible, UnixMillis(0)));
        let fast =
            order(r#"{"ordId":"1","state":"1","term":"0","fastRedemptionData":[{"ccy":"DOT","redeemingAmt":"1"}]}"#);
        assert!(!onchain_redeemable(&fast, UnixMillis(0)));
        for state in ["8", "9", "13", "2"] {
            let o = order(&format!(r#"{{"ordId":"1","state":"{state}","term":"0"}}"#));
            assert!(!onchain_redeemable(&o, UnixMillis(0)), "state {state}");
        }
    }

    #[test]
    fn generated_tags_are_valid() {
        let tag = generate_tag();
        assert_eq!(tag.len(), MAX_TAG_LEN);
        assert!(check_tag(&tag).is_ok());
    }

    #[test]
    fn request_amount_errors_speak_of_the_amount() {
        let e = in_shared_terms(Error::invalid_input("investData[0].amt", "0 must be greater than zero"));
        assert!(matches!(e, Error::InvalidInput { field, .. } if field == "amount"));
        let e = in_shared_terms(Error::invalid_input("tag", "bad"));
        assert!(matches!(e, Error::InvalidInput { field, .. } if field == "tag"));
    }
}
