//! Asset: FUND balances, internal transfers between FUND and UNIFIED, and their records
//! (`bybit-account-transfer.md` §3.1, §3.2, §4), one request type per endpoint.
//!
//! | Endpoint | Request | Answer |
//! |---|---|---|
//! | `GET /v5/asset/transfer/query-account-coins-balance` | [`GetAllCoinsBalance`] | [`AllCoinsBalance`] |
//! | `GET /v5/asset/transfer/query-account-coin-balance` | [`GetCoinBalance`] | [`SingleCoinBalance`] |
//! | `POST /v5/asset/transfer/inter-transfer` | [`CreateInternalTransfer`] | [`InternalTransferResult`] |
//! | `GET /v5/asset/transfer/query-inter-transfer-list` | [`GetInternalTransfers`] | [`Page`]`<`[`TransferRecord`]`>` |
//! | `GET /v5/asset/transfer/query-transfer-coin-list` | [`GetTransferableCoins`] | [`List`]`<String>` |
//!
//! **Idempotency of a transfer.** Bybit documents the `transferId` as a client-generated
//! UUID and the error `131214 TransferId exist`; it does not promise that a repeat is
//! de-duplicated, nor for how long ids are remembered. The safe reading is taken: a
//! transfer is sent once and never repeated by this crate after it may have left (the
//! endpoint is a write without a promised key); `131214` and every ambiguous answer are
//! [`Error::OutcomeUnknown`], settled by reading the records by `transferId`
//! ([`GetInternalTransfers`]). The only automatic repeat is after Bybit refused the
//! timestamp (`10002`), which it does before acting, with the same `transferId`.
//!
//! Query strings are built in alphabetical key order (as pybit sends them); comma lists
//! (`coin=USDT,USDC`) are percent-encoded once (`%2C`), signed and sent as built.

use earn_core::http::{ApiRequest, Endpoint, Query, RateLimit};
use earn_core::wire::lenient;
use earn_core::{Amount, AmountRules, Error, Operation, ReconcileIntent, Result, UnixMillis};
use serde::{Deserialize, Serialize};

use super::common::{
    AccountType, List, Page, SEVEN_DAYS, amount_text, body, check_coin, check_coins, check_id, check_span,
};
use crate::VENUE;
use crate::client::Paginated;
use crate::dialect::{BybitDialect, per_minute, read_limited, unkeyed_write_limited};

/// 5 req/s per UID.
pub(crate) static ALL_COINS_BALANCE: Endpoint = read_limited(
    "/v5/asset/transfer/query-account-coins-balance",
    RateLimit::per_second("/v5/asset/transfer/query-account-coins-balance", 5),
);
/// 450 req/s per UID.
pub(crate) static COIN_BALANCE: Endpoint = read_limited(
    "/v5/asset/transfer/query-account-coin-balance",
    RateLimit::per_second("/v5/asset/transfer/query-account-coin-balance", 450),
);
/// 60 req/min per UID; no promised idempotency: sent once (see the module docs).
pub(crate) static INTER_TRANSFER: Endpoint = unkeyed_write_limited(
    "/v5/asset/transfer/inter-transfer",
    Operation::Transfer,
    per_minute("/v5/asset/transfer/inter-transfer", 60),
);
/// 60 req/min per UID.
pub(crate) static INTER_TRANSFER_LIST: Endpoint = read_limited(
    "/v5/asset/transfer/query-inter-transfer-list",
    per_minute("/v5/asset/transfer/query-inter-transfer-list", 60),
);
/// 60 req/min per UID.
pub(crate) static TRANSFER_COIN_LIST: Endpoint = read_limited(
    "/v5/asset/transfer/query-transfer-coin-list",
    per_minute("/v5/asset/transfer/query-transfer-coin-list", 60),
);

/// Most coins one all-coins balance query of `UNIFIED` may name.
const UNIFIED_COINS_MAX: usize = 10;

earn_core::open_enum! {
    /// Where an internal transfer stands (`status`). `STATUS_UNKNOWN` appears only in the
    /// create answer; like `PENDING` it is settled by reading the records.
    pub enum TransferStatus {
        /// Done.
        Success = "SUCCESS",
        /// Accepted, not final: read the records later.
        Pending = "PENDING",
        /// Final; nothing moved (inferred).
        Failed = "FAILED",
        /// Create answer only: not known yet; treated like `PENDING`.
        StatusUnknown = "STATUS_UNKNOWN",
    }
}

/// Checks a `transferId`: a canonical lower-case UUID (`8-4-4-4-12` hex digits), the form
/// Bybit asks for. Other forms (upper case, no hyphens) are refused locally: whether Bybit
/// accepts them, and with which code it refuses them, is not documented.
pub(crate) fn check_transfer_id(field: &str, id: &str) -> Result<()> {
    let canonical = uuid::Uuid::try_parse(id).is_ok_and(|u| u.hyphenated().to_string() == id);
    if canonical {
        Ok(())
    } else {
        Err(Error::invalid_input(
            field,
            format!("{id:?} must be a lower-case UUID such as 7c9b4c2e-5d1a-4f3e-9b8a-1e2d3c4b5a69"),
        ))
    }
}

/// A fresh `transferId`: a random UUID v4, lower-case, hyphenated.
pub(crate) fn new_transfer_id() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

/// Checks that an account type is one Bybit documents today (`FUND`, `UNIFIED`).
fn check_account(field: &str, account: &AccountType) -> Result<()> {
    if account.is_known() { Ok(()) } else { Err(Error::invalid_input(field, "must be FUND or UNIFIED")) }
}

/// Checks a Bybit user id (`memberId`): decimal digits.
fn check_member_id(field: &str, id: &str) -> Result<()> {
    if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(field, format!("{id:?} must be a decimal user id")));
    }
    Ok(())
}

/// `Some("A,B")` for a non-empty list.
fn comma_list(coins: &[String]) -> Option<String> {
    (!coins.is_empty()).then(|| coins.join(","))
}

// ---------------------------------------------------------------------------------------
// GET /v5/asset/transfer/query-account-coins-balance
// ---------------------------------------------------------------------------------------

/// `GET /v5/asset/transfer/query-account-coins-balance` (5/s): every coin's balance in one
/// account type; the FUND view (`UNIFIED` needs `coin`, at most 10, and
/// [`GetWalletBalance`](super::account::GetWalletBalance) is its own view).
///
/// ```
/// use bybit_earn::api::asset::GetAllCoinsBalance;
/// use bybit_earn::api::common::AccountType;
/// use earn_core::http::ApiRequest;
/// assert_eq!(GetAllCoinsBalance::new(AccountType::Fund).coin("USDC").query().as_str(), "accountType=FUND&coin=USDC");
/// // UNIFIED needs its coins named.
/// assert!(GetAllCoinsBalance::new(AccountType::Unified).validate().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetAllCoinsBalance {
    /// `accountType` (required): `FUND`, or `UNIFIED` with `coin`.
    pub account_type: AccountType,
    /// `coin`: upper-case coins, sent comma-separated; all coins when empty.
    pub coins: Vec<String>,
    /// `memberId`: a sub-account's user id (master keys only).
    pub member_id: Option<String>,
    /// `withBonus=1`: also the bonus.
    pub with_bonus: bool,
}

impl GetAllCoinsBalance {
    /// Every coin of `account_type`.
    pub fn new(account_type: AccountType) -> Self {
        GetAllCoinsBalance { account_type, coins: Vec::new(), member_id: None, with_bonus: false }
    }

    /// Adds a coin to `coin` (upper-case).
    pub fn coin(mut self, coin: impl Into<String>) -> Self {
        self.coins.push(coin.into());
        self
    }

    /// Sets `memberId` (a sub-account, with a master key).
    pub fn member_id(mut self, id: impl Into<String>) -> Self {
        self.member_id = Some(id.into());
        self
    }

    /// Sets `withBonus=1`.
    pub fn with_bonus(mut self) -> Self {
        self.with_bonus = true;
        self
    }
}

impl ApiRequest for GetAllCoinsBalance {
    type Dialect = BybitDialect;
    type Response = AllCoinsBalance;

    fn endpoint(&self) -> &'static Endpoint {
        &ALL_COINS_BALANCE
    }

    fn validate(&self) -> Result<()> {
        check_account("accountType", &self.account_type)?;
        if self.account_type == AccountType::Unified && self.coins.is_empty() {
            return Err(Error::invalid_input("coin", "required with accountType UNIFIED"));
        }
        let max = if self.account_type == AccountType::Unified { UNIFIED_COINS_MAX } else { usize::MAX };
        check_coins("coin", &self.coins, max)?;
        self.member_id.as_deref().map_or(Ok(()), |m| check_member_id("memberId", m))
    }

    fn query(&self) -> Query {
        Query::new()
            .push("accountType", &self.account_type)
            .push_opt("coin", comma_list(&self.coins))
            .push_opt("memberId", self.member_id.as_ref())
            .push_opt("withBonus", self.with_bonus.then_some(1))
    }
}

/// `result` of [`GetAllCoinsBalance`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AllCoinsBalance {
    /// `accountType`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub account_type: Option<AccountType>,
    /// `memberId`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub member_id: String,
    /// `balance[]`: one row per coin.
    #[serde(default)]
    pub balance: Vec<CoinBalance>,
}

/// One coin of [`AllCoinsBalance`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CoinBalance {
    /// `coin`.
    pub coin: String,
    /// `walletBalance`: everything in the account.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub wallet_balance: Option<Amount>,
    /// `transferBalance`: what can be moved out now.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub transfer_balance: Option<Amount>,
    /// `bonus` (`None` when not queried).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub bonus: Option<Amount>,
}

// ---------------------------------------------------------------------------------------
// GET /v5/asset/transfer/query-account-coin-balance
// ---------------------------------------------------------------------------------------

/// `GET /v5/asset/transfer/query-account-coin-balance` (450/s): one coin in one account
/// type and, with [`to_account_type`](Self::to_account_type), what can be moved to another
/// (the pre-check the reference suggests before a transfer).
///
/// ```
/// use bybit_earn::api::asset::GetCoinBalance;
/// use bybit_earn::api::common::AccountType;
/// use earn_core::http::ApiRequest;
/// let q = GetCoinBalance::new(AccountType::Unified, "USDT").to_account_type(AccountType::Fund).with_ltv_transfer_safe_amount();
/// assert_eq!(q.query().as_str(), "accountType=UNIFIED&coin=USDT&toAccountType=FUND&withLtvTransferSafeAmount=1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetCoinBalance {
    /// `accountType` (required): the source account.
    pub account_type: AccountType,
    /// `coin` (required, upper-case).
    pub coin: String,
    /// `memberId`: a sub-account's user id (master keys only).
    pub member_id: Option<String>,
    /// `toAccountType`: the transferable amount to this account type.
    pub to_account_type: Option<AccountType>,
    /// `toMemberId`: the transferable amount to another user id.
    pub to_member_id: Option<String>,
    /// `withBonus=1`.
    pub with_bonus: bool,
    /// `withLtvTransferSafeAmount=1` (OTC-loan users; needs `toAccountType`).
    pub with_ltv_transfer_safe_amount: bool,
    /// `withTransferSafeAmount=1`.
    pub with_transfer_safe_amount: bool,
}

impl GetCoinBalance {
    /// `coin` in `account_type`.
    pub fn new(account_type: AccountType, coin: impl Into<String>) -> Self {
        GetCoinBalance {
            account_type,
            coin: coin.into(),
            member_id: None,
            to_account_type: None,
            to_member_id: None,
            with_bonus: false,
            with_ltv_transfer_safe_amount: false,
            with_transfer_safe_amount: false,
        }
    }

    /// Sets `toAccountType`.
    pub fn to_account_type(mut self, to: AccountType) -> Self {
        self.to_account_type = Some(to);
        self
    }

    /// Sets `memberId`.
    pub fn member_id(mut self, id: impl Into<String>) -> Self {
        self.member_id = Some(id.into());
        self
    }

    /// Sets `toMemberId`.
    pub fn to_member_id(mut self, id: impl Into<String>) -> Self {
        self.to_member_id = Some(id.into());
        self
    }

    /// Sets `withBonus=1`.
    pub fn with_bonus(mut self) -> Self {
        self.with_bonus = true;
        self
    }

    /// Sets `withTransferSafeAmount=1`.
    pub fn with_transfer_safe_amount(mut self) -> Self {
        self.with_transfer_safe_amount = true;
        self
    }

    /// Sets `withLtvTransferSafeAmount=1` (needs [`to_account_type`](Self::to_account_type)).
    pub fn with_ltv_transfer_safe_amount(mut self) -> Self {
        self.with_ltv_transfer_safe_amount = true;
        self
    }
}

impl ApiRequest for GetCoinBalance {
    type Dialect = BybitDialect;
    type Response = SingleCoinBalance;

    fn endpoint(&self) -> &'static Endpoint {
        &COIN_BALANCE
    }

    fn validate(&self) -> Result<()> {
        check_account("accountType", &self.account_type)?;
        check_coin("coin", &self.coin)?;
        if let Some(to) = &self.to_account_type {
            check_account("toAccountType", to)?;
        }
        if self.with_ltv_transfer_safe_amount && self.to_account_type.is_none() {
            return Err(Error::invalid_input("withLtvTransferSafeAmount", "needs toAccountType"));
        }
        self.member_id.as_deref().map_or(Ok(()), |m| check_member_id("memberId", m))?;
        self.to_member_id.as_deref().map_or(Ok(()), |m| check_member_id("toMemberId", m))
    }

    fn query(&self) -> Query {
        Query::new()
            .push("accountType", &self.account_type)
            .push("coin", &self.coin)
            .push_opt("memberId", self.member_id.as_ref())
            .push_opt("toAccountType", self.to_account_type.as_ref())
            .push_opt("toMemberId", self.to_member_id.as_ref())
            .push_opt("withBonus", self.with_bonus.then_some(1))
            .push_opt("withLtvTransferSafeAmount", self.with_ltv_transfer_safe_amount.then_some(1))
            .push_opt("withTransferSafeAmount", self.with_transfer_safe_amount.then_some(1))
    }
}

/// `result` of [`GetCoinBalance`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SingleCoinBalance {
    /// `accountType`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub account_type: Option<AccountType>,
    /// `bizType` (an integer; values undocumented).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub biz_type: Option<i64>,
    /// `accountId`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub account_id: String,
    /// `memberId`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub member_id: String,
    /// `balance` (one object here, not a list).
    pub balance: CoinBalanceDetail,
}

/// `balance` of [`SingleCoinBalance`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CoinBalanceDetail {
    /// `coin`.
    pub coin: String,
    /// `walletBalance`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub wallet_balance: Option<Amount>,
    /// `transferBalance`: what can be moved (to `toAccountType`, when given).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub transfer_balance: Option<Amount>,
    /// `bonus`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub bonus: Option<Amount>,
    /// `transferSafeAmount` (`None` when not queried).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub transfer_safe_amount: Option<Amount>,
    /// `ltvTransferSafeAmount` (`None` when not queried).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub ltv_transfer_safe_amount: Option<Amount>,
}

// ---------------------------------------------------------------------------------------
// POST /v5/asset/transfer/inter-transfer
// ---------------------------------------------------------------------------------------

/// `POST /v5/asset/transfer/inter-transfer` (60/min): move a coin between two account
/// types of the same user, identified by a `transferId` UUID (a fresh v4 from
/// [`new`](Self::new), or the caller's own).
///
/// Sent once: an ambiguous answer, `131214 TransferId exist` included, is
/// [`Error::OutcomeUnknown`] whose intent names the `transferId`; read the record with
/// [`GetInternalTransfers::transfer_id`] (or reconcile through the adapter) before
/// anything else. Answered `PENDING` or `STATUS_UNKNOWN`, the transfer is accepted but not
/// final: read its record later.
///
/// ```
/// use bybit_earn::api::asset::CreateInternalTransfer;
/// use bybit_earn::api::common::AccountType;
/// use earn_core::Amount;
/// use earn_core::http::ApiRequest;
/// let t = CreateInternalTransfer::new("USDT", Amount::parse("250.50").unwrap(), AccountType::Unified, AccountType::Fund)
///     .transfer_id("7c9b4c2e-5d1a-4f3e-9b8a-1e2d3c4b5a69");
/// assert_eq!(
///     t.body().unwrap().unwrap(),
///     r#"{"transferId":"7c9b4c2e-5d1a-4f3e-9b8a-1e2d3c4b5a69","coin":"USDT","amount":"250.5","fromAccountType":"UNIFIED","toAccountType":"FUND"}"#
/// );
/// assert!(t.clone().transfer_id("not-a-uuid").validate().unwrap_err().to_string().contains("transferId"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreateInternalTransfer {
    /// `transferId`: a lower-case UUID.
    pub transfer_id: String,
    /// `coin`.
    pub coin: String,
    /// `amount`, sent as plain decimal text.
    #[serde(serialize_with = "amount_text")]
    pub amount: Amount,
    /// `fromAccountType`.
    pub from_account_type: AccountType,
    /// `toAccountType` (must differ from `fromAccountType`).
    pub to_account_type: AccountType,
}

impl CreateInternalTransfer {
    /// Move `amount` `coin` from `from` to `to`, with a fresh `transferId`.
    pub fn new(coin: impl Into<String>, amount: Amount, from: AccountType, to: AccountType) -> Self {
        CreateInternalTransfer {
            transfer_id: new_transfer_id(),
            coin: coin.into(),
            amount,
            from_account_type: from,
            to_account_type: to,
        }
    }

    /// Sets `transferId` (persist it before sending: it is the only handle on the outcome).
    pub fn transfer_id(mut self, id: impl Into<String>) -> Self {
        self.transfer_id = id.into();
        self
    }
}

impl ApiRequest for CreateInternalTransfer {
    type Dialect = BybitDialect;
    type Response = InternalTransferResult;

    fn endpoint(&self) -> &'static Endpoint {
        &INTER_TRANSFER
    }

    fn validate(&self) -> Result<()> {
        check_transfer_id("transferId", &self.transfer_id)?;
        check_coin("coin", &self.coin)?;
        AmountRules::default().check("amount", self.amount)?;
        check_account("fromAccountType", &self.from_account_type)?;
        check_account("toAccountType", &self.to_account_type)?;
        if self.from_account_type == self.to_account_type {
            return Err(Error::invalid_input("toAccountType", "must differ from fromAccountType"));
        }
        Ok(())
    }

    fn body(&self) -> Result<Option<bytes::Bytes>> {
        body(self)
    }

    /// In Bybit's vocabulary: the coin, the amount and the `transferId`.
    fn intent(&self) -> Option<ReconcileIntent> {
        Some(
            ReconcileIntent::new(VENUE, Operation::Transfer, INTER_TRANSFER.path)
                .asset(self.coin.as_str())
                .amount(self.amount)
                .client_id(self.transfer_id.as_str()),
        )
    }
}

/// `result` of [`CreateInternalTransfer`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InternalTransferResult {
    /// `transferId` as Bybit echoes it.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub transfer_id: String,
    /// `status` (absent before 2024-05: then read the record).
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<TransferStatus>,
}

// ---------------------------------------------------------------------------------------
// GET /v5/asset/transfer/query-inter-transfer-list
// ---------------------------------------------------------------------------------------

/// `GET /v5/asset/transfer/query-inter-transfer-list` (60/min): internal transfer
/// records, one page (walk them with [`BybitEarnClient::pages`](crate::BybitEarnClient::pages)).
///
/// Bybit answers at most seven days: none of `startTime`/`endTime` → the past seven days;
/// only `startTime` → the seven days from it; only `endTime` → the seven days before it.
/// Times filter at second precision. A record's `transferId` may carry a `selfTransfer_`
/// prefix: match with [`TransferRecord::is_transfer`].
///
/// ```
/// use bybit_earn::api::asset::GetInternalTransfers;
/// use earn_core::http::ApiRequest;
/// let q = GetInternalTransfers::new().transfer_id("7c9b4c2e-5d1a-4f3e-9b8a-1e2d3c4b5a69");
/// assert_eq!(q.query().as_str(), "transferId=7c9b4c2e-5d1a-4f3e-9b8a-1e2d3c4b5a69");
/// assert!(GetInternalTransfers::new().limit(51).validate().is_err());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetInternalTransfers {
    /// `transferId`.
    pub transfer_id: Option<String>,
    /// `coin`.
    pub coin: Option<String>,
    /// `status`: `SUCCESS`, `PENDING` or `FAILED`.
    pub status: Option<TransferStatus>,
    /// `startTime`.
    pub start_time: Option<UnixMillis>,
    /// `endTime` (span at most 7 days).
    pub end_time: Option<UnixMillis>,
    /// `limit`: 1–50 (default 20).
    pub limit: Option<u32>,
    /// `cursor`.
    pub cursor: Option<String>,
}

impl GetInternalTransfers {
    /// Records of the past seven days.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `transferId`.
    pub fn transfer_id(mut self, id: impl Into<String>) -> Self {
        self.transfer_id = Some(id.into());
        self
    }

    /// Sets `coin`.
    pub fn coin(mut self, coin: impl Into<String>) -> Self {
        self.coin = Some(coin.into());
        self
    }

    /// Sets `status`.
    pub fn status(mut self, status: TransferStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Sets `startTime` only (Bybit answers the seven days from it).
    pub fn since(mut self, start: UnixMillis) -> Self {
        self.start_time = Some(start);
        self
    }

    /// Sets `startTime` and `endTime`.
    pub fn range(mut self, start: UnixMillis, end: UnixMillis) -> Self {
        self.start_time = Some(start);
        self.end_time = Some(end);
        self
    }

    /// Sets `limit`.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }
}

impl ApiRequest for GetInternalTransfers {
    type Dialect = BybitDialect;
    type Response = Page<TransferRecord>;

    fn endpoint(&self) -> &'static Endpoint {
        &INTER_TRANSFER_LIST
    }

    fn validate(&self) -> Result<()> {
        if let Some(id) = &self.transfer_id {
            check_id("transferId", id)?;
        }
        if let Some(c) = &self.coin {
            check_coin("coin", c)?;
        }
        if let Some(s) = &self.status
            && !matches!(s, TransferStatus::Success | TransferStatus::Pending | TransferStatus::Failed)
        {
            return Err(Error::invalid_input("status", "must be SUCCESS, PENDING or FAILED"));
        }
        check_span(self.start_time, self.end_time, SEVEN_DAYS)?;
        earn_core::validate::check_limit("limit", self.limit, 50)
    }

    fn query(&self) -> Query {
        Query::new()
            .push_opt("coin", self.coin.as_ref())
            .push_opt("cursor", self.cursor.as_ref())
            .push_opt("endTime", self.end_time.map(|t| t.0))
            .push_opt("limit", self.limit)
            .push_opt("startTime", self.start_time.map(|t| t.0))
            .push_opt("status", self.status.as_ref())
            .push_opt("transferId", self.transfer_id.as_ref())
    }
}

impl Paginated for GetInternalTransfers {
    fn cursor_mut(&mut self) -> &mut Option<String> {
        &mut self.cursor
    }
}

/// One internal transfer record.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TransferRecord {
    /// `transferId`, verbatim (may carry a `selfTransfer_` prefix).
    #[serde(deserialize_with = "lenient::id_string")]
    pub transfer_id: String,
    /// `coin`.
    pub coin: String,
    /// `amount`.
    #[serde(deserialize_with = "lenient::req")]
    pub amount: Amount,
    /// `fromAccountType` (any string; legacy types such as `SPOT` appear in old records).
    pub from_account_type: AccountType,
    /// `toAccountType`.
    pub to_account_type: AccountType,
    /// `timestamp`: when it was created.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub timestamp: Option<UnixMillis>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<TransferStatus>,
}

impl TransferRecord {
    /// Whether this record is the transfer sent with `transfer_id`: the same id, or the id
    /// behind a prefix (`selfTransfer_<id>`).
    pub fn is_transfer(&self, transfer_id: &str) -> bool {
        !transfer_id.is_empty()
            && (self.transfer_id == transfer_id
                || self.transfer_id.strip_suffix(transfer_id).is_some_and(|prefix| prefix.ends_with('_')))
    }
}

// ---------------------------------------------------------------------------------------
// GET /v5/asset/transfer/query-transfer-coin-list
// ---------------------------------------------------------------------------------------

/// `GET /v5/asset/transfer/query-transfer-coin-list` (60/min): the coins that can move
/// from one account type to another (slow-moving: cache it).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetTransferableCoins {
    /// `fromAccountType` (required).
    pub from_account_type: AccountType,
    /// `toAccountType` (required).
    pub to_account_type: AccountType,
}

impl GetTransferableCoins {
    /// Coins transferable from `from` to `to`.
    pub fn new(from: AccountType, to: AccountType) -> Self {
        GetTransferableCoins { from_account_type: from, to_account_type: to }
    }
}

impl ApiRequest for GetTransferableCoins {
    type Dialect = BybitDialect;
    type Response = List<String>;

    fn endpoint(&self) -> &'static Endpoint {
        &TRANSFER_COIN_LIST
    }

    fn validate(&self) -> Result<()> {
        check_account("fromAccountType", &self.from_account_type)?;
        check_account("toAccountType", &self.to_account_type)
    }

    fn query(&self) -> Query {
        Query::new().push("fromAccountType", &self.from_account_type).push("toAccountType", &self.to_account_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transfer_ids_are_canonical_uuids() {
        let id = new_transfer_id();
        assert!(check_transfer_id("transferId", &id).is_ok());
        assert_ne!(id, new_transfer_id());
        for bad in [
            "",
            "7C9B4C2E-5D1A-4F3E-9B8A-1E2D3C4B5A69",
            "7c9b4c2e5d1a4f3e9b8a1e2d3c4b5a69",
            "{7c9b4c2e-5d1a-4f3e-9b8a-1e2d3c4b5a69}",
            "my-transfer-1",
        ] {
            assert!(check_transfer_id("transferId", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn records_match_their_id_with_or_without_a_prefix() {
        let rec = |id: &str| TransferRecord {
            transfer_id: id.into(),
            coin: "USDT".into(),
            amount: Amount::from(1),
            from_account_type: AccountType::Unified,
            to_account_type: AccountType::Fund,
            timestamp: None,
            status: None,
        };
        let id = "a1091cc7-9364-4b74-8de1-18f02c6f2d5c";
        assert!(rec(id).is_transfer(id));
        assert!(rec(&format!("selfTransfer_{id}")).is_transfer(id));
        assert!(!rec(&format!("x{id}")).is_transfer(id));
        assert!(!rec(id).is_transfer(""));
        assert!(!rec("a1091cc7").is_transfer(id));
    }

    #[test]
    fn a_transfer_checks_every_rule_before_sending() {
        let t = || CreateInternalTransfer::new("USDT", Amount::from(5), AccountType::Fund, AccountType::Unified);
        assert!(t().validate().is_ok());
        let field = |t: CreateInternalTransfer| match t.validate() {
            Err(Error::InvalidInput { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        let mut same = t();
        same.to_account_type = AccountType::Fund;
        assert_eq!(field(same), "toAccountType");
        let mut zero = t();
        zero.amount = Amount::ZERO;
        assert_eq!(field(zero), "amount");
        let mut spot = t();
        spot.from_account_type = "SPOT".parse().unwrap();
        assert_eq!(field(spot), "fromAccountType");
        let mut coin = t();
        coin.coin = "usdt".into();
        assert_eq!(field(coin), "coin");
    }
}
