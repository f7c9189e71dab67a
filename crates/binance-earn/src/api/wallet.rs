//! Spot and Funding balances and the universal transfer between them (reference §8.2–8.7).
//!
//! | # | Endpoint | Request | Answer |
//! |---|---|---|---|
//! | 8.2 | `GET /api/v3/account` | [`GetSpotAccount`] | [`SpotAccount`] |
//! | 8.3 | `POST /sapi/v1/asset/get-funding-asset` | [`GetFundingAsset`] | `Vec<`[`AssetBalance`]`>` |
//! | 8.4 | `POST /sapi/v3/asset/getUserAsset` | [`GetUserAsset`] | `Vec<`[`AssetBalance`]`>` |
//! | 8.5 | `GET /sapi/v1/asset/wallet/balance` | [`GetWalletBalance`] | `Vec<`[`WalletBalance`]`>` |
//! | 8.6 | `POST /sapi/v1/asset/transfer` | [`UniversalTransfer`] | [`TransferResult`] |
//! | 8.7 | `GET /sapi/v1/asset/transfer` | [`GetUniversalTransferHistory`] | [`Rows`]`<`[`TransferRow`]`>` |
//!
//! Simple Earn has no transfer type: it is entered and left only through its own
//! subscribe and redeem (`sourceAccount`, `destAccount`, `redeemTo`).

use std::marker::PhantomData;

use earn_core::http::{ApiRequest, Endpoint, Query};
use earn_core::wire::{RawJson, lenient};
use earn_core::{AccountId, Amount, Error, Operation, ReconcileIntent, Result, UnixMillis};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::common::{
    DEFAULT_PRECISION, MAX_CURRENT, Paged, Rows, Window, bool_text, check_amount, check_asset, check_opt_asset,
};
use crate::VENUE;
use crate::dialect::{API_ACCOUNT_PER_MINUTE, BinanceDialect, api_ip, sapi_get, sapi_post, sapi_uid};

pub(crate) static SPOT_ACCOUNT: Endpoint =
    Endpoint::get("/api/v3/account").limit(api_ip("/api/v3/account", API_ACCOUNT_PER_MINUTE));
pub(crate) static FUNDING_ASSET: Endpoint = sapi_post("/sapi/v1/asset/get-funding-asset", 1);
pub(crate) static USER_ASSET: Endpoint = sapi_post("/sapi/v3/asset/getUserAsset", 5);
pub(crate) static WALLET_BALANCE: Endpoint = sapi_get("/sapi/v1/asset/wallet/balance", 60);
/// UID weight 900 (the docs; the SDK says 300 since 2026-08): budgeted at 900 (§13.1).
pub(crate) static TRANSFER: Endpoint = Endpoint::post("/sapi/v1/asset/transfer")
    .write(Operation::Transfer)
    .limit(sapi_uid("POST /sapi/v1/asset/transfer", 900));
pub(crate) static TRANSFER_HISTORY: Endpoint = sapi_get("/sapi/v1/asset/transfer", 1);

earn_core::open_enum! {
    /// A universal-transfer direction (`type`; 31 documented values). This crate's adapter
    /// uses only `MAIN_FUNDING` (Spot → Funding) and `FUNDING_MAIN` (Funding → Spot).
    pub enum TransferType {
        /// Spot → Funding.
        MainFunding = "MAIN_FUNDING",
        /// Funding → Spot.
        FundingMain = "FUNDING_MAIN",
        /// Spot → USDⓈ-M Futures.
        MainUmfuture = "MAIN_UMFUTURE",
        /// USDⓈ-M Futures → Spot.
        UmfutureMain = "UMFUTURE_MAIN",
        /// Spot → COIN-M Futures.
        MainCmfuture = "MAIN_CMFUTURE",
        /// COIN-M Futures → Spot.
        CmfutureMain = "CMFUTURE_MAIN",
        /// Spot → cross Margin.
        MainMargin = "MAIN_MARGIN",
        /// Cross Margin → Spot.
        MarginMain = "MARGIN_MAIN",
        /// Spot → Options.
        MainOption = "MAIN_OPTION",
        /// Options → Spot.
        OptionMain = "OPTION_MAIN",
        /// Spot → Portfolio Margin.
        MainPortfolioMargin = "MAIN_PORTFOLIO_MARGIN",
        /// Portfolio Margin → Spot.
        PortfolioMarginMain = "PORTFOLIO_MARGIN_MAIN",
        /// Funding → USDⓈ-M Futures.
        FundingUmfuture = "FUNDING_UMFUTURE",
        /// USDⓈ-M Futures → Funding.
        UmfutureFunding = "UMFUTURE_FUNDING",
        /// Funding → COIN-M Futures.
        FundingCmfuture = "FUNDING_CMFUTURE",
        /// COIN-M Futures → Funding.
        CmfutureFunding = "CMFUTURE_FUNDING",
        /// Funding → cross Margin.
        FundingMargin = "FUNDING_MARGIN",
        /// Cross Margin → Funding.
        MarginFunding = "MARGIN_FUNDING",
        /// Funding → Options.
        FundingOption = "FUNDING_OPTION",
        /// Options → Funding.
        OptionFunding = "OPTION_FUNDING",
        /// USDⓈ-M Futures → cross Margin.
        UmfutureMargin = "UMFUTURE_MARGIN",
        /// Cross Margin → USDⓈ-M Futures.
        MarginUmfuture = "MARGIN_UMFUTURE",
        /// COIN-M Futures → cross Margin.
        CmfutureMargin = "CMFUTURE_MARGIN",
        /// Cross Margin → COIN-M Futures.
        MarginCmfuture = "MARGIN_CMFUTURE",
        /// USDⓈ-M Futures → Options.
        UmfutureOption = "UMFUTURE_OPTION",
        /// Options → USDⓈ-M Futures.
        OptionUmfuture = "OPTION_UMFUTURE",
        /// Cross Margin → Options.
        MarginOption = "MARGIN_OPTION",
        /// Options → cross Margin.
        OptionMargin = "OPTION_MARGIN",
        /// Isolated Margin → cross Margin (needs `fromSymbol`).
        IsolatedmarginMargin = "ISOLATEDMARGIN_MARGIN",
        /// Cross Margin → Isolated Margin (needs `toSymbol`).
        MarginIsolatedmargin = "MARGIN_ISOLATEDMARGIN",
        /// Isolated Margin → Isolated Margin (needs both symbols).
        IsolatedmarginIsolatedmargin = "ISOLATEDMARGIN_ISOLATEDMARGIN",
    }
}

earn_core::open_enum! {
    /// A universal transfer's status.
    pub enum TransferStatus {
        /// Done.
        Confirmed = "CONFIRMED",
        /// In progress.
        Pending = "PENDING",
        /// Failed; nothing moved.
        Failed = "FAILED",
    }
}

impl TransferType {
    /// The two accounts of this direction, as (debited, credited): the adapter's `SPOT`
    /// and `FUNDING` for `MAIN_FUNDING`/`FUNDING_MAIN`, Binance's wallet names otherwise
    /// (`MAIN` is Spot): `MAIN_UMFUTURE` is (`MAIN`, `UMFUTURE`).
    pub fn accounts(&self) -> (AccountId, AccountId) {
        match self {
            TransferType::MainFunding => (AccountId::new("SPOT"), AccountId::new("FUNDING")),
            TransferType::FundingMain => (AccountId::new("FUNDING"), AccountId::new("SPOT")),
            other => {
                const WALLETS: [&str; 8] = [
                    "PORTFOLIO_MARGIN",
                    "ISOLATEDMARGIN",
                    "UMFUTURE",
                    "CMFUTURE",
                    "FUNDING",
                    "MARGIN",
                    "OPTION",
                    "MAIN",
                ];
                let text = other.as_str();
                let from = WALLETS.iter().find(|w| text.starts_with(&format!("{w}_"))).copied().unwrap_or(text);
                let to = text.get(from.len() + 1..).unwrap_or(text);
                (AccountId::new(from), AccountId::new(to))
            }
        }
    }

    /// The documented direction from `from` to `to` (the inverse of
    /// [`accounts`](Self::accounts); `SPOT` and `MAIN` both name Spot, any case); `None`
    /// when Binance has no such transfer type.
    pub fn between(from: &AccountId, to: &AccountId) -> Option<TransferType> {
        let wallet = |a: &AccountId| {
            let name = a.as_str().to_ascii_uppercase();
            if name == "SPOT" { "MAIN".to_owned() } else { name }
        };
        let text = format!("{}_{}", wallet(from), wallet(to));
        let kind: TransferType = text.parse().unwrap_or_else(|never| match never {});
        kind.is_known().then_some(kind)
    }
}

/// Whether `ty` needs `fromSymbol` (isolated margin as the source).
fn needs_from_symbol(ty: &TransferType) -> bool {
    matches!(ty, TransferType::IsolatedmarginMargin | TransferType::IsolatedmarginIsolatedmargin)
}

/// Whether `ty` needs `toSymbol` (isolated margin as the destination).
fn needs_to_symbol(ty: &TransferType) -> bool {
    matches!(ty, TransferType::MarginIsolatedmargin | TransferType::IsolatedmarginIsolatedmargin)
}

/// Checks `type`, `fromSymbol` and `toSymbol` together: a documented type; a symbol when
/// the type needs one, and none otherwise.
fn check_transfer_route(ty: &TransferType, from: Option<&str>, to: Option<&str>) -> Result<()> {
    if !ty.is_known() {
        return Err(Error::invalid_input("type", format!("{ty} is not a documented transfer type")));
    }
    for (field, symbol, needed) in [("fromSymbol", from, needs_from_symbol(ty)), ("toSymbol", to, needs_to_symbol(ty))]
    {
        match (symbol, needed) {
            (None, true) => return Err(Error::invalid_input(field, format!("is required for {ty}"))),
            (Some(_), false) => return Err(Error::invalid_input(field, format!("is not taken by {ty}"))),
            (Some(s), true) => check_asset(field, s)?,
            (None, false) => {}
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// 8.2 GET /api/v3/account
// ---------------------------------------------------------------------------------------

/// `GET /api/v3/account` (`/api` weight 20): the Spot account and its balances.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetSpotAccount {
    /// `omitZeroBalances`: only non-zero balances when `true`.
    pub omit_zero_balances: Option<bool>,
}

impl GetSpotAccount {
    /// The Spot account with every balance.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `omitZeroBalances`.
    pub fn omit_zero_balances(mut self, omit: bool) -> Self {
        self.omit_zero_balances = Some(omit);
        self
    }
}

impl ApiRequest for GetSpotAccount {
    type Dialect = BinanceDialect;
    type Response = SpotAccount;

    fn endpoint(&self) -> &'static Endpoint {
        &SPOT_ACCOUNT
    }

    fn query(&self) -> Query {
        Query::new().push_opt("omitZeroBalances", self.omit_zero_balances.map(bool_text))
    }
}

/// The Spot account (§8.2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SpotAccount {
    /// `makerCommission`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub maker_commission: Option<i64>,
    /// `takerCommission`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub taker_commission: Option<i64>,
    /// `canTrade`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub can_trade: Option<bool>,
    /// `canWithdraw`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub can_withdraw: Option<bool>,
    /// `canDeposit`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub can_deposit: Option<bool>,
    /// `updateTime`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub update_time: Option<UnixMillis>,
    /// `accountType` (`SPOT`).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub account_type: Option<String>,
    /// `balances[]`.
    #[serde(default)]
    pub balances: Vec<SpotBalance>,
    /// `permissions[]`.
    #[serde(default)]
    pub permissions: Vec<String>,
    /// `uid`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub uid: Option<String>,
}

/// One Spot balance.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SpotBalance {
    /// `asset`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `free`: available.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub free: Option<Amount>,
    /// `locked`: held by open orders.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub locked: Option<Amount>,
}

// ---------------------------------------------------------------------------------------
// 8.3 POST /sapi/v1/asset/get-funding-asset, 8.4 POST /sapi/v3/asset/getUserAsset
// ---------------------------------------------------------------------------------------

/// `POST /sapi/v1/asset/get-funding-asset` ([`GetFundingAsset`]) and `POST
/// /sapi/v3/asset/getUserAsset` ([`GetUserAsset`]): balances, one request type for both
/// (same parameters, same rows); the kind `K` selects the endpoint. Both are reads.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetAssets<K> {
    /// `asset`.
    pub asset: Option<String>,
    /// `needBtcValuation`.
    pub need_btc_valuation: Option<bool>,
    kind: PhantomData<fn() -> K>,
}

/// `POST /sapi/v1/asset/get-funding-asset` (weight 1): the Funding wallet.
pub type GetFundingAsset = GetAssets<FundingWallet>;

/// `POST /sapi/v3/asset/getUserAsset` (weight 5): positive balances (which wallet is not
/// stated; Spot by inference — prefer [`GetSpotAccount`] for Spot).
pub type GetUserAsset = GetAssets<UserAssets>;

/// Which balances a [`GetAssets`] reads.
pub trait AssetsKind: 'static {
    /// The endpoint.
    const ENDPOINT: &'static Endpoint;
}

/// The kind of [`GetFundingAsset`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FundingWallet {}

impl AssetsKind for FundingWallet {
    const ENDPOINT: &'static Endpoint = &FUNDING_ASSET;
}

/// The kind of [`GetUserAsset`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserAssets {}

impl AssetsKind for UserAssets {
    const ENDPOINT: &'static Endpoint = &USER_ASSET;
}

impl<K> Default for GetAssets<K> {
    fn default() -> Self {
        GetAssets { asset: None, need_btc_valuation: None, kind: PhantomData }
    }
}

impl<K: AssetsKind> GetAssets<K> {
    /// Every balance.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only `asset`.
    pub fn asset(mut self, asset: impl Into<String>) -> Self {
        self.asset = Some(asset.into());
        self
    }

    /// Sets `needBtcValuation`.
    pub fn need_btc_valuation(mut self, yes: bool) -> Self {
        self.need_btc_valuation = Some(yes);
        self
    }
}

impl<K: AssetsKind> ApiRequest for GetAssets<K> {
    type Dialect = BinanceDialect;
    type Response = Vec<AssetBalance>;

    fn endpoint(&self) -> &'static Endpoint {
        K::ENDPOINT
    }

    fn validate(&self) -> Result<()> {
        check_opt_asset("asset", self.asset.as_deref())
    }

    fn query(&self) -> Query {
        Query::new()
            .push_opt("asset", self.asset.as_ref())
            .push_opt("needBtcValuation", self.need_btc_valuation.map(bool_text))
    }
}

/// One balance of [`GetFundingAsset`] or [`GetUserAsset`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AssetBalance {
    /// `asset`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `free`: available.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub free: Option<Amount>,
    /// `locked`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub locked: Option<Amount>,
    /// `freeze`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub freeze: Option<Amount>,
    /// `withdrawing`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub withdrawing: Option<Amount>,
    /// `ipoable` ([`GetUserAsset`] only).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub ipoable: Option<Amount>,
    /// `btcValuation`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub btc_valuation: Option<Amount>,
}

/// A Funding balance ([`GetFundingAsset`]).
pub type FundingAsset = AssetBalance;

/// A balance of [`GetUserAsset`].
pub type UserAsset = AssetBalance;

// ---------------------------------------------------------------------------------------
// 8.5 GET /sapi/v1/asset/wallet/balance
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/asset/wallet/balance` (weight 60): each wallet's total, in `quoteAsset`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetWalletBalance {
    /// `quoteAsset` (Binance's default `BTC`).
    pub quote_asset: Option<String>,
    /// `needBalanceDetail`.
    pub need_balance_detail: Option<bool>,
}

impl GetWalletBalance {
    /// Every wallet's total in BTC.
    pub fn new() -> Self {
        Self::default()
    }

    /// Totals in `asset` (`USDT`, `ETH`, …).
    pub fn quote_asset(mut self, asset: impl Into<String>) -> Self {
        self.quote_asset = Some(asset.into());
        self
    }

    /// Sets `needBalanceDetail`.
    pub fn need_balance_detail(mut self, yes: bool) -> Self {
        self.need_balance_detail = Some(yes);
        self
    }
}

impl ApiRequest for GetWalletBalance {
    type Dialect = BinanceDialect;
    type Response = Vec<WalletBalance>;

    fn endpoint(&self) -> &'static Endpoint {
        &WALLET_BALANCE
    }

    fn validate(&self) -> Result<()> {
        check_opt_asset("quoteAsset", self.quote_asset.as_deref())
    }

    fn query(&self) -> Query {
        Query::new()
            .push_opt("quoteAsset", self.quote_asset.as_ref())
            .push_opt("needBalanceDetail", self.need_balance_detail.map(bool_text))
    }
}

/// One wallet's total.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WalletBalance {
    /// `activate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub activate: Option<bool>,
    /// `balance`, in the quote asset.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub balance: Option<Decimal>,
    /// `walletName` (`Spot`, `Funding`, `Earn`, …).
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub wallet_name: String,
    /// `assetBalances` (with `needBalanceDetail`), kept as its JSON text.
    #[serde(default)]
    pub asset_balances: Option<RawJson>,
}

// ---------------------------------------------------------------------------------------
// 8.6 POST /sapi/v1/asset/transfer
// ---------------------------------------------------------------------------------------

/// `POST /sapi/v1/asset/transfer` (UID weight 900; key option "Permits Universal
/// Transfer"): moves funds between two of the account's wallets. No client id exists; an
/// unclear answer is reconciled through [`GetUniversalTransferHistory`] of the same `type`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UniversalTransfer {
    /// `type`: the direction.
    pub kind: TransferType,
    /// `asset`.
    pub asset: String,
    /// `amount`: above zero, at most 8 decimals.
    pub amount: Amount,
    /// `fromSymbol` (isolated margin source only).
    pub from_symbol: Option<String>,
    /// `toSymbol` (isolated margin destination only).
    pub to_symbol: Option<String>,
}

impl UniversalTransfer {
    /// Move `amount` of `asset` in direction `kind`.
    pub fn new(kind: TransferType, asset: impl Into<String>, amount: Amount) -> Self {
        UniversalTransfer { kind, asset: asset.into(), amount, from_symbol: None, to_symbol: None }
    }

    /// Sets `fromSymbol`.
    pub fn from_symbol(mut self, symbol: impl Into<String>) -> Self {
        self.from_symbol = Some(symbol.into());
        self
    }

    /// Sets `toSymbol`.
    pub fn to_symbol(mut self, symbol: impl Into<String>) -> Self {
        self.to_symbol = Some(symbol.into());
        self
    }
}

impl ApiRequest for UniversalTransfer {
    type Dialect = BinanceDialect;
    type Response = TransferResult;

    fn endpoint(&self) -> &'static Endpoint {
        &TRANSFER
    }

    fn validate(&self) -> Result<()> {
        check_transfer_route(&self.kind, self.from_symbol.as_deref(), self.to_symbol.as_deref())?;
        check_asset("asset", &self.asset)?;
        check_amount("amount", self.amount, DEFAULT_PRECISION)
    }

    fn query(&self) -> Query {
        Query::new()
            .push("type", &self.kind)
            .push("asset", &self.asset)
            .push("amount", self.amount)
            .push_opt("fromSymbol", self.from_symbol.as_ref())
            .push_opt("toSymbol", self.to_symbol.as_ref())
    }

    /// The direction as the intent's accounts ([`TransferType::accounts`]: `MAIN_FUNDING`
    /// is `SPOT` → `FUNDING`), with asset and amount.
    fn intent(&self) -> Option<ReconcileIntent> {
        let (from, to) = self.kind.accounts();
        Some(
            ReconcileIntent::new(VENUE, Operation::Transfer, TRANSFER.path)
                .accounts(Some(from), Some(to))
                .asset(&*self.asset)
                .amount(self.amount),
        )
    }
}

/// `{"tranId": 13526853623}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TransferResult {
    /// `tranId`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub tran_id: Option<String>,
}

// ---------------------------------------------------------------------------------------
// 8.7 GET /sapi/v1/asset/transfer
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/asset/transfer` (weight 1): universal transfers of one direction (the
/// last 7 days by default; only the last 6 months are kept).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetUniversalTransferHistory {
    /// `type` (required: one direction per query).
    pub kind: TransferType,
    /// `startTime`, `endTime`, `current`, `size`.
    pub window: Window,
    /// `fromSymbol`.
    pub from_symbol: Option<String>,
    /// `toSymbol`.
    pub to_symbol: Option<String>,
}

impl GetUniversalTransferHistory {
    /// Transfers of direction `kind`.
    pub fn new(kind: TransferType) -> Self {
        GetUniversalTransferHistory { kind, window: Window::default(), from_symbol: None, to_symbol: None }
    }

    /// Sets the window and page.
    pub fn window(mut self, window: Window) -> Self {
        self.window = window;
        self
    }

    /// Sets `fromSymbol`.
    pub fn from_symbol(mut self, symbol: impl Into<String>) -> Self {
        self.from_symbol = Some(symbol.into());
        self
    }

    /// Sets `toSymbol`.
    pub fn to_symbol(mut self, symbol: impl Into<String>) -> Self {
        self.to_symbol = Some(symbol.into());
        self
    }
}

impl ApiRequest for GetUniversalTransferHistory {
    type Dialect = BinanceDialect;
    type Response = Rows<TransferRow>;

    fn endpoint(&self) -> &'static Endpoint {
        &TRANSFER_HISTORY
    }

    fn validate(&self) -> Result<()> {
        check_transfer_route(&self.kind, self.from_symbol.as_deref(), self.to_symbol.as_deref())?;
        self.window.check(None, MAX_CURRENT)
    }

    fn query(&self) -> Query {
        self.window
            .push(Query::new().push("type", &self.kind))
            .push_opt("fromSymbol", self.from_symbol.as_ref())
            .push_opt("toSymbol", self.to_symbol.as_ref())
    }
}

impl Paged for GetUniversalTransferHistory {
    type Row = TransferRow;

    fn set_page(&mut self, current: u32, size: u32) {
        self.window.set_page(current, size);
    }
}

/// One universal transfer (`rows[]` of 8.7).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TransferRow {
    /// `asset`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `amount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `type`.
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_enum")]
    pub kind: Option<TransferType>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<TransferStatus>,
    /// `tranId`.
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub tran_id: String,
    /// `timestamp`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub timestamp: Option<UnixMillis>,
}
