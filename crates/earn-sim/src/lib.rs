//! `earn-sim`: filled in by its own issue.
