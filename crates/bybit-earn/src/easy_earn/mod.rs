//! Easy & On-Chain Earn (`FlexibleSaving`, `OnChain`): reference §5, one method per endpoint.

mod coupons;
mod orders;
mod positions;
mod products;
mod yields;

pub use coupons::{AwardCard, Coupons, CouponsParams, InterestCardInfo};
pub use orders::{EarnOrder, InterestCard, OrderHistoryParams, PlaceOrderParams, PlaceOrderResult};
pub use positions::{EarnPosition, FreezeDetail, ModifyPositionParams, PositionParams};
pub use products::{AprHistoryParams, AprPoint, BonusEvent, EarnProduct, ProductParams};
pub use yields::{HourlyYieldParams, HourlyYieldRecord, YieldParams, YieldRecord};

use earn_core::{Error, Result};

use crate::EarnCategory;

/// Rejects an `Unknown` category before sending.
pub(crate) fn check_category(category: &EarnCategory) -> Result<()> {
    if category.is_known() {
        Ok(())
    } else {
        Err(Error::invalid_input("category", format!("{category:?} is not FlexibleSaving or OnChain")))
    }
}

/// `{"list":[…],"nextPageCursor":"…"}` (the yield endpoint also writes `yield` for `list`).
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ListResult<T> {
    #[serde(default = "Vec::new", alias = "yield")]
    pub list: Vec<T>,
    #[serde(default, deserialize_with = "crate::serde_util::opt_string")]
    pub next_page_cursor: Option<String>,
}

impl<T> From<ListResult<T>> for crate::Page<T> {
    fn from(r: ListResult<T>) -> Self {
        crate::Page { list: r.list, next_page_cursor: r.next_page_cursor }
    }
}
