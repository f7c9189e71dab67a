//! The planner's running totals across several products, accounts and phases: what one
//! stake uses is gone for the next (money per account, the venue's and the overall slack
//! above reserves, the product's room), transfers top up exactly the shortfall, and steps
//! point at the transfers they wait for. Each scenario's plan is worked out by hand.

mod common;

use common::*;
use earn_treasury::{Plan, Policy, Reserve, Snapshot, plan};

/// FUND 100 and UNIFIED 50 at one venue; three products, best first:
/// p1 (6 %) draws on UNIFIED with room for 70, p2 (5 %) on EARN (no balance there) with
/// room for 30, p3 (4 %) on FUND.
fn three_products() -> Snapshot {
    snapshot(vec![
        venue("v")
            .balance("FUND", "USDT", "100")
            .balance("UNIFIED", "USDT", "50")
            .product(with_room(drawing_on(flexible("v", "p1", "USDT", "0.06"), "UNIFIED"), "70"))
            .product(with_room(drawing_on(flexible("v", "p2", "USDT", "0.05"), "EARN"), "30"))
            .product(flexible("v", "p3", "USDT", "0.04")),
    ])
}

/// Money is the limit: each stake takes its account's money and tops up the rest from the
/// venue's other accounts, and the last product gets exactly what is left.
#[test]
fn each_stake_uses_the_money_the_previous_ones_left() {
    let p = plan_ok(&three_products(), &Policy::default());
    assert_eq!(
        actions(&p),
        [
            "v: transfer 20 USDT from FUND to UNIFIED",
            "v: stake 70 USDT into p1",
            "v: transfer 30 USDT from FUND to EARN",
            "v: stake 30 USDT into p2",
            "v: stake 50 USDT into p3",
        ]
    );
    assert_eq!(p.steps[1].after, vec![0]);
    assert_eq!(p.steps[3].after, vec![2]);
    assert!(p.steps[4].after.is_empty());
}

/// A reserve at the venue is the limit: what is staked comes off the venue's slack, so the
/// last product gets what is left above the reserve (150 − 20 − 70 − 30 = 30).
#[test]
fn each_stake_uses_the_venue_slack_the_previous_ones_left() {
    let mut policy = Policy::default();
    policy.reserves.insert("USDT".into(), Reserve::default().at("v", a("20")));
    let p = plan_ok(&three_products(), &policy);
    assert_eq!(actions(&p)[4], "v: stake 30 USDT into p3");
    assert_eq!(p.steps.len(), 5);
}

/// The overall reserve is the limit: 150 − 25 − 70 − 30 = 25 left for the last product.
#[test]
fn each_stake_uses_the_overall_slack_the_previous_ones_left() {
    let mut policy = Policy::default();
    policy.reserves.insert("USDT".into(), Reserve::total(a("25")));
    let p = plan_ok(&three_products(), &policy);
    assert_eq!(actions(&p)[4], "v: stake 25 USDT into p3");
    assert_eq!(p.steps.len(), 5);
}

/// The venue share is the limit: 60 % of 150 may be in products at the venue; p1 takes 70,
/// so p2 gets 20 and p3 nothing.
#[test]
fn each_stake_uses_the_venue_share_the_previous_ones_left() {
    let mut policy = Policy::default();
    policy.max_venue_share = earn_treasury::Percent::parse("60%").unwrap();
    let p = plan_ok(&three_products(), &policy);
    assert_eq!(
        actions(&p),
        [
            "v: transfer 20 USDT from FUND to UNIFIED",
            "v: stake 70 USDT into p1",
            "v: transfer 20 USDT from FUND to EARN",
            "v: stake 20 USDT into p2",
        ]
    );
}

/// Steps after reserve redemptions keep pointing at their own transfers: a reserve
/// redemption at one venue comes first, and the stake at the other waits for the transfer
/// just before it, not for the redemption.
#[test]
fn a_stake_waits_for_its_own_transfer_behind_reserve_redemptions() {
    let s = snapshot(vec![
        venue("a")
            .balance("FUND", "USDT", "10")
            .position("flex", "USDT", "100", None)
            .product(flexible("a", "flex", "USDT", "0.01")),
        venue("b").balance("UNIFIED", "USDT", "40").product(drawing_on(flexible("b", "q", "USDT", "0.05"), "FUND")),
    ]);
    let mut policy = Policy::default();
    policy.reserves.insert("USDT".into(), Reserve::default().at("a", a("30")));
    let p = plan_ok(&s, &policy);
    assert_eq!(
        actions(&p),
        ["a: redeem 20 USDT from flex", "b: transfer 40 USDT from UNIFIED to FUND", "b: stake 40 USDT into q"]
    );
    assert_eq!(p.steps[2].after, vec![1], "the stake waits for its transfer");
}

/// Venue `a`: 10 USDT idle in FUND, and `held` in an instant 1 % product (`fast`).
fn fast_source(held: &str) -> VenueBuilder {
    venue("a")
        .balance("FUND", "USDT", "10")
        .position("fast", "USDT", held, None)
        .product(flexible("a", "fast", "USDT", "0.01"))
}

/// Venue `a`: `idle` USDT in FUND (if any), 100 in a 1 % product (`low`) and a 5 % one
/// (`high`), both instant.
fn low_and_high(idle: Option<&str>) -> Snapshot {
    let mut v = venue("a");
    if let Some(idle) = idle {
        v = v.balance("FUND", "USDT", idle);
    }
    snapshot(vec![
        v.position("low", "USDT", "100", None)
            .product(flexible("a", "low", "USDT", "0.01"))
            .product(flexible("a", "high", "USDT", "0.05")),
    ])
}

fn reasons(p: &Plan) -> Vec<String> {
    p.steps.iter().map(|s| format!("{:?}", s.reason)).collect()
}

fn shorts(p: &Plan) -> usize {
    p.notes.iter().filter(|n| n.kind == earn_treasury::NoteKind::ReserveShort).count()
}

/// The overall reserve counts what the venue reserves already redeem within the horizon:
/// venue `a` needs 20 more (10 idle, reserve 30), redeemed from its instant product; the
/// overall reserve of 30 is then met (10 + 20), so nothing more is redeemed, and a reserve
/// met in time says nothing.
#[test]
fn the_overall_reserve_counts_what_venue_reserves_redeem() {
    let s = snapshot(vec![fast_source("100")]);
    let mut policy = Policy::default();
    policy.reserves.insert("USDT".into(), Reserve::total(a("30")).at("a", a("30")));
    let p = plan_ok(&s, &policy);
    assert_eq!(actions(&p), ["a: redeem 20 USDT from fast"]);
    assert_eq!(shorts(&p), 0, "{:?}", p.notes);
}

/// An overall reserve short by 20: exactly 20 are redeemed, from the instant product.
#[test]
fn an_overall_reserve_redeems_exactly_its_shortfall() {
    let s = snapshot(vec![fast_source("100")]);
    let mut policy = Policy::default();
    policy.reserves.insert("USDT".into(), Reserve::total(a("30")));
    let p = plan_ok(&s, &policy);
    assert_eq!(actions(&p), ["a: redeem 20 USDT from fast"]);
    assert!(reasons(&p)[0].starts_with("OverallReserve"), "{:?}", reasons(&p));
    assert_eq!(shorts(&p), 0, "met within the horizon: no note");
}

/// Overall reserve 50 with 10 idle: the instant product gives its 5, the other 35 come from
/// the slow one (3 days) and the plan says the reserve is short for now.
#[test]
fn an_overall_reserve_takes_from_slow_products_what_fast_ones_lack() {
    let s = snapshot(vec![
        venue("a")
            .balance("FUND", "USDT", "10")
            .position("fast", "USDT", "5", None)
            .position("slow", "USDT", "100", None)
            .product(flexible("a", "fast", "USDT", "0.01"))
            .product(with_delay(flexible("a", "slow", "USDT", "0.02"), 3)),
    ]);
    let mut policy = Policy::default();
    policy.reserves.insert("USDT".into(), Reserve::total(a("50")));
    let p = plan_ok(&s, &policy);
    assert_eq!(actions(&p), ["a: redeem 5 USDT from fast", "a: redeem 35 USDT from slow"]);
    assert_eq!(shorts(&p), 1);
}

/// Slow redemptions a venue reserve planned count toward the overall reserve (they will
/// arrive), those of another asset do not: venue `a` redeems 20 ETH and 20 USDT from slow
/// products for its reserves; the overall reserves of 50 each need 20 more (10 idle, 20
/// planned), not less for the other asset's 20.
#[test]
fn slow_redemptions_planned_for_venue_reserves_count_overall_for_their_asset_only() {
    let s = snapshot(vec![
        venue("a")
            .balance("FUND", "USDT", "10")
            .balance("FUND", "ETH", "10")
            .position("slow", "USDT", "100", None)
            .position("slow-eth", "ETH", "100", None)
            .product(with_delay(flexible("a", "slow", "USDT", "0.02"), 3))
            .product(with_delay(flexible("a", "slow-eth", "ETH", "0.02"), 3)),
    ]);
    let mut policy = Policy::default();
    policy.reserves.insert("USDT".into(), Reserve::total(a("50")).at("a", a("30")));
    policy.reserves.insert("ETH".into(), Reserve::total(a("50")).at("a", a("30")));
    let p = plan_ok(&s, &policy);
    assert_eq!(
        actions(&p),
        [
            "a: redeem 20 ETH from slow-eth",
            "a: redeem 20 ETH from slow-eth",
            "a: redeem 20 USDT from slow",
            "a: redeem 20 USDT from slow"
        ]
    );
}

/// A move's money that arrives within the horizon counts toward the venue's reserve in
/// the same plan, which frees idle money held for it: 50 idle are all reserve until 100
/// leave the 1 % product for the 5 % one; then the 50 idle are staked there too.
#[test]
fn money_moved_within_the_horizon_frees_idle_money_held_for_the_reserve() {
    let s = low_and_high(Some("50"));
    let mut policy = Policy::default();
    policy.reserves.insert("USDT".into(), Reserve::default().at("a", a("50")));
    // (Once the 100 are idle, the next plan stakes the 50 above the reserve.)
    let p = plan(&s, &policy).unwrap();
    p.apply_to(&s).unwrap();
    assert_eq!(actions(&p), ["a: stake 50 USDT into high", "a: redeem 100 USDT from low"]);
}

/// Money coming back within the horizon counts as ready, at the venue and overall: idle 50
/// and 30 on their way back (instant product) against a reserve of 60 leave 20 to stake,
/// whether the reserve is the venue's or the overall one.
#[test]
fn money_on_its_way_back_counts_toward_reserves() {
    let s = snapshot(vec![
        venue("a")
            .balance("FUND", "USDT", "50")
            .position("fast", "USDT", "0", Some("30"))
            .product(flexible("a", "fast", "USDT", "0.01"))
            .product(flexible("a", "high", "USDT", "0.05")),
    ]);
    for reserve in [Reserve::default().at("a", a("60")), Reserve::total(a("60"))] {
        let mut policy = Policy::default();
        policy.reserves.insert("USDT".into(), reserve.clone());
        let p = plan(&s, &policy).unwrap();
        assert_eq!(actions(&p), ["a: stake 20 USDT into high"], "{reserve:?}");
    }
}

/// Redemptions the venue reserves plan within the horizon count toward the overall reserve
/// when staking elsewhere: venue `a` redeems 20 for its reserve (10 idle + 20 = 30); overall,
/// 10 + 20 + 50 idle at `b` against 40 leave 40 to stake at `b`.
#[test]
fn reserve_redemptions_count_as_ready_when_staking_elsewhere() {
    let s = snapshot(vec![
        fast_source("100"),
        venue("b").balance("FUND", "USDT", "50").product(flexible("b", "high", "USDT", "0.05")),
    ]);
    let mut policy = Policy::default();
    policy.reserves.insert("USDT".into(), Reserve::total(a("40")).at("a", a("30")));
    let p = plan(&s, &policy).unwrap();
    assert_eq!(actions(&p), ["a: redeem 20 USDT from fast", "b: stake 40 USDT into high"]);
}

/// A fast move makes its money ready overall too: with an overall reserve of 50 and 50
/// idle, nothing is staked until 100 move out of the 1 % product; then the 50 idle are.
#[test]
fn a_fast_move_counts_toward_the_overall_reserve() {
    let s = low_and_high(Some("50"));
    let mut policy = Policy::default();
    policy.reserves.insert("USDT".into(), Reserve::total(a("50")));
    let p = plan(&s, &policy).unwrap();
    assert_eq!(actions(&p), ["a: stake 50 USDT into high", "a: redeem 100 USDT from low"]);
}

/// The venue share counts money on its way back as committed, from slow and instant
/// products alike: 50 earning and 30 coming back of 180 in all; 60 % is 108, so 28 more may
/// go into products there.
#[test]
fn the_venue_share_counts_redemptions_in_flight_as_committed() {
    for days in [3, 0] {
        let s = snapshot(vec![
            venue("a")
                .balance("FUND", "USDT", "100")
                .position("old", "USDT", "50", Some("30"))
                .product(with_delay(flexible("a", "old", "USDT", "0.01"), days))
                .product(flexible("a", "high", "USDT", "0.05")),
        ]);
        let mut policy = Policy::default();
        policy.max_venue_share = earn_treasury::Percent::parse("60%").unwrap();
        let p = plan(&s, &policy).unwrap();
        assert_eq!(actions(&p), ["a: stake 28 USDT into high"], "coming back in {days} days");
    }
}

/// Orders at exactly a product's minimum are placed, and a maximum equal to the minimum
/// splits into orders of that size.
#[test]
fn orders_at_exactly_the_minimum_are_placed() {
    let exact = with_rules(flexible("v", "p", "USDT", "0.05"), Some("10"), None, Some(2));
    let s = snapshot(vec![venue("v").balance("FUND", "USDT", "10").product(exact)]);
    assert_eq!(actions(&plan_ok(&s, &Policy::default())), ["v: stake 10 USDT into p"]);
    let fixed = with_rules(flexible("v", "p", "USDT", "0.05"), Some("10"), Some("10"), Some(0));
    let s = snapshot(vec![venue("v").balance("FUND", "USDT", "35").product(fixed)]);
    let p = plan(&s, &Policy::default()).unwrap();
    assert_eq!(actions(&p), ["v: stake 10 USDT into p", "v: stake 10 USDT into p", "v: stake 10 USDT into p"]);
}

/// A reserve redemption is at least the policy's minimum order (a redemption of exactly
/// the minimum is made), and a position smaller than the minimum is not redeemed.
#[test]
fn reserve_redemptions_respect_the_minimum_order() {
    let mut policy = Policy::default();
    policy.min_order.insert("USDT".into(), a("20"));
    policy.reserves.insert("USDT".into(), Reserve::default().at("a", a("15")));
    let s = |held: &str| snapshot(vec![fast_source(held)]);
    assert_eq!(actions(&plan(&s("100"), &policy).unwrap()), ["a: redeem 20 USDT from fast"]);
    assert!(plan(&s("15"), &policy).unwrap().is_empty(), "15 held, below the minimum order of 20");
}

/// A move whose APR gain equals the policy's minimum is made.
#[test]
fn a_move_gaining_exactly_the_minimum_is_made() {
    let s = low_and_high(None);
    let mut policy = Policy::default();
    policy.min_apr_gain_bp = 400;
    assert_eq!(actions(&plan(&s, &policy).unwrap()), ["a: redeem 100 USDT from low"]);
    policy.min_apr_gain_bp = 401;
    assert!(plan(&s, &policy).unwrap().is_empty());
}

/// Moves share the better product's room: two sources of 100 and room for 150 move 100
/// from the worse, then 50; one source of 100 and two better products with room for 60 each
/// moves 60 to the best and the other 40 to the next.
#[test]
fn moves_share_the_room_of_better_products_and_never_move_more_than_held() {
    let s = snapshot(vec![
        venue("a")
            .position("low1", "USDT", "100", None)
            .position("low2", "USDT", "100", None)
            .product(flexible("a", "low1", "USDT", "0.01"))
            .product(flexible("a", "low2", "USDT", "0.02"))
            .product(with_room(flexible("a", "high", "USDT", "0.05"), "150")),
    ]);
    let p = plan(&s, &Policy::default()).unwrap();
    assert_eq!(actions(&p), ["a: redeem 100 USDT from low1", "a: redeem 50 USDT from low2"]);
    let s = snapshot(vec![
        venue("a")
            .position("low", "USDT", "100", None)
            .product(flexible("a", "low", "USDT", "0.01"))
            .product(with_room(flexible("a", "best", "USDT", "0.06"), "60"))
            .product(with_room(flexible("a", "next", "USDT", "0.05"), "60")),
    ]);
    let p = plan(&s, &Policy::default()).unwrap();
    assert_eq!(actions(&p), ["a: redeem 60 USDT from low", "a: redeem 40 USDT from low"]);
    assert!(format!("{:?}", p.steps[1].reason).contains("next"), "{:?}", p.steps[1].reason);
}

/// Holdings above the policy's shares are reported, each once, and holdings exactly at a
/// share are not: 100 of 200 in products at the venue (p1 60, p2 40).
#[test]
fn shares_above_the_policy_are_reported_and_shares_at_it_are_not() {
    let s = snapshot(vec![
        venue("a")
            .balance("FUND", "USDT", "100")
            .position("p1", "USDT", "60", None)
            .position("p2", "USDT", "40", None)
            .product(flexible("a", "p1", "USDT", "0.01"))
            .product(flexible("a", "p2", "USDT", "0.01")),
    ]);
    let notes = |venue: &str, product: &str| {
        let mut policy = Policy::default();
        policy.max_venue_share = earn_treasury::Percent::parse(venue).unwrap();
        policy.max_product_share = earn_treasury::Percent::parse(product).unwrap();
        plan(&s, &policy)
            .unwrap()
            .notes
            .into_iter()
            .filter(|n| n.kind == earn_treasury::NoteKind::ShareExceeded)
            .map(|n| n.message)
            .collect::<Vec<_>>()
    };
    assert_eq!(notes("50%", "30%"), Vec::<String>::new(), "exactly at both shares");
    let over = notes("49%", "25%");
    assert_eq!(over.len(), 2, "{over:?}");
    assert!(over[0].starts_with("100 in products here is above max_venue_share 49%"), "{over:?}");
    assert!(over[1].starts_with("60 in p1 is above max_product_share 25%"), "{over:?}");
}

/// Transfers draw each account down as they go: an account emptied by one product's
/// transfers is not drawn on again, and a product that names an account with no balance
/// gets every unit by transfer. Accounts FUND 20, SPOT 100, UNIFIED 50, WALLET 40;
/// p1 (7 %) draws on EARN (no balance) with room for 60, p2 (6 %) on UNIFIED with room for
/// 80, p3 (5 %) on FUND.
#[test]
fn transfers_draw_each_account_down_as_they_go() {
    let s = snapshot(vec![
        venue("v")
            .balance("FUND", "USDT", "20")
            .balance("SPOT", "USDT", "100")
            .balance("UNIFIED", "USDT", "50")
            .balance("WALLET", "USDT", "40")
            .product(with_room(drawing_on(flexible("v", "p1", "USDT", "0.07"), "EARN"), "60"))
            .product(with_room(drawing_on(flexible("v", "p2", "USDT", "0.06"), "UNIFIED"), "80"))
            .product(flexible("v", "p3", "USDT", "0.05")),
    ]);
    let p = plan_ok(&s, &Policy::default());
    assert_eq!(
        actions(&p),
        [
            "v: transfer 20 USDT from FUND to EARN",
            "v: transfer 40 USDT from SPOT to EARN",
            "v: stake 60 USDT into p1",
            "v: transfer 30 USDT from SPOT to UNIFIED",
            "v: stake 80 USDT into p2",
            "v: transfer 30 USDT from SPOT to FUND",
            "v: transfer 40 USDT from WALLET to FUND",
            "v: stake 70 USDT into p3",
        ]
    );
    assert_eq!((p.steps[2].after.clone(), p.steps[4].after.clone()), (vec![0, 1], vec![3]));
    assert_eq!(p.steps[7].after, vec![5, 6]);
}

/// What this plan stakes into a product leaves less room for moves into it: room for 150,
/// 100 idle staked, so only 50 move out of the 1 % product.
#[test]
fn stakes_and_moves_share_a_products_room() {
    let s = snapshot(vec![
        venue("a")
            .balance("FUND", "USDT", "100")
            .position("low", "USDT", "100", None)
            .product(flexible("a", "low", "USDT", "0.01"))
            .product(with_room(flexible("a", "high", "USDT", "0.05"), "150")),
    ]);
    let p = plan(&s, &Policy::default()).unwrap();
    assert_eq!(actions(&p), ["a: stake 100 USDT into high", "a: redeem 50 USDT from low"]);
}

/// No move where this plan redeems for a reserve: the 1 % product gives 20 to the reserve,
/// and the rest stays put although a 5 % product is there.
#[test]
fn no_move_where_the_plan_redeems_for_a_reserve() {
    let s = low_and_high(Some("10"));
    let mut policy = Policy::default();
    policy.reserves.insert("USDT".into(), Reserve::default().at("a", a("30")));
    let p = plan(&s, &policy).unwrap();
    assert_eq!(actions(&p), ["a: redeem 20 USDT from low"]);
}

/// A move settles on an amount both products accept, however many rounds that takes: 100
/// whole units held (precision 0); the better product takes orders of 10 to 10.55 (two
/// decimals). 100 splits into 94.95 + a remainder below 10; 94 into 84.40 + 9.60 (below
/// 10 again); 84 into 73.85 + 10.15: 84 moves.
#[test]
fn a_move_settles_on_an_amount_both_products_accept() {
    let s = snapshot(vec![
        venue("a")
            .position("low", "USDT", "100", None)
            .product(with_rules(flexible("a", "low", "USDT", "0.01"), None, None, Some(0)))
            .product(with_rules(flexible("a", "high", "USDT", "0.05"), Some("10"), Some("10.55"), Some(2))),
    ]);
    let p = plan(&s, &Policy::default()).unwrap();
    assert_eq!(actions(&p), ["a: redeem 84 USDT from low"]);
}
