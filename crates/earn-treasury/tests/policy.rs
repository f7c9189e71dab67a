//! Policies from TOML: errors name the file, the field and the rule.

use std::time::Duration;

use earn_core::{Asset, VenueId};
use earn_treasury::{KindName, Policy};

#[test]
fn a_full_policy_reads_and_round_trips() {
    let text = r#"
reserve_horizon = "1h"
allowed_venues = ["bybit-earn", "okx-staking"]
allowed_products = [{ venue = "bybit-earn", product = "FlexibleSaving:1" }]
allowed_kinds = ["flexible", "locked"]
max_lock_up = "30d"
max_redemption_delay = "1d12h"
min_apr_gain_bp = 25
max_venue_share = "60%"
max_product_share = 40

[reserves.USDT]
total = "5000"
venues = { "bybit-earn" = "1000.50" }

[min_order]
usdt = "10"
"#;
    let p = Policy::from_toml_str(text).unwrap();
    assert_eq!(p.max_lock_up, Duration::from_secs(30 * 86_400));
    assert_eq!(p.max_redemption_delay, Some(Duration::from_secs(36 * 3600)));
    assert_eq!(p.allowed_kinds, vec![KindName::Flexible, KindName::Locked]);
    assert_eq!(p.reserve_total(&Asset::new("usdt")).to_string(), "5000");
    assert_eq!(p.reserve_at(&Asset::new("USDT"), &VenueId::new("bybit-earn")).to_string(), "1000.50");
    assert_eq!(p.min_order_of(&Asset::new("USDT")).to_string(), "10");
    assert_eq!(p.max_product_share.to_string(), "40%");
    let back = Policy::from_toml_str(&p.to_toml_string()).unwrap();
    assert_eq!(back, p);
    assert_eq!(Policy::from_toml_str("").unwrap(), Policy::default());
}

fn err(text: &str) -> String {
    Policy::from_toml_str(text).unwrap_err().to_string()
}

#[test]
fn errors_name_the_field_and_the_rule() {
    let e = Policy::from_toml_str("max_venue_share = \"120%\"").unwrap_err();
    assert_eq!(e.field, "max_venue_share");
    assert!(e.rule.contains("between 0% and 100%"), "{e}");
    assert_eq!(e.line, Some(1));

    let e = err("[reserves.USDT]\ntotal = \"-5\"\n");
    assert!(e.contains("`reserves.USDT.total`") && e.contains("negative"), "{e}");
    let e = err("[reserves.USDT]\ntotal = 0.5\n");
    assert!(e.contains("`reserves.USDT.total`") && e.contains("string"), "{e}");
    let e = err("max_product_share = 12.5");
    assert!(e.contains("`max_product_share`") && e.contains("not exact"), "{e}");
    let e = err("max_lockup = \"30d\"");
    assert!(e.contains("unknown field") && e.contains("max_lockup"), "{e}");
    let e = err("max_lock_up = \"30 days\"");
    assert!(e.contains("`max_lock_up`") && e.contains("unit"), "{e}");
    let e = err("min_apr_gain_bp = -3");
    assert!(e.contains("`min_apr_gain_bp`"), "{e}");
    let e = err("allowed_kinds = [\"staking\"]");
    assert!(e.contains("allowed_kinds"), "{e}");
    let e = err("[reserves.usdt]\ntotal = \"1\"\n[reserves.USDT]\ntotal = \"2\"\n");
    assert!(e.contains("twice"), "{e}");
    let e = err("allowed_venues = [\"a\"]\n[reserves.USDT.venues]\nb = \"1\"\n");
    assert!(e.contains("`reserves.USDT.venues.b`") && e.contains("allowed_venues"), "{e}");
    let e = err("allowed_venues = [\"a\"]\nallowed_products = [{ venue = \"b\", product = \"p\" }]");
    assert!(e.contains("`allowed_products[0].venue`"), "{e}");
    let e = err("x = ");
    assert!(e.contains("not valid TOML"), "{e}");
}

#[test]
fn errors_name_the_file() {
    let dir = std::env::temp_dir().join(format!("earn-treasury-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("treasury.toml");
    std::fs::write(&path, "min_apr_gain_bp = 10\nmax_venue_share = \"101\"\n").unwrap();
    let e = Policy::load(&path).unwrap_err();
    assert_eq!(e.file.as_deref(), Some(path.as_path()));
    let text = e.to_string();
    assert!(text.starts_with(&format!("{}:2: `max_venue_share`", path.display())), "{text}");
    let missing = Policy::load(dir.join("nope.toml")).unwrap_err().to_string();
    assert!(missing.contains("nope.toml") && missing.contains("cannot be read"), "{missing}");
    std::fs::remove_dir_all(&dir).unwrap();
}
