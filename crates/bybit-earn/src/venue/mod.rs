//! x
/// x
pub struct BybitEarnVenue;
/// x
pub struct BybitProductId;
