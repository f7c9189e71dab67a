//! Bybit V5 Earn through the typed client (layer 1) and the `EarnVenue` adapter (layer 2).
//!
//! ```sh
//! cargo run --example bybit_earn                        # against the embedded simulator
//! BYBIT_API_KEY=… BYBIT_API_SECRET=… cargo run --example bybit_earn   # live Bybit, read-only
//! ```
//!
//! With live keys the example only reads. It stakes only against the simulator, or live when
//! `EARN_EXAMPLE_ALLOW_WRITES=1` is also set (it then stakes 1 USDT: real money).

use earn::bybit_earn::api::easy_earn::{EarnCategory, GetOrderHistory, GetProducts, PlaceOrder};
use earn::bybit_earn::{BybitEarnClient, BybitEarnVenue, Environment};
use earn::prelude::*;
use earn_sim::Simulator;

#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let builder = BybitEarnClient::builder(Environment::Mainnet);
    let (client, sim) = match Credentials::from_env("BYBIT") {
        Some(creds) => (builder.credentials(creds).build()?, None),
        None => {
            let sim = Simulator::start().await?;
            let client =
                builder.base_url(sim.base_url()).credentials(sim.bybit_credentials().to_credentials()).build()?;
            (client, Some(sim))
        }
    };
    let writes = sim.is_some() || std::env::var("EARN_EXAMPLE_ALLOW_WRITES").as_deref() == Ok("1");
    println!("Bybit Earn at {} ({})", client.base_url(), if sim.is_some() { "simulator" } else { "live" });

    let products = client.send(&GetProducts::new(EarnCategory::FlexibleSaving).coin("USDT")).await?.list;
    for p in &products {
        println!(
            "FlexibleSaving {} {}: APR {:?}, stake {:?}..{:?}, precision {:?}",
            p.product_id, p.coin, p.estimate_apr, p.min_stake_amount, p.max_stake_amount, p.precision
        );
    }
    let Some(usdt) = products.first() else { return Err("no USDT FlexibleSaving product".into()) };

    if writes {
        let amount = Amount::parse("1")?;
        // Checked against the product's min, max and precision before anything is sent.
        let order = PlaceOrder::stake(EarnCategory::FlexibleSaving, &usdt.coin, &usdt.product_id, amount)
            .rules(usdt.stake_rules());
        let placed = client.send(&order).await?;
        println!("stake order {} (orderLinkId {})", placed.order_id, placed.order_link_id);
        let history = GetOrderHistory::new(EarnCategory::FlexibleSaving).order_link_id(&placed.order_link_id);
        for o in client.pages(history).collect_all().await? {
            println!("  found by orderLinkId: {} {} {} {:?}", o.order_id, o.order_value, o.coin, o.status);
        }
    } else {
        println!("live keys: read-only (set EARN_EXAMPLE_ALLOW_WRITES=1 to stake 1 USDT)");
    }

    let venue: std::sync::Arc<dyn EarnVenue> = std::sync::Arc::new(BybitEarnVenue::new(client));
    println!("capabilities: {:?}", venue.capabilities());
    for p in venue.positions().await? {
        println!("position {} {}: {} (redeeming {:?})", p.product, p.asset, p.amount, p.pending_redemption);
    }
    Ok(())
}
