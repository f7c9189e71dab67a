//! `capabilities()`, the venue's two accounts, `balances()`, and `transfer()` between them
//! with its reconciliation (funding-savings reference §3, §4, §8.1).
//!
//! | account id | OKX account | what draws on it |
//! |---|---|---|
//! | `funding` | `6`, funding account | every ETH/SOL staking, on-chain earn and Simple Earn write; every redemption pays back here |
//! | `trading` | `18`, trading account | nothing of this adapter: move money to `funding` first |
//!
//! A transfer always carries a `clientId` (the caller's, checked to be 1–32 ASCII letters
//! or digits, or 32 generated ones) and is sent once. OKX does not promise that a repeated
//! `clientId` is refused, so a transfer is never repeated: an unclear answer is
//! [`Error::OutcomeUnknown`], settled by reading `transfer-state` (by `clientId` or
//! `transId`), then the funding bills `130`/`131` carrying the `clientId`. While a transfer
//! of an asset is unreconciled, another transfer of that asset is refused locally
//! ([`Error::UnreconciledWrite`]).
//!
//! A transfer OKX accepted (one `transfer()` or `reconcile` returned, often still
//! `Pending`) is followed by `transfer_status`: transfer-state by its `transId`, then by its
//! `clientId`, then the funding bills carrying the `clientId`; reads only.

use std::collections::HashMap;
use std::sync::{Arc, Mutex as StdMutex};
use std::time::{Duration, Instant};

use earn_core::{
    AccountId, Amount, Asset, Balance, Capabilities, ClientOrderId, Custody, Error, Operation, OrderId, OrderStatus,
    ReconcileIntent, Reconciliation, Result, Transfer, TransferRequest, UnixMillis, UsdValue,
};
use tokio::sync::Mutex;

use crate::api::account::{GetMaxWithdrawal, GetTradingBalance};
use crate::api::asset::{
    self, AccountType, Bill, GetBills, GetFundingBalances, GetTransferState, TransferFunds, TransferState,
    TransferStatus, bill_type, check_client_id, generate_client_id,
};
use crate::api::{amount_rules, check_id};
use crate::client::OkxStakingClient;
use crate::dialect::VENUE;

/// The funding account (OKX `6`).
pub(crate) const FUNDING: &str = "funding";
/// The trading account (OKX `18`).
pub(crate) const TRADING: &str = "trading";
/// Both accounts, as [`Capabilities::accounts`] lists them.
const ACCOUNTS: &[&str] = &[FUNDING, TRADING];

/// What the adapter offers: every operation, both accounts; on-chain earn purchases carry
/// the caller's client id as their OKX `tag`, transfers as their `clientId`.
pub(crate) fn capabilities() -> Capabilities {
    Capabilities::new(Custody::Custodial)
        .with_all(&[
            Operation::Products,
            Operation::Balances,
            Operation::Transfer,
            Operation::Positions,
            Operation::Stake,
            Operation::RedemptionEstimate,
            Operation::Redeem,
            Operation::CancelRedemption,
            Operation::OrderLookup,
            Operation::RecentOrders,
            Operation::Reconcile,
            Operation::TransferStatus,
        ])
        .with_client_order_ids(true)
        .with_accounts(ACCOUNTS)
}

/// `funding`.
pub(crate) fn funding() -> AccountId {
    AccountId::new(FUNDING)
}

/// The OKX account an adapter account id names (`funding` or `trading`, any case).
fn account_type(field: &str, id: &AccountId) -> Result<AccountType> {
    if id.as_str().eq_ignore_ascii_case(FUNDING) {
        Ok(AccountType::Funding)
    } else if id.as_str().eq_ignore_ascii_case(TRADING) {
        Ok(AccountType::Trading)
    } else {
        Err(Error::invalid_input(field, format!("{id} is not an OKX account; use `{FUNDING}` or `{TRADING}`")))
    }
}

/// The adapter's id of an OKX account (`6` → `funding`, `18` → `trading`; any other code
/// as OKX wrote it).
fn account_id(t: &AccountType) -> AccountId {
    match t {
        AccountType::Funding => AccountId::new(FUNDING),
        AccountType::Trading => AccountId::new(TRADING),
        AccountType::Other(code) => AccountId::new(code.as_str()),
    }
}

/// Whether `id` is the funding account (the only account redemptions pay into).
pub(crate) fn is_funding(id: &AccountId) -> bool {
    id.as_str().eq_ignore_ascii_case(FUNDING)
}

/// What the funding account holds available of `ccy` (no row = nothing).
pub(crate) async fn funding_available(client: &OkxStakingClient, ccy: &str) -> Result<Amount> {
    let rows = client.send(&GetFundingBalances::new().ccy(ccy)).await?;
    Ok(rows.iter().filter(|r| r.ccy.eq_ignore_ascii_case(ccy)).find_map(|r| r.avail_bal).unwrap_or(Amount::ZERO))
}

/// The most of `ccy` that can be moved from the trading to the funding account now
/// (`max-withdrawal` `maxWd`; no row = nothing).
pub(crate) async fn trading_transferable(client: &OkxStakingClient, ccy: &str) -> Result<Amount> {
    let rows = client.send(&GetMaxWithdrawal::new().ccy(ccy)).await?;
    Ok(rows.iter().filter(|r| r.ccy.eq_ignore_ascii_case(ccy)).find_map(|r| r.max_wd).unwrap_or(Amount::ZERO))
}

/// `EarnVenue::balances`: the funding account (`availBal`, total `bal`), then the trading
/// account (available = `max-withdrawal` `maxWd`, the most that can be moved to funding;
/// total = the currency's equity `eq` when it is not negative; `eqUsd`). Currencies with
/// nothing in them are left out.
pub(crate) async fn balances(client: &OkxStakingClient) -> Result<Vec<Balance>> {
    let mut out = Vec::new();
    for row in client.send(&GetFundingBalances::new()).await? {
        let available = row.avail_bal.unwrap_or(Amount::ZERO);
        if row.ccy.is_empty() || (available.is_zero() && row.bal.is_none_or(|b| b.is_zero())) {
            continue;
        }
        let mut b = Balance::new(VENUE, funding(), row.ccy.as_str().into(), available);
        b.total = row.bal;
        out.push(b);
    }
    let accounts = client.send(&GetTradingBalance::new()).await?;
    let max = client.send(&GetMaxWithdrawal::new()).await?;
    let movable = |ccy: &str| max.iter().filter(|m| m.ccy == ccy).find_map(|m| m.max_wd).unwrap_or(Amount::ZERO);
    let mut seen: Vec<&str> = Vec::new();
    for d in accounts.iter().flat_map(|a| a.details.iter()) {
        if d.ccy.is_empty() || seen.contains(&d.ccy.as_str()) {
            continue;
        }
        seen.push(d.ccy.as_str());
        let total = d.eq.and_then(Amount::new);
        let available = movable(&d.ccy);
        if available.is_zero() && total.is_none_or(|t| t.is_zero()) {
            continue;
        }
        let mut b = Balance::new(VENUE, AccountId::new(TRADING), d.ccy.as_str().into(), available);
        b.total = total;
        b.value_usd = d.eq_usd.map(UsdValue::exact);
        out.push(b);
    }
    for m in max.iter().filter(|m| !m.ccy.is_empty() && !seen.contains(&m.ccy.as_str())) {
        if let Some(available) = m.max_wd.filter(|a| !a.is_zero()) {
            out.push(Balance::new(VENUE, AccountId::new(TRADING), m.ccy.as_str().into(), available));
        }
    }
    Ok(out)
}

/// A transfer sent whose outcome is not known yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PendingTransfer {
    pub client_id: String,
    pub amount: Amount,
    pub sent_at: UnixMillis,
    /// OKX answered `code 0` (without a `transId`): it has the transfer, so its absence
    /// from the records never proves it did not happen.
    pub accepted: bool,
}

/// Per-asset slots of unreconciled transfers (shared by clones of the adapter).
#[derive(Debug, Default)]
pub(crate) struct TransferBook {
    slots: StdMutex<HashMap<String, Arc<Mutex<Option<PendingTransfer>>>>>,
}

impl TransferBook {
    fn slot(&self, asset: &str) -> Arc<Mutex<Option<PendingTransfer>>> {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        slots.entry(asset.to_ascii_uppercase()).or_default().clone()
    }
}

/// Transfers and their reconciliation: a borrowed view of the adapter.
pub(crate) struct TransferDesk<'a> {
    pub client: &'a OkxStakingClient,
    pub book: &'a TransferBook,
    /// How long after sending a missing transfer proves it did not happen.
    pub grace: Duration,
    /// How long a successful transfer's state is followed before returning it.
    pub confirm_window: Duration,
    /// Pause between state reads inside the confirm window.
    pub poll_interval: Duration,
}

/// The id prefix of a transfer known only by its funding bill (`bill-<billId>`).
const BILL_PREFIX: &str = "bill-";

/// What the caller already knows of a transfer (an intent, or a [`Transfer`]), for the
/// fields OKX's record leaves out.
struct Known<'a> {
    asset: Option<&'a Asset>,
    amount: Option<Amount>,
    client_id: Option<&'a ClientOrderId>,
    created_at: Option<UnixMillis>,
}

impl<'a> From<&'a ReconcileIntent> for Known<'a> {
    fn from(intent: &'a ReconcileIntent) -> Self {
        Known {
            asset: intent.asset.as_ref(),
            amount: intent.amount,
            client_id: intent.client_id.as_ref(),
            created_at: intent.sent_at,
        }
    }
}

impl<'a> From<&'a Transfer> for Known<'a> {
    fn from(t: &'a Transfer) -> Self {
        Known {
            asset: Some(&t.asset),
            amount: Some(t.amount),
            client_id: t.client_id.as_ref(),
            created_at: t.created_at,
        }
    }
}

/// What OKX's records say about one `clientId`/`transId`.
enum Found {
    /// transfer-state has it.
    State(TransferState),
    /// Only a funding bill carrying the `clientId` shows it (older than transfer-state's two weeks).
    Bill(Bill),
    /// Nothing.
    Nothing,
}

/// A transfer-state lookup that reads "unknown id" answers (`data: []`, `58129`, `51000`)
/// as not found.
async fn state(client: &OkxStakingClient, request: GetTransferState) -> Result<Option<TransferState>> {
    match client.send(&request).await {
        Ok(rows) => Ok(rows.into_iter().next()),
        Err(e) if e.venue_error().is_some_and(|v| v.code == "58129" || v.code == "51000") => Ok(None),
        Err(e) => Err(e),
    }
}

fn status(state: Option<&TransferStatus>) -> OrderStatus {
    match state {
        Some(TransferStatus::Success) => OrderStatus::Succeeded,
        Some(TransferStatus::Failed) => OrderStatus::Failed,
        _ => OrderStatus::Pending,
    }
}

impl TransferDesk<'_> {
    fn past_grace(&self, sent_at: UnixMillis) -> bool {
        let grace = i64::try_from(self.grace.as_millis()).unwrap_or(i64::MAX);
        self.client.now().0.saturating_sub(sent_at.0) >= grace
    }

    /// Looks a transfer up by `transId`, then `clientId`, then in the funding bills.
    async fn find(&self, trans_id: Option<&str>, client_id: Option<&str>) -> Result<Found> {
        if let Some(id) = trans_id.filter(|id| check_id("transId", id).is_ok())
            && let Some(row) = state(self.client, GetTransferState::by_trans_id(id)).await?
        {
            return Ok(Found::State(row));
        }
        let Some(client_id) = client_id else { return Ok(Found::Nothing) };
        if let Some(row) = state(self.client, GetTransferState::by_client_id(client_id)).await? {
            return Ok(Found::State(row));
        }
        let bills = self.client.send(&GetBills::new().client_id(client_id)).await?;
        Ok(bills
            .into_iter()
            .find(|b| {
                b.client_id == client_id && matches!(b.r#type, Some(bill_type::FROM_TRADING | bill_type::TO_TRADING))
            })
            .map_or(Found::Nothing, Found::Bill))
    }

    /// `EarnVenue::transfer`.
    pub(crate) async fn transfer(&self, request: &TransferRequest) -> Result<Transfer> {
        let from = account_type("from", &request.from)?;
        let to = account_type("to", &request.to)?;
        if from == to {
            return Err(Error::invalid_input("to", "must differ from `from`"));
        }
        check_id("asset", request.asset.as_str())?;
        amount_rules(None, None).check("amount", request.amount)?;
        let (client_id, given) = match &request.client_id {
            Some(id) => {
                check_client_id("client_id", id.as_str())?;
                (id.as_str().to_owned(), true)
            }
            None => (generate_client_id(), false),
        };
        let ccy = request.asset.as_str();
        let slot = self.book.slot(ccy);
        let mut slot = slot.lock().await;
        if let Some(prev) = slot.clone() {
            let settled = match self.find(None, Some(&prev.client_id)).await? {
                Found::State(_) | Found::Bill(_) => true,
                Found::Nothing => !prev.accepted && self.past_grace(prev.sent_at),
            };
            if !settled {
                return Err(Error::unreconciled_write(
                    VENUE,
                    Operation::Transfer,
                    format!(
                        "an earlier transfer of {} {ccy} (clientId {}) sent at {} is not reconciled yet; reconcile it \
                         first (at most one unreconciled transfer per asset)",
                        prev.amount, prev.client_id, prev.sent_at
                    ),
                ));
            }
            *slot = None;
        }
        if given {
            let known = match self.find(None, Some(&client_id)).await? {
                Found::State(row) => Some(format!("transfer {}", row.trans_id)),
                Found::Bill(bill) => Some(format!("bill {}", bill.bill_id)),
                Found::Nothing => None,
            };
            if let Some(known) = known {
                return Err(Error::invalid_input(
                    "client_id",
                    format!("OKX already has {known} with clientId {client_id}; a clientId names one transfer"),
                ));
            }
        }
        let body = TransferFunds::new(ccy, request.amount, from, to).client_id(client_id.as_str());
        let intent = ReconcileIntent::new(VENUE, Operation::Transfer, asset::TRANSFER.path)
            .asset(request.asset.clone())
            .amount(request.amount)
            .client_id(client_id.as_str());
        let sent_at = self.client.now();
        let acks = match self.client.send_with_intent(&body, intent.clone()).await {
            Ok(acks) => acks,
            Err(e) => {
                if let Some(sent) = e.reconcile_intent().and_then(|i| i.sent_at) {
                    *slot = Some(PendingTransfer { client_id, amount: request.amount, sent_at: sent, accepted: false });
                }
                return Err(e);
            }
        };
        let Some(trans_id) = acks.into_iter().map(|a| a.trans_id).find(|t| !t.is_empty()) else {
            *slot = Some(PendingTransfer { client_id, amount: request.amount, sent_at, accepted: true });
            return Err(Error::outcome_unknown(intent.sent_at(sent_at), "OKX answered code 0 without a transId", None));
        };
        let mut sent = request.clone();
        sent.client_id = Some(client_id.as_str().into());
        let mut transfer = Transfer::new(VENUE, OrderId::new(trans_id.as_str()), &sent, OrderStatus::Pending);
        transfer.created_at = Some(sent_at);
        // OKX: code 0 does not mean the funds moved; transfer-state says when they did.
        let started = Instant::now();
        loop {
            match state(self.client, GetTransferState::by_trans_id(trans_id.as_str())).await {
                Ok(Some(row)) => transfer.status = status(row.state.as_ref()),
                Ok(None) => {}
                Err(e) => tracing::debug!(error = %e, "transfer-state read failed while following a transfer"),
            }
            if transfer.status.is_final() || started.elapsed() >= self.confirm_window {
                return Ok(transfer);
            }
            tokio::time::sleep(self.poll_interval).await;
        }
    }

    /// Reconciles a transfer intent (this adapter's, the typed client's, or one naming a
    /// [`Transfer`]'s id and client id).
    pub(crate) async fn reconcile(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        let client_id = intent.client_id.as_ref().map(|c| c.as_str());
        let trans_id = intent.order_id.as_ref().map(|o| o.as_str());
        if client_id.is_none() && trans_id.is_none() {
            return Err(Error::invalid_input(
                "intent.client_id",
                "a transfer is found by its clientId or its transId (order_id)",
            ));
        }
        if let Some(id) = client_id {
            check_client_id("intent.client_id", id)?;
        }
        let slot = intent.asset.as_ref().map(|a| self.book.slot(a.as_str()));
        let mut guard = match &slot {
            Some(s) => Some(s.lock().await),
            None => None,
        };
        // This adapter's own unreconciled transfer, when the intent is about it.
        let mut ours =
            guard.as_deref_mut().filter(|p| p.as_ref().is_some_and(|p| Some(p.client_id.as_str()) == client_id));
        let accepted = ours.as_deref().is_some_and(|p| p.as_ref().is_some_and(|p| p.accepted));
        let transfer = match self.find(trans_id, client_id).await? {
            Found::State(row) => of_state(&row, &Known::from(intent))?,
            Found::Bill(bill) => of_bill(&bill, &Known::from(intent))?,
            Found::Nothing if trans_id.is_some() || accepted => {
                return Ok(Reconciliation::still_unknown(
                    "OKX accepted this transfer, but neither transfer-state (two weeks) nor the bills show it yet",
                ));
            }
            Found::Nothing => {
                let answer = match intent.sent_at {
                    Some(t) if self.past_grace(t) => Reconciliation::DidNotHappen,
                    Some(_) => Reconciliation::still_unknown(format!(
                        "transfer-state does not know this clientId yet; absence proves nothing until {} s after sending",
                        self.grace.as_secs()
                    )),
                    None => Reconciliation::still_unknown(
                        "transfer-state does not know this clientId, and the intent has no send time",
                    ),
                };
                if answer == Reconciliation::DidNotHappen
                    && let Some(p) = ours.as_deref_mut()
                {
                    *p = None;
                }
                return Ok(answer);
            }
        };
        let asset_differs =
            intent.asset.as_ref().is_some_and(|a| !a.as_str().eq_ignore_ascii_case(transfer.asset.as_str()));
        if asset_differs || intent.amount.is_some_and(|a| a != transfer.amount) {
            return Ok(Reconciliation::still_unknown(format!(
                "OKX's transfer {} moved {} {}, not what this intent sent: the clientId was used for another \
                 transfer, so it is not evidence for this one",
                transfer.id, transfer.amount, transfer.asset
            )));
        }
        if intent.is_claimed(&transfer.id) {
            return Ok(Reconciliation::still_unknown(format!(
                "transfer {} is already attributed to another write (claimed)",
                transfer.id
            )));
        }
        if let Some(p) = ours {
            *p = None;
        }
        Ok(Reconciliation::TransferHappened(transfer))
    }

    /// `EarnVenue::transfer_status`: OKX's record of a transfer this adapter returned, by
    /// reading only. transfer-state by its `transId` (a `bill-…` id: none), then by its
    /// `clientId` (a row of another `transId` is another transfer: `None`), then the funding
    /// bills carrying the `clientId` (transfer-state keeps two weeks; the bill of this
    /// transfer's currency and amount, or of its `bill-…` id). The answer keeps the id it
    /// was asked about.
    pub(crate) async fn transfer_status(&self, transfer: &Transfer) -> Result<Option<Transfer>> {
        if transfer.venue != VENUE {
            return Err(Error::invalid_input("transfer.venue", format!("{} is not {VENUE}", transfer.venue)));
        }
        let id = transfer.id.as_str();
        let bill_id = id.strip_prefix(BILL_PREFIX);
        let trans_id = match bill_id {
            Some(_) => None,
            None => {
                check_id("transfer.id", id)?;
                Some(id)
            }
        };
        let client_id = transfer.client_id.as_ref().map(|c| c.as_str());
        if let Some(c) = client_id {
            check_client_id("transfer.client_id", c)?;
        } else if bill_id.is_some() {
            return Err(Error::invalid_input(
                "transfer.client_id",
                "a transfer known by its funding bill is found by its clientId; none given",
            ));
        }
        let known = Known::from(transfer);
        let mut found = match self.find(trans_id, client_id).await? {
            Found::State(row) if trans_id == Some(row.trans_id.as_str()) => of_state(&row, &known)?,
            Found::Bill(bill) => {
                let t = of_bill(&bill, &known)?;
                let same = match bill_id {
                    Some(b) => b == bill.bill_id,
                    None => {
                        t.asset.as_str().eq_ignore_ascii_case(transfer.asset.as_str()) && t.amount == transfer.amount
                    }
                };
                if !same {
                    return Ok(None);
                }
                t
            }
            Found::State(_) | Found::Nothing => return Ok(None),
        };
        found.id = transfer.id.clone();
        Ok(Some(found))
    }
}

/// A transfer-state row in the shared vocabulary; `known` fills what the row leaves out.
fn of_state(row: &TransferState, known: &Known<'_>) -> Result<Transfer> {
    let (Some(from), Some(to)) = (&row.from, &row.to) else {
        let body = format!("{row:?}");
        return Err(Error::decode(
            VENUE,
            asset::TRANSFER_STATE.path,
            "a transfer without `from`/`to`",
            body.as_bytes(),
        ));
    };
    let asset = if row.ccy.is_empty() { known.asset.cloned() } else { Some(row.ccy.as_str().into()) };
    let (Some(asset), Some(amount)) = (asset, row.amt.or(known.amount)) else {
        let body = format!("{row:?}");
        return Err(Error::decode(
            VENUE,
            asset::TRANSFER_STATE.path,
            "a transfer without `ccy`/`amt`",
            body.as_bytes(),
        ));
    };
    let mut request = TransferRequest::new(asset, amount, account_id(from), account_id(to));
    request.client_id =
        if row.client_id.is_empty() { known.client_id.cloned() } else { Some(row.client_id.as_str().into()) };
    let mut t = Transfer::new(VENUE, OrderId::new(row.trans_id.as_str()), &request, status(row.state.as_ref()));
    t.created_at = known.created_at;
    Ok(t)
}

/// A transfer only the funding bills still show: bill `131` moved funding → trading, `130`
/// trading → funding; the funds moved.
fn of_bill(bill: &Bill, known: &Known<'_>) -> Result<Transfer> {
    let (from, to) = match bill.r#type {
        Some(bill_type::TO_TRADING) => (FUNDING, TRADING),
        _ => (TRADING, FUNDING),
    };
    let asset = if bill.ccy.is_empty() { known.asset.cloned() } else { Some(bill.ccy.as_str().into()) };
    let amount = bill.bal_chg.and_then(|c| Amount::new(c.abs())).or(known.amount);
    let (Some(asset), Some(amount)) = (asset, amount) else {
        let body = format!("{bill:?}");
        return Err(Error::decode(VENUE, asset::BILLS.path, "a transfer bill without `ccy`/`balChg`", body.as_bytes()));
    };
    let mut request = TransferRequest::new(asset, amount, from, to);
    request.client_id = Some(bill.client_id.as_str().into());
    let mut t =
        Transfer::new(VENUE, OrderId::new(format!("{BILL_PREFIX}{}", bill.bill_id)), &request, OrderStatus::Succeeded);
    t.created_at = bill.ts;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_map_both_ways() {
        assert_eq!(account_type("from", &"Funding".into()).unwrap(), AccountType::Funding);
        assert_eq!(account_type("to", &"trading".into()).unwrap(), AccountType::Trading);
        assert!(matches!(account_type("to", &"spot".into()), Err(Error::InvalidInput { field, .. }) if field == "to"));
        assert_eq!(account_id(&AccountType::Funding).as_str(), FUNDING);
        assert_eq!(account_id(&AccountType::Other("7".into())).as_str(), "7");
        assert!(capabilities().supports(Operation::Transfer) && capabilities().supports(Operation::Balances));
        assert_eq!(capabilities().accounts, ["funding", "trading"]);
    }

    #[test]
    fn a_bill_says_which_way_the_money_went() {
        let bill: Bill = serde_json::from_str(
            r#"{"billId":"9","ccy":"BETH","clientId":"abc","balChg":"0.5","type":"130","ts":"5","notes":""}"#,
        )
        .unwrap();
        let t = of_bill(&bill, &Known::from(&ReconcileIntent::new(VENUE, Operation::Transfer, "x"))).unwrap();
        assert_eq!((t.from.as_str(), t.to.as_str(), t.status), (TRADING, FUNDING, OrderStatus::Succeeded));
        assert_eq!(t.amount, Amount::parse("0.5").unwrap());
        assert_eq!(t.id.as_str(), "bill-9");
    }
}
