//! `bybit-earn`: filled in by its own issue.
