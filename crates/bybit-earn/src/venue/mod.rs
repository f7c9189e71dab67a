//! [`BybitEarnVenue`]: the [`EarnVenue`] adapter over FlexibleSaving, OnChain and Fixed
//! Saving. Each operation lives in its own file; this one only wires them to the trait.

mod accounts;
mod orders;
mod positions;
pub(crate) mod products;
mod reconcile;
mod writes;

use std::time::Duration;

use earn_core::{
    Balance, Capabilities, EarnVenue, Order, OrderQuery, OrderRef, Position, Product, ProductFilter, ReconcileIntent,
    Reconciliation, RedeemRequest, RedemptionEstimate, Result, StakeRequest, Transfer, TransferRequest, VenueId,
    WriteOutcome, async_trait,
};

use crate::VENUE;
use crate::api::common::AccountType;
use crate::client::BybitEarnClient;

/// Bybit V5 Earn as an [`EarnVenue`] (venue id `"bybit-earn"`).
///
/// Products: FlexibleSaving (`"FlexibleSaving:<id>"`, flexible, redemption up to 48 h),
/// OnChain (`"OnChain:<id>"`: flexible ones with the delay of `redeemProcessingMinute`;
/// `duration=Fixed` ones [`Locked`](earn_core::ProductKind::Locked) for their `term`) and
/// Fixed Saving (`"FixedTermSaving:<id>"` etc., locked for their exact term); see
/// [`BybitProductId`](crate::BybitProductId). APRs come from `estimateApr`, APYs from Fixed
/// Saving's `interestCoinApyList`, never one from the other. Bybit publishes no quota for
/// these products ([`Product::quota`] stays empty; a full product answers `180015`).
///
/// **Accounts** (`capabilities().accounts`): `"FUND"` and `"UNIFIED"`. Each product says
/// where a stake draws from and a redemption pays back ([`Product::draws_from`],
/// [`Product::pays_to`]): FlexibleSaving and Fixed Saving use the adapter's
/// [`account_type`](Self::account_type) (default `FUND`; FlexibleSaving pays back there,
/// inferred), OnChain draws on and pays to `FUND`, FundPool pays to `FUND`.
/// [`RedeemRequest::to_account`] is honoured where Bybit lets the caller choose: OnChain LST
/// (`toAccountType` `FUND` or `UNIFIED`). Elsewhere only the product's own account may be
/// named (OnChain non-LST: `FUND`; FlexibleSaving: the adapter's account); anything else is
/// [`Error::InvalidInput`](earn_core::Error::InvalidInput) on `to_account`. OnChain
/// redemptions always send `toAccountType`.
///
/// **Balances**: FUND from `query-account-coins-balance` (`transferBalance` available,
/// `walletBalance` total), UNIFIED from `wallet-balance` (`walletBalance` total, USD value)
/// and `/v5/account/withdrawal` (available: what can be moved out now). Empty coins are left
/// out.
///
/// **Transfers** between `FUND` and `UNIFIED` carry a `transferId`: the request's client id
/// (a lower-case UUID) or a fresh UUID v4. Bybit does not promise that a repeated
/// `transferId` is de-duplicated, so the safe reading is taken: a transfer is sent once and
/// never repeated by the adapter; an unclear answer is
/// [`Error::OutcomeUnknown`](earn_core::Error::OutcomeUnknown) whose intent [`reconcile`]
/// settles from the transfer records by `transferId`
/// ([`Reconciliation::TransferHappened`]). `131214 TransferId exist` is settled at once by
/// reading that record: the same transfer is returned, a different one is a rejection,
/// none leaves the outcome unknown. Answered `SUCCESS` the transfer is `Succeeded`;
/// `PENDING`/`STATUS_UNKNOWN` is `Pending` (follow it with
/// [`transfer_status`](EarnVenue::transfer_status), which reads its record by
/// `transferId`); `FAILED` is
/// [`Error::Rejected`](earn_core::Error::Rejected). To try again after
/// `DidNotHappen`, send the same `client_id`: Bybit either executes it once or answers
/// `131214`.
///
/// Every stake/redeem carries an `orderLinkId` (the request's client id, or a generated
/// UUID) and returns a pending order; redemptions cannot be cancelled. A duplicate answer
/// (180025/180031) is settled by reading the order with that `orderLinkId`: the same order
/// is returned, a different one is a rejection. Order history is searched over Bybit's
/// default window (the last 7 days).
///
/// **Checks before any request**: the client id, the product id, an amount above zero, a
/// position id's characters, the `to_account`. The product's min/max/precision are then
/// checked once, as the order is sent. A fixed-term OnChain product is **not redeemed
/// before maturity**: unless every position the redemption would come from has passed its
/// `settlementTime`, the redemption is refused locally
/// ([`Error::InvalidInput`](earn_core::Error::InvalidInput) on `product`, saying when it
/// matures) and its estimate says "not allowed" with that reason and the delay until then.
///
/// **Reconciliation** reads history only and honours [`ReconcileIntent::claimed`]. It
/// accepts every intent this crate produces: the adapter's writes and the typed client's
/// (`PlaceOrder`, `PlaceFixedOrder`, `PlaceTokenOrder` by `orderLinkId`;
/// `RedeemFixedPosition`, which has no key, by the FundPool redemptions of its product
/// since the send; `CreateInternalTransfer` by `transferId`). Two candidates, or a row that
/// may be another write's, answer `StillUnknown` with the reason. "Still unknown" lasts at
/// most the grace period (default 2 min, [`reconcile_grace`](Self::reconcile_grace)) when
/// history shows nothing.
///
/// **Redemption estimates** are derived, read-only, from `/v5/earn/product` and
/// `/v5/earn/position` (Bybit has no estimate endpoint), after the same checks as a
/// redemption (client id, product id, amount > 0, position id, `to_account`, then
/// precision and LST bounds against the product). Fees are empty (Bybit documents none for
/// these redemptions); `gas_limit` is `None`. A position's redeemable amount is its
/// `availableAmount`, or `amount` when absent.
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
/// * OnChain fixed-term: as above, but not allowed before maturity (see the checks).
/// * Fixed Saving: `allowed` is `false` (it settles at maturity; this adapter does not
///   redeem it) and `receive` is empty; `delay` runs until the `settlementTime` of the
///   position named by `position_id` (or the product's only position), when known.
///
/// [`reconcile`]: EarnVenue::reconcile
/// [`Reconciliation::TransferHappened`]: earn_core::Reconciliation::TransferHappened
/// [`Product::quota`]: earn_core::Product::quota
/// [`Product::draws_from`]: earn_core::Product::draws_from
/// [`Product::pays_to`]: earn_core::Product::pays_to
/// [`RedeemRequest::to_account`]: earn_core::RedeemRequest::to_account
#[derive(Clone, Debug)]
pub struct BybitEarnVenue {
    client: BybitEarnClient,
    account_type: AccountType,
    reconcile_grace: Duration,
    in_flight: reconcile::InFlight,
}

impl BybitEarnVenue {
    /// An adapter over `client` (FlexibleSaving and Fixed Saving account `FUND`, reconcile
    /// grace 2 min, for orders and transfers alike).
    pub fn new(client: BybitEarnClient) -> Self {
        BybitEarnVenue {
            client,
            account_type: AccountType::Fund,
            reconcile_grace: Duration::from_secs(120),
            in_flight: reconcile::InFlight::default(),
        }
    }

    /// Account FlexibleSaving and Fixed Saving orders use (`FUND` or `UNIFIED`): their stakes
    /// draw on it and FlexibleSaving redemptions pay back to it. OnChain is always `FUND`.
    pub fn account_type(mut self, account: AccountType) -> Self {
        self.account_type = account;
        self
    }

    /// How long after sending an order or a transfer must be absent from history before
    /// reconciliation answers [`Reconciliation::DidNotHappen`] (default 2 min).
    pub fn reconcile_grace(mut self, grace: Duration) -> Self {
        self.reconcile_grace = grace;
        self
    }

    /// The typed client underneath.
    pub fn client(&self) -> &BybitEarnClient {
        &self.client
    }
}

#[async_trait]
impl EarnVenue for BybitEarnVenue {
    fn venue(&self) -> VenueId {
        VENUE
    }

    fn capabilities(&self) -> Capabilities {
        self.supported()
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
        self.find_order(None, order, None).await
    }

    async fn recent_orders(&self, query: &OrderQuery) -> Result<Vec<Order>> {
        self.list_recent(query).await
    }

    async fn reconcile(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        self.reconcile_intent(intent).await
    }
}
