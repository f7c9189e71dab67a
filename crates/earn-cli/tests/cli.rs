//! The `earn` binary as a user runs it: arguments, stdin, stdout, exit codes, against the
//! simulator (embedded with `--sim`, or one this test serves on loopback for config files).

use std::path::PathBuf;
use std::sync::OnceLock;

use assert_cmd::Command;
use earn_sim::Simulator;

/// One simulator for the whole binary, on a runtime that outlives every test.
fn sim() -> &'static Simulator {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    static SIM: OnceLock<Simulator> = OnceLock::new();
    SIM.get_or_init(|| {
        let rt = RT.get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap()
        });
        rt.block_on(Simulator::builder().start()).expect("simulator starts")
    })
}

fn earn() -> Command {
    let mut c = Command::cargo_bin("earn").expect("the earn binary is built");
    c.env_remove("EARN_CONFIG").timeout(std::time::Duration::from_secs(120));
    c
}

/// A configuration pointing at the shared simulator, credentials in the environment.
fn configured(dir: &tempfile::TempDir) -> (Command, PathBuf) {
    let s = sim();
    let path = dir.path().join("earn.toml");
    let text = format!(
        r#"
[journal]
sqlite = "journal.sqlite"

[[venue]]
name = "okx"
kind = "okx-staking"
credentials_env = "TEST_OKX"
base_url = "{url}"

[[venue]]
name = "bybit"
kind = "bybit-earn"
credentials_env = "TEST_BYBIT"
base_url = "{url}"

[policy]
min_apr_gain_bp = 25

[policy.reserves.USDT]
total = "1000"
"#,
        url = s.base_url()
    );
    std::fs::write(&path, text).unwrap();
    let okx = s.okx_credentials();
    let bybit = s.bybit_credentials();
    let mut c = earn();
    c.arg("--config")
        .arg(&path)
        .env("TEST_OKX_API_KEY", &okx.api_key)
        .env("TEST_OKX_API_SECRET", &okx.secret)
        .env("TEST_OKX_PASSPHRASE", okx.passphrase.as_deref().unwrap_or(""))
        .env("TEST_BYBIT_API_KEY", &bybit.api_key)
        .env("TEST_BYBIT_API_SECRET", &bybit.secret);
    (c, path)
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn help_lists_every_command() {
    let text = stdout(earn().arg("--help"));
    for cmd in [
        "venues",
        "products",
        "balances",
        "positions",
        "plan",
        "apply",
        "stake",
        "redeem",
        "transfer",
        "watch",
        "reconcile",
        "sim",
    ] {
        assert!(text.contains(cmd), "{cmd} missing from --help:\n{text}");
    }
}

#[test]
fn json_output_parses_back_for_every_read() {
    for cmd in
        [&["venues"][..], &["products"], &["products", "--sort", "apr"], &["balances"], &["positions"], &["plan"]]
    {
        let out = stdout(earn().arg("--sim").arg("--json").args(cmd));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{cmd:?}: {e}\n{out}"));
        assert!(!v.is_null(), "{cmd:?}");
    }
}

#[test]
fn products_sorted_by_apr_come_highest_first() {
    let out = stdout(earn().args(["--sim", "--json", "products", "--sort", "apr"]));
    let products: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert!(!products.is_empty());
    let aprs: Vec<rust_decimal::Decimal> =
        products.iter().filter_map(|p| p["apr"].as_str()).map(|s| s.parse().unwrap()).collect();
    assert!(aprs.windows(2).all(|w| w[0] >= w[1]), "{aprs:?}");
    for p in &products {
        assert!(p.get("apy").is_some(), "APR and APY are both shown: {p}");
    }
}

#[test]
fn tables_show_venues_and_products() {
    let out = stdout(earn().args(["--sim", "venues"]));
    for name in ["okx", "bybit", "binance", "web3"] {
        assert!(out.contains(name), "{out}");
    }
    let out = stdout(earn().args(["--sim", "products", "--kind", "locked"]));
    assert!(out.contains("locked") || out.lines().count() <= 4, "{out}");
}

/// Every OKX path that moves money (the other tests of this binary write at Bybit only).
const OKX_WRITES: &[&str] = &[
    "/api/v5/finance/savings/purchase-redempt",
    "/api/v5/finance/staking-defi/eth/purchase",
    "/api/v5/finance/staking-defi/eth/redeem",
    "/api/v5/finance/staking-defi/sol/purchase",
    "/api/v5/finance/staking-defi/purchase",
    "/api/v5/finance/staking-defi/redeem",
    "/api/v5/asset/transfer",
];

fn okx_writes() -> usize {
    OKX_WRITES.iter().map(|p| sim().requests(p)).sum()
}

#[test]
fn a_refused_confirmation_moves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let before = okx_writes();
    let (mut c, _) = configured(&dir);
    let out = c.args(["stake", "okx", "savings:USDT", "100"]).write_stdin("n\n").output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was sent"));
    let (mut c, _) = configured(&dir);
    let out = c.args(["apply"]).write_stdin("").output().unwrap();
    assert!(out.status.code() == Some(3) || out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (mut c, _) = configured(&dir);
    let out = c.args(["stake", "okx", "savings:USDT", "100", "--dry-run"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(okx_writes(), before, "a refusal or a dry run sends nothing");
}

#[test]
fn a_confirmed_stake_moves_money_and_reconcile_finds_nothing_open() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, _) = configured(&dir);
    let out = stdout(c.args(["--json", "stake", "bybit", "FlexibleSaving:428", "250", "--yes"]));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["steps"][0]["outcome"]["outcome"], "settled", "{report}");
    assert!(sim().applied_writes("/v5/earn/place-order") >= 1);
    let (mut c, _) = configured(&dir);
    let out = stdout(c.args(["--json", "reconcile"]));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert!(rows.iter().all(|r| r["still_unknown"] == 0 && r["failed"] == 0), "{out}");
}

#[test]
fn a_bad_config_names_the_file_the_field_and_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "[[venue]]\nname = \"okx\"\nkind = \"kraken\"\n").unwrap();
    let out = earn().arg("--config").arg(&path).arg("balances").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml") && err.contains("venue.kind") && err.contains("unknown variant"), "{err}");
}

#[test]
fn credentials_are_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["venues"][..], &["balances"], &["positions"], &["--json", "balances"]] {
        let (mut c, _) = configured(&dir);
        let out = c.args(args).output().unwrap();
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        for secret in [&sim().okx_credentials().secret, &sim().bybit_credentials().secret] {
            assert!(!all.contains(secret.as_str()), "{args:?} printed a secret");
        }
        assert!(!all.contains(sim().okx_credentials().passphrase.as_deref().unwrap()));
    }
}

#[test]
fn sim_serves_until_stopped() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("earn"))
        .args(["sim", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    assert!(line.contains("http://127.0.0.1:"), "{line}");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_plan_applied_on_the_simulator_settles_and_leaves_nothing_to_do() {
    let plan = stdout(earn().args(["--sim", "plan"]));
    assert!(plan.lines().any(|l| l.trim_start().starts_with("1.")), "a plan with steps:\n{plan}");
    let applied = stdout(earn().args(["--sim", "apply", "--yes"]));
    assert!(applied.contains("settled"), "{applied}");
    assert!(applied.contains("Done: planning again finds nothing to do."), "{applied}");
}
