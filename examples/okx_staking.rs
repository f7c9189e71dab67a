//! OKX ETH/SOL staking and on-chain earn through the typed client (layer 1) and the
//! `EarnVenue` adapter (layer 2).
//!
//! ```sh
//! cargo run --example okx_staking                      # against the embedded simulator
//! OKX_API_KEY=… OKX_API_SECRET=… OKX_PASSPHRASE=… \
//!     cargo run --example okx_staking                  # live OKX, read-only
//! ```
//!
//! With live keys the example only reads. It stakes only against the simulator, or live when
//! `EARN_EXAMPLE_ALLOW_WRITES=1` is also set (it then stakes 0.01 ETH: real money).

use earn::okx_staking::api::onchain::GetOffers;
use earn::okx_staking::api::staking::{GetProductInfo, GetPurchaseRedeemHistory, HistoryType, Purchase, StakingCoin};
use earn::okx_staking::{Environment, OkxStakingClient, OkxStakingVenue};
use earn::prelude::*;
use earn_sim::Simulator;

#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let builder = OkxStakingClient::builder(Environment::Live);
    let (client, sim) = match Credentials::from_env("OKX") {
        Some(creds) => (builder.credentials(creds).build()?, None),
        None => {
            let sim = Simulator::start().await?;
            let client =
                builder.base_url(sim.base_url()).credentials(sim.okx_credentials().to_credentials()).build()?;
            (client, Some(sim))
        }
    };
    let writes = sim.is_some() || std::env::var("EARN_EXAMPLE_ALLOW_WRITES").as_deref() == Ok("1");
    println!("OKX staking at {} ({})", client.base_url(), if sim.is_some() { "simulator" } else { "live" });

    client.sync_clock().await?;
    println!("venue clock offset: {} ms", client.clock_offset_ms());

    let info = client.send(&GetProductInfo::new(StakingCoin::Eth)).await?.into_vec();
    let eth = info.first().ok_or("OKX sent no ETH staking product info")?;
    println!(
        "ETH staking: rate {:?}, minimum {:?}, redemption days {:?}",
        eth.rate_as_percent().map(|r| format!("{}%", r.percent())),
        eth.min_amt,
        eth.redempt_days
    );
    for offer in client.send(&GetOffers::new()).await? {
        let apy = offer.apy.map(|r| format!("{}%", r.percent())).unwrap_or_else(|| "-".into());
        println!(
            "on-chain earn offer {} {} ({}): APY {apy}, state {:?}",
            offer.product_id, offer.ccy, offer.protocol, offer.state
        );
    }

    if writes {
        let amount = Amount::parse("0.01")?;
        // OKX answers a purchase with no order id; it is found in the history by its time.
        let requested_at = client.now();
        client.send(&Purchase::new(StakingCoin::Eth, amount)).await?;
        println!("purchased {amount} ETH at venue time {requested_at}");
        let history = GetPurchaseRedeemHistory::new(StakingCoin::Eth).r#type(HistoryType::Purchase).limit(5);
        let rows = client.send(&history).await?;
        for row in rows {
            println!("  history: {:?} {:?} {:?} at {:?}", row.r#type, row.amt, row.status, row.request_time);
        }
    } else {
        println!("live keys: read-only (set EARN_EXAMPLE_ALLOW_WRITES=1 to stake 0.01 ETH)");
    }

    // The same venue through the shared trait.
    let venue: std::sync::Arc<dyn EarnVenue> = std::sync::Arc::new(OkxStakingVenue::new(client));
    for p in venue.positions().await? {
        println!("position {} {}: {} (redeeming {:?})", p.product, p.asset, p.amount, p.pending_redemption);
    }
    Ok(())
}
