//! [`BinanceEarnVenue`]: the [`EarnVenue`] adapter over Simple Earn Flexible and Locked,
//! ETH and SOL staking, and the Spot and Funding wallets. Each operation lives in its own
//! file; this one only wires them to the trait.

mod accounts;
mod orders;
mod positions;
mod products;
mod reconcile;
mod writes;

use std::sync::Arc;
use std::time::Duration;

use earn_core::{
    Balance, Capabilities, EarnVenue, Order, OrderQuery, OrderRef, Position, Product, ProductFilter, ReconcileIntent,
    Reconciliation, RedeemRequest, RedemptionEstimate, Result, StakeRequest, Transfer, TransferRequest, VenueId,
    WriteOutcome, async_trait,
};

pub use products::BinanceProductId;
pub use writes::SubscriptionPreview;

use crate::VENUE;
use crate::api::simple_earn::SourceAccount;
use crate::client::BinanceEarnClient;

/// Binance as an [`EarnVenue`] (venue id `"binance-earn"`).
///
/// **Products** ([`BinanceProductId`]): Simple Earn Flexible (`flexible:<asset>:<productId>`),
/// Locked (`locked:<asset>:<projectId>`, `Locked { term }` with the exact lock),
/// ETH staking (`eth-staking`, ETH for WBETH) and SOL staking (`sol-staking`, SOL for
/// BNSOL). APR and APY are kept apart and never derived from each other.
///
/// **Accounts**: `SPOT` and `FUNDING`. [`balances`](EarnVenue::balances) reads both;
/// [`transfer`](EarnVenue::transfer) moves between them (universal transfer
/// `MAIN_FUNDING`/`FUNDING_MAIN`), and [`transfer_status`](EarnVenue::transfer_status)
/// follows one by its `tranId` in the transfer history. Subscriptions draw on the configured
/// [`source_account`](Self::source_account) (default `SPOT`); a flexible redemption pays to
/// the request's `to_account` (`SPOT` or `FUNDING`, default `SPOT`); locked subscriptions
/// always send `redeemTo=SPOT` and `autoSubscribe=false`, flexible ones `autoSubscribe=false`.
/// Locked early redemptions and ETH/SOL redemptions take no destination: a `to_account`
/// there is refused.
///
/// **Checks before any write**: amount above zero and within the product's precision,
/// the product's minimum and status (sold out or closed is refused locally), the personal
/// quota left, and for redemptions the position (redeemable amount, `canRedeemEarly`, a
/// locked position is redeemed whole). [`redemption_estimate`](EarnVenue::redemption_estimate)
/// applies the same rules and says why when it refuses; a redeem it refuses is never sent.
/// What a subscription would earn is [`subscription_preview`](Self::subscription_preview).
///
/// **Reconciliation** (reference §9): no Binance write carries a client id, so an
/// outcome-unknown write is matched in history by product, amount, account, direction and
/// time (from `sent − recvWindow`), subscriptions only of type `NORMAL`. At most one
/// unreconciled write per (asset, operation) is allowed by this adapter (a new one is
/// refused with [`Error::UnreconciledWrite`](earn_core::Error::UnreconciledWrite) until the
/// earlier one is reconciled), and its writes per (asset, operation) never overlap, so its
/// own writes never make history ambiguous. Rows listed in [`ReconcileIntent::claimed`]
/// or already matched to another write are never evidence; two candidates answer
/// `StillUnknown` with the reason. A write with no trace is `DidNotHappen` only once
/// `recvWindow` plus the grace period (default 2 min,
/// [`reconcile_grace`](Self::reconcile_grace)) has passed since it was sent: that is how
/// long "still unknown" lasts when history shows nothing.
#[derive(Clone, Debug)]
pub struct BinanceEarnVenue {
    client: BinanceEarnClient,
    source_account: SourceAccount,
    reconcile_grace: Duration,
    state: Arc<reconcile::State>,
}

impl BinanceEarnVenue {
    /// An adapter over `client` (subscriptions from `SPOT`, reconcile grace 2 min).
    pub fn new(client: BinanceEarnClient) -> Self {
        BinanceEarnVenue {
            client,
            source_account: SourceAccount::Spot,
            reconcile_grace: Duration::from_secs(120),
            state: Arc::default(),
        }
    }

    /// The wallet subscriptions draw on (`sourceAccount`; default `SPOT`).
    pub fn source_account(mut self, account: SourceAccount) -> Self {
        self.source_account = account;
        self
    }

    /// How long after `sent + recvWindow` a write must be absent from history before
    /// reconciliation answers [`Reconciliation::DidNotHappen`] (default 2 min).
    pub fn reconcile_grace(mut self, grace: Duration) -> Self {
        self.reconcile_grace = grace;
        self
    }

    /// The typed client underneath.
    pub fn client(&self) -> &BinanceEarnClient {
        &self.client
    }
}

#[async_trait]
impl EarnVenue for BinanceEarnVenue {
    fn venue(&self) -> VenueId {
        VENUE
    }

    fn capabilities(&self) -> Capabilities {
        accounts::capabilities()
    }

    async fn products(&self, filter: &ProductFilter) -> Result<Vec<Product>> {
        self.list_products(filter).await
    }

    async fn positions(&self) -> Result<Vec<Position>> {
        self.list_positions().await
    }

    async fn balances(&self) -> Result<Vec<Balance>> {
        self.list_balances().await
    }

    async fn transfer(&self, request: &TransferRequest) -> Result<Transfer> {
        self.place_transfer(request).await
    }

    async fn transfer_status(&self, transfer: &Transfer) -> Result<Option<Transfer>> {
        self.read_transfer(transfer).await
    }

    async fn stake(&self, request: &StakeRequest) -> Result<WriteOutcome> {
        self.place_stake(request).await
    }

    async fn redemption_estimate(&self, request: &RedeemRequest) -> Result<RedemptionEstimate> {
        self.estimate_redemption(request).await
    }

    async fn redeem(&self, request: &RedeemRequest) -> Result<WriteOutcome> {
        self.place_redeem(request).await
    }

    async fn order(&self, order: &OrderRef) -> Result<Option<Order>> {
        self.find_order(order).await
    }

    async fn recent_orders(&self, query: &OrderQuery) -> Result<Vec<Order>> {
        self.list_recent(query).await
    }

    async fn reconcile(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        self.reconcile_intent(intent).await
    }
}
