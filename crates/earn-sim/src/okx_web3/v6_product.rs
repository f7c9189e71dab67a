//! v6 Product Discovery: chains, platforms, search, detail, charts, prepare.

use earn_core::TokenAmount;
use serde_json::{Value, json};

use super::catalog::{CHAINS, PLATFORMS, PRODUCTS, Product, Token};
use super::envelope::{ApiError, Handled, Reply};
use super::num;
use super::params::Params;
use super::render::{self, Gen};
use super::state::Web3State;
use super::validate;

/// Search page size (fixed by the venue).
const PAGE_SIZE: usize = 20;
const DAY_MS: i64 = 86_400_000;

/// `GET /api/v6/defi/product/supported-chains`.
pub(crate) fn supported_chains(_: &Web3State, _: &Params) -> Handled {
    let list: Vec<Value> =
        CHAINS.iter().map(|c| json!({"chainIndex": c.id.to_string(), "network": c.v6_network})).collect();
    Ok(Reply::ok_no_msg(Value::Array(list)))
}

/// `GET /api/v6/defi/product/supported-platforms`.
pub(crate) fn supported_platforms(_: &Web3State, _: &Params) -> Handled {
    let list: Vec<Value> = PLATFORMS
        .iter()
        .map(|p| {
            json!({
                "analysisPlatformId": p.analysis_id.to_string(),
                "platformName": p.name,
                "investmentCount": super::catalog::products_of(p).count(),
            })
        })
        .collect();
    Ok(Reply::ok_no_msg(Value::Array(list)))
}

/// `POST /api/v6/defi/product/search`.
pub(crate) fn search(_: &Web3State, params: &Params) -> Handled {
    let tokens = params.opt_str_list("tokenKeywordList")?.filter(|l| !l.is_empty());
    let tokens = tokens.ok_or_else(|| ApiError::missing("tokenKeywordList"))?;
    let platforms = params.opt_str_list("platformKeywordList")?.unwrap_or_default();
    let page = params.opt_u64("pageNum")?.unwrap_or(1);
    if page == 0 {
        return Err(ApiError::invalid("pageNum", "must be at least 1"));
    }
    let chain = validate::opt_chain(params, "chainIndex")?;
    let group = params.opt_str("productGroup")?.unwrap_or_else(|| "SINGLE_EARN".to_owned());
    if !["SINGLE_EARN", "DEX_POOL", "LENDING"].contains(&group.as_str()) {
        return Err(ApiError::invalid("productGroup", "must be SINGLE_EARN, DEX_POOL or LENDING"));
    }
    let contains = |hay: &str, needle: &str| hay.to_ascii_lowercase().contains(&needle.to_ascii_lowercase());
    let matches: Vec<&Product> = PRODUCTS
        .iter()
        .filter(|p| p.group == group && chain.is_none_or(|c| c.id == p.chain_id))
        .filter(|p| tokens.iter().any(|t| contains(p.underlying.symbol, t) || contains(p.receive.symbol, t)))
        .filter(|p| platforms.is_empty() || platforms.iter().any(|k| contains(p.platform.name, k)))
        .collect();
    let skip = usize::try_from(page - 1).unwrap_or(usize::MAX).saturating_mul(PAGE_SIZE);
    let list: Vec<Value> = matches
        .iter()
        .skip(skip)
        .take(PAGE_SIZE)
        .map(|p| {
            json!({
                "investmentId": p.id.to_string(),
                "name": p.name,
                "platformName": p.platform.name,
                "rate": p.rate,
                "tvl": p.tvl,
                "chainIndex": p.chain_id.to_string(),
                "detailPath": p.detail_path(),
                "feeRate": p.fee_rate,
                "productGroup": p.group,
            })
        })
        .collect();
    Ok(Reply::ok(json!({"total": matches.len(), "list": list})))
}

fn token_info(token: &Token) -> Value {
    json!({
        "tokenSymbol": token.symbol,
        "tokenAddress": token.address,
        "chainIndex": token.chain_id.to_string(),
        "tokenPrecision": token.decimals,
        "tokenLogo": token.logo(),
    })
}

/// `GET /api/v6/defi/product/detail` (`investmentId` a JSON number, `tokenPrecision` an integer).
pub(crate) fn detail(_: &Web3State, params: &Params) -> Handled {
    let p = validate::product(params, "investmentId")?;
    let mut about = token_info(p.underlying);
    about["price"] = json!(p.underlying.price);
    about["marketCap"] = json!("0");
    let mut rate_details = vec![
        json!({"tokenAddress": p.underlying.address, "tokenSymbol": p.underlying.symbol, "rate": p.rate, "title": "Base rate"}),
    ];
    if let Some(reward) = p.reward {
        rate_details.push(json!({"tokenAddress": reward.address, "tokenSymbol": reward.symbol, "rate": p.bonus_rate, "title": "Reward rate"}));
    }
    Ok(Reply::ok_no_msg(json!({
        "investmentId": p.id,
        "investmentName": p.name,
        "platformName": p.platform.name,
        "platformLogo": p.platform.logo(),
        "investType": p.invest_type,
        "chainIndex": p.chain_id.to_string(),
        "network": p.chain().v6_network,
        "rate": p.rate,
        "tvl": p.tvl,
        "feeRate": p.fee_rate,
        "hasBonus": p.reward.is_some(),
        "isSupportClaim": p.reward.is_some() || p.protocol == super::catalog::Protocol::Lido,
        "isInvestable": true,
        "isSupportRedeem": true,
        "analysisPlatformId": p.platform.analysis_id.to_string(),
        "subscriptionMethod": 1,
        "redeemMethod": if p.protocol == super::catalog::Protocol::Lido { 2 } else { 1 },
        "detailPath": p.detail_path(),
        "underlyingToken": [token_info(p.underlying)],
        "aboutToken": [about],
        "rateDetails": rate_details,
        "qaList": [],
    })))
}

/// Chart points (timestamps, one a day, oldest first) for a `timeRange`; `DAY` is V3-only.
fn chart_days(params: &Params) -> Result<usize, ApiError> {
    match params.opt_str("timeRange")?.as_deref().unwrap_or("WEEK") {
        "DAY" => Err(ApiError::business(84031, "Time range not supported for this product type")),
        "WEEK" => Ok(7),
        "MONTH" => Ok(30),
        "SEASON" => Ok(90),
        "YEAR" => Ok(365),
        _ => Err(ApiError::invalid("timeRange", "must be DAY, WEEK, MONTH, SEASON or YEAR")),
    }
}

/// A deterministic wobble of ±0.5% around `base`, at `scale` decimals.
fn wobble(base: &str, day: i64, scale: u8) -> TokenAmount {
    let factor = num::units(earn_core::U256::from(995 + day.rem_euclid(11) as u64), 3);
    num::mul(&num::fixed(base), &factor).and_then(|v| num::rescale_floor(&v, scale)).unwrap_or_else(|| num::fixed(base))
}

fn day_stamps(state: &Web3State, days: usize) -> Vec<i64> {
    let today = state.now_ms().div_euclid(DAY_MS) * DAY_MS;
    (0..days as i64).rev().map(|back| today - back * DAY_MS).collect()
}

/// `GET /api/v6/defi/product/rate/chart`.
pub(crate) fn rate_chart(state: &Web3State, params: &Params) -> Handled {
    let p = validate::product(params, "investmentId")?;
    let days = chart_days(params)?;
    let points: Vec<Value> = day_stamps(state, days)
        .into_iter()
        .map(|ts| {
            let rate = wobble(p.rate, ts / DAY_MS, 6);
            let bonus = num::fixed(p.bonus_rate);
            let total = num::add(&rate, &bonus).unwrap_or(rate);
            json!({"timestamp": ts.to_string(), "rate": rate.to_string(), "bonusRate": bonus.to_string(), "limitValue": Value::Null, "totalReward": total.to_string()})
        })
        .collect();
    Ok(Reply::ok_no_msg(Value::Array(points)))
}

/// `GET /api/v6/defi/product/tvl/chart`.
pub(crate) fn tvl_chart(state: &Web3State, params: &Params) -> Handled {
    let p = validate::product(params, "investmentId")?;
    let days = chart_days(params)?;
    let points: Vec<Value> = day_stamps(state, days)
        .into_iter()
        .map(|ts| json!({"timestamp": ts.to_string(), "tvl": wobble(p.tvl, ts / DAY_MS, 2).to_string(), "limitValue": Value::Null}))
        .collect();
    Ok(Reply::ok_no_msg(json!({"chartVos": points, "text": ""})))
}

/// `GET /api/v6/defi/product/depth-price/chart`: only V3 DEX pools have one (`84032`).
pub(crate) fn depth_price_chart(_: &Web3State, params: &Params) -> Handled {
    let p = validate::product(params, "investmentId")?;
    match params.opt_str("chartType")?.as_deref().unwrap_or("DEPTH") {
        "DEPTH" | "PRICE" => {}
        _ => return Err(ApiError::invalid("chartType", "must be DEPTH or PRICE")),
    }
    if p.group != "DEX_POOL" {
        return Err(ApiError::business(84032, "Only supported for V3 DEX pool products"));
    }
    Ok(Reply::ok_no_msg(json!([])))
}

/// `POST /api/v6/defi/product/detail/prepare` (`investmentId` may be a number).
pub(crate) fn prepare(_: &Web3State, params: &Params) -> Handled {
    let p = validate::product(params, "investmentId")?;
    let zero_in = num::zero(p.underlying.decimals);
    let gains: Vec<Value> = p
        .reward
        .map(|t| render::token_amount_typed(t, &num::zero(t.decimals), Gen::V6, "1"))
        .into_iter()
        .chain(std::iter::once(render::token_amount_typed(p.underlying, &zero_in, Gen::V6, "0")))
        .collect();
    Ok(Reply::ok(json!({
        "investWithTokenList": [render::token_amount(p.underlying, &zero_in, Gen::V6)],
        "receiveTokenInfo": render::token_amount(p.receive, &num::zero(p.receive.decimals), Gen::V6),
        "gainsTokenList": gains,
    })))
}
