//! `order()` and `recent_orders()`: OKX's histories read back as [`Order`]s, the adapter's
//! order ids, and the mapping of each venue row to an order.
//!
//! | order id | meaning |
//! |---|---|
//! | `eth:<ordId>` | an ETH history row that carries `ordId` |
//! | `eth:<type>:<requestTime>:<amt>`, `sol:<type>:<requestTime>:<amt>` | a history row without `ordId` (always for SOL), identified by the row itself |
//! | `onchain:<ordId>` | an on-chain earn order |
//! | `savings:<CCY>:<billId>` | a Simple Earn Flexible purchase (bill `75`) or redemption (bill `76`): OKX keeps no savings orders, the funding bill is the record |
//!
//! (A write OKX accepted whose history row had not appeared yet has an id of its own; see
//! the reconciliation module.)

use earn_core::{
    Amount, Asset, ClientOrderId, Order, OrderId, OrderQuery, OrderRef, OrderSide, OrderStatus, Result, UnixMillis,
};

use super::products::{
    ONCHAIN_PREFIX, ProductRoute, SAVINGS_PREFIX, onchain_product_id, route, savings_product_id, staking_product_id,
};
use crate::api::asset::{Bill, GetBills, bill_type};
use crate::api::onchain::{GetActiveOrders, GetOrderHistory, OnchainOrder, OnchainOrderState};
use crate::api::savings::SavingsSide;
use crate::api::staking::{GetPurchaseRedeemHistory, HistoryRow, HistoryStatus, HistoryType, StakingCoin};
use crate::api::{MAX_PAGE_LIMIT, check_id};
use crate::client::OkxStakingClient;
use crate::dialect::VENUE;

/// Most history pages read in one search.
pub(crate) const MAX_PAGES: usize = 10;
const PAGE: u32 = MAX_PAGE_LIMIT;

/// `onchain:<ordId>`.
pub(crate) fn onchain_order_id(ord_id: &str) -> OrderId {
    OrderId::new(format!("{ONCHAIN_PREFIX}{ord_id}"))
}

/// `eth:<ordId>` / `sol:<ordId>`.
pub(crate) fn staking_order_id(coin: StakingCoin, ord_id: &str) -> OrderId {
    OrderId::new(format!("{}:{ord_id}", staking_product_id(coin)))
}

/// `<coin>:<type>:<requestTime>:<amt>` for a row without `ordId`.
pub(crate) fn staking_row_id(coin: StakingCoin, t: &HistoryType, request_time: UnixMillis, amt: Amount) -> OrderId {
    OrderId::new(format!("{}:{t}:{}:{}", staking_product_id(coin), request_time.0, amt.normalized()))
}

/// `savings:<CCY>:<billId>`.
pub(crate) fn savings_order_id(ccy: &str, bill_id: &str) -> OrderId {
    OrderId::new(format!("{SAVINGS_PREFIX}{}:{bill_id}", ccy.to_ascii_uppercase()))
}

/// The funding bill type a savings write leaves: `75` subscription, `76` redemption.
pub(crate) fn savings_bill_type(side: &SavingsSide) -> u32 {
    match side {
        SavingsSide::Redempt => bill_type::SAVINGS_REDEMPTION,
        _ => bill_type::SAVINGS_SUBSCRIPTION,
    }
}

/// A history row's `type` from its text, when it is one OKX documents.
pub(crate) fn history_type(text: &str) -> Option<HistoryType> {
    text.parse::<HistoryType>().ok().filter(HistoryType::is_known)
}

/// Where an adapter order id routes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum OrderRoute {
    /// A staking row with an OKX `ordId`.
    StakingOrder(StakingCoin, String),
    /// A staking row identified by type, request time and amount.
    StakingRow(StakingCoin, HistoryType, UnixMillis, Amount),
    /// An on-chain earn order.
    Onchain(String),
    /// A savings write, by its currency and funding bill id.
    Savings(String, String),
}

impl OrderRoute {
    /// Parses an id of the table above.
    pub(crate) fn parse(id: &str) -> Option<Self> {
        if let Some(o) = id.strip_prefix(ONCHAIN_PREFIX) {
            return (!o.is_empty()).then(|| OrderRoute::Onchain(o.to_owned()));
        }
        if let Some(rest) = id.strip_prefix(SAVINGS_PREFIX) {
            let (ccy, bill) = rest.split_once(':')?;
            let ok = check_id("ccy", ccy).is_ok() && check_id("billId", bill).is_ok();
            return ok.then(|| OrderRoute::Savings(ccy.to_ascii_uppercase(), bill.to_owned()));
        }
        let (coin, rest) = id.split_once(':')?;
        let ProductRoute::Staking(coin) = ProductRoute::parse(coin)? else { return None };
        let parts: Vec<&str> = rest.split(':').collect();
        let ms = |s: &str| s.parse::<i64>().ok().map(UnixMillis);
        match parts.as_slice() {
            [ord] if !ord.is_empty() => Some(OrderRoute::StakingOrder(coin, (*ord).to_owned())),
            [t, time, amt] => Some(OrderRoute::StakingRow(coin, history_type(t)?, ms(time)?, Amount::parse(amt).ok()?)),
            _ => None,
        }
    }
}

/// The side and asset of a staking row: a purchase moves ETH/SOL, a redemption BETH/OKSOL.
pub(crate) fn staking_side(coin: StakingCoin, ty: &HistoryType) -> (OrderSide, &'static str) {
    match ty {
        HistoryType::Redeem => (OrderSide::Redeem, coin.token()),
        _ => (OrderSide::Stake, coin.asset()),
    }
}

/// A purchase-redeem-history row as an order; `None` when the row lacks type, amount or time.
///
/// The id is `eth:<ordId>` when OKX gives an `ordId`, else synthesized from type, request
/// time and amount (always for SOL).
pub(crate) fn staking_order(coin: StakingCoin, row: &HistoryRow) -> Option<Order> {
    let ty = row.r#type.clone()?;
    let amt = row.amt?;
    let requested = row.request_time?;
    let id = if row.ord_id.is_empty() {
        staking_row_id(coin, &ty, requested, amt)
    } else {
        staking_order_id(coin, &row.ord_id)
    };
    let (side, asset) = staking_side(coin, &ty);
    let status = match &row.status {
        Some(HistoryStatus::Success) => OrderStatus::Succeeded,
        Some(HistoryStatus::Failed) => OrderStatus::Failed,
        Some(HistoryStatus::Cancelled) => OrderStatus::Cancelled,
        _ => OrderStatus::Pending,
    };
    let venue_status = row.status.as_ref().map(|s| s.as_str().to_owned()).unwrap_or_default();
    let product = staking_product_id(coin).into();
    let mut o = Order::new(VENUE, id, product, asset.into(), side, amt, status, venue_status);
    o.created_at = Some(requested);
    o.settles_at = row.completed_time.or(row.est_completed_time);
    Some(o)
}

/// The currency and amount an on-chain earn order invested (its first `investData` entry).
pub(crate) fn onchain_invested(o: &OnchainOrder) -> Option<(Asset, Amount)> {
    let d = o.invest_data.first()?;
    let ccy = if d.ccy.is_empty() { o.ccy.as_str() } else { d.ccy.as_str() };
    Some((ccy.into(), d.amt?))
}

/// An on-chain earn order in the shared vocabulary.
///
/// States `8`/`9`/`13`/`1` are the subscription (`1` earning = succeeded); `2` is a
/// redemption in flight; `3` (history) a completed order, reported as a succeeded
/// redemption because OKX does not say whether it was redeemed or cancelled.
pub(crate) fn onchain_order(o: &OnchainOrder) -> Option<Order> {
    let (asset, amount) = onchain_invested(o)?;
    let state = o.state.clone()?;
    let (side, status) = match state {
        OnchainOrderState::Earning => (OrderSide::Stake, OrderStatus::Succeeded),
        OnchainOrderState::Redeeming => (OrderSide::Redeem, OrderStatus::Pending),
        OnchainOrderState::Completed => (OrderSide::Redeem, OrderStatus::Succeeded),
        _ => (OrderSide::Stake, OrderStatus::Pending),
    };
    let product = onchain_product_id(&o.product_id);
    let id = onchain_order_id(&o.ord_id);
    let mut order = Order::new(VENUE, id, product, asset, side, amount, status, state.as_str());
    order.client_id = (!o.tag.is_empty()).then(|| ClientOrderId::new(o.tag.clone()));
    order.created_at = o.purchased_time;
    order.settles_at = o.est_settlement_time.or(o.redeemed_time);
    Some(order)
}

/// A savings bill (`75` subscription, `76` redemption) as a succeeded order of `|balChg|`:
/// the bill is written when the funding account moved. `None` for other bills.
pub(crate) fn savings_order(ccy: &str, bill: &Bill) -> Option<Order> {
    let side = match bill.r#type? {
        bill_type::SAVINGS_SUBSCRIPTION => OrderSide::Stake,
        bill_type::SAVINGS_REDEMPTION => OrderSide::Redeem,
        _ => return None,
    };
    let amount = Amount::new(bill.bal_chg?.abs())?;
    let ccy = if bill.ccy.is_empty() { ccy } else { bill.ccy.as_str() };
    if bill.bill_id.is_empty() || ccy.is_empty() {
        return None;
    }
    let status = format!("bill {}", bill.r#type?);
    let id = savings_order_id(ccy, &bill.bill_id);
    let mut o =
        Order::new(VENUE, id, savings_product_id(ccy), ccy.into(), side, amount, OrderStatus::Succeeded, status);
    o.created_at = bill.ts;
    Some(o)
}

/// Funding bills (newest first), paging back with `after` while pages are full. Rows sharing
/// the oldest millisecond of a page are read again (OKX's cursor is strictly older-than) and
/// de-duplicated by `billId`.
pub(crate) async fn bills(client: &OkxStakingClient, query: GetBills) -> Result<Vec<Bill>> {
    let mut q = query.limit(PAGE);
    let mut out: Vec<Bill> = Vec::new();
    for _ in 0..MAX_PAGES {
        let page = client.send(&q).await?;
        let full = page.len() >= PAGE as usize;
        let oldest = page.iter().filter_map(|b| b.ts).min();
        let before = out.len();
        for b in page {
            if !out.iter().any(|o| o.bill_id == b.bill_id) {
                out.push(b);
            }
        }
        match oldest {
            Some(t) if full && out.len() > before && q.before.is_none_or(|b| b.0 < t.0) => {
                q.after = Some(UnixMillis(t.0 + 1))
            }
            _ => break,
        }
    }
    Ok(out)
}

/// History rows (newest first), paging back with `after` while pages are full.
pub(crate) async fn staking_rows(
    client: &OkxStakingClient,
    query: GetPurchaseRedeemHistory,
) -> Result<Vec<HistoryRow>> {
    let mut q = query.limit(PAGE);
    let mut out: Vec<HistoryRow> = Vec::new();
    for _ in 0..MAX_PAGES {
        let page = client.send(&q).await?;
        let full = page.len() >= PAGE as usize;
        let oldest = page.iter().filter_map(|r| r.request_time).min();
        // `after` is strict, so the cursor is the oldest millisecond + 1 and this page
        // repeats that millisecond's rows, all of them: they replace the previous page's
        // (rows without an id cannot be told apart, so they are not de-duplicated one by one).
        if let Some(cursor) = q.after {
            out.retain(|r| r.request_time != Some(UnixMillis(cursor.0 - 1)));
        }
        out.extend(page);
        match oldest {
            Some(t) if full && q.before.is_none_or(|b| b.0 < t.0) => {
                let next = UnixMillis(t.0 + 1);
                if q.after == Some(next) {
                    // A full page within one millisecond: the rows beyond it cannot be reached.
                    let what = format!("{PAGE} history rows at requestTime {}", t.0);
                    return Err(earn_core::Error::decode(
                        VENUE,
                        "purchase-redeem-history",
                        "a full page of rows within one millisecond: the history cannot be paged past it",
                        what.as_bytes(),
                    ));
                }
                q.after = Some(next);
            }
            _ => break,
        }
    }
    Ok(out)
}

/// The staking row with OKX `ordId` `ord_id`.
pub(crate) async fn staking_row_by_ord_id(
    client: &OkxStakingClient,
    coin: StakingCoin,
    ord_id: &str,
) -> Result<Option<HistoryRow>> {
    let rows = staking_rows(client, GetPurchaseRedeemHistory::new(coin)).await?;
    Ok(rows.into_iter().find(|r| r.ord_id == ord_id))
}

/// The staking row with exactly this type, request time and amount.
async fn staking_order_by_row(
    client: &OkxStakingClient,
    coin: StakingCoin,
    ty: &HistoryType,
    at: UnixMillis,
    amount: Amount,
) -> Result<Option<Order>> {
    let q =
        GetPurchaseRedeemHistory::new(coin).r#type(ty.clone()).after(UnixMillis(at.0 + 1)).before(UnixMillis(at.0 - 1));
    let rows = staking_rows(client, q).await?;
    Ok(rows
        .iter()
        .filter(|r| r.request_time == Some(at) && r.amt == Some(amount) && r.r#type.as_ref() == Some(ty))
        .find_map(|r| staking_order(coin, r)))
}

/// The first on-chain earn order (active first, then history) satisfying `pred`.
pub(crate) async fn onchain_find(
    client: &OkxStakingClient,
    product_id: Option<&str>,
    pred: impl Fn(&OnchainOrder) -> bool,
) -> Result<Option<OnchainOrder>> {
    Ok(onchain_find_all(client, product_id, pred, 1).await?.into_iter().next())
}

/// Up to `most` on-chain earn orders (active first, then history) satisfying `pred`.
pub(crate) async fn onchain_find_all(
    client: &OkxStakingClient,
    product_id: Option<&str>,
    pred: impl Fn(&OnchainOrder) -> bool,
    most: usize,
) -> Result<Vec<OnchainOrder>> {
    let mut active = GetActiveOrders::new();
    active.product_id = product_id.map(str::to_owned);
    let mut found: Vec<OnchainOrder> = client.send(&active).await?.into_iter().filter(&pred).take(most).collect();
    let mut q = GetOrderHistory::new().limit(PAGE);
    q.product_id = product_id.map(str::to_owned);
    for _ in 0..MAX_PAGES {
        if found.len() >= most {
            break;
        }
        let page = client.send(&q).await?;
        let full = page.len() >= PAGE as usize;
        let last = page.last().map(|o| o.ord_id.clone());
        found.extend(page.into_iter().filter(&pred).take(most - found.len()));
        match last {
            Some(id) if full && !id.is_empty() => q.after = Some(id),
            _ => break,
        }
    }
    Ok(found)
}

/// The savings bill `bill_id` of `ccy`, as an order.
async fn savings_order_by_bill(client: &OkxStakingClient, ccy: &str, bill_id: &str) -> Result<Option<Order>> {
    for side in [SavingsSide::Purchase, SavingsSide::Redempt] {
        let rows = bills(client, GetBills::new().ccy(ccy).bill_type(savings_bill_type(&side))).await?;
        if let Some(o) = rows.iter().filter(|b| b.bill_id == bill_id).find_map(|b| savings_order(ccy, b)) {
            return Ok(Some(o));
        }
    }
    Ok(None)
}

/// `EarnVenue::order` for every id of the table above, and by on-chain earn tag.
pub(crate) async fn lookup(client: &OkxStakingClient, order: &OrderRef) -> Result<Option<Order>> {
    let id = match order {
        OrderRef::Client(tag) => {
            let found = onchain_find(client, None, |o| o.tag == tag.as_str()).await?;
            return Ok(found.as_ref().and_then(onchain_order));
        }
        OrderRef::Venue(id) => id,
    };
    match OrderRoute::parse(id.as_str()) {
        None => Ok(None),
        Some(OrderRoute::Onchain(ord)) => {
            Ok(onchain_find(client, None, |o| o.ord_id == ord).await?.as_ref().and_then(onchain_order))
        }
        Some(OrderRoute::StakingOrder(coin, ord)) => {
            Ok(staking_row_by_ord_id(client, coin, &ord).await?.as_ref().and_then(|r| staking_order(coin, r)))
        }
        Some(OrderRoute::StakingRow(coin, ty, at, amt)) => staking_order_by_row(client, coin, &ty, at, amt).await,
        Some(OrderRoute::Savings(ccy, bill)) => savings_order_by_bill(client, &ccy, &bill).await,
    }
}

/// `EarnVenue::recent_orders`: the families asked for, merged newest first.
pub(crate) async fn recent_orders(client: &OkxStakingClient, query: &OrderQuery) -> Result<Vec<Order>> {
    let limit = query.limit.unwrap_or(50).clamp(1, MAX_PAGE_LIMIT);
    let mut out = match query.product.as_ref().map(route).transpose()? {
        Some(ProductRoute::Staking(coin)) => staking_orders(client, coin, query.side, limit).await?,
        Some(ProductRoute::Onchain(p)) => onchain_orders(client, Some(&p), limit).await?,
        Some(ProductRoute::Savings(ccy)) => savings_orders(client, Some(&ccy), query.side, limit).await?,
        None => {
            let mut all = Vec::new();
            for coin in StakingCoin::ALL {
                all.extend(staking_orders(client, coin, query.side, limit).await?);
            }
            all.extend(onchain_orders(client, None, limit).await?);
            all.extend(savings_orders(client, None, query.side, limit).await?);
            all
        }
    };
    out.retain(|o| query.side.is_none_or(|s| o.side == s));
    out.sort_by_key(|o| std::cmp::Reverse(o.created_at));
    out.truncate(limit as usize);
    Ok(out)
}

async fn onchain_orders(client: &OkxStakingClient, product_id: Option<&str>, limit: u32) -> Result<Vec<Order>> {
    let mut active = GetActiveOrders::new();
    active.product_id = product_id.map(str::to_owned);
    let mut history = GetOrderHistory::new().limit(limit);
    history.product_id = product_id.map(str::to_owned);
    let mut rows = client.send(&active).await?;
    rows.extend(client.send(&history).await?);
    Ok(rows.iter().filter_map(onchain_order).collect())
}

/// The latest savings purchases and redemptions (bills `75`/`76`), of one currency or all.
async fn savings_orders(
    client: &OkxStakingClient,
    ccy: Option<&str>,
    side: Option<OrderSide>,
    limit: u32,
) -> Result<Vec<Order>> {
    let mut out = Vec::new();
    for (s, savings_side) in [(OrderSide::Stake, SavingsSide::Purchase), (OrderSide::Redeem, SavingsSide::Redempt)] {
        if side.is_some_and(|wanted| wanted != s) {
            continue;
        }
        let mut q = GetBills::new().bill_type(savings_bill_type(&savings_side)).limit(limit);
        q.ccy = ccy.map(str::to_owned);
        out.extend(client.send(&q).await?.iter().filter_map(|b| savings_order(ccy.unwrap_or(""), b)));
    }
    Ok(out)
}

async fn staking_orders(
    client: &OkxStakingClient,
    coin: StakingCoin,
    side: Option<OrderSide>,
    limit: u32,
) -> Result<Vec<Order>> {
    let mut q = GetPurchaseRedeemHistory::new(coin).limit(limit);
    q.r#type = side.map(|s| if s == OrderSide::Stake { HistoryType::Purchase } else { HistoryType::Redeem });
    let rows = client.send(&q).await?;
    Ok(rows.iter().filter_map(|r| staking_order(coin, r)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sol_rows_get_a_stable_synthesized_id() {
        let row: HistoryRow = serde_json::from_str(r#"{"amt":"0.62666630","completedTime":"1683413171000","estCompletedTime":"","redeemingAmt":"","requestTime":"1683413171000","status":"success","type":"purchase"}"#).unwrap();
        let o = staking_order(StakingCoin::Sol, &row).unwrap();
        assert_eq!(o.id.as_str(), "sol:purchase:1683413171000:0.6266663");
        assert_eq!(o.status, OrderStatus::Succeeded);
        assert_eq!(o.asset.as_str(), "SOL");
        assert_eq!(staking_order(StakingCoin::Sol, &row).unwrap().id, o.id);
    }

    #[test]
    fn ids_round_trip() {
        let a = Amount::parse("1.50").unwrap();
        let row = staking_row_id(StakingCoin::Sol, &HistoryType::Purchase, UnixMillis(5), a);
        assert_eq!(row.as_str(), "sol:purchase:5:1.5");
        assert_eq!(
            OrderRoute::parse(row.as_str()),
            Some(OrderRoute::StakingRow(StakingCoin::Sol, HistoryType::Purchase, UnixMillis(5), a))
        );
        assert_eq!(OrderRoute::parse("eth:123"), Some(OrderRoute::StakingOrder(StakingCoin::Eth, "123".into())));
        assert_eq!(OrderRoute::parse("onchain:754147"), Some(OrderRoute::Onchain("754147".into())));
        assert_eq!(OrderRoute::parse("btc:1"), None);
        assert_eq!(OrderRoute::parse("eth:stake:1:1"), None);
        assert_eq!(OrderRoute::parse("eth:purchase:sent:1:1"), None, "accepted-write ids are reconciliation's");
        assert_eq!(OrderRoute::parse("savings:usdt:1234"), Some(OrderRoute::Savings("USDT".into(), "1234".into())));
        assert_eq!(OrderRoute::parse("savings:USDT:purchase:sent:1:1"), None);
        assert_eq!(OrderRoute::parse("savings:USDT"), None);
        // Empty parts name nothing.
        assert_eq!(OrderRoute::parse("eth:"), None);
        assert_eq!(OrderRoute::parse("onchain:"), None);
        assert_eq!(OrderRoute::parse("savings::1"), None);
    }

    /// Each status OKX gives a staking row, and a row without one (still in flight).
    #[test]
    fn staking_rows_report_their_status() {
        let row = |status: &str| -> HistoryRow {
            serde_json::from_str(&format!(
                r#"{{"amt":"1","ordId":"7","requestTime":"5","status":"{status}","type":"redeem"}}"#
            ))
            .unwrap()
        };
        let status = |s: &str| staking_order(StakingCoin::Eth, &row(s)).unwrap().status;
        assert_eq!(status("success"), OrderStatus::Succeeded);
        assert_eq!(status("failed"), OrderStatus::Failed);
        assert_eq!(status("cancelled"), OrderStatus::Cancelled);
        assert_eq!(status("pending"), OrderStatus::Pending);
        let o = staking_order(StakingCoin::Eth, &row("failed")).unwrap();
        assert_eq!(
            (o.id.as_str(), o.side, o.asset.as_str(), o.venue_status.as_str()),
            ("eth:7", OrderSide::Redeem, "BETH", "failed")
        );
    }

    #[test]
    fn savings_bills_are_orders_of_their_absolute_change() {
        let bill: Bill =
            serde_json::from_str(r#"{"billId":"31","ccy":"USDT","balChg":"-100.5","bal":"0","type":"75","ts":"9"}"#)
                .unwrap();
        let o = savings_order("USDT", &bill).unwrap();
        assert_eq!((o.id.as_str(), o.product.as_str()), ("savings:USDT:31", "savings:USDT"));
        assert_eq!(
            (o.side, o.status, o.amount),
            (OrderSide::Stake, OrderStatus::Succeeded, Amount::parse("100.5").unwrap())
        );
        let other: Bill = serde_json::from_str(r#"{"billId":"32","ccy":"USDT","balChg":"1","type":"130"}"#).unwrap();
        assert_eq!(savings_order("USDT", &other), None);
        // A bill without an id, or without a currency anywhere, is no order (either alone).
        let no_id: Bill = serde_json::from_str(r#"{"billId":"","ccy":"USDT","balChg":"1","type":"76"}"#).unwrap();
        assert_eq!(savings_order("USDT", &no_id), None);
        let no_ccy: Bill = serde_json::from_str(r#"{"billId":"33","ccy":"","balChg":"1","type":"76"}"#).unwrap();
        assert_eq!(savings_order("", &no_ccy), None);
        let redeemed = savings_order("usdc", &no_ccy).unwrap();
        assert_eq!((redeemed.id.as_str(), redeemed.side), ("savings:USDC:33", OrderSide::Redeem), "the asked currency");
    }
}
