//! `okx-staking`: filled in by its own issue.
