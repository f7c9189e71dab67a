//! Planner rules, one at a time.

mod common;

use std::time::Duration;

use common::*;
use earn_treasury::{Action, NoteKind, Percent, Plan, Policy, Reason, Reserve, Snapshot, plan};
use rust_decimal::Decimal;

#[test]
fn idle_money_is_moved_to_the_account_the_product_draws_on_then_staked() {
    let s = snapshot(vec![
        venue("bybit")
            .balance("UNIFIED", "USDT", "70")
            .balance("FUND", "USDT", "30")
            .product(flexible("bybit", "flex", "USDT", "0.05")),
    ]);
    let p = plan_ok(&s, &Policy::default());
    assert_eq!(actions(&p), ["bybit: transfer 70 USDT from UNIFIED to FUND", "bybit: stake 100 USDT into flex"]);
    assert_eq!(p.steps[1].after, vec![0]);
    let g = p.steps[1].gain.as_ref().unwrap();
    assert_eq!(g.apr_bp, Decimal::from(500));
    assert_eq!(g.yearly.to_string(), "5");
    assert!(matches!(p.steps[0].reason, Reason::Fund { .. }));
    assert!(p.steps[1].to_string().contains("+500 bp, +5 USDT/year"), "{}", p.steps[1]);
}

#[test]
fn precision_rounds_down_and_minimums_hold() {
    let prod = with_rules(flexible("v", "p", "USDT", "0.05"), Some("10"), None, Some(2));
    let s = snapshot(vec![venue("v").balance("FUND", "USDT", "100.129").product(prod.clone())]);
    let p = plan_ok(&s, &Policy::default());
    assert_eq!(actions(&p), ["v: stake 100.12 USDT into p"]);

    let s = snapshot(vec![venue("v").balance("FUND", "USDT", "9.99").product(prod)]);
    assert!(plan_ok(&s, &Policy::default()).is_empty(), "below the product minimum");

    let mut policy = Policy::default();
    policy.min_order.insert("usdt".into(), a("200"));
    let s = snapshot(vec![venue("v").balance("FUND", "USDT", "150").product(flexible("v", "p", "USDT", "0.05"))]);
    assert!(plan_ok(&s, &policy).is_empty(), "below the policy's minimum order (asset key in any case)");
}

#[test]
fn per_order_maximum_splits_and_quota_caps() {
    let mut prod = with_rules(flexible("v", "p", "USDT", "0.05"), Some("1"), Some("40"), Some(0));
    let s = snapshot(vec![venue("v").balance("FUND", "USDT", "100").product(prod.clone())]);
    assert_eq!(
        actions(&plan_ok(&s, &Policy::default())),
        ["v: stake 40 USDT into p", "v: stake 40 USDT into p", "v: stake 20 USDT into p"]
    );
    prod.quota.remaining = Some(a("55"));
    let s = snapshot(vec![venue("v").balance("FUND", "USDT", "100").product(prod)]);
    assert_eq!(actions(&plan_ok(&s, &Policy::default())), ["v: stake 40 USDT into p", "v: stake 15 USDT into p"]);
}

#[test]
fn reserves_come_first_and_slow_money_does_not_count_now() {
    // Reserve 100 at the venue. Idle 10; 40 already coming back from a product that takes
    // 3 days (does not count now); a flexible product (instant) holds 30; an on-chain one
    // (3 days) holds 500.
    let slow = with_delay(flexible("v", "slow", "USDT", "0.02"), 3);
    let fast = flexible("v", "fast", "USDT", "0.04");
    let s = snapshot(vec![
        venue("v")
            .balance("FUND", "USDT", "10")
            .product(slow)
            .product(fast)
            .position("slow", "USDT", "500", Some("40"))
            .position("fast", "USDT", "30", None),
    ]);
    let mut policy = Policy::default();
    policy.reserves.insert("USDT".into(), Reserve::default().at("v", a("100")));
    let p = plan_ok(&s, &policy);
    // 90 short now: 30 from the instant product; the other 60 cannot arrive in time: 40 are
    // already on their way, so 20 more come from the slow one.
    assert_eq!(actions(&p), ["v: redeem 30 USDT from fast", "v: redeem 20 USDT from slow"]);
    assert!(matches!(p.steps[0].reason, Reason::VenueReserve { within_horizon: true, .. }));
    assert!(matches!(p.steps[1].reason, Reason::VenueReserve { within_horizon: false, .. }));
    assert_eq!(p.steps[0].gain.as_ref().unwrap().apr_bp, Decimal::from(-400));
    assert!(p.notes.iter().any(|n| n.kind == NoteKind::ReserveShort));

    // With a 3-day horizon, the money already coming back counts.
    policy.reserve_horizon = Duration::from_secs(3 * 86_400);
    let p = plan_ok(&s, &policy);
    assert_eq!(actions(&p), ["v: redeem 30 USDT from fast", "v: redeem 20 USDT from slow"]);
    assert!(p.steps.iter().all(|s| matches!(s.reason, Reason::VenueReserve { within_horizon: true, .. })));
}

#[test]
fn reserves_hold_back_idle_money_overall_and_per_venue() {
    let s = snapshot(vec![
        venue("a").balance("FUND", "USDT", "100").product(flexible("a", "p", "USDT", "0.05")),
        venue("b").balance("FUND", "USDT", "100").product(flexible("b", "q", "USDT", "0.06")),
    ]);
    let mut policy = Policy::default();
    policy.reserves.insert("USDT".into(), Reserve::total(a("150")).at("a", a("20")));
    let p = plan_ok(&s, &policy);
    // 50 may be staked overall: the best product first.
    assert_eq!(actions(&p), ["b: stake 50 USDT into q"]);
    policy.reserves.insert("USDT".into(), Reserve::total(a("50")).at("b", a("80")));
    let p = plan_ok(&s, &policy);
    assert_eq!(actions(&p), ["b: stake 20 USDT into q", "a: stake 100 USDT into p"]);
}

#[test]
fn ties_are_broken_by_lock_up_delay_then_ids() {
    let s = snapshot(vec![
        venue("b").balance("FUND", "USDT", "100").product(flexible("b", "x", "USDT", "0.05")),
        venue("a")
            .balance("FUND", "USDT", "100")
            .product(flexible("a", "z", "USDT", "0.05"))
            .product(flexible("a", "y", "USDT", "0.05")),
    ]);
    let mut policy = Policy::default();
    policy.max_product_share = Percent::new(Decimal::from(20)).unwrap();
    let p = plan_ok(&s, &policy);
    // 40 per product (20 % of 200): a/y, then a/z, then b/x.
    assert_eq!(actions(&p), ["a: stake 40 USDT into y", "a: stake 40 USDT into z", "b: stake 40 USDT into x"]);
    assert_eq!(plan(&s, &policy).unwrap(), p, "deterministic");
}

#[test]
fn min_apr_gain_gates_stakes_and_moves() {
    let low = flexible("v", "low", "USDT", "0.03");
    let mid = flexible("v", "mid", "USDT", "0.032");
    let high = flexible("v", "high", "USDT", "0.036");
    let s = snapshot(vec![
        venue("v").balance("FUND", "USDT", "0").product(low).product(mid.clone()).position("low", "USDT", "100", None),
    ]);
    let mut policy = Policy::default();
    policy.min_apr_gain_bp = 25;
    assert!(plan_ok(&s, &policy).is_empty(), "20 bp is not worth a move");
    let mut s2 = s.clone();
    s2.venues[0] = venue("v")
        .balance("FUND", "USDT", "0")
        .product(flexible("v", "low", "USDT", "0.03"))
        .product(mid)
        .product(high)
        .position("low", "USDT", "100", None)
        .build();
    let p = plan_ok(&s2, &policy);
    assert_eq!(actions(&p), ["v: redeem 100 USDT from low"]);
    match &p.steps[0].reason {
        Reason::Better { to, .. } => assert_eq!(to.as_str(), "high"),
        r => panic!("{r:?}"),
    }
    assert_eq!(p.steps[0].gain.as_ref().unwrap().apr_bp, Decimal::from(60));
    assert_eq!(p.steps[0].gain.as_ref().unwrap().yearly.to_string(), "0.6");

    // Idle money: a product below the minimum gain is not worth it either.
    policy.min_apr_gain_bp = 400;
    let s3 = snapshot(vec![venue("v").balance("FUND", "USDT", "100").product(flexible("v", "p", "USDT", "0.035"))]);
    assert!(plan_ok(&s3, &policy).is_empty());
}

#[test]
fn lock_up_kinds_and_delays_follow_the_policy() {
    let s = snapshot(vec![
        venue("v")
            .balance("FUND", "USDT", "100")
            .product(locked(flexible("v", "l90", "USDT", "0.09"), 90))
            .product(locked(flexible("v", "l30", "USDT", "0.08"), 30))
            .product(with_delay(flexible("v", "slow", "USDT", "0.07"), 5))
            .product(flexible("v", "flex", "USDT", "0.03")),
    ]);
    let mut policy = Policy::default();
    assert_eq!(actions(&plan_ok(&s, &policy)), ["v: stake 100 USDT into slow"], "default: nothing locked");
    policy.max_lock_up = Duration::from_secs(30 * 86_400);
    assert_eq!(actions(&plan_ok(&s, &policy)), ["v: stake 100 USDT into l30"]);
    policy.max_lock_up = Duration::ZERO;
    policy.max_redemption_delay = Some(Duration::from_secs(86_400));
    assert_eq!(actions(&plan_ok(&s, &policy)), ["v: stake 100 USDT into flex"]);
    policy.allowed_kinds = vec![earn_treasury::KindName::OnChain];
    assert!(plan_ok(&s, &policy).is_empty());
}

#[test]
fn apr_only_never_apy() {
    let mut p = flexible("v", "apy-only", "USDT", "0.05");
    p.apy = p.apr.take();
    let s = snapshot(vec![venue("v").balance("FUND", "USDT", "100").product(p)]);
    assert!(plan_ok(&s, &Policy::default()).is_empty(), "a product without an APR is never chosen");
}

#[test]
fn failed_reads_leave_the_venue_out_and_say_so() {
    let s = snapshot(vec![
        venue("a").balance("FUND", "USDT", "100").product(flexible("a", "p", "USDT", "0.05")).failing_balances(),
        venue("b").balance("FUND", "USDT", "100").product(flexible("b", "q", "USDT", "0.04")),
    ]);
    let p = plan_ok(&s, &Policy::default());
    assert_eq!(actions(&p), ["b: stake 100 USDT into q"]);
    assert!(p.notes.iter().any(|n| n.kind == NoteKind::VenueSkipped && n.venue.as_ref().unwrap().as_str() == "a"));
}

#[test]
fn shares_cap_stakes_and_excess_is_reported() {
    let s = snapshot(vec![
        venue("a")
            .balance("FUND", "USDT", "100")
            .product(flexible("a", "p", "USDT", "0.05"))
            .position("p", "USDT", "300", None),
        venue("b").balance("FUND", "USDT", "100").product(flexible("b", "q", "USDT", "0.04")),
    ]);
    let mut policy = Policy::default();
    policy.max_venue_share = Percent::parse("50%").unwrap();
    let p = plan_ok(&s, &policy);
    // Total 500: at most 250 per venue. `a` already has 300 (reported), `b` may take 100.
    assert_eq!(actions(&p), ["b: stake 100 USDT into q"]);
    assert!(p.notes.iter().any(|n| n.kind == NoteKind::ShareExceeded));
}

#[test]
fn plans_and_snapshots_round_trip_through_json() {
    let s = snapshot(vec![venue("v").balance("UNIFIED", "USDT", "100").product(flexible("v", "p", "USDT", "0.05"))]);
    let p = plan_ok(&s, &Policy::default());
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(serde_json::from_str::<Plan>(&json).unwrap(), p);
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<Snapshot>(&json).unwrap(), s);
    assert!(matches!(p.steps[1].action, Action::Stake { .. }));
}

#[test]
fn no_move_while_money_is_on_its_way_back_and_never_out_of_a_locked_product() {
    let s = snapshot(vec![
        venue("v")
            .balance("FUND", "USDT", "0")
            .product(flexible("v", "low", "USDT", "0.01"))
            .product(flexible("v", "high", "USDT", "0.09"))
            .position("low", "USDT", "100", Some("5")),
    ]);
    assert!(plan_ok(&s, &Policy::default()).is_empty(), "a redemption is in flight here");

    let mut policy = Policy::default();
    policy.max_lock_up = Duration::from_secs(90 * 86_400);
    policy.reserves.insert("USDT".into(), Reserve::total(a("50")));
    let s = snapshot(vec![
        venue("v")
            .balance("FUND", "USDT", "0")
            .product(locked(flexible("v", "locked", "USDT", "0.01"), 90))
            .product(flexible("v", "high", "USDT", "0.09"))
            .position("locked", "USDT", "100", None),
    ]);
    let p = plan_ok(&s, &policy);
    assert!(p.is_empty(), "locked money cannot be redeemed early: {:?}", actions(&p));
    assert!(p.notes.iter().any(|n| n.kind == NoteKind::ReserveShort));
}

#[test]
fn a_product_that_names_no_account_is_used_only_when_the_money_is_in_one_place() {
    let mut p = flexible("v", "p", "USDT", "0.05");
    p.draws_from = None;
    let one = snapshot(vec![venue("v").balance("SPOT", "USDT", "10").product(p.clone())]);
    assert_eq!(actions(&plan_ok(&one, &Policy::default())), ["v: stake 10 USDT into p"]);
    let two = snapshot(vec![venue("v").balance("SPOT", "USDT", "10").balance("FUND", "USDT", "5").product(p)]);
    let plan = plan_ok(&two, &Policy::default());
    assert!(plan.is_empty());
    assert!(plan.notes.iter().any(|n| n.kind == NoteKind::AccountUnknown));
}
