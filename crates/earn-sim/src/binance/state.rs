//! Ledger of the Binance simulator: the SPOT and FUNDING wallets, Simple Earn flexible and
//! locked positions with their records, universal transfers, ETH and SOL staking, and how
//! they settle over ledger time. Data and its invariants only; the handlers depend on it.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};

use super::weights::Weights;
use crate::auth::DemoCredentials;
use crate::context::SimContext;
use crate::ledger::{Account, Accounts, Balances, Book, IdGen, WalletSeed, fmt_amount};

/// What a Binance handler receives.
pub(crate) type Call<'a> = crate::routes::Call<'a, BinanceAccount>;

pub(crate) const MS_PER_HOUR: i64 = 3_600_000;
pub(crate) const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;
const HOURS_PER_YEAR: i64 = 8_760;

/// A Simple Earn flexible product.
#[derive(Debug)]
pub(crate) struct Flexible {
    pub(crate) product_id: &'static str,
    pub(crate) asset: &'static str,
    /// Real-time APR, a fraction.
    pub(crate) apr: &'static str,
    pub(crate) min: &'static str,
    /// Personal quota (most one user may hold).
    pub(crate) quota: &'static str,
    pub(crate) can_purchase: bool,
    pub(crate) status: &'static str,
}

/// A Simple Earn locked project.
#[derive(Debug)]
pub(crate) struct Locked {
    pub(crate) project_id: &'static str,
    pub(crate) asset: &'static str,
    pub(crate) days: i64,
    pub(crate) apr: &'static str,
    pub(crate) min: &'static str,
    pub(crate) quota: &'static str,
    pub(crate) can_redeem_early: bool,
}

/// Seeded flexible products (`productId`).
pub(crate) static FLEXIBLE: &[Flexible] = &[
    Flexible {
        product_id: "USDT001",
        asset: "USDT",
        apr: "0.0876",
        min: "0.1",
        quota: "2000000",
        can_purchase: true,
        status: "PURCHASING",
    },
    Flexible {
        product_id: "BTC001",
        asset: "BTC",
        apr: "0.01752",
        min: "0.0001",
        quota: "10",
        can_purchase: true,
        status: "PURCHASING",
    },
    Flexible {
        product_id: "ETH001",
        asset: "ETH",
        apr: "0.02628",
        min: "0.001",
        quota: "500",
        can_purchase: true,
        status: "PURCHASING",
    },
    Flexible {
        product_id: "BUSD001",
        asset: "BUSD",
        apr: "0.01",
        min: "0.1",
        quota: "0",
        can_purchase: false,
        status: "END",
    },
];

/// Seeded locked projects (`projectId`; the `*` must be sent as `%2A`).
pub(crate) static LOCKED: &[Locked] = &[
    Locked {
        project_id: "USDT*30",
        asset: "USDT",
        days: 30,
        apr: "0.0876",
        min: "10",
        quota: "100000",
        can_redeem_early: true,
    },
    Locked {
        project_id: "USDT*90",
        asset: "USDT",
        days: 90,
        apr: "0.1095",
        min: "10",
        quota: "100000",
        can_redeem_early: false,
    },
];

/// ETH (→ WBETH) or SOL (→ BNSOL) staking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Staking {
    pub(crate) asset: &'static str,
    pub(crate) token: &'static str,
    /// Exchange rate (asset per token) at [`RATE_EPOCH_MS`].
    pub(crate) base_rate: &'static str,
    pub(crate) apr: &'static str,
    pub(crate) min_stake: &'static str,
    pub(crate) redeem_days: i64,
}

pub(crate) const ETH: Staking =
    Staking { asset: "ETH", token: "WBETH", base_rate: "1.05", apr: "0.0292", min_stake: "0.0001", redeem_days: 7 };
pub(crate) const SOL: Staking =
    Staking { asset: "SOL", token: "BNSOL", base_rate: "1.08", apr: "0.073", min_stake: "0.01", redeem_days: 3 };

/// 2026-01-01T00:00:00Z: the staking exchange rates grow from their base from then on.
pub(crate) const RATE_EPOCH_MS: i64 = 1_767_225_600_000;

pub(crate) fn dec(text: &str) -> Decimal {
    text.parse().unwrap_or_default()
}

/// Rounds down to 8 decimals, as Binance amounts are written.
pub(crate) fn round8(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(8, RoundingStrategy::ToZero).normalize()
}

impl Staking {
    /// Asset per token at ledger time `t` (simple growth at the APR, per full day).
    pub(crate) fn rate_at(&self, t: i64) -> Decimal {
        let days = Decimal::from((t - RATE_EPOCH_MS).max(0) / MS_PER_DAY);
        round8(dec(self.base_rate) * (Decimal::ONE + dec(self.apr) * days / Decimal::from(365)))
    }
}

pub(crate) fn flexible(product_id: &str) -> Option<&'static Flexible> {
    FLEXIBLE.iter().find(|p| p.product_id == product_id)
}

pub(crate) fn locked(project_id: &str) -> Option<&'static Locked> {
    LOCKED.iter().find(|p| p.project_id == project_id)
}

/// Record status: pending until `settle_at`, then final.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub(crate) id: u64,
    pub(crate) time: i64,
    pub(crate) settle_at: i64,
    pub(crate) settled: bool,
    pub(crate) asset: &'static str,
    pub(crate) amount: Decimal,
    /// Flexible `productId` or locked `projectId`.
    pub(crate) product: &'static str,
    /// `SPOT`, `FUNDING`, `SPOTANDFUNDING` (subscriptions); `SPOT`, `FUNDING` (redemptions).
    pub(crate) account: &'static str,
    pub(crate) from_spot: Decimal,
    pub(crate) from_funding: Decimal,
    /// `NORMAL` (subscriptions); `MATURE`, `NEW_TRANSFERRED`, `AHEAD` (locked redemptions).
    pub(crate) kind: &'static str,
    pub(crate) position_id: Option<u64>,
    /// Locked redemptions: principal and forfeited rewards.
    pub(crate) original_amount: Decimal,
    pub(crate) loss: Decimal,
}

/// A flexible position.
#[derive(Debug, Clone, Default)]
pub(crate) struct FlexPosition {
    pub(crate) amount: Decimal,
    pub(crate) rewards: Decimal,
    pub(crate) yesterday: Decimal,
    pub(crate) auto_subscribe: bool,
}

/// A locked position.
#[derive(Debug, Clone)]
pub(crate) struct LockedPosition {
    pub(crate) id: u64,
    pub(crate) project: &'static Locked,
    pub(crate) amount: Decimal,
    pub(crate) purchased: i64,
    pub(crate) rewards: Decimal,
    pub(crate) auto_subscribe: bool,
    pub(crate) redeem_to: &'static str,
    pub(crate) closed: bool,
}

impl LockedPosition {
    pub(crate) fn ends(&self) -> i64 {
        self.purchased + self.project.days * MS_PER_DAY
    }
}

/// A reward row (flexible: `REALTIME`; locked: `Locked Rewards`).
#[derive(Debug, Clone)]
pub(crate) struct Reward {
    pub(crate) time: i64,
    pub(crate) asset: &'static str,
    pub(crate) amount: Decimal,
    pub(crate) product: &'static str,
    pub(crate) position_id: Option<u64>,
    pub(crate) lock_days: i64,
}

/// A universal transfer between SPOT and FUNDING.
#[derive(Debug, Clone)]
pub(crate) struct Transfer {
    pub(crate) tran_id: u64,
    pub(crate) kind: &'static str,
    pub(crate) asset: String,
    pub(crate) amount: Decimal,
    pub(crate) time: i64,
    pub(crate) arrives: i64,
    pub(crate) arrived: bool,
}

/// An ETH/SOL stake or redemption.
#[derive(Debug, Clone)]
pub(crate) struct StakeRecord {
    pub(crate) id: u64,
    pub(crate) staking: Staking,
    pub(crate) redeem: bool,
    pub(crate) time: i64,
    pub(crate) arrives: i64,
    pub(crate) settled: bool,
    /// What left the wallet (asset or token) and how much.
    pub(crate) asset: &'static str,
    pub(crate) amount: Decimal,
    /// What arrives and how much.
    pub(crate) distribute_asset: &'static str,
    pub(crate) distribute_amount: Decimal,
    pub(crate) rate: Decimal,
}

/// A BETH → WBETH wrap.
#[derive(Debug, Clone)]
pub(crate) struct Wrap {
    pub(crate) time: i64,
    pub(crate) from_amount: Decimal,
    pub(crate) to_amount: Decimal,
    pub(crate) rate: Decimal,
}

/// One Binance user.
#[derive(Debug, Default)]
pub(crate) struct BinanceAccount {
    pub(crate) spot: Balances,
    pub(crate) funding: Balances,
    pub(crate) flexible: BTreeMap<&'static str, FlexPosition>,
    pub(crate) locked: Vec<LockedPosition>,
    pub(crate) flex_subscriptions: Vec<Record>,
    pub(crate) flex_redemptions: Vec<Record>,
    pub(crate) flex_rewards: Vec<Reward>,
    pub(crate) locked_subscriptions: Vec<Record>,
    pub(crate) locked_redemptions: Vec<Record>,
    pub(crate) locked_rewards: Vec<Reward>,
    pub(crate) transfers: Vec<Transfer>,
    pub(crate) stakes: Vec<StakeRecord>,
    pub(crate) wraps: Vec<Wrap>,
    /// Rewards are accrued up to this full hour of ledger time (0: not started).
    pub(crate) accrued_to: i64,
}

impl BinanceAccount {
    /// The wallet named as the requests name it (`SPOT`, `FUND`).
    pub(crate) fn wallet_mut(&mut self, fund: bool) -> &mut Balances {
        if fund { &mut self.funding } else { &mut self.spot }
    }

    /// Hourly rewards of every full hour up to `now`: flexible holdings compound (the
    /// real-time APR pays into the position), locked holdings accumulate `rewardAmt`.
    fn accrue(&mut self, now: i64) {
        let hour = now - now.rem_euclid(MS_PER_HOUR);
        if self.accrued_to == 0 {
            self.accrued_to = hour;
            return;
        }
        while self.accrued_to < hour {
            self.accrued_to += MS_PER_HOUR;
            let t = self.accrued_to;
            for (product_id, position) in &mut self.flexible {
                let Some(product) = flexible(product_id) else { continue };
                let reward = round8(position.amount * dec(product.apr) / Decimal::from(HOURS_PER_YEAR));
                if reward.is_zero() {
                    continue;
                }
                position.amount += reward;
                position.rewards += reward;
                position.yesterday = reward * Decimal::from(24);
                self.flex_rewards.push(Reward {
                    time: t,
                    asset: product.asset,
                    amount: reward,
                    product: product.product_id,
                    position_id: None,
                    lock_days: 0,
                });
            }
            for position in self.locked.iter_mut().filter(|p| !p.closed && t <= p.ends()) {
                let project = position.project;
                let reward = round8(position.amount * dec(project.apr) / Decimal::from(HOURS_PER_YEAR));
                if reward.is_zero() {
                    continue;
                }
                position.rewards += reward;
                self.locked_rewards.push(Reward {
                    time: t,
                    asset: project.asset,
                    amount: reward,
                    product: project.project_id,
                    position_id: Some(position.id),
                    lock_days: project.days,
                });
            }
        }
    }
}

impl Account for BinanceAccount {
    fn settle(&mut self, ids: &IdGen, now: i64, _delay: i64) {
        for record in self.flex_subscriptions.iter_mut().filter(|r| !r.settled && r.settle_at <= now) {
            record.settled = true;
            self.flexible.entry(record.product).or_default().amount += record.amount;
        }
        for record in self.flex_redemptions.iter_mut().filter(|r| !r.settled && r.settle_at <= now) {
            record.settled = true;
            let wallet = if record.account == "FUNDING" { &mut self.funding } else { &mut self.spot };
            wallet.credit(record.asset, record.amount);
        }
        for record in self.locked_subscriptions.iter_mut().filter(|r| !r.settled && r.settle_at <= now) {
            record.settled = true;
        }
        self.accrue(now);
        // Maturities: principal and rewards go where `redeemTo` says.
        let mut matured = Vec::new();
        for position in self.locked.iter_mut().filter(|p| !p.closed && p.ends() <= now) {
            position.closed = true;
            matured.push(position.clone());
        }
        for position in matured {
            let project = position.project;
            let total = position.amount + position.rewards;
            let to_flexible = position.redeem_to == "FLEXIBLE";
            let flex = FLEXIBLE.iter().find(|p| p.asset == project.asset && p.can_purchase);
            let kind = match (to_flexible, flex) {
                (true, Some(flex)) => {
                    self.flexible.entry(flex.product_id).or_default().amount += total;
                    "NEW_TRANSFERRED"
                }
                _ => {
                    self.spot.credit(project.asset, total);
                    "MATURE"
                }
            };
            self.locked_redemptions.push(Record {
                id: ids.next(),
                time: position.ends(),
                settle_at: position.ends(),
                settled: true,
                asset: project.asset,
                amount: total,
                product: project.project_id,
                account: "SPOT",
                from_spot: Decimal::ZERO,
                from_funding: Decimal::ZERO,
                kind,
                position_id: Some(position.id),
                original_amount: position.amount,
                loss: Decimal::ZERO,
            });
        }
        for transfer in self.transfers.iter_mut().filter(|t| !t.arrived && t.arrives <= now) {
            transfer.arrived = true;
            let to = if transfer.kind == "MAIN_FUNDING" { &mut self.funding } else { &mut self.spot };
            to.credit(&transfer.asset, transfer.amount);
        }
        for stake in self.stakes.iter_mut().filter(|s| !s.settled && s.arrives <= now) {
            stake.settled = true;
            self.spot.credit(stake.distribute_asset, stake.distribute_amount);
        }
    }

    fn wallet(&mut self, name: &str) -> Option<&mut Balances> {
        match name {
            "SPOT" => Some(&mut self.spot),
            "FUNDING" => Some(&mut self.funding),
            _ => None,
        }
    }
}

/// The Binance simulator: accounts by API key, plus the request-weight windows.
#[derive(Debug)]
pub(crate) struct BinanceState {
    pub(crate) book: Book<BinanceAccount>,
    pub(crate) weights: Weights,
    pub(crate) enforce_limits: bool,
}

impl BinanceState {
    pub(crate) fn new(
        ctx: Arc<SimContext>,
        credentials: DemoCredentials,
        seed: &WalletSeed,
        enforce_limits: bool,
    ) -> Self {
        let account = BinanceAccount::seeded(seed);
        let accounts = Accounts::new([(credentials.api_key.clone(), account)], 40_607, ctx.settlement_delay_ms)
            .with_transfer_delay(ctx.transfer_delay_ms);
        // Binance's Spot Testnet is another host without Simple Earn: no second key here.
        let book = Book { ctx, demo_credentials: credentials.clone(), credentials, accounts };
        BinanceState { book, weights: Weights::default(), enforce_limits }
    }

    /// Every account as the admin API dumps it.
    pub(crate) fn dump(&self, now: i64) -> Value {
        self.book.snapshot(now, |_, a| {
            let flexible: serde_json::Map<String, Value> = a
                .flexible
                .iter()
                .filter(|(_, p)| !p.amount.is_zero())
                .map(|(id, p)| ((*id).to_owned(), json!({"totalAmount": fmt_amount(p.amount), "rewards": fmt_amount(p.rewards)})))
                .collect();
            let locked: Vec<Value> = a
                .locked
                .iter()
                .map(|p| {
                    json!({"positionId": p.id, "projectId": p.project.project_id, "amount": fmt_amount(p.amount),
                        "rewardAmt": fmt_amount(p.rewards), "closed": p.closed})
                })
                .collect();
            let transfers: Vec<Value> = a
                .transfers
                .iter()
                .map(|t| json!({"tranId": t.tran_id, "type": t.kind, "asset": t.asset, "amount": fmt_amount(t.amount), "arrived": t.arrived}))
                .collect();
            json!({
                "SPOT": a.spot.to_json(),
                "FUNDING": a.funding.to_json(),
                "flexible": flexible,
                "locked": locked,
                "flexibleSubscriptions": a.flex_subscriptions.len(),
                "flexibleRedemptions": a.flex_redemptions.len(),
                "lockedSubscriptions": a.locked_subscriptions.len(),
                "lockedRedemptions": a.locked_redemptions.len(),
                "transfers": transfers,
                "staking": a.stakes.len(),
            })
        })
    }
}
