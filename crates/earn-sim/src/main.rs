//! `earn-sim` standalone: serves the OKX exchange, Bybit, OKX Web3 and Binance simulators on one address,
//! with the admin API, until Ctrl-C (or SIGTERM).

use std::net::{SocketAddr, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use earn_sim::{AccountSeed, DemoCredentials, SimAccount, SimVenue, Simulator, SimulatorBuilder};

/// Local simulator of the OKX staking, Bybit Earn and OKX Web3 DeFi APIs (signatures, ledger,
/// faults), with an admin HTTP API under /__admin for bots in any language.
#[derive(Debug, Parser)]
#[command(
    name = "earn-sim",
    version,
    after_help = "Endpoints, signing rules and the admin API: crates/earn-sim/README.md"
)]
struct Cli {
    /// Address to serve on: IP:PORT or localhost:PORT (port 0 = any free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080", value_parser = parse_listen)]
    listen: SocketAddr,
    /// Ledger time before orders settle, in ms (0 = at once).
    #[arg(long, value_name = "MS", default_value_t = 0)]
    settlement_delay_ms: u64,
    /// Ledger time a transfer between a user's own accounts stays pending, in ms (0 = at once).
    #[arg(long, value_name = "MS", default_value_t = 0)]
    transfer_delay_ms: u64,
    /// Starting balance, repeatable: VENUE:ASSET=AMOUNT for the venue's default account
    /// (okx funding, bybit FUND, web3 wallet) or VENUE:ACCOUNT:ASSET=AMOUNT
    /// (okx:trading:BETH=1, bybit:UNIFIED:USDT=500).
    #[arg(long, value_name = "VENUE[:ACCOUNT]:ASSET=AMOUNT")]
    balance: Vec<AccountSeed>,
    /// Do not enforce the venues' rate limits.
    #[arg(long)]
    no_rate_limits: bool,
    /// Do not serve the admin API.
    #[arg(long)]
    no_admin: bool,
    /// Let clients that are not on loopback use the admin API.
    #[arg(long)]
    admin_from_anywhere: bool,
    #[command(flatten)]
    keys: Keys,
}

/// Replacements for the default credentials.
#[derive(Debug, clap::Args)]
struct Keys {
    /// OKX exchange live API key.
    #[arg(long, value_name = "KEY")]
    okx_key: Option<String>,
    /// OKX exchange live secret.
    #[arg(long, value_name = "SECRET")]
    okx_secret: Option<String>,
    /// OKX exchange live passphrase.
    #[arg(long, value_name = "PASS")]
    okx_passphrase: Option<String>,
    /// OKX exchange demo-trading API key.
    #[arg(long, value_name = "KEY")]
    okx_demo_key: Option<String>,
    /// OKX exchange demo-trading secret.
    #[arg(long, value_name = "SECRET")]
    okx_demo_secret: Option<String>,
    /// OKX exchange demo-trading passphrase.
    #[arg(long, value_name = "PASS")]
    okx_demo_passphrase: Option<String>,
    /// Bybit mainnet API key.
    #[arg(long, value_name = "KEY")]
    bybit_key: Option<String>,
    /// Bybit mainnet secret.
    #[arg(long, value_name = "SECRET")]
    bybit_secret: Option<String>,
    /// Bybit demo-trading API key.
    #[arg(long, value_name = "KEY")]
    bybit_demo_key: Option<String>,
    /// Bybit demo-trading secret.
    #[arg(long, value_name = "SECRET")]
    bybit_demo_secret: Option<String>,
    /// OKX Web3 API key.
    #[arg(long, value_name = "KEY")]
    web3_key: Option<String>,
    /// OKX Web3 secret.
    #[arg(long, value_name = "SECRET")]
    web3_secret: Option<String>,
    /// OKX Web3 passphrase.
    #[arg(long, value_name = "PASS")]
    web3_passphrase: Option<String>,
    /// Binance API key (HMAC).
    #[arg(long, value_name = "KEY")]
    binance_key: Option<String>,
    /// Binance secret.
    #[arg(long, value_name = "SECRET")]
    binance_secret: Option<String>,
}

/// `IP:PORT`, or a host name (`localhost`) and port resolved now, IPv4 first.
fn parse_listen(text: &str) -> Result<SocketAddr, String> {
    if let Ok(addr) = text.parse() {
        return Ok(addr);
    }
    let bad = || format!("{text:?} is not IP:PORT or localhost:PORT");
    let (host, port) = text.rsplit_once(':').ok_or_else(bad)?;
    let port: u16 = port.parse().map_err(|_| bad())?;
    let addrs: Vec<SocketAddr> = (host, port).to_socket_addrs().map_err(|e| format!("{text:?}: {e}"))?.collect();
    addrs.iter().find(|a| a.is_ipv4()).or(addrs.first()).copied().ok_or_else(bad)
}

fn replace(
    base: DemoCredentials,
    key: Option<String>,
    secret: Option<String>,
    pass: Option<String>,
) -> DemoCredentials {
    DemoCredentials {
        api_key: key.unwrap_or(base.api_key),
        secret: secret.unwrap_or(base.secret),
        passphrase: pass.or(base.passphrase),
    }
}

impl Cli {
    fn builder(self) -> SimulatorBuilder {
        let k = self.keys;
        let mut builder = Simulator::builder()
            .listen(self.listen)
            .settlement_delay(Duration::from_millis(self.settlement_delay_ms))
            .transfer_delay(Duration::from_millis(self.transfer_delay_ms))
            .enforce_rate_limits(!self.no_rate_limits)
            .admin_api(!self.no_admin)
            .admin_from_anywhere(self.admin_from_anywhere)
            .okx_credentials(replace(earn_sim::default_okx_credentials(), k.okx_key, k.okx_secret, k.okx_passphrase))
            .okx_demo_credentials(replace(
                earn_sim::default_okx_demo_credentials(),
                k.okx_demo_key,
                k.okx_demo_secret,
                k.okx_demo_passphrase,
            ))
            .bybit_credentials(replace(earn_sim::default_bybit_credentials(), k.bybit_key, k.bybit_secret, None))
            .bybit_demo_credentials(replace(
                earn_sim::default_bybit_demo_credentials(),
                k.bybit_demo_key,
                k.bybit_demo_secret,
                None,
            ))
            .binance_credentials(replace(
                earn_sim::default_binance_credentials(),
                k.binance_key,
                k.binance_secret,
                None,
            ))
            .web3_credentials(replace(
                earn_sim::default_web3_credentials(),
                k.web3_key,
                k.web3_secret,
                k.web3_passphrase,
            ));
        for seed in self.balance {
            builder = builder.account_balance(seed.account, &seed.asset, seed.amount);
        }
        builder
    }
}

fn credentials_line(label: &str, c: &DemoCredentials, note: &str) -> String {
    let passphrase = c.passphrase.as_deref().map(|p| format!("  passphrase {p}")).unwrap_or_default();
    format!("  {label:<20} key {}  secret {}{passphrase}{note}", c.api_key, c.secret)
}

/// What the binary prints once it listens: how to reach and use every venue.
fn banner(sim: &Simulator, delays: (u64, u64), rate_limits: bool) -> String {
    let (delay_ms, transfer_delay_ms) = delays;
    let mut out = vec![
        format!("earn-sim listening on {}", sim.base_url()),
        format!("  base URL (all four venues): {}", sim.base_url()),
        match sim.admin_url() {
            Some(url) => format!("  admin API: {url}  (GET it for the routes: faults, clock, balances, ledger)"),
            None => "  admin API: off (--no-admin)".to_owned(),
        },
        String::new(),
        "credentials (test values):".to_owned(),
        credentials_line("OKX exchange live", sim.okx_credentials(), ""),
        credentials_line(
            "OKX exchange demo",
            sim.okx_demo_credentials(),
            "  (x-simulated-trading: 1; writes answer 50038)",
        ),
        credentials_line("Bybit mainnet", sim.bybit_credentials(), ""),
        credentials_line(
            "Bybit demo trading",
            sim.bybit_demo_credentials(),
            "  (another host's key: answers 10003 here)",
        ),
        credentials_line("OKX Web3", sim.web3_credentials(), ""),
        credentials_line("Binance", sim.binance_credentials(), "  (HMAC; X-MBX-APIKEY)"),
        format!("  {:<20} {}", "OKX Web3 wallet", sim.web3_wallet()),
        String::new(),
        "accounts of the live users and their balances (set them: --balance okx:trading:BETH=1,".to_owned(),
        "  or POST /__admin/balances {\"balance\": \"bybit:UNIFIED:USDT=500\"}):".to_owned(),
    ];
    for account in SimAccount::all() {
        let held: Vec<String> = sim
            .account_balances(*account)
            .into_iter()
            .filter(|(_, amount)| !amount.is_zero())
            .map(|(asset, amount)| format!("{asset} {}", amount.normalize()))
            .collect();
        let held = if held.is_empty() { "(empty)".to_owned() } else { held.join(", ") };
        out.push(format!("  {:<14} {held}", account.to_string()));
    }
    out.extend([String::new(), "seeded products:".to_owned()]);
    for (venue, line) in earn_sim::seeded_products() {
        let venue = match venue {
            SimVenue::OkxExchange => "OKX",
            SimVenue::Bybit => "Bybit",
            SimVenue::OkxWeb3 => "OKX Web3",
            SimVenue::Binance => "Binance",
        };
        out.push(format!("  {venue:<9} {line}"));
    }
    out.extend([
        String::new(),
        format!(
            "settlement delay {delay_ms} ms; transfer delay {transfer_delay_ms} ms; rate limits {}",
            if rate_limits { "enforced" } else { "off" }
        ),
        "endpoint list, signing rules, admin API: crates/earn-sim/README.md".to_owned(),
        format!("  ({})", concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")),
        "Ctrl-C to stop.".to_owned(),
    ]);
    out.join("\n")
}

/// Waits for Ctrl-C or, on Unix, SIGTERM.
async fn stopped() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result,
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let (listen, rate_limits) = (cli.listen, !cli.no_rate_limits);
    let delays = (cli.settlement_delay_ms, cli.transfer_delay_ms);
    let sim = match cli.builder().start().await {
        Ok(sim) => sim,
        Err(error) if error.kind() == std::io::ErrorKind::InvalidInput => {
            eprintln!("earn-sim: {error}");
            return ExitCode::from(2);
        }
        Err(error) => {
            eprintln!("earn-sim: cannot listen on {listen}: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", banner(&sim, delays, rate_limits));
    if let Err(error) = stopped().await {
        eprintln!("earn-sim: cannot wait for a stop signal: {error}");
        return ExitCode::FAILURE;
    }
    drop(sim);
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use clap::error::ErrorKind;
    use rust_decimal::Decimal;

    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("earn-sim").chain(args.iter().copied()))
    }

    #[test]
    fn flags_parse_and_unknown_ones_are_reported_as_unknown() {
        let cli = parse(&["--listen", "127.0.0.1:0", "--balance", "bybit:USDT=2500.5", "--no-admin"]).unwrap();
        assert_eq!(cli.listen.port(), 0);
        assert_eq!(cli.balance[0].amount, Decimal::new(25005, 1));
        assert!(cli.no_admin);
        let unknown = parse(&["--frobnicate", "1"]).unwrap_err();
        assert_eq!(unknown.kind(), ErrorKind::UnknownArgument);
        assert!(unknown.to_string().contains("--frobnicate"), "{unknown}");
        assert_eq!(parse(&["--listen"]).unwrap_err().kind(), ErrorKind::InvalidValue);
        assert_eq!(parse(&["--settlement-delay-ms", "soon"]).unwrap_err().kind(), ErrorKind::ValueValidation);
    }

    #[test]
    fn balances_name_the_venue_and_use_the_venues_spelling() {
        let nope = parse(&["--balance", "web3:NOPE=1"]).unwrap_err().to_string();
        assert!(nope.contains("OKX Web3") && nope.contains("NOPE"), "{nope}");
        assert!(!nope.contains("listen"), "{nope}");
        let eth = parse(&["--balance", "okx:eth=7"]).unwrap();
        assert_eq!((eth.balance[0].account, eth.balance[0].asset.as_str()), (SimAccount::OKX_FUNDING, "ETH"));
        let beth = parse(&["--balance", "okx:trading:beth=1.5"]).unwrap();
        assert_eq!((beth.balance[0].account, beth.balance[0].asset.as_str()), (SimAccount::OKX_TRADING, "BETH"));
        let nowhere = parse(&["--balance", "bybit:SPOT:USDT=1"]).unwrap_err().to_string();
        assert!(nowhere.contains("SPOT") && nowhere.contains("FUND, UNIFIED"), "{nowhere}");
        let kraken = parse(&["--balance", "kraken:ETH=1"]).unwrap_err().to_string();
        assert!(kraken.contains("kraken") && kraken.contains("okx, bybit, web3 or binance"), "{kraken}");
        assert!(parse(&["--balance", "okx:ETH=-1"]).is_err());
    }

    #[test]
    fn localhost_is_an_address() {
        let cli = parse(&["--listen", "localhost:0"]).unwrap();
        assert!(cli.listen.ip().is_loopback());
        assert!(parse(&["--listen", "localhost"]).is_err());
        assert!(parse(&["--listen", "nowhere.invalid:80"]).is_err());
    }

    #[tokio::test]
    async fn the_banner_says_where_everything_is() {
        let args = ["--listen", "127.0.0.1:0", "--balance", "okx:eth=7", "--balance", "bybit:UNIFIED:USDC=3"];
        let cli = parse(&args).unwrap();
        let sim = cli.builder().start().await.unwrap();
        assert_eq!(sim.balance(SimVenue::OkxExchange, "ETH"), Decimal::from(7));
        assert_eq!(sim.account_balance(SimAccount::BYBIT_UNIFIED, "USDC"), Decimal::from(3));
        let text = banner(&sim, (0, 0), true);
        for needle in [
            sim.base_url().as_str(),
            "/__admin",
            "sim-okx-key",
            "sim-okx-demo-key",
            "sim-bybit-key",
            "sim-bybit-demo-key",
            "sim-web3-pass",
            "sim-binance-key",
            "Simple Earn locked USDT*30",
            "binance:SPOT   BTC 1, ETH 10, SOL 100, USDT 10000",
            "on-chain earn 101 DOT",
            "FundPool 7002",
            "BYUSDT token 1",
            "investmentId 9502",
            "Simple Earn Flexible USDT",
            "okx:funding    DOT 500, ETH 7, SOL 200",
            "okx:trading    BETH 1, USDT 2000",
            "bybit:FUND     BTC 1, ETH 10, USDT 10000",
            "bybit:UNIFIED  USDC 3, USDT 2000",
            "/__admin/balances",
            "transfer delay 0 ms",
            "README.md",
        ] {
            assert!(text.contains(needle), "banner lacks {needle:?}:\n{text}");
        }
        assert!(text.starts_with(&format!("earn-sim listening on {}", sim.base_url())));
    }
}
