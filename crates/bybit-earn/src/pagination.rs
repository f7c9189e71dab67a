//! Cursor pagination: [`Pages`] walks `nextPageCursor` until the last page, with a bound.

use std::future::Future;
use std::pin::Pin;

use earn_core::{Error, Result};

use crate::VENUE;

/// One page of a cursor-paginated list.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    /// The items.
    pub list: Vec<T>,
    /// Cursor for the next page; `None` on the last page (`""` on the wire).
    pub next_page_cursor: Option<String>,
}

type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>>> + Send>>;
type Fetch<T> = Box<dyn FnMut(Option<String>) -> PageFuture<T> + Send>;

/// Walks a cursor-paginated endpoint page by page.
///
/// Stops at the last page (empty cursor), when the venue repeats a cursor (an error), or
/// after [`max_pages`](Self::max_pages) pages (default 100; [`is_truncated`](Self::is_truncated)
/// then says so). Each page is one request, subject to the client's rate limits.
///
/// ```no_run
/// # async fn run(client: bybit_earn::BybitEarnClient) -> earn_core::Result<()> {
/// use bybit_earn::{EarnCategory, OrderHistoryParams};
/// let mut pages = client.order_history(OrderHistoryParams::new(EarnCategory::FlexibleSaving))?;
/// while let Some(orders) = pages.next_page().await? {
///     for o in orders {
///         println!("{} {} {}", o.order_id, o.order_type, o.order_value);
///     }
/// }
/// # Ok(()) }
/// ```
pub struct Pages<T> {
    fetch: Fetch<T>,
    path: &'static str,
    cursor: Option<String>,
    finished: bool,
    truncated: bool,
    fetched: u32,
    max_pages: u32,
}

impl<T: Send + 'static> Pages<T> {
    pub(crate) fn new(path: &'static str, first_cursor: Option<String>, fetch: Fetch<T>) -> Self {
        Pages { fetch, path, cursor: first_cursor, finished: false, truncated: false, fetched: 0, max_pages: 100 }
    }

    /// Fetches at most `n` pages in all (at least 1).
    pub fn max_pages(mut self, n: u32) -> Self {
        self.max_pages = n.max(1);
        self
    }

    /// The next page's items, or `None` when there are no more pages.
    pub async fn next_page(&mut self) -> Result<Option<Vec<T>>> {
        if self.finished {
            return Ok(None);
        }
        if self.fetched >= self.max_pages {
            self.finished = true;
            self.truncated = true;
            return Ok(None);
        }
        let page = (self.fetch)(self.cursor.clone()).await?;
        self.fetched += 1;
        match page.next_page_cursor {
            Some(next) if self.cursor.as_deref() == Some(next.as_str()) => {
                self.finished = true;
                return Err(Error::decode(VENUE, self.path, "nextPageCursor did not advance", next.as_bytes()));
            }
            Some(next) => self.cursor = Some(next),
            None => self.finished = true,
        }
        Ok(Some(page.list))
    }

    /// Every remaining item, page after page (bounded by [`max_pages`](Self::max_pages)).
    pub async fn collect_all(mut self) -> Result<Vec<T>> {
        let mut all = Vec::new();
        while let Some(mut items) = self.next_page().await? {
            all.append(&mut items);
        }
        Ok(all)
    }

    /// Whether the walk stopped at the page bound while the venue still had pages.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// The cursor the next request will send.
    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }
}

impl<T> std::fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("path", &self.path)
            .field("cursor", &self.cursor)
            .field("fetched", &self.fetched)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}
