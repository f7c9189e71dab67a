//! `okx-web3-defi`: filled in by its own issue.
