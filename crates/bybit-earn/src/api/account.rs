//! Account: the Unified Trading Account's balances and what can be moved out of it
//! (`bybit-account-transfer.md` §3.3, §3.4), one request type per endpoint.
//!
//! | Endpoint | Request | Answer |
//! |---|---|---|
//! | `GET /v5/account/wallet-balance` | [`GetWalletBalance`] | [`List`]`<`[`WalletAccount`]`>` |
//! | `GET /v5/account/withdrawal` | [`GetTransferableAmount`] | [`TransferableAmount`] |
//!
//! Bybit warns that these balances may lag in volatile markets: they are weak evidence for
//! reconciliation. Amounts that can be negative (equity, PnL) are [`Decimal`]s.

use std::collections::BTreeMap;

use earn_core::http::{ApiRequest, Endpoint, Query, RateLimit};
use earn_core::wire::lenient;
use earn_core::{Amount, Error, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

use super::common::{AccountType, List, check_coins};
use crate::dialect::{BybitDialect, read_limited};

/// 50 req/s per UID.
pub(crate) static WALLET_BALANCE: Endpoint =
    read_limited("/v5/account/wallet-balance", RateLimit::per_second("/v5/account/wallet-balance", 50));
/// 50 req/s per UID.
pub(crate) static TRANSFERABLE_AMOUNT: Endpoint =
    read_limited("/v5/account/withdrawal", RateLimit::per_second("/v5/account/withdrawal", 50));

/// Most coins one transferable-amount query may name.
pub(crate) const COIN_NAMES_MAX: usize = 20;

// ---------------------------------------------------------------------------------------
// GET /v5/account/wallet-balance
// ---------------------------------------------------------------------------------------

/// `GET /v5/account/wallet-balance` (50/s): the `UNIFIED` account, per coin. Coins with
/// neither assets nor liabilities are left out unless named in `coin`.
///
/// ```
/// use bybit_earn::api::account::GetWalletBalance;
/// use earn_core::http::ApiRequest;
/// assert_eq!(GetWalletBalance::unified().coin("BTC").query().as_str(), "accountType=UNIFIED&coin=BTC");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetWalletBalance {
    /// `accountType` (required): `UNIFIED`, the only one Bybit accepts here (FUND:
    /// [`GetAllCoinsBalance`](super::asset::GetAllCoinsBalance)).
    pub account_type: AccountType,
    /// `coin`: upper-case coins, sent comma-separated.
    pub coins: Vec<String>,
}

impl GetWalletBalance {
    /// The Unified Trading Account.
    pub fn unified() -> Self {
        GetWalletBalance { account_type: AccountType::Unified, coins: Vec::new() }
    }

    /// Adds a coin to `coin` (upper-case).
    pub fn coin(mut self, coin: impl Into<String>) -> Self {
        self.coins.push(coin.into());
        self
    }
}

impl ApiRequest for GetWalletBalance {
    type Dialect = BybitDialect;
    type Response = List<WalletAccount>;

    fn endpoint(&self) -> &'static Endpoint {
        &WALLET_BALANCE
    }

    fn validate(&self) -> Result<()> {
        if self.account_type != AccountType::Unified {
            return Err(Error::invalid_input("accountType", "must be UNIFIED (FUND: query-account-coins-balance)"));
        }
        check_coins("coin", &self.coins, usize::MAX)
    }

    fn query(&self) -> Query {
        Query::new()
            .push("accountType", &self.account_type)
            .push_opt("coin", (!self.coins.is_empty()).then(|| self.coins.join(",")))
    }
}

/// One account of [`GetWalletBalance`] (`list[]`; one for `UNIFIED`). Totals are in USD.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WalletAccount {
    /// `accountType`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub account_type: Option<AccountType>,
    /// `totalEquity` (USD).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub total_equity: Option<Decimal>,
    /// `totalWalletBalance` (USD).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub total_wallet_balance: Option<Decimal>,
    /// `totalAvailableBalance` (USD).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub total_available_balance: Option<Decimal>,
    /// `coin[]`.
    #[serde(default)]
    pub coin: Vec<WalletCoin>,
}

/// One coin of a [`WalletAccount`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WalletCoin {
    /// `coin`.
    pub coin: String,
    /// `walletBalance`: the coin's wallet balance (borrowed amounts included since 2025).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub wallet_balance: Option<Decimal>,
    /// `equity`: wallet balance − spot borrow + unrealised PnL (+ option value).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub equity: Option<Decimal>,
    /// `locked`: held by spot open orders.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub locked: Option<Decimal>,
    /// `spotBorrow`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub spot_borrow: Option<Decimal>,
    /// `borrowAmount`: spot and derivatives liabilities.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub borrow_amount: Option<Decimal>,
    /// `usdValue`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub usd_value: Option<Decimal>,
    /// `unrealisedPnl`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub unrealised_pnl: Option<Decimal>,
    /// `availableToWithdraw`: deprecated for `UNIFIED` (`""` since 2025-01); use
    /// [`GetTransferableAmount`].
    #[serde(default, deserialize_with = "lenient::opt")]
    pub available_to_withdraw: Option<Decimal>,
    /// `marginCollateral`: whether Bybit lets the coin be collateral.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub margin_collateral: Option<bool>,
    /// `collateralSwitch`: whether the user has it as collateral.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub collateral_switch: Option<bool>,
}

// ---------------------------------------------------------------------------------------
// GET /v5/account/withdrawal
// ---------------------------------------------------------------------------------------

/// `GET /v5/account/withdrawal` (50/s): what can be moved out of `UNIFIED` now, per coin.
///
/// ```
/// use bybit_earn::api::account::GetTransferableAmount;
/// use earn_core::http::ApiRequest;
/// let q = GetTransferableAmount::new(["BTC", "SOL"]);
/// assert_eq!(q.query().as_str(), "coinName=BTC%2CSOL");
/// assert!(GetTransferableAmount::new(Vec::<String>::new()).validate().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetTransferableAmount {
    /// `coinName` (required): 1–20 upper-case coins, sent comma-separated.
    pub coin_names: Vec<String>,
}

impl GetTransferableAmount {
    /// The transferable amounts of `coins`.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(coins: I) -> Self {
        GetTransferableAmount { coin_names: coins.into_iter().map(Into::into).collect() }
    }
}

impl ApiRequest for GetTransferableAmount {
    type Dialect = BybitDialect;
    type Response = TransferableAmount;

    fn endpoint(&self) -> &'static Endpoint {
        &TRANSFERABLE_AMOUNT
    }

    fn validate(&self) -> Result<()> {
        if self.coin_names.is_empty() {
            return Err(Error::invalid_input("coinName", "name at least one coin"));
        }
        check_coins("coinName", &self.coin_names, COIN_NAMES_MAX)
    }

    fn query(&self) -> Query {
        Query::new().push("coinName", self.coin_names.join(","))
    }
}

/// `result` of [`GetTransferableAmount`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TransferableAmount {
    /// `availableWithdrawal`: the first coin asked for.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub available_withdrawal: Option<Amount>,
    /// `availableWithdrawalMap`: every coin asked for.
    #[serde(default, deserialize_with = "amount_map")]
    pub available_withdrawal_map: BTreeMap<String, Amount>,
}

/// `{coin: "amount"}`, each amount read exactly; `null` is an empty map.
fn amount_map<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<BTreeMap<String, Amount>, D::Error> {
    #[derive(Deserialize)]
    struct Exact(#[serde(deserialize_with = "lenient::req")] Amount);
    let map = Option::<BTreeMap<String, Exact>>::deserialize(d)?.unwrap_or_default();
    Ok(map.into_iter().map(|(coin, Exact(a))| (coin, a)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transferable_amounts_are_read_exactly() {
        let t: TransferableAmount = serde_json::from_str(
            r#"{"availableWithdrawal":"4.54549050","availableWithdrawalMap":{"BTC":"4.54549050","SOL":"33.16713007"}}"#,
        )
        .unwrap();
        assert_eq!(t.available_withdrawal_map["SOL"], Amount::parse("33.16713007").unwrap());
        assert_eq!(t.available_withdrawal, Some(Amount::parse("4.5454905").unwrap()));
        assert!(serde_json::from_str::<TransferableAmount>(r#"{"availableWithdrawalMap":{"BTC":1.5}}"#).is_err());
        let empty: TransferableAmount = serde_json::from_str(r#"{"availableWithdrawalMap":null}"#).unwrap();
        assert!(empty.available_withdrawal_map.is_empty());
    }

    #[test]
    fn only_unified_and_at_most_twenty_coins() {
        let mut w = GetWalletBalance::unified();
        w.account_type = AccountType::Fund;
        assert!(w.validate().is_err());
        let many: Vec<String> = (0..21).map(|i| format!("C{i}")).collect();
        assert!(GetTransferableAmount::new(many).validate().is_err());
        assert!(GetTransferableAmount::new(["btc"]).validate().is_err());
    }
}
