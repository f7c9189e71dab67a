//! `GET /api/v5/public/time`.

use serde_json::{Value, json};

use super::envelope::OkxError;
use super::state::Call;

/// `GET /api/v5/public/time`: the (skewable) venue clock.
pub(crate) fn time(call: &mut Call<'_>) -> Result<Value, OkxError> {
    Ok(json!([{"ts": call.server_time.to_string()}]))
}
