//! [`Journaled`]: any venue, with every write journaled before it is sent.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::future::Future;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use earn_core::{
    AccountId, Amount, Asset, Balance, Capabilities, ClientOrderId, Custody, EarnVenue, Error, ErrorKind, Operation,
    Order, OrderId, OrderQuery, OrderRef, OrderStatus, Position, Product, ProductFilter, ProductId, ReconcileIntent,
    Reconciliation, RedeemRequest, RedemptionEstimate, Result, StakeRequest, Transfer, TransferRequest, UnixMillis,
    VenueId, WriteOutcome,
};
use tracing::{debug, warn};

use crate::model::millis;
use crate::{
    AccountKey, ClientIds, Entry, EntryId, EntryState, HistoryQuery, Journal, JournalError, Lease, LeaseKey, NewEntry,
    SettleOutcome, Settlement, VenuePolicy, WriteKind,
};

/// The `endpoint` of errors about the journal itself.
const JOURNAL_ENDPOINT: &str = "earn-journal";

/// A venue whose writes are journaled: recorded durably before they are sent, settled
/// after, and reconciled by reading only after a crash.
///
/// Wraps any `Arc<dyn EarnVenue>` and is one itself. Reads pass through. For each stake,
/// redemption, cancellation and transfer it:
///
/// 1. assigns a client id where the request has none and the venue takes one
///    ([`VenuePolicy`]); a write repeated after "did not happen" reuses the earlier id
///    while the venue deduplicates on it;
/// 2. where the venue keeps no client id, takes the lease on (venue, account, asset,
///    operation): one unreconciled write at a time, across every replica sharing the
///    journal. Another write there is refused with [`Error::UnreconciledWrite`];
/// 3. records the intent durably ([`Journal::record_intent`]). **If that fails, the write
///    is refused and never sent** ([`Error::Transport`] with endpoint `earn-journal`, the
///    [`JournalError`] as its source);
/// 4. calls the inner venue, and records the outcome: the order, claimed for this entry
///    (a row is never attributed to two writes); "did not happen" for a definite
///    rejection; `Unknown` with the adapter's intent for [`Error::OutcomeUnknown`] and for
///    ambiguous answers ([`Error::Unavailable`], [`Error::Decode`]), which are returned as
///    [`Error::OutcomeUnknown`].
///
/// After a restart, [`reconcile_pending`](Self::reconcile_pending) settles every write a
/// crash left open. Non-custodial venues pass through unjournaled: nothing moves until
/// the caller signs, which the journal cannot see.
///
/// Intents the journal records before a call name the product, asset, exact amount,
/// client id, order or position acted on and, for transfers, both accounts; their
/// `endpoint` is empty and their `sent_at` is in the local clock (the adapter's intent,
/// recorded after an unknown outcome, has both): adapters reconcile them without an
/// endpoint, with a margin for clock offset.
pub struct Journaled {
    inner: Arc<dyn EarnVenue>,
    journal: Arc<dyn Journal>,
    account: AccountKey,
    venue: VenueId,
    policy: VenuePolicy,
    assets: Mutex<HashMap<ProductId, Asset>>,
    in_flight: Mutex<HashSet<EntryId>>,
    /// Journaled redemptions whose order this instance has seen final: not read again.
    redemptions_done: Mutex<HashSet<EntryId>>,
}

impl std::fmt::Debug for Journaled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journaled")
            .field("venue", &self.venue)
            .field("account", &self.account)
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

/// What [`Journaled::reconcile_pending`] found for each open entry.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct PendingReport {
    /// One answer per open entry reconciled, oldest first.
    pub entries: Vec<PendingEntry>,
    /// Open entries skipped because this instance is sending them right now.
    pub in_flight: Vec<EntryId>,
}

/// One entry's answer in a [`PendingReport`].
#[derive(Debug)]
#[non_exhaustive]
pub struct PendingEntry {
    /// The entry.
    pub id: EntryId,
    /// Its operation.
    pub operation: Operation,
    /// What reconciliation found (the entry is settled for `Happened` and
    /// `DidNotHappen`, open for `StillUnknown`), or why it could not ask.
    pub answer: Result<Reconciliation>,
}

impl PendingReport {
    fn count(&self, f: impl Fn(&Result<Reconciliation>) -> bool) -> usize {
        self.entries.iter().filter(|e| f(&e.answer)).count()
    }

    /// Entries settled as happened.
    pub fn happened(&self) -> usize {
        self.count(|a| matches!(a, Ok(r) if r.happened()))
    }

    /// Entries settled as not happened.
    pub fn did_not_happen(&self) -> usize {
        self.count(|a| matches!(a, Ok(Reconciliation::DidNotHappen)))
    }

    /// Entries still unknown (ask again later; do not repeat them).
    pub fn still_unknown(&self) -> usize {
        self.count(|a| matches!(a, Ok(r) if r.is_still_unknown()))
    }

    /// Entries whose reconciliation failed (venue or journal unreachable).
    pub fn failed(&self) -> usize {
        self.count(Result::is_err)
    }

    /// Whether every open entry is settled now (none unknown, failed or in flight).
    pub fn all_settled(&self) -> bool {
        self.in_flight.is_empty() && self.still_unknown() == 0 && self.failed() == 0
    }
}

/// What a write returns: the evidence that it happened, if it carries any.
trait WriteAnswer {
    fn evidence(&self) -> Option<Settlement>;
}

impl WriteAnswer for WriteOutcome {
    fn evidence(&self) -> Option<Settlement> {
        self.order().cloned().map(Settlement::Happened)
    }
}

impl WriteAnswer for Order {
    fn evidence(&self) -> Option<Settlement> {
        Some(Settlement::Happened(self.clone()))
    }
}

impl WriteAnswer for Transfer {
    fn evidence(&self) -> Option<Settlement> {
        Some(Settlement::TransferHappened(self.clone()))
    }
}

/// A write about to be journaled.
struct Plan {
    operation: Operation,
    product: Option<ProductId>,
    asset: Option<Asset>,
    amount: Option<Amount>,
    /// The caller's client id.
    client_id: Option<ClientOrderId>,
    /// Whether the request can carry a client id at all.
    carries_client_id: bool,
    order_id: Option<OrderId>,
    position_id: Option<String>,
    from_account: Option<AccountId>,
    to_account: Option<AccountId>,
}

impl Plan {
    fn new(operation: Operation) -> Self {
        Plan {
            operation,
            product: None,
            asset: None,
            amount: None,
            client_id: None,
            carries_client_id: false,
            order_id: None,
            position_id: None,
            from_account: None,
            to_account: None,
        }
    }
}

/// Whether a failed write may have happened anyway.
fn may_have_happened(e: &Error) -> bool {
    if e.maybe_happened() {
        return true;
    }
    match e.kind() {
        // Each of these means the venue did not act, or the request never left.
        ErrorKind::InvalidInput
        | ErrorKind::Authentication
        | ErrorKind::Permission
        | ErrorKind::RateLimited
        | ErrorKind::InsufficientBalance
        | ErrorKind::ProductUnavailable
        | ErrorKind::Rejected
        | ErrorKind::Transport
        | ErrorKind::UnreconciledWrite
        | ErrorKind::Unsupported
        | ErrorKind::Config => false,
        // An answer to a write that could not be read, or a 5xx: it may have acted.
        ErrorKind::Unavailable | ErrorKind::Decode => true,
        // A kind added later: "retryable" means it did not act; anything else is unknown.
        _ => !e.is_retryable(),
    }
}

/// Fills what the adapter's intent left empty from the journal's.
fn merge_intent(adapter: &ReconcileIntent, ours: &ReconcileIntent) -> ReconcileIntent {
    let mut merged = adapter.clone();
    merged.claimed.clear();
    if merged.product.is_none() {
        merged.product.clone_from(&ours.product);
    }
    if merged.asset.is_none() {
        merged.asset.clone_from(&ours.asset);
    }
    if merged.amount.is_none() {
        merged.amount = ours.amount;
    }
    if merged.client_id.is_none() {
        merged.client_id.clone_from(&ours.client_id);
    }
    if merged.order_id.is_none() {
        merged.order_id.clone_from(&ours.order_id);
    }
    if merged.position_id.is_none() {
        merged.position_id.clone_from(&ours.position_id);
    }
    if merged.from_account.is_none() {
        merged.from_account.clone_from(&ours.from_account);
    }
    if merged.to_account.is_none() {
        merged.to_account.clone_from(&ours.to_account);
    }
    if merged.sent_at.is_none() {
        merged.sent_at = ours.sent_at;
    }
    merged
}

/// Two intents for the same write (ignoring `claimed`).
fn same_intent(a: &ReconcileIntent, b: &ReconcileIntent) -> bool {
    let mut a = a.clone();
    a.claimed.clear();
    let mut b = b.clone();
    b.claimed.clear();
    a == b
}

struct InFlight<'a> {
    set: &'a Mutex<HashSet<EntryId>>,
    id: EntryId,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.set.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.id);
    }
}

impl Journaled {
    /// Journals `inner`'s writes in `journal`, made with the API key named by `account`.
    ///
    /// The policy is the venue's own where this workspace has an adapter for it
    /// ([`VenuePolicy::known`]), else derived from its capabilities
    /// ([`VenuePolicy::from_capabilities`]); set another with [`with_policy`](Self::with_policy).
    pub fn new(inner: Arc<dyn EarnVenue>, journal: Arc<dyn Journal>, account: AccountKey) -> Self {
        let venue = inner.venue();
        let policy =
            VenuePolicy::known(&venue).unwrap_or_else(|| VenuePolicy::from_capabilities(&inner.capabilities()));
        Journaled {
            inner,
            journal,
            account,
            venue,
            policy,
            assets: Mutex::new(HashMap::new()),
            in_flight: Mutex::new(HashSet::new()),
            redemptions_done: Mutex::new(HashSet::new()),
        }
    }

    /// Uses `policy` for client ids, leases, assets and the claim horizon.
    pub fn with_policy(mut self, policy: VenuePolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The policy in force.
    pub fn policy(&self) -> &VenuePolicy {
        &self.policy
    }

    /// The wrapped venue.
    pub fn inner(&self) -> &Arc<dyn EarnVenue> {
        &self.inner
    }

    /// The journal.
    pub fn journal(&self) -> &Arc<dyn Journal> {
        &self.journal
    }

    /// The account writes are journaled under.
    pub fn account(&self) -> &AccountKey {
        &self.account
    }

    /// Open entries of this venue and account, oldest first.
    pub async fn open_entries(&self) -> std::result::Result<Vec<Entry>, JournalError> {
        self.journal.open_entries(Some(&self.venue), Some(&self.account)).await
    }

    /// One entry.
    pub async fn entry(&self, id: EntryId) -> std::result::Result<Option<Entry>, JournalError> {
        self.journal.entry(id).await
    }

    /// The last `limit` entries of this venue and account, newest first.
    pub async fn history(&self, limit: u32) -> std::result::Result<Vec<Entry>, JournalError> {
        self.journal.history(&HistoryQuery::scope(self.venue.clone(), self.account.clone()).limit(limit)).await
    }

    /// Leases held for this venue and account.
    pub async fn leases(&self) -> std::result::Result<Vec<Lease>, JournalError> {
        self.journal.leases(Some(&self.venue), Some(&self.account)).await
    }

    /// Settles every open entry of this venue and account (`Intended`, `Sent` or
    /// `Unknown`), by reading only: run it at start-up, and then periodically while some
    /// stay unknown. Entries this instance is sending right now are skipped.
    ///
    /// For each entry, the rows claimed by other entries of the same venue, account and
    /// operation go to the venue in [`ReconcileIntent::claimed`]; a `Happened` answer is
    /// recorded only if its order can be claimed for the entry (if another entry holds
    /// it, the entry stays unknown: never two writes for one row). A venue or journal
    /// failure for one entry is reported and the others are still tried; an `Err` means
    /// the open entries could not be listed.
    pub async fn reconcile_pending(&self) -> std::result::Result<PendingReport, JournalError> {
        let open = self.open_entries().await?;
        let mut report = PendingReport::default();
        for entry in open {
            if self.in_flight.lock().unwrap_or_else(|p| p.into_inner()).contains(&entry.id) {
                report.in_flight.push(entry.id);
                continue;
            }
            let answer = self.reconcile_entry(&entry).await;
            debug!(entry = %entry.id, operation = %entry.operation, ?answer, "reconciled a journaled write");
            report.entries.push(PendingEntry { id: entry.id, operation: entry.operation, answer });
        }
        Ok(report)
    }

    fn journal_error(&self, what: &str, e: JournalError) -> Error {
        Error::Transport {
            venue: self.venue.clone(),
            endpoint: JOURNAL_ENDPOINT.to_owned(),
            message: format!("{what}: {e}"),
            source: Some(Box::new(e)),
        }
    }

    /// The error for a write the journal would not record: nothing was sent.
    fn refusal(&self, op: Operation, e: JournalError) -> Error {
        match e {
            JournalError::LeaseHeld { key, holder } => Error::unreconciled_write(
                self.venue.clone(),
                op,
                format!("journal entry {holder} holds the {key}; nothing was sent (reconcile it first)"),
            ),
            JournalError::ClientIdInUse { client_id, holder } => Error::unreconciled_write(
                self.venue.clone(),
                op,
                format!("client id {client_id} belongs to open journal entry {holder}; nothing was sent"),
            ),
            e => self.journal_error(&format!("the journal could not record the {op} intent, so it was not sent"), e),
        }
    }

    /// The asset of `product`: declared in the policy, cached, or from the venue's products.
    async fn asset_of(&self, product: &ProductId, required: bool) -> Result<Option<Asset>> {
        if let Some(a) = self.policy.declared_asset(product) {
            return Ok(Some(a.clone()));
        }
        if let Some(a) = self.assets.lock().unwrap_or_else(|p| p.into_inner()).get(product) {
            return Ok(Some(a.clone()));
        }
        match self.inner.products(&ProductFilter::all()).await {
            Ok(list) => {
                let mut cache = self.assets.lock().unwrap_or_else(|p| p.into_inner());
                for p in list {
                    cache.insert(p.id, p.asset);
                }
                Ok(cache.get(product).cloned())
            }
            Err(e) if required => Err(e),
            Err(e) => {
                debug!(%product, error = %e, "could not list products to record the asset");
                Ok(None)
            }
        }
    }

    /// The client id of the latest write like `plan` if it did not happen and is inside
    /// the venue's deduplication window.
    async fn reusable_client_id(
        &self,
        plan: &Plan,
        window: std::time::Duration,
        now: UnixMillis,
    ) -> Result<Option<ClientOrderId>> {
        let mut q = HistoryQuery::scope(self.venue.clone(), self.account.clone()).operation(plan.operation).limit(50);
        q.product.clone_from(&plan.product);
        let recent = self.journal.history(&q).await.map_err(|e| self.refusal(plan.operation, e))?;
        // Every write that carries a client id has an amount; compare them by value.
        let same = recent.into_iter().find(|e| e.amount.map(|a| a.decimal()) == plan.amount.map(|b| b.decimal()));
        Ok(same.and_then(|e| {
            let inside = now.0.saturating_sub(e.local_sent_at.0) <= millis(window);
            let not_happened = matches!(e.state, EntryState::Settled(Settlement::DidNotHappen { .. }));
            (inside && not_happened).then_some(e.client_id).flatten()
        }))
    }

    /// Records `plan`, sends it with `send`, and records what came back.
    async fn journaled<T, F, Fut>(&self, plan: Plan, send: F) -> Result<T>
    where
        T: WriteAnswer,
        F: FnOnce(Option<ClientOrderId>) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let op = plan.operation;
        let kind =
            WriteKind::of(op).ok_or_else(|| Error::invalid_input("operation", format!("{op} is not a write")))?;
        let ids = self.policy.client_ids(op, plan.product.as_ref()).clone();
        let needs_lease = kind.leases && ids == ClientIds::None;
        let asset = match (&plan.asset, &plan.product) {
            (Some(a), _) => Some(a.clone()),
            (None, Some(p)) => self.asset_of(p, needs_lease).await?,
            (None, None) => None,
        };
        let now = UnixMillis::now_local();
        let client_id = match (&plan.client_id, &ids) {
            (Some(c), _) => Some(c.clone()),
            (None, ClientIds::Assign { format, dedup_window }) if plan.carries_client_id => {
                let reused = match dedup_window {
                    Some(w) => self.reusable_client_id(&plan, *w, now).await?,
                    None => None,
                };
                Some(reused.unwrap_or_else(|| format.generate()))
            }
            _ => None,
        };
        let mut intent = ReconcileIntent::new(self.venue.clone(), op, String::new()).sent_at(now);
        intent.product = plan.product;
        intent.asset = asset;
        intent.amount = plan.amount;
        intent.client_id.clone_from(&client_id);
        intent.order_id = plan.order_id;
        intent.position_id = plan.position_id;
        intent.from_account = plan.from_account;
        intent.to_account = plan.to_account;
        let mut entry = NewEntry::new(self.account.clone(), intent.clone());
        entry.local_sent_at = now;
        if needs_lease {
            let key = LeaseKey::for_intent(&self.account, &intent).ok_or_else(|| {
                Error::invalid_input(
                    "product",
                    format!(
                        "{} lists no asset for {:?}: the journal needs it for the lease (declare it with VenuePolicy::asset)",
                        self.venue,
                        intent.product.as_ref().map(ProductId::as_str)
                    ),
                )
            })?;
            entry = entry.with_lease(key);
        }
        self.journal.record_intent(&entry).await.map_err(|e| self.refusal(op, e))?;
        let id = entry.id;
        self.in_flight.lock().unwrap_or_else(|p| p.into_inner()).insert(id);
        let _in_flight = InFlight { set: &self.in_flight, id };
        // `sent` is informational (the intent is what is durable): noted beside the call, not
        // before it. Only an `intended` entry becomes `sent`, so a late note changes nothing.
        let journal = Arc::clone(&self.journal);
        tokio::spawn(async move {
            if let Err(e) = journal.mark_sent(id, now).await {
                warn!(entry = %id, error = %e, "could not mark a journaled write as sent");
            }
        });
        let result = send(client_id).await;
        self.record_outcome(id, &intent, result).await
    }

    async fn record_outcome<T: WriteAnswer>(
        &self,
        id: EntryId,
        intent: &ReconcileIntent,
        result: Result<T>,
    ) -> Result<T> {
        match result {
            Ok(answer) => {
                let settlement = answer.evidence().unwrap_or_else(|| {
                    Settlement::did_not_happen("the venue built unsigned transactions; nothing moved")
                });
                match self.journal.settle(id, &settlement).await {
                    Ok(SettleOutcome::Settled) => Ok(answer),
                    Ok(SettleOutcome::AlreadySettled(earlier)) => {
                        warn!(entry = %id, ?earlier, "a journaled write was settled before its answer arrived");
                        Ok(answer)
                    }
                    Ok(SettleOutcome::ClaimedByOther { order, holder }) => Err(Error::outcome_unknown(
                        intent.clone(),
                        format!(
                            "{} answered with order {order}, which journal entry {holder} already accounts for",
                            self.venue
                        ),
                        None,
                    )),
                    Err(e) => {
                        // The venue acted; the entry stays open (and its lease held) until
                        // reconcile_pending settles it.
                        warn!(entry = %id, error = %e, "could not record a write's outcome; it stays open");
                        Ok(answer)
                    }
                }
            }
            Err(mut err) if may_have_happened(&err) => {
                let (stored, reason) = match &mut err {
                    Error::OutcomeUnknown(o) => {
                        o.intent = merge_intent(&o.intent, intent);
                        (o.intent.clone(), o.cause.clone())
                    }
                    other => (intent.clone(), format!("ambiguous answer to a write: {other}")),
                };
                if !matches!(err, Error::OutcomeUnknown(_)) {
                    let venue_error = err.venue_error().cloned();
                    err = Error::outcome_unknown(stored.clone(), reason.clone(), venue_error);
                }
                if let Err(e) = self.journal.mark_unknown(id, &stored, &reason).await {
                    warn!(entry = %id, error = %e, "could not record an unknown outcome; the entry stays open");
                }
                Err(err)
            }
            Err(err) => {
                if let Err(e) = self.journal.settle(id, &Settlement::did_not_happen(err.to_string())).await {
                    warn!(entry = %id, error = %e, "could not record a rejected write; it stays open");
                }
                Err(err)
            }
        }
    }

    /// Order ids claimed by other entries of this venue, account and operation, within the
    /// claim horizon before `sent_at`.
    async fn claimed_by_others(
        &self,
        op: Operation,
        except: Option<EntryId>,
        sent_at: UnixMillis,
    ) -> Result<Vec<OrderId>> {
        let since = UnixMillis(sent_at.0.saturating_sub(millis(self.policy.claim_horizon_duration())));
        let claims = self
            .journal
            .claims(&self.venue, &self.account, op, since)
            .await
            .map_err(|e| self.journal_error("could not read the journal's claims", e))?;
        Ok(claims.into_iter().filter(|c| Some(c.entry) != except).map(|c| c.order_id).collect())
    }

    /// Reconciles one entry and records the answer.
    async fn reconcile_entry(&self, entry: &Entry) -> Result<Reconciliation> {
        if let EntryState::Settled(s) = &entry.state {
            return Ok(s.to_reconciliation());
        }
        let mut intent = entry.intent.clone();
        intent.claimed = self.claimed_by_others(entry.operation, Some(entry.id), entry.local_sent_at).await?;
        let answer = self.inner.reconcile(&intent).await?;
        let j = |e| self.journal_error("could not record a reconciliation", e);
        let settlement = match answer {
            Reconciliation::Happened(order) => Settlement::Happened(order),
            Reconciliation::TransferHappened(t) => Settlement::TransferHappened(t),
            Reconciliation::DidNotHappen => {
                Settlement::did_not_happen("reconciled: the venue's history shows no such write")
            }
            other => {
                let reason = match other {
                    Reconciliation::StillUnknown { reason } => reason,
                    unknown => format!("unrecognized answer {unknown:?}"),
                };
                self.journal.mark_unknown(entry.id, &entry.intent, &reason).await.map_err(j)?;
                return Ok(Reconciliation::still_unknown(reason));
            }
        };
        if let Some(id) = settlement.venue_id().filter(|id| intent.is_claimed(id)) {
            let reason = format!("{} answered with {id}, which another journaled write accounts for", self.venue);
            self.journal.mark_unknown(entry.id, &entry.intent, &reason).await.map_err(j)?;
            return Ok(Reconciliation::still_unknown(reason));
        }
        Ok(match self.journal.settle(entry.id, &settlement).await.map_err(j)? {
            SettleOutcome::Settled => settlement.to_reconciliation(),
            SettleOutcome::AlreadySettled(s) => s.to_reconciliation(),
            SettleOutcome::ClaimedByOther { order, holder } => {
                Reconciliation::still_unknown(format!("order {order} is already attributed to journal entry {holder}"))
            }
        })
    }

    /// The journal entry `intent` belongs to: same intent, else same client id and operation.
    async fn entry_for(&self, intent: &ReconcileIntent) -> Result<Option<Entry>> {
        let j = |e| self.journal_error("could not read the journal", e);
        let open = self.open_entries().await.map_err(j)?;
        if let Some(e) = open.iter().find(|e| same_intent(&e.intent, intent)) {
            return Ok(Some(e.clone()));
        }
        let Some(client_id) = &intent.client_id else { return Ok(None) };
        let q = HistoryQuery::scope(self.venue.clone(), self.account.clone())
            .operation(intent.operation)
            .client_id(client_id.clone())
            .limit(1);
        Ok(self.journal.history(&q).await.map_err(j)?.into_iter().next())
    }

    fn passes_through(&self) -> bool {
        self.inner.capabilities().custody == Custody::NonCustodial
    }

    /// Redemptions this journal recorded as placed (by any replica, before any restart)
    /// whose order the venue still shows pending, summed per product.
    ///
    /// Only entries recorded within the policy's horizon are read, newest first, at most
    /// [`IN_FLIGHT_SCAN`] of them; an order recorded final, or seen final once by this
    /// instance, is not read again. An order the venue cannot find is not counted: only
    /// what the venue confirms as pending is reported.
    async fn journaled_redemptions_in_flight(
        &self,
        horizon: std::time::Duration,
    ) -> Result<BTreeMap<ProductId, (Asset, Amount)>> {
        let q = HistoryQuery::scope(self.venue.clone(), self.account.clone())
            .operation(Operation::Redeem)
            .limit(IN_FLIGHT_SCAN);
        let entries = self
            .journal
            .history(&q)
            .await
            .map_err(|e| self.journal_error("the journal could not list the redemptions in flight", e))?;
        let since = UnixMillis::now_local().0.saturating_sub(millis(horizon));
        let mut pending: BTreeMap<ProductId, (Asset, Amount)> = BTreeMap::new();
        for entry in entries.iter().filter(|e| e.created_at.0 >= since) {
            let EntryState::Settled(Settlement::Happened(recorded)) = &entry.state else { continue };
            if recorded.status.is_final()
                || self.redemptions_done.lock().unwrap_or_else(|p| p.into_inner()).contains(&entry.id)
            {
                continue;
            }
            match self.inner.order(&OrderRef::Venue(recorded.id.clone())).await? {
                Some(order) if order.status == OrderStatus::Pending => {
                    let (_, sum) = pending.entry(order.product.clone()).or_insert((order.asset.clone(), Amount::ZERO));
                    *sum = sum.checked_add(order.amount).ok_or_else(|| {
                        Error::invalid_input("positions.pending_redemption", "the sum of pending redemptions overflows")
                    })?;
                }
                Some(_) => {
                    self.redemptions_done.lock().unwrap_or_else(|p| p.into_inner()).insert(entry.id);
                }
                None => {
                    debug!(entry = %entry.id, order = %recorded.id, "the venue does not list a journaled redemption")
                }
            }
        }
        Ok(pending)
    }
}

/// How many of the newest journaled redemptions `Journaled::positions` looks at.
const IN_FLIGHT_SCAN: u32 = 50;

/// Adds journaled redemptions in flight to `positions`: a product's pending redemption
/// becomes the larger of what the venue reports and what the journal knows is pending
/// (the two overlap whenever the venue lists them itself, so they are never added), and a
/// product the venue no longer lists (fully redeemed) gets a zero position carrying it.
fn merge_in_flight(positions: &mut Vec<Position>, venue: &VenueId, in_flight: BTreeMap<ProductId, (Asset, Amount)>) {
    for (product, (asset, amount)) in in_flight {
        match positions.iter_mut().find(|p| p.product == product && p.asset == asset) {
            Some(p) => {
                if p.pending_redemption.is_none_or(|listed| listed.decimal() < amount.decimal()) {
                    p.pending_redemption = Some(amount);
                }
            }
            None => {
                let mut p = Position::new(venue.clone(), product, asset, Amount::ZERO);
                p.pending_redemption = Some(amount);
                positions.push(p);
            }
        }
    }
}

#[async_trait]
impl EarnVenue for Journaled {
    fn venue(&self) -> VenueId {
        self.venue.clone()
    }

    fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }

    async fn products(&self, filter: &ProductFilter) -> Result<Vec<Product>> {
        self.inner.products(filter).await
    }

    /// The venue's positions, plus the redemptions this journal recorded that the venue
    /// still shows pending but may not list any more: Bybit lists an OnChain redemption
    /// only by its id, so after a restart the adapter alone cannot find it
    /// ([`VenuePolicy::in_flight_horizon`]). A journal that cannot be read fails the call:
    /// the answer would be incomplete.
    async fn positions(&self) -> Result<Vec<Position>> {
        let mut positions = self.inner.positions().await?;
        if self.passes_through() {
            return Ok(positions);
        }
        if let Some(horizon) = self.policy.in_flight_horizon() {
            let in_flight = self.journaled_redemptions_in_flight(horizon).await?;
            merge_in_flight(&mut positions, &self.venue, in_flight);
        }
        Ok(positions)
    }

    async fn balances(&self) -> Result<Vec<Balance>> {
        self.inner.balances().await
    }

    /// A read: passed to the inner venue as is (nothing to journal).
    async fn transfer_status(&self, transfer: &Transfer) -> Result<Option<Transfer>> {
        self.inner.transfer_status(transfer).await
    }

    async fn transfer(&self, request: &TransferRequest) -> Result<Transfer> {
        if self.passes_through() {
            return self.inner.transfer(request).await;
        }
        let mut plan = Plan::new(Operation::Transfer);
        plan.asset = Some(request.asset.clone());
        plan.amount = Some(request.amount);
        plan.from_account = Some(request.from.clone());
        plan.to_account = Some(request.to.clone());
        plan.client_id.clone_from(&request.client_id);
        plan.carries_client_id = true;
        self.journaled(plan, |client_id| async move {
            let mut request = request.clone();
            request.client_id = client_id;
            self.inner.transfer(&request).await
        })
        .await
    }

    async fn stake(&self, request: &StakeRequest) -> Result<WriteOutcome> {
        if self.passes_through() {
            return self.inner.stake(request).await;
        }
        let mut plan = Plan::new(Operation::Stake);
        plan.product = Some(request.product.clone());
        plan.amount = Some(request.amount);
        plan.client_id.clone_from(&request.client_id);
        plan.carries_client_id = true;
        self.journaled(plan, |client_id| async move {
            let mut request = request.clone();
            request.client_id = client_id;
            self.inner.stake(&request).await
        })
        .await
    }

    async fn redemption_estimate(&self, request: &RedeemRequest) -> Result<RedemptionEstimate> {
        self.inner.redemption_estimate(request).await
    }

    async fn redeem(&self, request: &RedeemRequest) -> Result<WriteOutcome> {
        if self.passes_through() {
            return self.inner.redeem(request).await;
        }
        let mut plan = Plan::new(Operation::Redeem);
        plan.product = Some(request.product.clone());
        plan.amount = Some(request.amount);
        plan.position_id.clone_from(&request.position_id);
        plan.to_account.clone_from(&request.to_account);
        plan.client_id.clone_from(&request.client_id);
        plan.carries_client_id = true;
        self.journaled(plan, |client_id| async move {
            let mut request = request.clone();
            request.client_id = client_id;
            self.inner.redeem(&request).await
        })
        .await
    }

    async fn cancel_redemption(&self, order: &OrderRef) -> Result<Order> {
        if self.passes_through() {
            return self.inner.cancel_redemption(order).await;
        }
        let mut plan = Plan::new(Operation::CancelRedemption);
        match order {
            OrderRef::Venue(id) => plan.order_id = Some(id.clone()),
            OrderRef::Client(client_id) => {
                // The journal records the venue order acted on: find it first (a read).
                let found = self.inner.order(order).await?.ok_or_else(|| {
                    Error::invalid_input("order", format!("{} has no order with client id {client_id}", self.venue))
                })?;
                plan.order_id = Some(found.id);
                plan.product = Some(found.product);
                plan.asset = Some(found.asset);
            }
        }
        self.journaled(plan, |_| self.inner.cancel_redemption(order)).await
    }

    async fn order(&self, order: &OrderRef) -> Result<Option<Order>> {
        self.inner.order(order).await
    }

    async fn recent_orders(&self, query: &OrderQuery) -> Result<Vec<Order>> {
        self.inner.recent_orders(query).await
    }

    /// Reconciles by reading only, like [`reconcile_pending`](Journaled::reconcile_pending)
    /// for one write: the journal entry of `intent` (the intent of an
    /// [`Error::OutcomeUnknown`] this venue returned) is settled or kept open. An intent
    /// the journal does not know is passed on with every claimed row in `claimed`.
    async fn reconcile(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        if let Some(entry) = self.entry_for(intent).await? {
            return self.reconcile_entry(&entry).await;
        }
        let mut intent = intent.clone();
        let sent_at = intent.sent_at.unwrap_or_else(UnixMillis::now_local);
        let claimed = self.claimed_by_others(intent.operation, None, sent_at).await?;
        intent.claimed.extend(claimed);
        self.inner.reconcile(&intent).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amt(s: &str) -> Amount {
        s.parse().unwrap()
    }

    fn in_flight(rows: &[(&str, &str, &str)]) -> BTreeMap<ProductId, (Asset, Amount)> {
        rows.iter().map(|(p, a, n)| (ProductId::new(*p), (Asset::new(*a), amt(n)))).collect()
    }

    /// Whether a failed write is recorded as unknown (reconcile it) or as not happened
    /// (its lease is freed and it may be sent again): every kind, one error each.
    #[test]
    fn only_answers_that_may_hide_an_applied_write_count_as_maybe_happened() {
        let venue = VenueId::from_static("v");
        let ve = || earn_core::VenueError::new(venue.clone(), "50001", "busy", Some(503));
        let intent = ReconcileIntent::new(venue.clone(), Operation::Stake, "/stake");
        let maybe = [
            Error::outcome_unknown(intent, "no answer", None),
            Error::Unavailable(ve()),
            Error::decode(venue.clone(), "/stake", "not JSON", b"<html>"),
        ];
        for e in &maybe {
            assert!(may_have_happened(e), "{e:?} may have happened");
        }
        let definite = [
            Error::invalid_input("amount", "zero"),
            Error::Authentication(ve()),
            Error::Permission(ve()),
            Error::RateLimited { error: ve(), retry_after: None },
            Error::InsufficientBalance(ve()),
            Error::ProductUnavailable(ve()),
            Error::Rejected(ve()),
            Error::Transport {
                venue: venue.clone(),
                endpoint: "/stake".into(),
                message: "could not connect".into(),
                source: None,
            },
            Error::unreconciled_write(venue.clone(), Operation::Stake, "entry 1"),
            // Not in the list: a retryable error means nothing was sent.
            Error::BudgetUnavailable { message: "redis down".into(), source: None },
        ];
        for e in &definite {
            assert!(!may_have_happened(e), "{e:?} did not happen");
        }
    }

    #[test]
    fn intents_are_the_same_write_whatever_rows_they_name_as_claimed() {
        let venue = VenueId::from_static("v");
        let a = ReconcileIntent::new(venue.clone(), Operation::Stake, "").product("p").amount(amt("1"));
        let mut claimed = a.clone();
        claimed.claimed.push(OrderId::new("o-1"));
        assert!(same_intent(&a, &claimed));
        assert!(same_intent(&claimed, &a));
        assert!(!same_intent(&a, &a.clone().amount(amt("2"))));
        assert!(!same_intent(&a, &ReconcileIntent::new(venue, Operation::Redeem, "").product("p").amount(amt("1"))));
    }

    #[test]
    fn a_pending_report_counts_each_answer_once() {
        let entry = |answer: Result<Reconciliation>| PendingEntry {
            id: EntryId::random(),
            operation: Operation::Stake,
            answer,
        };
        let order = Order::new(
            VenueId::from_static("v"),
            OrderId::new("o"),
            ProductId::new("p"),
            Asset::new("ETH"),
            earn_core::OrderSide::Stake,
            amt("1"),
            OrderStatus::Pending,
            "pending",
        );
        let mut report = PendingReport::default();
        assert!(report.all_settled());
        report.entries.push(entry(Ok(Reconciliation::Happened(order))));
        report.entries.push(entry(Ok(Reconciliation::DidNotHappen)));
        assert!(report.all_settled());
        assert_eq!((report.happened(), report.did_not_happen(), report.still_unknown(), report.failed()), (1, 1, 0, 0));
        report.entries.push(entry(Err(Error::invalid_input("x", "y"))));
        assert_eq!(report.failed(), 1);
        assert!(!report.all_settled(), "a failed reconciliation is not settled");
        report.entries.pop();
        report.entries.push(entry(Ok(Reconciliation::still_unknown("later"))));
        assert_eq!(report.still_unknown(), 1);
        assert!(!report.all_settled(), "an unknown entry is not settled");
        report.entries.pop();
        report.in_flight.push(EntryId::random());
        assert!(!report.all_settled(), "an entry in flight is not settled");
    }

    #[test]
    fn in_flight_redemptions_are_never_added_to_what_the_venue_lists() {
        let venue = VenueId::from_static("bybit-earn");
        let mut listed = Position::new(venue.clone(), ProductId::new("OnChain:8"), Asset::new("ETH"), amt("2"));
        listed.pending_redemption = Some(amt("1"));
        let mut smaller = Position::new(venue.clone(), ProductId::new("OnChain:9"), Asset::new("USDT"), amt("5"));
        smaller.pending_redemption = Some(amt("3"));
        let untouched = Position::new(venue.clone(), ProductId::new("FlexibleSaving:1"), Asset::new("USDT"), amt("7"));
        let mut positions = vec![listed, smaller, untouched.clone()];
        merge_in_flight(
            &mut positions,
            &venue,
            in_flight(&[("OnChain:8", "ETH", "1"), ("OnChain:9", "USDT", "4"), ("OnChain:503", "USDT", "10")]),
        );
        // The venue already shows OnChain:8's redemption: the same one, not a second.
        assert_eq!(positions[0].pending_redemption, Some(amt("1")));
        assert_eq!(positions[0].amount.to_string(), "2");
        // The journal knows more is pending on OnChain:9 than the venue lists.
        assert_eq!(positions[1].pending_redemption, Some(amt("4")));
        assert_eq!(positions[2], untouched);
        // A fully redeemed product the venue no longer lists.
        assert_eq!(positions.len(), 4);
        let gone = &positions[3];
        assert_eq!((gone.product.as_str(), gone.asset.as_str()), ("OnChain:503", "USDT"));
        assert!(gone.amount.is_zero());
        assert_eq!(gone.pending_redemption, Some(amt("10")));
    }
}
