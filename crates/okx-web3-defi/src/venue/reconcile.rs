//! Reconciliation: nothing to reconcile, so no state.
//!
//! Every endpoint of this API is a read for the executor (the call-data builders move
//! nothing), so no request of this crate can end with an unknown outcome and the crate
//! never produces a `ReconcileIntent`. Whether a signed transaction landed is a question
//! for the chain, not for the venue. `reconcile` answers `Unsupported`, which the
//! capabilities say.

use earn_core::{Error, Operation, ReconcileIntent, Reconciliation, Result};

use crate::dialect::VENUE;

/// Nothing this adapter sends can have an unknown outcome.
pub(super) fn reconcile(_intent: &ReconcileIntent) -> Result<Reconciliation> {
    Err(Error::unsupported(VENUE, Operation::Reconcile))
}
