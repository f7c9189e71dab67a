//! [`OkxStakingVenue`]: the [`EarnVenue`] adapter over [`OkxStakingClient`]. Each trait
//! method delegates to one file: products, positions, writes, orders, reconcile, accounts.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use earn_core::{
    Balance, Capabilities, EarnVenue, Order, OrderQuery, OrderRef, Position, Product, ProductFilter, ReconcileIntent,
    Reconciliation, RedeemRequest, RedemptionEstimate, Result, StakeRequest, Transfer, TransferRequest, VenueId,
    WriteOutcome,
};

use crate::client::OkxStakingClient;
use crate::dialect::VENUE;

mod accounts;
mod orders;
mod positions;
mod products;
mod reconcile;
mod writes;

use accounts::TransferDesk;
pub use reconcile::MATCH_MARGIN_MS;
use reconcile::{AcceptedSavings, AcceptedWrite, Ledger, Reconciler};
use writes::Writer;

/// OKX ETH staking, SOL staking, on-chain earn and Simple Earn Flexible behind
/// [`EarnVenue`], with the funding and trading accounts.
///
/// Products: `eth`, `sol`, `onchain:<productId>` and `savings:<CCY>`. Order ids:
/// `eth:<ordId>`, `sol:<type>:<requestTime>:<amt>` (SOL rows have no id; ETH rows without
/// `ordId` get the same form), `onchain:<ordId>`, `savings:<CCY>:<billId>` (the funding bill
/// of a savings write), and `<coin>:<type>:sent:<sentAt>:<amt>` /
/// `savings:<CCY>:<side>:sent:<sentAt>:<amt>` for a write OKX accepted before its history
/// row or bill appeared. Accounts: `funding` and `trading`; every product draws on and
/// pays back to `funding` ([`Product::draws_from`](earn_core::Product::draws_from)).
///
/// * **Balances**: the funding account (`availBal`, total `bal`) and the trading account
///   (available = the most `max-withdrawal` says can be moved to funding; total = the
///   currency's equity).
/// * **Transfers** between `funding` and `trading`, each with a `clientId` (the caller's,
///   1–32 ASCII letters or digits and not already known to OKX, or 32 generated ones). OKX's
///   `code 0` does not mean the money moved: the transfer's state is followed for up to
///   [`confirm_window`](Self::confirm_window) and returned (`Pending`, `Succeeded` or
///   `Failed`). An unclear answer is `OutcomeUnknown`, settled by `reconcile` through
///   transfer-state (then the bills) by `clientId`, answering
///   [`Reconciliation::TransferHappened`]; a transfer is never repeated, and while one of an
///   asset is unreconciled another of that asset is refused with `UnreconciledWrite`. A
///   returned transfer still `Pending` is followed with [`EarnVenue::transfer_status`]
///   (transfer-state by its `transId`, then by its `clientId`, then the funding bills).
/// * **Funding only**: OKX redeems only BETH/OKSOL that sits in the funding account. The
///   estimate reads the funding account and, when the token sits in trading, says "not
///   allowed" with the reason and the shortfall; `redeem` refuses the same case locally
///   (`InsufficientBalance`, nothing sent). Transferring first is the caller's explicit
///   [`EarnVenue::transfer`]; the adapter never transfers on its own.
/// * **Simple Earn Flexible** (`savings:<CCY>`): listed from the public lending rates (APR
///   = the latest annual lending rate; no APY), stake = purchase, redeem = redemption,
///   positions from the savings balance. OKX answers with an echo and no id: like ETH/SOL,
///   at most one unreconciled savings write per currency, confirmed through the funding
///   bills `75`/`76`. A purchase keeps the minimum lending rate already configured.
///
/// * **Stake/redeem ETH and SOL**: OKX answers without an order id, so after a successful
///   write the adapter polls `purchase-redeem-history` for the row (up to
///   [`confirm_window`](Self::confirm_window)) and returns that order; if the row is late it
///   returns a pending order with a `…:sent:…` id that [`EarnVenue::order`] keeps resolving.
///   At most one unreconciled write per (asset, type) is allowed: identical writes are
///   serialized, and a write while an earlier one's outcome is still unknown is refused
///   locally with [`Error::UnreconciledWrite`](earn_core::Error::UnreconciledWrite) until
///   [`EarnVenue::reconcile`] settles it. Client ids are not supported for ETH/SOL (OKX
///   keeps none) and are refused.
/// * **On-chain earn**: every purchase carries a tag (the request's client id, checked to be
///   1–16 letters/digits, or a generated one); `order(OrderRef::Client(tag))` finds it. A
///   purchase of an offer that OKX just listed as sold out or stopped is refused locally
///   with [`Error::ProductUnavailable`](earn_core::Error::ProductUnavailable).
///   Redemption is per order: pass the order id as `RedeemRequest::position_id` (as in
///   [`Position::position_id`]) and the order's whole amount; when the product has exactly
///   one earning order it is chosen automatically. `allowEarlyRedeem` is never sent (OKX's
///   default `false`), so a fixed-term (`Locked`) order is refused locally before its
///   maturity: use the typed client for early redemption.
/// * **Local checks first**: an amount of zero or with more than
///   [`AMOUNT_MAX_DECIMALS`](crate::api::AMOUNT_MAX_DECIMALS) decimals, a malformed product
///   id or tag is refused before any request; the product's minimum and the offer's limits
///   right after reading them, before the write.
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
/// * **Reconcile** only reads, and accepts the adapter's intents and the typed client's
///   (which name OKX's own ids). A stake or redeem found by matching (amount and time, or
///   tag) is never answered with a row listed in [`ReconcileIntent::claimed`], and two
///   equally matching rows are `StillUnknown` with the reason; a redeem or cancel of a named
///   order is settled by that order's state. "Did not happen" only after
///   [`reconcile_grace`](Self::reconcile_grace), and never for a write OKX accepted.
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

    /// How long after `sent_at` a missing history row, bill or transfer state proves a write
    /// did not happen (before that, [`Reconciliation::StillUnknown`]). OKX does not document
    /// their latency; keep it well above OKX's 30 s signing window.
    pub fn reconcile_grace(mut self, grace: Duration) -> Self {
        self.reconcile_grace = grace;
        self
    }

    /// How long a successful ETH/SOL or savings write waits for its history row or bill
    /// before returning a pending `…:sent:…` order instead, and how long a transfer's state
    /// is followed before it is returned as it stands (zero: look once).
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

    fn reconciler(&self) -> Reconciler<'_> {
        Reconciler { client: &self.client, ledger: &self.ledger, grace: self.reconcile_grace }
    }

    fn writer(&self) -> Writer<'_> {
        Writer { rec: self.reconciler(), confirm_window: self.confirm_window, poll_interval: self.poll_interval }
    }

    fn transfer_desk(&self) -> TransferDesk<'_> {
        TransferDesk {
            client: &self.client,
            book: &self.ledger.transfers,
            grace: self.reconcile_grace,
            confirm_window: self.confirm_window,
            poll_interval: self.poll_interval,
        }
    }
}

#[async_trait]
impl EarnVenue for OkxStakingVenue {
    fn venue(&self) -> VenueId {
        VENUE
    }

    fn capabilities(&self) -> Capabilities {
        accounts::capabilities()
    }

    async fn products(&self, filter: &ProductFilter) -> Result<Vec<Product>> {
        products::products(&self.client, filter).await
    }

    async fn positions(&self) -> Result<Vec<Position>> {
        positions::positions(&self.client).await
    }

    async fn balances(&self) -> Result<Vec<Balance>> {
        accounts::balances(&self.client).await
    }

    async fn transfer(&self, request: &TransferRequest) -> Result<Transfer> {
        self.transfer_desk().transfer(request).await
    }

    async fn transfer_status(&self, transfer: &Transfer) -> Result<Option<Transfer>> {
        self.transfer_desk().transfer_status(transfer).await
    }

    async fn stake(&self, request: &StakeRequest) -> Result<WriteOutcome> {
        self.writer().stake(request).await
    }

    async fn redemption_estimate(&self, request: &RedeemRequest) -> Result<RedemptionEstimate> {
        self.writer().estimate(request).await
    }

    async fn redeem(&self, request: &RedeemRequest) -> Result<WriteOutcome> {
        self.writer().redeem(request).await
    }

    async fn cancel_redemption(&self, order: &OrderRef) -> Result<Order> {
        self.writer().cancel(order).await
    }

    async fn order(&self, order: &OrderRef) -> Result<Option<Order>> {
        if let Some(accepted) = AcceptedWrite::from_ref(order) {
            return self.reconciler().accepted_order(&accepted).await;
        }
        if let Some(accepted) = AcceptedSavings::from_ref(order) {
            return self.reconciler().accepted_savings_order(&accepted).await;
        }
        orders::lookup(&self.client, order).await
    }

    async fn recent_orders(&self, query: &OrderQuery) -> Result<Vec<Order>> {
        orders::recent_orders(&self.client, query).await
    }

    async fn reconcile(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        self.reconciler().reconcile(intent).await
    }
}
