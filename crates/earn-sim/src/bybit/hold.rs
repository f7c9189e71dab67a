//! Hold to Earn (reference §6.3): `/v5/earn/hold-to-earn/{product,yield-history}`. Times are
//! Unix **seconds**; argument errors answer `10001` with `retMsg` `INVALIDARGUMENTS` (the
//! numeric code is undocumented).

use serde_json::{Value, json};

use super::catalog::HOLD_PRODUCTS;
use super::envelope::BybitError;
use super::paging::{cursor, page};
use super::state::Call;
use crate::ledger::fmt_amount;

/// How far back the yield history reaches.
const HISTORY_S: i64 = 92 * 86_400;

fn invalid() -> BybitError {
    BybitError::param("INVALIDARGUMENTS")
}

/// `GET /v5/earn/hold-to-earn/product` (signed or not: the same products here).
pub(crate) fn products(_call: &mut Call<'_>) -> Result<Value, BybitError> {
    let products: Vec<Value> = HOLD_PRODUCTS
        .iter()
        .map(|p| {
            let yields: Vec<Value> = p.yields.iter().map(|(coin, apy)| json!({"coinName": coin, "apy": apy})).collect();
            json!({
                "coinName": p.coin,
                "yields": yields,
                "status": p.status,
                "apy": p.apy,
                "announcementUrl": format!("https://announcements.bybit.com/en/article/hold-to-earn-{}", p.coin.to_ascii_lowercase()),
            })
        })
        .collect();
    Ok(json!({"products": products}))
}

/// `GET /v5/earn/hold-to-earn/yield-history`: distributed airdrops, newest first.
pub(crate) fn yield_history(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let p = call.params;
    let limit = match p.opt_u64("limit").map_err(|_| invalid())? {
        Some(n @ 1..=49) => n as usize,
        _ => return Err(invalid()),
    };
    let now_s = call.now.div_euclid(1000);
    let start = p.opt_u64("timeStart").map_err(|_| invalid())?.map_or(0, |v| v as i64);
    let end = p.opt_u64("timeEnd").map_err(|_| invalid())?.map_or(0, |v| v as i64);
    let (start, end) = match (start, end) {
        (0, 0) => (now_s - HISTORY_S, now_s),
        (s, 0) => (s, now_s),
        (s, e) => (s, e),
    };
    if (start != 0 && start < now_s - HISTORY_S) || start > end {
        return Err(invalid());
    }
    let offset = cursor(p)?;
    let mut records: Vec<_> = call.account.airdrops.iter().filter(|a| (start..=end).contains(&a.created_s)).collect();
    records.sort_by_key(|a| std::cmp::Reverse(a.created_s));
    let items = records
        .into_iter()
        .map(|a| {
            json!({
                "coinName": a.coin,
                "yieldCoinName": a.yield_coin,
                "effectiveAmount": fmt_amount(a.effective_amount),
                "pnl": fmt_amount(a.pnl),
                "apy": a.apy,
                "createdAt": a.created_s,
            })
        })
        .collect();
    let (list, next) = page(items, offset, limit);
    Ok(json!({"nextCursor": next, "airdropDailyPnls": list}))
}
