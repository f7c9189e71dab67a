//! ETH staking: stake ETH for WBETH, redeem WBETH or BETH for ETH, wrap BETH into WBETH
//! (reference §10.1). Every endpoint is IP weight 150; stake and redeem also once per 3 s
//! per account. Histories take a window of at most 30 days (last 30 days by default).
//!
//! | # | Endpoint | Request | Answer |
//! |---|---|---|---|
//! | E1 | `GET /sapi/v2/eth-staking/account` | [`GetEthStakingAccount`] | [`EthStakingAccount`] |
//! | E2 | `GET /sapi/v1/eth-staking/eth/quota` | [`GetEthStakingQuota`] | [`EthStakingQuota`] |
//! | E3 | `POST /sapi/v2/eth-staking/eth/stake` | [`StakeEth`] | [`EthStakeResult`] |
//! | E4 | `POST /sapi/v1/eth-staking/eth/redeem` | [`RedeemEth`] | [`EthRedeemResult`] |
//! | E5 | `GET …/eth/history/stakingHistory` | [`GetEthStakingHistory`] | [`Rows`]`<`[`EthStakingRow`]`>` |
//! | E6 | `GET …/eth/history/redemptionHistory` | [`GetEthRedemptionHistory`] | [`Rows`]`<`[`EthRedemptionRow`]`>` |
//! | E7 | `GET …/eth/history/wbethRewardsHistory` | [`GetWbethRewardsHistory`] | [`WbethRewards`] |
//! | E8 | `GET …/eth/history/rateHistory` | [`GetEthRateHistory`] | [`Rows`]`<`[`EthRateRow`]`>` |
//! | E9 | `POST /sapi/v1/eth-staking/wbeth/wrap` | [`WrapBeth`] | [`WrapResult`] |
//! | E10 | `GET …/wbeth/history/wrapHistory` | [`GetWbethWrapHistory`] | [`Rows`]`<`[`WrapRow`]`>` |
//! | E11 | `GET …/wbeth/history/unwrapHistory` | [`GetWbethUnwrapHistory`] | [`Rows`]`<`[`WrapRow`]`>` |
//!
//! (`…` = `/sapi/v1/eth-staking`.) ETH and SOL staking are two families of their own (not
//! one request type with a coin field): their parameters, answers and endpoint sets differ.

use earn_core::http::{ApiRequest, Endpoint, Query};
use earn_core::wire::lenient;
use earn_core::{Amount, Error, Operation, Rate, ReconcileIntent, Result, UnixMillis};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::common::{AmountWrite, AmountWriteKind, ByPurchaseId, ByRedeemId, Filter, List, ListKind};
use super::common::{Rows, check_amount};
use crate::VENUE;
use crate::dialect::{BinanceDialect, once_per_3s, sapi_get, sapi_ip};

pub(crate) static ACCOUNT: Endpoint = sapi_get("/sapi/v2/eth-staking/account", 150);
pub(crate) static QUOTA: Endpoint = sapi_get("/sapi/v1/eth-staking/eth/quota", 150);
pub(crate) static STAKE: Endpoint = Endpoint::post("/sapi/v2/eth-staking/eth/stake")
    .write(Operation::Stake)
    .limit(sapi_ip("/sapi/v2/eth-staking/eth/stake", 150))
    .limit(once_per_3s("eth/stake per account"));
pub(crate) static REDEEM: Endpoint = Endpoint::post("/sapi/v1/eth-staking/eth/redeem")
    .write(Operation::Redeem)
    .limit(sapi_ip("/sapi/v1/eth-staking/eth/redeem", 150))
    .limit(once_per_3s("eth/redeem per account"));
pub(crate) static STAKING_HISTORY: Endpoint = sapi_get("/sapi/v1/eth-staking/eth/history/stakingHistory", 150);
pub(crate) static REDEMPTION_HISTORY: Endpoint = sapi_get("/sapi/v1/eth-staking/eth/history/redemptionHistory", 150);
pub(crate) static WBETH_REWARDS_HISTORY: Endpoint =
    sapi_get("/sapi/v1/eth-staking/eth/history/wbethRewardsHistory", 150);
pub(crate) static RATE_HISTORY: Endpoint = sapi_get("/sapi/v1/eth-staking/eth/history/rateHistory", 150);
/// Wrapping moves funds (BETH → WBETH): a write, reconciled through the wrap history.
pub(crate) static WRAP: Endpoint = Endpoint::post("/sapi/v1/eth-staking/wbeth/wrap")
    .write(Operation::Stake)
    .limit(sapi_ip("/sapi/v1/eth-staking/wbeth/wrap", 150));
pub(crate) static WRAP_HISTORY: Endpoint = sapi_get("/sapi/v1/eth-staking/wbeth/history/wrapHistory", 150);
pub(crate) static UNWRAP_HISTORY: Endpoint = sapi_get("/sapi/v1/eth-staking/wbeth/history/unwrapHistory", 150);

/// Decimals of an ETH stake and of a BETH wrap ("limit 4 decimals").
pub const ETH_STAKE_PRECISION: u32 = 4;
/// Decimals of an ETH redemption ("limit 8 decimals").
pub const ETH_REDEEM_PRECISION: u32 = 8;

earn_core::open_enum! {
    /// A staking, redemption or wrap record's status (ETH and SOL).
    pub enum StakingStatus {
        /// In progress.
        Pending = "PENDING",
        /// Done.
        Success = "SUCCESS",
        /// Failed; nothing moved.
        Failed = "FAILED",
    }
}

earn_core::open_enum! {
    /// What an ETH redemption spends (`asset`; Binance's default `BETH`).
    pub enum EthRedeemAsset {
        /// Wrapped Beacon ETH.
        Wbeth = "WBETH",
        /// Beacon ETH.
        Beth = "BETH",
    }
}

// ---------------------------------------------------------------------------------------
// E1 GET /sapi/v2/eth-staking/account, E2 GET /sapi/v1/eth-staking/eth/quota
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v2/eth-staking/account`: ETH staking holdings and profit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetEthStakingAccount;

impl ApiRequest for GetEthStakingAccount {
    type Dialect = BinanceDialect;
    type Response = EthStakingAccount;

    fn endpoint(&self) -> &'static Endpoint {
        &ACCOUNT
    }
}

/// ETH staking holdings (§10.1 E1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct EthStakingAccount {
    /// `holdingInETH`.
    #[serde(default, rename = "holdingInETH", deserialize_with = "lenient::opt")]
    pub holding_in_eth: Option<Amount>,
    /// `holdings`.
    #[serde(default)]
    pub holdings: EthHoldings,
    /// `thirtyDaysProfitInETH`.
    #[serde(default, rename = "thirtyDaysProfitInETH", deserialize_with = "lenient::opt")]
    pub thirty_days_profit_in_eth: Option<Amount>,
    /// `profit`.
    #[serde(default)]
    pub profit: EthProfit,
}

/// `holdings` of [`EthStakingAccount`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EthHoldings {
    /// `wbethAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub wbeth_amount: Option<Amount>,
    /// `bethAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub beth_amount: Option<Amount>,
}

/// `profit` of [`EthStakingAccount`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct EthProfit {
    /// `amountFromWBETH`.
    #[serde(default, rename = "amountFromWBETH", deserialize_with = "lenient::opt")]
    pub amount_from_wbeth: Option<Amount>,
    /// `amountFromBETH`.
    #[serde(default, rename = "amountFromBETH", deserialize_with = "lenient::opt")]
    pub amount_from_beth: Option<Amount>,
}

/// `GET /sapi/v1/eth-staking/eth/quota`: what this account may stake and redeem now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetEthStakingQuota;

impl ApiRequest for GetEthStakingQuota {
    type Dialect = BinanceDialect;
    type Response = EthStakingQuota;

    fn endpoint(&self) -> &'static Endpoint {
        &QUOTA
    }
}

/// ETH staking quota and rules (§10.1 E2; fields after the first two added 2025-10-27).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EthStakingQuota {
    /// `leftStakingPersonalQuota`: min(daily available limit, personal staking quota).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub left_staking_personal_quota: Option<Amount>,
    /// `leftRedemptionPersonalQuota`: min(daily personal redeem quota, redemption limit).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub left_redemption_personal_quota: Option<Amount>,
    /// `minStakeAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub min_stake_amount: Option<Amount>,
    /// `minRedeemAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub min_redeem_amount: Option<Amount>,
    /// `redeemPeriod` (days, by inference).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub redeem_period: Option<u32>,
    /// `stakeable`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub stakeable: Option<bool>,
    /// `redeemable`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub redeemable: Option<bool>,
    /// `commissionFee`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub commission_fee: Option<Decimal>,
    /// `calculating`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub calculating: Option<bool>,
}

// ---------------------------------------------------------------------------------------
// E3 POST /sapi/v2/eth-staking/eth/stake
// ---------------------------------------------------------------------------------------

/// `POST /sapi/v2/eth-staking/eth/stake` (TRADE; once per 3 s per account): stakes ETH for
/// WBETH. Reconciled through [`GetEthStakingHistory`].
pub type StakeEth = AmountWrite<EthStake>;

/// The [`AmountWriteKind`] of [`StakeEth`].
pub enum EthStake {}

impl AmountWriteKind for EthStake {
    type Response = EthStakeResult;
    const ENDPOINT: &'static Endpoint = &STAKE;
    const PRECISION: u32 = ETH_STAKE_PRECISION;
    const ASSET: &'static str = "ETH";
}

/// The answer of [`StakeEth`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EthStakeResult {
    /// `success`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub success: Option<bool>,
    /// `wbethAmount`: received.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub wbeth_amount: Option<Amount>,
    /// `conversionRatio`: ETH per WBETH.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub conversion_ratio: Option<Decimal>,
    /// `purchaseId` (not in every docs variant).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub purchase_id: Option<String>,
}

// ---------------------------------------------------------------------------------------
// E4 POST /sapi/v1/eth-staking/eth/redeem
// ---------------------------------------------------------------------------------------

/// `POST /sapi/v1/eth-staking/eth/redeem` (TRADE; once per 3 s per account): redeems BETH
/// or WBETH for ETH (paid at `arrivalTime`). Reconciled through [`GetEthRedemptionHistory`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RedeemEth {
    /// `amount` of `asset`: above zero, at most 8 decimals.
    pub amount: Amount,
    /// `asset` (Binance's default `BETH`).
    pub asset: Option<EthRedeemAsset>,
}

impl RedeemEth {
    /// Redeem `amount` (BETH unless [`asset`](Self::asset) says otherwise).
    pub fn new(amount: Amount) -> Self {
        RedeemEth { amount, asset: None }
    }

    /// Sets `asset`.
    pub fn asset(mut self, asset: EthRedeemAsset) -> Self {
        self.asset = Some(asset);
        self
    }
}

impl ApiRequest for RedeemEth {
    type Dialect = BinanceDialect;
    type Response = EthRedeemResult;

    fn endpoint(&self) -> &'static Endpoint {
        &REDEEM
    }

    fn validate(&self) -> Result<()> {
        check_amount("amount", self.amount, ETH_REDEEM_PRECISION)?;
        match &self.asset {
            Some(a) if !a.is_known() => Err(Error::invalid_input("asset", "must be WBETH or BETH")),
            _ => Ok(()),
        }
    }

    fn query(&self) -> Query {
        Query::new().push("amount", self.amount).push_opt("asset", self.asset.as_ref())
    }

    fn intent(&self) -> Option<ReconcileIntent> {
        let asset = self.asset.as_ref().map_or("BETH", EthRedeemAsset::as_str);
        Some(ReconcileIntent::new(VENUE, Operation::Redeem, REDEEM.path).asset(asset).amount(self.amount))
    }
}

/// The answer of [`RedeemEth`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EthRedeemResult {
    /// `success`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub success: Option<bool>,
    /// `ethAmount`: to be paid.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub eth_amount: Option<Amount>,
    /// `conversionRatio`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub conversion_ratio: Option<Decimal>,
    /// `arrivalTime`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub arrival_time: Option<UnixMillis>,
    /// `redeemId`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub redeem_id: Option<String>,
}

// ---------------------------------------------------------------------------------------
// E5 stakingHistory, E6 redemptionHistory
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/eth-staking/eth/history/stakingHistory`: ETH stakes.
pub type GetEthStakingHistory = List<EthStakingHistory>;

/// The [`ListKind`] of [`GetEthStakingHistory`].
pub enum EthStakingHistory {}

impl ListKind for EthStakingHistory {
    type Response = Rows<EthStakingRow>;
    const ENDPOINT: &'static Endpoint = &STAKING_HISTORY;
    const FILTERS: &'static [Filter] = &[Filter::PurchaseId];
    const WINDOW_FIRST: bool = true;
}
impl ByPurchaseId for EthStakingHistory {}

/// An ETH stake (`rows[]` of E5).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EthStakingRow {
    /// `time`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<UnixMillis>,
    /// `asset` (`ETH`).
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `amount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `distributeAsset` (`WBETH`).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub distribute_asset: Option<String>,
    /// `distributeAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub distribute_amount: Option<Amount>,
    /// `conversionRatio`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub conversion_ratio: Option<Decimal>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<StakingStatus>,
    /// `purchaseId`, when Binance includes it (not documented on rows).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub purchase_id: Option<String>,
}

/// `GET /sapi/v1/eth-staking/eth/history/redemptionHistory`: ETH redemptions.
pub type GetEthRedemptionHistory = List<EthRedemptionHistory>;

/// The [`ListKind`] of [`GetEthRedemptionHistory`].
pub enum EthRedemptionHistory {}

impl ListKind for EthRedemptionHistory {
    type Response = Rows<EthRedemptionRow>;
    const ENDPOINT: &'static Endpoint = &REDEMPTION_HISTORY;
    const FILTERS: &'static [Filter] = &[Filter::RedeemId];
    const WINDOW_FIRST: bool = true;
}
impl ByRedeemId for EthRedemptionHistory {}

/// An ETH redemption (`rows[]` of E6).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EthRedemptionRow {
    /// `time`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<UnixMillis>,
    /// `arrivalTime`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub arrival_time: Option<UnixMillis>,
    /// `asset` (`WBETH` or `BETH`).
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `amount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `distributeAsset` (`ETH`).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub distribute_asset: Option<String>,
    /// `distributeAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub distribute_amount: Option<Amount>,
    /// `conversionRatio`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub conversion_ratio: Option<Decimal>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<StakingStatus>,
    /// `redeemId`, when Binance includes it (not documented on rows).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub redeem_id: Option<String>,
}

// ---------------------------------------------------------------------------------------
// E7 wbethRewardsHistory, E8 rateHistory
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/eth-staking/eth/history/wbethRewardsHistory`: WBETH rewards.
pub type GetWbethRewardsHistory = List<WbethRewardsHistory>;

/// The [`ListKind`] of [`GetWbethRewardsHistory`].
pub enum WbethRewardsHistory {}

impl ListKind for WbethRewardsHistory {
    type Response = WbethRewards;
    const ENDPOINT: &'static Endpoint = &WBETH_REWARDS_HISTORY;
}

/// WBETH rewards (E7): an estimate and the rows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WbethRewards {
    /// `estRewardsInETH`.
    #[serde(default, rename = "estRewardsInETH", deserialize_with = "lenient::opt")]
    pub est_rewards_in_eth: Option<Amount>,
    /// `rows`.
    #[serde(default)]
    pub rows: Vec<WbethRewardRow>,
    /// `total`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub total: Option<u64>,
}

/// One WBETH reward.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WbethRewardRow {
    /// `time`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<UnixMillis>,
    /// `amountInETH`.
    #[serde(default, rename = "amountInETH", deserialize_with = "lenient::opt")]
    pub amount_in_eth: Option<Amount>,
    /// `holding` (WBETH).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub holding: Option<Amount>,
    /// `holdingInETH`.
    #[serde(default, rename = "holdingInETH", deserialize_with = "lenient::opt")]
    pub holding_in_eth: Option<Amount>,
    /// `annualPercentageRate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub annual_percentage_rate: Option<Rate>,
}

/// `GET /sapi/v1/eth-staking/eth/history/rateHistory`: BETH APR and the WBETH exchange
/// rate over time.
pub type GetEthRateHistory = List<EthRateHistory>;

/// The [`ListKind`] of [`GetEthRateHistory`].
pub enum EthRateHistory {}

impl ListKind for EthRateHistory {
    type Response = Rows<EthRateRow>;
    const ENDPOINT: &'static Endpoint = &RATE_HISTORY;
}

/// One point of the ETH rate history (`total` is a string on this endpoint).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EthRateRow {
    /// `annualPercentageRate`: BETH APR (a fraction).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub annual_percentage_rate: Option<Rate>,
    /// `exchangeRate`: 1 WBETH = x BETH.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub exchange_rate: Option<Decimal>,
    /// `time`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<UnixMillis>,
}

// ---------------------------------------------------------------------------------------
// E9 POST wbeth/wrap, E10 wrapHistory, E11 unwrapHistory
// ---------------------------------------------------------------------------------------

/// `POST /sapi/v1/eth-staking/wbeth/wrap` (TRADE): wraps BETH into WBETH. Reconciled
/// through [`GetWbethWrapHistory`].
pub type WrapBeth = AmountWrite<BethWrap>;

/// The [`AmountWriteKind`] of [`WrapBeth`].
pub enum BethWrap {}

impl AmountWriteKind for BethWrap {
    type Response = WrapResult;
    const ENDPOINT: &'static Endpoint = &WRAP;
    const PRECISION: u32 = ETH_STAKE_PRECISION;
    const ASSET: &'static str = "BETH";
}

/// The answer of [`WrapBeth`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WrapResult {
    /// `success`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub success: Option<bool>,
    /// `wbethAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub wbeth_amount: Option<Amount>,
    /// `exchangeRate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub exchange_rate: Option<Decimal>,
}

/// `GET /sapi/v1/eth-staking/wbeth/history/wrapHistory`: BETH → WBETH wraps.
pub type GetWbethWrapHistory = List<WbethWrapHistory>;

/// The [`ListKind`] of [`GetWbethWrapHistory`].
pub enum WbethWrapHistory {}

impl ListKind for WbethWrapHistory {
    type Response = Rows<WrapRow>;
    const ENDPOINT: &'static Endpoint = &WRAP_HISTORY;
}

/// `GET /sapi/v1/eth-staking/wbeth/history/unwrapHistory`: WBETH → BETH unwraps.
pub type GetWbethUnwrapHistory = List<WbethUnwrapHistory>;

/// The [`ListKind`] of [`GetWbethUnwrapHistory`].
pub enum WbethUnwrapHistory {}

impl ListKind for WbethUnwrapHistory {
    type Response = Rows<WrapRow>;
    const ENDPOINT: &'static Endpoint = &UNWRAP_HISTORY;
}

/// A wrap or unwrap (`rows[]` of E10, E11).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WrapRow {
    /// `time`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<UnixMillis>,
    /// `fromAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub from_asset: Option<String>,
    /// `fromAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub from_amount: Option<Amount>,
    /// `toAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub to_asset: Option<String>,
    /// `toAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub to_amount: Option<Amount>,
    /// `exchangeRate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub exchange_rate: Option<Decimal>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<StakingStatus>,
}
