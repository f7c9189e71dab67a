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
//! through the transfer history of that direction.

use earn_core::{
    AccountId, Amount, Balance, Capabilities, Custody, Error, Operation, OrderId, OrderStatus, Result, Transfer,
    TransferRequest,
};

use super::BinanceEarnVenue;
use crate::VENUE;
use crate::api::simple_earn::DestAccount;
use crate::api::wallet::{GetFundingAsset, GetSpotAccount, TransferType, UniversalTransfer};

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
pub(super) fn transfer_type(from: &AccountId, to: &AccountId) -> Result<TransferType> {
    if is(from, "SPOT") && is(to, "FUNDING") {
        Ok(TransferType::MainFunding)
    } else if is(from, "FUNDING") && is(to, "SPOT") {
        Ok(TransferType::FundingMain)
    } else {
        Err(Error::invalid_input("to", format!("cannot transfer from {from} to {to}: accounts are SPOT and FUNDING")))
    }
}

/// The two accounts of a transfer direction, in Binance's wallet names where this adapter
/// has none (`MAIN` is Spot).
pub(super) fn transfer_accounts(kind: &TransferType) -> (AccountId, AccountId) {
    match kind {
        TransferType::MainFunding => (AccountId::new("SPOT"), AccountId::new("FUNDING")),
        TransferType::FundingMain => (AccountId::new("FUNDING"), AccountId::new("SPOT")),
        other => {
            const WALLETS: [&str; 8] =
                ["PORTFOLIO_MARGIN", "ISOLATEDMARGIN", "UMFUTURE", "CMFUTURE", "FUNDING", "MARGIN", "OPTION", "MAIN"];
            let text = other.as_str();
            let from = WALLETS.iter().find(|w| text.starts_with(&format!("{w}_"))).copied().unwrap_or(text);
            let to = text.get(from.len() + 1..).unwrap_or(text);
            (AccountId::new(from), AccountId::new(to))
        }
    }
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
        let mut t = Transfer::new(VENUE, OrderId::new(id), request, OrderStatus::Pending);
        t.created_at = Some(sent_at);
        Ok(t)
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
        let (f, t) = transfer_accounts(&TransferType::MainPortfolioMargin);
        assert_eq!((f.as_str(), t.as_str()), ("MAIN", "PORTFOLIO_MARGIN"));
        let (f, t) = transfer_accounts(&TransferType::IsolatedmarginMargin);
        assert_eq!((f.as_str(), t.as_str()), ("ISOLATEDMARGIN", "MARGIN"));
    }
}
