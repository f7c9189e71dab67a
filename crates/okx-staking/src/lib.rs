//! # okx-staking
//!
//! OKX exchange ETH staking, SOL staking and on-chain earn, in two layers.
//!
//! PLACEHOLDER_DOCS

pub mod dialect;
pub mod errors;
pub mod eth;
pub mod funding;
pub mod ids;
pub mod onchain;
pub mod sol;
pub mod staking;

mod client;
mod convert;
mod reconcile;
mod venue;
mod wire;
mod writes;

pub use client::{OkxHost, OkxStakingClient, OkxStakingClientBuilder};
pub use dialect::{Environment, OkxDialect};
pub use funding::{Bill, BillsQuery};
pub use onchain::{
    ActiveOrdersQuery, EarningData, EarningType, FastRedemptionData, InvestAmount, Offer, OfferInvestData, OfferState,
    OffersQuery, OnchainCancelRequest, OnchainOrder, OnchainOrderState, OnchainPurchaseRequest, OnchainRedeemRequest,
    OrderAck, OrderInvestData, OrdersHistoryQuery, ProtocolType,
};
pub use reconcile::MATCH_MARGIN_MS;
pub use staking::{
    ApyHistoryQuery, ApyPoint, CancelRedeemAck, CancelRedeemRequest, HistoryQuery, HistoryRow, HistoryStatus,
    HistoryType, StakingAmountRequest, StakingBalance, StakingCoin, StakingProductInfo, StakingWriteAck,
};
pub use venue::OkxStakingVenue;
pub use wire::{AMOUNT_MAX_DECIMALS, MAX_PAGE_LIMIT};

use earn_core::VenueId;

/// This venue's id: `"okx-staking"`.
pub const VENUE: VenueId = VenueId::from_static("okx-staking");
