//! A small stateful stand-in for OKX behind wiremock, for the end-to-end flows (the
//! simulator does not serve these endpoints yet): a funding and a trading account per
//! currency, transfers between them with transfer-state and bills `130`/`131`, Simple Earn
//! Flexible drawing on and paying back to funding with bills `75`/`76`, and ETH staking
//! whose redemption consumes **funding** BETH only (`51736` otherwise).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use rust_decimal::Decimal;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::common::{now_ms, ok, okx_error};

/// One funding bill.
#[derive(Clone, Debug)]
pub struct BillRow {
    pub id: u64,
    pub ccy: String,
    pub change: Decimal,
    pub ty: u32,
    pub ts: i64,
    pub client_id: String,
}

/// The fake's books.
#[derive(Debug, Default)]
pub struct Books {
    pub funding: BTreeMap<String, Decimal>,
    pub trading: BTreeMap<String, Decimal>,
    pub savings: BTreeMap<String, Decimal>,
    pub savings_rate: BTreeMap<String, String>,
    /// `(transId, clientId, ccy, amt, from, to)`.
    pub transfers: Vec<(String, String, String, Decimal, String, String)>,
    pub bills: Vec<BillRow>,
    /// ETH redemption history rows: `(ordId, amt, requestTime)`.
    pub eth_redeems: Vec<(u64, Decimal, i64)>,
    /// Apply the next transfer, then drop its answer (HTTP 502).
    pub drop_next_transfer_answer: bool,
    next_id: u64,
}

impl Books {
    fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    fn bill(&mut self, ccy: &str, change: Decimal, ty: u32, client_id: &str) {
        let id = self.id();
        let ts = now_ms();
        self.bills.push(BillRow { id, ccy: ccy.into(), change, ty, ts, client_id: client_id.into() });
    }
}

/// The fake OKX, answering every path it knows.
#[derive(Clone, Default)]
pub struct FakeOkx(pub Arc<Mutex<Books>>);

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn q(r: &Request, key: &str) -> Option<String> {
    r.url.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned())
}

fn bal(map: &BTreeMap<String, Decimal>, ccy: &str) -> Decimal {
    map.get(ccy).copied().unwrap_or_default()
}

fn data(v: Value) -> ResponseTemplate {
    ok(&v.to_string())
}

impl FakeOkx {
    /// Mounts the fake on `server` for every request.
    pub async fn mount(&self, server: &MockServer) {
        Mock::given(any()).respond_with(self.clone()).mount(server).await;
    }

    /// Sets a funding/trading/savings balance.
    pub fn set(&self, account: &str, ccy: &str, amount: &str) {
        let mut b = self.0.lock().unwrap();
        let map = match account {
            "funding" => &mut b.funding,
            "trading" => &mut b.trading,
            _ => &mut b.savings,
        };
        map.insert(ccy.into(), d(amount));
    }

    /// A balance now.
    pub fn get(&self, account: &str, ccy: &str) -> Decimal {
        let b = self.0.lock().unwrap();
        match account {
            "funding" => bal(&b.funding, ccy),
            "trading" => bal(&b.trading, ccy),
            _ => bal(&b.savings, ccy),
        }
    }
}

impl Respond for FakeOkx {
    fn respond(&self, r: &Request) -> ResponseTemplate {
        let mut b = self.0.lock().unwrap();
        let body: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
        let text = |k: &str| body[k].as_str().unwrap_or_default().to_owned();
        match (r.method.as_str(), r.url.path()) {
            ("GET", "/api/v5/asset/balances") => {
                let wanted = q(r, "ccy").map(|c| c.split(',').map(str::to_owned).collect::<Vec<_>>());
                let rows: Vec<Value> = b
                    .funding
                    .iter()
                    .filter(|(c, a)| !a.is_zero() && wanted.as_ref().is_none_or(|w| w.contains(c)))
                    .map(|(c, a)| json!({"ccy": c, "bal": a.to_string(), "availBal": a.to_string(), "frozenBal": "0"}))
                    .collect();
                data(json!(rows))
            }
            ("GET", "/api/v5/account/balance") => {
                let details: Vec<Value> = b
                    .trading
                    .iter()
                    .filter(|(_, a)| !a.is_zero())
                    .map(|(c, a)| json!({"ccy": c, "eq": a.to_string(), "cashBal": a.to_string(), "availBal": a.to_string(), "availEq": ""}))
                    .collect();
                data(json!([{"totalEq": "0", "details": details}]))
            }
            ("GET", "/api/v5/account/max-withdrawal") => {
                let wanted = q(r, "ccy");
                let rows: Vec<Value> = b
                    .trading
                    .iter()
                    .filter(|(c, _)| wanted.as_ref().is_none_or(|w| w == *c))
                    .map(|(c, a)| json!({"ccy": c, "maxWd": a.to_string(), "maxWdEx": a.to_string()}))
                    .collect();
                data(json!(rows))
            }
            ("POST", "/api/v5/asset/transfer") => {
                let (ccy, amt, from, to, client_id) =
                    (text("ccy"), d(&text("amt")), text("from"), text("to"), text("clientId"));
                if from == to {
                    return okx_error(200, "58123", "The From parameter cannot be the same as the To parameter");
                }
                let (src, dst, ty) =
                    if from == "18" { ("trading", "funding", 130) } else { ("funding", "trading", 131) };
                let have = if src == "trading" { bal(&b.trading, &ccy) } else { bal(&b.funding, &ccy) };
                if have < amt {
                    return okx_error(200, "58116", "Transfer exceeds the available amount");
                }
                let _ = dst;
                if src == "trading" {
                    *b.trading.entry(ccy.clone()).or_default() -= amt;
                    *b.funding.entry(ccy.clone()).or_default() += amt;
                    b.bill(&ccy, amt, ty, &client_id);
                } else {
                    *b.funding.entry(ccy.clone()).or_default() -= amt;
                    *b.trading.entry(ccy.clone()).or_default() += amt;
                    b.bill(&ccy, -amt, ty, &client_id);
                }
                let trans_id = b.id().to_string();
                b.transfers.push((trans_id.clone(), client_id.clone(), ccy.clone(), amt, from.clone(), to.clone()));
                if std::mem::take(&mut b.drop_next_transfer_answer) {
                    return ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>");
                }
                data(
                    json!([{"transId": trans_id, "clientId": client_id, "ccy": ccy, "amt": amt.to_string(), "from": from, "to": to}]),
                )
            }
            ("GET", "/api/v5/asset/transfer-state") => {
                let by_trans = q(r, "transId");
                let by_client = q(r, "clientId");
                let rows: Vec<Value> = b
                    .transfers
                    .iter()
                    .filter(|t| match (&by_trans, &by_client) {
                        (Some(id), _) => &t.0 == id,
                        (None, Some(c)) => &t.1 == c,
                        _ => false,
                    })
                    .map(|t| json!({"transId": t.0, "clientId": t.1, "ccy": t.2, "amt": t.3.to_string(), "from": t.4, "to": t.5, "type": "0", "subAcct": "", "state": "success"}))
                    .collect();
                data(json!(rows))
            }
            ("GET", "/api/v5/asset/bills") => {
                let (ccy, ty, client_id) = (q(r, "ccy"), q(r, "type"), q(r, "clientId"));
                let before = q(r, "before").map(|t| t.parse::<i64>().unwrap());
                let after = q(r, "after").map(|t| t.parse::<i64>().unwrap());
                let limit = q(r, "limit").map_or(100, |l| l.parse::<usize>().unwrap());
                let rows: Vec<Value> = b
                    .bills
                    .iter()
                    .rev()
                    .filter(|x| ccy.as_ref().is_none_or(|c| c == &x.ccy))
                    .filter(|x| ty.as_ref().is_none_or(|t| t == &x.ty.to_string()))
                    .filter(|x| client_id.as_ref().is_none_or(|c| c == &x.client_id))
                    .filter(|x| before.is_none_or(|t| x.ts > t) && after.is_none_or(|t| x.ts < t))
                    .take(limit)
                    .map(|x| json!({"billId": x.id.to_string(), "ccy": x.ccy, "clientId": x.client_id, "balChg": x.change.to_string(), "bal": "0", "type": x.ty.to_string(), "ts": x.ts.to_string(), "notes": ""}))
                    .collect();
                data(json!(rows))
            }
            ("GET", "/api/v5/finance/savings/balance") => {
                let wanted = q(r, "ccy");
                let rows: Vec<Value> = b
                    .savings
                    .iter()
                    .filter(|(c, a)| !a.is_zero() && wanted.as_ref().is_none_or(|w| w == *c))
                    .map(|(c, a)| {
                        let rate = b.savings_rate.get(c).cloned().unwrap_or_default();
                        json!({"ccy": c, "amt": a.to_string(), "earnings": "0", "rate": rate, "loanAmt": a.to_string(), "pendingAmt": "0", "redemptAmt": ""})
                    })
                    .collect();
                data(json!(rows))
            }
            ("POST", "/api/v5/finance/savings/purchase-redempt") => {
                let (ccy, amt, side) = (text("ccy"), d(&text("amt")), text("side"));
                if side == "purchase" {
                    if bal(&b.funding, &ccy) < amt {
                        return okx_error(200, "58350", "Insufficient balance");
                    }
                    *b.funding.entry(ccy.clone()).or_default() -= amt;
                    *b.savings.entry(ccy.clone()).or_default() += amt;
                    if !text("rate").is_empty() {
                        b.savings_rate.insert(ccy.clone(), text("rate"));
                    }
                    b.bill(&ccy, -amt, 75, "");
                } else {
                    if bal(&b.savings, &ccy) < amt {
                        return okx_error(200, "58350", "Insufficient balance");
                    }
                    *b.savings.entry(ccy.clone()).or_default() -= amt;
                    *b.funding.entry(ccy.clone()).or_default() += amt;
                    b.bill(&ccy, amt, 76, "");
                }
                data(json!([{"ccy": ccy, "amt": amt.to_string(), "side": side, "rate": text("rate")}]))
            }
            ("GET", "/api/v5/finance/savings/lending-rate-history") => {
                data(json!([{"ccy": "USDT", "amt": "", "rate": "0.06", "lendingRate": "0.05", "ts": "1734192000000"}]))
            }
            ("GET", "/api/v5/finance/staking-defi/offers" | "/api/v5/finance/staking-defi/orders-active") => {
                data(json!([]))
            }
            (
                "GET",
                "/api/v5/finance/staking-defi/sol/balance" | "/api/v5/finance/staking-defi/sol/purchase-redeem-history",
            ) => data(json!([])),
            ("GET", "/api/v5/finance/staking-defi/eth/product-info") => data(
                json!([{"fastRedemptionDailyLimit": "100", "rate": "2.23", "redemptDays": "8", "minAmt": "0.001"}]),
            ),
            ("GET", "/api/v5/finance/staking-defi/eth/balance") => {
                let total = bal(&b.funding, "BETH") + bal(&b.trading, "BETH");
                let redeeming: Decimal = b.eth_redeems.iter().map(|r| r.1).sum();
                let total = total + redeeming;
                if total.is_zero() {
                    return data(json!([]));
                }
                data(
                    json!([{"ccy": "BETH", "amt": total.to_string(), "latestInterestAccrual": "0", "totalInterestAccrual": "0", "ts": now_ms().to_string()}]),
                )
            }
            ("GET", "/api/v5/finance/staking-defi/eth/purchase-redeem-history") => {
                let wants_redeem = q(r, "type").is_none_or(|t| t == "redeem");
                let before = q(r, "before").map(|t| t.parse::<i64>().unwrap());
                let rows: Vec<Value> = b
                    .eth_redeems
                    .iter()
                    .rev()
                    .filter(|_| wants_redeem)
                    .filter(|x| before.is_none_or(|t| x.2 > t))
                    .map(|x| json!({"type": "redeem", "amt": x.1.to_string(), "redeemingAmt": x.1.to_string(), "status": "pending", "requestTime": x.2.to_string(), "completedTime": "", "estCompletedTime": "", "ordId": x.0.to_string()}))
                    .collect();
                data(json!(rows))
            }
            ("POST", "/api/v5/finance/staking-defi/eth/redeem") => {
                let amt = d(&text("amt"));
                // OKX redeems only the BETH in the funding account.
                if bal(&b.funding, "BETH") < amt {
                    return okx_error(200, "51736", "Insufficient BETH balance");
                }
                *b.funding.entry("BETH".into()).or_default() -= amt;
                let id = b.id();
                b.eth_redeems.push((id, amt, now_ms()));
                data(json!([]))
            }
            _ => ResponseTemplate::new(404),
        }
    }
}
