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

    /// The names of the skipped checks, in the order run.
    pub fn skipped(&self) -> Vec<&'static str> {
        self.results.iter().filter(|r| matches!(r.outcome, CheckOutcome::Skipped(_))).map(|r| r.name).collect()
    }

    /// Panics with the whole report if any check failed (for use in tests).
    ///
    /// This alone passes a run that skipped everything: prefer
    /// [`assert_outcomes`](Self::assert_outcomes), which also pins what ran.
    pub fn assert_passed(&self) {
        assert!(self.failures().next().is_none(), "conformance failures:\n{self}");
    }

    /// Panics with the whole report unless every check of the suite
    /// ([`CHECKS`](super::CHECKS)) ran exactly once, in order, none failed, and exactly the
    /// checks named in `skipped` were skipped (each with its reason, shown in the report):
    /// every other check passed. A run that starts skipping a check, or stops, fails.
    pub fn assert_outcomes(&self, skipped: &[&str]) {
        let names: Vec<&str> = self.results.iter().map(|r| r.name).collect();
        assert_eq!(names, super::CHECKS, "the checks that ran are not the suite's:\n{self}");
        for name in skipped {
            assert!(super::CHECKS.contains(name), "{name:?} is no check of the suite");
        }
        self.assert_passed();
        let mut expected: Vec<&str> = skipped.to_vec();
        expected.sort_unstable();
        expected.dedup();
        let mut actual = self.skipped();
        actual.sort_unstable();
        assert_eq!(actual, expected, "the skipped checks are not the expected ones:\n{self}");
        assert_eq!(
            self.passed(),
            super::CHECKS.len() - expected.len(),
            "passed + skipped do not add up to the suite:\n{self}"
        );
        for r in &self.results {
            if let CheckOutcome::Skipped(why) = &r.outcome {
                assert!(!why.trim().is_empty(), "{} was skipped without a reason:\n{self}", r.name);
            }
        }
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
