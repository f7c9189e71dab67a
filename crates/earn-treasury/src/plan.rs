//! [`Plan`]: the steps the planner chose, each with its reason and expected gain, and
//! [`Plan::apply_to`], which shows what a snapshot looks like once they are done.

use std::fmt;

use earn_core::{AccountId, Amount, Asset, Balance, Position, ProductId, Quantity, Rate, VenueId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::snapshot::{Snapshot, asset_key};

/// What the planner wants done, in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Plan {
    /// The steps, in the order they must run.
    pub steps: Vec<Step>,
    /// What the planner noticed and could not or would not act on (a venue left out, a
    /// reserve that cannot be met in time, a share already above its limit, …).
    pub notes: Vec<Note>,
}

impl Plan {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// What `snapshot` looks like once every step has been placed: transfers moved the
    /// money, stakes took it from the account the product draws on into the position (and
    /// out of its quota), redemptions moved it from the position to
    /// [`pending_redemption`](earn_core::Position::pending_redemption).
    ///
    /// Planning again on the result gives an empty plan. An error means a step does not fit
    /// the snapshot (it spends more than a balance or a position holds, or acts on a read
    /// that failed): a plan from [`plan`](crate::plan) on the same snapshot never does.
    pub fn apply_to(&self, snapshot: &Snapshot) -> Result<Snapshot, ApplyError> {
        let mut out = snapshot.clone();
        for (i, step) in self.steps.iter().enumerate() {
            apply_step(&mut out, step).map_err(|message| ApplyError { step: i, message })?;
        }
        Ok(out)
    }
}

/// A step that does not fit the snapshot it is applied to.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("step {step}: {message}")]
#[non_exhaustive]
pub struct ApplyError {
    /// Index of the step.
    pub step: usize,
    /// What does not fit.
    pub message: String,
}

/// One step of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Step {
    /// Where it happens.
    pub venue: VenueId,
    /// What to do.
    pub action: Action,
    /// Why.
    pub reason: Reason,
    /// The expected change in yearly earnings; `None` for a transfer (its stake says).
    pub gain: Option<Gain>,
    /// Steps (by index) that must have settled before this one runs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<usize>,
}

impl Step {
    /// A step with no expected gain and no prerequisite (the planner builds its own; this is
    /// for callers that run one write through the executor, such as a CLI's `stake`).
    pub fn new(venue: VenueId, action: Action, reason: Reason) -> Self {
        Step { venue, action, reason, gain: None, after: Vec::new() }
    }

    /// Sets the expected gain.
    pub fn with_gain(mut self, gain: Gain) -> Self {
        self.gain = Some(gain);
        self
    }

    /// Runs only after these steps (by index) have settled.
    pub fn after(mut self, steps: impl IntoIterator<Item = usize>) -> Self {
        self.after.extend(steps);
        self
    }
}

impl Plan {
    /// A plan of these steps, without notes.
    pub fn new(steps: Vec<Step>) -> Self {
        Plan { steps, notes: Vec::new() }
    }
}

impl fmt::Display for Step {
    /// `bybit-earn: stake 100 USDT into FlexibleSaving:1 (idle money earns 5.2% APR; +520 bp, +5.2 USDT/year)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({}", self.venue, self.action, self.reason)?;
        if let Some(g) = &self.gain {
            write!(f, "; {g}")?;
        }
        f.write_str(")")
    }
}

/// What a step does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Action {
    /// Move idle money between two of the venue's accounts.
    Transfer {
        /// Asset, as the venue spells it.
        asset: Asset,
        /// Exact amount.
        amount: Amount,
        /// Account debited.
        from: AccountId,
        /// Account credited (the one the next stake draws on).
        to: AccountId,
    },
    /// Stake or subscribe.
    Stake {
        /// Product.
        product: ProductId,
        /// Asset, as the venue spells it.
        asset: Asset,
        /// Exact amount, within the product's rules.
        amount: Amount,
        /// The account the stake draws on.
        account: AccountId,
    },
    /// Redeem (to the product's default account).
    Redeem {
        /// Product.
        product: ProductId,
        /// Asset, as the venue spells it.
        asset: Asset,
        /// Exact amount.
        amount: Amount,
        /// The venue's position id, where the venue needs one to redeem.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        position_id: Option<String>,
    },
}

impl Action {
    /// The amount moved.
    pub fn amount(&self) -> Amount {
        match self {
            Action::Transfer { amount, .. } | Action::Stake { amount, .. } | Action::Redeem { amount, .. } => *amount,
        }
    }

    /// The asset moved.
    pub fn asset(&self) -> &Asset {
        match self {
            Action::Transfer { asset, .. } | Action::Stake { asset, .. } | Action::Redeem { asset, .. } => asset,
        }
    }

    /// The product acted on (none for a transfer).
    pub fn product(&self) -> Option<&ProductId> {
        match self {
            Action::Transfer { .. } => None,
            Action::Stake { product, .. } | Action::Redeem { product, .. } => Some(product),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Transfer { asset, amount, from, to } => write!(f, "transfer {amount} {asset} from {from} to {to}"),
            Action::Stake { product, asset, amount, .. } => write!(f, "stake {amount} {asset} into {product}"),
            Action::Redeem { product, asset, amount, .. } => write!(f, "redeem {amount} {asset} from {product}"),
        }
    }
}

/// Why a step is in the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// A venue's reserve is short: money comes back from a product.
    VenueReserve {
        /// Asset.
        asset: Asset,
        /// The reserve.
        reserve: Amount,
        /// How much was missing before this plan.
        short: Amount,
        /// Whether this redemption arrives within the policy's reserve horizon (if not, it
        /// is the best there is and arrives later).
        within_horizon: bool,
    },
    /// The overall reserve of an asset is short.
    OverallReserve {
        /// Asset.
        asset: Asset,
        /// The reserve.
        reserve: Amount,
        /// How much was missing before this plan.
        short: Amount,
        /// Whether this redemption arrives within the policy's reserve horizon.
        within_horizon: bool,
    },
    /// Idle money moves to the account a product draws on, for the stake after it.
    Fund {
        /// The product the next stake goes into.
        product: ProductId,
    },
    /// Idle money earns nothing; the product pays this APR.
    Idle {
        /// The product's APR.
        apr: Rate,
    },
    /// Asked for by the operator (a single stake, redeem or transfer run through the
    /// executor), not by the planner.
    Requested,
    /// Money leaves a product for a better one at the same venue; the stake follows in a
    /// later plan, once the redemption has settled and the money is idle.
    Better {
        /// APR of the product left.
        from_apr: Rate,
        /// The better product.
        to: ProductId,
        /// Its APR.
        to_apr: Rate,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |r: &Rate| format!("{}%", r.percent());
        match self {
            Reason::VenueReserve { asset, reserve, short, within_horizon } => write!(
                f,
                "reserve of {reserve} {asset} at this venue is short by {short}{}",
                if *within_horizon { "" } else { "; arrives after the reserve horizon" }
            ),
            Reason::OverallReserve { asset, reserve, short, within_horizon } => write!(
                f,
                "overall reserve of {reserve} {asset} is short by {short}{}",
                if *within_horizon { "" } else { "; arrives after the reserve horizon" }
            ),
            Reason::Fund { product } => write!(f, "to the account {product} draws on"),
            Reason::Requested => f.write_str("requested"),
            Reason::Idle { apr } => write!(f, "idle money earns {} APR", pct(apr)),
            Reason::Better { from_apr, to, to_apr } => {
                write!(f, "{} APR instead of {}, in {to} once redeemed", pct(to_apr), pct(from_apr))
            }
        }
    }
}

/// The expected change in yearly earnings from a step, by APR (simple, not compounded).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Gain {
    /// APR difference in basis points (negative when a reserve costs yield).
    #[serde(with = "crate::num::decimal_text")]
    pub apr_bp: Decimal,
    /// Amount × APR difference: the yearly change in the asset's units, exact.
    #[serde(with = "crate::num::decimal_text")]
    pub yearly: Decimal,
    /// The asset `yearly` is counted in.
    pub asset: Asset,
}

impl fmt::Display for Gain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = |d: &Decimal| if d.is_sign_negative() { "" } else { "+" };
        write!(
            f,
            "{}{} bp, {}{} {}/year",
            sign(&self.apr_bp),
            self.apr_bp.normalize(),
            sign(&self.yearly),
            self.yearly.normalize(),
            self.asset
        )
    }
}

/// Something the planner noticed and did not act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Note {
    /// What sort of note.
    pub kind: NoteKind,
    /// The venue concerned, if one.
    pub venue: Option<VenueId>,
    /// The asset concerned, if one.
    pub asset: Option<Asset>,
    /// In words.
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(v) = &self.venue {
            write!(f, "{v}: ")?;
        }
        if let Some(a) = &self.asset {
            write!(f, "{a}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// The sort of a [`Note`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NoteKind {
    /// A venue was left out of planning (a read failed).
    VenueSkipped,
    /// A reserve cannot be met (fully, or within the horizon).
    ReserveShort,
    /// Holdings already exceed a share limit; the planner adds nothing there and does not
    /// redeem only to restore the share.
    ShareExceeded,
    /// A product took as many orders as one plan places in it; the rest waits for the next
    /// plan.
    SplitLimit,
    /// A product does not say which account it draws on and the venue holds the asset in
    /// several accounts, so it is left out.
    AccountUnknown,
}

fn apply_step(s: &mut Snapshot, step: &Step) -> Result<(), String> {
    let venue = s.venue_mut(&step.venue).ok_or_else(|| format!("venue {} is not in the snapshot", step.venue))?;
    let v = venue.venue.clone();
    match &step.action {
        Action::Transfer { asset, amount, from, to } => {
            let balances = venue.balances.ok_mut().ok_or("the venue's balances are unknown")?;
            debit(balances, from, asset, *amount)?;
            credit(balances, &v, to, asset, *amount);
        }
        Action::Stake { product, asset, amount, account } => {
            let balances = venue.balances.ok_mut().ok_or("the venue's balances are unknown")?;
            debit(balances, account, asset, *amount)?;
            let positions = venue.positions.ok_mut().ok_or("the venue's positions are unknown")?;
            match positions.iter_mut().find(|p| &p.product == product) {
                Some(p) => {
                    let held = p.amount.to_amount().ok_or("the position does not fit an exact decimal")?;
                    p.amount = Quantity::Decimal(held.checked_add(*amount).ok_or("overflow")?);
                }
                None => positions.push(Position::new(v.clone(), product.clone(), asset.clone(), *amount)),
            }
            if let Some(p) = venue.products.ok_mut().and_then(|ps| ps.iter_mut().find(|p| &p.id == product)) {
                for q in [&mut p.quota.remaining, &mut p.quota.user_remaining].into_iter().flatten() {
                    *q = q.checked_sub(*amount).ok_or_else(|| format!("{amount} exceeds the quota left ({q})"))?;
                }
            }
        }
        Action::Redeem { product, amount, position_id, .. } => {
            let positions = venue.positions.ok_mut().ok_or("the venue's positions are unknown")?;
            let p = positions
                .iter_mut()
                .find(|p| &p.product == product && (position_id.is_none() || &p.position_id == position_id))
                .ok_or("no position in that product")?;
            let held = p.amount.to_amount().ok_or("the position does not fit an exact decimal")?;
            let left =
                held.checked_sub(*amount).ok_or_else(|| format!("redeems {amount}, the position holds {held}"))?;
            p.amount = Quantity::Decimal(left);
            let pending = p.pending_redemption.unwrap_or(Amount::ZERO);
            p.pending_redemption = Some(pending.checked_add(*amount).ok_or("overflow")?);
        }
    }
    Ok(())
}

fn same(a: &Asset, b: &Asset) -> bool {
    asset_key(a) == asset_key(b)
}

fn debit(balances: &mut [Balance], account: &AccountId, asset: &Asset, amount: Amount) -> Result<(), String> {
    let b = balances
        .iter_mut()
        .find(|b| &b.account == account && same(&b.asset, asset))
        .ok_or_else(|| format!("no {asset} balance in {account}"))?;
    b.available = b
        .available
        .checked_sub(amount)
        .ok_or_else(|| format!("spends {amount} {asset} from {account}, which has {} available", b.available))?;
    if let Some(t) = b.total.as_mut() {
        *t = t.checked_sub(amount).unwrap_or(Amount::ZERO);
    }
    Ok(())
}

fn credit(balances: &mut Vec<Balance>, venue: &VenueId, account: &AccountId, asset: &Asset, amount: Amount) {
    match balances.iter_mut().find(|b| &b.account == account && same(&b.asset, asset)) {
        Some(b) => {
            b.available = b.available.checked_add(amount).unwrap_or(b.available);
            if let Some(t) = b.total.as_mut() {
                *t = t.checked_add(amount).unwrap_or(*t);
            }
        }
        None => balances.push(Balance::new(venue.clone(), account.clone(), asset.clone(), amount)),
    }
}
