//! `capabilities()`, the Bybit accounts (`FUND`, `UNIFIED`): which one each product draws
//! on and pays back to, `balances()`, `transfer()`, `transfer_status()`, and the transfer
//! records both `transfer_status()` and reconciliation read.

use earn_core::http::CodeClass;
use earn_core::{
    AccountId, Amount, Balance, Capabilities, Custody, Error, Operation, OrderId, OrderStatus, ReconcileIntent, Result,
    Transfer, TransferRequest, UnixMillis, UsdValue, VenueError,
};

use super::BybitEarnVenue;
use crate::VENUE;
use crate::api::account::{COIN_NAMES_MAX, GetTransferableAmount, GetWalletBalance};
use crate::api::asset::{
    CreateInternalTransfer, GetAllCoinsBalance, GetInternalTransfers, INTER_TRANSFER, InternalTransferResult,
    TransferRecord, TransferStatus, check_transfer_id, new_transfer_id,
};
use crate::api::common::{AccountType, check_coin, check_id};
use crate::api::easy_earn::EarnCategory;
use crate::api::fixed_saving::FixedCategory;
use crate::errors::classify;

/// The accounts this adapter knows, by [`AccountId`] text.
pub(super) const ACCOUNTS: &[&str] = &["FUND", "UNIFIED"];

/// Transfer records are searched from this long before the send time (clock error between
/// this client and Bybit, and Bybit's second-level time filter).
const TRANSFER_LOOKBACK_MS: i64 = 60_000;

/// The adapter's name of a Bybit account.
pub(super) fn account_id(account: &AccountType) -> AccountId {
    AccountId::new(account.as_str())
}

/// A Bybit account named by the caller: exactly `FUND` or `UNIFIED`.
pub(super) fn account_type(field: &str, account: &AccountId) -> Result<AccountType> {
    match account.as_str().parse::<AccountType>() {
        Ok(a) if a.is_known() => Ok(a),
        _ => {
            Err(Error::invalid_input(field, format!("{:?} is not a Bybit account: FUND or UNIFIED", account.as_str())))
        }
    }
}

/// Where a Fixed Saving product pays back: `FUND` for FundPool (its early redemption pays
/// there); Bybit does not document it for the others.
pub(super) fn fixed_pays_to(category: &FixedCategory) -> Option<AccountType> {
    (*category == FixedCategory::FundPool).then_some(AccountType::Fund)
}

/// A transfer record in the shared vocabulary, carrying the caller's `transferId`.
pub(super) fn transfer_of(record: &TransferRecord, transfer_id: &str) -> Transfer {
    let request = TransferRequest::new(
        record.coin.as_str(),
        record.amount,
        account_id(&record.from_account_type),
        account_id(&record.to_account_type),
    )
    .client_id(transfer_id);
    let mut out =
        Transfer::new(VENUE, OrderId::new(record.transfer_id.as_str()), &request, status(record.status.as_ref()));
    out.created_at = record.timestamp;
    out
}

/// `SUCCESS` and `FAILED` are final; anything else (`PENDING`, `STATUS_UNKNOWN`, none) is
/// not yet.
fn status(status: Option<&TransferStatus>) -> OrderStatus {
    match status {
        Some(TransferStatus::Success) => OrderStatus::Succeeded,
        Some(TransferStatus::Failed) => OrderStatus::Failed,
        _ => OrderStatus::Pending,
    }
}

/// Whether a record moved what an intent sent: coin and exact amount (the intent does not
/// name the accounts).
pub(super) fn record_matches(intent: &ReconcileIntent, record: &TransferRecord) -> bool {
    intent.asset.as_ref().is_none_or(|a| a.as_str().eq_ignore_ascii_case(&record.coin))
        && intent.amount.is_none_or(|a| a.decimal() == record.amount.decimal())
}

/// A transfer Bybit answered `FAILED` is a definite rejection: nothing moved.
fn settled(transfer: Transfer) -> Result<Transfer> {
    if transfer.status != OrderStatus::Failed {
        return Ok(transfer);
    }
    let message = format!(
        "transfer {} of {} {} from {} to {} has status FAILED; nothing moved, a new attempt needs a new transferId",
        transfer.id, transfer.amount, transfer.asset, transfer.from, transfer.to
    );
    Err(Error::Rejected(VenueError::new(VENUE, "FAILED", message, Some(200))))
}

impl BybitEarnVenue {
    /// Everything but cancelling a redemption (Bybit has no cancel); writes take client ids;
    /// the accounts are `FUND` and `UNIFIED`.
    pub(super) fn supported(&self) -> Capabilities {
        Capabilities::new(Custody::Custodial)
            .with_all(&[
                Operation::Products,
                Operation::Balances,
                Operation::Transfer,
                Operation::Positions,
                Operation::Stake,
                Operation::RedemptionEstimate,
                Operation::Redeem,
                Operation::OrderLookup,
                Operation::RecentOrders,
                Operation::Reconcile,
                Operation::TransferStatus,
            ])
            .with_client_order_ids(true)
            .with_accounts(ACCOUNTS)
    }

    /// The account an Easy Earn order uses: the configured one, `FUND` for OnChain (its only
    /// one). A FlexibleSaving redemption pays back to it too (inferred: Bybit documents no
    /// other destination for FlexibleSaving).
    pub(super) fn account_for(&self, category: &EarnCategory) -> AccountType {
        if *category == EarnCategory::OnChain { AccountType::Fund } else { self.account_type.clone() }
    }

    /// The account a Fixed Saving subscription uses: the configured one.
    pub(super) fn fixed_account(&self) -> AccountType {
        self.account_type.clone()
    }

    /// Idle funds: every FUND coin (`walletBalance` total, `transferBalance` available), then
    /// every UNIFIED coin (`walletBalance` total, the transferable amount of
    /// `/v5/account/withdrawal` available, `usdValue`). Coins with nothing in them are left out.
    pub(super) async fn list_balances(&self) -> Result<Vec<Balance>> {
        let mut out = Vec::new();
        let fund = self.client.send(&GetAllCoinsBalance::new(AccountType::Fund)).await?;
        for row in fund.balance {
            let available = row.transfer_balance.unwrap_or(Amount::ZERO);
            if available.is_zero() && row.wallet_balance.is_none_or(|t| t.is_zero()) {
                continue;
            }
            let mut b = Balance::new(VENUE, account_id(&AccountType::Fund), row.coin.as_str().into(), available);
            b.total = row.wallet_balance;
            out.push(b);
        }
        let accounts = self.client.send(&GetWalletBalance::unified()).await?.list;
        let mut coins = Vec::new();
        for c in accounts.iter().filter(|a| a.account_type.as_ref().is_none_or(|t| *t == AccountType::Unified)) {
            coins.extend(c.coin.iter().filter(|c| !c.coin.is_empty()));
        }
        let mut names: Vec<String> = Vec::new();
        for c in &coins {
            if !names.contains(&c.coin) {
                names.push(c.coin.clone());
            }
        }
        let mut movable = std::collections::BTreeMap::new();
        for chunk in names.chunks(COIN_NAMES_MAX) {
            movable.extend(
                self.client.send(&GetTransferableAmount::new(chunk.iter().cloned())).await?.available_withdrawal_map,
            );
        }
        for c in coins {
            let total = c.wallet_balance.and_then(Amount::new);
            let available = movable.get(&c.coin).copied().unwrap_or(Amount::ZERO);
            if available.is_zero() && total.is_none_or(|t| t.is_zero()) {
                continue;
            }
            let mut b = Balance::new(VENUE, account_id(&AccountType::Unified), c.coin.as_str().into(), available);
            b.total = total;
            b.value_usd = c.usd_value.map(UsdValue::exact);
            out.push(b);
        }
        Ok(out)
    }

    /// Sends one internal transfer under the caller's `transferId` (a lower-case UUID) or a
    /// fresh one. See [`BybitEarnVenue`] for the outcomes.
    pub(super) async fn place_transfer(&self, request: &TransferRequest) -> Result<Transfer> {
        let from = account_type("from", &request.from)?;
        let to = account_type("to", &request.to)?;
        if from == to {
            return Err(Error::invalid_input("to", "must differ from `from`"));
        }
        let coin = request.asset.as_str().to_ascii_uppercase();
        check_coin("asset", &coin)?;
        earn_core::AmountRules::default().check("amount", request.amount)?;
        let transfer_id = match &request.client_id {
            Some(id) => {
                check_transfer_id("client_id", id.as_str())?;
                id.as_str().to_owned()
            }
            None => new_transfer_id(),
        };
        let wire = CreateInternalTransfer::new(coin.as_str(), request.amount, from.clone(), to.clone())
            .transfer_id(transfer_id.as_str());
        let intent = ReconcileIntent::new(VENUE, Operation::Transfer, INTER_TRANSFER.path)
            .asset(coin.as_str())
            .amount(request.amount)
            .client_id(transfer_id.as_str());
        let shared = TransferRequest::new(coin.as_str(), request.amount, account_id(&from), account_id(&to))
            .client_id(transfer_id.as_str());
        let err = match self.client.send_with_intent(&wire, intent).await {
            Ok(answer) => return settled(accepted(&shared, &transfer_id, answer)),
            Err(e) => e,
        };
        // 131214: a transfer with this transferId exists. Read it: the same transfer is
        // returned, a different one is a rejection, none leaves the outcome unknown.
        let Some(ve) = err.venue_error().filter(|ve| classify(&ve.code) == CodeClass::Repeated).cloned() else {
            return Err(err);
        };
        let Ok(records) = self.transfer_records(&transfer_id, None).await else { return Err(err) };
        let ours: Vec<&TransferRecord> = records.iter().filter(|r| r.is_transfer(&transfer_id)).collect();
        let same = ours.iter().find(|r| {
            r.coin.eq_ignore_ascii_case(&coin)
                && r.amount.decimal() == request.amount.decimal()
                && r.from_account_type == from
                && r.to_account_type == to
        });
        if let Some(same) = same {
            tracing::info!(transfer_id, "duplicate transferId resolved to the existing transfer");
            return settled(transfer_of(same, &transfer_id));
        }
        match ours.first() {
            Some(other) => {
                let message = format!(
                    "{} (transferId {transfer_id} already belongs to a different transfer: {} {} from {} to {})",
                    ve.message, other.amount, other.coin, other.from_account_type, other.to_account_type
                );
                Err(Error::Rejected(VenueError { message, ..ve }))
            }
            None => Err(err),
        }
    }

    /// `EarnVenue::transfer_status`: Bybit's record of a transfer this adapter returned, by
    /// reading only. The records carrying its `transferId` (the client id, else its id;
    /// searched from a minute before `created_at` when known, else the past seven days): the
    /// record of exactly its id, else the one record carrying the `transferId` that moved
    /// the same coin and amount between the same accounts; none (or several) is `None`.
    pub(super) async fn read_transfer(&self, transfer: &Transfer) -> Result<Option<Transfer>> {
        if transfer.venue != VENUE {
            return Err(Error::invalid_input("transfer.venue", format!("{} is not {VENUE}", transfer.venue)));
        }
        check_id("transfer.id", transfer.id.as_str())?;
        let transfer_id = match &transfer.client_id {
            Some(c) => {
                check_id("transfer.client_id", c.as_str())?;
                c.as_str()
            }
            None => transfer.id.as_str(),
        };
        let records = self.transfer_records(transfer_id, transfer.created_at).await?;
        let ours: Vec<&TransferRecord> = records.iter().filter(|r| r.is_transfer(transfer_id)).collect();
        if let Some(exact) = ours.iter().find(|r| r.transfer_id == transfer.id.as_str()) {
            return Ok(Some(transfer_of(exact, transfer_id)));
        }
        let same: Vec<&&TransferRecord> = ours
            .iter()
            .filter(|r| {
                r.coin.eq_ignore_ascii_case(transfer.asset.as_str())
                    && r.amount.decimal() == transfer.amount.decimal()
                    && account_id(&r.from_account_type) == transfer.from
                    && account_id(&r.to_account_type) == transfer.to
            })
            .collect();
        Ok(match same.as_slice() {
            [one] => Some(transfer_of(one, transfer_id)),
            _ => None,
        })
    }

    /// The records carrying `transfer_id` (reads only): from `sent_at` minus a minute when
    /// known (Bybit then answers the seven days from there), else the past seven days.
    pub(super) async fn transfer_records(
        &self,
        transfer_id: &str,
        sent_at: Option<UnixMillis>,
    ) -> Result<Vec<TransferRecord>> {
        let mut request = GetInternalTransfers::new().transfer_id(transfer_id).limit(50);
        if let Some(sent) = sent_at {
            request = request.since(UnixMillis(sent.0.saturating_sub(TRANSFER_LOOKBACK_MS).max(0)));
        }
        Ok(self.client.send(&request).await?.list)
    }
}

/// The create answer in the shared vocabulary: `SUCCESS` done, `FAILED` refused, anything
/// else accepted and not final.
fn accepted(request: &TransferRequest, transfer_id: &str, answer: InternalTransferResult) -> Transfer {
    let id = if answer.transfer_id.is_empty() { transfer_id } else { answer.transfer_id.as_str() };
    Transfer::new(VENUE, OrderId::new(id), request, status(answer.status.as_ref()))
}
