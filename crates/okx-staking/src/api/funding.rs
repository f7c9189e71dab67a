//! Funding-account bills (`GET /api/v5/asset/bills`), for reconciliation cross-checks
//! (reference §10.1.6): a subscription or redemption moves funding-account money and
//! leaves a bill of a known type.
//!
//! ```
//! use earn_core::http::ApiRequest;
//! use okx_staking::api::funding::{GetBills, bill_type};
//! let q = GetBills::new().ccy("ETH").bill_type(bill_type::ETH_SUBSCRIPTION).limit(100);
//! assert_eq!(q.query().as_str(), "ccy=ETH&type=137&limit=100");
//! assert!(GetBills::new().limit(500).validate().is_err());
//! ```

use earn_core::http::{ApiRequest, Endpoint, Query};
use earn_core::wire::lenient;
use earn_core::{Amount, Result, UnixMillis};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::{check_limit, check_opt_id, read};
use crate::dialect::OkxDialect;

pub(crate) static BILLS: Endpoint = read("/api/v5/asset/bills", 6);

/// Bill types relevant to staking and earn (`type` values).
pub mod bill_type {
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
        check_opt_id("clientId", self.client_id.as_deref())?;
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
