//! The funding account (`/api/v5/asset/…`, funding-savings reference §3): balances,
//! transfers between the funding and the trading account, transfer state, and bills.
//!
//! | request | endpoint | limit |
//! |---|---|---|
//! | [`GetFundingBalances`] | `GET /api/v5/asset/balances` | 6/s per user |
//! | [`TransferFunds`] | `POST /api/v5/asset/transfer` | 2/s per user and currency |
//! | [`GetTransferState`] | `GET /api/v5/asset/transfer-state` | 10/s per user |
//! | [`GetBills`] | `GET /api/v5/asset/bills` | 6/s per user |
//!
//! Every ETH/SOL staking, on-chain earn and Simple Earn write draws on the **funding**
//! account (`6`); BETH in the **trading** account (`18`) must be transferred to funding
//! before it can be redeemed.
//!
//! ```
//! use earn_core::{Amount, http::ApiRequest};
//! use okx_staking::api::asset::{AccountType, GetBills, TransferFunds, bill_type};
//! let q = GetBills::new().ccy("ETH").bill_type(bill_type::ETH_SUBSCRIPTION).limit(100);
//! assert_eq!(q.query().as_str(), "ccy=ETH&type=137&limit=100");
//! assert!(GetBills::new().limit(500).validate().is_err());
//! let t = TransferFunds::new("BETH", Amount::parse("0.5").unwrap(), AccountType::Trading, AccountType::Funding)
//!     .client_id("ethRedeemPrep001");
//! assert_eq!(
//!     t.body().unwrap().unwrap().as_ref(),
//!     br#"{"ccy":"BETH","amt":"0.5","from":"18","to":"6","clientId":"ethRedeemPrep001"}"#
//! );
//! ```

use bytes::Bytes;
use earn_core::http::{ApiRequest, Endpoint, Query, json_body};
use earn_core::wire::lenient;
use earn_core::{Amount, Error, Operation, ReconcileIntent, Result, UnixMillis, open_enum};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};

use super::{CcyRow, GetByCcy, amount_rules, check_cursors, check_id, check_limit, check_opt_id, read, write};
use crate::dialect::{OkxDialect, VENUE};

pub(crate) static BALANCES: Endpoint = read("/api/v5/asset/balances", 6);
/// OKX counts 2/s per user **and currency**; one budget per user is the stricter reading.
pub(crate) static TRANSFER: Endpoint = write("/api/v5/asset/transfer", Operation::Transfer, 2);
pub(crate) static TRANSFER_STATE: Endpoint = read("/api/v5/asset/transfer-state", 10);
pub(crate) static BILLS: Endpoint = read("/api/v5/asset/bills", 6);

/// Longest transfer `clientId` OKX accepts.
pub const MAX_CLIENT_ID_LEN: usize = 32;

/// Checks a transfer `clientId`: 1 to 32 ASCII letters or digits, case-sensitive (all
/// letters or all digits allowed).
///
/// ```
/// use okx_staking::api::asset::check_client_id;
/// assert!(check_client_id("clientId", "ethRedeemPrep001").is_ok());
/// assert!(check_client_id("clientId", "eth-redeem").is_err());
/// assert!(check_client_id("clientId", &"a".repeat(33)).is_err());
/// ```
pub fn check_client_id(field: &str, id: &str) -> Result<()> {
    if id.is_empty() || id.len() > MAX_CLIENT_ID_LEN || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid_input(
            field,
            format!("must be 1 to {MAX_CLIENT_ID_LEN} ASCII letters or digits (OKX clientId)"),
        ));
    }
    Ok(())
}

/// A fresh transfer `clientId`: 32 random ASCII letters and digits.
pub fn generate_client_id() -> String {
    (0..MAX_CLIENT_ID_LEN).map(|_| fastrand::alphanumeric()).collect()
}

/// Bill types relevant to staking, earn and transfers (`type` values).
pub mod bill_type {
    /// Transfer to a sub-account (master's view).
    pub const TO_SUB_ACCOUNT: u32 = 20;
    /// Transfer from a sub-account (master's view).
    pub const FROM_SUB_ACCOUNT: u32 = 21;
    /// Transfer out from a sub-account to the master (sub-account's view).
    pub const SUB_TO_MASTER: u32 = 22;
    /// Transfer in from the master to a sub-account (sub-account's view).
    pub const MASTER_TO_SUB: u32 = 23;
    /// Simple Earn Flexible subscription (funding debited).
    pub const SAVINGS_SUBSCRIPTION: u32 = 75;
    /// Simple Earn Flexible redemption (funding credited).
    pub const SAVINGS_REDEMPTION: u32 = 76;
    /// Transferred from the trading account (funding credited).
    pub const FROM_TRADING: u32 = 130;
    /// Transferred to the trading account (funding debited).
    pub const TO_TRADING: u32 = 131;
    /// ETH staking subscription.
    pub const ETH_SUBSCRIPTION: u32 = 137;
    /// ETH staking swapping (redemption).
    pub const ETH_SWAPPING: u32 = 138;
    /// ETH staking earnings.
    pub const ETH_EARNINGS: u32 = 139;
    /// SOL staking reward.
    pub const SOL_REWARD: u32 = 328;
    /// SOL staking subscription.
    pub const SOL_SUBSCRIBE: u32 = 329;
    /// SOL staking mint.
    pub const SOL_MINT: u32 = 330;
    /// SOL staking redeem order.
    pub const SOL_REDEEM_ORDER: u32 = 331;
    /// SOL staking settlement.
    pub const SOL_SETTLE: u32 = 332;
    /// On-chain earn (DeFi/staking) subscription.
    pub const ONCHAIN_SUBSCRIPTION: u32 = 80;
    /// On-chain earn redemption.
    pub const ONCHAIN_REDEMPTION: u32 = 82;
    /// On-chain earn staking yield.
    pub const ONCHAIN_YIELD: u32 = 83;
}

open_enum! {
    /// An OKX account in `from`/`to` (the only two values OKX documents).
    pub enum AccountType {
        /// `6`: the funding account (earn products draw on it).
        Funding = "6",
        /// `18`: the trading account.
        Trading = "18",
    }
}

open_enum! {
    /// Transfer `type`.
    pub enum TransferType {
        /// `0`: within the account (funding ↔ trading), OKX's default.
        Internal = "0",
        /// `1`: master → sub-account (master key only).
        MasterToSub = "1",
        /// `2`: sub-account → master (master key only).
        SubToMasterByMaster = "2",
        /// `3`: sub-account → master (sub-account key only).
        SubToMasterBySub = "3",
        /// `4`: sub-account → sub-account of the same master (sub-account key only).
        SubToSub = "4",
    }
}

impl TransferType {
    /// Whether `subAcct` is required (types `1`, `2`, `4`).
    pub fn needs_sub_account(&self) -> bool {
        matches!(self, TransferType::MasterToSub | TransferType::SubToMasterByMaster | TransferType::SubToSub)
    }
}

open_enum! {
    /// Transfer-state `state`.
    pub enum TransferStatus {
        /// The funds moved.
        Success = "success",
        /// Not settled yet.
        Pending = "pending",
        /// Failed; the funds did not move.
        Failed = "failed",
    }
}

/// `GET /api/v5/asset/balances`: funding-account balances; a currency with nothing in it is
/// not listed (its balance is zero).
pub type GetFundingBalances = GetByCcy<FundingBalance>;

impl CcyRow for FundingBalance {
    const ENDPOINT: &'static Endpoint = &BALANCES;
}

/// One currency of [`GetFundingBalances`].
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct FundingBalance {
    /// Currency.
    pub ccy: String,
    /// Balance (available plus frozen).
    #[serde(deserialize_with = "lenient::opt")]
    pub bal: Option<Amount>,
    /// Frozen balance.
    #[serde(deserialize_with = "lenient::opt")]
    pub frozen_bal: Option<Amount>,
    /// Available balance: what a purchase, redemption or transfer can use.
    #[serde(deserialize_with = "lenient::opt")]
    pub avail_bal: Option<Amount>,
}

/// `POST /api/v5/asset/transfer`: moves funds between the funding (`6`) and the trading
/// (`18`) account, or between master and sub-accounts (signed, **Trade** permission).
///
/// OKX: "the success or failure of the request does not necessarily reflect the actual
/// transfer result": follow it with [`GetTransferState`]. [`new`](Self::new) gives every
/// transfer a fresh 32-character `clientId`, the key that finds it again if the answer is
/// lost (a correlation key: OKX does not promise to refuse a repeated one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TransferFunds {
    /// Currency.
    pub ccy: String,
    /// `type` (omitted = OKX's default `0`, within the account).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub transfer_type: Option<TransferType>,
    /// Amount.
    pub amt: Amount,
    /// Account debited.
    pub from: AccountType,
    /// Account credited.
    pub to: AccountType,
    /// Sub-account name, required for types `1`, `2` and `4`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_acct: Option<String>,
    /// Allow moving borrowed coins (OKX default `false`). A JSON boolean.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loan_trans: Option<bool>,
    /// Ignore position risk (Portfolio margin only; OKX default `false`). Sent as text.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_bool_text")]
    pub omit_pos_risk: Option<bool>,
    /// Client id: 1 to 32 ASCII letters or digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
}

fn opt_bool_text<S: Serializer>(v: &Option<bool>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match v {
        Some(b) => s.collect_str(b),
        None => s.serialize_none(),
    }
}

impl TransferFunds {
    /// Moves `amt` of `ccy` from `from` to `to` within the account (type `0`), with a
    /// freshly generated `clientId`.
    pub fn new(ccy: impl Into<String>, amt: Amount, from: AccountType, to: AccountType) -> Self {
        TransferFunds {
            ccy: ccy.into(),
            transfer_type: None,
            amt,
            from,
            to,
            sub_acct: None,
            loan_trans: None,
            omit_pos_risk: None,
            client_id: Some(generate_client_id()),
        }
    }
    /// Sets the `clientId` (replacing the generated one).
    pub fn client_id(mut self, id: impl Into<String>) -> Self {
        self.client_id = Some(id.into());
        self
    }
    /// Sets `type` (sub-account transfers).
    pub fn transfer_type(mut self, t: TransferType) -> Self {
        self.transfer_type = Some(t);
        self
    }
    /// Sets `subAcct`.
    pub fn sub_acct(mut self, name: impl Into<String>) -> Self {
        self.sub_acct = Some(name.into());
        self
    }
    /// Sets `loanTrans`.
    pub fn loan_trans(mut self, allow: bool) -> Self {
        self.loan_trans = Some(allow);
        self
    }
    /// Sets `omitPosRisk`.
    pub fn omit_pos_risk(mut self, omit: bool) -> Self {
        self.omit_pos_risk = Some(omit);
        self
    }
}

impl ApiRequest for TransferFunds {
    type Dialect = OkxDialect;
    type Response = Vec<TransferAck>;

    fn endpoint(&self) -> &'static Endpoint {
        &TRANSFER
    }

    /// `ccy` well-formed; `amt` above zero with at most 8 decimals; `from` and `to` the
    /// documented accounts (`6`, `18`) and different within one account (OKX `58123`);
    /// `type` a documented value; `subAcct` given exactly for types `1`, `2`, `4`;
    /// `clientId` 1 to 32 letters or digits.
    fn validate(&self) -> Result<()> {
        check_id("ccy", &self.ccy)?;
        amount_rules(None, None).check("amt", self.amt)?;
        for (field, account) in [("from", &self.from), ("to", &self.to)] {
            if !account.is_known() {
                return Err(Error::invalid_input(field, format!("must be 6 (funding) or 18 (trading), got {account}")));
            }
        }
        let ty = self.transfer_type.clone().unwrap_or(TransferType::Internal);
        if !ty.is_known() {
            return Err(Error::invalid_input("type", format!("must be 0 to 4, got {ty}")));
        }
        if ty == TransferType::Internal && self.from == self.to {
            return Err(Error::invalid_input("to", "must differ from `from` for a transfer within the account"));
        }
        match (&self.sub_acct, ty.needs_sub_account()) {
            (Some(name), true) => check_id("subAcct", name)?,
            (None, true) => return Err(Error::invalid_input("subAcct", format!("is required for type {ty}"))),
            (Some(_), false) => return Err(Error::invalid_input("subAcct", format!("is not used by type {ty}"))),
            (None, false) => {}
        }
        self.client_id.as_deref().map_or(Ok(()), |id| check_client_id("clientId", id))
    }

    fn body(&self) -> Result<Option<Bytes>> {
        json_body(self)
    }

    fn intent(&self) -> Option<ReconcileIntent> {
        let mut intent =
            ReconcileIntent::new(VENUE, Operation::Transfer, TRANSFER.path).asset(self.ccy.as_str()).amount(self.amt);
        if let Some(id) = &self.client_id {
            intent = intent.client_id(id.as_str());
        }
        Some(intent)
    }
}

/// The answer of [`TransferFunds`]: OKX accepted the transfer (not yet that it moved).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct TransferAck {
    /// Transfer id.
    #[serde(deserialize_with = "lenient::id_string")]
    pub trans_id: String,
    /// The `clientId` sent (`""` when none).
    #[serde(deserialize_with = "lenient::id_string")]
    pub client_id: String,
    /// Currency.
    pub ccy: String,
    /// Account debited.
    #[serde(deserialize_with = "lenient::opt_enum")]
    pub from: Option<AccountType>,
    /// Amount.
    #[serde(deserialize_with = "lenient::opt")]
    pub amt: Option<Amount>,
    /// Account credited.
    #[serde(deserialize_with = "lenient::opt_enum")]
    pub to: Option<AccountType>,
}

/// `GET /api/v5/asset/transfer-state`: one transfer of the last two weeks, by `transId` or
/// `clientId` (when both are given OKX uses `transId`).
///
/// An unknown id answers `data: []` (or, per a production client, `58129`/`51000`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetTransferState {
    /// Transfer id.
    pub trans_id: Option<String>,
    /// Client id.
    pub client_id: Option<String>,
    /// `type` of a sub-account transfer (omitted = `0`).
    pub transfer_type: Option<TransferType>,
}

impl GetTransferState {
    /// The transfer with `transId`.
    pub fn by_trans_id(trans_id: impl Into<String>) -> Self {
        GetTransferState { trans_id: Some(trans_id.into()), client_id: None, transfer_type: None }
    }
    /// The transfer with `clientId`.
    pub fn by_client_id(client_id: impl Into<String>) -> Self {
        GetTransferState { trans_id: None, client_id: Some(client_id.into()), transfer_type: None }
    }
    /// Sets `type` (pass the transfer's own type for sub-account transfers).
    pub fn transfer_type(mut self, t: TransferType) -> Self {
        self.transfer_type = Some(t);
        self
    }
}

impl ApiRequest for GetTransferState {
    type Dialect = OkxDialect;
    type Response = Vec<TransferState>;

    fn endpoint(&self) -> &'static Endpoint {
        &TRANSFER_STATE
    }

    fn validate(&self) -> Result<()> {
        if self.trans_id.is_none() && self.client_id.is_none() {
            return Err(Error::invalid_input("transId", "either transId or clientId is required"));
        }
        check_opt_id("transId", self.trans_id.as_deref())?;
        self.client_id.as_deref().map_or(Ok(()), |id| check_client_id("clientId", id))?;
        match &self.transfer_type {
            Some(t) if !t.is_known() => Err(Error::invalid_input("type", format!("must be 0 to 4, got {t}"))),
            _ => Ok(()),
        }
    }

    fn query(&self) -> Query {
        Query::new()
            .push_opt("transId", self.trans_id.as_deref())
            .push_opt("clientId", self.client_id.as_deref())
            .push_opt("type", self.transfer_type.as_ref())
    }
}

/// One transfer of [`GetTransferState`].
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct TransferState {
    /// Transfer id.
    #[serde(deserialize_with = "lenient::id_string")]
    pub trans_id: String,
    /// Client id (`""` when none).
    #[serde(deserialize_with = "lenient::id_string")]
    pub client_id: String,
    /// Currency.
    pub ccy: String,
    /// Amount.
    #[serde(deserialize_with = "lenient::opt")]
    pub amt: Option<Amount>,
    /// `type`.
    #[serde(rename = "type", deserialize_with = "lenient::opt_enum")]
    pub transfer_type: Option<TransferType>,
    /// Account debited.
    #[serde(deserialize_with = "lenient::opt_enum")]
    pub from: Option<AccountType>,
    /// Account credited.
    #[serde(deserialize_with = "lenient::opt_enum")]
    pub to: Option<AccountType>,
    /// Sub-account name (`""` when none).
    #[serde(deserialize_with = "lenient::id_string")]
    pub sub_acct: String,
    /// `success`, `pending` or `failed`: only `success` means the funds moved.
    #[serde(deserialize_with = "lenient::opt_enum")]
    pub state: Option<TransferStatus>,
}

/// `GET /api/v5/asset/bills`: funding bills, newest first, of the past month only
/// (signed, 6/s per user).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetBills {
    /// Currency.
    pub ccy: Option<String>,
    /// Bill type (see [`bill_type`]).
    pub bill_type: Option<u32>,
    /// Client id of a transfer or withdrawal.
    pub client_id: Option<String>,
    /// Bills earlier than this time.
    pub after: Option<UnixMillis>,
    /// Bills newer than this time.
    pub before: Option<UnixMillis>,
    /// Page size, 1 to 100.
    pub limit: Option<u32>,
}

impl GetBills {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }
    /// Only `ccy`.
    pub fn ccy(mut self, ccy: impl Into<String>) -> Self {
        self.ccy = Some(ccy.into());
        self
    }
    /// Only bill `type`.
    pub fn bill_type(mut self, t: u32) -> Self {
        self.bill_type = Some(t);
        self
    }
    /// Only `clientId`.
    pub fn client_id(mut self, id: impl Into<String>) -> Self {
        self.client_id = Some(id.into());
        self
    }
    /// Bills earlier than `t`.
    pub fn after(mut self, t: UnixMillis) -> Self {
        self.after = Some(t);
        self
    }
    /// Bills newer than `t`.
    pub fn before(mut self, t: UnixMillis) -> Self {
        self.before = Some(t);
        self
    }
    /// Sets `limit`.
    pub fn limit(mut self, l: u32) -> Self {
        self.limit = Some(l);
        self
    }
}

impl ApiRequest for GetBills {
    type Dialect = OkxDialect;
    type Response = Vec<Bill>;

    fn endpoint(&self) -> &'static Endpoint {
        &BILLS
    }

    fn validate(&self) -> Result<()> {
        check_opt_id("ccy", self.ccy.as_deref())?;
        self.client_id.as_deref().map_or(Ok(()), |id| check_client_id("clientId", id))?;
        check_cursors(self.after.map(|t| t.0), self.before.map(|t| t.0))?;
        check_limit(self.limit)
    }

    fn query(&self) -> Query {
        Query::new()
            .push_opt("ccy", self.ccy.as_deref())
            .push_opt("type", self.bill_type)
            .push_opt("clientId", self.client_id.as_deref())
            .push_opt("after", self.after.map(|t| t.0))
            .push_opt("before", self.before.map(|t| t.0))
            .push_opt("limit", self.limit)
    }
}

/// One funding bill.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Bill {
    /// Bill id.
    #[serde(deserialize_with = "lenient::id_string")]
    pub bill_id: String,
    /// Currency.
    pub ccy: String,
    /// Client id, where the bill came from a request that had one.
    #[serde(deserialize_with = "lenient::id_string")]
    pub client_id: String,
    /// Balance change (negative for debits).
    #[serde(deserialize_with = "lenient::opt")]
    pub bal_chg: Option<Decimal>,
    /// Balance after the change.
    #[serde(deserialize_with = "lenient::opt")]
    pub bal: Option<Amount>,
    /// Bill type.
    #[serde(deserialize_with = "lenient::opt")]
    pub r#type: Option<u32>,
    /// Time.
    #[serde(deserialize_with = "lenient::opt")]
    pub ts: Option<UnixMillis>,
    /// Notes.
    pub notes: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> Amount {
        Amount::parse(s).unwrap()
    }

    fn t(from: AccountType, to: AccountType) -> TransferFunds {
        TransferFunds::new("USDT", a("1.5"), from, to).client_id("c1")
    }

    #[test]
    fn transfer_body_is_text_only_with_a_boolean_loan_flag() {
        let r = t(AccountType::Funding, AccountType::Trading).loan_trans(false).omit_pos_risk(true);
        assert_eq!(
            String::from_utf8(r.body().unwrap().unwrap().to_vec()).unwrap(),
            r#"{"ccy":"USDT","amt":"1.5","from":"6","to":"18","loanTrans":false,"omitPosRisk":"true","clientId":"c1"}"#
        );
        let sub = TransferFunds::new("USDT", a("1.5"), AccountType::Funding, AccountType::Funding)
            .transfer_type(TransferType::MasterToSub)
            .sub_acct("mini");
        let mut sub = sub;
        sub.client_id = None;
        assert_eq!(
            String::from_utf8(sub.body().unwrap().unwrap().to_vec()).unwrap(),
            r#"{"ccy":"USDT","type":"1","amt":"1.5","from":"6","to":"6","subAcct":"mini"}"#
        );
        sub.validate().unwrap();
    }

    #[test]
    fn transfers_are_checked_locally() {
        let field = |r: TransferFunds| match r.validate().unwrap_err() {
            Error::InvalidInput { field, .. } => field,
            other => panic!("{other:?}"),
        };
        assert!(t(AccountType::Trading, AccountType::Funding).validate().is_ok());
        assert_eq!(field(t(AccountType::Funding, AccountType::Funding)), "to");
        assert_eq!(field(t(AccountType::Funding, AccountType::Other("7".into()))), "to");
        assert_eq!(field(TransferFunds::new("USDT", a("0"), AccountType::Funding, AccountType::Trading)), "amt");
        assert_eq!(field(t(AccountType::Funding, AccountType::Trading).client_id("has-dash")), "clientId");
        assert_eq!(field(t(AccountType::Funding, AccountType::Trading).client_id("a".repeat(33))), "clientId");
        assert_eq!(field(t(AccountType::Funding, AccountType::Trading).sub_acct("mini")), "subAcct");
        assert_eq!(
            field(t(AccountType::Funding, AccountType::Funding).transfer_type(TransferType::SubToSub)),
            "subAcct"
        );
        assert_eq!(
            field(t(AccountType::Funding, AccountType::Trading).transfer_type(TransferType::Other("9".into()))),
            "type"
        );
        let generated = TransferFunds::new("USDT", a("1"), AccountType::Funding, AccountType::Trading);
        let id = generated.client_id.clone().unwrap();
        assert_eq!(id.len(), MAX_CLIENT_ID_LEN);
        assert!(check_client_id("clientId", &id).is_ok());
        assert_eq!(generated.intent().unwrap().client_id.unwrap().as_str(), id);
    }

    #[test]
    fn transfer_state_needs_an_id() {
        assert!(GetTransferState { trans_id: None, client_id: None, transfer_type: None }.validate().is_err());
        let q = GetTransferState::by_client_id("ethRedeemPrep001");
        assert_eq!(q.query().as_str(), "clientId=ethRedeemPrep001");
        let q = GetTransferState::by_trans_id("754147").transfer_type(TransferType::MasterToSub);
        assert_eq!(q.query().as_str(), "transId=754147&type=1");
        assert!(GetTransferState::by_client_id("a_b").validate().is_err());
    }

    #[test]
    fn documented_examples_decode() {
        let s: TransferState = serde_json::from_str(r#"{"amt":"1.5","ccy":"USDT","clientId":"","from":"18","instId":"","state":"success","subAcct":"test","to":"6","toInstId":"","transId":"1","type":"1"}"#).unwrap();
        assert_eq!(
            (s.from, s.to, s.state),
            (Some(AccountType::Trading), Some(AccountType::Funding), Some(TransferStatus::Success))
        );
        assert_eq!(s.transfer_type, Some(TransferType::MasterToSub));
        let ack: TransferAck =
            serde_json::from_str(r#"{"transId":"754147","ccy":"USDT","clientId":"","from":"6","amt":"0.1","to":"18"}"#)
                .unwrap();
        assert_eq!(ack.trans_id, "754147");
        let b: FundingBalance =
            serde_json::from_str(r#"{"availBal":"37.11827078","bal":"37.11827078","ccy":"ETH","frozenBal":"0"}"#)
                .unwrap();
        assert_eq!(b.avail_bal, Some(a("37.11827078")));
    }

    #[test]
    fn ccy_lists_and_cursors_are_checked() {
        let mut q = GetFundingBalances::new();
        assert_eq!(q.query().as_str(), "");
        q = q.ccy("BTC").ccy("ETH");
        assert_eq!(q.query().as_str(), "ccy=BTC%2CETH");
        assert!(q.clone().ccy("btc").validate().is_err(), "twice");
        let many = (0..21).fold(GetFundingBalances::new(), |q, i| q.ccy(format!("C{i}")));
        assert!(many.validate().unwrap_err().to_string().contains("at most 20"));
        assert!(GetBills::new().after(UnixMillis(1)).before(UnixMillis(2)).validate().is_err());
        assert!(GetBills::new().after(UnixMillis(2)).before(UnixMillis(1)).validate().is_ok());
    }
}
