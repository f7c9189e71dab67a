//! [`OkxStakingVenue`]: the [`EarnVenue`] adapter over [`OkxStakingClient`].

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use earn_core::{
    Amount, AssetQuantity, Capabilities, Custody, EarnVenue, Error, Operation, Order, OrderQuery, OrderRef, OrderSide,
    Position, Product, ProductFilter, ReconcileIntent, Reconciliation, RedeemRequest, RedemptionEstimate, Result,
    StakeRequest, VenueId, WriteOutcome,
};

use crate::convert::{onchain_invested, onchain_order, onchain_product, staking_order, staking_product};
use crate::ids::ProductRoute;
use crate::onchain::{ActiveOrdersQuery, OffersQuery, OrdersHistoryQuery};
use crate::reconcile::Ledger;
use crate::staking::{ApyHistoryQuery, HistoryQuery, HistoryStatus, HistoryType, StakingCoin};
use crate::{OkxStakingClient, VENUE};

/// OKX ETH staking, SOL staking and on-chain earn behind [`EarnVenue`].
///
/// Products: `eth`, `sol` and `onchain:<productId>`. Order ids: `eth:<ordId>`,
/// `sol:<type>:<requestTime>:<amt>` (SOL rows have no id), `onchain:<ordId>` (see [`crate::ids`]).
///
/// * **Stake/redeem ETH and SOL**: OKX answers without an order id, so after a successful
///   write the adapter polls `purchase-redeem-history` for the row (up to
///   [`confirm_window`](Self::confirm_window)) and returns that order; if the row is late it
///   returns a pending order with an `…:sent:…` id that [`EarnVenue::order`] keeps resolving.
///   At most one unreconciled write per (asset, type) is allowed: identical writes are
///   serialized, and a write while an earlier one's outcome is still unknown is refused
///   locally with [`Error::InvalidInput`] until [`EarnVenue::reconcile`] settles it.
///   Client ids are not supported for ETH/SOL (OKX keeps none) and are refused.
/// * **On-chain earn**: every purchase carries a tag (the request's client id, checked to be
///   1–16 letters/digits, or a generated one); `order(OrderRef::Client(tag))` finds it.
///   Redemption is per order: pass the order id as `RedeemRequest::position_id` (as in
///   [`Position::position_id`]) and the order's whole amount; when the product has exactly
///   one active order it is chosen automatically. `allowEarlyRedeem` is never sent (OKX's
///   default `false`): use the typed client for early redemption.
/// * **Redemption estimate**: OKX has no estimate endpoint, so it is derived, read-only, from
///   what OKX publishes. Input is checked exactly as for a redemption first. Fees are always
///   empty (OKX documents none); `gas_limit` is `None` (custodial).
///   - `eth`/`sol`: BETH/OKSOL redeem 1:1 for ETH/SOL (reference §7, §8: OKX publishes no
///     exchange rate), so `receive` is the same amount of ETH/SOL. `allowed` when `balance`
///     minus pending redemptions covers the amount (product-info has no field forbidding
///     redemptions). `delay` is product-info's `redemptDays` (fast redemption, whose use OKX
///     does not document, may be quicker).
///   - `onchain:<productId>`: the order chosen as [`EarnVenue::redeem`] chooses it (whole
///     order). `receive` is the invested amount, then each non-zero `earningData` entry that
///     is not `earningType` `1` (cumulative earnings are already paid out). `allowed` when the
///     order is earning (`1`), has no fast redemption in flight, and is flexible (`term` `0`)
///     or past maturity (`purchasedTime` + `term` days): this adapter never sends
///     `allowEarlyRedeem`, so an early redemption would be refused. `delay` is the offer's
///     `redeemPeriod`.
/// * **Cancel**: ETH redemptions (`eth:<ordId>`) and on-chain earn orders (pending purchase
///   or redemption).
#[derive(Clone, Debug)]
pub struct OkxStakingVenue {
    client: OkxStakingClient,
    reconcile_grace: Duration,
    confirm_window: Duration,
    poll_interval: Duration,
    ledger: Arc<Ledger>,
}

impl OkxStakingVenue {
    /// An adapter over `client`: 60 s reconcile grace, 10 s confirm window, 1 s polls.
    pub fn new(client: OkxStakingClient) -> Self {
        OkxStakingVenue {
            client,
            reconcile_grace: Duration::from_secs(60),
            confirm_window: Duration::from_secs(10),
            poll_interval: Duration::from_secs(1),
            ledger: Arc::default(),
        }
    }

    /// How long after `sent_at` a missing history row proves a write did not happen
    /// (before that, [`Reconciliation::StillUnknown`]). OKX does not document history latency.
    pub fn reconcile_grace(mut self, grace: Duration) -> Self {
        self.reconcile_grace = grace;
        self
    }

    /// How long a successful ETH/SOL write waits for its history row before returning a
    /// pending `…:sent:…` order instead (zero: look once).
    pub fn confirm_window(mut self, window: Duration) -> Self {
        self.confirm_window = window;
        self
    }

    /// Pause between history polls inside the confirm window.
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }

    /// The typed client underneath.
    pub fn client(&self) -> &OkxStakingClient {
        &self.client
    }

    pub(crate) fn reconcile_grace_period(&self) -> Duration {
        self.reconcile_grace
    }
    pub(crate) fn confirm_window_period(&self) -> Duration {
        self.confirm_window
    }
    pub(crate) fn poll_interval_period(&self) -> Duration {
        self.poll_interval
    }
    pub(crate) fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    async fn staking_products(&self, coin: StakingCoin) -> Result<Product> {
        let info = self.client.staking_product_info(coin).await?;
        let apr = match info.rate_as_percent() {
            Some(r) => Some(r),
            None => {
                let points = self.client.staking_apy_history(coin, ApyHistoryQuery::days(1)).await?;
                points.first().and_then(|p| p.rate)
            }
        };
        Ok(staking_product(coin, &info, apr))
    }

    async fn staking_position(&self, coin: StakingCoin) -> Result<Option<Position>> {
        let Some(h) = self.staking_holding(coin).await? else { return Ok(None) };
        let mut p = Position::new(VENUE, coin.product_id().into(), coin.token().into(), h.free());
        p.pending_redemption = (!h.redeeming.is_zero()).then_some(h.redeeming);
        Ok(Some(p))
    }

    /// BETH/OKSOL held: `balance` (which already includes amounts being redeemed) and the sum
    /// of pending redemption rows (`redeemingAmt`, else `amt`); `None` when nothing is held.
    pub(crate) async fn staking_holding(&self, coin: StakingCoin) -> Result<Option<StakingHolding>> {
        let balances = self.client.staking_balance(coin).await?;
        let Some(total) = balances.iter().filter_map(|b| b.amt).find(|a| !a.is_zero()) else { return Ok(None) };
        let q = HistoryQuery::new().r#type(HistoryType::Redeem).status(HistoryStatus::Pending);
        let pending = self.staking_rows(coin, q).await?;
        let redeeming = pending.iter().filter_map(|r| r.redeeming_amt.or(r.amt)).try_fold(Amount::ZERO, |a, b| {
            a.checked_add(b).ok_or_else(|| Error::decode(VENUE, "redeemingAmt", "sum overflows", b""))
        })?;
        Ok(Some(StakingHolding { total, redeeming }))
    }

    async fn onchain_orders(&self, product_id: Option<&str>, limit: u32) -> Result<Vec<Order>> {
        let mut active = ActiveOrdersQuery::new();
        active.product_id = product_id.map(str::to_owned);
        let mut history = OrdersHistoryQuery::new().limit(limit);
        history.product_id = product_id.map(str::to_owned);
        let mut rows = self.client.onchain_orders_active(&active).await?;
        rows.extend(self.client.onchain_orders_history(&history).await?);
        Ok(rows.iter().filter_map(onchain_order).collect())
    }

    async fn staking_orders(&self, coin: StakingCoin, side: Option<OrderSide>, limit: u32) -> Result<Vec<Order>> {
        let mut q = HistoryQuery::new().limit(limit);
        q.r#type = side.map(|s| if s == OrderSide::Stake { HistoryType::Purchase } else { HistoryType::Redeem });
        let rows = self.client.staking_history(coin, &q).await?;
        Ok(rows.iter().filter_map(|r| staking_order(coin, r)).collect())
    }
}

/// BETH/OKSOL held in ETH/SOL staking.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StakingHolding {
    /// `balance`: everything held, including amounts being redeemed.
    pub total: Amount,
    /// Pending redemptions.
    pub redeeming: Amount,
}

impl StakingHolding {
    /// What is not being redeemed yet: `total - redeeming` (zero if OKX's rows disagree).
    pub fn free(&self) -> Amount {
        self.total.checked_sub(self.redeeming).unwrap_or(Amount::ZERO)
    }
}

/// Parses an adapter product id, or says which ids exist.
pub(crate) fn route(product: &earn_core::ProductId) -> Result<ProductRoute> {
    ProductRoute::parse(product.as_str()).ok_or_else(|| {
        Error::invalid_input("product", format!("{product:?} is not `eth`, `sol` or `onchain:<productId>`"))
    })
}

#[async_trait]
impl EarnVenue for OkxStakingVenue {
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
                Operation::CancelRedemption,
                Operation::OrderLookup,
                Operation::RecentOrders,
                Operation::Reconcile,
            ])
            .with_client_order_ids(true)
    }

    async fn products(&self, filter: &ProductFilter) -> Result<Vec<Product>> {
        let mut out = Vec::new();
        for coin in [StakingCoin::Eth, StakingCoin::Sol] {
            if filter.matches_asset(&coin.asset().into()) {
                out.push(self.staking_products(coin).await?);
            }
        }
        let mut q = OffersQuery::new();
        q.ccy = filter.asset.as_ref().map(|a| a.as_str().to_owned());
        let offers = self.client.onchain_offers(&q).await?;
        out.extend(offers.iter().map(onchain_product).filter(|p| filter.matches_asset(&p.asset)));
        Ok(out)
    }

    async fn positions(&self) -> Result<Vec<Position>> {
        let mut out = Vec::new();
        for coin in [StakingCoin::Eth, StakingCoin::Sol] {
            out.extend(self.staking_position(coin).await?);
        }
        for o in self.client.onchain_orders_active(&ActiveOrdersQuery::new()).await? {
            let Some((asset, amount)) = onchain_invested(&o) else { continue };
            let product = crate::ids::onchain_product_id(&o.product_id);
            let fast = o.fast_redemption_data.iter().filter_map(|f| f.redeeming_amt).find(|a| !a.is_zero());
            let pending = if o.state == Some(crate::OnchainOrderState::Redeeming) { Some(amount) } else { fast };
            // A Position's amount excludes what is on its way out (reported as pending_redemption).
            let earning = amount.checked_sub(pending.unwrap_or(Amount::ZERO)).unwrap_or(Amount::ZERO);
            let mut p = Position::new(VENUE, product.into(), asset, earning);
            p.position_id = Some(o.ord_id.clone());
            p.pending_redemption = pending;
            p.rewards = o
                .earning_data
                .iter()
                .filter_map(|e| e.earnings.map(|a| AssetQuantity::new(e.ccy.as_str().into(), a)))
                .collect();
            out.push(p);
        }
        Ok(out)
    }

    async fn stake(&self, request: &StakeRequest) -> Result<WriteOutcome> {
        self.stake_impl(request).await
    }

    async fn redemption_estimate(&self, request: &RedeemRequest) -> Result<RedemptionEstimate> {
        self.estimate_impl(request).await
    }

    async fn redeem(&self, request: &RedeemRequest) -> Result<WriteOutcome> {
        self.redeem_impl(request).await
    }

    async fn cancel_redemption(&self, order: &OrderRef) -> Result<Order> {
        self.cancel_impl(order).await
    }

    async fn order(&self, order: &OrderRef) -> Result<Option<Order>> {
        self.lookup(order).await
    }

    async fn recent_orders(&self, query: &OrderQuery) -> Result<Vec<Order>> {
        let limit = query.limit.unwrap_or(50).clamp(1, crate::MAX_PAGE_LIMIT);
        let mut out = match query.product.as_ref().map(route).transpose()? {
            Some(ProductRoute::Staking(coin)) => self.staking_orders(coin, query.side, limit).await?,
            Some(ProductRoute::Onchain(p)) => self.onchain_orders(Some(&p), limit).await?,
            None => {
                let mut all = self.staking_orders(StakingCoin::Eth, query.side, limit).await?;
                all.extend(self.staking_orders(StakingCoin::Sol, query.side, limit).await?);
                all.extend(self.onchain_orders(None, limit).await?);
                all
            }
        };
        out.retain(|o| query.side.is_none_or(|s| o.side == s));
        out.sort_by_key(|o| std::cmp::Reverse(o.created_at));
        out.truncate(limit as usize);
        Ok(out)
    }

    async fn reconcile(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        self.reconcile_intent(intent).await
    }
}
