//! The OKX Web3 DeFi API: product discovery through the typed client (layer 1), and the
//! non-custodial `EarnVenue` adapter (layer 2) that returns unsigned transactions.
//!
//! ```sh
//! cargo run --example okx_web3_defi                     # against the embedded simulator
//! OKX_WEB3_API_KEY=… OKX_WEB3_API_SECRET=… OKX_WEB3_PASSPHRASE=… OKX_WEB3_WALLET=0x… \
//!     cargo run --example okx_web3_defi                 # live OKX Web3
//! ```
//!
//! Nothing here can move funds: the venue only builds transactions, and this example never
//! signs or broadcasts them.

use earn::okx_web3_defi::api::v6_product::SearchProducts;
use earn::okx_web3_defi::{ApiGeneration, OkxWeb3DefiClient, OkxWeb3DefiVenue, WalletAddress};
use earn::prelude::*;
use earn_sim::Simulator;

#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let builder = OkxWeb3DefiClient::builder();
    let live = Credentials::from_env("OKX_WEB3").zip(std::env::var("OKX_WEB3_WALLET").ok());
    let (client, wallet, sim) = match live {
        Some((creds, wallet)) => (builder.credentials(creds).build()?, wallet, None),
        None => {
            let sim = Simulator::start().await?;
            let client =
                builder.base_url(sim.base_url()).credentials(sim.web3_credentials().to_credentials()).build()?;
            (client, sim.web3_wallet().to_owned(), Some(sim))
        }
    };
    println!("OKX Web3 DeFi at {} ({})", client.base_url(), if sim.is_some() { "simulator" } else { "live" });

    let found = client.send(&SearchProducts::tokens(["USDC"])).await?;
    for item in found.list.unwrap_or_default() {
        println!(
            "v6 product {:?} {:?} on {:?}: rate {:?}",
            item.investment_id.map(|i| i.to_string()),
            item.name,
            item.platform_name,
            item.rate.map(|r| r.to_string())
        );
    }

    // The wallet is validated (EIP-55 checksum when mixed case) before any request.
    let wallet = WalletAddress::evm(&wallet)?;
    let venue: std::sync::Arc<dyn EarnVenue> =
        std::sync::Arc::new(OkxWeb3DefiVenue::new(client, wallet, ApiGeneration::V6));
    for p in venue.positions().await? {
        let usd = p.value_usd.map(|v| v.to_string()).unwrap_or_default();
        println!("position {} {}: {} (USD {usd})", p.product, p.asset, p.amount);
    }
    let Some(product) = venue.products(&ProductFilter::asset("USDC")).await?.into_iter().next() else {
        return Err("no USDC product".into());
    };
    match venue.stake(&StakeRequest::new(product.id.clone(), Amount::parse("10")?)).await? {
        WriteOutcome::NeedsSignature(plan) => {
            println!("to stake 10 USDC into {}, sign and broadcast in order:", plan.product);
            for tx in &plan.transactions {
                println!(
                    "  {:?} on chain {}: to {} value {} data {} bytes",
                    tx.purpose,
                    tx.chain,
                    tx.to,
                    tx.value,
                    tx.data.len()
                );
            }
        }
        WriteOutcome::Placed(_) => return Err("a non-custodial venue never places orders".into()),
    }
    Ok(())
}
