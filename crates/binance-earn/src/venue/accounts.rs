//! `capabilities()`, the Binance accounts (`SPOT`, `FUNDING`), `balances()` and
//! `transfer()` between them.
//!
//! * `SPOT`: `GET /api/v3/account` (non-zero balances): available `free`, total
//!   `free + locked`.
//! * `FUNDING`: `POST /sapi/v1/asset/get-funding-asset`: available `free`, total
//!   `free + locked + freeze + withdrawing`.
//!
//! A transfer is a universal transfer, `MAIN_FUNDING` (SPOT → FUNDING) or `FUNDING_MAIN`
//! (FUNDING → SPOT). Binance keeps no client id on it: a caller's `client_id` is echoed in
//! the returned [`Transfer`] for the caller's own books, never sent. It is never repeated
//! as a new transfer: an unclear answer is `OutcomeUnknown`, settled by `reconcile`
//! through the transfer history of that direction. A transfer Binance acknowledged (its
//! `tranId`) is followed by `transfer_status`: its row in that history, read around its
//! `created_at`.

use earn_core::{
    AccountId, Amount, Balance, Capabilities, Custody, Error, Operation, OrderId, OrderStatus, Result, Transfer,
    TransferRequest, UnixMillis,
};

use super::BinanceEarnVenue;
use super::positions::MAX_PAGES;
use crate::VENUE;
use crate::api::common::{MAX_HISTORY_SPAN, Window, check_numeric_id};
use crate::api::simple_earn::DestAccount;
use crate::api::wallet::{
    GetFundingAsset, GetSpotAccount, GetUniversalTransferHistory, TransferRow, TransferStatus, TransferType,
    UniversalTransfer,
};

/// The accounts this adapter knows, as [`AccountId`] texts.
pub(super) const ACCOUNTS: &[&str] = &["SPOT", "FUNDING"];

/// Everything but cancelling a redemption (Binance has none); no client order ids.
pub(super) fn capabilities() -> Capabilities {
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
        .with_client_order_ids(false)
        .with_accounts(ACCOUNTS)
}

fn is(account: &AccountId, name: &str) -> bool {
    account.as_str().eq_ignore_ascii_case(name)
}

/// The flexible `destAccount` for a requested account (`None`: Binance's default `SPOT`).
pub(super) fn dest_account(to: Option<&AccountId>) -> Result<Option<DestAccount>> {
    match to {
        None => Ok(None),
        Some(a) if is(a, "SPOT") => Ok(Some(DestAccount::Spot)),
        Some(a) if is(a, "FUNDING") => Ok(Some(DestAccount::Fund)),
        Some(a) => Err(Error::invalid_input("to_account", format!("{a} is not SPOT or FUNDING"))),
    }
}

/// The universal-transfer direction between two accounts.
/// How often, and how patiently, a fresh transfer's record is read before returning.
const FOLLOW_ATTEMPTS: u32 = 5;
const FOLLOW_PAUSE: std::time::Duration = std::time::Duration::from_millis(200);

pub(super) fn transfer_type(from: &AccountId, to: &AccountId) -> Result<TransferType> {
    if is(from, "SPOT") && is(to, "FUNDING") {
        Ok(TransferType::MainFunding)
    } else if is(from, "FUNDING") && is(to, "SPOT") {
        Ok(TransferType::FundingMain)
    } else {
        Err(Error::invalid_input("to", format!("cannot transfer from {from} to {to}: accounts are SPOT and FUNDING")))
    }
}

/// `CONFIRMED` and `FAILED` are final; `PENDING` (or none) is not yet.
fn transfer_status(status: Option<&TransferStatus>) -> OrderStatus {
    match status {
        Some(TransferStatus::Confirmed) => OrderStatus::Succeeded,
        Some(TransferStatus::Failed) => OrderStatus::Failed,
        _ => OrderStatus::Pending,
    }
}

/// A universal-transfer history row of direction `kind` in the shared vocabulary (`None`:
/// a row without Binance's `tranId` or amount names no transfer).
pub(super) fn transfer_of(kind: &TransferType, row: &TransferRow) -> Option<Transfer> {
    if row.tran_id.is_empty() {
        return None;
    }
    let (from, to) = kind.accounts();
    let request = TransferRequest::new(row.asset.as_str(), row.amount?, from, to);
    let mut t =
        Transfer::new(VENUE, OrderId::new(row.tran_id.as_str()), &request, transfer_status(row.status.as_ref()));
    t.created_at = row.timestamp;
    Some(t)
}

fn sum(parts: &[Option<Amount>]) -> Amount {
    parts.iter().flatten().fold(Amount::ZERO, |acc, a| acc.checked_add(*a).unwrap_or(acc))
}

impl BinanceEarnVenue {
    /// `EarnVenue::balances`: Spot and Funding, non-zero assets only.
    pub(super) async fn list_balances(&self) -> Result<Vec<Balance>> {
        let (spot_req, funding_req) = (GetSpotAccount::new().omit_zero_balances(true), GetFundingAsset::new());
        let (spot, funding) = tokio::try_join!(self.client.send(&spot_req), self.client.send(&funding_req))?;
        let mut out = Vec::new();
        for b in &spot.balances {
            let total = sum(&[b.free, b.locked]);
            if !total.is_zero() {
                let mut bal = Balance::new(VENUE, "SPOT".into(), b.asset.as_str().into(), b.free.unwrap_or_default());
                bal.total = Some(total);
                out.push(bal);
            }
        }
        for f in &funding {
            let total = sum(&[f.free, f.locked, f.freeze, f.withdrawing]);
            if !total.is_zero() {
                let mut bal =
                    Balance::new(VENUE, "FUNDING".into(), f.asset.as_str().into(), f.free.unwrap_or_default());
                bal.total = Some(total);
                out.push(bal);
            }
        }
        Ok(out)
    }

    /// `EarnVenue::transfer`: a universal transfer between `SPOT` and `FUNDING`, under the
    /// one-unreconciled-write rule per (asset, transfer).
    pub(super) async fn place_transfer(&self, request: &TransferRequest) -> Result<Transfer> {
        let kind = transfer_type(&request.from, &request.to)?;
        let transfer = UniversalTransfer::new(kind.clone(), request.asset.as_str(), request.amount);
        earn_core::http::ApiRequest::validate(&transfer)?;
        let intent = earn_core::http::ApiRequest::intent(&transfer)
            .ok_or_else(|| Error::Config("a universal transfer has an intent".into()))?;
        let asset = request.asset.as_str().to_owned();
        let answer = self
            .guarded(&asset, Operation::Transfer, || async {
                let sent_at = self.client.venue_now();
                let answer = self.client.send_with_intent(&transfer, intent.clone()).await?;
                Ok((answer, sent_at))
            })
            .await?;
        let (result, sent_at) = answer;
        let Some(id) = result.tran_id.filter(|t| !t.is_empty()) else {
            let intent = intent.sent_at(sent_at);
            self.state.hold((asset.to_ascii_uppercase(), Operation::Transfer), intent.clone());
            return Err(Error::outcome_unknown(intent, "Binance answered without a tranId", None));
        };
        self.state.claim_acknowledged(&id);
        let status = self.follow_transfer(&kind, &id, sent_at).await;
        let mut t = Transfer::new(VENUE, OrderId::new(id), request, status);
        t.created_at = Some(sent_at);
        Ok(t)
    }

    /// Binance acknowledges a universal transfer with its `tranId` before it settles
    /// (`PENDING` -> `CONFIRMED`): read its record a few times, briefly, so a caller sees
    /// it settled when it settles at once. Reads only; a failed read leaves it `Pending`.
    async fn follow_transfer(&self, kind: &TransferType, id: &str, sent_at: earn_core::UnixMillis) -> OrderStatus {
        let recv = i64::try_from(self.client.recv_window().as_millis()).unwrap_or(i64::MAX);
        for attempt in 0..FOLLOW_ATTEMPTS {
            if attempt > 0 {
                tokio::time::sleep(FOLLOW_PAUSE).await;
            }
            let now = self.client.venue_now();
            let window = crate::api::common::Window::between(
                earn_core::UnixMillis(sent_at.0.saturating_sub(recv)),
                earn_core::UnixMillis(now.0.max(sent_at.0)),
            );
            let Ok(rows) = self.client.send(&GetUniversalTransferHistory::new(kind.clone()).window(window)).await
            else {
                continue;
            };
            let status = rows.rows.iter().find(|r| r.tran_id == id).map(|r| transfer_status(r.status.as_ref()));
            if let Some(status) = status.filter(|s| s.is_final()) {
                return status;
            }
        }
        OrderStatus::Pending
    }

    /// `EarnVenue::transfer_status`: Binance's record of a transfer this adapter returned,
    /// by reading only: the row of its `tranId` in the universal-transfer history of its
    /// direction (`from` → `to`), from `recvWindow` before its `created_at` (unknown: the
    /// last 30 days) over at most 30 days. Binance keeps no client id: the caller's is
    /// echoed. No row there is `None`.
    pub(super) async fn read_transfer(&self, transfer: &Transfer) -> Result<Option<Transfer>> {
        if transfer.venue != VENUE {
            return Err(Error::invalid_input("transfer.venue", format!("{} is not {VENUE}", transfer.venue)));
        }
        let id = transfer.id.as_str();
        check_numeric_id("transfer.id", id)?;
        let kind = TransferType::between(&transfer.from, &transfer.to).ok_or_else(|| {
            let (from, to) = (&transfer.from, &transfer.to);
            Error::invalid_input("transfer.to", format!("Binance has no universal transfer from {from} to {to}"))
        })?;
        let now = self.client.venue_now();
        let span = i64::try_from(MAX_HISTORY_SPAN.as_millis()).unwrap_or(i64::MAX) - 1;
        let recv = i64::try_from(self.client.recv_window().as_millis()).unwrap_or(i64::MAX);
        let lower = match transfer.created_at {
            Some(t) => t.0.saturating_sub(recv),
            None => now.0.saturating_sub(span),
        }
        .max(0);
        let upper = now.0.clamp(lower, lower.saturating_add(span));
        let window = Window::between(UnixMillis(lower), UnixMillis(upper));
        let got =
            self.client.all_pages(GetUniversalTransferHistory::new(kind.clone()).window(window), MAX_PAGES).await?;
        Ok(got.rows.iter().find(|r| r.tran_id == id).and_then(|r| transfer_of(&kind, r)).map(|mut t| {
            t.client_id.clone_from(&transfer.client_id);
            t
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transfer_directions() {
        assert_eq!(transfer_type(&"SPOT".into(), &"FUNDING".into()).unwrap(), TransferType::MainFunding);
        assert_eq!(transfer_type(&"funding".into(), &"spot".into()).unwrap(), TransferType::FundingMain);
        assert!(transfer_type(&"SPOT".into(), &"SPOT".into()).is_err());
        let (f, t) = TransferType::MainPortfolioMargin.accounts();
        assert_eq!((f.as_str(), t.as_str()), ("MAIN", "PORTFOLIO_MARGIN"));
        let (f, t) = TransferType::IsolatedmarginMargin.accounts();
        assert_eq!((f.as_str(), t.as_str()), ("ISOLATEDMARGIN", "MARGIN"));
        let (f, t) = TransferType::MainFunding.accounts();
        assert_eq!((f.as_str(), t.as_str()), ("SPOT", "FUNDING"));
    }

    /// Every documented direction survives the round trip through its accounts (the
    /// intent carries accounts; reconciliation reads the direction back from them).
    #[test]
    fn transfer_directions_round_trip_through_their_accounts() {
        const ALL: [&str; 31] = [
            "MAIN_FUNDING",
            "FUNDING_MAIN",
            "MAIN_UMFUTURE",
            "UMFUTURE_MAIN",
            "MAIN_CMFUTURE",
            "CMFUTURE_MAIN",
            "MAIN_MARGIN",
            "MARGIN_MAIN",
            "MAIN_OPTION",
            "OPTION_MAIN",
            "MAIN_PORTFOLIO_MARGIN",
            "PORTFOLIO_MARGIN_MAIN",
            "FUNDING_UMFUTURE",
            "UMFUTURE_FUNDING",
            "FUNDING_CMFUTURE",
            "CMFUTURE_FUNDING",
            "FUNDING_MARGIN",
            "MARGIN_FUNDING",
            "FUNDING_OPTION",
            "OPTION_FUNDING",
            "UMFUTURE_MARGIN",
            "MARGIN_UMFUTURE",
            "CMFUTURE_MARGIN",
            "MARGIN_CMFUTURE",
            "UMFUTURE_OPTION",
            "OPTION_UMFUTURE",
            "MARGIN_OPTION",
            "OPTION_MARGIN",
            "ISOLATEDMARGIN_MARGIN",
            "MARGIN_ISOLATEDMARGIN",
            "ISOLATEDMARGIN_ISOLATEDMARGIN",
        ];
        for text in ALL {
            let kind: TransferType = text.parse().unwrap_or_else(|never| match never {});
            assert!(kind.is_known(), "{text}");
            let (from, to) = kind.accounts();
            assert_eq!(TransferType::between(&from, &to), Some(kind), "{text}: {from} -> {to}");
        }
        assert_eq!(TransferType::between(&"spot".into(), &"funding".into()), Some(TransferType::MainFunding));
        assert_eq!(TransferType::between(&"MAIN".into(), &"FUNDING".into()), Some(TransferType::MainFunding));
        assert_eq!(TransferType::between(&"SPOT".into(), &"EARN".into()), None);
        assert_eq!(TransferType::between(&"SPOT".into(), &"SPOT".into()), None);
    }
}
