//! One route-table shape for every simulated venue: a static list of endpoints, each
//! served by the venue's own dispatch function with the venue's state.

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::response::Response;
use axum::routing::{MethodFilter, on};

/// Largest request body a simulated venue reads.
pub(crate) const MAX_BODY: usize = 64 * 1024;

/// HTTP method of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    Get,
    Post,
}

/// An entry of a venue's static endpoint table.
pub(crate) trait Route: Sync + 'static {
    /// Method it answers.
    fn verb(&self) -> Verb;
    /// Full request path.
    fn path(&self) -> &'static str;
}

/// A router with one route per entry of `table`, each answered by `dispatch(state, entry, request)`.
pub(crate) fn router<S, R, F, Fut>(state: Arc<S>, table: &'static [R], dispatch: F) -> Router
where
    S: Send + Sync + 'static,
    R: Route,
    F: Fn(Arc<S>, &'static R, Request) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response> + Send + 'static,
{
    table.iter().fold(Router::new(), |router, endpoint| {
        let filter = match endpoint.verb() {
            Verb::Get => MethodFilter::GET,
            Verb::Post => MethodFilter::POST,
        };
        let (state, dispatch) = (Arc::clone(&state), dispatch.clone());
        router.route(endpoint.path(), on(filter, move |request: Request| dispatch(state, endpoint, request)))
    })
}
