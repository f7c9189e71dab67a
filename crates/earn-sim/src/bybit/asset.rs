//! FUND/UNIFIED balances and internal transfers: `/v5/asset/transfer/…`.
//!
//! A transfer moves a coin between the caller's `FUND` and `UNIFIED` accounts. The source is
//! debited when it is accepted; the destination is credited at once (`SUCCESS`) or, with the
//! simulator's transfer delay, when it settles (`PENDING` until then). A `transferId` must be
//! a UUID (any case) and is unique: a known one is refused with `131214`, whatever became of
//! the first transfer; ids of refused requests are not remembered. Checks, one code each:
//! missing field or non-UUID id `10001`; `131214`; legacy account types `131232` (from) /
//! `131231` (to), anything else not `FUND`/`UNIFIED` `10001`; same accounts `131211`; a coin
//! not in the transferable list `131206`; more than 8 decimals `131210`; an amount that is
//! not a positive decimal `131203`; not enough `131212`.

use serde_json::{Value, json};

use super::catalog::{
    ACCOUNT_ID, ACCOUNT_TYPES, LEGACY_ACCOUNT_TYPES, MEMBER_ID, MS_PER_DAY, TRANSFER_COINS, TRANSFER_PRECISION,
};
use super::envelope::BybitError;
use super::paging::{cursor, page, window};
use super::state::{Call, InterTransfer};
use crate::ledger::{decimals_written, fmt_amount, parse_amount};
use crate::params::Params;

/// An asset (`1312xx`) business error, HTTP 200.
fn asset_error(code: i64, msg: impl Into<String>) -> BybitError {
    BybitError::earn(code, msg)
}

/// An account type a transfer may name: `FUND` or `UNIFIED`; `legacy_code` for the account
/// types older docs still list, `10001` for anything else.
fn transfer_account(params: &Params, name: &str, legacy_code: i64) -> Result<&'static str, BybitError> {
    let value = params.str(name)?;
    if let Some(account) = ACCOUNT_TYPES.iter().find(|a| **a == value) {
        return Ok(account);
    }
    if LEGACY_ACCOUNT_TYPES.contains(&value) {
        let way = if legacy_code == 131_232 { "out of" } else { "into" };
        return Err(asset_error(legacy_code, format!("Transfers {way} this account are not supported: {value}")));
    }
    Err(BybitError::param(format!("invalid {name}: {value}")))
}

/// `FUND` or `UNIFIED` for a read (`10001` otherwise).
fn account_type(params: &Params, name: &str) -> Result<Option<&'static str>, BybitError> {
    match params.opt_str(name)? {
        None => Ok(None),
        Some(value) => ACCOUNT_TYPES
            .iter()
            .copied()
            .find(|a| *a == value)
            .map(Some)
            .ok_or_else(|| BybitError::param(format!("invalid {name}: {value}"))),
    }
}

/// A `0`/`1` query flag.
fn flag(params: &Params, name: &str) -> Result<bool, BybitError> {
    match params.opt_str(name)? {
        None | Some("0") => Ok(false),
        Some("1") => Ok(true),
        Some(other) => Err(BybitError::param(format!("{name} must be 0 or 1, not {other}"))),
    }
}

/// `memberId`/`toMemberId`, when given, must be the caller's UID: there are no sub-accounts.
fn own_member(params: &Params, name: &str) -> Result<(), BybitError> {
    match params.opt_str(name)? {
        Some(id) if id != MEMBER_ID => Err(asset_error(131_202, format!("Invalid memberId {id}"))),
        _ => Ok(()),
    }
}

/// A comma-separated coin list of at most `max` coins (`10001` beyond).
pub(crate) fn coins<'a>(params: &'a Params, name: &str, max: usize) -> Result<Option<Vec<&'a str>>, BybitError> {
    let Some(text) = params.opt_str(name)? else { return Ok(None) };
    let list: Vec<&str> = text.split(',').collect();
    if list.len() > max || list.iter().any(|c| c.is_empty()) {
        return Err(BybitError::param(format!("{name}: at most {max} comma-separated coins")));
    }
    Ok(Some(list))
}

/// `POST /v5/asset/transfer/inter-transfer`.
pub(crate) fn inter_transfer(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let p = call.params;
    let transfer_id = p.str("transferId")?;
    let coin = p.str("coin")?;
    let amount_text = p.str("amount")?;
    if transfer_id.len() != 36 || uuid::Uuid::try_parse(transfer_id).is_err() {
        return Err(BybitError::param(format!("transferId must be a UUID, not {transfer_id:?}")));
    }
    if call.account.transfer(transfer_id).is_some() {
        return Err(asset_error(131_214, "TransferId exist"));
    }
    let from = transfer_account(p, "fromAccountType", 131_232)?;
    let to = transfer_account(p, "toAccountType", 131_231)?;
    if from == to {
        return Err(asset_error(131_211, "fromAccountType can't be the same as toAccountType"));
    }
    if !TRANSFER_COINS.contains(&coin) {
        return Err(asset_error(131_206, format!("cannot be transfer: {coin}")));
    }
    let amount = parse_amount(amount_text)
        .filter(|a| !a.is_zero())
        .ok_or_else(|| asset_error(131_203, "request parameter err: amount invalid"))?;
    if decimals_written(amount_text) > TRANSFER_PRECISION {
        return Err(asset_error(131_210, "Amount accuracy error"));
    }
    let transfer = InterTransfer {
        transfer_id: transfer_id.to_owned(),
        coin: coin.to_owned(),
        amount,
        from,
        to,
        created: call.now,
        settles_at: call.now.saturating_add(call.transfer_delay),
        settled: false,
    };
    if !call.account.start_transfer(transfer, call.now) {
        return Err(asset_error(131_212, "Insufficient balance"));
    }
    let status = call.account.transfer(transfer_id).map_or("SUCCESS", InterTransfer::status);
    Ok(json!({"transferId": transfer_id, "status": status}))
}

/// `GET /v5/asset/transfer/query-inter-transfer-list`: newest first, within a window of at
/// most 7 days (default: the past 7 days, even for a `transferId`), compared to the second.
pub(crate) fn inter_transfer_list(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let p = call.params;
    let transfer_id = p.opt_str("transferId")?;
    let coin = p.opt_str("coin")?;
    let status = p.opt_choice("status", &["SUCCESS", "PENDING", "FAILED"])?;
    let (start, end) = window(p, call.now, 7 * MS_PER_DAY, 7 * MS_PER_DAY)?
        .ok_or_else(|| BybitError::param("startTime and endTime span must be within 7 days"))?;
    let (start_s, end_s) = (start.div_euclid(1000), end.div_euclid(1000));
    let (offset, limit) = (cursor(p)?, p.limit_within(20, 50)?);
    let items: Vec<Value> = call
        .account
        .transfers
        .iter()
        .rev()
        .filter(|t| transfer_id.is_none_or(|id| t.transfer_id.eq_ignore_ascii_case(id)))
        .filter(|t| coin.is_none_or(|c| c == t.coin) && status.is_none_or(|s| s == t.status()))
        .filter(|t| (start_s..=end_s).contains(&t.created.div_euclid(1000)))
        .map(|t| {
            json!({
                "transferId": t.transfer_id,
                "coin": t.coin,
                "amount": fmt_amount(t.amount),
                "fromAccountType": t.from,
                "toAccountType": t.to,
                "timestamp": t.created.to_string(),
                "status": t.status(),
            })
        })
        .collect();
    let (list, next) = page(items, offset, limit);
    Ok(json!({"list": list, "nextPageCursor": next}))
}

/// `GET /v5/asset/transfer/query-transfer-coin-list`.
pub(crate) fn transfer_coin_list(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let from = account_type(call.params, "fromAccountType")?;
    let to = account_type(call.params, "toAccountType")?;
    let (Some(from), Some(to)) = (from, to) else {
        return Err(BybitError::param("fromAccountType and toAccountType are required"));
    };
    if from == to {
        return Err(asset_error(131_211, "fromAccountType can't be the same as toAccountType"));
    }
    Ok(json!({"list": TRANSFER_COINS}))
}

/// `GET /v5/asset/transfer/query-account-coins-balance`: `FUND` (all held coins, or the
/// listed ones with zeros) or `UNIFIED` (`coin` required, at most 10).
pub(crate) fn coins_balance(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let p = call.params;
    own_member(p, "memberId")?;
    let account = account_type(p, "accountType")?.ok_or_else(|| BybitError::param("accountType is required"))?;
    let with_bonus = flag(p, "withBonus")?;
    let wanted = coins(p, "coin", if account == "UNIFIED" { 10 } else { usize::MAX })?;
    if account == "UNIFIED" && wanted.is_none() {
        return Err(BybitError::param("coin is required for accountType UNIFIED"));
    }
    let balances = call.account.balances(account);
    let rows: Vec<(String, rust_decimal::Decimal)> = match wanted {
        Some(list) => list.into_iter().map(|c| (c.to_owned(), balances.get(c))).collect(),
        None => balances.held().map(|(c, a)| (c.to_owned(), a)).collect(),
    };
    let bonus = if with_bonus { "0" } else { "" };
    let balance: Vec<Value> = rows
        .into_iter()
        .map(|(coin, amount)| {
            let amount = fmt_amount(amount);
            json!({"coin": coin, "walletBalance": amount, "transferBalance": amount, "bonus": bonus})
        })
        .collect();
    Ok(json!({"memberId": MEMBER_ID, "accountType": account, "balance": balance}))
}

/// `GET /v5/asset/transfer/query-account-coin-balance`: one coin of one account; everything
/// held is transferable (no orders, loans or delays here).
pub(crate) fn coin_balance(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let p = call.params;
    own_member(p, "memberId")?;
    own_member(p, "toMemberId")?;
    let account = account_type(p, "accountType")?.ok_or_else(|| BybitError::param("accountType is required"))?;
    let to_account = account_type(p, "toAccountType")?;
    let coin = p.str("coin")?;
    flag(p, "withBonus")?;
    let safe = flag(p, "withTransferSafeAmount")?;
    let ltv = flag(p, "withLtvTransferSafeAmount")?;
    if ltv && to_account.is_none() {
        return Err(BybitError::param("withLtvTransferSafeAmount needs toAccountType"));
    }
    let amount = fmt_amount(call.account.balances(account).get(coin));
    let optional = |asked: bool| if asked { amount.clone() } else { String::new() };
    Ok(json!({
        "accountType": account,
        "bizType": 1,
        "accountId": ACCOUNT_ID,
        "memberId": MEMBER_ID,
        "balance": {
            "coin": coin,
            "walletBalance": amount,
            "transferBalance": amount,
            "bonus": "0",
            "transferSafeAmount": optional(safe),
            "ltvTransferSafeAmount": optional(ltv),
        },
    }))
}
