//! [`Report`]: what the conformance suite found.

use std::fmt;

/// How one check ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckOutcome {
    /// The venue behaved as required.
    Passed,
    /// It did not; the text says how.
    Failed(String),
    /// The check does not apply (capability absent, harness cannot inject faults, …).
    Skipped(String),
}

/// One check's name and outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    /// Check name.
    pub name: &'static str,
    /// Outcome.
    pub outcome: CheckOutcome,
}

/// Every check's result for one venue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The venue checked.
    pub venue: String,
    /// Results in the order run.
    pub results: Vec<CheckResult>,
}

impl Report {
    /// The failed checks.
    pub fn failures(&self) -> impl Iterator<Item = &CheckResult> {
        self.results.iter().filter(|r| matches!(r.outcome, CheckOutcome::Failed(_)))
    }

    /// How many checks passed.
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.outcome == CheckOutcome::Passed).count()
    }

    /// Panics with the whole report if any check failed (for use in tests).
    pub fn assert_passed(&self) {
        assert!(self.failures().next().is_none(), "conformance failures:\n{self}");
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "conformance of {}:", self.venue)?;
        for r in &self.results {
            match &r.outcome {
                CheckOutcome::Passed => writeln!(f, "  pass  {}", r.name)?,
                CheckOutcome::Failed(why) => writeln!(f, "  FAIL  {}: {why}", r.name)?,
                CheckOutcome::Skipped(why) => writeln!(f, "  skip  {}: {why}", r.name)?,
            }
        }
        Ok(())
    }
}
