//! Non-custodial results: transactions the caller must sign and broadcast.

use serde::{Deserialize, Serialize};

use crate::{Amount, OrderSide, ProductId, U256, VenueId};

/// What an unsigned transaction is for.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TransactionPurpose {
    /// Token approval that must be mined before the next step.
    Approve,
    /// Deposit into the protocol.
    Deposit,
    /// Withdrawal from the protocol.
    Withdraw,
    /// Reward claim.
    Claim,
    /// Another label, as the venue wrote it.
    Other(String),
}

/// One unsigned transaction, exactly as the venue built it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UnsignedTransaction {
    /// What this step does.
    pub purpose: TransactionPurpose,
    /// Chain id as the venue names it.
    pub chain: String,
    /// Sender (the user's wallet).
    pub from: String,
    /// Target contract.
    pub to: String,
    /// Call data in the chain's encoding (EVM hex, Solana base58, Sui base64).
    pub data: String,
    /// Native value to attach, in base units (wei on EVM).
    #[serde(with = "crate::model::serde_u256")]
    pub value: U256,
    /// Gas limit hint, when given.
    pub gas_limit: Option<u64>,
    /// The venue's signature over the call, for callers that verify it.
    pub venue_signature: Option<String>,
}

impl UnsignedTransaction {
    /// A transaction with the required fields and no hints.
    pub fn new(
        purpose: TransactionPurpose,
        chain: impl Into<String>,
        from: impl Into<String>,
        to: impl Into<String>,
        data: impl Into<String>,
        value: U256,
    ) -> Self {
        UnsignedTransaction {
            purpose,
            chain: chain.into(),
            from: from.into(),
            to: to.into(),
            data: data.into(),
            value,
            gas_limit: None,
            venue_signature: None,
        }
    }
}

/// Transactions to sign and broadcast **in order**, stopping at the first failure.
///
/// Nothing has moved when you hold one of these: funds move only when the caller's wallet
/// signs and broadcasts every step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[must_use = "nothing moved: these transactions must be signed and broadcast"]
#[non_exhaustive]
pub struct TransactionPlan {
    /// Venue that built them.
    pub venue: VenueId,
    /// Product they act on.
    pub product: ProductId,
    /// Stake or redeem.
    pub side: OrderSide,
    /// Amount requested, in human units.
    pub amount: Amount,
    /// The steps, approvals first.
    pub transactions: Vec<UnsignedTransaction>,
}

impl TransactionPlan {
    /// A plan with its steps.
    pub fn new(
        venue: VenueId,
        product: ProductId,
        side: OrderSide,
        amount: Amount,
        transactions: Vec<UnsignedTransaction>,
    ) -> Self {
        TransactionPlan { venue, product, side, amount, transactions }
    }
}
