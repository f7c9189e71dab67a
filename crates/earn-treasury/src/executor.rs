//! The executor: runs a [`Plan`] against the venues, one step at a time, waits for each
//! step to settle, reconciles unknown outcomes and never repeats a write.
//!
//! Pass the venues already wrapped in the journal decorator (so every write is recorded
//! before it leaves); the executor itself needs only [`EarnVenue`].
//!
//! # What each step goes through
//!
//! 1. Steps listed in [`Step::after`] must have [settled](StepOutcome::Settled); if one is
//!    still settling, the run stops before this step.
//! 2. The write is sent **once**.
//!    * A definite error (rejected, insufficient balance, rate limited, …) is a
//!      [failure](StepOutcome::Failed): nothing moved, and the run stops.
//!    * [`Error::OutcomeUnknown`]: the executor asks
//!      [`EarnVenue::reconcile`] (reads only) up to
//!      [`reconcile_attempts`](ExecutorOptions::reconcile_attempts) times.
//!      `Happened` continues with the order found, `DidNotHappen` is a failure, and an
//!      answer still unknown after the last attempt stops the run with the step
//!      [unknown](StepOutcome::Unknown) and its intent, for `reconcile` later. The write
//!      is never sent again.
//!    * A non-custodial venue's unsigned transactions stop the run
//!      ([`StepOutcome::NeedsSignature`]): nothing moved.
//! 3. The order is followed with [`EarnVenue::order`] (a transfer with
//!    [`EarnVenue::transfer_status`]) every
//!    [`poll_interval`](ExecutorOptions::poll_interval), doubling up to
//!    [`max_poll_interval`](ExecutorOptions::max_poll_interval), until it is final or
//!    [`settle_timeout`](ExecutorOptions::settle_timeout) has passed. Still pending at the
//!    deadline is [settling](StepOutcome::Settling), not a failure: a redemption with a
//!    delay of days settles long after the run; the run goes on unless a later step
//!    depends on it. A venue that cannot be asked (`Unsupported`) leaves the step settling
//!    as last seen. An order the venue reports failed or cancelled is a failure.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use earn_core::{
    EarnVenue, Error, Order, OrderRef, OrderStatus, ReconcileIntent, Reconciliation, RedeemRequest, StakeRequest,
    TransactionPlan, Transfer, TransferRequest, VenueId, WriteOutcome,
};
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use crate::plan::{Action, Plan, Step};

/// How long to wait and how often to ask.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExecutorOptions {
    /// First wait before asking about an order again. Default 1 s.
    pub poll_interval: Duration,
    /// Longest wait between two questions (the interval doubles up to this). Default 15 s.
    pub max_poll_interval: Duration,
    /// How long one step may take to settle before it is reported as settling. Default 2 min.
    pub settle_timeout: Duration,
    /// How many times to reconcile a write whose outcome is unknown. Default 5.
    pub reconcile_attempts: u32,
    /// Wait between two reconciliations. Default 3 s.
    pub reconcile_interval: Duration,
}

impl Default for ExecutorOptions {
    fn default() -> Self {
        ExecutorOptions {
            poll_interval: Duration::from_secs(1),
            max_poll_interval: Duration::from_secs(15),
            settle_timeout: Duration::from_secs(120),
            reconcile_attempts: 5,
            reconcile_interval: Duration::from_secs(3),
        }
    }
}

impl ExecutorOptions {
    /// Sets [`poll_interval`](Self::poll_interval) and
    /// [`max_poll_interval`](Self::max_poll_interval).
    pub fn polling(mut self, first: Duration, max: Duration) -> Self {
        self.poll_interval = first;
        self.max_poll_interval = max.max(first);
        self
    }

    /// Sets [`settle_timeout`](Self::settle_timeout).
    pub fn settle_timeout(mut self, timeout: Duration) -> Self {
        self.settle_timeout = timeout;
        self
    }

    /// Sets [`reconcile_attempts`](Self::reconcile_attempts) and
    /// [`reconcile_interval`](Self::reconcile_interval).
    pub fn reconciling(mut self, attempts: u32, interval: Duration) -> Self {
        self.reconcile_attempts = attempts.max(1);
        self.reconcile_interval = interval;
        self
    }
}

/// Something that happened during a run, for a progress bar or a log.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum Event<'a> {
    /// The run begins.
    Started {
        /// How many steps the plan has.
        steps: usize,
    },
    /// A step begins.
    StepStarted {
        /// Its index.
        index: usize,
        /// The step.
        step: &'a Step,
    },
    /// The venue accepted the write; the executor now waits for it to settle.
    Placed {
        /// The step.
        index: usize,
        /// Status at placement.
        status: OrderStatus,
    },
    /// Still waiting for the step to settle.
    Waiting {
        /// The step.
        index: usize,
        /// Last status seen.
        status: OrderStatus,
        /// Time since the write.
        elapsed: Duration,
    },
    /// Reconciling a write whose outcome was unknown.
    Reconciling {
        /// The step.
        index: usize,
        /// Attempt number, from 1.
        attempt: u32,
        /// Attempts allowed.
        of: u32,
    },
    /// A step is over.
    StepFinished {
        /// The step.
        index: usize,
        /// How it ended.
        outcome: &'a StepOutcome,
    },
    /// The run is over.
    Finished {
        /// The report.
        report: &'a RunReport,
    },
}

/// Receives [`Event`]s as a run goes (a CLI's progress bar, a log).
pub trait Progress: Send + Sync {
    /// Called for every event, in order, on the executor's task: keep it quick.
    fn event(&self, event: &Event<'_>);
}

impl<F: Fn(&Event<'_>) + Send + Sync> Progress for F {
    fn event(&self, event: &Event<'_>) {
        self(event)
    }
}

/// A [`Progress`] that ignores everything.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn event(&self, _: &Event<'_>) {}
}

/// What a venue returned for a step: an order, or a transfer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "record", rename_all = "snake_case")]
pub enum Record {
    /// A stake or redeem order.
    Order(Order),
    /// A transfer between accounts.
    Transfer(Transfer),
}

impl Record {
    /// The status.
    pub fn status(&self) -> OrderStatus {
        match self {
            Record::Order(o) => o.status,
            Record::Transfer(t) => t.status,
        }
    }
}

/// How a step ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[non_exhaustive]
pub enum StepOutcome {
    /// Done: the money moved.
    Settled {
        /// What the venue says.
        record: Record,
    },
    /// Accepted, not final by the deadline (a redemption with a delay, a slow stake). Not a
    /// failure; the venue finishes it on its own.
    Settling {
        /// The last thing the venue said.
        record: Record,
    },
    /// Definitely did not happen: nothing moved.
    Failed {
        /// The error category (`Rejected`, `InsufficientBalance`, `OrderFailed`, …).
        kind: String,
        /// What the venue or the executor said.
        message: String,
    },
    /// May or may not have happened, and reconciliation could not tell. Pass `intent` to
    /// [`EarnVenue::reconcile`] later; never repeat the write.
    Unknown {
        /// What reconciliation needs.
        intent: ReconcileIntent,
        /// Why it is still unknown.
        reason: String,
    },
    /// A non-custodial venue built transactions; nothing moved until they are signed.
    NeedsSignature {
        /// The transactions.
        transactions: TransactionPlan,
    },
}

impl StepOutcome {
    /// Whether the money moved and the step is final.
    pub fn is_settled(&self) -> bool {
        matches!(self, StepOutcome::Settled { .. })
    }

    fn failed(kind: impl Into<String>, message: impl Into<String>) -> Self {
        StepOutcome::Failed { kind: kind.into(), message: message.into() }
    }

    fn from_error(e: &Error) -> Self {
        StepOutcome::failed(format!("{:?}", e.kind()), e.to_string())
    }
}

/// One step's report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StepReport {
    /// Index of the step in the plan.
    pub index: usize,
    /// The step.
    pub step: Step,
    /// How it ended.
    pub outcome: StepOutcome,
    /// How long it took, in milliseconds.
    pub elapsed_ms: u64,
}

/// Why a run stopped before the end of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Stop {
    /// A step failed definitely.
    Failed {
        /// The step.
        index: usize,
    },
    /// A step's outcome is unknown.
    Unknown {
        /// The step.
        index: usize,
    },
    /// A step needs a wallet signature.
    NeedsSignature {
        /// The step.
        index: usize,
    },
    /// A step depends on one that has not settled yet.
    DependencyNotSettled {
        /// The step not run.
        index: usize,
        /// The step it waits for.
        dependency: usize,
    },
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RunReport {
    /// The steps that ran, in order.
    pub steps: Vec<StepReport>,
    /// Why the run stopped early, when it did.
    pub stopped: Option<Stop>,
    /// Indices of the steps not run.
    pub not_run: Vec<usize>,
}

impl RunReport {
    /// Whether every step ran and settled (or is settling on its own).
    pub fn is_complete(&self) -> bool {
        self.stopped.is_none()
    }

    /// Steps whose money moved.
    pub fn settled(&self) -> impl Iterator<Item = &StepReport> {
        self.steps.iter().filter(|s| s.outcome.is_settled())
    }

    /// Steps accepted and still settling.
    pub fn settling(&self) -> impl Iterator<Item = &StepReport> {
        self.steps.iter().filter(|s| matches!(s.outcome, StepOutcome::Settling { .. }))
    }

    /// Steps that definitely failed.
    pub fn failed(&self) -> impl Iterator<Item = &StepReport> {
        self.steps.iter().filter(|s| matches!(s.outcome, StepOutcome::Failed { .. }))
    }

    /// Steps whose outcome is unknown: reconcile them before planning again.
    pub fn unknown(&self) -> impl Iterator<Item = &StepReport> {
        self.steps.iter().filter(|s| matches!(s.outcome, StepOutcome::Unknown { .. }))
    }
}

/// Runs plans against a set of venues.
#[derive(Clone)]
pub struct Executor {
    venues: BTreeMap<VenueId, Arc<dyn EarnVenue>>,
    options: ExecutorOptions,
}

impl std::fmt::Debug for Executor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Executor").field("venues", &self.venues.keys()).field("options", &self.options).finish()
    }
}

impl Executor {
    /// An executor over these venues (by their [`EarnVenue::venue`] id), with default
    /// options. Wrap them in the journal decorator first.
    pub fn new(venues: impl IntoIterator<Item = Arc<dyn EarnVenue>>) -> Self {
        Executor { venues: venues.into_iter().map(|v| (v.venue(), v)).collect(), options: ExecutorOptions::default() }
    }

    /// Replaces the options.
    pub fn with_options(mut self, options: ExecutorOptions) -> Self {
        self.options = options;
        self
    }

    /// The options.
    pub fn options(&self) -> &ExecutorOptions {
        &self.options
    }

    /// Runs `plan` one step at a time; see the [module documentation](self).
    ///
    /// Needs a tokio runtime with timers.
    pub async fn run(&self, plan: &Plan, progress: &dyn Progress) -> RunReport {
        progress.event(&Event::Started { steps: plan.steps.len() });
        let mut report = RunReport::default();
        for (index, step) in plan.steps.iter().enumerate() {
            if let Some(&dependency) =
                step.after.iter().find(|&&d| !report.steps.iter().any(|r| r.index == d && r.outcome.is_settled()))
            {
                report.stopped = Some(Stop::DependencyNotSettled { index, dependency });
                report.not_run = (index..plan.steps.len()).collect();
                break;
            }
            progress.event(&Event::StepStarted { index, step });
            let started = Instant::now();
            let outcome = self.run_step(index, step, progress).await;
            progress.event(&Event::StepFinished { index, outcome: &outcome });
            let stop = match &outcome {
                StepOutcome::Failed { .. } => Some(Stop::Failed { index }),
                StepOutcome::Unknown { .. } => Some(Stop::Unknown { index }),
                StepOutcome::NeedsSignature { .. } => Some(Stop::NeedsSignature { index }),
                _ => None,
            };
            let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
            report.steps.push(StepReport { index, step: step.clone(), outcome, elapsed_ms });
            if stop.is_some() {
                report.stopped = stop;
                report.not_run = (index + 1..plan.steps.len()).collect();
                break;
            }
        }
        progress.event(&Event::Finished { report: &report });
        report
    }

    async fn run_step(&self, index: usize, step: &Step, progress: &dyn Progress) -> StepOutcome {
        let Some(venue) = self.venues.get(&step.venue) else {
            return StepOutcome::failed(
                "Config",
                format!("no venue {} was given to the executor; nothing sent", step.venue),
            );
        };
        let venue = venue.as_ref();
        let started = Instant::now();
        let written = match &step.action {
            Action::Transfer { asset, amount, from, to } => {
                let req = TransferRequest::new(asset.clone(), *amount, from.clone(), to.clone());
                venue.transfer(&req).await.map(Record::Transfer)
            }
            Action::Stake { product, amount, .. } => {
                let req = StakeRequest::new(product.clone(), *amount);
                match venue.stake(&req).await {
                    Ok(WriteOutcome::Placed(o)) => Ok(Record::Order(o)),
                    Ok(WriteOutcome::NeedsSignature(transactions)) => {
                        return StepOutcome::NeedsSignature { transactions };
                    }
                    Err(e) => Err(e),
                }
            }
            Action::Redeem { product, amount, position_id, .. } => {
                let mut req = RedeemRequest::new(product.clone(), *amount);
                if let Some(id) = position_id {
                    req = req.position_id(id.clone());
                }
                match venue.redeem(&req).await {
                    Ok(WriteOutcome::Placed(o)) => Ok(Record::Order(o)),
                    Ok(WriteOutcome::NeedsSignature(transactions)) => {
                        return StepOutcome::NeedsSignature { transactions };
                    }
                    Err(e) => Err(e),
                }
            }
        };
        let record = match written {
            Ok(r) => r,
            Err(Error::OutcomeUnknown(u)) => match self.reconcile(venue, index, &u.intent, &u.cause, progress).await {
                Ok(r) => r,
                Err(outcome) => return outcome,
            },
            Err(e) => return StepOutcome::from_error(&e),
        };
        progress.event(&Event::Placed { index, status: record.status() });
        self.settle(venue, index, record, started, progress).await
    }

    /// Reconciles an unknown write, by reading only; never sends it again.
    async fn reconcile(
        &self,
        venue: &dyn EarnVenue,
        index: usize,
        intent: &ReconcileIntent,
        cause: &str,
        progress: &dyn Progress,
    ) -> Result<Record, StepOutcome> {
        let attempts = self.options.reconcile_attempts.max(1);
        let mut reason = format!("the write's outcome is unknown ({cause})");
        for attempt in 1..=attempts {
            progress.event(&Event::Reconciling { index, attempt, of: attempts });
            match venue.reconcile(intent).await {
                Ok(Reconciliation::Happened(o)) => return Ok(Record::Order(o)),
                Ok(Reconciliation::TransferHappened(t)) => return Ok(Record::Transfer(t)),
                Ok(Reconciliation::DidNotHappen) => {
                    return Err(StepOutcome::failed(
                        "DidNotHappen",
                        format!("reconciled: the write did not happen, nothing moved (it was unknown: {cause})"),
                    ));
                }
                Ok(Reconciliation::StillUnknown { reason: r }) => reason = format!("still unknown: {r}"),
                Ok(other) => reason = format!("unrecognized answer: {other:?}"),
                Err(e) => reason = format!("reconcile failed: {e}"),
            }
            if attempt < attempts {
                tokio::time::sleep(self.options.reconcile_interval).await;
            }
        }
        Err(StepOutcome::Unknown { intent: intent.clone(), reason })
    }

    /// Follows a placed write until it is final or the deadline passes.
    async fn settle(
        &self,
        venue: &dyn EarnVenue,
        index: usize,
        mut record: Record,
        started: Instant,
        progress: &dyn Progress,
    ) -> StepOutcome {
        let deadline = started + self.options.settle_timeout;
        let mut interval = self.options.poll_interval;
        loop {
            let status = record.status();
            if status.is_final() {
                return if status == OrderStatus::Succeeded {
                    StepOutcome::Settled { record }
                } else {
                    let message = match &record {
                        Record::Order(o) => format!("the venue reports the order {:?} ({})", status, o.venue_status),
                        Record::Transfer(_) => format!("the venue reports the transfer {status:?}"),
                    };
                    StepOutcome::failed("OrderFailed", message)
                };
            }
            let now = Instant::now();
            if now >= deadline {
                return StepOutcome::Settling { record };
            }
            tokio::time::sleep(interval.min(deadline - now)).await;
            interval = (interval * 2).min(self.options.max_poll_interval.max(self.options.poll_interval));
            let answer = match &record {
                Record::Order(o) => match venue.order(&OrderRef::Venue(o.id.clone())).await {
                    Ok(Some(o)) => Ok(Some(Record::Order(o))),
                    Ok(None) => Ok(None),
                    Err(e) => Err(e),
                },
                // A known transfer is read, not reconciled: its record by the venue's id.
                Record::Transfer(t) => venue.transfer_status(t).await.map(|found| found.map(Record::Transfer)),
            };
            match answer {
                Ok(Some(r)) => record = r,
                Ok(None) => {}
                // The venue cannot be asked: report what is known.
                Err(e) if e.kind() == earn_core::ErrorKind::Unsupported => return StepOutcome::Settling { record },
                // A failed read changes nothing; ask again until the deadline.
                Err(_) => {}
            }
            progress.event(&Event::Waiting { index, status: record.status(), elapsed: started.elapsed() });
        }
    }
}
