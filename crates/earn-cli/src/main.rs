//! `earn`: see what is idle and what is earning at every venue, plan by policy, and move
//! money safely (every write journaled, unknown outcomes reconciled, never repeated).
//!
//! `earn --sim <command>` runs any command against an embedded simulator with demo
//! balances, so everything can be tried without keys.

mod cli;
mod commands;
mod config;
mod output;
mod venues;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            let mut source = std::error::Error::source(&*e);
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            ExitCode::FAILURE
        }
    }
}
