//! Builds the venues a command works on: from the configuration (credentials from the
//! environment), or from an embedded simulator (`--sim`). Every venue is wrapped in the
//! journal decorator, so no write leaves the process unrecorded.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use earn_core::http::TransportOptions;
use earn_core::{Credentials, EarnVenue};
use earn_journal::{AccountKey, Journal, Journaled, PostgresJournal, SqliteJournal};
use earn_sim::Simulator;

use crate::config::{Config, VenueConfig, VenueKind};

/// Anything that can go wrong while setting up.
pub type SetupError = Box<dyn std::error::Error + Send + Sync>;

/// One configured venue.
pub struct NamedVenue {
    /// The name used on the command line.
    pub name: String,
    /// The venue, journaled.
    pub venue: Arc<Journaled>,
}

impl NamedVenue {
    /// The venue as the trait object every engine takes.
    pub fn as_dyn(&self) -> Arc<dyn EarnVenue> {
        self.venue.clone()
    }
}

/// Everything a command needs: the venues, the journal, and the embedded simulator when
/// running with `--sim` (kept alive for the command's duration).
pub struct Setup {
    /// Venues in configuration order.
    pub venues: Vec<NamedVenue>,
    /// The policy text (TOML) and where it came from, if any.
    pub policy: Option<(String, String)>,
    /// The embedded simulator, with `--sim`.
    pub _sim: Option<Simulator>,
    _scratch: Option<tempfile::TempDir>,
}

impl Setup {
    /// The venue named `name`.
    pub fn venue(&self, name: &str) -> Result<&NamedVenue, SetupError> {
        self.venues.iter().find(|v| v.name == name).ok_or_else(|| {
            let known: Vec<&str> = self.venues.iter().map(|v| v.name.as_str()).collect();
            format!("no venue named {name:?}; configured: {}", known.join(", ")).into()
        })
    }

    /// Every venue as a trait object.
    pub fn all(&self) -> Vec<Arc<dyn EarnVenue>> {
        self.venues.iter().map(NamedVenue::as_dyn).collect()
    }
}

/// The demo policy used with `--sim` when no configuration file gives one.
pub const SIM_POLICY: &str = r#"# Demo policy of `earn --sim`.
min_apr_gain_bp = 25
max_lock_up = "0s"

[min_order]
USDT = "1"
ETH = "0.01"

[reserves.USDT]
total = "1000"

[reserves.ETH]
total = "0.5"
"#;

/// Builds from the configuration file, or from an embedded simulator with `--sim`.
pub async fn setup(config_path: &Path, sim: bool, journal: Option<&Path>) -> Result<Setup, SetupError> {
    if sim {
        return setup_sim(config_path, journal).await;
    }
    let config = Config::load(config_path)?;
    let base = config_path.parent().unwrap_or(Path::new("."));
    let journal = open_journal(&config, base, journal).await?;
    let mut venues = Vec::new();
    for v in &config.venues {
        let credentials = credentials(v)?;
        let inner = build(v, credentials, v.base_url.as_deref())?;
        let account = config.journal.account.clone().unwrap_or_else(|| v.name.clone());
        venues.push(named(&v.name, inner, journal.clone(), &account));
    }
    let policy = policy_text(&config, base)?;
    Ok(Setup { venues, policy, _sim: None, _scratch: None })
}

async fn setup_sim(config_path: &Path, journal: Option<&Path>) -> Result<Setup, SetupError> {
    let sim = Simulator::builder().settlement_delay(Duration::from_secs(1)).start().await?;
    let scratch = tempfile::tempdir()?;
    let path: PathBuf = journal.map(Path::to_path_buf).unwrap_or_else(|| scratch.path().join("journal.sqlite"));
    let journal: Arc<dyn Journal> = Arc::new(SqliteJournal::open(&path).await?);
    let url = sim.base_url();
    let mut venues = Vec::new();
    let okx = VenueConfig::sim("okx", VenueKind::OkxStaking, &url, None);
    venues.push(named(
        "okx",
        build(&okx, Some(sim.okx_credentials().to_credentials()), Some(&url))?,
        journal.clone(),
        "okx",
    ));
    let bybit = VenueConfig::sim("bybit", VenueKind::BybitEarn, &url, None);
    venues.push(named(
        "bybit",
        build(&bybit, Some(sim.bybit_credentials().to_credentials()), Some(&url))?,
        journal.clone(),
        "bybit",
    ));
    let binance = VenueConfig::sim("binance", VenueKind::BinanceEarn, &url, None);
    venues.push(named(
        "binance",
        build(&binance, Some(sim.binance_credentials().to_credentials()), Some(&url))?,
        journal.clone(),
        "binance",
    ));
    let web3 = VenueConfig::sim("web3", VenueKind::OkxWeb3Defi, &url, Some(sim.web3_wallet().to_owned()));
    venues.push(named(
        "web3",
        build(&web3, Some(sim.web3_credentials().to_credentials()), Some(&url))?,
        journal.clone(),
        "web3",
    ));
    let policy = match Config::load(config_path) {
        Ok(config) => policy_text(&config, config_path.parent().unwrap_or(Path::new(".")))?,
        Err(_) => None,
    }
    .or_else(|| Some(("the built-in demo policy".to_owned(), SIM_POLICY.to_owned())));
    Ok(Setup { venues, policy, _sim: Some(sim), _scratch: Some(scratch) })
}

fn named(name: &str, inner: Arc<dyn EarnVenue>, journal: Arc<dyn Journal>, account: &str) -> NamedVenue {
    NamedVenue { name: name.to_owned(), venue: Arc::new(Journaled::new(inner, journal, AccountKey::label(account))) }
}

async fn open_journal(config: &Config, base: &Path, over: Option<&Path>) -> Result<Arc<dyn Journal>, SetupError> {
    if let Some(path) = over {
        return Ok(Arc::new(SqliteJournal::open(path).await?));
    }
    if let Some(var) = &config.journal.postgres_url_env {
        let url = std::env::var(var).map_err(|_| format!("journal.postgres_url_env: {var} is not set"))?;
        return Ok(Arc::new(PostgresJournal::connect(&url).await?));
    }
    let path = config.journal.sqlite.clone().unwrap_or_else(|| PathBuf::from("earn-journal.sqlite"));
    let path = if path.is_absolute() { path } else { base.join(path) };
    Ok(Arc::new(SqliteJournal::open(path).await?))
}

fn policy_text(config: &Config, base: &Path) -> Result<Option<(String, String)>, SetupError> {
    if let Some(table) = &config.policy {
        return Ok(Some(("[policy] of the configuration".to_owned(), toml::to_string(table)?)));
    }
    if let Some(file) = &config.policy_file {
        let path = if file.is_absolute() { file.clone() } else { base.join(file) };
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        return Ok(Some((path.display().to_string(), text)));
    }
    Ok(None)
}

fn credentials(v: &VenueConfig) -> Result<Option<Credentials>, SetupError> {
    match &v.credentials_env {
        None => Ok(None),
        Some(prefix) => Credentials::from_env(prefix)
            .map(Some)
            .ok_or_else(|| format!("venue {:?}: {prefix}_API_KEY and {prefix}_API_SECRET must be set", v.name).into()),
    }
}

fn transport() -> TransportOptions {
    TransportOptions::default().timeout(Duration::from_secs(15))
}

/// The venue adapter for one configuration entry.
fn build(
    v: &VenueConfig,
    credentials: Option<Credentials>,
    base_url: Option<&str>,
) -> Result<Arc<dyn EarnVenue>, SetupError> {
    let env = v.environment.as_deref().unwrap_or("live");
    Ok(match v.kind {
        VenueKind::OkxStaking => {
            let environment =
                if env == "demo" { okx_staking::Environment::Demo } else { okx_staking::Environment::Live };
            let mut b = okx_staking::OkxStakingClient::builder(environment).transport(transport());
            if let Some(c) = credentials {
                b = b.credentials(c);
            }
            if let Some(url) = base_url {
                b = b.base_url(url);
            }
            Arc::new(okx_staking::OkxStakingVenue::new(b.build()?))
        }
        VenueKind::BybitEarn => {
            let environment = match env {
                "testnet" => bybit_earn::Environment::Testnet,
                "demo" => bybit_earn::Environment::Demo,
                _ => bybit_earn::Environment::Mainnet,
            };
            let mut b = bybit_earn::BybitEarnClient::builder(environment).transport(transport());
            if let Some(c) = credentials {
                b = b.credentials(c);
            }
            if let Some(url) = base_url {
                b = b.base_url(url);
            }
            Arc::new(bybit_earn::BybitEarnVenue::new(b.build()?))
        }
        VenueKind::BinanceEarn => {
            let mut b =
                binance_earn::BinanceEarnClient::builder(binance_earn::Environment::Production).transport(transport());
            if let Some(c) = credentials {
                b = b.credentials(c);
            }
            if let Some(url) = base_url {
                b = b.base_url(url);
            }
            Arc::new(binance_earn::BinanceEarnVenue::new(b.build()?))
        }
        VenueKind::OkxWeb3Defi => {
            let mut b = okx_web3_defi::OkxWeb3DefiClient::builder().transport(transport());
            if let Some(c) = credentials {
                b = b.credentials(c);
            }
            if let Some(url) = base_url {
                b = b.base_url(url);
            }
            let wallet = v.wallet.as_deref().ok_or_else(|| format!("venue {:?}: `wallet` is required", v.name))?;
            let wallet = okx_web3_defi::WalletAddress::evm(wallet)?;
            Arc::new(okx_web3_defi::OkxWeb3DefiVenue::new(b.build()?, wallet, okx_web3_defi::ApiGeneration::V6))
        }
    })
}
