//! Bybit Easy & On-Chain Earn catalog: `/v5/earn/product`, `/v5/earn/apr-history`, `/v5/market/time`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::Call;
use super::envelope::BybitError;

pub(crate) const MS_PER_DAY: i64 = 86_400_000;

/// Earn categories of this family.
pub(crate) const CATEGORIES: &[&str] = &["FlexibleSaving", "OnChain"];

/// One seeded product.
#[derive(Debug)]
pub(crate) struct Product {
    pub(crate) category: &'static str,
    pub(crate) id: &'static str,
    pub(crate) coin: &'static str,
    /// Estimated APR, percent text without `%`.
    pub(crate) apr_percent: &'static str,
    pub(crate) min_stake: &'static str,
    pub(crate) max_stake: &'static str,
    pub(crate) precision: u32,
    pub(crate) available: bool,
    /// OnChain `Flexible`/`Fixed`; `""` for FlexibleSaving.
    pub(crate) duration: &'static str,
    /// Days, OnChain `Fixed` only.
    pub(crate) term: i64,
    /// LST products: the swap coin (`coin != swap_coin`); `""` otherwise.
    pub(crate) swap_coin: &'static str,
    pub(crate) min_redeem: &'static str,
    pub(crate) max_redeem: &'static str,
    pub(crate) reward_distribution: &'static str,
}

impl Product {
    pub(crate) fn is_lst(&self) -> bool {
        !self.swap_coin.is_empty() && self.swap_coin != self.coin
    }

    pub(crate) fn is_onchain(&self) -> bool {
        self.category == "OnChain"
    }

    /// Estimated APR as a fraction (`"3"` % → 0.03).
    pub(crate) fn apr(&self) -> Decimal {
        self.apr_percent.parse::<Decimal>().unwrap_or(Decimal::ZERO) / Decimal::ONE_HUNDRED
    }

    pub(crate) fn decimal(text: &str) -> Decimal {
        text.parse().unwrap_or(Decimal::ZERO)
    }
}

const fn flexible(
    id: &'static str,
    coin: &'static str,
    apr: &'static str,
    min: &'static str,
    max: &'static str,
    precision: u32,
    available: bool,
) -> Product {
    Product {
        category: "FlexibleSaving",
        id,
        coin,
        apr_percent: apr,
        min_stake: min,
        max_stake: max,
        precision,
        available,
        duration: "",
        term: 0,
        swap_coin: "",
        min_redeem: "",
        max_redeem: "",
        reward_distribution: "",
    }
}

pub(crate) static PRODUCTS: &[Product] = &[
    flexible("430", "BTC", "3", "0.001", "10", 8, true),
    flexible("428", "USDT", "4.25", "1", "1000000", 4, true),
    flexible("431", "SOL", "2.1", "0.1", "5000", 6, false),
    Product {
        category: "OnChain",
        id: "501",
        coin: "ETH",
        apr_percent: "3.4",
        min_stake: "0.01",
        max_stake: "100",
        precision: 8,
        available: true,
        duration: "Flexible",
        term: 0,
        swap_coin: "ETH",
        min_redeem: "",
        max_redeem: "",
        reward_distribution: "Simple",
    },
    Product {
        category: "OnChain",
        id: "502",
        coin: "ETH",
        apr_percent: "3.1",
        min_stake: "0.01",
        max_stake: "1000",
        precision: 8,
        available: true,
        duration: "Flexible",
        term: 0,
        swap_coin: "METH",
        min_redeem: "0.01",
        max_redeem: "500",
        reward_distribution: "Other",
    },
    Product {
        category: "OnChain",
        id: "503",
        coin: "USDT",
        apr_percent: "8",
        min_stake: "10",
        max_stake: "50000",
        precision: 4,
        available: true,
        duration: "Fixed",
        term: 30,
        swap_coin: "USDT",
        min_redeem: "",
        max_redeem: "",
        reward_distribution: "Simple",
    },
];

/// The product `id` of `category`.
pub(crate) fn find(category: &str, id: &str) -> Option<&'static Product> {
    PRODUCTS.iter().find(|p| p.category == category && p.id == id)
}

fn product_json(p: &Product, now: i64) -> Value {
    let lst = p.is_lst();
    let lst_text = |text: &'static str| if lst { text } else { "" };
    json!({
        "category": p.category,
        "estimateApr": format!("{}%", p.apr_percent),
        "coin": p.coin,
        "minStakeAmount": p.min_stake,
        "maxStakeAmount": p.max_stake,
        "precision": p.precision.to_string(),
        "productId": p.id,
        "status": if p.available { "Available" } else { "NotAvailable" },
        "bonusEvents": [],
        "minRedeemAmount": lst_text(p.min_redeem),
        "maxRedeemAmount": lst_text(p.max_redeem),
        "duration": p.duration,
        "term": p.term,
        "swapCoin": if p.is_onchain() { p.swap_coin } else { "" },
        "swapCoinPrecision": if lst { "8" } else { "" },
        "stakeExchangeRate": lst_text("1"),
        "redeemExchangeRate": lst_text("1"),
        "rewardDistributionType": p.reward_distribution,
        "rewardIntervalMinute": if p.is_onchain() { 1440 } else { 60 },
        "redeemProcessingMinute": 0,
        "stakeTime": if p.is_onchain() { now.to_string() } else { String::new() },
        "interestCalculationTime": if p.is_onchain() { (now - now.rem_euclid(MS_PER_DAY) + MS_PER_DAY).to_string() } else { String::new() },
    })
}

/// `GET /v5/earn/product` (public).
pub(crate) fn products(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let category = call.params.choice("category", CATEGORIES)?;
    let coin = call.params.opt_str("coin")?;
    let list: Vec<Value> = PRODUCTS
        .iter()
        .filter(|p| p.category == category && coin.is_none_or(|c| c == p.coin))
        .map(|p| product_json(p, call.now))
        .collect();
    Ok(json!({"list": list}))
}

/// `GET /v5/earn/apr-history` (public): one point per UTC midnight, newest first.
pub(crate) fn apr_history(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let category = call.params.choice("category", CATEGORIES)?;
    let id = call.params.str("productId")?;
    let product = find(category, id).ok_or_else(|| BybitError::earn(180008, "invalid product"))?;
    let (start, end) = call.params.time_range(call.now, 182)?;
    if start < call.now - 183 * MS_PER_DAY {
        return Err(BybitError::param("startTime is more than 6 months ago"));
    }
    let first_day = start + (MS_PER_DAY - start.rem_euclid(MS_PER_DAY)) % MS_PER_DAY;
    let last_day = end.min(call.now);
    let list: Vec<Value> = (0..)
        .map(|i| first_day + i * MS_PER_DAY)
        .take_while(|day| *day <= last_day)
        .map(|day| json!({"timestamp": day.to_string(), "apr": format!("{}%", product.apr_percent)}))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Ok(json!({"list": list}))
}

/// `GET /v5/market/time` (public): the (skewable) venue clock.
pub(crate) fn market_time(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let nanos = i128::from(call.now) * 1_000_000;
    Ok(json!({"timeSecond": call.now.div_euclid(1000).to_string(), "timeNano": nanos.to_string()}))
}
