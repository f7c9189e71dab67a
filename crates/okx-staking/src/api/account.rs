//! The trading account (`/api/v5/account/…`, funding-savings reference §4): its balance,
//! and the most that can be moved from it to the funding account.
//!
//! | request | endpoint | limit |
//! |---|---|---|
//! | [`GetTradingBalance`] | `GET /api/v5/account/balance` | 10 per 2 s per user |
//! | [`GetMaxWithdrawal`] | `GET /api/v5/account/max-withdrawal` | 20 per 2 s per user |
//!
//! Earn products never draw on the trading account: what sits there must be transferred to
//! funding first ([`TransferFunds`](super::asset::TransferFunds)), and the most that can
//! be moved is [`MaxWithdrawal::max_wd`], not the cash balance (open orders, bots and
//! borrowing hold part of it).
//!
//! ```
//! use earn_core::http::ApiRequest;
//! use okx_staking::api::account::GetMaxWithdrawal;
//! assert_eq!(GetMaxWithdrawal::new().ccy("BETH").query().as_str(), "ccy=BETH");
//! ```

use std::time::Duration;

use earn_core::http::Endpoint;
use earn_core::wire::lenient;
use earn_core::{Amount, UnixMillis};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::{CcyRow, GetByCcy, read_per};

const TWO_SECONDS: Duration = Duration::from_secs(2);

pub(crate) static BALANCE: Endpoint = read_per("/api/v5/account/balance", 10, TWO_SECONDS);
pub(crate) static MAX_WITHDRAWAL: Endpoint = read_per("/api/v5/account/max-withdrawal", 20, TWO_SECONDS);

/// `GET /api/v5/account/balance`: the trading account, one object with a row per currency
/// (a currency whose cash balance and equity are both zero is not listed).
pub type GetTradingBalance = GetByCcy<TradingBalance>;

impl CcyRow for TradingBalance {
    const ENDPOINT: &'static Endpoint = &BALANCE;
}

/// The trading account as [`GetTradingBalance`] answers it (the fields an earn bot needs;
/// the margin and risk fields are ignored).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct TradingBalance {
    /// Account update time.
    #[serde(deserialize_with = "lenient::opt")]
    pub u_time: Option<UnixMillis>,
    /// Total equity in USD.
    #[serde(deserialize_with = "lenient::opt")]
    pub total_eq: Option<Decimal>,
    /// One row per currency.
    pub details: Vec<TradingBalanceDetail>,
}

/// One currency of the trading account. Fields that do not apply to the account mode are
/// `""` at OKX and `None` here (`availEq` in Spot mode).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct TradingBalanceDetail {
    /// Currency.
    pub ccy: String,
    /// Equity of the currency (may be negative with liabilities).
    #[serde(deserialize_with = "lenient::opt")]
    pub eq: Option<Decimal>,
    /// Cash balance.
    #[serde(deserialize_with = "lenient::opt")]
    pub cash_bal: Option<Decimal>,
    /// Available balance.
    #[serde(deserialize_with = "lenient::opt")]
    pub avail_bal: Option<Decimal>,
    /// Frozen balance.
    #[serde(deserialize_with = "lenient::opt")]
    pub frozen_bal: Option<Decimal>,
    /// Margin frozen for open orders.
    #[serde(deserialize_with = "lenient::opt")]
    pub ord_frozen: Option<Decimal>,
    /// Available equity (not in Spot mode).
    #[serde(deserialize_with = "lenient::opt")]
    pub avail_eq: Option<Decimal>,
    /// Liabilities (positive).
    #[serde(deserialize_with = "lenient::opt")]
    pub liab: Option<Decimal>,
    /// Equity in USD.
    #[serde(deserialize_with = "lenient::opt")]
    pub eq_usd: Option<Decimal>,
    /// Update time of this currency's balance.
    #[serde(deserialize_with = "lenient::opt")]
    pub u_time: Option<UnixMillis>,
}

/// `GET /api/v5/account/max-withdrawal`: the most that can be transferred from the trading
/// to the funding account, per currency.
pub type GetMaxWithdrawal = GetByCcy<MaxWithdrawal>;

impl CcyRow for MaxWithdrawal {
    const ENDPOINT: &'static Endpoint = &MAX_WITHDRAWAL;
}

/// One currency of [`GetMaxWithdrawal`].
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct MaxWithdrawal {
    /// Currency.
    pub ccy: String,
    /// Most transferable to funding, borrowed assets excluded: the ceiling of a transfer
    /// without `loanTrans`.
    #[serde(deserialize_with = "lenient::opt")]
    pub max_wd: Option<Amount>,
    /// Most transferable, borrowed assets included.
    #[serde(deserialize_with = "lenient::opt")]
    pub max_wd_ex: Option<Amount>,
    /// Portfolio margin, spot-derivatives offset variant of `maxWd`.
    #[serde(deserialize_with = "lenient::opt")]
    pub spot_offset_max_wd: Option<Amount>,
    /// Portfolio margin, spot-derivatives offset variant of `maxWdEx`.
    #[serde(deserialize_with = "lenient::opt")]
    pub spot_offset_max_wd_ex: Option<Amount>,
}

#[cfg(test)]
mod tests {
    use earn_core::http::ApiRequest;

    use super::*;

    #[test]
    fn documented_examples_decode_with_empty_fields_as_none() {
        let b: TradingBalance = serde_json::from_str(r#"{"totalEq":"55837.43556134779","uTime":"1705474164160","details":[{"ccy":"USDT","eq":"4992.890093622894","cashBal":"4850.435693622894","availBal":"4834.317093622894","frozenBal":"158.573","ordFrozen":"0","availEq":"","liab":"0","eqUsd":"4991.542013297616","uTime":"1705449605015","someNewField":"1"}]}"#).unwrap();
        let d = &b.details[0];
        assert_eq!(d.avail_eq, None);
        assert_eq!(d.avail_bal.unwrap().to_string(), "4834.317093622894");
        let m: MaxWithdrawal = serde_json::from_str(
            r#"{"ccy":"BTC","maxWd":"124","maxWdEx":"125","spotOffsetMaxWd":"","spotOffsetMaxWdEx":""}"#,
        )
        .unwrap();
        assert_eq!(m.max_wd, Some(Amount::from(124)));
        assert_eq!(m.spot_offset_max_wd, None);
    }

    #[test]
    fn lists_are_checked() {
        assert_eq!(GetTradingBalance::new().ccy("BTC").ccy("ETH").query().as_str(), "ccy=BTC%2CETH");
        assert!(GetTradingBalance::new().ccy("B C").validate().is_err());
        assert!(GetMaxWithdrawal::new().validate().is_ok());
    }
}
