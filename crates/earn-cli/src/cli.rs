//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Keep idle money earning across venues, and pull it back when needed.
#[derive(Debug, Parser)]
#[command(name = "earn", version, about, propagate_version = true)]
pub struct Cli {
    /// The configuration file (venues, credential variables, journal, policy).
    #[arg(long, short, global = true, env = "EARN_CONFIG", default_value = "earn.toml")]
    pub config: PathBuf,
    /// Run against an embedded simulator with demo balances (no keys, no network).
    #[arg(long, global = true)]
    pub sim: bool,
    /// Print JSON instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
    /// The journal file (SQLite), overriding the configuration.
    #[arg(long, global = true)]
    pub journal: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The configured venues and what each can do.
    Venues,
    /// Products on offer, with honest terms (APR and APY apart, lock-up, redemption delay).
    Products(ProductsArgs),
    /// Idle balances per venue and account.
    Balances,
    /// Positions per venue and product, and redemptions in flight.
    Positions,
    /// The plan the policy asks for, step by step, with reasons.
    Plan,
    /// Run the plan: confirmation first, then one step at a time until settled.
    Apply(ConfirmArgs),
    /// Stake into one product.
    Stake(WriteArgs),
    /// Redeem from one product.
    Redeem(RedeemArgs),
    /// Move idle money between two of a venue's accounts.
    Transfer(TransferArgs),
    /// Follow one order until it settles.
    Watch(WatchArgs),
    /// Settle every write the journal still has open, by reading only.
    Reconcile,
    /// Serve the standalone simulator.
    Sim(SimArgs),
}

/// `earn products`.
#[derive(Debug, Args)]
pub struct ProductsArgs {
    /// Only this asset.
    #[arg(long)]
    pub asset: Option<String>,
    /// Only this kind.
    #[arg(long, value_enum)]
    pub kind: Option<KindFilter>,
    /// Order of the rows.
    #[arg(long, value_enum, default_value_t = SortBy::Venue)]
    pub sort: SortBy,
}

/// Product kinds on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindFilter {
    /// Flexible savings.
    Flexible,
    /// Locked for a term.
    Locked,
    /// Custodial on-chain staking.
    Onchain,
    /// Non-custodial DeFi.
    Defi,
}

/// Row order of `earn products`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortBy {
    /// By venue, then product.
    Venue,
    /// Highest APR first (products without one last).
    Apr,
    /// By asset.
    Asset,
}

/// Confirmation flags of every command that moves money.
#[derive(Debug, Args)]
pub struct ConfirmArgs {
    /// Do not ask: proceed.
    #[arg(long, short)]
    pub yes: bool,
    /// Show what would be done and stop.
    #[arg(long)]
    pub dry_run: bool,
}

/// `earn stake VENUE PRODUCT AMOUNT`.
#[derive(Debug, Args)]
pub struct WriteArgs {
    /// Venue name from the configuration (with --sim: okx, bybit, binance, web3).
    pub venue: String,
    /// Product id as `earn products` shows it.
    pub product: String,
    /// Exact amount (plain decimal text).
    pub amount: String,
    #[command(flatten)]
    pub confirm: ConfirmArgs,
}

/// `earn redeem VENUE PRODUCT AMOUNT`.
#[derive(Debug, Args)]
pub struct RedeemArgs {
    #[command(flatten)]
    pub write: WriteArgs,
    /// The account to pay into, where the venue lets you choose.
    #[arg(long)]
    pub to: Option<String>,
    /// The venue's position id, where the venue needs one.
    #[arg(long)]
    pub position: Option<String>,
}

/// `earn transfer VENUE ASSET AMOUNT FROM TO`.
#[derive(Debug, Args)]
pub struct TransferArgs {
    /// Venue name.
    pub venue: String,
    /// Asset.
    pub asset: String,
    /// Exact amount.
    pub amount: String,
    /// Account debited.
    pub from: String,
    /// Account credited.
    pub to: String,
    #[command(flatten)]
    pub confirm: ConfirmArgs,
}

/// `earn watch VENUE ORDER`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Venue name.
    pub venue: String,
    /// The venue's order id.
    pub order: String,
    /// Give up after this many seconds.
    #[arg(long, default_value_t = 600)]
    pub timeout: u64,
}

/// `earn sim`.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// Address to listen on (loopback by default).
    #[arg(long, default_value = "127.0.0.1:8790")]
    pub listen: std::net::SocketAddr,
    /// Seconds until a write settles in venue time.
    #[arg(long, default_value_t = 2)]
    pub settlement_secs: u64,
}
