//! [`Portfolio`]: one concurrent read of every venue.

use std::sync::Arc;
use std::time::Duration;

use earn_core::{EarnVenue, ProductFilter, UnixMillis};
use futures::future::join_all;

use crate::snapshot::{Read, ReadError, Snapshot, VenueSnapshot};

/// A set of venues read together.
///
/// [`snapshot`](Self::snapshot) asks every venue for its balances, positions and products
/// at once (all reads of all venues run concurrently on the caller's task), so a snapshot
/// takes about as long as the slowest single read. A failed read is kept in the snapshot
/// as [`Read::Failed`]; it never hides as an empty list.
#[derive(Clone)]
pub struct Portfolio {
    venues: Vec<Arc<dyn EarnVenue>>,
    read_timeout: Option<Duration>,
}

impl std::fmt::Debug for Portfolio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Portfolio")
            .field("venues", &self.venues.iter().map(|v| v.venue()).collect::<Vec<_>>())
            .field("read_timeout", &self.read_timeout)
            .finish()
    }
}

impl Portfolio {
    /// A portfolio of these venues.
    pub fn new(venues: impl IntoIterator<Item = Arc<dyn EarnVenue>>) -> Self {
        Portfolio { venues: venues.into_iter().collect(), read_timeout: None }
    }

    /// Gives up on a read after `timeout`, recording it as failed (kind `Timeout`).
    ///
    /// Without it, each read lasts as long as the venue client's own timeouts allow.
    /// Needs a tokio runtime with timers when set.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// The venues, in the order given.
    pub fn venues(&self) -> &[Arc<dyn EarnVenue>] {
        &self.venues
    }

    /// Reads every venue's balances, positions and products concurrently.
    ///
    /// A read the venue answers with [`Error::Unsupported`](earn_core::Error::Unsupported)
    /// shows as [`Read::Unsupported`] (a wallet venue without balances), not as a failure.
    pub async fn snapshot(&self) -> Snapshot {
        let taken_at = UnixMillis::now_local();
        let reads = self.venues.iter().map(|v| self.read_venue(v.as_ref()));
        Snapshot::new(Some(taken_at), join_all(reads).await)
    }

    async fn read_venue(&self, venue: &dyn EarnVenue) -> VenueSnapshot {
        let filter = ProductFilter::all();
        let balances = self.read(venue.balances());
        let positions = self.read(venue.positions());
        let products = self.read(venue.products(&filter));
        let (balances, positions, products) = futures::join!(balances, positions, products);
        VenueSnapshot::new(venue.venue(), balances, positions, products)
    }

    async fn read<T>(&self, fut: impl std::future::Future<Output = earn_core::Result<Vec<T>>>) -> Read<Vec<T>> {
        match self.read_timeout {
            None => Read::from_result(fut.await),
            Some(t) => match tokio::time::timeout(t, fut).await {
                Ok(r) => Read::from_result(r),
                Err(_) => Read::Failed(ReadError::timeout(t)),
            },
        }
    }
}
