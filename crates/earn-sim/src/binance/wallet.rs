//! Server time, the SPOT and FUNDING wallets, and universal transfers between them
//! (binance-earn.md §8).

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::state::{self, Call, Transfer, round8};
use super::{BinanceError, amount, opt_bool, page, window};
use crate::ledger::{Balances, fmt_amount};
use crate::prices;

fn fixed8(amount: Decimal) -> String {
    format!("{:.8}", round8(amount))
}

pub(super) fn time(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    Ok(json!({"serverTime": call.server_time}))
}

pub(super) fn spot_account(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let omit_zero = opt_bool(call, "omitZeroBalances")?.unwrap_or(false);
    let balances: Vec<Value> = call
        .account
        .spot
        .iter()
        .filter(|(_, n)| !omit_zero || !n.is_zero())
        .map(|(asset, n)| json!({"asset": asset, "free": fixed8(n), "locked": "0.00000000"}))
        .collect();
    Ok(json!({
        "makerCommission": 10, "takerCommission": 10, "buyerCommission": 0, "sellerCommission": 0,
        "commissionRates": {"maker": "0.00100000", "taker": "0.00100000", "buyer": "0.00000000", "seller": "0.00000000"},
        "canTrade": true, "canWithdraw": true, "canDeposit": true, "brokered": false,
        "requireSelfTradePrevention": false, "preventSor": false, "updateTime": call.now,
        "accountType": "SPOT", "balances": balances, "permissions": ["SPOT"], "uid": 354_937_868,
    }))
}

fn asset_rows(call: &Call<'_>, balances: &Balances, extra: bool) -> Result<Value, BinanceError> {
    let asset = call.params.opt_str("asset")?;
    let btc_value = opt_bool(call, "needBtcValuation")?.unwrap_or(false);
    let rows: Vec<Value> = balances
        .held()
        .filter(|(a, _)| asset.is_none_or(|want| want == *a))
        .map(|(a, n)| {
            let btc =
                if btc_value { round8(n * prices::usd_price(a) / prices::usd_price("BTC")) } else { Decimal::ZERO };
            let mut row = json!({"asset": a, "free": fmt_amount(n), "locked": "0", "freeze": "0", "withdrawing": "0",
                "btcValuation": fmt_amount(btc)});
            if extra {
                row["ipoable"] = json!("0");
            }
            row
        })
        .collect();
    Ok(Value::Array(rows))
}

pub(super) fn funding_asset(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    asset_rows(call, &call.account.funding, false)
}

/// Positive SPOT assets (reference §8.4: the Spot wallet is assumed).
pub(super) fn user_asset(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    asset_rows(call, &call.account.spot, true)
}

pub(super) fn wallet_balance(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let quote = call.params.opt_str("quoteAsset")?.unwrap_or("BTC");
    let price = prices::usd_price(quote);
    if price.is_zero() {
        return Err(BinanceError::invalid("quoteAsset"));
    }
    let value = |b: &Balances| round8(b.iter().map(|(a, n)| n * prices::usd_price(a)).sum::<Decimal>() / price);
    let a = &call.account;
    let flexible: Decimal = a
        .flexible
        .iter()
        .map(|(id, p)| p.amount * prices::usd_price(state::flexible(id).map_or("", |f| f.asset)))
        .sum();
    let locked: Decimal =
        a.locked.iter().filter(|p| !p.closed).map(|p| p.amount * prices::usd_price(p.project.asset)).sum();
    let earn = round8((flexible + locked) / price);
    let row =
        |name: &str, balance: Decimal| json!({"activate": true, "balance": fmt_amount(balance), "walletName": name});
    let zero = Decimal::ZERO;
    Ok(json!([
        row("Spot", value(&a.spot)),
        row("Funding", value(&a.funding)),
        row("Cross Margin", zero),
        row("Isolated Margin", zero),
        row("USDⓈ-M Futures", zero),
        row("COIN-M Futures", zero),
        row("Earn", earn),
        row("Options", zero),
        row("Trading Bots", zero),
        row("Copy Trading", zero),
    ]))
}

/// The documented universal-transfer types (§8.6); only SPOT ↔ FUNDING is simulated.
const TYPES: &[&str] = &[
    "MAIN_FUNDING",
    "FUNDING_MAIN",
    "MAIN_UMFUTURE",
    "UMFUTURE_MAIN",
    "MAIN_CMFUTURE",
    "CMFUTURE_MAIN",
    "MAIN_MARGIN",
    "MARGIN_MAIN",
    "MAIN_OPTION",
    "OPTION_MAIN",
    "MAIN_PORTFOLIO_MARGIN",
    "PORTFOLIO_MARGIN_MAIN",
    "FUNDING_UMFUTURE",
    "UMFUTURE_FUNDING",
    "FUNDING_CMFUTURE",
    "CMFUTURE_FUNDING",
    "FUNDING_MARGIN",
    "MARGIN_FUNDING",
    "FUNDING_OPTION",
    "OPTION_FUNDING",
    "UMFUTURE_MARGIN",
    "MARGIN_UMFUTURE",
    "CMFUTURE_MARGIN",
    "MARGIN_CMFUTURE",
    "UMFUTURE_OPTION",
    "OPTION_UMFUTURE",
    "MARGIN_OPTION",
    "OPTION_MARGIN",
    "ISOLATEDMARGIN_MARGIN",
    "MARGIN_ISOLATEDMARGIN",
    "ISOLATEDMARGIN_ISOLATEDMARGIN",
];

pub(super) fn transfer(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let kind = call.params.choice("type", TYPES)?;
    let asset = call.params.str("asset")?.to_owned();
    let amount = amount(call, "amount")?;
    if !matches!(kind, "MAIN_FUNDING" | "FUNDING_MAIN") {
        return Err(BinanceError::bad(
            -3005,
            "Transfer out not allowed. (only MAIN_FUNDING and FUNDING_MAIN are simulated)",
        ));
    }
    let from = call.account.wallet_mut(kind == "FUNDING_MAIN");
    from.debit(&asset, amount).map_err(|_| BinanceError::bad(-5002, "Insufficient balance"))?;
    let tran_id = call.ids.next();
    let arrives = call.now + call.transfer_delay;
    call.account.transfers.push(Transfer { tran_id, kind, asset, amount, time: call.now, arrives, arrived: false });
    Ok(json!({"tranId": tran_id}))
}

pub(super) fn transfer_history(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let kind = call.params.choice("type", TYPES)?;
    let (start, end) = window(call, 7, 183)?;
    let rows = call
        .account
        .transfers
        .iter()
        .rev()
        .filter(|t| t.kind == kind && (start..=end).contains(&t.time))
        .map(|t| {
            let status = if t.arrived { "CONFIRMED" } else { "PENDING" };
            json!({"asset": t.asset, "amount": fmt_amount(t.amount), "type": t.kind, "status": status,
                "tranId": t.tran_id, "timestamp": t.time})
        })
        .collect();
    page(call, rows, false)
}
