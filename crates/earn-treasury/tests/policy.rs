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

fn product(venue: &str, id: &str, kind: earn_core::ProductKind) -> earn_core::Product {
    earn_core::Product::new(VenueId::new(venue), earn_core::ProductId::new(id), Asset::new("USDT"), kind)
}

/// Each rule of `refusal`, one product failing it alone, at and just past its limit.
#[test]
fn a_product_is_refused_by_each_rule_alone_and_only_past_its_limit() {
    use earn_core::{ProductKind, RedemptionDelay};
    let day = Duration::from_secs(86_400);
    let mut policy = Policy::default();
    let flexible = product("v", "f", ProductKind::Flexible);
    assert_eq!(policy.refusal(&flexible), None, "the default policy takes a flexible product");

    // Venues.
    policy.allowed_venues = Some(vec![VenueId::new("v")]);
    assert_eq!(policy.refusal(&flexible), None);
    let elsewhere = product("w", "f", ProductKind::Flexible);
    assert!(policy.refusal(&elsewhere).unwrap().contains("allowed_venues"));

    // Products: the venue and the id must both match.
    policy.allowed_products = Some(vec![earn_treasury::ProductRef { venue: VenueId::new("v"), product: "f".into() }]);
    assert_eq!(policy.refusal(&flexible), None);
    assert!(policy.refusal(&product("v", "g", ProductKind::Flexible)).unwrap().contains("allowed_products"));
    policy.allowed_venues = None;
    assert!(policy.refusal(&elsewhere).unwrap().contains("allowed_products"), "same id, other venue");
    policy.allowed_products = None;

    // Kinds: DeFi is not allowed by default.
    assert!(policy.refusal(&product("v", "d", ProductKind::DeFi)).unwrap().contains("allowed_kinds"));
    policy.allowed_kinds.push(KindName::DeFi);
    assert_eq!(policy.refusal(&product("v", "d", ProductKind::DeFi)), None);

    // Lock-up: a term equal to the limit is allowed, a longer one is not.
    let locked = |days| product("v", "l", ProductKind::Locked { term: days * day });
    assert!(policy.refusal(&locked(1)).unwrap().contains("max_lock_up"), "no lock-up by default");
    policy.max_lock_up = 30 * day;
    assert_eq!(policy.refusal(&locked(30)), None);
    assert!(policy.refusal(&locked(31)).unwrap().contains("longer than max_lock_up 30d"));

    // Redemption delay: unknown is refused once a limit is set; equal passes.
    let delayed = |d: Option<Duration>| {
        let mut p = product("v", "o", ProductKind::OnChain);
        p.redemption_delay = d.map(RedemptionDelay::fixed);
        p
    };
    assert_eq!(policy.refusal(&delayed(None)), None, "no limit, nothing to check");
    policy.max_redemption_delay = Some(2 * day);
    assert!(policy.refusal(&delayed(None)).unwrap().contains("publishes no redemption delay"));
    assert_eq!(policy.refusal(&delayed(Some(2 * day))), None);
    let late = policy.refusal(&delayed(Some(2 * day + Duration::from_secs(1)))).unwrap();
    assert!(late.contains("longer than max_redemption_delay 2d"), "{late}");
}

/// Shares are exact and bounded by 0 and 100 inclusive.
#[test]
fn percentages_are_exact_and_bounded() {
    use earn_treasury::{Decimal, Percent};
    assert_eq!(Percent::new(Decimal::ZERO).unwrap().percent(), Decimal::ZERO);
    assert_eq!(Percent::new(Decimal::ONE_HUNDRED).unwrap().percent(), Decimal::ONE_HUNDRED);
    assert_eq!(Percent::new(Decimal::NEGATIVE_ONE), None);
    assert_eq!(Percent::new(Decimal::new(10001, 2)), None, "100.01 %");
    let p = Percent::parse("12.5%").unwrap();
    assert_eq!(p.of(Decimal::from(200)), Decimal::from(25));
    assert_eq!(p.to_string(), "12.5%");
    assert_eq!(Percent::parse("40").unwrap().of(Decimal::new(5, 1)), Decimal::new(2, 1));
    assert!(Percent::parse("-1%").unwrap_err().contains("between 0% and 100%"));
    assert!(Percent::parse("abc").unwrap_err().contains("not a percentage"));
    // TOML integers, negative ones included, are checked too.
    assert!(err("max_venue_share = -5").contains("between 0% and 100%"));
    assert!(err("max_venue_share = 101").contains("between 0% and 100%"));
    assert_eq!(Policy::from_toml_str("max_venue_share = 100").unwrap().max_venue_share, Percent::hundred());
}

/// Names that would silently match nothing are refused.
#[test]
fn empty_names_are_refused() {
    let e = err("allowed_venues = [\"a\", \" \"]");
    assert!(e.contains("`allowed_venues[1]`") && e.contains("empty"), "{e}");
    let e = err("allowed_products = [{ venue = \"a\", product = \"\" }]");
    assert!(e.contains("`allowed_products[0].product`") && e.contains("empty"), "{e}");
    let e = err("[reserves.USDT.venues]\n\" \" = \"1\"\n");
    assert!(e.contains("`reserves.USDT.venues. `") && e.contains("empty"), "{e}");
    let e = err("[min_order]\n\" \" = \"1\"\n");
    assert!(e.contains("`min_order`") && e.contains("empty"), "{e}");
    let e = err("[min_order]\nusdt = \"1\"\nUSDT = \"2\"\n");
    assert!(e.contains("`min_order.") && e.contains("twice"), "{e}");
    // A reserve at an allowed venue, and an allowed product there, are fine.
    let ok = "allowed_venues = [\"a\"]\nallowed_products = [{ venue = \"a\", product = \"p\" }]\n[reserves.USDT.venues]\na = \"1\"\n";
    let p = Policy::from_toml_str(ok).unwrap();
    assert_eq!(p.reserve_at(&Asset::new("usdt"), &VenueId::new("a")).to_string(), "1");
    assert_eq!(p.reserve_at(&Asset::new("usdt"), &VenueId::new("b")).to_string(), "0");
    assert_eq!(p.reserve_total(&Asset::new("BTC")).to_string(), "0");
    assert_eq!(p.min_order_of(&Asset::new("BTC")).to_string(), "0");
}

/// Syntax errors say where they are; a value of the wrong type says what was expected.
#[test]
fn syntax_errors_have_a_line_and_wrong_types_say_what_is_expected() {
    let e = Policy::from_toml_str("min_apr_gain_bp = 5\n\nmax_lock_up = \n").unwrap_err();
    assert_eq!((e.field.as_str(), e.line), ("", Some(3)), "{e}");
    assert!(e.to_string().starts_with("policy:3: is not valid TOML"), "{e}");
    let e = Policy::from_toml_str("max_venue_share = true").unwrap_err();
    assert_eq!(e.field, "max_venue_share");
    assert!(e.rule.contains("a percentage from 0 to 100 as a string"), "{e}");
}
