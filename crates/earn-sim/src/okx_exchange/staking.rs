//! ETH staking (ETH→BETH) and SOL staking (SOL→OKSOL): `/api/v5/finance/staking-defi/{eth,sol}/…`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::Call;
use super::envelope::OkxError;
use super::state::{IdGen, OkxAccount};
use crate::ledger::fmt_amount;

/// The fixed facts of one staking product.
#[derive(Debug)]
pub(crate) struct StakingProduct {
    /// Staked asset (`ETH`, `SOL`).
    pub(crate) asset: &'static str,
    /// Token received 1:1 (`BETH`, `OKSOL`).
    pub(crate) token: &'static str,
    min_amt: &'static str,
    /// Latest APY in percent, as OKX's product-info shows it.
    rate_percent: &'static str,
    fast_redemption_daily_limit: &'static str,
    /// ETH: array `data`, `ordId` in history, `ts` in balance, `cancelled` status.
    is_eth: bool,
    /// Bill types: purchase debit, token mint, redeem request, redeem settlement.
    bills: [(&'static str, &'static str); 4],
}

pub(crate) static ETH: StakingProduct = StakingProduct {
    asset: "ETH",
    token: "BETH",
    min_amt: "0.001",
    rate_percent: "2.23",
    fast_redemption_daily_limit: "100",
    is_eth: true,
    bills: [
        ("137", "ETH staking subscription"),
        ("138", "ETH staking swapping"),
        ("138", "ETH staking swapping"),
        ("138", "ETH staking swapping"),
    ],
};

pub(crate) static SOL: StakingProduct = StakingProduct {
    asset: "SOL",
    token: "OKSOL",
    min_amt: "0.01",
    rate_percent: "5.57",
    fast_redemption_daily_limit: "240",
    is_eth: false,
    bills: [
        ("329", "SOL staking subscribe"),
        ("330", "SOL staking mint"),
        ("331", "SOL staking redeem order"),
        ("332", "SOL staking settle"),
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowKind {
    Purchase,
    Redeem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowStatus {
    Pending,
    Success,
    Cancelled,
}

impl RowStatus {
    fn as_str(self) -> &'static str {
        match self {
            RowStatus::Pending => "pending",
            RowStatus::Success => "success",
            RowStatus::Cancelled => "cancelled",
        }
    }
}

/// One purchase or redemption of ETH/SOL staking.
#[derive(Debug, Clone)]
pub(crate) struct StakeRow {
    product: &'static StakingProduct,
    kind: RowKind,
    amt: Decimal,
    ord_id: u64,
    status: RowStatus,
    request_time: i64,
    completed_time: Option<i64>,
    est_completed_time: Option<i64>,
}

/// Settles redemptions whose delay has passed: the staked asset is credited.
pub(crate) fn settle(account: &mut OkxAccount, ids: &IdGen, now: i64, delay: i64) {
    let due: Vec<usize> = (0..account.staking.len())
        .filter(|&i| {
            let row = &account.staking[i];
            row.status == RowStatus::Pending && now >= row.request_time.saturating_add(delay)
        })
        .collect();
    for i in due {
        let (product, amt, settle_at) = {
            let row = &mut account.staking[i];
            let settle_at = row.request_time.saturating_add(delay);
            row.status = RowStatus::Success;
            row.completed_time = Some(settle_at);
            (row.product, row.amt, settle_at)
        };
        account.credit(ids, product.asset, amt, product.bills[3], settle_at);
    }
}

/// `GET …/product-info`: an array for ETH, one object for SOL.
pub(crate) fn product_info(product: &'static StakingProduct, call: &mut Call<'_>) -> Result<Value, OkxError> {
    let redempt_days = redemption_days(call.delay);
    let mut info = json!({
        "fastRedemptionDailyLimit": product.fast_redemption_daily_limit,
        "rate": product.rate_percent,
        "redemptDays": redempt_days,
        "minAmt": product.min_amt,
    });
    if product.is_eth {
        return Ok(json!([info]));
    }
    info["fastRedemptionAvail"] = json!(product.fast_redemption_daily_limit);
    Ok(info)
}

/// The settlement delay in whole days, rounded up, as `redemptDays` text.
fn redemption_days(delay_ms: i64) -> String {
    const DAY: i64 = 86_400_000;
    (delay_ms.max(0).saturating_add(DAY - 1) / DAY).to_string()
}

/// `POST …/purchase`: debits the asset, credits the token 1:1 at once.
pub(crate) fn purchase(product: &'static StakingProduct, call: &mut Call<'_>) -> Result<Value, OkxError> {
    let amt = call.params.amount("amt")?;
    check_minimum(product, amt)?;
    let now = call.now;
    call.account.debit(call.ids, product.asset, amt, product.bills[0], now)?;
    call.account.credit(call.ids, product.token, amt, product.bills[1], now);
    let ord_id = call.ids.next();
    call.account.staking.push(StakeRow {
        product,
        kind: RowKind::Purchase,
        amt,
        ord_id,
        status: RowStatus::Success,
        request_time: now,
        completed_time: Some(now),
        est_completed_time: None,
    });
    Ok(json!([]))
}

/// `POST …/redeem`: debits the token now; the asset arrives when the redemption settles.
pub(crate) fn redeem(product: &'static StakingProduct, call: &mut Call<'_>) -> Result<Value, OkxError> {
    let amt = call.params.amount("amt")?;
    let now = call.now;
    call.account.debit(call.ids, product.token, amt, product.bills[2], now)?;
    let ord_id = call.ids.next();
    call.account.staking.push(StakeRow {
        product,
        kind: RowKind::Redeem,
        amt,
        ord_id,
        status: RowStatus::Pending,
        request_time: now,
        completed_time: None,
        est_completed_time: Some(now.saturating_add(call.delay)),
    });
    Ok(json!([]))
}

fn check_minimum(product: &StakingProduct, amt: Decimal) -> Result<(), OkxError> {
    let min: Decimal = product.min_amt.parse().unwrap_or(Decimal::ZERO);
    if amt < min {
        return Err(OkxError::business("51727", format!("Minimum amount is {} {}", product.min_amt, product.asset)));
    }
    Ok(())
}

/// `POST eth/cancel-redeem`: a pending redemption is cancelled and the token returned.
pub(crate) fn cancel_redeem(product: &'static StakingProduct, call: &mut Call<'_>) -> Result<Value, OkxError> {
    let ord_text = call.params.str("ordId")?.to_owned();
    let ord_id: u64 = ord_text.parse().map_err(|_| OkxError::invalid("ordId"))?;
    let row = call
        .account
        .staking
        .iter_mut()
        .find(|r| std::ptr::eq(r.product, product) && r.ord_id == ord_id)
        .ok_or_else(|| OkxError::invalid("ordId"))?;
    match (row.kind, row.status) {
        (RowKind::Purchase, _) => return Err(OkxError::business("51725", "Cancellation is not supported now")),
        (RowKind::Redeem, RowStatus::Success) => {
            return Err(OkxError::business("51722", "Redemption already completed"));
        }
        (RowKind::Redeem, RowStatus::Cancelled) => {
            return Err(OkxError::business("51721", "Cancel redemption error: already cancelled"));
        }
        (RowKind::Redeem, RowStatus::Pending) => {}
    }
    row.status = RowStatus::Cancelled;
    row.completed_time = Some(call.now);
    let amt = row.amt;
    let now = call.now;
    call.account.credit(call.ids, product.token, amt, product.bills[2], now);
    Ok(json!([{"ordId": ord_text}]))
}

/// `GET …/balance`: total token incl. redemptions in flight; `[]` when there is none.
pub(crate) fn balance(product: &'static StakingProduct, call: &mut Call<'_>) -> Result<Value, OkxError> {
    let redeeming: Decimal = pending_redemptions(call.account, product);
    let total = call.account.funding.get(product.token) + redeeming;
    if total.is_zero() {
        return Ok(json!([]));
    }
    let mut row = json!({
        "amt": fmt_amount(total),
        "ccy": product.token,
        "latestInterestAccrual": "0",
        "totalInterestAccrual": "0",
    });
    if product.is_eth {
        row["ts"] = json!(call.now.to_string());
    }
    Ok(json!([row]))
}

fn pending_redemptions(account: &OkxAccount, product: &StakingProduct) -> Decimal {
    account
        .staking
        .iter()
        .filter(|r| std::ptr::eq(r.product, product) && r.kind == RowKind::Redeem && r.status == RowStatus::Pending)
        .map(|r| r.amt)
        .sum()
}

/// `GET …/purchase-redeem-history`: newest first, `after`/`before` on `requestTime`.
pub(crate) fn history(product: &'static StakingProduct, call: &mut Call<'_>) -> Result<Value, OkxError> {
    let p = call.params;
    let kind = p.opt_choice("type", &["purchase", "redeem"])?;
    let statuses: &[&str] =
        if product.is_eth { &["pending", "success", "failed", "cancelled"] } else { &["pending", "success", "failed"] };
    let status = p.opt_choice("status", statuses)?;
    let after = p.opt_u64("after")?.map(|v| v as i64);
    let before = p.opt_u64("before")?.map(|v| v as i64);
    let limit = p.limit()?;
    let rows = call
        .account
        .staking
        .iter()
        .rev()
        .filter(|r| std::ptr::eq(r.product, product))
        .filter(|r| kind.is_none_or(|k| k == row_kind(r)))
        .filter(|r| status.is_none_or(|s| s == r.status.as_str()))
        .filter(|r| after.is_none_or(|a| r.request_time < a))
        .filter(|r| before.is_none_or(|b| r.request_time > b))
        .take(limit)
        .map(|r| history_row(product, r))
        .collect();
    Ok(Value::Array(rows))
}

fn row_kind(row: &StakeRow) -> &'static str {
    match row.kind {
        RowKind::Purchase => "purchase",
        RowKind::Redeem => "redeem",
    }
}

fn history_row(product: &StakingProduct, row: &StakeRow) -> Value {
    let opt_ms = |v: Option<i64>| v.map_or_else(String::new, |ms| ms.to_string());
    let redeeming = if row.kind == RowKind::Redeem && row.status == RowStatus::Pending {
        fmt_amount(row.amt)
    } else {
        String::new()
    };
    let est = if row.status == RowStatus::Pending { opt_ms(row.est_completed_time) } else { String::new() };
    let mut out = json!({
        "type": row_kind(row),
        "amt": fmt_amount(row.amt),
        "redeemingAmt": redeeming,
        "status": row.status.as_str(),
        "requestTime": row.request_time.to_string(),
        "completedTime": opt_ms(row.completed_time),
        "estCompletedTime": est,
    });
    if product.is_eth {
        out["ordId"] = json!(row.ord_id.to_string());
    }
    out
}

/// `GET …/apy-history` (public): one point per UTC day, newest first, APY as a fraction.
pub(crate) fn apy_history(product: &'static StakingProduct, call: &mut Call<'_>) -> Result<Value, OkxError> {
    const DAY: i64 = 86_400_000;
    let days = call.params.str("days")?;
    let days: i64 = match days.parse() {
        Ok(n @ 1..=365) if days.bytes().all(|b| b.is_ascii_digit()) => n,
        _ => return Err(OkxError::invalid("days")),
    };
    let percent: Decimal = product.rate_percent.parse().unwrap_or(Decimal::ZERO);
    let mut fraction = percent / Decimal::ONE_HUNDRED;
    fraction.rescale(8);
    let today = call.now - call.now.rem_euclid(DAY);
    let points =
        (0..days).map(|i| json!({"rate": fraction.to_string(), "ts": (today - i * DAY).to_string()})).collect();
    Ok(Value::Array(points))
}
