//! [`Recorder`]: counts what the simulator received and what it applied.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Per-path counters shared by the request layer and the venue handlers.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    requests: Mutex<HashMap<String, usize>>,
    applied: Mutex<HashMap<String, usize>>,
    rate_limited: AtomicUsize,
}

fn bump(map: &Mutex<HashMap<String, usize>>, path: &str) {
    let mut map = map.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    *map.entry(path.to_owned()).or_default() += 1;
}

fn read(map: &Mutex<HashMap<String, usize>>, path: &str) -> usize {
    map.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get(path).copied().unwrap_or(0)
}

impl Recorder {
    /// A request arrived on `path` (any outcome).
    pub(crate) fn request(&self, path: &str) {
        bump(&self.requests, path);
    }

    /// A write on `path` changed the ledger.
    pub(crate) fn applied_write(&self, path: &str) {
        bump(&self.applied, path);
    }

    /// The limiter rejected a request.
    pub(crate) fn rate_limited(&self) {
        self.rate_limited.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn requests(&self, path: &str) -> usize {
        read(&self.requests, path)
    }

    pub(crate) fn applied_writes(&self, path: &str) -> usize {
        read(&self.applied, path)
    }

    /// Every counter, for the admin API's ledger dump.
    pub(crate) fn snapshot(&self) -> serde_json::Value {
        let map = |m: &Mutex<HashMap<String, usize>>| {
            let m = m.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            m.iter().map(|(k, v)| (k.clone(), serde_json::json!(v))).collect::<serde_json::Map<_, _>>()
        };
        serde_json::json!({
            "requests": map(&self.requests),
            "appliedWrites": map(&self.applied),
            "rateLimited": self.rate_limited_count(),
        })
    }

    pub(crate) fn rate_limited_count(&self) -> usize {
        self.rate_limited.load(Ordering::Relaxed)
    }
}
