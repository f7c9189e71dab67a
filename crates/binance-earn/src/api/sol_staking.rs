//! SOL staking: stake SOL for BNSOL, redeem BNSOL for SOL, boost rewards (reference
//! §10.2). Every endpoint is IP weight 150; stake and redeem also once per 3 s per
//! account. Histories take a window of at most 30 days (last 30 days by default).
//!
//! | # | Endpoint | Request | Answer |
//! |---|---|---|---|
//! | S1 | `GET /sapi/v1/sol-staking/account` | [`GetSolStakingAccount`] | [`SolStakingAccount`] |
//! | S2 | `GET …/sol/quota` | [`GetSolStakingQuota`] | [`SolStakingQuota`] |
//! | S3 | `POST …/sol/stake` | [`StakeSol`] | [`SolStakeResult`] |
//! | S4 | `POST …/sol/redeem` | [`RedeemSol`] | [`SolRedeemResult`] |
//! | S5 | `GET …/sol/history/stakingHistory` | [`GetSolStakingHistory`] | [`Rows`]`<`[`SolStakingRow`]`>` |
//! | S6 | `GET …/sol/history/redemptionHistory` | [`GetSolRedemptionHistory`] | [`Rows`]`<`[`SolRedemptionRow`]`>` |
//! | S7 | `GET …/sol/history/bnsolRewardsHistory` | [`GetBnsolRewardsHistory`] | [`BnsolRewards`] |
//! | S8 | `GET …/sol/history/rateHistory` | [`GetBnsolRateHistory`] | [`Rows`]`<`[`SolRateRow`]`>` |
//! | S9 | `GET …/sol/history/boostRewardsHistory` | [`GetBoostRewardsHistory`] | [`Rows`]`<`[`BoostRewardRow`]`>` |
//! | S10 | `GET …/sol/history/unclaimedRewards` | [`GetUnclaimedRewards`] | `Vec<`[`UnclaimedReward`]`>` |
//! | S11 | `POST …/sol/claim` | [`ClaimBoostRewards`] | [`Ack`] |
//!
//! (`…` = `/sapi/v1/sol-staking`.)

use earn_core::http::{ApiRequest, Endpoint, Query};
use earn_core::wire::lenient;
use earn_core::{Amount, Error, Operation, Rate, Result, UnixMillis};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::common::{Ack, DEFAULT_PRECISION, MAX_CURRENT, MAX_HISTORY_SPAN, Paged, Rows, Window, check_opt_numeric_id};
use super::common::{AmountWrite, AmountWriteKind, ByPurchaseId, ByRedeemId, Filter, List, ListKind};
pub use super::eth_staking::StakingStatus;
use crate::dialect::{BinanceDialect, once_per_3s, sapi_get, sapi_ip, sapi_post};

pub(crate) static ACCOUNT: Endpoint = sapi_get("/sapi/v1/sol-staking/account", 150);
pub(crate) static QUOTA: Endpoint = sapi_get("/sapi/v1/sol-staking/sol/quota", 150);
pub(crate) static STAKE: Endpoint = Endpoint::post("/sapi/v1/sol-staking/sol/stake")
    .write(Operation::Stake)
    .limit(sapi_ip("/sapi/v1/sol-staking/sol/stake", 150))
    .limit(once_per_3s("sol/stake per account"));
pub(crate) static REDEEM: Endpoint = Endpoint::post("/sapi/v1/sol-staking/sol/redeem")
    .write(Operation::Redeem)
    .limit(sapi_ip("/sapi/v1/sol-staking/sol/redeem", 150))
    .limit(once_per_3s("sol/redeem per account"));
pub(crate) static STAKING_HISTORY: Endpoint = sapi_get("/sapi/v1/sol-staking/sol/history/stakingHistory", 150);
pub(crate) static REDEMPTION_HISTORY: Endpoint = sapi_get("/sapi/v1/sol-staking/sol/history/redemptionHistory", 150);
pub(crate) static BNSOL_REWARDS_HISTORY: Endpoint =
    sapi_get("/sapi/v1/sol-staking/sol/history/bnsolRewardsHistory", 150);
pub(crate) static RATE_HISTORY: Endpoint = sapi_get("/sapi/v1/sol-staking/sol/history/rateHistory", 150);
pub(crate) static BOOST_REWARDS_HISTORY: Endpoint =
    sapi_get("/sapi/v1/sol-staking/sol/history/boostRewardsHistory", 150);
pub(crate) static UNCLAIMED_REWARDS: Endpoint = sapi_get("/sapi/v1/sol-staking/sol/history/unclaimedRewards", 150);
/// Claims every unclaimed boost reward: a repeat finds nothing more to claim, so it is
/// sent like a setting (repeated through transient faults), not as a write.
pub(crate) static CLAIM: Endpoint = sapi_post("/sapi/v1/sol-staking/sol/claim", 150);

/// Decimals of a SOL stake (undocumented; Binance's usual 8).
pub const SOL_STAKE_PRECISION: u32 = DEFAULT_PRECISION;
/// Decimals of a BNSOL redemption ("limit 8 decimals").
pub const SOL_REDEEM_PRECISION: u32 = 8;

earn_core::open_enum! {
    /// Boost rewards record type (`type` of S9, required).
    pub enum BoostRewardType {
        /// Claimed rewards.
        Claim = "CLAIM",
        /// Distributed rewards.
        Distribute = "DISTRIBUTE",
    }
}

fn check_history(window: &Window, id_field: &str, id: Option<&str>) -> Result<()> {
    check_opt_numeric_id(id_field, id)?;
    window.check(Some(MAX_HISTORY_SPAN), MAX_CURRENT)
}

// ---------------------------------------------------------------------------------------
// S1 account, S2 quota
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/sol-staking/account`: BNSOL holdings and profit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetSolStakingAccount;

impl ApiRequest for GetSolStakingAccount {
    type Dialect = BinanceDialect;
    type Response = SolStakingAccount;

    fn endpoint(&self) -> &'static Endpoint {
        &ACCOUNT
    }
}

/// SOL staking holdings (§10.2 S1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct SolStakingAccount {
    /// `bnsolAmount`.
    #[serde(default, rename = "bnsolAmount", deserialize_with = "lenient::opt")]
    pub bnsol_amount: Option<Amount>,
    /// `holdingInSOL`.
    #[serde(default, rename = "holdingInSOL", deserialize_with = "lenient::opt")]
    pub holding_in_sol: Option<Amount>,
    /// `thirtyDaysProfitInSOL`.
    #[serde(default, rename = "thirtyDaysProfitInSOL", deserialize_with = "lenient::opt")]
    pub thirty_days_profit_in_sol: Option<Amount>,
}

/// `GET /sapi/v1/sol-staking/sol/quota`: what this account may stake and redeem now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetSolStakingQuota;

impl ApiRequest for GetSolStakingQuota {
    type Dialect = BinanceDialect;
    type Response = SolStakingQuota;

    fn endpoint(&self) -> &'static Endpoint {
        &QUOTA
    }
}

/// SOL staking quota and rules (§10.2 S2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SolStakingQuota {
    /// `leftStakingPersonalQuota`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub left_staking_personal_quota: Option<Amount>,
    /// `leftRedemptionPersonalQuota`.
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
    /// `soldOut`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub sold_out: Option<bool>,
    /// `commissionFee`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub commission_fee: Option<Decimal>,
    /// `nextEpochTime` (the unit of the docs' example is unclear).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub next_epoch_time: Option<i64>,
    /// `calculating`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub calculating: Option<bool>,
}

// ---------------------------------------------------------------------------------------
// S3 stake, S4 redeem
// ---------------------------------------------------------------------------------------

/// `POST /sapi/v1/sol-staking/sol/stake` (TRADE; once per 3 s per account): stakes SOL for
/// BNSOL. Reconciled through [`GetSolStakingHistory`].
pub type StakeSol = AmountWrite<SolStake>;

/// The [`AmountWriteKind`] of [`StakeSol`].
pub enum SolStake {}

impl AmountWriteKind for SolStake {
    type Response = SolStakeResult;
    const ENDPOINT: &'static Endpoint = &STAKE;
    const PRECISION: u32 = SOL_STAKE_PRECISION;
    const ASSET: &'static str = "SOL";
}

/// The answer of [`StakeSol`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SolStakeResult {
    /// `success`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub success: Option<bool>,
    /// `bnsolAmount`: received.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub bnsol_amount: Option<Amount>,
    /// `exchangeRate`: SOL per BNSOL.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub exchange_rate: Option<Decimal>,
    /// `purchaseId` (SDK ≥ 5.6.0).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub purchase_id: Option<String>,
}

/// `POST /sapi/v1/sol-staking/sol/redeem` (TRADE; once per 3 s per account): redeems BNSOL
/// for SOL (paid at `arrivalTime`). Reconciled through [`GetSolRedemptionHistory`].
pub type RedeemSol = AmountWrite<SolRedeem>;

/// The [`AmountWriteKind`] of [`RedeemSol`].
pub enum SolRedeem {}

impl AmountWriteKind for SolRedeem {
    type Response = SolRedeemResult;
    const ENDPOINT: &'static Endpoint = &REDEEM;
    const PRECISION: u32 = SOL_REDEEM_PRECISION;
    const ASSET: &'static str = "BNSOL";
}

/// The answer of [`RedeemSol`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SolRedeemResult {
    /// `success`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub success: Option<bool>,
    /// `solAmount`: to be paid.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub sol_amount: Option<Amount>,
    /// `exchangeRate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub exchange_rate: Option<Decimal>,
    /// `arrivalTime`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub arrival_time: Option<UnixMillis>,
    /// `redeemId` (SDK ≥ 5.6.0).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub redeem_id: Option<String>,
}

// ---------------------------------------------------------------------------------------
// S5 stakingHistory, S6 redemptionHistory
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/sol-staking/sol/history/stakingHistory`: SOL stakes.
pub type GetSolStakingHistory = List<SolStakingHistory>;

/// The [`ListKind`] of [`GetSolStakingHistory`].
pub enum SolStakingHistory {}

impl ListKind for SolStakingHistory {
    type Response = Rows<SolStakingRow>;
    const ENDPOINT: &'static Endpoint = &STAKING_HISTORY;
    const FILTERS: &'static [Filter] = &[Filter::PurchaseId];
    const WINDOW_FIRST: bool = true;
}
impl ByPurchaseId for SolStakingHistory {}

/// A SOL stake (`rows[]` of S5).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SolStakingRow {
    /// `time`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<UnixMillis>,
    /// `asset` (`SOL`).
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `amount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `distributeAsset` (`BNSOL`).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub distribute_asset: Option<String>,
    /// `distributeAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub distribute_amount: Option<Amount>,
    /// `exchangeRate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub exchange_rate: Option<Decimal>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<StakingStatus>,
    /// `purchaseId`, when Binance includes it (not documented on rows).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub purchase_id: Option<String>,
}

/// `GET /sapi/v1/sol-staking/sol/history/redemptionHistory`: BNSOL redemptions.
pub type GetSolRedemptionHistory = List<SolRedemptionHistory>;

/// The [`ListKind`] of [`GetSolRedemptionHistory`].
pub enum SolRedemptionHistory {}

impl ListKind for SolRedemptionHistory {
    type Response = Rows<SolRedemptionRow>;
    const ENDPOINT: &'static Endpoint = &REDEMPTION_HISTORY;
    const FILTERS: &'static [Filter] = &[Filter::RedeemId];
    const WINDOW_FIRST: bool = true;
}
impl ByRedeemId for SolRedemptionHistory {}

/// A BNSOL redemption (`rows[]` of S6).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SolRedemptionRow {
    /// `time`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<UnixMillis>,
    /// `arrivalTime`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub arrival_time: Option<UnixMillis>,
    /// `asset` (`BNSOL`).
    #[serde(default, deserialize_with = "lenient::id_string")]
    pub asset: String,
    /// `amount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `distributeAsset` (`SOL`).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub distribute_asset: Option<String>,
    /// `distributeAmount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub distribute_amount: Option<Amount>,
    /// `exchangeRate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub exchange_rate: Option<Decimal>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt_enum")]
    pub status: Option<StakingStatus>,
    /// `redeemId`, when Binance includes it (not documented on rows).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub redeem_id: Option<String>,
}

// ---------------------------------------------------------------------------------------
// S7 bnsolRewardsHistory, S8 rateHistory
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/sol-staking/sol/history/bnsolRewardsHistory`: BNSOL rewards.
pub type GetBnsolRewardsHistory = List<BnsolRewardsHistory>;

/// The [`ListKind`] of [`GetBnsolRewardsHistory`].
pub enum BnsolRewardsHistory {}

impl ListKind for BnsolRewardsHistory {
    type Response = BnsolRewards;
    const ENDPOINT: &'static Endpoint = &BNSOL_REWARDS_HISTORY;
}

/// BNSOL rewards (S7): an estimate and the rows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BnsolRewards {
    /// `estRewardsInSOL`.
    #[serde(default, rename = "estRewardsInSOL", deserialize_with = "lenient::opt")]
    pub est_rewards_in_sol: Option<Amount>,
    /// `rows`.
    #[serde(default)]
    pub rows: Vec<BnsolRewardRow>,
    /// `total`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub total: Option<u64>,
}

/// One BNSOL reward.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BnsolRewardRow {
    /// `time`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<UnixMillis>,
    /// `amountInSOL`.
    #[serde(default, rename = "amountInSOL", deserialize_with = "lenient::opt")]
    pub amount_in_sol: Option<Amount>,
    /// `holding` (BNSOL).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub holding: Option<Amount>,
    /// `holdingInSOL`.
    #[serde(default, rename = "holdingInSOL", deserialize_with = "lenient::opt")]
    pub holding_in_sol: Option<Amount>,
    /// `annualPercentageRate`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub annual_percentage_rate: Option<Rate>,
}

/// `GET /sapi/v1/sol-staking/sol/history/rateHistory`: BNSOL APR, exchange rate and
/// boosts over time.
pub type GetBnsolRateHistory = List<BnsolRateHistory>;

/// The [`ListKind`] of [`GetBnsolRateHistory`].
pub enum BnsolRateHistory {}

impl ListKind for BnsolRateHistory {
    type Response = Rows<SolRateRow>;
    const ENDPOINT: &'static Endpoint = &RATE_HISTORY;
}

/// One point of the BNSOL rate history (`total` is a string on this endpoint).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SolRateRow {
    /// `annualPercentageRate` (a fraction).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub annual_percentage_rate: Option<Rate>,
    /// `exchangeRate`: SOL per BNSOL.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub exchange_rate: Option<Decimal>,
    /// `boostRewards[]`.
    #[serde(default)]
    pub boost_rewards: Vec<BoostRate>,
    /// `time`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<UnixMillis>,
}

/// A boost on top of the BNSOL APR.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct BoostRate {
    /// `boostAPR`.
    #[serde(default, rename = "boostAPR", deserialize_with = "lenient::opt")]
    pub boost_apr: Option<Rate>,
    /// `rewardsAsset`.
    #[serde(default, rename = "rewardsAsset", deserialize_with = "lenient::opt")]
    pub rewards_asset: Option<String>,
}

// ---------------------------------------------------------------------------------------
// S9 boostRewardsHistory, S10 unclaimedRewards, S11 claim
// ---------------------------------------------------------------------------------------

/// `GET /sapi/v1/sol-staking/sol/history/boostRewardsHistory`: boost rewards claimed or
/// distributed (`type` required).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetBoostRewardsHistory {
    /// `type`.
    pub kind: BoostRewardType,
    /// `startTime`, `endTime`, `current`, `size`.
    pub window: Window,
}

impl GetBoostRewardsHistory {
    /// Boost rewards of `kind` in Binance's default window.
    pub fn new(kind: BoostRewardType) -> Self {
        GetBoostRewardsHistory { kind, window: Window::default() }
    }

    /// Sets the window and page.
    pub fn window(mut self, window: Window) -> Self {
        self.window = window;
        self
    }
}

impl ApiRequest for GetBoostRewardsHistory {
    type Dialect = BinanceDialect;
    type Response = Rows<BoostRewardRow>;

    fn endpoint(&self) -> &'static Endpoint {
        &BOOST_REWARDS_HISTORY
    }

    fn validate(&self) -> Result<()> {
        if !self.kind.is_known() {
            return Err(Error::invalid_input("type", "must be CLAIM or DISTRIBUTE"));
        }
        check_history(&self.window, "", None)
    }

    fn query(&self) -> Query {
        self.window.push(Query::new().push("type", &self.kind))
    }
}

impl Paged for GetBoostRewardsHistory {
    type Row = BoostRewardRow;

    fn set_page(&mut self, current: u32, size: u32) {
        self.window.set_page(current, size);
    }
}

/// A boost reward (`rows[]` of S9).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BoostRewardRow {
    /// `time` as sent (the docs' example has 10 digits: seconds, probably).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time: Option<i64>,
    /// `token`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub token: Option<String>,
    /// `amount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `bnsolHolding`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub bnsol_holding: Option<Amount>,
    /// `status`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub status: Option<String>,
}

/// `GET /sapi/v1/sol-staking/sol/history/unclaimedRewards`: boost rewards waiting to be
/// claimed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetUnclaimedRewards;

impl ApiRequest for GetUnclaimedRewards {
    type Dialect = BinanceDialect;
    type Response = Vec<UnclaimedReward>;

    fn endpoint(&self) -> &'static Endpoint {
        &UNCLAIMED_REWARDS
    }
}

/// One unclaimed reward.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UnclaimedReward {
    /// `amount`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub amount: Option<Amount>,
    /// `rewardsAsset`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub rewards_asset: Option<String>,
}

/// `POST /sapi/v1/sol-staking/sol/claim`: claims every unclaimed boost reward. Claiming
/// again finds nothing more to claim, so the request is repeated through transient faults
/// like a read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClaimBoostRewards;

impl ApiRequest for ClaimBoostRewards {
    type Dialect = BinanceDialect;
    type Response = Ack;

    fn endpoint(&self) -> &'static Endpoint {
        &CLAIM
    }
}
