//! Simple Earn as a whole (reference §7.1) and the vocabulary its Flexible
//! ([`flexible`](super::flexible)) and Locked ([`locked`](super::locked)) families share.
//!
//! | Endpoint | Request | Answer |
//! |---|---|---|
//! | `GET /sapi/v1/simple-earn/account` | [`GetSimpleEarnAccount`] | [`SimpleEarnAccount`] |
//!
//! Requests and records spell accounts differently (§6): a subscription names its source
//! as [`SourceAccount`] `SPOT`/`FUND`/`ALL`, and its record echoes [`RecordAccount`]
//! `SPOT`/`FUNDING`/`SPOTANDFUNDING`.

use std::collections::BTreeMap;
use std::fmt;

use earn_core::http::{ApiRequest, Endpoint};
use earn_core::wire::lenient;
use earn_core::{AccountId, Amount, Error, Rate, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

use crate::dialect::{BinanceDialect, sapi_get};

pub(crate) static ACCOUNT: Endpoint = sapi_get("/sapi/v1/simple-earn/account", 150);

/// Where a subscription draws from (`sourceAccount`; Binance's default `SPOT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceAccount {
    /// `SPOT`: the Spot wallet.
    Spot,
    /// `FUND`: the Funding wallet.
    Fund,
    /// `ALL`: Spot and Funding (records show the split as `amtFromSpot`/`amtFromFunding`).
    All,
}

impl SourceAccount {
    /// The wire text.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceAccount::Spot => "SPOT",
            SourceAccount::Fund => "FUND",
            SourceAccount::All => "ALL",
        }
    }

    /// The adapter's account drawn on (`SPOT`, `FUNDING`); `None` for `ALL` (both).
    pub(crate) fn account(self) -> Option<AccountId> {
        match self {
            SourceAccount::Spot => Some(AccountId::new("SPOT")),
            SourceAccount::Fund => Some(AccountId::new("FUNDING")),
            SourceAccount::All => None,
        }
    }
}

impl fmt::Display for SourceAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a flexible redemption pays (`destAccount`; Binance's default `SPOT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DestAccount {
    /// `SPOT`: the Spot wallet.
    Spot,
    /// `FUND`: the Funding wallet.
    Fund,
}

impl DestAccount {
    /// The wire text.
    pub fn as_str(self) -> &'static str {
        match self {
            DestAccount::Spot => "SPOT",
            DestAccount::Fund => "FUND",
        }
    }

    /// The adapter's account paid (`SPOT`, `FUNDING`).
    pub(crate) fn account(self) -> AccountId {
        AccountId::new(match self {
            DestAccount::Spot => "SPOT",
            DestAccount::Fund => "FUNDING",
        })
    }
}

impl fmt::Display for DestAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

earn_core::open_enum! {
    /// Where a locked position goes at maturity (`redeemTo`).
    pub enum RedeemTo {
        /// The Spot wallet.
        Spot = "SPOT",
        /// The asset's flexible product.
        Flexible = "FLEXIBLE",
    }
}

earn_core::open_enum! {
    /// The account a record names (`sourceAccount`, `destAccount` in history rows).
    pub enum RecordAccount {
        /// The Spot wallet.
        Spot = "SPOT",
        /// The Funding wallet (requests say `FUND`).
        Funding = "FUNDING",
        /// Both (requests say `ALL`).
        SpotAndFunding = "SPOTANDFUNDING",
    }
}

earn_core::open_enum! {
    /// A product's subscription status (`status` of flexible and locked lists).
    pub enum ProductStatusText {
        /// Announced, not open yet.
        Preheating = "PREHEATING",
        /// Open for subscriptions.
        Purchasing = "PURCHASING",
        /// Closed.
        End = "END",
        /// Locked project just created (not open yet).
        Created = "CREATED",
    }
}

earn_core::open_enum! {
    /// A subscription record's status (subscriptions are asynchronous).
    pub enum SubscriptionStatus {
        /// Accepted, not settled.
        Purchasing = "PURCHASING",
        /// Done.
        Success = "SUCCESS",
        /// Failed; nothing moved.
        Failed = "FAILED",
    }
}

earn_core::open_enum! {
    /// Who or what created a subscription record. Only `NORMAL` is a subscription sent
    /// through the API; the others are Binance's own (auto-subscribe, conversions, loans,
    /// Auto-Invest, activities, trial funds, restakes).
    pub enum SubscriptionType {
        /// A subscription sent by the user.
        Normal = "NORMAL",
        /// Auto-subscription.
        Auto = "AUTO",
        /// Locked converted to flexible.
        Convert = "CONVERT",
        /// Flexible-loan collateral.
        Loan = "LOAN",
        /// Auto-Invest.
        Ai = "AI",
        /// Locked Savings moved to flexible.
        Transfer = "TRANSFER",
        /// Activity (locked).
        Activity = "ACTIVITY",
        /// Trial fund (locked).
        Trial = "TRIAL",
        /// Restake (locked).
        Restake = "RESTAKE",
    }
}

earn_core::open_enum! {
    /// A redemption record's status.
    pub enum RedemptionStatus {
        /// Accepted, not paid yet (flexible).
        Created = "CREATED",
        /// Paid.
        Paid = "PAID",
        /// Failed.
        Failed = "FAILED",
    }
}

/// Checks a flexible `productId` (`USDT001`): 1 to 32 ASCII letters, digits, `-`, `_`.
pub(crate) fn check_product_id(field: &str, id: &str) -> Result<()> {
    earn_core::validate::check_id(field, id, 32)
}

/// Checks a locked `projectId` (`Axs*90`): 1 to 64 ASCII letters, digits, `*`, `-`, `_`.
/// The `*` is sent percent-encoded (`%2A`), as Binance signs it.
pub(crate) fn check_project_id(field: &str, id: &str) -> Result<()> {
    if id.is_empty() || id.len() > 64 {
        return Err(Error::invalid_input(field, "must be 1 to 64 characters"));
    }
    if !id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'_')) {
        return Err(Error::invalid_input(field, "may contain only ASCII letters, digits, '*', '-' and '_'"));
    }
    Ok(())
}

/// `tierAnnualPercentageRate`: tier label (`"0-5BTC"`, keys are dynamic) to rate, each rate
/// kept as the exact text Binance sent (a JSON number in the docs, a string live).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TierRates(pub BTreeMap<String, String>);

impl TierRates {
    /// Each tier with its rate as a fraction (`None` when the text is not a plain decimal).
    pub fn rates(&self) -> impl Iterator<Item = (&str, Option<Rate>)> {
        self.0.iter().map(|(k, v)| (k.as_str(), Rate::parse_fraction(v).ok()))
    }
}

impl<'de> Deserialize<'de> for TierRates {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let raw = Option::<BTreeMap<String, Box<serde_json::value::RawValue>>>::deserialize(d)?.unwrap_or_default();
        Ok(TierRates(
            raw.into_iter()
                .map(|(k, v)| {
                    let t = v.get().trim();
                    (k, t.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(t).to_owned())
                })
                .collect(),
        ))
    }
}

/// `{"leftPersonalQuota": "1000"}` (flexible and locked).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LeftQuota {
    /// `leftPersonalQuota`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub left_personal_quota: Option<Amount>,
}

// ---------------------------------------------------------------------------------------
// 7.1 GET /sapi/v1/simple-earn/account
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/simple-earn/account` (weight 150): Simple Earn totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetSimpleEarnAccount;

impl ApiRequest for GetSimpleEarnAccount {
    type Dialect = BinanceDialect;
    type Response = SimpleEarnAccount;

    fn endpoint(&self) -> &'static Endpoint {
        &ACCOUNT
    }
}

/// Simple Earn totals, valued in BTC and USDT.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SimpleEarnAccount {
    /// `totalAmountInBTC`.
    #[serde(default, rename = "totalAmountInBTC", deserialize_with = "lenient::opt")]
    pub total_amount_in_btc: Option<Decimal>,
    /// `totalAmountInUSDT`.
    #[serde(default, rename = "totalAmountInUSDT", deserialize_with = "lenient::opt")]
    pub total_amount_in_usdt: Option<Decimal>,
    /// `totalFlexibleAmountInBTC`.
    #[serde(default, rename = "totalFlexibleAmountInBTC", deserialize_with = "lenient::opt")]
    pub total_flexible_amount_in_btc: Option<Decimal>,
    /// `totalFlexibleAmountInUSDT`.
    #[serde(default, rename = "totalFlexibleAmountInUSDT", deserialize_with = "lenient::opt")]
    pub total_flexible_amount_in_usdt: Option<Decimal>,
    /// `totalLockedInBTC`.
    #[serde(default, rename = "totalLockedInBTC", deserialize_with = "lenient::opt")]
    pub total_locked_in_btc: Option<Decimal>,
    /// `totalLockedInUSDT`.
    #[serde(default, rename = "totalLockedInUSDT", deserialize_with = "lenient::opt")]
    pub total_locked_in_usdt: Option<Decimal>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tier_rates_keep_numbers_and_strings_exactly() {
        let t: TierRates = serde_json::from_str(r#"{"0-5BTC":0.05,"5-10BTC":"0.03000000"}"#).unwrap();
        let rates: Vec<_> = t.rates().map(|(k, r)| (k.to_owned(), r.map(|r| r.to_string()))).collect();
        assert_eq!(rates[0], ("0-5BTC".to_owned(), Some("0.05".to_owned())));
        assert_eq!(t.0["5-10BTC"], "0.03000000");
    }

    #[test]
    fn project_ids_may_hold_a_star() {
        assert!(check_project_id("projectId", "Axs*90").is_ok());
        assert!(check_project_id("projectId", "Axs 90").is_err());
        assert!(check_project_id("projectId", "a&b=c").is_err());
    }
}
