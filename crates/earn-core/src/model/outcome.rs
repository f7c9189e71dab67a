//! [`WriteOutcome`]: what a stake or redeem produced, custodial or not.

use crate::{Error, Order, TransactionPlan};

/// The result of a stake or redeem.
///
/// A custodial venue **placed an order** and is moving funds; a non-custodial venue only
/// **built transactions** and nothing has moved until the caller signs and broadcasts them.
/// The two are different variants so no caller can mistake one for the other.
///
/// ```
/// # use earn_core::{WriteOutcome, Error};
/// fn follow(outcome: WriteOutcome) -> Result<(), Error> {
///     match outcome {
///         WriteOutcome::Placed(order) => println!("order {} is {:?}", order.id, order.status),
///         WriteOutcome::NeedsSignature(plan) => {
///             println!("sign and broadcast {} transactions", plan.transactions.len())
///         }
///     }
///     Ok(())
/// }
/// ```
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[must_use = "a write outcome says whether funds moved or still need a signature"]
pub enum WriteOutcome {
    /// Custodial: the venue accepted an order.
    Placed(Order),
    /// Non-custodial: unsigned transactions for the caller's wallet; nothing moved yet.
    NeedsSignature(TransactionPlan),
}

impl WriteOutcome {
    /// The order, if the venue placed one.
    pub fn order(&self) -> Option<&Order> {
        match self {
            WriteOutcome::Placed(o) => Some(o),
            WriteOutcome::NeedsSignature(_) => None,
        }
    }

    /// The transaction plan, if signatures are needed.
    pub fn plan(&self) -> Option<&TransactionPlan> {
        match self {
            WriteOutcome::Placed(_) => None,
            WriteOutcome::NeedsSignature(p) => Some(p),
        }
    }

    /// The order, or an error saying that nothing moved and signatures are needed.
    pub fn into_order(self) -> Result<Order, Error> {
        match self {
            WriteOutcome::Placed(o) => Ok(o),
            WriteOutcome::NeedsSignature(p) => Err(Error::invalid_input(
                "outcome",
                format!(
                    "{} returned {} unsigned transactions, not an order: nothing moved until they are signed and broadcast",
                    p.venue,
                    p.transactions.len()
                ),
            )),
        }
    }
}
