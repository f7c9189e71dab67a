//! The `earn` configuration file (TOML): venues, where their credentials come from, the
//! journal and the policy. Credentials themselves never appear in the file: it names the
//! environment variables that hold them.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where writes are journaled (default: `earn-journal.sqlite` beside the config file).
    #[serde(default)]
    pub journal: JournalConfig,
    /// The venues to use, in order.
    #[serde(default, rename = "venue")]
    pub venues: Vec<VenueConfig>,
    /// The treasury policy, inline (`[policy]`) …
    #[serde(default)]
    pub policy: Option<toml::Table>,
    /// … or in its own file (relative to the config file).
    #[serde(default)]
    pub policy_file: Option<PathBuf>,
}

/// The journal backend.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalConfig {
    /// A SQLite file (the default backend).
    pub sqlite: Option<PathBuf>,
    /// A PostgreSQL URL, read from this environment variable (shared by replicas).
    pub postgres_url_env: Option<String>,
    /// A name for this account in the journal (never the API key); default: the venue name.
    pub account: Option<String>,
}

/// Which venue crate serves a venue entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VenueKind {
    /// OKX exchange: ETH/SOL staking, on-chain earn, Simple Earn, funding/trading.
    OkxStaking,
    /// Bybit V5 Earn and FUND/UNIFIED accounts.
    BybitEarn,
    /// Binance Simple Earn, ETH/SOL staking, spot/funding.
    BinanceEarn,
    /// OKX Web3 DeFi (non-custodial).
    OkxWeb3Defi,
}

/// One venue.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VenueConfig {
    /// The name used on the command line (`earn stake NAME …`).
    pub name: String,
    /// Which venue this is.
    pub kind: VenueKind,
    /// `live` (default) or `demo` / `testnet` where the venue has one.
    #[serde(default)]
    pub environment: Option<String>,
    /// Prefix of the credential variables: `{PREFIX}_API_KEY`, `{PREFIX}_API_SECRET`,
    /// `{PREFIX}_PASSPHRASE` (OKX).
    pub credentials_env: Option<String>,
    /// Overrides the venue's host (a simulator, a regional host).
    pub base_url: Option<String>,
    /// OKX Web3: the wallet address whose positions are read and for which transactions
    /// are built.
    pub wallet: Option<String>,
}

impl VenueConfig {
    /// A venue of the embedded simulator.
    pub fn sim(name: &str, kind: VenueKind, base_url: &str, wallet: Option<String>) -> Self {
        VenueConfig {
            name: name.to_owned(),
            kind,
            environment: None,
            credentials_env: None,
            base_url: Some(base_url.to_owned()),
            wallet,
        }
    }
}

/// A configuration error: the file, the field and the rule.
#[derive(Debug, thiserror::Error)]
#[error("{file}: `{field}`: {rule}")]
pub struct ConfigError {
    /// The file.
    pub file: String,
    /// The field (a TOML path).
    pub field: String,
    /// What is wrong.
    pub rule: String,
}

impl Config {
    /// Reads and checks `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: file.clone(),
            field: "(file)".into(),
            rule: format!("cannot read: {e}"),
        })?;
        Config::parse(&file, &text)
    }

    /// Parses and checks `text`, naming `file` in errors.
    pub fn parse(file: &str, text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError {
            file: file.to_owned(),
            field: field_of(&e, text),
            rule: e.message().to_owned(),
        })?;
        config.check(file)?;
        Ok(config)
    }

    fn check(&self, file: &str) -> Result<(), ConfigError> {
        let err = |field: String, rule: &str| ConfigError { file: file.to_owned(), field, rule: rule.to_owned() };
        let mut names = std::collections::HashSet::new();
        for (i, v) in self.venues.iter().enumerate() {
            if v.name.is_empty() || !v.name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                return Err(err(format!("venue[{i}].name"), "must be letters, digits, '-' or '_'"));
            }
            if !names.insert(v.name.as_str()) {
                return Err(err(format!("venue[{i}].name"), "must be unique"));
            }
            if let Some(env) = &v.environment
                && !["live", "demo", "testnet"].contains(&env.as_str())
            {
                return Err(err(format!("venue[{i}].environment"), "must be one of live, demo, testnet"));
            }
            if let Some(prefix) = &v.credentials_env
                && (prefix.is_empty()
                    || !prefix.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'))
            {
                return Err(err(format!("venue[{i}].credentials_env"), "must be an upper-case variable prefix"));
            }
            if v.kind == VenueKind::OkxWeb3Defi && v.wallet.is_none() {
                return Err(err(format!("venue[{i}].wallet"), "is required for okx-web3-defi"));
            }
        }
        if self.policy.is_some() && self.policy_file.is_some() {
            return Err(err("policy_file".into(), "give the policy inline or as a file, not both"));
        }
        if self.journal.sqlite.is_some() && self.journal.postgres_url_env.is_some() {
            return Err(err("journal".into(), "choose sqlite or postgres_url_env, not both"));
        }
        Ok(())
    }
}

/// The dotted path of the key a TOML error points at, from its byte span.
fn field_of(e: &toml::de::Error, text: &str) -> String {
    let Some(span) = e.span() else { return "(file)".into() };
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..text[line_start..].find('\n').map_or(text.len(), |i| line_start + i)];
    let key = line.split('=').next().unwrap_or("").trim().trim_matches(['[', ']']);
    let table = text[..line_start]
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix('[').map(|t| t.trim_matches(['[', ']']).to_owned()));
    match table {
        Some(t) if !key.is_empty() && key != t => format!("{t}.{key}"),
        Some(t) => t,
        None if key.is_empty() => "(file)".into(),
        None => key.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_file() {
        let c = Config::parse(
            "earn.toml",
            r#"
[journal]
sqlite = "j.sqlite"

[[venue]]
name = "okx"
kind = "okx-staking"
credentials_env = "OKX"

[policy]
min_apr_gain_bp = 25
"#,
        )
        .unwrap();
        assert_eq!(c.venues[0].kind, VenueKind::OkxStaking);
        assert!(c.policy.is_some());
    }

    #[test]
    fn errors_name_the_file_the_field_and_the_rule() {
        let e = Config::parse("earn.toml", "[[venue]]\nname = \"okx\"\nkind = \"kraken\"\n").unwrap_err();
        assert_eq!(e.file, "earn.toml");
        assert_eq!(e.field, "venue.kind");
        assert!(e.rule.contains("unknown variant"), "{e}");
        let e = Config::parse("earn.toml", "[[venue]]\nname = \"a b\"\nkind = \"bybit-earn\"\n").unwrap_err();
        assert_eq!(e.field, "venue[0].name");
        let e = Config::parse("earn.toml", "[[venue]]\nname = \"w\"\nkind = \"okx-web3-defi\"\n").unwrap_err();
        assert_eq!(e.field, "venue[0].wallet");
        let e = Config::parse("x.toml", "[journal]\nsqlite = \"a\"\npostgres_url_env = \"PG\"\n").unwrap_err();
        assert_eq!(e.to_string(), "x.toml: `journal`: choose sqlite or postgres_url_env, not both");
        let e = Config::parse("x.toml", "colour = 1\n").unwrap_err();
        assert_eq!(e.field, "colour");
    }
}
