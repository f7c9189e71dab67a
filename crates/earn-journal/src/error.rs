//! [`JournalError`]: why the journal could not do what was asked.

use crate::{EntryId, LeaseKey};

/// A failure of the journal.
///
/// [`LeaseHeld`](Self::LeaseHeld) and [`ClientIdInUse`](Self::ClientIdInUse) are refusals
/// by design; the rest are failures of the store, and a write whose intent could not be
/// recorded is never sent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JournalError {
    /// Another open write holds the lease: where the venue keeps no client id, only one
    /// unreconciled write per (venue, account, asset, operation) may exist.
    #[error("the {key} is held by open journal entry {holder}")]
    LeaseHeld {
        /// The lease asked for.
        key: LeaseKey,
        /// The entry holding it.
        holder: EntryId,
    },
    /// Another open write of the same venue and account was sent with this client id.
    #[error("client id {client_id} is already used by open journal entry {holder}")]
    ClientIdInUse {
        /// The client id.
        client_id: String,
        /// The open entry using it.
        holder: EntryId,
    },
    /// No entry with this id (or another entry already has it).
    #[error("journal entry {0} does not exist")]
    NotFound(EntryId),
    /// An entry with this id exists already.
    #[error("journal entry {0} exists already")]
    Duplicate(EntryId),
    /// The store failed: I/O, connection, constraint or SQL error.
    #[error("journal storage failed: {message}")]
    Storage {
        /// What failed.
        message: String,
        /// The driver's error.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// A stored row could not be read back (written by a newer version, or edited by hand).
    #[error("journal data is not readable: {0}")]
    Corrupt(String),
}

impl JournalError {
    /// A [`Storage`](Self::Storage) error with its cause.
    pub fn storage(message: impl Into<String>, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        JournalError::Storage { message: message.into(), source: Some(Box::new(source)) }
    }

    /// A [`Corrupt`](Self::Corrupt) error.
    pub fn corrupt(message: impl Into<String>) -> Self {
        JournalError::Corrupt(message.into())
    }
}
