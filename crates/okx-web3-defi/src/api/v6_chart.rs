//! v6 charts: rate, TVL, depth/price (#5–#7).

use earn_core::Result;
use earn_core::http::Query;
use serde::{Deserialize, Serialize};

use super::V6;
use super::endpoints as ep;
use crate::client::{QueryParams, Validate};
use crate::numbers::DecimalText;
use crate::wire::{FlexText, InvestmentId, code_enum, wire_struct};

code_enum! {
    /// `timeRange`.
    TimeRange {
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

code_enum! {
    /// `chartType` of the depth/price chart.
    ChartType {
        /// Liquidity depth by tick (default).
        Depth = "DEPTH",
        /// Price history.
        Price = "PRICE",
    }
}

/// Query of #5 and #6.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChartRequest {
    /// Product.
    pub investment_id: InvestmentId,
    /// Range (venue default `WEEK`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_range: Option<TimeRange>,
}

impl ChartRequest {
    /// A chart of `investment_id` over the venue's default range.
    pub fn new(investment_id: InvestmentId) -> Self {
        ChartRequest { investment_id, time_range: None }
    }

    /// Over `range`.
    pub fn range(mut self, range: TimeRange) -> Self {
        self.time_range = Some(range);
        self
    }
}

impl Validate for ChartRequest {
    fn validate(&self) -> Result<()> {
        self.investment_id.check()
    }
}

impl QueryParams for ChartRequest {
    fn to_query(&self) -> Query {
        Query::new().push("investmentId", &self.investment_id).push_opt("timeRange", self.time_range.as_ref())
    }
}

/// Query of #7.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DepthPriceChartRequest {
    /// Product (a V3 pool; otherwise the venue answers `84032`).
    pub investment_id: InvestmentId,
    /// `DEPTH` (default) or `PRICE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart_type: Option<ChartType>,
    /// For `PRICE` only: `DAY` (default) or `WEEK`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_range: Option<TimeRange>,
}

impl Validate for DepthPriceChartRequest {
    fn validate(&self) -> Result<()> {
        self.investment_id.check()?;
        if self.time_range.is_some() && self.chart_type != Some(ChartType::Price) {
            return Err(earn_core::Error::invalid_input("timeRange", "only applies to chartType PRICE"));
        }
        Ok(())
    }
}

impl QueryParams for DepthPriceChartRequest {
    fn to_query(&self) -> Query {
        Query::new()
            .push("investmentId", &self.investment_id)
            .push_opt("chartType", self.chart_type.as_ref())
            .push_opt("timeRange", self.time_range.as_ref())
    }
}

wire_struct! {
    /// #5 item.
    pub struct RatePoint {
        /// Unix ms (string).
        timestamp: FlexText,
        /// Base rate, fraction.
        rate: DecimalText,
        /// Bonus rate, fraction.
        bonus_rate: DecimalText,
        /// `1`, `-1` or null.
        limit_value: DecimalText,
        /// Total rate, fraction.
        total_reward: DecimalText,
    }
}

wire_struct! {
    /// #6 answer.
    pub struct TvlChart {
        /// Points.
        chart_vos: Vec<TvlPoint>,
        /// Caption.
        text: String,
    }
}

wire_struct! {
    /// #6 point.
    pub struct TvlPoint {
        /// Unix ms.
        timestamp: FlexText,
        /// TVL (USD).
        tvl: DecimalText,
        /// `1`, `-1` or null.
        limit_value: DecimalText,
    }
}

wire_struct! {
    /// #7 item: DEPTH rows carry tick and liquidity (u128/i128 kept exactly as text);
    /// PRICE rows carry prices and a timestamp.
    pub struct DepthPricePoint {
        /// Tick (signed integer).
        tick: DecimalText,
        /// Liquidity (uint128).
        liquidity: DecimalText,
        /// Net liquidity (int128).
        liquidity_net: DecimalText,
        /// Price of token0 in token1.
        token0_price: DecimalText,
        /// Price of token1 in token0.
        token1_price: DecimalText,
        /// Unix ms.
        timestamp: FlexText,
    }
}

impl V6<'_> {
    /// #5 `GET /api/v6/defi/product/rate/chart`.
    pub async fn rate_chart(&self, req: &ChartRequest) -> Result<Vec<RatePoint>> {
        self.client.get(&ep::RATE_CHART, req).await
    }

    /// #6 `GET /api/v6/defi/product/tvl/chart`.
    pub async fn tvl_chart(&self, req: &ChartRequest) -> Result<TvlChart> {
        self.client.get(&ep::TVL_CHART, req).await
    }

    /// #7 `GET /api/v6/defi/product/depth-price/chart`.
    pub async fn depth_price_chart(&self, req: &DepthPriceChartRequest) -> Result<Vec<DepthPricePoint>> {
        self.client.get(&ep::DEPTH_PRICE_CHART, req).await
    }
}
