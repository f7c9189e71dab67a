//! Property tests: whatever the snapshot and the policy, a plan keeps the rules.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use earn_core::{
    AccountId, Amount, AmountRules, Asset, Balance, Position, Product, ProductKind, ProductStatus, Quota, Rate,
    RedemptionDelay, VenueId,
};
use earn_treasury::{Action, NoteKind, Percent, Policy, Read, Reserve, Snapshot, VenueSnapshot, asset_key, plan};
use proptest::prelude::*;
use rust_decimal::Decimal;

const ASSETS: [&str; 2] = ["USDT", "ETH"];
const ACCOUNTS: [&str; 2] = ["FUND", "UNIFIED"];

fn dec(cents: u64, scale: u32) -> Decimal {
    Decimal::new(cents as i64, scale)
}

fn amt(cents: u64, scale: u32) -> Amount {
    Amount::new(dec(cents, scale)).unwrap()
}

prop_compose! {
    fn product_strategy(venue: String, idx: usize)(
        asset in 0..ASSETS.len(),
        kind in prop_oneof![Just(0u8), Just(1), Just(2)],
        term in prop_oneof![Just(1u64), Just(7), Just(30), Just(90)],
        apr in prop::option::weighted(0.9, 0u64..1500),
        min in prop::option::of(0u64..5000),
        max in prop::option::of(1000u64..50000),
        precision in prop::option::of(0u32..5),
        delay in prop::option::of(0u64..5),
        available in prop::bool::weighted(0.85),
        remaining in prop::option::of(0u64..100_000),
        user_remaining in prop::option::of(0u64..100_000),
        per_user_max in prop::option::of(0u64..200_000),
        draws in 0usize..3,
        redeemable in prop::bool::weighted(0.9),
    ) -> Product {
        let mut p = Product::new(VenueId::new(venue.clone()), format!("p{idx}").into(), ASSETS[asset].into(), match kind {
            0 => ProductKind::Flexible,
            1 => ProductKind::locked_days(term),
            _ => ProductKind::OnChain,
        });
        p.apr = apr.map(|bp| Rate::from_fraction(Decimal::new(bp as i64, 4)));
        p.rules = AmountRules { min: min.map(|m| amt(m, 2)), max: max.map(|m| amt(m, 2)), precision };
        p.redemption_delay = delay.map(|d| RedemptionDelay::fixed(Duration::from_secs(d * 86_400)));
        p.status = if available { ProductStatus::Available } else { ProductStatus::SoldOut };
        let mut q = Quota::default();
        q.remaining = remaining.map(|r| amt(r, 2));
        q.user_remaining = user_remaining.map(|r| amt(r, 2));
        q.per_user_max = per_user_max.map(|r| amt(r, 2));
        p.quota = q;
        p.draws_from = ACCOUNTS.get(draws).map(|a| AccountId::new(*a));
        p.pays_to = Some(AccountId::new("FUND"));
        p.redemption_allowed = redeemable;
        p
    }
}

fn venue_strategy(i: usize) -> impl Strategy<Value = VenueSnapshot> {
    let name = format!("v{i}");
    let products = (0usize..6).prop_flat_map({
        let name = name.clone();
        move |n| (0..n).map(|k| product_strategy(name.clone(), k)).collect::<Vec<_>>()
    });
    let balances = prop::collection::vec((0..ASSETS.len(), 0..ACCOUNTS.len(), 0u64..1_000_000, 0u32..4), 0..5);
    let positions = prop::collection::vec((0usize..6, 0u64..500_000, prop::option::of(0u64..50_000)), 0..5);
    (products, balances, positions, prop::bool::weighted(0.1)).prop_map(move |(products, balances, positions, fail)| {
        let v = VenueId::new(name.clone());
        let mut bs: Vec<Balance> = Vec::new();
        for (asset, acc, cents, scale) in balances {
            if bs.iter().any(|b| b.asset.as_str() == ASSETS[asset] && b.account.as_str() == ACCOUNTS[acc]) {
                continue;
            }
            bs.push(Balance::new(
                v.clone(),
                AccountId::new(ACCOUNTS[acc]),
                Asset::new(ASSETS[asset]),
                amt(cents, scale),
            ));
        }
        let mut ps: Vec<Position> = Vec::new();
        for (k, cents, pending) in positions {
            let Some(p) = products.get(k) else { continue };
            if ps.iter().any(|x| x.product == p.id) {
                continue;
            }
            let mut pos = Position::new(v.clone(), p.id.clone(), p.asset.clone(), amt(cents, 2));
            pos.pending_redemption = pending.map(|c| amt(c, 2));
            ps.push(pos);
        }
        let balances =
            if fail { Read::from_result(Err(earn_core::Error::Config("down".into()))) } else { Read::Ok(bs) };
        VenueSnapshot::new(v, balances, Read::Ok(ps), Read::Ok(products))
    })
}

fn snapshot_strategy() -> impl Strategy<Value = Snapshot> {
    (1usize..=3)
        .prop_flat_map(|n| (0..n).map(venue_strategy).collect::<Vec<_>>())
        .prop_map(|venues| Snapshot::new(None, venues))
}

prop_compose! {
    fn policy_strategy()(
        totals in prop::collection::vec(prop::option::of(0u64..2_000_000), 2),
        per_venue in prop::collection::vec(prop::option::of((0usize..3, 0u64..1_000_000)), 2),
        horizon in prop_oneof![Just(0u64), Just(2)],
        max_lock in prop_oneof![Just(0u64), Just(30)],
        max_delay in prop::option::of(0u64..4),
        min_gain in 0u32..120,
        venue_share in 10u64..=100,
        product_share in 10u64..=100,
        min_order in prop::collection::vec(prop::option::of(0u64..3000), 2),
        kinds in prop::sample::subsequence(vec![earn_treasury::KindName::Flexible, earn_treasury::KindName::Locked, earn_treasury::KindName::OnChain], 0..=3),
        only in prop::option::weighted(0.2, prop::collection::vec(0usize..3, 1..3)),
    ) -> Policy {
        let mut p = Policy::default();
        for (i, asset) in ASSETS.iter().enumerate() {
            let mut r = Reserve::total(totals[i].map_or(Amount::ZERO, |c| amt(c, 2)));
            if let Some((v, c)) = per_venue[i] {
                r = r.at(format!("v{v}"), amt(c, 2));
            }
            p.reserves.insert(asset.to_string(), r);
            if let Some(m) = min_order[i] {
                p.min_order.insert(asset.to_lowercase(), amt(m, 2));
            }
        }
        p.reserve_horizon = Duration::from_secs(horizon * 86_400);
        p.max_lock_up = Duration::from_secs(max_lock * 86_400);
        p.max_redemption_delay = max_delay.map(|d| Duration::from_secs(d * 86_400));
        p.min_apr_gain_bp = min_gain;
        p.max_venue_share = Percent::new(Decimal::from(venue_share)).unwrap();
        p.max_product_share = Percent::new(Decimal::from(product_share)).unwrap();
        p.allowed_kinds = kinds;
        if let Some(only) = only {
            // Reserves must name allowed venues: keep them.
            let mut venues: Vec<VenueId> = only.into_iter().map(|v| VenueId::new(format!("v{v}"))).collect();
            for r in p.reserves.values() {
                venues.extend(r.venues.keys().map(|k| VenueId::new(k.clone())));
            }
            venues.sort();
            venues.dedup();
            p.allowed_venues = Some(venues);
        }
        p
    }
}

/// Idle + pending redemptions that arrive within the horizon, per (venue, asset).
fn ready(s: &Snapshot, policy: &Policy) -> HashMap<(String, Asset), Decimal> {
    let mut out: HashMap<(String, Asset), Decimal> = HashMap::new();
    for v in &s.venues {
        for b in v.balances.items() {
            *out.entry((v.venue.to_string(), asset_key(&b.asset))).or_default() += b.available.decimal();
        }
        for p in v.positions.items() {
            let fast = v
                .product(&p.product)
                .and_then(|pr| pr.redemption_delay)
                .is_some_and(|d| d.max <= policy.reserve_horizon);
            if fast {
                *out.entry((v.venue.to_string(), asset_key(&p.asset))).or_default() +=
                    p.pending_redemption.map_or(Decimal::ZERO, |a| a.decimal());
            }
        }
    }
    out
}

fn earning(s: &Snapshot) -> HashMap<(String, String), Decimal> {
    let mut out = HashMap::new();
    for v in &s.venues {
        for p in v.positions.items() {
            *out.entry((v.venue.to_string(), p.product.to_string())).or_default() +=
                p.amount.to_amount().unwrap().decimal();
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn plans_keep_every_rule(s in snapshot_strategy(), policy in policy_strategy()) {
        let p = plan(&s, &policy).unwrap();
        prop_assert_eq!(&plan(&s, &policy).unwrap(), &p, "deterministic");

        // Never spends more than a balance or a position holds.
        let after = p.apply_to(&s).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let totals = s.totals();

        let mut staked: HashMap<(String, String), Decimal> = HashMap::new();
        for step in &p.steps {
            let v = s.venue(&step.venue).unwrap();
            prop_assert!(policy.allows_venue(&step.venue), "a venue the policy leaves out");
            prop_assert!(!v.has_failures(), "a venue whose reads failed");
            let min_order = policy.min_order_of(step.action.asset()).decimal();
            match &step.action {
                Action::Stake { product, amount, .. } => {
                    let pr = v.product(product).unwrap();
                    prop_assert_eq!(policy.refusal(pr), None);
                    prop_assert_eq!(pr.status, ProductStatus::Available);
                    if let Some(term) = pr.kind.lock_up() {
                        prop_assert!(term <= policy.max_lock_up, "locks beyond the maximum lock-up");
                    }
                    let apr = pr.apr.expect("never without an APR");
                    prop_assert!(apr.fraction() * Decimal::from(10_000) >= Decimal::from(policy.min_apr_gain_bp));
                    prop_assert!(pr.rules.check("amount", *amount).is_ok(), "{} vs {:?}", amount, pr.rules);
                    prop_assert!(amount.decimal() >= min_order);
                    *staked.entry((step.venue.to_string(), product.to_string())).or_default() += amount.decimal();
                }
                Action::Redeem { product, amount, .. } => {
                    let pr = v.product(product).unwrap();
                    prop_assert!(pr.redemption_allowed && pr.kind.lock_up().is_none());
                    if let Some(prec) = pr.rules.precision {
                        prop_assert!(amount.fractional_digits() <= prec);
                    }
                    prop_assert!(!amount.is_zero() && amount.decimal() >= min_order);
                }
                Action::Transfer { amount, from, to, .. } => {
                    prop_assert!(!amount.is_zero() && from != to);
                }
                _ => unreachable!(),
            }
        }

        // Quotas and shares after the plan.
        let before = earning(&s);
        let held_after = earning(&after);
        for ((venue, product), x) in &staked {
            let pr = s.venue(&VenueId::new(venue.clone())).unwrap().product(&product.as_str().into()).unwrap();
            for q in [pr.quota.remaining, pr.quota.user_remaining].into_iter().flatten() {
                prop_assert!(*x <= q.decimal(), "quota");
            }
            let held = before.get(&(venue.clone(), product.clone())).copied().unwrap_or_default();
            if let Some(m) = pr.quota.per_user_max {
                prop_assert!(held + x <= m.decimal(), "per-user maximum");
            }
            let total = totals.assets[&asset_key(&pr.asset)].total().decimal();
            let now = held_after[&(venue.clone(), product.clone())];
            prop_assert!(now <= policy.max_product_share.of(total), "product share {} > {} of {}", now, policy.max_product_share, total);
            let venue_now: Decimal = after.venue(&VenueId::new(venue.clone())).unwrap().positions.items().iter()
                .filter(|p| asset_key(&p.asset) == asset_key(&pr.asset))
                .map(|p| p.amount.to_amount().unwrap().decimal()).sum();
            prop_assert!(venue_now <= policy.max_venue_share.of(total), "venue share");
        }

        // Reserves met before stay met; overall too.
        let (r0, r1) = (ready(&s, &policy), ready(&after, &policy));
        for ((venue, asset), was) in &r0 {
            let reserve = policy.reserve_at(asset, &VenueId::new(venue.clone())).decimal();
            if *was >= reserve {
                prop_assert!(r1[&(venue.clone(), asset.clone())] >= reserve, "breaks the reserve at {venue}");
            }
        }
        for asset in ASSETS.map(Asset::new) {
            let reserve = policy.reserve_total(&asset).decimal();
            let sum = |m: &HashMap<(String, Asset), Decimal>| -> Decimal { m.iter().filter(|((_, a), _)| a == &asset).map(|(_, v)| *v).sum() };
            if sum(&r0) >= reserve {
                prop_assert!(sum(&r1) >= reserve, "breaks the overall reserve of {asset}");
            }
        }

        // Planning again after the plan is applied gives nothing to do.
        if !p.notes.iter().any(|n| n.kind == NoteKind::SplitLimit) {
            let again = plan(&after, &policy).unwrap();
            prop_assert!(again.is_empty(), "second plan: {:#?}\nfirst: {:#?}", again.steps, p.steps);
        }
    }
}
