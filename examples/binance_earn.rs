//! Binance Simple Earn through the typed client (layer 1) and the `EarnVenue` adapter (layer 2).
//!
//! ```sh
//! cargo run --example binance_earn                                          # against the embedded simulator
//! BINANCE_API_KEY=… BINANCE_API_SECRET=… cargo run --example binance_earn   # live Binance, read-only
//! ```
//!
//! With live keys the example only reads. It writes only against the simulator, or live when
//! `EARN_EXAMPLE_ALLOW_WRITES=1` is also set: it then subscribes 1 USDT to the flexible USDT
//! product and redeems it again into the Funding wallet (real money).

use std::sync::Arc;
use std::time::{Duration, Instant};

use earn::binance_earn::api::flexible::{GetFlexiblePositions, GetFlexibleProducts, GetFlexibleSubscriptionRecord};
use earn::binance_earn::api::wallet::GetFundingAsset;
use earn::binance_earn::{BinanceEarnClient, BinanceEarnVenue, Environment};
use earn::prelude::*;
use earn_sim::Simulator;

#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let builder = BinanceEarnClient::builder(Environment::Production);
    let (client, sim) = match Credentials::from_env("BINANCE") {
        Some(creds) => (builder.credentials(creds).build()?, None),
        None => {
            let sim = Simulator::builder().settlement_delay(Duration::from_secs(1)).start().await?;
            let client =
                builder.base_url(sim.base_url()).credentials(sim.binance_credentials().to_credentials()).build()?;
            (client, Some(sim))
        }
    };
    let writes = sim.is_some() || std::env::var("EARN_EXAMPLE_ALLOW_WRITES").as_deref() == Ok("1");
    println!("Binance Simple Earn at {} ({})", client.base_url(), if sim.is_some() { "simulator" } else { "live" });

    // Requests are signed with Binance's clock: read it once.
    client.sync_clock().await?;

    // Layer 1: one request type per endpoint, in Binance's vocabulary, sent with `send`.
    let products = client.send(&GetFlexibleProducts::new().asset("USDT")).await?.rows;
    for p in &products {
        println!(
            "flexible {} {}: APR {}, minimum {}, can purchase {:?}, status {:?}",
            p.product_id,
            p.asset,
            p.latest_annual_percentage_rate.map(|r| format!("{}%", r.percent())).unwrap_or_else(|| "-".into()),
            p.min_purchase_amount.map(|a| a.to_string()).unwrap_or_else(|| "-".into()),
            p.can_purchase,
            p.status
        );
    }
    let usdt = products.iter().find(|p| p.can_purchase == Some(true)).ok_or("no purchasable flexible USDT product")?;
    for f in client.send(&GetFundingAsset::new().asset("USDT")).await? {
        println!("funding wallet: {} {} free", f.free.map(|a| a.to_string()).unwrap_or_else(|| "-".into()), f.asset);
    }
    for p in client.send(&GetFlexiblePositions::new().asset("USDT")).await?.rows {
        let total = p.total_amount.map(|a| a.to_string()).unwrap_or_else(|| "-".into());
        println!("flexible position {}: {total} {}", p.product_id, p.asset);
    }
    // Binance reports the weight used this minute in response headers; the client reads them back.
    if let Some((path, used)) = client.last_used_weight() {
        let shown = |w: Option<u64>| w.map(|w| w.to_string()).unwrap_or_else(|| "-".into());
        println!("weight used this minute ({path}): IP {}, UID {}", shown(used.sapi_ip_1m), shown(used.sapi_uid_1m));
    }

    // Layer 2: the same venue through the shared trait.
    let product_id = ProductId::new(format!("flexible:{}:{}", usdt.asset, usdt.product_id));
    let venue: Arc<dyn EarnVenue> = Arc::new(BinanceEarnVenue::new(client.clone()));
    println!("capabilities: {:?}", venue.capabilities());
    for p in venue.products(&ProductFilter::asset("USDT")).await? {
        let apr = p.apr.map(|r| format!("{}%", r.percent())).unwrap_or_else(|| "-".into());
        let kind = match p.kind {
            ProductKind::Locked { term } => format!("locked {} days", term.as_secs() / 86_400),
            ref other => format!("{other:?}"),
        };
        let min = p.rules.min.map(|a| a.to_string()).unwrap_or_else(|| "-".into());
        println!("product {} ({kind}): APR {apr}, minimum {min}, status {:?}", p.id, p.status);
    }
    for b in venue.balances().await? {
        if b.asset.as_str() == "USDT" {
            println!("balance {} {}: {} available", b.account, b.asset, b.available);
        }
    }
    // Bad input is refused before anything is sent: Binance takes at most 8 decimals.
    let refused = venue.stake(&StakeRequest::new(product_id.clone(), Amount::parse("0.000000001")?)).await;
    match refused {
        Err(e) if e.kind() == ErrorKind::InvalidInput => println!("refused locally, nothing sent: {e}"),
        other => return Err(format!("expected a local refusal, got {other:?}").into()),
    }

    if writes {
        let amount = Amount::parse("1")?;
        // Checked against the product's minimum, status and the personal quota first. No Binance
        // write carries a client id: an unknown outcome is reconciled from history, never resent.
        let order = venue.stake(&StakeRequest::new(product_id.clone(), amount)).await?.into_order()?;
        println!("stake order {}: {:?}", order.id, order.status);
        follow(venue.as_ref(), &order).await?;
        if let Some(purchase_id) = order.id.as_str().strip_prefix("flexible:stake:") {
            let record = GetFlexibleSubscriptionRecord::new().purchase_id(purchase_id);
            for r in client.send(&record).await?.rows {
                let amount = r.amount.map(|a| a.to_string()).unwrap_or_else(|| "-".into());
                println!("  Binance's subscription record {}: {amount} {} {:?}", r.purchase_id, r.asset, r.status);
            }
        }
        // A flexible redemption is paid into the account the request names.
        let redeem = RedeemRequest::new(product_id.clone(), amount).to_account("FUNDING");
        let order = venue.redeem(&redeem).await?.into_order()?;
        println!("redeem order {} into FUNDING: {:?}", order.id, order.status);
        follow(venue.as_ref(), &order).await?;
    } else {
        println!("live keys: read-only (set EARN_EXAMPLE_ALLOW_WRITES=1 to subscribe and redeem 1 USDT)");
    }

    let positions = venue.positions().await?;
    if positions.is_empty() {
        println!("positions: none");
    }
    for p in positions {
        println!("position {} {}: {} (redeeming {:?})", p.product, p.asset, p.amount, p.pending_redemption);
    }
    Ok(())
}

/// Asks for the order's status until it is final, for at most 30 seconds.
async fn follow(venue: &dyn EarnVenue, order: &Order) -> Result<()> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        let status = venue.order(&OrderRef::Venue(order.id.clone())).await?.map(|o| o.status);
        if let Some(s) = status.filter(|s| s.is_final()) {
            println!("  order {} is {s:?} after {:.1} s", order.id, started.elapsed().as_secs_f32());
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    println!("  order {} is still settling after 30 s; ask again later", order.id);
    Ok(())
}
