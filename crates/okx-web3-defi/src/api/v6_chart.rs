//! v6 charts: rate, TVL, depth/price (reference §6 #5–#7).

use earn_core::http::{ApiRequest, Endpoint, Query};
use earn_core::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::api::numbers::DecimalText;
use crate::api::types::{FlexText, InvestmentId, nullable};
use crate::dialect::OkxWeb3Dialect;

/// #5 rate chart.
pub(crate) static RATE_CHART: Endpoint = Endpoint::get("/api/v6/defi/product/rate/chart");
/// #6 TVL chart.
pub(crate) static TVL_CHART: Endpoint = Endpoint::get("/api/v6/defi/product/tvl/chart");
/// #7 depth / price chart (V3 pools).
pub(crate) static DEPTH_PRICE_CHART: Endpoint = Endpoint::get("/api/v6/defi/product/depth-price/chart");

earn_core::open_enum! {
    /// `timeRange`.
    pub enum TimeRange {
        /// One day (V3 pools; PRICE charts).
        Day = "DAY",
        /// One week (default).
        Week = "WEEK",
        /// One month.
        Month = "MONTH",
        /// Three months.
        Season = "SEASON",
        /// One year.
        Year = "YEAR",
    }
}

earn_core::open_enum! {
    /// `chartType` of the depth/price chart.
    pub enum ChartType {
        /// Liquidity depth by tick (default).
        Depth = "DEPTH",
        /// Price history.
        Price = "PRICE",
    }
}

/// #5 `GET /api/v6/defi/product/rate/chart`: a product's rate history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetRateChart {
    /// Product.
    pub investment_id: InvestmentId,
    /// Range (venue default `WEEK`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_range: Option<TimeRange>,
}

impl GetRateChart {
    /// The rate chart of `investment_id` over the venue's default range.
    pub fn new(investment_id: InvestmentId) -> Self {
        GetRateChart { investment_id, time_range: None }
    }

    /// Over `range`.
    pub fn range(mut self, range: TimeRange) -> Self {
        self.time_range = Some(range);
        self
    }
}

impl ApiRequest for GetRateChart {
    type Dialect = OkxWeb3Dialect;
    type Response = Vec<RatePoint>;

    fn endpoint(&self) -> &'static Endpoint {
        &RATE_CHART
    }

    fn validate(&self) -> Result<()> {
        self.investment_id.check()
    }

    fn query(&self) -> Query {
        chart_query(&self.investment_id, self.time_range.as_ref())
    }
}

/// #6 `GET /api/v6/defi/product/tvl/chart`: a product's TVL history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetTvlChart {
    /// Product.
    pub investment_id: InvestmentId,
    /// Range (venue default `WEEK`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_range: Option<TimeRange>,
}

impl GetTvlChart {
    /// The TVL chart of `investment_id` over the venue's default range.
    pub fn new(investment_id: InvestmentId) -> Self {
        GetTvlChart { investment_id, time_range: None }
    }

    /// Over `range`.
    pub fn range(mut self, range: TimeRange) -> Self {
        self.time_range = Some(range);
        self
    }
}

impl ApiRequest for GetTvlChart {
    type Dialect = OkxWeb3Dialect;
    type Response = TvlChart;

    fn endpoint(&self) -> &'static Endpoint {
        &TVL_CHART
    }

    fn validate(&self) -> Result<()> {
        self.investment_id.check()
    }

    fn query(&self) -> Query {
        chart_query(&self.investment_id, self.time_range.as_ref())
    }
}

/// `investmentId=…[&timeRange=…]`, the query of #5 and #6.
fn chart_query(investment_id: &InvestmentId, range: Option<&TimeRange>) -> Query {
    Query::new().push("investmentId", investment_id).push_opt("timeRange", range)
}

/// #7 `GET /api/v6/defi/product/depth-price/chart`: liquidity depth by tick, or price
/// history, of a V3 pool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetDepthPriceChart {
    /// Product (a V3 pool; otherwise the venue answers `84032`).
    pub investment_id: InvestmentId,
    /// `DEPTH` (default) or `PRICE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart_type: Option<ChartType>,
    /// For `PRICE` only: `DAY` (default) or `WEEK`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_range: Option<TimeRange>,
}

impl ApiRequest for GetDepthPriceChart {
    type Dialect = OkxWeb3Dialect;
    type Response = Vec<DepthPricePoint>;

    fn endpoint(&self) -> &'static Endpoint {
        &DEPTH_PRICE_CHART
    }

    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        if self.time_range.is_some() && self.chart_type != Some(ChartType::Price) {
            return Err(Error::invalid_input("timeRange", "only applies to chartType PRICE"));
        }
        Ok(())
    }

    fn query(&self) -> Query {
        Query::new()
            .push("investmentId", &self.investment_id)
            .push_opt("chartType", self.chart_type.as_ref())
            .push_opt("timeRange", self.time_range.as_ref())
    }
}

/// #5 item.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RatePoint {
    /// Unix ms (string).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<FlexText>,
    /// Base rate, fraction.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub rate: Option<DecimalText>,
    /// Bonus rate, fraction.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub bonus_rate: Option<DecimalText>,
    /// `1`, `-1` or null.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub limit_value: Option<DecimalText>,
    /// Total rate, fraction.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub total_reward: Option<DecimalText>,
}

/// #6 answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TvlChart {
    /// Points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart_vos: Option<Vec<TvlPoint>>,
    /// Caption.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// #6 point.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TvlPoint {
    /// Unix ms.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<FlexText>,
    /// TVL (USD).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub tvl: Option<DecimalText>,
    /// `1`, `-1` or null.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub limit_value: Option<DecimalText>,
}

/// #7 item: DEPTH rows carry tick and liquidity (u128/i128 kept exactly as text);
/// PRICE rows carry prices and a timestamp.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DepthPricePoint {
    /// Tick (signed integer).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub tick: Option<DecimalText>,
    /// Liquidity (uint128).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub liquidity: Option<DecimalText>,
    /// Net liquidity (int128).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub liquidity_net: Option<DecimalText>,
    /// Price of token0 in token1.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token0_price: Option<DecimalText>,
    /// Price of token1 in token0.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub token1_price: Option<DecimalText>,
    /// Unix ms.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<FlexText>,
}
