//! `earn-sim` standalone: serves the OKX exchange, Bybit and OKX Web3 simulators on one address.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::str::FromStr;
use std::time::Duration;

use earn_sim::{DemoCredentials, SimVenue, Simulator, SimulatorBuilder};
use rust_decimal::Decimal;

const USAGE: &str = "\
earn-sim: local simulator of the OKX staking, Bybit Earn and OKX Web3 DeFi APIs

USAGE:
    earn-sim [OPTIONS]

OPTIONS:
    --listen ADDR                  address to serve on (default 127.0.0.1:8080; port 0 = any free port)
    --settlement-delay-ms MS       venue time before orders settle (default 0 = at once)
    --okx-key KEY                  OKX exchange API key      (default sim-okx-key)
    --okx-secret SECRET            OKX exchange secret       (default sim-okx-secret)
    --okx-passphrase PASS          OKX exchange passphrase   (default sim-okx-pass)
    --bybit-key KEY                Bybit API key             (default sim-bybit-key)
    --bybit-secret SECRET          Bybit secret              (default sim-bybit-secret)
    --web3-key KEY                 OKX Web3 API key          (default sim-web3-key)
    --web3-secret SECRET           OKX Web3 secret           (default sim-web3-secret)
    --web3-passphrase PASS         OKX Web3 passphrase       (default sim-web3-pass)
    --balance VENUE:ASSET=AMOUNT   starting balance, repeatable; VENUE is okx, bybit or web3
                                   (e.g. --balance bybit:USDT=2500.5)
    --no-rate-limits               do not enforce the venues' rate limits
    -h, --help                     print this help

Runs until Ctrl-C.";

/// Parsed command line.
struct Options {
    listen: SocketAddr,
    builder: SimulatorBuilder,
}

fn parse_balance(spec: &str) -> Result<(SimVenue, String, Decimal), String> {
    let bad = || format!("--balance expects VENUE:ASSET=AMOUNT, got {spec:?}");
    let (venue, rest) = spec.split_once(':').ok_or_else(bad)?;
    let (asset, amount) = rest.split_once('=').ok_or_else(bad)?;
    let venue = match venue {
        "okx" => SimVenue::OkxExchange,
        "bybit" => SimVenue::Bybit,
        "web3" => SimVenue::OkxWeb3,
        other => return Err(format!("unknown venue {other:?} in --balance (okx, bybit or web3)")),
    };
    let amount = Decimal::from_str(amount)
        .ok()
        .filter(|a| !a.is_sign_negative() && !amount.contains(['e', 'E']))
        .ok_or_else(|| format!("--balance amount {amount:?} is not a non-negative decimal"))?;
    if asset.is_empty() {
        return Err(bad());
    }
    Ok((venue, asset.to_owned(), amount))
}

/// Parses the arguments; `Ok(None)` means `--help` was printed.
fn parse(args: impl IntoIterator<Item = String>) -> Result<Option<Options>, String> {
    let mut listen = SocketAddr::from(([127, 0, 0, 1], 8080));
    let mut builder = Simulator::builder();
    let (mut okx, mut bybit, mut web3) = (
        earn_sim::default_okx_credentials(),
        earn_sim::default_bybit_credentials(),
        earn_sim::default_web3_credentials(),
    );
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            println!("{USAGE}");
            return Ok(None);
        }
        if flag == "--no-rate-limits" {
            builder = builder.enforce_rate_limits(false);
            continue;
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value (see --help)"))?;
        match flag.as_str() {
            "--listen" => {
                listen = value.parse().map_err(|_| format!("--listen: {value:?} is not an IP:PORT address"))?
            }
            "--settlement-delay-ms" => {
                let ms: u64 = value.parse().map_err(|_| format!("--settlement-delay-ms: {value:?} is not a number"))?;
                builder = builder.settlement_delay(Duration::from_millis(ms));
            }
            "--okx-key" => okx.api_key = value,
            "--okx-secret" => okx.secret = value,
            "--okx-passphrase" => okx.passphrase = Some(value),
            "--bybit-key" => bybit.api_key = value,
            "--bybit-secret" => bybit.secret = value,
            "--web3-key" => web3.api_key = value,
            "--web3-secret" => web3.secret = value,
            "--web3-passphrase" => web3.passphrase = Some(value),
            "--balance" => {
                let (venue, asset, amount) = parse_balance(&value)?;
                builder = builder.balance(venue, &asset, amount);
            }
            other => return Err(format!("unknown option {other:?} (see --help)")),
        }
    }
    let builder = builder.okx_credentials(okx).bybit_credentials(bybit).web3_credentials(web3);
    Ok(Some(Options { listen, builder }))
}

fn describe(label: &str, c: &DemoCredentials) {
    let passphrase = c.passphrase.as_deref().map(|p| format!("  passphrase: {p}")).unwrap_or_default();
    println!("  {label:<13} key: {}  secret: {}{passphrase}", c.api_key, c.secret);
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => return ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("earn-sim: {message}");
            return ExitCode::from(2);
        }
    };
    let sim = match options.builder.listen(options.listen).start().await {
        Ok(sim) => sim,
        Err(error) => {
            eprintln!("earn-sim: cannot listen on {}: {error}", options.listen);
            return ExitCode::FAILURE;
        }
    };
    println!("earn-sim listening; base URL (all three venues): {}", sim.base_url());
    println!("demo credentials:");
    describe("OKX exchange", sim.okx_credentials());
    describe("Bybit", sim.bybit_credentials());
    describe("OKX Web3", sim.web3_credentials());
    println!("  web3 wallet:  {}", sim.web3_wallet());
    println!("Ctrl-C to stop.");
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("earn-sim: cannot wait for Ctrl-C: {error}");
        return ExitCode::FAILURE;
    }
    drop(sim);
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn parses_flags_and_rejects_bad_ones() {
        let parsed = parse(args(&["--listen", "127.0.0.1:0", "--balance", "bybit:USDT=2500.5"])).unwrap().unwrap();
        assert_eq!(parsed.listen.port(), 0);
        assert_eq!(
            parse_balance("okx:ETH=1.25").unwrap(),
            (SimVenue::OkxExchange, "ETH".to_owned(), Decimal::new(125, 2))
        );
        assert!(parse_balance("kraken:ETH=1").is_err());
        assert!(parse_balance("okx:ETH=-1").is_err());
        assert!(parse_balance("okx:ETH=1e3").is_err());
        assert!(parse(args(&["--listen"])).is_err());
        assert!(parse(args(&["--frobnicate", "1"])).is_err());
        assert!(parse(args(&["--settlement-delay-ms", "soon"])).is_err());
    }
}
