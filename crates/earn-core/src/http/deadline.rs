//! [`Deadlines`]: the per-attempt time limit (`TransportOptions::timeout`), on timers kept
//! between attempts.
//!
//! A fresh timer per attempt takes the runtime's timer lock twice (register, cancel) and
//! may wake its driver; reqwest's own total timeout does that on every request. A kept
//! timer is only moved to its new deadline, which is one atomic update while it is still
//! registered, so each attempt is bounded just as before at a fraction of the cost.

use std::pin::Pin;
use std::sync::Mutex;
use std::time::Duration;

use tokio::runtime::{Handle, Id};
use tokio::time::{Instant, Sleep};

/// Timers waiting for their next attempt, each with the runtime it belongs to.
pub(crate) struct Deadlines {
    timeout: Duration,
    idle: Mutex<Vec<(Id, Pin<Box<Sleep>>)>>,
}

/// At most this many idle timers are kept (more attempts in flight make their own).
const KEEP: usize = 64;

impl Deadlines {
    pub(crate) fn new(timeout: Duration) -> Self {
        Deadlines { timeout, idle: Mutex::new(Vec::new()) }
    }

    /// The time limit of one attempt.
    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    /// A timer that fires `timeout` from now, on the current runtime.
    pub(crate) fn start(&self) -> Deadline<'_> {
        let runtime = Handle::current().id();
        let deadline = Instant::now() + self.timeout;
        let kept = {
            let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
            idle.iter().rposition(|(id, _)| *id == runtime).map(|i| idle.swap_remove(i).1)
        };
        let sleep = match kept {
            Some(mut sleep) => {
                sleep.as_mut().reset(deadline);
                sleep
            }
            None => Box::pin(tokio::time::sleep_until(deadline)),
        };
        Deadline { owner: self, runtime, sleep: Some(sleep) }
    }
}

/// One attempt's timer; back to the pool when dropped.
pub(crate) struct Deadline<'a> {
    owner: &'a Deadlines,
    runtime: Id,
    sleep: Option<Pin<Box<Sleep>>>,
}

impl Deadline<'_> {
    /// Runs `work` until it finishes or the deadline passes (`None`).
    pub(crate) async fn bound<T>(&mut self, work: impl Future<Output = T>) -> Option<T> {
        let sleep = self.sleep.as_mut().expect("a deadline holds its timer until dropped");
        tokio::select! {
            biased;
            out = work => Some(out),
            () = sleep.as_mut() => None,
        }
    }
}

impl Drop for Deadline<'_> {
    fn drop(&mut self) {
        let Some(sleep) = self.sleep.take() else { return };
        // A timer that fired is re-registered on its next use anyway; keep the live ones.
        if sleep.is_elapsed() {
            return;
        }
        let mut idle = self.owner.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < KEEP {
            idle.push((self.runtime, sleep));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idle(d: &Deadlines) -> usize {
        d.idle.lock().unwrap().len()
    }

    /// A kept timer still bounds the next attempt: the work that never finishes is cut off
    /// at the timeout, on the paused clock, after the timer served a finished attempt.
    #[tokio::test(start_paused = true)]
    async fn a_kept_timer_still_fires_on_its_next_use() {
        let d = Deadlines::new(Duration::from_secs(3));
        for _ in 0..3 {
            assert_eq!(d.start().bound(async { 7 }).await, Some(7));
            assert_eq!(idle(&d), 1, "the live timer is kept, and reused");
        }
        let started = Instant::now();
        assert_eq!(d.start().bound(std::future::pending::<()>()).await, None);
        assert!(started.elapsed() >= Duration::from_secs(3), "cut off at the timeout, not before");
        assert_eq!(idle(&d), 0, "a timer that fired is not kept");
        // Work finishing just before the deadline is not cut off.
        let work = tokio::time::sleep(Duration::from_millis(2_999));
        assert_eq!(d.start().bound(work).await, Some(()));
    }

    /// Attempts in flight at once each get their own timer.
    #[tokio::test(start_paused = true)]
    async fn concurrent_attempts_do_not_share_a_timer() {
        let d = Deadlines::new(Duration::from_secs(1));
        let slow = async { d.start().bound(std::future::pending::<()>()).await };
        let quick = async {
            let answer = d.start().bound(tokio::time::sleep(Duration::from_millis(500))).await;
            (answer, idle(&d))
        };
        // The quick one's timer went back to the pool at 500 ms; the slow one's was cut at 1 s.
        assert_eq!(tokio::join!(slow, quick), (None, (Some(()), 1)));
        assert_eq!(idle(&d), 1);
    }

    /// A timer kept by one runtime is never used by another (its driver may be gone).
    #[test]
    fn timers_stay_with_their_runtime() {
        let d = Deadlines::new(Duration::from_secs(5));
        let first = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        first.block_on(async { d.start().bound(async {}).await });
        drop(first);
        assert_eq!(idle(&d), 1);
        let second = tokio::runtime::Builder::new_current_thread().enable_all().start_paused(true).build().unwrap();
        let cut = second.block_on(async { d.start().bound(std::future::pending::<()>()).await });
        assert_eq!(cut, None);
        assert_eq!(idle(&d), 1, "the first runtime's timer is left alone");
    }
}
