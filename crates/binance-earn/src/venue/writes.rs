//! `stake()`, `redeem()`, `redemption_estimate()`, and the subscription preview.
//!
//! Every write is checked before it is sent (amount, product status and minimum, quota,
//! position), sent once under the one-unreconciled-write rule, and answered with a
//! pending order (Binance settles subscriptions and redemptions asynchronously). A
//! `client_id` on a request is not sent: Binance keeps none.
//!
//! Redemptions are assessed once, by the same code for the estimate and the write:
//! * flexible: the position's `canRedeem`, and `totalAmount − collateralAmount` covers the
//!   amount; receive the same asset; pays to `to_account` (`SPOT` or `FUNDING`);
//! * locked: the named position (or the product's only one) says `canRedeemEarly`, is not
//!   already redeeming, and the amount is the whole position (Binance redeems locked
//!   positions whole, losing rewards); receive `redeemAmountEarly` when Binance gives it;
//! * ETH: `redeemable`, at least `minRedeemAmount`, within the personal quota left and the
//!   WBETH (or, with `position_id` `"BETH"`, BETH) held; receive ETH at the latest
//!   exchange rate, rounded down to 8 decimals; delay `redeemPeriod` days;
//! * SOL: the same with BNSOL and its exchange rate.

use std::future::Future;

use earn_core::http::ApiRequest;
use earn_core::{
    Amount, AmountRules, AssetQuantity, Error, Operation, Order, OrderSide, OrderStatus, ProductId, ProductStatus,
    ReconcileIntent, Reconciliation, RedeemRequest, RedemptionDelay, RedemptionEstimate, Result, StakeRequest,
    UnixMillis, VenueError, WriteOutcome,
};
use rust_decimal::{Decimal, RoundingStrategy};

use super::BinanceEarnVenue;
use super::accounts::dest_account;
use super::orders::{Family, OrderKey};
use super::products::{BinanceProductId, flexible_status, locked_status};
use crate::VENUE;
use crate::api::common::{DEFAULT_PRECISION, check_amount, check_numeric_id};
use crate::api::eth_staking::{
    ETH_REDEEM_PRECISION, ETH_STAKE_PRECISION, EthRedeemAsset, GetEthStakingAccount, GetEthStakingQuota, RedeemEth,
    StakeEth,
};
use crate::api::flexible::{
    FlexiblePreview, GetFlexiblePersonalLeftQuota, GetFlexiblePositions, GetFlexibleProducts,
    GetFlexibleSubscriptionPreview, RedeemFlexible, SubscribeFlexible,
};
use crate::api::locked::{
    GetLockedPersonalLeftQuota, GetLockedPositions, GetLockedProducts, GetLockedSubscriptionPreview, LockedPreview,
    RedeemLocked, SubscribeLocked,
};
use crate::api::simple_earn::DestAccount;
use crate::api::sol_staking::{
    GetSolStakingAccount, GetSolStakingQuota, RedeemSol, SOL_REDEEM_PRECISION, SOL_STAKE_PRECISION, StakeSol,
};

/// Pages of a product list read to find one product.
const PRODUCT_PAGES: u32 = 5;

/// What a subscription would earn, from Binance's preview endpoints.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SubscriptionPreview {
    /// `GET …/flexible/subscriptionPreview`.
    Flexible(FlexiblePreview),
    /// `GET …/locked/subscriptionPreview` (sent with `autoSubscribe=false`, as the adapter
    /// subscribes).
    Locked(Vec<LockedPreview>),
}

/// A refusal based on what Binance lists (sold out, closed, not stakeable).
fn unavailable(message: String) -> Error {
    Error::ProductUnavailable(VenueError::new(VENUE, "listing", message, None))
}

fn refuse_status(product: &ProductId, status: ProductStatus) -> Result<()> {
    match status {
        ProductStatus::Available => Ok(()),
        ProductStatus::SoldOut => Err(unavailable(format!("Binance lists {product} as sold out; nothing was sent"))),
        _ => Err(unavailable(format!("Binance lists {product} as not open for subscription; nothing was sent"))),
    }
}

fn check_quota(left: Option<Amount>, amount: Amount, what: &str) -> Result<()> {
    match left {
        Some(left) if amount > left => {
            Err(Error::invalid_input("amount", format!("{amount} is above the {what} left ({left})")))
        }
        _ => Ok(()),
    }
}

fn no_destination(request: &RedeemRequest, what: &str) -> Result<()> {
    match &request.to_account {
        None => Ok(()),
        Some(a) => Err(Error::invalid_input(
            "to_account",
            format!("{what} takes no destination at Binance; {a} cannot be chosen"),
        )),
    }
}

/// `amount × rate`, rounded down to 8 decimals; `None` when it cannot be held exactly.
fn convert(amount: Amount, rate: Decimal) -> Option<Amount> {
    let v = amount.decimal().checked_mul(rate)?;
    Amount::new(v.round_dp_with_strategy(8, RoundingStrategy::ToZero))
}

fn days(n: u32) -> std::time::Duration {
    std::time::Duration::from_secs(u64::from(n) * 86_400)
}

/// A redemption request ready to send.
enum Plan {
    Flexible(RedeemFlexible),
    Locked(RedeemLocked),
    Eth(RedeemEth),
    Sol(RedeemSol),
}

/// The estimate, and what to send when it is allowed.
struct Assessment {
    estimate: RedemptionEstimate,
    plan: Option<Plan>,
}

fn refused(req: &RedeemRequest, reason: String, shortfall: Option<Amount>) -> Assessment {
    let mut e = RedemptionEstimate::new(req.product.clone(), req.amount, false, Vec::new());
    e.reason = Some(reason);
    e.shortfall = shortfall.filter(|s| !s.is_zero());
    Assessment { estimate: e, plan: None }
}

fn allowed(req: &RedeemRequest, receive: Vec<AssetQuantity>, delay: Option<RedemptionDelay>, plan: Plan) -> Assessment {
    let mut e = RedemptionEstimate::new(req.product.clone(), req.amount, true, receive);
    e.delay = delay;
    Assessment { estimate: e, plan: Some(plan) }
}

impl BinanceEarnVenue {
    /// Runs one write under the one-unreconciled-write rule for (`asset`, `op`): writes of
    /// the same key never overlap; an earlier outcome-unknown write of the key is
    /// reconciled first (by reading) and, while still unknown, refuses this one with
    /// [`Error::UnreconciledWrite`]; an outcome-unknown answer becomes the key's lease.
    pub(super) async fn guarded<T, F, Fut>(&self, asset: &str, op: Operation, send: F) -> Result<T>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let key = (asset.to_ascii_uppercase(), op);
        let lock = self.state.lock_for(&key);
        let _serial = lock.lock().await;
        // An earlier write still unknown holds the lease; its final answer settles (releases) it.
        if let Some(prev) = self.state.lease(&key)
            && let Reconciliation::StillUnknown { reason } = self.reconcile_intent(&prev).await?
        {
            return Err(Error::unreconciled_write(
                VENUE,
                op,
                format!(
                    "an earlier {op} of {} {asset} sent at {} is not reconciled yet ({reason}); reconcile it \
                         first (at most one unreconciled write per asset and operation)",
                    prev.amount.map(|a| a.to_string()).unwrap_or_else(|| "all".into()),
                    prev.sent_at.map(|t| t.to_string()).unwrap_or_default(),
                ),
            ));
        }
        let result = send().await;
        if let Err(e) = &result
            && let Some(intent) = e.reconcile_intent()
        {
            self.state.hold(key, intent.clone());
        }
        result
    }

    /// Sends a write under [`guarded`](Self::guarded) and builds its pending order from the
    /// venue id `id_of` finds in the answer (no id: the outcome is unknown).
    #[allow(clippy::too_many_arguments)]
    async fn write<R, F>(
        &self,
        request: &R,
        intent: ReconcileIntent,
        lease_asset: &str,
        family: Family,
        side: OrderSide,
        order_asset: &str,
        amount: Amount,
        id_of: F,
    ) -> Result<Order>
    where
        R: ApiRequest<Dialect = crate::BinanceDialect>,
        F: FnOnce(&R::Response) -> Option<String>,
    {
        request.validate()?;
        let op = intent.operation;
        let (answer, sent_at) = self
            .guarded(lease_asset, op, || async {
                let sent_at = self.client.venue_now();
                let answer = self.client.send_with_intent(request, intent.clone()).await?;
                Ok((answer, sent_at))
            })
            .await?;
        let key = match id_of(&answer).filter(|id| !id.is_empty()) {
            Some(id) if matches!(family, Family::Eth | Family::Sol) => {
                self.staking_key(family, side, &id, (sent_at, amount, order_asset)).await
            }
            Some(id) => OrderKey::new(family, side, id),
            None if matches!(family, Family::Eth | Family::Sol) => OrderKey::synthesized(family, side, sent_at, amount),
            None => {
                let intent = intent.sent_at(sent_at);
                self.state.hold((lease_asset.to_ascii_uppercase(), op), intent.clone());
                return Err(Error::outcome_unknown(intent, "Binance accepted the write without an id", None));
            }
        };
        self.state.claim_acknowledged(key.order_id().as_str());
        let product = intent.product.clone().unwrap_or_else(|| ProductId::new(family_name(family)));
        let mut order = Order::new(
            VENUE,
            key.order_id(),
            product,
            order_asset.into(),
            side,
            amount,
            OrderStatus::Pending,
            "accepted",
        );
        order.created_at = Some(sent_at);
        Ok(order)
    }

    /// The id of an acknowledged ETH/SOL write: its history row's, as
    /// [`recent_orders`](earn_core::EarnVenue::recent_orders) names it (rows carry no
    /// `purchaseId`/`redeemId` in the documented answers), read once right away; rows
    /// acknowledged as other writes' answers are not it. When the row cannot be read or
    /// told apart yet: `<id>@t<sent>-<amount>`, which [`order`](earn_core::EarnVenue::order)
    /// still finds. The write happened either way: a failed read only changes the name.
    async fn staking_key(
        &self,
        family: Family,
        side: OrderSide,
        id: &str,
        (sent, amount, asset): (UnixMillis, Amount, &str),
    ) -> OrderKey {
        let taken = |o: &Order| self.state.is_claimed(o.id.as_str());
        match self.acknowledged_row(family, side, id, (sent, amount, asset), taken).await {
            Ok(Some(row)) => {
                OrderKey::parse(&row.id).unwrap_or_else(|_| OrderKey::acknowledged(family, side, id, sent, amount))
            }
            _ => OrderKey::acknowledged(family, side, id, sent, amount),
        }
    }

    /// `EarnVenue::stake`.
    pub(super) async fn place_stake(&self, request: &StakeRequest) -> Result<WriteOutcome> {
        let product = BinanceProductId::parse(&request.product)?;
        let id = product.product_id();
        let amount = request.amount;
        let asset = product.asset().to_owned();
        let intent =
            ReconcileIntent::new(VENUE, Operation::Stake, "").product(id.clone()).asset(asset.as_str()).amount(amount);
        let order = match &product {
            BinanceProductId::Flexible { asset, product_id } => {
                check_amount("amount", amount, DEFAULT_PRECISION)?;
                let listed =
                    self.client.all_pages(GetFlexibleProducts::new().asset(asset.as_str()), PRODUCT_PAGES).await?;
                let p = listed.rows.iter().find(|p| &p.product_id == product_id).ok_or_else(|| {
                    Error::invalid_input("product", format!("Binance lists no flexible product {product_id}"))
                })?;
                refuse_status(&id, flexible_status(p))?;
                AmountRules { min: p.min_purchase_amount, max: None, precision: Some(DEFAULT_PRECISION) }
                    .check("amount", amount)?;
                let left = self.client.send(&GetFlexiblePersonalLeftQuota::new(product_id.as_str())).await?;
                check_quota(left.left_personal_quota, amount, "personal quota")?;
                let req = SubscribeFlexible::new(product_id.as_str(), amount)
                    .auto_subscribe(false)
                    .source_account(self.source_account);
                let intent = retarget(intent, req.endpoint().path).accounts(self.source_account.account(), None);
                self.write(&req, intent, asset, Family::Flexible, OrderSide::Stake, asset, amount, |a| {
                    a.purchase_id.clone()
                })
                .await?
            }
            BinanceProductId::Locked { asset, project_id } => {
                check_amount("amount", amount, DEFAULT_PRECISION)?;
                let listed =
                    self.client.all_pages(GetLockedProducts::new().asset(asset.as_str()), PRODUCT_PAGES).await?;
                let p = listed.rows.iter().find(|p| &p.project_id == project_id).ok_or_else(|| {
                    Error::invalid_input("product", format!("Binance lists no locked project {project_id}"))
                })?;
                refuse_status(&id, locked_status(p))?;
                AmountRules { min: p.quota.minimum, max: None, precision: Some(DEFAULT_PRECISION) }
                    .check("amount", amount)?;
                let left = self.client.send(&GetLockedPersonalLeftQuota::new(project_id.as_str())).await?;
                check_quota(left.left_personal_quota, amount, "personal quota")?;
                let req = SubscribeLocked::new(project_id.as_str(), amount).source_account(self.source_account);
                let intent = retarget(intent, req.endpoint().path).accounts(self.source_account.account(), None);
                self.write(&req, intent, asset, Family::Locked, OrderSide::Stake, asset, amount, |a| {
                    a.purchase_id.clone()
                })
                .await?
            }
            BinanceProductId::EthStaking => {
                check_amount("amount", amount, ETH_STAKE_PRECISION)?;
                let q = self.client.send(&GetEthStakingQuota).await?;
                if q.stakeable == Some(false) {
                    return Err(unavailable("Binance says ETH staking is not stakeable now; nothing was sent".into()));
                }
                AmountRules { min: q.min_stake_amount, max: None, precision: Some(ETH_STAKE_PRECISION) }
                    .check("amount", amount)?;
                check_quota(q.left_staking_personal_quota, amount, "staking quota")?;
                let req = StakeEth::new(amount);
                let intent = retarget(intent, req.endpoint().path);
                self.write(&req, intent, "ETH", Family::Eth, OrderSide::Stake, "ETH", amount, |a| a.purchase_id.clone())
                    .await?
            }
            BinanceProductId::SolStaking => {
                check_amount("amount", amount, SOL_STAKE_PRECISION)?;
                let q = self.client.send(&GetSolStakingQuota).await?;
                if q.sold_out == Some(true) {
                    return Err(unavailable("Binance lists SOL staking as sold out; nothing was sent".into()));
                }
                if q.stakeable == Some(false) {
                    return Err(unavailable("Binance says SOL staking is not stakeable now; nothing was sent".into()));
                }
                AmountRules { min: q.min_stake_amount, max: None, precision: Some(SOL_STAKE_PRECISION) }
                    .check("amount", amount)?;
                check_quota(q.left_staking_personal_quota, amount, "staking quota")?;
                let req = StakeSol::new(amount);
                let intent = retarget(intent, req.endpoint().path);
                self.write(&req, intent, "SOL", Family::Sol, OrderSide::Stake, "SOL", amount, |a| a.purchase_id.clone())
                    .await?
            }
        };
        Ok(WriteOutcome::Placed(order))
    }

    /// `EarnVenue::redemption_estimate`.
    pub(super) async fn estimate_redemption(&self, request: &RedeemRequest) -> Result<RedemptionEstimate> {
        Ok(self.assess(request).await?.estimate)
    }

    /// `EarnVenue::redeem`: sent only when the assessment allows it.
    pub(super) async fn place_redeem(&self, request: &RedeemRequest) -> Result<WriteOutcome> {
        let product = BinanceProductId::parse(&request.product)?;
        let assessment = self.assess(request).await?;
        let Some(plan) = assessment.plan else {
            let reason = assessment.estimate.reason.unwrap_or_else(|| "Binance would not accept it".into());
            return Err(Error::invalid_input("amount", format!("redemption refused before sending: {reason}")));
        };
        let amount = request.amount;
        let intent = ReconcileIntent::new(VENUE, Operation::Redeem, "")
            .product(product.product_id())
            .asset(product.asset())
            .amount(amount);
        let lease = product.asset().to_owned();
        let order = match plan {
            Plan::Flexible(req) => {
                let to = req.dest_account.unwrap_or(DestAccount::Spot).account();
                let intent = retarget(intent, req.endpoint().path).accounts(None, Some(to));
                self.write(&req, intent, &lease, Family::Flexible, OrderSide::Redeem, &lease, amount, |a| {
                    a.redeem_id.clone()
                })
                .await?
            }
            Plan::Locked(req) => {
                let intent = retarget(intent, req.endpoint().path).position_id(req.position_id.as_str());
                self.write(&req, intent, &lease, Family::Locked, OrderSide::Redeem, &lease, amount, |a| {
                    a.redeem_id.clone()
                })
                .await?
            }
            Plan::Eth(req) => {
                let token = req.asset.as_ref().map_or("WBETH", EthRedeemAsset::as_str).to_owned();
                let mut intent = retarget(intent, req.endpoint().path);
                intent.asset = Some(token.as_str().into());
                self.write(&req, intent, &lease, Family::Eth, OrderSide::Redeem, &token, amount, |a| {
                    a.redeem_id.clone()
                })
                .await?
            }
            Plan::Sol(req) => {
                let mut intent = retarget(intent, req.endpoint().path);
                intent.asset = Some("BNSOL".into());
                self.write(&req, intent, &lease, Family::Sol, OrderSide::Redeem, "BNSOL", amount, |a| {
                    a.redeem_id.clone()
                })
                .await?
            }
        };
        Ok(WriteOutcome::Placed(order))
    }

    /// Checks a redemption by reading the position and the venue's rules.
    async fn assess(&self, req: &RedeemRequest) -> Result<Assessment> {
        let product = BinanceProductId::parse(&req.product)?;
        let amount = req.amount;
        match &product {
            BinanceProductId::Flexible { asset, product_id } => {
                check_amount("amount", amount, DEFAULT_PRECISION)?;
                let dest = dest_account(req.to_account.as_ref())?.unwrap_or(DestAccount::Spot);
                if let Some(p) = &req.position_id
                    && p != product_id
                {
                    return Err(Error::invalid_input(
                        "position_id",
                        "a flexible product has one position: leave it empty",
                    ));
                }
                let rows = self.client.send(&GetFlexiblePositions::new().product_id(product_id.as_str())).await?.rows;
                let Some(pos) = rows.iter().find(|r| &r.product_id == product_id) else {
                    return Ok(refused(req, format!("no flexible position in {product_id}"), Some(amount)));
                };
                if pos.can_redeem == Some(false) {
                    return Ok(refused(req, format!("Binance does not allow redeeming {product_id} now"), None));
                }
                let total = pos.total_amount.unwrap_or_default();
                let collateral = pos.collateral_amount.unwrap_or_default();
                let redeemable = total.checked_sub(collateral).unwrap_or_default();
                if amount > redeemable {
                    let reason = format!(
                        "only {redeemable} of the {total} {asset} held is redeemable ({collateral} is loan collateral)"
                    );
                    return Ok(refused(req, reason, amount.checked_sub(redeemable)));
                }
                let receive = vec![AssetQuantity::new(asset.as_str().into(), amount)];
                let plan = Plan::Flexible(RedeemFlexible::new(product_id.as_str(), amount).dest_account(dest));
                Ok(allowed(req, receive, None, plan))
            }
            BinanceProductId::Locked { asset, project_id } => {
                no_destination(req, "a locked early redemption")?;
                check_amount("amount", amount, DEFAULT_PRECISION)?;
                if let Some(p) = &req.position_id {
                    check_numeric_id("position_id", p)?;
                }
                let mut q = GetLockedPositions::new().project_id(project_id.as_str());
                if let Some(p) = &req.position_id {
                    q = q.position_id(p.as_str());
                }
                let rows = self.client.send(&q.page(1, 100)).await?.rows;
                let mine: Vec<_> = rows
                    .iter()
                    .filter(|r| &r.project_id == project_id)
                    .filter(|r| req.position_id.as_ref().is_none_or(|p| p == &r.position_id))
                    .collect();
                let pos = match mine.as_slice() {
                    [] => return Ok(refused(req, format!("no locked position in {project_id}"), Some(amount))),
                    [one] => *one,
                    many => {
                        return Err(Error::invalid_input(
                            "position_id",
                            format!("{} positions in {project_id}: name one (Position::position_id)", many.len()),
                        ));
                    }
                };
                if pos.can_redeem_early != Some(true) {
                    let until =
                        pos.deliver_date.or(pos.rewards_end_date).map(|t| format!(" until {t}")).unwrap_or_default();
                    let reason = format!(
                        "position {} is locked{until}; Binance allows no early redemption of it",
                        pos.position_id
                    );
                    return Ok(refused(req, reason, None));
                }
                if pos.redeeming_amt.is_some_and(|a| !a.is_zero()) {
                    return Ok(refused(req, format!("position {} is already being redeemed", pos.position_id), None));
                }
                let held = pos.amount.unwrap_or_default();
                if amount.decimal() != held.decimal() {
                    let reason = format!(
                        "Binance redeems a locked position whole: position {} holds {held} {asset}",
                        pos.position_id
                    );
                    return Ok(refused(req, reason, amount.checked_sub(held)));
                }
                let back = pos.redeem_amount_early.unwrap_or(amount);
                let receive = vec![AssetQuantity::new(asset.as_str().into(), back)];
                Ok(allowed(req, receive, None, Plan::Locked(RedeemLocked::new(pos.position_id.as_str()))))
            }
            BinanceProductId::EthStaking => {
                no_destination(req, "an ETH redemption")?;
                let token = match req.position_id.as_deref() {
                    None | Some("WBETH") => EthRedeemAsset::Wbeth,
                    Some("BETH") => EthRedeemAsset::Beth,
                    Some(_) => return Err(Error::invalid_input("position_id", "must be WBETH (default) or BETH")),
                };
                check_amount("amount", amount, ETH_REDEEM_PRECISION)?;
                let (q, account) =
                    tokio::try_join!(self.client.send(&GetEthStakingQuota), self.client.send(&GetEthStakingAccount))?;
                let held = match token {
                    EthRedeemAsset::Beth => account.holdings.beth_amount,
                    _ => account.holdings.wbeth_amount,
                }
                .unwrap_or_default();
                if let Some(refusal) = staking_refusal(
                    req,
                    q.redeemable,
                    q.min_redeem_amount,
                    q.left_redemption_personal_quota,
                    held,
                    token.as_str(),
                ) {
                    return Ok(refusal);
                }
                let rate = match token {
                    EthRedeemAsset::Beth => Some(Decimal::ONE),
                    _ => self.latest_eth_rate().await?.and_then(|r| r.exchange_rate),
                };
                let receive = rate.and_then(|r| convert(amount, r)).map(|a| AssetQuantity::new("ETH".into(), a));
                let delay = q.redeem_period.map(|d| RedemptionDelay::fixed(days(d)));
                Ok(allowed(req, receive.into_iter().collect(), delay, Plan::Eth(RedeemEth::new(amount).asset(token))))
            }
            BinanceProductId::SolStaking => {
                no_destination(req, "a SOL redemption")?;
                if req.position_id.as_deref().is_some_and(|p| p != "BNSOL") {
                    return Err(Error::invalid_input("position_id", "SOL staking has one position: leave it empty"));
                }
                check_amount("amount", amount, SOL_REDEEM_PRECISION)?;
                let (q, account) =
                    tokio::try_join!(self.client.send(&GetSolStakingQuota), self.client.send(&GetSolStakingAccount))?;
                let held = account.bnsol_amount.unwrap_or_default();
                if let Some(refusal) = staking_refusal(
                    req,
                    q.redeemable,
                    q.min_redeem_amount,
                    q.left_redemption_personal_quota,
                    held,
                    "BNSOL",
                ) {
                    return Ok(refusal);
                }
                let rate = self.latest_sol_rate().await?.and_then(|r| r.exchange_rate);
                let receive = rate.and_then(|r| convert(amount, r)).map(|a| AssetQuantity::new("SOL".into(), a));
                let delay = q.redeem_period.map(|d| RedemptionDelay::fixed(days(d)));
                Ok(allowed(req, receive.into_iter().collect(), delay, Plan::Sol(RedeemSol::new(amount))))
            }
        }
    }

    /// What subscribing `request.amount` to a flexible or locked product would earn, from
    /// Binance's preview (after the same amount checks as a stake). ETH/SOL staking have
    /// no preview.
    pub async fn subscription_preview(&self, request: &StakeRequest) -> Result<SubscriptionPreview> {
        match BinanceProductId::parse(&request.product)? {
            BinanceProductId::Flexible { product_id, .. } => {
                let q = GetFlexibleSubscriptionPreview::new(product_id, request.amount);
                Ok(SubscriptionPreview::Flexible(self.client.send(&q).await?))
            }
            BinanceProductId::Locked { project_id, .. } => {
                let q = GetLockedSubscriptionPreview::new(project_id, request.amount).auto_subscribe(false);
                Ok(SubscriptionPreview::Locked(self.client.send(&q).await?))
            }
            _ => Err(Error::invalid_input("product", "Binance has no subscription preview for ETH or SOL staking")),
        }
    }
}

/// The common ETH/SOL redemption rules: redeemable, minimum, quota left, holdings.
fn staking_refusal(
    req: &RedeemRequest,
    redeemable: Option<bool>,
    min: Option<Amount>,
    left: Option<Amount>,
    held: Amount,
    token: &str,
) -> Option<Assessment> {
    let amount = req.amount;
    if redeemable == Some(false) {
        return Some(refused(req, "Binance says redemptions are closed now".into(), None));
    }
    if let Some(min) = min
        && amount < min
    {
        return Some(refused(req, format!("{amount} {token} is below the minimum redemption {min}"), None));
    }
    if let Some(left) = left
        && amount > left
    {
        return Some(refused(req, format!("{amount} {token} is above the redemption quota left today ({left})"), None));
    }
    if amount > held {
        return Some(refused(req, format!("only {held} {token} is held"), amount.checked_sub(held)));
    }
    None
}

/// The intent with its endpoint set.
fn retarget(mut intent: ReconcileIntent, path: &str) -> ReconcileIntent {
    intent.endpoint = path.to_owned();
    intent
}

fn family_name(family: Family) -> &'static str {
    match family {
        Family::Flexible => "flexible",
        Family::Locked => "locked",
        Family::Eth => "eth-staking",
        Family::Sol => "sol-staking",
    }
}
