//! The planner: a pure, deterministic function from a [`Snapshot`] and a [`Policy`] to a
//! [`Plan`]. See the crate documentation for the rules.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use earn_core::{AccountId, Asset, Position, Product, ProductId, ProductKind, ProductStatus, Rate, VenueId};
use rust_decimal::Decimal;

use crate::num::{self, bp, coarser, round_down, round_up, sub_floor};
use crate::plan::{Action, Gain, Note, NoteKind, Plan, Reason, Step};
use crate::policy::{KindName, Policy, PolicyError};
use crate::snapshot::{Snapshot, asset_key};

/// The most orders one plan places in one product (when the product's per-order maximum
/// is small next to the money available); the rest waits for the next plan, and the plan
/// says so with a [`NoteKind::SplitLimit`] note.
pub const MAX_ORDERS_PER_PRODUCT: usize = 50;

/// Plans what to do: meet reserves, put idle money to work, move money to better products.
///
/// Pure and deterministic: the same snapshot and policy always give the same plan, and
/// nothing is read or sent. The policy is validated first.
pub fn plan(snapshot: &Snapshot, policy: &Policy) -> Result<Plan, PolicyError> {
    policy.validate()?;
    Ok(Planner::new(snapshot, policy).run())
}

struct Planner<'a> {
    policy: &'a Policy,
    assets: BTreeMap<Asset, AssetState<'a>>,
    notes: Vec<Note>,
}

struct AssetState<'a> {
    key: Asset,
    /// Idle + earning + redeeming across every venue: the denominator of shares.
    total: Decimal,
    /// `max_product_share` of `total`.
    product_cap: Decimal,
    /// `max_venue_share` of `total`.
    venue_cap: Decimal,
    /// The policy's overall reserve.
    reserve_total: Decimal,
    /// The policy's minimum order.
    min_order: Decimal,
    venues: Vec<VenueAsset<'a>>,
    candidates: Vec<Candidate<'a>>,
}

impl AssetState<'_> {
    fn new(key: Asset) -> Self {
        AssetState {
            key,
            reserve_total: Decimal::ZERO,
            min_order: Decimal::ZERO,
            total: Decimal::ZERO,
            product_cap: Decimal::ZERO,
            venue_cap: Decimal::ZERO,
            venues: Vec::new(),
            candidates: Vec::new(),
        }
    }
}

struct VenueAsset<'a> {
    venue: &'a VenueId,
    /// Allowed by the policy and every read answered.
    plannable: bool,
    /// Plannable, and its balances are known.
    can_stake: bool,
    /// The policy's reserve here.
    reserve: Decimal,
    accounts: Vec<Account<'a>>,
    idle: Decimal,
    fast_pending: Decimal,
    slow_pending: Decimal,
    earning: Decimal,
    holdings: Vec<Holding<'a>>,
    /// Redemptions for reserves planned here that arrive within the horizon.
    reserve_fast: Decimal,
    /// Redemptions for moves planned here that arrive within the horizon.
    move_fast: Decimal,
    /// Whether this plan redeems here for a reserve.
    reserve_redeemed: bool,
}

struct Account<'a> {
    id: &'a AccountId,
    available: Decimal,
}

struct Holding<'a> {
    position: &'a Position,
    product: Option<&'a Product>,
    earning: Decimal,
    pending: Decimal,
    fast: bool,
    redeemable: bool,
}

struct Candidate<'a> {
    venue: usize,
    product: &'a Product,
    apr: Rate,
    apr_bp: Decimal,
    /// What the product holds before the plan, redemptions in flight included: what its
    /// share, quota and per-user maximum are measured against. This plan's redemptions do
    /// not free room (the money is still on its way out).
    held: Decimal,
    /// Whether the product names the account it draws on (a move's money can follow).
    names_account: bool,
}

/// What one stake pass decided for one candidate.
struct Staked {
    candidate: usize,
    account: usize,
    orders: Vec<Decimal>,
    transfers: Vec<(usize, Decimal)>,
}

fn lt_opt(d: Option<Duration>) -> Duration {
    d.unwrap_or(Duration::MAX)
}

fn delay_max(p: Option<&Product>) -> Option<Duration> {
    p.and_then(|p| p.redemption_delay).map(|d| d.max)
}

impl<'a> Planner<'a> {
    fn new(snapshot: &'a Snapshot, policy: &'a Policy) -> Self {
        let mut me = Planner { policy, assets: BTreeMap::new(), notes: Vec::new() };
        let mut venues: Vec<_> = snapshot.venues.iter().collect();
        venues.sort_by(|a, b| a.venue.cmp(&b.venue));
        for v in venues {
            let failures = v.failures();
            if !failures.is_empty() {
                let what: Vec<String> = failures.iter().map(|(n, e)| format!("{n}: {}", e.message)).collect();
                me.note(
                    NoteKind::VenueSkipped,
                    Some(&v.venue),
                    None,
                    format!("left out of planning, a read failed ({})", what.join("; ")),
                );
            }
            let plannable = failures.is_empty() && policy.allows_venue(&v.venue);
            let can_stake = plannable && v.balances.ok().is_some();
            let products: HashMap<&ProductId, &Product> = v.products.items().iter().map(|p| (&p.id, p)).collect();
            for b in v.balances.items() {
                let va = me.venue_asset(&b.asset, &v.venue, plannable, can_stake);
                va.idle += b.available.decimal();
                match va.accounts.iter_mut().find(|a| a.id == &b.account) {
                    Some(a) => a.available += b.available.decimal(),
                    None => va.accounts.push(Account { id: &b.account, available: b.available.decimal() }),
                }
            }
            for p in v.positions.items() {
                let product = products.get(&p.product).copied();
                let fast = delay_max(product).is_some_and(|d| d <= policy.reserve_horizon);
                let earning = p.amount.to_amount().map_or(Decimal::ZERO, |a| a.decimal());
                let redeemable = product.is_some_and(|pr| {
                    pr.redemption_allowed
                        && pr.kind.lock_up().is_none()
                        && (!matches!(pr.kind, ProductKind::DeFi) || policy.allowed_kinds.contains(&KindName::DeFi))
                });
                let va = me.venue_asset(&p.asset, &v.venue, plannable, can_stake);
                va.earning += earning;
                let pending = p.pending_redemption.map_or(Decimal::ZERO, |a| a.decimal());
                if fast {
                    va.fast_pending += pending;
                } else {
                    va.slow_pending += pending;
                }
                va.holdings.push(Holding { position: p, product, earning, pending, fast, redeemable });
            }
        }
        for a in me.assets.values_mut() {
            a.venues.sort_by(|x, y| x.venue.cmp(y.venue));
            for va in &mut a.venues {
                va.accounts.sort_by(|x, y| x.id.cmp(y.id));
            }
            a.total = a.venues.iter().map(|v| v.idle + v.fast_pending + v.slow_pending + v.earning).sum();
            a.product_cap = policy.max_product_share.of(a.total);
            a.venue_cap = policy.max_venue_share.of(a.total);
            a.reserve_total = policy.reserve_total(&a.key).decimal();
            a.min_order = policy.min_order_of(&a.key).decimal();
            for va in &mut a.venues {
                va.reserve = policy.reserve_at(&a.key, va.venue).decimal();
            }
        }
        // Candidates: products money may go into.
        for v in &snapshot.venues {
            for p in v.products.items() {
                let state = if p.asset.as_str().bytes().any(|b| b.is_ascii_lowercase()) {
                    me.assets.get_mut(&asset_key(&p.asset))
                } else {
                    me.assets.get_mut(&p.asset)
                };
                let Some(state) = state else { continue };
                let Some(vi) = state.venues.iter().position(|va| va.venue == &v.venue) else { continue };
                if !state.venues[vi].can_stake || p.status != ProductStatus::Available || p.venue != v.venue {
                    continue;
                }
                let Some(apr) = p.apr else { continue };
                let apr_bp = bp(apr);
                if apr_bp <= Decimal::ZERO || apr_bp < Decimal::from(policy.min_apr_gain_bp) {
                    continue;
                }
                if policy.refusal(p).is_some() {
                    continue;
                }
                let held = state.venues[vi]
                    .holdings
                    .iter()
                    .filter(|h| h.position.product == p.id)
                    .map(|h| h.earning + h.pending)
                    .sum();
                let names_account = p.draws_from.is_some();
                state.candidates.push(Candidate { venue: vi, product: p, apr, apr_bp, held, names_account });
            }
        }
        for a in me.assets.values_mut() {
            let venues = &a.venues;
            a.candidates.sort_by(|x, y| {
                y.apr
                    .cmp(&x.apr)
                    .then_with(|| {
                        x.product.kind.lock_up().unwrap_or_default().cmp(&y.product.kind.lock_up().unwrap_or_default())
                    })
                    .then_with(|| lt_opt(delay_max(Some(x.product))).cmp(&lt_opt(delay_max(Some(y.product)))))
                    .then_with(|| venues[x.venue].venue.cmp(venues[y.venue].venue))
                    .then_with(|| x.product.id.cmp(&y.product.id))
            });
            a.candidates.dedup_by(|x, y| x.venue == y.venue && x.product.id == y.product.id);
        }
        me
    }

    fn venue_asset(
        &mut self,
        asset: &Asset,
        venue: &'a VenueId,
        plannable: bool,
        can_stake: bool,
    ) -> &mut VenueAsset<'a> {
        // Look up without allocating when the symbol is already upper case (the usual case).
        let owned;
        let key = if asset.as_str().bytes().any(|b| b.is_ascii_lowercase()) {
            owned = asset_key(asset);
            &owned
        } else {
            asset
        };
        if !self.assets.contains_key(key) {
            self.assets.insert(key.clone(), AssetState::new(key.clone()));
        }
        let state = self.assets.get_mut(key).expect("inserted above");
        let i = match state.venues.iter().position(|v| v.venue == venue) {
            Some(i) => i,
            None => {
                state.venues.push(VenueAsset {
                    venue,
                    plannable,
                    can_stake,
                    reserve: Decimal::ZERO,
                    accounts: Vec::new(),
                    idle: Decimal::ZERO,
                    fast_pending: Decimal::ZERO,
                    slow_pending: Decimal::ZERO,
                    earning: Decimal::ZERO,
                    holdings: Vec::new(),
                    reserve_fast: Decimal::ZERO,
                    move_fast: Decimal::ZERO,
                    reserve_redeemed: false,
                });
                state.venues.len() - 1
            }
        };
        &mut state.venues[i]
    }

    fn note(&mut self, kind: NoteKind, venue: Option<&VenueId>, asset: Option<&Asset>, message: String) {
        self.notes.push(Note { kind, venue: venue.cloned(), asset: asset.cloned(), message });
    }

    fn run(mut self) -> Plan {
        let mut reserve_steps = Vec::new();
        let mut stake_steps = Vec::new();
        let mut move_steps = Vec::new();
        let keys: Vec<Asset> = self.assets.keys().cloned().collect();
        for key in &keys {
            let mut state = self.assets.remove(key).expect("key listed above");
            self.reserves(&mut state, &mut reserve_steps);
            self.share_notes(&state);
            let (first, used, first_notes) = self.stake_pass(&state, false);
            self.moves(&mut state, &used, &mut move_steps);
            // Moves whose money arrives within the horizon make more money ready: stake
            // again with it. Otherwise the first pass is the final one.
            let (stakes, notes) = if state.venues.iter().any(|v| !v.move_fast.is_zero()) {
                let (stakes, _, notes) = self.stake_pass(&state, true);
                (stakes, notes)
            } else {
                (first, first_notes)
            };
            self.notes.extend(notes);
            self.stake_steps(&state, stakes, &mut stake_steps);
            self.assets.insert(key.clone(), state);
        }
        let mut steps = reserve_steps;
        let offset = steps.len();
        for mut s in stake_steps {
            for a in &mut s.after {
                *a += offset;
            }
            steps.push(s);
        }
        steps.extend(move_steps);
        Plan { steps, notes: self.notes }
    }

    /// Phase 1: reserves per venue, then overall; fast sources first, then slow ones.
    fn reserves(&mut self, st: &mut AssetState<'a>, out: &mut Vec<Step>) {
        let min_order = st.min_order;
        let asset = st.key.clone();
        for vi in 0..st.venues.len() {
            let venue = st.venues[vi].venue;
            let reserve = st.venues[vi].reserve;
            let va = &st.venues[vi];
            let ready = va.idle + va.fast_pending;
            if ready >= reserve {
                continue;
            }
            let short = reserve - ready;
            if !va.plannable {
                self.note(
                    NoteKind::ReserveShort,
                    Some(venue),
                    Some(&asset),
                    format!("reserve of {reserve} is short by {short}; the venue is not planned (read failed or not allowed)"),
                );
                continue;
            }
            let mk = |within: bool| Reason::VenueReserve {
                asset: asset.clone(),
                reserve: num::amount(reserve),
                short: num::amount(short),
                within_horizon: within,
            };
            let mut order: Vec<(usize, usize)> = (0..va.holdings.len()).map(|h| (vi, h)).collect();
            sort_sources(st, &mut order);
            let fast: Vec<_> = order.iter().copied().filter(|&(v, h)| st.venues[v].holdings[h].fast).collect();
            let slow: Vec<_> = order.iter().copied().filter(|&(v, h)| !st.venues[v].holdings[h].fast).collect();
            let left = take_for_reserve(st, &fast, short, min_order, &mk(true), out);
            if left > Decimal::ZERO {
                let va = &st.venues[vi];
                let slow_need = sub_floor(left, va.slow_pending);
                let still = take_for_reserve(st, &slow, slow_need, min_order, &mk(false), out);
                self.note(
                    NoteKind::ReserveShort,
                    Some(venue),
                    Some(&asset),
                    format!(
                        "reserve of {reserve} cannot be met within the reserve horizon: {} short now{}",
                        left.normalize(),
                        if still > Decimal::ZERO {
                            format!(", {} short even later", still.normalize())
                        } else {
                            String::new()
                        }
                    ),
                );
            }
        }
        let reserve = st.reserve_total;
        let ready: Decimal = st.venues.iter().map(|v| v.idle + v.fast_pending + v.reserve_fast).sum();
        if ready >= reserve {
            return;
        }
        let short = reserve - ready;
        let mk = |within: bool| Reason::OverallReserve {
            asset: asset.clone(),
            reserve: num::amount(reserve),
            short: num::amount(short),
            within_horizon: within,
        };
        let mut order: Vec<(usize, usize)> = st
            .venues
            .iter()
            .enumerate()
            .filter(|(_, v)| v.plannable)
            .flat_map(|(vi, v)| (0..v.holdings.len()).map(move |h| (vi, h)))
            .collect();
        sort_sources(st, &mut order);
        let fast: Vec<_> = order.iter().copied().filter(|&(v, h)| st.venues[v].holdings[h].fast).collect();
        let slow: Vec<_> = order.iter().copied().filter(|&(v, h)| !st.venues[v].holdings[h].fast).collect();
        let left = take_for_reserve(st, &fast, short, min_order, &mk(true), out);
        if left > Decimal::ZERO {
            // Slow redemptions already in flight, and slow ones this plan made for venue
            // reserves, will arrive: only the rest is redeemed from slow products.
            let slow_pending: Decimal = st.venues.iter().map(|v| v.slow_pending).sum();
            let slow_planned: Decimal =
                out.iter()
                    .filter_map(|s| match (&s.reason, &s.action) {
                        (
                            Reason::VenueReserve { asset: a, within_horizon: false, .. },
                            Action::Redeem { amount, .. },
                        ) if a == &asset => Some(amount.decimal()),
                        _ => None,
                    })
                    .sum();
            let still =
                take_for_reserve(st, &slow, sub_floor(left, slow_pending + slow_planned), min_order, &mk(false), out);
            self.note(
                NoteKind::ReserveShort,
                None,
                Some(&asset),
                format!(
                    "overall reserve of {reserve} cannot be met within the reserve horizon: {} short now{}",
                    left.normalize(),
                    if still > Decimal::ZERO {
                        format!(", {} short even later", still.normalize())
                    } else {
                        String::new()
                    }
                ),
            );
        }
    }

    fn share_notes(&mut self, st: &AssetState<'a>) {
        let (venue_cap, product_cap) = (st.venue_cap, st.product_cap);
        for va in &st.venues {
            if va.earning > venue_cap {
                self.note(
                    NoteKind::ShareExceeded,
                    Some(va.venue),
                    Some(&st.key),
                    format!(
                        "{} in products here is above max_venue_share {} of {}",
                        va.earning.normalize(),
                        self.policy.max_venue_share,
                        st.total.normalize()
                    ),
                );
            }
            if va.earning <= product_cap {
                continue;
            }
            let mut per_product: BTreeMap<&ProductId, Decimal> = BTreeMap::new();
            for h in &va.holdings {
                *per_product.entry(&h.position.product).or_default() += h.earning;
            }
            for (p, held) in per_product {
                if held > product_cap {
                    self.note(
                        NoteKind::ShareExceeded,
                        Some(va.venue),
                        Some(&st.key),
                        format!(
                            "{} in {p} is above max_product_share {} of {}",
                            held.normalize(),
                            self.policy.max_product_share,
                            st.total.normalize()
                        ),
                    );
                }
            }
        }
    }

    /// How much more `c` can take: quota, per-user maximum, share of the product and, for
    /// stakes of idle money, share of the venue (`venue_planned`: what this plan already
    /// puts in at the venue). `planned` is what this plan already puts in the product.
    fn capacity(
        &self,
        st: &AssetState<'a>,
        c: &Candidate<'a>,
        planned: Decimal,
        venue_planned: Option<Decimal>,
    ) -> Decimal {
        let held = c.held;
        let q = &c.product.quota;
        let mut cap = sub_floor(st.product_cap, held);
        if let Some(r) = q.remaining {
            cap = cap.min(r.decimal());
        }
        if let Some(r) = q.user_remaining {
            cap = cap.min(r.decimal());
        }
        if let Some(m) = q.per_user_max {
            cap = cap.min(sub_floor(m.decimal(), held));
        }
        let mut cap = sub_floor(cap, planned);
        if let Some(venue_planned) = venue_planned {
            let va = &st.venues[c.venue];
            let committed = va.earning + va.fast_pending + va.slow_pending;
            let venue_cap = sub_floor(st.venue_cap, committed);
            cap = cap.min(sub_floor(venue_cap, venue_planned));
        }
        cap
    }

    /// Phase 2: idle money into the best products, best APR first. With `final_pass`,
    /// redemptions planned in this plan that arrive within the horizon count as ready.
    fn stake_pass(&self, st: &AssetState<'a>, final_pass: bool) -> (Vec<Staked>, Vec<Decimal>, Vec<Note>) {
        let mut notes = Vec::new();
        let min_order = st.min_order;
        let mut avail: Vec<Vec<Decimal>> =
            st.venues.iter().map(|v| v.accounts.iter().map(|a| a.available).collect()).collect();
        let mut venue_slack: Vec<Decimal> = st
            .venues
            .iter()
            .map(|v| {
                let extra = v.reserve_fast + if final_pass { v.move_fast } else { Decimal::ZERO };
                let reserve = v.reserve;
                sub_floor(v.idle + v.fast_pending + extra, reserve).min(v.idle)
            })
            .collect();
        let ready: Decimal = st
            .venues
            .iter()
            .map(|v| v.idle + v.fast_pending + v.reserve_fast + if final_pass { v.move_fast } else { Decimal::ZERO })
            .sum();
        let mut overall_slack = sub_floor(ready, st.reserve_total);
        let mut used = vec![Decimal::ZERO; st.candidates.len()];
        let mut venue_used = vec![Decimal::ZERO; st.venues.len()];
        let mut out = Vec::new();
        for (ci, c) in st.candidates.iter().enumerate() {
            let vi = c.venue;
            let va = &st.venues[vi];
            let account = match &c.product.draws_from {
                Some(acc) => va.accounts.iter().position(|a| a.id == acc),
                None if va.accounts.len() <= 1 => Some(0),
                None => {
                    notes.push(Note {
                        kind: NoteKind::AccountUnknown,
                        venue: Some(va.venue.clone()),
                        asset: Some(st.key.clone()),
                        message: format!(
                            "{} does not say which account it draws on, and the asset sits in several accounts",
                            c.product.id
                        ),
                    });
                    continue;
                }
            };
            let money: Decimal = avail[vi].iter().sum();
            let cap = self.capacity(st, c, used[ci], Some(venue_used[vi]));
            let x = money.min(venue_slack[vi]).min(overall_slack).min(cap);
            if x <= Decimal::ZERO {
                continue;
            }
            let (orders, limited) = split(x, c.product, min_order);
            if limited {
                notes.push(Note {
                    kind: NoteKind::SplitLimit,
                    venue: Some(va.venue.clone()),
                    asset: Some(st.key.clone()),
                    message: format!(
                        "{} took {MAX_ORDERS_PER_PRODUCT} orders; the rest waits for the next plan",
                        c.product.id
                    ),
                });
            }
            let staked: Decimal = orders.iter().sum();
            if staked.is_zero() {
                continue;
            }
            // The account the stake draws on, topped up from the venue's other accounts.
            let (account, transfers) = match account {
                Some(ai) => {
                    let mut transfers = Vec::new();
                    let mut have = avail[vi][ai];
                    for (oi, other) in avail[vi].iter_mut().enumerate() {
                        if have >= staked {
                            break;
                        }
                        if oi == ai || other.is_zero() {
                            continue;
                        }
                        let t = (*other).min(staked - have);
                        *other -= t;
                        have += t;
                        transfers.push((oi, t));
                    }
                    avail[vi][ai] = have - staked;
                    (Some(ai), transfers)
                }
                None => {
                    // The product draws on an account the venue shows no balance in: every
                    // unit comes by transfer.
                    let mut transfers = Vec::new();
                    let mut have = Decimal::ZERO;
                    for (oi, other) in avail[vi].iter_mut().enumerate() {
                        if have >= staked {
                            break;
                        }
                        let t = (*other).min(staked - have);
                        if t.is_zero() {
                            continue;
                        }
                        *other -= t;
                        have += t;
                        transfers.push((oi, t));
                    }
                    (None, transfers)
                }
            };
            venue_slack[vi] -= staked;
            overall_slack -= staked;
            used[ci] += staked;
            venue_used[vi] += staked;
            out.push(Staked { candidate: ci, account: account.unwrap_or(usize::MAX), orders, transfers });
        }
        (out, used, notes)
    }

    fn stake_steps(&self, st: &AssetState<'a>, stakes: Vec<Staked>, out: &mut Vec<Step>) {
        for s in stakes {
            let c = &st.candidates[s.candidate];
            let va = &st.venues[c.venue];
            let to: AccountId = match (&c.product.draws_from, va.accounts.get(s.account)) {
                (Some(acc), _) => acc.clone(),
                (None, Some(a)) => a.id.clone(),
                (None, None) => continue,
            };
            let mut after = Vec::new();
            for (oi, amount) in &s.transfers {
                after.push(out.len());
                out.push(Step {
                    venue: va.venue.clone(),
                    action: Action::Transfer {
                        asset: c.product.asset.clone(),
                        amount: num::amount(*amount),
                        from: va.accounts[*oi].id.clone(),
                        to: to.clone(),
                    },
                    reason: Reason::Fund { product: c.product.id.clone() },
                    gain: None,
                    after: Vec::new(),
                });
            }
            for amount in &s.orders {
                out.push(Step {
                    venue: va.venue.clone(),
                    action: Action::Stake {
                        product: c.product.id.clone(),
                        asset: c.product.asset.clone(),
                        amount: num::amount(*amount),
                        account: to.clone(),
                    },
                    reason: Reason::Idle { apr: c.apr },
                    gain: Some(gain(*amount, c.apr.fraction(), &st.key)),
                    after: after.clone(),
                });
            }
        }
    }

    /// Phase 3: money in a product moves to a better one at the same venue, when the APR
    /// gain reaches the policy's minimum and the better product has room after this plan's
    /// stakes. Never while a redemption of the asset is in flight at the venue, nor where
    /// this plan redeems for a reserve.
    fn moves(&mut self, st: &mut AssetState<'a>, used: &[Decimal], out: &mut Vec<Step>) {
        let min_gain = Decimal::from(self.policy.min_apr_gain_bp);
        let min_order = st.min_order;
        let mut used = used.to_vec();
        for vi in 0..st.venues.len() {
            let va = &st.venues[vi];
            if !va.can_stake || va.reserve_redeemed || va.fast_pending + va.slow_pending > Decimal::ZERO {
                continue;
            }
            let mut sources: Vec<usize> = (0..va.holdings.len())
                .filter(|&h| {
                    let h = &va.holdings[h];
                    h.redeemable && h.earning > Decimal::ZERO && h.product.is_some_and(|p| p.apr.is_some())
                })
                .collect();
            sources.sort_by(|&a, &b| {
                let (ha, hb) = (&va.holdings[a], &va.holdings[b]);
                let apr = |h: &Holding<'_>| h.product.and_then(|p| p.apr);
                apr(ha)
                    .cmp(&apr(hb))
                    .then_with(|| ha.position.product.cmp(&hb.position.product))
                    .then_with(|| ha.position.position_id.cmp(&hb.position.position_id))
            });
            let venue = va.venue;
            for h in sources {
                let hold = &st.venues[vi].holdings[h];
                let (position, fast, mut left) = (hold.position, hold.fast, hold.earning);
                let Some(src) = hold.product else { continue };
                let Some(src_apr) = src.apr else { continue };
                let mut fast_moved = Decimal::ZERO;
                for (ci, c) in st.candidates.iter().enumerate() {
                    if c.venue != vi || c.product.id == src.id || !c.names_account {
                        continue;
                    }
                    let gain_bp = c.apr_bp - bp(src_apr);
                    if gain_bp <= Decimal::ZERO || gain_bp < min_gain {
                        continue;
                    }
                    let cap = self.capacity(st, c, used[ci], None);
                    let prec = coarser(src.rules.precision, c.product.rules.precision);
                    // Only what the better product can take once the money is idle: its
                    // minimum, maximum per order and precision, as a stake would be split.
                    // The amount must also fit the source's precision: settle on one both
                    // products accept.
                    let mut x = round_down(left.min(cap), prec);
                    for _ in 0..3 {
                        let fits: Decimal = split(x, c.product, min_order).0.iter().sum();
                        x = round_down(fits, src.rules.precision);
                        if split(x, c.product, min_order).0.iter().sum::<Decimal>() == x {
                            break;
                        }
                    }
                    if x.is_zero() || split(x, c.product, min_order).0.iter().sum::<Decimal>() != x {
                        continue;
                    }
                    used[ci] += x;
                    left -= x;
                    if fast {
                        fast_moved += x;
                    }
                    out.push(Step {
                        venue: venue.clone(),
                        action: Action::Redeem {
                            product: src.id.clone(),
                            asset: position.asset.clone(),
                            amount: num::amount(x),
                            position_id: position.position_id.clone(),
                        },
                        reason: Reason::Better { from_apr: src_apr, to: c.product.id.clone(), to_apr: c.apr },
                        gain: Some(gain(x, c.apr.fraction() - src_apr.fraction(), &st.key)),
                        after: Vec::new(),
                    });
                }
                let va = &mut st.venues[vi];
                va.holdings[h].earning = left;
                va.move_fast += fast_moved;
            }
        }
    }
}

fn gain(amount: Decimal, rate_diff: Decimal, asset: &Asset) -> Gain {
    Gain {
        apr_bp: (rate_diff * num::BP_PER_ONE).normalize(),
        yearly: amount.checked_mul(rate_diff).unwrap_or(Decimal::ZERO).normalize(),
        asset: asset.clone(),
    }
}

/// Reserve sources in the order they are redeemed: those that arrive within the horizon
/// first, then shortest longest-delay, then lowest APR (unknown first), then venue,
/// product and position ids.
fn sort_sources(st: &AssetState<'_>, order: &mut Vec<(usize, usize)>) {
    order.retain(|&(v, h)| {
        let h = &st.venues[v].holdings[h];
        h.redeemable && h.earning > Decimal::ZERO
    });
    order.sort_by(|&(va, ha), &(vb, hb)| {
        let (x, y) = (&st.venues[va].holdings[ha], &st.venues[vb].holdings[hb]);
        y.fast
            .cmp(&x.fast)
            .then_with(|| lt_opt(delay_max(x.product)).cmp(&lt_opt(delay_max(y.product))))
            .then_with(|| x.product.and_then(|p| p.apr).cmp(&y.product.and_then(|p| p.apr)))
            .then_with(|| st.venues[va].venue.cmp(st.venues[vb].venue))
            .then_with(|| x.position.product.cmp(&y.position.product))
            .then_with(|| x.position.position_id.cmp(&y.position.position_id))
    });
}

/// Redeems from `sources` in order until `need` is covered; returns what is still missing.
///
/// Each redemption is at least the policy's minimum order, rounded **up** to the product's
/// precision so that the reserve is met, and never more than the position (rounded down).
fn take_for_reserve(
    st: &mut AssetState<'_>,
    sources: &[(usize, usize)],
    mut need: Decimal,
    min_order: Decimal,
    reason: &Reason,
    out: &mut Vec<Step>,
) -> Decimal {
    for &(vi, hi) in sources {
        if need <= Decimal::ZERO {
            break;
        }
        let va = &mut st.venues[vi];
        let h = &mut va.holdings[hi];
        let product = h.product.expect("sources have a known product");
        let prec = product.rules.precision;
        let avail = round_down(h.earning, prec);
        let take = round_up(need.max(min_order), prec).min(avail);
        if take.is_zero() || take < min_order {
            continue;
        }
        h.earning -= take;
        need -= take;
        if h.fast {
            va.reserve_fast += take;
        }
        va.reserve_redeemed = true;
        out.push(Step {
            venue: va.venue.clone(),
            action: Action::Redeem {
                product: product.id.clone(),
                asset: h.position.asset.clone(),
                amount: num::amount(take),
                position_id: h.position.position_id.clone(),
            },
            reason: reason.clone(),
            gain: product.apr.map(|apr| gain(take, -apr.fraction(), &st.key)),
            after: Vec::new(),
        });
    }
    sub_floor(need, Decimal::ZERO)
}

/// Splits `x` into orders within the product's rules and the policy's minimum order.
/// Returns the orders and whether [`MAX_ORDERS_PER_PRODUCT`] stopped the split.
fn split(x: Decimal, p: &Product, min_order: Decimal) -> (Vec<Decimal>, bool) {
    let prec = p.rules.precision;
    let floor = min_order.max(p.rules.min.map_or(Decimal::ZERO, |m| m.decimal()));
    // A maximum of zero or below the floor makes every order too small: the loop stops at once.
    let max = p.rules.max.map(|m| round_down(m.decimal(), prec));
    let mut left = round_down(x, prec);
    let mut orders = Vec::new();
    loop {
        let o = max.map_or(left, |m| left.min(m));
        if o.is_zero() || o < floor {
            return (orders, false);
        }
        if orders.len() == MAX_ORDERS_PER_PRODUCT {
            return (orders, true);
        }
        orders.push(o);
        left -= o;
    }
}
