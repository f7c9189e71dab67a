//! v5 Explore: protocols, tokens, products, networks.

use std::cmp::Ordering;

use serde_json::{Value, json};

use super::catalog::{self, CHAINS, PLATFORMS, PRODUCTS, Product, TOKENS};
use super::envelope::{ApiError, Handled, Reply};
use super::num;
use super::params::Params;
use super::render;
use super::state::Web3State;
use super::validate;

/// `GET /api/v5/defi/explore/protocol/list` (`platformId` is a JSON number).
pub(crate) fn protocol_list(_: &Web3State, params: &Params) -> Handled {
    let id = params.opt_id("platformId")?;
    let name = params.opt_str("platformName")?;
    let list: Vec<Value> = PLATFORMS
        .iter()
        .filter(|p| id.is_none_or(|id| p.id == id))
        .filter(|p| name.as_deref().is_none_or(|n| p.name.eq_ignore_ascii_case(n)))
        .map(|p| {
            let infos: Vec<Value> = catalog::products_of(p)
                .map(|prod| {
                    json!({
                        "investmentId": prod.id.to_string(),
                        "protocolId": prod.protocol_id.to_string(),
                        "network": prod.chain().v5_network,
                        "chainId": prod.chain_id.to_string(),
                    })
                })
                .collect();
            json!({
                "platformId": p.id,
                "platformName": p.name,
                "platformWebSite": p.website,
                "investmentApiUrlPattern": "",
                "investmentPageUrlPattern": format!("{}/?investmentId=", p.website),
                "platformMinInfos": infos,
            })
        })
        .collect();
    Ok(Reply::ok(Value::Array(list)))
}

/// `GET /api/v5/defi/explore/token/list`: tokens grouped by symbol.
pub(crate) fn token_list(_: &Web3State, params: &Params) -> Handled {
    let address = params.opt_str("tokenAddress")?;
    let chain = validate::opt_chain(params, "chainId")?;
    let mut groups: Vec<(&str, Vec<Value>)> = Vec::new();
    for token in TOKENS.iter().filter(|t| chain.is_none_or(|c| c.id == t.chain_id)) {
        if address.as_deref().is_some_and(|a| !token.is(a)) {
            continue;
        }
        let info = json!({
            "tokenId": token.id.to_string(),
            "tokenSymbol": token.symbol,
            "network": catalog::chain(token.chain_id).map_or("", |c| c.v5_network),
            "logoUrl": token.logo(),
            "tokenAddress": token.address,
        });
        match groups.iter_mut().find(|(s, _)| *s == token.symbol) {
            Some((_, infos)) => infos.push(info),
            None => groups.push((token.symbol, vec![info])),
        }
    }
    let list = groups.into_iter().map(|(symbol, infos)| json!({"symbol": symbol, "tokenInfos": infos})).collect();
    Ok(Reply::ok(Value::Array(list)))
}

fn list_item(p: &Product) -> Value {
    json!({
        "investmentId": p.id.to_string(),
        "investmentName": p.name,
        "chainId": p.chain_id.to_string(),
        "rate": p.rate,
        "investType": p.invest_type.to_string(),
        "platformName": p.platform.name,
        "platformId": p.platform.id.to_string(),
        "rateType": p.rate_type,
        "tvl": p.tvl,
        "underlyingToken": [render::underlying(p.underlying)],
    })
}

/// `POST /api/v5/defi/explore/product/list`.
pub(crate) fn product_list(_: &Web3State, params: &Params) -> Handled {
    let simplify = params.req_str("simplifyInvestType")?;
    let network = params.req_str("network")?;
    let limit = params.req_id("limit")?;
    let offset = params.opt_id("offset")?.unwrap_or(0);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be between 1 and 100"));
    }
    let chain = CHAINS
        .iter()
        .find(|c| c.v5_network.eq_ignore_ascii_case(&network))
        .ok_or_else(|| ApiError::invalid("network", "is not a supported network"))?;
    if !["100", "101", "102", "103"].contains(&simplify.as_str()) {
        return Err(ApiError::invalid("simplifyInvestType", "must be one of 100, 101, 102, 103"));
    }
    let platform_ids = params.opt_str_list("platformIds")?.unwrap_or_default();
    let token_ids = params.opt_str_list("tokenIds")?.unwrap_or_default();
    let mut products: Vec<&Product> = PRODUCTS
        .iter()
        .filter(|p| p.chain_id == chain.id && p.simplify_type.to_string() == simplify)
        .filter(|p| platform_ids.is_empty() || platform_ids.contains(&p.platform.id.to_string()))
        .filter(|p| token_ids.is_empty() || token_ids.contains(&p.underlying.id.to_string()))
        .collect();
    if let Some(order) = params.opt_object_or_json_text("sort")?.and_then(|s| s.opt_list("orders").ok().flatten())
        && let Some(first) = order.first()
    {
        let descending = first.opt_str("direction")?.is_some_and(|d| d.eq_ignore_ascii_case("DESC"));
        let by_rate = first.opt_str("property")?.is_some_and(|p| p.eq_ignore_ascii_case("RATE"));
        products.sort_by(|a, b| {
            let (x, y) = if by_rate { (a.rate, b.rate) } else { (a.tvl, b.tvl) };
            let ord = compare(x, y);
            if descending { ord.reverse() } else { ord }
        });
    }
    let total = products.len();
    let page: Vec<Value> = products.into_iter().skip(offset as usize).take(limit as usize).map(list_item).collect();
    Ok(Reply::ok(json!({"investments": page, "total": total.to_string()})))
}

fn compare(a: &str, b: &str) -> Ordering {
    let (a, b) = (num::fixed(a), num::fixed(b));
    let scale = a.decimals().max(b.decimals());
    let a = num::rescale_floor(&a, scale).map(|t| t.base_units());
    let b = num::rescale_floor(&b, scale).map(|t| t.base_units());
    a.cmp(&b)
}

/// `GET /api/v5/defi/explore/product/detail` (`isInvestable` is typed String).
pub(crate) fn product_detail(_: &Web3State, params: &Params) -> Handled {
    let p = validate::product(params, "investmentId")?;
    if let Some(category) = params.opt_str("investmentCategory")?
        && category != "0"
        && category != "1"
    {
        return Err(ApiError::invalid("investmentCategory", "must be 0 or 1"));
    }
    let mut detail = list_item(p);
    detail["analysisPlatformId"] = json!(p.platform.analysis_id.to_string());
    detail["isInvestable"] = json!("true");
    detail["utilizationRate"] = json!(p.utilization_rate);
    detail["earnedToken"] = json!(p.reward.map(render::underlying).into_iter().collect::<Vec<_>>());
    detail["lpToken"] = json!([render::underlying(p.receive)]);
    Ok(Reply::ok(detail))
}

/// `GET /api/v5/defi/explore/network-list`.
pub(crate) fn network_list(_: &Web3State, params: &Params) -> Handled {
    let network = params.opt_str("network")?;
    let chain = validate::opt_chain(params, "chainId")?;
    let list: Vec<Value> = CHAINS
        .iter()
        .filter(|c| network.as_deref().is_none_or(|n| c.v5_network.eq_ignore_ascii_case(n)))
        .filter(|c| chain.is_none_or(|x| x.id == c.id))
        .map(|c| json!({"symbol": c.v5_network, "chainId": c.id.to_string()}))
        .collect();
    Ok(Reply::ok(Value::Array(list)))
}
