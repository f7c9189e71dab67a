//! Builders for snapshots in tests.
#![allow(dead_code)]

use std::time::Duration;

use earn_core::{
    AccountId, Amount, AmountRules, Asset, Balance, Position, Product, ProductKind, Rate, RedemptionDelay, VenueId,
};
use earn_treasury::{Plan, Policy, Read, Snapshot, VenueSnapshot, plan};

pub fn a(s: &str) -> Amount {
    s.parse().unwrap()
}

pub fn rate(s: &str) -> Rate {
    Rate::parse_fraction(s).unwrap()
}

/// A flexible product paying `apr`, drawing on and paying to FUND, redeemed at once.
pub fn flexible(venue: &str, id: &str, asset: &str, apr: &str) -> Product {
    let mut p = Product::new(VenueId::new(venue), id.into(), asset.into(), ProductKind::Flexible);
    p.apr = Some(rate(apr));
    p.redemption_delay = Some(RedemptionDelay::fixed(Duration::ZERO));
    p.draws_from = Some(AccountId::new("FUND"));
    p.pays_to = Some(AccountId::new("FUND"));
    p
}

pub fn with_rules(mut p: Product, min: Option<&str>, max: Option<&str>, precision: Option<u32>) -> Product {
    p.rules = AmountRules { min: min.map(a), max: max.map(a), precision };
    p
}

pub fn with_delay(mut p: Product, days: u64) -> Product {
    p.redemption_delay = Some(RedemptionDelay::fixed(Duration::from_secs(days * 86_400)));
    p
}

/// `p`, drawing on `account`.
pub fn drawing_on(mut p: Product, account: &str) -> Product {
    p.draws_from = Some(AccountId::new(account));
    p
}

/// `p`, with room for `remaining` more.
pub fn with_room(mut p: Product, remaining: &str) -> Product {
    p.quota.remaining = Some(a(remaining));
    p
}

pub fn locked(mut p: Product, days: u64) -> Product {
    p.kind = ProductKind::locked_days(days);
    p
}

#[derive(Default)]
pub struct VenueBuilder {
    pub id: String,
    pub balances: Vec<Balance>,
    pub positions: Vec<Position>,
    pub products: Vec<Product>,
    pub fail_balances: bool,
}

pub fn venue(id: &str) -> VenueBuilder {
    VenueBuilder { id: id.into(), ..Default::default() }
}

impl VenueBuilder {
    pub fn balance(mut self, account: &str, asset: &str, amount: &str) -> Self {
        self.balances.push(Balance::new(VenueId::new(&self.id), AccountId::new(account), Asset::new(asset), a(amount)));
        self
    }

    pub fn position(mut self, product: &str, asset: &str, amount: &str, pending: Option<&str>) -> Self {
        let mut p = Position::new(VenueId::new(&self.id), product.into(), asset.into(), a(amount));
        p.pending_redemption = pending.map(a);
        self.positions.push(p);
        self
    }

    pub fn product(mut self, p: Product) -> Self {
        self.products.push(p);
        self
    }

    pub fn failing_balances(mut self) -> Self {
        self.fail_balances = true;
        self
    }

    pub fn build(self) -> VenueSnapshot {
        let balances = if self.fail_balances {
            Read::from_result(Err(earn_core::Error::Config("boom".into())))
        } else {
            Read::Ok(self.balances)
        };
        VenueSnapshot::new(VenueId::new(self.id), balances, Read::Ok(self.positions), Read::Ok(self.products))
    }
}

pub fn snapshot(venues: Vec<VenueBuilder>) -> Snapshot {
    Snapshot::new(None, venues.into_iter().map(VenueBuilder::build).collect())
}

/// Plans, and checks that the plan fits its snapshot and that planning again after it is empty.
pub fn plan_ok(s: &Snapshot, p: &Policy) -> Plan {
    let plan = plan(s, p).unwrap();
    let after = plan.apply_to(s).unwrap();
    let again = earn_treasury::plan(&after, p).unwrap();
    assert!(again.is_empty(), "second plan not empty: {:#?}", again.steps);
    plan
}

/// Each step as `venue: action`.
pub fn actions(p: &Plan) -> Vec<String> {
    p.steps.iter().map(|s| format!("{}: {}", s.venue, s.action)).collect()
}
